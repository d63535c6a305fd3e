/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The Manager ties limberd together: it owns the configuration, the catalog, the scheduler
 * and its one timer, and the objects around it (storage, problems, day, idle monitor, desk,
 * reminder, the logind and screen saver watchers, tray, sync); it wires their reports to the
 * scheduler, carries out what the scheduler asks for (remind, record history), and tells the
 * bus what changed. */

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "core/catalog.h"
#include "core/config.h"
#include "core/scheduler.h"
#include "day.h"
#include "desk.h"
#include "idle/idle-monitor.h"
#include "notify/notify.h"
#include "problems.h"
#include "reminder.h"
#include "session/logind.h"
#include "session/screensaver.h"
#include "storage.h"
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
        sd_bus_slot *object_slot;

        char *explicit_config;          /* --config FILE, or NULL */
        char *writable_config;          /* where SetConfig writes: FILE or the user file */
        char *catalog_path;
        char *dropin_dir;
        Storage *storage;               /* the state folder: history, activity, state, lock */
        Problems *problems;             /* the Problems list and its notification */
        Day *day;                       /* midnight, working hours, today's counts */

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

        Published published;
        bool dirty;                     /* the saved state is behind */
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

