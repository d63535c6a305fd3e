/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "files/history-file.h"
#include "tap.h"
#include "util/log.h"

/* Warnings are collected here, one per line. */
static char warnings[16384];

static void sink(int level, const char *message, void *userdata) {
        if (level == LOG_WARNING && strlen(warnings) + strlen(message) + 2 < sizeof(warnings)) {
                strcat(warnings, message);
                strcat(warnings, "\n");
        }
}

static unsigned count_lines(const char *s) {
        unsigned n = 0;

        for (; *s; s++)
                n += *s == '\n';
        return n;
}

static char tmpdir[] = "/tmp/test-history-XXXXXX";

static char *tmp_path(const char *name) {
        char *p;

        if (asprintf(&p, "%s/%s", tmpdir, name) < 0)
                abort();
        return p;
}

static void write_raw(const char *path, const char *data, size_t size, int flags) {
        int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0600);

        CHECK(fd >= 0);
        CHECK_EQ(write(fd, data, size), (ssize_t) size);
        close(fd);
}

static void append_str(const char *path, const char *s) {
        write_raw(path, s, strlen(s), O_APPEND);
}

static HistoryRecord rec(usec_t t, HistoryKind kind, usec_t duration, const char *exercises, const char *note) {
        return (HistoryRecord) {
                .realtime = t,
                .kind = kind,
                .duration = duration,
                .exercises = (char *) exercises,
                .note = (char *) note,
        };
}

static void test_kinds(void) {
        for (HistoryKind k = 0; k < _HISTORY_KIND_MAX; k++)
                CHECK_EQ(history_kind_from_string(history_kind_to_string(k)), k);
        CHECK_STREQ(history_kind_to_string(HISTORY_NATURAL), "natural");
        CHECK_EQ(history_kind_from_string("Taken"), _HISTORY_KIND_INVALID);
        CHECK(history_kind_to_string(_HISTORY_KIND_MAX) == NULL);
        CHECK(history_kind_is_break(HISTORY_LOGGED));
        CHECK(!history_kind_is_break(HISTORY_SNOOZED));
}

static void test_roundtrip(void) {
        _cleanup_(freep) char *dir = tmp_path("state/limber"), *path = tmp_path("state/limber/history");
        static const char *notes[] = {
                "",
                "plain",
                "tab\there",
                "two\nlines\r\nand CR",
                "back\\slash \\t not a tab \\x41",
                "trailing backslash \\",
                "Ümläute, 日本語, emoji 🧘",
                "bell \a escape \x1b del \x7f",
                "  leading and trailing blanks  ",
        };
        HistoryRecord *r = NULL;
        size_t n = 0;
        struct stat st;

        CHECK_EQ(history_read(path, 0, USEC_INFINITY, &r, &n), 0);      /* missing file */
        CHECK_EQ(n, 0);

        for (size_t i = 0; i < ELEMENTSOF(notes); i++) {
                HistoryRecord x = rec(1700000000000000ULL + i * USEC_PER_HOUR, (HistoryKind) (i % _HISTORY_KIND_MAX),
                                      i * USEC_PER_MINUTE, i % 2 ? "shoulder-rolls,neck-tilt,cat-cow2" : "", notes[i]);
                CHECK_EQ(history_append(path, &x), 0);
        }
        /* NULL strings count as empty. */
        {
                HistoryRecord x = rec(1800000000000000ULL, HISTORY_SKIPPED, 0, NULL, NULL);
                CHECK_EQ(history_append(path, &x), 0);
        }

        CHECK_EQ(stat(dir, &st), 0);
        CHECK_EQ(st.st_mode & 0777, 0700);
        CHECK_EQ(stat(path, &st), 0);
        CHECK_EQ(st.st_mode & 0777, 0600);

        warnings[0] = '\0';
        CHECK_EQ(history_read(path, 0, USEC_INFINITY, &r, &n), 0);
        CHECK_EQ(n, ELEMENTSOF(notes) + 1);
        for (size_t i = 0; i < ELEMENTSOF(notes) && i < n; i++) {
                CHECK_EQ(r[i].realtime, 1700000000000000ULL + i * USEC_PER_HOUR);
                CHECK_EQ(r[i].kind, (HistoryKind) (i % _HISTORY_KIND_MAX));
                CHECK_EQ(r[i].duration, i * USEC_PER_MINUTE);
                CHECK_STREQ(r[i].exercises, i % 2 ? "shoulder-rolls,neck-tilt,cat-cow2" : "");
                CHECK_STREQ(r[i].note, notes[i]);
        }
        if (n == ELEMENTSOF(notes) + 1) {
                CHECK_STREQ(r[n - 1].exercises, "");
                CHECK_STREQ(r[n - 1].note, "");
        }
        CHECK_STREQ(warnings, "");
        history_records_free(r, n);

        /* Each record is one line. */
        {
                _cleanup_(fclosep) FILE *f = fopen(path, "re");
                char buf[8192];
                size_t size = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

                buf[size] = '\0';
                CHECK_EQ(count_lines(buf), ELEMENTSOF(notes) + 1);
                CHECK(strncmp(buf, "v1\t1700000000000000\ttaken\t0\t\t\n", strlen("v1\t1700000000000000\ttaken\t0\t\t\n")) == 0);
        }

        /* since <= realtime < until */
        CHECK_EQ(history_read(path, 1700000000000000ULL + USEC_PER_HOUR, 1700000000000000ULL + 3 * USEC_PER_HOUR,
                              &r, &n), 0);
        CHECK_EQ(n, 2);
        if (n == 2) {
                CHECK_EQ(r[0].realtime, 1700000000000000ULL + USEC_PER_HOUR);
                CHECK_EQ(r[1].realtime, 1700000000000000ULL + 2 * USEC_PER_HOUR);
        }
        history_records_free(r, n);
        CHECK_EQ(history_read(path, 1800000000000000ULL + 1, USEC_INFINITY, &r, &n), 0);
        CHECK_EQ(n, 0);
        history_records_free(r, n);
        CHECK_EQ(history_read(path, 0, 1700000000000000ULL, &r, &n), 0);
        CHECK_EQ(n, 0);
        history_records_free(r, n);
}

