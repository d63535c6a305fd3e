/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <time.h>

#include "ctl-status.h"
#include "tap.h"

/* Monday 2024-05-06 12:00:00 UTC. */
#define NOW (1714996800ULL * USEC_PER_SEC)

static const Style plain = { .color = false, .utf8 = true };

static Status working(void) {
        return (Status) {
                .state = (char *) "working",
                .busy_reason = (char *) "",
                .active = 72 * USEC_PER_MINUTE,
                .interval = 2 * USEC_PER_HOUR,
                .next_break = NOW + 48 * USEC_PER_MINUTE,
                .idle_source = (char *) "gnome",
                .breaks_today = 3,
                .skipped_today = 1,
                .sampled_at = NOW,
        };
}

static char *json_of(const Status *s, usec_t now) {
        MemStream m;
        Json j;

        if (!memstream_open(&m))
                return NULL;
        json_init(&j, m.f);
        status_json(&j, s, now);
        return memstream_steal(&m);
}

static void check_headline(const Status *s, usec_t now, const char *expected) {
        char *h = status_headline(s, now, &plain);

        CHECK_STREQ(h, expected);
        free(h);
}

static void test_describe(void) {
        Status s = working();

        check_headline(&s, NOW, "● Working — 1h 12m active, next break in 48m (at 12:48)");
        /* A minute later the active time has grown and the countdown shrunk. */
        check_headline(&s, NOW + USEC_PER_MINUTE + 1500 * USEC_PER_MSEC,
                       "● Working — 1h 13m active, next break in 46m 59s (at 12:48)");
        CHECK_EQ(status_active_at(&s, NOW + USEC_PER_MINUTE), 73 * USEC_PER_MINUTE);
        CHECK_EQ(status_percent(&s, NOW), 60);

        s.state = (char *) "idle";
        s.idle = true;
        check_headline(&s, NOW + USEC_PER_HOUR, "● Idle — 1h 12m active, next break after 48m more work");
        CHECK_EQ(status_active_at(&s, NOW + USEC_PER_HOUR), 72 * USEC_PER_MINUTE);

        s = working();
        s.state = (char *) "due";
        s.active = 2 * USEC_PER_HOUR + 3 * USEC_PER_MINUTE;
        check_headline(&s, NOW, "● Break due — 2h 3m active, time to move: limberctl break (or snooze, skip)");
        CHECK_EQ(status_percent(&s, NOW), 100);

        s = working();
        s.state = (char *) "paused";
        s.next_break = 0;
        s.paused_until = USEC_INFINITY;
        check_headline(&s, NOW, "● Paused — until resumed (limberctl resume)");
        s.paused_until = NOW + 90 * USEC_PER_MINUTE;
        check_headline(&s, NOW, "● Paused — until 13:30 (in 1h 30m)");

        s = working();
        s.state = (char *) "deferred";
        s.busy_reason = (char *) "do-not-disturb";
        s.next_break = NOW + 20 * USEC_PER_MINUTE;
        check_headline(&s, NOW, "● Held back — break due while busy (do-not-disturb), reminding anyway in 20m (at 12:20)");

        /* Busy no longer: the reminder follows after the grace, and says so. */
        s.busy_reason = (char *) "";
        s.next_break = NOW + 29 * USEC_PER_SEC;
        check_headline(&s, NOW, "● Held back — break due, resuming in 29s (at 12:00)");

        /* A guided break: which step, and how long it still lasts. */
        s = working();
        s.state = (char *) "on-break";
        s.break_step = 2;
        s.break_steps = 4;
        s.break_ends = NOW + 3 * USEC_PER_MINUTE + 20 * USEC_PER_SEC;
        check_headline(&s, NOW, "● On a break — step 2/4, 3m 20s left (limberctl done ends it)");
        CHECK_EQ(status_next_change(&s, NOW, USEC_PER_SEC), NOW + USEC_PER_SEC);

        /* Idle with the break due: not "after 0s more work". */
        s = working();
        s.state = (char *) "idle";
        s.idle = true;
        s.next_break = NOW;
        check_headline(&s, NOW, "● Idle — 1h 12m active, break due");

        /* Off hours: when reminders resume (limberd puts the next break at the work left
         * after that), not a countdown that moves every minute. */
        s = working();
        s.state = (char *) "off-hours";
        s.next_break = NOW + 21 * USEC_PER_HOUR + 48 * USEC_PER_MINUTE;     /* Tue 09:00 + 48m */
        check_headline(&s, NOW, "● Off hours — no reminders outside working hours; reminders resume tomorrow 09:00");

        s = working();
        s.state = (char *) "brand-new-state";
        check_headline(&s, NOW, "● brand-new-state — 1h 12m active");
}

