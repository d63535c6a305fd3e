/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The break history and the active time as limberd reports them, fetched for "history" and
 * "stats". */

#include <systemd/sd-bus.h>

#include "util/util.h"

typedef struct HistoryEntry {
        usec_t time;            /* CLOCK_REALTIME when it began */
        char *kind;             /* taken, logged, natural, skipped, snoozed */
        usec_t duration;
        char *exercises;        /* comma-separated ids, "" when none */
        char *note;
        char *machine;          /* with a sync folder: the machine it was recorded on; else NULL */
} HistoryEntry;

void history_entries_free(HistoryEntry *e, size_t n);

/* How many records limberctl asks for in one GetHistoryPage call: the most limberd answers
 * (HISTORY_PAGE_MAX), so that an export of a long history takes few round trips. */
#define HISTORY_FETCH_PAGE 10000U

/* One page of the records with since <= time < until (GetHistoryPage; GetHistory from an older
 * limberd). *cursor is 0 for the first page, and is set to 0 after the last. Returns 0 or a
 * negative errno after a message. */
int history_fetch_page(sd_bus *bus, usec_t since, usec_t until, uint64_t *cursor, HistoryEntry **ret,
                       size_t *ret_n);
/* All the pages of the records with since <= time < until. Returns 0 or a negative errno after a
 * message. */
int history_fetch(sd_bus *bus, usec_t since, usec_t until, HistoryEntry **ret, size_t *ret_n);

/* GetSyncRecords(since, until, activity): this machine's name in the sync folder (*ret_machine,
 * NULL without a sync folder or from a limberd that has none) and the other machines' records,
 * each with its machine. Returns 0 or a negative errno after a message. */
int sync_records_fetch(sd_bus *bus, usec_t since, usec_t until, bool activity, char **ret_machine,
                       HistoryEntry **ret, size_t *ret_n);
/* Sorts entries by time, then machine. */
void history_entries_sort(HistoryEntry *e, size_t n);

typedef struct ActiveSpan {
        usec_t start;           /* CLOCK_REALTIME */
        usec_t duration;
} ActiveSpan;

/* GetActivity(since, until) → a(tt): the spans of active time. Returns 0, or -EOPNOTSUPP when
 * this limberd does not offer it (quietly), or a negative errno after a message. */
int activity_fetch(sd_bus *bus, usec_t since, usec_t until, ActiveSpan **ret, size_t *ret_n);

/* taken, logged and natural count as breaks taken. */
bool history_kind_is_taken(const char *kind);
