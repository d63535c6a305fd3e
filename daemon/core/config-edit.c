/* SPDX-License-Identifier: GPL-3.0-or-later */
/* config_edit_text(): sets one key in the text of a limber.ini, keeping the rest of it as it
 * is (comments, order, other keys). files/config-file.c writes it back. */

#include <assert.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>

#include "core/config-private.h"
#include "core/ini-reader.h"
#include "util/duration.h"
#include "util/i18n.h"

typedef struct Line {
        const char *start;
        size_t len;
} Line;

/* Whether l sets key; *ret_comment is its inline comment (or NULL), up to *ret_end. */
static bool line_sets(const Line *l, const char *key, const char **ret_comment, const char **ret_end) {
        const char *s = l->start, *e = l->start + l->len, *name, *name_end, *rest, *c;

        ini_trim(&s, &e);
        c = ini_find_comment(s, e);
        if (ini_line_classify(s, c ?: e, &name, &name_end, &rest) != INI_LINE_SETTING)
                return false;
        if ((size_t) (name_end - name) != strlen(key) || strncmp(name, key, (size_t) (name_end - name)) != 0)
                return false;
        if (ret_comment)
                *ret_comment = c;
        if (ret_end)
                *ret_end = e;
        return true;
}

/* "# interval = 2h", as the shipped sample has it. */
static bool line_sets_commented(const Line *l, const char *key) {
        const char *s = l->start, *e = l->start + l->len;
        Line uncommented;

        ini_trim(&s, &e);
        if (s == e || (*s != '#' && *s != ';'))
                return false;
        uncommented = (Line) { s + 1, (size_t) (e - s - 1) };
        return line_sets(&uncommented, key, NULL, NULL);
}

/* Returns the section a line opens, or NULL; *ret_len is its length. */
static const char *line_section(const Line *l, size_t *ret_len) {
        const char *s = l->start, *e = l->start + l->len, *name, *name_end, *rest;

        ini_trim(&s, &e);
        if (ini_line_classify(s, ini_find_comment(s, e) ?: e, &name, &name_end, &rest) != INI_LINE_SECTION)
                return NULL;
        *ret_len = (size_t) (name_end - name);
        return name;
}

static bool line_is_comment(const Line *l) {
        const char *s = l->start, *e = l->start + l->len;

        ini_trim(&s, &e);
        return s < e && (*s == '#' || *s == ';');
}

static bool line_is_blank(const Line *l) {
        const char *s = l->start, *e = l->start + l->len;

        ini_trim(&s, &e);
        return s == e;
}

/* Writes "name = value", keeping an inline comment of the line it replaces if it fits. */
static void write_setting(StrBuf *f, const ConfigKey *k, const char *value, const char *comment, const char *end) {
        strbuf_appendf(f, "%s = %s", k->name, value);
        if (comment && strlen(k->name) + strlen(value) + 4 + (size_t) (end - comment) <= INI_SETTING_MAX) {
                strbuf_putc(f, ' ');
                strbuf_append(f, comment, (size_t) (end - comment));
        }
        strbuf_putc(f, '\n');
}

