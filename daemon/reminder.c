/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Reminder (see reminder.h). */
#include "reminder.h"
#include "util/log.h"
#include "window.h"

struct Reminder {
        const Scheduler *scheduler;
        const Catalog *catalog;
        const ReminderCallbacks *callbacks;
        void *userdata;
        Notifier *notifier;
        BreakWindow *window;
        usec_t snooze;
        usec_t micro_duration;

        bool pending;                   /* the scheduler asked for a reminder: see reminder_flush() */
        bool critical;
        bool quiet;
        bool no_skip;                   /* max-skips reached: the reminder offers no Skip */
        bool no_window;                 /* starting the guided break because the window failed */
        usec_t rules_shown_day;         /* today's start when the full safety rules were last shown */
};

static const Exercise *exercise_at(Reminder *r, unsigned index) {
        char **plan = r->scheduler->plan;

        if (!r->catalog || index >= strv_length(plan))
                return NULL;
        return catalog_find(r->catalog, plan[index]);
}

/* The full safety rules go with the first step of the day's guided break (the reminder is
 * short). */
static char * const *rules_once(Reminder *r) {
        usec_t today = r->callbacks->today(r->userdata);

        if (!r->catalog || r->rules_shown_day == today)
                return NULL;
        r->rules_shown_day = today;
        return r->catalog->safety;
}

static void show_step(Reminder *r) {
        const Scheduler *s = r->scheduler;
        unsigned step = s->break_step;

        if (!scheduler_on_break(s))
                return;
        (void) notifier_show_step(r->notifier, exercise_at(r, step), step, scheduler_plan_length(s),
                                  scheduler_step_duration(s), step == 0 ? rules_once(r) : NULL);
}

/* The reminder the scheduler asked for since the last flush: one notification and one BreakDue,
 * however many repeats a freeze (SIGSTOP) or a long stall made it replay at once. */
void reminder_flush(Reminder *r) {
        const char *id = scheduler_current_exercise(r->scheduler);
        bool critical = r->critical, quiet = r->quiet;

        if (!r->pending)
                return;
        r->pending = r->critical = r->quiet = false;
        log_info("Break due (%s%s)", id ?: "no exercise",
                 critical ? ", critical" : quiet ? ", quietly while busy" : "");
        (void) notifier_show_reminder(r->notifier, exercise_at(r, 0),
                                      critical ? NOTIFIER_URGENCY_CRITICAL :
                                      quiet ? NOTIFIER_URGENCY_LOW : NOTIFIER_URGENCY_NORMAL,
                                      r->snooze, !r->no_skip);
        r->callbacks->due(r->userdata, strempty(id));
}

/* A guided break began: its steps go to the window where one can be shown. */
static void break_started(Reminder *r) {
        int k;

        if (break_window_covers(r->window) || r->no_window)
                return;
        k = break_window_show(r->window, false);
        if (k < 0)
                log_debug("The guided break runs in notifications: %s", break_window_refusal(k));
}

