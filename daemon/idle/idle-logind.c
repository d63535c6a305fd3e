/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "logind": the session's IdleHint, which the desktop (or a screen saver) sets. It arrives as
 * a PropertiesChanged signal; IdleSinceHintMonotonic says when idleness began. */
#include "idle/idle-source.h"
#include "session/bus-util.h"
#include "session/logind.h"
#include "util/log.h"

typedef struct LogindIdle {
        IdleSource base;
        char *session_path;
        sd_bus_slot *slot;
        BusOwner owner;                 /* PropertiesChanged counts only from logind itself */
} LogindIdle;

static int logind_probe(sd_bus *user_bus, sd_bus *system_bus, const char **ret_reason) {
        _cleanup_(freep) char *path = NULL;

        if (!system_bus) {
                *ret_reason = "no system bus";
                return 0;
        }
        if (logind_get_session(system_bus, &path) < 0) {
                *ret_reason = "logind has no session for us";
                return 0;
        }
        *ret_reason = "the session's IdleHint from logind";
        return 1;
}

/* IdleSinceHintMonotonic is CLOCK_MONOTONIC; our clock is CLOCK_BOOTTIME. Both count from
 * boot and differ by the time spent suspended, which we account for here. */
static usec_t idle_since(LogindIdle *l) {
        uint64_t since_mono = 0;

        if (sd_bus_get_property_trivial(l->base.system_bus, LOGIND_NAME, l->session_path, LOGIND_SESSION_INTERFACE,
                                        "IdleSinceHintMonotonic", NULL, 't', &since_mono) < 0 || since_mono == 0)
                return now_boottime();
        return usec_sub(now_boottime(), usec_sub(now_monotonic(), since_mono));
}

static void update(LogindIdle *l) {
        bool idle;

        if (logind_get_session_bool(l->base.system_bus, l->session_path, "IdleHint", &idle) < 0)
                return;
        idle_source_report(&l->base, idle, idle ? idle_since(l) : 0);
}

static int on_properties_changed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        LogindIdle *l = userdata;

        /* Re-read rather than parse: IdleHint changes seldom, and logind may send only the
         * name of the changed property. */
        if (bus_owner_sent(&l->owner, m))
                update(l);
        return 0;
}

static int logind_start(IdleSource *s) {
        LogindIdle *l = (LogindIdle *) s;
        int r;

        if (!s->system_bus)
                return -ENXIO;
        r = logind_get_session(s->system_bus, &l->session_path);
        if (r < 0)
                return r;
        r = bus_owner_watch(s->system_bus, &l->owner, LOGIND_NAME);
        if (r < 0)
                return r;
        r = sd_bus_match_signal_async(s->system_bus, &l->slot, LOGIND_NAME, l->session_path,
                                      "org.freedesktop.DBus.Properties", "PropertiesChanged",
                                      on_properties_changed, NULL, l);
        if (r < 0)
                return r;
        update(l);
        return 0;
}

static void logind_stop(IdleSource *s) {
        LogindIdle *l = (LogindIdle *) s;

        l->slot = sd_bus_slot_unref(l->slot);
        bus_owner_done(&l->owner);
        free(l->session_path);
        l->session_path = NULL;
}

const IdleSourceVTable idle_source_logind = {
        .kind = IDLE_KIND_LOGIND,
        .size = sizeof(LogindIdle),
        .probe = logind_probe,
        .start = logind_start,
        .stop = logind_stop,
};