static int config_rewrite(const char *data, size_t size, const ConfigKey *k, const char *value,
                          char **ret, size_t *ret_size) {
        _cleanup_(freep) Line *lines = NULL;
        _cleanup_(strbuf_done) StrBuf out = {};
        StrBuf *f = &out;
        size_t n = 0, insert = SIZE_MAX, section_start = SIZE_MAX, section_end = SIZE_MAX;
        size_t commented = SIZE_MAX;
        bool in_section = false, exists = false;

        /* Keep a BOM, out of the way of the first line's classification. */
        if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
                strbuf_append(f, data, 3);
                data += 3;
                size -= 3;
        }

        /* Split into lines, without their newlines. */
        lines = calloc(size + 1, sizeof(Line));
        if (!lines)
                return -ENOMEM;
        for (const char *p = data, *end = data + size; p < end;) {
                const char *nl = memchr(p, '\n', (size_t) (end - p));

                lines[n++] = (Line) { p, (size_t) ((nl ?: end) - p) };
                p = nl ? nl + 1 : end;
        }

        /* Where the key goes if it is not set yet: after its commented-out sample line, or
         * at the end of the last [section] block, before the blank lines and any comment
         * that introduces the next section. */
        for (size_t i = 0; i <= n; i++) {
                const char *name = NULL;
                size_t len = 0;

                if (i == n || (name = line_section(&lines[i], &len))) {
                        if (in_section)
                                section_end = i;
                        in_section = i < n && len == strlen(k->section) && strncmp(name, k->section, len) == 0;
                        if (in_section) {
                                section_start = i;
                                commented = SIZE_MAX;
                        }
                        continue;
                }
                if (in_section && line_sets(&lines[i], k->name, NULL, NULL))
                        exists = true;
                if (in_section && line_sets_commented(&lines[i], k->name))
                        commented = i;
        }
        /* Unset (value NULL): the key's lines go, nothing is added. */
        if (section_start != SIZE_MAX && !exists && value) {
                if (commented != SIZE_MAX && commented > section_start && commented < section_end)
                        insert = commented + 1;
                else {
                        insert = section_end;
                        if (section_end < n)
                                while (insert > section_start + 1 && line_is_comment(&lines[insert - 1]))
                                        insert--;
                        while (insert > section_start + 1 && line_is_blank(&lines[insert - 1]))
                                insert--;
                }
        }

        in_section = false;
        for (size_t i = 0; i < n; i++) {
                const char *name, *comment, *end;
                size_t len;

                if (i == insert)
                        write_setting(f, k, value, NULL, NULL);
                if ((name = line_section(&lines[i], &len)))
                        in_section = len == strlen(k->section) && strncmp(name, k->section, len) == 0;
                else if (in_section && line_sets(&lines[i], k->name, &comment, &end)) {
                        if (value)
                                write_setting(f, k, value, comment, end);
                        continue;
                }
                strbuf_append(f, lines[i].start, lines[i].len);   /* as it was, NUL bytes and all */
                strbuf_putc(f, '\n');
        }
        if (insert == n)
                write_setting(f, k, value, NULL, NULL);
        else if (insert == SIZE_MAX && !exists && value)
                strbuf_appendf(f, "%s[%s]\n%s = %s\n", n > 0 && !line_is_blank(&lines[n - 1]) ? "\n" : "",
                        k->section, k->name, value);
        return strbuf_finish(&out, ret, ret_size);
}

int config_edit_text(const char *path, const char *data, size_t size, const char *key, const char *value,
                     char **ret, size_t *ret_size, char **ret_error) {
        _cleanup_(freep) char *out = NULL, *trimmed = NULL, *error = NULL;
        _cleanup_(config_done) Config scratch = {};
        const ConfigKey *k = config_key_lookup(key);
        const char *vs, *ve;
        size_t out_size;
        int r;

        if (!k)
                return -ENOENT;
        /* Never write what the parser would refuse. */
        r = value ? key_set(&scratch, k, value, NULL) : 0;
        if (r < 0)
                return r;
        /* Keep what the user wrote ("90m" stays "90m"), without surrounding blanks. */
        vs = strempty(value);
        ve = vs + strlen(vs);
        ini_trim(&vs, &ve);
        trimmed = strndup(vs, (size_t) (ve - vs));
        if (!trimmed)
                return -ENOMEM;

        r = config_rewrite(data, size, k, value ? trimmed : NULL, &out, &out_size);
        if (r < 0)
                return r;
        if (out_size > CONFIG_FILE_MAX)
                return -EFBIG;

        /* Refuse to carry an error of the file over: the next start would stop on it. */
        r = config_check_text(path, out, out_size, &error);
        if (r == -ENOMEM)
                return r;
        if (r < 0) {
                if (ret_error && asprintf(ret_error, _("%s; fix that line first (config set keeps "
                                            "every other line as it is)"), strempty(error)) < 0)
                        *ret_error = NULL;
                return -EBADMSG;
        }
        *ret = TAKE_PTR(out);
        *ret_size = out_size;
        return 0;
}
