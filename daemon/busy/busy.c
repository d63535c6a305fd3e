/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Combines the busy watchers (busy-*.c) into one reason. */
#include "busy/busy-watch.h"
#include "busy/busy.h"
#include "util/log.h"

/* While a reminder is held back, how often a server that announces nothing (mako before 1.10)
 * is read again, so that the end of its do-not-disturb is noticed soon. */
#define RECHECK_INTERVAL (5 * USEC_PER_SEC)

struct Busy {
        sd_event *event;
        sd_event_source *recheck;       /* armed while held and a server announces nothing */
        bool held;
        sd_bus *user_bus;               /* may be NULL */
        sd_bus *system_bus;             /* may be NULL */
        bool respect_dnd;
        bool respect_inhibitors;
        bool active[_BUSY_SOURCE_MAX];
        const char *reason;
        busy_changed_t changed;
        void *userdata;
        BusyWatch *watches[_BUSY_SOURCE_MAX];
};

/* Every watcher on a bus; GNOME's do-not-disturb comes in through busy_set_gnome_dnd(). */
static const BusyWatchSpec * const watch_specs[] = {
        &busy_watch_dunst,
        &busy_watch_kde,
        &busy_watch_mako,
        &busy_watch_xfce,
        &busy_watch_logind,
        &busy_watch_gnome_session,
};

static bool source_is_dnd(BusySource s) {
        switch (s) {
        case BUSY_SOURCE_GNOME_DND:
        case BUSY_SOURCE_DUNST:
        case BUSY_SOURCE_KDE:
        case BUSY_SOURCE_MAKO:
        case BUSY_SOURCE_XFCE:
                return true;
        default:
                return false;
        }
}

static bool source_respected(const Busy *b, BusySource s) {
        return source_is_dnd(s) ? b->respect_dnd : b->respect_inhibitors;
}

static const char *combined_reason(const Busy *b) {
        bool dnd = false, inhibited = false;

        for (BusySource s = 0; s < _BUSY_SOURCE_MAX; s++)
                if (b->active[s] && source_respected(b, s)) {
                        if (source_is_dnd(s))
                                dnd = true;
                        else
                                inhibited = true;
                }
        /* Do-not-disturb is the user's own explicit wish, so it names the reason. */
        return dnd ? BUSY_REASON_DND : inhibited ? BUSY_REASON_IDLE_INHIBIT : "";
}

static void update_reason(Busy *b) {
        const char *reason = combined_reason(b);

        if (streq(reason, b->reason))
                return;
        b->reason = reason;
        if (isempty(reason))
                log_info("No longer busy: reminders may come");
        else
                log_info("Busy (%s): reminders wait", reason);
        if (b->changed)
                b->changed(b->userdata, reason);
}

void busy_source_set(Busy *b, BusySource source, bool busy) {
        if (!b || source >= _BUSY_SOURCE_MAX)
                return;
        /* Kept even while its group is not respected (GNOME's comes in regardless), so
         * that respecting it later starts from the truth. */
        b->active[source] = busy;
        update_reason(b);
}

static void on_watch_report(void *userdata, BusySource source, bool busy) {
        busy_source_set(userdata, source, busy);
}

/* Starts the watchers of the respected groups that do not run yet, stops the others. */
static int update_watches(Busy *b) {
        int r;

        for (size_t i = 0; i < ELEMENTSOF(watch_specs); i++) {
                const BusyWatchSpec *spec = watch_specs[i];
                BusySource s = spec->source;
                sd_bus *bus = spec->system_bus ? b->system_bus : b->user_bus;

                if (!source_respected(b, s)) {
                        b->watches[s] = busy_watch_free(b->watches[s]);
                        b->active[s] = false;
                        continue;
                }
                if (b->watches[s])
                        continue;
                if (!bus) {
                        log_debug("No %s bus: %s not watched", spec->system_bus ? "system" : "session", spec->label);
                        continue;
                }
                r = busy_watch_new(bus, spec, on_watch_report, b, &b->watches[s]);
                if (r == -ENOMEM)
                        return r;
                if (r < 0)
                        log_warning_errno(r, "Cannot watch %s: %m, ignoring", spec->label);
        }
        return 0;
}

