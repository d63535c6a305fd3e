/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/working-hours.h"
#include "tap.h"

enum { MON, TUE, WED, THU, FRI, SAT, SUN };
#define HM(h, m) ((h) * 60 + (m))

static void check_bad(const char *text, const char *must_mention) {
        WorkingHours wh = { .ranges = (WorkingRange *) 0x1, .n_ranges = 42 };
        char *error = NULL;

        CHECK_EQ(working_hours_parse(text, &wh, &error), -EINVAL);
        CHECK(wh.n_ranges == 42);       /* untouched on error */
        CHECK(error != NULL);
        if (error) {
                if (!strstr(error, must_mention) || !strstr(error, "e.g. "))
                        fprintf(stderr, "  \"%s\": %s\n", text, error);
                CHECK(strstr(error, must_mention) != NULL);
                CHECK(strstr(error, "e.g. ") != NULL);
        }
        free(error);
}

static WorkingHours parse(const char *text) {
        WorkingHours wh = {};
        char *error = NULL;

        CHECK_EQ(working_hours_parse(text, &wh, &error), 0);
        if (error)
                fprintf(stderr, "  unexpected error for \"%s\": %s\n", text, error);
        free(error);
        return wh;
}

static void test_parse_good(void) {
        WorkingHours wh;

        wh = parse("");
        CHECK_EQ(wh.n_ranges, 0);
        CHECK(wh.ranges == NULL);
        working_hours_done(&wh);

        wh = parse("   ");
        CHECK_EQ(wh.n_ranges, 0);
        working_hours_done(&wh);

        wh = parse("Mon-Fri 09:00-18:00");
        CHECK_EQ(wh.n_ranges, 1);
        CHECK_EQ(wh.ranges[0].days, 0x1f);
        CHECK_EQ(wh.ranges[0].start, HM(9, 0));
        CHECK_EQ(wh.ranges[0].end, HM(18, 0));
        working_hours_done(&wh);
        CHECK(wh.ranges == NULL && wh.n_ranges == 0);

        wh = parse("mon-fri 09:00-12:00, MON-FRI 13:00-18:00,Sat 10:00-13:00");
        CHECK_EQ(wh.n_ranges, 3);
        CHECK_EQ(wh.ranges[1].start, HM(13, 0));
        CHECK_EQ(wh.ranges[2].days, 1 << SAT);
        working_hours_done(&wh);

        /* Wrapping day span, one-digit hour, blanks around "-", 24:00. */
        wh = parse("  Fri-Mon  9:30 - 24:00 ");
        CHECK_EQ(wh.n_ranges, 1);
        CHECK_EQ(wh.ranges[0].days, (1 << FRI) | (1 << SAT) | (1 << SUN) | (1 << MON));
        CHECK_EQ(wh.ranges[0].start, HM(9, 30));
        CHECK_EQ(wh.ranges[0].end, 1440);
        working_hours_done(&wh);

        wh = parse("Sun 00:00-24:00");
        CHECK_EQ(wh.ranges[0].days, 1 << SUN);
        working_hours_done(&wh);

        wh = parse("Mon-Mon 08:00-09:00");
        CHECK_EQ(wh.ranges[0].days, 1 << MON);
        working_hours_done(&wh);

        wh = parse("Fri 22:00-02:00");
        CHECK_EQ(wh.ranges[0].start, HM(22, 0));
        CHECK_EQ(wh.ranges[0].end, HM(2, 0));
        working_hours_done(&wh);

        /* 32 ranges is the most. */
        {
                char buf[1024] = "";

                for (int i = 0; i < 32; i++)
                        strcat(buf, i ? ", Mon 08:00-09:00" : "Mon 08:00-09:00");
                wh = parse(buf);
                CHECK_EQ(wh.n_ranges, 32);
                working_hours_done(&wh);
                strcat(buf, ", Tue 08:00-09:00");
                check_bad(buf, "more than 32");
        }
}

static void test_parse_bad(void) {
        check_bad("Monday 09:00-18:00", "Monday 09:00-18:00");
        check_bad("Mo 09:00-18:00", "Mo 09:00-18:00");
        check_bad("09:00-18:00", "does not start with a day");
        check_bad("Mon-Fri", "has no times");
        check_bad("Mon-Xyz 09:00-18:00", "no day after");
        check_bad("Mon-Fri 9-18", "9-18");
        check_bad("Mon-Fri 09:00", "no valid time range");
        check_bad("Mon-Fri 09:00-", "no valid end time");
        check_bad("Mon-Fri 09:00-25:00", "no valid end time");
        check_bad("Mon-Fri 09:60-18:00", "no valid time range");
        check_bad("Mon-Fri 24:30-18:00", "no valid time range");
        check_bad("Mon-Fri 09:00-18:0", "no valid end time");
        check_bad("Mon-Fri 09:00-18:000", "no valid end time");
        check_bad("Mon-Fri 123:00-18:00", "no valid time range");
        check_bad("Mon 24:00-02:00", "starts at 24:00");
        check_bad("Mon 09:00-09:00", "same time");
        check_bad("Mon 00:00-00:00", "same time");
        check_bad("Mon 09:00-18:00 Tue 09:00-18:00", "unexpected text \"Tue 09:00-18:00\"");
        check_bad("Mon 09:00-18:00,", "empty range");
        check_bad(",Mon 09:00-18:00", "empty range");
        check_bad("Mon 09:00-18:00,,Tue 09:00-10:00", "empty range");
        check_bad("Mon-Fri 09:00-18:00, Sat", "\"Sat\" has no times");
        check_bad("Mon-Fri 09:00-18:00; Sat 10:00-12:00", "unexpected text");
        check_bad("Mon,Tue 09:00-18:00", "\"Mon\" has no times");
}

