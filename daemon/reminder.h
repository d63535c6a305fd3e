/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The Reminder: what the user is shown of the breaks, and when. It owns the notifications
 * (notify/notify.h) and the break window (window.h). It is handed the scheduler's events and
 * shows the reminder once the scheduler has caught up (reminder_flush()), the guided break's
 * steps in the window or, where no window shows them, as notifications (the day's first step
 * with the full safety rules), the end of a break and the posture nudges. What the user
 * answers (a notification's button, a click on the reminder) comes back as a command for the
 * one command path. It reads the scheduler, never writes it. */

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "core/catalog.h"
#include "core/config.h"
#include "core/scheduler.h"
#include "notify/notify.h"

typedef struct Reminder Reminder;

typedef struct ReminderCallbacks {
        /* The reminder of the due break was shown (exercise: its id, "" for none). From
         * reminder_flush() and reminder_scheduler_event(). */
        void (*due)(void *userdata, const char *exercise);
        /* The user asked for a command, named by its notification action key ("start",
         * "snooze", "skip", "done"): a button, a click on the reminder with no window to show
         * the break in, or a window asked for from a reminder that failed. From the event loop. */
        void (*command)(void *userdata, const char *action);
        /* CLOCK_REALTIME of the last local midnight: the full safety rules are shown once a day. */
        usec_t (*today)(void *userdata);
} ReminderCallbacks;

/* Sets up the notifications and the break window (on bus) for scheduler's events. Returns 0
 * or -errno. */
int reminder_new(sd_event *event, sd_bus *bus, const Scheduler *scheduler, const ReminderCallbacks *callbacks,
                 void *userdata, Reminder **ret);
Reminder *reminder_free(Reminder *r);

/* The notifications, for what else is shown beside the reminder (problems, the daily limit,
 * the state) and GNOME's do-not-disturb. */
Notifier *reminder_notifier(Reminder *r);

/* The exercises the reminders name (NULL: none); kept, not copied: set it again before
 * freeing it. */
void reminder_set_catalog(Reminder *r, const Catalog *catalog);
/* Takes the snooze, the nudge's length, the sound and [break] window from c. */
void reminder_apply_config(Reminder *r, const Config *c);

/* An event of the scheduler (what it asks to show; other events are ignored). */
void reminder_scheduler_event(Reminder *r, const SchedulerEvent *e);
/* Shows the reminder the scheduler asked for since the last flush, if any: one notification
 * however many repeats it replayed. Call it after every change. */
void reminder_flush(Reminder *r);

/* Shows the window on the due or running break, as break_window_show(). */
int reminder_show_window(Reminder *r, bool start_break_on_failure);
