/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "wayland": the compositor's ext-idle-notify protocol (sway, Hyprland, niri, KWin, other
 * wlroots compositors), for Wayland sessions without GNOME's idle monitor. One notification
 * object with idle-after as its timeout: the compositor sends "idled" when the seat has had no
 * input that long and "resumed" at the next input. The connection's fd sits in sd-event, so
 * nothing runs in between.
 *
 * The protocol code is generated at build time from the installed wayland-protocols. Version
 * 2 adds get_input_idle_notification, which looks at input only and ignores idle inhibitors
 * (a playing video is not someone at the keyboard); it is used when both the build's XML
 * and the compositor have it (LIMBER_HAVE_EXT_IDLE_NOTIFY_V2), else version 1. When the
 * compositor goes away the source reports itself lost. */
#include <sys/epoll.h>
#include <wayland-client.h>

#include "ext-idle-notify-v1-client-protocol.h"
#include "idle/idle-source.h"
#include "util/log.h"

#if LIMBER_HAVE_EXT_IDLE_NOTIFY_V2
#define NOTIFIER_VERSION 2u
#else
#define NOTIFIER_VERSION 1u
#endif

typedef struct WaylandIdle {
        IdleSource base;
        struct wl_display *display;
        struct wl_registry *registry;
        struct wl_seat *seat;
        uint32_t seat_global;
        struct ext_idle_notifier_v1 *notifier;
        uint32_t notifier_version;
        struct ext_idle_notification_v1 *notification;
        sd_event_source *io;
} WaylandIdle;

static void on_global(void *data, struct wl_registry *registry, uint32_t name, const char *interface,
                      uint32_t version) {
        WaylandIdle *w = data;

        /* The first seat: idle notifications are per seat, and desktops have one. */
        if (!w->seat && streq(interface, wl_seat_interface.name)) {
                w->seat = wl_registry_bind(registry, name, &wl_seat_interface, 1);
                w->seat_global = name;
        } else if (!w->notifier && streq(interface, ext_idle_notifier_v1_interface.name)) {
                w->notifier_version = MIN(version, NOTIFIER_VERSION);
                w->notifier = wl_registry_bind(registry, name, &ext_idle_notifier_v1_interface,
                                               w->notifier_version);
        }
}

static void on_global_remove(void *data, struct wl_registry *registry, uint32_t name) {
        WaylandIdle *w = data;

        if (w->seat && name == w->seat_global)
                idle_source_report_lost(&w->base, "the compositor removed the seat");
}

static const struct wl_registry_listener registry_listener = {
        .global = on_global,
        .global_remove = on_global_remove,
};

/* Connects to $WAYLAND_DISPLAY and learns the globals; 0 or -errno with *ret_why set. */
static int wayland_connect(WaylandIdle *w, const char **ret_why) {
        w->display = wl_display_connect(NULL);
        if (!w->display) {
                *ret_why = "cannot connect to the compositor at $WAYLAND_DISPLAY";
                return -errno ?: -ECONNREFUSED;
        }
        w->registry = wl_display_get_registry(w->display);
        if (!w->registry) {
                *ret_why = "out of memory";
                return -ENOMEM;
        }
        (void) wl_registry_add_listener(w->registry, &registry_listener, w);
        if (wl_display_roundtrip(w->display) < 0) {
                *ret_why = "the compositor closed the connection";
                return -ECONNRESET;
        }
        if (!w->notifier) {
                *ret_why = "the compositor does not offer ext_idle_notifier_v1";
                return -EOPNOTSUPP;
        }
        if (!w->seat) {
                *ret_why = "the compositor has no seat";
                return -EOPNOTSUPP;
        }
        *ret_why = NOTIFIER_VERSION > 1 && w->notifier_version > 1 ?
                "the compositor's ext_idle_notifier_v1 (input-only notifications, version 2)" :
                "the compositor's ext_idle_notifier_v1";
        return 0;
}

static void wayland_disconnect(WaylandIdle *w) {
        if (w->notification)
                ext_idle_notification_v1_destroy(w->notification);
        if (w->notifier)
                ext_idle_notifier_v1_destroy(w->notifier);
        if (w->seat)
                wl_seat_destroy(w->seat);
        if (w->registry)
                wl_registry_destroy(w->registry);
        if (w->display) {
                (void) wl_display_flush(w->display);    /* the destroy requests, if still connected */
                wl_display_disconnect(w->display);
        }
        w->notification = NULL;
        w->notifier = NULL;
        w->seat = NULL;
        w->registry = NULL;
        w->display = NULL;
}

