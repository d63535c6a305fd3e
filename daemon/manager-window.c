/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The break window's side of the Manager (see manager-window.h). */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "limber-config.h"
#include "manager-window.h"
#include "manager.h"
#include "util/helper-path.h"
#include "util/i18n.h"
#include "util/limber-bus.h"
#include "util/log.h"

#define HELPER_NAME "limber-break"

/* A window not up this long after its start is given up: the break goes on in notifications. */
#define START_TIMEOUT_USEC (15 * USEC_PER_SEC)

const char *manager_window_refusal(int r) {
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

bool manager_window_covers(const Manager *m) {
        return m->window.shown || m->window.starting;
}

static bool break_due(const Manager *m) {
        SchedulerState s = scheduler_state(&m->scheduler);

        return s == SCHEDULER_DUE || s == SCHEDULER_SNOOZED || s == SCHEDULER_DEFERRED;
}

/* The window did not come up (or is gone): the break goes on without it. */
static void window_failed(Manager *m) {
        BreakWindow *w = &m->window;
        bool start = w->start_break_on_failure;

        w->starting = w->start_break_on_failure = false;
        w->start_timeout = sd_event_source_disable_unref(w->start_timeout);
        if (w->shown)
                return;
        if (scheduler_on_break(&m->scheduler))
                manager_show_step(m);
        else if (start && break_due(m)) {
                int r;

                /* In notifications: not another try at the window that just failed. */
                w->no_retry = true;
                r = scheduler_start_break(&m->scheduler, manager_now());
                w->no_retry = false;

                if (r != 0)
                        log_info("No break window, and the guided break cannot start (%s), ignoring",
                                 scheduler_refusal_to_string(r) ?: strerror(-r));
        }
        manager_changed(m);
}

static void window_set_shown(Manager *m, bool shown) {
        BreakWindow *w = &m->window;
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
        if (!scheduler_on_break(&m->scheduler))
                return;
        if (shown)
                notifier_close(m->notifier);    /* the step's notification, if one was shown */
        else if (!w->starting) {
                /* Closing the window is not a decision about the break: it goes on here. */
                log_info("The break window was closed; the guided break goes on in notifications");
                manager_show_step(m);
        }
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
        Manager *m = userdata;

        m->window.owner_query = sd_bus_slot_unref(m->window.owner_query);
        if (!sd_bus_message_is_method_error(reply, NULL))
                window_set_shown(m, true);
        return 0;
}

static int on_child_exit(sd_event_source *s, const siginfo_t *si, void *userdata) {
        Manager *m = userdata;
        BreakWindow *w = &m->window;

        if (si->si_code == CLD_EXITED && si->si_status == 127)
                log_warning("The break window (pid %d) could not be run: %s", (int) si->si_pid, w->path);
        else if (si->si_code != CLD_EXITED || si->si_status != 0)
                log_warning("The break window (pid %d) %s %d", (int) si->si_pid,
                            si->si_code == CLD_EXITED ? "exited with status" : "was killed by signal",
                            si->si_status);
        w->child = sd_event_source_disable_unref(w->child);
        w->pid = 0;
        if (w->starting)
                window_failed(m);
        else if (w->show_again) {
                int r;

                w->show_again = false;
                r = manager_window_show(m, w->start_break_on_failure);
                if (r < 0) {
                        log_info("The break window cannot be shown again: %s", manager_window_refusal(r));
                        window_failed(m);
                }
        }
        return 0;
}

static int on_start_timeout(sd_event_source *s, uint64_t usec, void *userdata) {
        Manager *m = userdata;

        log_warning("The break window did not appear within %d s; the break goes on in notifications",
                    (int) (START_TIMEOUT_USEC / USEC_PER_SEC));
        if (m->window.pid > 0)
                (void) kill(m->window.pid, SIGTERM);
        window_failed(m);
        return 0;
}

static int spawn_helper(Manager *m) {
        BreakWindow *w = &m->window;
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
        r = sd_event_add_child(m->event, &w->child, pid, WEXITED, on_child_exit, m);
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

int manager_window_show(Manager *m, bool start_break_on_failure) {
        BreakWindow *w = &m->window;
        int r;

        if (!m->config.break_window)
                return -EOPNOTSUPP;
        if (isempty(getenv("DISPLAY")) && isempty(getenv("WAYLAND_DISPLAY")))
                return -ENXIO;
        if (w->shown) {
                /* The running window comes to the front (GApplication's activate): no second
                 * process. */
                r = sd_bus_call_method_async(m->bus, NULL, LIMBER_BREAK_APP_ID, "/io/github/limber/Limber",
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
        r = spawn_helper(m);
        if (r < 0)
                return r;
        w->starting = true;
        w->start_break_on_failure = start_break_on_failure;
        w->start_timeout = sd_event_source_disable_unref(w->start_timeout);
        r = sd_event_add_time_relative(m->event, &w->start_timeout, CLOCK_MONOTONIC, START_TIMEOUT_USEC,
                                       USEC_PER_SEC, on_start_timeout, m);
        if (r < 0)
                log_warning_errno(r, "Cannot time the break window's start: %m, ignoring");
        return 0;
}

void manager_window_break_started(Manager *m) {
        int r;

        if (m->window.shown || m->window.starting || m->window.no_retry)
                return;
        r = manager_window_show(m, false);
        if (r < 0)
                log_debug("The guided break runs in notifications: %s", manager_window_refusal(r));
}

int manager_window_start(Manager *m) {
        BreakWindow *w = &m->window;
        int r;

        r = helper_find("LIMBER_BREAK_HELPER", HELPER_NAME, &w->path);
        if (r < 0)
                return log_oom();
        /* arg0: only this name's changes wake limberd. */
        r = sd_bus_add_match(m->bus, &w->name_watch,
                             "type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
                             "interface='org.freedesktop.DBus',member='NameOwnerChanged',"
                             "arg0='" LIMBER_BREAK_APP_ID "'", on_name_owner_changed, m);
        if (r >= 0)
                r = sd_bus_call_method_async(m->bus, &w->owner_query, "org.freedesktop.DBus",
                                             "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetNameOwner",
                                             on_owner_reply, m, "s", LIMBER_BREAK_APP_ID);
        if (r < 0)
                return log_warning_errno(r, "Cannot watch for the break window on the bus: %m");
        return 0;
}

void manager_window_done(Manager *m) {
        BreakWindow *w = &m->window;

        w->name_watch = sd_bus_slot_unref(w->name_watch);
        w->owner_query = sd_bus_slot_unref(w->owner_query);
        w->start_timeout = sd_event_source_disable_unref(w->start_timeout);
        w->child = sd_event_source_disable_unref(w->child);
        free(w->path);
        w->path = NULL;
}
