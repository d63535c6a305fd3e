/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A tiny test harness: CHECK() records a failure with its line and goes on, so one run shows
 * every broken expectation; main() returns tap_finish(). */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static unsigned tap_failures, tap_checks;

#define CHECK(expr)                                                                      \
        do {                                                                             \
                tap_checks++;                                                            \
                if (!(expr)) {                                                           \
                        tap_failures++;                                                  \
                        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #expr); \
                }                                                                        \
        } while (0)

#define CHECK_STREQ(a, b)                                                                \
        do {                                                                             \
                const char *_a = (a), *_b = (b);                                         \
                tap_checks++;                                                            \
                if (!_a || !_b || strcmp(_a, _b) != 0) {                                 \
                        tap_failures++;                                                  \
                        fprintf(stderr, "%s:%d: \"%s\" != \"%s\" (%s vs %s)\n", __FILE__, __LINE__, \
                                _a ? _a : "(null)", _b ? _b : "(null)", #a, #b);         \
                }                                                                        \
        } while (0)

#define CHECK_EQ(a, b)                                                                   \
        do {                                                                             \
                long long _a = (long long) (a), _b = (long long) (b);                    \
                tap_checks++;                                                            \
                if (_a != _b) {                                                          \
                        tap_failures++;                                                  \
                        fprintf(stderr, "%s:%d: %lld != %lld (%s vs %s)\n", __FILE__, __LINE__, \
                                _a, _b, #a, #b);                                         \
                }                                                                        \
        } while (0)

static inline int tap_finish(const char *name) {
        printf("%s: %u checks, %u failed\n", name, tap_checks, tap_failures);
        return tap_failures ? 1 : 0;
}
