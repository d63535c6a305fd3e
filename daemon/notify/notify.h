/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Desktop notifications. One notification at a time: the reminder, which a guided break then
 * updates step by step (and a posture nudge beside it). libnotify (and GLib, GIO, gdk-pixbuf
 * with it) is loaded in a helper process, limber-notify, that this module starts when there is
 * something to show and ends once nothing is on screen: limberd itself stays small while it
 * waits. The calls here never wait for the server: they return once the request is queued (a
 * newer request replaces one still waiting), a failure is logged, and actions arrive through
 * the event loop. The protocol is in notify-protocol.h. */

#include <systemd/sd-event.h>

#include "core/catalog.h"
#include "core/history.h"
#include "util/i18n.h"
#include "util/util.h"

typedef struct Notifier Notifier;

typedef enum NotifierUrgency {
        NOTIFIER_URGENCY_LOW,           /* held back while busy, then sent quietly */
        NOTIFIER_URGENCY_NORMAL,
        NOTIFIER_URGENCY_CRITICAL,      /* past interval + max-postpone */
} NotifierUrgency;

/* Called with the action key the user chose: "start", "snooze", "skip" or "done". */
typedef void (*notifier_action_t)(void *userdata, const char *action);

/* The helper is $LIMBER_NOTIFY_HELPER if set, else limber-notify beside the running program
 * (argv[0], for the build tree), else the installed one. Children are reaped through event:
 * SIGCHLD must be blocked. */
int notifier_new(sd_event *event, notifier_action_t on_action, void *userdata, Notifier **ret);
Notifier *notifier_free(Notifier *n);

/* sound: a freedesktop sound-theme name for the sound-name hint, or NULL/"" for silence. */
void notifier_set_sound(Notifier *n, const char *sound);

/* Shows (or updates) the reminder for exercise e (may be NULL: a break without exercises),
 * short (notify_text_reminder()). snooze is what its Snooze button gives; offer_skip false
 * leaves out Skip (max-skips reached). It stays until acted on or closed (expire timeout 0).
 * Returns 0, or -ENOMEM. A server that does not take it is logged; the scheduler repeats the
 * reminder anyway. */
int notifier_show_reminder(Notifier *n, const Exercise *e, NotifierUrgency urgency, usec_t snooze,
                           bool offer_skip);

/* Says once that today's active time reached the daily limit: not a reminder, no actions,
 * beside (never replacing) the reminder. */
int notifier_show_daily_limit(Notifier *n, usec_t active_today);

/* A brief, transient, low-urgency posture nudge with one quick move; it goes away by itself
 * after duration and never replaces the reminder. */
int notifier_show_micro(Notifier *n, const Exercise *e, usec_t duration);

/* Shows step `step` (0-based) of n_steps of a guided break, lasting step_duration; rules as
 * for the reminder. */
int notifier_show_step(Notifier *n, const Exercise *e, unsigned step, unsigned n_steps,
                       usec_t step_duration, char * const *rules);

/* A passing, low-urgency notification of limberd's state (a click on the tray icon while no
 * break is due), beside the reminder like the posture nudge: it never replaces the reminder. */
int notifier_show_status(Notifier *n, const char *summary, const char *body);

/* The guided break ended as kind after duration: closes its last step and shows a short,
 * low-urgency notice of what was recorded, which expires by itself. */
int notifier_show_break_over(Notifier *n, HistoryKind kind, usec_t duration);

/* Shows, beside the reminder, what stops limber from working as configured (one line each);
 * it stays until dismissed. */
int notifier_show_problems(Notifier *n, char * const *problems);
/* Closes that notification once the problems are gone, if it is still the notice shown. */
void notifier_close_problems(Notifier *n);

/* Closes the reminder (or the break's step), if one is shown. */
void notifier_close(Notifier *n);

/* Why notifications cannot be shown (NOTIFIER_PROBLEM_*), or NULL when they can as far as
 * is known: the last show failed, or the helper cannot run. Cleared by the next show that
 * succeeds; cb is called on every change. */
#define NOTIFIER_PROBLEM_NO_SERVER N_("no notification server: reminders cannot be shown")
#define NOTIFIER_PROBLEM_NO_HELPER N_("the notification helper limber-notify cannot run: reminders cannot be shown")
typedef void (*notifier_problem_t)(void *userdata);
const char *notifier_problem(const Notifier *n);
void notifier_set_problem_callback(Notifier *n, notifier_problem_t cb, void *userdata);

/* GNOME's do-not-disturb is GSettings' org.gnome.desktop.notifications show-banners = false,
 * MATE's org.mate.NotificationDaemon do-not-disturb = true. GSettings is GLib, so the helper
 * watches it, and this module hands it to the busy module through a plain callback (the
 * Desk, desk.c, forwards it to busy_set_gnome_dnd()). */
typedef void (*notifier_dnd_t)(void *userdata, bool dnd);

/* In a GNOME or MATE session (XDG_CURRENT_DESKTOP names it: only that desktop's server honours
 * its key), starts watching that key; later calls only replace cb and userdata. The helper then
 * stays, and cb is called from the event loop (never from inside this call) with the current
 * value, then on every change; if the schema turns out to be missing, it is logged and cb is
 * never called. cb = NULL stops watching. Returns 1 when watching, 0 on other desktops. */
int notifier_watch_gnome_dnd(Notifier *n, notifier_dnd_t cb, void *userdata);
