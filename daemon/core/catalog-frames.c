/* SPDX-License-Identifier: GPL-3.0-or-later */

/* An exercise's pictures: "frame = 1.5s shoulder-rotation-1.svg" lines, each a keyframe and
 * the time the figure takes to move from it to the next (the file is found by
 * Catalog.find_frame: files/catalog-load.c). */

#include "core/catalog-private.h"
#include "core/catalog.h"

#define FRAME_MS_MIN 100
#define FRAME_MS_MAX 60000

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

int exercise_frame_parse(const char *value, unsigned *ret_ms, const char **ret_name, char **ret_error) {
        const char *name;
        size_t n;
        int r;

        n = strcspn(value, " \t");
        r = frame_duration_parse(value, n, ret_ms);
        if (r == -ERANGE)
                return error_setf(ret_error, r, "frame \"%s\": the time must be from 0.1s to 60s", value);
        if (r < 0)
                return error_setf(ret_error, r, "frame \"%s\" is not \"TIME FILE\", e.g. \"frame = 1.5s my-move-1.svg\"",
                                  value);
        name = value + n + strspn(value + n, " \t");
        if (!frame_name_is_valid(name))
                return error_setf(ret_error, -EINVAL,
                                  "frame \"%s\": \"%s\" is not a file name ending in .svg or .png", value, name);
        *ret_name = name;
        return 0;
}

void exercise_frames_free(Exercise *e) {
        for (size_t i = 0; i < e->n_frames; i++)
                free(e->frames[i].path);
        free(e->frames);
        e->frames = NULL;
        e->n_frames = 0;
}
