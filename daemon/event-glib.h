/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Runs an sd-event loop inside GLib's main loop, so that libnotify (GLib) and the rest of
 * limberd (sd-event, sd-bus) share one thread and one poll: the GSource polls sd-event's fd
 * and maps prepare/check/dispatch onto sd_event_prepare/sd_event_wait/sd_event_dispatch. */

#include <glib.h>
#include <systemd/sd-event.h>

/* Attaches event to the default GLib main context. When sd-event finishes (sd_event_exit),
 * loop is quit. Returns the source id. */
guint event_glib_attach(sd_event *event, GMainLoop *loop);
