/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What limberd keeps on disk, and whether it can: the history and activity records that could
 * not be written yet (kept in memory, in order, and retried), the saved state's last failure,
 * and the lock that makes the state folder one limberd's. A D-Bus method that records
 * something asks here whether what it recorded is on disk before it answers OK. */

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "files/history-file.h"
#include "files/summary-file.h"

typedef struct Manager Manager;

typedef struct PendingRecord {
        bool activity;                  /* for the activity file, else the history */
        HistoryRecord record;           /* owned */
} PendingRecord;

typedef struct Storage {
        char *state_dir;
        int lock_fd;                    /* flock()ed: one limberd per state folder, or -1 */
        PendingRecord *pending;         /* oldest first */
        size_t n_pending;
        sd_event_source *retry;         /* armed while something could not be written */
        char *records_problem;          /* why records cannot be written, or NULL */
        char *state_problem;            /* why the state cannot be saved, or NULL */
        unsigned changes;               /* counts changes of the two problems above */
        bool locked;                    /* the last write found the file locked by another program */
        bool in_call;                   /* a D-Bus method is running: note its first failure */
        char *call_error;
        HistoryIndex history_index;     /* what reads learnt of the files' order */
        HistoryIndex activity_index;
        Summary summary;                /* per-day totals of both files, for GetDailySummary */
        sd_event_source *trim;          /* gives the heap back after a large reply */
        sd_event_source *summary_build; /* reads the files into summary, a slice at a time */
        sd_bus_message **summary_waiting; /* GetDailySummary calls answered once it is done */
        size_t n_summary_waiting;
} Storage;

/* How often limberd tries again to write what it could not. */
#define STORAGE_RETRY_USEC (10 * USEC_PER_SEC)
/* How often when another program holds a lock on the file. */
#define STORAGE_LOCK_RETRY_USEC USEC_PER_SEC
/* How many records wait in memory at most (a few a day, and a span of activity every few
 * minutes: months of them). */
#define STORAGE_PENDING_MAX 100000U

/* Takes the state folder's lock. -EBUSY when another limberd holds it (logged). */
int manager_storage_lock(Manager *m);
void manager_storage_done(Manager *m);

/* Appends a record to the history (or the activity file), after any that still wait. A record
 * that cannot be written is kept and retried. Returns 0 when it is on disk, or -errno. */
int manager_storage_append(Manager *m, bool activity, const HistoryRecord *r);
/* Before a write: the state folder may have been deleted, and the lock with it. */
void manager_storage_check_lock(Manager *m);
/* The result of a save of the state (0 or -errno). */
void manager_storage_note_state(Manager *m, int r);
/* Before exiting: one last try for what waits, and a word for what is lost. */
void manager_storage_stop(Manager *m);

/* Around a D-Bus method that changes what is kept: begin, act, manager_changed(), end. end
 * returns 0, or -EIO with *ret_text saying which file could not be written and why. */
void manager_storage_call_begin(Manager *m);
int manager_storage_call_end(Manager *m, char **ret_text);

/* Appends copies of the records that wait (the newest of all) with since <= realtime < until
 * to *records: a query sees what is kept in memory too. Returns 0 or -ENOMEM. */
int manager_storage_add_pending(Manager *m, bool activity, usec_t since, usec_t until,
                                HistoryRecord **records, size_t *n);

/* After a large reply: gives the heap back to the system at once (what built it) and again
 * once sd-bus has written it (STORAGE_TRIM_USEC later). */
void manager_storage_trim_soon(Manager *m);
#define STORAGE_TRIM_USEC (2 * USEC_PER_SEC)

/* The index of path (the history or the activity file), for history_read_page(). */
HistoryIndex *manager_storage_index(Manager *m, const char *path);

/* Why a file of the state folder cannot be used, in words: "No space left on device (ENOSPC)". */
const char *storage_strerror(int r, char buf[static 128]);

/* Whether everything is written; and the lines for the Problems property. */
bool manager_storage_ok(Manager *m);
int manager_storage_problems(Manager *m, char ***l);
