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
#include "manager-problems.h"
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

static const Exercise *exercise_at(Manager *m, unsigned index) {
        char **plan = m->scheduler.plan;

        if (!m->catalog || index >= strv_length(plan))
                return NULL;
        return catalog_find(m->catalog, plan[index]);
}

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
        (void) manager_storage_append(m, e->kind == HISTORY_ACTIVE, &r);
        manager_sync_record(m, e->kind == HISTORY_ACTIVE, &r);
        if (e->kind == HISTORY_ACTIVE)
                return;

        /* Every break that ends, of whatever kind, is announced; a snooze is not a break. */
        if (e->kind != HISTORY_SNOOZED)
                manager_dbus_emit_break_finished(m, e->kind, e->duration);

        if (r.realtime >= m->today_start) {
                if (history_kind_is_break(e->kind))
                        m->breaks_today++;
                else if (e->kind == HISTORY_SKIPPED)
                        m->skipped_today++;
        }
        m->dirty = true;
}

/* The full safety rules go with the first step of the day's guided break (the reminder is
 * short). */
static char * const *rules_once(Manager *m) {
        if (!m->catalog || m->rules_shown_day == m->today_start)
                return NULL;
        m->rules_shown_day = m->today_start;
        return m->catalog->safety;
}

/* The reminder the scheduler asked for since the last flush: one notification and one BreakDue,
 * however many repeats a freeze (SIGSTOP) or a long stall made it replay at once. */
static void flush_reminder(Manager *m) {
        const char *id = scheduler_current_exercise(&m->scheduler);
        bool critical = m->remind_critical, quiet = m->remind_quiet;

        if (!m->remind_pending)
                return;
        m->remind_pending = m->remind_critical = m->remind_quiet = false;
        log_info("Break due (%s%s)", id ?: "no exercise",
                 critical ? ", critical" : quiet ? ", quietly while busy" : "");
        (void) notifier_show_reminder(m->notifier, exercise_at(m, 0),
                                      critical ? NOTIFIER_URGENCY_CRITICAL :
                                      quiet ? NOTIFIER_URGENCY_LOW : NOTIFIER_URGENCY_NORMAL,
                                      m->config.snooze, !m->remind_no_skip);
        manager_dbus_emit_break_due(m, strempty(id));
}

static void on_scheduler_event(void *userdata, const SchedulerEvent *e) {
        Manager *m = userdata;
        const char *id = scheduler_current_exercise(&m->scheduler);

        /* What comes after a reminder comes after it on screen too; a withdrawal or a guided
         * break cancels one not shown yet. */
        if (e->type == SCHEDULER_EVENT_BREAK_STEP || e->type == SCHEDULER_EVENT_BREAK_FINISHED ||
            e->type == SCHEDULER_EVENT_MICRO)
                flush_reminder(m);
        switch (e->type) {
        case SCHEDULER_EVENT_REMIND:
                /* Shown once the scheduler has caught up (flush_reminder()): after a freeze or a
                 * stall it replays every repeat it missed, and one reminder stands for them all. */
                m->remind_pending = true;
                m->remind_critical |= e->critical;
                m->remind_quiet = e->quiet && !m->remind_critical;
                m->remind_no_skip = e->no_skip;
                return;
        case SCHEDULER_EVENT_WITHDRAW:
                m->remind_pending = false;
                notifier_close(m->notifier);
                break;
        case SCHEDULER_EVENT_BREAK_STARTED:
                m->remind_pending = false;      /* the guided break takes the reminder's place */
                log_info("Guided break started");
                manager_dbus_emit_break_started(m, strempty(id));
                /* Its steps go to the window where one can be shown. */
                manager_window_break_started(m);
                break;
        case SCHEDULER_EVENT_BREAK_STEP:
                if (!manager_window_covers(m))
                        manager_show_step(m);
                else if (e->step == 0)
                        notifier_close(m->notifier);    /* the reminder: the window has the break */
                break;
        case SCHEDULER_EVENT_BREAK_FINISHED:
                log_info("Guided break ended: %s", history_kind_to_string(e->kind));
                if (manager_window_covers(m))
                        notifier_close(m->notifier);    /* the reminder, if it is still shown */
                else    /* the window says it itself */
                        (void) notifier_show_break_over(m->notifier, e->kind, e->duration);
                break;
        case SCHEDULER_EVENT_RECORD:
                record(m, e);
                break;
        case SCHEDULER_EVENT_MICRO:
                log_info("Posture nudge (%s)", strempty(e->exercise));
                (void) notifier_show_micro(m->notifier, e->exercise && m->catalog ?
                                           catalog_find(m->catalog, e->exercise) : NULL,
                                           m->config.micro_duration);
                break;
        case SCHEDULER_EVENT_DAILY_LIMIT:
                manager_daily_limit_reached(m, e->duration);
                break;
        }
}

