/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <inttypes.h>
#include <langinfo.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "ctl-output.h"
#include "util/i18n.h"

Style style_detect(int fd) {
        const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");
        const char *codeset = nl_langinfo(CODESET);

        return (Style) {
                .color = isatty(fd) && (!no_color || no_color[0] == '\0') && !streq_ptr(term, "dumb"),
                .utf8 = codeset && (streq(codeset, "UTF-8") || streq(codeset, "utf8")),
                .columns = terminal_columns(fd),
        };
}

size_t terminal_columns(int fd) {
        const char *e = getenv("COLUMNS");
        struct winsize ws = {};

        if (e && *e) {
                char *end;
                unsigned long v;

                errno = 0;
                v = strtoul(e, &end, 10);
                if (errno == 0 && *end == '\0' && v > 0 && v < 100000)
                        return v;
        }
        if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
                return ws.ws_col;
        return 80;
}

/* Bytes of s that fit in width columns (escape sequences take none). */
static size_t text_bytes_for(const char *s, size_t width);
static size_t escape_length(const char *s);

/* The hanging indent of a line: after "  Label: " or a leading bullet, else hang. */
static size_t line_hang(const char *line, size_t len, size_t hang) {
        size_t blanks = strspn(line, " "), digits;
        const char *colon;

        if (blanks > 0 && (colon = memmem(line, len, ": ", 2)) && colon - line < 24 &&
            strcspn(line + blanks, " :/") == (size_t) (colon - line) - blanks)
                return text_width_n(line, (size_t) (colon - line) + 2);
        for (const char *const *b = (const char *const[]) { "● ", "* ", "- ", "• ", "⚠ ", "! ", NULL }; *b; b++)
                if (strncmp(line + blanks, *b, strlen(*b)) == 0)
                        return blanks + text_width(*b);
        /* A numbered step ("  2. Slowly…"): under its text. */
        digits = strspn(line + blanks, "0123456789");
        if (digits > 0 && digits < 4 && strncmp(line + blanks + digits, ". ", 2) == 0)
                return blanks + digits + 2;
        /* Two columns ("  --json    print JSON"): under the second. */
        if (blanks > 0) {
                const char *gap = memmem(line + blanks, len - blanks, "  ", 2);

                if (gap) {
                        size_t at = (size_t) (gap - line) + strspn(gap, " ");

                        if (at < len && text_width_n(line, at) < 48)
                                return text_width_n(line, at);
                }
        }
        return blanks > 0 ? blanks : hang;
}

/* line without its escape sequences (colour), for measuring. NULL on OOM. */
static char *strip_escapes(const char *line, size_t len) {
        char *plain = malloc(len + 1), *o = plain;

        if (!plain)
                return NULL;
        for (const char *p = line; p < line + len;) {
                size_t e = escape_length(p);

                if (e > 0)
                        p += e;
                else
                        *o++ = *p++;
        }
        *o = '\0';
        return plain;
}

static void line_write_wrapped(FILE *f, const char *line, size_t len, size_t columns, size_t hang) {
        _cleanup_(freep) char *plain = strip_escapes(line, len);
        size_t indent = 0;

        /* Where the text starts is measured without colour. */
        hang = plain ? line_hang(plain, strlen(plain), hang) : hang;
        if (hang >= columns / 2)
                hang = 0;
        for (bool first = true;; first = false) {
                size_t room = columns - indent, fit, cut;

                if (text_width_n(line, len) <= room) {
                        fprintf(f, "%*s%.*s\n", (int) indent, "", (int) len, line);
                        return;
                }
                fit = text_bytes_for(line, room + 1);   /* a space just past the edge is a fine place */
                fit = MIN(fit, len);
                cut = fit;
                while (cut > 0 && line[cut - 1] != ' ')
                        cut--;
                /* Past the leading blanks and the label, or nothing fits: cut after the word. */
                if (cut <= (first ? strspn(line, " ") : 0) || (first && cut <= hang)) {
                        cut = fit;
                        while (cut < len && line[cut] != ' ')
                                cut++;
                }
                fprintf(f, "%*s%.*s\n", (int) indent, "", (int) (cut > 0 && line[cut - 1] == ' ' ? cut - 1 : cut), line);
                while (cut < len && line[cut] == ' ')
                        cut++;
                if (cut >= len)
                        return;
                line += cut;
                len -= cut;
                indent = hang;
        }
}

