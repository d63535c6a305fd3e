/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The wall-clock day: today's counts (reset at local midnight), the working-hours timer, and
 * what a change of the wall clock recomputes. The scheduler itself runs on CLOCK_BOOTTIME and
 * knows nothing of days or local time: what it needs to know goes through DayCallbacks. */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "day.h"
#include "session/time-change.h"
#include "util/log.h"

struct Day {
        sd_event *event;
        Storage *storage;               /* not owned */
        DayCallbacks callbacks;
        void *userdata;
        sd_event_source *midnight;      /* resets today's counts, CLOCK_REALTIME */
        sd_event_source *hours_timer;   /* the next working-hours boundary, CLOCK_REALTIME */
        sd_event_source *time_change;   /* the wall clock was set */
        WorkingHours hours;             /* a copy of the running configuration's */
        usec_t today_start;             /* CLOCK_REALTIME of the last local midnight */
        usec_t hours_resume;            /* CLOCK_REALTIME when working hours begin again; 0 in them */
        unsigned breaks_today;
        unsigned skipped_today;
};

int day_new(sd_event *event, Storage *storage, const DayCallbacks *callbacks, void *userdata, Day **ret) {
        Day *d = calloc(1, sizeof(Day));

        if (!d)
                return log_oom();
        d->event = sd_event_ref(event);
        d->storage = storage;
        d->callbacks = *callbacks;
        d->userdata = userdata;
        *ret = d;
        return 0;
}

Day *day_free(Day *d) {
        if (!d)
                return NULL;
        sd_event_source_disable_unref(d->midnight);
        sd_event_source_disable_unref(d->hours_timer);
        sd_event_source_disable_unref(d->time_change);
        free(d->hours.ranges);
        sd_event_unref(d->event);
        free(d);
        return NULL;
}

usec_t day_today_start(const Day *d) {
        return d->today_start;
}

usec_t day_hours_resume(const Day *d) {
        return d->hours_resume;
}

unsigned day_breaks_today(const Day *d) {
        return d->breaks_today;
}

unsigned day_skipped_today(const Day *d) {
        return d->skipped_today;
}

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

usec_t day_part_today(const Day *d, usec_t start, usec_t duration) {
        usec_t end = usec_add(start, duration);

        return end > d->today_start ? end - MAX(start, d->today_start) : 0;
}

/* Today's recorded active time: the spans recorded since midnight (one may have begun the day
 * before). *ret_active_until: where the latest span ended (realtime, 0 = none), so that a
 * break logged later, in this run or after a restart, overlaps none. */
static usec_t active_today(Day *d, usec_t *ret_active_until) {
        HistoryRecord *spans = NULL;
        usec_t total = 0, active_until = 0;
        uint64_t cursor = 0;
        size_t n = 0;
        int r;

        r = storage_read(d->storage, true, usec_sub(d->today_start, USEC_PER_DAY), USEC_INFINITY, 0, &cursor,
                         &spans, &n);
        if (r < 0)
                log_warning_errno(r, "Cannot read %s: %m, counting today's active time from zero",
                                  storage_path(d->storage, true));
        for (size_t i = 0; i < n; i++) {
                total = usec_add(total, day_part_today(d, spans[i].realtime, spans[i].duration));
                active_until = MAX(active_until, usec_add(spans[i].realtime, spans[i].duration));
        }
        history_records_free(spans, n);
        *ret_active_until = active_until;
        return total;
}

void day_count(Day *d) {
        HistoryRecord *records = NULL;
        usec_t rt = now_realtime(), break_until = 0, active, active_until;
        uint64_t cursor = 0;
        size_t n = 0;
        int r;

        d->today_start = local_midnight(rt, 0);
        d->breaks_today = d->skipped_today = 0;

        /* A record dated later than now (written while the clock was set ahead) is not today's:
         * it would count every day until its date. The read seeks, so it costs what today holds
         * (and the day before: a break logged now may reach back 24 hours, and must not
         * overlap one recorded then). */
        r = storage_read(d->storage, false, MIN(d->today_start, usec_sub(rt, 25 * USEC_PER_HOUR)),
                         usec_add(rt, USEC_PER_SEC), 0, &cursor, &records, &n);
        if (r < 0)
                log_warning_errno(r, "Cannot read the history %s: %m, counting today from zero",
                                  storage_path(d->storage, false));
        for (size_t i = 0; i < n; i++) {
                if (history_kind_is_break(records[i].kind))
                        break_until = MAX(break_until, usec_add(records[i].realtime, records[i].duration));
                if (records[i].realtime < d->today_start)
                        continue;
                if (history_kind_is_break(records[i].kind))
                        d->breaks_today++;
                else if (records[i].kind == HISTORY_SKIPPED)
                        d->skipped_today++;
        }
        history_records_free(records, n);

        active = active_today(d, &active_until);
        d->callbacks.counted(d->userdata, active, break_until, active_until);
}