void manager_show_step(Manager *m) {
        Scheduler *s = &m->scheduler;
        unsigned step = s->break_step;

        if (!s->on_break)
                return;
        (void) notifier_show_step(m->notifier, exercise_at(m, step), step, scheduler_plan_length(s),
                                  scheduler_step_duration(s), step == 0 ? rules_once(m) : NULL);
}

/* ---- events from the desktop -------------------------------------------------------- */

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

static void on_action(void *userdata, const char *action) {
        Manager *m = userdata;
        ManagerCommand c;

        if (streq(action, "default")) {
                /* A click on the reminder: the window on the due break; without one, the
                 * guided break in notifications. */
                int r = manager_window_show(m, true);

                if (r >= 0)
                        return;
                log_debug("%s", manager_window_refusal(r));
                c = (ManagerCommand) { .kind = MANAGER_COMMAND_START_BREAK };
        } else if (manager_command_from_action(action, &c) < 0)
                return;
        (void) manager_run_command(m, MANAGER_COMMAND_FROM_NOTIFICATION, &c, NULL);
}

static int on_timer(sd_event_source *s, uint64_t usec, void *userdata) {
        Manager *m = userdata;

        /* The one watcher without change signals (an old mako) is read when it matters. */
        (void) busy_refresh(m->busy);
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
                .idle_source = idle_source_name(m->idle),
                .breaks_today = m->breaks_today,
                .skipped_today = m->skipped_today,
                .posture = posture_to_string(m->config.posture),
                .busy_reason = m->busy ? busy_reason(m->busy) : "",
                .presence_reason = presence_reason(m->presence),
                .storage_changes = m->storage.changes,
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
                if (p.state == SCHEDULER_OFF_HOURS && m->hours_resume > 0 && next > 0)
                        p.next_break_usec = usec_add(m->hours_resume, usec_sub(next, now));
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
        busy_set_held(m->busy, scheduler_state(&m->scheduler) == SCHEDULER_DEFERRED);
        flush_reminder(m);
        arm_timer(m);
        publish(m);
        tray_changed(m->tray);
        manager_problems_update(m);
        if (m->dirty)
                (void) manager_save_state(m);
        if (m->storage.changes != m->published.storage_changes) {
                publish(m);     /* the save failed, or worked again */
                manager_problems_update(m);
        }
}

void manager_stop(Manager *m) {
        scheduler_flush_activity(&m->scheduler, manager_now());
        manager_storage_stop(m);
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

        manager_storage_check_lock(m);
        r = state_save(m->state_path, &s);
        manager_storage_note_state(m, r);       /* logs, and retries, a failure */
        if (r < 0)
                return r;
        m->dirty = false;
        return 0;
}

/* ---- configuration ------------------------------------------------------------------ */

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

        notifier_set_sound(m->notifier, m->config.sound);
        manager_presence_apply_config(m);
        scheduler_set_config(&m->scheduler, manager_now(), &sc);
        if (restart_idle)
                (void) manager_idle_start_source(m);
        if (hours_changed)
                manager_update_working_hours(m);
        (void) manager_tray_apply(m);
        manager_sync_apply(m);
        manager_problems_check_config(m);
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
                manager_problems_set_config(m, TAKE_PTR(errors));
                manager_problems_check_config(m);
                manager_changed(m);
                return -EINVAL;
        }
        manager_problems_set_config(m, NULL);

        /* A broken catalog keeps the one we have; broken entries were already skipped. */
        if (load_catalog(m, &catalog) >= 0) {
                scheduler_set_catalog(&m->scheduler, manager_now(), catalog);
                catalog_free(m->catalog);
                m->catalog = catalog;
        }
        apply_config(m, &new);
        /* A source that could not start before may be offered now. */
        manager_idle_reprobe(m);
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

