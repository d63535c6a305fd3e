/* SPDX-License-Identifier: GPL-3.0-or-later */
/* config_write_key(): one key of a limber.ini on disk, set through core's config_edit_text()
 * and written back atomically, under a lock. */

#include <fcntl.h>
#include <limits.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config.h"
#include "files/config-file.h"
#include "files/paths.h"

/* Where a write of path goes: path itself, or for a symbolic link (dotfiles) the file it names,
 * followed link by link so that a dangling one (a checkout without the file) gets its target
 * created instead of being replaced by a regular file. */
static int resolve_target(const char *path, char **ret) {
        _cleanup_(freep) char *p = strdup(path);

        if (!p)
                return -ENOMEM;
        for (unsigned hops = 0;; hops++) {
                char buf[PATH_MAX];
                struct stat st;
                ssize_t n;
                char *next, *slash;

                if (lstat(p, &st) < 0 || !S_ISLNK(st.st_mode))
                        break;
                if (hops >= 40)
                        return -ELOOP;
                n = readlink(p, buf, sizeof(buf) - 1);
                if (n < 0)
                        return -errno;
                buf[n] = '\0';
                slash = strrchr(p, '/');
                if (buf[0] == '/' || !slash)
                        next = strdup(buf);
                else if (asprintf(&next, "%.*s/%s", (int) (slash - p), p, buf) < 0)
                        next = NULL;
                if (!next)
                        return -ENOMEM;
                free(p);
                p = next;
        }
        *ret = TAKE_PTR(p);
        return 0;
}

int config_write_key(const char *path, const char *key, const char *value, char **ret_error) {
        _cleanup_(freep) char *target = NULL, *dir = NULL, *data = NULL, *out = NULL;
        _cleanup_(closep) int dir_fd = -1, fd = -1;
        size_t size = 0, out_size;
        mode_t mode = 0644;
        struct stat st = {};
        char *slash;
        int r;

        if (!config_key_known(key))
                return -ENOENT;
        /* Never write what the parser would refuse (nor create a folder for it). */
        r = config_edit_text(path, "", 0, key, value, &out, &out_size, NULL);
        if (r < 0 && r != -EBADMSG)
                return r;
        free(out);
        out = NULL;

        /* A symlinked limber.ini (dotfiles) stays a symlink, dangling or not: write where it
         * points. */
        r = resolve_target(path, &target);
        if (r < 0)
                return r;

        dir = strdup(target);
        if (!dir)
                return -ENOMEM;
        slash = strrchr(dir, '/');
        if (slash) {
                slash[slash == dir] = '\0';
                r = mkdir_parents(dir, 0755);
                if (r < 0)
                        return r;
        }

        /* Serialise writers so that none loses another's key: read-modify-write under a lock
         * on the folder, which a person's tools can take too (flock(1) on the folder: the file
         * itself is replaced by a rename, so a lock on it would not hold past the first
         * write). Never waited for: limberd answers on an event loop, so a lock held elsewhere
         * is -EWOULDBLOCK and the caller tries again. Without locks (some network file
         * systems) the rename still keeps the file whole. */
        dir_fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dir_fd < 0)
                return -errno;
        if (flock(dir_fd, LOCK_EX | LOCK_NB) < 0 && errno != ENOLCK && errno != EOPNOTSUPP)
                return -errno;

        for (unsigned attempt = 0;; attempt++) {
                if (fd >= 0)
                        (void) close(fd);       /* and its lock */
                free(data);
                free(out);
                data = out = NULL;
                size = 0;
                st = (struct stat) {};
                mode = 0644;
                fd = open(target, O_RDWR | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
                if (fd < 0 && errno != ENOENT)
                        return -errno;
                if (fd >= 0) {
                        if (flock(fd, LOCK_EX | LOCK_NB) < 0 && errno != ENOLCK && errno != EOPNOTSUPP)
                                return -errno;
                        /* Read under the lock: what a person wrote until now is kept. */
                        r = read_file_full(target, CONFIG_FILE_MAX, &data, &size);
                        if (r < 0 && r != -ENOENT)
                                return r;
                        if (fstat(fd, &st) < 0)
                                return -errno;
                        mode = st.st_mode & 07777;
                }

                r = config_edit_text(target, data ?: "", size, key, value, &out, &out_size, ret_error);
                if (r < 0)
                        return r;

                /* Several hard links: in place, or the others would keep the old text. */
                if (fd >= 0 && st.st_nlink > 1)
                        return write_fd_in_place(fd, out, out_size);
                /* An editor that takes no lock may have written since the read: then read again. */
                r = write_file_atomic_unless_changed(target, out, out_size, mode, attempt < 20 ? &st : NULL);
                if (r != -EAGAIN)
                        return r;
        }
}
