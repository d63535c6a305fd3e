/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <assert.h>

#include "core/scheduler-private.h"
#include "util/string-table.h"

/* How it works: active time accumulates only while the user is active (not idle, locked or
 * asleep), reminders are not paused and no guided break runs. Every state change first brings
 * the count up to the present (count_until), then changes the flags, then lets
 * scheduler_advance() fire whatever deadline that change made due. Deadlines are derived from
 * the state each time (scheduler_next_deadline), never stored twice.
 *
 * The reminder cycle's state is stored (Scheduler.state) and changes only in
 * scheduler_transition(), by the table below; what the cadences count (the break, the
 * micro-nudge, the daily limit) is one row each of the cadence table, all advanced by
 * cadences_count(). */

static const char * const scheduler_state_table[_SCHEDULER_STATE_MAX] = {
        [SCHEDULER_WORKING]   = "working",
        [SCHEDULER_IDLE]      = "idle",
        [SCHEDULER_DUE]       = "due",
        [SCHEDULER_SNOOZED]   = "snoozed",
        [SCHEDULER_ON_BREAK]  = "on-break",
        [SCHEDULER_PAUSED]    = "paused",
        [SCHEDULER_DEFERRED]  = "deferred",
        [SCHEDULER_OFF_HOURS] = "off-hours",
};

DEFINE_STRING_TABLE_TO_STRING(scheduler_state, SchedulerState)

static const char * const scheduler_refusal_table[_SCHEDULER_E_MAX] = {
        [SCHEDULER_E_ON_BREAK]         = "a guided break is running",
        [SCHEDULER_E_ALREADY_ON_BREAK] = "a guided break is already running",
        [SCHEDULER_E_NOT_ON_BREAK]     = "no guided break is running",
        [SCHEDULER_E_NOT_DUE]          = "no break is due",
        [SCHEDULER_E_PAUSED]           = "reminders are paused",
        [SCHEDULER_E_NOT_PAUSED]       = "reminders are not paused",
        [SCHEDULER_E_OVERLAP]          = "the break would overlap recorded time",
};

DEFINE_STRING_TABLE_TO_STRING(scheduler_refusal, int)

static const char * const scheduler_input_table[_SCHEDULER_INPUT_MAX] = {
        [SCHEDULER_INPUT_DUE]          = "due",
        [SCHEDULER_INPUT_HOLD]         = "hold",
        [SCHEDULER_INPUT_BUSY]         = "busy",
        [SCHEDULER_INPUT_REMIND]       = "remind",
        [SCHEDULER_INPUT_SNOOZE]       = "snooze",
        [SCHEDULER_INPUT_SNOOZE_END]   = "snooze-end",
        [SCHEDULER_INPUT_SKIP]         = "skip",
        [SCHEDULER_INPUT_START_BREAK]  = "start-break",
        [SCHEDULER_INPUT_NEXT_STEP]    = "next-step",
        [SCHEDULER_INPUT_FINISH_BREAK] = "finish-break",
        [SCHEDULER_INPUT_RESET]        = "reset",
        [SCHEDULER_INPUT_UNDUE]        = "undue",
        [SCHEDULER_INPUT_PAUSE]        = "pause",
        [SCHEDULER_INPUT_RESUME]       = "resume",
};

DEFINE_STRING_TABLE_TO_STRING(scheduler_input, SchedulerInput)

/* Two cells need the state under a pause or a break: UNDER goes back to it, DOWN stays and
 * hands the input to it (a break taken away from the desk while paused resets the cycle the
 * pause holds). */
#define STATE_UNDER ((SchedulerState) _SCHEDULER_STATE_MAX)
#define STATE_DOWN  ((SchedulerState) (_SCHEDULER_STATE_MAX + 1))

#define TO(st)     { .next = SCHEDULER_##st }
#define UNDER      { .next = STATE_UNDER }
#define DOWN       { .next = STATE_DOWN }
#define REFUSE(e)  { .next = _SCHEDULER_STATE_INVALID, .refusal = SCHEDULER_E_##e }
#define NEVER      { .next = _SCHEDULER_STATE_INVALID }

/* The reminder cycle: in each stored state, where each input leads. Every cell is written
 * (NEVER: cannot happen, asserted); docs/HACKING.md draws it, test-scheduler-table checks
 * each cell. IDLE and OFF_HOURS are never stored: they are shown over the stored state. */