static void test_invalid(void) {
        _cleanup_(freep) char *path = tmp_path("invalid"), *long_note = NULL, *ctl_note = NULL;
        HistoryRecord x;
        struct stat st;

        x = rec(1, HISTORY_TAKEN, 0, "", "bad \xff\xfe UTF-8");
        CHECK_EQ(history_append(path, &x), -EINVAL);
        x = rec(1, HISTORY_TAKEN, 0, "", "overlong \xc0\xaf slash");
        CHECK_EQ(history_append(path, &x), -EINVAL);
        x = rec(1, HISTORY_TAKEN, 0, "", "surrogate \xed\xa0\x80");
        CHECK_EQ(history_append(path, &x), -EINVAL);
        x = rec(1, HISTORY_TAKEN, 0, "", "cut \xe6\x97");
        CHECK_EQ(history_append(path, &x), -EINVAL);
        x = rec(1, _HISTORY_KIND_MAX, 0, "", "");
        CHECK_EQ(history_append(path, &x), -EINVAL);
        x = rec(1, HISTORY_TAKEN, 0, "Shoulder", "");
        CHECK_EQ(history_append(path, &x), -EINVAL);
        x = rec(1, HISTORY_TAKEN, 0, "a,,b", "");
        CHECK_EQ(history_append(path, &x), -EINVAL);
        x = rec(1, HISTORY_TAKEN, 0, "a,", "");
        CHECK_EQ(history_append(path, &x), -EINVAL);
        x = rec(1, HISTORY_TAKEN, 0, "a b", "");
        CHECK_EQ(history_append(path, &x), -EINVAL);

        long_note = malloc(HISTORY_NOTE_MAX + 2);
        memset(long_note, 'n', HISTORY_NOTE_MAX + 1);
        long_note[HISTORY_NOTE_MAX + 1] = '\0';
        x = rec(1, HISTORY_TAKEN, 0, "", long_note);
        CHECK_EQ(history_append(path, &x), -EINVAL);
        long_note[HISTORY_NOTE_MAX] = '\0';     /* exactly the most */
        x = rec(1, HISTORY_TAKEN, 0, "", long_note);
        CHECK_EQ(history_append(path, &x), 0);

        /* Short enough, but escaped it would make a line readers refuse. */
        ctl_note = malloc(HISTORY_NOTE_MAX + 1);
        memset(ctl_note, '\x01', HISTORY_NOTE_MAX);
        ctl_note[HISTORY_NOTE_MAX] = '\0';
        x = rec(2, HISTORY_TAKEN, 0, "", ctl_note);
        CHECK_EQ(history_append(path, &x), -EINVAL);

        CHECK_EQ(stat(path, &st), 0);
        CHECK_EQ(st.st_size, (off_t) strlen("v1\t1\ttaken\t0\t\t\n") + HISTORY_NOTE_MAX);
}

