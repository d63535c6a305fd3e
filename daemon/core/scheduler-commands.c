/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scheduler's commands: what the user asks for (snooze, skip, a guided break, a logged
 * break, pause and resume). Each brings the scheduler up to now first, asks the transition
 * table whether it applies (its refusal is the command's), and lets the scheduler fire what
 * the command made due after; the timing itself is scheduler.c's. */
#include "core/scheduler-private.h"

int scheduler_snooze(Scheduler *s, usec_t now, usec_t usec) {
        int r;

        scheduler_advance(s, now);
        r = scheduler_transition(s, SCHEDULER_INPUT_SNOOZE);
        if (r != 0)
                return r;
        if (usec == 0)
                usec = s->config.snooze;

        if (s->state == SCHEDULER_SNOOZED)
                s->snoozed_until = usec_add(now, usec);
        else
                /* Nothing due yet: postpone the coming break by that much active time. */
                s->postpone_usec = usec_add(s->postpone_usec, usec);

        scheduler_record(s, HISTORY_SNOOZED, now, usec, s->plan, NULL);
        scheduler_advance(s, now);
        return 0;
}

int scheduler_skip(Scheduler *s, usec_t now) {
        int r;

        scheduler_advance(s, now);
        r = scheduler_refused(s, SCHEDULER_INPUT_SKIP);
        if (r != 0)
                return r;
        if (scheduler_on_break(s)) {
                scheduler_end_break(s, now, HISTORY_SKIPPED);
                scheduler_advance(s, now);
                return 0;
        }

        scheduler_record(s, HISTORY_SKIPPED, now, 0, s->plan, NULL);
        s->skips_in_row++;
        /* Shown, not done: the next break avoids it and the break before it alike. */
        for (char **id = s->previous_plan; id && *id; id++)
                if (!strv_contains(s->plan, *id))
                        (void) strv_extend(&s->plan, *id);
        scheduler_reset_cycle(s, SCHEDULER_INPUT_SKIP, true);
        scheduler_advance(s, now);
        return 0;
}

int scheduler_start_break(Scheduler *s, usec_t now) {
        int r;

        scheduler_advance(s, now);
        /* The guided break takes over the reminder's notification: nothing to withdraw. */
        r = scheduler_transition(s, SCHEDULER_INPUT_START_BREAK);
        if (r != 0)
                return r;
        s->break_started = now;
        s->step_started = now;
        s->break_step = 0;
        if (!s->plan)
                scheduler_choose_plan(s);

        scheduler_emit(s, &(SchedulerEvent) { .type = SCHEDULER_EVENT_BREAK_STARTED });
        scheduler_emit_step(s);
        scheduler_advance(s, now);
        return 0;
}

int scheduler_finish_break(Scheduler *s, usec_t now) {
        int r;

        scheduler_advance(s, now);
        r = scheduler_refused(s, SCHEDULER_INPUT_FINISH_BREAK);
        if (r != 0)
                return r;
        scheduler_end_break(s, now, HISTORY_TAKEN);
        scheduler_advance(s, now);
        return 0;
}

int scheduler_next_step(Scheduler *s, usec_t now) {
        int r;

        scheduler_advance(s, now);
        r = scheduler_refused(s, SCHEDULER_INPUT_NEXT_STEP);
        if (r != 0)
                return r;
        if (s->break_step + 1 >= scheduler_plan_length(s))
                scheduler_end_break(s, now, HISTORY_TAKEN);
        else {
                (void) scheduler_transition(s, SCHEDULER_INPUT_NEXT_STEP);
                s->step_started = now;
                s->break_step++;
                scheduler_emit_step(s);
        }
        scheduler_advance(s, now);
        return 0;
}

int scheduler_log_break(Scheduler *s, usec_t now, usec_t usec, const char *note) {
        int r;

        scheduler_advance(s, now);
        r = scheduler_refused(s, SCHEDULER_INPUT_RESET);
        if (r != 0)
                return r;
        if (usec == 0)
                usec = s->config.break_duration;
        if (usec > scheduler_log_limit(s, now))
                return SCHEDULER_E_OVERLAP;

        scheduler_record(s, HISTORY_LOGGED, usec_sub(now, usec), usec, NULL, note);
        s->skips_in_row = 0;
        /* A break away from the desk replaces the coming one; keep its exercises for later. */
        scheduler_reset_cycle(s, SCHEDULER_INPUT_RESET, false);
        scheduler_advance(s, now);
        return 0;
}

int scheduler_pause(Scheduler *s, usec_t now, usec_t usec) {
        int r;

        scheduler_advance(s, now);
        r = scheduler_transition(s, SCHEDULER_INPUT_PAUSE);
        if (r != 0)
                return r;
        s->paused_until = usec == 0 ? USEC_INFINITY : usec_add(now, usec);
        scheduler_advance(s, now);
        return 0;
}

int scheduler_resume(Scheduler *s, usec_t now) {
        int r;

        scheduler_advance(s, now);
        r = scheduler_refused(s, SCHEDULER_INPUT_RESUME);
        if (r != 0)
                return r;
        scheduler_resume_at(s, now);
        scheduler_advance(s, now);
        return 0;
}
