/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Screen lock and suspend from logind, which count as idle whatever idle source is in use:
 * the session's LockedHint and the manager's PrepareForSleep, on the system bus. */

#include <systemd/sd-bus.h>

#include "util/util.h"

#define LOGIND_NAME              "org.freedesktop.login1"
#define LOGIND_PATH              "/org/freedesktop/login1"
#define LOGIND_MANAGER_INTERFACE "org.freedesktop.login1.Manager"
#define LOGIND_SESSION_INTERFACE "org.freedesktop.login1.Session"

typedef struct Logind Logind;

typedef void (*logind_locked_t)(void *userdata, bool locked);
typedef void (*logind_sleep_t)(void *userdata, bool asleep);

/* Starts watching. Without a system bus or a logind session it still succeeds and simply
 * never reports (with a warning saying so). */
int logind_new(sd_bus *system_bus, logind_locked_t locked, logind_sleep_t sleep, void *userdata, Logind **ret);
Logind *logind_free(Logind *l);

/* The object path of our session: GetSession("auto"), which logind resolves to the caller's
 * session or, for a service outside any session, the user's graphical one. */
int logind_get_session(sd_bus *system_bus, char **ret_path);

/* Reads a boolean property of the session (LockedHint, IdleHint). */
int logind_get_session_bool(sd_bus *system_bus, const char *path, const char *property, bool *ret);
