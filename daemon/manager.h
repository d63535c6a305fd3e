/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The Manager ties limberd together: it owns the configuration, the catalog, the scheduler,
 * the idle source, the logind and screen saver watchers and the notifier; it feeds the scheduler the time and
 * events, carries out what the scheduler asks for (notify, record history), keeps exactly one
 * timer armed for the scheduler's next deadline, and tells the bus what changed. */

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "core/catalog.h"
#include "core/config.h"
#include "core/scheduler.h"
#include "desk.h"
#include "idle/idle-monitor.h"
#include "manager-storage.h"
#include "notify/notify.h"
#include "reminder.h"
#include "session/logind.h"
#include "session/screensaver.h"
#include "sync/sync.h"
#include "tray/sni.h"

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
        const char *presence_reason;    /* why time without input counts, "" when it does not */
        usec_t active_today_usec;       /* grows by itself: never announced */
        char current_exercise[65];
        unsigned break_step;            /* 1-based step of the running guided break, 0 if none */
        unsigned break_steps;
        usec_t break_ends_usec;         /* CLOCK_REALTIME end of the running break, 0 if none */
        usec_t break_step_ends_usec;    /* CLOCK_REALTIME end of the running step, 0 if none */
        uint64_t plan_hash;             /* BreakPlan: the plan's ids and step length, hashed */
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
        IdleMonitor *idle;              /* the idle source, its restart and its better ones */
        Logind *logind;
        ScreenSaver *screensaver;
        Reminder *reminder;             /* the notifications and the break window */
        Desk *desk;                     /* busy and present: do-not-disturb, inhibitors, camera, microphone */
        Tray *tray;                     /* the panel icon; NULL with tray.enabled = false */
        Sync *sync;                     /* the sync folder; NULL with sync.folder empty */
        usec_t sync_break_seen;         /* CLOCK_REALTIME end of the last break taken elsewhere */
        /* Locked is the OR of both: either may be the only one that knows. */
        bool logind_locked;
        bool screensaver_locked;

        usec_t today_start;             /* CLOCK_REALTIME of the last local midnight */
        usec_t hours_resume;            /* CLOCK_REALTIME when working hours begin again; 0 in them */
        unsigned breaks_today;
        unsigned skipped_today;

        Published published;
        bool dirty;                     /* the saved state is behind */

        /* manager-problems.c */
        char **config_errors;           /* of the configuration files, "FILE:LINE: …" */
        char **config_warnings;         /* contradictory settings in the running configuration */
        char **problems;                /* as last published */
        char **problems_shown;          /* already said in a notification */
} Manager;

/* Reads configuration and catalog. An invalid user or system file gives the defaults for its
 * broken lines, and the errors become Problems; an invalid explicit_config (--config) fails,
 * with the message logged. */
int manager_new(const char *explicit_config, sd_event *event, sd_bus *bus, sd_bus *system_bus, Manager **ret);
Manager *manager_free(Manager *m);
static inline void manager_freep(Manager **m) {
        manager_free(*m);
}

/* Restores the saved state, starts idle sources and the bus object. */
int manager_start(Manager *m);

/* After anything happened: re-arm the timer, publish changes, save state if needed. */
void manager_changed(Manager *m);

/* What manager_snapshot_part() computes: the values held in memory always; the clocks are
 * read only for the parts asked for. */
typedef enum PublishedPart {
        PUBLISHED_ACTIVE  = 1 << 0,     /* active_usec, active_today_usec: the scheduler's clock */
        PUBLISHED_MOMENTS = 1 << 1,     /* next_break_usec, paused_until_usec, break_ends_usec,
                                         * break_step_ends_usec: both clocks */
        PUBLISHED_ALL     = PUBLISHED_ACTIVE | PUBLISHED_MOMENTS,
} PublishedPart;

/* The values of the bus properties now (a property read asks only for its own part). */
Published manager_snapshot_part(Manager *m, PublishedPart parts);
static inline Published manager_snapshot(Manager *m) {
        return manager_snapshot_part(m, PUBLISHED_ALL);
}

/* Saves the running state now (at transitions, before sleep). */
int manager_save_state(Manager *m);
/* Before exiting: records the active time counted so far and saves the state. */
void manager_stop(Manager *m);

/* Re-reads configuration and catalog. On an invalid file the running configuration stays,
 * *ret_error lists every error (one a line), and they become Problems. */
int manager_reload(Manager *m, char **ret_error);

/* Validates, writes to the config file and applies one key. */
int manager_set_config(Manager *m, const char *key, const char *value, char **ret_error);
/* Removes the key from the user's config file, then reloads: the key takes its value from
 * the system-wide files or its default. */
int manager_unset_config(Manager *m, const char *key, char **ret_error);

/* The scheduler's clock (CLOCK_BOOTTIME plus a century, see manager.c), and the wall-clock
 * time of one of its moments. */
usec_t manager_now(void);
usec_t manager_to_realtime(usec_t boottime);
/* The scheduler's time of a CLOCK_REALTIME moment; 0 stays 0 (none). */
usec_t manager_from_realtime(usec_t realtime);
/* The scheduler's time of a CLOCK_BOOTTIME moment (the idle sources' clock). */
usec_t manager_from_boottime(usec_t boottime);

/* manager-files.c: the shipped exercises.ini, from $XDG_DATA_DIRS or where limber was
 * installed. */
int manager_find_catalog(char **ret);

/* manager-problems.c: the Problems property, a NULL-terminated list (empty when all is well). */
int manager_problems(Manager *m, char ***ret);

/* manager-day.c: recounts today's breaks and skips from the history, and today's active time
 * from the activity records (told to the scheduler, for the daily limit). */
void manager_count_today(Manager *m);
/* The scheduler says today's active time reached the daily limit: one notification. */
void manager_daily_limit_reached(Manager *m, usec_t active_today);

/* manager-sync.c: opens, changes or closes the sync folder as [sync] says. */
void manager_sync_apply(Manager *m);
/* Writes a record of this machine to its subfolder of the sync folder too. */
void manager_sync_record(Manager *m, bool activity, const HistoryRecord *r);
/* Tells the scheduler what the other machines add to the count, and their breaks. */
void manager_sync_update(Manager *m);
/* The sync folder's lines for the Problems property, appended to *l. */
int manager_sync_problems(Manager *m, char ***l);
/* GetSyncRecords(since, until, activity) → (machine, records), for the bus vtable. */
int manager_sync_method_get_records(sd_bus_message *message, void *userdata, sd_bus_error *error);

/* Tells the scheduler whether now is within working hours and arms a wall-clock timer for
 * the next boundary. */
void manager_update_working_hours(Manager *m);
/* Arms the midnight timer, watches the wall clock, applies working hours. */
int manager_day_start(Manager *m);
