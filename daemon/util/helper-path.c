/* SPDX-License-Identifier: GPL-3.0-or-later */
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
