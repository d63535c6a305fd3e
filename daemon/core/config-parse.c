/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The limber.ini reader.
 *
 * inih (Debian's libinih 55) is built with INI_HANDLER_LINENO 0, INI_ALLOW_MULTILINE 1,
 * inline ";" comments, a UTF-8 BOM allowed, and a 200-byte stack line buffer (INI_MAX_LINE;
 * the ini_max_line variable it exports changes nothing while the buffer is on the stack).
 * A longer line is silently cut and its tail read as a line of its own, and the handler is
 * not told the line number. So inih reads the file through config_reader(), which hands it
 * one physical line per call and:
 *   - counts lines, so the handler knows which line it is called for and inih's own error
 *     line numbers agree with ours;
 *   - refuses NUL bytes, control characters, non-ASCII outside comments (the error text goes
 *     out over D-Bus, which wants valid UTF-8), lines over CONFIG_LINE_MAX, and settings too
 *     long for inih's buffer, instead of letting inih cut them;
 *   - strips leading blanks, so an indented line is never taken as a multi-line
 *     continuation of the previous value (limber has no multi-line values); such a line is a
 *     syntax error unless it is a setting of its own;
 *   - checks [section] lines itself, since inih reports nothing for a section without keys;
 *   - turns comments into empty lines and drops the BOM.
 * Any non-zero ini_parse_stream() result is an error. */

#include <assert.h>
#include <ctype.h>
#include <fcntl.h>
#include <ini.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "core/config-private.h"
#include "core/paths.h"
#include "util/duration.h"
#include "util/i18n.h"
#include "util/log.h"

/* Line classification, shared by the reader and config_write_key(). */

bool is_blank(char ch) {
        return ch == ' ' || ch == '\t' || ch == '\r';
}

/* Trims [*s, *e) of blanks (and a CR) on both sides. */
void trim(const char **s, const char **e) {
        while (*s < *e && is_blank(**s))
                (*s)++;
        while (*e > *s && is_blank((*e)[-1]))
                (*e)--;
}

/* Classifies the trimmed line [s, e) the way inih reads it. For a section, [*ret_name,
 * *ret_name_end) is its name and *ret_rest what follows "]"; for a setting, the key. */
LineKind line_classify(const char *s, const char *e,
                              const char **ret_name, const char **ret_name_end, const char **ret_rest) {
        const char *p;

        if (s == e)
                return LINE_BLANK;
        if (*s == ';' || *s == '#')
                return LINE_COMMENT;
        if (*s == '[') {
                p = memchr(s, ']', (size_t) (e - s));
                if (!p)
                        return LINE_OTHER;
                *ret_name = s + 1;
                *ret_name_end = p;
                *ret_rest = p + 1;
                return LINE_SECTION;
        }
        for (p = s; p < e && *p != '=' && *p != ':'; p++)
                if (*p == ';' && p > s && is_blank(p[-1]))
                        return LINE_OTHER;      /* an inline comment before "=" */
        if (p == e)
                return LINE_OTHER;
        *ret_name = s;
        *ret_name_end = p;
        while (*ret_name_end > s && is_blank((*ret_name_end)[-1]))
                (*ret_name_end)--;
        *ret_rest = p + 1;
        return *ret_name_end > s ? LINE_SETTING : LINE_OTHER;
}

typedef struct ParseContext {
        Config *config;
        const char *path;
        const char *next, *end;         /* what is left of the file */
        unsigned line;                  /* the line last handed to inih */
        unsigned error_line;            /* 0 = no error yet */
        char *error;
        int error_r;
        unsigned seen[CONFIG_KEYS_MAX];         /* line where each key was set */
} ParseContext;

static void parse_fail(ParseContext *ctx, int r, const char *fmt, ...) _printf_(3, 4);
static void parse_fail(ParseContext *ctx, int r, const char *fmt, ...) {
        _cleanup_(freep) char *msg = NULL;
        va_list ap;

        if (ctx->error_line > 0)
                return;         /* the first error is the one to fix */
        va_start(ap, fmt);
        if (vasprintf(&msg, fmt, ap) < 0)
                msg = NULL;
        va_end(ap);
        ctx->error_line = ctx->line;
        ctx->error_r = msg ? r : -ENOMEM;
        if (msg && asprintf(&ctx->error, "%s:%u: %s", ctx->path, ctx->line, msg) < 0) {
                ctx->error = NULL;
                ctx->error_r = -ENOMEM;
        }
}

static char *config_reader(char *str, int num, void *stream) {
        ParseContext *ctx = stream;
        const char *s, *e, *nl, *name, *name_end, *rest;
        bool has_high = false;
        LineKind kind;

        if (ctx->error_line > 0 || ctx->next >= ctx->end)
                return NULL;

        s = ctx->next;
        nl = memchr(s, '\n', (size_t) (ctx->end - s));
        e = nl ?: ctx->end;
        ctx->next = nl ? nl + 1 : ctx->end;
        ctx->line++;

        if ((size_t) (e - s) > CONFIG_LINE_MAX) {
                parse_fail(ctx, -EINVAL, _("line is longer than %u bytes"), CONFIG_LINE_MAX);
                return NULL;
        }
        if (ctx->line == 1 && e - s >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
                s += 3;
        trim(&s, &e);
        for (const char *p = s; p < e; p++) {
                unsigned char ch = (unsigned char) *p;

                if (ch == '\0') {
                        parse_fail(ctx, -EINVAL, _("NUL byte: this is not a text file"));
                        return NULL;
                }
                if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
                        parse_fail(ctx, -EINVAL, _("control character 0x%02x: this is not a text file"), ch);
                        return NULL;
                }
                has_high = has_high || ch >= 0x80;
        }

        kind = line_classify(s, e, &name, &name_end, &rest);
        if (kind == LINE_BLANK || kind == LINE_COMMENT) {
                str[0] = '\0';
                return str;
        }
        if (has_high) {
                parse_fail(ctx, -EINVAL, _("non-ASCII text outside a comment: sections, keys and values are ASCII"));
                return NULL;
        }
        if (kind == LINE_SECTION) {
                const char *r = rest;

                while (r < e && is_blank(*r))
                        r++;
                if (!section_known(name, (size_t) (name_end - name))) {
                        _cleanup_(freep) char *list = config_names_list(NULL);

                        parse_fail(ctx, -EINVAL, _("unknown section [%.*s]; the sections are %s"),
                                   (int) (name_end - name), name, strempty(list));
                        return NULL;
                }
                if (r < e && *r != ';' && *r != '#') {
                        parse_fail(ctx, -EINVAL, _("unexpected \"%.*s\" after [%.*s]"),
                                   (int) (e - r), r, (int) (name_end - name), name);
                        return NULL;
                }
        }
        if (e - s >= num) {
                parse_fail(ctx, -EINVAL, _("line is longer than %d characters (put long comments on lines of their own)"),
                           num - 1);
                return NULL;
        }
        memcpy(str, s, (size_t) (e - s));
        str[e - s] = '\0';
        return str;
}

static int config_handler(void *userdata, const char *section, const char *name, const char *value) {
        ParseContext *ctx = userdata;
        _cleanup_(freep) char *reason = NULL;
        const ConfigKey *k;
        size_t i;
        int r;

        if (ctx->error_line > 0)
                return 0;

        if (!section || !*section) {
                const ConfigKey *guess = NULL;

                for (i = 0; i < config_table_size && !guess; i++)
                        if (streq(config_table[i].name, name))
                                guess = &config_table[i];
                if (guess)
                        parse_fail(ctx, -EINVAL, _("%s: key before any section: put it under [%s]"),
                                   name, guess->section);
                else
                        parse_fail(ctx, -EINVAL, _("%s: key before any section: start with a section such as [schedule]"),
                                   name);
                return 0;
        }

        if (!*name) {
                parse_fail(ctx, -EINVAL, _("a setting without a key: write key = value"));
                return 0;
        }

        k = config_key_find(section, strlen(section), name);
        if (!k) {
                reason = unknown_key_reason(section, strlen(section));
                parse_fail(ctx, reason ? -EINVAL : -ENOMEM, "%s.%s: %s", section, name, strempty(reason));
                return 0;
        }

        i = (size_t) (k - config_table);
        if (ctx->seen[i] > 0) {
                parse_fail(ctx, -EINVAL, _("%s: set twice in one file, first on line %u"), k->key, ctx->seen[i]);
                return 0;
        }
        ctx->seen[i] = ctx->line;

        r = key_set(ctx->config, k, value, &reason);
        if (r < 0) {
                parse_fail(ctx, r, "%s: %s", k->key, strempty(reason));
                return 0;
        }
        return 1;
}

/* A syntax error inih found on line: what is wrong with it. */
static char *syntax_reason(const char *data, const char *end, unsigned line) {
        const char *s = data, *e, *name, *name_end, *rest;
        bool indented;
        char *reason;

        for (unsigned n = 1; n < line && s < end; n++) {
                const char *nl = memchr(s, '\n', (size_t) (end - s));
                s = nl ? nl + 1 : end;
        }
        e = memchr(s, '\n', (size_t) (end - s)) ?: end;
        if (line == 1 && e - s >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
                s += 3;
        indented = s < e && (*s == ' ' || *s == '\t');
        trim(&s, &e);

        if (*s == '[' && !memchr(s, ']', (size_t) (e - s))) {
                if (asprintf(&reason, _("section header \"%.*s\" lacks its closing \"]\""), (int) MIN(e - s, 64), s) < 0)
                        return NULL;
        } else if (indented && line_classify(s, e, &name, &name_end, &rest) == LINE_OTHER) {
                if (asprintf(&reason, _("\"%.*s\" is not a setting: write key = value (values cannot continue on "
                                        "indented lines)"), (int) MIN(e - s, 64), s) < 0)
                        return NULL;
        } else if (asprintf(&reason, _("\"%.*s\" is not a setting: write key = value"), (int) MIN(e - s, 64), s) < 0)
                return NULL;
        return reason;
}

/* Parses the file over c itself; the caller works on a copy. */
static int config_parse_data(Config *c, const char *path, const char *data, size_t size, char **ret_error) {
        _cleanup_(freep) char *reason = NULL;
        ParseContext ctx = {
                .config = c,
                .path = path,
                .next = data,
                .end = data + size,
        };
        int r;

        r = ini_parse_stream(config_reader, &ctx, config_handler, &ctx);
        if (r < 0) {
                free(ctx.error);
                return error_setf(ret_error, -ENOMEM, _("%s: out of memory"), path);
        }
        if (r > 0 && (ctx.error_line == 0 || (unsigned) r < ctx.error_line)) {
                free(ctx.error);
                reason = syntax_reason(data, data + size, (unsigned) r);
                if (!reason)
                        return -ENOMEM;
                return error_setf(ret_error, -EINVAL, "%s:%d: %s", path, r, reason);
        }
        if (ctx.error_line > 0) {
                if (ret_error)
                        *ret_error = ctx.error;
                else
                        free(ctx.error);
                return ctx.error_r;
        }
        return 0;
}

/* Reads path whole; a failure is described in *ret_error. */
static int config_read(const char *path, char **ret_data, size_t *ret_size, char **ret_error) {
        int r;

        r = read_file_full(path, CONFIG_FILE_MAX, ret_data, ret_size);
        switch (r) {
        case 0:
        case -ENOENT:
                return r;
        case -EISDIR:
                return error_setf(ret_error, r, _("%s: is a directory, not a file"), path);
        case -EFBIG:
                return error_setf(ret_error, r, _("%s: larger than %u KiB, refusing to read it"), path,
                                 CONFIG_FILE_MAX / 1024);
        case -EINVAL:
                return error_setf(ret_error, r, _("%s: not a regular file"), path);
        default:
                return error_setf(ret_error, r, _("%s: cannot read: %s"), path, strerror(-r));
        }
}

/* Applies data, read from path, on top of c; c is unchanged on an error. */
static int config_apply_data(Config *c, const char *path, const char *data, size_t size, char **ret_error) {
        _cleanup_(config_done) Config t = {};
        int r;

        r = config_copy(&t, c);
        if (r < 0)
                return r;
        r = config_parse_data(&t, path, data, size, ret_error);
        if (r < 0)
                return r;

        config_done(c);
        *c = t;
        t = (Config) {};
        return 0;
}

int config_check_text(const char *path, const char *data, size_t size, char **ret_error) {
        _cleanup_(config_done) Config t = {};
        int r;

        r = config_init(&t);
        if (r < 0)
                return r;
        return config_parse_data(&t, path, data, size, ret_error);
}

int config_parse_file(Config *c, const char *path, char **ret_error) {
        _cleanup_(freep) char *data = NULL;
        size_t size;
        int r;

        r = config_read(path, &data, &size, ret_error);
        if (r < 0)
                return r;
        return config_apply_data(c, path, data, size, ret_error);
}

/* A system defaults file that cannot be read (a folder in its place, no permission) is the
 * administrator's to fix; the user's limberd still starts, without it. One that is read but
 * is no configuration (too large, or with errors) is refused like the user's. */
static int config_parse_system_file(Config *c, const char *path, char **ret_error) {
        _cleanup_(freep) char *data = NULL, *error = NULL;
        size_t size;
        int r;

        r = config_read(path, &data, &size, &error);
        if (r == -ENOMEM)
                return r;
        if (r == -ENOENT)
                return 0;
        if (r == -EFBIG) {      /* readable, but not a configuration file: as a parse error */
                if (ret_error)
                        *ret_error = TAKE_PTR(error);
                return r;
        }
        if (r < 0) {
                log_warning("%s; skipping these system defaults", strempty(error));
                return 0;
        }
        return config_apply_data(c, path, data, size, ret_error);
}

int config_load(Config *c, const char *explicit_path, char **ret_error) {
        _cleanup_(config_done) Config t = {};
        _cleanup_(strv_freep) char **system = NULL;
        _cleanup_(freep) char *user = NULL;
        int r;

        r = config_init(&t);
        if (r < 0)
                return r;

        if (explicit_path) {
                r = config_parse_file(&t, explicit_path, ret_error);
                if (r == -ENOENT)
                        return error_setf(ret_error, r, "%s: %s", explicit_path, strerror(-r));
                if (r < 0)
                        return r;
        } else {
                r = paths_system_configs(&system);
                if (r < 0)
                        return r;
                for (char **p = system; *p; p++) {
                        r = config_parse_system_file(&t, *p, ret_error);
                        if (r < 0)
                                return r;
                }

                /* Without $HOME or $XDG_CONFIG_HOME there is no user file to read. */
                r = paths_user_config(&user);
                if (r < 0 && r != -ENXIO)
                        return r;
                if (user) {
                        r = config_parse_file(&t, user, ret_error);
                        if (r < 0 && r != -ENOENT)
                                return r;
                }
        }

        config_done(c);
        *c = t;
        t = (Config) {};
        return 0;
}
