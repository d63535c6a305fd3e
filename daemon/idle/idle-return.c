/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Watches for an idle source to be offered again (see idle-return.h). A compositor or an X
 * server that starts creates its socket: inotify tells us (IN_CREATE, or IN_MOVED_TO for one
 * renamed into place). GNOME Shell and Plasma take bus names: NameOwnerChanged tells us. */
#include <libgen.h>
#include <sys/inotify.h>

#include "idle/idle-return.h"
#include "session/bus-util.h"
#include "util/log.h"

#define X11_SOCKET_DIR "/tmp/.X11-unix"

/* The names whose owner brings a source: GNOME's idle monitor; Plasma (the kde source asks
 * org.freedesktop.ScreenSaver, and probes for KWin or plasmashell). */
static const struct {
        IdleKind kind;
        const char *name;
} bus_names[] = {
        { IDLE_KIND_GNOME, "org.gnome.Mutter.IdleMonitor" },
        { IDLE_KIND_KDE, "org.kde.KWin" },
        { IDLE_KIND_KDE, "org.kde.plasmashell" },
        { IDLE_KIND_KDE, "org.freedesktop.ScreenSaver" },
};

struct IdleReturn {
        idle_return_t cb;
        void *userdata;
        sd_event_source *wayland_watch;         /* on the folder of the Wayland socket */
        char *wayland_dir;
        sd_event_source *x11_watch;             /* on /tmp/.X11-unix */
        char *x11_socket;                       /* "/tmp/.X11-unix/X1" */
        const char *x11_name;                   /* in it: "X1" */
        sd_bus_slot *name_slots[ELEMENTSOF(bus_names)];
};

int idle_return_x11_socket(const char *display, char **ret) {
        const char *p = display;
        size_t n;

        *ret = NULL;
        if (isempty(display))
                return -EINVAL;
        /* ":N[.S]" and "unix:N[.S]" are the local socket; "host:N" is TCP, nothing to watch. */
        if (strncmp(p, "unix:", 5) == 0)
                p += 4;
        if (p[0] != ':')
                return 0;
        p++;
        n = strspn(p, "0123456789");
        if (n == 0 || (p[n] != '\0' && p[n] != '.'))
                return -EINVAL;
        if (asprintf(ret, "%s/X%.*s", X11_SOCKET_DIR, (int) n, p) < 0) {
                *ret = NULL;
                return -ENOMEM;
        }
        return 0;
}

static bool is_wayland_socket(const char *name) {
        size_t n = strlen(name);

        /* wayland-0, wayland-1, wayland-limber; not the lock file beside each. */
        return strncmp(name, "wayland-", 8) == 0 && !(n >= 5 && streq(name + n - 5, ".lock"));
}

static int on_wayland_dir(sd_event_source *s, const struct inotify_event *e, void *userdata) {
        IdleReturn *r = userdata;
        _cleanup_(freep) char *what = NULL;

        if (e->len == 0 || !is_wayland_socket(e->name))
                return 0;
        if (asprintf(&what, "%s in %s", e->name, r->wayland_dir) < 0)
                what = NULL;
        r->cb(r->userdata, what ?: e->name);
        return 0;
}

static int on_x11_dir(sd_event_source *s, const struct inotify_event *e, void *userdata) {
        IdleReturn *r = userdata;

        if (e->len == 0 || !streq(e->name, r->x11_name))
                return 0;
        r->cb(r->userdata, r->x11_socket);
        return 0;
}

static int on_owner_changed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        IdleReturn *r = userdata;
        const char *name, *old_owner, *new_owner;

        if (sd_bus_message_read(m, "sss", &name, &old_owner, &new_owner) < 0 || isempty(new_owner))
                return 0;
        r->cb(r->userdata, name);
        return 0;
}

static int watch_dir(sd_event *event, const char *dir, sd_event_inotify_handler_t handler, IdleReturn *r,
                     sd_event_source **ret) {
        int k;

        /* A server that starts again unlinks the socket its killed predecessor left, and binds
         * a new one: IN_CREATE. */
        k = sd_event_add_inotify(event, ret, dir, IN_CREATE | IN_MOVED_TO | IN_ONLYDIR, handler, r);
        if (k < 0)
                log_warning_errno(k, "Cannot watch %s for a returning idle source: %m, ignoring", dir);
        return k == -ENOMEM ? k : 0;
}

static int watch_wayland(IdleReturn *r, sd_event *event) {
        const char *display = getenv("WAYLAND_DISPLAY"), *runtime = getenv("XDG_RUNTIME_DIR");
        _cleanup_(freep) char *copy = NULL;

        if (display && display[0] == '/') {
                copy = strdup(display);
                if (!copy)
                        return -ENOMEM;
                runtime = dirname(copy);
        }
        if (isempty(runtime)) {
                log_info("No $XDG_RUNTIME_DIR: a returning Wayland compositor is not noticed");
                return 0;
        }
        r->wayland_dir = strdup(runtime);
        if (!r->wayland_dir)
                return -ENOMEM;
        return watch_dir(event, r->wayland_dir, on_wayland_dir, r, &r->wayland_watch);
}

static int watch_x11(IdleReturn *r, sd_event *event) {
        _cleanup_(freep) char *socket = NULL;
        int k;

        k = idle_return_x11_socket(getenv("DISPLAY"), &socket);
        if (k == -ENOMEM)
                return k;
        if (!socket) {
                if (!isempty(getenv("DISPLAY")))
                        log_info("$DISPLAY=%s is not a local X server: its return is not noticed",
                                 getenv("DISPLAY"));
                return 0;
        }
        r->x11_socket = TAKE_PTR(socket);
        r->x11_name = strrchr(r->x11_socket, '/') + 1;
        return watch_dir(event, X11_SOCKET_DIR, on_x11_dir, r, &r->x11_watch);
}

int idle_return_new(sd_event *event, sd_bus *user_bus, const bool wanted[_IDLE_KIND_MAX],
                    idle_return_t cb, void *userdata, IdleReturn **ret) {
        _cleanup_(idle_return_freep) IdleReturn *r = NULL;
        int k;

        r = calloc(1, sizeof(IdleReturn));
        if (!r)
                return -ENOMEM;
        r->cb = cb;
        r->userdata = userdata;

        if (wanted[IDLE_KIND_WAYLAND]) {
                k = watch_wayland(r, event);
                if (k < 0)
                        return k;
        }
        if (wanted[IDLE_KIND_X11]) {
                k = watch_x11(r, event);
                if (k < 0)
                        return k;
        }
        for (size_t i = 0; i < ELEMENTSOF(bus_names); i++) {
                if (!wanted[bus_names[i].kind])
                        continue;
                k = bus_match_name_owner_async(user_bus, &r->name_slots[i], bus_names[i].name,
                                               on_owner_changed, r);
                if (k < 0)
                        return k;
        }
        *ret = TAKE_PTR(r);
        return 0;
}

IdleReturn *idle_return_free(IdleReturn *r) {
        if (!r)
                return NULL;
        sd_event_source_disable_unref(r->wayland_watch);
        sd_event_source_disable_unref(r->x11_watch);
        for (size_t i = 0; i < ELEMENTSOF(r->name_slots); i++)
                sd_bus_slot_unref(r->name_slots[i]);
        free(r->wayland_dir);
        free(r->x11_socket);
        free(r);
        return NULL;
}
