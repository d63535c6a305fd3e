/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the panel icon shows: pure functions from a TrayStatus to icon names and texts (see
 * tray-status.h). The texts are whole sentences with printf formats, translated (plural forms
 * through ngettext()). */
#include <stdio.h>
#include <time.h>

#include "tray/tray-status.h"
#include "util/duration.h"
#include "util/i18n.h"

bool tray_status_equal(const TrayStatus *a, const TrayStatus *b) {
        return a->state == b->state && a->active_usec == b->active_usec &&
               a->break_in_usec == b->break_in_usec && a->next_break_realtime == b->next_break_realtime &&
               a->paused_until_realtime == b->paused_until_realtime && a->snooze_usec == b->snooze_usec &&
               a->breaks_today == b->breaks_today && streq_ptr(a->busy_reason, b->busy_reason);
}

static bool shows_progress(SchedulerState state) {
        return state == SCHEDULER_WORKING || state == SCHEDULER_IDLE;
}

unsigned tray_progress_step(usec_t active_usec, usec_t break_in_usec) {
        usec_t total = usec_add(active_usec, break_in_usec);

        if (break_in_usec == USEC_INFINITY || total == 0)
                return 0;
        /* Step k from k/STEPS of the way on; the last one stays until the break is due. */
        return (unsigned) MIN((usec_t) (TRAY_PROGRESS_STEPS - 1),
                              (usec_t) ((long double) active_usec * TRAY_PROGRESS_STEPS / total));
}

usec_t tray_next_step_in(const TrayStatus *s) {
        usec_t total = usec_add(s->active_usec, s->break_in_usec);
        unsigned step;
        usec_t boundary;

        /* Idle: the active time does not grow, nothing changes until the state does. */
        if (s->state != SCHEDULER_WORKING || s->break_in_usec == USEC_INFINITY)
                return USEC_INFINITY;
        step = tray_progress_step(s->active_usec, s->break_in_usec);
        if (step + 1 >= TRAY_PROGRESS_STEPS)
                return USEC_INFINITY;
        /* Rounded up: at the boundary the step has changed, never a moment before it. */
        boundary = (usec_t) (((long double) total * (step + 1) + TRAY_PROGRESS_STEPS - 1) /
                             TRAY_PROGRESS_STEPS);
        return boundary > s->active_usec ? boundary - s->active_usec : 1;
}

const char *tray_icon_name(const TrayStatus *s) {
        static const char * const progress[TRAY_PROGRESS_STEPS] = {
                "limber-working-0", "limber-working-1", "limber-working-2", "limber-working-3",
        };

        switch (s->state) {
        case SCHEDULER_DUE:
                return TRAY_ATTENTION_ICON;
        case SCHEDULER_SNOOZED:
                /* Due, put off for a while: the full clock, without the alarm. */
                return progress[TRAY_PROGRESS_STEPS - 1];
        case SCHEDULER_DEFERRED:
                return "limber-deferred";
        case SCHEDULER_ON_BREAK:
                return "limber-break";
        case SCHEDULER_PAUSED:
                return "limber-paused";
        case SCHEDULER_OFF_HOURS:
                return "limber-off-hours";
        default:
                return progress[shows_progress(s->state) ?
                                tray_progress_step(s->active_usec, s->break_in_usec) : 0];
        }
}

const char *tray_item_status(const TrayStatus *s) {
        if (s->state == SCHEDULER_DUE)
                return "NeedsAttention";
        if (s->state == SCHEDULER_OFF_HOURS)
                return "Passive";
        return "Active";
}

/* "14:30" in the local time zone. */
static const char *clock_text(char buf[static 16], usec_t realtime) {
        time_t t = (time_t) (realtime / USEC_PER_SEC);
        struct tm tm;

        if (!localtime_r(&t, &tm) || strftime(buf, 16, "%H:%M", &tm) == 0)
                snprintf(buf, 16, "?");
        return buf;
}

