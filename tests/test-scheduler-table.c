/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scheduler's transition table: every stored state × every input gives the next state (or
 * the refusal) that docs/HACKING.md documents, both as the table says and as a real scheduler
 * driven into each state does when given each command. */
#include "core/config.h"
#include "core/scheduler.h"
#include "tap.h"

#define S USEC_PER_SEC
#define NAME(state) (scheduler_state_to_string(state) ?: "-")
#define M USEC_PER_MINUTE
#define H USEC_PER_HOUR

/* The documented table, cell by cell: a state's name; "-" cannot happen; "under" goes back to
 * the state under a pause or a break; "down" stays, and hands the input to the state under
 * it; the refusals: */
#define NOT_DUE "!due"          /* SCHEDULER_E_NOT_DUE */
#define NOT_BRK "!brk"          /* SCHEDULER_E_NOT_ON_BREAK */
#define NOT_PSD "!psd"          /* SCHEDULER_E_NOT_PAUSED */
#define ON_BRK  "brk!"          /* SCHEDULER_E_ON_BREAK */
#define AGAIN   "again!"        /* SCHEDULER_E_ALREADY_ON_BREAK */
#define PAUSED  "psd!"          /* SCHEDULER_E_PAUSED */

static const struct {
        SchedulerState state;
        const char *cells[_SCHEDULER_INPUT_MAX];
} documented[] = {
        /*                    due        hold        busy        remind   snooze     snooze-end
         *                    skip       start-break next-step   finish   reset      undue
         *                    pause      resume */
        { SCHEDULER_WORKING,  { "due",     "-",        "-",        "-",     "working", "-",
                                NOT_DUE,   "on-break", NOT_BRK,    NOT_BRK, "working", "working",
                                "paused",  NOT_PSD } },
        { SCHEDULER_DUE,      { "-",       "deferred", "deferred", "due",   "snoozed", "-",
                                "working", "on-break", NOT_BRK,    NOT_BRK, "working", "working",
                                "paused",  NOT_PSD } },
        { SCHEDULER_DEFERRED, { "-",       "deferred", "-",        "due",   "snoozed", "-",
                                "working", "on-break", NOT_BRK,    NOT_BRK, "working", "working",
                                "paused",  NOT_PSD } },
        { SCHEDULER_SNOOZED,  { "-",       "-",        "-",        "-",     "snoozed", "due",
                                "working", "on-break", NOT_BRK,    NOT_BRK, "working", "working",
                                "paused",  NOT_PSD } },
        { SCHEDULER_ON_BREAK, { "-",       "-",        "-",        "-",     ON_BRK,    "-",
                                "under",   AGAIN,      "on-break", "under", ON_BRK,    "on-break",
                                ON_BRK,    "down" } },
        { SCHEDULER_PAUSED,   { "-",       "-",        "-",        "-",     PAUSED,    "-",
                                "down",    "on-break", NOT_BRK,    NOT_BRK, "down",    "down",
                                "paused",  "under" } },
};

/* What may lie under each state: a pause holds any state of the cycle, a break WORKING or a
 * pause (over WORKING: a break ends the cycle). */
static const SchedulerState unders_paused[] = {
        SCHEDULER_WORKING, SCHEDULER_DUE, SCHEDULER_DEFERRED, SCHEDULER_SNOOZED };
static const SchedulerState unders_break[] = { SCHEDULER_WORKING, SCHEDULER_PAUSED };
static const SchedulerState unders_none[] = { SCHEDULER_WORKING };

static int refusal_of(const char *cell) {
        static const struct { const char *cell; int refusal; } refusals[] = {
                { NOT_DUE, SCHEDULER_E_NOT_DUE },
                { NOT_BRK, SCHEDULER_E_NOT_ON_BREAK },
                { NOT_PSD, SCHEDULER_E_NOT_PAUSED },
                { ON_BRK,  SCHEDULER_E_ON_BREAK },
                { AGAIN,   SCHEDULER_E_ALREADY_ON_BREAK },
                { PAUSED,  SCHEDULER_E_PAUSED },
        };

        for (size_t i = 0; i < ELEMENTSOF(refusals); i++)
                if (streq(cell, refusals[i].cell))
                        return refusals[i].refusal;
        return 0;
}

static const char *const *row_of(SchedulerState state) {
        for (size_t i = 0; i < ELEMENTSOF(documented); i++)
                if (documented[i].state == state)
                        return documented[i].cells;
        return NULL;
}

