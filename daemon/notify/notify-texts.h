/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The texts of limber's notifications, apart from how they are shown (notify.c). */

#include "core/catalog.h"
#include "util/util.h"

typedef struct NotifyText {
        char *summary;
        char *body;
} NotifyText;

void notify_text_done(NotifyText *t);

/* The break reminder for e (NULL: a break without exercises), after active of work. */
int notify_text_reminder(const Exercise *e, usec_t active, NotifyText *ret);
/* Today's active time reached the daily limit. */
int notify_text_daily_limit(usec_t active_today, NotifyText *ret);
/* A posture nudge with one quick move. */
int notify_text_micro(const Exercise *e, NotifyText *ret);
/* Step `step` (0-based) of n_steps of a guided break, lasting step_duration; the first step
 * also carries the safety rules. */
int notify_text_step(const Exercise *e, unsigned step, unsigned n_steps, usec_t step_duration,
                     char * const *safety, NotifyText *ret);
