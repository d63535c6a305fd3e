/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <ctype.h>
#include <stdarg.h>
#include <inttypes.h>
#include <limits.h>

#include "core/state.h"

/* The file is "key=value" lines; numbers are decimal microseconds, "infinity" for a pause
 * until resumed, lists are comma-separated exercise ids. Unknown keys are ignored, so an
 * older limberd can read what a newer one wrote. */

void saved_state_done(SavedState *s) {
        strv_free(s->plan);
        strv_free(s->previous_plan);
        *s = (SavedState) {};
}

static int append(char **buf, size_t *size, const char *fmt, ...) _printf_(3, 4);
static int append(char **buf, size_t *size, const char *fmt, ...) {
        va_list ap;
        char *line = NULL, *nb;
        int n;

        va_start(ap, fmt);
        n = vasprintf(&line, fmt, ap);
        va_end(ap);
        if (n < 0)
                return -ENOMEM;
        nb = realloc(*buf, *size + (size_t) n + 1);
        if (!nb) {
                free(line);
                return -ENOMEM;
        }
        memcpy(nb + *size, line, (size_t) n + 1);
        *buf = nb;
        *size += (size_t) n;
        free(line);
        return 0;
}

static int append_list(char **buf, size_t *size, const char *key, char * const *l) {
        int r = append(buf, size, "%s=", key);

        for (size_t i = 0; r == 0 && l && l[i]; i++)
                r = append(buf, size, "%s%s", i > 0 ? "," : "", l[i]);
        return r < 0 ? r : append(buf, size, "\n");
}

int state_format(const SavedState *s, char **ret, size_t *ret_size) {
        _cleanup_(freep) char *buf = NULL;
        size_t size = 0;
        int r;

        r = append(&buf, &size, "# limberd's running state; written by limberd, safe to delete\n");
        if (r >= 0)
                r = append(&buf, &size, "saved=%" PRIu64 "\nactive=%" PRIu64 "\n",
                           s->saved_realtime, s->active_usec);
        if (r >= 0) {
                if (s->paused_until == USEC_INFINITY)
                        r = append(&buf, &size, "paused-until=infinity\n");
                else
                        r = append(&buf, &size, "paused-until=%" PRIu64 "\n", s->paused_until);
        }
        if (r >= 0 && s->skips > 0)
                r = append(&buf, &size, "skips=%u\n", s->skips);
        if (r >= 0)
                r = append_list(&buf, &size, "plan", s->plan);
        if (r >= 0)
                r = append_list(&buf, &size, "previous-plan", s->previous_plan);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(buf);
        *ret_size = size;
        return 0;
}

static int parse_usec(const char *v, usec_t *ret) {
        char *end;
        unsigned long long u;

        if (!isdigit((unsigned char) v[0]))
                return -EINVAL;
        errno = 0;
        u = strtoull(v, &end, 10);
        if (errno != 0 || *end != '\0')
                return -EINVAL;
        *ret = (usec_t) u;
        return 0;
}

static int parse_list(const char *v, char ***ret) {
        _cleanup_(strv_freep) char **l = NULL;
        _cleanup_(freep) char *copy = strdup(v);
        char *save = NULL;
        int r;

        if (!copy)
                return -ENOMEM;
        for (char *id = strtok_r(copy, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
                for (const char *c = id; *c; c++)
                        if (!(islower((unsigned char) *c) || isdigit((unsigned char) *c) || *c == '-'))
                                return -EINVAL;
                r = strv_extend(&l, id);
                if (r < 0)
                        return r;
        }
        strv_free(*ret);
        *ret = TAKE_PTR(l);
        return 0;
}

int state_parse(const char *path, char *buf, SavedState *ret, char **ret_error) {
        _cleanup_(saved_state_done) SavedState s = {};
        bool have_saved = false, have_active = false;
        unsigned line = 0;
        char *save = NULL;
        int r;

        for (char *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
                char *eq, *key, *value;

                line++;
                if (l[0] == '#' || l[0] == '\0')
                        continue;
                eq = strchr(l, '=');
                if (!eq) {
                        return error_setf(ret_error, -EBADMSG, "%s:%u: not a key=value line", path, line);
                }
                *eq = '\0';
                key = l;
                value = eq + 1;

                if (streq(key, "saved"))
                        r = parse_usec(value, &s.saved_realtime), have_saved = r >= 0;
                else if (streq(key, "active"))
                        r = parse_usec(value, &s.active_usec), have_active = r >= 0;
                else if (streq(key, "paused-until")) {
                        if (streq(value, "infinity")) {
                                s.paused_until = USEC_INFINITY;
                                r = 0;
                        } else
                                r = parse_usec(value, &s.paused_until);
                } else if (streq(key, "skips")) {
                        usec_t n = 0;

                        r = parse_usec(value, &n);
                        if (r >= 0 && n > UINT_MAX)
                                r = -EINVAL;
                        s.skips = (unsigned) n;
                } else if (streq(key, "plan"))
                        r = parse_list(value, &s.plan);
                else if (streq(key, "previous-plan"))
                        r = parse_list(value, &s.previous_plan);
                else
                        r = 0;  /* from a newer limberd */

                if (r == -ENOMEM)
                        return r;
                if (r < 0) {
                        return error_setf(ret_error, -EBADMSG, "%s:%u: %s: invalid value \"%s\"", path, line, key,
                                          value);
                }
        }

        if (!have_saved || !have_active) {
                return error_setf(ret_error, -EBADMSG, "%s: incomplete state file (no %s)", path,
                                  have_saved ? "active=" : "saved=");
        }

        *ret = s;
        s = (SavedState) {};
        return 0;
}
