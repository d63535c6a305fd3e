/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Is the user busy, so that a due reminder must wait? Do-not-disturb on the notification
 * server, or an idle inhibitor (a call, a video, a presentation). Each desktop's signal has
 * its own watcher file (busy-*.c); this module combines them into one reason, event-driven,
 * no polling.
 *
 *   do-not-disturb   dunst "paused", KDE "Inhibited", mako's "do-not-disturb" mode, Xfce's
 *                    xfconf /do-not-disturb (session bus), GNOME's show-banners=false and
 *                    MATE's do-not-disturb (GSettings: fed in by the Desk from the
 *                    notifications module, see busy_set_gnome_dnd())
 *   idle-inhibited   logind BlockInhibited contains "idle" (system bus), gnome-session
 *                    InhibitedActions has the idle flag (session bus) */

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "util/util.h"

#define BUSY_REASON_DND           "do-not-disturb"
#define BUSY_REASON_IDLE_INHIBIT  "idle-inhibited"
#define BUSY_REASON_CAMERA        "camera"
#define BUSY_REASON_MICROPHONE    "microphone"

typedef struct Busy Busy;

/* reason: "" when not busy, else one of BUSY_REASON_* (do-not-disturb first, then the camera,
 * the microphone, an idle inhibitor). Called only when the reason changes: from the event
 * loop, or from inside busy_set_gnome_dnd(), busy_set_devices(), busy_set_respect(),
 * busy_watch_inhibitors() and busy_refresh(); never from inside busy_new(). */
typedef void (*busy_changed_t)(void *userdata, const char *reason);

/* Starts the watchers that respect_dnd / respect_inhibitors ask for, on the buses attached to
 * event. Either bus may be NULL (its watchers are skipped). Watchers whose service is missing
 * stay quiet (and notice it when it appears). Starts "not busy"; the first answers arrive
 * through changed. Returns 0 or -errno. */
int busy_new(sd_event *event, sd_bus *user_bus, sd_bus *system_bus, bool respect_dnd,
             bool respect_inhibitors, busy_changed_t changed, void *userdata, Busy **ret);
Busy *busy_free(Busy *b);
static inline void busy_freep(Busy **b) {
        busy_free(*b);
}

/* Switches the groups on or off in place, on a configuration change: watchers of a group
 * switched on start (their state arrives through changed), those of a group switched off
 * stop. Unlike a new Busy, the groups that stay on keep their state, so a reload while in
 * do-not-disturb does not let a held-back reminder slip through. changed may run from inside.
 * Returns 0 or -ENOMEM. */
int busy_set_respect(Busy *b, bool respect_dnd, bool respect_inhibitors);

/* The current reason, "" when not busy (also for b == NULL). */
const char *busy_reason(const Busy *b);

/* For presence (an inhibitor means the user is at the desk): with cb set, the inhibitor
 * watchers run even while respect_inhibitors is off, and cb is called whenever
 * busy_inhibited() changes, in the same places as busy_changed_t. NULL stops that. Returns 0
 * or -ENOMEM. */
typedef void (*busy_inhibited_t)(void *userdata, bool inhibited);
int busy_watch_inhibitors(Busy *b, busy_inhibited_t cb, void *userdata);
/* Whether an idle inhibitor is held, respected or not (false when not watched). */
bool busy_inhibited(const Busy *b);

/* The camera or microphone is in use (from the presence module, which watches them only
 * when configured): busy, as BUSY_REASON_CAMERA or BUSY_REASON_MICROPHONE. Ignored when b
 * is NULL. */
void busy_set_devices(Busy *b, bool camera, bool microphone);

/* GNOME keeps do-not-disturb in GSettings, which only the notifications module may touch
 * (GLib stays there): the Desk (desk.c) connects notifier_watch_gnome_dnd() to this. Ignored
 * when b is NULL; remembered but not counted while respect_dnd is off. */
void busy_set_gnome_dnd(Busy *b, bool dnd);

/* Re-reads, synchronously (at most ~0.5 s per server), the states that no signal announces:
 * today only mako older than 1.10, which has no Modes property. Call it right before acting
 * on busy_reason() for a reminder that is due; changed may run from inside. Without such a
 * server it does nothing and costs nothing. Returns 0. */
int busy_refresh(Busy *b);

/* Whether a due reminder is held back now. While it is, and a server that announces nothing
 * is running (mako before 1.10), that server is read again every 5 s, so the end of its
 * do-not-disturb is noticed within seconds instead of at defer-max; at rest nothing runs. */
void busy_set_held(Busy *b, bool held);
