/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scheduler on simulated time: whole working days run in milliseconds. */
#include "core/config.h"
#include "core/scheduler.h"
#include "tap.h"

#include <stdlib.h>
#include <time.h>

#define S USEC_PER_SEC
#define M USEC_PER_MINUTE
#define H USEC_PER_HOUR

typedef struct Sim {
        Scheduler s;
        usec_t now;
        unsigned reminds, criticals, quiets, withdraws, steps, started, finished, micros;
        unsigned no_skips, limits;
        usec_t limit_time, limit_active, remind_active;
        char last_micro[32];
        usec_t span_total, span_end;
        unsigned records[_HISTORY_KIND_MAX];
        HistoryKind last_kind;
        usec_t last_time, last_duration;
        char last_note[64];
        char last_exercises[256];
        usec_t remind_times[64];
} Sim;

static void on_event(void *userdata, const SchedulerEvent *e) {
        Sim *sim = userdata;

        switch (e->type) {
        case SCHEDULER_EVENT_REMIND:
                if (sim->reminds < ELEMENTSOF(sim->remind_times))
                        sim->remind_times[sim->reminds] = sim->s.now;
                sim->reminds++;
                sim->criticals += e->critical;
                sim->quiets += e->quiet;
                sim->no_skips += e->no_skip;
                sim->remind_active = scheduler_active_usec(&sim->s, sim->s.now);
                break;
        case SCHEDULER_EVENT_DAILY_LIMIT:
                sim->limits++;
                sim->limit_time = sim->s.now;
                sim->limit_active = e->duration;
                break;
        case SCHEDULER_EVENT_MICRO:
                sim->micros++;
                snprintf(sim->last_micro, sizeof(sim->last_micro), "%s", strempty(e->exercise));
                break;
        case SCHEDULER_EVENT_WITHDRAW:
                sim->withdraws++;
                break;
        case SCHEDULER_EVENT_BREAK_STARTED:
                sim->started++;
                break;
        case SCHEDULER_EVENT_BREAK_STEP:
                sim->steps++;
                break;
        case SCHEDULER_EVENT_BREAK_FINISHED:
                sim->finished++;
                break;
        case SCHEDULER_EVENT_RECORD:
                sim->records[e->kind]++;
                if (e->kind == HISTORY_ACTIVE) {
                        /* Spans follow each other and never overlap. */
                        CHECK(e->time >= sim->span_end);
                        sim->span_end = e->time + e->duration;
                        sim->span_total += e->duration;
                        break;
                }
                sim->last_kind = e->kind;
                sim->last_time = e->time;
                sim->last_duration = e->duration;
                snprintf(sim->last_note, sizeof(sim->last_note), "%s", strempty(e->note));
                sim->last_exercises[0] = '\0';
                for (char * const *i = e->exercises; i && *i; i++) {
                        strncat(sim->last_exercises, *i, sizeof(sim->last_exercises) - strlen(sim->last_exercises) - 2);
                        strcat(sim->last_exercises, ",");
                }
                break;
        }
}

/* limber.ini's defaults (config_table): 2 h interval, 1 h max-postpone, 5 min breaks, 10 min
 * snooze, 5 min natural break, 4 exercises, seated, 1 h defer-max, no posture nudges (20 min,
 * 20 s when on), no daily limit, no limit on skips. The tests' times are written for these;
 * main() checks that they still hold. */
static SchedulerConfig default_config;

/* A small catalog in memory: six seated exercises and two standing ones. */
static char *steps[] = { (char *) "Do it.", NULL };
static Exercise exercises[] = {
        { .id = (char *) "a", .name = (char *) "A", .posture = POSTURE_SEATED, .dose = (char *) "1", .steps = steps, .micro = true },
        { .id = (char *) "b", .name = (char *) "B", .posture = POSTURE_SEATED, .dose = (char *) "1", .steps = steps, .micro = true },
        { .id = (char *) "c", .name = (char *) "C", .posture = POSTURE_SEATED, .dose = (char *) "1", .steps = steps },
        { .id = (char *) "d", .name = (char *) "D", .posture = POSTURE_SEATED, .dose = (char *) "1", .steps = steps },
        { .id = (char *) "e", .name = (char *) "E", .posture = POSTURE_SEATED, .dose = (char *) "1", .steps = steps },
        { .id = (char *) "f", .name = (char *) "F", .posture = POSTURE_SEATED, .dose = (char *) "1", .steps = steps },
        { .id = (char *) "s1", .name = (char *) "S1", .posture = POSTURE_STANDING, .dose = (char *) "1", .steps = steps, .micro = true },
        { .id = (char *) "s2", .name = (char *) "S2", .posture = POSTURE_STANDING, .dose = (char *) "1", .steps = steps },
};
static const Catalog catalog = { .exercises = exercises, .n_exercises = ELEMENTSOF(exercises) };

static void sim_init(Sim *sim, const SchedulerConfig *config) {
        *sim = (Sim) { .now = 1000 * H };   /* an arbitrary boot-clock origin */
        scheduler_init(&sim->s, config ?: &default_config, &catalog, sim->now, 42, on_event, sim);
}

/* Lets time pass the way limberd does: jump from deadline to deadline. */
static void sim_run(Sim *sim, usec_t duration) {
        usec_t end = sim->now + duration;

        for (;;) {
                usec_t d = scheduler_next_deadline(&sim->s);

                CHECK(d >= sim->s.counted_at);  /* no deadline in the past after advance */
                if (d > end)
                        break;
                sim->now = d;
                scheduler_advance(&sim->s, d);
        }
        sim->now = end;
        scheduler_advance(&sim->s, end);
}

static void sim_idle(Sim *sim, bool idle) {
        /* Like an idle source: idleness is noticed one minute after the last input. */
        scheduler_set_input_idle(&sim->s, sim->now, idle, idle ? usec_sub(sim->now, 1 * M) : 0);
}

static SchedulerState state(Sim *sim) {
        return scheduler_state(&sim->s);
}

static void test_reminder_after_interval(void) {
        Sim sim;

        sim_init(&sim, NULL);
        CHECK_EQ(state(&sim), SCHEDULER_WORKING);
        CHECK_EQ(scheduler_next_deadline(&sim.s), sim.now + 2 * H);
        CHECK_EQ(scheduler_next_break(&sim.s, sim.now), sim.now + 2 * H);

        sim_run(&sim, 2 * H - 1);
        CHECK_EQ(sim.reminds, 0);
        sim_run(&sim, 1);
        CHECK_EQ(sim.reminds, 1);
        CHECK_EQ(sim.criticals, 0);
        CHECK_EQ(state(&sim), SCHEDULER_DUE);
        CHECK(scheduler_current_exercise(&sim.s) != NULL);

        /* Ignored, it repeats every snooze; critical from interval + max-postpone on. */
        sim_run(&sim, 59 * M);
        CHECK_EQ(sim.reminds, 6);       /* at 0, 10, 20, 30, 40, 50 minutes */
        CHECK_EQ(sim.criticals, 0);
        sim_run(&sim, 1 * M);
        CHECK_EQ(sim.reminds, 7);       /* escalated at 60 minutes */
        CHECK_EQ(sim.criticals, 1);
        sim_run(&sim, 10 * M);
        CHECK_EQ(sim.reminds, 8);
        CHECK_EQ(sim.criticals, 2);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 3 * H + 10 * M);
        scheduler_done(&sim.s);
}

