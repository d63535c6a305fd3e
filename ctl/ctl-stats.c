/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "ctl-history.h"
#include "ctl-output.h"
#include "ctl-stats.h"

int stats_init(Stats *s, usec_t now, unsigned n_days) {
        DayStats *days;
        int r;

        *s = (Stats) {};
        if (n_days == 0)
                return -ERANGE;
        days = calloc(n_days, sizeof(DayStats));
        if (!days)
                return -ENOMEM;

        for (unsigned i = 0; i < n_days; i++) {
                int offset = (int) i - (int) (n_days - 1);

                r = local_day_start(now, offset, &days[i].start);
                if (r >= 0)
                        r = local_day_start(now, offset + 1, &days[i].end);
                if (r < 0) {
                        free(days);
                        return r;
                }
        }

        s->days = days;
        s->n_days = n_days;
        s->total.start = days[0].start;
        s->total.end = days[n_days - 1].end;
        return 0;
}

void stats_done(Stats *s) {
        free(s->days);
        *s = (Stats) {};
}

static DayStats *stats_day_of(Stats *s, usec_t t) {
        for (size_t i = 0; i < s->n_days; i++)
                if (t >= s->days[i].start && t < s->days[i].end)
                        return &s->days[i];
        return NULL;
}

static void day_stats_add_record(DayStats *d, const char *kind, usec_t duration) {
        if (history_kind_is_taken(kind)) {
                d->taken++;
                d->break_time = usec_add(d->break_time, duration);
        } else if (streq_ptr(kind, "skipped"))
                d->skipped++;
        else if (streq_ptr(kind, "snoozed"))
                d->snoozed++;
}

void stats_add_record(Stats *s, usec_t time, const char *kind, usec_t duration) {
        DayStats *d = stats_day_of(s, time);

        if (!d)
                return;
        day_stats_add_record(d, kind, duration);
        day_stats_add_record(&s->total, kind, duration);
}

void stats_add_active(Stats *s, usec_t start, usec_t duration) {
        usec_t end = usec_add(start, duration);

        for (size_t i = 0; i < s->n_days; i++) {
                DayStats *d = &s->days[i];
                usec_t from = MAX(start, d->start), to = MIN(end, d->end);

                if (from >= to)
                        continue;
                d->active = usec_add(d->active, to - from);
                s->total.active = usec_add(s->total.active, to - from);
        }
}

void stats_add_day(Stats *s, usec_t start, unsigned taken, unsigned skipped, unsigned snoozed, usec_t break_time,
                   usec_t active) {
        DayStats *d = stats_day_of(s, start);

        if (!d)
                return;
        for (DayStats *x = d; x; x = x == d ? &s->total : NULL) {
                x->taken += taken;
                x->skipped += skipped;
                x->snoozed += snoozed;
                x->break_time = usec_add(x->break_time, break_time);
                x->active = usec_add(x->active, active);
        }
}

double day_stats_taken_share(const DayStats *d) {
        if (d->taken + d->skipped == 0)
                return NAN;
        return (double) d->taken / (double) (d->taken + d->skipped);
}
