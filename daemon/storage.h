/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What limberd keeps on disk, and whether it can: the state folder's three files (history,
 * activity, state) and the lock that makes the folder one limberd's; the history and activity
 * records that could not be written yet (kept in memory, in order, and retried), the saved
 * state's last failure; the indexes of the two record files and the daily summary built from
 * them. A D-Bus method that records something asks here whether what it recorded is on disk
 * before it answers OK. Storage reports through StorageCallbacks, from the event loop. */

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "files/history-file.h"
#include "files/state-file.h"

typedef struct Storage Storage;

typedef struct StorageCallbacks {
        /* The retry timer tried again to write what waited: the state is to be saved again. */
        void (*retried)(void *userdata);
        /* The span of active time being counted now, not in the activity file yet: true with
         * *ret filled (realtime, duration), or false when none is. Asked when GetDailySummary
         * is answered. */
        bool (*open_span)(void *userdata, HistoryRecord *ret);
} StorageCallbacks;

/* How often limberd tries again to write what it could not. */
#define STORAGE_RETRY_USEC (10 * USEC_PER_SEC)
/* How often when another program holds a lock on the file. */
#define STORAGE_LOCK_RETRY_USEC USEC_PER_SEC
/* How many records wait in memory at most (a few a day, and a span of activity every few
 * minutes: months of them). */
#define STORAGE_PENDING_MAX 100000U

/* Uses state_dir: creates it (a failure is logged: the history is not kept), takes its lock,
 * removes what an interrupted save left, reads the indexes. -EBUSY when another limberd holds
 * the lock (logged). */
int storage_new(sd_event *event, const char *state_dir, const StorageCallbacks *callbacks, void *userdata,
                Storage **ret);
Storage *storage_free(Storage *s);
static inline void storage_freep(Storage **s) {
        storage_free(*s);
}

/* The history (activity false) or the activity file. */
const char *storage_path(Storage *s, bool activity);

/* Appends a record to the history (or the activity file), after any that still wait. A record
 * that cannot be written is kept and retried. Returns 0 when it is on disk, or -errno. */
int storage_append(Storage *s, bool activity, const HistoryRecord *r);
/* history_read_page() of the history (activity false) or the activity file, with its index. */
int storage_read(Storage *s, bool activity, usec_t since, usec_t until, size_t max, uint64_t *cursor,
                 HistoryRecord **records, size_t *n);
/* Appends copies of the records that wait (the newest of all) with since <= realtime < until
 * to *records: a query sees what is kept in memory too. Returns 0 or -ENOMEM. */
int storage_add_pending(Storage *s, bool activity, usec_t since, usec_t until, HistoryRecord **records,
                        size_t *n);

/* Saves the state (a failure is logged and retried); 0 or -errno. */
int storage_save_state(Storage *s, const SavedState *state);
/* state_load() of the state file. */
int storage_load_state(Storage *s, SavedState *ret);

/* Before exiting: one last try for what waits, and a word for what is lost. */
void storage_stop(Storage *s);

/* Around a D-Bus method that changes what is kept: begin, act (and save), end. end
 * returns 0, or -EIO with *ret_text saying which file could not be written and why. */
void storage_call_begin(Storage *s);
int storage_call_end(Storage *s, char **ret_text);

/* After a large reply: gives the heap back to the system at once (what built it) and again
 * once sd-bus has written it (STORAGE_TRIM_USEC later). */
void storage_trim_soon(Storage *s);
#define STORAGE_TRIM_USEC (2 * USEC_PER_SEC)

/* Answers GetDailySummary's call with the days in [since, until): per local day,
 * (start, taken, skipped, snoozed, break time, active time), from the summary of the files,
 * what waits in memory and the open span. What the files gained is read in slices from the
 * event loop, and the call answered when that is done. 0 when answered now, 1 later, or a
 * negative errno (not answered). */
int storage_reply_daily_summary(Storage *s, sd_bus_message *call, usec_t since, usec_t until);

/* Why a file of the state folder cannot be used, in words: "No space left on device (ENOSPC)". */
const char *storage_strerror(int r, char buf[static 128]);

/* Whether everything is written; the lines for the Problems property; and a count that
 * changes whenever those lines do. */
bool storage_ok(Storage *s);
int storage_problems(Storage *s, char ***l);
unsigned storage_changes(Storage *s);