static void test_snooze_chain(void) {
        Sim sim;

        sim_init(&sim, NULL);
        sim_run(&sim, 2 * H);
        CHECK_EQ(sim.reminds, 1);

        /* Snoozed three times, 20 minutes each: no reminder in between, the fourth time the
         * reminder is critical because 2h + 1h of work have passed. */
        for (unsigned i = 0; i < 3; i++) {
                CHECK_EQ(scheduler_snooze(&sim.s, sim.now, 20 * M), 0);
                CHECK_EQ(state(&sim), SCHEDULER_SNOOZED);
                CHECK_EQ(scheduler_next_break(&sim.s, sim.now), sim.now + 20 * M);
                sim_run(&sim, 20 * M - 1);
                CHECK_EQ(sim.reminds, 1 + i);
                sim_run(&sim, 1);
                CHECK_EQ(sim.reminds, 2 + i);
        }
        CHECK_EQ(sim.records[HISTORY_SNOOZED], 3);
        CHECK_EQ(sim.withdraws, 3);
        CHECK_EQ(sim.criticals, 1);
        CHECK_EQ(state(&sim), SCHEDULER_DUE);

        /* Snooze 0 means the configured snooze. */
        CHECK_EQ(scheduler_snooze(&sim.s, sim.now, 0), 0);
        CHECK_EQ(sim.last_duration, 10 * M);
        CHECK(sim.last_exercises[0] != '\0');
        sim_run(&sim, 10 * M);
        CHECK_EQ(sim.reminds, 5);

        CHECK_EQ(scheduler_skip(&sim.s, sim.now), 0);
        CHECK_EQ(sim.records[HISTORY_SKIPPED], 1);
        CHECK_EQ(state(&sim), SCHEDULER_WORKING);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 0);
        CHECK_EQ(scheduler_skip(&sim.s, sim.now), SCHEDULER_E_NOT_DUE);
        scheduler_done(&sim.s);
}

static void test_postpone_before_due(void) {
        Sim sim;

        sim_init(&sim, NULL);
        sim_run(&sim, 1 * H);
        CHECK_EQ(scheduler_snooze(&sim.s, sim.now, 30 * M), 0);
        CHECK_EQ(state(&sim), SCHEDULER_WORKING);
        CHECK_EQ(scheduler_next_break(&sim.s, sim.now), sim.now + 90 * M);
        sim_run(&sim, 90 * M - 1);
        CHECK_EQ(sim.reminds, 0);
        sim_run(&sim, 1);
        CHECK_EQ(sim.reminds, 1);
        scheduler_done(&sim.s);
}

static void test_natural_break(void) {
        Sim sim;

        sim_init(&sim, NULL);
        sim_run(&sim, 90 * M);

        /* Four minutes of real idleness (three after the idle source noticed): not a break. */
        sim_run(&sim, 1 * M);
        sim_idle(&sim, true);
        CHECK_EQ(state(&sim), SCHEDULER_IDLE);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 90 * M);  /* the unnoticed minute is not work */
        sim_run(&sim, 3 * M);
        sim_idle(&sim, false);
        CHECK_EQ(sim.records[HISTORY_NATURAL], 0);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 90 * M);

        /* Six minutes: a natural break, recorded when the user is back, with its real length. */
        sim_run(&sim, 1 * M);
        sim_idle(&sim, true);
        sim_run(&sim, 4 * M - 1);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 90 * M);
        sim_run(&sim, 1);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 0);
        sim_run(&sim, 1 * M);
        CHECK_EQ(sim.records[HISTORY_NATURAL], 0);
        sim_idle(&sim, false);
        CHECK_EQ(sim.records[HISTORY_NATURAL], 1);
        CHECK_EQ(sim.last_duration, 6 * M);
        CHECK_EQ(sim.last_time, sim.now - 6 * M);
        CHECK_EQ(state(&sim), SCHEDULER_WORKING);
        CHECK_EQ(scheduler_next_break(&sim.s, sim.now), sim.now + 2 * H);

        /* A second idle period right after, with hardly any work between: it extends the
         * same break instead of counting another. */
        sim_run(&sim, 2 * M);
        sim_idle(&sim, true);
        sim_run(&sim, 10 * M);
        sim_idle(&sim, false);
        CHECK_EQ(sim.records[HISTORY_NATURAL], 1);
        CHECK_EQ(sim.reminds, 0);
        scheduler_done(&sim.s);
}

static void test_natural_break_clears_due(void) {
        Sim sim;

        sim_init(&sim, NULL);
        sim_run(&sim, 2 * H + 5 * M);
        CHECK_EQ(state(&sim), SCHEDULER_DUE);
        sim_idle(&sim, true);
        sim_run(&sim, 30 * M);
        CHECK_EQ(sim.reminds, 1);       /* no repeats while away */
        CHECK_EQ(sim.withdraws, 1);     /* the natural break withdrew the reminder */
        sim_idle(&sim, false);
        CHECK_EQ(state(&sim), SCHEDULER_WORKING);
        CHECK_EQ(sim.records[HISTORY_NATURAL], 1);
        scheduler_done(&sim.s);
}

static void test_short_idle_while_due_reminds_on_return(void) {
        Sim sim;

        sim_init(&sim, NULL);
        sim_run(&sim, 2 * H);
        CHECK_EQ(sim.reminds, 1);
        sim_idle(&sim, true);
        sim_run(&sim, 3 * M);
        sim_idle(&sim, false);
        CHECK_EQ(sim.reminds, 1);       /* shown 3 minutes ago: not again yet */
        sim_run(&sim, 7 * M);
        CHECK_EQ(sim.reminds, 2);
        sim_idle(&sim, true);
        sim_run(&sim, 3 * M + 59 * S);  /* short of a natural break */
        CHECK_EQ(sim.reminds, 2);
        sim_run(&sim, 11 * M);          /* past the repeat: but this idle became a natural break */
        sim_idle(&sim, false);
        CHECK_EQ(sim.records[HISTORY_NATURAL], 1);
        CHECK_EQ(state(&sim), SCHEDULER_WORKING);
        scheduler_done(&sim.s);
}

