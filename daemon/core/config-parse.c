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
        /* Lenient (start-up): every error is collected here, its line skipped, the rest read. */
        char ***errors;
        unsigned n_errors;
        bool oom;
        unsigned seen[CONFIG_KEYS_MAX];         /* line where each key was set */
} ParseContext;

/* Errors reported for one file when lenient; the last says there are more. */
#define CONFIG_ERRORS_MAX 10

/* Records an error on the current line. Returns what the inih handler returns: 0 (stop) when
 * strict, 1 (go on, the line skipped) when lenient. */
static int parse_fail(ParseContext *ctx, int r, const char *fmt, ...) _printf_(3, 4);
static int parse_fail(ParseContext *ctx, int r, const char *fmt, ...) {
        _cleanup_(freep) char *msg = NULL, *line = NULL;
        va_list ap;

        if (ctx->error_line > 0)
                return 0;       /* the first error is the one to fix */
        va_start(ap, fmt);
        if (vasprintf(&msg, fmt, ap) < 0)
                msg = NULL;
        va_end(ap);
        if (ctx->errors) {
                /* A file of junk is not reported line by line. */
                if (++ctx->n_errors > CONFIG_ERRORS_MAX)
                        return 1;
                if (ctx->n_errors == CONFIG_ERRORS_MAX) {
                        free(msg);
                        msg = strdup(_("more errors follow; fix these first"));
                }
                if (!msg || asprintf(&line, "%s:%u: %s", ctx->path, ctx->line, msg) < 0 ||
                    strv_extend(ctx->errors, line) < 0)
                        ctx->oom = true;
                return 1;
        }
        ctx->error_line = ctx->line;
        ctx->error_r = msg ? r : -ENOMEM;
        if (msg && asprintf(&ctx->error, "%s:%u: %s", ctx->path, ctx->line, msg) < 0) {
                ctx->error = NULL;
                ctx->error_r = -ENOMEM;
        }
        return 0;
}

/* What the reader hands inih after an error on the line: the end (strict), or an empty line
 * in its place (lenient). */
static char *reader_skip(ParseContext *ctx, char *str) {
        if (!ctx->errors)
                return NULL;
        str[0] = '\0';
        return str;
}

/* Keys under a broken section header are not reported one by one (the header was), nor
 * taken as keys of the section before it. */
#define SECTION_SKIPPED "\x01"

static char *reader_skip_section(ParseContext *ctx, char *str) {
        if (!ctx->errors)
                return NULL;
        strcpy(str, "[" SECTION_SKIPPED "]");
        return str;
}

static char *syntax_reason(const char *data, const char *end, unsigned line);

/* An inline comment starts with ";" or "#" after a blank, as a whole-line one with either:
 * one rule for both. Cuts it off the trimmed text s..e. */
static void cut_inline_comment(const char **s, const char **e) {
        if (*s >= *e || **s == ';' || **s == '#')
                return;
        for (const char *p = *s + 1; p < *e; p++)
                if ((*p == ';' || *p == '#') && is_blank(p[-1])) {
                        *e = p;
                        trim(s, e);
                        return;
                }
}

