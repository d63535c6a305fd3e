/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scheduler and the person's other machines (core/scheduler-elsewhere.c), on simulated
 * time: their active time adds to the count, their breaks start it again. */
#include "core/scheduler.h"
#include "tap.h"

#define S USEC_PER_SEC
#define M USEC_PER_MINUTE
#define T0 (1000 * USEC_PER_DAY)

typedef struct Sim {
        Scheduler s;
        unsigned reminds, withdraws, records;
} Sim;

static void on_event(void *userdata, const SchedulerEvent *e) {
        Sim *sim = userdata;

        sim->reminds += e->type == SCHEDULER_EVENT_REMIND;
        sim->withdraws += e->type == SCHEDULER_EVENT_WITHDRAW;
        sim->records += e->type == SCHEDULER_EVENT_RECORD && e->kind != HISTORY_ACTIVE;
}

static void sim_init(Sim *sim) {
        SchedulerConfig c = {
                .interval = 60 * M, .max_postpone = 60 * M, .break_duration = 5 * M, .snooze = 10 * M,
                .natural_break = 5 * M, .per_break = 1, .defer_max = 60 * M, .micro_interval = 20 * M,
                .micro_duration = 20 * S,
        };

        *sim = (Sim) {};
        scheduler_init(&sim->s, &c, NULL, T0, 1, on_event, sim);
}

/* 40 minutes elsewhere, then 20 here: the break falls due here, at 60 together. */
static void test_elsewhere_adds_to_the_count(void) {
        Sim sim;

        sim_init(&sim);
        scheduler_set_input_idle(&sim.s, T0, true, T0);
        scheduler_set_elsewhere(&sim.s, T0 + 40 * M, 40 * M);
        CHECK_EQ(scheduler_active_usec(&sim.s, T0 + 40 * M), 40 * M);
        /* Idle here: the count does not fall due on a machine nobody uses. */
        scheduler_advance(&sim.s, T0 + 41 * M);
        CHECK_EQ(sim.reminds, 0);
        scheduler_set_input_idle(&sim.s, T0 + 41 * M, false, 0);
        CHECK_EQ(scheduler_next_deadline(&sim.s), T0 + 61 * M);
        scheduler_advance(&sim.s, T0 + 61 * M);
        CHECK_EQ(sim.reminds, 1);
        CHECK_EQ(scheduler_state(&sim.s), SCHEDULER_DUE);

        /* The other machines' share changes (a new span arrives): replaced, not added twice. */
        scheduler_set_elsewhere(&sim.s, T0 + 62 * M, 45 * M);
        CHECK_EQ(scheduler_active_usec(&sim.s, T0 + 62 * M), 21 * M + 45 * M);
        scheduler_done(&sim.s);
}

/* Due here, the break taken elsewhere: the reminder goes, the count starts again, nothing is
 * recorded here (the other machine recorded it). */
static void test_break_elsewhere_resets(void) {
        Sim sim;

        sim_init(&sim);
        scheduler_set_elsewhere(&sim.s, T0, 30 * M);
        scheduler_advance(&sim.s, T0 + 30 * M);
        CHECK_EQ(sim.reminds, 1);
        CHECK_EQ(scheduler_break_elsewhere(&sim.s, T0 + 31 * M, false), 0);
        CHECK_EQ(sim.withdraws, 1);
        CHECK_EQ(sim.records, 0);
        CHECK_EQ(scheduler_active_usec(&sim.s, T0 + 31 * M), 0);
        CHECK_EQ(sim.s.elsewhere_usec, 0);
        CHECK_EQ(scheduler_state(&sim.s), SCHEDULER_WORKING);
        CHECK_EQ(scheduler_next_deadline(&sim.s), T0 + 91 * M);

        /* A guided break running here ends on its own. */
        CHECK_EQ(scheduler_start_break(&sim.s, T0 + 40 * M), 0);
        CHECK_EQ(scheduler_break_elsewhere(&sim.s, T0 + 41 * M, false), SCHEDULER_E_ON_BREAK);
        CHECK_EQ(scheduler_state(&sim.s), SCHEDULER_ON_BREAK);
        scheduler_done(&sim.s);
}

/* A skip elsewhere starts the count again too, and the row of skips goes on; a break taken
 * elsewhere ends it. */
static void test_skip_elsewhere(void) {
        Sim sim;

        sim_init(&sim);
        sim.s.config.max_skips = 2;
        sim.s.skips_in_row = 1;
        scheduler_set_elsewhere(&sim.s, T0, 30 * M);
        CHECK_EQ(scheduler_break_elsewhere(&sim.s, T0 + M, true), 0);
        CHECK_EQ(sim.s.skips_in_row, 2);
        CHECK(!scheduler_skip_offered(&sim.s));
        CHECK_EQ(scheduler_active_usec(&sim.s, T0 + M), 0);
        CHECK_EQ(sim.records, 0);
        CHECK_EQ(scheduler_break_elsewhere(&sim.s, T0 + 2 * M, false), 0);
        CHECK_EQ(sim.s.skips_in_row, 0);
        scheduler_done(&sim.s);
}

/* A break taken here forgets the other machines' share too. */
static void test_own_break_clears_elsewhere(void) {
        Sim sim;

        sim_init(&sim);
        scheduler_set_elsewhere(&sim.s, T0, 10 * M);
        CHECK_EQ(scheduler_log_break(&sim.s, T0 + 5 * M, 2 * M, NULL), 0);
        CHECK_EQ(sim.s.elsewhere_usec, 0);
        CHECK_EQ(scheduler_active_usec(&sim.s, T0 + 5 * M), 0);
        scheduler_set_elsewhere(&sim.s, T0 + 6 * M, 3 * M);
        CHECK_EQ(scheduler_active_usec(&sim.s, T0 + 6 * M), 1 * M + 3 * M);
        scheduler_done(&sim.s);
}

/* What the sync folder's count adds for this machine before it is recorded: an idle period
 * long enough to be a break, from its start, and nothing once the person is back. */
static void test_natural_break_under_way(void) {
        Sim sim;
        usec_t since = 0;

        sim_init(&sim);
        scheduler_set_input_idle(&sim.s, T0 + 10 * M, true, T0 + 10 * M);
        scheduler_advance(&sim.s, T0 + 12 * M);
        CHECK(!scheduler_natural_break(&sim.s, &since));
        scheduler_advance(&sim.s, T0 + 16 * M);
        CHECK(scheduler_natural_break(&sim.s, &since));
        CHECK_EQ(since, T0 + 10 * M);
        scheduler_set_input_idle(&sim.s, T0 + 17 * M, false, 0);
        CHECK(!scheduler_natural_break(&sim.s, &since));
        scheduler_done(&sim.s);
}

int main(void) {
        test_elsewhere_adds_to_the_count();
        test_break_elsewhere_resets();
        test_own_break_clears_elsewhere();
        test_skip_elsewhere();
        test_natural_break_under_way();
        return tap_finish("test-scheduler-elsewhere");
}
