/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Durations as people write them in limber.ini and on limberctl's command line:
 * one or more <number><unit> groups, units s, m or min, h, d: "90s", "10m", "2h30m", "7d". */

#include "util/util.h"

#define DURATION_FORMAT_MAX 32

/* Parses text into microseconds. Returns 0, or -EINVAL/-ERANGE with *ret_error (if given)
 * set to a malloc'd sentence naming the bad text and showing an example. */
int duration_parse(const char *text, usec_t *ret, char **ret_error);

/* Formats a duration the way it is parsed, whole seconds, e.g. "2h30m", "45s", "0s".
 * USEC_INFINITY is formatted as "infinity". Returns buf. */
char *duration_format(char buf[static DURATION_FORMAT_MAX], usec_t usec);
