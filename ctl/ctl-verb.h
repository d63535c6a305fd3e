/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Verb tables in the manner of systemd's *ctl tools: { name, min_args, max_args, flags, fn },
 * plus the texts for help. A group ("config", "exercises") has a table of subverbs instead of
 * a function. Dispatching checks the argument counts and the options against the table, so a
 * verb's function only does its work. */

#include "ctl-args.h"

#define VERB_ANY ((unsigned) -1)

/* Verb.flags: these, and the CtlOption bits the verb accepts (OPTS_GLOBAL always are). */
#define VERB_DEFAULT (1U << 16)         /* run when the group (or limberctl) is given no verb */
#define VERB_HIDDEN  (1U << 17)         /* left out of help and completion */

typedef int (*VerbFn)(int argc, char *argv[], const CtlArgs *args);

typedef struct Verb {
        const char *name;
        unsigned min_args, max_args;    /* counting the verb itself, as systemd does */
        unsigned flags;
        VerbFn fn;                      /* NULL for a group */
        const struct Verb *subverbs;    /* a group's verbs, ended by { NULL } */
        const char *arguments;          /* for help: "[DURATION]", "KEY VALUE" */
        const char *summary;            /* one line for the list of verbs */
        const char *help;               /* a paragraph for "limberctl help VERB" */
        const char *example;            /* a whole command line */
} Verb;

/* Runs the verb argv[0] from verbs (argv is what follows the program or the group name, for
 * which prefix is "limberctl" or "limberctl config"). With args->help it prints the help of
 * the verb instead. Returns what the verb returns, or -EINVAL after a usage message. */
int verb_dispatch(const Verb verbs[], const char *prefix, int argc, char *argv[], const CtlArgs *args);

/* Prints the help of the verb named by the words (none: the table's list of verbs).
 * Returns 0 or -EINVAL for an unknown verb. */
int verb_help(const Verb verbs[], const char *prefix, int argc, char *argv[], const CtlArgs *args);

/* The list "  snooze [DURATION]   snooze the due reminder…", groups expanded. */
void verbs_list(FILE *f, const Verb verbs[], const char *prefix_in_list, const Style *s);
/* A help text's lines joined into one paragraph, for wrapping to the terminal. NULL on OOM. */
char *help_paragraph(const char *text);
/* s for helps: they fit the terminal, and 80 columns at most. */
Style help_style(const Style *s);

/* The verb named name (NULL name: the default verb), or NULL. */
const Verb *verb_find(const Verb verbs[], const char *name);

/* The verb name closest to a misspelt word, or NULL when none is close. */
const char *verb_suggest(const Verb verbs[], const char *word);
