/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <stdarg.h>

#include "util/log.h"

static int max_level = LOG_INFO;
static log_sink_t sink;
static void *sink_userdata;

void log_set_max_level(int level) {
        max_level = level;
}

void log_set_sink(log_sink_t s, void *userdata) {
        sink = s;
        sink_userdata = userdata;
}

static bool stderr_is_journal(void) {
        static int cached = -1;

        /* systemd sets JOURNAL_STREAM to the device:inode of the stream it connected. */
        if (cached < 0)
                cached = getenv("JOURNAL_STREAM") != NULL;
        return cached;
}

int log_full_errno(int level, int error, const char *format, ...) {
        char buf[2048];
        va_list ap;

        error = error < 0 ? -error : error;
        if (level > max_level && !sink)
                return -error;

        /* Let %m print the passed error, not whatever errno happens to be. */
        errno = error;
        va_start(ap, format);
        vsnprintf(buf, sizeof(buf), format, ap);
        va_end(ap);

        if (sink)
                sink(level, buf, sink_userdata);
        else if (stderr_is_journal())
                fprintf(stderr, "<%d>%s\n", level, buf);
        else
                fprintf(stderr, "%s: %s\n", program_invocation_short_name, buf);
        return -error;
}
