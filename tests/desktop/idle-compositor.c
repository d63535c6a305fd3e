/* SPDX-License-Identifier: GPL-3.0-or-later */
/* idle-compositor: the smallest Wayland compositor the wayland idle source can talk to, for the
 * desktop tests (no compositor in Debian 12 offers ext-idle-notify). It has no outputs and no
 * surfaces; it advertises a wl_seat and ext_idle_notifier_v1 and plays the user from commands
 * on stdin, one a line:
 *
 *   input   the user touched a key: idle notifications resume and their timeouts restart
 *   idle    every notification becomes idle now, whatever its timeout
 *   quit    exit (so does the end of stdin, or SIGTERM)
 *
 * Like a real compositor, a notification also becomes idle by itself after its timeout without
 * input. It tells what happens on stdout, one line each:
 *
 *   socket NAME                          listening on $XDG_RUNTIME_DIR/NAME (the first line)
 *   bind INTERFACE VERSION               a client bound a global
 *   notification TIMEOUT_MS input-only|any
 *   idled | resumed | destroyed          what a notification did
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wayland-server-core.h>
#include <wayland-server-protocol.h>

#include "ext-idle-notify-v1-server-protocol.h"

#if LIMBER_HAVE_EXT_IDLE_NOTIFY_V2
#define NOTIFIER_VERSION 2
#else
#define NOTIFIER_VERSION 1
#endif

typedef struct Compositor {
        struct wl_display *display;
        struct wl_list notifications;           /* Notification.link */
        char line[256];
        size_t len;
} Compositor;

typedef struct Notification {
        struct wl_resource *resource;
        struct wl_list link;
        struct wl_event_source *timer;
        uint32_t timeout_ms;
        bool idle;
} Notification;

static void say(const char *format, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *format, ...) {
        va_list ap;

        va_start(ap, format);
        vprintf(format, ap);
        va_end(ap);
        putchar('\n');
        fflush(stdout);
}

/* ---- the user ---------------------------------------------------------------------------- */

static void notification_idle(Notification *n) {
        if (n->idle)
                return;
        n->idle = true;
        ext_idle_notification_v1_send_idled(n->resource);
        say("idled");
}

static void notification_input(Notification *n) {
        if (n->idle) {
                n->idle = false;
                ext_idle_notification_v1_send_resumed(n->resource);
                say("resumed");
        }
        /* 0 would disarm the timer: a zero timeout means "idle as soon as possible". */
        wl_event_source_timer_update(n->timer, n->timeout_ms > 0 ? (int) n->timeout_ms : 1);
}

static int on_notification_timer(void *data) {
        notification_idle(data);
        return 0;
}

static void run_command(Compositor *c, const char *command) {
        Notification *n;

        if (strcmp(command, "input") == 0) {
                wl_list_for_each(n, &c->notifications, link)
                        notification_input(n);
        } else if (strcmp(command, "idle") == 0) {
                wl_list_for_each(n, &c->notifications, link)
                        notification_idle(n);
        } else if (strcmp(command, "quit") == 0)
                wl_display_terminate(c->display);
        else if (command[0] != '\0')
                say("error unknown command \"%s\"", command);
        wl_display_flush_clients(c->display);
}

static int on_stdin(int fd, uint32_t mask, void *data) {
        Compositor *c = data;
        ssize_t k;

        k = read(fd, c->line + c->len, sizeof(c->line) - 1 - c->len);
        if (k <= 0) {
                if (k < 0 && errno == EINTR)
                        return 0;
                wl_display_terminate(c->display);
                return 0;
        }
        c->len += (size_t) k;
        for (char *nl; (nl = memchr(c->line, '\n', c->len)); ) {
                size_t used = (size_t) (nl - c->line) + 1;

                *nl = '\0';
                run_command(c, c->line);
                memmove(c->line, c->line + used, c->len - used);
                c->len -= used;
        }
        if (c->len == sizeof(c->line) - 1)
                c->len = 0;     /* an overlong line: drop it */
        return 0;
}

static int on_sigterm(int signal_number, void *data) {
        wl_display_terminate(data);
        return 0;
}

/* ---- ext_idle_notifier_v1 ---------------------------------------------------------------- */

static void destroy_resource(struct wl_client *client, struct wl_resource *resource) {
        wl_resource_destroy(resource);
}

static const struct ext_idle_notification_v1_interface notification_impl = {
        .destroy = destroy_resource,
};

static void notification_destroyed(struct wl_resource *resource) {
        Notification *n = wl_resource_get_user_data(resource);

        wl_list_remove(&n->link);
        wl_event_source_remove(n->timer);
        free(n);
        say("destroyed");
}

