/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The scheduler: limber's whole timing policy, and nothing else. It is told the time and what
 * happened (activity, idle, lock, suspend, user commands) and answers with its state, its next
 * deadline and events for the caller to carry out (show a reminder, record a break). It never
 * reads a clock and does no I/O, so a simulated working week runs in a unit test in
 * milliseconds.
 *
 * Its clock is monotonic and keeps running through suspend (limberd uses CLOCK_BOOTTIME), so
 * a wall-clock jump cannot fire or lose a break. */

#include "core/catalog.h"
#include "core/history.h"
#include "util/util.h"

/* The state of the reminder cycle. Six of these are stored (Scheduler.state) and change only
 * through the transition table (scheduler_transition()); the other two are what the desk
 * says (idle, outside working hours), shown over the stored state by scheduler_state(). */
typedef enum SchedulerState {
        SCHEDULER_WORKING,      /* counting towards the next break */
        SCHEDULER_IDLE,         /* shown only: the user is away (idle, locked, asleep) */
        SCHEDULER_DUE,          /* the reminder is on screen, or comes when the user is back */
        SCHEDULER_SNOOZED,      /* due, snoozed until snoozed_until */
        SCHEDULER_ON_BREAK,     /* a guided break runs */
        SCHEDULER_PAUSED,       /* reminders paused until paused_until */
        SCHEDULER_DEFERRED,     /* due, held back while the user is busy */
        SCHEDULER_OFF_HOURS,    /* shown only: outside working hours, nothing counts or fires */
        _SCHEDULER_STATE_MAX,
        _SCHEDULER_STATE_INVALID = -EINVAL,
} SchedulerState;

const char *scheduler_state_to_string(SchedulerState s);

typedef struct SchedulerConfig {
        usec_t interval;        /* active time between breaks */
        usec_t max_postpone;    /* after interval + this, reminders are critical */
        usec_t break_duration;  /* a whole guided break */
        usec_t snooze;          /* default snooze, and how often an ignored reminder repeats */
        usec_t natural_break;   /* idle this long counts as a break */
        unsigned per_break;     /* exercises in a guided break */
        Posture posture;
        usec_t defer_max;       /* held back this long while busy, remind anyway, quietly */
        bool micro_enabled;     /* short posture nudges between breaks */
        usec_t micro_interval;  /* active time between nudges */
        usec_t micro_duration;  /* idle this long counts as a nudge */
        usec_t daily_limit;     /* active time in a day that is said once, 0 = off */
        unsigned max_skips;     /* skips in a row after which Skip is not offered, 0 = no limit */
} SchedulerConfig;

/* After the user stops being busy, a held-back reminder follows after this long (or after
 * the snooze, if that is shorter), so it does not land on the last word of a call. */
#define SCHEDULER_BUSY_GRACE (30 * USEC_PER_SEC)

typedef enum SchedulerEventType {
        SCHEDULER_EVENT_REMIND,         /* show the reminder for plan[0] (again) */
        SCHEDULER_EVENT_WITHDRAW,       /* the reminder is no longer wanted: close it */
        SCHEDULER_EVENT_BREAK_STARTED,  /* a guided break began: plan is set */
        SCHEDULER_EVENT_BREAK_STEP,     /* show step `step` of the guided break */
        SCHEDULER_EVENT_BREAK_FINISHED, /* the guided break ended, as `kind` */
        SCHEDULER_EVENT_RECORD,         /* append a history record (HISTORY_ACTIVE: a span of
                                         * active time, for the per-day statistics) */
        SCHEDULER_EVENT_MICRO,          /* show a brief posture nudge for `exercise` */
        SCHEDULER_EVENT_DAILY_LIMIT,    /* today's active time reached daily-limit (once a day) */
} SchedulerEventType;

