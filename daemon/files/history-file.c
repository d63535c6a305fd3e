/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The break history file (its format: core/history.c): appended one record at a time with
 * one write(2) on an O_APPEND descriptor, then fdatasync()ed; read whole, or a page at a time
 * with an index of its time order. */

#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files/history-file.h"
#include "files/paths.h"
#include "util/log.h"

/* How much of a file index_update() reads at once. */
#define HISTORY_INDEX_CHUNK (1024U * 1024U)

static int write_all(int fd, const char *data, size_t size) {
        while (size > 0) {
                ssize_t n = write(fd, data, size);

                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                data += n;
                size -= (size_t) n;
        }
        return 0;
}

static int fsync_parent(const char *path) {
        _cleanup_(freep) char *dir = strdup(path);
        _cleanup_(closep) int fd = -1;
        char *slash;

        if (!dir)
                return -ENOMEM;
        slash = strrchr(dir, '/');
        if (slash)
                slash[slash == dir] = '\0';       /* keep "/" itself */
        fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0 || fsync(fd) < 0)
                return -errno;
        return 0;
}

int history_append(const char *path, const HistoryRecord *r) {
        _cleanup_(freep) char *line = NULL, *dir = NULL, *data = NULL;
        _cleanup_(closep) int fd = -1;
        const char *write_data;
        size_t size, write_size;
        struct stat st;
        char *slash;
        int k;

        k = history_format_line(r, &line, &size);
        if (k < 0)
                return k;

        dir = strdup(path);
        if (!dir)
                return -ENOMEM;
        slash = strrchr(dir, '/');
        if (slash && slash != dir) {
                *slash = '\0';
                k = mkdir_parents(dir, 0700);
                if (k < 0)
                        return k;
        }

        /* Read-write, not write-only: the last byte is read to notice a torn line. */
        /* O_NOFOLLOW: a link planted in the state folder must not make limberd write elsewhere. */
        fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK, 0600);
        if (fd < 0)
                return -errno;
        /* Only limberd writes here; the lock keeps the torn-line check and the write together
         * should a second instance ever run. Never waited for: limberd runs an event loop, and
         * another program holding the lock gets -EWOULDBLOCK and a record kept for later. */
        if (flock(fd, LOCK_EX | LOCK_NB) < 0 && errno != ENOLCK && errno != EOPNOTSUPP)
                return -errno;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (!S_ISREG(st.st_mode))
                return S_ISDIR(st.st_mode) ? -EISDIR : -EBADFD;

        write_data = line;
        write_size = size;
        if (st.st_size > 0) {
                char last;
                ssize_t n = pread(fd, &last, 1, st.st_size - 1);

                if (n < 0)
                        return -errno;
                if (n == 1 && last != '\n') {
                        /* Close the torn line in the same write as the new record. */
                        data = malloc(size + 2);
                        if (!data)
                                return -ENOMEM;
                        data[0] = HISTORY_TORN_MARK;
                        data[1] = '\n';
                        memcpy(data + 2, line, size);
                        write_data = data;
                        write_size = size + 2;
                }
        }

        k = write_all(fd, write_data, write_size);
        if (k == 0 && fdatasync(fd) < 0)
                k = -errno;
        if (k < 0) {
                /* A full disk can take half a record: cut the file back to where it was, so
                 * that it stays whole and the record can be written again later. */
                (void) ftruncate(fd, st.st_size);
                return k;
        }
        /* A new file also needs its directory entry on disk. */
        if (st.st_size == 0) {
                k = fsync_parent(path);
                if (k < 0)
                        return k;
        }
        return 0;
}

typedef enum LineStatus {
        LINE_OK,
        LINE_TOO_LONG,          /* the rest of it was read and dropped */
        LINE_TORN,              /* the file ends without a newline */
        LINE_EOF,
} LineStatus;

/* Reads one line into buf (room for HISTORY_LINE_MAX bytes and a NUL), without its newline.
 * Byte by byte, so a NUL in a corrupt line is seen, and never more than the limit is kept. */
