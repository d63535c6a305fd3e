/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Per-day totals of the history and activity files (breaks by kind, the time of the breaks
 * taken, active time), by local day (midnight to midnight), kept up to date from the files
 * (files/summary-file.h): what they gained since the last update is read and added, and a
 * file replaced or cut shorter makes it read both again. A query then costs what its days
 * hold, not what its records do. */

#include <sys/types.h>

#include "core/history.h"

typedef struct DaySummary {
        usec_t start;                   /* local midnight, CLOCK_REALTIME */
        uint32_t taken;                 /* taken, logged or natural */
        uint32_t skipped;
        uint32_t snoozed;
        usec_t break_usec;              /* the length of the breaks taken */
        usec_t active_usec;
} DaySummary;

typedef struct SummaryFile {
        dev_t dev;
        ino_t ino;
        uint64_t read;                  /* bytes added so far */
} SummaryFile;

typedef struct Summary {
        DaySummary *days;               /* by start */
        size_t n_days;
        SummaryFile files[2];           /* the history, the activity */
        usec_t day_start, day_end;      /* the day last looked up, and its index */
        size_t day_index;
} Summary;

#define SUMMARY_PAGE 10000U
/* Adds one record (of either file) to its day, as if read from the files. */
int summary_add(Summary *s, const HistoryRecord *r);
/* The days with since <= start < until: a pointer into s, valid until its next change. */
const DaySummary *summary_range(const Summary *s, usec_t since, usec_t until, size_t *ret_n);
void summary_done(Summary *s);

/* Local midnight at or before t, and the next one. */
int local_day(usec_t t, usec_t *ret_start, usec_t *ret_end);
