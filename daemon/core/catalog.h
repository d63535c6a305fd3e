/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The exercise catalog: the shipped exercises.ini, extended by the user's *.ini files in
 * exercises.d. Pure parsing and selection; no D-Bus, no GLib. */

#include "util/util.h"

typedef enum Posture {
        POSTURE_SEATED,
        POSTURE_STANDING,
        POSTURE_ANY,            /* a preference only: an exercise is seated or standing */
        _POSTURE_MAX,
        _POSTURE_INVALID = -EINVAL,
} Posture;

const char *posture_to_string(Posture p);
Posture posture_from_string(const char *s);   /* _POSTURE_INVALID if unknown */

/* One keyframe of an exercise's pictures. */
typedef struct ExerciseFrame {
        unsigned duration_ms;   /* the figure's move from this keyframe to the next */
        char *path;             /* absolute: an SVG (with the pose in its metadata) or PNG */
} ExerciseFrame;

#define EXERCISE_FRAMES_MAX 32

typedef struct Exercise {
        char *id;               /* the section name: [a-z0-9-], 1..64 characters */
        char *name;             /* "Shoulder rotation" */
        Posture posture;        /* POSTURE_SEATED or POSTURE_STANDING */
        char *dose;             /* repetitions or hold time: "10 circles each way" */
        char **steps;           /* NULL-terminated, in order, at least one */
        char *caution;          /* NULL when the texts give none */
        bool micro;             /* short enough for a micro-nudge */
        ExerciseFrame *frames;  /* the pictures, in order; none when a file was missing */
        size_t n_frames;
} Exercise;

#define CATALOG_FILE_MAX (1024U * 1024U)     /* larger files are refused (-EFBIG) */
#define CATALOG_WARNINGS_MAX 200              /* in all: nor must two thousand broken drop-ins */

typedef struct Catalog {
        Exercise *exercises;
        size_t n_exercises;
        char **safety;          /* the safety rules, NULL-terminated, from the [safety] section */
        char **warnings;        /* what was logged as broken and skipped, "FILE:LINE: reason" */
        char **safety_source;   /* the same rules untranslated, to recognise a repeated one */
        char **languages;       /* the languages whose texts to take, best first (may be NULL) */
        char *illustrations_dir; /* the shipped pictures, beside the main file (may be NULL) */
        /* Private to catalog.c: room allocated in exercises, and an open-addressing hash of the
         * ids (index + 1, 0 = empty), so that loading n drop-ins costs n, not n². A catalog
         * built by hand (tests) has none and is searched in order. */
        size_t n_allocated;
        size_t *slots;
        size_t n_slots;         /* a power of two, at least twice n_exercises */
        unsigned n_warnings;    /* over all files: see CATALOG_WARNINGS_MAX */
} Catalog;

Catalog *catalog_free(Catalog *c);
static inline void catalog_freep(Catalog **c) {
        catalog_free(*c);
}

/* Loads main_path, then every *.ini in dropin_dir (may be NULL or missing) in alphabetical
 * order; an entry whose id is already known replaces it. A [safety] section in a drop-in adds
 * its rules after the shipped ones. A broken entry or line is logged as a warning
 * "FILE:LINE: reason, ignoring" and skipped; the rest of the file still counts.
 * Each text is taken in the first of languages (best first, as i18n_languages() lists them;
 * NULL for none) that has a localized key for it, "name[de] = …" (the Desktop Entry way; a
 * "step[de]" or "rule[de]" translates the "step" or "rule" above it), else untranslated.
 * A "frame" whose file is missing or unreadable is a warning, and its exercise loads
 * without pictures.
 * Returns 0, or -errno when main_path cannot be read, or -EINVAL when it yields no exercise. */
int catalog_load(const char *main_path, const char *dropin_dir, char * const *languages, Catalog **ret);

/* The folder of the shipped pictures for the catalog file main_path: the illustrations/
 * folder beside it (beside the file a link points to). Returns a malloc'd path or NULL on OOM. */
char *catalog_illustrations_dir(const char *main_path);

/* Parses one file into c, in c->languages (used by catalog_load and the tests). Returns the number of
 * entries skipped as broken (>= 0: each broken exercise once, each ignored line outside of an
 * exercise once), or -errno if the file cannot be read. */
int catalog_parse_file(Catalog *c, const char *path);
/* The same for text, the size bytes of the file path (for its messages and its pictures). */
int catalog_parse_text(Catalog *c, const char *path, const char *text, size_t size);

const Exercise *catalog_find(const Catalog *c, const char *id);

/* The instructions as one text: dose, the steps one per line numbered "1. ", then
 * "Caution: …" if any.
 * Returns a malloc'd string or NULL on OOM. */
char *exercise_instructions(const Exercise *e);

/* Chooses up to n distinct exercises for posture (POSTURE_ANY takes both) into ret (a
 * malloc'd NULL-terminated list of ids). Exercises in avoid are taken only when there are not
 * enough others, so consecutive breaks vary. *rng is a xorshift64 state the caller keeps
 * (never 0); the choice is deterministic for a given state. Returns the number chosen, or
 * -ENOMEM, or -ENOENT when nothing matches the posture. */
int catalog_pick(const Catalog *c, Posture posture, size_t n, char * const *avoid,
                 uint64_t *rng, char ***ret);

/* xorshift64: the next pseudo-random number; *state must not be 0. */
uint64_t rng_next(uint64_t *state);
