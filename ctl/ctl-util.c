/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <wctype.h>

#include "ctl-output.h"
#include "ctl-util.h"

/* Every message starts with a capital letter, as limberd's do (one style; translations
 * included): the first letter is raised unless the message starts with a program's name
 * ("limberd is not running"), an option or a quoted value, which keep their spelling. */
static void capitalize(char *buf, size_t size) {
        unsigned char *b = (unsigned char *) buf;
        size_t n, m, len = strlen(buf);
        wint_t c, up;
        char out[4];

        if (strncmp(buf, "limber", 6) == 0)
                return;
        /* The text is UTF-8 whatever the locale's character set (limberctl converts what it
         * prints): decoded here, not with mbrtowc(), which reads the locale's charset. Two
         * bytes cover Latin, Greek and Cyrillic letters; anything longer keeps its case. */
        if (b[0] < 0x80)
                c = b[0], n = 1;
        else if ((b[0] & 0xE0) == 0xC0 && (b[1] & 0xC0) == 0x80)
                c = ((wint_t) (b[0] & 0x1F) << 6) | (b[1] & 0x3F), n = 2;
        else
                return;
        if (!iswlower(c) || (up = towupper(c)) == c || up >= 0x800)
                return;
        if (up < 0x80)
                out[0] = (char) up, m = 1;
        else {
                out[0] = (char) (0xC0 | (up >> 6));
                out[1] = (char) (0x80 | (up & 0x3F));
                m = 2;
        }
        if (len - n + m >= size)
                return;
        memmove(buf + m, buf + n, len - n + 1);
        memcpy(buf, out, m);
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
