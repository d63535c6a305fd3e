/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-scheduler: a simulated year of limber's scheduler, for the footprint benchmark.
 *
 *   bench-scheduler [--years N] [CATALOG]
 *
 * Drives the pure scheduler (the core library limberd links) through 365 days the way limberd
 * does: every input the desktop or the user would give (activity, idle, screen lock, suspend,
 * meetings, working hours, answers to reminders, logged breaks, pauses) is a call, and between
 * inputs the break timer fires at scheduler_next_deadline(), one scheduler_advance() each.
 * The same year (same seed) runs N times; the median time is reported.
 *
 * Then one scripted day of calls, a talk and reading, twice: with presence (an idle inhibitor,
 * the camera, the microphone) told to the scheduler as limberd tells it, and without, as
 * before presence existed; it prints what each counted. */
#include <getopt.h>
#include <time.h>

#include "core/catalog.h"
#include "core/config.h"
#include "core/scheduler.h"
#include "files/catalog-load.h"
#include "util/log.h"

#define S USEC_PER_SEC
#define M USEC_PER_MINUTE
#define H USEC_PER_HOUR
#define D USEC_PER_DAY

static unsigned arg_years = 9;
static const char *arg_catalog = NULL;

typedef struct Sim {
        Scheduler s;
        usec_t now;
        uint64_t rng;
        usec_t answer_at;       /* when the user answers the reminder on screen */
        usec_t done_at;         /* when the user ends a guided break early ("done") */
        unsigned long calls;    /* inputs and timer firings handed to the scheduler */
        unsigned long events;   /* events it emitted */
        unsigned long reminders, micros, breaks_started;
        unsigned long records[_HISTORY_KIND_MAX];
} Sim;

static uint64_t pick(Sim *sim, uint64_t lo, uint64_t hi) {
        return lo + rng_next(&sim->rng) % (hi - lo + 1);
}

static void on_event(void *userdata, const SchedulerEvent *e) {
        Sim *sim = userdata;

        sim->events++;
        switch (e->type) {
        case SCHEDULER_EVENT_REMIND:
                sim->reminders++;
                /* The user reads it within a few minutes (or not at all, see answer()). */
                if (sim->answer_at == USEC_INFINITY)
                        sim->answer_at = sim->s.now + pick(sim, 5 * S, 4 * M);
                break;
        case SCHEDULER_EVENT_WITHDRAW:
                sim->answer_at = USEC_INFINITY;
                break;
        case SCHEDULER_EVENT_BREAK_STARTED:
                sim->breaks_started++;
                sim->answer_at = USEC_INFINITY;
                if (pick(sim, 0, 2) == 0)
                        sim->done_at = sim->s.now + pick(sim, 1 * M, 4 * M);
                break;
        case SCHEDULER_EVENT_BREAK_FINISHED:
                sim->done_at = USEC_INFINITY;
                break;
        case SCHEDULER_EVENT_RECORD:
                sim->records[e->kind]++;
                break;
        case SCHEDULER_EVENT_MICRO:
                sim->micros++;
                break;
        default:
                break;
        }
}

/* The user's answer to a reminder: start the break, snooze, skip, or leave it on screen. */
static void answer(Sim *sim) {
        uint64_t r = pick(sim, 0, 99);

        sim->answer_at = USEC_INFINITY;
        if (r >= 90)
                return;         /* ignored: the scheduler repeats it */
        sim->calls++;
        if (r < 50)
                (void) scheduler_start_break(&sim->s, sim->now);
        else if (r < 75)
                (void) scheduler_snooze(&sim->s, sim->now, 0);
        else
                (void) scheduler_skip(&sim->s, sim->now);
}

/* Lets time pass until `until` as limberd's event loop would: the timer fires at each
 * deadline, and the user answers what is on screen. */
