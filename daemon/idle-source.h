/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The one small interface every idle source implements, one file each (idle-gnome.c,
 * idle-logind.c, idle-none.c, …). A source watches the desktop and reports "idle since T" or
 * "active" through report(); it is event-driven, never a polling tick. Times are
 * CLOCK_BOOTTIME, like the scheduler's. */

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "config.h"
#include "util.h"

typedef struct IdleSource IdleSource;

typedef void (*idle_report_t)(void *userdata, bool idle, usec_t idle_since);

typedef struct IdleSourceVTable {
        IdleKind kind;
        size_t size;                    /* of the source's own struct, which starts with IdleSource */
        /* For auto: > 0 when the session offers this source now, 0 when not, < 0 on error. */
        int (*probe)(sd_bus *user_bus, sd_bus *system_bus);
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
        void *userdata;
        bool idle;                      /* what was last reported */
};

extern const IdleSourceVTable idle_source_gnome;
extern const IdleSourceVTable idle_source_logind;
extern const IdleSourceVTable idle_source_none;

/* Creates and starts the source for kind; IDLE_KIND_AUTO probes the available ones in order
 * (GNOME's idle monitor, then logind) and falls back to none. Kinds this build lacks fail
 * with -EOPNOTSUPP. */
int idle_source_new(IdleKind kind, sd_event *event, sd_bus *user_bus, sd_bus *system_bus,
                    usec_t idle_after, idle_report_t report, void *userdata, IdleSource **ret);
IdleSource *idle_source_free(IdleSource *s);
static inline void idle_source_freep(IdleSource **s) {
        idle_source_free(*s);
}

static inline const char *idle_source_name(const IdleSource *s) {
        return s ? idle_kind_to_string(s->vtable->kind) : "none";
}

/* For the sources: reports a change (only real changes reach the scheduler). */
void idle_source_report(IdleSource *s, bool idle, usec_t idle_since);
usec_t now_boottime(void);
