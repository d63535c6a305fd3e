/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Manager's wall-clock half: today's counts (reset at local midnight), the working-hours
 * timer, and what a change of the wall clock recomputes. The scheduler itself runs on
 * CLOCK_BOOTTIME and knows nothing of days or local time. */

#include <time.h>

#include "manager.h"
#include "session/time-change.h"
#include "util/duration.h"
#include "util/log.h"

/* ---- today's counts ---------------------------------------------------------------- */

static usec_t local_midnight(usec_t realtime, int days_ahead) {
        time_t t = (time_t) (realtime / USEC_PER_SEC);
        struct tm tm;

        if (!localtime_r(&t, &tm))
                return realtime;
        tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
        tm.tm_mday += days_ahead;
        tm.tm_isdst = -1;       /* let mktime find out whether that midnight is in DST */
        t = mktime(&tm);
        return t < 0 ? realtime : (usec_t) t * USEC_PER_SEC;
}

static usec_t active_today(Manager *m, usec_t break_until);

void manager_count_today(Manager *m) {
        HistoryRecord *records = NULL;
        usec_t rt = now_realtime(), break_until = 0;
        uint64_t cursor = 0;
        size_t n = 0;
        int r;

        m->today_start = local_midnight(rt, 0);
        m->breaks_today = m->skipped_today = 0;

        /* A record dated later than now (written while the clock was set ahead) is not today's:
         * it would count every day until its date. The read seeks, so it costs what today holds
         * (and the day before: a break logged now may reach back 24 hours, and must not
         * overlap one recorded then). */
        r = history_read_page(m->history_path, &m->storage.history_index,
                              MIN(m->today_start, usec_sub(rt, 25 * USEC_PER_HOUR)), usec_add(rt, USEC_PER_SEC),
                              0, &cursor, &records, &n);
        if (r < 0)
                log_warning_errno(r, "Cannot read the history %s: %m, counting today from zero", m->history_path);
        for (size_t i = 0; i < n; i++) {
                if (history_kind_is_break(records[i].kind))
                        break_until = MAX(break_until, usec_add(records[i].realtime, records[i].duration));
                if (records[i].realtime < m->today_start)
                        continue;
                if (history_kind_is_break(records[i].kind))
                        m->breaks_today++;
                else if (records[i].kind == HISTORY_SKIPPED)
                        m->skipped_today++;
        }
        history_records_free(records, n);

        scheduler_new_day(&m->scheduler, manager_now(), active_today(m, break_until));
}

/* The part of [start, start + duration) after the day began. */
static usec_t part_today(const Manager *m, usec_t start, usec_t duration) {
        usec_t end = usec_add(start, duration);

        return end > m->today_start ? end - MAX(start, m->today_start) : 0;
}

/* Today's active time: the spans recorded since midnight (one may have begun the day
 * before), and the one being counted now. Tells the scheduler where the latest span and the
 * latest break (break_until, realtime) ended, so that a break logged later, in this run or
 * after a restart, overlaps neither. */
static usec_t active_today(Manager *m, usec_t break_until) {
        HistoryRecord *spans = NULL;
        usec_t now = manager_now(), total = 0, start, duration, active_until = 0;
        uint64_t cursor = 0;
        size_t n = 0;
        int r;

        r = history_read_page(m->activity_path, &m->storage.activity_index, usec_sub(m->today_start, USEC_PER_DAY),
                              USEC_INFINITY, 0, &cursor, &spans, &n);
        if (r < 0)
                log_warning_errno(r, "Cannot read %s: %m, counting today's active time from zero",
                                  m->activity_path);
        for (size_t i = 0; i < n; i++) {
                total = usec_add(total, part_today(m, spans[i].realtime, spans[i].duration));
                active_until = MAX(active_until, usec_add(spans[i].realtime, spans[i].duration));
        }
        history_records_free(spans, n);
        scheduler_note_records(&m->scheduler, now, manager_from_realtime(break_until),
                               manager_from_realtime(active_until));
        if (scheduler_open_span(&m->scheduler, now, &start, &duration))
                total = usec_add(total, part_today(m, manager_to_realtime(start), duration));
        return total;
}

void manager_daily_limit_reached(Manager *m, usec_t active) {
        char d[32];

        log_info("Today's active time reached the daily limit (%s)", duration_format(d, active));
        (void) notifier_show_daily_limit(reminder_notifier(m->reminder), active);
}

