/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-floor: what limberd's libraries cost before limberd does anything, for the footprint
 * benchmark. Built once per step of limberd's dependency chain (libc alone; + libsystemd and
 * inih; + the idle sources' X11 and Wayland client libraries), and once with the notification
 * helper's (GLib, GIO, GObject, libnotify, gdk-pixbuf): each build references one symbol of
 * every library it stands for, so the dynamic loader maps and initialises them as for the real
 * program, then it waits in a GLib main loop (or in pause() without GLib) with nothing to do.
 * tests/bench/run measures each like limberd.
 * With --exit it exits at once instead: the cost of loading them. */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#if FLOOR_SYSTEMD
#include <ini.h>
#include <systemd/sd-event.h>
#endif
#if FLOOR_GLIB
#include <glib.h>
#endif
#if FLOOR_GIO
#include <gio/gio.h>
#endif
#if FLOOR_NOTIFY
#include <libnotify/notify.h>
#endif
#if FLOOR_X11
#include <X11/Xlib.h>
#include <X11/extensions/scrnsaver.h>
#include <X11/extensions/sync.h>
#endif
#if FLOOR_WAYLAND
#include <wayland-client.h>
#endif

/* Kept alive through a volatile store, so that --as-needed keeps every library. */
static void * volatile keep[16];

int main(int argc, char *argv[]) {
        unsigned i = 0;

        (void) keep;    /* the libc step stores nothing in it */

#if FLOOR_SYSTEMD
        keep[i++] = (void *) sd_event_default;
        keep[i++] = (void *) ini_parse;
#endif
#if FLOOR_GLIB
        keep[i++] = (void *) g_main_loop_new;
#endif
#if FLOOR_GIO
        keep[i++] = (void *) g_settings_new;
#endif
#if FLOOR_NOTIFY
        keep[i++] = (void *) notify_init;
#endif
#if FLOOR_X11
        keep[i++] = (void *) XOpenDisplay;
        keep[i++] = (void *) XScreenSaverQueryInfo;
        keep[i++] = (void *) XSyncInitialize;
#endif
#if FLOOR_WAYLAND
        keep[i++] = (void *) wl_display_connect;
#endif
        (void) i;
        if (argc > 1 && strcmp(argv[1], "--exit") == 0)
                return 0;

#if FLOOR_GLIB
        g_main_loop_run(g_main_loop_new(NULL, FALSE));
#else
        for (;;)
                pause();
#endif
        return 0;
}
