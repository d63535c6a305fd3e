/* SPDX-License-Identifier: GPL-3.0-or-later */

/* An exercise's pictures: "frame = 1.5s shoulder-rotation-1.svg" lines, each a keyframe and
 * the time the figure takes to move from it to the next. The file is looked for beside the
 * .ini file that names it, then in its illustrations/ folder, then in the shipped
 * illustrations (so that a drop-in may reuse them); it must be a readable SVG or PNG. */

#include <fcntl.h>
#include <libgen.h>
#include <sys/stat.h>

#include "core/catalog-private.h"
#include "core/catalog.h"

#define FRAME_MS_MIN 100
#define FRAME_MS_MAX 60000
#define FRAME_FILE_MAX (1024 * 1024)

/* "2s", "1.5s", "800ms": milliseconds, or -EINVAL. */
static int frame_duration_parse(const char *s, size_t n, unsigned *ret) {
        char buf[32], *end;
        double v;

        if (n == 0 || n >= sizeof(buf))
                return -EINVAL;
        memcpy(buf, s, n);
        buf[n] = '\0';
        if (!(buf[0] >= '0' && buf[0] <= '9'))
                return -EINVAL;
        errno = 0;
        v = strtod(buf, &end);
        if (errno != 0 || end == buf)
                return -EINVAL;
        if (streq(end, "s"))
                v *= 1000;
        else if (!streq(end, "ms"))
                return -EINVAL;
        if (!(v >= FRAME_MS_MIN && v <= FRAME_MS_MAX))
                return -ERANGE;
        *ret = (unsigned) (v + 0.5);
        return 0;
}

static bool frame_name_is_valid(const char *name) {
        size_t n = strlen(name);

        if (n < 5 || n > 128 || name[0] == '.' || strchr(name, '/'))
                return false;
        return streq(name + n - 4, ".svg") || streq(name + n - 4, ".png");
}

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

int exercise_frame_parse(const char *ini_path, const char *illustrations_dir, const char *value,
                         ExerciseFrame *ret, char **ret_error) {
        _cleanup_(freep) char *dir_copy = NULL;
        const char *name, *dir;
        unsigned ms;
        size_t n;
        int r;

        n = strcspn(value, " \t");
        r = frame_duration_parse(value, n, &ms);
        if (r == -ERANGE)
                return error_setf(ret_error, r, "frame \"%s\": the time must be from 0.1s to 60s", value);
        if (r < 0)
                return error_setf(ret_error, r, "frame \"%s\" is not \"TIME FILE\", e.g. \"frame = 1.5s my-move-1.svg\"",
                                  value);
        name = value + n + strspn(value + n, " \t");
        if (!frame_name_is_valid(name))
                return error_setf(ret_error, -EINVAL,
                                  "frame \"%s\": \"%s\" is not a file name ending in .svg or .png", value, name);

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
                        *ret = (ExerciseFrame) { .duration_ms = ms, .path = TAKE_PTR(absolute) };
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

void exercise_frames_free(Exercise *e) {
        for (size_t i = 0; i < e->n_frames; i++)
                free(e->frames[i].path);
        free(e->frames);
        e->frames = NULL;
        e->n_frames = 0;
}
