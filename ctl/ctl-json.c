/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <inttypes.h>

#include "ctl-json.h"
#include "ctl-output.h"

void json_init(Json *j, FILE *f) {
        *j = (Json) { .f = f };
}

/* Before any value: the comma (and line break) separating it from the previous one. */
static void json_value_prefix(Json *j) {
        if (j->after_key) {
                j->after_key = false;
                return;
        }
        if (j->depth == 0)
                return;
        if (j->need_comma[j->depth])
                fputc(',', j->f);
        if (j->line_per_element[j->depth])
                fputc('\n', j->f);
        j->need_comma[j->depth] = true;
}

static void json_open(Json *j, char c) {
        json_value_prefix(j);
        fputc(c, j->f);
        if (j->depth + 1 < JSON_DEPTH_MAX)
                j->depth++;
        j->need_comma[j->depth] = false;
        j->line_per_element[j->depth] = c == '[' && j->depth == 1;
}

static void json_close(Json *j, char c) {
        bool lines = j->line_per_element[j->depth] && j->need_comma[j->depth];

        if (j->depth > 0)
                j->depth--;
        if (lines)
                fputc('\n', j->f);
        fputc(c, j->f);
        if (j->depth == 0)
                fputc('\n', j->f);
}

void json_object_begin(Json *j) {
        json_open(j, '{');
}

void json_object_end(Json *j) {
        json_close(j, '}');
}

void json_array_begin(Json *j) {
        json_open(j, '[');
}

void json_array_end(Json *j) {
        json_close(j, ']');
}

/* Runs of characters that need no escape are written with one fwrite: a character at a time
 * made an export of a long history cost a call per byte. */
void json_write_escaped(FILE *f, const char *s) {
        const unsigned char *p = (const unsigned char *) s, *run = p;

        fputc('"', f);
        for (;; p++) {
                const char *esc = NULL;

                if (*p >= 0x20 && *p != 0x7f && *p != '"' && *p != '\\')
                        continue;
                fwrite(run, 1, (size_t) (p - run), f);
                if (*p == '\0')
                        break;
                switch (*p) {
                case '"':  esc = "\\\""; break;
                case '\\': esc = "\\\\"; break;
                case '\b': esc = "\\b"; break;
                case '\f': esc = "\\f"; break;
                case '\n': esc = "\\n"; break;
                case '\r': esc = "\\r"; break;
                case '\t': esc = "\\t"; break;
                }
                if (esc)
                        fputs(esc, f);
                else
                        fprintf(f, "\\u%04x", *p);
                run = p + 1;
        }
        fputc('"', f);
}

void json_key(Json *j, const char *key) {
        json_value_prefix(j);
        json_write_escaped(j->f, key);
        fputc(':', j->f);
        j->after_key = true;
}

void json_string(Json *j, const char *s) {
        if (!s)
                return json_null(j);
        json_value_prefix(j);
        json_write_escaped(j->f, s);
}

void json_string_n(Json *j, const char *s, size_t n) {
        _cleanup_(freep) char *copy = strndup(s, n);

        json_string(j, copy);   /* out of memory: null */
}

void json_null(Json *j) {
        json_value_prefix(j);
        fputs("null", j->f);
}

void json_bool(Json *j, bool b) {
        json_value_prefix(j);
        fputs(b ? "true" : "false", j->f);
}

void json_uint(Json *j, uint64_t u) {
        json_value_prefix(j);
        fprintf(j->f, "%" PRIu64, u);
}

void json_int(Json *j, int64_t i) {
        json_value_prefix(j);
        fprintf(j->f, "%" PRIi64, i);
}

void json_double(Json *j, double d, unsigned decimals) {
        if (d != d)
                return json_null(j);
        json_value_prefix(j);
        /* limberctl never calls setlocale(LC_NUMERIC), so the decimal point is '.'. */
        fprintf(j->f, "%.*f", (int) decimals, d);
}

void json_seconds(Json *j, usec_t usec) {
        json_uint(j, usec / USEC_PER_SEC);
}

void json_time(Json *j, usec_t t) {
        char buf[TIME_TEXT_MAX];

        if (t == 0 || t == USEC_INFINITY || !format_iso8601(buf, t))
                return json_null(j);
        json_string(j, buf);
}

void json_string_list(Json *j, const char *comma_separated) {
        const char *p = strempty(comma_separated);

        json_array_begin(j);
        while (*p) {
                size_t n = strcspn(p, ",");
                _cleanup_(freep) char *item = strndup(p, n);

                if (item && item[0] != '\0')
                        json_string(j, item);
                p += n;
                if (*p == ',')
                        p++;
        }
        json_array_end(j);
}

void csv_field(FILE *f, const char *s, bool last) {
        s = strempty(s);
        if (s[strcspn(s, ",\"\r\n")] == '\0')
                fputs(s, f);
        else {
                fputc('"', f);
                for (; *s; s++) {
                        if (*s == '"')
                                fputc('"', f);
                        fputc(*s, f);
                }
                fputc('"', f);
        }
        fputs(last ? "\r\n" : ",", f);
}
