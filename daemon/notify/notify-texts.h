/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The texts of limber's notifications, apart from how they are shown (notify.c).
 *
 * Notifications are small: GNOME shows about six lines of body, dunst and mako's defaults
 * fewer. So every text puts the exercise first (dose, then the steps; the reminder only the
 * first), then one short safety line, and only then anything else; a summary says the essential within its first
 * NOTIFY_SUMMARY_ESSENTIAL characters. Every user-facing string is one whole sentence with a
 * printf format, ready for gettext. */

#include "core/catalog.h"
#include "core/history.h"
#include "util/i18n.h"
#include "util/util.h"

/* The caution shown on every reminder and every step (the seeds' "stop if pain or discomfort
 * occurs"; the whole rules are in the first reminder of the day). */
#define NOTIFY_SAFETY_LINE N_("Stop if you feel pain or discomfort.")

/* A summary's first this many characters say what it is about. */
#define NOTIFY_SUMMARY_ESSENTIAL 40

/* Long enough for any button label. */
#define NOTIFY_LABEL_MAX 64
/* What a button label may take, in characters, in every language: GNOME Shell cuts longer
 * ones ("Um 10 Min. vers…") and Plasma wraps them (tests/test_button_labels.py checks every
 * catalog). */
#define NOTIFY_LABEL_FIT 14

typedef struct NotifyText {
        char *summary;
        char *body;
} NotifyText;

void notify_text_done(NotifyText *t);

/* The break reminder for e (NULL: a break without exercises): short, the dose, the safety
 * line and the first step. */
int notify_text_reminder(const Exercise *e, NotifyText *ret);
/* Today's active time reached the daily limit. */
int notify_text_daily_limit(usec_t active_today, NotifyText *ret);
/* A posture nudge with one quick move. */
int notify_text_micro(const Exercise *e, NotifyText *ret);
/* Step `step` (0-based) of n_steps of a guided break, lasting step_duration. rules as for the
 * reminder (when the day's first break did not start from a reminder). */
int notify_text_step(const Exercise *e, unsigned step, unsigned n_steps, usec_t step_duration,
                     char * const *rules, NotifyText *ret);
/* The short notice once a guided break ended: what was recorded. */
int notify_text_break_over(HistoryKind kind, usec_t duration, NotifyText *ret);
/* The one-time notice that something stops limber from working as configured. */
int notify_text_problems(char * const *problems, NotifyText *ret);

/* The Snooze button's label, e.g. "Snooze 10 min", or "Snooze" for "Snooze 1 h 30 min",
 * longer than NOTIFY_LABEL_FIT. Returns buf. */
char *notify_label_snooze(char buf[static NOTIFY_LABEL_MAX], usec_t snooze);
