/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-spawn: times programs for limber's footprint benchmark (tests/bench/run).
 *
 *   bench-spawn [--runs N] -- COMMAND [ARG...]
 *       runs COMMAND N times, its output to /dev/null, and prints the wall time of each run
 *       in microseconds, one a line. A run that exits non-zero is an error.
 *
 *   bench-spawn --name BUS_NAME [--runs N] -- COMMAND [ARG...]
 *       N times: starts COMMAND and prints the time from just before the fork to BUS_NAME
 *       getting an owner on the session bus (NameOwnerChanged, as a client sees it); then
 *       stops it with SIGTERM and waits both for it to exit and for the name to be released.
 *
 * Everything runs in one sd-event loop: the bus match and a child source per run. */
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>
#include <time.h>

#include "util/util.h"

#define RUN_TIMEOUT_USEC (20 * USEC_PER_SEC)

extern char **environ;

static unsigned arg_runs = 11;
static const char *arg_name = NULL;
static char **arg_command = NULL;

typedef struct Run {
        pid_t pid;
        usec_t started;         /* CLOCK_MONOTONIC, just before the fork */
        usec_t owned;           /* when the name got an owner, 0 = not yet */
        bool exited, released;
        int status;
} Run;

static int spawn(bool quiet, pid_t *ret) {
        posix_spawn_file_actions_t actions;
        int r;

        r = posix_spawn_file_actions_init(&actions);
        if (r != 0)
                return -r;
        if (quiet) {
                (void) posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
                (void) posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
        }
        r = posix_spawnp(ret, arg_command[0], &actions, NULL, arg_command, environ);
        posix_spawn_file_actions_destroy(&actions);
        return -r;
}

/* ---- COMMAND to completion ------------------------------------------------------------ */

static int time_runs(void) {
        for (unsigned i = 0; i < arg_runs; i++) {
                usec_t t0 = now_monotonic();
                pid_t pid;
                int status, r;

                r = spawn(true, &pid);
                if (r < 0) {
                        fprintf(stderr, "bench-spawn: cannot run %s: %s\n", arg_command[0], strerror(-r));
                        return 1;
                }
                if (waitpid(pid, &status, 0) < 0) {
                        fprintf(stderr, "bench-spawn: waitpid: %m\n");
                        return 1;
                }
                if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                        fprintf(stderr, "bench-spawn: %s failed (status 0x%x)\n", arg_command[0], (unsigned) status);
                        return 1;
                }
                printf("%.1f\n", (double) (now_monotonic() - t0));
        }
        return 0;
}

/* ---- COMMAND until it owns BUS_NAME ------------------------------------------------------ */

static int on_name_owner_changed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        Run *run = userdata;
        const char *name, *old_owner, *new_owner;

        if (sd_bus_message_read(m, "sss", &name, &old_owner, &new_owner) < 0 || !streq(name, arg_name))
                return 0;
        if (!isempty(new_owner)) {
                if (run->pid > 0 && run->owned == 0) {
                        run->owned = now_monotonic();
                        (void) kill(run->pid, SIGTERM);
                }
        } else
                run->released = true;
        return 0;
}

static int on_child(sd_event_source *s, const siginfo_t *si, void *userdata) {
        Run *run = userdata;

        run->exited = true;
        run->status = si->si_status;
        return 0;
}

static int time_starts(void) {
        _cleanup_(sd_event_unrefp) sd_event *event = NULL;
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(freep) char *match = NULL;
        Run run = {};
        sigset_t mask;
        int r;

        sigemptyset(&mask);
        sigaddset(&mask, SIGCHLD);
        if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
                return fprintf(stderr, "bench-spawn: sigprocmask: %m\n"), 1;

        r = sd_event_default(&event);
        if (r >= 0)
                r = sd_bus_open_user(&bus);
        if (r >= 0)
                r = sd_bus_attach_event(bus, event, SD_EVENT_PRIORITY_NORMAL);
        if (r < 0)
                return fprintf(stderr, "bench-spawn: cannot connect to the session bus: %s\n", strerror(-r)), 1;

        if (asprintf(&match, "type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',"
                     "member='NameOwnerChanged',arg0='%s'", arg_name) < 0)
                return 1;
        r = sd_bus_add_match(bus, NULL, match, on_name_owner_changed, &run);
        if (r < 0)
                return fprintf(stderr, "bench-spawn: cannot watch %s: %s\n", arg_name, strerror(-r)), 1;

        for (unsigned i = 0; i < arg_runs; i++) {
                _cleanup_(sd_event_source_unrefp) sd_event_source *child = NULL;
                usec_t deadline;

                run = (Run) { .started = now_monotonic() };
                r = spawn(false, &run.pid);
                if (r < 0)
                        return fprintf(stderr, "bench-spawn: cannot run %s: %s\n", arg_command[0], strerror(-r)), 1;
                r = sd_event_add_child(event, &child, run.pid, WEXITED, on_child, &run);
                if (r < 0)
                        return fprintf(stderr, "bench-spawn: cannot watch the child: %s\n", strerror(-r)), 1;

                deadline = run.started + RUN_TIMEOUT_USEC;
                while (!(run.exited && run.released)) {
                        usec_t now = now_monotonic();

                        if (run.exited && run.owned == 0) {
                                fprintf(stderr, "bench-spawn: %s exited (status %d) before owning %s\n",
                                        arg_command[0], run.status, arg_name);
                                return 1;
                        }
                        if (now >= deadline) {
                                fprintf(stderr, "bench-spawn: %s did not %s %s within %llu s\n", arg_command[0],
                                        run.owned ? "release" : "own", arg_name,
                                        (unsigned long long) (RUN_TIMEOUT_USEC / USEC_PER_SEC));
                                (void) kill(run.pid, SIGKILL);
                                return 1;
                        }
                        r = sd_event_run(event, deadline - now);
                        if (r < 0)
                                return fprintf(stderr, "bench-spawn: event loop: %s\n", strerror(-r)), 1;
                }
                printf("%.1f\n", (double) (run.owned - run.started));
                fflush(stdout);
        }
        return 0;
}

static int parse_argv(int argc, char *argv[]) {
        static const struct option options[] = {
                { "runs", required_argument, NULL, 'n' },
                { "name", required_argument, NULL, 'b' },
                {}
        };
        int c;

        while ((c = getopt_long(argc, argv, "+n:b:", options, NULL)) >= 0)
                switch (c) {
                case 'n':
                        arg_runs = (unsigned) strtoul(optarg, NULL, 10);
                        break;
                case 'b':
                        arg_name = optarg;
                        break;
                default:
                        return -EINVAL;
                }
        if (optind >= argc || arg_runs == 0) {
                fprintf(stderr, "Usage: bench-spawn [--runs N] [--name BUS_NAME] -- COMMAND [ARG...]\n");
                return -EINVAL;
        }
        arg_command = argv + optind;
        return 0;
}

int main(int argc, char *argv[]) {
        if (parse_argv(argc, argv) < 0)
                return 2;
        return arg_name ? time_starts() : time_runs();
}
