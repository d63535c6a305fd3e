/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Problems property: what stops limber from working as configured, one line each. Each
 * concern adds its own lines; this file only gathers them. */

#include "manager.h"

int manager_problems(Manager *m, char ***ret) {
        _cleanup_(strv_freep) char **l = NULL;
        int r;

        r = manager_storage_problems(m, &l);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(l);
        return 0;
}
