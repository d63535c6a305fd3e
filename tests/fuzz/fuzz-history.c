/* SPDX-License-Identifier: GPL-3.0-or-later */
/* history_read(): the break history, which a crash may have left torn and a user may have
 * edited. Every record read is well formed (GetHistory sends it over D-Bus), the records come
 * oldest first, a time range selects exactly the records in it, and writing the records back
 * with history_append() and reading them again gives the same records. */
#include <inttypes.h>

#include "files/history-file.h"
#include "fuzz.h"

static bool exercises_valid(const char *s) {
        size_t len = strlen(s);

        return len == 0 ||
                (strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-,") == len && s[0] != ',' &&
                 s[len - 1] != ',' && !strstr(s, ",,"));
}

static bool record_equal(const HistoryRecord *a, const HistoryRecord *b) {
        return a->realtime == b->realtime && a->kind == b->kind && a->duration == b->duration &&
                streq(a->exercises, b->exercises) && streq(a->note, b->note);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        _cleanup_(freep) char *copy = NULL;
        HistoryRecord *r = NULL, *again = NULL, *part = NULL;
        size_t n = 0, n_again = 0, n_part = 0, n_expected = 0;
        usec_t since, until;
        const char *path;
        int k;

        fuzz_setup();
        fuzz_file(data, size, &path);

        k = history_read(path, 0, USEC_INFINITY, &r, &n);
        if (k < 0) {
                if (k != -ENOMEM)
                        fuzz_fail("history_read() of a readable file failed: %s", strerror(-k));
                return 0;
        }
        if (n > 0 && !r)
                fuzz_fail("%zu records but no array", n);

        for (size_t i = 0; i < n; i++) {
                if (!history_kind_to_string(r[i].kind))
                        fuzz_fail("record %zu has kind %d", i, (int) r[i].kind);
                if (!r[i].exercises || !exercises_valid(r[i].exercises))
                        fuzz_fail("record %zu has exercises \"%s\"", i, strempty(r[i].exercises));
                if (!r[i].note || strlen(r[i].note) > HISTORY_NOTE_MAX || !fuzz_utf8_valid(r[i].note))
                        fuzz_fail("record %zu has a bad note", i);
                if (i > 0 && r[i - 1].realtime > r[i].realtime)
                        fuzz_fail("records %zu and %zu are out of order", i - 1, i);
        }

        /* A range from the middle record on: the records in it and only those. */
        since = n > 0 ? r[n / 2].realtime : 0;
        until = n > 0 ? usec_add(since, (r[n - 1].realtime - since) / 2 + 1) : USEC_INFINITY;
        for (size_t i = 0; i < n; i++)
                n_expected += r[i].realtime >= since && r[i].realtime < until;
        k = history_read(path, since, until, &part, &n_part);
        if (k < 0 && k != -ENOMEM)
                fuzz_fail("history_read() of a range failed: %s", strerror(-k));
        if (k >= 0 && n_part != n_expected)
                fuzz_fail("[%" PRIu64 ", %" PRIu64 ") selected %zu records, not %zu", since, until, n_part,
                          n_expected);
        history_records_free(part, n_part);
        part = NULL;
        n_part = 0;

        /* The same with an index, which seeks where the file is in order: not one record less. */
        {
                HistoryIndex index = {};
                uint64_t cursor = 0;

                k = history_read_page(path, &index, since, until, 0, &cursor, &part, &n_part);
                if (k < 0 && k != -ENOMEM)
                        fuzz_fail("history_read_page() with an index failed: %s", strerror(-k));
                if (k >= 0 && n_part != n_expected)
                        fuzz_fail("[%" PRIu64 ", %" PRIu64 ") with an index selected %zu records, not %zu",
                                  since, until, n_part, n_expected);
                history_records_free(part, n_part);
        }

        /* Written back, record by record, and read again: the same records. */
        if (n > 0) {
                if (asprintf(&copy, "%s/history", fuzz_tmpdir()) < 0)
                        abort();
                for (size_t i = 0; i < n; i++) {
                        k = history_append(copy, &r[i]);
                        if (k < 0)
                                fuzz_fail("record %zu, read from the file, cannot be written back: %s", i,
                                          strerror(-k));
                }
                k = history_read(copy, 0, USEC_INFINITY, &again, &n_again);
                (void) unlink(copy);
                if (k < 0)
                        fuzz_fail("history_read() of the written copy failed: %s", strerror(-k));
                if (n_again != n)
                        fuzz_fail("%zu records written, %zu read back", n, n_again);
                for (size_t i = 0; i < n; i++)
                        if (!record_equal(&r[i], &again[i]))
                                fuzz_fail("record %zu changed when written and read back", i);
                history_records_free(again, n_again);
        }
        history_records_free(r, n);
        return 0;
}
