/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the notifications say (notify-texts.c): the exercise first, the safety line on every
 * reminder and step, the full rules only when asked for, summaries whose first 40 characters
 * say the essential, labels that say what they do. */
#include <stdlib.h>
#include <string.h>

#include "notify/notify-texts.h"
#include "tap.h"

static char *steps[] = {
        (char *) "Sit up straight, feet flat on the floor, knees about shoulder-width apart.",
        (char *) "Bend your arms and put your hands on your shoulders.",
        (char *) "Slowly circle your shoulders in one direction, keeping the movement smooth.",
        (char *) "Then circle the same number of times in the other direction.",
        NULL,
};
static char *rules[] = {
        (char *) "Move slowly and smoothly, without jerking.",
        (char *) "Stop at once if you feel pain or discomfort, and rest.",
        NULL,
};
static const Exercise rotation = {
        .id = (char *) "shoulder-rotation",
        .name = (char *) "Shoulder rotation",
        .posture = POSTURE_SEATED,
        .dose = (char *) "10 circles each way",
        .steps = steps,
        .caution = (char *) "Turn only as far as feels comfortable.",
};

/* The line (0-based) of body that holds needle, or -1. */
static int line_of(const char *body, const char *needle) {
        const char *at = strstr(body, needle);
        int n = 0;

        if (!at)
                return -1;
        for (const char *p = body; p < at; p++)
                n += *p == '\n';
        return n;
}

static void check_exercise_first(const NotifyText *t) {
        CHECK_EQ(line_of(t->body, "10 circles each way"), 0);
        CHECK_EQ(line_of(t->body, NOTIFY_SAFETY_LINE), 1);   /* before what a small box cuts */
        CHECK_EQ(line_of(t->body, "1. Sit up straight"), 2);
        CHECK_EQ(line_of(t->body, "4. Then circle"), 5);
        CHECK_EQ(line_of(t->body, "Caution: Turn only"), 6);
}

/* The reminder is short: the dose, the safety line, the first step; nothing more (the whole
 * steps, the caution and the rules are in the guided break). */
static void test_reminder(void) {
        NotifyText t = {};

        CHECK_EQ(notify_text_reminder(&rotation, &t), 0);
        CHECK_STREQ(t.summary, "Time for a break: Shoulder rotation");
        CHECK(strlen("Time for a break") <= NOTIFY_SUMMARY_ESSENTIAL);
        CHECK_EQ(line_of(t.body, "10 circles each way"), 0);
        CHECK_EQ(line_of(t.body, NOTIFY_SAFETY_LINE), 1);
        CHECK_EQ(line_of(t.body, "Sit up straight, feet flat on the floor"), 2);
        CHECK(!strchr(strstr(t.body, "Sit up straight"), '\n'));  /* the last line */
        CHECK(!strstr(t.body, "Caution"));
        CHECK(!strstr(t.body, "Bend your arms"));
        notify_text_done(&t);

        /* No exercise at all: still the safety line. */
        CHECK_EQ(notify_text_reminder(NULL, &t), 0);
        CHECK_STREQ(t.summary, "Time for a break");
        CHECK_STREQ(t.body, NOTIFY_SAFETY_LINE);
        notify_text_done(&t);
}

static void test_steps(void) {
        NotifyText t = {};

        /* Step 1 is like the others: the exercise, the safety line, its time. */
        for (unsigned step = 0; step < 4; step++) {
                char summary[64];

                CHECK_EQ(notify_text_step(&rotation, step, 4, 75 * USEC_PER_SEC, NULL, &t), 0);
                snprintf(summary, sizeof(summary), "Break %u/4: Shoulder rotation", step + 1);
                CHECK_STREQ(t.summary, summary);
                check_exercise_first(&t);
                CHECK_EQ(line_of(t.body, "About 1 min 15 s for this one."), 7);
                CHECK(!strstr(t.body, "Move slowly"));
                notify_text_done(&t);
        }

        CHECK_EQ(notify_text_step(&rotation, 0, 4, 10 * USEC_PER_SEC, rules, &t), 0);
        CHECK_EQ(line_of(t.body, "About 10 s for this one."), 7);
        CHECK(line_of(t.body, "• Move slowly") > 7);
        notify_text_done(&t);

        CHECK_EQ(notify_text_step(NULL, 1, 2, 10 * USEC_PER_SEC, NULL, &t), 0);
        CHECK_STREQ(t.summary, "Break 2/2: move and stretch");
        CHECK_EQ(line_of(t.body, NOTIFY_SAFETY_LINE), 0);
        notify_text_done(&t);
}

