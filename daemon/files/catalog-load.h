/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The exercise catalog from its files: the shipped one, the user's drop-ins and the pictures
 * they name (core/catalog.h parses each text). */

#include "core/catalog.h"

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

/* c->find_frame for files on disk: FILE beside ini_path, in its illustrations/ folder, or in
 * illustrations_dir (may be NULL); it must be a readable SVG or PNG of at most 1 MiB. */
int catalog_find_frame(const char *ini_path, const char *illustrations_dir, const char *name, char **ret_path,
                       char **ret_error);
