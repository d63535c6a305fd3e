/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Desk (see desk.h): busy and presence, which share signals. An idle inhibitor, which the
 * busy module watches, also means present; a camera or microphone in use, which the presence
 * module watches, also means busy. Both go out as one change. */

#include "busy/busy.h"
#include "desk.h"
#include "presence/presence.h"
#include "util/log.h"

struct Desk {
        Busy *busy;                     /* do-not-disturb, idle inhibitors, camera, microphone */
        Presence *presence;             /* at the desk without input: inhibitors, camera, microphone */
        desk_changed_t changed;
        void *userdata;
        bool relaying;                  /* presence is handing the devices to busy: one change */
};

static PresenceConfig presence_config(const Config *c) {
        return (PresenceConfig) {
                .inhibitors = c->presence_inhibitors,
                .camera = c->presence_camera,
                .microphone = c->presence_microphone,
        };
}

static void report(Desk *d) {
        d->changed(d->userdata, desk_busy_reason(d), desk_presence_reason(d));
}

static void on_busy(void *userdata, const char *reason) {
        Desk *d = userdata;

        if (!d->relaying)
                report(d);
}

static void on_inhibited(void *userdata, bool inhibited) {
        Desk *d = userdata;

        presence_set_inhibited(d->presence, inhibited);
}

static void on_gnome_dnd(void *userdata, bool dnd) {
        Desk *d = userdata;

        busy_set_gnome_dnd(d->busy, dnd);
}

static void on_presence(void *userdata) {
        Desk *d = userdata;
        const char *reason = presence_reason(d->presence);

        log_info(isempty(reason) ? "Present only while there is input" :
                 "At the desk without input too (%s): the time counts", reason);
        d->relaying = true;
        busy_set_devices(d->busy, presence_camera(d->presence), presence_microphone(d->presence));
        d->relaying = false;
        report(d);
}

int desk_new(sd_event *event, sd_bus *bus, sd_bus *system_bus, const Config *config, Notifier *notifier,
             desk_changed_t changed, void *userdata, Desk **ret) {
        PresenceConfig pc = presence_config(config);
        Desk *d;
        int r;

        d = calloc(1, sizeof(Desk));
        if (!d)
                return log_oom();
        d->changed = changed;
        d->userdata = userdata;

        r = presence_new(event, &pc, on_presence, d, &d->presence);
        if (r < 0) {
                log_error_errno(r, "Cannot watch the camera and microphone: %m");
                goto fail;
        }
        r = busy_new(event, bus, system_bus, config->respect_dnd, config->respect_inhibitors,
                     on_busy, d, &d->busy);
        if (r < 0) {
                log_error_errno(r, "Cannot watch do-not-disturb and idle inhibitors: %m");
                goto fail;
        }
        r = busy_watch_inhibitors(d->busy, pc.inhibitors ? on_inhibited : NULL, d);
        if (r < 0) {
                log_error_errno(r, "Cannot watch idle inhibitors: %m");
                goto fail;
        }
        (void) notifier_watch_gnome_dnd(notifier, on_gnome_dnd, d);

        /* Nothing holds yet: a camera open before the start and the inhibitors arrive from
         * the event loop, through on_presence() and on_inhibited(). */
        *ret = d;
        return 0;
fail:
        desk_free(d);
        return r;
}

Desk *desk_free(Desk *d) {
        if (!d)
                return NULL;
        busy_free(d->busy);
        presence_free(d->presence);
        free(d);
        return NULL;
}

void desk_apply_config(Desk *d, const Config *config) {
        PresenceConfig pc = presence_config(config);

        (void) busy_set_respect(d->busy, config->respect_dnd, config->respect_inhibitors);
        (void) busy_watch_inhibitors(d->busy, pc.inhibitors ? on_inhibited : NULL, d);
        (void) presence_set_config(d->presence, &pc);
        presence_set_inhibited(d->presence, busy_inhibited(d->busy));
}

const char *desk_busy_reason(const Desk *d) {
        return d ? busy_reason(d->busy) : "";
}

const char *desk_presence_reason(const Desk *d) {
        return d ? presence_reason(d->presence) : "";
}

void desk_set_held(Desk *d, bool held) {
        if (d)
                busy_set_held(d->busy, held);
}

void desk_refresh(Desk *d) {
        if (d)
                (void) busy_refresh(d->busy);
}
