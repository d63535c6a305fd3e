/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The per-day totals: pure, given records (files/summary-file.c reads them from the files). */
#include <time.h>

#include "core/summary.h"

int local_day(usec_t t, usec_t *ret_start, usec_t *ret_end) {
        time_t secs = (time_t) (t / USEC_PER_SEC), a, b;
        struct tm tm;

        if (!localtime_r(&secs, &tm))
                return -ERANGE;
        tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
        tm.tm_isdst = -1;
        a = mktime(&tm);
        tm.tm_mday++;
        tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
        tm.tm_isdst = -1;
        b = mktime(&tm);
        if (a < 0 || b <= a)
                return -ERANGE;
        *ret_start = (usec_t) a * USEC_PER_SEC;
        *ret_end = (usec_t) b * USEC_PER_SEC;
        return 0;
}

/* The first day with start >= t. */
static size_t day_lower_bound(const Summary *s, usec_t t) {
        size_t lo = 0, hi = s->n_days;

        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;

                if (s->days[mid].start < t)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return lo;
}

/* The day holding t, added when missing; its end in *ret_end. NULL on failure. */
static DaySummary *day_of(Summary *s, usec_t t, usec_t *ret_end) {
        usec_t start, end;
        size_t i;

        if (s->n_days > 0 && t >= s->day_start && t < s->day_end) {
                *ret_end = s->day_end;
                return &s->days[s->day_index];
        }
        if (local_day(t, &start, &end) < 0)
                return NULL;
        i = day_lower_bound(s, start);
        if (i == s->n_days || s->days[i].start != start) {
                DaySummary *d = reallocarray(s->days, s->n_days + 1, sizeof(DaySummary));

                if (!d)
                        return NULL;
                s->days = d;
                memmove(&d[i + 1], &d[i], (s->n_days - i) * sizeof(DaySummary));
                d[i] = (DaySummary) { .start = start };
                s->n_days++;
        }
        s->day_start = start;
        s->day_end = end;
        s->day_index = i;
        *ret_end = end;
        return &s->days[i];
}

int summary_add(Summary *s, const HistoryRecord *r) {
        usec_t end;
        DaySummary *d;

        if (r->kind != HISTORY_ACTIVE) {
                if (r->kind != HISTORY_SKIPPED && r->kind != HISTORY_SNOOZED && !history_kind_is_break(r->kind))
                        return 0;
                d = day_of(s, r->realtime, &end);
                if (!d)
                        return -ENOMEM;
                if (history_kind_is_break(r->kind)) {
                        d->taken++;
                        d->break_usec = usec_add(d->break_usec, r->duration);
                } else if (r->kind == HISTORY_SKIPPED)
                        d->skipped++;
                else
                        d->snoozed++;
                return 0;
        }
        /* Active time counts into each day it touches. */
        for (usec_t t = r->realtime, stop = usec_add(r->realtime, r->duration); t < stop; t = end) {
                d = day_of(s, t, &end);
                if (!d)
                        return -ENOMEM;
                d->active_usec = usec_add(d->active_usec, MIN(stop, end) - t);
        }
        return 0;
}

const DaySummary *summary_range(const Summary *s, usec_t since, usec_t until, size_t *ret_n) {
        size_t a = day_lower_bound(s, since), b = day_lower_bound(s, until);

        *ret_n = b > a ? b - a : 0;
        return s->n_days > 0 ? &s->days[a] : NULL;
}

void summary_done(Summary *s) {
        free(s->days);
        *s = (Summary) {};
}