static const SchedulerTransition transition_table[_SCHEDULER_STATE_MAX][_SCHEDULER_INPUT_MAX] = {
        [SCHEDULER_WORKING] = {
                [SCHEDULER_INPUT_DUE]          = TO(DUE),
                [SCHEDULER_INPUT_HOLD]         = NEVER,
                [SCHEDULER_INPUT_BUSY]         = NEVER,
                [SCHEDULER_INPUT_REMIND]       = NEVER,
                [SCHEDULER_INPUT_SNOOZE]       = TO(WORKING),  /* postpones the coming break */
                [SCHEDULER_INPUT_SNOOZE_END]   = NEVER,
                [SCHEDULER_INPUT_SKIP]         = REFUSE(NOT_DUE),
                [SCHEDULER_INPUT_START_BREAK]  = TO(ON_BREAK),
                [SCHEDULER_INPUT_NEXT_STEP]    = REFUSE(NOT_ON_BREAK),
                [SCHEDULER_INPUT_FINISH_BREAK] = REFUSE(NOT_ON_BREAK),
                [SCHEDULER_INPUT_RESET]        = TO(WORKING),
                [SCHEDULER_INPUT_UNDUE]        = TO(WORKING),
                [SCHEDULER_INPUT_PAUSE]        = TO(PAUSED),
                [SCHEDULER_INPUT_RESUME]       = REFUSE(NOT_PAUSED),
        },
        [SCHEDULER_DUE] = {
                [SCHEDULER_INPUT_DUE]          = NEVER,
                [SCHEDULER_INPUT_HOLD]         = TO(DEFERRED),
                [SCHEDULER_INPUT_BUSY]         = TO(DEFERRED),
                [SCHEDULER_INPUT_REMIND]       = TO(DUE),
                [SCHEDULER_INPUT_SNOOZE]       = TO(SNOOZED),
                [SCHEDULER_INPUT_SNOOZE_END]   = NEVER,
                [SCHEDULER_INPUT_SKIP]         = TO(WORKING),
                [SCHEDULER_INPUT_START_BREAK]  = TO(ON_BREAK),
                [SCHEDULER_INPUT_NEXT_STEP]    = REFUSE(NOT_ON_BREAK),
                [SCHEDULER_INPUT_FINISH_BREAK] = REFUSE(NOT_ON_BREAK),
                [SCHEDULER_INPUT_RESET]        = TO(WORKING),
                [SCHEDULER_INPUT_UNDUE]        = TO(WORKING),
                [SCHEDULER_INPUT_PAUSE]        = TO(PAUSED),
                [SCHEDULER_INPUT_RESUME]       = REFUSE(NOT_PAUSED),
        },
        [SCHEDULER_DEFERRED] = {
                [SCHEDULER_INPUT_DUE]          = NEVER,
                [SCHEDULER_INPUT_HOLD]         = TO(DEFERRED),
                [SCHEDULER_INPUT_BUSY]         = NEVER,
                [SCHEDULER_INPUT_REMIND]       = TO(DUE),
                [SCHEDULER_INPUT_SNOOZE]       = TO(SNOOZED),
                [SCHEDULER_INPUT_SNOOZE_END]   = NEVER,
                [SCHEDULER_INPUT_SKIP]         = TO(WORKING),
                [SCHEDULER_INPUT_START_BREAK]  = TO(ON_BREAK),
                [SCHEDULER_INPUT_NEXT_STEP]    = REFUSE(NOT_ON_BREAK),
                [SCHEDULER_INPUT_FINISH_BREAK] = REFUSE(NOT_ON_BREAK),
                [SCHEDULER_INPUT_RESET]        = TO(WORKING),
                [SCHEDULER_INPUT_UNDUE]        = TO(WORKING),
                [SCHEDULER_INPUT_PAUSE]        = TO(PAUSED),
                [SCHEDULER_INPUT_RESUME]       = REFUSE(NOT_PAUSED),
        },
        [SCHEDULER_SNOOZED] = {
                [SCHEDULER_INPUT_DUE]          = NEVER,
                [SCHEDULER_INPUT_HOLD]         = NEVER,
                [SCHEDULER_INPUT_BUSY]         = NEVER,
                [SCHEDULER_INPUT_REMIND]       = NEVER,
                [SCHEDULER_INPUT_SNOOZE]       = TO(SNOOZED),
                [SCHEDULER_INPUT_SNOOZE_END]   = TO(DUE),
                [SCHEDULER_INPUT_SKIP]         = TO(WORKING),
                [SCHEDULER_INPUT_START_BREAK]  = TO(ON_BREAK),
                [SCHEDULER_INPUT_NEXT_STEP]    = REFUSE(NOT_ON_BREAK),
                [SCHEDULER_INPUT_FINISH_BREAK] = REFUSE(NOT_ON_BREAK),
                [SCHEDULER_INPUT_RESET]        = TO(WORKING),
                [SCHEDULER_INPUT_UNDUE]        = TO(WORKING),
                [SCHEDULER_INPUT_PAUSE]        = TO(PAUSED),
                [SCHEDULER_INPUT_RESUME]       = REFUSE(NOT_PAUSED),
        },
        [SCHEDULER_ON_BREAK] = {
                [SCHEDULER_INPUT_DUE]          = NEVER,
                [SCHEDULER_INPUT_HOLD]         = NEVER,
                [SCHEDULER_INPUT_BUSY]         = NEVER,
                [SCHEDULER_INPUT_REMIND]       = NEVER,
                [SCHEDULER_INPUT_SNOOZE]       = REFUSE(ON_BREAK),
                [SCHEDULER_INPUT_SNOOZE_END]   = NEVER,
                [SCHEDULER_INPUT_SKIP]         = UNDER,        /* the break ends, skipped */
                [SCHEDULER_INPUT_START_BREAK]  = REFUSE(ALREADY_ON_BREAK),
                [SCHEDULER_INPUT_NEXT_STEP]    = TO(ON_BREAK),
                [SCHEDULER_INPUT_FINISH_BREAK] = UNDER,
                [SCHEDULER_INPUT_RESET]        = REFUSE(ON_BREAK),
                [SCHEDULER_INPUT_UNDUE]        = TO(ON_BREAK), /* nothing is due during a break */
                [SCHEDULER_INPUT_PAUSE]        = REFUSE(ON_BREAK),
                [SCHEDULER_INPUT_RESUME]       = DOWN,         /* ends a pause the break began in */
        },
        [SCHEDULER_PAUSED] = {
                [SCHEDULER_INPUT_DUE]          = NEVER,
                [SCHEDULER_INPUT_HOLD]         = NEVER,
                [SCHEDULER_INPUT_BUSY]         = NEVER,
                [SCHEDULER_INPUT_REMIND]       = NEVER,
                [SCHEDULER_INPUT_SNOOZE]       = REFUSE(PAUSED),
                [SCHEDULER_INPUT_SNOOZE_END]   = NEVER,
                [SCHEDULER_INPUT_SKIP]         = DOWN,
                [SCHEDULER_INPUT_START_BREAK]  = TO(ON_BREAK),
                [SCHEDULER_INPUT_NEXT_STEP]    = REFUSE(NOT_ON_BREAK),
                [SCHEDULER_INPUT_FINISH_BREAK] = REFUSE(NOT_ON_BREAK),
                [SCHEDULER_INPUT_RESET]        = DOWN,
                [SCHEDULER_INPUT_UNDUE]        = DOWN,
                [SCHEDULER_INPUT_PAUSE]        = TO(PAUSED),   /* a new length */
                [SCHEDULER_INPUT_RESUME]       = UNDER,
        },
        [SCHEDULER_IDLE] = {
                NEVER, NEVER, NEVER, NEVER, NEVER, NEVER, NEVER,
                NEVER, NEVER, NEVER, NEVER, NEVER, NEVER, NEVER,
        },
        [SCHEDULER_OFF_HOURS] = {
                NEVER, NEVER, NEVER, NEVER, NEVER, NEVER, NEVER,
                NEVER, NEVER, NEVER, NEVER, NEVER, NEVER, NEVER,
        },
};