char *tray_state_text(char buf[static TRAY_TEXT_MAX], const TrayStatus *s) {
        char c[16], d[DURATION_TEXT_MAX];

        switch (s->state) {
        case SCHEDULER_WORKING:
                if (s->next_break_realtime == 0)
                        snprintf(buf, TRAY_TEXT_MAX, _("Working"));
                else
                        snprintf(buf, TRAY_TEXT_MAX, _("Working: next break at %s"),
                                 clock_text(c, s->next_break_realtime));
                break;
        case SCHEDULER_IDLE:
                /* Away, the clock time of the break moves on with every minute; the work left
                 * before it does not. */
                if (s->break_in_usec == USEC_INFINITY)
                        snprintf(buf, TRAY_TEXT_MAX, _("Away from the desk"));
                else
                        snprintf(buf, TRAY_TEXT_MAX, _("Away from the desk: next break after %s more work"),
                                 i18n_format_duration(d, s->break_in_usec));
                break;
        case SCHEDULER_DUE:
                snprintf(buf, TRAY_TEXT_MAX, _("A break is due"));
                break;
        case SCHEDULER_SNOOZED:
                if (s->next_break_realtime == 0)
                        snprintf(buf, TRAY_TEXT_MAX, _("Break snoozed"));
                else
                        snprintf(buf, TRAY_TEXT_MAX, _("Break snoozed until %s"),
                                 clock_text(c, s->next_break_realtime));
                break;
        case SCHEDULER_DEFERRED:
                if (isempty(s->busy_reason))
                        snprintf(buf, TRAY_TEXT_MAX, _("A break is due, held back while you are busy"));
                else
                        snprintf(buf, TRAY_TEXT_MAX, _("A break is due, held back while you are busy (%s)"),
                                 s->busy_reason);
                break;
        case SCHEDULER_ON_BREAK:
                snprintf(buf, TRAY_TEXT_MAX, _("On a break"));
                break;
        case SCHEDULER_PAUSED:
                if (s->paused_until_realtime == 0 || s->paused_until_realtime == USEC_INFINITY)
                        snprintf(buf, TRAY_TEXT_MAX, _("Paused until resumed"));
                else
                        snprintf(buf, TRAY_TEXT_MAX, _("Paused until %s"),
                                 clock_text(c, s->paused_until_realtime));
                break;
        case SCHEDULER_OFF_HOURS:
                snprintf(buf, TRAY_TEXT_MAX, _("Outside working hours"));
                break;
        default:
                snprintf(buf, TRAY_TEXT_MAX, _("Starting"));
                break;
        }
        return buf;
}

char *tray_today_text(char buf[static TRAY_TEXT_MAX], const TrayStatus *s) {
        if (s->breaks_today == 0)
                snprintf(buf, TRAY_TEXT_MAX, _("No breaks yet today"));
        else
                snprintf(buf, TRAY_TEXT_MAX, ngettext("%u break today", "%u breaks today", s->breaks_today),
                         s->breaks_today);
        return buf;
}

/* "Snooze for 10 minutes", in the largest whole unit, else as a duration ("Snooze for 1 min 30 s"). */
static void snooze_label(char buf[static MENU_LABEL_MAX], usec_t snooze) {
        char d[DURATION_TEXT_MAX];

        if (snooze % USEC_PER_HOUR == 0) {
                unsigned n = (unsigned) (snooze / USEC_PER_HOUR);
                snprintf(buf, MENU_LABEL_MAX, ngettext("Snooze for %u hour", "Snooze for %u hours", n), n);
        } else if (snooze % USEC_PER_MINUTE == 0) {
                unsigned n = (unsigned) (snooze / USEC_PER_MINUTE);
                snprintf(buf, MENU_LABEL_MAX, ngettext("Snooze for %u minute", "Snooze for %u minutes", n), n);
        } else
                snprintf(buf, MENU_LABEL_MAX, _("Snooze for %s"), i18n_format_duration(d, snooze));
}

static const usec_t log_durations[] = {
        5 * USEC_PER_MINUTE, 10 * USEC_PER_MINUTE, 15 * USEC_PER_MINUTE, 30 * USEC_PER_MINUTE, USEC_PER_HOUR,
};
_Static_assert(ELEMENTSOF(log_durations) == TRAY_MENU_LOG_LAST - TRAY_MENU_LOG_FIRST + 1,
               "one duration per Log a break item");

