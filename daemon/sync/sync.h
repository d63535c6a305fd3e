/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The sync folder: one person, several computers. A file-sync engine the user runs
 * (Syncthing, Nextcloud, any shared folder) keeps a folder in step between machines; in it
 * each machine writes only its own subfolder, ID-NAME, with two files in the state folder's
 * formats: "activity" (spans of active time) and "history" (breaks, skips, snoozes), appended
 * to, one writer per file. Sync reads the other machines' subfolders as inotify reports them
 * changed (nothing runs at rest), each file from where it left off, and hands every machine's
 * spans and breaks to the count (sync-count.h). A sync engine's conflict copy, a torn last
 * line or records from the future are reported (sync_problems()) and not counted. */

#include <systemd/sd-event.h>

#include "core/history.h"
#include "sync/sync-count.h"

typedef struct Sync Sync;

/* The other machines' records changed. */
typedef void (*sync_changed_t)(void *userdata);

/* At start only the end of each file is read: the count needs the time since the last break,
 * and the natural breaks around it. Older records are dropped as time goes on. */
#define SYNC_HORIZON_USEC USEC_PER_DAY

/* folder as configured ("~/Sync/limber"; "~" is $HOME); machine is [sync] machine, "" for
 * the hostname. Creates the folder and this machine's subfolder, reads and watches the others.
 * A folder that cannot be used is not an error: it is a problem (sync_problems()) and this
 * machine counts alone. Returns 0 or -ENOMEM. */
int sync_new(sd_event *event, const char *folder, const char *machine, sync_changed_t changed,
             void *userdata, Sync **ret);
Sync *sync_free(Sync *s);
static inline void sync_freep(Sync **s) {
        sync_free(*s);
}

/* Whether s was made for this folder and machine (as configured) and the folder works: if
 * not, the caller makes a new one (a folder that was missing or removed is tried again). */
bool sync_matches(const Sync *s, const char *folder, const char *machine);

/* Appends a record of this machine (an activity span, or a history record) to its subfolder.
 * Returns 0 or -errno (also noted as a problem until a write works again). */
int sync_append(Sync *s, bool activity, const HistoryRecord *r);

/* Every machine's spans, and breaks and skips (machine 0 is this one), newer than now - SYNC_HORIZON_USEC;
 * the arrays are malloc'd. Returns 0 or -ENOMEM. */
int sync_gather(Sync *s, usec_t now, SyncSpan **ret_spans, size_t *ret_n_spans,
                SyncBreak **ret_breaks, size_t *ret_n_breaks);

/* A record of another machine, for the merged history. */
typedef struct SyncMachineRecord {
        unsigned machine;               /* for sync_machine_name() */
        HistoryRecord record;
} SyncMachineRecord;

/* The other machines' records with since <= realtime < until from their history (activity
 * true: activity) files, read with history_read() (a binary search: O(log n + result)), each
 * file once; conflict copies are never read. At most max records: -E2BIG beyond. Returns 0 or
 * -errno. */
int sync_read_others(Sync *s, bool activity, usec_t since, usec_t until, size_t max,
                     SyncMachineRecord **ret, size_t *ret_n);
void sync_machine_records_free(SyncMachineRecord *r, size_t n);

/* A machine's name as its subfolder gives it. */
const char *sync_machine_name(const Sync *s, unsigned machine);
/* This machine's subfolder, ID-NAME. */
const char *sync_own_dir(const Sync *s);

/* What is wrong with the folder, one line each, appended to *l. Returns 0 or -ENOMEM. */
int sync_problems(const Sync *s, char ***l);