#undef TO
#undef UNDER
#undef DOWN
#undef REFUSE
#undef NEVER

/* Inputs that close a reminder on screen when they take the cycle out of DUE (a guided break
 * takes the reminder's notification over instead; a held or re-shown one was not closed). */
static bool input_withdraws(SchedulerInput input) {
        switch (input) {
        case SCHEDULER_INPUT_SNOOZE:
        case SCHEDULER_INPUT_SKIP:
        case SCHEDULER_INPUT_RESET:
        case SCHEDULER_INPUT_UNDUE:
        case SCHEDULER_INPUT_PAUSE:
        case SCHEDULER_INPUT_BUSY:
                return true;
        default:
                return false;
        }
}

static bool stored(SchedulerState state) {
        return state >= 0 && state < _SCHEDULER_STATE_MAX &&
                state != SCHEDULER_IDLE && state != SCHEDULER_OFF_HOURS;
}

/* The cell of state and input, with UNDER and DOWN resolved against under; ret_under is the
 * state under the next one. The state under a paused one is never itself paused or on a break,
 * and under a break there is WORKING or PAUSED over WORKING (a break ends the cycle). */
static SchedulerTransition lookup(SchedulerState state, SchedulerState under, SchedulerInput input,
                                  SchedulerState *ret_under) {
        SchedulerTransition t;

        if (!stored(state) || !stored(under) || input < 0 || input >= _SCHEDULER_INPUT_MAX)
                return (SchedulerTransition) { .next = _SCHEDULER_STATE_INVALID };

        t = transition_table[state][input];
        if (t.next == STATE_DOWN) {
                SchedulerTransition d = transition_table[under][input];

                if (d.next == STATE_UNDER)
                        d.next = SCHEDULER_WORKING;
                if (d.next < 0 || d.next == STATE_DOWN)
                        return (SchedulerTransition) { .next = _SCHEDULER_STATE_INVALID, .refusal = d.refusal };
                *ret_under = d.next;
                return (SchedulerTransition) { .next = state };
        }
        if (t.next == STATE_UNDER)
                t.next = under;
        if (t.next < 0)
                return t;

        if (t.next == state)
                *ret_under = under;
        else if (t.next == SCHEDULER_PAUSED)
                *ret_under = state == SCHEDULER_ON_BREAK ? SCHEDULER_WORKING : state;
        else if (t.next == SCHEDULER_ON_BREAK)
                *ret_under = state == SCHEDULER_PAUSED ? SCHEDULER_PAUSED : SCHEDULER_WORKING;
        else
                *ret_under = SCHEDULER_WORKING;
        return t;
}

SchedulerTransition scheduler_transition_lookup_under(SchedulerState state, SchedulerState under,
                                                      SchedulerInput input) {
        SchedulerState u;

        return lookup(state, under, input, &u);
}

SchedulerTransition scheduler_transition_lookup(SchedulerState state, SchedulerInput input) {
        return scheduler_transition_lookup_under(state, SCHEDULER_WORKING, input);
}

/* The due state of the cycle, looking through a pause. */
static SchedulerState cycle_state(const Scheduler *s) {
        return s->state == SCHEDULER_PAUSED ? s->under : s->state;
}

bool scheduler_due(const Scheduler *s) {
        SchedulerState c = cycle_state(s);

        return c == SCHEDULER_DUE || c == SCHEDULER_DEFERRED || c == SCHEDULER_SNOOZED;
}

/* What input would do now: 0, or the refusal. */
int scheduler_refused(const Scheduler *s, SchedulerInput input) {
        SchedulerState u;
        SchedulerTransition t = lookup(s->state, s->under, input, &u);

        assert(t.next >= 0 || t.refusal > 0);
        return t.next >= 0 ? 0 : t.refusal;
}

int scheduler_transition(Scheduler *s, SchedulerInput input) {
        SchedulerState from = s->state, under = s->under;
        SchedulerTransition t = lookup(s->state, s->under, input, &under);

        if (t.next < 0) {
                /* A NEVER cell reached is a logic error in the scheduler, not a condition
                 * to handle: it aborts (limberd is built with assertions, and systemd
                 * restarts it) rather than run on in a state nobody designed; built
                 * without assertions, nothing changes and -EINVAL is returned. */
                assert(t.refusal > 0);
                return t.refusal > 0 ? t.refusal : -EINVAL;
        }

        if (from == SCHEDULER_DUE && t.next != SCHEDULER_DUE && input_withdraws(input) && !s->off_hours)
                scheduler_withdraw(s);
        s->state = t.next;
        s->under = under;

        /* Each state's data lives as long as the state: the due cycle's until it is no longer
         * due (a pause keeps it), the snooze's until it ends. */
        if (!scheduler_due(s)) {
                s->escalated = false;
                s->next_repeat = 0;
                s->held_since = 0;
        }
        if (cycle_state(s) != SCHEDULER_SNOOZED)
                s->snoozed_until = 0;
        if (!scheduler_paused(s))
                s->paused_until = 0;
        return 0;
}