void reminder_scheduler_event(Reminder *r, const SchedulerEvent *e) {
        /* What comes after a reminder comes after it on screen too; a withdrawal or a guided
         * break cancels one not shown yet. */
        if (e->type == SCHEDULER_EVENT_BREAK_STEP || e->type == SCHEDULER_EVENT_BREAK_FINISHED ||
            e->type == SCHEDULER_EVENT_MICRO)
                reminder_flush(r);
        switch (e->type) {
        case SCHEDULER_EVENT_REMIND:
                /* Shown once the scheduler has caught up (reminder_flush()): after a freeze or a
                 * stall it replays every repeat it missed, and one reminder stands for them all. */
                r->pending = true;
                r->critical |= e->critical;
                r->quiet = e->quiet && !r->critical;
                r->no_skip = e->no_skip;
                break;
        case SCHEDULER_EVENT_WITHDRAW:
                r->pending = false;
                notifier_close(r->notifier);
                break;
        case SCHEDULER_EVENT_BREAK_STARTED:
                r->pending = false;     /* the guided break takes the reminder's place */
                log_info("Guided break started");
                break_started(r);
                break;
        case SCHEDULER_EVENT_BREAK_STEP:
                if (!break_window_covers(r->window))
                        show_step(r);
                else if (e->step == 0)
                        notifier_close(r->notifier);    /* the reminder: the window has the break */
                break;
        case SCHEDULER_EVENT_BREAK_FINISHED:
                log_info("Guided break ended: %s", history_kind_to_string(e->kind));
                if (break_window_covers(r->window))
                        notifier_close(r->notifier);    /* the reminder, if it is still shown */
                else    /* the window says it itself */
                        (void) notifier_show_break_over(r->notifier, e->kind, e->duration);
                break;
        case SCHEDULER_EVENT_MICRO:
                log_info("Posture nudge (%s)", strempty(e->exercise));
                (void) notifier_show_micro(r->notifier, e->exercise && r->catalog ?
                                           catalog_find(r->catalog, e->exercise) : NULL,
                                           r->micro_duration);
                break;
        default:
                break;
        }
}

int reminder_show_window(Reminder *r, bool start_break_on_failure) {
        return break_window_show(r->window, start_break_on_failure);
}

static void on_action(void *userdata, const char *action) {
        Reminder *r = userdata;

        if (streq(action, "default")) {
                /* A click on the reminder: the window on the due break; without one, the
                 * guided break in notifications. */
                int k = break_window_show(r->window, true);

                if (k >= 0)
                        return;
                log_debug("%s", break_window_refusal(k));
                action = "start";
        }
        r->callbacks->command(r->userdata, action);
}

static void on_window_shown(void *userdata, bool shown) {
        Reminder *r = userdata;

        if (!scheduler_on_break(r->scheduler))
                return;
        if (shown)
                notifier_close(r->notifier);    /* the step's notification, if one was shown */
        else {
                /* Closing the window is not a decision about the break: it goes on here. */
                log_info("The break window was closed; the guided break goes on in notifications");
                show_step(r);
        }
}

static void on_window_failed(void *userdata, bool start_break) {
        Reminder *r = userdata;

        if (scheduler_on_break(r->scheduler))
                show_step(r);
        else if (start_break && scheduler_due(r->scheduler)) {
                /* In notifications: not another try at the window that just failed. */
                r->no_window = true;
                r->callbacks->command(r->userdata, "start");
                r->no_window = false;
        }
}

Notifier *reminder_notifier(Reminder *r) {
        return r->notifier;
}

void reminder_set_catalog(Reminder *r, const Catalog *catalog) {
        r->catalog = catalog;
}

void reminder_apply_config(Reminder *r, const Config *c) {
        r->snooze = c->snooze;
        r->micro_duration = c->micro_duration;
        notifier_set_sound(r->notifier, c->sound);
        break_window_set_enabled(r->window, c->break_window);
}

int reminder_new(sd_event *event, sd_bus *bus, const Scheduler *scheduler, const ReminderCallbacks *callbacks,
                 void *userdata, Reminder **ret) {
        static const BreakWindowCallbacks window_callbacks = {
                .shown = on_window_shown,
                .failed = on_window_failed,
        };
        Reminder *r;
        int k;

        r = calloc(1, sizeof(Reminder));
        if (!r)
                return -ENOMEM;
        *r = (Reminder) {
                .scheduler = scheduler,
                .callbacks = callbacks,
                .userdata = userdata,
        };
        k = notifier_new(event, on_action, r, &r->notifier);
        if (k >= 0)
                k = break_window_new(event, bus, &window_callbacks, r, &r->window);
        if (k < 0) {
                reminder_free(r);
                return k;
        }
        *ret = r;
        return 0;
}

Reminder *reminder_free(Reminder *r) {
        if (!r)
                return NULL;
        break_window_free(r->window);
        notifier_free(r->notifier);
        free(r);
        return NULL;
}
