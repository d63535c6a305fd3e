/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The day, on the wall clock: when today began (local midnight) and today's counts of breaks
 * and skips (reset at midnight, read again from the history when the clock is set), today's
 * recorded active time, the working hours and a timer for their next boundary. The scheduler
 * itself runs on CLOCK_BOOTTIME and knows nothing of days or local time: Day tells the Manager
 * through DayCallbacks, which passes it on. */

#include <systemd/sd-event.h>

#include "core/history.h"
#include "core/working-hours.h"
#include "storage.h"

typedef struct Day Day;

typedef struct DayCallbacks {
        /* Today's records were read again (day_count(), midnight, a wall-clock change):
         * active_today is the active time recorded since midnight; break_until and
         * active_until (CLOCK_REALTIME, 0 = none) are where the latest break and the latest
         * span of active time recorded end, the day before included. */
        void (*counted)(void *userdata, usec_t active_today, usec_t break_until, usec_t active_until);
        /* Whether now is outside the working hours (day_set_working_hours(), day_start(),
         * each boundary, a wall-clock change). */
        void (*off_hours)(void *userdata, bool off_hours);
        /* Midnight came, a working-hours boundary passed or the wall clock was set: after the
         * calls above, everything is to be looked at again. */
        void (*changed)(void *userdata);
} DayCallbacks;

/* Reads the history and the activity file from storage. No timer yet: see day_start(). */
int day_new(sd_event *event, Storage *storage, const DayCallbacks *callbacks, void *userdata, Day **ret);
Day *day_free(Day *d);
static inline void day_freep(Day **d) {
        day_free(*d);
}

/* Recounts today's breaks and skips from the history, and today's active time from the
 * activity records; calls counted. */
void day_count(Day *d);
/* Arms the midnight timer, watches the wall clock, applies the working hours (as
 * day_set_working_hours()). */
int day_start(Day *d, const WorkingHours *hours);

/* Takes a copy of the working hours; tells off_hours whether now is within them and arms a
 * wall-clock timer for the next boundary. */
void day_set_working_hours(Day *d, const WorkingHours *hours);

/* A record was written: a break or a skip of today counts. */
void day_note_record(Day *d, const HistoryRecord *r);

/* The part of [start, start + duration) (CLOCK_REALTIME) after today began. */
usec_t day_part_today(const Day *d, usec_t start, usec_t duration);

/* CLOCK_REALTIME of the last local midnight. */
usec_t day_today_start(const Day *d);
/* CLOCK_REALTIME when the working hours begin again; 0 within them. */
usec_t day_hours_resume(const Day *d);
unsigned day_breaks_today(const Day *d);
unsigned day_skipped_today(const Day *d);
