/* SPDX-License-Identifier: GPL-3.0-or-later */
/* org.kde.StatusNotifierItem, as KDE and freedesktop.org specify it, and its registration
 * with org.kde.StatusNotifierWatcher (see sni.h). While shown, the item and its menu live on
 * a session-bus connection of their own, registered by object path (the watcher takes the
 * sender's unique name, as Plasma, waybar, Xfce and GNOME's AppIndicator extension do).
 * Closing that connection is how every watcher learns that the item is gone (tray.enabled
 * turned off, limberd stopping). Not by a well-known name: GNOME's AppIndicator extension
 * (46) watches a well-known name, and its first "appeared" clears the Id and Menu it has just
 * read, which drops the item at most starts. Hosts find the item at /StatusNotifierItem. */
#include "session/bus-util.h"
#include "tray/sni.h"
#include "util/log.h"

#define WATCHER_NAME "org.kde.StatusNotifierWatcher"
#define WATCHER_PATH "/StatusNotifierWatcher"
#define ITEM_INTERFACE "org.kde.StatusNotifierItem"

/* The working icon's steps are minutes apart: a few seconds late is as good. */
#define STEP_TIMER_ACCURACY (5 * USEC_PER_SEC)

struct Tray {
        sd_bus *bus;                    /* limberd's connection: follows the watcher */
        char *icon_theme_path;
        TrayCallbacks callbacks;
        void *userdata;
        sd_event_source *step_timer;    /* the working icon's next step, CLOCK_BOOTTIME */
        sd_bus_slot *owner_slot;        /* NameOwnerChanged of the watcher's name */
        sd_bus_slot *query_slot;        /* GetNameOwner at start */
        sd_bus_slot *register_slot;     /* RegisterStatusNotifierItem in flight */
        TrayStatus status;

        /* While a watcher is there: the item's connection, the exported objects and what
         * they last showed. */
        sd_bus *item_bus;
        sd_bus_slot *item_slot;
        Menu *menu;
        const char *icon;
        const char *item_status;
        char tooltip_title[TRAY_TEXT_MAX];
        char tooltip_text[TRAY_TEXT_MAX];
};

bool tray_shown(const Tray *t) {
        return t && t->item_bus;
}

static int property_get(sd_bus *bus, const char *path, const char *interface, const char *property,
                        sd_bus_message *reply, void *userdata, sd_bus_error *error) {
        Tray *t = userdata;

        if (streq(property, "Category"))
                return sd_bus_message_append(reply, "s", "ApplicationStatus");
        if (streq(property, "Id"))
                return sd_bus_message_append(reply, "s", "limber");
        if (streq(property, "Title"))
                return sd_bus_message_append(reply, "s", "limber");
        if (streq(property, "Status"))
                return sd_bus_message_append(reply, "s", t->item_status);
        if (streq(property, "WindowId"))
                return sd_bus_message_append(reply, "i", (int32_t) 0);
        if (streq(property, "IconName"))
                return sd_bus_message_append(reply, "s", t->icon);
        if (streq(property, "AttentionIconName"))
                return sd_bus_message_append(reply, "s", TRAY_ATTENTION_ICON);
        if (streq(property, "OverlayIconName") || streq(property, "AttentionMovieName"))
                return sd_bus_message_append(reply, "s", "");
        if (streq(property, "IconPixmap") || streq(property, "OverlayIconPixmap") ||
            streq(property, "AttentionIconPixmap"))
                return sd_bus_message_append(reply, "a(iiay)", 0);
        if (streq(property, "IconThemePath"))
                return sd_bus_message_append(reply, "s", t->icon_theme_path);
        if (streq(property, "ToolTip"))
                return sd_bus_message_append(reply, "(sa(iiay)ss)", t->icon, 0, t->tooltip_title,
                                             t->tooltip_text);
        if (streq(property, "Menu"))
                return sd_bus_message_append(reply, "o", TRAY_MENU_PATH);
        if (streq(property, "ItemIsMenu"))
                /* false: a left click is Activate (the break, or the status), the menu is on
                 * the right button. */
                return sd_bus_message_append(reply, "b", false);
        return -EINVAL;
}

static int method_activate(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        Tray *t = userdata;

        t->callbacks.action(t->userdata, TRAY_ACTION_ACTIVATE, 0);
        return sd_bus_reply_method_return(message, NULL);
}

