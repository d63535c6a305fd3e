/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The break window (see window.h). */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/helper-path.h"
#include "util/i18n.h"
#include "util/limber-bus.h"
#include "util/log.h"
#include "window.h"

#define HELPER_NAME "limber-break"

/* A window not up this long after its start is given up: the break goes on in notifications. */
#define START_TIMEOUT_USEC (15 * USEC_PER_SEC)

struct BreakWindow {
        sd_event *event;
        sd_bus *bus;
        const BreakWindowCallbacks *callbacks;
        void *userdata;
        bool enabled;                   /* [break] window */

        char *path;                     /* the helper */
        pid_t pid;                      /* started by limberd, not yet reaped; 0 if none */
        sd_event_source *child;
        sd_event_source *start_timeout; /* armed only while starting */
        sd_bus_slot *name_watch;        /* NameOwnerChanged of the app id */
        sd_bus_slot *owner_query;       /* GetNameOwner at start */
        bool starting;                  /* started, its name not yet seen */
        bool shown;                     /* the app id has an owner on the session bus */
        bool start_break_on_failure;    /* asked for from a reminder: no window, the guided break */
        bool show_again;                /* asked for while the last one was closing */
};

const char *break_window_refusal(int r) {
        switch (r) {
        case -EOPNOTSUPP:
                return N_("The break window is turned off ([break] window = false).");
        case -ENXIO:
                return N_("No display to show the break window on ($DISPLAY and $WAYLAND_DISPLAY are unset).");
        case -ENOENT:
                return N_("The break window (limber-break) is not installed.");
        default:
                return N_("The break window cannot be started; see limberd's log.");
        }
}

bool break_window_covers(const BreakWindow *w) {
        return w && (w->shown || w->starting);
}

void break_window_set_enabled(BreakWindow *w, bool enabled) {
        w->enabled = enabled;
}

/* The window did not come up (or is gone): the break goes on without it. */
static void window_failed(BreakWindow *w) {
        bool start = w->start_break_on_failure;

        w->starting = w->start_break_on_failure = false;
        w->start_timeout = sd_event_source_disable_unref(w->start_timeout);
        if (w->shown)
                return;
        w->callbacks->failed(w->userdata, start);
}

static void window_set_shown(BreakWindow *w, bool shown) {
        bool was = w->shown;

        w->shown = shown;
        if (shown) {
                w->starting = false;
                w->start_break_on_failure = false;
                w->start_timeout = sd_event_source_disable_unref(w->start_timeout);
        }
        if (shown == was)
                return;
        log_debug("The break window is %s", shown ? "shown" : "gone");
        if (shown || !w->starting)
                w->callbacks->shown(w->userdata, shown);
}

static int on_name_owner_changed(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        const char *name, *old_owner, *new_owner;
        int r;

        r = sd_bus_message_read(message, "sss", &name, &old_owner, &new_owner);
        if (r < 0 || !streq(name, LIMBER_BREAK_APP_ID))
                return 0;
        window_set_shown(userdata, !isempty(new_owner));
        return 0;
}

static int on_owner_reply(sd_bus_message *reply, void *userdata, sd_bus_error *error) {
        BreakWindow *w = userdata;

        w->owner_query = sd_bus_slot_unref(w->owner_query);
        if (!sd_bus_message_is_method_error(reply, NULL))
                window_set_shown(w, true);
        return 0;
}

static int on_child_exit(sd_event_source *s, const siginfo_t *si, void *userdata) {
        BreakWindow *w = userdata;

        if (si->si_code == CLD_EXITED && si->si_status == 127)
                log_warning("The break window (pid %d) could not be run: %s", (int) si->si_pid, w->path);
        else if (si->si_code != CLD_EXITED || si->si_status != 0)
                log_warning("The break window (pid %d) %s %d", (int) si->si_pid,
                            si->si_code == CLD_EXITED ? "exited with status" : "was killed by signal",
                            si->si_status);
        w->child = sd_event_source_disable_unref(w->child);
        w->pid = 0;
        if (w->starting)
                window_failed(w);
        else if (w->show_again) {
                int r;

                w->show_again = false;
                r = break_window_show(w, w->start_break_on_failure);
                if (r < 0) {
                        log_info("The break window cannot be shown again: %s", break_window_refusal(r));
                        window_failed(w);
                }
        }
        return 0;
}

static int on_start_timeout(sd_event_source *s, uint64_t usec, void *userdata) {
        BreakWindow *w = userdata;

        log_warning("The break window did not appear within %d s; the break goes on in notifications",
                    (int) (START_TIMEOUT_USEC / USEC_PER_SEC));
        if (w->pid > 0)
                (void) kill(w->pid, SIGTERM);
        window_failed(w);
        return 0;
}

