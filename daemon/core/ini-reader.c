/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one INI reader under limber.ini and the exercise files (the dialect: ini-reader.h).
 *
 * inih (Debian's libinih 55) is built with INI_HANDLER_LINENO 0, INI_ALLOW_MULTILINE 1,
 * inline ";" comments and a 200-byte stack line buffer (INI_MAX_LINE; the ini_max_line
 * variable it exports changes nothing while the buffer is on the stack). A longer line is
 * silently cut and its tail read as a line of its own, the handler is not told the line
 * number, and a section without keys is never reported. So inih reads the file through
 * reader_next_line(), which hands it one physical line per call, and before that:
 *   - counts lines, so every report names the line it is about;
 *   - refuses NUL bytes and control characters, invalid UTF-8 outside comments (the text
 *     goes out over D-Bus and in notifications), lines over INI_LINE_MAX and settings over
 *     INI_SETTING_MAX, instead of letting inih cut them;
 *   - drops the BOM, a CR and leading blanks (limber has no multi-line values: an indented
 *     line is a line of its own), and cuts the comment off, by the one rule for "#" and ";";
 *   - reads [section] lines and refuses every line that is not a setting itself.
 * inih is then handed only settings (and an empty line for every other line, so its count
 * stays ours), splits them into key and value, and calls reader_on_setting(). A setting longer
 * than inih's buffer (a translation in a script of two or three bytes a character) is split
 * here by the same rule. */

#include <ini.h>
#include <stdarg.h>

#include "core/ini-reader.h"
#include "util/i18n.h"
#include "util/util.h"

bool ini_is_blank(char ch) {
        return ch == ' ' || ch == '\t' || ch == '\r';
}

void ini_trim(const char **s, const char **e) {
        while (*s < *e && ini_is_blank(**s))
                (*s)++;
        while (*e > *s && ini_is_blank((*e)[-1]))
                (*e)--;
}

static bool is_comment_start(char ch) {
        return ch == ';' || ch == '#';
}

const char *ini_find_comment(const char *s, const char *e) {
        if (s < e && is_comment_start(*s))
                return s;
        for (const char *p = s + 1; p < e; p++)
                if (is_comment_start(*p) && ini_is_blank(p[-1]))
                        return p;
        return NULL;
}

IniLineKind ini_line_classify(const char *s, const char *e,
                              const char **ret_name, const char **ret_name_end, const char **ret_rest) {
        const char *p;

        if (s == e)
                return INI_LINE_BLANK;
        if (is_comment_start(*s))
                return INI_LINE_COMMENT;
        if (*s == '[') {
                p = memchr(s, ']', (size_t) (e - s));
                if (!p)
                        return INI_LINE_OTHER;
                *ret_name = s + 1;
                *ret_name_end = p;
                *ret_rest = p + 1;
                return INI_LINE_SECTION;
        }
        for (p = s; p < e && *p != '=' && *p != ':'; p++)
                ;
        if (p == e)
                return INI_LINE_OTHER;
        *ret_name = s;
        *ret_name_end = p;
        while (*ret_name_end > s && ini_is_blank((*ret_name_end)[-1]))
                (*ret_name_end)--;
        *ret_rest = p + 1;
        return *ret_name_end > s ? INI_LINE_SETTING : INI_LINE_OTHER;
}

typedef struct IniReader {
        const IniSyntax *syntax;
        const IniCallbacks *cb;
        void *userdata;
        const char *next, *end;         /* what is left of the file */
        unsigned line;                  /* the line last handed to inih */
        const char *comment;            /* the comment cut off that line, or NULL */
        int stop;                       /* non-zero: what ini_read() returns */
} IniReader;

static void reader_stop_on(IniReader *r, int v) {
        if (v != 0 && r->stop == 0)
                r->stop = v;
}

static void reader_error(IniReader *r, bool header, const char *fmt, ...) _printf_(3, 4);
static void reader_error(IniReader *r, bool header, const char *fmt, ...) {
        _cleanup_(freep) char *reason = NULL;
        va_list ap;

        va_start(ap, fmt);
        if (vasprintf(&reason, fmt, ap) < 0)
                reason = NULL;
        va_end(ap);
        if (!reason) {
                reader_stop_on(r, -ENOMEM);
                return;
        }
        reader_stop_on(r, r->cb->error(r->userdata, r->line, header, reason));
}

/* A setting split here, not by inih: its line does not fit inih's buffer. */
static void reader_setting(IniReader *r, const char *name, const char *name_end, const char *rest, const char *e) {
        _cleanup_(freep) char *key = strndup(name, (size_t) (name_end - name)), *value = NULL;

        while (rest < e && ini_is_blank(*rest))
                rest++;
        value = strndup(rest, (size_t) (e - rest));
        if (!key || !value) {
                reader_stop_on(r, -ENOMEM);
                return;
        }
        reader_stop_on(r, r->cb->setting(r->userdata, r->line, key, value, r->comment));
}

/* Checks the line [s, e), its comment from c (or NULL). Returns whether it is text. A
 * comment goes nowhere: it may be in any encoding (a Latin-1 "café"), but not binary. */
static bool reader_check_text(IniReader *r, const char *s, const char *e, const char *c) {
        bool high = false;

        for (const char *p = s; p < e; p++) {
                unsigned char ch = (unsigned char) *p;

                if (ch == '\0') {
                        reader_error(r, *s == '[', _("NUL byte: this is not a text file"));
                        return false;
                }
                if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
                        reader_error(r, *s == '[', _("control character 0x%02x: this is not a text file"), ch);
                        return false;
                }
                high = high || (ch >= 0x80 && (!c || p < c));
        }
        if (high && r->syntax->ascii) {
                reader_error(r, *s == '[', _("non-ASCII text outside a comment: sections, keys and values are ASCII"));
                return false;
        }
        if (!utf8_valid(s, (size_t) ((c ?: e) - s))) {
                reader_error(r, *s == '[', _("invalid UTF-8: this is not a text file"));
                return false;
        }
        return true;
}

