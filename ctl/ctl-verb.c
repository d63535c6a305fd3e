/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ctl-output.h"
#include "ctl-util.h"
#include "ctl-verb.h"
#include "util/i18n.h"

const Verb *verb_find(const Verb verbs[], const char *name) {
        for (const Verb *v = verbs; v->name; v++)
                if (name ? streq(v->name, name) : (v->flags & VERB_DEFAULT))
                        return v;
        return NULL;
}

/* Edit distance counting a swap of neighbours as one edit ("stauts" is one from "status"),
 * for "did you mean". Words are short; longer ones count as far. */
static size_t edit_distance(const char *a, const char *b) {
        size_t la = strlen(a), lb = strlen(b), d[33][33];

        if (la > 32 || lb > 32)
                return SIZE_MAX;
        for (size_t i = 0; i <= la; i++)
                d[i][0] = i;
        for (size_t j = 0; j <= lb; j++)
                d[0][j] = j;
        for (size_t i = 1; i <= la; i++)
                for (size_t j = 1; j <= lb; j++) {
                        d[i][j] = MIN(MIN(d[i - 1][j] + 1, d[i][j - 1] + 1),
                                      d[i - 1][j - 1] + (a[i - 1] != b[j - 1]));
                        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                                d[i][j] = MIN(d[i][j], d[i - 2][j - 2] + 1);
                }
        return d[la][lb];
}

const char *verb_suggest(const Verb verbs[], const char *word) {
        const char *best = NULL;
        size_t best_d = SIZE_MAX;

        for (const Verb *v = verbs; v->name; v++) {
                size_t d;

                if (v->flags & VERB_HIDDEN)
                        continue;
                d = strncmp(v->name, word, strlen(word)) == 0 ? 1 : edit_distance(v->name, word);
                if (d < best_d) {
                        best_d = d;
                        best = v->name;
                }
        }
        return best_d <= 2 ? best : NULL;
}

static const char *verb_example(const Verb *v) {
        if (v->example)
                return v->example;
        if (v->subverbs)
                for (const Verb *s = v->subverbs; s->name; s++)
                        if (s->example)
                                return s->example;
        return "limberctl status";
}

static int verb_unknown(const Verb verbs[], const char *prefix, const char *word) {
        const char *guess = verb_suggest(verbs, word);

        if (guess)
                return usage_error(_("unknown command \"%s\", did you mean \"%s %s\"? (%s --help lists them)"),
                                   word, prefix, guess, prefix);
        /* No command is near: an example of one would only mislead. */
        return usage_error(_("unknown command \"%s\": \"%s --help\" lists the commands"), word, prefix);
}

/* Checks that every option given applies to v. */
static int verb_check_options(const Verb *v, const char *prefix, const CtlArgs *args) {
        unsigned extra = args->seen & ~(v->flags | OPTS_GLOBAL);

        for (unsigned bit = 1; extra != 0; bit <<= 1) {
                if (!(extra & bit))
                        continue;
                return usage_error(_("--%s does not apply to \"%s %s\", e.g. %s"),
                                   ctl_option_name(bit), prefix, v->name, verb_example(v));
        }
        return 0;
}

static int verb_check_count(const Verb *v, const char *prefix, int argc, char *argv[]) {
        if (v->min_args != VERB_ANY && (unsigned) argc < v->min_args)
                return usage_error(_("\"%s %s\" needs %s, e.g. %s"),
                                   prefix, v->name, strempty(v->arguments), verb_example(v));
        if (v->max_args != VERB_ANY && (unsigned) argc > v->max_args)
                return usage_error(_("too many arguments for \"%s %s\": \"%s\", e.g. %s"),
                                   prefix, v->name, argv[v->max_args], verb_example(v));
        return 0;
}

/* "config get [KEY] [--json]": how v is called, after prefix (may be NULL). In a list of a
 * group's verbs, the default one is shown as the group's name alone ("exercises"). NULL on
 * OOM. */
static char *verb_usage(const Verb *v, const char *prefix, bool in_list) {
        _cleanup_(memstream_done) MemStream m = {};
        FILE *f = memstream_open(&m);

        if (!f)
                return NULL;
        /* A group's default verb is called by the group's name alone. */
        if (!prefix || !in_list || !(v->flags & VERB_DEFAULT))
                fprintf(f, "%s%s%s", strempty(prefix), prefix ? " " : "", v->name);
        else
                fputs(prefix, f);
        if (v->arguments)
                fprintf(f, " %s", v->arguments);
        ctl_options_usage(f, v->flags);
        return memstream_steal(&m);
}

static int verbs_table_add(Table *t, const Verb verbs[], const char *prefix) {
        for (const Verb *v = verbs; v->name; v++) {
                _cleanup_(freep) char *usage = NULL;

                if (v->flags & VERB_HIDDEN)
                        continue;
                if (v->subverbs) {
                        if (verbs_table_add(t, v->subverbs, v->name) < 0)
                                return -ENOMEM;
                        continue;
                }
                usage = verb_usage(v, prefix, true);
                if (!usage || table_add(t, COLOR_BOLD, usage) < 0 || table_add(t, COLOR_NONE, v->summary ? _(v->summary) : "") < 0)
                        return -ENOMEM;
        }
        return 0;
}