typedef struct SchedulerEvent {
        SchedulerEventType type;
        bool critical;                  /* REMIND: past interval + max-postpone */
        bool quiet;                     /* REMIND: sent while busy, after defer-max: low urgency */
        bool no_skip;                   /* REMIND: max-skips reached: offer no Skip button */
        const char *exercise;           /* MICRO: the exercise id, may be NULL */
        unsigned step;                  /* BREAK_STEP */
        usec_t step_duration;           /* BREAK_STEP: how long this step lasts */
        HistoryKind kind;               /* RECORD, BREAK_FINISHED */
        usec_t time;                    /* RECORD: when it began, on the scheduler's clock */
        usec_t duration;                /* RECORD, BREAK_FINISHED */
        char * const *exercises;        /* RECORD: ids, may be NULL */
        const char *note;               /* RECORD: may be NULL */
} SchedulerEvent;

typedef void (*scheduler_emit_t)(void *userdata, const SchedulerEvent *event);

/* The cadences: each counts active time towards its own threshold, and all advance together
 * (scheduler.c's cadence table: one row each). */
typedef enum SchedulerCadence {
        SCHEDULER_CADENCE_BREAK,        /* towards interval (+ snoozes before it fell due) */
        SCHEDULER_CADENCE_MICRO,        /* towards micro-interval: a posture nudge */
        SCHEDULER_CADENCE_DAY,          /* today's active time, towards daily-limit */
        _SCHEDULER_CADENCE_MAX,
} SchedulerCadence;

typedef struct Scheduler {
        SchedulerConfig config;
        const Catalog *catalog;         /* not owned; may be NULL (then plans are empty) */
        scheduler_emit_t emit;
        void *userdata;

        usec_t now;                     /* the latest time we were told */
        usec_t advancing_to;            /* the time scheduler_advance() catches up to */

        /* The reminder cycle, explicit: the stored state, and the state a pause or a guided
         * break returns to (WORKING, or for a pause the due state it paused; for a break
         * begun while paused, PAUSED). Changed only by scheduler_transition(). */
        SchedulerState state;
        SchedulerState under;

        /* Active time counted towards each cadence (SchedulerCadence: the break, the
         * micro-nudge, the daily limit), as of counted_at; advanced together by one function. */
        usec_t counted[_SCHEDULER_CADENCE_MAX];
        usec_t counted_at;
        usec_t postpone_usec;           /* snoozes taken before the break fell due */

        /* Idle: from the idle source, the screen lock, or suspend. Present (an idle inhibitor,
         * the camera or microphone in use) makes input idleness not count: the user sits at
         * the desk. Lock and suspend count whatever else holds. */
        bool input_idle, locked, asleep;
        bool present;
        usec_t idle_since;              /* when the current idle period began */
        usec_t away_since;              /* when the latest idle period began (the last input seen
                                         * before it); 0 = none seen since limberd started */
        bool natural_reached;           /* this idle period is long enough to be a break */
        /* What the records say, this run's and (scheduler_note_records()) earlier runs': when
         * the latest break ended, and the latest span of active time; 0 = none known. */
        usec_t break_until;
        usec_t active_until;
        usec_t active_before_idle;      /* active time when the natural break reset it */

        /* The data of the states: valid only in the state named. */
        bool escalated;                 /* DUE, DEFERRED: the critical reminder was sent */
        usec_t snoozed_until;           /* SNOOZED */
        usec_t next_repeat;             /* DUE, DEFERRED: when an ignored (or held) reminder
                                         * is shown (again) */
        usec_t held_since;              /* DEFERRED */
        usec_t paused_until;            /* PAUSED: USEC_INFINITY = until resumed */

        /* What the desk says: busy (do-not-disturb, an idle inhibitor) and working hours. */
        bool busy;
        bool defer_released;            /* defer-max passed in this busy spell: remind quietly */
        bool off_hours;

        /* The span of active time being counted now, reported when it ends. */
        bool span_open;
        usec_t span_start;

        /* Today, for the daily limit (the day is the caller's: local midnight). */
        bool limit_said;                /* the daily limit was announced today */

        /* Active time counted on the person's other machines (the sync folder) since the last
         * break and not here; part of the break's count. */
        usec_t elsewhere_usec;

        /* Skips in a row, for max-skips; a break taken (of any kind) ends the row. */
        unsigned skips_in_row;

        /* Micro-nudges. */
        size_t micro_next;              /* round robin over the catalog's micro exercises */

        /* The guided break (ON_BREAK). */
        usec_t break_started;
        unsigned break_step;
        usec_t step_started;            /* Done on a step starts the next one early */

        /* Exercises: the plan for the coming (or running) break, and the previous one. */
        char **plan;
        char **previous_plan;
        uint64_t rng;
} Scheduler;

