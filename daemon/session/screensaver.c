/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "session/bus-util.h"
#include "session/screensaver.h"
#include "util/log.h"

typedef struct Service {
        ScreenSaver *parent;
        const char *name;
        const char *path;
        const char *interface;
        sd_bus_slot *signal_slot;
        sd_bus_slot *owner_slot;
        sd_bus_slot *get_slot;
        BusOwner owner;                 /* ActiveChanged counts only from the name's owner */
        bool active;
} Service;

struct ScreenSaver {
        sd_bus *bus;
        Service services[2];
        screensaver_locked_t locked_cb;
        void *userdata;
        bool locked;
};

static void screensaver_update(ScreenSaver *s) {
        bool locked = false;

        for (size_t i = 0; i < ELEMENTSOF(s->services); i++)
                locked = locked || s->services[i].active;
        if (locked == s->locked)
                return;
        s->locked = locked;
        log_info("Screen %s (screen saver)", locked ? "locked" : "unlocked");
        s->locked_cb(s->userdata, locked);
}

static void service_set_active(Service *v, bool active) {
        if (v->active != active)
                log_debug("%s: %s", v->name, active ? "active" : "inactive");
        v->active = active;
        screensaver_update(v->parent);
}

static int on_active_changed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        Service *v = userdata;
        int b;

        if (!bus_owner_sent(&v->owner, m) || sd_bus_message_read(m, "b", &b) < 0)
                return 0;
        service_set_active(v, b);
        return 0;
}

static int on_get_active(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        Service *v = userdata;
        const sd_bus_error *e = sd_bus_message_get_error(m);
        int b;

        v->get_slot = sd_bus_slot_unref(v->get_slot);
        /* Not every owner of the name has GetActive (GNOME's org.freedesktop.ScreenSaver only
         * proxies inhibitions); then only its signals count. */
        if (e) {
                log_debug("%s: GetActive failed: %s, ignoring", v->name, e->message ?: e->name);
                return 0;
        }
        if (sd_bus_message_read(m, "b", &b) >= 0)
                service_set_active(v, b);
        return 0;
}

static void service_ask(Service *v) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *call = NULL;
        sd_bus *bus = v->parent->bus;
        int r;

        v->get_slot = sd_bus_slot_unref(v->get_slot);
        r = sd_bus_message_new_method_call(bus, &call, v->name, v->path, v->interface, "GetActive");
        /* Asking must not start a screen saver that belongs to another desktop. */
        if (r >= 0)
                r = sd_bus_message_set_auto_start(call, false);
        if (r >= 0)
                r = sd_bus_call_async(bus, &v->get_slot, call, on_get_active, v, 0);
        if (r < 0)
                log_warning_errno(r, "%s: cannot ask GetActive: %m, ignoring", v->name);
}

static int on_owner_changed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        Service *v = userdata;
        const char *new_owner;

        if (bus_read_name_owner_changed(m, v->name, &new_owner) <= 0)
                return 0;
        if (isempty(new_owner))
                service_set_active(v, false);   /* gone: it no longer says anything is locked */
        else
                service_ask(v);
        return 0;
}

static int service_start(Service *v) {
        sd_bus *bus = v->parent->bus;
        int r;

        r = bus_owner_watch(bus, &v->owner, v->name);
        if (r < 0)
                return r;
        /* Any path: KDE emits on /ScreenSaver as well as on the standard one. */
        r = sd_bus_match_signal_async(bus, &v->signal_slot, v->name, NULL, v->interface, "ActiveChanged",
                                      on_active_changed, NULL, v);
        if (r < 0)
                return r;
        r = bus_match_name_owner_async(bus, &v->owner_slot, v->name, on_owner_changed, v);
        if (r < 0)
                return r;
        service_ask(v);
        return 0;
}

static void service_done(Service *v) {
        v->signal_slot = sd_bus_slot_unref(v->signal_slot);
        v->owner_slot = sd_bus_slot_unref(v->owner_slot);
        v->get_slot = sd_bus_slot_unref(v->get_slot);
        bus_owner_done(&v->owner);
}

int screensaver_new(sd_bus *bus, screensaver_locked_t locked, void *userdata, ScreenSaver **ret) {
        ScreenSaver *s;
        int r;

        s = calloc(1, sizeof(ScreenSaver));
        if (!s)
                return -ENOMEM;
        *s = (ScreenSaver) {
                .bus = sd_bus_ref(bus),
                .services = {
                        { .parent = s, .name = SCREENSAVER_GNOME_NAME, .path = SCREENSAVER_GNOME_PATH,
                          .interface = SCREENSAVER_GNOME_INTERFACE },
                        { .parent = s, .name = SCREENSAVER_FDO_NAME, .path = SCREENSAVER_FDO_PATH,
                          .interface = SCREENSAVER_FDO_INTERFACE },
                },
                .locked_cb = locked,
                .userdata = userdata,
        };
        for (size_t i = 0; i < ELEMENTSOF(s->services); i++) {
                r = service_start(&s->services[i]);
                if (r < 0) {
                        screensaver_free(s);
                        return r;
                }
        }
        *ret = s;
        return 0;
}

ScreenSaver *screensaver_free(ScreenSaver *s) {
        if (!s)
                return NULL;
        for (size_t i = 0; i < ELEMENTSOF(s->services); i++)
                service_done(&s->services[i]);
        sd_bus_unref(s->bus);
        free(s);
        return NULL;
}
