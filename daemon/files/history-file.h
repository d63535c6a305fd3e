/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The break history on disk (core/history.h: its records and their format). */

#include <sys/types.h>

#include "core/history.h"

/* Appends one record to path, creating the file (0600) and its folder (0700). If the file
 * ends in a torn line, a newline is written first so the new record stands on its own line.
 * Returns 0 or -errno (-EINVAL for a note over HISTORY_NOTE_MAX or a bad kind, -ELOOP for a
 * symbolic link, which is never followed, -EBADFD for a FIFO or device in the file's place,
 * -EWOULDBLOCK when another program holds a lock on the file: the lock is never waited for). */
int history_append(const char *path, const HistoryRecord *r);

/* What a reader knows of a file's time order, kept between reads so that a range query seeks
 * only where that is sound: the file's bytes [0, checked) were read once (their times only),
 * and the records in [0, unordered) are in time order. A clock set back, a file edited or
 * copied together leaves records out of order after unordered; those are always read. Zero it
 * to start; a file replaced (another inode) or cut shorter is checked again from the start. */
typedef struct HistoryIndex {
        dev_t dev;
        ino_t ino;
        uint64_t checked;
        usec_t latest;                  /* the latest time in [0, checked) */
        uint64_t unordered;             /* where order first breaks; UINT64_MAX when it does not */
        bool valid;
} HistoryIndex;

/* Saves what index knows of path (brought up to date first) to index_path, with the file's
 * modification time; history_index_load() takes it back only if the file was not touched
 * since (same inode and modification time), so a start does not read a long file whole.
 * Return 0 or -errno; a load that finds nothing usable leaves index empty and returns 0. */
int history_index_save(HistoryIndex *index, const char *path, const char *index_path);
int history_index_load(HistoryIndex *index, const char *path, const char *index_path);

/* Reads the records with since <= realtime < until, oldest first. Corrupt or torn lines are
 * logged as "FILE:LINE: reason, ignoring" and skipped. A missing file is an empty history.
 * Returns 0 or -errno. */
int history_read(const char *path, usec_t since, usec_t until, HistoryRecord **ret, size_t *ret_n);

/* One page of the records with since <= realtime < until. *cursor is 0 for the first page,
 * or what the previous page left in it; it is set to where the next page starts, or 0 when
 * there are no more. limit is the most records a page holds (0 = no limit). With index (kept
 * by the caller between reads; NULL for none), the first page is found by a binary search of
 * the part of the file in time order and reading stops where that part passes until, so a
 * recent range costs O(log n + result) plus whatever lies out of order; without, the whole
 * file is read. Either way every record in the range is found, whatever the file's order. A
 * page is sorted by time; across pages the file's order holds. Returns 0 or -errno (-ELOOP
 * for a symbolic link, which is never followed). */
int history_read_page(const char *path, HistoryIndex *index, usec_t since, usec_t until, size_t limit,
                      uint64_t *cursor, HistoryRecord **ret, size_t *ret_n);

