/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Watches for an idle source to be offered again, or for the first time: a Wayland
 * compositor's socket appearing in $XDG_RUNTIME_DIR (wayland-*), an X server's socket in
 * /tmp/.X11-unix (X<n> of $DISPLAY), GNOME Shell's idle monitor or Plasma taking their bus
 * names. Event-driven: inotify and NameOwnerChanged, nothing runs while nothing appears. It
 * only says that something appeared; the caller probes the sources again. */

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "core/config.h"

typedef struct IdleReturn IdleReturn;

/* what: for the log ("wayland-1 in /run/user/1000", "org.kde.KWin"). */
typedef void (*idle_return_t)(void *userdata, const char *what);

/* Watches what announces the kinds for which wanted[kind] is true (gnome, wayland, kde, x11;
 * the others have nothing to wait for). What cannot be watched (no $XDG_RUNTIME_DIR, a
 * $DISPLAY on another host) is logged and skipped. Returns 0 or -errno. */
int idle_return_new(sd_event *event, sd_bus *user_bus, const bool wanted[_IDLE_KIND_MAX],
                    idle_return_t cb, void *userdata, IdleReturn **ret);
IdleReturn *idle_return_free(IdleReturn *r);
static inline void idle_return_freep(IdleReturn **r) {
        idle_return_free(*r);
}

/* For the tests: the X server's socket for display (":1", "unix:1.0"), or NULL when display
 * names no local server. *ret is freed by the caller. Returns 0, -EINVAL or -ENOMEM. */
int idle_return_x11_socket(const char *display, char **ret);
