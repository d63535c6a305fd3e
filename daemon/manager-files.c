/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where the Manager finds the shipped exercise catalog. */
#include "files/paths.h"
#include "limber-config.h"
#include "manager.h"
#include "util/log.h"

/* The shipped catalog is data: looked up in $XDG_DATA_DIRS, then where we were installed. */
int manager_find_catalog(char **ret) {
        int r = paths_find_data("limber/exercises.ini", ret);

        if (r != -ENOENT)
                return r;
        *ret = strdup(LIMBER_PKGDATADIR "/exercises.ini");
        return *ret ? 0 : -ENOMEM;
}
