/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Manager's busy and presence half: whether a reminder must wait (busy), and whether the
 * user sits at the desk without input (present). The two share signals: an idle inhibitor,
 * which the busy module watches, also means present; a camera or microphone in use, which
 * the presence module watches, also means busy. Both feed the scheduler. */

#include "manager.h"
#include "util/log.h"

static PresenceConfig presence_config(const Config *c) {
        return (PresenceConfig) {
                .inhibitors = c->presence_inhibitors,
                .camera = c->presence_camera,
                .microphone = c->presence_microphone,
        };
}

static void on_busy(void *userdata, const char *reason) {
        Manager *m = userdata;

        scheduler_set_busy(&m->scheduler, manager_now(), !isempty(reason));
        manager_changed(m);
}

static void on_inhibited(void *userdata, bool inhibited) {
        Manager *m = userdata;

        presence_set_inhibited(m->presence, inhibited);
}

static void on_gnome_dnd(void *userdata, bool dnd) {
        Manager *m = userdata;

        busy_set_gnome_dnd(m->busy, dnd);
}

static void on_presence(void *userdata) {
        Manager *m = userdata;
        const char *reason = presence_reason(m->presence);

        log_info(isempty(reason) ? "Present only while there is input" :
                 "At the desk without input too (%s): the time counts", reason);
        scheduler_set_present(&m->scheduler, manager_now(), !isempty(reason));
        busy_set_devices(m->busy, presence_camera(m->presence), presence_microphone(m->presence));
        manager_changed(m);
}

int manager_presence_start(Manager *m) {
        PresenceConfig pc = presence_config(&m->config);
        int r;

        r = presence_new(m->event, &pc, on_presence, m, &m->presence);
        if (r < 0)
                return log_error_errno(r, "Cannot watch the camera and microphone: %m");
        r = busy_new(m->event, m->bus, m->system_bus, m->config.respect_dnd, m->config.respect_inhibitors,
                     on_busy, m, &m->busy);
        if (r < 0)
                return log_error_errno(r, "Cannot watch do-not-disturb and idle inhibitors: %m");
        r = busy_watch_inhibitors(m->busy, pc.inhibitors ? on_inhibited : NULL, m);
        if (r < 0)
                return log_error_errno(r, "Cannot watch idle inhibitors: %m");
        (void) notifier_watch_gnome_dnd(reminder_notifier(m->reminder), on_gnome_dnd, m);

        /* Nothing holds yet: a camera open before the start and the inhibitors arrive from
         * the event loop, through on_presence() and on_inhibited(). */
        return 0;
}

void manager_presence_apply_config(Manager *m) {
        PresenceConfig pc = presence_config(&m->config);

        (void) busy_set_respect(m->busy, m->config.respect_dnd, m->config.respect_inhibitors);
        (void) busy_watch_inhibitors(m->busy, pc.inhibitors ? on_inhibited : NULL, m);
        (void) presence_set_config(m->presence, &pc);
        presence_set_inhibited(m->presence, busy_inhibited(m->busy));
}