int manager_new(const char *explicit_config, sd_event *event, sd_bus *bus, sd_bus *system_bus, Manager **ret) {
        _cleanup_(manager_freep) Manager *m = NULL;
        _cleanup_(freep) char *error = NULL, *state_dir = NULL;
        int r;

        m = calloc(1, sizeof(Manager));
        if (!m)
                return log_oom();
        m->storage.lock_fd = -1;
        m->event = sd_event_ref(event);
        m->bus = sd_bus_ref(bus);
        m->system_bus = sd_bus_ref(system_bus);

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
                manager_problems_set_config(m, TAKE_PTR(errors));
        }
        manager_problems_check_config(m);

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
        if (asprintf(&m->history_path, "%s/history", state_dir) < 0 ||
            asprintf(&m->state_path, "%s/state", state_dir) < 0 ||
            asprintf(&m->activity_path, "%s/activity", state_dir) < 0)
                return log_oom();
        r = mkdir_parents(state_dir, 0700);
        if (r < 0)
                log_warning_errno(r, "Cannot create %s: %m; history will not be kept", state_dir);
        else {
                r = manager_storage_lock(m);
                if (r < 0)
                        return r;
                /* Ours alone now: what a crash left there goes, whatever its age. */
                r = remove_stale_temporaries(m->state_path, 0);
                if (r > 0)
                        log_info("Removed %d temporary file(s) an interrupted save left in %s", r, state_dir);
        }
        /* The configuration folder may be shared: only what nobody wrote to for a minute. */
        r = remove_stale_temporaries(m->writable_config, USEC_PER_MINUTE);
        if (r > 0)
                log_info("Removed %d temporary file(s) an interrupted write left beside %s", r,
                         m->writable_config);

        r = manager_find_catalog(&m->catalog_path);
        if (r < 0)
                return log_oom();
        r = paths_exercises_dropin_dir(&m->dropin_dir);
        if (r < 0)
                return log_oom();
        if (load_catalog(m, &m->catalog) < 0)
                log_warning("Reminders will not suggest exercises");

        r = notifier_new(m->event, on_action, m, &m->notifier);
        if (r < 0)
                return log_error_errno(r, "Cannot set up notifications: %m");
        manager_problems_watch(m);
        notifier_set_sound(m->notifier, m->config.sound);

        *ret = TAKE_PTR(m);
        return 0;
}

static void restore_state(Manager *m) {
        _cleanup_(saved_state_done) SavedState s = {};
        usec_t now = manager_now(), rt = now_realtime(), downtime, pause = 0;
        int r;

        r = state_load(m->state_path, &s);
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
        m->scheduler.skips_in_row = s.skips;
        r = scheduler_restore(&m->scheduler, now, s.active_usec, downtime, pause, s.plan, s.previous_plan);
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
        manager_count_today(m);         /* after restoring: it tells the scheduler about today */
        manager_sync_apply(m);

        r = sd_event_add_time(m->event, &m->timer, CLOCK_BOOTTIME, USEC_INFINITY, TIMER_ACCURACY, on_timer, m);
        if (r < 0)
                return log_error_errno(r, "Cannot create the break timer: %m");
        (void) sd_event_source_set_description(m->timer, "break-timer");
        r = manager_day_start(m);
        if (r < 0)
                return r;

        r = logind_new(m->system_bus, on_locked, on_sleep, m, &m->logind);
        if (r < 0)
                return log_error_errno(r, "Cannot watch logind: %m");
        r = screensaver_new(m->bus, on_screensaver_locked, m, &m->screensaver);
        if (r < 0)
                log_warning_errno(r, "Cannot watch the screen saver: %m; only logind tells about the lock");
        r = manager_idle_start(m);
        if (r < 0)
                return log_error_errno(r, "Cannot start an idle source: %m");

        r = manager_presence_start(m);
        if (r < 0)
                return r;

        r = manager_dbus_add_object(m);
        if (r < 0)
                return r;
        (void) manager_window_start(m);
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
        manager_window_done(m);
        sd_event_source_disable_unref(m->timer);
        sd_event_source_disable_unref(m->midnight);
        sd_event_source_disable_unref(m->hours_timer);
        sd_event_source_disable_unref(m->time_change);
        manager_idle_done(m);
        logind_free(m->logind);
        screensaver_free(m->screensaver);
        notifier_free(m->notifier);     /* before busy: it reports GNOME's do-not-disturb to it */
        busy_free(m->busy);
        presence_free(m->presence);
        tray_free(m->tray);
        sync_free(m->sync);
        scheduler_done(&m->scheduler);
        catalog_free(m->catalog);
        config_done(&m->config);
        manager_problems_done(m);
        free(m->explicit_config);
        free(m->writable_config);
        free(m->catalog_path);
        free(m->dropin_dir);
        free(m->history_path);
        free(m->activity_path);
        free(m->state_path);
        manager_storage_done(m);
        sd_bus_unref(m->system_bus);
        sd_bus_unref(m->bus);
        sd_event_unref(m->event);
        free(m);
        return NULL;
}
