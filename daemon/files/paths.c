/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <dirent.h>
#include <fcntl.h>
#include <libgen.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "files/paths.h"

/* An XDG variable is used only when set to an absolute path, as the specification says. */
static int xdg_dir(const char *variable, const char *home_fallback, const char *suffix, char **ret) {
        const char *v = getenv(variable), *home;
        char *p;

        if (v && v[0] == '/') {
                if (asprintf(&p, "%s/%s", v, suffix) < 0)
                        p = NULL;
        } else {
                home = getenv("HOME");
                if (!home || home[0] != '/')
                        return -ENXIO;
                if (asprintf(&p, "%s/%s/%s", home, home_fallback, suffix) < 0)
                        p = NULL;
        }
        if (!p)
                return -ENOMEM;
        *ret = p;
        return 0;
}

int paths_user_config(char **ret) {
        return xdg_dir("XDG_CONFIG_HOME", ".config", "limber/limber.ini", ret);
}

int paths_exercises_dropin_dir(char **ret) {
        return xdg_dir("XDG_CONFIG_HOME", ".config", "limber/exercises.d", ret);
}

int paths_find_data(const char *relative, char **ret) {
        const char *dirs = getenv("XDG_DATA_DIRS");
        _cleanup_(freep) char *copy = NULL;
        char *save = NULL, *p;

        if (isempty(dirs))
                dirs = "/usr/local/share:/usr/share";
        copy = strdup(dirs);
        if (!copy)
                return -ENOMEM;
        for (char *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
                if (asprintf(&p, "%s/%s", d, relative) < 0)
                        return -ENOMEM;
                if (access(p, R_OK) == 0) {
                        *ret = p;
                        return 0;
                }
                free(p);
        }
        return -ENOENT;
}

int paths_state_dir(char **ret) {
        return xdg_dir("XDG_STATE_HOME", ".local/state", "limber", ret);
}

