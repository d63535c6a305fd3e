/* SPDX-License-Identifier: GPL-3.0-or-later */
/* com.canonical.dbusmenu, version 3, as libdbusmenu defines it (see dbusmenu.h): GetLayout,
 * GetGroupProperties, GetProperty, Event, EventGroup, AboutToShow, AboutToShowGroup, the
 * LayoutUpdated and ItemsPropertiesUpdated signals and the Version, TextDirection, Status and
 * IconThemePath properties. The menu never changes when it is about to be shown (it is kept
 * current by menu_update()), so AboutToShow always answers that no update is needed. */
#include <inttypes.h>

#include "tray/dbusmenu.h"
#include "util/log.h"

#define DBUSMENU_INTERFACE "com.canonical.dbusmenu"
#define DBUSMENU_VERSION 3U
/* The most ids (or events) a group method takes: a panel names each item of a menu once, and
 * answers that repeat what a caller sent must stay far below the bus's 128 MiB message limit,
 * past which dbus-daemon drops limberd's connection. */
#define MENU_GROUP_MAX 1024U

struct Menu {
        sd_bus *bus;
        char *path;
        sd_bus_slot *slot;
        MenuItem *items;
        size_t n_items;
        uint32_t revision;              /* of the layout: bumped when items appear or disappear */
        menu_clicked_t clicked;
        void *userdata;
};

static bool id_valid(const Menu *m, int32_t id) {
        return id >= 0 && (size_t) id < m->n_items;
}

/* Whether the item is in the layout: it and all its parents are visible. */
static bool item_shown(const Menu *m, int id) {
        for (; id >= 0; id = m->items[id].parent)
                if (!m->items[id].visible)
                        return false;
        return true;
}

static bool wanted(char **names, const char *name) {
        return strv_length(names) == 0 || strv_contains(names, name);
}

static const char * const property_names[] = { "type", "label", "enabled", "visible", "children-display" };

/* Appends property name of item id as a variant to message; or, with message NULL, only says
 * whether the item has it. Returns 1 (has it), 0 (has not) or a negative errno. Properties at
 * their default (enabled, visible) are sent anyway: hosts differ in what they assume. */
static int property_value(const Menu *m, int id, const char *name, sd_bus_message *message) {
        const MenuItem *i = &m->items[id];
        int r;

        if (streq(name, "type") && i->separator)
                r = !message ? 0 : sd_bus_message_append(message, "v", "s", "separator");
        else if (streq(name, "label") && !i->separator && id != 0)
                r = !message ? 0 : sd_bus_message_append(message, "v", "s", i->label);
        else if (streq(name, "enabled") && id != 0)
                r = !message ? 0 : sd_bus_message_append(message, "v", "b", i->enabled);
        else if (streq(name, "visible"))
                r = !message ? 0 : sd_bus_message_append(message, "v", "b", item_shown(m, id));
        else if (streq(name, "children-display") && i->submenu)
                r = !message ? 0 : sd_bus_message_append(message, "v", "s", "submenu");
        else
                return 0;
        return r < 0 ? r : 1;
}

/* The a{sv} of item id, only the properties in names (all when names is empty). */
static int append_properties(sd_bus_message *reply, const Menu *m, int id, char **names) {
        int r;

        r = sd_bus_message_open_container(reply, 'a', "{sv}");
        for (size_t k = 0; r >= 0 && k < ELEMENTSOF(property_names); k++) {
                const char *name = property_names[k];

                if (!wanted(names, name) || property_value(m, id, name, NULL) <= 0)
                        continue;
                r = sd_bus_message_open_container(reply, 'e', "sv");
                if (r >= 0)
                        r = sd_bus_message_append(reply, "s", name);
                if (r >= 0)
                        r = property_value(m, id, name, reply);
                if (r >= 0)
                        r = sd_bus_message_close_container(reply);
        }
        if (r < 0)
                return r;
        return sd_bus_message_close_container(reply);
}

/* (ia{sv}): the id and the properties of item id, for GetGroupProperties and
 * ItemsPropertiesUpdated. */
static int append_item(sd_bus_message *message, const Menu *m, int id, char **names) {
        int r;

        r = sd_bus_message_open_container(message, 'r', "ia{sv}");
        if (r >= 0)
                r = sd_bus_message_append(message, "i", (int32_t) id);
        if (r >= 0)
                r = append_properties(message, m, id, names);
        if (r >= 0)
                r = sd_bus_message_close_container(message);
        return r;
}

