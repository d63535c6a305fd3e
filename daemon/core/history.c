/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The break history's records, formatted and parsed in memory (files/history-file.c keeps
 * the file).
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

#include <inttypes.h>
#include <stdarg.h>

#include "core/history.h"
#include "util/string-table.h"

#define HISTORY_FIELDS 6

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

/* Appends the escaped note to f. */
static void note_escape(StrBuf *f, const char *note) {
        for (const unsigned char *p = (const unsigned char *) note; *p; p++)
                switch (*p) {
                case '\\':
                        strbuf_puts(f, "\\\\");
                        break;
                case '\t':
                        strbuf_puts(f, "\\t");
                        break;
                case '\n':
                        strbuf_puts(f, "\\n");
                        break;
                case '\r':
                        strbuf_puts(f, "\\r");
                        break;
                default:
                        if (is_control(*p))
                                strbuf_appendf(f, "\\x%02x", *p);
                        else
                                strbuf_putc(f, (char) *p);
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

int history_format_line(const HistoryRecord *r, char **ret, size_t *ret_size) {
        _cleanup_(freep) char *buf = NULL;
        const char *kind = history_kind_to_string(r->kind);
        const char *exercises = strempty(r->exercises), *note = strempty(r->note);
        StrBuf f = {};
        size_t size = 0;
        int k;

        if (!kind)
                return -EINVAL;
        if (!exercises_valid(exercises))
                return -EINVAL;
        if (strlen(note) > HISTORY_NOTE_MAX || !utf8_valid(note, strlen(note)))
                return -EINVAL;

        strbuf_appendf(&f, HISTORY_VERSION "\t%" PRIu64 "\t%s\t%" PRIu64 "\t%s\t", r->realtime, kind, r->duration,
                       exercises);
        note_escape(&f, note);
        strbuf_putc(&f, '\n');
        k = strbuf_finish(&f, &buf, &size);
        if (k < 0)
                return k;

        /* Control characters take four bytes escaped, so a short note can still make a line
         * that readers would refuse; refuse it here instead. */
        if (size > HISTORY_LINE_MAX)
                return -EINVAL;

        *ret = TAKE_PTR(buf);
        *ret_size = size;
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

/* Records of a file already in time order need no sorting; a clock set back leaves a few out
 * of order. A stable merge sort: n·log n whatever the input. */
int history_records_sort(HistoryRecord *r, size_t n) {
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