/* The documented cell, resolved for the state under: the next state, or the refusal
 * (next = invalid), or neither (cannot happen). */
static SchedulerTransition expected(SchedulerState state, SchedulerState under, SchedulerInput input) {
        const char *cell = row_of(state)[input];
        int r = refusal_of(cell);

        if (r > 0)
                return (SchedulerTransition) { .next = _SCHEDULER_STATE_INVALID, .refusal = r };
        if (streq(cell, "-"))
                return (SchedulerTransition) { .next = _SCHEDULER_STATE_INVALID };
        if (streq(cell, "under"))
                return (SchedulerTransition) { .next = under };
        if (streq(cell, "down")) {
                /* The state under a break is itself over WORKING. */
                SchedulerTransition d = expected(under, SCHEDULER_WORKING, input);

                return d.next < 0 ? d : (SchedulerTransition) { .next = state };
        }
        for (SchedulerState s = 0; s < _SCHEDULER_STATE_MAX; s++)
                if (streq(cell, scheduler_state_to_string(s)))
                        return (SchedulerTransition) { .next = s };
        CHECK(!"unknown cell in the documented table");
        return (SchedulerTransition) { .next = _SCHEDULER_STATE_INVALID };
}

static void unders_of(SchedulerState state, const SchedulerState **ret, size_t *ret_n) {
        if (state == SCHEDULER_PAUSED) {
                *ret = unders_paused;
                *ret_n = ELEMENTSOF(unders_paused);
        } else if (state == SCHEDULER_ON_BREAK) {
                *ret = unders_break;
                *ret_n = ELEMENTSOF(unders_break);
        } else {
                *ret = unders_none;
                *ret_n = ELEMENTSOF(unders_none);
        }
}

/* Every cell of the table, for every state that may lie under it. */
static void test_table_matches_the_documented_one(void) {
        unsigned cells = 0;

        for (size_t i = 0; i < ELEMENTSOF(documented); i++) {
                SchedulerState state = documented[i].state;
                const SchedulerState *unders;
                size_t n;

                unders_of(state, &unders, &n);
                for (size_t u = 0; u < n; u++)
                        for (SchedulerInput in = 0; in < _SCHEDULER_INPUT_MAX; in++) {
                                SchedulerTransition want = expected(state, unders[u], in);
                                SchedulerTransition got = scheduler_transition_lookup_under(state, unders[u], in);

                                if (got.next != want.next || got.refusal != want.refusal)
                                        fprintf(stderr, "%s (over %s) + %s: got %s/%d, documented %s/%d\n",
                                                scheduler_state_to_string(state),
                                                scheduler_state_to_string(unders[u]),
                                                scheduler_input_to_string(in),
                                                NAME(got.next), got.refusal,
                                                NAME(want.next), want.refusal);
                                CHECK_EQ(got.next, want.next);
                                CHECK_EQ(got.refusal, want.refusal);
                                cells++;
                        }
        }
        CHECK_EQ(cells, (4 + 2 + 4) * _SCHEDULER_INPUT_MAX);

        /* Without a state under it: as over WORKING. */
        CHECK_EQ(scheduler_transition_lookup(SCHEDULER_PAUSED, SCHEDULER_INPUT_RESUME).next, SCHEDULER_WORKING);
        CHECK_EQ(scheduler_transition_lookup(SCHEDULER_ON_BREAK, SCHEDULER_INPUT_FINISH_BREAK).next,
                 SCHEDULER_WORKING);

        /* IDLE and OFF_HOURS are never stored: nothing leads from them. Nor from nonsense. */
        for (SchedulerInput in = 0; in < _SCHEDULER_INPUT_MAX; in++) {
                CHECK_EQ(scheduler_transition_lookup(SCHEDULER_IDLE, in).next, _SCHEDULER_STATE_INVALID);
                CHECK_EQ(scheduler_transition_lookup(SCHEDULER_OFF_HOURS, in).next, _SCHEDULER_STATE_INVALID);
                CHECK_EQ(scheduler_transition_lookup(_SCHEDULER_STATE_MAX, in).next, _SCHEDULER_STATE_INVALID);
                CHECK(scheduler_input_to_string(in) != NULL);
        }
        CHECK_EQ(scheduler_transition_lookup(SCHEDULER_WORKING, _SCHEDULER_INPUT_MAX).next,
                 _SCHEDULER_STATE_INVALID);
        CHECK_EQ(scheduler_transition_lookup(SCHEDULER_WORKING, (SchedulerInput) -1).next,
                 _SCHEDULER_STATE_INVALID);
        /* Nothing under a pause can be a break or a pause, nor idle. */
        CHECK_EQ(scheduler_transition_lookup_under(SCHEDULER_PAUSED, SCHEDULER_IDLE, SCHEDULER_INPUT_RESUME).next,
                 _SCHEDULER_STATE_INVALID);
}