FILE *wrapped_open(MemStream *m) {
        return memstream_open(m);
}

void wrapped_close(MemStream *m, FILE *f, const Style *s, size_t hang) {
        _cleanup_(freep) char *text = memstream_steal(m);

        if (text)
                text_write_wrapped(f, text, s->columns, hang);
}

void text_write_wrapped(FILE *f, const char *text, size_t columns, size_t hang) {
        while (*text) {
                size_t len = strcspn(text, "\n");

                if (columns == 0)
                        fprintf(f, "%.*s\n", (int) len, text);
                else
                        line_write_wrapped(f, text, len, columns, hang);
                text += len;
                if (*text == '\n')
                        text++;
        }
}

const char *ansi(const Style *s, Color c) {
        static const char * const table[_COLOR_MAX] = {
                [COLOR_NONE]   = "",
                [COLOR_RESET]  = "\033[0m",
                [COLOR_BOLD]   = "\033[1m",
                [COLOR_DIM]    = "\033[2m",
                [COLOR_RED]    = "\033[31m",
                [COLOR_GREEN]  = "\033[32m",
                [COLOR_YELLOW] = "\033[33m",
                [COLOR_BLUE]   = "\033[34m",
                [COLOR_CYAN]   = "\033[36m",
        };

        if (!s->color || c < 0 || c >= _COLOR_MAX)
                return "";
        return table[c];
}

const char *glyph(const Style *s, Glyph g) {
        static const char * const utf8[_GLYPH_MAX] = {
                [GLYPH_BULLET]    = "●",
                [GLYPH_DASH]      = "—",
                [GLYPH_DOT]       = "·",
                [GLYPH_WARNING]   = "⚠",
                [GLYPH_BAR_FULL]  = "█",
                [GLYPH_BAR_EMPTY] = "░",
                [GLYPH_BAR_OTHER] = "▒",
        };
        static const char * const ascii[_GLYPH_MAX] = {
                [GLYPH_BULLET]    = "*",
                [GLYPH_DASH]      = "-",
                [GLYPH_DOT]       = "-",
                [GLYPH_WARNING]   = "!",
                [GLYPH_BAR_FULL]  = "#",
                [GLYPH_BAR_EMPTY] = ".",
                [GLYPH_BAR_OTHER] = "x",
        };

        if (g < 0 || g >= _GLYPH_MAX)
                return "";
        return s->utf8 ? utf8[g] : ascii[g];
}

char *format_duration_human(char buf[static DURATION_FORMAT_MAX], usec_t usec) {
        char text[DURATION_TEXT_MAX];

        if (usec == USEC_INFINITY)
                snprintf(buf, DURATION_FORMAT_MAX, "infinity");
        else
                snprintf(buf, DURATION_FORMAT_MAX, "%s", i18n_format_duration(text, usec));
        return buf;
}

static bool local_tm(usec_t t, struct tm *ret) {
        time_t sec;

        if (t / USEC_PER_SEC > (usec_t) INT64_MAX)
                return false;
        sec = (time_t) (t / USEC_PER_SEC);
        return localtime_r(&sec, ret) != NULL;
}

char *format_iso8601(char buf[static TIME_TEXT_MAX], usec_t t) {
        struct tm tm;
        long off;

        if (!local_tm(t, &tm))
                return NULL;
        off = tm.tm_gmtoff;
        snprintf(buf, TIME_TEXT_MAX, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                 off < 0 ? '-' : '+', labs(off) / 3600, labs(off) % 3600 / 60);
        return buf;
}

