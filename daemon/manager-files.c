/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where the Manager finds the shipped exercise catalog. */
#include <unistd.h>

#include "limber-config.h"
#include "manager.h"
#include "util/log.h"

int manager_find_catalog(char **ret) {
        const char *dirs = getenv("XDG_DATA_DIRS");
        _cleanup_(freep) char *copy = NULL;
        char *save = NULL, *p;

        /* The shipped catalog is data: looked up in $XDG_DATA_DIRS, then where we were
         * installed. */
        if (isempty(dirs))
                dirs = "/usr/local/share:/usr/share";
        copy = strdup(dirs);
        if (!copy)
                return -ENOMEM;
        for (char *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
                if (asprintf(&p, "%s/limber/exercises.ini", d) < 0)
                        return -ENOMEM;
                if (access(p, R_OK) == 0) {
                        *ret = p;
                        return 0;
                }
                free(p);
        }
        p = strdup(LIMBER_PKGDATADIR "/exercises.ini");
        if (!p)
                return -ENOMEM;
        *ret = p;
        return 0;
}
