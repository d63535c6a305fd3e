/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Where limberd finds a helper program of its own (limber-notify, limber-break): $env_var if
 * set, else name beside the running program (argv[0], for the build tree) if it is there,
 * else the installed one in limber's libexec folder. Returns 0 or -ENOMEM. */
int helper_find(const char *env_var, const char *name, char **ret);
