/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The Manager ties limberd together: it owns the configuration, the catalog, the scheduler,
 * the idle source, the logind and screen saver watchers and the notifier; it feeds the scheduler the time and
 * events, carries out what the scheduler asks for (notify, record history), keeps exactly one
 * timer armed for the scheduler's next deadline, and tells the bus what changed. */

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "busy/busy.h"
#include "core/catalog.h"
#include "core/config.h"
#include "core/scheduler.h"
#include "idle/idle-source.h"
#include "manager-storage.h"
#include "notify/notify.h"
#include "session/logind.h"
#include "session/screensaver.h"

/* What the bus last saw, to emit PropertiesChanged for exactly what changed. */
typedef struct Published {
        SchedulerState state;
        usec_t active_usec;
        usec_t active_counted_at_usec;  /* CLOCK_REALTIME: ActiveUsec last changed other than
                                         * by growing (manager_dbus_publish() sets it) */
        usec_t interval_usec;
        usec_t next_break_usec;
        usec_t paused_until_usec;
        bool idle;
        const char *idle_source;
        unsigned breaks_today;
        unsigned skipped_today;
        const char *posture;
        const char *busy_reason;
        char current_exercise[65];
        unsigned storage_changes;       /* Storage.changes: what Problems says of the files */
} Published;

typedef struct Manager {
        sd_event *event;
        sd_bus *bus;                    /* session bus: our name, idle monitors */
        sd_bus *system_bus;             /* logind; NULL when there is none */
        sd_event_source *timer;         /* the scheduler's next deadline, CLOCK_BOOTTIME */
        sd_event_source *midnight;      /* resets today's counts, CLOCK_REALTIME */
        sd_event_source *hours_timer;   /* the next working-hours boundary, CLOCK_REALTIME */
        sd_event_source *time_change;   /* the wall clock was set */
        sd_event_source *idle_restart;  /* deferred: the idle source was lost, pick one again */
        sd_bus_slot *object_slot;

        char *explicit_config;          /* --config FILE, or NULL */
        char *writable_config;          /* where SetConfig writes: FILE or the user file */
        char *catalog_path;
        char *dropin_dir;
        char *history_path;
        char *activity_path;            /* spans of active time, for limberctl stats */
        char *state_path;
        Storage storage;                /* what could not be written yet, the folder's lock */

        Config config;
        Catalog *catalog;
        Scheduler scheduler;
        IdleSource *idle;
        Logind *logind;
        ScreenSaver *screensaver;
        Notifier *notifier;
        Busy *busy;                     /* do-not-disturb and idle inhibitors */
        /* Locked is the OR of both: either may be the only one that knows. */
        bool logind_locked;
        bool screensaver_locked;

        usec_t today_start;             /* CLOCK_REALTIME of the last local midnight */
        unsigned breaks_today;
        unsigned skipped_today;

        bool remind_pending;            /* the scheduler asked for a reminder: see flush_reminder() */
        bool remind_critical;
        bool remind_quiet;

        Published published;
        bool dirty;                     /* the saved state is behind */
} Manager;

/* Reads configuration and catalog; fails (with the message logged) on an invalid config. */
int manager_new(const char *explicit_config, sd_event *event, sd_bus *bus, sd_bus *system_bus, Manager **ret);
Manager *manager_free(Manager *m);
static inline void manager_freep(Manager **m) {
        manager_free(*m);
}

/* Restores the saved state, starts idle sources and the bus object. */
int manager_start(Manager *m);

/* After anything happened: re-arm the timer, publish changes, save state if needed. */
void manager_changed(Manager *m);

/* The values of the bus properties now. */
Published manager_snapshot(Manager *m);

/* Saves the running state now (at transitions, before sleep). */
int manager_save_state(Manager *m);
/* Before exiting: records the active time counted so far and saves the state. */
void manager_stop(Manager *m);

/* Re-reads configuration and catalog. On an invalid file nothing changes; *ret_error says why. */
int manager_reload(Manager *m, char **ret_error);

/* Validates, writes to the config file and applies one key. */
int manager_set_config(Manager *m, const char *key, const char *value, char **ret_error);

/* The scheduler's clock (CLOCK_BOOTTIME plus a century, see manager.c), and the wall-clock
 * time of one of its moments. */
usec_t manager_now(void);
usec_t manager_to_realtime(usec_t boottime);

/* manager-problems.c: the Problems property, a NULL-terminated list (NULL when all is well). */
int manager_problems(Manager *m, char ***ret);

/* manager-day.c: recounts today's breaks and skips from the history. */
void manager_count_today(Manager *m);
/* Tells the scheduler whether now is within working hours and arms a wall-clock timer for
 * the next boundary. */
void manager_update_working_hours(Manager *m);
/* Arms the midnight timer, watches the wall clock, applies working hours. */
int manager_day_start(Manager *m);
