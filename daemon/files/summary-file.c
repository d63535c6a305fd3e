/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The daily summary kept up to date from the history and activity files (core/summary.c
 * adds the records). */

#include <sys/stat.h>

#include "files/history-file.h"
#include "files/summary-file.h"

/* Adds what path gained since f->read, at most *budget pages (decremented). Returns 0 when
 * done, 1 when the file was replaced or cut shorter (the caller starts again), 2 when the
 * budget ran out first, or -errno. */
static int file_update(Summary *s, SummaryFile *f, const char *path, unsigned *budget) {
        struct stat st;
        int r;

        if (stat(path, &st) < 0) {
                if (errno != ENOENT)
                        return -errno;
                st = (struct stat) {};
        }
        if (f->read > 0 && (st.st_dev != f->dev || st.st_ino != f->ino || (uint64_t) st.st_size < f->read))
                return 1;
        f->dev = st.st_dev;
        f->ino = st.st_ino;

        /* Page by page from where the last read ended (a line start; the rest of a torn line
         * is skipped as a seek would). */
        while ((uint64_t) st.st_size > f->read) {
                HistoryRecord *records = NULL;
                uint64_t cursor = f->read;
                size_t n = 0;

                if (*budget == 0)
                        return 2;
                (*budget)--;
                r = history_read_page(path, NULL, 0, USEC_INFINITY, SUMMARY_PAGE, &cursor, &records, &n);
                if (r < 0)
                        return r;
                for (size_t i = 0; r >= 0 && i < n; i++)
                        r = summary_add(s, &records[i]);
                history_records_free(records, n);
                if (r < 0)
                        return r;
                f->read = cursor != 0 ? MIN(cursor, (uint64_t) st.st_size) : (uint64_t) st.st_size;
        }
        return 0;
}

int summary_step(Summary *s, const char *history, const char *activity, unsigned pages) {
        const char *paths[2] = { history, activity };
        int r = 0;

        for (unsigned attempt = 0; attempt < 2; attempt++) {
                for (size_t i = 0; i < 2; i++) {
                        r = file_update(s, &s->files[i], paths[i], &pages);
                        if (r != 0)
                                break;
                }
                if (r == 0 || r == 2)
                        return r == 2;
                /* A file was replaced or cut shorter, or reading failed half way: read both
                 * again (now, or at the next update). */
                summary_done(s);
                if (r < 0)
                        return r;
        }
        return 1;
}