/* (ia{sv}av): the item, and its shown children down to depth levels (-1: all). */
static int append_layout(sd_bus_message *reply, const Menu *m, int id, int depth, char **names) {
        int r;

        r = sd_bus_message_open_container(reply, 'r', "ia{sv}av");
        if (r < 0)
                return r;
        r = sd_bus_message_append(reply, "i", (int32_t) id);
        if (r >= 0)
                r = append_properties(reply, m, id, names);
        if (r >= 0)
                r = sd_bus_message_open_container(reply, 'a', "v");
        for (size_t c = 0; r >= 0 && depth != 0 && c < m->n_items; c++) {
                if (m->items[c].parent != id || !m->items[c].visible)
                        continue;
                r = sd_bus_message_open_container(reply, 'v', "(ia{sv}av)");
                if (r >= 0)
                        r = append_layout(reply, m, (int) c, depth < 0 ? depth : depth - 1, names);
                if (r >= 0)
                        r = sd_bus_message_close_container(reply);
        }
        if (r >= 0)
                r = sd_bus_message_close_container(reply);
        if (r < 0)
                return r;
        return sd_bus_message_close_container(reply);
}

static int no_such_item(sd_bus_error *error, int32_t id) {
        return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS, "The menu has no item %" PRIi32 ".", id);
}

static int too_many(sd_bus_error *error) {
        return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                 "The menu takes at most %u ids or events at once.", MENU_GROUP_MAX);
}

static int method_get_layout(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_(strv_freep) char **names = NULL;
        Menu *m = userdata;
        int32_t parent, depth;
        int r;

        r = sd_bus_message_read(message, "ii", &parent, &depth);
        if (r >= 0)
                r = sd_bus_message_read_strv(message, &names);
        if (r < 0)
                return r;
        if (!id_valid(m, parent) || !item_shown(m, parent))
                return no_such_item(error, parent);

        r = sd_bus_message_new_method_return(message, &reply);
        if (r >= 0)
                r = sd_bus_message_append(reply, "u", m->revision);
        if (r >= 0)
                r = append_layout(reply, m, parent, depth, names);
        if (r < 0)
                return r;
        return sd_bus_send(NULL, reply, NULL);
}

static int method_get_group_properties(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_(strv_freep) char **names = NULL;
        _cleanup_(freep) bool *seen = NULL;
        const int32_t *ids;
        size_t size, n;
        Menu *m = userdata;
        int r;

        r = sd_bus_message_read_array(message, 'i', (const void **) &ids, &size);
        if (r >= 0)
                r = sd_bus_message_read_strv(message, &names);
        if (r < 0)
                return r;
        n = size / sizeof(int32_t);
        if (n > MENU_GROUP_MAX)
                return too_many(error);
        seen = calloc(m->n_items, sizeof(bool));
        if (!seen)
                return -ENOMEM;

        r = sd_bus_message_new_method_return(message, &reply);
        if (r >= 0)
                r = sd_bus_message_open_container(reply, 'a', "(ia{sv})");
        /* Unknown ids are left out, as libdbusmenu does, and repeated ones answered once: the
         * reply holds each item at most once. No ids at all means every item. */
        for (size_t k = 0; r >= 0 && k < (n == 0 ? m->n_items : n); k++) {
                int32_t id = n == 0 ? (int32_t) k : ids[k];

                if (!id_valid(m, id) || seen[id])
                        continue;
                seen[id] = true;
                r = append_item(reply, m, id, names);
        }
        if (r >= 0)
                r = sd_bus_message_close_container(reply);
        if (r < 0)
                return r;
        return sd_bus_send(NULL, reply, NULL);
}

static int method_get_property(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        Menu *m = userdata;
        const char *name;
        int32_t id;
        int r;

        r = sd_bus_message_read(message, "is", &id, &name);
        if (r < 0)
                return r;
        if (!id_valid(m, id))
                return no_such_item(error, id);
        if (property_value(m, id, name, NULL) <= 0)
                return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                         "Menu item %" PRIi32 " has no property \"%s\".", id, name);
        r = sd_bus_message_new_method_return(message, &reply);
        if (r >= 0)
                r = property_value(m, id, name, reply);
        if (r < 0)
                return r;
        return sd_bus_send(NULL, reply, NULL);
}

/* One event; returns false for an unknown id. Only "clicked" does anything. */
static bool handle_event(Menu *m, int32_t id, const char *event) {
        if (!id_valid(m, id))
                return false;
        if (!streq(event, "clicked"))
                return true;
        if (!m->items[id].enabled || !item_shown(m, id) || m->items[id].submenu || m->items[id].separator) {
                log_debug("Menu item %" PRIi32 " clicked while it does not apply, ignoring", id);
                return true;
        }
        m->clicked(m->userdata, id);
        return true;
}

