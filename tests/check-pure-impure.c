/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a pure part must not do, for check-pure.sh's own test: it has to catch both calls. */
#include <stdio.h>
#include <time.h>

long check_pure_impure(void);
long check_pure_impure(void) {
        struct timespec ts;
        FILE *f;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        f = fopen("/dev/null", "re");
        if (f)
                fclose(f);
        return (long) ts.tv_sec;
}
