/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Idle inhibitors taken from logind (systemd-inhibit --what=idle, browsers playing a video,
 * call and presentation apps): the manager's "BlockInhibited" is the colon-separated list of
 * what is blocked, e.g. "idle:sleep". logind declares it emits-change and sends
 * PropertiesChanged with the new value when an inhibitor starts or stops (systemd 243 and
 * later at least; Debian 12 has 252). It is system-wide: another user's idle inhibitor counts
 * too. */
#include "busy/busy-watch.h"
#include "session/logind.h"

static int parse_block_inhibited(sd_bus_message *m, bool *ret_busy) {
        const char *what;
        int r;

        r = busy_read_basic(m, 's', &what);
        if (r < 0)
                return r;
        *ret_busy = busy_list_contains(what, ':', "idle");
        return 0;
}

const BusyWatchSpec busy_watch_logind = {
        .source = BUSY_SOURCE_LOGIND,
        .label = "logind inhibitors",
        .system_bus = true,
        .name = LOGIND_NAME,
        .path = LOGIND_PATH,
        .interface = LOGIND_MANAGER_INTERFACE,
        .property = "BlockInhibited",
        .signature = "s",
        .parse = parse_block_inhibited,
};
