/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shell completion, worked out by limberctl itself so that the bash, zsh and fish scripts stay
 * thin and never fall out of step with the verb table: "limberctl __complete -- WORDS…" prints
 * the candidates for the last word, one "candidate<TAB>description" a line. Config keys and
 * exercise ids come from limberd through a callback (so the tests can stand in for it). */

#include "ctl-verb.h"

typedef enum CompleteWhat {
        COMPLETE_CONFIG,        /* key, current value, … */
        COMPLETE_EXERCISES,     /* id, name, … */
} CompleteWhat;

/* Fills *ret with a NULL-terminated list of candidate, description, candidate, description…
 * Returns 0 or a negative errno (then nothing is offered). */
typedef int (*complete_fetch_t)(void *userdata, CompleteWhat what, char ***ret);

/* Every configuration key, with values worth offering (NULL-terminated); ends with {}. */
typedef struct CompleteKey {
        const char *key;
        const char * const *values;
} CompleteKey;
extern const CompleteKey complete_keys[];

/* What a key's value is, for config get --json. */
typedef enum ConfigKind {
        CONFIG_KIND_STRING,
        CONFIG_KIND_BOOLEAN,
        CONFIG_KIND_DURATION,   /* written in seconds */
        CONFIG_KIND_NUMBER,
} ConfigKind;

/* The kind of key from the table above; a key it lacks (a newer limberd's) is a boolean when
 * value is true or false, a number when value is digits, else a string. */
ConfigKind config_key_kind(const char *key, const char *value);

/* words are the words after "limberctl", the last one being completed (possibly "").
 * Writes the matching candidates to f. Returns 0 or -ENOMEM. */
int complete_words(const Verb verbs[], int n_words, char *words[], complete_fetch_t fetch,
                   void *userdata, FILE *f);
