/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <inttypes.h>
#include <langinfo.h>
#include <stdarg.h>
#include <time.h>

#include "ctl-output.h"
#include "util/i18n.h"

Style style_detect(int fd) {
        const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");
        const char *codeset = nl_langinfo(CODESET);

        return (Style) {
                .color = isatty(fd) && (!no_color || no_color[0] == '\0') && !streq_ptr(term, "dumb"),
                .utf8 = codeset && (streq(codeset, "UTF-8") || streq(codeset, "utf8")),
        };
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
        static const struct {
                usec_t usec;
                const char *suffix;
        } units[] = {
                { USEC_PER_HOUR,   "h" },
                { USEC_PER_MINUTE, "m" },
                { USEC_PER_SEC,    "s" },
        };
        size_t n = 0, shown = 0;

        if (usec == USEC_INFINITY) {
                snprintf(buf, DURATION_FORMAT_MAX, "infinity");
                return buf;
        }

        buf[0] = '\0';
        for (size_t i = 0; i < ELEMENTSOF(units) && shown < 2; i++) {
                usec_t v = usec / units[i].usec;

                usec %= units[i].usec;
                if (v == 0) {
                        /* "1h 5s" would be odd: once a unit was shown, the next one counts even
                         * when zero, and then we stop. */
                        if (shown > 0)
                                break;
                        continue;
                }
                n += (size_t) snprintf(buf + n, DURATION_FORMAT_MAX - n, "%s%" PRIu64 "%s",
                                       shown > 0 ? " " : "", v, units[i].suffix);
                shown++;
        }
        if (shown == 0)
                snprintf(buf, DURATION_FORMAT_MAX, "0s");
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
        size_t w = 0;

        while (*s) {
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

char *text_truncate(const char *s, size_t width, const Style *style) {
        bool escapes = false;
        size_t w = 0;
        const char *p = s;

        while (*p) {
                size_t e = escape_length(p);

                if (e > 0) {
                        escapes = true;
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
        if (*p == '\0')
                return strdup(s);
        return strdup_printf("%.*s%s", (int) (p - s), s, escapes ? ansi(style, COLOR_RESET) : "");
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
        bool header;
};

Table *table_free(Table *t) {
        if (!t)
                return NULL;
        for (size_t i = 0; i < t->n_cells; i++)
                free(t->cells[i].text);
        free(t->cells);
        free(t->right);
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
        if (!t->right)
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

size_t table_rows(const Table *t) {
        return t->n_cells / t->n_columns - t->header;
}

void table_print_indented(const Table *t, const Style *s, FILE *f, unsigned indent) {
        _cleanup_(freep) size_t *widths = NULL;

        widths = calloc(t->n_columns, sizeof(size_t));
        if (!widths)
                return;
        for (size_t i = 0; i < t->n_cells; i++)
                widths[i % t->n_columns] = MAX(widths[i % t->n_columns], text_width(t->cells[i].text));

        for (size_t row = 0; row < t->n_cells; row += t->n_columns) {
                const Cell *cells = t->cells + row;
                size_t n = MIN(t->n_columns, t->n_cells - row), last = 0;

                /* No padding after the last cell with text: lines end without blanks. */
                for (size_t col = 0; col < n; col++)
                        if (cells[col].text[0] != '\0')
                                last = col;

                fprintf(f, "%*s", (int) indent, "");
                for (size_t col = 0; col <= last; col++) {
                        size_t pad = widths[col] - text_width(cells[col].text);

                        if (col > 0)
                                fputs("  ", f);
                        if (t->right[col])
                                fprintf(f, "%*s", (int) pad, "");
                        fprintf(f, "%s%s%s", ansi(s, cells[col].color), cells[col].text,
                                cells[col].color != COLOR_NONE ? ansi(s, COLOR_RESET) : "");
                        if (!t->right[col] && col < last)
                                fprintf(f, "%*s", (int) pad, "");
                }
                fputc('\n', f);
        }
}

void table_print(const Table *t, const Style *s, FILE *f) {
        table_print_indented(t, s, f, 0);
}
