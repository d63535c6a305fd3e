/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <ctype.h>

#include "ctl-args.h"
#include "ctl-util.h"
#include "util/duration.h"
#include "util/i18n.h"

static const OptionInfo options[] = {
        { OPT_JSON,     "json",     0,   NULL,       N_("print JSON (snake_case fields, seconds, ISO 8601 times)") },
        { OPT_CSV,      "csv",      0,   NULL,       N_("print CSV for spreadsheets (a header row, seconds)") },
        { OPT_WAYBAR,   "waybar",   0,   NULL,       N_("print lines for a waybar custom module") },
        { OPT_NOTE,     "note",     0,   "TEXT",     N_("a note to keep with the break") },
        { OPT_SINCE,    "since",    0,   "DURATION", N_("how far back to look (default 24h)") },
        { OPT_DAYS,     "days",     0,   "N",        N_("how many days to summarise (default 7)") },
        { OPT_SAFETY,   "safety",   0,   NULL,       N_("the safety rules, in full") },
        { OPT_QUIET,    "quiet",    'q', NULL,       N_("print nothing on success") },
        { OPT_NO_COLOR, "no-color", 0,   NULL,       N_("no colour, even on a terminal (as NO_COLOR=1)") },
        { OPT_HELP,     "help",     'h', NULL,       N_("show help (for a verb: limberctl VERB --help)") },
        { OPT_VERSION,  "version",  0,   NULL,       N_("show the version") },
};

size_t ctl_options(const OptionInfo **ret) {
        *ret = options;
        return ELEMENTSOF(options);
}

const char *ctl_option_name(CtlOption o) {
        for (size_t i = 0; i < ELEMENTSOF(options); i++)
                if (options[i].option == o)
                        return options[i].name;
        return "?";
}

void ctl_options_help(FILE *f, unsigned mask) {
        for (size_t i = 0; i < ELEMENTSOF(options); i++) {
                char left[64];

                if (!(mask & options[i].option))
                        continue;
                if (options[i].short_name)
                        snprintf(left, sizeof(left), "-%c, --%s", options[i].short_name, options[i].name);
                else
                        snprintf(left, sizeof(left), "    --%s%s%s", options[i].name,
                                 options[i].value ? " " : "", strempty(options[i].value));
                fprintf(f, "  %-22s %s\n", left, _(options[i].help));
        }
}

void ctl_options_usage(FILE *f, unsigned mask) {
        bool json_or_waybar = (mask & OPT_JSON) && (mask & OPT_WAYBAR);

        if (json_or_waybar)
                fputs(" [--json|--waybar]", f);
        for (size_t i = 0; i < ELEMENTSOF(options); i++) {
                if (!(mask & options[i].option) || (options[i].option & OPTS_GLOBAL) ||
                    (json_or_waybar && (options[i].option & (OPT_JSON | OPT_WAYBAR))))
                        continue;
                fprintf(f, " [--%s%s%s]", options[i].name, options[i].value ? " " : "", strempty(options[i].value));
        }
}

void ctl_args_done(CtlArgs *a) {
        strv_free(a->words);
        a->words = NULL;
}

static int parse_days(const char *text, unsigned *ret) {
        unsigned long v = 0;
        char *end;

        if (isdigit((unsigned char) text[0])) {
                errno = 0;
                v = strtoul(text, &end, 10);
                if (errno != 0 || *end != '\0')
                        v = 0;
        }
        if (v < 1 || v > DAYS_MAX)
                return usage_error(_("--days needs a whole number of days from 1 to %u, not \"%s\", e.g. --days 30"),
                                   DAYS_MAX, text);
        *ret = (unsigned) v;
        return 0;
}

/* Stores the value of an option that takes one. */
static int option_set_value(CtlArgs *a, const OptionInfo *o, const char *value) {
        _cleanup_(freep) char *error = NULL;
        int r;

        switch (o->option) {
        case OPT_NOTE:
                if (!utf8_valid(value, strlen(value)))
                        return usage_error(_("--note is not valid UTF-8 text: write it in UTF-8 (is LANG set to a "
                                             "UTF-8 locale?), e.g. --note \"walk outside\""));
                a->note = value;
                return 0;
        case OPT_SINCE:
                r = duration_parse(value, &a->since, &error);
                if (r < 0)
                        return usage_error(_("--since: %s"), error ?: _("bad duration, e.g. 90s, 10m, 2h or 2h30m"));
                return 0;
        case OPT_DAYS:
                return parse_days(value, &a->days);
        default:
                return 0;
        }
}

