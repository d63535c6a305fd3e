/* SPDX-License-Identifier: GPL-3.0-or-later */
/* limberctl: talks to limberd over D-Bus. main() parses the command line and dispatches from
 * the verb table below; the verbs live in ctl-verbs-*.c and ctl-watch.c. */

#include <locale.h>

#include "ctl-bus.h"
#include "ctl-charset.h"
#include "ctl-complete.h"
#include "ctl-fetch.h"
#include "ctl-util.h"
#include "ctl-verb.h"
#include "ctl-verbs.h"
#include "limber-config.h"
#include "util/i18n.h"

static int verb_help_cmd(int argc, char *argv[], const CtlArgs *args);
static int verb_complete(int argc, char *argv[], const CtlArgs *args);

static const Verb config_verbs[] = {
        { "get", 1, 2, OPT_JSON, verb_config_get, NULL, "[KEY]",
          N_("show the configuration, or one key's value"),
          N_("Shows every key of limberd's configuration as \"section.key\" with its value as written\n"
          "in limber.ini, or only the value of KEY (handy in scripts). With --json, an object\n"
          "of key → value. Keys are listed in limber.ini(5)."),
          "limberctl config get schedule.interval" },
        { "set", 3, 3, 0, verb_config_set, NULL, "KEY VALUE",
          N_("change a key now and in the user's limber.ini"),
          N_("Sets KEY to VALUE: limberd checks it, applies it at once and writes it to\n"
          "$XDG_CONFIG_HOME/limber/limber.ini, keeping the rest of the file as it is.\n"
          "Durations are written like 2h, 10m or 2h30m."),
          "limberctl config set schedule.interval 2h30m" },
        { "unset", 2, 2, 0, verb_config_unset, NULL, "KEY",
          N_("go back to the default (or the system-wide value) of a key"),
          N_("Removes KEY from $XDG_CONFIG_HOME/limber/limber.ini, keeping the rest of the file as\n"
          "it is; the key then takes its value from the system-wide limber.ini or its default,\n"
          "which limberd applies at once and limberctl shows."),
          "limberctl config unset schedule.working-hours" },
        {}
};

static const Verb exercises_verbs[] = {
        { "list", 1, 1, VERB_DEFAULT | OPT_JSON | OPT_SAFETY, verb_exercises_list, NULL, NULL,
          N_("list the exercise catalog"),
          N_("Lists the exercises limberd picks breaks from: the shipped catalog and the user's\n"
          "exercises.d/*.ini. With --json, an array of {id, name, posture, dose, steps,\n"
          "caution, instructions}.\n"
          "With --safety, the safety rules in full instead (reminders carry one short line,\n"
          "and the first reminder of the day all of them)."),
          "limberctl exercises --safety" },
        { "show", 2, 2, OPT_JSON, verb_exercises_show, NULL, "ID",
          N_("how to do one exercise, with its cautions"),
          N_("Shows the full instructions of exercise ID: the dose, the steps and any caution."),
          "limberctl exercises show shoulder-rotation" },
        {}
};

