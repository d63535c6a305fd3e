/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Two things every watcher of another program on the bus does: follow who owns its name
 * (NameOwnerChanged), and read its PropertiesChanged signals. Used by session/, idle/, busy/
 * and tray/. */

#include <systemd/sd-bus.h>

#include "util/util.h"

/* Adds (asynchronously) a match for NameOwnerChanged of name alone. */
int bus_match_name_owner_async(sd_bus *bus, sd_bus_slot **ret_slot, const char *name,
                               sd_bus_message_handler_t callback, void *userdata);

/* Reads a NameOwnerChanged signal: 1 when it is about name (*ret_new_owner is then "" when
 * the name has no owner any more), 0 when it is about another name, cannot be read, or was
 * not sent by the bus itself (any peer can send a signal of that name straight to us). */
int bus_read_name_owner_changed(sd_bus_message *m, const char *name, const char **ret_new_owner);

typedef enum BusPropertyChange {
        BUS_PROPERTY_ABSENT,            /* the signal does not mention the property */
        BUS_PROPERTY_VALUE,             /* it carries the new value: m is at its variant */
        BUS_PROPERTY_INVALIDATED,       /* it only names it (read it with Get) */
} BusPropertyChange;

/* Looks for property of interface in a PropertiesChanged signal (sa{sv}as). Returns a
 * BusPropertyChange, or < 0 when the message is malformed. */
int bus_properties_changed_find(sd_bus_message *m, const char *interface, const char *property);

/* Who owns a well-known name now, so that a signal can be checked to come from it: a match on
 * sender='NAME' filters only what the bus broadcasts, and a peer can send any signal straight
 * to limberd (sd-bus then cannot tell a well-known sender from another). Kept current from
 * GetNameOwner and NameOwnerChanged, asynchronously. */
typedef struct BusOwner {
        char *name;
        char *unique;                   /* the owner's unique name, NULL while none is known */
        sd_bus_slot *match_slot;
        sd_bus_slot *call_slot;
} BusOwner;

int bus_owner_watch(sd_bus *bus, BusOwner *o, const char *name);
void bus_owner_done(BusOwner *o);
/* Whether m was sent by the name's owner; logs (debug) and returns false for another sender. */
bool bus_owner_sent(const BusOwner *o, sd_bus_message *m);