static void test_guided_break(void) {
        Sim sim;
        usec_t started;

        sim_init(&sim, NULL);
        sim_run(&sim, 2 * H);
        CHECK_EQ(scheduler_start_break(&sim.s, sim.now), 0);
        CHECK_EQ(scheduler_start_break(&sim.s, sim.now), SCHEDULER_E_ALREADY_ON_BREAK);
        started = sim.now;
        CHECK_EQ(state(&sim), SCHEDULER_ON_BREAK);
        CHECK_EQ(sim.started, 1);
        CHECK_EQ(sim.steps, 1);
        CHECK_EQ(scheduler_step_duration(&sim.s), 75 * S);     /* 5 minutes over 4 exercises */
        CHECK_EQ(scheduler_snooze(&sim.s, sim.now, 0), SCHEDULER_E_ON_BREAK);
        CHECK_EQ(scheduler_log_break(&sim.s, sim.now, 0, NULL), SCHEDULER_E_ON_BREAK);
        CHECK_EQ(scheduler_pause(&sim.s, sim.now, 0), SCHEDULER_E_ON_BREAK);

        /* No input during the break is expected, not a natural break. */
        sim_idle(&sim, true);
        sim_run(&sim, 75 * S);
        CHECK_EQ(sim.steps, 2);
        CHECK_STREQ(scheduler_current_exercise(&sim.s), sim.s.plan[1]);
        sim_run(&sim, 150 * S);
        CHECK_EQ(sim.steps, 4);
        CHECK_EQ(sim.finished, 0);
        sim_run(&sim, 75 * S);
        CHECK_EQ(sim.finished, 1);
        CHECK_EQ(sim.records[HISTORY_TAKEN], 1);
        CHECK_EQ(sim.records[HISTORY_NATURAL], 0);
        CHECK_EQ(sim.last_time, started);
        CHECK_EQ(sim.last_duration, 5 * M);
        CHECK_EQ(strlen(sim.last_exercises) > 4, 1);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 0);
        CHECK_EQ(state(&sim), SCHEDULER_IDLE);
        sim_idle(&sim, false);
        CHECK_EQ(state(&sim), SCHEDULER_WORKING);
        CHECK_EQ(sim.records[HISTORY_NATURAL], 0);

        /* "done" ends the next one early, as taken. */
        sim_run(&sim, 30 * M);
        CHECK_EQ(scheduler_start_break(&sim.s, sim.now), 0);
        sim_run(&sim, 2 * M);
        CHECK_EQ(scheduler_finish_break(&sim.s, sim.now), 0);
        CHECK_EQ(sim.records[HISTORY_TAKEN], 2);
        CHECK_EQ(sim.last_duration, 2 * M);
        CHECK_EQ(scheduler_finish_break(&sim.s, sim.now), SCHEDULER_E_NOT_ON_BREAK);

        /* skip during a guided break ends it as skipped. */
        CHECK_EQ(scheduler_start_break(&sim.s, sim.now), 0);
        CHECK_EQ(scheduler_skip(&sim.s, sim.now), 0);
        CHECK_EQ(sim.records[HISTORY_SKIPPED], 1);
        CHECK_EQ(state(&sim), SCHEDULER_WORKING);
        scheduler_done(&sim.s);
}

/* NextStep (the window's Done): the next exercise begins now with its whole time; on the last
 * one the break ends as taken, with the time it really lasted. */
static void test_next_step(void) {
        Sim sim;
        usec_t started;

        sim_init(&sim, NULL);
        sim_run(&sim, 2 * H);
        CHECK_EQ(scheduler_next_step(&sim.s, sim.now), SCHEDULER_E_NOT_ON_BREAK);
        CHECK_EQ(scheduler_step_end(&sim.s), 0);
        CHECK_EQ(scheduler_start_break(&sim.s, sim.now), 0);
        started = sim.now;
        CHECK_EQ(scheduler_step_end(&sim.s), started + 75 * S);
        CHECK_EQ(scheduler_break_end(&sim.s), started + 5 * M);

        sim_run(&sim, 20 * S);
        CHECK_EQ(scheduler_next_step(&sim.s, sim.now), 0);
        CHECK_EQ(sim.steps, 2);
        CHECK_STREQ(scheduler_current_exercise(&sim.s), sim.s.plan[1]);
        CHECK_EQ(scheduler_step_end(&sim.s), sim.now + 75 * S);
        CHECK_EQ(scheduler_break_end(&sim.s), sim.now + 3 * 75 * S);

        /* The step's time runs out by itself as before, counted from its own start. */
        sim_run(&sim, 75 * S);
        CHECK_EQ(sim.steps, 3);
        CHECK_EQ(scheduler_next_step(&sim.s, sim.now), 0);
        CHECK_EQ(sim.steps, 4);
        CHECK_EQ(sim.finished, 0);
        sim_run(&sim, 10 * S);
        CHECK_EQ(scheduler_next_step(&sim.s, sim.now), 0);
        CHECK_EQ(sim.finished, 1);
        CHECK_EQ(sim.records[HISTORY_TAKEN], 1);
        CHECK_EQ(sim.last_time, started);
        CHECK_EQ(sim.last_duration, 105 * S);
        CHECK_EQ(state(&sim), SCHEDULER_WORKING);
        CHECK_EQ(scheduler_break_end(&sim.s), 0);
        scheduler_done(&sim.s);
}

static void test_plans_vary(void) {
        Sim sim;
        char previous[256] = "";

        sim_init(&sim, NULL);
        for (unsigned i = 0; i < 20; i++) {
                sim_run(&sim, 2 * H);
                CHECK_EQ(scheduler_start_break(&sim.s, sim.now), 0);
                sim_run(&sim, 5 * M);
                CHECK_EQ(sim.records[HISTORY_TAKEN], i + 1);
                /* Six seated exercises, four a break: at most two can come back. */
                if (previous[0]) {
                        unsigned same = 0;
                        char copy[256], *save = NULL;

                        snprintf(copy, sizeof(copy), "%s", sim.last_exercises);
                        for (char *id = strtok_r(copy, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
                                char needle[16];
                                snprintf(needle, sizeof(needle), ",%s,", id);
                                char haystack[260];
                                snprintf(haystack, sizeof(haystack), ",%s", previous);
                                same += strstr(haystack, needle) != NULL;
                                CHECK(id[0] != 's');    /* seated only */
                        }
                        CHECK(same <= 2);
                }
                snprintf(previous, sizeof(previous), "%s", sim.last_exercises);
        }
        scheduler_done(&sim.s);
}

/* After a skip, the next break avoids both the skipped plan and the last one done. */
static void test_plans_vary_after_skip(void) {
        SchedulerConfig config = default_config;
        Sim sim;

        config.per_break = 2;
        sim_init(&sim, &config);
        for (unsigned i = 0; i < 20; i++) {
                char done[300];

                sim_run(&sim, 2 * H);
                CHECK_EQ(scheduler_start_break(&sim.s, sim.now), 0);
                sim_run(&sim, 5 * M);
                snprintf(done, sizeof(done), ",%s,", sim.last_exercises);
                sim_run(&sim, 2 * H);
                CHECK_EQ(state(&sim), SCHEDULER_DUE);
                CHECK_EQ(scheduler_skip(&sim.s, sim.now), 0);
                for (char **id = sim.s.plan; id && *id; id++) {
                        char needle[80];

                        snprintf(needle, sizeof(needle), ",%s,", *id);
                        CHECK(!strstr(done, needle));
                }
        }
        scheduler_done(&sim.s);
}

/* One absence is one break: a log covering a natural break already recorded is refused, and
 * what earlier runs recorded (scheduler_note_records()) bounds a log as this run's records do. */
static void test_log_overlap(void) {
        Sim sim;

        sim_init(&sim, NULL);
        CHECK_EQ(scheduler_log_limit(&sim.s, sim.now), USEC_INFINITY);
        sim_run(&sim, 30 * M);
        sim_idle(&sim, true);
        sim_run(&sim, 6 * M);
        sim_idle(&sim, false);
        CHECK_EQ(sim.records[HISTORY_NATURAL], 1);
        sim_run(&sim, 2 * M);
        CHECK_EQ(scheduler_log_limit(&sim.s, sim.now), 2 * M);
        CHECK(scheduler_log_limit_is_break(&sim.s));
        CHECK_EQ(scheduler_log_break(&sim.s, sim.now, 5 * M, NULL), SCHEDULER_E_OVERLAP);
        CHECK_EQ(sim.records[HISTORY_LOGGED], 0);
        CHECK_EQ(scheduler_log_break(&sim.s, sim.now, 2 * M, NULL), 0);
        scheduler_done(&sim.s);

        /* A fresh run: the files say the user worked until 3 minutes ago. */
        sim_init(&sim, NULL);
        sim_run(&sim, 3 * M);
        scheduler_note_records(&sim.s, sim.now, sim.now - 2 * H, sim.now - 3 * M);
        CHECK_EQ(scheduler_log_limit(&sim.s, sim.now), 3 * M);
        CHECK(!scheduler_log_limit_is_break(&sim.s));
        CHECK_EQ(scheduler_log_break(&sim.s, sim.now, 10 * M, NULL), SCHEDULER_E_OVERLAP);
        /* A record dated after now (a clock set back) is not trusted. */
        scheduler_note_records(&sim.s, sim.now, sim.now + H, sim.now + H);
        CHECK_EQ(scheduler_log_limit(&sim.s, sim.now), 3 * M);
        scheduler_done(&sim.s);
}

static void test_log_break(void) {
        Sim sim;

        sim_init(&sim, NULL);
        sim_run(&sim, 100 * M);
        CHECK_EQ(scheduler_log_break(&sim.s, sim.now, 15 * M, "walk"), 0);
        CHECK_EQ(sim.records[HISTORY_LOGGED], 1);
        CHECK_STREQ(sim.last_note, "walk");
        CHECK_EQ(sim.last_time, sim.now - 15 * M);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 0);
        /* Breaks never overlap: a second one ending now would. */
        CHECK_EQ(scheduler_log_break(&sim.s, sim.now, 0, NULL), SCHEDULER_E_OVERLAP);
        CHECK_EQ(sim.records[HISTORY_LOGGED], 1);
        sim_run(&sim, 10 * M);
        CHECK_EQ(scheduler_log_limit(&sim.s, sim.now), 10 * M);
        CHECK(scheduler_log_limit_is_break(&sim.s));
        CHECK_EQ(scheduler_log_break(&sim.s, sim.now, 0, NULL), 0);
        CHECK_EQ(sim.last_duration, 5 * M);

        /* Logging while due clears the reminder. */
        sim_run(&sim, 2 * H);
        CHECK_EQ(state(&sim), SCHEDULER_DUE);
        CHECK_EQ(scheduler_log_break(&sim.s, sim.now, 0, NULL), 0);
        CHECK_EQ(sim.withdraws, 1);
        CHECK_EQ(state(&sim), SCHEDULER_WORKING);
        scheduler_done(&sim.s);
}

