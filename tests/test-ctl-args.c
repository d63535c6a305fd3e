/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The command line: options, verb dispatch (argument counts, options per verb, help) and
 * shell completion, against a small verb table of its own. */

#include "ctl-args.h"
#include "ctl-complete.h"
#include "ctl-output.h"
#include "ctl-verb.h"
#include "tap.h"

static int parse(CtlArgs *a, const char *line) {
        char *argv[16] = { (char *) "limberctl" }, *copy = strdup(line), *save = NULL;
        int argc = 1, r;

        for (char *w = strtok_r(copy, " ", &save); w && argc < 15; w = strtok_r(NULL, " ", &save))
                argv[argc++] = w;
        *a = (CtlArgs) {};
        r = ctl_args_parse(a, argc, argv);
        /* The words point into copy: keep copies before freeing it. */
        free(copy);
        return r;
}

static void test_options(void) {
        CtlArgs a;

        CHECK_EQ(parse(&a, "log 15m --note walk --json"), 0);
        CHECK_EQ(a.n_words, 2);
        CHECK_STREQ(a.words[0], "log");
        CHECK_STREQ(a.words[1], "15m");
        CHECK(a.json);
        CHECK(a.seen == (OPT_NOTE | OPT_JSON));
        ctl_args_done(&a);

        CHECK_EQ(parse(&a, "history --since=3h"), 0);
        CHECK_EQ(a.since, 3 * USEC_PER_HOUR);
        ctl_args_done(&a);

        CHECK_EQ(parse(&a, "stats --days 30 -q"), 0);
        CHECK_EQ(a.days, 30);
        CHECK(a.quiet);
        ctl_args_done(&a);

        /* A negative duration is an argument, so the verb can say it is negative. */
        CHECK_EQ(parse(&a, "pause -5m"), 0);
        CHECK_EQ(a.n_words, 2);
        CHECK_STREQ(a.words[1], "-5m");
        ctl_args_done(&a);

        CHECK_EQ(parse(&a, "config set -- notify.sound -x"), 0);
        CHECK_EQ(a.n_words, 4);
        ctl_args_done(&a);

        CHECK_EQ(parse(&a, "status --frobnicate"), -EINVAL);
        ctl_args_done(&a);
        CHECK_EQ(parse(&a, "log --note"), -EINVAL);
        ctl_args_done(&a);
        CHECK_EQ(parse(&a, "history --since 5"), -EINVAL);
        ctl_args_done(&a);
        CHECK_EQ(parse(&a, "stats --days 0"), -EINVAL);
        ctl_args_done(&a);
        CHECK_EQ(parse(&a, "stats --days 7x"), -EINVAL);
        ctl_args_done(&a);
        CHECK_EQ(parse(&a, "watch --json --waybar"), -EINVAL);
        ctl_args_done(&a);
        CHECK_EQ(parse(&a, "status --json=yes"), -EINVAL);
        ctl_args_done(&a);
        CHECK_EQ(parse(&a, "status -x"), -EINVAL);
        ctl_args_done(&a);
}

static int called;

static int record(int argc, char *argv[], const CtlArgs *args) {
        called = argc;
        return 0;
}

static const Verb sub_verbs[] = {
        { "get", 1, 2, OPT_JSON, record, NULL, "[KEY]", "get", NULL, "x config get" },
        { "set", 3, 3, 0, record, NULL, "KEY VALUE", "set", NULL, "x config set a b" },
        {}
};

static const Verb show_verbs[] = {
        { "list", 1, 1, VERB_DEFAULT, record, NULL, NULL, "list", NULL, NULL },
        { "show", 2, 2, 0, record, NULL, "ID", "show", NULL, NULL },
        {}
};

static const Verb verbs[] = {
        { "status", 1, 1, VERB_DEFAULT | OPT_JSON, record, NULL, NULL, "status", NULL, NULL },
        { "snooze", 1, 2, 0, record, NULL, "[DURATION]", "snooze", NULL, NULL },
        { "log", 1, 2, OPT_NOTE, record, NULL, "[DURATION]", "log", NULL, NULL },
        { "config", 2, VERB_ANY, OPT_JSON, NULL, sub_verbs, NULL, "config", NULL, NULL },
        { "exercises", 1, VERB_ANY, 0, NULL, show_verbs, NULL, "exercises", NULL, NULL },
        { "help", 1, VERB_ANY, 0, record, NULL, "[COMMAND...]", "help", NULL, NULL },
        { "__complete", 1, VERB_ANY, VERB_HIDDEN, record, NULL, NULL, NULL, NULL, NULL },
        {}
};

static int dispatch(const char *line) {
        CtlArgs a;
        int r;

        called = -1;
        r = parse(&a, line);
        if (r == 0) {
                /* stdout would get help texts: keep the test output clean. */
                r = verb_dispatch(verbs, "limberctl", a.n_words, a.words, &a);
        }
        ctl_args_done(&a);
        return r;
}

