/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <strings.h>

#include "util/util.h"

usec_t now_usec(clockid_t clock) {
        struct timespec ts;

        if (clock_gettime(clock, &ts) < 0)
                abort();
        return (usec_t) ts.tv_sec * USEC_PER_SEC + (usec_t) ts.tv_nsec / 1000;
}

int parse_boolean(const char *s) {
        static const char * const yes[] = { "1", "yes", "true", "on" };
        static const char * const no[] = { "0", "no", "false", "off" };

        for (size_t i = 0; i < ELEMENTSOF(yes); i++) {
                if (strcasecmp(s, yes[i]) == 0)
                        return 1;
                if (strcasecmp(s, no[i]) == 0)
                        return 0;
        }
        return -EINVAL;
}

int error_setf(char **ret_error, int r, const char *fmt, ...) {
        va_list ap;

        if (ret_error) {
                va_start(ap, fmt);
                if (vasprintf(ret_error, fmt, ap) < 0)
                        *ret_error = NULL;
                va_end(ap);
        }
        return r;
}

size_t strv_length(char * const *l) {
        size_t n = 0;

        if (l)
                while (l[n])
                        n++;
        return n;
}

int strv_extend(char ***l, const char *s) {
        size_t n = strv_length(*l);
        char *copy, **nl;

        copy = strdup(s);
        if (!copy)
                return -ENOMEM;
        nl = realloc(*l, (n + 2) * sizeof(char *));
        if (!nl) {
                free(copy);
                return -ENOMEM;
        }
        nl[n] = copy;
        nl[n + 1] = NULL;
        *l = nl;
        return 0;
}

char *strdup_printf(const char *format, ...) {
        va_list ap;
        char *s;
        int r;

        va_start(ap, format);
        r = vasprintf(&s, format, ap);
        va_end(ap);
        return r < 0 ? NULL : s;
}

char *strdup_vprintf(const char *format, va_list ap) {
        char *s;

        return vasprintf(&s, format, ap) < 0 ? NULL : s;
}

int strv_extendf(char ***l, const char *format, ...) {
        _cleanup_(freep) char *s = NULL;
        va_list ap;

        va_start(ap, format);
        s = strdup_vprintf(format, ap);
        va_end(ap);
        if (!s)
                return -ENOMEM;
        return strv_extend(l, s);
}

bool strv_equal(char * const *a, char * const *b) {
        size_t n = strv_length(a);

        if (n != strv_length(b))
                return false;
        for (size_t i = 0; i < n; i++)
                if (!streq(a[i], b[i]))
                        return false;
        return true;
}

char *strv_join(char * const *l, const char *separator) {
        size_t len = 1, n = 0;
        char *s, *p;

        for (char * const *i = l; i && *i; i++, n++)
                len += strlen(*i) + strlen(separator);
        s = p = malloc(len);
        if (!s)
                return NULL;
        *p = '\0';
        for (char * const *i = l; i && *i; i++) {
                if (i != l)
                        p = stpcpy(p, separator);
                p = stpcpy(p, *i);
        }
        return s;
}

bool strv_contains(char * const *l, const char *s) {
        if (l)
                for (; *l; l++)
                        if (streq(*l, s))
                                return true;
        return false;
}

/* The length of the strict UTF-8 sequence at p (no overlong forms, no surrogates, nothing above
 * U+10FFFF), of at most n bytes; 0 when it is not one. */
static size_t utf8_sequence(const unsigned char *p, size_t n) {
        unsigned c = p[0];
        size_t len;
        uint32_t cp;

        if (c < 0x80)
                return 1;
        if (c >= 0xC2 && c <= 0xDF) {
                len = 2;
                cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
                len = 3;
                cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
                len = 4;
                cp = c & 0x07;
        } else
                return 0;

        if (n < len)
                return 0;
        for (size_t i = 1; i < len; i++) {
                if ((p[i] & 0xC0) != 0x80)
                        return 0;
                cp = (cp << 6) | (p[i] & 0x3F);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
                return 0;
        return len;
}

bool utf8_valid(const char *s, size_t n) {
        const unsigned char *p = (const unsigned char *) s, *end = p + n;

        while (p < end) {
                size_t len = utf8_sequence(p, (size_t) (end - p));

                if (len == 0)
                        return false;
                p += len;
        }
        return true;
}

#define REPLACEMENT_CHARACTER "\xEF\xBF\xBD"       /* U+FFFD */

char *utf8_sanitize(const char *s) {
        const unsigned char *p = (const unsigned char *) s, *end = p + strlen(s);
        char *out, *o;

        /* Each invalid byte becomes three. */
        out = malloc((size_t) (end - p) * 3 + 1);
        if (!out)
                return NULL;
        for (o = out; p < end;) {
                size_t len = utf8_sequence(p, (size_t) (end - p));

                if (len == 0) {
                        memcpy(o, REPLACEMENT_CHARACTER, 3);
                        o += 3;
                        p++;
                } else {
                        memcpy(o, p, len);
                        o += len;
                        p += len;
                }
        }
        *o = '\0';
        return out;
}

int strv_copy(char * const *l, char ***ret) {
        char **copy = NULL;

        for (; l && *l; l++)
                if (strv_extend(&copy, *l) < 0) {
                        strv_free(copy);
                        return -ENOMEM;
                }
        *ret = copy;
        return 0;
}

void strbuf_append(StrBuf *t, const char *s, size_t n) {
        if (t->oom)
                return;
        if (t->size + n + 1 > t->allocated) {
                size_t want = MAX(t->allocated * 2, t->size + n + 1);
                char *d = realloc(t->data, MAX(want, (size_t) 64));

                if (!d) {
                        t->oom = true;
                        return;
                }
                t->data = d;
                t->allocated = MAX(want, (size_t) 64);
        }
        memcpy(t->data + t->size, s, n);
        t->size += n;
        t->data[t->size] = '\0';
}

void strbuf_appendf(StrBuf *t, const char *format, ...) {
        _cleanup_(freep) char *s = NULL;
        va_list ap;

        va_start(ap, format);
        s = strdup_vprintf(format, ap);
        va_end(ap);
        if (!s) {
                t->oom = true;
                return;
        }
        strbuf_append(t, s, strlen(s));
}

int strbuf_finish(StrBuf *t, char **ret, size_t *ret_size) {
        if (!t->oom && !t->data)
                t->data = strdup("");
        if (t->oom || !t->data) {
                strbuf_done(t);
                return -ENOMEM;
        }
        *ret = t->data;
        if (ret_size)
                *ret_size = t->size;
        *t = (StrBuf) {};
        return 0;
}

void strbuf_done(StrBuf *t) {
        free(t->data);
        *t = (StrBuf) {};
}
