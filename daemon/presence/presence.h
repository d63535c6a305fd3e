/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Is the user at the desk even without input? While an idle inhibitor is held (a call, a
 * video, a presentation), or the camera or the microphone is in use, the user sits at the
 * desk: the scheduler counts that time as work and takes no natural break from it. Each
 * signal has its own file (presence-devices.c: camera and microphone); the inhibitors come
 * from the busy module, which already watches them, through presence_set_inhibited(). This
 * module combines them into one answer and one reason, event-driven, no polling. */

#include <systemd/sd-event.h>

#include "util/util.h"

/* Why the user counts as present without input; "" when not. */
#define PRESENCE_REASON_CAMERA      "camera"
#define PRESENCE_REASON_MICROPHONE  "microphone"
#define PRESENCE_REASON_INHIBITOR   "idle-inhibited"

typedef struct PresenceConfig {
        bool inhibitors;
        bool camera;
        bool microphone;
} PresenceConfig;

typedef struct Presence Presence;

/* Called when presence_reason() or the camera/microphone state changes, from the event loop
 * or from inside presence_set_inhibited() and presence_set_config(). */
typedef void (*presence_changed_t)(void *userdata);

/* Starts the device watchers config asks for, under $LIMBER_DEVICE_DIR or /dev. A watcher
 * that cannot start is logged and left out. Starts "not present": what was open before comes
 * through changed, from the event loop. Returns 0 or -ENOMEM. */
int presence_new(sd_event *event, const PresenceConfig *config, presence_changed_t changed, void *userdata,
                 Presence **ret);
Presence *presence_free(Presence *p);
static inline void presence_freep(Presence **p) {
        presence_free(*p);
}

/* Starts and stops watchers for a new configuration. Returns 0 or -ENOMEM. */
int presence_set_config(Presence *p, const PresenceConfig *config);
/* An idle inhibitor is held (from the busy module). Ignored for p == NULL. */
void presence_set_inhibited(Presence *p, bool inhibited);

/* The strongest reason the user is present without input (camera, then microphone, then an
 * inhibitor), "" when none holds (also for p == NULL). */
const char *presence_reason(const Presence *p);
/* Whether the camera or microphone is in use, as configured (false when not watched). */
bool presence_camera(const Presence *p);
bool presence_microphone(const Presence *p);
