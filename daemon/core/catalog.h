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
        char **warnings;        /* what was broken and skipped, "FILE:LINE: reason" (logged by files/) */
        char **safety_source;   /* the same rules untranslated, to recognise a repeated one */
        char **languages;       /* the languages whose texts to take, best first (may be NULL) */
        char *illustrations_dir; /* the shipped pictures, beside the main file (may be NULL) */
        /* Where a "frame" line's FILE is, for the .ini file ini_path: 0 with *ret_path, or
         * -errno with *ret_error (files/catalog-load.c looks on disk). NULL: the name is kept
         * as written. */
        int (*find_frame)(const char *ini_path, const char *illustrations_dir, const char *name, char **ret_path,
                          char **ret_error);
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



/* Parses text, the size bytes of the file path (named in messages; its pictures are found
 * through c->find_frame), into c, in c->languages. Returns the number of entries skipped as
 * broken (>= 0: each broken exercise once, each ignored line outside of an exercise once),
 * or -ENOMEM. */
int catalog_parse_text(Catalog *c, const char *path, const char *text, size_t size);

/* Keeps a warning in c->warnings, for the log and the Problems limberd reports (the parser
 * does not log: files/catalog-load.c logs what a file added). Returns 0 or -ENOMEM. */
int catalog_warn(Catalog *c, const char *format, ...) _printf_(2, 3);

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