usec_t tray_log_duration(int id) {
        if (id < TRAY_MENU_LOG_FIRST || id > TRAY_MENU_LOG_LAST)
                return 0;
        return log_durations[id - TRAY_MENU_LOG_FIRST];
}

static void log_label(char buf[static MENU_LABEL_MAX], usec_t usec) {
        if (usec % USEC_PER_HOUR == 0) {
                unsigned n = (unsigned) (usec / USEC_PER_HOUR);
                snprintf(buf, MENU_LABEL_MAX, ngettext("%u hour", "%u hours", n), n);
        } else {
                unsigned n = (unsigned) (usec / USEC_PER_MINUTE);
                snprintf(buf, MENU_LABEL_MAX, ngettext("%u minute", "%u minutes", n), n);
        }
}

static void item(MenuItem *i, int parent, const char *label, bool enabled) {
        *i = (MenuItem) { .parent = parent, .enabled = enabled, .visible = true };
        snprintf(i->label, sizeof(i->label), "%s", strempty(label));
}

void tray_menu_build(const TrayStatus *s, MenuItem items[static _TRAY_MENU_MAX]) {
        bool on_break = s->state == SCHEDULER_ON_BREAK, paused = s->state == SCHEDULER_PAUSED;
        bool due = s->state == SCHEDULER_DUE || s->state == SCHEDULER_SNOOZED ||
                   s->state == SCHEDULER_DEFERRED;
        char text[TRAY_TEXT_MAX];

        /* Enabled exactly when limberd would accept the command (scheduler.h). */
        item(&items[TRAY_MENU_ROOT], -1, NULL, true);
        items[TRAY_MENU_ROOT].submenu = true;
        item(&items[TRAY_MENU_STATE], TRAY_MENU_ROOT, tray_state_text(text, s), false);
        item(&items[TRAY_MENU_SEPARATOR_1], TRAY_MENU_ROOT, NULL, true);
        item(&items[TRAY_MENU_START_BREAK], TRAY_MENU_ROOT, _("Start a break now"), !on_break);
        item(&items[TRAY_MENU_SNOOZE], TRAY_MENU_ROOT, NULL, due && !paused);
        snooze_label(items[TRAY_MENU_SNOOZE].label, s->snooze_usec);
        item(&items[TRAY_MENU_SKIP], TRAY_MENU_ROOT,
             on_break ? _("Skip the rest of this break") : _("Skip this break"),
             due || on_break);
        item(&items[TRAY_MENU_SEPARATOR_2], TRAY_MENU_ROOT, NULL, true);
        /* Pause while not paused, Resume while paused: one or the other is shown. */
        item(&items[TRAY_MENU_PAUSE_HOUR], TRAY_MENU_ROOT, _("Pause for 1 hour"), !on_break);
        items[TRAY_MENU_PAUSE_HOUR].visible = !paused;
        item(&items[TRAY_MENU_PAUSE], TRAY_MENU_ROOT, _("Pause until resumed"), !on_break);
        items[TRAY_MENU_PAUSE].visible = !paused;
        item(&items[TRAY_MENU_RESUME], TRAY_MENU_ROOT, _("Resume reminders"), paused);
        items[TRAY_MENU_RESUME].visible = paused;
        item(&items[TRAY_MENU_SEPARATOR_3], TRAY_MENU_ROOT, NULL, true);
        /* A heading and its durations in the menu itself, not a submenu: the icon sits at the
         * panel's right end, and Plasma on Wayland opens a submenu to the right of the menu,
         * off the screen. */
        item(&items[TRAY_MENU_LOG_BREAK], TRAY_MENU_ROOT, _("Log a break"), false);
        for (int id = TRAY_MENU_LOG_FIRST; id <= TRAY_MENU_LOG_LAST; id++) {
                item(&items[id], TRAY_MENU_ROOT, NULL, !on_break);
                log_label(items[id].label, tray_log_duration(id));
        }
        items[TRAY_MENU_SEPARATOR_1].separator = true;
        items[TRAY_MENU_SEPARATOR_2].separator = true;
        items[TRAY_MENU_SEPARATOR_3].separator = true;
}