static LineStatus read_line(FILE *f, char *buf, size_t *ret_len, int *ret_errno) {
        size_t len = 0;
        bool too_long = false;
        int c;

        for (;;) {
                c = getc_unlocked(f);
                if (c == EOF || c == '\n')
                        break;
                if (len + 1 < HISTORY_LINE_MAX)         /* the newline counts towards the limit */
                        buf[len++] = (char) c;
                else
                        too_long = true;
        }
        buf[len] = '\0';
        *ret_len = len;
        *ret_errno = 0;

        if (c == EOF) {
                if (ferror(f)) {
                        *ret_errno = errno > 0 ? -errno : -EIO;
                        return LINE_EOF;
                }
                if (len == 0 && !too_long)
                        return LINE_EOF;
                return LINE_TORN;
        }
        return too_long ? LINE_TOO_LONG : LINE_OK;
}

/* The time of the first whole line that starts at or after offset (a line is whole when it
 * begins after a newline, or at offset 0), skipping lines that are not records. Sets *ret_line
 * to where that line starts; returns false when there is none before the end. */
/* The time at the start of s[0..n), up to its tab, read as parse_usec() reads a record's: so
 * that the index and the seek see the time of every line the reader takes as a record (a
 * time the reader refuses, such as one past UINT64_MAX, is no record's). */
static bool time_field(const char *s, size_t n, usec_t *ret) {
        usec_t v = 0;
        size_t j;

        for (j = 0; j < n && s[j] >= '0' && s[j] <= '9'; j++) {
                unsigned d = (unsigned) (s[j] - '0');

                if (v > (UINT64_MAX - d) / 10)
                        return false;
                v = v * 10 + d;
        }
        if (j == 0 || j >= n || s[j] != '\t')
                return false;
        *ret = v;
        return true;
}

static bool line_time(const char *buf, size_t n, usec_t *ret);

static bool probe_time(int fd, uint64_t offset, uint64_t size, usec_t *ret, uint64_t *ret_line) {
        char buf[2 * HISTORY_LINE_MAX + 1];
        ssize_t n;
        size_t i = 0;

        if (offset > 0)
                offset--;       /* so that a line starting right at offset is seen as whole */
        while (offset < size) {
                n = pread(fd, buf, sizeof(buf) - 1, (off_t) offset);
                if (n <= 0)
                        return false;
                buf[n] = '\0';
                i = 0;
                if (offset > 0 || buf[0] == '\n') {
                        char *nl = memchr(buf, '\n', (size_t) n);
                        if (!nl)
                                return false;
                        i = (size_t) (nl - buf) + 1;
                }
                /* "v1\t" then the time; anything else is not a record, try the next line. */
                while (i < (size_t) n) {
                        char *nl = memchr(buf + i, '\n', (size_t) n - i);
                        usec_t t;

                        if (!nl)
                                break;
                        if (line_time(buf + i, (size_t) (nl - buf) - i, &t)) {
                                *ret = t;
                                *ret_line = offset + i;
                                return true;
                        }
                        i = (size_t) (nl - buf) + 1;
                }
                offset += i > 1 ? i - 1 : (size_t) n;   /* always forward */
        }
        return false;
}

/* The time of a record line (starting "v1\t" and the time) in buf[0..n), or false. */
static bool line_time(const char *buf, size_t n, usec_t *ret) {
        size_t j = strlen(HISTORY_VERSION "\t");

        if (n < j || strncmp(buf, HISTORY_VERSION "\t", j) != 0)
                return false;
        return time_field(buf + j, n - j, ret);
}

/* Brings index up to date with the file: reads the times of the whole lines added since it was
 * last checked (all of them for a file it has not seen), noting where time order first breaks.
 * A torn last line is left for later. Returns 0 or -errno. */
static int index_update(int fd, const struct stat *st, HistoryIndex *x) {
        _cleanup_(freep) char *buf = NULL;
        uint64_t size = (uint64_t) st->st_size, offset;
        bool skipping = false;          /* inside a line longer than the buffer */

        if (!x->valid || x->dev != st->st_dev || x->ino != st->st_ino || size < x->checked)
                *x = (HistoryIndex) { .dev = st->st_dev, .ino = st->st_ino, .unordered = UINT64_MAX,
                                      .valid = true };
        if (x->checked == size)
                return 0;
        buf = malloc(HISTORY_INDEX_CHUNK);
        if (!buf)
                return -ENOMEM;
        for (offset = x->checked; offset < size;) {
                ssize_t n = pread(fd, buf, (size_t) MIN((uint64_t) HISTORY_INDEX_CHUNK, size - offset), (off_t) offset);
                size_t i = 0;

                if (n < 0)
                        return -errno;
                if (n == 0)
                        break;
                for (;;) {
                        char *nl = memchr(buf + i, '\n', (size_t) n - i);
                        usec_t t;

                        if (!nl)
                                break;
                        if (!skipping && line_time(buf + i, (size_t) (nl - buf) - i, &t)) {
                                if (t < x->latest && x->unordered == UINT64_MAX)
                                        x->unordered = offset + i;
                                x->latest = MAX(x->latest, t);
                        }
                        skipping = false;
                        i = (size_t) (nl - buf) + 1;
                        x->checked = offset + i;
                }
                if (i == 0) {           /* no newline in a whole buffer: a very long line */
                        if ((size_t) n < HISTORY_INDEX_CHUNK)
                                break;  /* the torn last line */
                        skipping = true;
                        offset += (uint64_t) n;
                        continue;
                }
                offset += i;
        }
        return 0;
}

