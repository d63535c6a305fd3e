/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "session/bus-util.h"
#include "util/log.h"

#define DBUS_NAME "org.freedesktop.DBus"

int bus_match_name_owner_async(sd_bus *bus, sd_bus_slot **ret_slot, const char *name,
                               sd_bus_message_handler_t callback, void *userdata) {
        _cleanup_(freep) char *match = NULL;

        if (asprintf(&match,
                     "type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
                     "interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='%s'", name) < 0)
                return -ENOMEM;
        return sd_bus_add_match_async(bus, ret_slot, match, callback, NULL, userdata);
}

int bus_read_name_owner_changed(sd_bus_message *m, const char *name, const char **ret_new_owner) {
        const char *n, *old_owner, *new_owner;

        if (!streq_ptr(sd_bus_message_get_sender(m), DBUS_NAME))
                return 0;
        if (sd_bus_message_read(m, "sss", &n, &old_owner, &new_owner) < 0 || !streq(n, name))
                return 0;
        *ret_new_owner = new_owner;
        return 1;
}

int bus_properties_changed_find(sd_bus_message *m, const char *interface, const char *property) {
        _cleanup_(strv_freep) char **invalidated = NULL;
        const char *i;
        int r;

        r = sd_bus_message_read(m, "s", &i);
        if (r < 0)
                return r;
        if (!streq(i, interface))
                return BUS_PROPERTY_ABSENT;

        r = sd_bus_message_enter_container(m, 'a', "{sv}");
        if (r < 0)
                return r;
        while ((r = sd_bus_message_enter_container(m, 'e', "sv")) > 0) {
                const char *name;

                r = sd_bus_message_read(m, "s", &name);
                if (r < 0)
                        return r;
                if (streq(name, property))
                        return BUS_PROPERTY_VALUE;
                r = sd_bus_message_skip(m, "v");
                if (r < 0)
                        return r;
                r = sd_bus_message_exit_container(m);
                if (r < 0)
                        return r;
        }
        if (r < 0)
                return r;
        r = sd_bus_message_exit_container(m);
        if (r < 0)
                return r;

        /* Some programs (mako, at times logind) only say that the property changed. */
        r = sd_bus_message_read_strv(m, &invalidated);
        if (r < 0)
                return r;
        return strv_contains(invalidated, property) ? BUS_PROPERTY_INVALIDATED : BUS_PROPERTY_ABSENT;
}

static int owner_set(BusOwner *o, const char *unique) {
        char *u = NULL;

        if (!isempty(unique)) {
                u = strdup(unique);
                if (!u)
                        return -ENOMEM;
        }
        free(o->unique);
        o->unique = u;
        return 0;
}

static int on_owner_changed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        BusOwner *o = userdata;
        const char *new_owner;

        if (bus_read_name_owner_changed(m, o->name, &new_owner) <= 0)
                return 0;
        /* A change is newer than any answer still on its way. */
        o->call_slot = sd_bus_slot_unref(o->call_slot);
        if (owner_set(o, new_owner) < 0)
                log_oom();
        return 0;
}

static int on_get_name_owner(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        BusOwner *o = userdata;
        const char *unique;

        o->call_slot = sd_bus_slot_unref(o->call_slot);
        if (sd_bus_message_is_method_error(m, NULL) || sd_bus_message_read(m, "s", &unique) < 0)
                return 0;       /* no owner (yet) */
        if (owner_set(o, unique) < 0)
                log_oom();
        return 0;
}

int bus_owner_watch(sd_bus *bus, BusOwner *o, const char *name) {
        int r;

        bus_owner_done(o);
        o->name = strdup(name);
        if (!o->name)
                return -ENOMEM;
        r = bus_match_name_owner_async(bus, &o->match_slot, name, on_owner_changed, o);
        if (r < 0)
                return r;
        /* Sent before any call to the name's owner, so answered before the owner's signals. */
        return sd_bus_call_method_async(bus, &o->call_slot, DBUS_NAME, "/org/freedesktop/DBus", DBUS_NAME,
                                        "GetNameOwner", on_get_name_owner, o, "s", name);
}

void bus_owner_done(BusOwner *o) {
        o->match_slot = sd_bus_slot_unref(o->match_slot);
        o->call_slot = sd_bus_slot_unref(o->call_slot);
        free(o->name);
        free(o->unique);
        *o = (BusOwner) {};
}

bool bus_owner_sent(const BusOwner *o, sd_bus_message *m) {
        const char *sender = sd_bus_message_get_sender(m);

        if (o->unique && streq_ptr(sender, o->unique))
                return true;
        log_debug("Signal %s.%s from %s, not from the owner of %s (%s), ignoring",
                  (sd_bus_message_get_interface(m) ?: "?"), (sd_bus_message_get_member(m) ?: "?"),
                  (sender ?: "?"), (o->name ?: "?"), (o->unique ?: "?"));
        return false;
}