static void test_json(void) {
        Status s = working();
        char *j;

        j = json_of(&s, NOW);
        CHECK_STREQ(j, "{\"state\":\"working\",\"busy_reason\":null,\"active_seconds\":4320,\"interval_seconds\":7200,"
                       "\"next_break_in_seconds\":2880,\"next_break_at\":\"2024-05-06T12:48:00+00:00\","
                       "\"reminder_again_in_seconds\":null,\"reminder_again_at\":null,\"paused_until\":null,"
                       "\"idle\":false,\"idle_source\":\"gnome\",\"breaks_today\":3,"
                       "\"skipped_today\":1,\"active_today_seconds\":0,\"presence_reason\":null,\"presence\":null,"
                       "\"posture\":null,\"current_exercise\":null,\"progress_percent\":60,"
                       "\"problems\":[],\"time\":\"2024-05-06T12:00:00+00:00\"}\n");
        free(j);

        s.state = (char *) "paused";
        s.next_break = 0;
        s.paused_until = USEC_INFINITY;
        j = json_of(&s, NOW);
        CHECK(j && strstr(j, "\"next_break_in_seconds\":null,\"next_break_at\":null,\"reminder_again_in_seconds\":null,"
                                  "\"reminder_again_at\":null,\"paused_until\":null"));
        free(j);
}

/* The status lists what stops limber from working, each line of Problems on a line of its own. */
static void test_problems(void) {
        char *problems[] = { (char *) "Cannot write /s/history: No space left on device (ENOSPC)",
                             (char *) "Cannot save the state to /s/state: Read-only file system (EROFS)", NULL };
        Status s = working();
        MemStream m;
        char *text;

        s.problems = problems;
        CHECK(memstream_open(&m));
        status_print(&s, NOW, &plain, m.f);
        text = memstream_steal(&m);
        CHECK(text && strstr(text, "  Problems: Cannot write /s/history: No space left on device (ENOSPC)\n"
                                   "            Cannot save the state to /s/state: Read-only file system (EROFS)\n"));
        free(text);

        s.problems = NULL;
        CHECK(memstream_open(&m));
        status_print(&s, NOW, &plain, m.f);
        text = memstream_steal(&m);
        CHECK(text && !strstr(text, "Problems"));
        free(text);
}

static void test_waybar(void) {
        Status s = working();
        char *w;

        w = status_waybar(&s, NOW);
        CHECK_STREQ(w, "{\"text\":\"48m\",\"tooltip\":\"Working — 1h 12m active, next break in 48m (at 12:48)"
                       "\\nToday: 3 breaks taken, 1 skipped\",\"class\":\"working\",\"percentage\":60}");
        free(w);

        /* Half a minute later nothing a minute-grained line shows has changed. */
        w = status_waybar(&s, NOW + 30 * USEC_PER_SEC);
        CHECK(w && strstr(w, "\"text\":\"48m\""));
        free(w);

        /* waybar reads text and tooltip as Pango markup: "<1m" is escaped. */
        s.next_break = NOW + 39 * USEC_PER_SEC;
        w = status_waybar(&s, NOW);
        CHECK(w && strstr(w, "\"text\":\"&lt;1m\"") && strstr(w, "next break in &lt;1m (at 12:00)") && !strchr(w, '<'));
        free(w);
        s.next_break = NOW + 48 * USEC_PER_MINUTE;
        w = status_waybar_stopped();
        CHECK_STREQ(w, "{\"text\":\"stopped\",\"tooltip\":\"limberd is not running\",\"class\":\"stopped\","
                       "\"percentage\":0}");
        free(w);

        s.state = (char *) "on-break";
        w = status_waybar(&s, NOW);
        CHECK(w && strstr(w, "\"text\":\"on break\"") && strstr(w, "\"class\":\"on-break\""));
        free(w);
}

/* Shown to the minute (watch piped, waybar), 39 seconds left are "<1m", never "1m". */
static void test_countdown_under_a_minute(void) {
        Status s = working();
        const char *label;
        char *detail = NULL;
        Color color;

        s.next_break = NOW + 39 * USEC_PER_SEC;
        CHECK_EQ(status_describe(&s, NOW, USEC_PER_MINUTE, &label, &color, &detail), 0);
        CHECK(detail && strstr(detail, "next break in <1m (at 12:00)"));
        free(detail);
        detail = NULL;
        /* 1m 39s rounds up, as a countdown does. */
        s.next_break = NOW + 99 * USEC_PER_SEC;
        CHECK_EQ(status_describe(&s, NOW, USEC_PER_MINUTE, &label, &color, &detail), 0);
        CHECK(detail && strstr(detail, "next break in 2m (at 12:01)"));
        free(detail);
        /* To the second, as on a terminal. */
        s.next_break = NOW + 39 * USEC_PER_SEC;
        check_headline(&s, NOW, "● Working — 1h 12m active, next break in 39s (at 12:00)");
}

static char *print_of(const Status *s, usec_t now) {
        MemStream m;

        if (!memstream_open(&m))
                return NULL;
        status_print(s, now, &plain, m.f);
        return memstream_steal(&m);
}

/* The progress line fits the state: toward the break actually planned, and none where no
 * count runs toward one. */