static void run_until(Sim *sim, usec_t until) {
        for (unsigned guard = 0;; guard++) {
                usec_t deadline = scheduler_next_deadline(&sim->s);
                usec_t user = MIN(sim->answer_at, sim->done_at);

                if (guard > 100000) {
                        fprintf(stderr, "bench-scheduler: the scheduler makes no progress at %llu s\n",
                                (unsigned long long) (sim->now / S));
                        abort();
                }
                if (MIN(deadline, user) > until)
                        break;
                if (user <= deadline) {
                        sim->now = MAX(sim->now, user);
                        if (user == sim->done_at) {
                                sim->done_at = USEC_INFINITY;
                                sim->calls++;
                                (void) scheduler_finish_break(&sim->s, sim->now);
                        } else
                                answer(sim);
                } else {
                        sim->now = MAX(sim->now, deadline);
                        sim->calls++;
                        scheduler_advance(&sim->s, sim->now);
                }
        }
        sim->now = MAX(sim->now, until);
}

/* An idle spell of length `len` as an idle source reports it: noticed after idle-after. */
static void idle_for(Sim *sim, usec_t len) {
        usec_t since = sim->now;

        run_until(sim, since + MIN(len, 1 * M));
        if (len <= 1 * M)
                return;
        sim->calls += 2;
        scheduler_set_input_idle(&sim->s, sim->now, true, since);
        run_until(sim, since + len);
        scheduler_set_input_idle(&sim->s, sim->now, false, 0);
}

static void locked_for(Sim *sim, usec_t len) {
        sim->calls += 2;
        scheduler_set_locked(&sim->s, sim->now, true);
        run_until(sim, sim->now + len);
        scheduler_set_locked(&sim->s, sim->now, false);
}

static void asleep_until(Sim *sim, usec_t until) {
        sim->calls += 2;
        scheduler_set_asleep(&sim->s, sim->now, true);
        run_until(sim, until);
        scheduler_set_asleep(&sim->s, sim->now, false);
}

/* One working day from 08:45 (the laptop wakes) to about 18:15 (it goes to sleep). */
static void working_day(Sim *sim, usec_t midnight) {
        usec_t lunch = midnight + 12 * H + pick(sim, 0, 60) * M;
        usec_t meeting = midnight + pick(sim, 10, 16) * H + pick(sim, 0, 3) * 15 * M;
        usec_t meeting_len = pick(sim, 2, 4) * 15 * M;
        bool had_lunch = false, had_meeting = pick(sim, 0, 2) == 0;

        sim->calls++;
        scheduler_set_off_hours(&sim->s, sim->now, false);

        while (sim->now < midnight + 18 * H) {
                uint64_t r = pick(sim, 0, 99);

                if (!had_lunch && sim->now >= lunch) {
                        had_lunch = true;
                        locked_for(sim, pick(sim, 30, 60) * M);
                } else if (had_meeting && sim->now >= meeting) {
                        had_meeting = false;
                        sim->calls += 2;
                        scheduler_set_busy(&sim->s, sim->now, true);
                        run_until(sim, sim->now + meeting_len);
                        scheduler_set_busy(&sim->s, sim->now, false);
                } else if (r < 60)
                        run_until(sim, sim->now + pick(sim, 2, 25) * M);
                else if (r < 82)
                        idle_for(sim, pick(sim, 20, 240) * S);
                else if (r < 92)
                        idle_for(sim, pick(sim, 6, 15) * M);
                else if (r < 96)
                        locked_for(sim, pick(sim, 2, 10) * M);
                else if (r < 98) {
                        sim->calls++;
                        (void) scheduler_log_break(&sim->s, sim->now, pick(sim, 5, 20) * M, "walk");
                        run_until(sim, sim->now + pick(sim, 2, 10) * M);
                } else if (r < 99) {
                        sim->calls += 2;
                        (void) scheduler_pause(&sim->s, sim->now, 30 * M);
                        run_until(sim, sim->now + pick(sim, 10, 40) * M);
                        (void) scheduler_resume(&sim->s, sim->now);
                } else
                        asleep_until(sim, sim->now + pick(sim, 10, 30) * M);
        }

        sim->calls++;
        scheduler_set_off_hours(&sim->s, sim->now, true);
        run_until(sim, sim->now + 15 * M);
}

