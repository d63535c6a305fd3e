/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <fcntl.h>
#include <inttypes.h>
#include <time.h>
#include <unistd.h>

#include "core/config.h"
#include "core/state.h"
#include "files/catalog-load.h"
#include "files/config-file.h"
#include "files/paths.h"
#include "files/state-file.h"
#include "limber-config.h"
#include "manager-command.h"
#include "manager-dbus.h"
#include "manager-sync.h"
#include "manager-tray.h"
#include "manager.h"
#include "session/time-change.h"
#include "util/duration.h"
#include "util/i18n.h"
#include "util/log.h"

/* How late a scheduler deadline may fire, so the kernel can batch wake-ups. */
#define TIMER_ACCURACY (50 * USEC_PER_MSEC)

/* The scheduler counts on CLOCK_BOOTTIME, which runs through suspend and is never set, shifted
 * by a century so that it can also name moments before this boot: the downtime that ended
 * with it may have begun days earlier (a reboot after a weekend). Only arm_timer() and the
 * idle sources' reports cross between the two. */
#define SCHEDULER_EPOCH (100 * 366 * USEC_PER_DAY)

usec_t manager_now(void) {
        return now_boottime() + SCHEDULER_EPOCH;
}

usec_t manager_from_boottime(usec_t boottime) {
        return boottime + SCHEDULER_EPOCH;
}

usec_t manager_to_realtime(usec_t boottime) {
        usec_t now = manager_now(), rt = now_realtime();

        return boottime >= now ? usec_add(rt, boottime - now) : usec_sub(rt, now - boottime);
}

usec_t manager_from_realtime(usec_t realtime) {
        usec_t now = manager_now(), rt = now_realtime();

        if (realtime == 0)
                return 0;
        return realtime >= rt ? usec_add(now, realtime - rt) : usec_sub(now, rt - realtime);
}

/* ---- what the scheduler asks for --------------------------------------------------- */

static char *join_ids(char * const *ids) {
        size_t len = 1;
        char *s;

        for (char * const *i = ids; i && *i; i++)
                len += strlen(*i) + 1;
        s = calloc(1, len);
        if (!s)
                return NULL;
        for (char * const *i = ids; i && *i; i++) {
                if (i != ids)
                        strcat(s, ",");
                strcat(s, *i);
        }
        return s;
}

static void record(Manager *m, const SchedulerEvent *e) {
        _cleanup_(freep) char *ids = join_ids(e->exercises);
        HistoryRecord r = {
                .realtime = manager_to_realtime(e->time),
                .kind = e->kind,
                .duration = e->duration,
                .exercises = ids ?: (char *) "",
                .note = (char *) strempty(e->note),
        };

        /* Kept in memory and retried if it cannot be written now; a method that caused it
         * answers with the failure. */
        (void) storage_append(m->storage, e->kind == HISTORY_ACTIVE, &r);
        manager_sync_record(m, e->kind == HISTORY_ACTIVE, &r);
        if (e->kind == HISTORY_ACTIVE)
                return;

        /* Every break that ends, of whatever kind, is announced; a snooze is not a break. */
        if (e->kind != HISTORY_SNOOZED)
                manager_dbus_emit_break_finished(m, e->kind, e->duration);

        day_note_record(m->day, &r);
        m->dirty = true;
}

/* The scheduler says today's active time reached the daily limit: one notification. */
static void daily_limit_reached(Manager *m, usec_t active) {
        char d[32];

        log_info("Today's active time reached the daily limit (%s)", duration_format(d, active));
        (void) notifier_show_daily_limit(reminder_notifier(m->reminder), active);
}