char *format_local(char buf[static TIME_TEXT_MAX], usec_t t, const char *format) {
        struct tm tm;

        buf[0] = '\0';
        if (!local_tm(t, &tm))
                return buf;
        /* The format is checked where format_local() is called (its strftime attribute). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        if (strftime(buf, TIME_TEXT_MAX, format, &tm) == 0)
                buf[0] = '\0';
#pragma GCC diagnostic pop
        return buf;
}

static bool same_year(usec_t a, usec_t b) {
        struct tm ta, tb;

        return local_tm(a, &ta) && local_tm(b, &tb) && ta.tm_year == tb.tm_year;
}

/* The formats are translated: the order of the parts and the day and month names (LC_TIME). */
char *format_datetime(char buf[static TIME_TEXT_MAX], usec_t t, usec_t now) {
        if (!same_year(t, now))
                /* TRANSLATORS: a strftime() format for a date and time in another year. */
                return format_local(buf, t, _("%a %d %b %Y %H:%M"));
        /* TRANSLATORS: a strftime() format for a date and time in this year. */
        return format_local(buf, t, _("%a %d %b %H:%M"));
}

char *format_day(char buf[static TIME_TEXT_MAX], usec_t t, usec_t now) {
        if (!same_year(t, now))
                /* TRANSLATORS: a strftime() format for a day in another year. */
                return format_local(buf, t, _("%a %d %b %Y"));
        /* TRANSLATORS: a strftime() format for a day in this year. */
        return format_local(buf, t, _("%a %d %b"));
}

int local_day_start(usec_t t, int days_offset, usec_t *ret) {
        struct tm tm;
        time_t midnight;

        if (!local_tm(t, &tm))
                return -ERANGE;
        tm.tm_mday += days_offset;
        tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
        tm.tm_isdst = -1;       /* let mktime() find whether DST applies at that midnight */
        midnight = mktime(&tm);
        if (midnight == (time_t) -1 || midnight < 0)
                return -ERANGE;
        *ret = (usec_t) midnight * USEC_PER_SEC;
        return 0;
}

char *format_clock(char buf[static TIME_TEXT_MAX], usec_t t, usec_t now) {
        char hm[TIME_TEXT_MAX / 2];
        usec_t today;

        snprintf(hm, sizeof(hm), "%s", format_local(buf, t, "%H:%M"));
        if (local_day_start(now, 0, &today) < 0)
                return format_local(buf, t, _("%Y-%m-%d %H:%M"));

        for (int d = -1; d <= 6; d++) {
                usec_t start, end;

                if (local_day_start(today, d, &start) < 0 || local_day_start(today, d + 1, &end) < 0)
                        break;
                if (t < start || t >= end)
                        continue;
                if (d == 0)
                        snprintf(buf, TIME_TEXT_MAX, "%s", hm);
                else if (d == 1)
                        /* TRANSLATORS: %s is a time of day, "14:05". */
                        snprintf(buf, TIME_TEXT_MAX, _("tomorrow %s"), hm);
                else if (d == -1)
                        snprintf(buf, TIME_TEXT_MAX, _("yesterday %s"), hm);
                else
                        /* TRANSLATORS: strftime(), a time later this week, "Fri 14:05". */
                        format_local(buf, t, _("%a %H:%M"));
                return buf;
        }
        /* TRANSLATORS: strftime(), a date and time further away; "%x %H:%M" writes the date
         * the locale's way. */
        return format_local(buf, t, _("%Y-%m-%d %H:%M"));
}

/* Length of the ANSI escape sequence at s (CSI … final byte), 0 if none starts there. */
static size_t escape_length(const char *s) {
        size_t n = 2;

        if (s[0] != '\033' || s[1] != '[')
                return 0;
        while (s[n] && !(s[n] >= 0x40 && s[n] <= 0x7e))
                n++;
        return s[n] ? n + 1 : n;
}

size_t text_width(const char *s) {
        return text_width_n(s, strlen(s));
}

size_t text_width_n(const char *s, size_t len) {
        const char *end = s + len;
        size_t w = 0;

        while (s < end && *s) {
                size_t e = escape_length(s);

                if (e > 0) {
                        s += e;
                        continue;
                }
                if (((unsigned char) *s & 0xc0) != 0x80)
                        w++;
                s++;
        }
        return w;
}

static size_t text_bytes_for(const char *s, size_t width) {
        const char *p = s;
        size_t w = 0;

        while (*p) {
                size_t e = escape_length(p);

                if (e > 0) {
                        p += e;
                        continue;
                }
                if (((unsigned char) *p & 0xc0) != 0x80) {
                        if (w == width)
                                break;
                        w++;
                }
                p++;
        }
        return (size_t) (p - s);
}

char *text_truncate(const char *s, size_t width, const Style *style) {
        size_t n = text_bytes_for(s, width);

        if (s[n] == '\0')
                return strdup(s);
        /* A colour begun in what is kept is ended. */
        return strdup_printf("%.*s%s", (int) n, s, memchr(s, '\033', n) ? ansi(style, COLOR_RESET) : "");
}

char *text_ellipsize(const char *s, size_t width, const Style *style) {
        const char *ellipsis = style->utf8 ? "…" : "...";
        _cleanup_(freep) char *cut = NULL;

        if (text_width(s) <= width)
                return strdup(s);
        cut = text_truncate(s, width > text_width(ellipsis) ? width - text_width(ellipsis) : 0, style);
        return cut ? strdup_printf("%s%s", cut, ellipsis) : NULL;
}

void bar_write(FILE *f, const Style *s, unsigned width, double fraction, Color c) {
        static const char * const eighths[8] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
        unsigned cells, full, part, used;

        if (fraction < 0 || fraction != fraction)
                fraction = 0;
        if (fraction > 1)
                fraction = 1;

        cells = (unsigned) (fraction * width * 8 + 0.5);
        full = cells / 8;
        part = s->utf8 ? cells % 8 : 0;

        used = full + (part > 0);
        if (used > 0) {
                fputs(ansi(s, c), f);
                for (unsigned i = 0; i < full; i++)
                        fputs(glyph(s, GLYPH_BAR_FULL), f);
                if (part > 0)
                        fputs(eighths[part], f);
                fputs(ansi(s, COLOR_RESET), f);
        }
        if (used < width) {
                fputs(ansi(s, COLOR_DIM), f);
                for (unsigned i = used; i < width; i++)
                        fputs(glyph(s, GLYPH_BAR_EMPTY), f);
                fputs(ansi(s, COLOR_RESET), f);
        }
}

FILE *memstream_open(MemStream *m) {
        *m = (MemStream) {};
        m->f = open_memstream(&m->buf, &m->size);
        return m->f;
}

char *memstream_steal(MemStream *m) {
        bool ok = m->f && fflush(m->f) == 0 && !ferror(m->f);

        if (m->f)
                fclose(m->f);
        m->f = NULL;
        if (!ok) {
                free(m->buf);
                m->buf = NULL;
        }
        return TAKE_PTR(m->buf);
}

void memstream_done(MemStream *m) {
        free(memstream_steal(m));
}

typedef struct Cell {
        char *text;
        Color color;
} Cell;

struct Table {
        size_t n_columns;
        Cell *cells;            /* the header row first */
        size_t n_cells;
        bool *right;
        TableCut *cut;
        bool header;
};

Table *table_free(Table *t) {
        if (!t)
                return NULL;
        for (size_t i = 0; i < t->n_cells; i++)
                free(t->cells[i].text);
        free(t->cells);
        free(t->right);
        free(t->cut);
        free(t);
        return NULL;
}

Table *table_new(size_t n_columns, const char * const *headers) {
        _cleanup_(table_freep) Table *t = NULL;

        t = calloc(1, sizeof(Table));
        if (!t)
                return NULL;
        t->n_columns = n_columns;
        t->right = calloc(n_columns, sizeof(bool));
        t->cut = calloc(n_columns, sizeof(TableCut));
        if (!t->right || !t->cut)
                return NULL;
        t->header = headers != NULL;
        for (size_t i = 0; headers && i < n_columns; i++)
                if (table_add(t, COLOR_BOLD, headers[i][0] ? _(headers[i]) : "") < 0)  /* _("") is the header */
                        return NULL;
        return TAKE_PTR(t);
}

int table_add(Table *t, Color color, const char *text) {
        Cell *n;
        char *copy;

        copy = strdup(strempty(text));
        if (!copy)
                return -ENOMEM;
        n = realloc(t->cells, (t->n_cells + 1) * sizeof(Cell));
        if (!n) {
                free(copy);
                return -ENOMEM;
        }
        t->cells = n;
        t->cells[t->n_cells++] = (Cell) { .text = copy, .color = color };
        return 0;
}

void table_align_right(Table *t, size_t column) {
        if (column < t->n_columns)
                t->right[column] = true;
}

size_t table_width(const Table *t) {
        _cleanup_(freep) size_t *widths = calloc(t->n_columns, sizeof(size_t));
        size_t total = 0;

        if (!widths)
                return 0;
        for (size_t i = 0; i < t->n_cells; i++)
                widths[i % t->n_columns] = MAX(widths[i % t->n_columns], text_width(t->cells[i].text));
        for (size_t col = 0; col < t->n_columns; col++)
                total += widths[col] + (col > 0 ? 2 : 0);
        return total;
}

size_t table_rows(const Table *t) {
        return t->n_cells / t->n_columns - t->header;
}

void table_set_cut(Table *t, size_t column, TableCut cut) {
        if (column < t->n_columns)
                t->cut[column] = cut;
}

/* The widest first word of column col's cells: a TABLE_CUT_WORDS column keeps it whole. */
static size_t column_first_word(const Table *t, size_t col) {
        size_t most = 0;

        for (size_t i = col + t->n_columns * t->header; i < t->n_cells; i += t->n_columns) {
                const char *s = t->cells[i].text;

                most = MAX(most, text_width_n(s, strcspn(s, " ")));
        }
        return most;
}

/* Shrinks the first n columns that may be cut, the one with the most to give first, until
 * they fit room columns or none can give more. Returns whether they fit. */
static bool table_fit(const Table *t, size_t *widths, size_t n, size_t room) {
        _cleanup_(freep) size_t *least = calloc(t->n_columns, sizeof(size_t));
        size_t total = 0;

        if (!least)
                return true;
        for (size_t col = 0; col < n; col++) {
                total += widths[col] + (col > 0 ? 2 : 0);
                least[col] = t->header ? text_width(t->cells[col].text) : 1;
                /* The first word whole (its comma too) and " …" after it; free text keeps a few characters. */
                least[col] = MAX(least[col], t->cut[col] == TABLE_CUT_WORDS ? column_first_word(t, col) + 2 : 8);
        }
        while (total > room) {
                size_t best = SIZE_MAX;

                for (size_t col = 0; col < n; col++)
                        if (t->cut[col] != TABLE_CUT_NONE && widths[col] > least[col] &&
                            (best == SIZE_MAX || widths[col] - least[col] > widths[best] - least[best]))
                                best = col;
                if (best == SIZE_MAX)
                        return false;
                widths[best]--;
                total--;
        }
        return true;
}

/* cell cut to width, after a whole word where one fits, and marked "…". NULL on OOM. */
static char *cell_cut(const char *text, size_t width, TableCut cut, const Style *s) {
        const char *ellipsis = s->utf8 ? "…" : "...";
        size_t room, fit, at;

        if (text_width(text) <= width)
                return strdup(text);
        room = width > text_width(ellipsis) ? width - text_width(ellipsis) : 0;
        fit = text_bytes_for(text, room);
        at = fit;
        while (at > 0 && text[at] != ' ' && text[at - 1] != ' ')
                at--;
        /* A list keeps the blank before "…"; free text does not. */
        while (cut == TABLE_CUT_TEXT && at > 0 && text[at - 1] == ' ')
                at--;
        if (at == 0)
                at = cut == TABLE_CUT_WORDS ? strcspn(text, " ") : fit;
        return strdup_printf("%.*s%s%s", (int) at, text, ansi(s, COLOR_RESET), ellipsis);
}

static void table_natural_widths(const Table *t, size_t *widths) {
        memset(widths, 0, t->n_columns * sizeof(size_t));
        for (size_t i = 0; i < t->n_cells; i++)
                widths[i % t->n_columns] = MAX(widths[i % t->n_columns], text_width(t->cells[i].text));
}

/* Writes text wrapped to columns - start, its lines after the first indented by start. */
static void write_wrapped_at(FILE *f, const char *text, size_t start, size_t columns) {
        _cleanup_(memstream_done) MemStream m = {};
        _cleanup_(freep) char *wrapped = NULL;

        if (!memstream_open(&m))
                return;
        text_write_wrapped(m.f, text, columns - start, 0);
        wrapped = memstream_steal(&m);
        for (char *p = wrapped, *nl; p && *p; p = nl + 1) {
                nl = strchrnul(p, '\n');
                fprintf(f, "%s%*s%.*s", p == wrapped ? "" : "\n", p == wrapped ? 0 : (int) start, "",
                        (int) (nl - p), p);
                if (!*nl)
                        break;
        }
}

void table_print_indented(const Table *t, const Style *s, FILE *f, unsigned indent) {
        _cleanup_(freep) size_t *widths = NULL;
        _cleanup_(strv_freep) char **shown = NULL;
        size_t n_cols = t->n_columns, last_start = indent, room, below = n_cols;
        bool wrap_below = false;

        widths = calloc(n_cols, sizeof(size_t));
        if (!widths)
                return;
        table_natural_widths(t, widths);
        room = s->columns > indent ? s->columns - indent : 0;
        /* Too wide even cut: the trailing columns that may be cut go below their row, one a
         * line, indented and under no header, until the others fit. */
        if (s->columns > 0 && room > 8 && !table_fit(t, widths, n_cols, room))
                for (size_t k = n_cols; k > 1 && t->cut[k - 1] != TABLE_CUT_NONE; k--) {
                        table_natural_widths(t, widths);
                        below = k - 1;
                        if (table_fit(t, widths, below, room))
                                break;
                }
        for (size_t col = below; col < n_cols; col++)
                widths[col] = room - 4;

        /* The texts as shown, cut where their column gave width; the column as wide as they are. */
        shown = calloc(t->n_cells + 1, sizeof(char *));
        if (!shown)
                return;
        for (size_t i = 0; i < t->n_cells; i++) {
                size_t col = i % n_cols;

                shown[i] = t->cut[col] != TABLE_CUT_NONE && (i >= n_cols || !t->header) ?
                        cell_cut(t->cells[i].text, widths[col], t->cut[col], s) : strdup(t->cells[i].text);
                if (!shown[i])
                        return;
        }
        for (size_t col = 0; col < below; col++)
                if (t->cut[col] != TABLE_CUT_NONE)
                        widths[col] = 0;
        for (size_t i = 0; i < t->n_cells; i++)
                if (i % n_cols < below && t->cut[i % n_cols] != TABLE_CUT_NONE)
                        widths[i % n_cols] = MAX(widths[i % n_cols], text_width(shown[i]));
        for (size_t col = 0; col + 1 < MIN(n_cols, below); col++)
                last_start += widths[col] + 2;
        /* A list without a header (the helps' commands) whose last column has too little room
         * beside the others: it goes below them, wrapped. */
        if (s->columns > 0 && below == n_cols && n_cols > 1 && !t->header && t->cut[n_cols - 1] == TABLE_CUT_NONE &&
            last_start + 24 > s->columns && widths[n_cols - 1] + last_start > s->columns) {
                below = n_cols - 1;
                wrap_below = true;
        }

        for (size_t row = 0; row < t->n_cells; row += n_cols) {
                const Cell *cells = t->cells + row;
                size_t n = MIN(n_cols, t->n_cells - row), last = 0;
                bool header = t->header && row == 0;

                /* No padding after the last cell with text: lines end without blanks. */
                for (size_t col = 0; col < MIN(n, below); col++)
                        if (cells[col].text[0] != '\0')
                                last = col;

                fprintf(f, "%*s", (int) indent, "");
                for (size_t col = 0; col <= last && col < below; col++) {
                        const char *text = shown[row + col];
                        size_t pad = widths[col] > text_width(text) ? widths[col] - text_width(text) : 0;

                        if (col > 0)
                                fputs("  ", f);
                        if (t->right[col])
                                fprintf(f, "%*s", (int) pad, "");
                        fputs(ansi(s, cells[col].color), f);
                        /* The last column wraps under its own start. */
                        if (col == n_cols - 1 && t->cut[col] == TABLE_CUT_NONE && s->columns > last_start + 10 &&
                            last_start + text_width(text) > s->columns)
                                write_wrapped_at(f, text, last_start, s->columns);
                        else
                                fputs(text, f);
                        fputs(cells[col].color != COLOR_NONE ? ansi(s, COLOR_RESET) : "", f);
                        if (!t->right[col] && col < last)
                                fprintf(f, "%*s", (int) pad, "");
                }
                for (size_t col = below; col < n && !header; col++) {
                        if (cells[col].text[0] == '\0')
                                continue;
                        fprintf(f, "\n%*s%s", (int) indent + 4, "", ansi(s, cells[col].color));
                        if (wrap_below)
                                write_wrapped_at(f, shown[row + col], indent + 4, s->columns);
                        else
                                fputs(shown[row + col], f);
                        fputs(cells[col].color != COLOR_NONE ? ansi(s, COLOR_RESET) : "", f);
                }
                fputc('\n', f);
        }
}

void table_print(const Table *t, const Style *s, FILE *f) {
        table_print_indented(t, s, f, 0);
}
