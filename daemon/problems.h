/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What stops limber from working as configured, gathered in one list (the Problems
 * property, limberctl status and reload, and one notification): configuration errors
 * ("FILE:LINE: …"), contradictory settings, what the other concerns report (the files, the
 * sync folder, the catalog), no notification server. Problems owns the configuration's lines,
 * the list as last published and what one notification already said; it asks for the other
 * lines through ProblemsCallbacks.gather whenever it builds the list. */

#include <systemd/sd-bus.h>

#include "core/config.h"
#include "notify/notify.h"

typedef struct Problems Problems;

typedef struct ProblemsCallbacks {
        /* Appends the other concerns' lines, in order, to *l: 0 or -ENOMEM. */
        int (*gather)(void *userdata, char ***l);
        /* The notifier lost or found its server: the list is to be looked at again. */
        void (*changed)(void *userdata);
} ProblemsCallbacks;

/* bus: where PropertiesChanged for Problems goes (may be NULL). */
int problems_new(sd_bus *bus, const ProblemsCallbacks *callbacks, void *userdata, Problems **ret);
Problems *problems_free(Problems *p);
static inline void problems_freep(Problems **p) {
        problems_free(*p);
}

/* At each load (start, reload): takes errors (a strv, may be NULL) as the configuration's
 * current errors, logging each once. */
void problems_set_config(Problems *p, char **errors);

/* After the running configuration changed: its contradictory settings (config_warnings()),
 * each logged once. */
void problems_check_config(Problems *p, const Config *config);

/* Follows the notifier's problem (no server) from now on, and tells of problems through it. */
void problems_watch(Problems *p, Notifier *notifier);

/* The Problems property: the current list from every source, NULL-terminated (empty when all
 * is well). 0 or -ENOMEM. */
int problems_list(Problems *p, char ***ret);

/* After anything changed: when the list differs from the published one, emits
 * PropertiesChanged for Problems, and shows one notification if it holds a problem not
 * shown before. */
void problems_update(Problems *p);
