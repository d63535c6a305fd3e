/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Loading the catalog: the shipped file, then the user's drop-ins (core/catalog.c parses
 * each text), and the pictures their "frame" lines name. */

#include <dirent.h>
#include <stdarg.h>
#include <fcntl.h>
#include <libgen.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files/catalog-load.h"
#include "files/paths.h"
#include "util/log.h"

#define FRAME_FILE_MAX (1024 * 1024)

/* Whether path is a picture limber can show: a regular, readable file of at most 1 MiB
 * holding an SVG document or a PNG. Returns 0 or -errno (-EBADMSG: not a picture). */
static int frame_file_check(const char *path) {
        char head[4096];
        struct stat st;
        ssize_t n;
        int fd, r = 0;

        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0)
                r = -errno;
        else if (!S_ISREG(st.st_mode))
                r = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
        else if (st.st_size > FRAME_FILE_MAX)
                r = -EFBIG;
        else {
                n = read(fd, head, sizeof(head) - 1);
                if (n < 0)
                        r = -errno;
                else {
                        bool png = n >= 4 && memcmp(head, "\x89PNG", 4) == 0;
                        head[n] = '\0';
                        if (!png && !strstr(head, "<svg"))
                                r = -EBADMSG;
                }
        }
        close(fd);
        return r;
}

int catalog_find_frame(const char *ini_path, const char *illustrations_dir, const char *name, char **ret_path,
                       char **ret_error) {
        _cleanup_(freep) char *dir_copy = NULL;
        const char *dir;
        int r;

        /* Beside the file itself, when the .ini is a link to it (a test's sandbox). */
        dir_copy = realpath(ini_path, NULL) ?: strdup(ini_path);
        if (!dir_copy)
                return -ENOMEM;
        dir = dirname(dir_copy);

        /* The first place that has the file; the first error if none does. */
        const char *const dirs[] = { dir, dir, illustrations_dir };
        const char *const subdirs[] = { "", "/illustrations", "" };
        int first = 0;
        _cleanup_(freep) char *first_path = NULL;
        for (size_t i = 0; i < ELEMENTSOF(dirs); i++) {
                _cleanup_(freep) char *candidate = NULL, *absolute = NULL;

                if (!dirs[i])
                        continue;
                if (asprintf(&candidate, "%s%s/%s", dirs[i], subdirs[i], name) < 0)
                        return -ENOMEM;
                r = frame_file_check(candidate);
                if (r == 0) {
                        absolute = realpath(candidate, NULL);
                        if (!absolute)
                                return errno == ENOMEM ? -ENOMEM : error_setf(ret_error, -errno,
                                        "frame \"%s\": %s: %s", name, candidate, strerror(errno));
                        *ret_path = TAKE_PTR(absolute);
                        return 0;
                }
                if (first == 0 || (first == -ENOENT && r != -ENOENT)) {
                        first = r;
                        free(first_path);
                        first_path = TAKE_PTR(candidate);
                }
        }
        if (first == -EBADMSG)
                return error_setf(ret_error, first, "frame \"%s\": %s is not an SVG or PNG picture", name, first_path);
        return error_setf(ret_error, first, "frame \"%s\": cannot read %s: %s", name, first_path, strerror(-first));
}


int catalog_parse_file(Catalog *c, const char *path) {
        _cleanup_(freep) char *text = NULL;
        size_t size, n;
        int r;

        r = read_file_full(path, CATALOG_FILE_MAX, &text, &size);
        if (r < 0)
                return r;
        if (!c->find_frame)
                c->find_frame = catalog_find_frame;
        n = strv_length(c->warnings);
        r = catalog_parse_text(c, path, text, size);
        for (size_t i = n; c->warnings && c->warnings[i]; i++)
                log_warning("%s", c->warnings[i]);
        return r;
}