static int wayland_probe(sd_bus *user_bus, sd_bus *system_bus, const char **ret_reason) {
        WaylandIdle w = {};
        int r;

        if (isempty(getenv("WAYLAND_DISPLAY"))) {
                *ret_reason = "$WAYLAND_DISPLAY is not set";
                return 0;
        }
        r = wayland_connect(&w, ret_reason);
        wayland_disconnect(&w);
        return r >= 0;
}

static void on_idled(void *data, struct ext_idle_notification_v1 *notification) {
        WaylandIdle *w = data;

        idle_source_report(&w->base, true, usec_sub(now_boottime(), w->base.idle_after));
}

static void on_resumed(void *data, struct ext_idle_notification_v1 *notification) {
        WaylandIdle *w = data;

        idle_source_report(&w->base, false, 0);
}

static const struct ext_idle_notification_v1_listener notification_listener = {
        .idled = on_idled,
        .resumed = on_resumed,
};

/* Reads and dispatches what the compositor sent; false when the connection is gone. Nothing
 * else reads this display, so once prepare_read succeeds the queue is empty and the fd is ours
 * to read. */
static bool wayland_read(WaylandIdle *w) {
        while (wl_display_prepare_read(w->display) != 0)
                if (wl_display_dispatch_pending(w->display) < 0)
                        return false;
        if (wl_display_read_events(w->display) < 0)
                return false;
        return wl_display_dispatch_pending(w->display) >= 0;
}

static int on_wayland_io(sd_event_source *s, int fd, uint32_t revents, void *userdata) {
        WaylandIdle *w = userdata;

        if (wayland_read(w) && !(revents & (EPOLLHUP | EPOLLERR))) {
                (void) wl_display_flush(w->display);
                return 0;
        }
        /* A hung-up fd stays readable: stop listening until we are freed. */
        (void) sd_event_source_set_enabled(w->io, SD_EVENT_OFF);
        if (wl_display_get_error(w->display) == EPROTO)
                idle_source_report_lost(&w->base, "protocol error");
        else
                idle_source_report_lost(&w->base, "the compositor closed the connection");
        return 0;
}

static int wayland_start(IdleSource *s) {
        WaylandIdle *w = (WaylandIdle *) s;
        uint32_t ms = (uint32_t) MIN(s->idle_after / USEC_PER_MSEC, (usec_t) UINT32_MAX);
        const char *why = NULL;
        int r;

        r = wayland_connect(w, &why);
        if (r < 0)
                return log_warning_errno(r, "Wayland: %s", why);
        log_debug("Wayland: %s", why);

#if LIMBER_HAVE_EXT_IDLE_NOTIFY_V2
        if (w->notifier_version >= 2)
                w->notification = ext_idle_notifier_v1_get_input_idle_notification(w->notifier, ms, w->seat);
        else
#endif
                w->notification = ext_idle_notifier_v1_get_idle_notification(w->notifier, ms, w->seat);
        if (!w->notification)
                return log_oom();
        (void) ext_idle_notification_v1_add_listener(w->notification, &notification_listener, w);

        /* The request reaches the compositor, and a refusal shows now, not later. */
        if (wl_display_roundtrip(w->display) < 0)
                return log_warning_errno(ECONNRESET, "Wayland: the compositor closed the connection");

        r = sd_event_add_io(s->event, &w->io, wl_display_get_fd(w->display), EPOLLIN, on_wayland_io, w);
        if (r < 0)
                return r;
        (void) sd_event_source_set_description(w->io, "wayland-idle");
        return 0;
}

static void wayland_stop(IdleSource *s) {
        WaylandIdle *w = (WaylandIdle *) s;

        w->io = sd_event_source_disable_unref(w->io);
        wayland_disconnect(w);
}

const IdleSourceVTable idle_source_wayland = {
        .kind = IDLE_KIND_WAYLAND,
        .size = sizeof(WaylandIdle),
        .probe = wayland_probe,
        .start = wayland_start,
        .stop = wayland_stop,
};
