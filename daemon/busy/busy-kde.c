/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KDE Plasma's do-not-disturb: the notification server (plasmashell) has an "Inhibited"
 * property on its org.freedesktop.Notifications interface, and sends PropertiesChanged with
 * the new value whenever it changes (libnotificationmanager, ServerPrivate::onInhibitedChanged). */
#include "busy/busy-watch.h"

const BusyWatchSpec busy_watch_kde = {
        .source = BUSY_SOURCE_KDE,
        .label = "KDE notifications",
        .name = "org.freedesktop.Notifications",
        .path = "/org/freedesktop/Notifications",
        .interface = "org.freedesktop.Notifications",
        .property = "Inhibited",
        .signature = "b",
        .parse = busy_parse_bool,
};