static void create_notification(struct wl_client *client, struct wl_resource *notifier, uint32_t id,
                                uint32_t timeout, bool input_only) {
        Compositor *c = wl_resource_get_user_data(notifier);
        Notification *n;

        n = calloc(1, sizeof(Notification));
        if (!n) {
                wl_client_post_no_memory(client);
                return;
        }
        n->timeout_ms = timeout;
        n->resource = wl_resource_create(client, &ext_idle_notification_v1_interface,
                                         wl_resource_get_version(notifier), id);
        n->timer = wl_event_loop_add_timer(wl_display_get_event_loop(c->display), on_notification_timer, n);
        if (!n->resource || !n->timer) {
                if (n->resource)
                        wl_resource_destroy(n->resource);
                if (n->timer)
                        wl_event_source_remove(n->timer);
                free(n);
                wl_client_post_no_memory(client);
                return;
        }
        wl_resource_set_implementation(n->resource, &notification_impl, n, notification_destroyed);
        wl_list_insert(&c->notifications, &n->link);
        say("notification %u %s", timeout, input_only ? "input-only" : "any");
        notification_input(n);          /* the timeout runs from creation */
}

static void get_idle_notification(struct wl_client *client, struct wl_resource *notifier, uint32_t id,
                                  uint32_t timeout, struct wl_resource *seat) {
        create_notification(client, notifier, id, timeout, false);
}

#if LIMBER_HAVE_EXT_IDLE_NOTIFY_V2
static void get_input_idle_notification(struct wl_client *client, struct wl_resource *notifier, uint32_t id,
                                        uint32_t timeout, struct wl_resource *seat) {
        create_notification(client, notifier, id, timeout, true);
}
#endif

static const struct ext_idle_notifier_v1_interface notifier_impl = {
        .destroy = destroy_resource,
        .get_idle_notification = get_idle_notification,
#if LIMBER_HAVE_EXT_IDLE_NOTIFY_V2
        .get_input_idle_notification = get_input_idle_notification,
#endif
};

static void bind_notifier(struct wl_client *client, void *data, uint32_t version, uint32_t id) {
        struct wl_resource *resource;

        resource = wl_resource_create(client, &ext_idle_notifier_v1_interface, (int) version, id);
        if (!resource) {
                wl_client_post_no_memory(client);
                return;
        }
        wl_resource_set_implementation(resource, &notifier_impl, data, NULL);
        say("bind %s %u", ext_idle_notifier_v1_interface.name, version);
}

/* ---- wl_seat (version 1: a keyboard and a pointer that never send anything) --------------- */

static void get_device(struct wl_client *client, struct wl_resource *seat, uint32_t id,
                       const struct wl_interface *interface) {
        struct wl_resource *resource = wl_resource_create(client, interface, wl_resource_get_version(seat), id);

        if (!resource)
                wl_client_post_no_memory(client);
}

static void seat_get_pointer(struct wl_client *client, struct wl_resource *seat, uint32_t id) {
        get_device(client, seat, id, &wl_pointer_interface);
}

static void seat_get_keyboard(struct wl_client *client, struct wl_resource *seat, uint32_t id) {
        get_device(client, seat, id, &wl_keyboard_interface);
}

static void seat_get_touch(struct wl_client *client, struct wl_resource *seat, uint32_t id) {
        get_device(client, seat, id, &wl_touch_interface);
}

static const struct wl_seat_interface seat_impl = {
        .get_pointer = seat_get_pointer,
        .get_keyboard = seat_get_keyboard,
        .get_touch = seat_get_touch,
};

static void bind_seat(struct wl_client *client, void *data, uint32_t version, uint32_t id) {
        struct wl_resource *resource;

        resource = wl_resource_create(client, &wl_seat_interface, (int) version, id);
        if (!resource) {
                wl_client_post_no_memory(client);
                return;
        }
        wl_resource_set_implementation(resource, &seat_impl, data, NULL);
        wl_seat_send_capabilities(resource, WL_SEAT_CAPABILITY_POINTER | WL_SEAT_CAPABILITY_KEYBOARD);
        say("bind %s %u", wl_seat_interface.name, version);
}

int main(int argc, char *argv[]) {
        Compositor c = {};
        struct wl_event_loop *loop;
        const char *socket;

        c.display = wl_display_create();
        if (!c.display) {
                fprintf(stderr, "idle-compositor: cannot create the display\n");
                return 1;
        }
        wl_list_init(&c.notifications);
        loop = wl_display_get_event_loop(c.display);

        if (!wl_global_create(c.display, &wl_seat_interface, 1, &c, bind_seat) ||
            !wl_global_create(c.display, &ext_idle_notifier_v1_interface, NOTIFIER_VERSION, &c, bind_notifier) ||
            !wl_event_loop_add_fd(loop, STDIN_FILENO, WL_EVENT_READABLE, on_stdin, &c) ||
            !wl_event_loop_add_signal(loop, SIGTERM, on_sigterm, c.display)) {
                fprintf(stderr, "idle-compositor: cannot set up the globals\n");
                return 1;
        }
        /* The socket named on the command line (to start again where a predecessor was), or
         * the first free wayland-N. */
        socket = argc > 1 ? (wl_display_add_socket(c.display, argv[1]) == 0 ? argv[1] : NULL) :
                 wl_display_add_socket_auto(c.display);
        if (!socket) {
                fprintf(stderr, "idle-compositor: cannot listen (is $XDG_RUNTIME_DIR set?)\n");
                return 1;
        }
        say("socket %s", socket);

        wl_display_run(c.display);

        wl_display_destroy_clients(c.display);
        wl_display_destroy(c.display);
        return 0;
}
