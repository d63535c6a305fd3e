/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The panel half of the Manager: the tray icon (tray/sni.c) fed from the manager's snapshot,
 * and its menu's commands carried out by the scheduler, like the bus methods'. */

typedef struct Manager Manager;

/* Starts or stops the tray as tray.enabled says (at start and after a configuration change).
 * Returns 0, or a negative errno when the tray cannot start (logged; limberd goes on). */
int manager_tray_apply(Manager *m);
