/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The daily summary (core/summary.h) read from the history and activity files. */

#include "core/summary.h"

/* Brings s up to date with the two files, reading at most pages pages of SUMMARY_PAGE
 * records (s then holds what it had on an error): returns 1 when more remains
 * (call again), 0 when s is up to date, or -errno. For building it from an event loop in
 * slices, so that a long history never holds the loop up for long. */
int summary_step(Summary *s, const char *history, const char *activity, unsigned pages);
