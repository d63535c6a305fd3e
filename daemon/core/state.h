/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The running count, kept across restarts and re-logins in $XDG_STATE_HOME/limber/state:
 * how much active time has passed since the last break, a pause in force, the skips in a row
 * (for max-skips), and the exercise plans. Written atomically at every transition and on SIGTERM. */

#include "util/util.h"

typedef struct SavedState {
        usec_t saved_realtime;          /* CLOCK_REALTIME when written */
        usec_t active_usec;
        usec_t paused_until;            /* CLOCK_REALTIME; 0 = not paused, USEC_INFINITY = until resumed */
        char **plan;                    /* NULL-terminated ids, may be NULL */
        char **previous_plan;
        unsigned skips;                 /* skips in a row since the last break taken */
} SavedState;

#define STATE_FILE_MAX (16U * 1024U)

/* Returns 0, or -errno. The folder is created 0700, the file written 0600. */
int state_save(const char *path, const SavedState *s);

/* Returns 0, -ENOENT when there is no saved state, -EBADMSG for a file that is not a state
 * file limberd wrote (it is reported as "FILE:LINE: reason"), or another -errno. */
int state_load(const char *path, SavedState *ret);

void saved_state_done(SavedState *s);