/* Sets up s at time now with the user active. rng_seed may be anything (0 is replaced). */
void scheduler_init(Scheduler *s, const SchedulerConfig *config, const Catalog *catalog,
                    usec_t now, uint64_t rng_seed, scheduler_emit_t emit, void *userdata);
void scheduler_done(Scheduler *s);

/* Restores what a previous run saved: its active time, the row of skips, the plans, and a
 * pause (remaining pause time, 0 = none, USEC_INFINITY = until resumed). downtime is how long
 * no limberd was running; it counts as idle, so a long enough downtime is a natural break
 * (and ends the row of skips). */
int scheduler_restore(Scheduler *s, usec_t now, usec_t active_usec, unsigned skips_in_row, usec_t downtime,
                      usec_t pause_remaining, char * const *plan, char * const *previous_plan);

/* Moves time forward to now and handles every deadline passed on the way. */
void scheduler_advance(Scheduler *s, usec_t now);
/* The next moment something happens by itself (USEC_INFINITY: nothing until an event). */
usec_t scheduler_next_deadline(const Scheduler *s);

SchedulerState scheduler_state(const Scheduler *s);
usec_t scheduler_active_usec(const Scheduler *s, usec_t now);
bool scheduler_idle(const Scheduler *s);
/* When the next reminder comes if the user keeps working, on the scheduler's clock; 0 while
 * paused. */
usec_t scheduler_next_break(const Scheduler *s, usec_t now);
/* Remaining pause: 0 = not paused, USEC_INFINITY = until resumed. */
usec_t scheduler_pause_remaining(const Scheduler *s, usec_t now);

/* What the user and the desktop do. idle_since is when the idle period began (an idle source
 * notices idleness only after idle-after has passed). */
void scheduler_set_input_idle(Scheduler *s, usec_t now, bool idle, usec_t idle_since);
void scheduler_set_locked(Scheduler *s, usec_t now, bool locked);
void scheduler_set_asleep(Scheduler *s, usec_t now, bool asleep);
/* Presence without input (an idle inhibitor, the camera or microphone in use): while present,
 * input idleness is not idleness: time counts and no natural break is taken. */
void scheduler_set_present(Scheduler *s, usec_t now, bool present);
/* Busy: a due reminder is held back (state deferred) and follows after the grace period
 * once the user is no longer busy, or quietly after defer-max. Active time is kept. */
void scheduler_set_busy(Scheduler *s, usec_t now, bool busy);
/* Outside working hours nothing counts and nothing fires; the count resumes where it was. */
void scheduler_set_off_hours(Scheduler *s, usec_t now, bool off_hours);

/* Why a command does not apply now. As with dbus-broker's BUS_E_* codes, a command returns
 * 0 when done, one of these (positive) when it refuses, and a negative errno only for a real
 * failure (none of the commands below has one). The bus half (manager-dbus.c) answers each
 * refusal with io.github.limber.Limber1.Error.NotPossible and a text a person can act on. */
typedef enum SchedulerRefusal {
        SCHEDULER_E_ON_BREAK = 1,       /* a guided break is running (snooze, log, pause) */
        SCHEDULER_E_ALREADY_ON_BREAK,   /* start: a guided break is already running */
        SCHEDULER_E_NOT_ON_BREAK,       /* finish: no guided break is running */
        SCHEDULER_E_NOT_DUE,            /* skip: no break is due */
        SCHEDULER_E_PAUSED,             /* snooze: reminders are paused */
        SCHEDULER_E_NOT_PAUSED,         /* resume: reminders are not paused */
        SCHEDULER_E_OVERLAP,            /* log: longer than scheduler_log_limit() */
        _SCHEDULER_E_MAX,
} SchedulerRefusal;

