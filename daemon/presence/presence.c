/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Combines the presence signals into one reason (see presence.h). */
#include <stdlib.h>

#include "presence/presence-devices.h"
#include "presence/presence.h"
#include "util/log.h"

struct Presence {
        sd_event *event;
        char *dev_dir;
        PresenceConfig config;
        bool inhibited;
        DeviceWatch *devices[_DEVICE_KIND_MAX];
        const char *reason;
        bool camera, microphone;        /* as last reported */
        presence_changed_t changed;
        void *userdata;
};

static void update(Presence *p) {
        bool camera = presence_camera(p), microphone = presence_microphone(p);
        const char *reason = camera ? PRESENCE_REASON_CAMERA :
                             microphone ? PRESENCE_REASON_MICROPHONE :
                             p->inhibited && p->config.inhibitors ? PRESENCE_REASON_INHIBITOR : "";

        if (streq(reason, p->reason) && camera == p->camera && microphone == p->microphone)
                return;
        p->reason = reason;
        p->camera = camera;
        p->microphone = microphone;
        if (p->changed)
                p->changed(p->userdata);
}

static void on_device(void *userdata, DeviceKind kind, bool in_use) {
        update(userdata);
}

static int update_watches(Presence *p) {
        const bool wanted[_DEVICE_KIND_MAX] = {
                [DEVICE_CAMERA] = p->config.camera,
                [DEVICE_MICROPHONE] = p->config.microphone,
        };
        int r;

        for (DeviceKind k = 0; k < _DEVICE_KIND_MAX; k++) {
                if (!wanted[k]) {
                        p->devices[k] = device_watch_free(p->devices[k]);
                        continue;
                }
                if (p->devices[k])
                        continue;
                r = device_watch_new(p->event, p->dev_dir, k, on_device, p, &p->devices[k]);
                if (r == -ENOMEM)
                        return r;
                if (r < 0)
                        log_warning_errno(r, "Cannot watch the %s: %m, ignoring", device_kind_to_string(k));
        }
        return 0;
}

int presence_new(sd_event *event, const PresenceConfig *config, presence_changed_t changed, void *userdata,
                 Presence **ret) {
        _cleanup_(presence_freep) Presence *p = NULL;
        const char *dir = getenv("LIMBER_DEVICE_DIR");
        int r;

        p = calloc(1, sizeof(Presence));
        if (!p)
                return -ENOMEM;
        *p = (Presence) {
                .event = sd_event_ref(event),
                .dev_dir = strdup(isempty(dir) ? "/dev" : dir),
                .config = *config,
                .reason = "",
        };
        if (!p->dev_dir)
                return -ENOMEM;
        r = update_watches(p);
        if (r < 0)
                return r;
        update(p);      /* the state at start, without a callback */
        p->changed = changed;
        p->userdata = userdata;
        *ret = TAKE_PTR(p);
        return 0;
}

Presence *presence_free(Presence *p) {
        if (!p)
                return NULL;
        for (DeviceKind k = 0; k < _DEVICE_KIND_MAX; k++)
                device_watch_free(p->devices[k]);
        sd_event_unref(p->event);
        free(p->dev_dir);
        free(p);
        return NULL;
}

int presence_set_config(Presence *p, const PresenceConfig *config) {
        int r;

        p->config = *config;
        r = update_watches(p);
        update(p);
        return r;
}

void presence_set_inhibited(Presence *p, bool inhibited) {
        if (!p)
                return;
        p->inhibited = inhibited;
        update(p);
}

const char *presence_reason(const Presence *p) {
        return p ? p->reason : "";
}

bool presence_camera(const Presence *p) {
        return p && p->config.camera && device_watch_in_use(p->devices[DEVICE_CAMERA]);
}

bool presence_microphone(const Presence *p) {
        return p && p->config.microphone && device_watch_in_use(p->devices[DEVICE_MICROPHONE]);
}