static void on_scheduler_event(void *userdata, const SchedulerEvent *e) {
        Manager *m = userdata;

        reminder_scheduler_event(m->reminder, e);
        switch (e->type) {
        case SCHEDULER_EVENT_BREAK_STARTED:
                manager_dbus_emit_break_started(m, strempty(scheduler_current_exercise(&m->scheduler)));
                break;
        case SCHEDULER_EVENT_RECORD:
                record(m, e);
                break;
        case SCHEDULER_EVENT_DAILY_LIMIT:
                daily_limit_reached(m, e->duration);
                break;
        default:
                break;
        }
}

/* ---- what the Reminder reports ------------------------------------------------------ */

static void on_reminder_due(void *userdata, const char *exercise) {
        manager_dbus_emit_break_due(userdata, exercise);
}

static void on_reminder_command(void *userdata, const char *action) {
        ManagerCommand c;

        if (manager_command_from_action(action, &c) < 0)
                return;
        (void) manager_run_command(userdata, MANAGER_COMMAND_FROM_NOTIFICATION, &c, NULL);
}

static usec_t on_reminder_today(void *userdata) {
        Manager *m = userdata;

        return day_today_start(m->day);
}

static const ReminderCallbacks reminder_callbacks = {
        .due = on_reminder_due,
        .command = on_reminder_command,
        .today = on_reminder_today,
};

/* ---- events from the desktop -------------------------------------------------------- */

static void on_idle_input(void *userdata, bool idle, usec_t since) {
        Manager *m = userdata;

        scheduler_set_input_idle(&m->scheduler, manager_now(), idle, idle ? manager_from_boottime(since) : 0);
}

static void on_idle_changed(void *userdata) {
        manager_changed(userdata);
}

static const IdleMonitorCallbacks idle_callbacks = {
        .input = on_idle_input,
        .changed = on_idle_changed,
};

static void on_desk(void *userdata, const char *busy, const char *presence) {
        Manager *m = userdata;
        usec_t now = manager_now();

        scheduler_set_present(&m->scheduler, now, !isempty(presence));
        scheduler_set_busy(&m->scheduler, now, !isempty(busy));
        manager_changed(m);
}

static void update_locked(Manager *m) {
        scheduler_set_locked(&m->scheduler, manager_now(), m->logind_locked || m->screensaver_locked);
        manager_changed(m);
}

static void on_locked(void *userdata, bool locked) {
        Manager *m = userdata;

        m->logind_locked = locked;
        update_locked(m);
}

static void on_screensaver_locked(void *userdata, bool locked) {
        Manager *m = userdata;

        m->screensaver_locked = locked;
        update_locked(m);
}

static void on_sleep(void *userdata, bool asleep) {
        Manager *m = userdata;

        if (asleep)
                scheduler_flush_activity(&m->scheduler, manager_now());
        scheduler_set_asleep(&m->scheduler, manager_now(), asleep);
        manager_changed(m);
        if (asleep)
                (void) manager_save_state(m);
}

static int on_timer(sd_event_source *s, uint64_t usec, void *userdata) {
        Manager *m = userdata;

        /* The one watcher without change signals (an old mako) is read when it matters. */
        desk_refresh(m->desk);
        scheduler_advance(&m->scheduler, manager_now());
        manager_changed(m);
        return 0;
}

/* ---- publishing --------------------------------------------------------------------- */

/* FNV-1a over the ids and the step length: BreakPlan is announced when it changes. */
static uint64_t plan_hash(char * const *plan, usec_t step) {
        uint64_t h = UINT64_C(14695981039346656037) ^ step;

        for (char * const *id = plan; id && *id; id++)
                for (const char *c = *id; ; c++) {
                        h = (h ^ (unsigned char) *c) * UINT64_C(1099511628211);
                        if (!*c)
                                break;
                }
        return h;
}

