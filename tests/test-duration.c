/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "tap.h"
#include "util/duration.h"

static void check_ok(const char *text, usec_t expected) {
        usec_t u = 0;
        char *error = NULL;

        CHECK_EQ(duration_parse(text, &u, &error), 0);
        CHECK_EQ(u, expected);
        CHECK(error == NULL);
        free(error);
}

static void check_bad(const char *text, int expected_r, const char *must_mention) {
        usec_t u = 4242;
        char *error = NULL;

        CHECK_EQ(duration_parse(text, &u, &error), expected_r);
        CHECK_EQ(u, 4242);      /* untouched on error */
        CHECK(error != NULL);
        if (error) {
                CHECK(strstr(error, must_mention) != NULL);
                if (!strstr(error, must_mention))
                        fprintf(stderr, "  message: %s\n", error);
                CHECK(strstr(error, "e.g.") != NULL || strstr(error, "90m") != NULL);
        }
        free(error);
}

static void test_parse(void) {
        check_ok("90s", 90 * USEC_PER_SEC);
        check_ok("10m", 10 * USEC_PER_MINUTE);
        check_ok("10min", 10 * USEC_PER_MINUTE);
        check_ok("2h", 2 * USEC_PER_HOUR);
        check_ok("2h30m", 2 * USEC_PER_HOUR + 30 * USEC_PER_MINUTE);
        check_ok("7d", 7 * USEC_PER_DAY);
        check_ok("1d12h", 36 * USEC_PER_HOUR);
        check_ok("2h 30m 5s", 2 * USEC_PER_HOUR + 30 * USEC_PER_MINUTE + 5 * USEC_PER_SEC);
        check_ok("  1h  ", USEC_PER_HOUR);
        check_ok("0s", 0);
        check_ok("5 min", 5 * USEC_PER_MINUTE);
        check_ok("1m90s", 150 * USEC_PER_SEC);

        check_bad("5", -EINVAL, "\"5\"");
        check_bad("-5m", -EINVAL, "negative");
        check_bad("5w", -EINVAL, "\"w\"");
        check_bad("5 minutes", -EINVAL, "minutes");
        check_bad("", -EINVAL, "empty");
        check_bad("h", -EINVAL, "\"h\"");
        check_bad("1.5h", -EINVAL, "1.5h");
        check_bad("99999999999999999999h", -ERANGE, "99999999999999999999h");
        check_bad("5124095577h", -ERANGE, "too long");
        check_bad("2h30", -EINVAL, "30");
}

static void test_format(void) {
        char buf[DURATION_FORMAT_MAX];

        CHECK_STREQ(duration_format(buf, 0), "0s");
        CHECK_STREQ(duration_format(buf, 90 * USEC_PER_SEC), "1m30s");
        CHECK_STREQ(duration_format(buf, 2 * USEC_PER_HOUR + 30 * USEC_PER_MINUTE), "2h30m");
        CHECK_STREQ(duration_format(buf, 2 * USEC_PER_HOUR), "2h");
        CHECK_STREQ(duration_format(buf, 499999), "0s");
        CHECK_STREQ(duration_format(buf, 500000), "1s");
        CHECK_STREQ(duration_format(buf, USEC_INFINITY), "infinity");
        CHECK_STREQ(duration_format(buf, USEC_INFINITY - 1), "5124095576h1m50s");
}

static void test_roundtrip(void) {
        static const usec_t values[] = { 0, 1, 59, 60, 61, 3599, 3600, 3601, 86399, 86400 * 400 };

        for (size_t i = 0; i < ELEMENTSOF(values); i++) {
                char buf[DURATION_FORMAT_MAX];
                usec_t u;

                CHECK_EQ(duration_parse(duration_format(buf, values[i] * USEC_PER_SEC), &u, NULL), 0);
                CHECK_EQ(u, values[i] * USEC_PER_SEC);
        }
}

int main(void) {
        test_parse();
        test_format();
        test_roundtrip();
        return tap_finish("test-duration");
}
