/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <time.h>

#include "idle-source.h"
#include "log.h"

/* The order auto tries, best first. */
static const IdleSourceVTable * const auto_order[] = {
        &idle_source_gnome,
        &idle_source_logind,
};

static const IdleSourceVTable *vtable_for(IdleKind kind) {
        static const IdleSourceVTable * const all[] = {
                &idle_source_gnome,
                &idle_source_logind,
                &idle_source_none,
        };

        for (size_t i = 0; i < ELEMENTSOF(all); i++)
                if (all[i]->kind == kind)
                        return all[i];
        return NULL;
}

usec_t now_boottime(void) {
        struct timespec ts;

        /* CLOCK_BOOTTIME keeps counting during suspend, so a night asleep is a long idle. */
        if (clock_gettime(CLOCK_BOOTTIME, &ts) < 0)
                abort();
        return (usec_t) ts.tv_sec * USEC_PER_SEC + (usec_t) ts.tv_nsec / 1000;
}

void idle_source_report(IdleSource *s, bool idle, usec_t idle_since) {
        if (s->idle == idle)
                return;
        s->idle = idle;
        log_debug("%s: user %s", idle_kind_to_string(s->vtable->kind), idle ? "idle" : "active");
        s->report(s->userdata, idle, idle_since);
}

static int idle_source_start(const IdleSourceVTable *vtable, sd_event *event, sd_bus *user_bus,
                             sd_bus *system_bus, usec_t idle_after, idle_report_t report,
                             void *userdata, IdleSource **ret) {
        IdleSource *s;
        int r;

        s = calloc(1, vtable->size);
        if (!s)
                return -ENOMEM;
        *s = (IdleSource) {
                .vtable = vtable,
                .event = sd_event_ref(event),
                .user_bus = sd_bus_ref(user_bus),
                .system_bus = sd_bus_ref(system_bus),
                .idle_after = idle_after,
                .report = report,
                .userdata = userdata,
        };
        r = vtable->start(s);
        if (r < 0) {
                sd_bus_unref(s->user_bus);
                sd_bus_unref(s->system_bus);
                sd_event_unref(s->event);
                free(s);
                return r;
        }
        *ret = s;
        return 0;
}

int idle_source_new(IdleKind kind, sd_event *event, sd_bus *user_bus, sd_bus *system_bus,
                    usec_t idle_after, idle_report_t report, void *userdata, IdleSource **ret) {
        const IdleSourceVTable *vtable;
        int r;

        if (kind != IDLE_KIND_AUTO) {
                vtable = vtable_for(kind);
                if (!vtable)
                        return -EOPNOTSUPP;
                return idle_source_start(vtable, event, user_bus, system_bus, idle_after, report, userdata, ret);
        }

        for (size_t i = 0; i < ELEMENTSOF(auto_order); i++) {
                const char *name = idle_kind_to_string(auto_order[i]->kind);

                r = auto_order[i]->probe(user_bus, system_bus);
                if (r <= 0) {
                        if (r < 0)
                                log_debug("Idle source %s: probe failed: %s", name, strerror(-r));
                        else
                                log_debug("Idle source %s: not offered by this session", name);
                        continue;
                }
                r = idle_source_start(auto_order[i], event, user_bus, system_bus, idle_after, report, userdata, ret);
                if (r >= 0) {
                        log_info("Idle source: %s (auto: the first this session offers)", name);
                        return 0;
                }
                log_warning_errno(r, "Idle source %s is offered but failed to start: %m, trying the next", name);
        }

        log_warning("Idle source: none (auto: no idle monitor found); idle time is not noticed, "
                    "only lock and suspend");
        return idle_source_start(&idle_source_none, event, user_bus, system_bus, idle_after, report, userdata, ret);
}

IdleSource *idle_source_free(IdleSource *s) {
        if (!s)
                return NULL;
        s->vtable->stop(s);
        sd_bus_unref(s->user_bus);
        sd_bus_unref(s->system_bus);
        sd_event_unref(s->event);
        free(s);
        return NULL;
}