static void test_pause(void) {
        Sim sim;

        sim_init(&sim, NULL);
        sim_run(&sim, 1 * H);

        /* A timed pause freezes the count and expires by itself. */
        CHECK_EQ(scheduler_pause(&sim.s, sim.now, 30 * M), 0);
        CHECK_EQ(state(&sim), SCHEDULER_PAUSED);
        CHECK_EQ(scheduler_next_break(&sim.s, sim.now), 0);
        CHECK_EQ(scheduler_pause_remaining(&sim.s, sim.now), 30 * M);
        CHECK_EQ(scheduler_snooze(&sim.s, sim.now, 0), SCHEDULER_E_PAUSED);
        sim_run(&sim, 30 * M);
        CHECK_EQ(state(&sim), SCHEDULER_WORKING);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 1 * H);
        CHECK_EQ(scheduler_resume(&sim.s, sim.now), SCHEDULER_E_NOT_PAUSED);

        /* Paused until resumed, across a due time: withdrawn, and reminded on resume. */
        sim_run(&sim, 1 * H);
        CHECK_EQ(sim.reminds, 1);
        CHECK_EQ(scheduler_pause(&sim.s, sim.now, 0), 0);
        CHECK_EQ(sim.withdraws, 1);
        CHECK_EQ(scheduler_pause_remaining(&sim.s, sim.now), USEC_INFINITY);
        CHECK_EQ(scheduler_next_deadline(&sim.s), USEC_INFINITY);
        sim_run(&sim, 8 * H);
        CHECK_EQ(sim.reminds, 1);
        CHECK_EQ(scheduler_resume(&sim.s, sim.now), 0);
        CHECK_EQ(sim.reminds, 2);
        CHECK_EQ(state(&sim), SCHEDULER_DUE);
        scheduler_done(&sim.s);
}

static void test_lock_and_suspend(void) {
        Sim sim;

        sim_init(&sim, NULL);
        sim_run(&sim, 1 * H);

        /* A short lock is idle time, not a break. */
        scheduler_set_locked(&sim.s, sim.now, true);
        CHECK_EQ(state(&sim), SCHEDULER_IDLE);
        sim_run(&sim, 2 * M);
        scheduler_set_locked(&sim.s, sim.now, false);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 1 * H);

        /* Suspended overnight: the boot clock jumps on resume; one natural break. */
        scheduler_set_asleep(&sim.s, sim.now, true);
        sim.now += 14 * H;
        scheduler_set_asleep(&sim.s, sim.now, false);
        CHECK_EQ(sim.records[HISTORY_NATURAL], 1);
        CHECK_EQ(sim.last_duration, 14 * H);
        CHECK_EQ(sim.reminds, 0);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 0);

        /* Input idle and lock overlap: idle lasts until both end. */
        sim_run(&sim, 1 * H);
        sim_idle(&sim, true);
        scheduler_set_locked(&sim.s, sim.now, true);
        sim_idle(&sim, false);
        CHECK_EQ(state(&sim), SCHEDULER_IDLE);
        sim_run(&sim, 10 * M);
        scheduler_set_locked(&sim.s, sim.now, false);
        CHECK_EQ(sim.records[HISTORY_NATURAL], 2);
        CHECK_EQ(sim.last_duration, 11 * M);
        scheduler_done(&sim.s);
}

static void test_config_change(void) {
        Sim sim;
        SchedulerConfig c = default_config;

        sim_init(&sim, NULL);
        sim_run(&sim, 90 * M);
        c.interval = 1 * H;
        scheduler_set_config(&sim.s, sim.now, &c);
        CHECK_EQ(sim.reminds, 1);
        CHECK_EQ(state(&sim), SCHEDULER_DUE);
        c.interval = 3 * H;
        scheduler_set_config(&sim.s, sim.now, &c);
        CHECK_EQ(sim.withdraws, 1);
        CHECK_EQ(state(&sim), SCHEDULER_WORKING);
        CHECK_EQ(scheduler_next_break(&sim.s, sim.now), sim.now + 90 * M);
        c.posture = POSTURE_STANDING;
        c.per_break = 2;
        scheduler_set_config(&sim.s, sim.now, &c);
        CHECK_EQ(strv_length(sim.s.plan), 2);
        CHECK(sim.s.plan[0][0] == 's' && sim.s.plan[1][0] == 's');
        scheduler_done(&sim.s);
}