static const Verb verbs[] = {
        { "status", 1, 1, VERB_DEFAULT | OPT_JSON, verb_status, NULL, NULL,
          N_("what limberd is doing and when the next break comes"),
          N_("Shows the state (working, idle, due, snoozed, on a break, paused, held back, off\n"
          "hours), the active time since the last break, when the next break comes, the idle\n"
          "source, today's counts and active time, and why time without input counts (\"in a\n"
          "call: camera in use\"). This is what \"limberctl\" alone runs. With --json, one\n"
          "object: state, active_seconds, interval_seconds, next_break_in_seconds (null while\n"
          "paused), next_break_at, reminder_again_in_seconds, reminder_again_at, paused_until,\n"
          "idle, idle_source, breaks_today, skipped_today, active_today_seconds,\n"
          "presence_reason, presence, busy_reason, posture, current_exercise,\n"
          "progress_percent, problems, time."),
          "limberctl status --json" },
        { "snooze", 1, 2, 0, verb_snooze, NULL, "[DURATION]",
          N_("snooze the due reminder (or postpone the next one)"),
          N_("Snoozes the due reminder for DURATION (default: schedule.snooze), or, when no break\n"
          "is due yet, moves the next one back by that much."),
          "limberctl snooze 15m" },
        { "skip", 1, 1, 0, verb_skip, NULL, NULL,
          N_("skip the due break"),
          N_("Skips the due break; it is recorded as skipped and the count starts again."),
          "limberctl skip" },
        { "break", 1, 1, 0, verb_break, NULL, NULL,
          N_("start a guided break now"),
          N_("Starts a guided break at once: the notification walks through the exercises."),
          "limberctl break" },
        { "done", 1, 1, 0, verb_done, NULL, NULL,
          N_("end the running guided break now"),
          N_("Ends the running guided break at once, as the notification's Done button does; it\n"
          "is recorded as taken, with the time it really lasted."),
          "limberctl done" },
        { "log", 1, 2, OPT_NOTE, verb_log, NULL, "[DURATION]",
          N_("record a break taken away from the desk"),
          N_("Records a break of DURATION (default: schedule.break-duration) taken away from the\n"
          "computer, with an optional note, and starts the count again."),
          "limberctl log 20m --note \"walk outside\"" },
        { "pause", 1, 2, 0, verb_pause, NULL, "[DURATION]",
          N_("stop reminders for a while, or until resumed"),
          N_("Stops reminders for DURATION, or until \"limberctl resume\" when it is left out."),
          "limberctl pause 1h" },
        { "resume", 1, 1, 0, verb_resume, NULL, NULL,
          N_("end a pause"),
          N_("Ends a pause: reminders come again."),
          "limberctl resume" },
        { "history", 1, 1, OPT_SINCE | OPT_JSON | OPT_CSV, verb_history, NULL, NULL,
          N_("past breaks, skips and snoozes"),
          N_("Lists the breaks of the last 24 hours (or --since DURATION): local time, kind\n"
          "(taken, logged, natural, skipped, snoozed), duration, exercises and note. With\n"
          "--json, an array of {time, kind, duration_seconds, exercises, note} (null where a\n"
          "record has none); with --csv, the same as comma-separated values for a spreadsheet."),
          "limberctl history --since 72h" },
        { "stats", 1, 1, OPT_DAYS | OPT_JSON | OPT_CSV, verb_stats, NULL, NULL,
          N_("a per-day summary with a small chart"),
          N_("Summarises the last N days (default 7) day by day: breaks taken and skipped, time\n"
          "spent on breaks, active time, with bars, and the share of breaks taken. --json and\n"
          "--csv give the same per day: date, breaks_taken, breaks_skipped, snoozed,\n"
          "break_seconds, active_seconds, taken_share."),
          "limberctl stats --days 30" },
        { "config", 2, VERB_ANY, OPT_JSON, NULL, config_verbs, NULL, N_("show or change the configuration"),
          N_("Shows or changes limberd's configuration (see limber.ini(5))."), NULL },
        { "reload", 1, 1, 0, verb_reload, NULL, NULL,
          N_("read limber.ini and the exercises again"),
          N_("Makes limberd read its configuration and exercise files again. If the configuration\n"
          "is invalid, limberd keeps the one it runs with and the error is shown."),
          "limberctl reload" },
        { "exercises", 1, VERB_ANY, OPT_JSON | OPT_SAFETY, NULL, exercises_verbs, NULL, N_("the exercise catalog"),
          N_("Lists the exercise catalog, or shows one exercise."), NULL },
        { "watch", 1, 1, OPT_JSON | OPT_WAYBAR, verb_watch, NULL, NULL,
          N_("a live view until interrupted"),
          N_("Shows a live line with a progress bar toward the next break, updated when limberd's\n"
          "state changes (and each second while a countdown runs), until Ctrl-C. It waits for\n"
          "limberd, outlives its restarts and ends when its output is gone. --json writes one\n"
          "status object per change; --waybar writes lines for a waybar custom module\n"
          "({\"text\", \"tooltip\", \"class\", \"percentage\"}), each time the line changes."),
          "limberctl watch --waybar" },
        { "help", 1, VERB_ANY, 0, verb_help_cmd, NULL, "[COMMAND...]",
          N_("show help, overall or for one command"),
          N_("Shows the help of a command, the same as \"limberctl COMMAND --help\"."),
          "limberctl help config set" },
        { "__complete", 1, VERB_ANY, VERB_HIDDEN, verb_complete, NULL, NULL, NULL, NULL, NULL },
        {}
};