static void simulate_year(Sim *sim, const Catalog *catalog) {
        SchedulerConfig config = config_scheduler_defaults();
        usec_t start = 10 * D;  /* boot time is never 0 */

        *sim = (Sim) {
                .now = start,
                .rng = UINT64_C(0x5eed1234abcd),
                .answer_at = USEC_INFINITY,
                .done_at = USEC_INFINITY,
        };
        config.micro_enabled = true;   /* a year with posture nudges too */
        scheduler_init(&sim->s, &config, catalog, start, 42, on_event, sim);
        scheduler_set_off_hours(&sim->s, start, true);

        /* Day 0 is a Monday. Nights and weekends the laptop sleeps. */
        for (unsigned day = 0; day < 365; day++) {
                usec_t midnight = start + day * D;

                if (day % 7 < 5) {
                        asleep_until(sim, midnight + 8 * H + 45 * M);
                        run_until(sim, midnight + 9 * H);
                        working_day(sim, midnight);
                }
                if (sim->now < midnight + D)
                        asleep_until(sim, midnight + D);
        }
        scheduler_done(&sim->s);
}

/* What one simulated day counted. */
typedef struct DayCount {
        usec_t active;          /* today's active time */
        usec_t longest;         /* the most active time seen without a break between */
        unsigned long natural, reminders, taken;
} DayCount;

static void day_sample(Sim *sim, DayCount *c) {
        c->longest = MAX(c->longest, scheduler_active_usec(&sim->s, sim->now));
}

/* Typing for len: input all along. */
static void day_type(Sim *sim, DayCount *c, usec_t len) {
        run_until(sim, sim->now + len);
        day_sample(sim, c);
}

/* len without any input; present says a call or a talk holds the user at the desk (and
 * busy, as the camera or microphone make it), told only when with_presence. */
static void day_sit(Sim *sim, DayCount *c, usec_t len, bool present, bool with_presence) {
        usec_t since = sim->now;

        if (present && with_presence) {
                scheduler_set_present(&sim->s, sim->now, true);
                scheduler_set_busy(&sim->s, sim->now, true);
        }
        run_until(sim, since + 1 * M);
        scheduler_set_input_idle(&sim->s, sim->now, true, since);
        run_until(sim, since + len);
        day_sample(sim, c);
        if (present && with_presence) {
                scheduler_set_present(&sim->s, sim->now, false);
                scheduler_set_busy(&sim->s, sim->now, false);
        }
        scheduler_set_input_idle(&sim->s, sim->now, false, 0);
        sim->calls += present && with_presence ? 6 : 2;
}

/* 09:00-17:30: an hour of typing, an hour's video call, a 45-minute recorded talk, lunch with
 * the screen locked, a meeting with only the microphone, ten minutes reading on screen
 * (nothing tells that apart from being away), typing in between. */
static DayCount simulate_day(const Catalog *catalog, bool with_presence) {
        SchedulerConfig config = config_scheduler_defaults();
        DayCount c = {};
        Sim sim = {
                .now = 10 * D + 9 * H,
                .rng = UINT64_C(0xda7),
                .answer_at = USEC_INFINITY,
                .done_at = USEC_INFINITY,
        };

        scheduler_init(&sim.s, &config, catalog, sim.now, 42, on_event, &sim);
        scheduler_new_day(&sim.s, sim.now, 0);
        day_type(&sim, &c, 1 * H);                      /* 09:00 */
        day_sit(&sim, &c, 1 * H, true, with_presence);  /* 10:00 video call */
        day_type(&sim, &c, 30 * M);                     /* 11:00 */
        day_sit(&sim, &c, 45 * M, true, with_presence); /* 11:30 a recorded talk (inhibitor) */
        scheduler_set_locked(&sim.s, sim.now, true);    /* 12:15 lunch */
        run_until(&sim, sim.now + 45 * M);
        scheduler_set_locked(&sim.s, sim.now, false);
        day_type(&sim, &c, 90 * M);                     /* 13:00 */
        day_sit(&sim, &c, 1 * H, true, with_presence);  /* 14:30 a call, microphone only */
        day_sit(&sim, &c, 10 * M, false, with_presence); /* 15:30 reading */
        day_type(&sim, &c, 110 * M);                    /* 15:40 - 17:30 */

        c.active = scheduler_active_today(&sim.s, sim.now);
        c.natural = sim.records[HISTORY_NATURAL];
        c.reminders = sim.reminders;
        c.taken = sim.records[HISTORY_TAKEN] + sim.records[HISTORY_LOGGED];
        scheduler_done(&sim.s);
        return c;
}