static void test_restore(void) {
        Sim sim;

        /* A restart with a short downtime keeps the count. */
        sim_init(&sim, NULL);
        CHECK_EQ(scheduler_restore(&sim.s, sim.now, 100 * M, 2, 1 * M, 0, NULL, NULL), 0);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 100 * M);
        CHECK_EQ(sim.s.skips_in_row, 2u);       /* the row of skips goes on */
        sim_run(&sim, 20 * M);
        CHECK_EQ(sim.reminds, 1);
        scheduler_done(&sim.s);

        /* A long one (logged out over lunch) was a natural break. */
        sim_init(&sim, NULL);
        CHECK_EQ(scheduler_restore(&sim.s, sim.now, 100 * M, 2, 1 * H, 0, NULL, NULL), 0);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 0);
        CHECK_EQ(sim.records[HISTORY_NATURAL], 1);
        CHECK_EQ(sim.last_time, sim.now - 1 * H);
        CHECK_EQ(sim.s.skips_in_row, 0u);       /* a break ends the row */
        scheduler_done(&sim.s);

        /* A pause survives, and so does the plan. */
        sim_init(&sim, NULL);
        char *plan[] = { (char *) "c", (char *) "d", NULL };
        CHECK_EQ(scheduler_restore(&sim.s, sim.now, 10 * M, 0, 0, 30 * M, plan, NULL), 0);
        CHECK_EQ(state(&sim), SCHEDULER_PAUSED);
        CHECK_STREQ(scheduler_current_exercise(&sim.s), "c");
        sim_run(&sim, 30 * M);
        CHECK_EQ(state(&sim), SCHEDULER_WORKING);
        scheduler_done(&sim.s);
}

/* A working week: five days of 9 to 17:30 with lunch, coffee and overnight suspend. The
 * scheduler clock does not care about midnight: the count carries over it. */
static void test_working_week(void) {
        Sim sim;
        unsigned day_reminds[5] = {}, taken_before;

        sim_init(&sim, NULL);
        for (unsigned day = 0; day < 5; day++) {
                unsigned reminds_before = sim.reminds;

                taken_before = sim.records[HISTORY_TAKEN];
                /* Morning: 2h05 of work, then the guided break on the reminder. */
                sim_run(&sim, 2 * H + 5 * M);
                CHECK_EQ(state(&sim), SCHEDULER_DUE);
                CHECK_EQ(scheduler_start_break(&sim.s, sim.now), 0);
                sim_run(&sim, 5 * M);
                /* 1h30 of work, lunch away for 45 minutes (natural break). */
                sim_run(&sim, 90 * M);
                sim_idle(&sim, true);
                sim_run(&sim, 45 * M);
                sim_idle(&sim, false);
                /* Afternoon: snooze once, then take it. */
                sim_run(&sim, 2 * H);
                CHECK_EQ(scheduler_snooze(&sim.s, sim.now, 15 * M), 0);
                sim_run(&sim, 15 * M);
                CHECK_EQ(scheduler_start_break(&sim.s, sim.now), 0);
                sim_run(&sim, 5 * M);
                /* Work until late, across midnight on the last day. */
                sim_run(&sim, day == 4 ? 3 * H : 40 * M);
                scheduler_set_asleep(&sim.s, sim.now, true);
                sim.now += 15 * H;
                scheduler_set_asleep(&sim.s, sim.now, false);
                day_reminds[day] = sim.reminds - reminds_before;
                CHECK_EQ(sim.records[HISTORY_TAKEN] - taken_before, 2);
        }
        CHECK_EQ(sim.records[HISTORY_NATURAL], 10);     /* lunch and night, every day */
        CHECK_EQ(sim.records[HISTORY_SNOOZED], 5);
        /* Morning, afternoon, and the afternoon's again when its snooze ran out. */
        for (unsigned day = 0; day < 4; day++)
                CHECK_EQ(day_reminds[day], 3);
        CHECK(day_reminds[4] >= 4);     /* the late evening got its reminders too */
        scheduler_done(&sim.s);
}


static void test_busy_defers(void) {
        Sim sim;

        /* Busy before the break falls due: nothing is shown, the state says deferred and
         * active time keeps its value. */
        sim_init(&sim, NULL);
        sim_run(&sim, 100 * M);
        scheduler_set_busy(&sim.s, sim.now, true);
        sim_run(&sim, 30 * M);
        CHECK_EQ(sim.reminds, 0);
        CHECK_EQ(state(&sim), SCHEDULER_DEFERRED);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 130 * M);

        /* Busy ends: the reminder follows after the grace period, at normal urgency. */
        scheduler_set_busy(&sim.s, sim.now, false);
        CHECK_EQ(state(&sim), SCHEDULER_DEFERRED);
        sim_run(&sim, SCHEDULER_BUSY_GRACE - 1);
        CHECK_EQ(sim.reminds, 0);
        sim_run(&sim, 1);
        CHECK_EQ(sim.reminds, 1);
        CHECK_EQ(sim.quiets, 0);
        CHECK_EQ(state(&sim), SCHEDULER_DUE);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 130 * M + SCHEDULER_BUSY_GRACE);

        /* Busy while the reminder shows: it is withdrawn, and its repeats are held. */
        scheduler_set_busy(&sim.s, sim.now, true);
        CHECK_EQ(sim.withdraws, 1);
        CHECK_EQ(state(&sim), SCHEDULER_DEFERRED);

        /* After defer-max it comes anyway, quietly, and then every snooze, still quietly. */
        sim_run(&sim, 1 * H - 1);
        CHECK_EQ(sim.reminds, 1);
        sim_run(&sim, 1);
        CHECK_EQ(sim.reminds, 2);
        CHECK_EQ(sim.quiets, 1);
        CHECK_EQ(sim.criticals, 0);     /* never critical while busy */
        CHECK_EQ(state(&sim), SCHEDULER_DUE);
        sim_run(&sim, 10 * M);
        CHECK_EQ(sim.reminds, 3);
        CHECK_EQ(sim.quiets, 2);
        scheduler_set_busy(&sim.s, sim.now, false);
        sim_run(&sim, 10 * M);
        CHECK_EQ(sim.reminds, 4);
        CHECK_EQ(sim.quiets, 2);
        CHECK_EQ(sim.criticals, 1);     /* 3h+ of work and no longer busy */
        scheduler_done(&sim.s);

        /* Busy does nothing when no break is due; a natural break while deferred clears it. */
        sim_init(&sim, NULL);
        scheduler_set_busy(&sim.s, sim.now, true);
        CHECK_EQ(state(&sim), SCHEDULER_WORKING);
        sim_run(&sim, 2 * H);
        CHECK_EQ(state(&sim), SCHEDULER_DEFERRED);
        sim_idle(&sim, true);
        sim_run(&sim, 10 * M);
        sim_idle(&sim, false);
        CHECK_EQ(state(&sim), SCHEDULER_WORKING);
        CHECK_EQ(sim.records[HISTORY_NATURAL], 1);
        scheduler_set_busy(&sim.s, sim.now, false);
        sim_run(&sim, 1 * M);
        CHECK_EQ(sim.reminds, 0);
        scheduler_done(&sim.s);

        /* A snooze that ends during a call waits for the call too. */
        sim_init(&sim, NULL);
        sim_run(&sim, 2 * H);
        CHECK_EQ(scheduler_snooze(&sim.s, sim.now, 10 * M), 0);
        scheduler_set_busy(&sim.s, sim.now, true);
        sim_run(&sim, 20 * M);
        CHECK_EQ(sim.reminds, 1);
        CHECK_EQ(state(&sim), SCHEDULER_DEFERRED);
        scheduler_done(&sim.s);
}

/* limberd often learns of a busy change right at a deadline (a server without change signals
 * is read then): the new flag must hold for that deadline. Otherwise a due break flashes (shown,
 * then withdrawn at once) and the release at defer-max after do-not-disturb ended is quiet. */
