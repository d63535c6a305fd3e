/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdlib.h>

#include "sync/sync-count.h"

bool sync_break_valid(const SyncBreak *b, const SyncSpan *spans, size_t n_spans, usec_t skew) {
        usec_t from = usec_add(b->start, skew), to = usec_sub(b->end, skew);

        if (!b->natural)
                return true;
        /* Idle here while the person worked there: a pause of this machine, not a break. */
        for (size_t i = 0; i < n_spans; i++)
                if (spans[i].machine != b->machine && spans[i].start < to && spans[i].end > from)
                        return false;
        return true;
}

static int span_compare(const void *a, const void *b) {
        const SyncSpan *x = a, *y = b;

        return x->start < y->start ? -1 : x->start > y->start;
}

int sync_count(const SyncSpan *spans, size_t n_spans, const SyncBreak *breaks, size_t n_breaks,
               usec_t now, usec_t skew, usec_t *ret_active, size_t *ret_break) {
        _cleanup_(freep) SyncSpan *clipped = NULL;
        size_t last = SIZE_MAX, n = 0;
        usec_t since = 0, active = 0, covered = 0;

        for (size_t i = 0; i < n_breaks; i++)
                if (breaks[i].end > since && breaks[i].end <= usec_add(now, skew) &&
                    sync_break_valid(&breaks[i], spans, n_spans, skew)) {
                        since = breaks[i].end;
                        last = i;
                }

        /* The spans within [since, now], sorted by start, then their union. */
        if (n_spans > 0) {
                clipped = malloc(n_spans * sizeof(SyncSpan));
                if (!clipped)
                        return -ENOMEM;
        }
        for (size_t i = 0; i < n_spans; i++) {
                usec_t a = MAX(spans[i].start, since), b = MIN(spans[i].end, now);

                if (b > a)
                        clipped[n++] = (SyncSpan) { a, b, spans[i].machine };
        }
        qsort(clipped, n, sizeof(SyncSpan), span_compare);
        for (size_t i = 0; i < n; i++) {
                usec_t a = MAX(clipped[i].start, covered);

                if (clipped[i].end > a)
                        active += clipped[i].end - a;
                covered = MAX(covered, clipped[i].end);
        }

        *ret_active = active;
        if (ret_break)
                *ret_break = last;
        return 0;
}