static int method_event(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        Menu *m = userdata;
        const char *event;
        int32_t id;
        int r;

        r = sd_bus_message_read(message, "is", &id, &event);
        if (r < 0)
                return r;
        /* The data and the timestamp say nothing limber needs. */
        if (!handle_event(m, id, event))
                return no_such_item(error, id);
        return sd_bus_reply_method_return(message, NULL);
}

static int method_event_group(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        Menu *m = userdata;
        int32_t *errors = NULL;
        size_t n = 0, n_events = 0;
        int r;

        r = sd_bus_message_new_method_return(message, &reply);
        if (r < 0)
                return r;
        r = sd_bus_message_enter_container(message, 'a', "(isvu)");
        if (r < 0)
                return r;
        /* The unknown ids, as the answer: collected first, each event handled as it is read. */
        while ((r = sd_bus_message_enter_container(message, 'r', "isvu")) > 0) {
                const char *event;
                int32_t id;

                r = sd_bus_message_read(message, "is", &id, &event);
                if (r >= 0)
                        r = sd_bus_message_skip(message, "vu");
                if (r >= 0)
                        r = sd_bus_message_exit_container(message);
                if (r < 0)
                        break;
                if (++n_events > MENU_GROUP_MAX) {
                        free(errors);
                        return too_many(error);
                }
                if (!handle_event(m, id, event)) {
                        int32_t *e = realloc(errors, (n + 1) * sizeof(int32_t));
                        if (!e) {
                                r = -ENOMEM;
                                break;
                        }
                        errors = e;
                        errors[n++] = id;
                }
        }
        if (r >= 0)
                r = sd_bus_message_exit_container(message);
        if (r >= 0 && n_events > 0 && n == n_events)
                r = sd_bus_error_set(error, SD_BUS_ERROR_INVALID_ARGS,
                                     "None of the menu's items were named.");
        if (r >= 0)
                r = sd_bus_message_append_array(reply, 'i', errors, n * sizeof(int32_t));
        free(errors);
        if (r < 0)
                return r;
        return sd_bus_send(NULL, reply, NULL);
}

static int method_about_to_show(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        Menu *m = userdata;
        int32_t id;
        int r;

        r = sd_bus_message_read(message, "i", &id);
        if (r < 0)
                return r;
        if (!id_valid(m, id))
                return no_such_item(error, id);
        return sd_bus_reply_method_return(message, "b", false);
}

static int method_about_to_show_group(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_(freep) int32_t *errors = NULL;
        const int32_t *ids;
        size_t size, n = 0;
        Menu *m = userdata;
        int r;

        r = sd_bus_message_read_array(message, 'i', (const void **) &ids, &size);
        if (r < 0)
                return r;
        if (size / sizeof(int32_t) > MENU_GROUP_MAX)
                return too_many(error);
        errors = calloc(size / sizeof(int32_t) + 1, sizeof(int32_t));
        if (!errors)
                return -ENOMEM;
        for (size_t k = 0; k < size / sizeof(int32_t); k++)
                if (!id_valid(m, ids[k]))
                        errors[n++] = ids[k];

        /* No item needs an update: the menu is always current. */
        r = sd_bus_message_new_method_return(message, &reply);
        if (r >= 0)
                r = sd_bus_message_append_array(reply, 'i', NULL, 0);
        if (r >= 0)
                r = sd_bus_message_append_array(reply, 'i', errors, n * sizeof(int32_t));
        if (r < 0)
                return r;
        return sd_bus_send(NULL, reply, NULL);
}

static int property_get(sd_bus *bus, const char *path, const char *interface, const char *property,
                        sd_bus_message *reply, void *userdata, sd_bus_error *error) {
        if (streq(property, "Version"))
                return sd_bus_message_append(reply, "u", DBUSMENU_VERSION);
        if (streq(property, "TextDirection"))
                return sd_bus_message_append(reply, "s", "ltr");
        if (streq(property, "Status"))
                return sd_bus_message_append(reply, "s", "normal");
        if (streq(property, "IconThemePath"))
                return sd_bus_message_append(reply, "as", 0);
        return -EINVAL;
}

