/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* One way in for every command a person gives: a D-Bus method, a notification's button and the
 * tray menu each build a ManagerCommand and call manager_run_command(), which carries it out
 * the same way for all of them: one storage bracket, one scheduler call, one refusal policy
 * (a positive SchedulerRefusal: nothing changed), one log line. */

#include "util/util.h"

typedef struct Manager Manager;

typedef enum ManagerCommandKind {
        MANAGER_COMMAND_START_BREAK,
        MANAGER_COMMAND_SNOOZE,         /* usec: how long, 0 the configured snooze */
        MANAGER_COMMAND_SKIP,
        MANAGER_COMMAND_FINISH_BREAK,
        MANAGER_COMMAND_NEXT_STEP,      /* ends this exercise of the guided break (the break on the last) */
        MANAGER_COMMAND_PAUSE,          /* usec: how long, 0 until resumed */
        MANAGER_COMMAND_RESUME,
        MANAGER_COMMAND_LOG_BREAK,      /* usec: how long, 0 break-duration; note */
        _MANAGER_COMMAND_MAX,
} ManagerCommandKind;

/* Where a command came from, for the log. */
typedef enum ManagerCommandSource {
        MANAGER_COMMAND_FROM_BUS,
        MANAGER_COMMAND_FROM_NOTIFICATION,
        MANAGER_COMMAND_FROM_TRAY,
        _MANAGER_COMMAND_FROM_MAX,
} ManagerCommandSource;

typedef struct ManagerCommand {
        ManagerCommandKind kind;
        usec_t usec;
        const char *note;               /* LOG_BREAK: NULL for none */
} ManagerCommand;

/* The D-Bus method name of a command ("StartBreak", "Snooze", ...), which the log uses for
 * every way in. */
const char *manager_command_to_string(ManagerCommandKind k);
/* The command a notification action key names ("start", "snooze", "skip", "done"); -EINVAL
 * for any other key ("default", a click on the body, is not a command). */
int manager_command_from_action(const char *action, ManagerCommand *ret);

/* Carries out c: storage bracket begin, the scheduler's command, manager_changed(), end.
 * Returns 0 when done and what it recorded is on disk; a positive SchedulerRefusal when the
 * scheduler refused (nothing changed, logged); -EIO with *ret_text (may be NULL: then only
 * logged) saying which file could not be written and why, when what it recorded stays in
 * memory and is retried. */
int manager_run_command(Manager *m, ManagerCommandSource source, const ManagerCommand *c, char **ret_text);