/* A real scheduler, driven into each state. */
typedef struct Sim {
        Scheduler s;
        usec_t now;
        unsigned withdraws, finished;
} Sim;

static void on_event(void *userdata, const SchedulerEvent *e) {
        Sim *sim = userdata;

        sim->withdraws += e->type == SCHEDULER_EVENT_WITHDRAW;
        sim->finished += e->type == SCHEDULER_EVENT_BREAK_FINISHED;
}

static SchedulerConfig config;
static char *plan_steps[] = { (char *) "Do it.", NULL };
static Exercise exercises[] = {
        { .id = (char *) "a", .name = (char *) "A", .posture = POSTURE_SEATED, .dose = (char *) "1", .steps = plan_steps },
        { .id = (char *) "b", .name = (char *) "B", .posture = POSTURE_SEATED, .dose = (char *) "1", .steps = plan_steps },
        { .id = (char *) "c", .name = (char *) "C", .posture = POSTURE_SEATED, .dose = (char *) "1", .steps = plan_steps },
        { .id = (char *) "d", .name = (char *) "D", .posture = POSTURE_SEATED, .dose = (char *) "1", .steps = plan_steps },
};
static const Catalog catalog = { .exercises = exercises, .n_exercises = ELEMENTSOF(exercises) };

static void sim_run(Sim *sim, usec_t duration) {
        sim->now += duration;
        scheduler_advance(&sim->s, sim->now);
}

typedef enum Setup {
        SETUP_WORKING,
        SETUP_DUE,
        SETUP_DEFERRED,
        SETUP_SNOOZED,
        SETUP_ON_BREAK,
        SETUP_ON_BREAK_PAUSED,
        SETUP_PAUSED,
        SETUP_PAUSED_DUE,
        _SETUP_MAX,
} Setup;

/* Into the setup's state, then 10 minutes on (so that a logged break fits before now). */
static void sim_setup(Sim *sim, Setup setup, SchedulerState *ret_state, SchedulerState *ret_under) {
        static const struct { SchedulerState state, under; } want[_SETUP_MAX] = {
                [SETUP_WORKING]         = { SCHEDULER_WORKING,  SCHEDULER_WORKING },
                [SETUP_DUE]             = { SCHEDULER_DUE,      SCHEDULER_WORKING },
                [SETUP_DEFERRED]        = { SCHEDULER_DEFERRED, SCHEDULER_WORKING },
                [SETUP_SNOOZED]         = { SCHEDULER_SNOOZED,  SCHEDULER_WORKING },
                [SETUP_ON_BREAK]        = { SCHEDULER_ON_BREAK, SCHEDULER_WORKING },
                [SETUP_ON_BREAK_PAUSED] = { SCHEDULER_ON_BREAK, SCHEDULER_PAUSED },
                [SETUP_PAUSED]          = { SCHEDULER_PAUSED,   SCHEDULER_WORKING },
                [SETUP_PAUSED_DUE]      = { SCHEDULER_PAUSED,   SCHEDULER_DUE },
        };

        *sim = (Sim) { .now = 1000 * H };
        scheduler_init(&sim->s, &config, &catalog, sim->now, 7, on_event, sim);
        switch (setup) {
        case SETUP_WORKING:
                sim_run(sim, 10 * M);
                break;
        case SETUP_DUE:
                sim_run(sim, 2 * H + 1 * M);
                break;
        case SETUP_DEFERRED:
                sim_run(sim, 1 * H);
                scheduler_set_busy(&sim->s, sim->now, true);
                sim_run(sim, 1 * H + 1 * M);
                break;
        case SETUP_SNOOZED:
                sim_run(sim, 2 * H);
                CHECK_EQ(scheduler_snooze(&sim->s, sim->now, 30 * M), 0);
                sim_run(sim, 1 * M);
                break;
        case SETUP_ON_BREAK:
                sim_run(sim, 1 * H);
                CHECK_EQ(scheduler_start_break(&sim->s, sim->now), 0);
                sim_run(sim, 1 * S);
                break;
        case SETUP_ON_BREAK_PAUSED:
                sim_run(sim, 10 * M);
                CHECK_EQ(scheduler_pause(&sim->s, sim->now, 0), 0);
                sim_run(sim, 10 * M);
                CHECK_EQ(scheduler_start_break(&sim->s, sim->now), 0);
                sim_run(sim, 1 * S);
                break;
        case SETUP_PAUSED:
                sim_run(sim, 10 * M);
                CHECK_EQ(scheduler_pause(&sim->s, sim->now, 0), 0);
                sim_run(sim, 10 * M);
                break;
        case SETUP_PAUSED_DUE:
                sim_run(sim, 2 * H);
                CHECK_EQ(scheduler_pause(&sim->s, sim->now, 0), 0);
                sim_run(sim, 10 * M);
                break;
        default:
                CHECK(!"unknown setup");
        }
        CHECK_EQ(sim->s.state, want[setup].state);
        CHECK_EQ(sim->s.under, want[setup].under);
        *ret_state = want[setup].state;
        *ret_under = want[setup].under;
}

