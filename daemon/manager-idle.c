/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The manager's idle half: which idle source feeds the scheduler, what happens when it is lost,
 * and switching to a better one as soon as the session offers it.
 *
 * A source that loses what it watched (the compositor or the X server quit, GNOME Shell left
 * the bus) is replaced by the best other source the desktop itself offers. When there is none,
 * nobody is known to be at the keyboard: the user counts as away (idle since the loss), not as
 * active, until a source returns. Whenever the running source is not the one wanted (the
 * configured kind, or auto's best), idle-return.c watches for what would bring a better one:
 * a Wayland socket, the X server's socket, GNOME's or Plasma's bus names; event-driven, so
 * nothing runs at rest. A socket is probed a moment after it appears (a compositor binds it
 * before it serves it), and again a few times, backing off, if the first probe finds nothing. */
#include "idle/idle-return.h"
#include "manager.h"
#include "util/log.h"

/* After something appeared: when to probe first, and how often more (each twice as late). */
#define REPROBE_FIRST (500 * USEC_PER_MSEC)
#define REPROBE_TRIES 4

static void on_idle(void *userdata, bool idle, usec_t since) {
        Manager *m = userdata;

        /* A source starting may report at once; adopt() takes its state when it is ours. */
        if (m->idle_starting)
                return;
        scheduler_set_input_idle(&m->scheduler, manager_now(), idle, idle ? manager_from_boottime(since) : 0);
        manager_changed(m);
}

/* The idle source lost what it watched. It is freed, and a source picked again, from the event
 * loop: not from inside the source's own handler that reported it. */
static void on_idle_lost(void *userdata) {
        Manager *m = userdata;
        int r;

        r = sd_event_source_set_enabled(m->idle_restart, SD_EVENT_ONESHOT);
        if (r < 0)
                log_error_errno(r, "Cannot schedule picking an idle source again: %m");
}

static IdleKind current_kind(const Manager *m) {
        return m->idle ? m->idle->vtable->kind : IDLE_KIND_NONE;
}

/* Whether the running source is the one wanted: nothing better can come. */
static bool have_wanted(const Manager *m) {
        if (m->config.idle_source == IDLE_KIND_AUTO)
                return idle_source_rank(current_kind(m)) == 0;
        return current_kind(m) == m->config.idle_source;
}

/* Starts a source of kind (IDLE_KIND_AUTO: the best offered, else none), with its reports held
 * until it is ours. Returns 0 or -errno. */
static int new_source(Manager *m, IdleKind kind, IdleSource **ret) {
        int r;

        m->idle_starting = true;
        r = idle_source_new(kind, m->event, m->bus, m->system_bus, m->config.idle_after, on_idle,
                            on_idle_lost, m,
                            ret);
        m->idle_starting = false;
        return r;
}

/* The same for the best source auto ranks above than: -ENXIO when none is offered. */
static int new_better_source(Manager *m, IdleKind than, IdleSource **ret) {
        int r;

        m->idle_starting = true;
        r = idle_source_new_better(than, m->event, m->bus, m->system_bus, m->config.idle_after, on_idle,
                                   on_idle_lost, m, ret);
        m->idle_starting = false;
        return r;
}

/* Makes s the running source and the scheduler's input what s says now. */
static void adopt(Manager *m, IdleSource *s) {
        idle_source_free(m->idle);
        m->idle = s;
        scheduler_set_input_idle(&m->scheduler, manager_now(), s->idle,
                                 s->idle ? manager_from_boottime(s->idle_since) : 0);
}

static void on_return(void *userdata, const char *what);

/* Watches for what would bring the wanted source, or stops watching once it runs. */
static void update_return_watch(Manager *m) {
        bool wanted[_IDLE_KIND_MAX] = {};
        bool wayland = !isempty(getenv("WAYLAND_DISPLAY")), x11 = !isempty(getenv("DISPLAY")) && !wayland;
        size_t rank = idle_source_rank(current_kind(m));
        int r;

        m->idle_return = idle_return_free(m->idle_return);
        if (have_wanted(m)) {
                m->idle_retry_left = 0;
                (void) sd_event_source_set_enabled(m->idle_retry, SD_EVENT_OFF);
                return;
        }
        if (m->config.idle_source != IDLE_KIND_AUTO)
                wanted[m->config.idle_source] = true;
        else
                for (IdleKind k = IDLE_KIND_GNOME; k < IDLE_KIND_LOGIND; k++)
                        wanted[k] = idle_source_rank(k) < rank;
        /* What this session's environment cannot reach (the probes say so too) is not watched. */
        wanted[IDLE_KIND_WAYLAND] = wanted[IDLE_KIND_WAYLAND] && wayland;
        wanted[IDLE_KIND_X11] = wanted[IDLE_KIND_X11] && x11;

        r = idle_return_new(m->event, m->bus, wanted, on_return, m, &m->idle_return);
        if (r < 0)
                log_warning_errno(r, "Cannot watch for a better idle source: %m; reload looks again");
}

/* Looks for a better source than the running one; true when it switched. */
static bool try_better(Manager *m) {
        IdleKind wanted = m->config.idle_source, kind = current_kind(m);
        IdleSource *s = NULL;
        const char *reason = NULL;

        if (have_wanted(m))
                return false;
        if (wanted != IDLE_KIND_AUTO) {
                if (idle_source_probe(wanted, m->bus, m->system_bus, &reason) <= 0) {
                        log_debug("Idle source %s: not offered yet: %s", idle_kind_to_string(wanted),
                                  strempty(reason));
                        return false;
                }
                if (new_source(m, wanted, &s) < 0)
                        return false;
        } else if (new_better_source(m, kind, &s) < 0)
                return false;

        log_info("Idle source %s is offered now: switching from %s", idle_source_name(s),
                 idle_kind_to_string(kind));
        adopt(m, s);
        update_return_watch(m);
        manager_changed(m);
        return true;
}

static void arm_retry(Manager *m, usec_t delay) {
        int r;

        r = sd_event_source_set_time_relative(m->idle_retry, delay);
        if (r >= 0)
                r = sd_event_source_set_enabled(m->idle_retry, SD_EVENT_ONESHOT);
        if (r < 0)
                log_warning_errno(r, "Cannot arm the idle source probe: %m, ignoring");
}

static int on_retry(sd_event_source *es, uint64_t usec, void *userdata) {
        Manager *m = userdata;

        if (try_better(m) || m->idle_retry_left == 0)
                return 0;
        m->idle_retry_left--;
        arm_retry(m, REPROBE_FIRST << (REPROBE_TRIES - m->idle_retry_left));
        return 0;
}

static void on_return(void *userdata, const char *what) {
        Manager *m = userdata;
        int enabled = SD_EVENT_OFF;

        log_debug("%s appeared: looking for a better idle source shortly", what);
        m->idle_retry_left = REPROBE_TRIES;
        /* A burst of appearances (a desktop starting) is probed once. */
        (void) sd_event_source_get_enabled(m->idle_retry, &enabled);
        if (enabled == SD_EVENT_OFF)
                arm_retry(m, REPROBE_FIRST);
}

static int on_idle_restart(sd_event_source *es, void *userdata) {
        Manager *m = userdata;
        IdleSource *old = TAKE_PTR(m->idle), *s = NULL;
        IdleKind kind = old ? old->vtable->kind : IDLE_KIND_NONE;
        usec_t now = manager_now();

        /* Nobody is known to be at the keyboard from now on: away since the loss, or since the
         * user went idle before it. */
        scheduler_set_input_idle(&m->scheduler, now, true,
                                 old && old->idle ? manager_from_boottime(old->idle_since) : now);
        idle_source_free(old);

        /* The configured source again, or the best other one the desktop offers; logind's hint
         * is no stand-in for a desktop that just went away. */
        if ((m->config.idle_source != IDLE_KIND_AUTO && m->config.idle_source != kind &&
             new_source(m, m->config.idle_source, &s) >= 0) ||
            new_better_source(m, IDLE_KIND_LOGIND, &s) >= 0) {
                log_info("Idle source %s replaces %s", idle_source_name(s), idle_kind_to_string(kind));
                adopt(m, s);
        } else
                log_warning("No idle source now: the user counts as away until %s or another source returns",
                            idle_kind_to_string(kind));
        update_return_watch(m);
        manager_changed(m);
        return 0;
}

int manager_idle_start_source(Manager *m) {
        IdleSource *s = NULL;
        int r;

        m->idle = idle_source_free(m->idle);
        r = new_source(m, m->config.idle_source, &s);
        if (r < 0 && m->config.idle_source != IDLE_KIND_AUTO) {
                /* Better any source this session offers than none (auto ends with none). */
                log_warning_errno(r, "Idle source %s cannot start: %m; picking one automatically",
                                  idle_kind_to_string(m->config.idle_source));
                r = new_source(m, IDLE_KIND_AUTO, &s);
        }
        if (r >= 0)
                adopt(m, s);
        update_return_watch(m);
        return r;
}

void manager_idle_reprobe(Manager *m) {
        if (!have_wanted(m))
                (void) try_better(m);
}

int manager_idle_start(Manager *m) {
        int r;

        r = sd_event_add_defer(m->event, &m->idle_restart, on_idle_restart, m);
        if (r >= 0)
                r = sd_event_source_set_enabled(m->idle_restart, SD_EVENT_OFF);
        if (r >= 0)
                r = sd_event_add_time(m->event, &m->idle_retry, CLOCK_BOOTTIME, USEC_INFINITY,
                                      100 * USEC_PER_MSEC,
                                      on_retry, m);
        if (r >= 0)
                r = sd_event_source_set_enabled(m->idle_retry, SD_EVENT_OFF);
        if (r < 0)
                return log_error_errno(r, "Cannot create the idle source restart: %m");
        (void) sd_event_source_set_description(m->idle_retry, "idle-reprobe");
        return manager_idle_start_source(m);
}

void manager_idle_done(Manager *m) {
        m->idle_restart = sd_event_source_disable_unref(m->idle_restart);
        m->idle_retry = sd_event_source_disable_unref(m->idle_retry);
        m->idle_return = idle_return_free(m->idle_return);
        m->idle = idle_source_free(m->idle);
}