static void help_main(const CtlArgs *args) {
        _cleanup_(freep) char *intro = NULL;
        _cleanup_(memstream_done) MemStream m = {};
        Style s = help_style(&args->style);
        FILE *f = wrapped_open(&m);

        intro = help_paragraph(_("Talks to limberd, the break reminder: what it is doing, breaks now or later, the\n"
                                 "breaks so far, and its settings. Without a command, shows the status."));
        if (!f || !intro)
                return;
        fprintf(f, "%slimberctl%s %s\n\n%s\n\n%s%s%s\n",
                ansi(&s, COLOR_BOLD), ansi(&s, COLOR_RESET), _("[OPTIONS...] [COMMAND] ..."), intro,
                ansi(&s, COLOR_BOLD), _("Commands:"), ansi(&s, COLOR_RESET));
        verbs_list(f, verbs, NULL, &s);
        fprintf(f, "\n%s%s%s\n", ansi(&s, COLOR_BOLD), _("Options:"), ansi(&s, COLOR_RESET));
        ctl_options_help(f, ~0U);
        fputc('\n', f);
        /* Each sentence its own line, wrapped where the terminal is narrow. */
        fprintf(f, _("DURATION is one or more <number><unit> groups, units s, m or min, h, d: %s.\n"
                     "Exit status: 0 done, 1 limberd refused or failed, 2 usage error, 3 limberd not running.\n"
                     "See \"limberctl help COMMAND\" and limberctl(1).\n"),
                "90s, 10m, 2h, 2h30m, 7d");
        wrapped_close(&m, stdout, &s, 0);
}

static int verb_help_cmd(int argc, char *argv[], const CtlArgs *args) {
        if (argc <= 1) {
                help_main(args);
                return 0;
        }
        return verb_help(verbs, "limberctl", argc - 1, argv + 1, args);
}

/* Completion asks limberd for keys and exercise ids, quietly and without starting it. */
static int complete_fetch(void *userdata, CompleteWhat what, char ***ret) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(strv_freep) char **pairs = NULL;
        ExerciseInfo *list = NULL;
        size_t n = 0;
        int r;

        r = bus_connect(&bus);
        if (r < 0)
                return r;
        if (what == COMPLETE_CONFIG)
                return config_fetch(bus, BUS_CALL_NO_ACTIVATE, ret);

        r = exercises_fetch(bus, BUS_CALL_NO_ACTIVATE, &list, &n);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n && r >= 0; i++) {
                r = strv_extend(&pairs, list[i].id);
                if (r >= 0)
                        r = strv_extend(&pairs, list[i].name);
        }
        exercise_infos_free(list, n);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(pairs);
        return 0;
}

static int verb_complete(int argc, char *argv[], const CtlArgs *args) {
        FILE *null;
        int r;

        /* The shells show nothing rather than limberctl's complaints. */
        null = fopen("/dev/null", "we");
        if (!null)
                return -errno;
        stderr = null;
        r = complete_words(verbs, argc - 1, argv + 1, complete_fetch, NULL, stdout);
        return r < 0 ? r : 0;
}

/* Closes the converting streams (writing what they hold) and puts the originals back. */
static void streams_restore(FILE *(*saved)[2]) {
        if (stdout != (*saved)[0]) {
                (void) fclose(stdout);
                stdout = (*saved)[0];
        }
        if (stderr != (*saved)[1]) {
                (void) fclose(stderr);
                stderr = (*saved)[1];
        }
}

int main(int argc, char *argv[]) {
        _cleanup_(streams_restore) FILE *saved[2] = { stdout, stderr };
        _cleanup_(ctl_args_done) CtlArgs args = {};
        int r;

        /* The character set decides on UTF-8 glyphs; messages and dates follow the locale,
         * while numbers (JSON) stay as the C locale writes them. Text is UTF-8 inside, as
         * limberd's is, and converted on its way out in a locale of another character set. */
        i18n_init(true);
        args.style = style_detect(STDOUT_FILENO);
        (void) charset_convert_stream(&stderr);

        r = ctl_args_parse(&args, argc, argv);
        if (r < 0)
                return exit_status_from_result(r);

        if (args.version) {
                printf("limberctl %s\n", LIMBER_VERSION);
                return 0;
        }
        if (args.help && args.n_words == 0) {
                help_main(&args);
                return 0;
        }

        /* --quiet prints nothing on success, whatever the verb: the exit status answers.
         * Errors still go to stderr. */
        if (args.quiet && !args.help && !freopen("/dev/null", "w", stdout))
                return exit_status_from_result(ctl_error(errno, _("cannot open /dev/null: %m")));
        /* JSON (and waybar's lines) is UTF-8 whatever the locale. */
        if (!args.json && !args.waybar)
                (void) charset_convert_stream(&stdout);

        r = verb_dispatch(verbs, "limberctl", args.n_words, args.words, &args);
        if (fflush(stdout) != 0 && r >= 0)
                r = ctl_error(errno, _("cannot write the output: %m"));
        return exit_status_from_result(r);
}
