/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "gnome": GNOME Shell's (mutter's) idle monitor. One idle watch at idle-after tells us when
 * the user goes idle; a one-shot user-active watch, added then, tells us when they are back.
 * Both arrive as WatchFired signals: no polling. When GNOME Shell leaves the bus the source
 * reports itself lost (the manager waits for the name to return and starts it again); a name
 * handed straight to a new owner gets the watches added again. */
#include "idle/idle-source.h"
#include "session/bus-util.h"
#include "util/log.h"

#define MUTTER_IDLE_NAME      "org.gnome.Mutter.IdleMonitor"
#define MUTTER_IDLE_PATH      "/org/gnome/Mutter/IdleMonitor/Core"
#define MUTTER_IDLE_INTERFACE "org.gnome.Mutter.IdleMonitor"

typedef struct GnomeIdle {
        IdleSource base;
        sd_bus_slot *fired_slot;
        sd_bus_slot *owner_slot;
        sd_bus_slot *add_idle_slot;
        sd_bus_slot *add_active_slot;
        sd_bus_slot *idletime_slot;
        BusOwner owner;                 /* WatchFired counts only from the monitor itself */
        uint32_t idle_watch;
        uint32_t active_watch;
} GnomeIdle;

static int gnome_probe(sd_bus *user_bus, sd_bus *system_bus, const char **ret_reason) {
        int r = bus_name_has_owner(user_bus, MUTTER_IDLE_NAME);

        *ret_reason = r > 0 ? MUTTER_IDLE_NAME " is on the session bus" : MUTTER_IDLE_NAME " is not on the session bus";
        return r;
}

static int reply_error(sd_bus_message *m, const char *what) {
        const sd_bus_error *e = sd_bus_message_get_error(m);

        if (!e)
                return 0;
        log_warning("GNOME idle monitor: %s failed: %s, ignoring", what, e->message ?: e->name);
        return -EIO;
}

static int on_add_active_reply(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        GnomeIdle *g = userdata;

        g->add_active_slot = sd_bus_slot_unref(g->add_active_slot);
        if (reply_error(m, "AddUserActiveWatch") < 0)
                return 0;
        if (sd_bus_message_read(m, "u", &g->active_watch) < 0)
                g->active_watch = 0;
        return 0;
}

static void add_active_watch(GnomeIdle *g) {
        int r;

        g->add_active_slot = sd_bus_slot_unref(g->add_active_slot);
        r = sd_bus_call_method_async(g->base.user_bus, &g->add_active_slot, MUTTER_IDLE_NAME, MUTTER_IDLE_PATH,
                                     MUTTER_IDLE_INTERFACE, "AddUserActiveWatch", on_add_active_reply, g, NULL);
        if (r < 0)
                log_warning_errno(r, "GNOME idle monitor: cannot add a user-active watch: %m, ignoring");
}

static void went_idle(GnomeIdle *g, usec_t idle_usec) {
        if (g->base.idle)
                return;
        idle_source_report(&g->base, true, usec_sub(now_boottime(), idle_usec));
        add_active_watch(g);
}

static int on_idletime_reply(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        GnomeIdle *g = userdata;
        uint64_t ms;

        g->idletime_slot = sd_bus_slot_unref(g->idletime_slot);
        if (reply_error(m, "GetIdletime") < 0 || sd_bus_message_read(m, "t", &ms) < 0)
                return 0;
        if (ms * USEC_PER_MSEC >= g->base.idle_after)
                went_idle(g, ms * USEC_PER_MSEC);
        return 0;
}

static int on_add_idle_reply(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        GnomeIdle *g = userdata;

        g->add_idle_slot = sd_bus_slot_unref(g->add_idle_slot);
        if (reply_error(m, "AddIdleWatch") < 0)
                return 0;
        if (sd_bus_message_read(m, "u", &g->idle_watch) < 0)
                g->idle_watch = 0;
        return 0;
}

