/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The panel half of the Manager: the tray icon (tray/sni.c, an object of its own) fed from the
 * Manager's snapshot, and its menu's commands carried out through the one command path
 * (manager_run_command()), like the bus methods'. It stays a half of the Manager because both
 * of its sides are the Manager's: what it shows is Published, what it does is a command. */

typedef struct Manager Manager;

/* Starts or stops the tray as tray.enabled says (at start and after a configuration change).
 * Returns 0, or a negative errno when the tray cannot start (logged; limberd goes on). */
int manager_tray_apply(Manager *m);