static bool is_idle(const Scheduler *s) {
        return (s->input_idle && !s->present) || s->locked || s->asleep;
}

static bool is_counting(const Scheduler *s) {
        return !is_idle(s) && s->state != SCHEDULER_PAUSED && s->state != SCHEDULER_ON_BREAK && !s->off_hours;
}

/* The reminder is on screen (or would be, if a notification server is there). */
bool scheduler_reminding(const Scheduler *s) {
        return s->state == SCHEDULER_DUE && !s->off_hours;
}

static usec_t busy_grace(const Scheduler *s) {
        return MIN(SCHEDULER_BUSY_GRACE, MAX(s->config.snooze, USEC_PER_SEC));
}

static usec_t due_threshold(const Scheduler *s) {
        return usec_add(s->config.interval, s->postpone_usec);
}

static usec_t critical_threshold(const Scheduler *s) {
        return usec_add(s->config.interval, s->config.max_postpone);
}

static usec_t micro_threshold(const Scheduler *s) {
        return s->config.micro_interval;
}

static usec_t limit_threshold(const Scheduler *s) {
        return s->config.daily_limit;
}

static bool due_wanted(const Scheduler *s) {
        return s->state == SCHEDULER_WORKING;
}

static bool micro_wanted(const Scheduler *s) {
        return s->config.micro_enabled && s->config.micro_interval > 0 && s->state == SCHEDULER_WORKING;
}

static bool limit_wanted(const Scheduler *s) {
        return s->config.daily_limit > 0 && !s->limit_said;
}

/* What the scheduler does by itself, without being told anything. */
typedef enum Happening {
        HAPPENING_STEP,         /* the guided break moves to its next step, or ends */
        HAPPENING_RESUME,       /* a timed pause ends */
        HAPPENING_NATURAL,      /* the idle period became long enough to be a break */
        HAPPENING_SNOOZE_END,   /* the snooze is over: remind now, or when the user is back */
        HAPPENING_DUE,          /* enough active time: the break falls due */
        HAPPENING_MICRO,        /* a posture nudge */
        HAPPENING_DAILY_LIMIT,  /* today's active time reached daily-limit */
        HAPPENING_RELEASE,      /* held back for defer-max while busy: remind anyway, quietly */
        HAPPENING_REMIND,       /* an ignored reminder repeats, or a held one follows */
        HAPPENING_ESCALATE,     /* interval + max-postpone passed: the reminder turns critical */
        _HAPPENING_MAX,
} Happening;

/* The cadences, one row each: what reaching the threshold makes happen, the threshold, whether
 * it is wanted now (asked only while time counts), and whether a break starts it again. Their
 * counts are Scheduler.counted[], advanced together by cadences_count(). */
typedef struct Cadence {
        Happening happening;
        usec_t (*threshold)(const Scheduler *s);
        bool (*wanted)(const Scheduler *s);
        bool per_cycle;
} Cadence;

static const Cadence cadence_table[_SCHEDULER_CADENCE_MAX] = {
        [SCHEDULER_CADENCE_BREAK] = { HAPPENING_DUE,         due_threshold,   due_wanted,   true  },
        [SCHEDULER_CADENCE_MICRO] = { HAPPENING_MICRO,       micro_threshold, micro_wanted, true  },
        [SCHEDULER_CADENCE_DAY]   = { HAPPENING_DAILY_LIMIT, limit_threshold, limit_wanted, false },
};

/* Adds usec of active time to every cadence, or takes it back (time the idle source reported
 * late: it was not work). */
static void cadences_count(Scheduler *s, usec_t usec, bool take_back) {
        for (size_t i = 0; i < _SCHEDULER_CADENCE_MAX; i++)
                s->counted[i] = take_back ? usec_sub(s->counted[i], usec) : usec_add(s->counted[i], usec);
}

/* Brings active time up to t. Time never runs backwards for the scheduler. */
static void count_until(Scheduler *s, usec_t t) {
        if (t <= s->counted_at)
                return;
        if (is_counting(s))
                cadences_count(s, t - s->counted_at, false);
        s->counted_at = t;
        if (t > s->now)
                s->now = t;
}

void scheduler_emit(Scheduler *s, const SchedulerEvent *event) {
        if (s->emit)
                s->emit(s->userdata, event);
}

void scheduler_record(Scheduler *s, HistoryKind kind, usec_t start, usec_t duration,
                   char * const *exercises, const char *note) {
        if (history_kind_is_break(kind))
                s->break_until = MAX(s->break_until, usec_add(start, duration));
        else if (kind == HISTORY_ACTIVE)
                s->active_until = MAX(s->active_until, usec_add(start, duration));
        scheduler_emit(s, &(SchedulerEvent) {
                .type = SCHEDULER_EVENT_RECORD,
                .kind = kind,
                .time = start,
                .duration = duration,
                .exercises = exercises,
                .note = note,
        });
}

/* Opens or closes the span of active time as counting starts or stops; end is when the
 * change happened. */
static void sync_span(Scheduler *s, usec_t end) {
        bool counting = is_counting(s);

        if (counting && !s->span_open) {
                s->span_open = true;
                s->span_start = end;
        } else if (!counting && s->span_open) {
                s->span_open = false;
                if (end > s->span_start)
                        scheduler_record(s, HISTORY_ACTIVE, s->span_start, end - s->span_start, NULL, NULL);
        }
}

void scheduler_flush_activity(Scheduler *s, usec_t now) {
        scheduler_advance(s, now);
        if (!s->span_open)
                return;
        s->span_open = false;
        if (now > s->span_start)
                scheduler_record(s, HISTORY_ACTIVE, s->span_start, now - s->span_start, NULL, NULL);
        sync_span(s, now);
}

