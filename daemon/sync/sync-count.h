/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* One person's count across machines: pure, given every machine's spans of active time and
 * breaks (CLOCK_REALTIME, as the records carry them) and the time. No I/O, no clock. */

#include "util/util.h"

/* How far apart two machines' clocks may be and still agree: a span that overlaps another by
 * less is not a contradiction, and a record this far in the future is still believed. */
#define SYNC_SKEW_USEC (5 * USEC_PER_SEC)

typedef struct SyncSpan {
        usec_t start, end;
        unsigned machine;
} SyncSpan;

typedef struct SyncBreak {
        usec_t start, end;
        unsigned machine;
        bool natural;           /* idle long enough: a break only if no other machine was in use */
        bool skipped;           /* a skip: not a break, but the count starts again after it too */
} SyncBreak;

/* Whether breaks[i] starts the person's count again: taken and logged breaks and skips always
 * do; a natural break when no other machine's span overlaps it by more than skew. */
bool sync_break_valid(const SyncBreak *b, const SyncSpan *spans, size_t n_spans, usec_t skew);

/* The active time of the person since the last valid break (or skip) ended on any machine, up to
 * now: the union of the spans, overlapping ones counted once. *ret_break (may be NULL) is the
 * index of that break, or SIZE_MAX when there is none. Returns -ENOMEM or 0. */
int sync_count(const SyncSpan *spans, size_t n_spans, const SyncBreak *breaks, size_t n_breaks,
               usec_t now, usec_t skew, usec_t *ret_active, size_t *ret_break);