void verbs_list(FILE *f, const Verb verbs[], const char *prefix_in_list, const Style *s) {
        _cleanup_(table_freep) Table *t = table_new(2, NULL);

        if (t && verbs_table_add(t, verbs, prefix_in_list) >= 0)
                table_print_indented(t, s, f, 2);
}

/* A help paragraph as one line, for wrapping to the terminal. NULL on OOM. */
char *help_paragraph(const char *text) {
        char *p = strdup(text);

        for (char *c = p; c && *c; c++)
                if (*c == '\n')
                        *c = ' ';
        return p;
}

Style help_style(const Style *s) {
        Style h = *s;

        /* Helps fit 80 columns, and a narrower terminal. */
        h.columns = h.columns == 0 ? 80 : MIN(h.columns, 80U);
        return h;
}

/* The help of v, its paragraph as one line: the caller wraps it to the terminal. */
static void verb_print_help_to(FILE *f, const Verb *v, const char *prefix, const Style *s) {
        _cleanup_(freep) char *usage = NULL, *help = help_paragraph(v->help ? _(v->help) : "");

        if (v->subverbs) {
                fprintf(f, "%s%s%s %s %s %s\n\n%s\n\n%s%s%s\n",
                        ansi(s, COLOR_BOLD), _("Usage:"), ansi(s, COLOR_RESET), prefix, v->name, _("COMMAND"),
                        strempty(help), ansi(s, COLOR_BOLD), _("Commands:"), ansi(s, COLOR_RESET));
                verbs_list(f, v->subverbs, v->name, s);
                fputc('\n', f);
                fprintf(f, _("See \"%s help %s COMMAND\" for each.\n"), prefix, v->name);
                return;
        }

        usage = verb_usage(v, prefix, false);
        fprintf(f, "%s%s%s %s\n\n%s\n\n%s%s%s\n",
                ansi(s, COLOR_BOLD), _("Usage:"), ansi(s, COLOR_RESET), strempty(usage), strempty(help),
                ansi(s, COLOR_BOLD), _("Options:"), ansi(s, COLOR_RESET));
        ctl_options_help(f, (v->flags & ~(OPT_HELP | OPT_VERSION | OPT_NO_COLOR)) | OPT_HELP);
        if (v->example)
                fprintf(f, "\n%s%s%s\n  %s\n", ansi(s, COLOR_BOLD), _("Example:"), ansi(s, COLOR_RESET), v->example);
}

static void verb_print_help(const Verb *v, const char *prefix, const CtlArgs *args) {
        _cleanup_(memstream_done) MemStream m = {};
        Style s = help_style(&args->style);

        if (!wrapped_open(&m))
                return;
        verb_print_help_to(m.f, v, prefix, &s);
        wrapped_close(&m, stdout, &s, 0);
}

int verb_help(const Verb verbs[], const char *prefix, int argc, char *argv[], const CtlArgs *args) {
        _cleanup_(freep) char *sub = NULL;
        const Verb *v;

        if (argc == 0) {
                verbs_list(stdout, verbs, NULL, &args->style);
                return 0;
        }
        v = verb_find(verbs, argv[0]);
        if (!v || (v->flags & VERB_HIDDEN))
                return verb_unknown(verbs, prefix, argv[0]);
        if (v->subverbs && argc > 1) {
                sub = strdup_printf("%s %s", prefix, v->name);
                if (!sub)
                        return ctl_oom();
                return verb_help(v->subverbs, sub, argc - 1, argv + 1, args);
        }
        verb_print_help(v, prefix, args);
        return 0;
}

int verb_dispatch(const Verb verbs[], const char *prefix, int argc, char *argv[], const CtlArgs *args) {
        _cleanup_(freep) char *sub = NULL;
        const Verb *v;
        int r;

        v = verb_find(verbs, argc > 0 ? argv[0] : NULL);
        if (!v) {
                if (argc > 0)
                        return verb_unknown(verbs, prefix, argv[0]);
                return usage_error(_("\"%s\" needs a command, e.g. %s"), prefix, verb_example(verbs));
        }

        if (v->subverbs) {
                sub = strdup_printf("%s %s", prefix, v->name);
                if (!sub)
                        return ctl_oom();
                if (args->help && argc <= 1) {
                        verb_print_help(v, prefix, args);
                        return 0;
                }
                return verb_dispatch(v->subverbs, sub, argc - 1, argv + 1, args);
        }

        if (args->help) {
                verb_print_help(v, prefix, args);
                return 0;
        }

        /* The default verb runs with no words at all: count it as if named. */
        char *only_name[] = { (char *) v->name, NULL };
        if (argc == 0) {
                argc = 1;
                argv = only_name;
        }

        r = verb_check_options(v, prefix, args);
        if (r < 0)
                return r;
        r = verb_check_count(v, prefix, argc, argv);
        if (r < 0)
                return r;
        return v->fn(argc, argv, args);
}

