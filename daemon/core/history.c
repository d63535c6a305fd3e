/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The break history file.
 *
 * One record a line, six tab-separated fields:
 *
 *     v1 \t REALTIME_USEC \t KIND \t DURATION_USEC \t EXERCISES \t NOTE \n
 *
 * "v1" is the record format version, on every line so that a line stands on its own (a torn
 * or truncated file needs no header to be read) and a later format can be told apart line by
 * line. REALTIME_USEC and DURATION_USEC are unsigned decimal numbers; KIND is taken, logged,
 * natural, skipped or snoozed; EXERCISES is "" or comma-separated ids of [a-z0-9-]; NOTE is
 * UTF-8 with backslash, tab, newline and carriage return written as \\ \t \n \r and every
 * other control character as \xHH, so a record never spans lines. A line is at most
 * HISTORY_LINE_MAX bytes with its newline.
 *
 * A record is written with one write(2) on an O_APPEND descriptor and then fdatasync()ed:
 * only a few records are written a day, so the cost is nothing, and a break the daemon has
 * reported as recorded must not vanish with a power cut. If a crash left a torn last line,
 * the next append first closes it with CAN (0x18, "cancel") and a newline: a raw control
 * character is never valid in a record, so the torn line cannot be mistaken for a record
 * even when it was cut inside the note, and readers can name it as torn. */

#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "core/history.h"
#include "core/paths.h"
#include "util/log.h"
#include "util/string-table.h"

#define HISTORY_VERSION "v1"
#define HISTORY_FIELDS 6
/* How much of a file index_update() reads at once. */
#define HISTORY_INDEX_CHUNK (1024U * 1024U)
#define HISTORY_TORN_MARK '\x18'

static const char * const history_kind_table[_HISTORY_KIND_MAX] = {
        [HISTORY_TAKEN]   = "taken",
        [HISTORY_LOGGED]  = "logged",
        [HISTORY_NATURAL] = "natural",
        [HISTORY_SKIPPED] = "skipped",
        [HISTORY_SNOOZED] = "snoozed",
        [HISTORY_ACTIVE]  = "active",
};

DEFINE_STRING_TABLE_LOOKUP(history_kind, HistoryKind)

static bool exercises_valid(const char *s) {
        bool need_id = true;

        /* "" or id[,id…], each id non-empty [a-z0-9-]. */
        if (*s == '\0')
                return true;
        for (; *s; s++) {
                if (*s == ',') {
                        if (need_id)
                                return false;
                        need_id = true;
                } else if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-')
                        need_id = false;
                else
                        return false;
        }
        return !need_id;
}

static bool is_control(unsigned char c) {
        return c < 0x20 || c == 0x7F;
}

/* Writes the escaped note to f. */
static void note_escape(FILE *f, const char *note) {
        for (const unsigned char *p = (const unsigned char *) note; *p; p++)
                switch (*p) {
                case '\\':
                        fputs("\\\\", f);
                        break;
                case '\t':
                        fputs("\\t", f);
                        break;
                case '\n':
                        fputs("\\n", f);
                        break;
                case '\r':
                        fputs("\\r", f);
                        break;
                default:
                        if (is_control(*p))
                                fprintf(f, "\\x%02x", *p);
                        else
                                fputc(*p, f);
                }
}

static int hex_digit(char c) {
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -1;
}

/* Unescapes s in place. Returns the reason it is invalid, or NULL. */
static const char *note_unescape(char *s) {
        char *w = s;
        size_t n;

        for (const char *p = s; *p; p++) {
                int hi, lo;

                if (*p != '\\') {
                        *w++ = *p;
                        continue;
                }
                switch (*++p) {
                case '\\':
                        *w++ = '\\';
                        break;
                case 't':
                        *w++ = '\t';
                        break;
                case 'n':
                        *w++ = '\n';
                        break;
                case 'r':
                        *w++ = '\r';
                        break;
                case 'x':
                        hi = hex_digit(p[1]);
                        lo = hi < 0 ? -1 : hex_digit(p[2]);
                        if (lo < 0)
                                return "invalid \\x escape in the note";
                        if (hi == 0 && lo == 0)
                                return "NUL byte in the note";
                        *w++ = (char) (hi << 4 | lo);
                        p += 2;
                        break;
                case '\0':
                        return "note ends in a lone backslash";
                default:
                        return "unknown escape in the note";
                }
        }
        *w = '\0';

        n = (size_t) (w - s);
        if (n > HISTORY_NOTE_MAX)
                return "note is too long";
        if (!utf8_valid(s, n))
                return "note is not valid UTF-8";
        return NULL;
}

/* Builds the record's line, with its newline, into a malloc'd buffer. */
static int history_format_line(const HistoryRecord *r, char **ret, size_t *ret_size) {
        _cleanup_(freep) char *buf = NULL;
        const char *kind = history_kind_to_string(r->kind);
        const char *exercises = strempty(r->exercises), *note = strempty(r->note);
        size_t size = 0;
        FILE *f;

        if (!kind)
                return -EINVAL;
        if (!exercises_valid(exercises))
                return -EINVAL;
        if (strlen(note) > HISTORY_NOTE_MAX || !utf8_valid(note, strlen(note)))
                return -EINVAL;

        f = open_memstream(&buf, &size);
        if (!f)
                return -ENOMEM;
        fprintf(f, HISTORY_VERSION "\t%" PRIu64 "\t%s\t%" PRIu64 "\t%s\t", r->realtime, kind, r->duration,
                exercises);
        note_escape(f, note);
        fputc('\n', f);
        if (fclose(f) != 0)
                return -ENOMEM;

        /* Control characters take four bytes escaped, so a short note can still make a line
         * that readers would refuse; refuse it here instead. */
        if (size > HISTORY_LINE_MAX)
                return -EINVAL;

        *ret = TAKE_PTR(buf);
        *ret_size = size;
        return 0;
}

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

