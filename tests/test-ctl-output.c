/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <time.h>

#include "ctl-output.h"
#include "tap.h"

/* Monday 2024-05-06 12:00:00 UTC, 14:00 in Berlin (CEST, +02:00). */
#define MONDAY_NOON_UTC (1714996800ULL * USEC_PER_SEC)

static const Style plain = { .color = false, .utf8 = true };
static const Style ascii = { .color = false, .utf8 = false };
static const Style colour = { .color = true, .utf8 = true };

static void test_duration_human(void) {
        char b[DURATION_FORMAT_MAX];

        CHECK_STREQ(format_duration_human(b, 0), "0s");
        CHECK_STREQ(format_duration_human(b, 999 * USEC_PER_MSEC), "0s");
        CHECK_STREQ(format_duration_human(b, 45 * USEC_PER_SEC), "45s");
        CHECK_STREQ(format_duration_human(b, 252 * USEC_PER_SEC), "4m 12s");
        CHECK_STREQ(format_duration_human(b, 48 * USEC_PER_MINUTE), "48m");
        CHECK_STREQ(format_duration_human(b, 72 * USEC_PER_MINUTE + 59 * USEC_PER_SEC), "1h 12m");
        CHECK_STREQ(format_duration_human(b, 2 * USEC_PER_HOUR), "2h");
        CHECK_STREQ(format_duration_human(b, USEC_PER_HOUR + 5 * USEC_PER_SEC), "1h");
        CHECK_STREQ(format_duration_human(b, 26 * USEC_PER_HOUR + 5 * USEC_PER_MINUTE), "26h 5m");
        CHECK_STREQ(format_duration_human(b, USEC_INFINITY), "infinity");

        CHECK_EQ(usec_round_up(1, USEC_PER_SEC), USEC_PER_SEC);
        CHECK_EQ(usec_round_up(USEC_PER_SEC, USEC_PER_SEC), USEC_PER_SEC);
        CHECK_EQ(usec_round_up(USEC_INFINITY - 1, USEC_PER_SEC), USEC_INFINITY);
}

static void test_times(void) {
        char b[TIME_TEXT_MAX];
        usec_t start;

        setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
        tzset();

        CHECK_STREQ(format_iso8601(b, MONDAY_NOON_UTC), "2024-05-06T14:00:00+02:00");
        CHECK_STREQ(format_iso8601(b, 1704067200ULL * USEC_PER_SEC), "2024-01-01T01:00:00+01:00");
        CHECK_STREQ(format_datetime(b, MONDAY_NOON_UTC, MONDAY_NOON_UTC), "Mon 06 May 14:00");
        /* Another year says which. */
        CHECK_STREQ(format_datetime(b, MONDAY_NOON_UTC, MONDAY_NOON_UTC + 366 * USEC_PER_DAY), "Mon 06 May 2024 14:00");
        CHECK_STREQ(format_day(b, MONDAY_NOON_UTC, MONDAY_NOON_UTC + 366 * USEC_PER_DAY), "Mon 06 May 2024");
        CHECK_STREQ(format_day(b, MONDAY_NOON_UTC, MONDAY_NOON_UTC), "Mon 06 May");

        CHECK_STREQ(format_clock(b, MONDAY_NOON_UTC + 5 * USEC_PER_MINUTE, MONDAY_NOON_UTC), "14:05");
        CHECK_STREQ(format_clock(b, MONDAY_NOON_UTC + 12 * USEC_PER_HOUR, MONDAY_NOON_UTC), "tomorrow 02:00");
        CHECK_STREQ(format_clock(b, MONDAY_NOON_UTC - 15 * USEC_PER_HOUR, MONDAY_NOON_UTC), "yesterday 23:00");
        CHECK_STREQ(format_clock(b, MONDAY_NOON_UTC + 3 * USEC_PER_DAY, MONDAY_NOON_UTC), "Thu 14:00");
        CHECK_STREQ(format_clock(b, MONDAY_NOON_UTC + 30 * USEC_PER_DAY, MONDAY_NOON_UTC), "2024-06-05 14:00");

        /* Midnight in Berlin, and a 23-hour day when the clocks go forward. */
        CHECK_EQ(local_day_start(MONDAY_NOON_UTC, 0, &start), 0);
        CHECK_STREQ(format_iso8601(b, start), "2024-05-06T00:00:00+02:00");
        CHECK_EQ(local_day_start(1711843200ULL * USEC_PER_SEC, 0, &start), 0);
        CHECK_EQ(start, 1711839600ULL * USEC_PER_SEC);
        CHECK_EQ(local_day_start(1711843200ULL * USEC_PER_SEC, 1, &start), 0);
        CHECK_EQ(start, 1711922400ULL * USEC_PER_SEC);

        setenv("TZ", "UTC0", 1);
        tzset();
        CHECK_STREQ(format_iso8601(b, MONDAY_NOON_UTC), "2024-05-06T12:00:00+00:00");
        setenv("TZ", "<-0330>3:30", 1);         /* Newfoundland-like: a negative half-hour offset */
        tzset();
        CHECK_STREQ(format_iso8601(b, MONDAY_NOON_UTC), "2024-05-06T08:30:00-03:30");
}

