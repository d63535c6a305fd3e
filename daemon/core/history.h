/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The break history: an append-only text file, one record a line, under $XDG_STATE_HOME.
 * A line is written with a single write(2) on an O_APPEND descriptor, so a record that was
 * reported as written survives a crash; a torn or corrupt line is skipped with a warning. */

#include "util/util.h"

typedef enum HistoryKind {
        HISTORY_TAKEN,          /* a guided break finished */
        HISTORY_LOGGED,         /* recorded with LogBreak */
        HISTORY_NATURAL,        /* idle, locked or suspended long enough */
        HISTORY_SKIPPED,
        HISTORY_SNOOZED,
        HISTORY_ACTIVE,         /* a span of active time; kept in its own file, "activity" */
        _HISTORY_KIND_MAX,
        _HISTORY_KIND_INVALID = -EINVAL,
} HistoryKind;

const char *history_kind_to_string(HistoryKind k);
HistoryKind history_kind_from_string(const char *s);
/* taken, logged and natural count as breaks taken. */
static inline bool history_kind_is_break(HistoryKind k) {
        return k == HISTORY_TAKEN || k == HISTORY_LOGGED || k == HISTORY_NATURAL;
}

typedef struct HistoryRecord {
        usec_t realtime;        /* CLOCK_REALTIME when it began */
        HistoryKind kind;
        usec_t duration;
        char *exercises;        /* comma-separated ids, "" when none */
        char *note;             /* "" when none; any text, escaped in the file */
} HistoryRecord;

#define HISTORY_NOTE_MAX 1024U
#define HISTORY_LINE_MAX 4096U

/* The format's version, first on every line, and the mark that closes a torn line (a raw
 * control character is never valid in a record). */
#define HISTORY_VERSION "v1"
#define HISTORY_TORN_MARK '\x18'

/* Builds the record's line, with its newline, into a malloc'd buffer. Returns 0, -EINVAL
 * for a note over HISTORY_NOTE_MAX or a bad kind, or -ENOMEM. */
int history_format_line(const HistoryRecord *r, char **ret, size_t *ret_size);

/* Sorts records by time, stably; a list already in order is left as it is. Returns 0 or
 * -ENOMEM. */
int history_records_sort(HistoryRecord *r, size_t n);

/* Parses one line (without its newline, NUL-terminated, modified in place) into *ret, for a
 * reader that keeps its own place in a file (the sync folder's). Returns 0, -EINVAL with the
 * reason in reason[], or -ENOMEM. */
int history_parse_line(char *line, size_t len, HistoryRecord *ret, char reason[static 128]);

void history_record_done(HistoryRecord *r);
void history_records_free(HistoryRecord *r, size_t n);
