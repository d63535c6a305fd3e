/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <signal.h>
#include <spawn.h>

#include "limber-config.h"
#include "util/helper-path.h"
#include "util/util.h"

int helper_find(const char *env_var, const char *name, char **ret) {
        const char *env = getenv(env_var), *slash;
        char *path = NULL;

        if (env && *env)
                path = strdup(env);
        else {
                slash = strrchr(program_invocation_name, '/');
                if (slash && asprintf(&path, "%.*s/%s", (int) (slash - program_invocation_name),
                                      program_invocation_name, name) < 0)
                        path = NULL;
                if (path && access(path, X_OK) < 0) {
                        free(path);
                        path = NULL;
                }
                if (!path && asprintf(&path, "%s/%s", LIMBER_LIBEXECDIR, name) < 0)
                        path = NULL;
        }
        if (!path)
                return -ENOMEM;
        *ret = path;
        return 0;
}

int helper_spawn(const char *path, char * const argv[], int stdin_fd, pid_t *ret_pid) {
        posix_spawn_file_actions_t actions;
        posix_spawnattr_t attr;
        sigset_t none, all;
        int r;

        sigemptyset(&none);
        sigfillset(&all);
        r = posix_spawn_file_actions_init(&actions);
        if (r != 0)
                return r;
        r = posix_spawnattr_init(&attr);
        if (r == 0) {
                if (stdin_fd >= 0)
                        r = posix_spawn_file_actions_adddup2(&actions, stdin_fd, STDIN_FILENO);
                if (r == 0)
                        r = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
                if (r == 0)
                        r = posix_spawnattr_setsigmask(&attr, &none);
                if (r == 0)
                        r = posix_spawnattr_setsigdefault(&attr, &all);
                if (r == 0)
                        r = posix_spawn(ret_pid, path, &actions, &attr, argv, environ);
                posix_spawnattr_destroy(&attr);
        }
        posix_spawn_file_actions_destroy(&actions);
        return r;
}