Published manager_snapshot_part(Manager *m, PublishedPart parts) {
        const char *exercise = scheduler_current_exercise(&m->scheduler);
        Published p = {
                .state = scheduler_state(&m->scheduler),
                .interval_usec = m->config.interval,
                .idle = scheduler_idle(&m->scheduler),
                .idle_source = idle_monitor_source_name(m->idle),
                .breaks_today = day_breaks_today(m->day),
                .skipped_today = day_skipped_today(m->day),
                .posture = posture_to_string(m->config.posture),
                .busy_reason = desk_busy_reason(m->desk),
                .presence_reason = desk_presence_reason(m->desk),
                .storage_changes = storage_changes(m->storage),
                .active_counted_at_usec = m->published.active_counted_at_usec,
        };
        usec_t now = parts != 0 ? manager_now() : 0;

        if (parts & PUBLISHED_ACTIVE) {
                p.active_usec = scheduler_active_usec(&m->scheduler, now);
                p.active_today_usec = scheduler_active_today(&m->scheduler, now);
        }
        if (parts & PUBLISHED_MOMENTS) {
                usec_t next = scheduler_next_break(&m->scheduler, now);
                usec_t pause = scheduler_pause_remaining(&m->scheduler, now);

                p.next_break_usec = next == 0 ? 0 : manager_to_realtime(next);
                /* Off hours nothing counts: the next break is the work left, after they resume. */
                if (p.state == SCHEDULER_OFF_HOURS && day_hours_resume(m->day) > 0 && next > 0)
                        p.next_break_usec = usec_add(day_hours_resume(m->day), usec_sub(next, now));
                p.paused_until_usec = pause == 0 || pause == USEC_INFINITY ? pause : usec_add(now_realtime(), pause);
                if (p.state == SCHEDULER_ON_BREAK) {
                        p.break_ends_usec = manager_to_realtime(scheduler_break_end(&m->scheduler));
                        p.break_step_ends_usec = manager_to_realtime(scheduler_step_end(&m->scheduler));
                }
        }
        if (p.state == SCHEDULER_ON_BREAK) {
                p.break_step = m->scheduler.break_step + 1;
                p.break_steps = (unsigned) MAX(strv_length(m->scheduler.plan), (size_t) 1);
        }
        snprintf(p.current_exercise, sizeof(p.current_exercise), "%s", strempty(exercise));
        p.plan_hash = plan_hash(m->scheduler.plan, scheduler_step_duration(&m->scheduler));
        return p;
}

static void publish(Manager *m) {
        if (!manager_dbus_publish(m))
                return;
        m->dirty = true;
        log_debug("State: %s", scheduler_state_to_string(m->published.state));
}

static void arm_timer(Manager *m) {
        usec_t d = scheduler_next_deadline(&m->scheduler);
        int r;

        if (d == USEC_INFINITY) {
                (void) sd_event_source_set_enabled(m->timer, SD_EVENT_OFF);
                return;
        }
        r = sd_event_source_set_time(m->timer, usec_sub(d, SCHEDULER_EPOCH));
        if (r >= 0)
                r = sd_event_source_set_enabled(m->timer, SD_EVENT_ONESHOT);
        if (r < 0)
                log_error_errno(r, "Cannot arm the break timer: %m");
}

void manager_changed(Manager *m) {
        manager_sync_update(m);
        desk_set_held(m->desk, scheduler_state(&m->scheduler) == SCHEDULER_DEFERRED);
        reminder_flush(m->reminder);
        arm_timer(m);
        publish(m);
        tray_changed(m->tray);
        problems_update(m->problems);
        if (m->dirty)
                (void) manager_save_state(m);
        if (storage_changes(m->storage) != m->published.storage_changes) {
                publish(m);     /* the save failed, or worked again */
                problems_update(m->problems);
        }
}

void manager_stop(Manager *m) {
        scheduler_flush_activity(&m->scheduler, manager_now());
        storage_stop(m->storage);
        (void) manager_save_state(m);
}