/* Where to start reading for records at or after since: a binary search over line starts of
 * [0, ordered), the part of the file in time order, in O(log n) reads. Every record before
 * the place found is earlier than since. */
static uint64_t seek_since(int fd, uint64_t ordered, usec_t since) {
        uint64_t lo = 0, hi = ordered;

        if (since == 0)
                return 0;
        while (hi - lo > HISTORY_LINE_MAX) {
                uint64_t mid = lo + (hi - lo) / 2, line;
                usec_t t;

                if (!probe_time(fd, mid, ordered, &t, &line) || line >= ordered || t >= since)
                        hi = mid;
                else
                        lo = mid;
        }
        return lo;
}

int history_read_page(const char *path, HistoryIndex *index, usec_t since, usec_t until, size_t limit,
                      uint64_t *cursor, HistoryRecord **ret, size_t *ret_n) {
        _cleanup_(fclosep) FILE *f = NULL;
        _cleanup_(closep) int fd = -1;
        _cleanup_(freep) char *buf = NULL;
        struct stat st;
        HistoryRecord *records = NULL;
        size_t n = 0, allocated = 0;
        uint64_t start, pos, ordered = 0;
        unsigned lineno = 0;
        bool numbered;
        int k = 0;

        /* Non-blocking: a FIFO put in the file's place must not hang limberd in open().
         * O_NOFOLLOW: a planted link must not make limberd read (and quote) another file. */
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
        if (fd < 0) {
                if (errno != ENOENT)
                        return -errno;
                *ret = NULL;
                *ret_n = 0;
                *cursor = 0;
                return 0;
        }
        if (fstat(fd, &st) < 0)
                return -errno;
        if (!S_ISREG(st.st_mode))
                return S_ISDIR(st.st_mode) ? -EISDIR : -EBADFD;

        if (index) {
                k = index_update(fd, &st, index);
                if (k < 0)
                        return k;
                ordered = MIN(index->unordered, index->checked);
        }
        start = *cursor > 0 ? MIN(*cursor, (uint64_t) st.st_size) : seek_since(fd, ordered, since);
        f = fdopen(fd, "r");
        if (!f)
                return -errno;
        fd = -1;
        if (fseeko(f, (off_t) start, SEEK_SET) < 0)
                return -errno;
        pos = start;

        buf = malloc(HISTORY_LINE_MAX + 1);
        if (!buf)
                return -ENOMEM;

        /* Mid-file, the line we landed in is not whole: skip it, unless a cursor put us at a
         * line start (a cursor from elsewhere than a page's end is treated like a seek). */
        if (start > 0 && *cursor != 0) {
                char before = 0;

                if (pread(fileno(f), &before, 1, (off_t) start - 1) != 1 || before != '\n')
                        *cursor = 0;
        }
        if (start > 0 && *cursor == 0) {
                size_t len;
                (void) read_line(f, buf, &len, &k);
                if (k < 0)
                        goto fail;
                pos = (uint64_t) ftello(f);
        }
        *cursor = 0;
        numbered = start == 0;

        for (;;) {
                HistoryRecord rec;
                LineStatus status;
                char reason[128], where[32];
                uint64_t line_start = pos;
                size_t len;

                if (limit > 0 && n >= limit) {
                        *cursor = pos;
                        break;
                }
                status = read_line(f, buf, &len, &k);
                if (k < 0)
                        goto fail;
                if (status == LINE_EOF)
                        break;
                lineno++;
                /* Line numbers only mean something when the whole file is read. */
                if (numbered)
                        snprintf(where, sizeof(where), "%u", lineno);
                else
                        snprintf(where, sizeof(where), "byte %" PRIu64, pos);
                pos = (uint64_t) ftello(f);

                if (status == LINE_TORN) {
                        log_warning("%s:%s: torn last line (no newline at the end), ignoring", path, where);
                        break;
                }
                if (status == LINE_TOO_LONG) {
                        log_warning("%s:%s: line longer than %u bytes, ignoring", path, where,
                                    HISTORY_LINE_MAX);
                        continue;
                }
                if (len > 0 && buf[len - 1] == '\r')
                        buf[--len] = '\0';      /* CRLF: a file edited or copied on Windows */
                if (len == 0)
                        continue;       /* a blank line carries nothing; not worth a warning */

                k = history_parse_line(buf, len, &rec, reason);
                if (k == -EINVAL) {
                        log_warning("%s:%s: %s, ignoring", path, where, reason);
                        continue;
                }
                if (k < 0)
                        goto fail;

                if (rec.realtime < since || rec.realtime >= until) {
                        history_record_done(&rec);
                        /* Past the range in the part in time order: the rest of that part is
                         * later still; what lies out of order after it is read whole. */
                        if (rec.realtime >= until && until != USEC_INFINITY && line_start < ordered) {
                                if (ordered >= index->checked)
                                        break;
                                if (fseeko(f, (off_t) ordered, SEEK_SET) < 0) {
                                        k = -errno;
                                        goto fail;
                                }
                                pos = ordered;
                                numbered = false;
                        }
                        continue;
                }
                if (n >= allocated) {
                        size_t na = MAX(allocated * 2, (size_t) 16);
                        HistoryRecord *nr = realloc(records, na * sizeof(HistoryRecord));

                        if (!nr) {
                                history_record_done(&rec);
                                k = -ENOMEM;
                                goto fail;
                        }
                        records = nr;
                        allocated = na;
                }
                records[n++] = rec;
        }

        k = history_records_sort(records, n);
        if (k < 0)
                goto fail;
        *ret = records;
        *ret_n = n;
        return 0;

fail:
        history_records_free(records, n);
        return k;
}

