/* SPDX-License-Identifier: GPL-3.0-or-later */
/* limberd: the break-reminder daemon. Sets up the buses and the one event loop (sd-event),
 * hands everything else to the Manager. */
#include <getopt.h>
#include <signal.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "limber-config.h"
#include "manager.h"
#include "util/i18n.h"
#include "util/limber-bus.h"
#include "util/log.h"

static const char *arg_config = NULL;

static void help(void) {
        fputs(_("Usage: limberd [OPTIONS]\n\n"
               "The limber break-reminder daemon. It counts active time at the desk and, every\n"
               "2-3 hours of real work, suggests a short break with seated desk exercises.\n"
               "Normally started by systemd (limber.service) or D-Bus activation; control it\n"
               "with limberctl.\n\n"
               "  -c, --config FILE   read only FILE (plus built-in defaults)\n"
               "  -v, --verbose       log debug messages\n"
               "  -h, --help          show this help\n"
               "      --version       show the version\n"), stdout);
}

static int parse_argv(int argc, char *argv[]) {
        enum { ARG_VERSION = 0x100 };
        static const struct option options[] = {
                { "config",  required_argument, NULL, 'c' },
                { "verbose", no_argument,       NULL, 'v' },
                { "help",    no_argument,       NULL, 'h' },
                { "version", no_argument,       NULL, ARG_VERSION },
                {}
        };
        int c;

        while ((c = getopt_long(argc, argv, "c:vh", options, NULL)) >= 0)
                switch (c) {
                case 'c':
                        arg_config = optarg;
                        break;
                case 'v':
                        log_set_max_level(LOG_DEBUG);
                        break;
                case 'h':
                        help();
                        return 0;
                case ARG_VERSION:
                        printf("limberd %s\n", LIMBER_VERSION);
                        return 0;
                default:
                        fprintf(stderr, "%s\n", _("Try 'limberd --help'."));
                        return -EINVAL;
                }
        if (optind < argc) {
                fprintf(stderr, _("limberd: unexpected argument \"%s\"; try 'limberd --help'.\n"), argv[optind]);
                return -EINVAL;
        }
        return 1;
}

static int on_sigterm(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata) {
        log_info("Stopping (signal %u)", si->ssi_signo);
        return sd_event_exit(sd_event_source_get_event(s), 0);
}

static int on_sighup(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata) {
        Manager *m = userdata;
        _cleanup_(freep) char *error = NULL;

        if (manager_reload(m, &error) < 0)
                log_error("Reload failed: %s; the running configuration is kept", error ?: "unknown error");
        return 0;
}

static int run(int argc, char *argv[]) {
        _cleanup_(sd_event_unrefp) sd_event *event = NULL;
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *system_bus = NULL;
        _cleanup_(manager_freep) Manager *m = NULL;
        sigset_t mask;
        int r, code = 0;

        r = parse_argv(argc, argv);
        if (r <= 0)
                return r < 0 ? 2 : 0;

        sigemptyset(&mask);
        sigaddset(&mask, SIGTERM);
        sigaddset(&mask, SIGINT);
        sigaddset(&mask, SIGHUP);
        sigaddset(&mask, SIGCHLD);      /* the notification helper's exit, through sd-event */
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
        /* Without the session bus there is nothing to do: exit non-zero so systemd restarts
         * us with the next session. */
        (void) sd_bus_set_exit_on_disconnect(bus, true);

        r = sd_bus_open_system(&system_bus);
        if (r < 0)
                log_warning_errno(r, "Cannot connect to the system bus: %m; lock and suspend are not noticed");
        else if ((r = sd_bus_attach_event(system_bus, event, SD_EVENT_PRIORITY_NORMAL)) < 0)
                return log_error_errno(r, "Cannot attach the system bus: %m"), 1;

        r = manager_new(arg_config, event, bus, system_bus, &m);
        if (r < 0)
                return 1;

        (void) sd_event_add_signal(event, NULL, SIGTERM, on_sigterm, NULL);
        (void) sd_event_add_signal(event, NULL, SIGINT, on_sigterm, NULL);
        (void) sd_event_add_signal(event, NULL, SIGHUP, on_sighup, m);

        /* The name before anything is counted or written: a second limberd must leave the
         * first one's state and history alone (it would take the time since the first one
         * last saved for a downtime). Calls that arrive meanwhile wait in sd-bus's queue
         * until the loop runs, after manager_start(): once they are answered, every method
         * works. */
        r = sd_bus_request_name(bus, LIMBER_BUS_NAME, 0);
        if (r == -EEXIST)
                return log_error("Cannot own %s: another limberd is running", LIMBER_BUS_NAME), 1;
        if (r < 0)
                return log_error_errno(r, "Cannot own %s: %m", LIMBER_BUS_NAME), 1;

        r = manager_start(m);
        if (r < 0)
                return 1;
        log_info("Ready on %s", LIMBER_BUS_NAME);

        r = sd_event_loop(event);
        if (r < 0) {
                /* The loop itself failed. Exit non-zero, so that systemd restarts us. */
                log_error_errno(r, "The event loop failed: %m");
                code = EXIT_FAILURE;
        } else
                code = r;
        manager_stop(m);
        return code;
}

int main(int argc, char *argv[]) {
        i18n_init(true);
        return run(argc, argv);
}