void history_record_done(HistoryRecord *r) {
        if (!r)
                return;
        free(r->exercises);
        free(r->note);
        *r = (HistoryRecord) {};
}

void history_records_free(HistoryRecord *r, size_t n) {
        for (size_t i = 0; r && i < n; i++)
                history_record_done(&r[i]);
        free(r);
}

/* Unsigned decimal, digits only, no sign, no junk, no overflow. */
static bool parse_usec(const char *s, usec_t *ret) {
        usec_t v = 0;

        if (*s == '\0')
                return false;
        for (; *s; s++) {
                unsigned d;

                if (*s < '0' || *s > '9')
                        return false;
                d = (unsigned) (*s - '0');
                if (v > (UINT64_MAX - d) / 10)
                        return false;
                v = v * 10 + d;
        }
        *ret = v;
        return true;
}

static int corrupt(char reason[static 128], const char *fmt, ...) _printf_(2, 3);
static int corrupt(char reason[static 128], const char *fmt, ...) {
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(reason, 128, fmt, ap);
        va_end(ap);
        return -EINVAL;
}

int history_parse_line(char *line, size_t len, HistoryRecord *ret, char reason[static 128]) {
        char *field[HISTORY_FIELDS];
        size_t n = 0;
        HistoryKind kind;
        usec_t realtime, duration;
        const char *bad;
        char *exercises, *note;

        if (len > 0 && line[len - 1] == HISTORY_TORN_MARK)
                return corrupt(reason, "torn record (cut short by a crash)");
        for (size_t i = 0; i < len; i++) {
                if (line[i] == '\0')
                        return corrupt(reason, "NUL byte at column %zu", i + 1);
                if (line[i] != '\t' && is_control((unsigned char) line[i]))
                        return corrupt(reason, "control character 0x%02x at column %zu", (unsigned char) line[i], i + 1);
        }
        if (!utf8_valid(line, len))
                return corrupt(reason, "not valid UTF-8");

        for (char *p = line;;) {
                char *tab = strchr(p, '\t');

                if (n >= HISTORY_FIELDS)
                        return corrupt(reason, "more than %u tab-separated fields", HISTORY_FIELDS);
                field[n++] = p;
                if (!tab)
                        break;
                *tab = '\0';
                p = tab + 1;
        }
        if (!streq(field[0], HISTORY_VERSION))
                return corrupt(reason, "not a " HISTORY_VERSION " record: starts with \"%.16s\"", field[0]);
        if (n < HISTORY_FIELDS)
                return corrupt(reason, "%zu tab-separated fields instead of %u", n, HISTORY_FIELDS);
        if (!parse_usec(field[1], &realtime))
                return corrupt(reason, "bad time \"%.24s\"", field[1]);
        kind = history_kind_from_string(field[2]);
        if (kind < 0)
                return corrupt(reason, "unknown kind \"%.16s\"", field[2]);
        if (!parse_usec(field[3], &duration))
                return corrupt(reason, "bad duration \"%.24s\"", field[3]);
        if (!exercises_valid(field[4]))
                return corrupt(reason, "bad exercise list \"%.32s\"", field[4]);
        bad = note_unescape(field[5]);
        if (bad)
                return corrupt(reason, "%s", bad);

        exercises = strdup(field[4]);
        note = strdup(field[5]);
        if (!exercises || !note) {
                free(exercises);
                free(note);
                return -ENOMEM;
        }
        *ret = (HistoryRecord) {
                .realtime = realtime,
                .kind = kind,
                .duration = duration,
                .exercises = exercises,
                .note = note,
        };
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

/* Records of a file already in time order need no sorting; a clock set back leaves a few out
 * of order. A stable merge sort: n·log n whatever the input. */
static int records_sort(HistoryRecord *r, size_t n) {
        _cleanup_(freep) HistoryRecord *tmp = NULL;
        bool sorted = true;

        for (size_t i = 1; i < n && sorted; i++)
                sorted = r[i - 1].realtime <= r[i].realtime;
        if (sorted)
                return 0;
        tmp = malloc(n * sizeof(HistoryRecord));
        if (!tmp)
                return -ENOMEM;
        for (size_t width = 1; width < n; width *= 2) {
                for (size_t lo = 0; lo < n; lo += 2 * width) {
                        size_t mid = MIN(lo + width, n), hi = MIN(lo + 2 * width, n), a = lo, b = mid, k = lo;

                        while (a < mid && b < hi)
                                tmp[k++] = r[b].realtime < r[a].realtime ? r[b++] : r[a++];
                        while (a < mid)
                                tmp[k++] = r[a++];
                        while (b < hi)
                                tmp[k++] = r[b++];
                }
                memcpy(r, tmp, n * sizeof(HistoryRecord));
        }
        return 0;
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

        k = records_sort(records, n);
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