static void test_micro(void) {
        NotifyText t = {};

        CHECK_EQ(notify_text_micro(&rotation, &t), 0);
        CHECK_STREQ(t.summary, "Quick move: Shoulder rotation");
        check_exercise_first(&t);
        notify_text_done(&t);
}

static void test_summaries_fit(void) {
        static const char *names[] = { "Neck tilt", "A very long exercise name that goes on and on and on", NULL };
        NotifyText t = {};

        /* Whatever the name, the first 40 characters say what the notification is. */
        for (const char **n = names; *n; n++) {
                Exercise e = rotation;

                e.name = (char *) *n;
                CHECK_EQ(notify_text_reminder(&e, &t), 0);
                CHECK(strncmp(t.summary, "Time for a break", 16) == 0);
                notify_text_done(&t);
                CHECK_EQ(notify_text_step(&e, 2, 4, 0, NULL, &t), 0);
                CHECK(strncmp(t.summary, "Break 3/4: ", 11) == 0);
                notify_text_done(&t);
        }
}

static void test_break_over(void) {
        NotifyText t = {};

        CHECK_EQ(notify_text_break_over(HISTORY_TAKEN, 5 * USEC_PER_MINUTE, &t), 0);
        CHECK(strlen(t.summary) <= NOTIFY_SUMMARY_ESSENTIAL);
        CHECK(strncmp(t.summary, "Break over", 10) == 0);
        CHECK_STREQ(t.body, "Recorded a break of 5 min.");
        notify_text_done(&t);

        CHECK_EQ(notify_text_break_over(HISTORY_SKIPPED, 40 * USEC_PER_SEC, &t), 0);
        CHECK(strstr(t.body, "skipped after 40 s"));
        notify_text_done(&t);
}

static void test_problems(void) {
        char *one[] = { (char *) "/home/u/.config/limber/limber.ini:2: schedule.snoze: unknown key", NULL };
        char *two[] = { one[0], (char *) "no notification server: reminders cannot be shown", NULL };
        NotifyText t = {};

        CHECK_EQ(notify_text_problems(one, &t), 0);
        CHECK_STREQ(t.summary, "limber: a problem needs you");
        CHECK_EQ(line_of(t.body, "limber.ini:2: schedule.snoze"), 0);
        CHECK(strstr(t.body, "limberctl status"));
        notify_text_done(&t);

        CHECK_EQ(notify_text_problems(two, &t), 0);
        CHECK_STREQ(t.summary, "limber: 2 problems need you");
        CHECK_EQ(line_of(t.body, "no notification server"), 1);
        notify_text_done(&t);
}

static void test_labels(void) {
        char b[NOTIFY_LABEL_MAX];

        CHECK_STREQ(notify_label_snooze(b, 10 * USEC_PER_MINUTE), "Snooze 10 min");
        CHECK_STREQ(notify_label_snooze(b, 2 * USEC_PER_SEC), "Snooze 2 s");
        CHECK_STREQ(notify_label_snooze(b, USEC_PER_HOUR), "Snooze 1 h");
        CHECK_STREQ(notify_label_snooze(b, 90 * USEC_PER_MINUTE), "Snooze");   /* 17: too long */
        CHECK_STREQ(notify_label_snooze(b, 24 * USEC_PER_HOUR), "Snooze 24 h");
}

int main(void) {
        test_reminder();
        test_steps();
        test_micro();
        test_summaries_fit();
        test_break_over();
        test_problems();
        test_labels();
        return tap_finish("test-notify-texts");
}