int busy_new(sd_event *event, sd_bus *user_bus, sd_bus *system_bus, bool respect_dnd,
             bool respect_inhibitors, busy_changed_t changed, void *userdata, Busy **ret) {
        _cleanup_(busy_freep) Busy *b = NULL;
        int r;

        b = calloc(1, sizeof(Busy));
        if (!b)
                return -ENOMEM;
        *b = (Busy) {
                .event = sd_event_ref(event),
                .user_bus = sd_bus_ref(user_bus),
                .system_bus = sd_bus_ref(system_bus),
                .respect_dnd = respect_dnd,
                .respect_inhibitors = respect_inhibitors,
                .reason = "",
                .changed = changed,
                .userdata = userdata,
        };

        r = update_watches(b);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(b);
        return 0;
}

int busy_set_respect(Busy *b, bool respect_dnd, bool respect_inhibitors) {
        int r;

        b->respect_dnd = respect_dnd;
        b->respect_inhibitors = respect_inhibitors;
        r = update_watches(b);
        update_reason(b);
        return r;
}

Busy *busy_free(Busy *b) {
        if (!b)
                return NULL;
        for (BusySource s = 0; s < _BUSY_SOURCE_MAX; s++)
                busy_watch_free(b->watches[s]);
        sd_event_source_disable_unref(b->recheck);
        sd_event_unref(b->event);
        sd_bus_unref(b->user_bus);
        sd_bus_unref(b->system_bus);
        free(b);
        return NULL;
}

const char *busy_reason(const Busy *b) {
        return b ? b->reason : "";
}

void busy_set_gnome_dnd(Busy *b, bool dnd) {
        busy_source_set(b, BUSY_SOURCE_GNOME_DND, dnd);
}

int busy_refresh(Busy *b) {
        if (!b)
                return 0;
        for (BusySource s = 0; s < _BUSY_SOURCE_MAX; s++)
                (void) busy_watch_refresh(b->watches[s]);
        return 0;
}

static bool any_unannounced(const Busy *b) {
        for (BusySource s = 0; s < _BUSY_SOURCE_MAX; s++)
                if (busy_watch_unannounced(b->watches[s]))
                        return true;
        return false;
}

static int on_recheck(sd_event_source *s, uint64_t usec, void *userdata) {
        Busy *b = userdata;

        log_debug("A reminder is held back: reading the servers that announce nothing");
        (void) busy_refresh(b);         /* may call changed, which may call busy_set_held() */
        if (b->held && any_unannounced(b))
                (void) sd_event_source_set_time_relative(s, RECHECK_INTERVAL);
        else
                (void) sd_event_source_set_enabled(s, SD_EVENT_OFF);
        return 0;
}

static void update_recheck(Busy *b) {
        int r = 0;

        if (!(b->held && any_unannounced(b))) {
                if (b->recheck)
                        (void) sd_event_source_set_enabled(b->recheck, SD_EVENT_OFF);
                return;
        }
        if (!b->recheck) {
                r = sd_event_add_time_relative(b->event, &b->recheck, CLOCK_BOOTTIME, RECHECK_INTERVAL,
                                               USEC_PER_SEC, on_recheck, b);
                if (r >= 0)
                        (void) sd_event_source_set_description(b->recheck, "busy-recheck");
        } else {
                r = sd_event_source_set_time_relative(b->recheck, RECHECK_INTERVAL);
                if (r >= 0)
                        r = sd_event_source_set_enabled(b->recheck, SD_EVENT_ON);
        }
        if (r < 0)
                log_warning_errno(r, "Cannot arm the do-not-disturb re-check: %m, ignoring");
}

void busy_set_held(Busy *b, bool held) {
        if (!b || b->held == held)
                return;
        b->held = held;
        update_recheck(b);
}