int manager_save_state(Manager *m) {
        usec_t now = manager_now(), pause = scheduler_pause_remaining(&m->scheduler, now);
        SavedState s = {
                .saved_realtime = now_realtime(),
                .active_usec = scheduler_active_usec(&m->scheduler, now),
                .paused_until = pause == 0 || pause == USEC_INFINITY ? pause : usec_add(now_realtime(), pause),
                .plan = m->scheduler.plan,
                .previous_plan = m->scheduler.previous_plan,
                .skips = m->scheduler.skips_in_row,
        };
        int r;

        r = storage_save_state(m->storage, &s);
        if (r < 0)
                return r;
        m->dirty = false;
        return 0;
}

/* ---- configuration ------------------------------------------------------------------ */

/* The shipped exercises.ini is data: looked up in $XDG_DATA_DIRS, then where we were
 * installed. */
static int find_catalog(char **ret) {
        int r = paths_find_data("limber/exercises.ini", ret);

        if (r != -ENOENT)
                return r;
        *ret = strdup(LIMBER_PKGDATADIR "/exercises.ini");
        return *ret ? 0 : -ENOMEM;
}

static int load_catalog(Manager *m, Catalog **ret) {
        _cleanup_(strv_freep) char **languages = NULL;
        int r;

        if (i18n_languages(&languages) < 0)
                return log_oom();
        r = catalog_load(m->catalog_path, m->dropin_dir, languages, ret);
        if (r < 0)
                return log_warning_errno(r, "Cannot load the exercise catalog %s: %m", m->catalog_path);
        return 0;
}

/* Makes new the running configuration (taking its contents) and applies what changed. */
static void apply_config(Manager *m, Config *new) {
        bool restart_idle = new->idle_source != m->config.idle_source || new->idle_after != m->config.idle_after;
        bool hours_changed = !streq_ptr(new->working_hours, m->config.working_hours);
        SchedulerConfig sc = config_scheduler(new);

        config_done(&m->config);
        m->config = *new;
        *new = (Config) {};

        reminder_apply_config(m->reminder, &m->config);
        desk_apply_config(m->desk, &m->config);
        scheduler_set_config(&m->scheduler, manager_now(), &sc);
        if (restart_idle)
                (void) idle_monitor_set_source(m->idle, m->config.idle_source, m->config.idle_after);
        if (hours_changed)
                day_set_working_hours(m->day, &m->config.hours);
        (void) manager_tray_apply(m);
        manager_sync_apply(m);
        problems_check_config(m->problems, &m->config);
        manager_changed(m);
}

int manager_reload(Manager *m, char **ret_error) {
        _cleanup_(config_done) Config new = {};
        _cleanup_(strv_freep) char **errors = NULL;
        Catalog *catalog = NULL;
        int r;

        r = config_init(&new);
        if (r >= 0)
                r = config_load_lenient(&new, m->explicit_config, &errors);
        if (r < 0)
                return r;
        if (errors) {
                /* Every error, one a line: the file is fixed in one go. */
                *ret_error = strv_join(errors, "\n");
                problems_set_config(m->problems, TAKE_PTR(errors));
                problems_check_config(m->problems, &m->config);
                manager_changed(m);
                return -EINVAL;
        }
        problems_set_config(m->problems, NULL);

        /* A broken catalog keeps the one we have; broken entries were already skipped. */
        if (load_catalog(m, &catalog) >= 0) {
                scheduler_set_catalog(&m->scheduler, manager_now(), catalog);
                reminder_set_catalog(m->reminder, catalog);
                catalog_free(m->catalog);
                m->catalog = catalog;
        }
        apply_config(m, &new);
        /* A source that could not start before may be offered now. */
        idle_monitor_reprobe(m->idle);
        log_info("Configuration reloaded");
        return 0;
}

