/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scheduler and the person's other machines: their active time, and their breaks. */

#include "core/scheduler-private.h"

void scheduler_set_elsewhere(Scheduler *s, usec_t now, usec_t usec) {
        scheduler_advance(s, now);
        if (usec == s->elsewhere_usec)
                return;
        s->counted[SCHEDULER_CADENCE_BREAK] =
                usec_add(usec_sub(s->counted[SCHEDULER_CADENCE_BREAK], s->elsewhere_usec), usec);
        s->elsewhere_usec = usec;
        /* Due now if the two together reach the interval, while this machine counts. */
        scheduler_advance(s, now);
}

int scheduler_break_elsewhere(Scheduler *s, usec_t now, bool skipped) {
        int r;

        scheduler_advance(s, now);
        r = scheduler_refused(s, SCHEDULER_INPUT_RESET);
        if (r != 0)
                return r;
        /* One person, one row of skips (for max-skips). */
        s->skips_in_row = skipped ? s->skips_in_row + 1 : 0;
        scheduler_reset_cycle(s, SCHEDULER_INPUT_RESET, true);
        scheduler_advance(s, now);
        return 0;
}

bool scheduler_natural_break(const Scheduler *s, usec_t *ret_since) {
        if (!s->natural_reached || !scheduler_idle(s))
                return false;
        *ret_since = s->idle_since;
        return true;
}
