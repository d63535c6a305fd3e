/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <iconv.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ctl-charset.h"
#include "util/util.h"

typedef struct Converter {
        FILE *out;
        iconv_t cd;
        char pending[8];                /* the start of a character cut by the last write */
        size_t n_pending;
} Converter;

bool charset_is_utf8(void) {
        const char *codeset = nl_langinfo(CODESET);

        return !codeset || strcasecmp(codeset, "UTF-8") == 0 || strcasecmp(codeset, "utf8") == 0;
}

static iconv_t converter_open(void) {
        char to[64];

        snprintf(to, sizeof(to), "%s//TRANSLIT", nl_langinfo(CODESET));
        return iconv_open(to, "UTF-8");
}

/* Converts size bytes of in through cd, appending to out (a memstream). A sequence that is not
 * UTF-8 or has no stand-in becomes "?"; an incomplete one at the end is left in *rest. */
static void convert(iconv_t cd, char *in, size_t size, FILE *out, size_t *rest) {
        char buf[1024];

        while (size > 0) {
                char *o = buf;
                size_t left = sizeof(buf);
                size_t k = iconv(cd, &in, &size, &o, &left);

                fwrite(buf, 1, (size_t) (o - buf), out);
                if (k != (size_t) -1)
                        continue;
                if (errno == E2BIG)
                        continue;
                if (errno == EINVAL && size < 8)
                        break;          /* a character cut in two: wait for its end */
                fputc('?', out);        /* EILSEQ: not UTF-8, or nothing like it in the charset */
                in++;
                size--;
        }
        *rest = size;
}

static ssize_t converter_write(void *cookie, const char *data, size_t size) {
        Converter *c = cookie;
        _cleanup_(freep) char *in = malloc(c->n_pending + size);
        size_t n = c->n_pending + size, rest = 0;

        if (!in)
                return -1;
        memcpy(in, c->pending, c->n_pending);
        memcpy(in + c->n_pending, data, size);
        convert(c->cd, in, n, c->out, &rest);
        memcpy(c->pending, in + n - rest, rest);
        c->n_pending = rest;
        if (fflush(c->out) != 0)
                return -1;
        return (ssize_t) size;
}

static int converter_close(void *cookie) {
        Converter *c = cookie;

        if (c->n_pending > 0)
                fputc('?', c->out);
        iconv_close(c->cd);
        free(c);
        return 0;
}

int charset_convert_stream(FILE **stream) {
        static const cookie_io_functions_t io = { .write = converter_write, .close = converter_close };
        Converter *c;
        FILE *f;

        if (charset_is_utf8())
                return 0;
        c = calloc(1, sizeof(Converter));
        if (!c)
                return -ENOMEM;
        c->out = *stream;
        c->cd = converter_open();
        if (c->cd == (iconv_t) -1) {
                free(c);
                return -errno;
        }
        f = fopencookie(c, "w", io);
        if (!f) {
                iconv_close(c->cd);
                free(c);
                return -errno;
        }
        /* Line by line, as a terminal shows it; stderr at once. */
        (void) setvbuf(f, NULL, *stream == stderr ? _IONBF : _IOLBF, 0);
        *stream = f;
        return 0;
}
