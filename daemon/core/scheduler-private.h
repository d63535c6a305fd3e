/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Inside the scheduler: what scheduler.c (time, deadlines, what the desktop says) lends
 * scheduler-commands.c (what the user asks for). Not for other modules. */

#include "core/scheduler.h"

void scheduler_emit(Scheduler *s, const SchedulerEvent *event);
/* Emits a RECORD event. */
void scheduler_record(Scheduler *s, HistoryKind kind, usec_t start, usec_t duration,
                      char * const *exercises, const char *note);
/* The reminder is on screen (or would be, if a notification server is there). */
bool scheduler_reminding(const Scheduler *s);
/* Closes the reminder (a WITHDRAW event). */
void scheduler_withdraw(Scheduler *s);
/* The one way Scheduler.state changes: moves the cycle by input as the transition table says,
 * closes a reminder on screen that input takes away, and drops the data of a state left.
 * Returns 0, or the table's refusal (nothing changed). A cell that cannot happen is asserted. */
int scheduler_transition(Scheduler *s, SchedulerInput input);
/* What scheduler_transition() would answer, without changing anything. */
int scheduler_refused(const Scheduler *s, SchedulerInput input);
/* A break of any kind happened (or was skipped): the cycle moves on by input (which must be
 * allowed), and counting starts again towards the next break; new_plan: the next break gets
 * new exercises. */
void scheduler_reset_cycle(Scheduler *s, SchedulerInput input, bool new_plan);
/* Picks the exercises of the coming break. */
void scheduler_choose_plan(Scheduler *s);
/* Emits the BREAK_STEP of the current step of the guided break. */
void scheduler_emit_step(Scheduler *s);

/* The guided break ends at t, as kind. */
void scheduler_end_break(Scheduler *s, usec_t t, HistoryKind kind);
/* The pause ends at t. */
void scheduler_resume_at(Scheduler *s, usec_t t);