static void test_text(void) {
        char *s;

        CHECK_EQ(text_width("abc"), 3);
        CHECK_EQ(text_width("● Working — 1h"), 14);
        CHECK_EQ(text_width("\033[1m\033[32mok\033[0m"), 2);

        s = text_truncate("● Working — 1h", 9, &plain);
        CHECK_STREQ(s, "● Working");
        free(s);
        s = text_truncate("\033[1mbold\033[0m text", 2, &colour);
        CHECK_STREQ(s, "\033[1mbo\033[0m");
        free(s);
        s = text_truncate("short", 80, &plain);
        CHECK_STREQ(s, "short");
        free(s);

        s = strdup_printf("%d-%s", 4, "two");
        CHECK_STREQ(s, "4-two");
        free(s);
}

static char *bar(const Style *st, unsigned width, double fraction) {
        MemStream m;

        if (!memstream_open(&m))
                return NULL;
        bar_write(m.f, st, width, fraction, COLOR_GREEN);
        return memstream_steal(&m);
}

static void test_bars(void) {
        char *s;

        s = bar(&ascii, 10, 0.5);
        CHECK_STREQ(s, "#####.....");
        free(s);
        s = bar(&ascii, 4, 2.0);
        CHECK_STREQ(s, "####");
        free(s);
        s = bar(&ascii, 4, -1);
        CHECK_STREQ(s, "....");
        free(s);
        s = bar(&plain, 4, 0.5 + 1.0 / 32);     /* two cells and an eighth */
        CHECK_STREQ(s, "██▏░");
        free(s);
        s = bar(&colour, 2, 1.0);
        CHECK_STREQ(s, "\033[32m██\033[0m");
        free(s);

        CHECK_STREQ(ansi(&plain, COLOR_RED), "");
        CHECK_STREQ(ansi(&colour, COLOR_RED), "\033[31m");
        CHECK_STREQ(glyph(&ascii, GLYPH_DASH), "-");
        CHECK_STREQ(glyph(&plain, GLYPH_DASH), "—");
}

static void test_table(void) {
        static const char * const headers[] = { "ID", "N", "NOTE" };
        Table *t = table_new(3, headers);
        MemStream m;
        char *s;

        CHECK(t != NULL);
        if (!t)
                return;
        table_align_right(t, 1);
        CHECK_EQ(table_add(t, COLOR_NONE, "neck-tilt"), 0);
        CHECK_EQ(table_add(t, COLOR_RED, "7"), 0);
        CHECK_EQ(table_add(t, COLOR_NONE, "é, ok"), 0);
        CHECK_EQ(table_add(t, COLOR_NONE, "a"), 0);
        CHECK_EQ(table_add(t, COLOR_NONE, "12"), 0);
        CHECK_EQ(table_add(t, COLOR_NONE, ""), 0);
        CHECK_EQ(table_rows(t), 2);

        CHECK(memstream_open(&m) != NULL);
        table_print(t, &plain, m.f);
        s = memstream_steal(&m);
        /* Right-aligned numbers, no padding after the last cell with text. */
        CHECK_STREQ(s,
                    "ID          N  NOTE\n"
                    "neck-tilt   7  é, ok\n"
                    "a          12\n");
        free(s);
        table_free(t);
}

static char *table_at(size_t columns, TableCut cut_note) {
        static const char * const headers[] = { "TIME", "EXERCISES", "NOTE" };
        Style s = { .utf8 = true, .columns = columns };
        Table *t = table_new(3, headers);
        MemStream m;

        if (!t)
                return NULL;
        table_set_cut(t, 1, TABLE_CUT_WORDS);
        table_set_cut(t, 2, cut_note);
        table_add(t, COLOR_NONE, "Mon 06 May 14:05");
        table_add(t, COLOR_NONE, "forward-relaxation, shoulder-rotation, neck-tilt");
        table_add(t, COLOR_NONE, "walk outside with the dog around the block");
        if (!memstream_open(&m)) {
                table_free(t);
                return NULL;
        }
        table_print(t, &s, m.f);
        table_free(t);
        return memstream_steal(&m);
}

