/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The running count, kept across restarts and re-logins in $XDG_STATE_HOME/limber/state
 * (files/state-file.h reads and writes it):
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

/* The text of a state file for s. Returns 0 with *ret (NUL-terminated) and *ret_size, or
 * -ENOMEM. */
int state_format(const SavedState *s, char **ret, size_t *ret_size);

/* Parses buf (NUL-terminated, the text of path; changed in place). Returns 0, -EBADMSG for
 * a text that is not a state file limberd wrote (*ret_error, may be NULL, says why as
 * "FILE:LINE: reason"), or -ENOMEM. */
int state_parse(const char *path, char *buf, SavedState *ret, char **ret_error);

void saved_state_done(SavedState *s);
