/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What every part of limberctl shares: error messages on stderr, the mapping of failures to
 * exit statuses, and the wall clock.
 *
 * Failures travel as negative errno values, and three of them carry the exit status
 * (limberctl(1), EXIT STATUS): -EINVAL a usage error (exit 2), -EHOSTDOWN no daemon or no bus (exit 3),
 * anything else the daemon refused or something failed (exit 1). Only usage_error() and
 * bus_log_call_error() produce -EINVAL and -EHOSTDOWN; parse failures of bus replies are
 * -EBADMSG, so a stray -EINVAL from a library cannot pose as a usage error. */

#include "util/util.h"

#define CTL_EXIT_FAILURE   1
#define CTL_EXIT_USAGE     2
#define CTL_EXIT_NO_DAEMON 3

/* Prints "limberctl: MESSAGE" on stderr (a %m is the text of error) and returns -abs(error),
 * or -EIO when error is 0. */
int ctl_error(int error, const char *format, ...) _printf_(2, 3);
/* A usage error: one line naming the bad text with an example. Returns -EINVAL. */
int usage_error(const char *format, ...) _printf_(1, 2);
static inline int ctl_oom(void) {
        return ctl_error(ENOMEM, "Out of memory.");
}

/* The exit status for a verb's return value. */
int exit_status_from_result(int r);

/* Grows the array *array of *n elements of size bytes (grown only by this function, from NULL)
 * by one zeroed element and returns it;
 * NULL on OOM (the array is then unchanged). */
void *grow_array(void *array, size_t *n, size_t size);
