/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The state file on disk (core/state.h formats and parses its text). */

#include "core/state.h"

/* Returns 0, or -errno. The folder is created 0700, the file written 0600. */
int state_save(const char *path, const SavedState *s);

/* Returns 0, -ENOENT when there is no saved state, -EBADMSG for a file that is not a state
 * file limberd wrote (it is reported as "FILE:LINE: reason"), or another -errno. */
int state_load(const char *path, SavedState *ret);