static char *config_reader(char *str, int num, void *stream) {
        ParseContext *ctx = stream;
        const char *raw, *s, *e, *nl, *name, *name_end, *rest;
        bool has_high = false;
        LineKind kind;

        if (ctx->error_line > 0 || ctx->next >= ctx->end)
                return NULL;

        s = raw = ctx->next;
        nl = memchr(s, '\n', (size_t) (ctx->end - s));
        e = nl ?: ctx->end;
        ctx->next = nl ? nl + 1 : ctx->end;
        ctx->line++;

        if ((size_t) (e - s) > CONFIG_LINE_MAX) {
                parse_fail(ctx, -EINVAL, _("line is longer than %u bytes"), CONFIG_LINE_MAX);
                return reader_skip(ctx, str);
        }
        if (ctx->line == 1 && e - s >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
                s += 3;
        trim(&s, &e);
        cut_inline_comment(&s, &e);
        for (const char *p = s; p < e; p++) {
                unsigned char ch = (unsigned char) *p;

                /* Not a text file: the rest of it is not read, even when lenient. */
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
                return reader_skip(ctx, str);
        }
        if (kind == LINE_SETTING && rest[-1] == ':') {
                parse_fail(ctx, -EINVAL, _("\"%.*s:\" uses \":\" as a separator: write %.*s = value"),
                           (int) (name_end - name), name, (int) (name_end - name), name);
                return reader_skip(ctx, str);
        }
        if (kind == LINE_OTHER && ctx->errors) {
                _cleanup_(freep) char *reason = syntax_reason(raw, nl ?: ctx->end, 1);

                parse_fail(ctx, -EINVAL, "%s", reason ?: _("not a setting"));
                return *s == '[' ? reader_skip_section(ctx, str) : reader_skip(ctx, str);
        }
        if (kind == LINE_SECTION) {
                const char *r = rest;

                while (r < e && is_blank(*r))
                        r++;
                if (!section_known(name, (size_t) (name_end - name))) {
                        _cleanup_(freep) char *list = config_names_list(NULL);

                        parse_fail(ctx, -EINVAL, _("unknown section [%.*s]; the sections are %s"),
                                   (int) (name_end - name), name, strempty(list));
                        return reader_skip_section(ctx, str);
                }
                if (r < e && *r != ';' && *r != '#') {
                        parse_fail(ctx, -EINVAL, _("unexpected \"%.*s\" after [%.*s]"),
                                   (int) (e - r), r, (int) (name_end - name), name);
                        return reader_skip_section(ctx, str);
                }
        }
        if (e - s >= num) {
                parse_fail(ctx, -EINVAL, _("line is longer than %d characters (put long comments on lines of their own)"),
                           num - 1);
                return reader_skip(ctx, str);
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
        if (streq_ptr(section, SECTION_SKIPPED))
                return 1;

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
                return ctx->errors ? 1 : 0;
        }

        if (!*name) {
                parse_fail(ctx, -EINVAL, _("a setting without a key: write key = value"));
                return ctx->errors ? 1 : 0;
        }

        k = config_key_find(section, strlen(section), name);
        if (!k) {
                reason = unknown_key_reason(section, strlen(section));
                parse_fail(ctx, reason ? -EINVAL : -ENOMEM, "%s.%s: %s", section, name, strempty(reason));
                return ctx->errors ? 1 : 0;
        }

        i = (size_t) (k - config_table);
        if (ctx->seen[i] > 0) {
                parse_fail(ctx, -EINVAL, _("%s: set twice in one file, first on line %u"), k->key, ctx->seen[i]);
                return ctx->errors ? 1 : 0;
        }
        ctx->seen[i] = ctx->line;

        r = key_set(ctx->config, k, value, &reason);
        if (r < 0) {
                parse_fail(ctx, r, "%s: %s", k->key, strempty(reason));
                return ctx->errors ? 1 : 0;
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
        /* The comment is not quoted: it may hold anything (the reader refused non-ASCII
         * outside comments), and the text goes out over D-Bus. */
        cut_inline_comment(&s, &e);

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

/* Parses the file over c itself; the caller works on a copy. Strict (errors NULL): the first
 * error fails the file. Lenient: each bad line is appended to *errors and skipped. */
static int config_parse_data(Config *c, const char *path, const char *data, size_t size, char **ret_error,
                             char ***errors) {
        _cleanup_(freep) char *reason = NULL;
        ParseContext ctx = {
                .config = c,
                .path = path,
                .next = data,
                .end = data + size,
                .errors = errors,
        };
        int r;

        r = ini_parse_stream(config_reader, &ctx, config_handler, &ctx);
        if (r < 0 || ctx.oom) {
                free(ctx.error);
                return error_setf(ret_error, -ENOMEM, _("%s: out of memory"), path);
        }
        if (errors) {
                /* Every bad line was skipped and recorded; inih saw only good ones. */
                if (r > 0) {
                        reason = syntax_reason(data, data + size, (unsigned) r);
                        if (!reason)
                                return -ENOMEM;
                        return strv_extendf(errors, "%s:%d: %s", path, r, reason);
                }
                return 0;
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

/* Applies data, read from path, on top of c; c is unchanged on an error (strict), or gets
 * every valid line (lenient: errors not NULL). */
static int config_apply_data(Config *c, const char *path, const char *data, size_t size, char **ret_error,
                             char ***errors) {
        _cleanup_(config_done) Config t = {};
        int r;

        r = config_copy(&t, c);
        if (r < 0)
                return r;
        r = config_parse_data(&t, path, data, size, ret_error, errors);
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
        return config_parse_data(&t, path, data, size, ret_error, NULL);
}

/* A read failure: the caller's error (strict), or one more of *errors and c kept (lenient). */
static int read_failed(int r, char **error, char **ret_error, char ***errors) {
        if (!*error)
                return -ENOMEM;
        if (errors)
                return strv_extend(errors, *error);
        if (ret_error)
                *ret_error = TAKE_PTR(*error);
        return r;
}

/* config_parse_file(), strict or (errors not NULL) lenient. */
static int parse_file(Config *c, const char *path, char **ret_error, char ***errors) {
        _cleanup_(freep) char *data = NULL, *error = NULL;
        size_t size;
        int r;

        r = config_read(path, &data, &size, &error);
        if (r == -ENOENT)
                return r;
        if (r < 0)
                return read_failed(r, &error, ret_error, errors);
        return config_apply_data(c, path, data, size, ret_error, errors);
}

int config_parse_file(Config *c, const char *path, char **ret_error) {
        return parse_file(c, path, ret_error, NULL);
}

/* A system defaults file that cannot be read (a folder in its place, no permission) is the
 * administrator's to fix; the user's limberd still starts, without it. One that is read but
 * is no configuration (too large, or with errors) is refused like the user's. */
static int config_parse_system_file(Config *c, const char *path, char **ret_error, char ***errors) {
        _cleanup_(freep) char *data = NULL, *error = NULL;
        size_t size;
        int r;

        r = config_read(path, &data, &size, &error);
        if (r == -ENOMEM)
                return r;
        if (r == -ENOENT)
                return 0;
        if (r == -EFBIG)        /* readable, but not a configuration file: as a parse error */
                return read_failed(r, &error, ret_error, errors);
        if (r < 0) {
                log_warning("%s; skipping these system defaults", strempty(error));
                return 0;
        }
        return config_apply_data(c, path, data, size, ret_error, errors);
}

static int load(Config *c, const char *explicit_path, char **ret_error, char ***errors) {
        _cleanup_(config_done) Config t = {};
        _cleanup_(strv_freep) char **system = NULL;
        _cleanup_(freep) char *user = NULL;
        int r;

        r = config_init(&t);
        if (r < 0)
                return r;

        if (explicit_path) {
                r = parse_file(&t, explicit_path, ret_error, errors);
                if (r == -ENOENT && errors)
                        r = strv_extendf(errors, "%s: %s", explicit_path, strerror(ENOENT));
                else if (r == -ENOENT)
                        return error_setf(ret_error, r, "%s: %s", explicit_path, strerror(-r));
                if (r < 0)
                        return r;
        } else {
                r = paths_system_configs(&system);
                if (r < 0)
                        return r;
                for (char **p = system; *p; p++) {
                        r = config_parse_system_file(&t, *p, ret_error, errors);
                        if (r < 0)
                                return r;
                }

                /* Without $HOME or $XDG_CONFIG_HOME there is no user file to read. */
                r = paths_user_config(&user);
                if (r < 0 && r != -ENXIO)
                        return r;
                if (user) {
                        r = parse_file(&t, user, ret_error, errors);
                        if (r < 0 && r != -ENOENT)
                                return r;
                }
        }

        config_done(c);
        *c = t;
        t = (Config) {};
        return 0;
}

int config_load(Config *c, const char *explicit_path, char **ret_error) {
        return load(c, explicit_path, ret_error, NULL);
}

int config_load_lenient(Config *c, const char *explicit_path, char ***errors) {
        return load(c, explicit_path, NULL, errors);
}