int paths_system_configs(char ***ret) {
        const char *dirs = getenv("XDG_CONFIG_DIRS");
        _cleanup_(strv_freep) char **parts = NULL, **l = NULL;
        _cleanup_(freep) char *copy = NULL;
        char *saveptr = NULL;
        int r;

        if (!dirs || !*dirs)
                dirs = "/etc/xdg";
        copy = strdup(dirs);
        if (!copy)
                return -ENOMEM;

        for (char *d = strtok_r(copy, ":", &saveptr); d; d = strtok_r(NULL, ":", &saveptr)) {
                _cleanup_(freep) char *p = NULL;

                if (d[0] != '/')
                        continue;
                if (asprintf(&p, "%s/limber/limber.ini", d) < 0)
                        return -ENOMEM;
                r = strv_extend(&parts, p);
                if (r < 0)
                        return r;
        }

        /* $XDG_CONFIG_DIRS lists the most important folder first; read it last. */
        for (size_t i = strv_length(parts); i > 0; i--) {
                r = strv_extend(&l, parts[i - 1]);
                if (r < 0)
                        return r;
        }
        if (!l) {
                l = calloc(1, sizeof(char *));
                if (!l)
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(l);
        return 0;
}

int mkdir_parents(const char *dir, mode_t mode) {
        _cleanup_(freep) char *p = strdup(dir);

        if (!p)
                return -ENOMEM;
        for (char *s = p + 1; *s; s++) {
                if (*s != '/')
                        continue;
                *s = '\0';
                if (mkdir(p, 0755) < 0 && errno != EEXIST)
                        return -errno;
                *s = '/';
        }
        if (mkdir(p, mode) < 0 && errno != EEXIST)
                return -errno;
        return 0;
}

#define TEMPORARY_INFIX ".tmp-"
#define TEMPORARY_RANDOM "XXXXXX"

/* path's folder and the name its temporaries start with: ".NAME.tmp-". */
static int temporary_prefix(const char *path, char **ret_dir, char **ret_prefix) {
        _cleanup_(freep) char *a = strdup(path), *b = strdup(path);

        if (!a || !b)
                return -ENOMEM;
        if (asprintf(ret_prefix, ".%s" TEMPORARY_INFIX, basename(b)) < 0)
                return -ENOMEM;
        *ret_dir = strdup(dirname(a));
        if (!*ret_dir) {
                free(*ret_prefix);
                return -ENOMEM;
        }
        return 0;
}

static bool same_file_state(const struct stat *a, const struct stat *b) {
        return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
               a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

int write_file_atomic(const char *path, const char *data, size_t size, mode_t mode) {
        return write_file_atomic_unless_changed(path, data, size, mode, NULL);
}

int write_file_atomic_unless_changed(const char *path, const char *data, size_t size, mode_t mode,
                                     const struct stat *expect) {
        _cleanup_(freep) char *tmp = NULL, *dir = NULL, *prefix = NULL;
        int fd, r = 0;

        /* Hidden and marked, so that one a crash leaves behind is recognised (and removed by
         * remove_stale_temporaries()) and never taken for a user's file. */
        r = temporary_prefix(path, &dir, &prefix);
        if (r < 0)
                return r;
        if (asprintf(&tmp, "%s/%s" TEMPORARY_RANDOM, dir, prefix) < 0)
                return -ENOMEM;
        fd = mkostemp(tmp, O_CLOEXEC);
        if (fd < 0)
                return -errno;

        if (fchmod(fd, mode) < 0)
                r = -errno;
        for (size_t done = 0; r == 0 && done < size;) {
                ssize_t n = write(fd, data + done, size - done);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        r = -errno;
                } else
                        done += (size_t) n;
        }
        if (r == 0 && fsync(fd) < 0)
                r = -errno;
        if (close(fd) < 0 && r == 0)
                r = -errno;
        /* Last look before the rename: someone may have written path since it was read. */
        if (r == 0 && expect) {
                struct stat now;

                if (stat(path, &now) < 0 ? errno != ENOENT || expect->st_ino != 0
                                         : !same_file_state(&now, expect))
                        r = -EAGAIN;
        }
        if (r == 0 && rename(tmp, path) < 0)
                r = -errno;
        if (r < 0)
                (void) unlink(tmp);
        return r;
}

int write_file_in_place(const char *path, const char *data, size_t size) {
        _cleanup_(closep) int fd = -1;
        struct stat st;

        fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (!S_ISREG(st.st_mode))
                return -EINVAL;
        return write_fd_in_place(fd, data, size);
}

int write_fd_in_place(int fd, const char *data, size_t size) {
        for (size_t done = 0; done < size;) {
                ssize_t n = pwrite(fd, data + done, size - done, (off_t) done);

                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                done += (size_t) n;
        }
        if (ftruncate(fd, (off_t) size) < 0 || fsync(fd) < 0)
                return -errno;
        return 0;
}

static int read_file_flags(const char *path, size_t max_size, int flags, char **ret, size_t *ret_size);

int read_file_full(const char *path, size_t max_size, char **ret, size_t *ret_size) {
        return read_file_flags(path, max_size, 0, ret, ret_size);
}

int read_file_nofollow(const char *path, size_t max_size, char **ret, size_t *ret_size) {
        return read_file_flags(path, max_size, O_NOFOLLOW, ret, ret_size);
}

static int read_file_flags(const char *path, size_t max_size, int flags, char **ret, size_t *ret_size) {
        _cleanup_(closep) int fd = -1;
        _cleanup_(freep) char *buf = NULL;
        struct stat st;
        size_t size = 0, allocated;

        /* Non-blocking, so a FIFO in a file's place is refused below instead of hanging
         * limberd in open(); reads of regular files do not care. */
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | flags);
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (S_ISDIR(st.st_mode))
                return -EISDIR;
        if (!S_ISREG(st.st_mode))
                return -EINVAL;
        if ((uint64_t) st.st_size > max_size)
                return -EFBIG;

        /* Room for the file and its NUL, grown if the file grows while we read it, up to one
         * byte more than allowed to notice that it became too large. Not max_size at once: the
         * catalog allows 1 MiB, and most files are a few KiB. */
        allocated = (size_t) st.st_size + 1;
        buf = malloc(allocated);
        if (!buf)
                return -ENOMEM;
        for (;;) {
                ssize_t n;

                if (size == allocated) {
                        size_t na = MIN(allocated * 2, max_size + 1);
                        char *nb = realloc(buf, na);

                        if (!nb)
                                return -ENOMEM;
                        buf = nb;
                        allocated = na;
                }
                n = read(fd, buf + size, allocated - size);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                if (n == 0)
                        break;
                size += (size_t) n;
                if (size > max_size)
                        return -EFBIG;  /* grew while we read it */
        }
        buf[size] = '\0';
        if (ret_size)
                *ret_size = size;
        *ret = TAKE_PTR(buf);
        return 0;
}

int remove_stale_temporaries(const char *path, usec_t min_age) {
        _cleanup_(freep) char *dir = NULL, *prefix = NULL;
        time_t now;
        struct dirent *de;
        size_t len;
        DIR *d;
        int r, n = 0;

        r = temporary_prefix(path, &dir, &prefix);
        if (r < 0)
                return r;
        d = opendir(dir);
        if (!d)
                return errno == ENOENT ? 0 : -errno;
        now = (time_t) (now_realtime() / USEC_PER_SEC);
        len = strlen(prefix);

        while ((de = readdir(d))) {
                struct stat st;

                if (strncmp(de->d_name, prefix, len) != 0 || strlen(de->d_name) != len + strlen(TEMPORARY_RANDOM))
                        continue;
                if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
                        continue;
                /* Younger ones may belong to a write going on right now. */
                if (now - st.st_mtim.tv_sec < (time_t) (min_age / USEC_PER_SEC))
                        continue;
                if (unlinkat(dirfd(d), de->d_name, 0) == 0)
                        n++;
        }
        closedir(d);
        return n;
}
