/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where the Manager finds its files: the shipped catalog, and the lock on the state folder. */
#include <fcntl.h>
#include <sys/file.h>
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

/* One limberd per state folder, whatever its bus: the bus name guards one session bus, but
 * two sessions with buses of their own (or a limberd started by hand under dbus-run-session)
 * would otherwise write one history. The lock goes with the process, however it ends. */
int manager_lock_state_dir(const char *state_dir, int *ret_fd) {
        _cleanup_(freep) char *path = NULL;
        _cleanup_(closep) int fd = -1;

        if (asprintf(&path, "%s/lock", state_dir) < 0)
                return log_oom();
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK, 0600);
        if (fd < 0) {
                log_warning_errno(errno, "Cannot open %s: %m; not guarding against a second limberd", path);
                return 0;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
                if (errno == EWOULDBLOCK)
                        return log_error("Another limberd keeps its history in %s (it holds %s); exiting",
                                         state_dir, path), -EBUSY;
                log_warning_errno(errno, "Cannot lock %s: %m; not guarding against a second limberd", path);
                return 0;
        }
        *ret_fd = TAKE_FD(fd);
        return 0;
}
