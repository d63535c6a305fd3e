/* SPDX-License-Identifier: GPL-3.0-or-later */
/* config_write_key(): sets one key in a limber.ini, keeping the rest of the file as it is
 * (comments, order, other keys), and writes it back atomically. */

#include <assert.h>
#include <ctype.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/file.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config-private.h"
#include "core/ini-reader.h"
#include "core/paths.h"
#include "util/duration.h"
#include "util/i18n.h"

typedef struct Line {
        const char *start;
        size_t len;
} Line;

/* Whether l sets key; *ret_comment is its inline comment (or NULL), up to *ret_end. */
static bool line_sets(const Line *l, const char *key, const char **ret_comment, const char **ret_end) {
        const char *s = l->start, *e = l->start + l->len, *name, *name_end, *rest, *c;

        ini_trim(&s, &e);
        c = ini_find_comment(s, e);
        if (ini_line_classify(s, c ?: e, &name, &name_end, &rest) != INI_LINE_SETTING)
                return false;
        if ((size_t) (name_end - name) != strlen(key) || strncmp(name, key, (size_t) (name_end - name)) != 0)
                return false;
        if (ret_comment)
                *ret_comment = c;
        if (ret_end)
                *ret_end = e;
        return true;
}

/* "# interval = 2h", as the shipped sample has it. */
static bool line_sets_commented(const Line *l, const char *key) {
        const char *s = l->start, *e = l->start + l->len;
        Line uncommented;

        ini_trim(&s, &e);
        if (s == e || (*s != '#' && *s != ';'))
                return false;
        uncommented = (Line) { s + 1, (size_t) (e - s - 1) };
        return line_sets(&uncommented, key, NULL, NULL);
}

/* Returns the section a line opens, or NULL; *ret_len is its length. */
static const char *line_section(const Line *l, size_t *ret_len) {
        const char *s = l->start, *e = l->start + l->len, *name, *name_end, *rest;

        ini_trim(&s, &e);
        if (ini_line_classify(s, ini_find_comment(s, e) ?: e, &name, &name_end, &rest) != INI_LINE_SECTION)
                return NULL;
        *ret_len = (size_t) (name_end - name);
        return name;
}

static bool line_is_comment(const Line *l) {
        const char *s = l->start, *e = l->start + l->len;

        ini_trim(&s, &e);
        return s < e && (*s == '#' || *s == ';');
}

static bool line_is_blank(const Line *l) {
        const char *s = l->start, *e = l->start + l->len;

        ini_trim(&s, &e);
        return s == e;
}

/* Writes "name = value", keeping an inline comment of the line it replaces if it fits. */
static void write_setting(FILE *f, const ConfigKey *k, const char *value, const char *comment, const char *end) {
        fprintf(f, "%s = %s", k->name, value);
        if (comment && strlen(k->name) + strlen(value) + 4 + (size_t) (end - comment) <= INI_SETTING_MAX) {
                fputc(' ', f);
                fwrite(comment, 1, (size_t) (end - comment), f);
        }
        fputc('\n', f);
}