void day_note_record(Day *d, const HistoryRecord *r) {
        if (r->realtime < d->today_start)
                return;
        if (history_kind_is_break(r->kind))
                d->breaks_today++;
        else if (r->kind == HISTORY_SKIPPED)
                d->skipped_today++;
}

static int on_midnight(sd_event_source *s, uint64_t usec, void *userdata) {
        Day *d = userdata;

        day_count(d);
        (void) sd_event_source_set_time(s, local_midnight(now_realtime(), 1));
        (void) sd_event_source_set_enabled(s, SD_EVENT_ONESHOT);
        d->callbacks.changed(d->userdata);
        return 0;
}

/* ---- working hours ------------------------------------------------------------------ */

static int on_hours_timer(sd_event_source *s, uint64_t usec, void *userdata);

/* Boundaries are local times, found by walking the local clock minute by
 * minute: mktime() maps "09:00 next Monday" to the right instant across DST changes. */
static void update_working_hours(Day *d) {
        const WorkingHours *wh = &d->hours;
        time_t now = time(NULL);
        unsigned weekday, minute;
        struct tm tm;
        bool working;
        int r;

        d->hours_resume = 0;
        if (wh->n_ranges == 0 || !localtime_r(&now, &tm)) {
                d->callbacks.off_hours(d->userdata, false);
                (void) sd_event_source_set_enabled(d->hours_timer, SD_EVENT_OFF);
                return;
        }
        weekday = (unsigned) (tm.tm_wday + 6) % 7;      /* tm_wday counts from Sunday */
        minute = (unsigned) (tm.tm_hour * 60 + tm.tm_min);
        working = working_hours_contains(wh, weekday, minute);
        d->callbacks.off_hours(d->userdata, !working);

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
                        d->hours_resume = (usec_t) t * USEC_PER_SEC;
                if (!d->hours_timer)
                        r = sd_event_add_time(d->event, &d->hours_timer, CLOCK_REALTIME, (usec_t) t * USEC_PER_SEC,
                                              USEC_PER_SEC, on_hours_timer, d);
                else {
                        r = sd_event_source_set_time(d->hours_timer, (usec_t) t * USEC_PER_SEC);
                        if (r >= 0)
                                r = sd_event_source_set_enabled(d->hours_timer, SD_EVENT_ONESHOT);
                }
                if (r < 0)
                        log_error_errno(r, "Cannot arm the working-hours timer: %m");
                return;
        }
        (void) sd_event_source_set_enabled(d->hours_timer, SD_EVENT_OFF);
}

void day_set_working_hours(Day *d, const WorkingHours *hours) {
        WorkingRange *ranges = NULL;

        if (hours->n_ranges > 0) {
                ranges = reallocarray(NULL, hours->n_ranges, sizeof(WorkingRange));
                if (!ranges) {
                        log_oom();
                        return;
                }
                memcpy(ranges, hours->ranges, hours->n_ranges * sizeof(WorkingRange));
        }
        free(d->hours.ranges);
        d->hours = (WorkingHours) { .ranges = ranges, .n_ranges = hours->n_ranges };
        update_working_hours(d);
}

static int on_hours_timer(sd_event_source *s, uint64_t usec, void *userdata) {
        Day *d = userdata;

        update_working_hours(d);
        d->callbacks.changed(d->userdata);
        return 0;
}

/* The wall clock was set (NTP, by hand): everything keyed to local time is recomputed. The
 * scheduler itself runs on CLOCK_BOOTTIME and does not notice. */
static void on_time_change(void *userdata) {
        Day *d = userdata;

        log_info("The wall clock changed; recomputing today and working hours");
        tzset();
        day_count(d);
        (void) sd_event_source_set_time(d->midnight, local_midnight(now_realtime(), 1));
        (void) sd_event_source_set_enabled(d->midnight, SD_EVENT_ONESHOT);
        update_working_hours(d);
        d->callbacks.changed(d->userdata);
}

/* ---- start --------------------------------------------------------------------------- */

int day_start(Day *d, const WorkingHours *hours) {
        int r;

        r = sd_event_add_time(d->event, &d->midnight, CLOCK_REALTIME, local_midnight(now_realtime(), 1),
                              USEC_PER_SEC, on_midnight, d);
        if (r < 0)
                return log_error_errno(r, "Cannot create the midnight timer: %m");

        r = time_change_watch(d->event, on_time_change, d, &d->time_change);
        if (r < 0)
                log_warning_errno(r, "Cannot watch for wall-clock changes: %m, ignoring");
        day_set_working_hours(d, hours);
        return 0;
}