/* A problem with a file or folder: logged, and kept with the parser's. */
static int load_warn(Catalog *c, const char *format, ...) _printf_(2, 3);
static int load_warn(Catalog *c, const char *format, ...) {
        _cleanup_(freep) char *msg = NULL;
        va_list ap;

        va_start(ap, format);
        msg = strdup_vprintf(format, ap);
        va_end(ap);
        if (!msg)
                return log_oom();
        log_warning("%s", msg);
        return catalog_warn(c, "%s", msg) < 0 ? log_oom() : 0;
}

typedef struct DirentList {
        struct dirent **entries;
        int n;
} DirentList;

static void dirent_list_done(DirentList *l) {
        for (int i = 0; i < l->n; i++)
                free(l->entries[i]);
        free(l->entries);
}

static int filter_ini(const struct dirent *de) {
        size_t n = strlen(de->d_name);

        return de->d_name[0] != '.' && n > 4 && streq(de->d_name + n - 4, ".ini");
}

/* Byte order, not the locale's: the same files load in the same order everywhere. */
static int compare_names(const struct dirent **a, const struct dirent **b) {
        return strcmp((*a)->d_name, (*b)->d_name);
}

static int catalog_load_dropins(Catalog *c, const char *dir) {
        _cleanup_(dirent_list_done) DirentList l = {};
        int r;

        l.n = scandir(dir, &l.entries, filter_ini, compare_names);
        if (l.n < 0) {
                l.n = 0;
                if (errno == ENOENT)
                        return 0;
                if (errno == ENOMEM)
                        return log_oom();
                return load_warn(c, "%s: cannot read the folder: %s, ignoring", dir, strerror(errno));
        }

        for (int i = 0; i < l.n; i++) {
                _cleanup_(freep) char *path = NULL;

                if (asprintf(&path, "%s/%s", dir, l.entries[i]->d_name) < 0)
                        return log_oom();
                r = catalog_parse_file(c, path);
                if (r == -ENOMEM)
                        return r;
                if (r == -EFBIG)
                        r = load_warn(c, "%s: larger than %u KiB, ignoring", path, CATALOG_FILE_MAX / 1024);
                else if (r < 0)
                        r = load_warn(c, "%s: %s, ignoring", path, strerror(-r));
                if (r == -ENOMEM)
                        return r;
        }
        return 0;
}

char *catalog_illustrations_dir(const char *main_path) {
        _cleanup_(freep) char *real = realpath(main_path, NULL);
        const char *slash;
        char *dir;

        if (real)
                main_path = real;
        slash = strrchr(main_path, '/');
        if (!slash)
                return strdup("illustrations");
        if (asprintf(&dir, "%.*s/illustrations", (int) (slash - main_path), main_path) < 0)
                return NULL;
        return dir;
}

int catalog_load(const char *main_path, const char *dropin_dir, char * const *languages, Catalog **ret) {
        _cleanup_(catalog_freep) Catalog *c = NULL;
        int r;

        c = calloc(1, sizeof(Catalog));
        if (!c)
                return -ENOMEM;
        for (size_t i = 0; languages && languages[i]; i++)
                if (strv_extend(&c->languages, languages[i]) < 0)
                        return -ENOMEM;

        c->illustrations_dir = catalog_illustrations_dir(main_path);
        if (!c->illustrations_dir)
                return -ENOMEM;
        r = catalog_parse_file(c, main_path);
        if (r < 0)
                return r;
        if (c->n_exercises == 0) {
                log_warning("%s: no usable exercise", main_path);
                return -EINVAL;
        }

        if (dropin_dir) {
                r = catalog_load_dropins(c, dropin_dir);
                if (r < 0)
                        return r;
        }
        if (c->n_warnings > CATALOG_WARNINGS_MAX)
                log_warning("%u more problems in the exercise catalog were not reported (%u in all)",
                            c->n_warnings - CATALOG_WARNINGS_MAX, c->n_warnings);

        *ret = TAKE_PTR(c);
        return 0;
}