static void test_busy_set_before_advancing(void) {
        Sim sim;

        /* Busy noticed at the very moment the break falls due: nothing is shown. */
        sim_init(&sim, NULL);
        sim_run(&sim, 2 * H - 1);
        sim.now += 1;                   /* the deadline; limberd asks the server first */
        scheduler_set_busy(&sim.s, sim.now, true);
        CHECK_EQ(sim.reminds, 0);
        CHECK_EQ(sim.withdraws, 0);
        CHECK_EQ(state(&sim), SCHEDULER_DEFERRED);

        /* Do-not-disturb ended meanwhile, noticed only at defer-max: no quiet reminder then,
         * the normal one after the grace period. */
        sim_run(&sim, 1 * H - 1);
        sim.now += 1;
        scheduler_set_busy(&sim.s, sim.now, false);
        CHECK_EQ(sim.reminds, 0);
        CHECK_EQ(state(&sim), SCHEDULER_DEFERRED);
        sim_run(&sim, SCHEDULER_BUSY_GRACE);
        CHECK_EQ(sim.reminds, 1);
        CHECK_EQ(sim.quiets, 0);
        CHECK_EQ(sim.withdraws, 0);
        scheduler_done(&sim.s);
}

static void test_off_hours(void) {
        Sim sim;

        sim_init(&sim, NULL);
        sim_run(&sim, 1 * H);
        scheduler_set_off_hours(&sim.s, sim.now, true);
        CHECK_EQ(state(&sim), SCHEDULER_OFF_HOURS);
        sim_run(&sim, 5 * H);           /* working late: not counted, nothing fires */
        CHECK_EQ(sim.reminds, 0);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 1 * H);
        CHECK_EQ(scheduler_next_deadline(&sim.s), USEC_INFINITY);
        scheduler_set_off_hours(&sim.s, sim.now, false);
        CHECK_EQ(state(&sim), SCHEDULER_WORKING);
        sim_run(&sim, 1 * H);
        CHECK_EQ(sim.reminds, 1);

        /* Off hours withdraw a due reminder and bring it back with the next working hours. */
        scheduler_set_off_hours(&sim.s, sim.now, true);
        CHECK_EQ(sim.withdraws, 1);
        sim_run(&sim, 1 * H);
        CHECK_EQ(sim.reminds, 1);
        scheduler_set_off_hours(&sim.s, sim.now, false);
        CHECK_EQ(sim.reminds, 2);
        CHECK_EQ(state(&sim), SCHEDULER_DUE);

        /* Leaving the desk after hours is still a break. */
        scheduler_set_off_hours(&sim.s, sim.now, true);
        sim_idle(&sim, true);
        sim_run(&sim, 12 * H);
        sim_idle(&sim, false);
        CHECK_EQ(sim.records[HISTORY_NATURAL], 1);
        scheduler_set_off_hours(&sim.s, sim.now, false);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 0);
        CHECK_EQ(sim.reminds, 2);
        scheduler_done(&sim.s);
}

static void test_micro_nudges(void) {
        SchedulerConfig c = default_config;
        Sim sim;

        c.micro_enabled = true;
        sim_init(&sim, &c);
        sim_run(&sim, 20 * M - 1);
        CHECK_EQ(sim.micros, 0);
        sim_run(&sim, 1);
        CHECK_EQ(sim.micros, 1);
        CHECK_STREQ(sim.last_micro, "a");       /* seated micro moves, in turn */
        sim_run(&sim, 20 * M);
        CHECK_STREQ(sim.last_micro, "b");
        sim_run(&sim, 20 * M);
        CHECK_STREQ(sim.last_micro, "a");
        CHECK_EQ(sim.micros, 3);

        /* A pause in input of at least micro.duration counts as one. */
        sim_run(&sim, 15 * M);
        scheduler_set_input_idle(&sim.s, sim.now, true, sim.now - 30 * S);
        scheduler_set_input_idle(&sim.s, sim.now + 1 * S, false, 0);
        sim.now += 1 * S;
        sim_run(&sim, 15 * M);
        CHECK_EQ(sim.micros, 3);
        sim_run(&sim, 5 * M);
        CHECK_EQ(sim.micros, 4);

        /* Never while a break is due or running. */
        sim_run(&sim, 2 * H);
        CHECK_EQ(state(&sim), SCHEDULER_DUE);
        unsigned before = sim.micros;
        sim_run(&sim, 40 * M);
        CHECK_EQ(sim.micros, before);
        CHECK_EQ(scheduler_start_break(&sim.s, sim.now), 0);
        sim_run(&sim, 4 * M);
        CHECK_EQ(sim.micros, before);
        sim_run(&sim, 1 * M);
        CHECK_EQ(state(&sim), SCHEDULER_WORKING);
        sim_run(&sim, 20 * M);
        CHECK_EQ(sim.micros, before + 1);
        scheduler_done(&sim.s);

        /* Off by default. */
        sim_init(&sim, NULL);
        sim_run(&sim, 100 * M);
        CHECK_EQ(sim.micros, 0);
        scheduler_done(&sim.s);
}

static void test_activity_spans(void) {
        Sim sim;

        /* Spans of active time add up to the work done, idle time (noticed late) excluded. */
        sim_init(&sim, NULL);
        sim_run(&sim, 50 * M);
        sim_idle(&sim, true);           /* the last minute was not work */
        CHECK_EQ(sim.records[HISTORY_ACTIVE], 1);
        CHECK_EQ(sim.span_total, 49 * M);
        sim_run(&sim, 3 * M);
        sim_idle(&sim, false);
        sim_run(&sim, 30 * M);
        {
                usec_t start = 0, duration = 0;

                /* Asking about the open span reports it without ending it. */
                CHECK(scheduler_open_span(&sim.s, sim.now, &start, &duration));
                CHECK_EQ(duration, 30 * M);
                CHECK_EQ(start, sim.now - 30 * M);
                CHECK_EQ(sim.records[HISTORY_ACTIVE], 1);
        }
        scheduler_flush_activity(&sim.s, sim.now);
        CHECK_EQ(sim.records[HISTORY_ACTIVE], 2);
        CHECK_EQ(sim.span_total, 79 * M);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 79 * M);

        /* Pauses, guided breaks and off hours are not work either. */
        CHECK_EQ(scheduler_pause(&sim.s, sim.now, 10 * M), 0);
        sim_run(&sim, 10 * M);
        sim_run(&sim, 20 * M);
        CHECK_EQ(scheduler_start_break(&sim.s, sim.now), 0);
        sim_run(&sim, 5 * M);
        scheduler_set_off_hours(&sim.s, sim.now, true);
        sim_run(&sim, 1 * H);
        scheduler_set_off_hours(&sim.s, sim.now, false);
        sim_run(&sim, 15 * M);
        scheduler_flush_activity(&sim.s, sim.now);
        CHECK_EQ(sim.span_total, 79 * M + 20 * M + 15 * M);
        CHECK_EQ(sim.span_end, sim.now);
        scheduler_done(&sim.s);
}

