/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "session/bus-util.h"

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