/* Each command, in each state: what it returns and where it leaves the cycle are the table's. */
static void test_commands_follow_the_table(void) {
        static const struct {
                SchedulerInput input;
                const char *name;
        } commands[] = {
                { SCHEDULER_INPUT_SNOOZE,       "snooze" },
                { SCHEDULER_INPUT_SKIP,         "skip" },
                { SCHEDULER_INPUT_START_BREAK,  "start-break" },
                { SCHEDULER_INPUT_NEXT_STEP,    "next-step" },
                { SCHEDULER_INPUT_FINISH_BREAK, "finish-break" },
                { SCHEDULER_INPUT_RESET,        "log" },
                { SCHEDULER_INPUT_RESET,        "elsewhere" },
                { SCHEDULER_INPUT_PAUSE,        "pause" },
                { SCHEDULER_INPUT_RESUME,       "resume" },
        };

        for (Setup setup = 0; setup < _SETUP_MAX; setup++)
                for (size_t c = 0; c < ELEMENTSOF(commands); c++) {
                        SchedulerState state, under;
                        SchedulerTransition want;
                        Sim sim;
                        int r;

                        sim_setup(&sim, setup, &state, &under);
                        want = expected(state, under, commands[c].input);
                        CHECK(want.next >= 0 || want.refusal > 0);      /* no command is "-" */

                        switch (c) {
                        case 0: r = scheduler_snooze(&sim.s, sim.now, 0); break;
                        case 1: r = scheduler_skip(&sim.s, sim.now); break;
                        case 2: r = scheduler_start_break(&sim.s, sim.now); break;
                        case 3: r = scheduler_next_step(&sim.s, sim.now); break;
                        case 4: r = scheduler_finish_break(&sim.s, sim.now); break;
                        case 5: r = scheduler_log_break(&sim.s, sim.now, 5 * M, NULL); break;
                        case 6: r = scheduler_break_elsewhere(&sim.s, sim.now, false); break;
                        case 7: r = scheduler_pause(&sim.s, sim.now, 0); break;
                        default: r = scheduler_resume(&sim.s, sim.now); break;
                        }

                        if (r != want.refusal || (r == 0 && sim.s.state != want.next))
                                fprintf(stderr, "%s (over %s): %s returned %d in %s, documented %d, %s\n",
                                        scheduler_state_to_string(state), scheduler_state_to_string(under),
                                        commands[c].name, r, scheduler_state_to_string(sim.s.state),
                                        want.refusal, NAME(want.next));
                        CHECK_EQ(r, want.refusal);
                        if (r == 0)
                                CHECK_EQ(sim.s.state, want.next);
                        else
                                CHECK_EQ(sim.s.state, state);   /* a refusal changes nothing */
                        scheduler_done(&sim.s);
                }
}

/* A guided break took the reminder's notification over: becoming busy, or a configuration that
 * makes the break no longer due, must not close it. (They did, when "due" was a flag the break
 * left set.) */