/* ContextMenu (hosts without dbusmenu: limber draws no menus of its own), SecondaryActivate
 * and Scroll do nothing. */
static int method_nothing(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        return sd_bus_reply_method_return(message, NULL);
}

#define ITEM_PROPERTY(name, sig) SD_BUS_PROPERTY(name, sig, property_get, 0, 0)

static const sd_bus_vtable item_vtable[] = {
        SD_BUS_VTABLE_START(0),
        ITEM_PROPERTY("Category", "s"),
        ITEM_PROPERTY("Id", "s"),
        ITEM_PROPERTY("Title", "s"),
        ITEM_PROPERTY("Status", "s"),
        ITEM_PROPERTY("WindowId", "i"),
        ITEM_PROPERTY("IconName", "s"),
        ITEM_PROPERTY("IconPixmap", "a(iiay)"),
        ITEM_PROPERTY("OverlayIconName", "s"),
        ITEM_PROPERTY("OverlayIconPixmap", "a(iiay)"),
        ITEM_PROPERTY("AttentionIconName", "s"),
        ITEM_PROPERTY("AttentionIconPixmap", "a(iiay)"),
        ITEM_PROPERTY("AttentionMovieName", "s"),
        ITEM_PROPERTY("IconThemePath", "s"),
        ITEM_PROPERTY("ToolTip", "(sa(iiay)ss)"),
        ITEM_PROPERTY("Menu", "o"),
        ITEM_PROPERTY("ItemIsMenu", "b"),
        SD_BUS_METHOD_WITH_ARGS("ContextMenu", SD_BUS_ARGS("i", x, "i", y), SD_BUS_NO_RESULT,
                                method_nothing, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("Activate", SD_BUS_ARGS("i", x, "i", y), SD_BUS_NO_RESULT,
                                method_activate, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("SecondaryActivate", SD_BUS_ARGS("i", x, "i", y), SD_BUS_NO_RESULT,
                                method_nothing, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("Scroll", SD_BUS_ARGS("i", delta, "s", orientation), SD_BUS_NO_RESULT,
                                method_nothing, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_SIGNAL("NewTitle", "", 0),
        SD_BUS_SIGNAL("NewIcon", "", 0),
        SD_BUS_SIGNAL("NewAttentionIcon", "", 0),
        SD_BUS_SIGNAL("NewOverlayIcon", "", 0),
        SD_BUS_SIGNAL("NewToolTip", "", 0),
        SD_BUS_SIGNAL_WITH_ARGS("NewStatus", SD_BUS_ARGS("s", status), 0),
        SD_BUS_SIGNAL_WITH_ARGS("NewIconThemePath", SD_BUS_ARGS("s", icon_theme_path), 0),
        SD_BUS_VTABLE_END
};

/* ---- the menu ----------------------------------------------------------------------- */

static void on_menu_clicked(void *userdata, int id) {
        Tray *t = userdata;

        switch (id) {
        case TRAY_MENU_START_BREAK:
                return t->callbacks.action(t->userdata, TRAY_ACTION_START_BREAK, 0);
        case TRAY_MENU_SNOOZE:
                return t->callbacks.action(t->userdata, TRAY_ACTION_SNOOZE, 0);
        case TRAY_MENU_SKIP:
                return t->callbacks.action(t->userdata, TRAY_ACTION_SKIP, 0);
        case TRAY_MENU_PAUSE_HOUR:
                return t->callbacks.action(t->userdata, TRAY_ACTION_PAUSE, USEC_PER_HOUR);
        case TRAY_MENU_PAUSE:
                return t->callbacks.action(t->userdata, TRAY_ACTION_PAUSE, 0);
        case TRAY_MENU_RESUME:
                return t->callbacks.action(t->userdata, TRAY_ACTION_RESUME, 0);
        default:
                if (tray_log_duration(id) > 0)
                        return t->callbacks.action(t->userdata, TRAY_ACTION_LOG_BREAK, tray_log_duration(id));
        }
}

/* ---- what the item shows ------------------------------------------------------------ */

static void emit(Tray *t, const char *member, const char *value) {
        int r;

        r = value ? sd_bus_emit_signal(t->item_bus, TRAY_ITEM_PATH, ITEM_INTERFACE, member, "s", value)
                  : sd_bus_emit_signal(t->item_bus, TRAY_ITEM_PATH, ITEM_INTERFACE, member, NULL);
        if (r < 0)
                log_warning_errno(r, "Cannot send %s to the panel: %m, ignoring", member);
}

/* Computes what the item shows; with announce, emits a New* signal for each part that
 * changed (not when it is first exported: hosts read it all then). */
static void refresh(Tray *t, bool announce) {
        const char *icon = tray_icon_name(&t->status), *status = tray_item_status(&t->status);
        char title[TRAY_TEXT_MAX], text[TRAY_TEXT_MAX];
        MenuItem items[_TRAY_MENU_MAX];
        bool icon_changed = !streq_ptr(icon, t->icon), status_changed = !streq_ptr(status, t->item_status);
        bool tooltip_changed;

        tray_state_text(title, &t->status);
        tray_today_text(text, &t->status);
        tooltip_changed = icon_changed || !streq(title, t->tooltip_title) || !streq(text, t->tooltip_text);
        t->icon = icon;
        t->item_status = status;
        memcpy(t->tooltip_title, title, sizeof(title));
        memcpy(t->tooltip_text, text, sizeof(text));

        tray_menu_build(&t->status, items);
        if (t->menu)
                menu_update(t->menu, items);
        if (!announce)
                return;
        if (icon_changed)
                emit(t, "NewIcon", NULL);
        if (status_changed)
                emit(t, "NewStatus", status);
        if (tooltip_changed)
                emit(t, "NewToolTip", NULL);
}

/* Arms the step timer for when the working icon shows its next step, or stops it. */
static void arm_step_timer(Tray *t) {
        usec_t in = tray_next_step_in(&t->status), now;
        int r;

        if (in == USEC_INFINITY) {
                (void) sd_event_source_set_enabled(t->step_timer, SD_EVENT_OFF);
                return;
        }
        r = sd_event_now(sd_event_source_get_event(t->step_timer), CLOCK_BOOTTIME, &now);
        if (r >= 0)
                r = sd_event_source_set_time(t->step_timer, usec_add(now, in));
        if (r >= 0)
                r = sd_event_source_set_enabled(t->step_timer, SD_EVENT_ONESHOT);
        if (r < 0)
                log_warning_errno(r, "Cannot arm the tray icon's timer: %m; its progress shows late");
}

void tray_changed(Tray *t) {
        TrayStatus s;

        if (!tray_shown(t))
                return;
        t->callbacks.status(t->userdata, &s);
        if (tray_status_equal(&s, &t->status))
                return;
        t->status = s;
        refresh(t, true);
        arm_step_timer(t);
}

static int on_step_timer(sd_event_source *s, uint64_t usec, void *userdata) {
        tray_changed(userdata);
        return 0;
}

/* ---- following the watcher ---------------------------------------------------------- */

static int on_register_reply(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        Tray *t = userdata;
        const sd_bus_error *e = sd_bus_message_get_error(m);

        t->register_slot = sd_bus_slot_unref(t->register_slot);
        if (e)
                log_warning("The panel refused the tray icon (%s), ignoring", e->message ?: e->name);
        else
                log_info("Tray icon registered with the panel");
        return 0;
}

/* Closing the item's connection withdraws it from every watcher. */
static void hide(Tray *t) {
        if (!tray_shown(t))
                return;
        t->register_slot = sd_bus_slot_unref(t->register_slot);
        t->item_slot = sd_bus_slot_unref(t->item_slot);
        t->menu = menu_free(t->menu);
        t->item_bus = sd_bus_flush_close_unref(t->item_bus);
        t->icon = t->item_status = NULL;
        (void) sd_event_source_set_enabled(t->step_timer, SD_EVENT_OFF);
}

/* Sent on the item's connection: the watcher takes its sender for the item's bus name. */
static int register_item(Tray *t) {
        t->register_slot = sd_bus_slot_unref(t->register_slot);
        return sd_bus_call_method_async(t->item_bus, &t->register_slot, WATCHER_NAME, WATCHER_PATH,
                                        WATCHER_NAME, "RegisterStatusNotifierItem", on_register_reply, t,
                                        "s", TRAY_ITEM_PATH);
}

/* Opens the item's connection and exports the item and the menu on it (if not yet), and
 * registers with the watcher that owns its name now. */
static int show(Tray *t) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        MenuItem items[_TRAY_MENU_MAX];
        int r;

        if (tray_shown(t))
                return register_item(t);

        r = sd_bus_open_user_with_description(&bus, "tray");
        if (r >= 0)
                r = sd_bus_attach_event(bus, sd_bus_get_event(t->bus), SD_EVENT_PRIORITY_NORMAL);
        if (r < 0)
                return r;
        t->callbacks.status(t->userdata, &t->status);
        tray_menu_build(&t->status, items);
        r = menu_new(bus, TRAY_MENU_PATH, items, ELEMENTSOF(items), on_menu_clicked, t, &t->menu);
        if (r < 0)
                return r;
        r = sd_bus_add_object_vtable(bus, &t->item_slot, TRAY_ITEM_PATH, ITEM_INTERFACE, item_vtable, t);
        if (r < 0) {
                t->menu = menu_free(t->menu);
                return r;
        }
        t->item_bus = TAKE_PTR(bus);
        refresh(t, false);
        arm_step_timer(t);
        return register_item(t);
}

static void follow(Tray *t, const char *owner) {
        int r;

        if (isempty(owner)) {
                if (tray_shown(t))
                        log_info("No panel watches tray icons any more; the tray icon is withdrawn");
                hide(t);
                return;
        }
        log_info("A panel watches tray icons (%s owns " WATCHER_NAME "); showing the tray icon", owner);
        r = show(t);
        if (r < 0) {
                log_warning_errno(r, "Cannot show the tray icon: %m, ignoring");
                hide(t);
        }
}

static int on_owner_changed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        Tray *t = userdata;
        const char *new_owner;

        if (bus_read_name_owner_changed(m, WATCHER_NAME, &new_owner) <= 0)
                return 0;
        /* A new owner is a panel that (re)started: it knows no items, register again. */
        follow(t, new_owner);
        return 0;
}

static int on_owner_reply(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        Tray *t = userdata;
        const char *owner = NULL;

        t->query_slot = sd_bus_slot_unref(t->query_slot);
        if (!sd_bus_message_is_method_error(m, NULL) && sd_bus_message_read(m, "s", &owner) >= 0)
                follow(t, owner);
        else
                log_debug("No " WATCHER_NAME " on the bus: no tray icon until a panel offers one");
        return 0;
}

int tray_new(sd_bus *bus, const char *icon_theme_path, const TrayCallbacks *callbacks, void *userdata,
             Tray **ret) {
        sd_event *event = sd_bus_get_event(bus);
        Tray *t;
        int r;

        if (!event)
                return -EINVAL;

        t = calloc(1, sizeof(Tray));
        if (!t)
                return -ENOMEM;
        *t = (Tray) {
                .bus = sd_bus_ref(bus),
                .icon_theme_path = strdup(icon_theme_path),
                .callbacks = *callbacks,
                .userdata = userdata,
        };
        if (!t->icon_theme_path) {
                tray_free(t);
                return -ENOMEM;
        }

        r = sd_event_add_time(event, &t->step_timer, CLOCK_BOOTTIME, USEC_INFINITY, STEP_TIMER_ACCURACY,
                              on_step_timer, t);
        if (r >= 0)
                r = sd_event_source_set_enabled(t->step_timer, SD_EVENT_OFF);
        if (r >= 0)
                (void) sd_event_source_set_description(t->step_timer, "tray-step");
        if (r >= 0)
                r = bus_match_name_owner_async(bus, &t->owner_slot, WATCHER_NAME, on_owner_changed, t);
        /* After the AddMatch on the same connection: a watcher that appears later is announced. */
        if (r >= 0)
                r = sd_bus_call_method_async(bus, &t->query_slot, "org.freedesktop.DBus",
                                             "/org/freedesktop/DBus",
                                             "org.freedesktop.DBus", "GetNameOwner", on_owner_reply, t, "s",
                                             WATCHER_NAME);
        if (r < 0) {
                tray_free(t);
                return r;
        }
        *ret = t;
        return 0;
}

Tray *tray_free(Tray *t) {
        if (!t)
                return NULL;
        hide(t);
        sd_event_source_disable_unref(t->step_timer);
        sd_bus_slot_unref(t->owner_slot);
        sd_bus_slot_unref(t->query_slot);
        sd_bus_unref(t->bus);
        free(t->icon_theme_path);
        free(t);
        return NULL;
}