static int compare_usec(const void *a, const void *b) {
        usec_t x = *(const usec_t *) a, y = *(const usec_t *) b;

        return x < y ? -1 : x > y;
}

static int parse_argv(int argc, char *argv[]) {
        static const struct option options[] = {
                { "years", required_argument, NULL, 'y' },
                {}
        };
        int c;

        while ((c = getopt_long(argc, argv, "y:", options, NULL)) >= 0)
                switch (c) {
                case 'y':
                        arg_years = (unsigned) strtoul(optarg, NULL, 10);
                        break;
                default:
                        return -EINVAL;
                }
        if (optind < argc)
                arg_catalog = argv[optind++];
        if (optind < argc || arg_years == 0) {
                fprintf(stderr, "Usage: bench-scheduler [--years N] [CATALOG]\n");
                return -EINVAL;
        }
        return 0;
}

int main(int argc, char *argv[]) {
        _cleanup_(catalog_freep) Catalog *catalog = NULL;
        _cleanup_(freep) usec_t *times = NULL;
        Sim sim;
        int r;

        if (parse_argv(argc, argv) < 0)
                return 2;
        if (arg_catalog) {
                r = catalog_load(arg_catalog, NULL, NULL, &catalog);
                if (r < 0)
                        return log_error_errno(r, "Cannot load %s: %m", arg_catalog), 1;
        }
        times = calloc(arg_years, sizeof(usec_t));
        if (!times)
                return log_oom(), 1;

        for (unsigned i = 0; i < arg_years; i++) {
                usec_t t0 = now_monotonic();

                simulate_year(&sim, catalog);
                times[i] = now_monotonic() - t0;
        }
        qsort(times, arg_years, sizeof(usec_t), compare_usec);

        usec_t median = times[arg_years / 2];
        printf("calls=%lu events=%lu reminders=%lu micros=%lu breaks_started=%lu taken=%lu logged=%lu "
               "natural=%lu skipped=%lu snoozed=%lu\n",
               sim.calls, sim.events, sim.reminders, sim.micros, sim.breaks_started,
               sim.records[HISTORY_TAKEN], sim.records[HISTORY_LOGGED], sim.records[HISTORY_NATURAL],
               sim.records[HISTORY_SKIPPED], sim.records[HISTORY_SNOOZED]);
        printf("years=%u median_usec=%llu min_usec=%llu max_usec=%llu calls_per_sec=%.0f events_per_sec=%.0f\n",
               arg_years, (unsigned long long) median, (unsigned long long) times[0],
               (unsigned long long) times[arg_years - 1],
               (double) sim.calls * USEC_PER_SEC / (double) MAX(median, (usec_t) 1),
               (double) sim.events * USEC_PER_SEC / (double) MAX(median, (usec_t) 1));

        for (int with = 1; with >= 0; with--) {
                DayCount c = simulate_day(catalog, with);

                printf("day_presence=%s active_usec=%llu longest_usec=%llu natural=%lu reminders=%lu "
                       "taken=%lu\n",
                       with ? "on" : "off", (unsigned long long) c.active, (unsigned long long) c.longest,
                       c.natural, c.reminders, c.taken);
        }
        return 0;
}
