/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The idle monitor (see idle-monitor.h): which idle source tells whether the user is at the
 * keyboard, what happens when it is lost, and switching to a better one as soon as the session
 * offers it.
 *
 * A source that loses what it watched (the compositor or the X server quit, GNOME Shell left
 * the bus) is replaced by the best other source the desktop itself offers. When there is none,
 * nobody is known to be at the keyboard: the user counts as away (idle since the loss), not as
 * active, until a source returns. Whenever the running source is not the one wanted (the
 * configured kind, or auto's best), idle-return.c watches for what would bring a better one:
 * a Wayland socket, the X server's socket, GNOME's or Plasma's bus names; event-driven, so
 * nothing runs at rest. A socket is probed a moment after it appears (a compositor binds it
 * before it serves it), and again a few times, backing off, if the first probe finds nothing. */
#include "idle/idle-monitor.h"
#include "idle/idle-return.h"
#include "util/log.h"

/* After something appeared: when to probe first, and how often more (each twice as late). */
#define REPROBE_FIRST (500 * USEC_PER_MSEC)
#define REPROBE_TRIES 4

struct IdleMonitor {
        sd_event *event;
        sd_bus *bus;                    /* session bus: the idle monitors */
        sd_bus *system_bus;             /* logind; NULL when there is none */
        const IdleMonitorCallbacks *callbacks;
        void *userdata;
        IdleKind wanted;                /* idle.source */
        usec_t idle_after;

        IdleSource *source;             /* NULL while away: lost, and nothing else offered */
        IdleReturn *idle_return;        /* watching for a better source, or NULL */
        sd_event_source *restart;       /* deferred: the source was lost, pick one again */
        sd_event_source *retry;         /* probe again for a better source, CLOCK_BOOTTIME */
        unsigned retry_left;            /* probes left after the last appearance */
        bool starting;                  /* a source is starting: its reports wait */
};

static void on_idle(void *userdata, bool idle, usec_t since) {
        IdleMonitor *im = userdata;

        /* A source starting may report at once; adopt() takes its state when it is ours. */
        if (im->starting)
                return;
        im->callbacks->input(im->userdata, idle, idle ? since : 0);
        im->callbacks->changed(im->userdata);
}

/* The idle source lost what it watched. It is freed, and a source picked again, from the event
 * loop: not from inside the source's own handler that reported it. */
static void on_idle_lost(void *userdata) {
        IdleMonitor *im = userdata;
        int r;

        r = sd_event_source_set_enabled(im->restart, SD_EVENT_ONESHOT);
        if (r < 0)
                log_error_errno(r, "Cannot schedule picking an idle source again: %m");
}

static IdleKind current_kind(const IdleMonitor *im) {
        return im->source ? im->source->vtable->kind : IDLE_KIND_NONE;
}

/* Whether the running source is the one wanted: nothing better can come. */
static bool have_wanted(const IdleMonitor *im) {
        if (im->wanted == IDLE_KIND_AUTO)
                return idle_source_rank(current_kind(im)) == 0;
        return current_kind(im) == im->wanted;
}

/* Starts a source of kind (IDLE_KIND_AUTO: the best offered, else none), with its reports held
 * until it is ours. Returns 0 or -errno. */
static int new_source(IdleMonitor *im, IdleKind kind, IdleSource **ret) {
        int r;

        im->starting = true;
        r = idle_source_new(kind, im->event, im->bus, im->system_bus, im->idle_after, on_idle,
                            on_idle_lost, im,
                            ret);
        im->starting = false;
        return r;
}

/* The same for the best source auto ranks above than: -ENXIO when none is offered. */
static int new_better_source(IdleMonitor *im, IdleKind than, IdleSource **ret) {
        int r;

        im->starting = true;
        r = idle_source_new_better(than, im->event, im->bus, im->system_bus, im->idle_after, on_idle,
                                   on_idle_lost, im, ret);
        im->starting = false;
        return r;
}

/* Makes s the running source and the input what s says now. */
static void adopt(IdleMonitor *im, IdleSource *s) {
        idle_source_free(im->source);
        im->source = s;
        im->callbacks->input(im->userdata, s->idle, s->idle ? s->idle_since : 0);
}

static void on_return(void *userdata, const char *what);

/* Watches for what would bring the wanted source, or stops watching once it runs. */
static void update_return_watch(IdleMonitor *im) {
        bool wanted[_IDLE_KIND_MAX] = {};
        bool wayland = !isempty(getenv("WAYLAND_DISPLAY")), x11 = !isempty(getenv("DISPLAY")) && !wayland;
        size_t rank = idle_source_rank(current_kind(im));
        int r;

        im->idle_return = idle_return_free(im->idle_return);
        if (have_wanted(im)) {
                im->retry_left = 0;
                (void) sd_event_source_set_enabled(im->retry, SD_EVENT_OFF);
                return;
        }
        if (im->wanted != IDLE_KIND_AUTO)
                wanted[im->wanted] = true;
        else
                for (IdleKind k = IDLE_KIND_GNOME; k < IDLE_KIND_LOGIND; k++)
                        wanted[k] = idle_source_rank(k) < rank;
        /* What this session's environment cannot reach (the probes say so too) is not watched. */
        wanted[IDLE_KIND_WAYLAND] = wanted[IDLE_KIND_WAYLAND] && wayland;
        wanted[IDLE_KIND_X11] = wanted[IDLE_KIND_X11] && x11;

        r = idle_return_new(im->event, im->bus, wanted, on_return, im, &im->idle_return);
        if (r < 0)
                log_warning_errno(r, "Cannot watch for a better idle source: %m; reload looks again");
}

/* Looks for a better source than the running one; true when it switched. */
static bool try_better(IdleMonitor *im) {
        IdleKind wanted = im->wanted, kind = current_kind(im);
        IdleSource *s = NULL;
        const char *reason = NULL;

        if (have_wanted(im))
                return false;
        if (wanted != IDLE_KIND_AUTO) {
                if (idle_source_probe(wanted, im->bus, im->system_bus, &reason) <= 0) {
                        log_debug("Idle source %s: not offered yet: %s", idle_kind_to_string(wanted),
                                  strempty(reason));
                        return false;
                }
                if (new_source(im, wanted, &s) < 0)
                        return false;
        } else if (new_better_source(im, kind, &s) < 0)
                return false;

        log_info("Idle source %s is offered now: switching from %s", idle_source_name(s),
                 idle_kind_to_string(kind));
        adopt(im, s);
        update_return_watch(im);
        im->callbacks->changed(im->userdata);
        return true;
}

static void arm_retry(IdleMonitor *im, usec_t delay) {
        int r;

        r = sd_event_source_set_time_relative(im->retry, delay);
        if (r >= 0)
                r = sd_event_source_set_enabled(im->retry, SD_EVENT_ONESHOT);
        if (r < 0)
                log_warning_errno(r, "Cannot arm the idle source probe: %m, ignoring");
}

static int on_retry(sd_event_source *es, uint64_t usec, void *userdata) {
        IdleMonitor *im = userdata;

        if (try_better(im) || im->retry_left == 0)
                return 0;
        im->retry_left--;
        arm_retry(im, REPROBE_FIRST << (REPROBE_TRIES - im->retry_left));
        return 0;
}

static void on_return(void *userdata, const char *what) {
        IdleMonitor *im = userdata;
        int enabled = SD_EVENT_OFF;

        log_debug("%s appeared: looking for a better idle source shortly", what);
        im->retry_left = REPROBE_TRIES;
        /* A burst of appearances (a desktop starting) is probed once. */
        (void) sd_event_source_get_enabled(im->retry, &enabled);
        if (enabled == SD_EVENT_OFF)
                arm_retry(im, REPROBE_FIRST);
}

static int on_idle_restart(sd_event_source *es, void *userdata) {
        IdleMonitor *im = userdata;
        IdleSource *old = TAKE_PTR(im->source), *s = NULL;
        IdleKind kind = old ? old->vtable->kind : IDLE_KIND_NONE;

        /* Nobody is known to be at the keyboard from now on: away since the loss, or since the
         * user went idle before it. */
        im->callbacks->input(im->userdata, true, old && old->idle ? old->idle_since : now_boottime());
        idle_source_free(old);

        /* The configured source again, or the best other one the desktop offers; logind's hint
         * is no stand-in for a desktop that just went away. */
        if ((im->wanted != IDLE_KIND_AUTO && im->wanted != kind &&
             new_source(im, im->wanted, &s) >= 0) ||
            new_better_source(im, IDLE_KIND_LOGIND, &s) >= 0) {
                log_info("Idle source %s replaces %s", idle_source_name(s), idle_kind_to_string(kind));
                adopt(im, s);
        } else
                log_warning("No idle source now: the user counts as away until %s or another source returns",
                            idle_kind_to_string(kind));
        update_return_watch(im);
        im->callbacks->changed(im->userdata);
        return 0;
}

int idle_monitor_set_source(IdleMonitor *im, IdleKind kind, usec_t idle_after) {
        IdleSource *s = NULL;
        int r;

        im->wanted = kind;
        im->idle_after = idle_after;
        im->source = idle_source_free(im->source);
        r = new_source(im, im->wanted, &s);
        if (r < 0 && im->wanted != IDLE_KIND_AUTO) {
                /* Better any source this session offers than none (auto ends with none). */
                log_warning_errno(r, "Idle source %s cannot start: %m; picking one automatically",
                                  idle_kind_to_string(im->wanted));
                r = new_source(im, IDLE_KIND_AUTO, &s);
        }
        if (r >= 0)
                adopt(im, s);
        update_return_watch(im);
        return r;
}

void idle_monitor_reprobe(IdleMonitor *im) {
        if (!have_wanted(im))
                (void) try_better(im);
}

const char *idle_monitor_source_name(const IdleMonitor *im) {
        return idle_source_name(im ? im->source : NULL);
}

int idle_monitor_new(sd_event *event, sd_bus *bus, sd_bus *system_bus, const IdleMonitorCallbacks *callbacks,
                     void *userdata, IdleMonitor **ret) {
        IdleMonitor *im;
        int r;

        im = calloc(1, sizeof(IdleMonitor));
        if (!im)
                return log_oom();
        *im = (IdleMonitor) {
                .event = sd_event_ref(event),
                .bus = sd_bus_ref(bus),
                .system_bus = sd_bus_ref(system_bus),
                .callbacks = callbacks,
                .userdata = userdata,
        };
        r = sd_event_add_defer(im->event, &im->restart, on_idle_restart, im);
        if (r >= 0)
                r = sd_event_source_set_enabled(im->restart, SD_EVENT_OFF);
        if (r >= 0)
                r = sd_event_add_time(im->event, &im->retry, CLOCK_BOOTTIME, USEC_INFINITY,
                                      100 * USEC_PER_MSEC,
                                      on_retry, im);
        if (r >= 0)
                r = sd_event_source_set_enabled(im->retry, SD_EVENT_OFF);
        if (r < 0) {
                idle_monitor_free(im);
                return log_error_errno(r, "Cannot create the idle source restart: %m");
        }
        (void) sd_event_source_set_description(im->retry, "idle-reprobe");
        *ret = im;
        return 0;
}

IdleMonitor *idle_monitor_free(IdleMonitor *im) {
        if (!im)
                return NULL;
        sd_event_source_disable_unref(im->restart);
        sd_event_source_disable_unref(im->retry);
        idle_return_free(im->idle_return);
        idle_source_free(im->source);
        sd_bus_unref(im->system_bus);
        sd_bus_unref(im->bus);
        sd_event_unref(im->event);
        free(im);
        return NULL;
}
