/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The verbs that change limberd's state. Each makes one call and, unless --quiet, answers
 * with the status headline, so the user sees what the command did. */

#include "ctl-bus.h"
#include "ctl-status.h"
#include "ctl-util.h"
#include "ctl-verbs.h"
#include "util/duration.h"
#include "util/i18n.h"
#include "util/limber-bus.h"

/* Parses a DURATION argument of verb; zero is refused too, since leaving the argument out is
 * how to ask for the default. */
static int parse_duration_argument(const char *verb, const char *text, usec_t *ret) {
        _cleanup_(freep) char *error = NULL;
        usec_t u;

        if (duration_parse(text, &u, &error) < 0)
                return usage_error("%s", error ?: _("bad duration, e.g. 90s, 10m, 2h or 2h30m"));
        if (u == 0)
                return usage_error(_("\"%s\" is zero: leave DURATION out for the default, e.g. limberctl %s 15m"),
                                   text, verb);
        *ret = u;
        return 0;
}

/* Calls member with the arguments, then shows where that left limberd. */
static int command(const CtlArgs *args, const char *member, const char *types, ...) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(status_done) Status s = {};
        _cleanup_(freep) char *headline = NULL;
        _cleanup_(memstream_done) MemStream m = {};
        va_list ap;
        int r;

        r = bus_connect(&bus);
        if (r < 0)
                return r;

        va_start(ap, types);
        r = bus_callv(bus, LIMBER_BUS_INTERFACE, member, BUS_CALL_ANNOUNCE_START, NULL, types, ap);
        va_end(ap);
        if (r < 0)
                return r;

        if (args->quiet)
                return 0;
        /* The command did its work: a failure to show the outcome is not worth an error. */
        if (status_fetch(bus, &s, 0) < 0)
                return 0;
        headline = status_headline(&s, now_realtime(), &args->style);
        if (!wrapped_open(&m))
                return 0;
        if (headline)
                fprintf(m.f, "%s\n", headline);
        /* What the files just read still get wrong (a bad exercise drop-in, say). */
        if (streq(member, "Reload"))
                status_print_problems(&s, &args->style, m.f);
        wrapped_close(&m, stdout, &args->style, 2);
        return 0;
}

/* The argument of snooze, log and pause: a DURATION, or 0 (limberd's default) when left out. */
static int optional_duration(int argc, char *argv[], usec_t *ret) {
        *ret = 0;
        return argc > 1 ? parse_duration_argument(argv[0], argv[1], ret) : 0;
}

int verb_snooze(int argc, char *argv[], const CtlArgs *args) {
        usec_t u;
        int r = optional_duration(argc, argv, &u);

        return r < 0 ? r : command(args, "Snooze", "t", u);
}

int verb_skip(int argc, char *argv[], const CtlArgs *args) {
        return command(args, "Skip", NULL);
}

int verb_break(int argc, char *argv[], const CtlArgs *args) {
        return command(args, "StartBreak", NULL);
}

int verb_done(int argc, char *argv[], const CtlArgs *args) {
        return command(args, "FinishBreak", NULL);
}

int verb_log(int argc, char *argv[], const CtlArgs *args) {
        usec_t u;
        int r = optional_duration(argc, argv, &u);

        return r < 0 ? r : command(args, "LogBreak", "ts", u, strempty(args->note));
}

/* When reminders are paused already: until when (USEC_INFINITY: until resumed), else 0. Asks
 * quietly and starts nothing. */
static usec_t paused_until(void) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(status_done) Status s = {};

        if (sd_bus_open_user(&bus) < 0 || !bus_daemon_running(bus))
                return 0;
        if (status_fetch_quiet(bus, &s) < 0 || !streq_ptr(s.state, "paused"))
                return 0;
        return s.paused_until ?: USEC_INFINITY;
}

int verb_pause(int argc, char *argv[], const CtlArgs *args) {
        usec_t u, before;
        int r = optional_duration(argc, argv, &u);

        if (r < 0)
                return r;
        before = paused_until();
        r = command(args, "Pause", "t", u);
        if (r < 0 || before == 0 || args->quiet)
                return r;
        /* A second pause replaces the first: say so, rather than let it pass unnoticed. */
        if (before == USEC_INFINITY && u == 0)
                printf("%s\n", _("Already paused until resumed: nothing changed."));
        else
                printf("%s\n", _("Already paused: this pause replaces the one before."));
        return r;
}

int verb_resume(int argc, char *argv[], const CtlArgs *args) {
        return command(args, "Resume", NULL);
}

int verb_reload(int argc, char *argv[], const CtlArgs *args) {
        return command(args, "Reload", NULL);
}
