/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The sync-folder half of the Manager: it wires the sync folder (sync/sync.h, its own object)
 * to what the Manager owns: this machine's records go to it, the count of every machine feeds
 * the scheduler, its lines go to Problems, its records to GetSyncRecords. The Manager's own
 * because every one of these is a wire between two of its parts. */

#include <systemd/sd-bus.h>

#include "core/history.h"

typedef struct Manager Manager;

/* Opens, changes or closes the sync folder as [sync] says. */
void manager_sync_apply(Manager *m);
/* Writes a record of this machine to its subfolder of the sync folder too. */
void manager_sync_record(Manager *m, bool activity, const HistoryRecord *r);
/* Tells the scheduler what the other machines add to the count, and their breaks. */
void manager_sync_update(Manager *m);
/* The sync folder's lines for the Problems property, appended to *l. */
int manager_sync_problems(Manager *m, char ***l);
/* GetSyncRecords(since, until, activity) → (machine, records), for the bus vtable. */
int manager_sync_method_get_records(sd_bus_message *message, void *userdata, sd_bus_error *error);
