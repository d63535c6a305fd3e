/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "kde": Plasma's org.freedesktop.ScreenSaver service (kscreenlocker), whose
 * GetSessionIdleTime answers the milliseconds since the last input. It serves Plasma sessions
 * whose compositor has no ext-idle-notify (Plasma Wayland before 5.27; newer Plasma Wayland
 * answers NotSupported here and the wayland source serves it). On Plasma X11, auto prefers the
 * x11 source, which is told by the X server instead of asking.
 *
 * Nothing Plasma puts on the bus signals idleness (KIdleTime is a library, not a service), so
 * this source asks, but only when the answer matters (idle_source_sample): while the user is
 * active, once at the moment idle-after would be reached since the last input, re-armed from
 * the answer; someone typing costs one call per idle-after. While idle it asks every
 * idle-after (a minute at most) to notice the return: the residual check this desktop leaves.
 * When the service leaves the bus the source reports itself lost. */
#include "idle/idle-source.h"
#include "session/bus-util.h"
#include "session/screensaver.h"
#include "util/log.h"

/* How late a reading may come, so the kernel can batch wake-ups. */
#define KDE_ACCURACY (250 * USEC_PER_MSEC)
/* The probe's call must not hold up the start for long. */
#define KDE_PROBE_TIMEOUT (5 * USEC_PER_SEC)

typedef struct KdeIdle {
        IdleSource base;
        sd_event_source *timer;
        sd_bus_slot *call_slot;
        sd_bus_slot *owner_slot;
} KdeIdle;

static bool plasma_on_bus(sd_bus *bus) {
        return bus_name_has_owner(bus, "org.kde.KWin") > 0 || bus_name_has_owner(bus, "org.kde.plasmashell") > 0;
}

static int kde_probe(sd_bus *user_bus, sd_bus *system_bus, const char **ret_reason) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *call = NULL, *reply = NULL;
        int r;

        if (!plasma_on_bus(user_bus)) {
                *ret_reason = "Plasma (org.kde.KWin, org.kde.plasmashell) is not on the session bus";
                return 0;
        }
#if LIMBER_HAVE_X11
        if (!isempty(getenv("DISPLAY")) && isempty(getenv("WAYLAND_DISPLAY"))) {
                *ret_reason = "Plasma on X11, where the x11 source is told instead of asking";
                return 0;
        }
#endif
        r = sd_bus_message_new_method_call(user_bus, &call, SCREENSAVER_FDO_NAME, SCREENSAVER_FDO_PATH,
                                           SCREENSAVER_FDO_INTERFACE, "GetSessionIdleTime");
        if (r < 0)
                return r;
        r = sd_bus_call(user_bus, call, KDE_PROBE_TIMEOUT, NULL, &reply);
        if (r < 0) {
                *ret_reason = "Plasma's " SCREENSAVER_FDO_NAME " does not answer GetSessionIdleTime";
                return 0;
        }
        *ret_reason = "Plasma's " SCREENSAVER_FDO_NAME " answers GetSessionIdleTime";
        return 1;
}

static void kde_arm(KdeIdle *k, usec_t when) {
        int r;

        r = sd_event_source_set_time(k->timer, when);
        if (r >= 0)
                r = sd_event_source_set_enabled(k->timer, SD_EVENT_ONESHOT);
        if (r < 0)
                log_warning_errno(r, "KDE: cannot arm the idle timer: %m, ignoring");
}

static int on_idle_time(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        KdeIdle *k = userdata;
        const sd_bus_error *e = sd_bus_message_get_error(m);
        uint32_t ms;

        k->call_slot = sd_bus_slot_unref(k->call_slot);
        if (e || sd_bus_message_read(m, "u", &ms) < 0) {
                log_warning("KDE: GetSessionIdleTime failed: %s, asking again in a while",
                            e ? e->message ?: e->name : "bad reply");
                kde_arm(k, usec_add(now_boottime(), k->base.idle_after));
                return 0;
        }
        kde_arm(k, idle_source_sample(&k->base, (usec_t) ms * USEC_PER_MSEC));
        return 0;
}

static int kde_ask(KdeIdle *k) {
        k->call_slot = sd_bus_slot_unref(k->call_slot);
        return sd_bus_call_method_async(k->base.user_bus, &k->call_slot, SCREENSAVER_FDO_NAME, SCREENSAVER_FDO_PATH,
                                        SCREENSAVER_FDO_INTERFACE, "GetSessionIdleTime", on_idle_time, k, NULL);
}

static int on_timer(sd_event_source *s, uint64_t usec, void *userdata) {
        KdeIdle *k = userdata;
        int r;

        r = kde_ask(k);
        if (r < 0) {
                log_warning_errno(r, "KDE: cannot ask for the idle time: %m, asking again in a while");
                kde_arm(k, usec_add(now_boottime(), k->base.idle_after));
        }
        return 0;
}

static int on_owner_changed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        KdeIdle *k = userdata;
        const char *new_owner;

        if (bus_read_name_owner_changed(m, SCREENSAVER_FDO_NAME, &new_owner) <= 0)
                return 0;
        if (isempty(new_owner)) {
                (void) sd_event_source_set_enabled(k->timer, SD_EVENT_OFF);
                idle_source_report_lost(&k->base, SCREENSAVER_FDO_NAME " left the session bus");
        }
        return 0;
}

static int kde_start(IdleSource *s) {
        KdeIdle *k = (KdeIdle *) s;
        int r;

        r = bus_match_name_owner_async(s->user_bus, &k->owner_slot, SCREENSAVER_FDO_NAME,
                                       on_owner_changed, k);
        if (r < 0)
                return r;
        r = sd_event_add_time(s->event, &k->timer, CLOCK_BOOTTIME, USEC_INFINITY, KDE_ACCURACY, on_timer, k);
        if (r < 0)
                return r;
        (void) sd_event_source_set_description(k->timer, "kde-idle");
        return kde_ask(k);
}

static void kde_stop(IdleSource *s) {
        KdeIdle *k = (KdeIdle *) s;

        k->timer = sd_event_source_disable_unref(k->timer);
        k->call_slot = sd_bus_slot_unref(k->call_slot);
        k->owner_slot = sd_bus_slot_unref(k->owner_slot);
}

const IdleSourceVTable idle_source_kde = {
        .kind = IDLE_KIND_KDE,
        .size = sizeof(KdeIdle),
        .probe = kde_probe,
        .start = kde_start,
        .stop = kde_stop,
};
