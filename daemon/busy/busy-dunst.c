/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dunst's do-not-disturb: "dunstctl set-paused true" sets the "paused" property of
 * org.dunstproject.cmd0 on dunst's org.freedesktop.Notifications object. dunst (1.9, Debian
 * 12) declares it emits-change and sends PropertiesChanged with the new value on every change,
 * whether it came from dunstctl or a Properties.Set. */
#include "busy/busy-watch.h"

const BusyWatchSpec busy_watch_dunst = {
        .source = BUSY_SOURCE_DUNST,
        .label = "dunst",
        .name = "org.freedesktop.Notifications",
        .path = "/org/freedesktop/Notifications",
        .interface = "org.dunstproject.cmd0",
        .property = "paused",
        .signature = "b",
        .parse = busy_parse_bool,
};