int history_index_save(HistoryIndex *x, const char *path, const char *index_path) {
        _cleanup_(closep) int fd = -1;
        char line[256];
        struct stat st;
        int k;

        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
        if (fd < 0)
                return errno == ENOENT ? 0 : -errno;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (!S_ISREG(st.st_mode))
                return 0;
        k = index_update(fd, &st, x);
        if (k < 0)
                return k;
        snprintf(line, sizeof(line), "%s %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %ld\n",
                 HISTORY_VERSION, (uint64_t) st.st_dev, (uint64_t) st.st_ino, x->checked, x->latest, x->unordered,
                 (uint64_t) st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
        return write_file_atomic(index_path, line, strlen(line), 0600);
}

int history_index_load(HistoryIndex *x, const char *path, const char *index_path) {
        _cleanup_(freep) char *data = NULL;
        uint64_t dev, ino, checked, latest, unordered, sec;
        struct stat st;
        long nsec;
        int k;

        *x = (HistoryIndex) {};
        k = read_file_full(index_path, 256, &data, NULL);
        if (k < 0)
                return k == -ENOENT || k == -EFBIG ? 0 : k;
        if (sscanf(data, HISTORY_VERSION " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %ld",
                   &dev, &ino, &checked, &latest, &unordered, &sec, &nsec) != 7)
                return 0;
        if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode))
                return 0;
        /* Touched since (written by anyone, edited, replaced): it is read again when needed. */
        if ((uint64_t) st.st_dev != dev || (uint64_t) st.st_ino != ino || (uint64_t) st.st_size < checked ||
            (uint64_t) st.st_mtim.tv_sec != sec || st.st_mtim.tv_nsec != nsec)
                return 0;
        *x = (HistoryIndex) {
                .dev = st.st_dev,
                .ino = st.st_ino,
                .checked = checked,
                .latest = latest,
                .unordered = unordered,
                .valid = true,
        };
        return 0;
}

int history_read(const char *path, usec_t since, usec_t until, HistoryRecord **ret, size_t *ret_n) {
        uint64_t cursor = 0;

        return history_read_page(path, NULL, since, until, 0, &cursor, ret, ret_n);
}