static void test_torn(void) {
        _cleanup_(freep) char *path = tmp_path("torn");
        HistoryRecord x, *r = NULL;
        size_t n = 0;

        x = rec(100, HISTORY_TAKEN, 300 * USEC_PER_SEC, "cat-cow", "first");
        CHECK_EQ(history_append(path, &x), 0);
        x = rec(200, HISTORY_NATURAL, 600 * USEC_PER_SEC, "", "second");
        CHECK_EQ(history_append(path, &x), 0);
        /* A crash in the middle of the third record: cut inside its note, so what is there
         * would look like a complete record with a shorter note. */
        append_str(path, "v1\t300\tlogged\t60000000\t\tthird, cut sh");

        warnings[0] = '\0';
        CHECK_EQ(history_read(path, 0, USEC_INFINITY, &r, &n), 0);
        CHECK_EQ(n, 2);
        history_records_free(r, n);
        CHECK(strstr(warnings, ":3: torn last line") != NULL);
        CHECK_EQ(count_lines(warnings), 1);

        x = rec(400, HISTORY_SKIPPED, 0, "", "fourth");
        CHECK_EQ(history_append(path, &x), 0);

        warnings[0] = '\0';
        CHECK_EQ(history_read(path, 0, USEC_INFINITY, &r, &n), 0);
        CHECK_EQ(n, 3);
        if (n == 3) {
                CHECK_STREQ(r[0].note, "first");
                CHECK_STREQ(r[0].exercises, "cat-cow");
                CHECK_STREQ(r[1].note, "second");
                CHECK_EQ(r[2].realtime, 400);
                CHECK_EQ(r[2].kind, HISTORY_SKIPPED);
                CHECK_STREQ(r[2].note, "fourth");
        }
        history_records_free(r, n);
        CHECK(strstr(warnings, "/torn:3: torn record") != NULL);
        CHECK(strstr(warnings, ", ignoring") != NULL);
        CHECK_EQ(count_lines(warnings), 1);
        if (count_lines(warnings) != 1)
                fprintf(stderr, "%s", warnings);
}