static void test_break_keeps_its_notification(void) {
        SchedulerConfig longer = config;
        SchedulerState state, under;
        Sim sim;

        sim_setup(&sim, SETUP_DUE, &state, &under);
        CHECK_EQ(scheduler_start_break(&sim.s, sim.now), 0);
        scheduler_set_busy(&sim.s, sim.now, true);
        CHECK_EQ(sim.withdraws, 0);
        CHECK_EQ(scheduler_state(&sim.s), SCHEDULER_ON_BREAK);
        longer.interval = 4 * H;
        scheduler_set_config(&sim.s, sim.now, &longer);
        CHECK_EQ(sim.withdraws, 0);
        scheduler_set_busy(&sim.s, sim.now, false);
        sim_run(&sim, 5 * M);
        CHECK_EQ(sim.finished, 1);
        CHECK_EQ(sim.withdraws, 0);
        CHECK_EQ(scheduler_state(&sim.s), SCHEDULER_WORKING);
        scheduler_done(&sim.s);
}

/* A break taken in a pause leaves the pause as it was; resuming during it ends the pause. */
static void test_break_in_a_pause(void) {
        SchedulerState state, under;
        Sim sim;

        sim_setup(&sim, SETUP_ON_BREAK_PAUSED, &state, &under);
        CHECK_EQ(scheduler_state(&sim.s), SCHEDULER_ON_BREAK);
        CHECK_EQ(scheduler_pause_remaining(&sim.s, sim.now), USEC_INFINITY);
        CHECK_EQ(scheduler_finish_break(&sim.s, sim.now), 0);
        CHECK_EQ(scheduler_state(&sim.s), SCHEDULER_PAUSED);
        CHECK_EQ(sim.s.under, SCHEDULER_WORKING);
        CHECK_EQ(scheduler_resume(&sim.s, sim.now), 0);
        CHECK_EQ(scheduler_state(&sim.s), SCHEDULER_WORKING);
        scheduler_done(&sim.s);

        sim_setup(&sim, SETUP_ON_BREAK_PAUSED, &state, &under);
        CHECK_EQ(scheduler_resume(&sim.s, sim.now), 0);
        CHECK_EQ(scheduler_state(&sim.s), SCHEDULER_ON_BREAK);
        CHECK_EQ(scheduler_pause_remaining(&sim.s, sim.now), 0);
        CHECK_EQ(scheduler_finish_break(&sim.s, sim.now), 0);
        CHECK_EQ(scheduler_state(&sim.s), SCHEDULER_WORKING);
        scheduler_done(&sim.s);
}

/* The cadences advance together, and a break starts the break's and the nudge's again but not
 * the day's. */
static void test_cadences_count_together(void) {
        SchedulerConfig c = config;
        Sim sim = { .now = 1000 * H };

        c.micro_enabled = true;
        scheduler_init(&sim.s, &c, &catalog, sim.now, 7, on_event, &sim);
        scheduler_new_day(&sim.s, sim.now, 1 * H);
        sim_run(&sim, 15 * M);
        CHECK_EQ(sim.s.counted[SCHEDULER_CADENCE_BREAK], 15 * M);
        CHECK_EQ(sim.s.counted[SCHEDULER_CADENCE_MICRO], 15 * M);
        CHECK_EQ(sim.s.counted[SCHEDULER_CADENCE_DAY], 1 * H + 15 * M);

        /* Idle noticed a minute late: that minute is taken back from all three. */
        scheduler_set_input_idle(&sim.s, sim.now, true, sim.now - 1 * M);
        CHECK_EQ(sim.s.counted[SCHEDULER_CADENCE_BREAK], 14 * M);
        CHECK_EQ(sim.s.counted[SCHEDULER_CADENCE_MICRO], 14 * M);
        CHECK_EQ(sim.s.counted[SCHEDULER_CADENCE_DAY], 1 * H + 14 * M);

        /* Long enough to be a natural break. */
        sim_run(&sim, 10 * M);
        scheduler_set_input_idle(&sim.s, sim.now, false, 0);
        CHECK_EQ(sim.s.counted[SCHEDULER_CADENCE_BREAK], 0u);
        CHECK_EQ(sim.s.counted[SCHEDULER_CADENCE_MICRO], 0u);
        CHECK_EQ(sim.s.counted[SCHEDULER_CADENCE_DAY], 1 * H + 14 * M);
        scheduler_done(&sim.s);
}

int main(void) {
        config = config_scheduler_defaults();
        CHECK_EQ(config.interval, 2 * H);
        CHECK_EQ(config.snooze, 10 * M);
        CHECK_EQ(config.defer_max, 1 * H);
        CHECK_EQ(config.break_duration, 5 * M);

        test_table_matches_the_documented_one();
        test_commands_follow_the_table();
        test_break_keeps_its_notification();
        test_break_in_a_pause();
        test_cadences_count_together();
        return tap_finish("test-scheduler-table");
}