void scheduler_note_records(Scheduler *s, usec_t now, usec_t break_until, usec_t active_until) {
        if (break_until <= now)
                s->break_until = MAX(s->break_until, break_until);
        if (active_until <= now)
                s->active_until = MAX(s->active_until, active_until);
}

bool scheduler_open_span(const Scheduler *s, usec_t now, usec_t *ret_start, usec_t *ret_duration) {
        if (!s->span_open || now <= s->span_start)
                return false;
        *ret_start = s->span_start;
        *ret_duration = now - s->span_start;
        return true;
}

void scheduler_choose_plan(Scheduler *s) {
        char **plan = NULL;

        strv_free(s->plan);
        s->plan = NULL;
        if (!s->catalog)
                return;
        /* On failure (nothing for this posture, out of memory) the break has no exercises:
         * the reminder still comes, it just cannot name one. */
        if (catalog_pick(s->catalog, s->config.posture, MAX(s->config.per_break, 1U),
                         s->previous_plan, &s->rng, &plan) > 0)
                s->plan = plan;
        else
                strv_free(plan);
}

static void remind(Scheduler *s, usec_t t) {
        bool critical = s->counted[SCHEDULER_CADENCE_BREAK] >= critical_threshold(s);

        (void) scheduler_transition(s, SCHEDULER_INPUT_REMIND);
        if (critical)
                s->escalated = true;
        /* From the time it is shown: after a freeze, the repeats the catch-up passes over are
         * not replayed one by one. */
        s->next_repeat = usec_add(MAX(t, s->advancing_to), MAX(s->config.snooze, USEC_PER_SEC));
        scheduler_emit(s, &(SchedulerEvent) {
                .type = SCHEDULER_EVENT_REMIND,
                .critical = critical && !s->busy,
                .quiet = s->busy,
                .no_skip = !scheduler_skip_offered(s),
        });
}

void scheduler_withdraw(Scheduler *s) {
        scheduler_emit(s, &(SchedulerEvent) { .type = SCHEDULER_EVENT_WITHDRAW });
}

/* The break is no longer due (a longer interval, or the time it fell due in was nobody's
 * work): its reminder goes, and it comes again when the count reaches it. */
static void undue(Scheduler *s) {
        (void) scheduler_transition(s, SCHEDULER_INPUT_UNDUE);
}

/* A reminder that would interrupt a busy user waits instead (input: HOLD, or BUSY when it
 * is on screen). */
static void hold(Scheduler *s, usec_t t, SchedulerInput input) {
        (void) scheduler_transition(s, input);
        s->held_since = t;
}

/* Shows the reminder now, unless the user is busy and defer-max has not passed. */
static void remind_or_hold(Scheduler *s, usec_t t) {
        if (s->busy && !s->defer_released)
                hold(s, t, SCHEDULER_INPUT_HOLD);
        else
                remind(s, t);
}

static const char *next_micro_exercise(Scheduler *s) {
        size_t n = s->catalog ? s->catalog->n_exercises : 0;

        for (size_t i = 0; i < n; i++) {
                const Exercise *e = &s->catalog->exercises[(s->micro_next + i) % n];

                if (e->micro && e->posture == POSTURE_SEATED) {
                        s->micro_next = (s->micro_next + i + 1) % n;
                        return e->id;
                }
        }
        return NULL;
}

/* A break of any kind happened (or was skipped): the cycle moves on by input, and counting
 * starts again towards the next break. */
void scheduler_reset_cycle(Scheduler *s, SchedulerInput input, bool new_plan) {
        int r = scheduler_transition(s, input);

        assert(r == 0);
        (void) r;
        for (size_t i = 0; i < _SCHEDULER_CADENCE_MAX; i++)
                if (cadence_table[i].per_cycle)
                        s->counted[i] = 0;
        s->elsewhere_usec = 0;
        s->postpone_usec = 0;
        if (new_plan) {
                strv_free(s->previous_plan);
                s->previous_plan = TAKE_PTR(s->plan);
                scheduler_choose_plan(s);
        }
}

unsigned scheduler_plan_length(const Scheduler *s) {
        return (unsigned) MAX(strv_length(s->plan), (size_t) 1);
}

usec_t scheduler_step_duration(const Scheduler *s) {
        return MAX(s->config.break_duration / scheduler_plan_length(s), (usec_t) 1);
}

static usec_t step_end(const Scheduler *s) {
        return usec_add(s->step_started, scheduler_step_duration(s));
}

usec_t scheduler_step_end(const Scheduler *s) {
        return scheduler_on_break(s) ? step_end(s) : 0;
}

usec_t scheduler_break_end(const Scheduler *s) {
        size_t left = scheduler_plan_length(s) - MIN((size_t) s->break_step + 1, scheduler_plan_length(s));

        return scheduler_on_break(s) ? usec_add(step_end(s), scheduler_step_duration(s) * left) : 0;
}

void scheduler_emit_step(Scheduler *s) {
        scheduler_emit(s, &(SchedulerEvent) {
                .type = SCHEDULER_EVENT_BREAK_STEP,
                .step = s->break_step,
                .step_duration = scheduler_step_duration(s),
        });
}

void scheduler_end_break(Scheduler *s, usec_t t, HistoryKind kind) {
        usec_t duration = usec_sub(t, s->break_started);

        s->skips_in_row = kind == HISTORY_SKIPPED ? s->skips_in_row + 1 : 0;
        s->counted_at = t;
        scheduler_emit(s, &(SchedulerEvent) {
                .type = SCHEDULER_EVENT_BREAK_FINISHED, .kind = kind, .duration = duration });
        scheduler_record(s, kind, s->break_started, duration, s->plan, NULL);
        /* The break's notification is gone with BREAK_FINISHED; nothing to withdraw. */
        scheduler_reset_cycle(s, kind == HISTORY_SKIPPED ? SCHEDULER_INPUT_SKIP : SCHEDULER_INPUT_FINISH_BREAK,
                              true);
}

