/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "idle/idle-source.h"
#include "util/log.h"

/* While idle, a source that can only read the idle time looks again after idle-after, but at
 * least this often, so a return is noticed within a minute. */
#define SAMPLE_IDLE_RECHECK_MAX USEC_PER_MINUTE
/* Two readings of the last input differing by less than this are the same input. */
#define SAMPLE_SAME_INPUT (500 * USEC_PER_MSEC)

/* The order auto tries, best first: the desktop's own idle monitor (GNOME), the Wayland
 * compositor's idle notifications, Plasma's screen saver service, the X server, logind's
 * IdleHint. Each probe says why it is (not) offered; the first offered that starts wins, and
 * none is the last resort. */
static const IdleSourceVTable * const auto_order[] = {
        &idle_source_gnome,
#if LIMBER_HAVE_WAYLAND
        &idle_source_wayland,
#endif
        &idle_source_kde,
#if LIMBER_HAVE_X11
        &idle_source_x11,
#endif
        &idle_source_logind,
};

/* Every source this build has: those auto tries, and none. */
static const IdleSourceVTable *vtable_for(IdleKind kind) {
        if (kind == IDLE_KIND_NONE)
                return &idle_source_none;
        for (size_t i = 0; i < ELEMENTSOF(auto_order); i++)
                if (auto_order[i]->kind == kind)
                        return auto_order[i];
        return NULL;
}

int bus_name_has_owner(sd_bus *bus, const char *name) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        int r, has = 0;

        r = sd_bus_call_method(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                               "NameHasOwner", NULL, &reply, "s", name);
        if (r < 0)
                return r;
        r = sd_bus_message_read(reply, "b", &has);
        return r < 0 ? r : has;
}

void idle_source_report(IdleSource *s, bool idle, usec_t idle_since) {
        if (s->idle == idle)
                return;
        s->idle = idle;
        s->idle_since = idle ? idle_since : 0;
        log_debug("%s: user %s", idle_kind_to_string(s->vtable->kind), idle ? "idle" : "active");
        s->report(s->userdata, idle, idle_since);
}

void idle_source_report_lost(IdleSource *s, const char *why) {
        if (s->gone)
                return;
        s->gone = true;
        log_warning("Idle source %s lost: %s", idle_kind_to_string(s->vtable->kind), why);
        s->lost(s->userdata);
}

usec_t idle_source_sample(IdleSource *s, usec_t idle_usec) {
        usec_t now = now_boottime(), last_input = usec_sub(now, idle_usec);

        if (idle_usec < s->idle_after) {
                idle_source_report(s, false, 0);
                /* The one moment that matters: idle-after without input from the last one. */
                return usec_add(last_input, s->idle_after);
        }
        /* Still idle, but there was input since we last looked: the user came and went. */
        if (s->idle && last_input > usec_add(s->idle_since, SAMPLE_SAME_INPUT))
                idle_source_report(s, false, 0);
        idle_source_report(s, true, last_input);
        /* Input cannot be waited for here: this is the residual check while idle. */
        return usec_add(now, MIN(s->idle_after, SAMPLE_IDLE_RECHECK_MAX));
}

static int idle_source_start(const IdleSourceVTable *vtable, sd_event *event, sd_bus *user_bus,
                             sd_bus *system_bus, usec_t idle_after, idle_report_t report,
                             idle_lost_t lost, void *userdata, IdleSource **ret) {
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
                .lost = lost,
                .userdata = userdata,
        };
        r = vtable->start(s);
        if (r < 0) {
                vtable->stop(s);        /* releases what start() took before it failed */
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
                    usec_t idle_after, idle_report_t report, idle_lost_t lost, void *userdata,
                    IdleSource **ret) {
        const IdleSourceVTable *vtable;
        int r;

        if (kind != IDLE_KIND_AUTO) {
                vtable = vtable_for(kind);
                if (!vtable)
                        return -EOPNOTSUPP;
                return idle_source_start(vtable, event, user_bus, system_bus, idle_after, report, lost, userdata,
                                         ret);
        }

        for (size_t i = 0; i < ELEMENTSOF(auto_order); i++) {
                const char *name = idle_kind_to_string(auto_order[i]->kind), *reason = NULL;

                r = auto_order[i]->probe(user_bus, system_bus, &reason);
                if (r <= 0) {
                        if (r < 0)
                                log_debug("Idle source %s: probe failed: %s", name, strerror(-r));
                        else
                                log_debug("Idle source %s: not offered: %s", name, strempty(reason));
                        continue;
                }
                r = idle_source_start(auto_order[i], event, user_bus, system_bus, idle_after, report, lost,
                                      userdata, ret);
                if (r >= 0) {
                        log_info("Idle source: %s (auto: %s)", name, strempty(reason));
                        return 0;
                }
                log_warning_errno(r, "Idle source %s is offered but failed to start: %m, trying the next", name);
        }

        log_warning("Idle source: none (auto: no idle monitor found); idle time is not noticed, "
                    "only lock and suspend");
        return idle_source_start(&idle_source_none, event, user_bus, system_bus, idle_after, report, lost, userdata,
                                 ret);
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
