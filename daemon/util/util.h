/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Small helpers shared by every part of limber: cleanup attributes, time units. */

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef uint64_t usec_t;

#define USEC_INFINITY ((usec_t) UINT64_MAX)
#define USEC_PER_SEC  ((usec_t) 1000000ULL)
#define USEC_PER_MSEC ((usec_t) 1000ULL)
#define USEC_PER_MINUTE (60ULL * USEC_PER_SEC)
#define USEC_PER_HOUR (60ULL * USEC_PER_MINUTE)
#define USEC_PER_DAY  (24ULL * USEC_PER_HOUR)

#define _cleanup_(f) __attribute__((cleanup(f)))
#define _printf_(a, b) __attribute__((format(printf, a, b)))

#define ELEMENTSOF(x) (sizeof(x) / sizeof((x)[0]))
#ifndef MIN
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#endif
#ifndef MAX
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#endif

static inline void freep(void *p) {
        free(*(void **) p);
}

static inline void fclosep(FILE **f) {
        if (*f)
                fclose(*f);
}

static inline void closep(int *fd) {
        if (*fd >= 0)
                close(*fd);
}

static inline void strv_free(char **l) {
        if (!l)
                return;
        for (char **i = l; *i; i++)
                free(*i);
        free(l);
}

static inline void strv_freep(char ***l) {
        strv_free(*l);
}

static inline bool streq(const char *a, const char *b) {
        return strcmp(a, b) == 0;
}

static inline bool streq_ptr(const char *a, const char *b) {
        if (!a || !b)
                return a == b;
        return streq(a, b);
}

static inline bool isempty(const char *s) {
        return !s || s[0] == '\0';
}

static inline const char *strempty(const char *s) {
        return s ?: "";
}

/* Saturating addition: time arithmetic never wraps, it sticks at USEC_INFINITY. */
static inline usec_t usec_add(usec_t a, usec_t b) {
        return a > USEC_INFINITY - b ? USEC_INFINITY : a + b;
}

static inline usec_t usec_sub(usec_t a, usec_t b) {
        return a > b ? a - b : 0;
}

/* Takes ownership: returns the pointer stored in *p and sets *p to NULL. */
/* The one clock reader: clock now, in microseconds. A clock that cannot be read is a bug (a
 * bad clockid), not a condition to handle: it aborts. */
usec_t now_usec(clockid_t clock);
/* The wall clock: for timestamps a person reads, and what the history stores. */
static inline usec_t now_realtime(void) {
        return now_usec(CLOCK_REALTIME);
}
/* Keeps counting during suspend and is never set, so a night asleep is a long idle. */
static inline usec_t now_boottime(void) {
        return now_usec(CLOCK_BOOTTIME);
}
/* Stops during suspend; for timeouts, and logind's IdleSinceHintMonotonic. */
static inline usec_t now_monotonic(void) {
        return now_usec(CLOCK_MONOTONIC);
}

/* The one boolean rule of every file limber reads (limber.ini, exercises.ini, exercises.d):
 * "1", "yes", "true", "on" and "0", "no", "false", "off", in any case. Returns 1, 0 or
 * -EINVAL. */
int parse_boolean(const char *s);

#define TAKE_PTR(p) ({ __typeof__(p) _p = (p); (p) = NULL; _p; })
/* The same for a file descriptor: returns fd and sets it to -1. */
#define TAKE_FD(fd) ({ int _fd = (fd); (fd) = -1; _fd; })

/* Stores a malloc'd message in *ret_error (if ret_error is not NULL) and returns r, so a
 * parser can write: return error_setf(ret_error, -EINVAL, "\"%s\" is …", text). */
int error_setf(char **ret_error, int r, const char *fmt, ...) _printf_(3, 4);

/* Whether the n bytes at s are strict UTF-8 (no overlong forms, no surrogates, nothing above
 * U+10FFFF). */
bool utf8_valid(const char *s, size_t n);
/* A copy of s with each byte that is not part of valid UTF-8 replaced by U+FFFD, for texts
 * that must be UTF-8 (D-Bus strings) but quote what a file or path holds; NULL without
 * memory. */
char *utf8_sanitize(const char *s);

size_t strv_length(char * const *l);
/* Appends a copy of s; returns 0 or -ENOMEM. */
int strv_extend(char ***l, const char *s);
/* A copy of l (NULL for an empty or NULL l); -ENOMEM. */
int strv_copy(char * const *l, char ***ret);
bool strv_contains(char * const *l, const char *s);
bool strv_equal(char * const *a, char * const *b);
/* Appends a formatted string to *l. Returns 0 or -ENOMEM. */
/* vasprintf() that returns the string, or NULL when out of memory. */
char *strdup_vprintf(const char *format, va_list ap) _printf_(1, 0);
int strv_extendf(char ***l, const char *format, ...) _printf_(2, 3);
/* Runs a printf-like formatter into a malloc'd string. NULL on OOM. */
char *strdup_printf(const char *format, ...) _printf_(1, 2);       /* NULL equals the empty list */
/* The strings of l with separator between them (malloc'd; "" for an empty list), or NULL. */
char *strv_join(char * const *l, const char *separator);

/* A string built piece by piece in memory, as open_memstream() builds one but with no FILE,
 * so that the pure parts are seen to do no I/O. Zero it to start; an allocation that fails
 * is remembered and reported by strbuf_finish(). */
typedef struct StrBuf {
        char *data;             /* NUL-terminated once anything was added */
        size_t size, allocated;
        bool oom;
} StrBuf;

void strbuf_append(StrBuf *t, const char *s, size_t n);
static inline void strbuf_puts(StrBuf *t, const char *s) {
        strbuf_append(t, s, strlen(s));
}
static inline void strbuf_putc(StrBuf *t, char c) {
        strbuf_append(t, &c, 1);
}
void strbuf_appendf(StrBuf *t, const char *format, ...) _printf_(2, 3);
/* Hands the text over: 0 with *ret (malloc'd, "" when nothing was added) and *ret_size (may
 * be NULL), or -ENOMEM. t is emptied either way. */
int strbuf_finish(StrBuf *t, char **ret, size_t *ret_size);
void strbuf_done(StrBuf *t);