static void option_set_flag(CtlArgs *a, CtlOption o) {
        switch (o) {
        case OPT_JSON:     a->json = true; break;
        case OPT_CSV:      a->csv = true; break;
        case OPT_WAYBAR:   a->waybar = true; break;
        case OPT_QUIET:    a->quiet = true; break;
        case OPT_HELP:     a->help = true; break;
        case OPT_VERSION:  a->version = true; break;
        case OPT_SAFETY:   a->safety = true; break;
        case OPT_NO_COLOR: a->style.color = false; break;
        default:           break;
        }
}

static const OptionInfo *option_find(const char *name, size_t len, char short_name) {
        for (size_t i = 0; i < ELEMENTSOF(options); i++)
                if (short_name ? options[i].short_name == short_name
                               : strlen(options[i].name) == len && strncmp(options[i].name, name, len) == 0)
                        return &options[i];
        return NULL;
}

static const char *option_example(const OptionInfo *o) {
        switch (o->option) {
        case OPT_NOTE:  return "limberctl log 20m --note \"walk outside\"";
        case OPT_SINCE: return "limberctl history --since 3h";
        case OPT_DAYS:  return "limberctl stats --days 30";
        default:        return "limberctl status --json";
        }
}

/* Handles the option word argv[*i], consuming its value from argv[*i + 1] if needed. */
static int parse_option(CtlArgs *a, int argc, char *argv[], int *i) {
        const char *word = argv[*i], *value = NULL;
        const OptionInfo *o;

        if (word[1] == '-') {
                const char *name = word + 2, *eq = strchr(name, '=');

                o = option_find(name, eq ? (size_t) (eq - name) : strlen(name), 0);
                if (!o)
                        return usage_error(_("unknown option \"%s\", e.g. limberctl status --json (limberctl --help lists them)"),
                                           word);
                if (eq) {
                        if (!o->value)
                                return usage_error(_("option \"--%s\" takes no value, not \"%s\", e.g. limberctl status --%s"),
                                                   o->name, eq + 1, o->name);
                        value = eq + 1;
                }
        } else {
                o = word[2] == '\0' ? option_find(NULL, 0, word[1]) : NULL;
                if (!o)
                        return usage_error(_("unknown option \"%s\", e.g. limberctl status --json (limberctl --help lists them)"),
                                           word);
        }

        /* "--note a --note b" would silently keep b. */
        if (a->seen & o->option)
                return usage_error(_("option \"--%s\" is given twice: give it once, e.g. %s"), o->name,
                                   option_example(o));
        a->seen |= o->option;
        if (!o->value) {
                option_set_flag(a, o->option);
                return 0;
        }
        if (!value) {
                if (*i + 1 >= argc)
                        return usage_error(_("option \"--%s\" needs a %s, e.g. %s"), o->name, o->value, option_example(o));
                value = argv[++*i];
        }
        return option_set_value(a, o, value);
}

int ctl_args_parse(CtlArgs *a, int argc, char *argv[]) {
        bool options_done = false;
        int r;

        for (int i = 1; i < argc; i++) {
                const char *w = argv[i];

                if (!options_done && streq(w, "--")) {
                        options_done = true;
                        continue;
                }
                if (!options_done && w[0] == '-' && w[1] != '\0' && !isdigit((unsigned char) w[1])) {
                        r = parse_option(a, argc, argv, &i);
                        if (r < 0)
                                return r;
                        continue;
                }
                if (strv_extend(&a->words, w) < 0)
                        return -ENOMEM;
                a->n_words++;
        }

        if (a->json && a->csv)
                return usage_error(_("--json and --csv exclude each other, e.g. limberctl history --csv"));
        if (a->json && a->waybar)
                return usage_error(_("--json and --waybar exclude each other, e.g. limberctl watch --waybar"));
        return 0;
}
