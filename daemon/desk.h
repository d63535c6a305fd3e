/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The Desk: whether a reminder must wait (busy: do-not-disturb, an idle inhibitor, the camera
 * or microphone in use) and whether the user sits at the desk without input (present: an
 * idle inhibitor, the camera or microphone). It owns the busy and presence modules and feeds
 * them to each other: an idle inhibitor, which the busy module watches, also means present; a
 * camera or microphone in use, which the presence module watches, also means busy; GNOME's
 * do-not-disturb comes from the notifications' helper. It reports both as one change. */

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "core/config.h"
#include "notify/notify.h"

typedef struct Desk Desk;

/* busy: "" when not busy, else a BUSY_REASON_*; presence: "" when input alone counts, else a
 * PRESENCE_REASON_*. Called when either may have changed: from the event loop, or from inside
 * desk_apply_config() and desk_refresh(); never from inside desk_new(). */
typedef void (*desk_changed_t)(void *userdata, const char *busy, const char *presence);

/* Starts the watchers [busy] and [presence] of config ask for, on the buses attached to event
 * (system_bus may be NULL), and GNOME's do-not-disturb through notifier, which then reports to
 * the Desk: free the notifier before the Desk. Starts "not busy, not present": what holds
 * already arrives through changed. Returns 0 or -errno (logged). */
int desk_new(sd_event *event, sd_bus *bus, sd_bus *system_bus, const Config *config, Notifier *notifier,
             desk_changed_t changed, void *userdata, Desk **ret);
Desk *desk_free(Desk *d);

/* Applies [busy] and [presence] of config (a reload). */
void desk_apply_config(Desk *d, const Config *config);

/* The current reasons, as changed gives them ("" also for d == NULL). */
const char *desk_busy_reason(const Desk *d);
const char *desk_presence_reason(const Desk *d);

/* Whether a due reminder is held back now, and re-reading what no signal announces right
 * before acting on the busy reason: busy_set_held() and busy_refresh(). */
void desk_set_held(Desk *d, bool held);
void desk_refresh(Desk *d);
