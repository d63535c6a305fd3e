/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The panel icon: an org.kde.StatusNotifierItem (the freedesktop "system tray" protocol that
 * KDE Plasma, Xfce, Cinnamon, MATE, LXQt, waybar and GNOME's AppIndicator extension host) with
 * its menu (dbusmenu.c), in plain sd-bus. It follows org.kde.StatusNotifierWatcher on the
 * session bus: while a watcher is there the item and the menu are exported and registered
 * with it (again when the panel restarts); while none is, nothing is exported and the tray
 * costs one match rule. What the icon shows comes from tray-status.c. */

#include <systemd/sd-bus.h>

#include "tray/tray-status.h"

typedef struct Tray Tray;

typedef enum TrayAction {
        TRAY_ACTION_ACTIVATE,           /* a left click on the icon */
        TRAY_ACTION_START_BREAK,
        TRAY_ACTION_SNOOZE,
        TRAY_ACTION_SKIP,
        TRAY_ACTION_PAUSE,              /* usec: how long, 0 until resumed */
        TRAY_ACTION_RESUME,
        TRAY_ACTION_LOG_BREAK,          /* usec: how long */
        TRAY_ACTION_SHOW_BREAK,         /* the break window */
} TrayAction;

typedef struct TrayCallbacks {
        /* What limberd's state is now; asked only while the item is shown. */
        void (*status)(void *userdata, TrayStatus *ret);
        /* The user chose an action (from the menu, or a click on the icon). */
        void (*action)(void *userdata, TrayAction action, usec_t usec);
} TrayCallbacks;

#define TRAY_ITEM_PATH "/StatusNotifierItem"
#define TRAY_MENU_PATH "/MenuBar"

/* Starts watching for a StatusNotifierWatcher on bus (attached to an sd-event loop, which
 * also runs the working icon's step timer). icon_theme_path is the folder holding hicolor/
 * with limber's icons (the item's IconThemePath). */
int tray_new(sd_bus *bus, const char *icon_theme_path, const TrayCallbacks *callbacks, void *userdata,
             Tray **ret);
Tray *tray_free(Tray *t);

/* Something may have changed: while shown, the tray asks for the status and emits New*
 * signals for what the item shows differently, and the menu what changed in it. Without a
 * watcher it does nothing at all. t may be NULL. */
void tray_changed(Tray *t);

/* Whether the item is exported now (a watcher is on the bus). */
bool tray_shown(const Tray *t);