static void test_corrupt(void) {
        _cleanup_(freep) char *path = tmp_path("corrupt");
        char junk[] = "v1\t7\ttaken\t0\t\tnul \0 inside\n";
        char overlong[HISTORY_LINE_MAX + 64];
        HistoryRecord *r = NULL;
        size_t n = 0;
        static const char lines[] =
                "v1\t1\ttaken\t300000000\tcat-cow\tok one\n"                     /* 1 */
                "v1\t12x\ttaken\t0\t\t\n"                                         /* 2 */
                "v1\t3\tstretched\t0\t\t\n"                                       /* 3 */
                "v1\t3\ttaken\t0\t\t\textra\n"                                    /* 4 */
                "v1\t3\ttaken\t0\n"                                               /* 5 */
                "v1\t3\ttaken\t-5\t\t\n"                                          /* 6 */
                "v9\t3\ttaken\t0\t\t\n"                                           /* 7 */
                "v1\t3\ttaken\t0\t\tbad \\q escape\n"                             /* 8 */
                "v1\t3\ttaken\t0\t\tbad \\x4 escape\n"                            /* 9 */
                "v1\t3\ttaken\t0\t\t\xff\xfe junk\n"                              /* 10 */
                "v1\t3\ttaken\t0\t\traw \x01 control\n"                           /* 11 */
                "v1\t3\ttaken\t0\tCat Cow\t\n"                                    /* 12 */
                "v1\t99999999999999999999\ttaken\t0\t\t\n"                        /* 13 */
                "v1\t2\tsnoozed\t600000000\t\tok two \\t\\n\\\\ \\x07\n";        /* 14 */
        static const struct {
                unsigned line;
                const char *mention;
        } expected[] = {
                { 2,  "bad time \"12x\"" },
                { 3,  "unknown kind \"stretched\"" },
                { 4,  "more than 6" },
                { 5,  "4 tab-separated fields instead of 6" },
                { 6,  "bad duration \"-5\"" },
                { 7,  "not a v1 record" },
                { 8,  "unknown escape" },
                { 9,  "invalid \\x escape" },
                { 10, "not valid UTF-8" },
                { 11, "control character 0x01" },
                { 12, "bad exercise list" },
                { 13, "bad time \"99999999999999999999\"" },
                { 15, "longer than 4096 bytes" },
                { 17, "NUL byte" },
                { 18, "note is not valid UTF-8" },
                { 19, "bad time \"\"" },
        };

        write_raw(path, lines, sizeof(lines) - 1, O_TRUNC);

        /* 15: overlong, 16: good, 17: NUL byte, 18: an escape that makes bad UTF-8,
         * 19: empty time, 20: good. */
        memset(overlong, 'x', sizeof(overlong));
        memcpy(overlong, "v1\t4\ttaken\t0\t\t", 14);
        overlong[sizeof(overlong) - 1] = '\n';
        write_raw(path, overlong, sizeof(overlong), O_APPEND);
        append_str(path, "v1\t5\tnatural\t0\t\tok three\n");
        write_raw(path, junk, sizeof(junk) - 1, O_APPEND);
        append_str(path, "v1\t8\ttaken\t0\t\t\\xff\n");
        append_str(path, "v1\t\ttaken\t0\t\t\n");
        append_str(path, "\nv1\t9\tlogged\t1\tx\tok four\n");  /* blank line, then line 21 */

        warnings[0] = '\0';
        CHECK_EQ(history_read(path, 0, USEC_INFINITY, &r, &n), 0);
        CHECK_EQ(n, 4);
        if (n == 4) {
                /* Sorted by time. */
                CHECK_STREQ(r[0].note, "ok one");
                CHECK_EQ(r[0].duration, 300 * USEC_PER_SEC);
                CHECK_STREQ(r[1].note, "ok two \t\n\\ \a");
                CHECK_EQ(r[1].kind, HISTORY_SNOOZED);
                CHECK_STREQ(r[2].note, "ok three");
                CHECK_STREQ(r[3].note, "ok four");
                CHECK_STREQ(r[3].exercises, "x");
        }
        history_records_free(r, n);

        CHECK_EQ(count_lines(warnings), ELEMENTSOF(expected));
        for (size_t i = 0; i < ELEMENTSOF(expected); i++) {
                char prefix[64], message[256];
                const char *w;

                snprintf(prefix, sizeof(prefix), "/corrupt:%u: ", expected[i].line);
                w = strstr(warnings, prefix);
                CHECK(w != NULL);
                if (!w) {
                        fprintf(stderr, "  no warning for line %u\n", expected[i].line);
                        continue;
                }
                snprintf(message, sizeof(message), "%.*s", (int) strcspn(w, "\n"), w);
                CHECK(strstr(message, expected[i].mention) != NULL);
                CHECK(strstr(message, ", ignoring") != NULL);
                if (!strstr(message, expected[i].mention))
                        fprintf(stderr, "  line %u: %s\n", expected[i].line, message);
        }
        if (count_lines(warnings) != ELEMENTSOF(expected))
                fprintf(stderr, "%s", warnings);
}

static void test_unreadable(void) {
        _cleanup_(freep) char *path = tmp_path("state/limber");
        HistoryRecord *r = NULL, x = rec(1, HISTORY_TAKEN, 0, "", "");
        size_t n = 0;

        /* A folder where the file should be. */
        CHECK(history_read(path, 0, USEC_INFINITY, &r, &n) < 0 || n == 0);
        CHECK(history_append(path, &x) < 0);
}

/* A history of many records, in time order but for a clock set back (a few records earlier
 * than the ones before them) and a recent record from a clock set years ahead: every range read by
 * seeking gives what filtering the whole file gives, and pages add up to the whole. */
#define BIG_N 20000U
#define BIG_T0 1600000000000000ULL
static usec_t big_time(unsigned i) {
        if (i == BIG_N - 100)
                return 2200000000000000ULL;     /* from a clock set ahead, then set right */
        if (i >= BIG_N / 2 && i < BIG_N / 2 + 20)
                return BIG_T0 + (usec_t) (i - 40) * USEC_PER_HOUR;   /* after a clock set back */
        return BIG_T0 + (usec_t) i * USEC_PER_HOUR;
}