static void test_dispatch(void) {
        CHECK_EQ(dispatch("status"), 0);
        CHECK_EQ(called, 1);
        CHECK_EQ(dispatch("--json"), 0);         /* the default verb */
        CHECK_EQ(called, 1);
        CHECK_EQ(dispatch("snooze 10m"), 0);
        CHECK_EQ(called, 2);
        CHECK_EQ(dispatch("snooze 10m 5m"), -EINVAL);
        CHECK_EQ(dispatch("snooze --note x"), -EINVAL);
        CHECK_EQ(dispatch("log --note x"), 0);
        CHECK_EQ(dispatch("config get a.b --json"), 0);
        CHECK_EQ(called, 2);
        CHECK_EQ(dispatch("config set a"), -EINVAL);
        CHECK_EQ(dispatch("config"), -EINVAL);
        CHECK_EQ(dispatch("config frob"), -EINVAL);
        CHECK_EQ(dispatch("exercises"), 0);
        CHECK_EQ(called, 1);
        CHECK_EQ(dispatch("exercises show x"), 0);
        CHECK_EQ(called, 2);
        CHECK_EQ(dispatch("frobnicate"), -EINVAL);

        CHECK_STREQ(verb_suggest(verbs, "stauts"), "status");
        CHECK_STREQ(verb_suggest(verbs, "snoze"), "snooze");
        CHECK_STREQ(verb_suggest(verbs, "conf"), "config");
        CHECK(verb_suggest(verbs, "xyzzy") == NULL);
        CHECK(verb_suggest(verbs, "__complet") == NULL);
}

static bool daemon_absent;

static int fake_fetch(void *userdata, CompleteWhat what, char ***ret) {
        char **l = NULL;

        if (daemon_absent)
                return -EHOSTDOWN;
        if (what == COMPLETE_CONFIG) {
                strv_extend(&l, "schedule.interval");
                strv_extend(&l, "2h");
                strv_extend(&l, "micro.enabled");
                strv_extend(&l, "false");
        } else {
                strv_extend(&l, "neck-tilt");
                strv_extend(&l, "Neck tilts");
        }
        *ret = l;
        return 0;
}

static char *complete(const char *line) {
        char *words[16], *copy = strdup(line), *save = NULL;
        int n = 0;
        MemStream m;

        for (char *w = strtok_r(copy, " ", &save); w && n < 15; w = strtok_r(NULL, " ", &save))
                words[n++] = strcmp(w, "_") == 0 ? (char *) "" : w;     /* "_": the empty word */
        if (!memstream_open(&m)) {
                free(copy);
                return NULL;
        }
        complete_words(verbs, n, words, fake_fetch, NULL, m.f);
        free(copy);
        return memstream_steal(&m);
}

static void check_complete(const char *line, const char *expected) {
        char *c = complete(line);

        CHECK_STREQ(c, expected);
        if (c && strcmp(c, expected) != 0)
                fprintf(stderr, "  for \"%s\"\n", line);
        free(c);
}

static void test_complete(void) {
        check_complete("s", "status\tstatus\nsnooze\tsnooze\n");
        check_complete("config _", "get\tget\nset\tset\n");
        check_complete("config get _", "schedule.interval\t2h\nmicro.enabled\tfalse\n");
        check_complete("config set micro.enabled _", "false\tcurrent value\ntrue\n");
        check_complete("config set schedule.interval _", "2h\tcurrent value\n30m\n1h\n1h30m\n2h30m\n3h\n");
        /* Keys limberd did not report still get their values, built in. */
        check_complete("config set idle.source _", "auto\ngnome\nkde\nwayland\nx11\nlogind\nnone\n");
        check_complete("config set exercises.posture s", "seated\nstanding\n");
        check_complete("config set a b _", "");
        check_complete("exercises show n", "neck-tilt\tNeck tilts\n");
        check_complete("snooze 1", "10m\n15m\n1h\n");
        check_complete("log --note", "--note\ta note to keep with the break\n");
        check_complete("log --note _", "");
        check_complete("log --note x 3", "30m\n");
        check_complete("help con", "config\tconfig\n");
        check_complete("help config s", "set\tset\n");
        check_complete("status --j", "--json\tprint JSON (snake_case fields, seconds, ISO 8601 times)\n");
        check_complete("nonsense _", "");
        check_complete("__", "");

        /* limberd not running: the built-in keys and values. */
        daemon_absent = true;
        check_complete("config get micro.", "micro.enabled\nmicro.interval\nmicro.duration\n");
        check_complete("config set busy.respect-dnd _", "true\nfalse\n");
        check_complete("exercises show n", "");
        daemon_absent = false;
}

int main(void) {
        /* Usage messages go to stderr; the help of a verb would go to stdout. */
        test_options();
        test_dispatch();
        test_complete();
        return tap_finish("test-ctl-args");
}