int manager_set_config(Manager *m, const char *key, const char *value, char **ret_error) {
        _cleanup_(config_done) Config new = {};
        _cleanup_(freep) char *formatted = NULL;
        int r;

        r = config_copy(&new, &m->config);
        if (r < 0)
                return r;
        r = config_set(&new, key, value, ret_error);
        if (r < 0)
                return r;
        r = config_get(&new, key, &formatted);
        if (r < 0)
                return r;

        /* Written first: the file and the running daemon must not disagree. */
        r = config_write_key(m->writable_config, key, formatted, ret_error);
        if (r == -EBADMSG)
                return r;       /* *ret_error names the line */
        if (r == -EWOULDBLOCK) {
                if (asprintf(ret_error, _("%s: another program holds a lock on %s or its folder (flock); "
                                          "nothing was changed, try again when it is released"),
                             key, m->writable_config) < 0)
                        *ret_error = NULL;
                return -EIO;
        }
        if (r < 0) {
                if (asprintf(ret_error, _("%s: cannot write %s: %s"), key, m->writable_config, strerror(-r)) < 0)
                        *ret_error = NULL;
                return -EIO;
        }
        log_info("%s set to %s in %s", key, formatted, m->writable_config);
        apply_config(m, &new);
        return 0;
}

int manager_unset_config(Manager *m, const char *key, char **ret_error) {
        int r;

        r = config_write_key(m->writable_config, key, NULL, ret_error);
        if (r == -EBADMSG)
                return r;       /* *ret_error names the line */
        if (r < 0) {
                if (asprintf(ret_error, _("%s: cannot write %s: %s"), key, m->writable_config, strerror(-r)) < 0)
                        *ret_error = NULL;
                return -EIO;
        }
        log_info("%s unset in %s", key, m->writable_config);
        /* What applies now comes from the other files or the default: read them all again. */
        return manager_reload(m, ret_error);
}

/* ---- life cycle --------------------------------------------------------------------- */

static void on_storage_retried(void *userdata) {
        Manager *m = userdata;

        m->dirty = true;        /* the state written now is the one that counts */
        manager_changed(m);
}

static bool on_storage_open_span(void *userdata, HistoryRecord *ret) {
        Manager *m = userdata;
        usec_t start;

        if (!scheduler_open_span(&m->scheduler, manager_now(), &start, &ret->duration))
                return false;
        ret->realtime = manager_to_realtime(start);
        return true;
}

static const StorageCallbacks storage_callbacks = {
        .retried = on_storage_retried,
        .open_span = on_storage_open_span,
};

/* The lines of Problems that the Manager's other parts report: the files, the sync folder,
 * the catalog. */
static int on_problems_gather(void *userdata, char ***l) {
        Manager *m = userdata;
        int r;

        r = storage_problems(m->storage, l);
        if (r >= 0)
                r = manager_sync_problems(m, l);
        for (char **w = m->catalog ? m->catalog->warnings : NULL; r >= 0 && w && *w; w++)
                r = strv_extend(l, *w);
        if (r >= 0 && !m->catalog)
                r = strv_extend(l, _("the exercise catalog cannot be read: reminders suggest no exercise"));
        return r < 0 ? -ENOMEM : 0;
}

static void on_problems_changed(void *userdata) {
        manager_changed(userdata);
}

static const ProblemsCallbacks problems_callbacks = {
        .gather = on_problems_gather,
        .changed = on_problems_changed,
};

/* Today's records, told to the scheduler with the span it counts now (for the daily limit, and
 * so that a break logged later overlaps neither the latest break nor the latest span). */
static void on_day_counted(void *userdata, usec_t active_today, usec_t break_until, usec_t active_until) {
        Manager *m = userdata;
        usec_t now = manager_now(), start, duration;

        scheduler_note_records(&m->scheduler, now, manager_from_realtime(break_until),
                               manager_from_realtime(active_until));
        if (scheduler_open_span(&m->scheduler, now, &start, &duration))
                active_today = usec_add(active_today, day_part_today(m->day, manager_to_realtime(start), duration));
        scheduler_new_day(&m->scheduler, now, active_today);
}

static void on_day_off_hours(void *userdata, bool off_hours) {
        Manager *m = userdata;

        scheduler_set_off_hours(&m->scheduler, manager_now(), off_hours);
}

