/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What stops limber from working as configured, gathered in one list (the Problems
 * property, limberctl status and reload, and one notification): configuration errors
 * ("FILE:LINE: …"), contradictory settings, catalog warnings, no notification server. */

typedef struct Manager Manager;

/* At each load (start, reload): takes errors (a strv, may be NULL) as the configuration's
 * current errors, logging each once. */
void manager_problems_set_config(Manager *m, char **errors);

/* After the running configuration changed: its contradictory settings (config_warnings()),
 * each logged once. */
void manager_problems_check_config(Manager *m);

/* Follows the notifier's problem (no server) from now on. */
void manager_problems_watch(Manager *m);

/* manager_problems() (manager.h) builds the current list from every source. */

/* After anything changed: when the list differs from the published one, emits
 * PropertiesChanged for Problems, and shows one notification if it holds a problem not
 * shown before. */
void manager_problems_update(Manager *m);

void manager_problems_done(Manager *m);
