/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <time.h>

#include "ctl-history.h"
#include "ctl-stats.h"
#include "tap.h"

/* Sunday 2024-03-31 12:00 in Berlin (10:00 UTC): the day the clocks went forward. */
#define DST_SUNDAY_NOON (1711879200ULL * USEC_PER_SEC)
#define DST_SUNDAY_START (1711839600ULL * USEC_PER_SEC)   /* 00:00 CET */
#define DST_MONDAY_START (1711922400ULL * USEC_PER_SEC)   /* 00:00 CEST */

static void test_days(void) {
        Stats s;

        CHECK_EQ(stats_init(&s, DST_SUNDAY_NOON, 0), -ERANGE);

        CHECK_EQ(stats_init(&s, DST_SUNDAY_NOON, 3), 0);
        CHECK_EQ(s.n_days, 3);
        /* Oldest first, today last, each from midnight to midnight. */
        CHECK_EQ(s.days[2].start, DST_SUNDAY_START);
        CHECK_EQ(s.days[2].end, DST_MONDAY_START);
        CHECK_EQ(s.days[2].end - s.days[2].start, 23 * USEC_PER_HOUR);
        CHECK_EQ(s.days[1].end, s.days[2].start);
        CHECK_EQ(s.days[1].end - s.days[1].start, 24 * USEC_PER_HOUR);
        CHECK_EQ(s.days[0].end, s.days[1].start);
        CHECK_EQ(s.total.start, s.days[0].start);
        CHECK_EQ(s.total.end, DST_MONDAY_START);
        stats_done(&s);
}

static void test_records(void) {
        Stats s;

        CHECK_EQ(stats_init(&s, DST_SUNDAY_NOON, 2), 0);
        stats_add_record(&s, DST_SUNDAY_START + USEC_PER_HOUR, "taken", 5 * USEC_PER_MINUTE);
        stats_add_record(&s, DST_SUNDAY_START + 2 * USEC_PER_HOUR, "logged", 20 * USEC_PER_MINUTE);
        stats_add_record(&s, DST_SUNDAY_START + 3 * USEC_PER_HOUR, "natural", 7 * USEC_PER_MINUTE);
        stats_add_record(&s, DST_SUNDAY_START + 4 * USEC_PER_HOUR, "skipped", 0);
        stats_add_record(&s, DST_SUNDAY_START + 5 * USEC_PER_HOUR, "snoozed", 10 * USEC_PER_MINUTE);
        stats_add_record(&s, DST_SUNDAY_START - 1, "skipped", 0);                  /* Saturday */
        stats_add_record(&s, DST_MONDAY_START, "taken", USEC_PER_MINUTE);          /* tomorrow: out */
        stats_add_record(&s, s.days[0].start - 1, "taken", USEC_PER_MINUTE);       /* before: out */
        stats_add_record(&s, DST_SUNDAY_START, "weird", USEC_PER_MINUTE);          /* unknown kind */

        CHECK_EQ(s.days[1].taken, 3);
        CHECK_EQ(s.days[1].skipped, 1);
        CHECK_EQ(s.days[1].snoozed, 1);
        CHECK_EQ(s.days[1].break_time, 32 * USEC_PER_MINUTE);
        CHECK_EQ(s.days[0].taken, 0);
        CHECK_EQ(s.days[0].skipped, 1);
        CHECK_EQ(s.total.taken, 3);
        CHECK_EQ(s.total.skipped, 2);

        CHECK(fabs(day_stats_taken_share(&s.days[1]) - 0.75) < 1e-9);
        CHECK(fabs(day_stats_taken_share(&s.total) - 0.6) < 1e-9);
        CHECK(isnan(day_stats_taken_share(&(DayStats) {})));
        stats_done(&s);
}

static void test_active(void) {
        Stats s;

        CHECK_EQ(stats_init(&s, DST_SUNDAY_NOON, 2), 0);
        /* 23:00 Saturday to 01:00 Sunday: split at midnight. */
        stats_add_active(&s, DST_SUNDAY_START - USEC_PER_HOUR, 2 * USEC_PER_HOUR);
        /* Sunday afternoon, running past the end of the days: cut. */
        stats_add_active(&s, DST_MONDAY_START - 30 * USEC_PER_MINUTE, USEC_PER_HOUR);
        /* Long before: ignored. */
        stats_add_active(&s, 0, USEC_PER_HOUR);

        CHECK_EQ(s.days[0].active, USEC_PER_HOUR);
        CHECK_EQ(s.days[1].active, USEC_PER_HOUR + 30 * USEC_PER_MINUTE);
        CHECK_EQ(s.total.active, 2 * USEC_PER_HOUR + 30 * USEC_PER_MINUTE);
        stats_done(&s);

        CHECK(history_kind_is_taken("natural"));
        CHECK(!history_kind_is_taken("skipped"));
        CHECK(!history_kind_is_taken(NULL));
}

int main(void) {
        setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
        tzset();

        test_days();
        test_records();
        test_active();
        return tap_finish("test-ctl-stats");
}