/* Back from a pause with a break due (and not snoozed): remind at once. */
static void remind_at_once(Scheduler *s, usec_t t) {
        if (s->state == SCHEDULER_DUE || s->state == SCHEDULER_DEFERRED)
                s->next_repeat = t;
}

void scheduler_resume_at(Scheduler *s, usec_t t) {
        (void) scheduler_transition(s, SCHEDULER_INPUT_RESUME);
        s->counted_at = t;
        remind_at_once(s, t);
}

typedef struct NextEvent {
        Happening what;
        usec_t at;              /* on the scheduler's clock; USEC_INFINITY = not by itself */
} NextEvent;

/* The due reminder's next event, while it is not snoozed: this is the busy/defer rule. A held
 * reminder waits for defer-max while the user is busy, and for next_repeat (the grace period)
 * once they are not; a shown one repeats at next_repeat. */
static NextEvent reminder_event(const Scheduler *s) {
        if (s->state == SCHEDULER_DEFERRED && s->busy)
                return (NextEvent) { HAPPENING_RELEASE, usec_add(s->held_since, s->config.defer_max) };
        return (NextEvent) { HAPPENING_REMIND, s->next_repeat };
}

/* When active time, counted from counted_at, reaches target. */
static usec_t active_reaches(const Scheduler *s, usec_t active, usec_t target) {
        return usec_add(s->counted_at, usec_sub(target, active));
}

/* Every event the present state leads to by itself, in the order they are handled when
 * several are due at once. Returns how many were written to ret. scheduler_next_deadline()
 * is the earliest of them, fire() handles the first that is due, and scheduler_next_break()
 * reads the reminder's from reminder_event(). */
static size_t next_events(const Scheduler *s, NextEvent ret[static _HAPPENING_MAX]) {
        size_t n = 0;

        if (s->state == SCHEDULER_ON_BREAK) {
                ret[n++] = (NextEvent) { HAPPENING_STEP, step_end(s) };
                return n;
        }
        if (s->state == SCHEDULER_PAUSED)
                ret[n++] = (NextEvent) { HAPPENING_RESUME, s->paused_until };
        if (is_idle(s) && !s->natural_reached)
                ret[n++] = (NextEvent) { HAPPENING_NATURAL,
                                         usec_add(s->idle_since, s->config.natural_break) };
        if (s->state == SCHEDULER_SNOOZED)
                ret[n++] = (NextEvent) { HAPPENING_SNOOZE_END, s->snoozed_until };

        if (!is_counting(s))
                return n;

        /* Unrolled, the rows' functions are known and inlined: this runs at every deadline. */
#pragma GCC unroll 8
        for (size_t i = 0; i < _SCHEDULER_CADENCE_MAX; i++)
                if (cadence_table[i].wanted(s))
                        ret[n++] = (NextEvent) { cadence_table[i].happening,
                                                 active_reaches(s, s->counted[i], cadence_table[i].threshold(s)) };
        if (s->state != SCHEDULER_DUE && s->state != SCHEDULER_DEFERRED)
                return n;

        ret[n++] = reminder_event(s);
        if (s->state == SCHEDULER_DUE && !s->escalated && !s->busy)
                ret[n++] = (NextEvent) { HAPPENING_ESCALATE,
                                         active_reaches(s, s->counted[SCHEDULER_CADENCE_BREAK], critical_threshold(s)) };
        return n;
}

usec_t scheduler_next_deadline(const Scheduler *s) {
        NextEvent events[_HAPPENING_MAX];
        size_t n = next_events(s, events);
        usec_t d = USEC_INFINITY;

        for (size_t i = 0; i < n; i++)
                d = MIN(d, events[i].at);
        return d;
}

/* Handles what is due at t, which is counted_at (scheduler_advance() counts up to it first);
 * returns whether anything happened. */
static bool fire(Scheduler *s, usec_t t) {
        NextEvent events[_HAPPENING_MAX];
        size_t n = next_events(s, events), i;

        for (i = 0; i < n && events[i].at > t; i++)
                ;
        if (i == n)
                return false;

        switch (events[i].what) {
        case HAPPENING_STEP:
                if (s->break_step + 1 >= scheduler_plan_length(s))
                        scheduler_end_break(s, step_end(s), HISTORY_TAKEN);
                else {
                        (void) scheduler_transition(s, SCHEDULER_INPUT_NEXT_STEP);
                        s->step_started = step_end(s);
                        s->break_step++;
                        scheduler_emit_step(s);
                }
                break;
        case HAPPENING_RESUME:
                scheduler_resume_at(s, t);
                break;
        case HAPPENING_NATURAL:
                s->natural_reached = true;
                s->active_before_idle = s->counted[SCHEDULER_CADENCE_BREAK];
                s->skips_in_row = 0;
                scheduler_reset_cycle(s, SCHEDULER_INPUT_RESET, false);
                break;
        case HAPPENING_SNOOZE_END:
                (void) scheduler_transition(s, SCHEDULER_INPUT_SNOOZE_END);
                s->next_repeat = t;     /* reminded now, or as soon as the user is back */
                break;
        case HAPPENING_DUE:
                (void) scheduler_transition(s, SCHEDULER_INPUT_DUE);
                if (!s->plan)
                        scheduler_choose_plan(s);
                remind_or_hold(s, t);
                break;
        case HAPPENING_MICRO:
                s->counted[SCHEDULER_CADENCE_MICRO] = 0;
                scheduler_emit(s, &(SchedulerEvent) {
                        .type = SCHEDULER_EVENT_MICRO, .exercise = next_micro_exercise(s) });
                break;
        case HAPPENING_DAILY_LIMIT:
                s->limit_said = true;
                scheduler_emit(s, &(SchedulerEvent) {
                        .type = SCHEDULER_EVENT_DAILY_LIMIT, .duration = s->counted[SCHEDULER_CADENCE_DAY] });
                break;
        case HAPPENING_RELEASE:
                /* Held back long enough: remind anyway, quietly, and keep doing so every
                 * snooze for the rest of this busy spell. */
                s->defer_released = true;
                remind(s, t);
                break;
        case HAPPENING_REMIND:
        case HAPPENING_ESCALATE:
                /* A held reminder is only here once the user is no longer busy. */
                remind_or_hold(s, t);
                break;
        default:
                return false;
        }
        return true;
}