static void on_day_changed(void *userdata) {
        manager_changed(userdata);
}

static const DayCallbacks day_callbacks = {
        .counted = on_day_counted,
        .off_hours = on_day_off_hours,
        .changed = on_day_changed,
};

int manager_new(const char *explicit_config, sd_event *event, sd_bus *bus, sd_bus *system_bus, Manager **ret) {
        _cleanup_(manager_freep) Manager *m = NULL;
        _cleanup_(freep) char *error = NULL, *state_dir = NULL;
        int r;

        m = calloc(1, sizeof(Manager));
        if (!m)
                return log_oom();
        m->event = sd_event_ref(event);
        m->bus = sd_bus_ref(bus);
        m->system_bus = sd_bus_ref(system_bus);
        r = problems_new(m->bus, &problems_callbacks, m, &m->problems);
        if (r < 0)
                return r;

        r = config_init(&m->config);
        if (r < 0)
                return log_oom();
        if (explicit_config) {
                /* --config FILE is a deliberate check: an invalid FILE fails. */
                r = config_load(&m->config, explicit_config, &error);
                if (r < 0) {
                        if (error)
                                log_error("%s", error);
                        else
                                log_error_errno(r, "Cannot read the configuration: %m");
                        return -EINVAL;
                }
        } else {
                /* Never silently off: a typo costs its own line, not every reminder. */
                _cleanup_(strv_freep) char **errors = NULL;

                r = config_load_lenient(&m->config, NULL, &errors);
                if (r < 0)
                        return log_oom();
                if (errors)
                        log_warning("The configuration has errors; their lines are ignored, the rest applies");
                problems_set_config(m->problems, TAKE_PTR(errors));
        }
        problems_check_config(m->problems, &m->config);

        if (explicit_config) {
                m->explicit_config = strdup(explicit_config);
                m->writable_config = strdup(explicit_config);
                if (!m->explicit_config || !m->writable_config)
                        return log_oom();
        } else {
                r = paths_user_config(&m->writable_config);
                if (r < 0)
                        return log_error_errno(r, "Cannot find the user configuration folder (is $HOME set?): %m");
        }

        r = paths_state_dir(&state_dir);
        if (r < 0)
                return log_error_errno(r, "Cannot find the state folder (is $HOME set?): %m");
        r = storage_new(m->event, state_dir, &storage_callbacks, m, &m->storage);
        if (r < 0)
                return r;
        r = day_new(m->event, m->storage, &day_callbacks, m, &m->day);
        if (r < 0)
                return r;
        /* The configuration folder may be shared: only what nobody wrote to for a minute. */
        r = remove_stale_temporaries(m->writable_config, USEC_PER_MINUTE);
        if (r > 0)
                log_info("Removed %d temporary file(s) an interrupted write left beside %s", r,
                         m->writable_config);

        r = find_catalog(&m->catalog_path);
        if (r < 0)
                return log_oom();
        r = paths_exercises_dropin_dir(&m->dropin_dir);
        if (r < 0)
                return log_oom();
        if (load_catalog(m, &m->catalog) < 0)
                log_warning("Reminders will not suggest exercises");

        r = reminder_new(m->event, m->bus, &m->scheduler, &reminder_callbacks, m, &m->reminder);
        if (r < 0)
                return log_error_errno(r, "Cannot set up notifications: %m");
        problems_watch(m->problems, reminder_notifier(m->reminder));
        reminder_set_catalog(m->reminder, m->catalog);
        reminder_apply_config(m->reminder, &m->config);

        *ret = TAKE_PTR(m);
        return 0;
}

