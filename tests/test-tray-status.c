/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the panel icon shows per state (tray/tray-status.c): icons, progress steps and their
 * timer, the item's status, the texts and which menu items apply. */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "tray/tray-status.h"

#define MIN_ (USEC_PER_MINUTE)
/* 2026-12-01 14:30:00 UTC */
#define AT_1430 ((usec_t) 1796135400 * USEC_PER_SEC)

static TrayStatus working(usec_t active, usec_t left) {
        return (TrayStatus) {
                .state = SCHEDULER_WORKING,
                .active_usec = active,
                .break_in_usec = left,
                .next_break_realtime = AT_1430,
                .snooze_usec = 10 * MIN_,
        };
}

static void test_progress(void) {
        TrayStatus s;

        CHECK_EQ(tray_progress_step(0, 120 * MIN_), 0);
        CHECK_EQ(tray_progress_step(29 * MIN_, 91 * MIN_), 0);
        CHECK_EQ(tray_progress_step(30 * MIN_, 90 * MIN_), 1);
        CHECK_EQ(tray_progress_step(60 * MIN_, 60 * MIN_), 2);
        CHECK_EQ(tray_progress_step(90 * MIN_, 30 * MIN_), 3);
        CHECK_EQ(tray_progress_step(119 * MIN_, 1 * MIN_), 3);
        CHECK_EQ(tray_progress_step(120 * MIN_, 0), 3);
        CHECK_EQ(tray_progress_step(5 * MIN_, USEC_INFINITY), 0);
        CHECK_EQ(tray_progress_step(0, 0), 0);

        /* The next step comes after exactly the active time that reaches it. */
        s = working(10 * MIN_, 110 * MIN_);
        CHECK_EQ(tray_next_step_in(&s), 20 * MIN_);
        s = working(30 * MIN_, 90 * MIN_);
        CHECK_EQ(tray_next_step_in(&s), 30 * MIN_);
        s = working(95 * MIN_, 25 * MIN_);
        CHECK_EQ(tray_next_step_in(&s), USEC_INFINITY);       /* the last step: until due */
        /* Odd totals round up: never a step early. */
        s = working(0, 7);
        CHECK_EQ(tray_next_step_in(&s), 2);
        CHECK_EQ(tray_progress_step(2, 5), 1);
        CHECK_EQ(tray_progress_step(1, 6), 0);
        /* Idle: the active time stands still, no timer. */
        s = working(10 * MIN_, 110 * MIN_);
        s.state = SCHEDULER_IDLE;
        CHECK_EQ(tray_next_step_in(&s), USEC_INFINITY);
        s.state = SCHEDULER_PAUSED;
        CHECK_EQ(tray_next_step_in(&s), USEC_INFINITY);
}

static void test_icons(void) {
        TrayStatus s = working(70 * MIN_, 50 * MIN_);

        CHECK_STREQ(tray_icon_name(&s), "limber-working-2");
        CHECK_STREQ(tray_item_status(&s), "Active");
        s.state = SCHEDULER_IDLE;
        CHECK_STREQ(tray_icon_name(&s), "limber-working-2");
        s.state = SCHEDULER_DUE;
        CHECK_STREQ(tray_icon_name(&s), "limber-due");
        CHECK_STREQ(tray_item_status(&s), "NeedsAttention");
        s.state = SCHEDULER_SNOOZED;
        CHECK_STREQ(tray_icon_name(&s), "limber-working-3");
        CHECK_STREQ(tray_item_status(&s), "Active");
        s.state = SCHEDULER_DEFERRED;
        CHECK_STREQ(tray_icon_name(&s), "limber-deferred");
        CHECK_STREQ(tray_item_status(&s), "Active");
        s.state = SCHEDULER_ON_BREAK;
        CHECK_STREQ(tray_icon_name(&s), "limber-break");
        s.state = SCHEDULER_PAUSED;
        CHECK_STREQ(tray_icon_name(&s), "limber-paused");
        s.state = SCHEDULER_OFF_HOURS;
        CHECK_STREQ(tray_icon_name(&s), "limber-off-hours");
        CHECK_STREQ(tray_item_status(&s), "Passive");
}

static void test_texts(void) {
        char b[TRAY_TEXT_MAX];
        TrayStatus s = working(10 * MIN_, 110 * MIN_);

        CHECK_STREQ(tray_state_text(b, &s), "Working: next break at 14:30");
        s.state = SCHEDULER_IDLE;
        CHECK_STREQ(tray_state_text(b, &s), "Away from the desk: next break after 1 h 50 min more work");
        s.state = SCHEDULER_DUE;
        CHECK_STREQ(tray_state_text(b, &s), "A break is due");
        s.state = SCHEDULER_SNOOZED;
        CHECK_STREQ(tray_state_text(b, &s), "Break snoozed until 14:30");
        s.state = SCHEDULER_DEFERRED;
        s.busy_reason = "do-not-disturb";
        CHECK_STREQ(tray_state_text(b, &s), "A break is due, held back while you are busy (do-not-disturb)");
        s.state = SCHEDULER_ON_BREAK;
        CHECK_STREQ(tray_state_text(b, &s), "On a break");
        s.state = SCHEDULER_PAUSED;
        s.paused_until_realtime = USEC_INFINITY;
        CHECK_STREQ(tray_state_text(b, &s), "Paused until resumed");
        s.paused_until_realtime = AT_1430 + 45 * MIN_;
        CHECK_STREQ(tray_state_text(b, &s), "Paused until 15:15");
        s.state = SCHEDULER_OFF_HOURS;
        CHECK_STREQ(tray_state_text(b, &s), "Outside working hours");

        CHECK_STREQ(tray_today_text(b, &s), "No breaks yet today");
        s.breaks_today = 1;
        CHECK_STREQ(tray_today_text(b, &s), "1 break today");
        s.breaks_today = 3;
        CHECK_STREQ(tray_today_text(b, &s), "3 breaks today");
}