static void test_contains(void) {
        WorkingHours wh = parse("Mon-Fri 09:00-18:00");

        CHECK(working_hours_contains(&wh, MON, HM(9, 0)));
        CHECK(working_hours_contains(&wh, FRI, HM(17, 59)));
        CHECK(!working_hours_contains(&wh, FRI, HM(18, 0)));
        CHECK(!working_hours_contains(&wh, MON, HM(8, 59)));
        CHECK(!working_hours_contains(&wh, SAT, HM(12, 0)));
        CHECK(!working_hours_contains(&wh, SUN, HM(12, 0)));
        for (unsigned d = MON; d <= SUN; d++)
                CHECK_EQ(working_hours_contains(&wh, d, HM(12, 0)), d <= FRI);
        working_hours_done(&wh);

        /* Empty means always. */
        wh = parse("");
        CHECK(working_hours_contains(&wh, SUN, 0));
        CHECK(working_hours_contains(&wh, WED, 1439));
        working_hours_done(&wh);
        CHECK(working_hours_contains(NULL, MON, 0));

        /* Several ranges. */
        wh = parse("Mon-Fri 09:00-12:00, Mon-Fri 13:00-18:00, Sat 10:00-13:00");
        CHECK(working_hours_contains(&wh, TUE, HM(11, 59)));
        CHECK(!working_hours_contains(&wh, TUE, HM(12, 30)));
        CHECK(working_hours_contains(&wh, TUE, HM(13, 0)));
        CHECK(working_hours_contains(&wh, SAT, HM(10, 0)));
        CHECK(!working_hours_contains(&wh, SAT, HM(13, 0)));
        CHECK(!working_hours_contains(&wh, SUN, HM(11, 0)));
        working_hours_done(&wh);
}

static void test_midnight(void) {
        WorkingHours wh = parse("Fri 22:00-02:00");

        CHECK(!working_hours_contains(&wh, FRI, HM(1, 0)));     /* that would be Thursday night's */
        CHECK(!working_hours_contains(&wh, FRI, HM(21, 59)));
        CHECK(working_hours_contains(&wh, FRI, HM(22, 0)));
        CHECK(working_hours_contains(&wh, FRI, 1439));
        CHECK(working_hours_contains(&wh, SAT, 0));
        CHECK(working_hours_contains(&wh, SAT, HM(1, 0)));
        CHECK(working_hours_contains(&wh, SAT, HM(1, 59)));
        CHECK(!working_hours_contains(&wh, SAT, HM(2, 0)));
        CHECK(!working_hours_contains(&wh, SAT, HM(22, 30)));
        working_hours_done(&wh);

        /* Sunday night runs into Monday morning. */
        wh = parse("Sun 20:00-06:00");
        CHECK(working_hours_contains(&wh, SUN, HM(23, 0)));
        CHECK(working_hours_contains(&wh, MON, HM(5, 59)));
        CHECK(!working_hours_contains(&wh, MON, HM(6, 0)));
        CHECK(!working_hours_contains(&wh, SUN, HM(5, 0)));
        CHECK(!working_hours_contains(&wh, SAT, HM(23, 0)));
        working_hours_done(&wh);

        /* Night shifts every weekday: Monday 01:00 belongs to Sunday, which has none. */
        wh = parse("Mon-Fri 22:00-06:00");
        CHECK(!working_hours_contains(&wh, MON, HM(1, 0)));
        CHECK(working_hours_contains(&wh, TUE, HM(1, 0)));
        CHECK(working_hours_contains(&wh, SAT, HM(5, 0)));
        CHECK(!working_hours_contains(&wh, SUN, HM(5, 0)));
        working_hours_done(&wh);

        /* 24:00 ends at midnight and does not spill into the next day. */
        wh = parse("Sat 18:00-24:00");
        CHECK(working_hours_contains(&wh, SAT, 1439));
        CHECK(!working_hours_contains(&wh, SUN, 0));
        working_hours_done(&wh);

        /* Ending at 00:00 is a crossing to nowhere: Sat 18:00 until midnight. */
        wh = parse("Sat 18:00-00:00");
        CHECK(working_hours_contains(&wh, SAT, 1439));
        CHECK(!working_hours_contains(&wh, SUN, 0));
        CHECK(!working_hours_contains(&wh, SAT, HM(17, 0)));
        working_hours_done(&wh);
}

int main(void) {
        test_parse_good();
        test_parse_bad();
        test_contains();
        test_midnight();
        return tap_finish("test-working-hours");
}