static void check_fits(const char *text, size_t columns) {
        for (const char *p = text; p && *p;) {
                size_t n = strcspn(p, "\n");
                char *line = strndup(p, n);

                CHECK(text_width(line) <= columns);
                if (text_width(line) > columns)
                        fprintf(stderr, "# over %zu columns: \"%s\"\n", columns, line);
                free(line);
                p += n + (p[n] == '\n');
        }
}

static void test_table_fits(void) {
        char *s;

        /* Wide enough: whole. */
        s = table_at(200, TABLE_CUT_TEXT);
        CHECK_STREQ(s, "TIME              EXERCISES                                         NOTE\n"
                       "Mon 06 May 14:05  forward-relaxation, shoulder-rotation, neck-tilt  "
                       "walk outside with the dog around the block\n");
        free(s);
        /* 80: both cut columns give, after whole words, marked with "…". */
        s = table_at(80, TABLE_CUT_TEXT);
        CHECK_STREQ(s, "TIME              EXERCISES              NOTE\n"
                       "Mon 06 May 14:05  forward-relaxation, …  walk outside with the…\n");
        check_fits(s, 80);
        free(s);
        /* 60: an id is never cut, even when the line cannot fit otherwise. */
        s = table_at(40, TABLE_CUT_TEXT);
        CHECK(strstr(s, "forward-relaxation, …") != NULL);
        free(s);
        s = table_at(60, TABLE_CUT_TEXT);
        CHECK(strstr(s, "forward-relaxation, …") != NULL);
        check_fits(s, 60);
        free(s);
        /* A last column that is not cut wraps under its own start. */
        s = table_at(60, TABLE_CUT_NONE);
        check_fits(s, 60);
        CHECK(strstr(s, "\n                                         ") != NULL);
        free(s);
}

static void test_wrap(void) {
        static const char text[] =
                "● Working — 1h 12m active, next break in 48m (at 14:05), and more words here\n"
                "  Problems: the notification helper limber-notify cannot run: reminders cannot be shown\n"
                "  2. Slowly round your back forward, then bend it back the other way, as is comfortable.\n";
        MemStream m;
        char *s;

        CHECK(memstream_open(&m) != NULL);
        text_write_wrapped(m.f, text, 60, 2);
        s = memstream_steal(&m);
        CHECK_STREQ(s,
                    "● Working — 1h 12m active, next break in 48m (at 14:05), and\n"
                    "  more words here\n"
                    "  Problems: the notification helper limber-notify cannot\n"
                    "            run: reminders cannot be shown\n"
                    "  2. Slowly round your back forward, then bend it back the\n"
                    "     other way, as is comfortable.\n");
        free(s);

        /* In colour, the label's escape sequences do not move the text's start. */
        CHECK(memstream_open(&m) != NULL);
        text_write_wrapped(m.f, "\033[1m  Problems:\033[0m \033[33mthe notification helper limber-notify cannot run: "
                           "reminders cannot be shown\033[0m\n", 60, 2);
        s = memstream_steal(&m);
        CHECK(s && strstr(s, "\n            run: reminders cannot be shown"));
        free(s);

        /* A word longer than the line stays whole. */
        CHECK(memstream_open(&m) != NULL);
        text_write_wrapped(m.f, "see /a/very/long/path/that/does/not/fit/in/twenty/columns now", 20, 0);
        s = memstream_steal(&m);
        CHECK_STREQ(s, "see\n/a/very/long/path/that/does/not/fit/in/twenty/columns\nnow\n");
        free(s);

        setenv("COLUMNS", "61", 1);
        CHECK_EQ(terminal_columns(-1), 61);
        setenv("COLUMNS", "x", 1);
        CHECK_EQ(terminal_columns(-1), 80);
        unsetenv("COLUMNS");
        CHECK_EQ(terminal_columns(-1), 80);
}

int main(void) {
        test_duration_human();
        test_times();
        test_text();
        test_bars();
        test_table();
        test_table_fits();
        test_wrap();
        return tap_finish("test-ctl-output");
}
