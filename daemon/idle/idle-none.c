/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "none": no idle detection. The user counts as active whenever the session is unlocked and
 * awake (lock and suspend still arrive from logind). */
#include "idle/idle-source.h"

static int none_probe(sd_bus *user_bus, sd_bus *system_bus, const char **ret_reason) {
        *ret_reason = "asked for";
        return 1;
}

static int none_start(IdleSource *s) {
        return 0;
}

static void none_stop(IdleSource *s) {
}

const IdleSourceVTable idle_source_none = {
        .kind = IDLE_KIND_NONE,
        .size = sizeof(IdleSource),
        .probe = none_probe,
        .start = none_start,
        .stop = none_stop,
};
