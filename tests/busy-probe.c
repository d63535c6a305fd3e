/* SPDX-License-Identifier: GPL-3.0-or-later */
/* busy-probe: the busy module alone, for the integration tests (test_busy.py). It connects to
 * the session and system buses of its environment, runs Busy in an sd-event loop as limberd
 * does and prints one line per change of the reason on stdout:
 *
 *   READY                       started; changes follow
 *   GNOME-DND watching|absent   with --gnome-dnd: whether it is watched (a GNOME session)
 *   BUSY do-not-disturb         the reason changed ("BUSY -" when no longer busy)
 *   REFRESHED                   a SIGUSR1 ran busy_refresh() (changes it found come before)
 *   RESPECT-DND on|off          a SIGUSR2 flipped respect_dnd with busy_set_respect()
 *
 * Options: --no-dnd, --no-inhibitors (respect_dnd / respect_inhibitors off), --gnome-dnd (also
 * wire GNOME's GSettings do-not-disturb through the notifications module and its helper,
 * $LIMBER_NOTIFY_HELPER, the way the manager does). SIGTERM or SIGINT end it with 0. Log messages (debug level) go to stderr. */
#include <getopt.h>
#include <signal.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "busy/busy.h"
#include "notify/notify.h"
#include "util/log.h"

typedef struct Probe {
        Busy *busy;
        Notifier *notifier;
} Probe;

static bool arg_dnd = true;
static bool arg_inhibitors = true;
static bool arg_gnome_dnd = false;

static void on_busy_changed(void *userdata, const char *reason) {
        printf("BUSY %s\n", isempty(reason) ? "-" : reason);
}

/* What the manager does: forward GSettings' state to whatever Busy is current. */
static void on_gnome_dnd(void *userdata, bool dnd) {
        Probe *p = userdata;

        busy_set_gnome_dnd(p->busy, dnd);
}

static void on_notification_action(void *userdata, const char *action) {
}

static int on_refresh(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata) {
        Probe *p = userdata;

        (void) busy_refresh(p->busy);
        printf("REFRESHED\n");
        return 0;
}

static int on_toggle_dnd(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata) {
        Probe *p = userdata;

        arg_dnd = !arg_dnd;
        if (busy_set_respect(p->busy, arg_dnd, arg_inhibitors) < 0)
                return log_oom();
        printf("RESPECT-DND %s\n", arg_dnd ? "on" : "off");
        return 0;
}

static int on_exit_signal(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata) {
        return sd_event_exit(sd_event_source_get_event(s), 0);
}

static int parse_argv(int argc, char *argv[]) {
        enum { ARG_NO_DND = 0x100, ARG_NO_INHIBITORS, ARG_GNOME_DND };
        static const struct option options[] = {
                { "no-dnd",         no_argument, NULL, ARG_NO_DND },
                { "no-inhibitors",  no_argument, NULL, ARG_NO_INHIBITORS },
                { "gnome-dnd",      no_argument, NULL, ARG_GNOME_DND },
                {}
        };
        int c;

        while ((c = getopt_long(argc, argv, "", options, NULL)) >= 0)
                switch (c) {
                case ARG_NO_DND:
                        arg_dnd = false;
                        break;
                case ARG_NO_INHIBITORS:
                        arg_inhibitors = false;
                        break;
                case ARG_GNOME_DND:
                        arg_gnome_dnd = true;
                        break;
                default:
                        return -EINVAL;
                }
        return optind < argc ? -EINVAL : 0;
}

static int run(int argc, char *argv[]) {
        _cleanup_(sd_event_unrefp) sd_event *event = NULL;
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL, *system_bus = NULL;
        Probe p = {};
        sigset_t mask;
        int r, code = 0;

        if (parse_argv(argc, argv) < 0) {
                fprintf(stderr, "Usage: busy-probe [--no-dnd] [--no-inhibitors] [--gnome-dnd]\n");
                return 2;
        }
        setvbuf(stdout, NULL, _IOLBF, 0);
        log_set_max_level(LOG_DEBUG);

        sigemptyset(&mask);
        sigaddset(&mask, SIGTERM);
        sigaddset(&mask, SIGINT);
        sigaddset(&mask, SIGUSR1);
        sigaddset(&mask, SIGUSR2);
        sigaddset(&mask, SIGCHLD);
        if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
                return log_error_errno(errno, "Cannot block signals: %m"), 1;

        r = sd_event_default(&event);
        if (r < 0)
                return log_error_errno(r, "Cannot create the event loop: %m"), 1;
        r = sd_bus_open_user(&bus);
        if (r < 0)
                return log_error_errno(r, "Cannot connect to the session bus: %m"), 1;
        r = sd_bus_attach_event(bus, event, SD_EVENT_PRIORITY_NORMAL);
        if (r < 0)
                return log_error_errno(r, "Cannot attach the session bus: %m"), 1;
        r = sd_bus_open_system(&system_bus);
        if (r < 0)
                log_warning_errno(r, "Cannot connect to the system bus: %m, ignoring");
        else if ((r = sd_bus_attach_event(system_bus, event, SD_EVENT_PRIORITY_NORMAL)) < 0)
                return log_error_errno(r, "Cannot attach the system bus: %m"), 1;

        (void) sd_event_add_signal(event, NULL, SIGTERM, on_exit_signal, NULL);
        (void) sd_event_add_signal(event, NULL, SIGINT, on_exit_signal, NULL);
        (void) sd_event_add_signal(event, NULL, SIGUSR1, on_refresh, &p);
        (void) sd_event_add_signal(event, NULL, SIGUSR2, on_toggle_dnd, &p);

        r = busy_new(event, bus, system_bus, arg_dnd, arg_inhibitors, on_busy_changed, NULL, &p.busy);
        if (r < 0)
                return log_error_errno(r, "Cannot start the busy watchers: %m"), 1;
        printf("READY\n");

        if (arg_gnome_dnd) {
                r = notifier_new(event, on_notification_action, NULL, &p.notifier);
                if (r < 0)
                        return log_error_errno(r, "Cannot set up the notifier: %m"), 1;
                r = notifier_watch_gnome_dnd(p.notifier, on_gnome_dnd, &p);
                printf("GNOME-DND %s\n", r > 0 ? "watching" : "absent");
        }

        r = sd_event_loop(event);
        code = r < 0 ? 1 : r;

        notifier_free(p.notifier);
        busy_free(p.busy);
        return code;
}

int main(int argc, char *argv[]) {
        return run(argc, argv);
}
