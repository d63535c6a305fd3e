/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The one small interface every idle source implements, one file each (idle-gnome.c,
 * idle-wayland.c, idle-kde.c, idle-x11.c, idle-logind.c, idle-none.c). A source watches the
 * desktop and reports "idle since T" or "active" through report(); it is event-driven, never a
 * polling tick. When what it watches goes away for good (the X server or the compositor quit)
 * it reports itself lost, and the idle monitor (idle-monitor.c) picks a source again. Times
 * are CLOCK_BOOTTIME (now_boottime()); the manager shifts them onto the scheduler's clock,
 * which is CLOCK_BOOTTIME plus a century (manager_now(), SCHEDULER_EPOCH in manager.c). */

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "core/config.h"
#include "util/util.h"

typedef struct IdleSource IdleSource;

typedef void (*idle_report_t)(void *userdata, bool idle, usec_t idle_since);
/* Called once, from inside the source's own event handler: the monitor must not free the
 * source there, only schedule that. */
typedef void (*idle_lost_t)(void *userdata);

typedef struct IdleSourceVTable {
        IdleKind kind;
        size_t size;                    /* of the source's own struct, which starts with IdleSource */
        /* For auto: > 0 when the session offers this source now, 0 when not, < 0 on error.
         * *ret_reason says why, for the log (a static string). */
        int (*probe)(sd_bus *user_bus, sd_bus *system_bus, const char **ret_reason);
        /* Starts watching; returns 0 or -errno. */
        int (*start)(IdleSource *s);
        /* Stops watching and releases everything start() took. */
        void (*stop)(IdleSource *s);
} IdleSourceVTable;

struct IdleSource {
        const IdleSourceVTable *vtable;
        sd_event *event;
        sd_bus *user_bus;
        sd_bus *system_bus;             /* may be NULL */
        usec_t idle_after;
        idle_report_t report;
        idle_lost_t lost;
        void *userdata;
        bool idle;                      /* what was last reported */
        usec_t idle_since;              /* with it, when idle */
        bool gone;                      /* reported lost */
};

extern const IdleSourceVTable idle_source_gnome;
extern const IdleSourceVTable idle_source_wayland;
extern const IdleSourceVTable idle_source_kde;
extern const IdleSourceVTable idle_source_x11;
extern const IdleSourceVTable idle_source_logind;
extern const IdleSourceVTable idle_source_none;

/* Creates and starts the source for kind; IDLE_KIND_AUTO probes the available ones in order
 * (GNOME's idle monitor, Wayland's ext-idle-notify, KDE, X11, logind; see idle.c) and falls
 * back to none. Kinds this build lacks fail with -EOPNOTSUPP. */
int idle_source_new(IdleKind kind, sd_event *event, sd_bus *user_bus, sd_bus *system_bus,
                    usec_t idle_after, idle_report_t report, idle_lost_t lost, void *userdata,
                    IdleSource **ret);
/* Like IDLE_KIND_AUTO, among the sources auto ranks above than only (than = IDLE_KIND_LOGIND:
 * the desktop's own ones), and without falling back to none: -ENXIO when none of them is
 * offered. */
int idle_source_new_better(IdleKind than, sd_event *event, sd_bus *user_bus, sd_bus *system_bus,
                           usec_t idle_after, idle_report_t report, idle_lost_t lost, void *userdata,
                           IdleSource **ret);
/* Where auto ranks kind: 0 is the best; none, and kinds this build lacks, rank after all. */
size_t idle_source_rank(IdleKind kind);
/* kind's probe (see IdleSourceVTable); 0 for a kind this build lacks. */
int idle_source_probe(IdleKind kind, sd_bus *user_bus, sd_bus *system_bus, const char **ret_reason);
IdleSource *idle_source_free(IdleSource *s);

static inline const char *idle_source_name(const IdleSource *s) {
        return s ? idle_kind_to_string(s->vtable->kind) : "none";
}

/* For the sources: reports a change (only real changes reach the scheduler). */
void idle_source_report(IdleSource *s, bool idle, usec_t idle_since);
/* For the sources: what they watch is gone (why: for the log); reported once. The source
 * must stop touching what it lost; it is freed later. */
void idle_source_report_lost(IdleSource *s, const char *why);
/* For sources that can read the idle time (time since the last input) but are not told when
 * it changes: reports what idle_usec, read just now, means, and returns when to read it
 * again (CLOCK_BOOTTIME). */
usec_t idle_source_sample(IdleSource *s, usec_t idle_usec);

/* > 0 when name has an owner on bus, 0 when not, < 0 on error. */
int bus_name_has_owner(sd_bus *bus, const char *name);
