/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* How limberctl writes for people: colour and glyphs only where they are wanted, durations
 * like "1h 12m", local and ISO 8601 times, bars and aligned tables. Everything here is pure
 * (apart from reading the time zone), so the tests pin it down. */

#include "util/duration.h"
#include "util/util.h"

typedef struct Style {
        bool color;             /* ANSI colour and bold */
        bool utf8;              /* "●", "—", "█"; otherwise ASCII stand-ins */
        size_t columns;         /* the width to fit; 0 is unlimited */
} Style;

/* Colour when fd is a terminal, NO_COLOR is unset or empty and TERM is not "dumb"; UTF-8
 * glyphs when the locale's character set is UTF-8; the width of terminal_columns(fd). */
Style style_detect(int fd);

/* The width output to fd should fit: $COLUMNS when it is a positive number, else the
 * terminal's when fd is one, else 80 (piped output stays readable when it is shown). */
size_t terminal_columns(int fd);

/* Writes text (any number of lines) with each line longer than columns wrapped at spaces,
 * never inside a word. A continuation line is indented to where the line's value starts: after
 * "Label: " when the line begins with blanks and such a label, after a leading "● " or
 * "- " bullet, else by hang. columns 0 writes text as it is. */
void text_write_wrapped(FILE *f, const char *text, size_t columns, size_t hang);

typedef enum Color {
        COLOR_NONE,
        COLOR_RESET,
        COLOR_BOLD,
        COLOR_DIM,
        COLOR_RED,
        COLOR_GREEN,
        COLOR_YELLOW,
        COLOR_BLUE,
        COLOR_CYAN,
        _COLOR_MAX,
} Color;

/* The escape sequence for c, or "" when colour is off (or c is COLOR_NONE). */
const char *ansi(const Style *s, Color c);

typedef enum Glyph {
        GLYPH_BULLET,           /* ● */
        GLYPH_DASH,             /* — */
        GLYPH_DOT,              /* · */
        GLYPH_WARNING,          /* ⚠ */
        GLYPH_BAR_FULL,         /* █ */
        GLYPH_BAR_EMPTY,        /* ░ */
        GLYPH_BAR_OTHER,        /* ▒, a second kind of filled cell */
        _GLYPH_MAX,
} Glyph;

const char *glyph(const Style *s, Glyph g);

/* "1h 12m", "48m", "4m 12s", "45s", "2h", "0s": i18n_format_duration(), the one way limberd
 * and limberctl write durations for people. USEC_INFINITY is "infinity". Returns buf. */
char *format_duration_human(char buf[static DURATION_FORMAT_MAX], usec_t usec);

/* Rounds up to a whole multiple of unit (saturating). */
static inline usec_t usec_round_up(usec_t u, usec_t unit) {
        return u % unit == 0 ? u : usec_add(u - u % unit, unit);
}

#define TIME_TEXT_MAX 64

/* ISO 8601 local time with its UTC offset, whole seconds: "2024-05-06T14:05:00+02:00".
 * Returns buf, or NULL when t cannot be represented. */
char *format_iso8601(char buf[static TIME_TEXT_MAX], usec_t t);
/* A local time relative to now, as short as is unambiguous: "14:05" (today), "tomorrow 09:10",
 * "yesterday 17:40", "Tue 09:10" (within a week), "2024-05-06 09:10". Returns buf. */
char *format_clock(char buf[static TIME_TEXT_MAX], usec_t t, usec_t now);
/* "Mon 06 May 14:05" for tables, with the year when t is not in the year of now. Returns buf. */
char *format_datetime(char buf[static TIME_TEXT_MAX], usec_t t, usec_t now);
/* "Mon 06 May", or "Mon 06 May 2024" when t is not in the year of now. */
char *format_day(char buf[static TIME_TEXT_MAX], usec_t t, usec_t now);
/* Formats the local date of t with strftime's format. Returns buf. */
char *format_local(char buf[static TIME_TEXT_MAX], usec_t t, const char *format)
        __attribute__((format(strftime, 3, 0)));

/* The start (local midnight) of the day that is days_offset days from the day holding t;
 * DST-aware, so a day may last 23 or 25 hours. Returns 0 or -ERANGE. */
int local_day_start(usec_t t, int days_offset, usec_t *ret);

/* Columns a string takes on a terminal: UTF-8 code points, ANSI escape sequences excluded. */
size_t text_width(const char *s);
/* The same for the first len bytes of s. */
size_t text_width_n(const char *s, size_t len);
/* A copy of s cut to at most width columns, escape sequences kept whole and a reset added
 * when any was cut off. NULL on OOM. */
char *text_truncate(const char *s, size_t width, const Style *style);

/* The same, marked "…" ("..." in ASCII) where it was cut, all within width columns. */
char *text_ellipsize(const char *s, size_t width, const Style *style);

/* Writes a bar of width cells filled to fraction (0..1), with eighth-cell precision in UTF-8
 * ("███▍░░░"), "###..." in ASCII, in colour c when colour is on. */
void bar_write(FILE *f, const Style *s, unsigned width, double fraction, Color c);

/* Text built with stdio: memstream_open() gives a FILE that writes into memory,
 * memstream_steal() closes it and hands over the text. memstream_done() (a cleanup) frees
 * whatever was not handed over. */
typedef struct MemStream {
        FILE *f;
        char *buf;
        size_t size;
} MemStream;

FILE *memstream_open(MemStream *m);
/* The text written (the caller frees it), or NULL when writing failed. */
char *memstream_steal(MemStream *m);
void memstream_done(MemStream *m);

/* Output that fits the terminal: wrapped_open() gives a FILE to write into, wrapped_close()
 * writes what was written to f, wrapped as text_write_wrapped() does for s's columns. */
FILE *wrapped_open(MemStream *m);
void wrapped_close(MemStream *m, FILE *f, const Style *s, size_t hang);


/* An aligned table with a header row. Cells are copied. The last column is not padded. */
typedef struct Table Table;

/* headers may be NULL for a table without a header row. */
Table *table_new(size_t n_columns, const char * const *headers);
Table *table_free(Table *t);
static inline void table_freep(Table **t) {
        table_free(*t);
}
/* Adds the next cell (rows fill left to right). Returns 0 or -ENOMEM. */
int table_add(Table *t, Color color, const char *text);
/* Right-aligns column i (numbers). */
void table_align_right(Table *t, size_t column);

typedef enum TableCut {
        TABLE_CUT_NONE,         /* never cut (ids, times, numbers); the last column wraps */
        TABLE_CUT_WORDS,        /* cut after a whole word, marked "…" (lists of ids): no word is cut */
        TABLE_CUT_TEXT,         /* cut after a word where one fits, else inside it, marked "…" */
} TableCut;

/* How column i may be shortened when the table is wider than the style's columns. Columns
 * that may be cut give up width first, the rightmost first; what is still too wide wraps the
 * last column (at spaces, aligned under its start). */
void table_set_cut(Table *t, size_t column, TableCut cut);
size_t table_rows(const Table *t);
/* The columns the table takes uncut and unwrapped. */
size_t table_width(const Table *t);
void table_print(const Table *t, const Style *s, FILE *f);
/* The same with every line indented by indent spaces. */
void table_print_indented(const Table *t, const Style *s, FILE *f, unsigned indent);