/* A refusal in a few words, for the log; NULL for anything else. */
const char *scheduler_refusal_to_string(int r);

/* What moves the reminder cycle from one state to the next: the user's commands, and what the
 * scheduler does by itself. Every change of Scheduler.state goes through one of these. */
typedef enum SchedulerInput {
        SCHEDULER_INPUT_DUE,            /* the break's count reached its threshold */
        SCHEDULER_INPUT_HOLD,           /* a reminder falls due (or repeats) while busy: held */
        SCHEDULER_INPUT_BUSY,           /* the user became busy with the reminder on screen */
        SCHEDULER_INPUT_REMIND,         /* the reminder is shown (again) */
        SCHEDULER_INPUT_SNOOZE,
        SCHEDULER_INPUT_SNOOZE_END,
        SCHEDULER_INPUT_SKIP,
        SCHEDULER_INPUT_START_BREAK,
        SCHEDULER_INPUT_NEXT_STEP,      /* the guided break's next step begins (time, or Done) */
        SCHEDULER_INPUT_FINISH_BREAK,   /* the guided break ends, taken */
        SCHEDULER_INPUT_RESET,          /* a break away from the guided one: natural, logged,
                                         * or taken on another machine */
        SCHEDULER_INPUT_UNDUE,          /* not due after all (a longer interval, or it fell due
                                         * in time nobody worked) */
        SCHEDULER_INPUT_PAUSE,
        SCHEDULER_INPUT_RESUME,
        _SCHEDULER_INPUT_MAX,
} SchedulerInput;

const char *scheduler_input_to_string(SchedulerInput i);

/* One cell of the transition table: in state, input leads to next (a stored state), or is
 * refused (next is _SCHEDULER_STATE_INVALID, refusal a SchedulerRefusal), or cannot happen
 * (next invalid, refusal 0: a logic error, asserted). Some cells depend on the state under a
 * pause or a break (Scheduler.under): see scheduler_transition_lookup_under(). */
typedef struct SchedulerTransition {
        SchedulerState next;
        int refusal;
} SchedulerTransition;

/* The table, for a state with nothing under it (a pause over WORKING, a break not begun in a
 * pause). */
SchedulerTransition scheduler_transition_lookup(SchedulerState state, SchedulerInput input);
/* The same, with under the state a pause or a break returns to. */
SchedulerTransition scheduler_transition_lookup_under(SchedulerState state, SchedulerState under,
                                                      SchedulerInput input);
/* Whether a break is due: the stored state is DUE, SNOOZED or DEFERRED, or one of them lies
 * under a pause. */
bool scheduler_due(const Scheduler *s);
static inline bool scheduler_on_break(const Scheduler *s) {
        return s->state == SCHEDULER_ON_BREAK;
}
static inline bool scheduler_paused(const Scheduler *s) {
        return s->state == SCHEDULER_PAUSED ||
                (s->state == SCHEDULER_ON_BREAK && s->under == SCHEDULER_PAUSED);
}

/* Commands: each returns 0 or a SchedulerRefusal. */
int scheduler_snooze(Scheduler *s, usec_t now, usec_t usec);       /* 0 = configured snooze */
int scheduler_skip(Scheduler *s, usec_t now);
/* How much the coming break is postponed by snoozes given before it fell due (a snooze of a
 * due break replaces the previous one instead). */
static inline usec_t scheduler_postponed(const Scheduler *s) {
        return scheduler_due(s) ? 0 : s->postpone_usec;
}
int scheduler_start_break(Scheduler *s, usec_t now);
int scheduler_finish_break(Scheduler *s, usec_t now);               /* the "done" action */
/* Ends the running step now: the next one begins (with a whole step's time), or on the last
 * step the break ends as taken, as scheduler_finish_break() would. */
int scheduler_next_step(Scheduler *s, usec_t now);
int scheduler_log_break(Scheduler *s, usec_t now, usec_t usec, const char *note);
/* The longest break that can be logged as ending now: the time since the last input seen
 * before the user's latest time away (idle, locked, asleep), since the end of the latest
 * recorded span of active time, and since the end of the latest recorded break (breaks never
 * overlap). USEC_INFINITY when none of them is known. A longer log is refused
 * (SCHEDULER_E_OVERLAP). */