static int add_watches(GnomeIdle *g) {
        uint64_t ms = MAX(g->base.idle_after / USEC_PER_MSEC, (usec_t) 1);
        int r;

        g->idle_watch = g->active_watch = 0;
        g->add_idle_slot = sd_bus_slot_unref(g->add_idle_slot);
        g->add_active_slot = sd_bus_slot_unref(g->add_active_slot);
        g->idletime_slot = sd_bus_slot_unref(g->idletime_slot);

        r = sd_bus_call_method_async(g->base.user_bus, &g->add_idle_slot, MUTTER_IDLE_NAME, MUTTER_IDLE_PATH,
                                     MUTTER_IDLE_INTERFACE, "AddIdleWatch", on_add_idle_reply, g, "t", ms);
        if (r < 0)
                return r;
        /* The user may already be idle when we start. */
        return sd_bus_call_method_async(g->base.user_bus, &g->idletime_slot, MUTTER_IDLE_NAME, MUTTER_IDLE_PATH,
                                        MUTTER_IDLE_INTERFACE, "GetIdletime", on_idletime_reply, g, NULL);
}

static int on_watch_fired(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        GnomeIdle *g = userdata;
        uint32_t id;

        if (!bus_owner_sent(&g->owner, m) || sd_bus_message_read(m, "u", &id) < 0)
                return 0;
        if (id == 0)
                return 0;
        if (id == g->idle_watch)
                went_idle(g, g->base.idle_after);
        else if (id == g->active_watch) {
                g->active_watch = 0;    /* user-active watches fire once */
                idle_source_report(&g->base, false, 0);
        }
        return 0;
}

static int on_owner_changed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        GnomeIdle *g = userdata;
        const char *new_owner;
        int r;

        if (bus_read_name_owner_changed(m, MUTTER_IDLE_NAME, &new_owner) <= 0)
                return 0;

        /* Whatever watches we had died with the old owner. */
        g->idle_watch = g->active_watch = 0;

        if (isempty(new_owner)) {
                /* Nobody is known to be at the keyboard now: the manager counts the user as
                 * away and picks this source again when GNOME Shell is back. */
                idle_source_report_lost(&g->base, MUTTER_IDLE_NAME " left the session bus");
                return 0;
        }
        /* Handed straight to a new owner: it knows nothing of our watches. */
        idle_source_report(&g->base, false, 0);
        log_info("GNOME idle monitor changed hands (%s); adding the idle watches again", new_owner);
        r = add_watches(g);
        if (r < 0)
                log_warning_errno(r, "GNOME idle monitor: cannot add watches: %m, ignoring");
        return 0;
}

static int gnome_start(IdleSource *s) {
        GnomeIdle *g = (GnomeIdle *) s;
        int r;

        r = bus_owner_watch(s->user_bus, &g->owner, MUTTER_IDLE_NAME);
        if (r < 0)
                return r;
        r = sd_bus_match_signal_async(s->user_bus, &g->fired_slot, MUTTER_IDLE_NAME, MUTTER_IDLE_PATH,
                                      MUTTER_IDLE_INTERFACE, "WatchFired", on_watch_fired, NULL, g);
        if (r < 0)
                return r;
        r = bus_match_name_owner_async(s->user_bus, &g->owner_slot, MUTTER_IDLE_NAME, on_owner_changed, g);
        if (r < 0)
                return r;
        return add_watches(g);
}

static void remove_watch(GnomeIdle *g, uint32_t id) {
        if (id == 0)
                return;
        /* Fire and forget: at shutdown nobody waits for the answer. */
        (void) sd_bus_call_method_async(g->base.user_bus, NULL, MUTTER_IDLE_NAME, MUTTER_IDLE_PATH,
                                        MUTTER_IDLE_INTERFACE, "RemoveWatch", NULL, NULL, "u", id);
}

static void gnome_stop(IdleSource *s) {
        GnomeIdle *g = (GnomeIdle *) s;

        remove_watch(g, g->idle_watch);
        remove_watch(g, g->active_watch);
        g->fired_slot = sd_bus_slot_unref(g->fired_slot);
        g->owner_slot = sd_bus_slot_unref(g->owner_slot);
        g->add_idle_slot = sd_bus_slot_unref(g->add_idle_slot);
        g->add_active_slot = sd_bus_slot_unref(g->add_active_slot);
        g->idletime_slot = sd_bus_slot_unref(g->idletime_slot);
        bus_owner_done(&g->owner);
}

const IdleSourceVTable idle_source_gnome = {
        .kind = IDLE_KIND_GNOME,
        .size = sizeof(GnomeIdle),
        .probe = gnome_probe,
        .start = gnome_start,
        .stop = gnome_stop,
};