static int on_midnight(sd_event_source *s, uint64_t usec, void *userdata) {
        Manager *m = userdata;

        manager_count_today(m);
        (void) sd_event_source_set_time(s, local_midnight(now_realtime(), 1));
        (void) sd_event_source_set_enabled(s, SD_EVENT_ONESHOT);
        manager_changed(m);
        return 0;
}

/* ---- working hours ------------------------------------------------------------------ */

static int on_hours_timer(sd_event_source *s, uint64_t usec, void *userdata);

/* Boundaries are local times, found by walking the local clock minute by
 * minute: mktime() maps "09:00 next Monday" to the right instant across DST changes. */
void manager_update_working_hours(Manager *m) {
        const WorkingHours *wh = &m->config.hours;
        time_t now = time(NULL);
        unsigned weekday, minute;
        struct tm tm;
        bool working;
        int r;

        m->hours_resume = 0;
        if (wh->n_ranges == 0 || !localtime_r(&now, &tm)) {
                scheduler_set_off_hours(&m->scheduler, manager_now(), false);
                (void) sd_event_source_set_enabled(m->hours_timer, SD_EVENT_OFF);
                return;
        }
        weekday = (unsigned) (tm.tm_wday + 6) % 7;      /* tm_wday counts from Sunday */
        minute = (unsigned) (tm.tm_hour * 60 + tm.tm_min);
        working = working_hours_contains(wh, weekday, minute);
        scheduler_set_off_hours(&m->scheduler, manager_now(), !working);

        for (unsigned k = 1; k <= 8 * 24 * 60; k++) {
                unsigned later = minute + k;
                struct tm b = tm;
                time_t t;

                if (working_hours_contains(wh, (weekday + later / 1440) % 7, later % 1440) == working)
                        continue;
                b.tm_sec = 0;
                b.tm_min += (int) k;
                b.tm_isdst = -1;
                t = mktime(&b);
                if (t <= now)
                        t = now + 60;
                if (!working)
                        m->hours_resume = (usec_t) t * USEC_PER_SEC;
                if (!m->hours_timer)
                        r = sd_event_add_time(m->event, &m->hours_timer, CLOCK_REALTIME, (usec_t) t * USEC_PER_SEC,
                                              USEC_PER_SEC, on_hours_timer, m);
                else {
                        r = sd_event_source_set_time(m->hours_timer, (usec_t) t * USEC_PER_SEC);
                        if (r >= 0)
                                r = sd_event_source_set_enabled(m->hours_timer, SD_EVENT_ONESHOT);
                }
                if (r < 0)
                        log_error_errno(r, "Cannot arm the working-hours timer: %m");
                return;
        }
        (void) sd_event_source_set_enabled(m->hours_timer, SD_EVENT_OFF);
}

static int on_hours_timer(sd_event_source *s, uint64_t usec, void *userdata) {
        Manager *m = userdata;

        manager_update_working_hours(m);
        manager_changed(m);
        return 0;
}

/* The wall clock was set (NTP, by hand): everything keyed to local time is recomputed. The
 * scheduler itself runs on CLOCK_BOOTTIME and does not notice. */
static void on_time_change(void *userdata) {
        Manager *m = userdata;

        log_info("The wall clock changed; recomputing today and working hours");
        tzset();
        manager_count_today(m);
        (void) sd_event_source_set_time(m->midnight, local_midnight(now_realtime(), 1));
        (void) sd_event_source_set_enabled(m->midnight, SD_EVENT_ONESHOT);
        manager_update_working_hours(m);
        manager_changed(m);
}

/* ---- start --------------------------------------------------------------------------- */

int manager_day_start(Manager *m) {
        int r;

        r = sd_event_add_time(m->event, &m->midnight, CLOCK_REALTIME, local_midnight(now_realtime(), 1),
                              USEC_PER_SEC, on_midnight, m);
        if (r < 0)
                return log_error_errno(r, "Cannot create the midnight timer: %m");

        r = time_change_watch(m->event, on_time_change, m, &m->time_change);
        if (r < 0)
                log_warning_errno(r, "Cannot watch for wall-clock changes: %m, ignoring");
        manager_update_working_hours(m);
        return 0;
}
