/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Between catalog.c (the parser), catalog-index.c (the ids) and catalog-load.c (the files). */

#include "core/catalog.h"

/* Frees the exercise's contents and marks it empty. */
void exercise_done(Exercise *e);

/* Takes over *e's contents: replaces the exercise with the same id in place (so the catalog
 * keeps the order of first appearance), or appends. Returns 0 or -ENOMEM (*e untouched). */
int catalog_put(Catalog *c, Exercise *e);

/* Logs a warning and keeps it in c->warnings, for the Problems limberd reports. */
void catalog_warn(Catalog *c, const char *format, ...) _printf_(2, 3);

/* Parses a "frame" value, "TIME FILE", finding FILE beside ini_path, in its illustrations/
 * folder or in illustrations_dir (may be NULL). Returns 0 with *ret filled, -ENOMEM, or
 * another -errno with *ret_error saying what is wrong. */
int exercise_frame_parse(const char *ini_path, const char *illustrations_dir, const char *value,
                         ExerciseFrame *ret, char **ret_error);
void exercise_frames_free(Exercise *e);
