/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "session/bus-util.h"
#include "session/logind.h"
#include "util/log.h"

struct Logind {
        sd_bus *bus;
        char *session_path;
        sd_bus_slot *session_slot;
        sd_bus_slot *sleep_slot;
        BusOwner owner;                 /* signals count only from logind itself */
        logind_locked_t locked_cb;
        logind_sleep_t sleep_cb;
        void *userdata;
        bool locked;
};

int logind_get_session(sd_bus *bus, char **ret_path) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        const char *path;
        char *p;
        int r;

        r = sd_bus_call_method(bus, LOGIND_NAME, LOGIND_PATH, LOGIND_MANAGER_INTERFACE, "GetSession",
                               &error, &reply, "s", "auto");
        if (r < 0) {
                log_debug("logind: GetSession(\"auto\") failed: %s", error.message ?: strerror(-r));
                return r;
        }
        r = sd_bus_message_read(reply, "o", &path);
        if (r < 0)
                return r;
        p = strdup(path);
        if (!p)
                return -ENOMEM;
        *ret_path = p;
        return 0;
}

int logind_get_session_bool(sd_bus *bus, const char *path, const char *property, bool *ret) {
        int b = 0, r;

        r = sd_bus_get_property_trivial(bus, LOGIND_NAME, path, LOGIND_SESSION_INTERFACE, property, NULL, 'b', &b);
        if (r < 0)
                return r;
        *ret = b;
        return 0;
}

static void set_locked(Logind *l, bool locked) {
        if (l->locked == locked)
                return;
        l->locked = locked;
        log_info("Session %s", locked ? "locked" : "unlocked");
        l->locked_cb(l->userdata, locked);
}

static int on_session_properties(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        Logind *l = userdata;
        int locked = 0;
        bool b;

        if (!bus_owner_sent(&l->owner, m))
                return 0;

        switch (bus_properties_changed_find(m, LOGIND_SESSION_INTERFACE, "LockedHint")) {
        case BUS_PROPERTY_VALUE:
                if (sd_bus_message_read(m, "v", "b", &locked) >= 0)
                        set_locked(l, locked);
                break;
        case BUS_PROPERTY_INVALIDATED:
                if (logind_get_session_bool(l->bus, l->session_path, "LockedHint", &b) >= 0)
                        set_locked(l, b);
                break;
        default:
                break;
        }
        return 0;
}

static int on_prepare_for_sleep(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        Logind *l = userdata;
        int b;

        if (!bus_owner_sent(&l->owner, m) || sd_bus_message_read(m, "b", &b) < 0)
                return 0;
        log_info("System %s", b ? "going to sleep" : "woke up");
        l->sleep_cb(l->userdata, b);
        return 0;
}

int logind_new(sd_bus *bus, logind_locked_t locked_cb, logind_sleep_t sleep_cb, void *userdata, Logind **ret) {
        Logind *l;
        bool locked = false;
        int r;

        l = calloc(1, sizeof(Logind));
        if (!l)
                return -ENOMEM;
        *l = (Logind) {
                .bus = sd_bus_ref(bus),
                .locked_cb = locked_cb,
                .sleep_cb = sleep_cb,
                .userdata = userdata,
        };
        *ret = l;

        if (!bus) {
                log_warning("No system bus: screen lock and suspend are not noticed");
                return 0;
        }

        r = bus_owner_watch(bus, &l->owner, LOGIND_NAME);
        if (r < 0)
                log_warning_errno(r, "Cannot follow who owns %s: %m, ignoring its signals", LOGIND_NAME);
        r = sd_bus_match_signal_async(bus, &l->sleep_slot, LOGIND_NAME, LOGIND_PATH, LOGIND_MANAGER_INTERFACE,
                                      "PrepareForSleep", on_prepare_for_sleep, NULL, l);
        if (r < 0)
                log_warning_errno(r, "Cannot watch for suspend: %m, ignoring");

        r = logind_get_session(bus, &l->session_path);
        if (r < 0) {
                log_warning("logind has no session for us: the screen lock is not noticed");
                return 0;
        }
        r = sd_bus_match_signal_async(bus, &l->session_slot, LOGIND_NAME, l->session_path,
                                      "org.freedesktop.DBus.Properties", "PropertiesChanged",
                                      on_session_properties, NULL, l);
        if (r < 0)
                log_warning_errno(r, "Cannot watch the session's lock: %m, ignoring");

        if (logind_get_session_bool(bus, l->session_path, "LockedHint", &locked) >= 0 && locked)
                set_locked(l, true);
        return 0;
}

Logind *logind_free(Logind *l) {
        if (!l)
                return NULL;
        sd_bus_slot_unref(l->session_slot);
        sd_bus_slot_unref(l->sleep_slot);
        bus_owner_done(&l->owner);
        sd_bus_unref(l->bus);
        free(l->session_path);
        free(l);
        return NULL;
}