static int config_rewrite(const char *data, size_t size, const ConfigKey *k, const char *value,
                          char **ret, size_t *ret_size) {
        _cleanup_(freep) Line *lines = NULL;
        _cleanup_(freep) char *out = NULL;
        size_t n = 0, out_size = 0, insert = SIZE_MAX, section_start = SIZE_MAX, section_end = SIZE_MAX;
        size_t commented = SIZE_MAX;
        bool in_section = false, exists = false;
        FILE *f;

        f = open_memstream(&out, &out_size);
        if (!f)
                return -ENOMEM;
        /* Keep a BOM, out of the way of the first line's classification. */
        if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
                fwrite(data, 1, 3, f);
                data += 3;
                size -= 3;
        }

        /* Split into lines, without their newlines. */
        lines = calloc(size + 1, sizeof(Line));
        if (!lines) {
                fclose(f);
                return -ENOMEM;
        }
        for (const char *p = data, *end = data + size; p < end;) {
                const char *nl = memchr(p, '\n', (size_t) (end - p));

                lines[n++] = (Line) { p, (size_t) ((nl ?: end) - p) };
                p = nl ? nl + 1 : end;
        }

        /* Where the key goes if it is not set yet: after its commented-out sample line, or
         * at the end of the last [section] block, before the blank lines and any comment
         * that introduces the next section. */
        for (size_t i = 0; i <= n; i++) {
                const char *name = NULL;
                size_t len = 0;

                if (i == n || (name = line_section(&lines[i], &len))) {
                        if (in_section)
                                section_end = i;
                        in_section = i < n && len == strlen(k->section) && strncmp(name, k->section, len) == 0;
                        if (in_section) {
                                section_start = i;
                                commented = SIZE_MAX;
                        }
                        continue;
                }
                if (in_section && line_sets(&lines[i], k->name, NULL, NULL))
                        exists = true;
                if (in_section && line_sets_commented(&lines[i], k->name))
                        commented = i;
        }
        /* Unset (value NULL): the key's lines go, nothing is added. */
        if (section_start != SIZE_MAX && !exists && value) {
                if (commented != SIZE_MAX && commented > section_start && commented < section_end)
                        insert = commented + 1;
                else {
                        insert = section_end;
                        if (section_end < n)
                                while (insert > section_start + 1 && line_is_comment(&lines[insert - 1]))
                                        insert--;
                        while (insert > section_start + 1 && line_is_blank(&lines[insert - 1]))
                                insert--;
                }
        }

        in_section = false;
        for (size_t i = 0; i < n; i++) {
                const char *name, *comment, *end;
                size_t len;

                if (i == insert)
                        write_setting(f, k, value, NULL, NULL);
                if ((name = line_section(&lines[i], &len)))
                        in_section = len == strlen(k->section) && strncmp(name, k->section, len) == 0;
                else if (in_section && line_sets(&lines[i], k->name, &comment, &end)) {
                        if (value)
                                write_setting(f, k, value, comment, end);
                        continue;
                }
                fwrite(lines[i].start, 1, lines[i].len, f);     /* as it was, NUL bytes and all */
                fputc('\n', f);
        }
        if (insert == n)
                write_setting(f, k, value, NULL, NULL);
        else if (insert == SIZE_MAX && !exists && value)
                fprintf(f, "%s[%s]\n%s = %s\n", n > 0 && !line_is_blank(&lines[n - 1]) ? "\n" : "",
                        k->section, k->name, value);
        if (fclose(f) != 0)
                return -ENOMEM;

        *ret = TAKE_PTR(out);
        *ret_size = out_size;
        return 0;
}

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
        _cleanup_(freep) char *target = NULL, *dir = NULL, *data = NULL, *out = NULL, *trimmed = NULL;
        _cleanup_(freep) char *error = NULL;
        const char *vs, *ve;
        _cleanup_(config_done) Config scratch = {};
        _cleanup_(closep) int dir_fd = -1, fd = -1;
        const ConfigKey *k = config_key_lookup(key);
        size_t size = 0, out_size;
        mode_t mode = 0644;
        struct stat st = {};
        char *slash;
        int r;

        if (!k)
                return -ENOENT;
        /* Never write what the parser would refuse. */
        r = value ? key_set(&scratch, k, value, NULL) : 0;
        if (r < 0)
                return r;
        /* Keep what the user wrote ("90m" stays "90m"), without surrounding blanks. */
        vs = strempty(value);
        ve = vs + strlen(vs);
        ini_trim(&vs, &ve);
        trimmed = strndup(vs, (size_t) (ve - vs));
        if (!trimmed)
                return -ENOMEM;

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

                r = config_rewrite(data ?: "", size, k, value ? trimmed : NULL, &out, &out_size);
                if (r < 0)
                        return r;
                if (out_size > CONFIG_FILE_MAX)
                        return -EFBIG;

                /* Refuse to carry an error of the file over: the next start would stop on it. */
                r = config_check_text(target, out, out_size, &error);
                if (r == -ENOMEM)
                        return r;
                if (r < 0) {
                        if (ret_error && asprintf(ret_error, _("%s; fix that line first (config set keeps "
                                                    "every other line as it is)"), strempty(error)) < 0)
                                *ret_error = NULL;
                        return -EBADMSG;
                }

                /* Several hard links: in place, or the others would keep the old text. */
                if (fd >= 0 && st.st_nlink > 1)
                        return write_fd_in_place(fd, out, out_size);
                /* An editor that takes no lock may have written since the read: then read again. */
                r = write_file_atomic_unless_changed(target, out, out_size, mode, attempt < 20 ? &st : NULL);
                if (r != -EAGAIN)
                        return r;
        }
}
