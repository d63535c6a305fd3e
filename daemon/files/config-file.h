/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* limber.ini on disk: reading the files in their order (core/config.h parses the text) and
 * writing one key back. */

#include "core/config.h"

/* Reads one file into c, over what c holds. Every problem fails the whole file with
 * *ret_error set to "FILE:LINE: section.key: reason" (or "FILE: reason" when no line applies).
 * A missing file is -ENOENT with no error text. Returns 0 or a negative errno. */
int config_parse_file(Config *c, const char *path, char **ret_error);

/* The start-up and Reload() sequence: defaults, then either only explicit_path (which must
 * exist), or the system files from $XDG_CONFIG_DIRS followed by the user file, any of which
 * may be missing. On error c is left unchanged and *ret_error says why. */
int config_load(Config *c, const char *explicit_path, char **ret_error);

/* config_load(), but every problem is appended to *errors as "FILE:LINE: section.key:
 * reason" (or "FILE: reason") and only its line skipped: c gets every valid line and the
 * defaults for the broken ones. An inline comment ("; …" or "# …" after a blank) is a
 * comment; "key: value" is an error. Returns 0 or -ENOMEM. */
int config_load_lenient(Config *c, const char *explicit_path, char ***errors);


/* Rewrites path so that "section.key" has value, keeping every other line and comment;
 * adds the key (and the section) if missing, creates the file and its folder if needed.
 * A symbolic link (dangling too) is written through; a file with several hard links is
 * rewritten in place, any other atomically (temporary file, fsync, rename). The file is read
 * under a lock (flock on its folder, and on the file) and read again if it changed before the
 * write. The locks are never waited for. Returns 0 or -errno; -EWOULDBLOCK when another
 * program holds one of them; -EBADMSG when the file has an error elsewhere that the write
 * would keep, with *ret_error (may be NULL) naming it as "FILE:LINE: …". */
int config_write_key(const char *path, const char *key, const char *value, char **ret_error);
/* The same with value NULL: the lines that set "section.key" are removed (none is added), so
 * the key takes its value from the system-wide files or its default again. */