static void test_progress_fits_the_state(void) {
        Status s = working();
        char *p;

        p = print_of(&s, NOW);
        CHECK(p && strstr(p, "Progress: ") && strstr(p, " 60% of 2h\n"));
        free(p);

        /* Postponed by a snooze to 20h from now: 72 minutes of 21h12m is 5%, not 60% of 2h. */
        s.state = (char *) "snoozed";
        s.next_break = NOW + 20 * USEC_PER_HOUR;
        CHECK_EQ(status_percent(&s, NOW), 5);
        p = print_of(&s, NOW);
        CHECK(p && strstr(p, " 5% of 21h 12m\n"));
        free(p);

        s = working();
        s.state = (char *) "paused";
        s.next_break = 0;
        s.paused_until = USEC_INFINITY;
        p = print_of(&s, NOW);
        CHECK(p && !strstr(p, "Progress"));
        free(p);

        s = working();
        s.state = (char *) "on-break";
        p = print_of(&s, NOW);
        CHECK(p && !strstr(p, "Progress"));
        free(p);

        s = working();
        s.state = (char *) "due";
        CHECK_EQ(status_percent(&s, NOW), 60);
        s.active = 3 * USEC_PER_HOUR;
        CHECK_EQ(status_percent(&s, NOW), 100);
}

static void test_next_change(void) {
        Status s = working();

        CHECK_EQ(status_next_change(&s, NOW, USEC_PER_SEC), NOW + USEC_PER_SEC);
        CHECK_EQ(status_next_change(&s, NOW, USEC_PER_MINUTE), NOW + USEC_PER_MINUTE);
        CHECK_EQ(status_next_change(&s, NOW + 200 * USEC_PER_MSEC, USEC_PER_SEC), NOW + USEC_PER_SEC);

        /* Idle: the clock stands still. */
        s.state = (char *) "idle";
        s.idle = true;
        CHECK_EQ(status_next_change(&s, NOW, USEC_PER_SEC), USEC_INFINITY);

        /* Paused until resumed: nothing moves; until a time: the countdown does. */
        s = working();
        s.state = (char *) "paused";
        s.next_break = 0;
        s.paused_until = USEC_INFINITY;
        CHECK_EQ(status_next_change(&s, NOW, USEC_PER_MINUTE), USEC_INFINITY);
        s.paused_until = NOW + 90 * USEC_PER_SEC;
        CHECK_EQ(status_next_change(&s, NOW, USEC_PER_MINUTE), NOW + 30 * USEC_PER_SEC);
}

/* Why time counts without input, today's active time: in the text and the JSON. */
static void test_presence(void) {
        _cleanup_(memstream_done) MemStream m = {};
        _cleanup_(freep) char *text = NULL, *j = NULL;
        Status s = working();

        s.presence_reason = (char *) "camera";
        s.idle = false;
        s.active_today = 5 * USEC_PER_HOUR;
        s.today_sampled_at = NOW;
        CHECK_EQ(status_active_today_at(&s, NOW + USEC_PER_MINUTE), 5 * USEC_PER_HOUR + USEC_PER_MINUTE);
        CHECK_STREQ(status_presence_text(&s), "in a call: camera in use");

        CHECK(memstream_open(&m));
        status_print(&s, NOW + USEC_PER_MINUTE, &plain, m.f);
        text = memstream_steal(&m);
        CHECK(text && strstr(text, "     Today: 3 breaks taken, 1 skipped, 5h 1m active\n"));
        CHECK(text && strstr(text, "  Counting: in a call: camera in use, time without input counts\n"));

        j = json_of(&s, NOW);
        CHECK(j && strstr(j, "\"active_today_seconds\":18000,\"presence_reason\":\"camera\","
                             "\"presence\":\"in a call: camera in use\""));

        /* Paused: the camera is in use, but nothing counts, so no Counting line. */
        s.state = (char *) "paused";
        {
                _cleanup_(memstream_done) MemStream p = {};
                _cleanup_(freep) char *paused = NULL;

                CHECK(memstream_open(&p));
                status_print(&s, NOW, &plain, p.f);
                paused = memstream_steal(&p);
                CHECK(paused && !strstr(paused, "Counting"));
        }
        s.state = (char *) "working";

        /* Idle: nothing counts, nothing grows. */
        s.presence_reason = (char *) "";
        s.state = (char *) "idle";
        s.idle = true;
        CHECK(!status_presence_text(&s));
        CHECK_EQ(status_active_today_at(&s, NOW + USEC_PER_HOUR), 5 * USEC_PER_HOUR);
        s.presence_reason = (char *) "idle-inhibited";
        CHECK(strstr(status_presence_text(&s), "idle inhibitor"));
}

int main(void) {
        setenv("TZ", "UTC0", 1);
        tzset();

        test_describe();
        test_json();
        test_waybar();
        test_problems();
        test_countdown_under_a_minute();
        test_progress_fits_the_state();
        test_next_change();
        test_presence();
        return tap_finish("test-ctl-status");
}