static const sd_bus_vtable menu_vtable[] = {
        SD_BUS_VTABLE_START(0),
        SD_BUS_PROPERTY("Version", "u", property_get, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_PROPERTY("TextDirection", "s", property_get, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_PROPERTY("Status", "s", property_get, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_PROPERTY("IconThemePath", "as", property_get, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_METHOD_WITH_ARGS("GetLayout",
                                SD_BUS_ARGS("i", parentId, "i", recursionDepth, "as", propertyNames),
                                SD_BUS_RESULT("u", revision, "(ia{sv}av)", layout),
                                method_get_layout, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetGroupProperties", SD_BUS_ARGS("ai", ids, "as", propertyNames),
                                SD_BUS_RESULT("a(ia{sv})", properties),
                                method_get_group_properties, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetProperty", SD_BUS_ARGS("i", id, "s", name), SD_BUS_RESULT("v", value),
                                method_get_property, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("Event", SD_BUS_ARGS("i", id, "s", eventId, "v", data, "u", timestamp),
                                SD_BUS_NO_RESULT, method_event, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("EventGroup", SD_BUS_ARGS("a(isvu)", events), SD_BUS_RESULT("ai", idErrors),
                                method_event_group, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("AboutToShow", SD_BUS_ARGS("i", id), SD_BUS_RESULT("b", needUpdate),
                                method_about_to_show, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("AboutToShowGroup", SD_BUS_ARGS("ai", ids),
                                SD_BUS_RESULT("ai", updatesNeeded, "ai", idErrors),
                                method_about_to_show_group, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_SIGNAL_WITH_ARGS("ItemsPropertiesUpdated",
                                SD_BUS_ARGS("a(ia{sv})", updatedProps, "a(ias)", removedProps), 0),
        SD_BUS_SIGNAL_WITH_ARGS("LayoutUpdated", SD_BUS_ARGS("u", revision, "i", parent), 0),
        SD_BUS_SIGNAL_WITH_ARGS("ItemActivationRequested", SD_BUS_ARGS("i", id, "u", timestamp), 0),
        SD_BUS_VTABLE_END
};

int menu_new(sd_bus *bus, const char *path, const MenuItem *items, size_t n_items,
             menu_clicked_t clicked, void *userdata, Menu **ret) {
        _cleanup_(menu_freep) Menu *m = NULL;
        int r;

        m = calloc(1, sizeof(Menu));
        if (!m)
                return -ENOMEM;
        m->bus = sd_bus_ref(bus);
        m->path = strdup(path);
        m->items = malloc(n_items * sizeof(MenuItem));
        if (!m->path || !m->items)
                return -ENOMEM;
        memcpy(m->items, items, n_items * sizeof(MenuItem));
        m->n_items = n_items;
        m->revision = 1;
        m->clicked = clicked;
        m->userdata = userdata;

        r = sd_bus_add_object_vtable(bus, &m->slot, path, DBUSMENU_INTERFACE, menu_vtable, m);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(m);
        return 0;
}

Menu *menu_free(Menu *m) {
        if (!m)
                return NULL;
        sd_bus_slot_unref(m->slot);
        sd_bus_unref(m->bus);
        free(m->path);
        free(m->items);
        free(m);
        return NULL;
}

static bool properties_differ(const MenuItem *a, const MenuItem *b) {
        return a->enabled != b->enabled || !streq(a->label, b->label);
}

static int emit_properties_updated(Menu *m, const MenuItem *old) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *signal = NULL;
        int r;

        r = sd_bus_message_new_signal(m->bus, &signal, m->path, DBUSMENU_INTERFACE, "ItemsPropertiesUpdated");
        if (r >= 0)
                r = sd_bus_message_open_container(signal, 'a', "(ia{sv})");
        for (size_t id = 0; r >= 0 && id < m->n_items; id++) {
                if (properties_differ(&old[id], &m->items[id]))
                        r = append_item(signal, m, (int) id, NULL);
        }
        if (r >= 0)
                r = sd_bus_message_close_container(signal);
        if (r >= 0)
                r = sd_bus_message_append(signal, "a(ias)", 0);
        if (r >= 0)
                r = sd_bus_send(m->bus, signal, NULL);
        return r;
}

void menu_update(Menu *m, const MenuItem *items) {
        _cleanup_(freep) MenuItem *old = malloc(m->n_items * sizeof(MenuItem));
        bool layout = false, properties = false;
        int r = 0;

        if (!old) {
                log_oom();
                return;
        }
        memcpy(old, m->items, m->n_items * sizeof(MenuItem));
        memcpy(m->items, items, m->n_items * sizeof(MenuItem));
        for (size_t id = 0; id < m->n_items; id++) {
                layout = layout || old[id].visible != items[id].visible;
                properties = properties || properties_differ(&old[id], &items[id]);
        }

        /* A new layout carries the new properties too: hosts fetch it whole. */
        if (layout) {
                m->revision++;
                r = sd_bus_emit_signal(m->bus, m->path, DBUSMENU_INTERFACE, "LayoutUpdated", "ui",
                                       m->revision, (int32_t) 0);
        } else if (properties)
                r = emit_properties_updated(m, old);
        if (r < 0)
                log_warning_errno(r, "Cannot tell the panel that the menu changed: %m, ignoring");
}
