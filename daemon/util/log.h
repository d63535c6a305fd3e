/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Logging to stderr, with syslog priority prefixes when stderr is the journal.
 * Tests can divert messages with log_set_sink(). */

#include <syslog.h>

#include "util/util.h"

typedef void (*log_sink_t)(int level, const char *message, void *userdata);

void log_set_max_level(int level);
void log_set_sink(log_sink_t sink, void *userdata);

/* Logs and returns -abs(error), so callers can write: return log_error_errno(r, "…: %m"). A %m
 * in the format is the error's text. */
int log_full_errno(int level, int error, const char *format, ...) _printf_(3, 4);

#define log_full(level, ...) ((void) log_full_errno((level), 0, __VA_ARGS__))
#define log_debug(...)   log_full(LOG_DEBUG, __VA_ARGS__)
#define log_info(...)    log_full(LOG_INFO, __VA_ARGS__)
#define log_warning(...) log_full(LOG_WARNING, __VA_ARGS__)
#define log_error(...)   log_full(LOG_ERR, __VA_ARGS__)
#define log_warning_errno(error, ...) log_full_errno(LOG_WARNING, (error), __VA_ARGS__)
#define log_error_errno(error, ...)   log_full_errno(LOG_ERR, (error), __VA_ARGS__)
#define log_oom() log_full_errno(LOG_ERR, ENOMEM, "Out of memory.")