void scheduler_advance(Scheduler *s, usec_t now) {
        s->advancing_to = MAX(s->advancing_to, now);
        /* Each round handles one deadline; the bound only guards against a logic error
         * turning into a busy loop in a daemon that runs for months. */
        for (unsigned round = 0; round < 10000; round++) {
                usec_t d = scheduler_next_deadline(s);

                if (d > now)
                        break;
                d = MAX(d, s->counted_at);
                count_until(s, d);
                if (!fire(s, d))
                        break;
                sync_span(s, d);
        }
        count_until(s, now);
        sync_span(s, s->now);
}

void scheduler_init(Scheduler *s, const SchedulerConfig *config, const Catalog *catalog,
                    usec_t now, uint64_t rng_seed, scheduler_emit_t emit_cb, void *userdata) {
        *s = (Scheduler) {
                .config = *config,
                .catalog = catalog,
                .emit = emit_cb,
                .userdata = userdata,
                .now = now,
                .counted_at = now,
                .rng = rng_seed ?: UINT64_C(0x9e3779b97f4a7c15),
        };
        scheduler_choose_plan(s);
        sync_span(s, now);
}

void scheduler_done(Scheduler *s) {
        strv_free(s->plan);
        strv_free(s->previous_plan);
        s->plan = s->previous_plan = NULL;
}

int scheduler_restore(Scheduler *s, usec_t now, usec_t active_usec, unsigned skips_in_row, usec_t downtime,
                      usec_t pause_remaining, char * const *plan, char * const *previous_plan) {
        char **p = NULL, **pp = NULL;

        if (strv_copy(plan, &p) < 0 || strv_copy(previous_plan, &pp) < 0) {
                strv_free(p);
                return -ENOMEM;
        }
        if (p) {
                strv_free(s->plan);
                s->plan = p;
        }
        strv_free(s->previous_plan);
        s->previous_plan = pp;

        count_until(s, now);
        s->counted[SCHEDULER_CADENCE_BREAK] = active_usec;
        s->skips_in_row = skips_in_row;

        /* The time no limberd ran counts as idle time that has just ended. */
        if (downtime >= s->config.natural_break) {
                if (active_usec >= s->config.natural_break)
                        scheduler_record(s, HISTORY_NATURAL, usec_sub(now, downtime), downtime, NULL, NULL);
                s->skips_in_row = 0;
                scheduler_reset_cycle(s, SCHEDULER_INPUT_RESET, false);
        }

        if (pause_remaining > 0 && scheduler_transition(s, SCHEDULER_INPUT_PAUSE) == 0)
                s->paused_until = usec_add(now, pause_remaining);
        scheduler_advance(s, now);
        return 0;
}

/* The stored state, with what the desk says shown over it: outside working hours, and away
 * from the desk. */
SchedulerState scheduler_state(const Scheduler *s) {
        if (s->state == SCHEDULER_ON_BREAK || s->state == SCHEDULER_PAUSED)
                return s->state;
        if (s->off_hours)
                return SCHEDULER_OFF_HOURS;
        /* A reminder on screen stays "due" while nobody touches the keyboard (scheduler_idle()
         * tells that): the person may be reading it, or doing the exercise. */
        if (s->state == SCHEDULER_DUE)
                return SCHEDULER_DUE;
        if (is_idle(s))
                return SCHEDULER_IDLE;
        return s->state;
}

/* A count kept as of counted_at, brought up to now. */
static usec_t counted_until(const Scheduler *s, usec_t value, usec_t now) {
        if (is_counting(s) && now > s->counted_at)
                return usec_add(value, now - s->counted_at);
        return value;
}

usec_t scheduler_active_usec(const Scheduler *s, usec_t now) {
        return counted_until(s, s->counted[SCHEDULER_CADENCE_BREAK], now);
}

bool scheduler_idle(const Scheduler *s) {
        return is_idle(s);
}

usec_t scheduler_next_break(const Scheduler *s, usec_t now) {
        if (scheduler_paused(s))
                return 0;
        if (s->state == SCHEDULER_ON_BREAK)
                return usec_add(usec_add(s->break_started, s->config.break_duration), s->config.interval);
        if (scheduler_due(s)) {
                if (s->state == SCHEDULER_SNOOZED)
                        return MAX(s->snoozed_until, now);
                /* A reminder on screen while the user is away is seen when they are back. */
                if (s->state == SCHEDULER_DUE && is_idle(s))
                        return now;
                return MAX(reminder_event(s).at, now);
        }
        return usec_add(now, usec_sub(due_threshold(s), scheduler_active_usec(s, now)));
}

void scheduler_new_day(Scheduler *s, usec_t now, usec_t active_today) {
        scheduler_advance(s, now);
        s->counted[SCHEDULER_CADENCE_DAY] = active_today;
        s->limit_said = s->config.daily_limit > 0 && active_today >= s->config.daily_limit;
        scheduler_advance(s, now);
}

