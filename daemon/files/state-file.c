/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <libgen.h>

#include "files/paths.h"
#include "files/state-file.h"
#include "util/log.h"

int state_save(const char *path, const SavedState *s) {
        _cleanup_(freep) char *buf = NULL, *dir = NULL;
        size_t size = 0;
        int r;

        dir = strdup(path);
        if (!dir)
                return -ENOMEM;
        r = mkdir_parents(dirname(dir), 0700);
        if (r < 0)
                return r;
        r = state_format(s, &buf, &size);
        if (r < 0)
                return r;

        r = write_file_atomic(path, buf, size, 0600);
        if (r == -ENOSPC || r == -EDQUOT)
                /* A full disk has no room for a temporary, but the state file has its blocks:
                 * overwriting it keeps the count, so a restart does not see a false break. */
                r = write_file_in_place(path, buf, size) < 0 ? r : 0;
        return r;
}

int state_load(const char *path, SavedState *ret) {
        _cleanup_(freep) char *buf = NULL, *error = NULL;
        int r;

        r = read_file_nofollow(path, STATE_FILE_MAX, &buf, NULL);
        if (r == -ENOENT)
                return r;
        if (r < 0)
                return log_warning_errno(r, "%s: cannot read the saved state: %s", path,
                                         r == -ELOOP ? "it is a symbolic link, which limberd does not follow"
                                                     : strerror(-r));
        r = state_parse(path, buf, ret, &error);
        if (r == -EBADMSG)
                log_warning("%s", strempty(error));
        return r;
}