static int spawn_helper(BreakWindow *w) {
        char *argv[] = { (char *) HELPER_NAME, NULL };
        pid_t pid;
        int r;

        if (access(w->path, X_OK) < 0) {
                r = -errno;
                log_full_errno(LOG_INFO, r, "No break window: %s: %m", w->path);
                return r == -ENOENT ? -ENOENT : -EIO;
        }
        r = helper_spawn(w->path, argv, -1, &pid);
        if (r != 0) {
                log_warning_errno(r, "Cannot start the break window %s: %m", w->path);
                return -EIO;
        }
        w->pid = pid;
        r = sd_event_add_child(w->event, &w->child, pid, WEXITED, on_child_exit, w);
        if (r < 0) {
                log_warning_errno(r, "Cannot watch the break window: %m");
                (void) kill(pid, SIGTERM);
                (void) waitpid(pid, NULL, 0);
                w->pid = 0;
                return -EIO;
        }
        log_debug("Started the break window %s (pid %d)", w->path, (int) pid);
        return 0;
}

int break_window_show(BreakWindow *w, bool start_break_on_failure) {
        int r;

        if (!w->enabled)
                return -EOPNOTSUPP;
        if (isempty(getenv("DISPLAY")) && isempty(getenv("WAYLAND_DISPLAY")))
                return -ENXIO;
        if (w->shown) {
                /* The running window comes to the front (GApplication's activate): no second
                 * process. */
                r = sd_bus_call_method_async(w->bus, NULL, LIMBER_BREAK_APP_ID, "/io/github/limber/Limber",
                                             "org.freedesktop.Application", "Activate", NULL, NULL,
                                             "a{sv}", 0);
                return r < 0 ? log_warning_errno(r, "Cannot bring the break window to the front: %m") : 0;
        }
        if (w->starting)
                return 0;       /* on its way: its name says when it is shown */
        if (w->pid > 0) {
                /* The last one is closing (its name is gone, it has not exited yet): a new one
                 * once it has, or GApplication would hand this request to it. */
                w->show_again = true;
                w->start_break_on_failure = start_break_on_failure;
                return 0;
        }
        r = spawn_helper(w);
        if (r < 0)
                return r;
        w->starting = true;
        w->start_break_on_failure = start_break_on_failure;
        w->start_timeout = sd_event_source_disable_unref(w->start_timeout);
        r = sd_event_add_time_relative(w->event, &w->start_timeout, CLOCK_MONOTONIC, START_TIMEOUT_USEC,
                                       USEC_PER_SEC, on_start_timeout, w);
        if (r < 0)
                log_warning_errno(r, "Cannot time the break window's start: %m, ignoring");
        return 0;
}

int break_window_new(sd_event *event, sd_bus *bus, const BreakWindowCallbacks *callbacks, void *userdata,
                     BreakWindow **ret) {
        BreakWindow *w;
        int r;

        w = calloc(1, sizeof(BreakWindow));
        if (!w)
                return -ENOMEM;
        *w = (BreakWindow) {
                .event = sd_event_ref(event),
                .bus = sd_bus_ref(bus),
                .callbacks = callbacks,
                .userdata = userdata,
                .enabled = true,
        };
        r = helper_find("LIMBER_BREAK_HELPER", HELPER_NAME, &w->path);
        if (r < 0) {
                break_window_free(w);
                return -ENOMEM;
        }
        /* arg0: only this name's changes wake limberd. */
        r = sd_bus_add_match(w->bus, &w->name_watch,
                             "type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
                             "interface='org.freedesktop.DBus',member='NameOwnerChanged',"
                             "arg0='" LIMBER_BREAK_APP_ID "'", on_name_owner_changed, w);
        if (r >= 0)
                r = sd_bus_call_method_async(w->bus, &w->owner_query, "org.freedesktop.DBus",
                                             "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetNameOwner",
                                             on_owner_reply, w, "s", LIMBER_BREAK_APP_ID);
        if (r < 0)
                log_warning_errno(r, "Cannot watch for the break window on the bus: %m");
        *ret = w;
        return 0;
}

BreakWindow *break_window_free(BreakWindow *w) {
        if (!w)
                return NULL;
        sd_bus_slot_unref(w->name_watch);
        sd_bus_slot_unref(w->owner_query);
        sd_event_source_disable_unref(w->start_timeout);
        sd_event_source_disable_unref(w->child);
        free(w->path);
        sd_bus_unref(w->bus);
        sd_event_unref(w->event);
        free(w);
        return NULL;
}
