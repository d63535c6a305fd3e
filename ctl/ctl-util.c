/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <limits.h>
#include <stdarg.h>
#include <wchar.h>
#include <wctype.h>

#include "ctl-output.h"
#include "ctl-util.h"

/* Every message starts with a capital letter, as limberd's do (one style; translations
 * included): the first letter is raised unless the message starts with a program's name
 * ("limberd is not running"), an option or a quoted value, which keep their spelling. */
static void capitalize(char *buf, size_t size) {
        char up[MB_LEN_MAX];
        mbstate_t st = {};
        wchar_t c;
        size_t n, m;

        if (strncmp(buf, "limber", 6) == 0)
                return;
        n = mbrtowc(&c, buf, strlen(buf), &st);
        if (n == 0 || n > MB_LEN_MAX || !iswlower((wint_t) c))
                return;
        memset(&st, 0, sizeof(st));
        m = wcrtomb(up, (wchar_t) towupper((wint_t) c), &st);
        if (m == (size_t) -1 || strlen(buf) - n + m >= size)
                return;
        memmove(buf + m, buf + n, strlen(buf + n) + 1);
        memcpy(buf, up, m);
}

static int ctl_verror(int error, const char *format, va_list ap) _printf_(2, 0);
static int ctl_verror(int error, const char *format, va_list ap) {
        char buf[2048];

        error = error < 0 ? -error : error;
        errno = error;          /* for %m */
        vsnprintf(buf, sizeof(buf), format, ap);
        capitalize(buf, sizeof(buf));
        if (isatty(STDERR_FILENO)) {
                /* On a terminal, wrapped between words, under the message's start. */
                _cleanup_(freep) char *line = strdup_printf("limberctl: %s\n", buf);

                if (line) {
                        text_write_wrapped(stderr, line, terminal_columns(STDERR_FILENO), strlen("limberctl: "));
                        return error ? -error : -EIO;
                }
        }
        fprintf(stderr, "limberctl: %s\n", buf);
        return error ? -error : -EIO;
}

int ctl_error(int error, const char *format, ...) {
        va_list ap;
        int r;

        va_start(ap, format);
        r = ctl_verror(error, format, ap);
        va_end(ap);
        return r;
}

int usage_error(const char *format, ...) {
        va_list ap;

        va_start(ap, format);
        (void) ctl_verror(EINVAL, format, ap);
        va_end(ap);
        return -EINVAL;
}

int exit_status_from_result(int r) {
        if (r >= 0)
                return 0;
        if (r == -EINVAL)
                return CTL_EXIT_USAGE;
        if (r == -EHOSTDOWN)
                return CTL_EXIT_NO_DAEMON;
        return CTL_EXIT_FAILURE;
}

void *grow_array(void *array, size_t *n, size_t size) {
        uint8_t *old, *grown;

        /* array points to a pointer of some other type: copy it rather than alias it. */
        memcpy(&old, array, sizeof(old));
        /* Capacity doubles whenever the count reaches a power of two: linear in all, not n². */
        if ((*n & (*n - 1)) == 0) {
                grown = reallocarray(old, *n == 0 ? 1 : 2 * *n, size);
                if (!grown)
                        return NULL;
                memcpy(array, &grown, sizeof(grown));
        } else
                grown = old;
        memset(grown + *n * size, 0, size);
        return grown + (*n)++ * size;
}