static void restore_state(Manager *m) {
        _cleanup_(saved_state_done) SavedState s = {};
        usec_t now = manager_now(), rt = now_realtime(), downtime, pause = 0;
        int r;

        r = storage_load_state(m->storage, &s);
        if (r == -ENOENT)
                return;
        if (r < 0) {
                log_warning("Starting the count from zero (the saved state could not be used)");
                return;
        }

        /* A wall clock set back must not make the downtime huge or negative. */
        downtime = usec_sub(rt, s.saved_realtime);
        if (s.paused_until == USEC_INFINITY)
                pause = USEC_INFINITY;
        else if (s.paused_until > rt)
                pause = s.paused_until - rt;

        /* The row of skips goes on after a restart, unless the downtime was a break. */
        r = scheduler_restore(&m->scheduler, now, s.active_usec, s.skips, downtime, pause, s.plan, s.previous_plan);
        if (r < 0)
                log_warning_errno(r, "Cannot restore the saved state: %m, starting from zero");
        else {
                char a[32], d[32];
                /* From the last save that worked: limberd stopped then, or could not save after. */
                log_info("Restored %s of active time (the state was last saved %s ago)",
                         duration_format(a, scheduler_active_usec(&m->scheduler, now)), duration_format(d, downtime));
        }
}

int manager_start(Manager *m) {
        SchedulerConfig sc = config_scheduler(&m->config);
        int r;

        scheduler_init(&m->scheduler, &sc, m->catalog, manager_now(), now_realtime() ^ (uint64_t) getpid(),
                       on_scheduler_event, m);
        restore_state(m);
        day_count(m->day);              /* after restoring: it tells the scheduler about today */
        manager_sync_apply(m);

        r = sd_event_add_time(m->event, &m->timer, CLOCK_BOOTTIME, USEC_INFINITY, TIMER_ACCURACY, on_timer, m);
        if (r < 0)
                return log_error_errno(r, "Cannot create the break timer: %m");
        (void) sd_event_source_set_description(m->timer, "break-timer");
        r = day_start(m->day, &m->config.hours);
        if (r < 0)
                return r;

        r = logind_new(m->system_bus, on_locked, on_sleep, m, &m->logind);
        if (r < 0)
                return log_error_errno(r, "Cannot watch logind: %m");
        r = screensaver_new(m->bus, on_screensaver_locked, m, &m->screensaver);
        if (r < 0)
                log_warning_errno(r, "Cannot watch the screen saver: %m; only logind tells about the lock");
        r = idle_monitor_new(m->event, m->bus, m->system_bus, &idle_callbacks, m, &m->idle);
        if (r >= 0)
                r = idle_monitor_set_source(m->idle, m->config.idle_source, m->config.idle_after);
        if (r < 0)
                return log_error_errno(r, "Cannot start an idle source: %m");

        r = desk_new(m->event, m->bus, m->system_bus, &m->config, reminder_notifier(m->reminder), on_desk, m,
                     &m->desk);
        if (r < 0)
                return r;

        r = manager_dbus_add_object(m);
        if (r < 0)
                return r;
        (void) manager_tray_apply(m);

        m->published = (Published) { .state = _SCHEDULER_STATE_MAX };
        m->dirty = true;
        manager_changed(m);
        return 0;
}

Manager *manager_free(Manager *m) {
        if (!m)
                return NULL;
        sd_bus_slot_unref(m->object_slot);
        sd_event_source_disable_unref(m->timer);
        day_free(m->day);
        idle_monitor_free(m->idle);
        logind_free(m->logind);
        screensaver_free(m->screensaver);
        reminder_free(m->reminder);     /* before the desk: its notifier reports GNOME's do-not-disturb to it */
        desk_free(m->desk);
        tray_free(m->tray);
        sync_free(m->sync);
        scheduler_done(&m->scheduler);
        catalog_free(m->catalog);
        config_done(&m->config);
        free(m->explicit_config);
        free(m->writable_config);
        free(m->catalog_path);
        free(m->dropin_dir);
        storage_free(m->storage);
        problems_free(m->problems);
        sd_bus_unref(m->system_bus);
        sd_bus_unref(m->bus);
        sd_event_unref(m->event);
        free(m);
        return NULL;
}
