/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Xfce's do-not-disturb: xfce4-notifyd keeps it in xfconf, channel "xfce4-notifyd", property
 * "/do-not-disturb" (a boolean; missing until first set, which means off). xfconfd serves
 * org.xfce.Xfconf at /org/xfce/Xfconf: GetProperty(channel, property) reads it, and
 * PropertyChanged(channel, property, value) / PropertyRemoved(channel, property) announce
 * every change, so nothing is polled. xfconfd is D-Bus activated; it is never started from
 * here, and is read as soon as it takes its name (xfce4-notifyd starts it). */
#include "busy/busy-watch.h"

const BusyWatchSpec busy_watch_xfce = {
        .source = BUSY_SOURCE_XFCE,
        .label = "Xfce (xfconf)",
        .name = "org.xfce.Xfconf",
        .path = "/org/xfce/Xfconf",
        .interface = "org.xfce.Xfconf",
        .property = "/do-not-disturb",
        .signature = "b",
        .get_method = "GetProperty",
        .get_args = { "xfce4-notifyd", "/do-not-disturb" },
        .changed_signal = "PropertyChanged",
        .removed_signal = "PropertyRemoved",
        .parse = busy_parse_bool,
};