static void test_menu(void) {
        MenuItem items[_TRAY_MENU_MAX];
        TrayStatus s = working(10 * MIN_, 110 * MIN_);

        tray_menu_build(&s, items);
        CHECK_EQ(items[TRAY_MENU_ROOT].parent, -1);
        CHECK(items[TRAY_MENU_ROOT].submenu);
        CHECK(!items[TRAY_MENU_STATE].enabled);
        CHECK_STREQ(items[TRAY_MENU_STATE].label, "Working: next break at 14:30");
        CHECK(items[TRAY_MENU_SEPARATOR_1].separator);
        CHECK(items[TRAY_MENU_START_BREAK].enabled);
        CHECK_STREQ(items[TRAY_MENU_SNOOZE].label, "Snooze for 10 minutes");
        CHECK(!items[TRAY_MENU_SNOOZE].enabled);
        CHECK(!items[TRAY_MENU_SKIP].enabled);
        CHECK(items[TRAY_MENU_PAUSE_HOUR].visible && items[TRAY_MENU_PAUSE_HOUR].enabled);
        CHECK(items[TRAY_MENU_PAUSE].visible);
        CHECK(!items[TRAY_MENU_RESUME].visible);
        /* No submenu: a disabled heading, the durations in the menu itself. */
        CHECK(!items[TRAY_MENU_LOG_BREAK].submenu && !items[TRAY_MENU_LOG_BREAK].enabled);
        for (int id = TRAY_MENU_LOG_FIRST; id <= TRAY_MENU_LOG_LAST; id++)
                CHECK(items[id].parent == TRAY_MENU_ROOT && !items[id].submenu && items[id].enabled);
        CHECK_STREQ(items[TRAY_MENU_LOG_FIRST].label, "5 minutes");
        CHECK_STREQ(items[TRAY_MENU_LOG_LAST].label, "1 hour");
        CHECK_EQ(tray_log_duration(TRAY_MENU_LOG_FIRST), 5 * MIN_);
        CHECK_EQ(tray_log_duration(TRAY_MENU_LOG_LAST), 60 * MIN_);
        CHECK_EQ(tray_log_duration(TRAY_MENU_SNOOZE), 0);

        s.state = SCHEDULER_DUE;
        s.snooze_usec = USEC_PER_HOUR;
        tray_menu_build(&s, items);
        CHECK(items[TRAY_MENU_SNOOZE].enabled && items[TRAY_MENU_SKIP].enabled);
        CHECK_STREQ(items[TRAY_MENU_SNOOZE].label, "Snooze for 1 hour");
        CHECK_STREQ(items[TRAY_MENU_SKIP].label, "Skip this break");
        s.snooze_usec = 90 * USEC_PER_SEC;
        tray_menu_build(&s, items);
        CHECK_STREQ(items[TRAY_MENU_SNOOZE].label, "Snooze for 1 min 30 s");
        s.snooze_usec = MIN_;
        tray_menu_build(&s, items);
        CHECK_STREQ(items[TRAY_MENU_SNOOZE].label, "Snooze for 1 minute");

        s.state = SCHEDULER_ON_BREAK;
        tray_menu_build(&s, items);
        CHECK(!items[TRAY_MENU_START_BREAK].enabled);
        CHECK(!items[TRAY_MENU_SNOOZE].enabled);
        CHECK(items[TRAY_MENU_SKIP].enabled);
        CHECK_STREQ(items[TRAY_MENU_SKIP].label, "Skip the rest of this break");
        CHECK(!items[TRAY_MENU_PAUSE].enabled);
        CHECK(!items[TRAY_MENU_LOG_BREAK].enabled && !items[TRAY_MENU_LOG_FIRST].enabled);

        s.state = SCHEDULER_PAUSED;
        tray_menu_build(&s, items);
        CHECK(!items[TRAY_MENU_PAUSE_HOUR].visible && !items[TRAY_MENU_PAUSE].visible);
        CHECK(items[TRAY_MENU_RESUME].visible && items[TRAY_MENU_RESUME].enabled);
        CHECK(!items[TRAY_MENU_SNOOZE].enabled && !items[TRAY_MENU_SKIP].enabled);
        CHECK(items[TRAY_MENU_START_BREAK].enabled);

        s.state = SCHEDULER_DEFERRED;
        tray_menu_build(&s, items);
        CHECK(items[TRAY_MENU_SNOOZE].enabled && items[TRAY_MENU_SKIP].enabled);
}

/* Every name the item can show is shipped, full-colour and symbolic (dir: the icons' folder). */
static void test_icon_files(const char *dir) {
        for (SchedulerState st = 0; st < _SCHEDULER_STATE_MAX; st++)
                for (usec_t active = 0; active <= 120 * MIN_; active += 10 * MIN_) {
                        TrayStatus s = working(active, 120 * MIN_ - active);
                        char path[512];

                        s.state = st;
                        for (int symbolic = 0; symbolic <= 1; symbolic++) {
                                snprintf(path, sizeof(path), "%s/%s%s.svg", dir, tray_icon_name(&s),
                                         symbolic ? "-symbolic" : "");
                                if (access(path, R_OK) < 0)
                                        fprintf(stderr, "missing: %s\n", path);
                                CHECK(access(path, R_OK) == 0);
                        }
                }
}

int main(int argc, char **argv) {
        setenv("TZ", "UTC", 1);
        tzset();
        test_progress();
        test_icons();
        test_texts();
        test_menu();
        if (argc > 1)
                test_icon_files(argv[1]);
        return tap_finish("test-tray-status");
}