static void test_seek(void) {
        _cleanup_(freep) char *path = tmp_path("big");
        _cleanup_(fclosep) FILE *f = fopen(path, "we");
        static const usec_t probes[] = { 0, 1, BIG_T0 + 5 * USEC_PER_HOUR, BIG_T0 + 4000 * USEC_PER_HOUR + 1,
                                         BIG_T0 + (BIG_N / 2 - 30) * USEC_PER_HOUR, BIG_T0 + (BIG_N - 24) * USEC_PER_HOUR,
                                         BIG_T0 + BIG_N * USEC_PER_HOUR, 2200000000000000ULL };
        HistoryRecord *r = NULL;
        HistoryIndex index = {};
        size_t n = 0, total = 0;
        uint64_t cursor = 0;

        CHECK(f != NULL);
        for (unsigned i = 0; i < BIG_N; i++)
                fprintf(f, "v1\t%llu\tlogged\t60000000\t\tnote number %u\n", (unsigned long long) big_time(i), i);
        CHECK_EQ(fclose(f), 0);
        f = NULL;

        for (size_t a = 0; a < ELEMENTSOF(probes); a++)
                for (size_t b = a; b < ELEMENTSOF(probes); b++) {
                        usec_t since = probes[a], until = b + 1 < ELEMENTSOF(probes) ? probes[b] : USEC_INFINITY;
                        size_t want = 0;

                        for (unsigned i = 0; i < BIG_N; i++)
                                want += big_time(i) >= since && big_time(i) < until;
                        CHECK_EQ(history_read(path, since, until, &r, &n), 0);
                        CHECK_EQ(n, want);
                        for (size_t i = 1; i < n; i++)
                                CHECK(r[i - 1].realtime <= r[i].realtime);
                        history_records_free(r, n);

                        /* With an index, which seeks: the same. */
                        cursor = 0;
                        CHECK_EQ(history_read_page(path, &index, since, until, 0, &cursor, &r, &n), 0);
                        CHECK_EQ(n, want);
                        history_records_free(r, n);
                }

        /* Pages of 1000: twenty of them, then no cursor. */
        for (unsigned page = 0;; page++) {
                CHECK_EQ(history_read_page(path, NULL, 0, USEC_INFINITY, 1000, &cursor, &r, &n), 0);
                CHECK(n <= 1000);
                total += n;
                history_records_free(r, n);
                if (cursor == 0)
                        break;
                CHECK(page < BIG_N);
        }
        CHECK_EQ(total, (size_t) BIG_N);
}

/* Records from 40 to 20 days ago, then many from a clock set years back, then a few from
 * today: a range query finds every one of them, and keeps finding them as the file grows. */
static void test_out_of_order(void) {
        _cleanup_(freep) char *path = tmp_path("disorder");
        _cleanup_(fclosep) FILE *f = fopen(path, "we");
        const usec_t day = USEC_PER_DAY, now = 1800000000000000ULL, since = now - 30 * day;
        HistoryRecord *r = NULL, x = rec(now + 1, HISTORY_LOGGED, 60, "", "late");
        HistoryIndex index = {};
        uint64_t cursor = 0;
        size_t n = 0;

        CHECK(f != NULL);
        for (unsigned i = 0; i < 2000; i++)
                fprintf(f, "v1\t%llu\tlogged\t60000000\t\t\n", (unsigned long long) (now - 40 * day + i * (20 * day / 2000)));
        for (unsigned i = 0; i < 3000; i++)
                fprintf(f, "v1\t%llu\tlogged\t60000000\t\t\n", (unsigned long long) (1590000000000000ULL + i * USEC_PER_MINUTE));
        for (unsigned i = 0; i < 10; i++)
                fprintf(f, "v1\t%llu\tlogged\t60000000\t\t\n", (unsigned long long) (now - USEC_PER_HOUR + i));
        CHECK_EQ(fclose(f), 0);
        f = NULL;

        CHECK_EQ(history_read_page(path, &index, since, USEC_INFINITY, 0, &cursor, &r, &n), 0);
        CHECK_EQ(n, (size_t) 1010);
        history_records_free(r, n);
        CHECK(index.unordered != UINT64_MAX);
        /* A range that ends before today: the part in order ends the read early, the rest is read. */
        CHECK_EQ(history_read_page(path, &index, since, now - 2 * USEC_PER_HOUR, 0, &cursor, &r, &n), 0);
        CHECK_EQ(n, (size_t) 1000);
        history_records_free(r, n);
        CHECK_EQ(history_read_page(path, &index, 0, 1600000000000000ULL, 0, &cursor, &r, &n), 0);
        CHECK_EQ(n, (size_t) 3000);
        history_records_free(r, n);

        CHECK_EQ(history_append(path, &x), 0);
        CHECK_EQ(history_read_page(path, &index, since, USEC_INFINITY, 0, &cursor, &r, &n), 0);
        CHECK_EQ(n, (size_t) 1011);
        history_records_free(r, n);
}

