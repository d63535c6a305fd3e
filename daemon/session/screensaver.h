/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The desktop's screen saver (screen shield) on the session bus: GNOME's org.gnome.ScreenSaver
 * and org.freedesktop.ScreenSaver (KDE's kscreenlocker, and others that implement it). Their
 * ActiveChanged(b) signal and GetActive() tell whether the screen is locked (or blanked), which
 * counts as idle like logind's LockedHint. Reports true while either says active. */

#include <systemd/sd-bus.h>

#include "util/util.h"

#define SCREENSAVER_GNOME_NAME      "org.gnome.ScreenSaver"
#define SCREENSAVER_GNOME_PATH      "/org/gnome/ScreenSaver"
#define SCREENSAVER_GNOME_INTERFACE "org.gnome.ScreenSaver"
#define SCREENSAVER_FDO_NAME        "org.freedesktop.ScreenSaver"
#define SCREENSAVER_FDO_PATH        "/org/freedesktop/ScreenSaver"
#define SCREENSAVER_FDO_INTERFACE   "org.freedesktop.ScreenSaver"

typedef struct ScreenSaver ScreenSaver;

typedef void (*screensaver_locked_t)(void *userdata, bool locked);

/* Starts watching both services, whether they are on the bus now or come later. Returns 0 or
 * -errno. */
int screensaver_new(sd_bus *bus, screensaver_locked_t locked, void *userdata, ScreenSaver **ret);
ScreenSaver *screensaver_free(ScreenSaver *s);
