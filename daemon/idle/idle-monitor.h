/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The idle monitor: which idle source tells whether the user is at the keyboard, what happens
 * when it is lost, and switching to a better one as soon as the session offers it (see
 * idle-monitor.c). It reports the user's input through one callbacks interface. */

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "idle/idle-source.h"

typedef struct IdleMonitor IdleMonitor;

typedef struct IdleMonitorCallbacks {
        /* The user is idle since `since` (CLOCK_BOOTTIME), or active (idle false, since 0).
         * From the event loop, and from inside idle_monitor_set_source() and
         * idle_monitor_reprobe() when they start a source. */
        void (*input)(void *userdata, bool idle, usec_t since);
        /* What input said, or the running source (idle_monitor_source_name()), changed: from
         * the event loop, after input, and from inside idle_monitor_reprobe() when it switched. */
        void (*changed)(void *userdata);
} IdleMonitorCallbacks;

/* Sets up the machinery on event and the buses (system_bus may be NULL); no source runs until
 * idle_monitor_set_source(). Returns 0 or -errno (logged). */
int idle_monitor_new(sd_event *event, sd_bus *bus, sd_bus *system_bus, const IdleMonitorCallbacks *callbacks,
                     void *userdata, IdleMonitor **ret);
IdleMonitor *idle_monitor_free(IdleMonitor *im);

/* Starts a source of kind (IDLE_KIND_AUTO: the best offered) reporting idle after idle_after,
 * in place of the running one; a configured kind that cannot start gives the best offered.
 * input is called with what the new source says. Returns 0 or -errno. */
int idle_monitor_set_source(IdleMonitor *im, IdleKind kind, usec_t idle_after);
/* Switches to a better source now if the session offers one (on reload). */
void idle_monitor_reprobe(IdleMonitor *im);

/* The running source's name ("none" while away without one; also for im == NULL). */
const char *idle_monitor_source_name(const IdleMonitor *im);
