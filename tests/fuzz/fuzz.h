/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What every fuzz target shares. A target is one LLVMFuzzerTestOneInput() that feeds its
 * input to one of limberd's real parsers and checks what must hold for any input (round
 * trips, error texts that name the file). A broken invariant is fuzz_fail(), an abort, so
 * libFuzzer keeps the input and the replay test (fuzz-replay.c) fails on it too.
 *
 * File parsers read a path: the input is written to a memfd and read back through
 * /proc/self/fd/N, so nothing touches the disk. Logging is silenced: a parser that warns on
 * every line would spend the fuzzer's time in stderr. */

#include <fcntl.h>
#include <stdarg.h>
#include <sys/mman.h>

#include "util/log.h"
#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

_printf_(1, 2) __attribute__((noreturn))
static inline void fuzz_fail(const char *format, ...) {
        va_list ap;

        va_start(ap, format);
        fputs("fuzz invariant broken: ", stderr);
        vfprintf(stderr, format, ap);
        fputc('\n', stderr);
        va_end(ap);
        abort();
}

static inline void fuzz_log_sink(int level, const char *message, void *userdata) {
}

/* Silences logging, once. */
static inline void fuzz_setup(void) {
        static bool done;

        if (done)
                return;
        log_set_sink(fuzz_log_sink, NULL);
        done = true;
}

/* A NUL-terminated, malloc'd copy of the input (aborts on OOM: nothing to test then). */
static inline char *fuzz_string(const uint8_t *data, size_t size) {
        char *s = malloc(size + 1);

        if (!s)
                abort();
        memcpy(s, data, size);
        s[size] = '\0';
        return s;
}

static inline const char *fuzz_tmpdir(void);

/* Puts the input in a file kept open for the whole run; *ret_path reads it. A real file, not
 * /proc/self/fd of a memfd: that is a symbolic link, which the state files' readers refuse. */
static inline void fuzz_file(const uint8_t *data, size_t size, const char **ret_path) {
        static char path[128];
        static int fd = -1;

        if (fd < 0) {
                snprintf(path, sizeof(path), "%s/input", fuzz_tmpdir());
                fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
                if (fd < 0)
                        fuzz_fail("%s: %s", path, strerror(errno));
        }
        if (ftruncate(fd, 0) < 0)
                fuzz_fail("ftruncate: %s", strerror(errno));
        for (size_t done = 0; done < size;) {
                ssize_t n = pwrite(fd, data + done, size - done, (off_t) done);

                if (n <= 0)
                        fuzz_fail("pwrite: %s", strerror(n < 0 ? errno : EIO));
                done += (size_t) n;
        }
        *ret_path = path;
}

/* Strict UTF-8, as D-Bus wants every string: no overlong forms, no surrogates. */
static inline bool fuzz_utf8_valid(const char *s) {
        const unsigned char *p = (const unsigned char *) s;

        while (*p) {
                unsigned len, cp;

                if (*p < 0x80) {
                        p++;
                        continue;
                } else if (*p >= 0xC2 && *p <= 0xDF)
                        len = 2, cp = *p & 0x1F;
                else if (*p >= 0xE0 && *p <= 0xEF)
                        len = 3, cp = *p & 0x0F;
                else if (*p >= 0xF0 && *p <= 0xF4)
                        len = 4, cp = *p & 0x07;
                else
                        return false;
                for (unsigned i = 1; i < len; i++) {
                        if ((p[i] & 0xC0) != 0x80)
                                return false;
                        cp = cp << 6 | (p[i] & 0x3F);
                }
                if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
                    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
                        return false;
                p += len;
        }
        return true;
}

static char fuzz_tmpdir_path[64];

static inline void fuzz_tmpdir_remove(void) {
        (void) rmdir(fuzz_tmpdir_path);
}

/* A private, empty folder for targets that must write files (an atomic rewrite needs a real
 * folder for its rename()). The target removes what it writes; the folder goes at exit. */
static inline const char *fuzz_tmpdir(void) {
        if (fuzz_tmpdir_path[0] == '\0') {
                const char *base = getenv("TMPDIR");

                /* fsync() is free on tmpfs, and the parsers fsync every write. */
                if (!base || base[0] != '/' || strlen(base) >= 32)
                        base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
                snprintf(fuzz_tmpdir_path, sizeof(fuzz_tmpdir_path), "%s/limber-fuzz-XXXXXX", base);
                if (!mkdtemp(fuzz_tmpdir_path))
                        fuzz_fail("mkdtemp: %s", strerror(errno));
                atexit(fuzz_tmpdir_remove);
        }
        return fuzz_tmpdir_path;
}