static inline usec_t scheduler_log_limit(const Scheduler *s, usec_t now) {
        usec_t from = MAX(MAX(s->away_since, s->active_until), s->break_until);

        return from == 0 ? USEC_INFINITY : usec_sub(now, from);
}
/* Whether what limits the log is a recorded break (else time at the computer). */
static inline bool scheduler_log_limit_is_break(const Scheduler *s) {
        return s->break_until != 0 && s->break_until >= MAX(s->away_since, s->active_until);
}
/* Tells the scheduler what the files recorded before this run: the end of the latest break
 * and of the latest span of active time (0 = none), on its clock. Times after now are not
 * trusted (a clock set back) and ignored. */
void scheduler_note_records(Scheduler *s, usec_t now, usec_t break_until, usec_t active_until);
int scheduler_pause(Scheduler *s, usec_t now, usec_t usec);        /* 0 = until resumed */
int scheduler_resume(Scheduler *s, usec_t now);

/* Reports the active time counted so far as a span and starts a new one (before the daemon
 * stops or the machine sleeps, so no active time is lost from the statistics). */
void scheduler_flush_activity(Scheduler *s, usec_t now);
/* The span of active time being counted now, not yet reported: returns false when there is
 * none, else its start and its length up to now. */
bool scheduler_open_span(const Scheduler *s, usec_t now, usec_t *ret_start, usec_t *ret_duration);

/* A new day begins (local midnight, or limberd's start): today's active time is
 * active_today (what was counted earlier today, from the activity records). A day that
 * already passed the daily limit does not announce it again. */
void scheduler_new_day(Scheduler *s, usec_t now, usec_t active_today);
usec_t scheduler_active_today(const Scheduler *s, usec_t now);
/* Whether the reminder offers Skip (fewer than max-skips skips in a row). */
static inline bool scheduler_skip_offered(const Scheduler *s) {
        return s->config.max_skips == 0 || s->skips_in_row < s->config.max_skips;
}

/* Applies a new configuration live: active time is kept, a due break that is no longer due
 * is withdrawn, one that becomes due is reminded at once. */
void scheduler_set_config(Scheduler *s, usec_t now, const SchedulerConfig *config);
/* The catalog changed (reload): plans are chosen anew from it. */
void scheduler_set_catalog(Scheduler *s, usec_t now, const Catalog *catalog);

/* The exercise a reminder or the current step is about; NULL when the catalog is empty. */
const char *scheduler_current_exercise(const Scheduler *s);
/* Steps of the guided break: the plan's exercises, at least one. */
unsigned scheduler_plan_length(const Scheduler *s);
/* Length of one step of the guided break. */
usec_t scheduler_step_duration(const Scheduler *s);
/* When the running step ends, and the running break with it if no step ends early (the
 * scheduler's clock); 0 when no break runs. */
usec_t scheduler_step_end(const Scheduler *s);
usec_t scheduler_break_end(const Scheduler *s);

/* The person's other machines (the sync folder, daemon/sync/), in scheduler-elsewhere.c. */
/* Active time counted on other machines since the last break, and not here: it counts with
 * this machine's own, so the break falls due when the two together reach the interval (and
 * it is reminded here only while this machine is in use). */
void scheduler_set_elsewhere(Scheduler *s, usec_t now, usec_t usec);
/* A break was taken on another machine (skipped: a break was skipped there): counting starts
 * again as after one taken (skipped) here, without a record of it here; a reminder on screen
 * is withdrawn. Returns 0, or SCHEDULER_E_ON_BREAK while a guided break runs here (it ends
 * with its own record). */
int scheduler_break_elsewhere(Scheduler *s, usec_t now, bool skipped);
/* Whether an idle period under way is already long enough to be a break (a natural one,
 * not recorded until it ends): true with its start in *ret_since. */
bool scheduler_natural_break(const Scheduler *s, usec_t *ret_since);
