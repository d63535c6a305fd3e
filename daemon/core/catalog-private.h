/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Between catalog.c (the parser), catalog-index.c (the ids) and catalog-frames.c (pictures). */

#include "core/catalog.h"

/* Frees the exercise's contents and marks it empty. */
void exercise_done(Exercise *e);

/* Takes over *e's contents: replaces the exercise with the same id in place (so the catalog
 * keeps the order of first appearance), or appends. Returns 0 or -ENOMEM (*e untouched). */
int catalog_put(Catalog *c, Exercise *e);

/* Parses a "frame" value, "TIME FILE": 0 with *ret_ms and *ret_name (pointing into value),
 * or -errno with *ret_error saying what is wrong (-ENOMEM without). */
int exercise_frame_parse(const char *value, unsigned *ret_ms, const char **ret_name, char **ret_error);
void exercise_frames_free(Exercise *e);