/* A line that is neither blank, comment, section nor setting: what is wrong with it. */
static void reader_refuse(IniReader *r, const char *raw, const char *s, const char *e) {
        const int n = (int) MIN(e - s, 64);

        if (*s == '[')
                reader_error(r, true, _("section header \"%.*s\" lacks its closing \"]\""), n, s);
        else if (*s == '=' || *s == ':')
                reader_error(r, false, _("a setting without a key: write key = value"));
        else if (raw < s && (*raw == ' ' || *raw == '\t'))
                reader_error(r, false, _("\"%.*s\" is not a setting: write key = value (values cannot continue on "
                                         "indented lines)"), n, s);
        else
                reader_error(r, false, _("\"%.*s\" is not a setting: write key = value"), n, s);
}

/* Reads one physical line. Returns what to hand inih: the setting, or "" for any other line
 * (handled here). */
static char *reader_line(IniReader *r, char *str, int num) {
        const char *raw, *s, *e, *nl, *c, *name = NULL, *name_end = NULL, *rest = NULL;

        s = raw = r->next;
        nl = memchr(s, '\n', (size_t) (r->end - s));
        e = nl ?: r->end;
        r->next = nl ? nl + 1 : r->end;
        r->line++;
        r->comment = NULL;
        str[0] = '\0';

        if ((size_t) (e - s) > INI_LINE_MAX) {
                reader_error(r, *s == '[', _("line is longer than %u bytes"), INI_LINE_MAX);
                return str;
        }
        if (r->line == 1 && e - s >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
                s = raw += 3;
        ini_trim(&s, &e);
        c = ini_find_comment(s, e);
        if (!reader_check_text(r, s, e, c))
                return str;
        if (c) {
                r->comment = c;
                e = c;
                ini_trim(&s, &e);
        }

        switch (ini_line_classify(s, e, &name, &name_end, &rest)) {
        case INI_LINE_BLANK:
        case INI_LINE_COMMENT:
                return str;

        case INI_LINE_SECTION: {
                _cleanup_(freep) char *section = NULL;

                while (rest < e && ini_is_blank(*rest))
                        rest++;
                if (rest < e) {
                        reader_error(r, true, _("unexpected \"%.*s\" after [%.*s]"), (int) MIN(e - rest, 64), rest,
                                     (int) (name_end - name), name);
                        return str;
                }
                section = strndup(name, (size_t) (name_end - name));
                if (!section)
                        reader_stop_on(r, -ENOMEM);
                else
                        reader_stop_on(r, r->cb->section(r->userdata, r->line, section));
                return str;
        }

        case INI_LINE_SETTING:
                if (rest[-1] == ':') {
                        reader_error(r, false, _("\"%.*s:\" uses \":\" as a separator: write %.*s = value"),
                                     (int) (name_end - name), name, (int) (name_end - name), name);
                        return str;
                }
                if ((size_t) (e - s) > INI_SETTING_MAX) {
                        reader_error(r, false, _("setting is longer than %u bytes"), INI_SETTING_MAX);
                        return str;
                }
                if (e - s >= num) {
                        reader_setting(r, name, name_end, rest, e);
                        return str;
                }
                memcpy(str, s, (size_t) (e - s));
                str[e - s] = '\0';
                return str;

        case INI_LINE_OTHER:
        default:
                reader_refuse(r, raw, s, e);
                return str;
        }
}

static char *reader_next_line(char *str, int num, void *stream) {
        IniReader *r = stream;

        if (r->stop != 0 || r->next >= r->end || num < 2)
                return NULL;
        return reader_line(r, str, num);
}

static int reader_on_setting(void *userdata, const char *section, const char *name, const char *value) {
        IniReader *r = userdata;

        (void) section;         /* the parser keeps track of sections */
        if (r->stop == 0)
                reader_stop_on(r, r->cb->setting(r->userdata, r->line, name, value, r->comment));
        return 1;
}

int ini_read(const char *data, size_t size, const IniSyntax *syntax, const IniCallbacks *cb, void *userdata) {
        IniReader r = {
                .syntax = syntax,
                .cb = cb,
                .userdata = userdata,
                .next = data,
                .end = data + size,
        };
        int k;

        k = ini_parse_stream(reader_next_line, &r, reader_on_setting, &r);
        if (r.stop != 0)
                return r.stop;
        if (k == -2)
                return -ENOMEM;
        if (k != 0) {
                /* Not expected: inih refused a line the reader handed it as a setting. */
                r.line = (unsigned) MAX(k, 1);
                reader_error(&r, false, _("syntax error"));
                return r.stop;
        }
        return 0;
}