static void test_no_catalog(void) {
        Scheduler s;
        unsigned events = 0;

        scheduler_init(&s, &default_config, NULL, 0, 0, NULL, &events);
        scheduler_advance(&s, 2 * H);
        CHECK_EQ(scheduler_state(&s), SCHEDULER_DUE);
        CHECK(scheduler_current_exercise(&s) == NULL);
        CHECK_EQ(scheduler_start_break(&s, 2 * H), 0);
        CHECK_EQ(scheduler_step_duration(&s), 5 * M);
        scheduler_advance(&s, 2 * H + 5 * M);
        CHECK_EQ(scheduler_state(&s), SCHEDULER_WORKING);
        scheduler_done(&s);
}

/* Presence without input (an idle inhibitor, the camera or microphone in use): the time
 * counts, and no natural break is taken from it. */
static void test_present_without_input(void) {
        Sim sim;

        sim_init(&sim, NULL);
        sim_run(&sim, 1 * H);
        scheduler_set_present(&sim.s, sim.now, true);
        sim_idle(&sim, true);                   /* a call: no input for an hour */
        CHECK_EQ(state(&sim), SCHEDULER_WORKING);
        CHECK(!scheduler_idle(&sim.s));
        sim_run(&sim, 1 * H);
        CHECK_EQ(sim.records[HISTORY_NATURAL], 0);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 2 * H);
        CHECK_EQ(sim.reminds, 1);               /* due at 2 h, as if typing */

        /* The call ends without input: idle from then on, and a natural break after 5 min. */
        scheduler_set_present(&sim.s, sim.now, false);
        CHECK_EQ(state(&sim), SCHEDULER_DUE);   /* idle, with the reminder on screen */
        CHECK(scheduler_idle(&sim.s));
        sim_run(&sim, 4 * M);
        CHECK_EQ(sim.records[HISTORY_NATURAL], 0);
        sim_run(&sim, 1 * M);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 0);   /* the count starts again */
        sim_idle(&sim, false);
        CHECK_EQ(sim.records[HISTORY_NATURAL], 1);              /* recorded on return */
        CHECK_EQ(sim.last_duration, 5 * M);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 0);

        /* Idle first, then a call starts: the idle spell ends there, too short for a break,
         * and the call's time counts. */
        sim_run(&sim, 10 * M);
        sim_idle(&sim, true);
        sim_run(&sim, 2 * M);
        scheduler_set_present(&sim.s, sim.now, true);
        CHECK_EQ(state(&sim), SCHEDULER_WORKING);
        sim_run(&sim, 30 * M);
        CHECK_EQ(sim.records[HISTORY_NATURAL], 1);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 9 * M + 30 * M);

        /* Away long enough before the call began: that was a break. */
        scheduler_set_present(&sim.s, sim.now, false);
        sim_run(&sim, 6 * M);
        scheduler_set_present(&sim.s, sim.now, true);
        CHECK_EQ(sim.records[HISTORY_NATURAL], 2);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 0);
        scheduler_done(&sim.s);
}

/* Lock and suspend mean away, whatever presence says. */
static void test_lock_while_present(void) {
        Sim sim;

        sim_init(&sim, NULL);
        sim_run(&sim, 1 * H);
        scheduler_set_present(&sim.s, sim.now, true);
        scheduler_set_locked(&sim.s, sim.now, true);
        CHECK_EQ(state(&sim), SCHEDULER_IDLE);
        sim_run(&sim, 10 * M);
        scheduler_set_locked(&sim.s, sim.now, false);
        CHECK_EQ(sim.records[HISTORY_NATURAL], 1);
        CHECK_EQ(state(&sim), SCHEDULER_WORKING);
        sim_idle(&sim, true);                   /* still present: no input, but counting */
        sim_run(&sim, 20 * M);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 20 * M);

        scheduler_set_asleep(&sim.s, sim.now, true);
        sim.now += 1 * H;
        scheduler_set_asleep(&sim.s, sim.now, false);
        CHECK_EQ(sim.records[HISTORY_NATURAL], 2);
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 0);
        scheduler_done(&sim.s);
}

/* A break falling due in the idle-after window after the last input: the reminder is
 * already on screen when the idle source tells that nobody worked that time. It stays, and
 * so does "due" (the person may be reading it): it is not withdrawn and shown again at the
 * next move of the mouse. The count is still corrected: the time was nobody's work. */
static void test_due_inside_idle_window(void) {
        Sim sim;

        sim_init(&sim, NULL);
        sim_run(&sim, 2 * H - 30 * S);          /* the last input */
        sim_run(&sim, 1 * M);                   /* the idle source has not noticed yet */
        CHECK_EQ(sim.reminds, 1);
        sim_idle(&sim, true);                   /* idle since 2 h - 30 s */
        CHECK_EQ(sim.withdraws, 0);
        CHECK_EQ(state(&sim), SCHEDULER_DUE);
        CHECK(scheduler_idle(&sim.s));
        CHECK_EQ(scheduler_active_usec(&sim.s, sim.now), 2 * H - 30 * S);
        sim_run(&sim, 2 * M);
        CHECK_EQ(state(&sim), SCHEDULER_DUE);
        sim_idle(&sim, false);                  /* back at 2 h + 2 min 30 s */
        CHECK_EQ(state(&sim), SCHEDULER_DUE);
        sim_run(&sim, 5 * M);
        CHECK_EQ(sim.reminds, 1);               /* not shown again at the next input */
        CHECK_EQ(sim.withdraws, 0);
        sim_run(&sim, 3 * M);                   /* the ignored reminder repeats after snooze */
        CHECK_EQ(sim.reminds, 2);
        CHECK_EQ(sim.withdraws, 0);
        scheduler_done(&sim.s);
}

/* A reminder on screen keeps the state "due" while the person reads it without input, until
 * it is acted on or a natural break ends it. */
static void test_due_stays_while_reading(void) {
        Sim sim;

        sim_init(&sim, NULL);
        sim_run(&sim, 2 * H + 10 * S);
        CHECK_EQ(sim.reminds, 1);
        sim_idle(&sim, true);
        CHECK_EQ(state(&sim), SCHEDULER_DUE);
        CHECK(scheduler_idle(&sim.s));
        CHECK_EQ(scheduler_snooze(&sim.s, sim.now, 0), 0);
        CHECK_EQ(state(&sim), SCHEDULER_IDLE);  /* snoozed: nothing on screen */
        sim_idle(&sim, false);
        CHECK_EQ(state(&sim), SCHEDULER_SNOOZED);
        sim_run(&sim, 10 * M);
        CHECK_EQ(sim.reminds, 2);
        sim_idle(&sim, true);
        CHECK_EQ(state(&sim), SCHEDULER_DUE);
        sim_run(&sim, 5 * M);                   /* five minutes since the last input */
        CHECK_EQ(state(&sim), SCHEDULER_IDLE);  /* a natural break ended it */
        CHECK_EQ(sim.withdraws, 2);             /* the snooze's, and the natural break's */
        scheduler_done(&sim.s);
}

/* Local midnight as the caller computes it (day.c does the same). */
static usec_t midnight_after(time_t t) {
        struct tm tm;

        localtime_r(&t, &tm);
        tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
        tm.tm_mday += 1;
        tm.tm_isdst = -1;
        return (usec_t) mktime(&tm) * USEC_PER_SEC;
}

/* The daily limit: said once when today's active time reaches it, again the next day; the
 * day's end is the caller's local midnight, so a day of 23 hours (DST) changes nothing. */
