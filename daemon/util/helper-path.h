/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sys/types.h>

/* Where limberd finds a helper program of its own (limber-notify, limber-break): $env_var if
 * set, else name beside the running program (argv[0], for the build tree) if it is there,
 * else the installed one in limber's libexec folder. Returns 0 or -ENOMEM. */
int helper_find(const char *env_var, const char *name, char **ret);

/* Starts the helper at path with argv: the signals limberd blocks for sd-event unblocked and
 * every disposition at its default (SIGTERM must end it); stdin_fd, when not negative,
 * becomes its standard input (dup2() clears close-on-exec there, and only there). Returns 0
 * with *ret_pid, or a positive errno as posix_spawn() does. */
int helper_spawn(const char *path, char * const argv[], int stdin_fd, pid_t *ret_pid);
