/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* limberctl's command line, parsed once into CtlArgs: the options, and the positional words
 * that name the verb and its arguments. CtlArgs is handed to every verb; there are no
 * globals. */

#include "ctl-output.h"
#include "util/util.h"

/* One bit per option, so a verb can list the options it accepts (Verb.flags). */
typedef enum CtlOption {
        OPT_JSON    = 1U << 0,
        OPT_WAYBAR  = 1U << 1,
        OPT_NOTE    = 1U << 2,
        OPT_SINCE   = 1U << 3,
        OPT_DAYS    = 1U << 4,
        OPT_QUIET   = 1U << 5,
        OPT_HELP    = 1U << 6,
        OPT_VERSION = 1U << 7,
        OPT_NO_COLOR = 1U << 8,
        OPT_SAFETY  = 1U << 9,
        OPT_CSV     = 1U << 10,
} CtlOption;

/* Accepted by every verb. */
#define OPTS_GLOBAL (OPT_QUIET | OPT_HELP | OPT_VERSION | OPT_NO_COLOR)

#define DAYS_MAX 3660U      /* ten years */

typedef struct CtlArgs {
        unsigned seen;          /* CtlOption bits given on the command line */
        bool json;
        bool csv;               /* --csv: comma-separated values with a header row (RFC 4180) */
        bool waybar;
        bool quiet;
        bool help;
        bool version;
        bool safety;            /* --safety: the safety rules (exercises) */
        const char *note;       /* --note, NULL if not given */
        usec_t since;           /* --since, 0 if not given */
        unsigned days;          /* --days, 0 if not given */
        Style style;            /* how to write on stdout */
        char **words;           /* positional words: the verb and its arguments (NULL-terminated) */
        int n_words;
} CtlArgs;

void ctl_args_done(CtlArgs *a);

/* Parses argv (argv[0] is the program) into a, which must be zeroed. Options may appear
 * anywhere; "--" ends them. A word that starts with '-' and a digit is positional, so that a
 * negative duration is reported as such rather than as an unknown option. Returns 0, or
 * -EINVAL after a usage message, or -ENOMEM. */
int ctl_args_parse(CtlArgs *a, int argc, char *argv[]);

/* "--json" for OPT_JSON. */
const char *ctl_option_name(CtlOption o);
/* The help lines for the options in mask, one "  --name VALUE  description\n" each. */
void ctl_options_help(FILE *f, unsigned mask);
/* " [--note TEXT] [--json]" for the verb-specific options in mask. */
void ctl_options_usage(FILE *f, unsigned mask);

typedef struct OptionInfo {
        CtlOption option;
        const char *name;
        char short_name;
        const char *value;      /* the argument's name in help, NULL for a flag */
        const char *help;
} OptionInfo;

/* Every option, for help and completion. Returns the count. */
size_t ctl_options(const OptionInfo **ret);