static void test_daily_limit(void) {
        SchedulerConfig c = default_config;
        time_t start;
        usec_t rt0, boot0, midnight, next_midnight;
        struct tm tm = { .tm_year = 2026 - 1900, .tm_mon = 2, .tm_mday = 28, .tm_hour = 20, .tm_isdst = -1 };
        Sim sim;

        setenv("TZ", "Europe/Berlin", 1);
        tzset();
        start = mktime(&tm);                    /* Sat 28 March 2026, 20:00; DST begins that night */
        rt0 = (usec_t) start * USEC_PER_SEC;
        midnight = midnight_after(start);
        next_midnight = midnight_after((time_t) (midnight / USEC_PER_SEC) + 3600);
        CHECK_EQ(next_midnight - midnight, 23 * H);     /* the short day */

        c.daily_limit = 5 * H;
        sim_init(&sim, &c);
        boot0 = sim.now;
        scheduler_new_day(&sim.s, sim.now, 30 * M);     /* half an hour earlier today */
        sim_run(&sim, 3 * H);
        CHECK_EQ(sim.limits, 0);
        sim_run(&sim, midnight - rt0 - 3 * H);          /* working through midnight */
        CHECK_EQ(sim.limits, 0);
        CHECK_EQ(scheduler_active_today(&sim.s, sim.now), 4 * H + 30 * M);
        scheduler_new_day(&sim.s, sim.now, 0);
        CHECK_EQ(scheduler_active_today(&sim.s, sim.now), 0);

        /* Five real hours after midnight, whatever the clock on the wall says (06:00 CEST). */
        sim_run(&sim, 5 * H - 1 * S);
        CHECK_EQ(sim.limits, 0);
        sim_run(&sim, 1 * S);
        CHECK_EQ(sim.limits, 1);
        CHECK_EQ(sim.limit_time, boot0 + (midnight - rt0) + 5 * H);
        CHECK_EQ(sim.limit_active, 5 * H);

        /* Once a day: not again that day, also not after a break or a restart. */
        scheduler_log_break(&sim.s, sim.now, 0, NULL);
        sim_run(&sim, 3 * H);
        CHECK_EQ(sim.limits, 1);
        scheduler_new_day(&sim.s, sim.now, scheduler_active_today(&sim.s, sim.now));
        sim_run(&sim, 1 * H);
        CHECK_EQ(sim.limits, 1);

        /* Idle time does not count towards it. */
        sim_run(&sim, (boot0 + next_midnight - rt0) - sim.now);
        scheduler_new_day(&sim.s, sim.now, 0);
        sim_run(&sim, 4 * H);
        sim_idle(&sim, true);
        sim_run(&sim, 2 * H);
        sim_idle(&sim, false);
        CHECK_EQ(sim.limits, 1);
        CHECK_EQ(scheduler_active_today(&sim.s, sim.now), 4 * H - 1 * M);
        sim_run(&sim, 1 * H + 1 * M);
        CHECK_EQ(sim.limits, 2);

        /* A limit lowered below today's count is said at once; off says nothing. */
        scheduler_new_day(&sim.s, sim.now, 0);
        sim_run(&sim, 2 * H);
        c.daily_limit = 1 * H;
        scheduler_set_config(&sim.s, sim.now, &c);
        CHECK_EQ(sim.limits, 3);
        c.daily_limit = 0;
        scheduler_new_day(&sim.s, sim.now, 0);
        scheduler_set_config(&sim.s, sim.now, &c);
        sim_run(&sim, 20 * H);
        CHECK_EQ(sim.limits, 3);
        scheduler_done(&sim.s);
        unsetenv("TZ");
        tzset();
}

static void due_and_skip(Sim *sim) {
        unsigned before = sim->reminds;

        sim_run(sim, 2 * H);
        CHECK_EQ(sim->reminds, before + 1);
        CHECK_EQ(scheduler_skip(&sim->s, sim->now), 0);
}

/* max-skips: after that many skips in a row the reminder offers no Skip; skipping by
 * command still works; a break taken ends the row. */
static void test_max_skips(void) {
        SchedulerConfig c = default_config;
        Sim sim;

        c.max_skips = 2;
        sim_init(&sim, &c);
        due_and_skip(&sim);
        due_and_skip(&sim);
        CHECK_EQ(sim.no_skips, 0);
        due_and_skip(&sim);                     /* offered without Skip, skipped by command */
        CHECK_EQ(sim.no_skips, 1);
        sim_run(&sim, 2 * H + 10 * M);          /* and its repeat too */
        CHECK_EQ(sim.no_skips, 3);

        /* A guided break taken: Skip is back. */
        CHECK_EQ(scheduler_start_break(&sim.s, sim.now), 0);
        sim_run(&sim, 5 * M);
        CHECK_EQ(sim.records[HISTORY_TAKEN], 1);
        sim_run(&sim, 2 * H);
        CHECK_EQ(sim.no_skips, 3);
        CHECK(scheduler_skip_offered(&sim.s));

        /* Skipping a running guided break counts as a skip; a natural break ends the row. */
        CHECK_EQ(scheduler_skip(&sim.s, sim.now), 0);
        CHECK_EQ(scheduler_start_break(&sim.s, sim.now), 0);
        CHECK_EQ(scheduler_skip(&sim.s, sim.now), 0);
        CHECK(!scheduler_skip_offered(&sim.s));
        sim_idle(&sim, true);
        sim_run(&sim, 10 * M);
        sim_idle(&sim, false);
        CHECK(scheduler_skip_offered(&sim.s));

        /* 0: no limit. */
        c.max_skips = 0;
        scheduler_set_config(&sim.s, sim.now, &c);
        for (unsigned i = 0; i < 5; i++)
                due_and_skip(&sim);
        CHECK_EQ(sim.no_skips, 3);
        scheduler_done(&sim.s);
}

int main(void) {
        default_config = config_scheduler_defaults();
        CHECK_EQ(default_config.interval, 2 * H);
        CHECK_EQ(default_config.max_postpone, 1 * H);
        CHECK_EQ(default_config.break_duration, 5 * M);
        CHECK_EQ(default_config.snooze, 10 * M);
        CHECK_EQ(default_config.natural_break, 5 * M);
        CHECK_EQ(default_config.per_break, 4u);
        CHECK_EQ(default_config.posture, POSTURE_SEATED);
        CHECK_EQ(default_config.defer_max, 1 * H);
        CHECK(!default_config.micro_enabled);
        CHECK_EQ(default_config.micro_interval, 20 * M);
        CHECK_EQ(default_config.micro_duration, 20 * S);
        CHECK_EQ(default_config.daily_limit, 0u);
        CHECK_EQ(default_config.max_skips, 0u);

        test_reminder_after_interval();
        test_snooze_chain();
        test_postpone_before_due();
        test_natural_break();
        test_natural_break_clears_due();
        test_short_idle_while_due_reminds_on_return();
        test_guided_break();
        test_next_step();
        test_plans_vary();
        test_plans_vary_after_skip();
        test_log_break();
        test_log_overlap();
        test_pause();
        test_lock_and_suspend();
        test_config_change();
        test_restore();
        test_working_week();
        test_busy_defers();
        test_busy_set_before_advancing();
        test_off_hours();
        test_micro_nudges();
        test_activity_spans();
        test_no_catalog();
        test_present_without_input();
        test_lock_while_present();
        test_due_inside_idle_window();
        test_due_stays_while_reading();
        test_daily_limit();
        test_max_skips();
        return tap_finish("test-scheduler");
}
