/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Is a camera or a microphone in use? Seen from opens and closes of the device nodes: the
 * video devices (video*) and the ALSA capture devices (snd/pcmC*D*c) under a device folder
 * (/dev, or $LIMBER_DEVICE_DIR for tests). inotify reports every IN_OPEN and IN_CLOSE_* of a
 * watched node, which costs nothing while nothing happens: no polling. The folders themselves
 * are watched for devices that come and go (a USB camera plugged in).
 *
 * inotify does not say who opened or closed a node, so each open (and each close of a node the
 * user held) is followed by a look in /proc/PID/fd of the user's own processes: a process of
 * another user never counts. The looks are coalesced, at most one a second (a program probing
 * the camera a hundred times a second costs one look a second), and there is none for a close
 * when nothing was open. Opens made before the watch began are found by one look as soon as
 * the event loop runs (a few tens of milliseconds on a desktop).
 * PipeWire and PulseAudio close an idle capture device after a few seconds, so "open" means
 * "in use". What this cannot see: a device with no node under the folder (a Bluetooth
 * headset's microphone reaches PipeWire over Bluetooth, with no ALSA node). */

#include <systemd/sd-event.h>

#include "util/util.h"

typedef enum DeviceKind {
        DEVICE_CAMERA,
        DEVICE_MICROPHONE,
        _DEVICE_KIND_MAX,
} DeviceKind;

const char *device_kind_to_string(DeviceKind k);

typedef struct DeviceWatch DeviceWatch;

/* Called when whether any device of the kind is in use changes (only then), from the event
 * loop. */
typedef void (*device_watch_changed_t)(void *userdata, DeviceKind kind, bool in_use);

/* Starts watching the devices of kind under dev_dir ("/dev"). A missing folder is not an
 * error (nothing is in use; the microphone folder snd/ is looked for when it appears).
 * Returns 0 or -errno (no inotify, no memory). */
int device_watch_new(sd_event *event, const char *dev_dir, DeviceKind kind, device_watch_changed_t changed,
                     void *userdata, DeviceWatch **ret);
DeviceWatch *device_watch_free(DeviceWatch *w);
static inline void device_watch_freep(DeviceWatch **w) {
        device_watch_free(*w);
}

/* Whether a device of the watch's kind is open now (false for w == NULL). */
bool device_watch_in_use(const DeviceWatch *w);