/* A saved index is taken back only for the file as it was: appended to by anyone since, it
 * is not (and then reads find every record, whatever was added). */
static void test_index_saved(void) {
        _cleanup_(freep) char *path = tmp_path("indexed"), *index_path = tmp_path("indexed.index");
        HistoryIndex a = {}, b = {};
        HistoryRecord *r = NULL, x = rec(1700000000000000ULL, HISTORY_LOGGED, 60, "", "");
        uint64_t cursor = 0;
        size_t n = 0;

        CHECK_EQ(history_append(path, &x), 0);
        x.realtime += USEC_PER_HOUR;
        CHECK_EQ(history_append(path, &x), 0);
        CHECK_EQ(history_index_save(&a, path, index_path), 0);
        CHECK_EQ(history_index_load(&b, path, index_path), 0);
        CHECK(b.valid);
        CHECK_EQ(b.checked, a.checked);
        CHECK_EQ(b.unordered, UINT64_MAX);

        /* Another program adds an earlier record: the saved index no longer applies. */
        append_str(path, "v1\t1600000000000000\tlogged\t60\t\t\n");
        CHECK_EQ(history_index_load(&b, path, index_path), 0);
        CHECK(!b.valid);
        CHECK_EQ(history_read_page(path, &b, 1500000000000000ULL, 1650000000000000ULL, 0, &cursor, &r, &n), 0);
        CHECK_EQ(n, (size_t) 1);
        history_records_free(r, n);
}

/* A file edited or copied on Windows ends its lines in CR LF. */
static void test_crlf(void) {
        _cleanup_(freep) char *path = tmp_path("crlf");
        HistoryRecord *r = NULL;
        size_t n = 0;

        append_str(path, "v1\t1700000000000000\ttaken\t300000000\t\t\r\nv1\t1700000001000000\tlogged\t60\t\tnote\r\n");
        CHECK_EQ(history_read(path, 0, USEC_INFINITY, &r, &n), 0);
        CHECK_EQ(n, (size_t) 2);
        if (n == 2)
                CHECK_STREQ(r[1].note, "note");
        history_records_free(r, n);
}

/* A link planted in the record's place is never followed, for reading or for writing. */
static void test_symlink(void) {
        _cleanup_(freep) char *target = tmp_path("target"), *link = tmp_path("link");
        HistoryRecord *r = NULL, x = rec(1700000000000000ULL, HISTORY_LOGGED, 60, "", "");
        struct stat st;
        size_t n = 0;

        append_str(target, "secret\n");
        CHECK_EQ(symlink(target, link), 0);
        CHECK_EQ(history_read(link, 0, USEC_INFINITY, &r, &n), -ELOOP);
        CHECK_EQ(history_append(link, &x), -ELOOP);
        CHECK_EQ(stat(target, &st), 0);
        CHECK_EQ(st.st_size, (off_t) 7);
}

/* Another program's lock on the file is never waited for: the append fails at once with
 * -EWOULDBLOCK (limberd keeps the record and tries again), and succeeds once it is released. */
static void test_locked(void) {
        _cleanup_(freep) char *path = tmp_path("locked");
        HistoryRecord *r = NULL, x = rec(1700000000000000ULL, HISTORY_LOGGED, 60, "", "");
        size_t n = 0;
        int fd;

        append_str(path, "");
        fd = open(path, O_RDONLY | O_CLOEXEC);
        CHECK(fd >= 0);
        CHECK_EQ(flock(fd, LOCK_EX), 0);
        alarm(10);              /* a blocking lock would hang here */
        CHECK_EQ(history_append(path, &x), -EWOULDBLOCK);
        alarm(0);
        close(fd);
        CHECK_EQ(history_append(path, &x), 0);
        CHECK_EQ(history_read(path, 0, USEC_INFINITY, &r, &n), 0);
        CHECK_EQ(n, (size_t) 1);
        history_records_free(r, n);
}

int main(void) {
        if (!mkdtemp(tmpdir))
                return 1;
        log_set_sink(sink, NULL);

        test_kinds();
        test_roundtrip();
        test_invalid();
        test_torn();
        test_corrupt();
        test_unreadable();
        test_seek();
        test_out_of_order();
        test_index_saved();
        test_crlf();
        test_symlink();
        test_locked();

        {
                char *cmd;
                if (asprintf(&cmd, "rm -rf '%s'", tmpdir) >= 0) {
                        (void) !system(cmd);
                        free(cmd);
                }
        }
        return tap_finish("test-history");
}
