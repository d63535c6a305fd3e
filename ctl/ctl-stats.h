/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Per-day summaries for "limberctl stats": history records and active time counted into local
 * days (midnight to midnight, so a DST day lasts 23 or 25 hours). Pure. */

#include "util/util.h"

typedef struct DayStats {
        usec_t start, end;      /* CLOCK_REALTIME, [start, end) */
        unsigned taken;         /* taken, logged or natural */
        unsigned skipped;
        unsigned snoozed;
        usec_t break_time;      /* the length of the breaks taken */
        usec_t active;
} DayStats;

typedef struct Stats {
        DayStats *days;         /* oldest first; the last is today */
        size_t n_days;
        DayStats total;         /* start of the oldest day to the end of today */
        bool active_known;      /* limberd reported active time */
} Stats;

/* Sets up n_days local days ending with the day holding now. Returns 0, -ENOMEM or -ERANGE. */
int stats_init(Stats *s, usec_t now, unsigned n_days);
void stats_done(Stats *s);

/* Counts one history record into its day; records outside the days are ignored. */
void stats_add_record(Stats *s, usec_t time, const char *kind, usec_t duration);
/* Adds a span of active time, split at midnights. */
void stats_add_active(Stats *s, usec_t start, usec_t duration);

/* Adds a day's totals as limberd's GetDailySummary gives them (start: its midnight). */
void stats_add_day(Stats *s, usec_t start, unsigned taken, unsigned skipped, unsigned snoozed, usec_t break_time,
                   usec_t active);

/* taken / (taken + skipped), or NAN when neither happened. */
double day_stats_taken_share(const DayStats *d);