usec_t scheduler_active_today(const Scheduler *s, usec_t now) {
        return counted_until(s, s->counted[SCHEDULER_CADENCE_DAY], now);
}

usec_t scheduler_pause_remaining(const Scheduler *s, usec_t now) {
        if (!scheduler_paused(s))
                return 0;
        if (s->paused_until == USEC_INFINITY)
                return USEC_INFINITY;
        return MAX(usec_sub(s->paused_until, now), (usec_t) 1);
}

static void idle_changed(Scheduler *s, usec_t now, bool was_idle, bool was_counting, usec_t since) {
        bool idle = is_idle(s);

        if (idle == was_idle)
                return;

        if (idle) {
                /* The idle source tells us late: the time since the last input was not work. */
                since = MIN(since, now);
                /* The span of work ended with the last input, not when we heard of it. */
                if (s->span_open)
                        sync_span(s, MAX(since, s->span_start));
                if (was_counting)
                        cadences_count(s, now - since, true);
                s->idle_since = s->away_since = since;
                s->natural_reached = false;
                /* The break fell due in the time since the last input, which nobody worked:
                 * not due after all, and it comes when the count reaches it at the desk. But
                 * a reminder already shown stays: the person may be reading it, and one that
                 * went and came back at the next move of the mouse is a flap nobody can
                 * follow. */
                if (scheduler_due(s) && s->counted[SCHEDULER_CADENCE_BREAK] < due_threshold(s) &&
                    !scheduler_reminding(s))
                        undue(s);
        } else {
                if (s->natural_reached && s->active_before_idle >= s->config.natural_break)
                        scheduler_record(s, HISTORY_NATURAL, s->idle_since, usec_sub(now, s->idle_since),
                                         NULL, NULL);
                /* A pause in input as long as a nudge's move counts as one. */
                if (usec_sub(now, s->idle_since) >= s->config.micro_duration)
                        s->counted[SCHEDULER_CADENCE_MICRO] = 0;
                s->natural_reached = false;
                s->counted_at = now;
        }
        scheduler_advance(s, now);
}

/* Sets one of the flags that make the user idle, and handles the change it makes. */
static void set_idle_flag(Scheduler *s, usec_t now, bool *flag, bool value, usec_t since) {
        bool was_idle, was_counting;

        scheduler_advance(s, now);
        was_idle = is_idle(s);
        was_counting = is_counting(s);
        *flag = value;
        idle_changed(s, now, was_idle, was_counting, since);
}

void scheduler_set_input_idle(Scheduler *s, usec_t now, bool idle, usec_t idle_since) {
        set_idle_flag(s, now, &s->input_idle, idle, idle_since);
}

void scheduler_set_locked(Scheduler *s, usec_t now, bool locked) {
        set_idle_flag(s, now, &s->locked, locked, now);
}

void scheduler_set_asleep(Scheduler *s, usec_t now, bool asleep) {
        set_idle_flag(s, now, &s->asleep, asleep, now);
}

void scheduler_set_present(Scheduler *s, usec_t now, bool present) {
        set_idle_flag(s, now, &s->present, present, now);
}

void scheduler_set_busy(Scheduler *s, usec_t now, bool busy) {
        /* The flag first, then the deadlines up to now: a change is often learnt right at a
         * deadline (a server without change signals is read then), and that deadline must
         * see it, or a due break would be shown and withdrawn at once, and a release at
         * defer-max after the user stopped being busy would come quietly. */
        if (s->busy == busy) {
                scheduler_advance(s, now);
                return;
        }
        s->busy = busy;
        if (busy) {
                if (scheduler_reminding(s))
                        hold(s, now, SCHEDULER_INPUT_BUSY);
        } else {
                s->defer_released = false;
                if (cycle_state(s) == SCHEDULER_DEFERRED)
                        s->next_repeat = usec_add(now, busy_grace(s));
        }
        scheduler_advance(s, now);
}

void scheduler_set_off_hours(Scheduler *s, usec_t now, bool off_hours) {
        scheduler_advance(s, now);
        if (s->off_hours == off_hours)
                return;
        if (off_hours && scheduler_reminding(s))
                scheduler_withdraw(s);
        s->off_hours = off_hours;
        s->counted_at = now;
        /* Back to work with a break due: remind at once (or hold it, if busy). */
        if (!off_hours)
                remind_at_once(s, now);
        scheduler_advance(s, now);
}

void scheduler_set_config(Scheduler *s, usec_t now, const SchedulerConfig *config) {
        bool new_plan;

        scheduler_advance(s, now);
        new_plan = config->posture != s->config.posture || config->per_break != s->config.per_break;
        s->config = *config;

        /* A longer interval: the break is no longer due. */
        if (scheduler_due(s) && s->counted[SCHEDULER_CADENCE_BREAK] < due_threshold(s))
                undue(s);
        /* A limit raised above today's count is announced again when reached. */
        if (s->counted[SCHEDULER_CADENCE_DAY] < config->daily_limit)
                s->limit_said = false;
        if (new_plan && s->state != SCHEDULER_ON_BREAK)
                scheduler_choose_plan(s);
        scheduler_advance(s, now);
}

void scheduler_set_catalog(Scheduler *s, usec_t now, const Catalog *catalog) {
        scheduler_advance(s, now);
        s->catalog = catalog;
        if (s->state != SCHEDULER_ON_BREAK)
                scheduler_choose_plan(s);
}

const char *scheduler_current_exercise(const Scheduler *s) {
        size_t n = strv_length(s->plan);

        if (n == 0)
                return NULL;
        if (s->state == SCHEDULER_ON_BREAK && s->break_step < n)
                return s->plan[s->break_step];
        return s->plan[0];
}
