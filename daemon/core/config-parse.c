/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The limber.ini parser: ini-reader.c reads the lines (the dialect both INI files share);
 * this judges sections, keys and values against the key table. Strict (start-up's reload,
 * limberctl check): the first error fails the file. Lenient (start-up): every error is
 * collected, its line skipped, the rest read. */

#include <assert.h>
#include <ctype.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "core/config-private.h"
#include "core/ini-reader.h"
#include "core/paths.h"
#include "util/duration.h"
#include "util/i18n.h"
#include "util/log.h"

typedef struct ParseContext {
        Config *config;
        const char *path;
        unsigned line;                  /* the line being judged */
        char *section;                  /* the current section; NULL before the first */
        bool section_skipped;           /* its header was refused: its keys are not judged */
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

/* Records an error on the current line. Returns what an ini_read() callback returns: INI_STOP
 * when strict, 0 (go on, the line skipped) when lenient. */
static int parse_fail(ParseContext *ctx, int r, const char *fmt, ...) _printf_(3, 4);
static int parse_fail(ParseContext *ctx, int r, const char *fmt, ...) {
        _cleanup_(freep) char *msg = NULL, *line = NULL;
        va_list ap;

        if (ctx->error_line > 0)
                return INI_STOP;        /* the first error is the one to fix */
        va_start(ap, fmt);
        if (vasprintf(&msg, fmt, ap) < 0)
                msg = NULL;
        va_end(ap);
        if (ctx->errors) {
                /* A file of junk is not reported line by line. */
                if (++ctx->n_errors > CONFIG_ERRORS_MAX)
                        return 0;
                if (ctx->n_errors == CONFIG_ERRORS_MAX) {
                        free(msg);
                        msg = strdup(_("more errors follow; fix these first"));
                }
                if (!msg || asprintf(&line, "%s:%u: %s", ctx->path, ctx->line, msg) < 0 ||
                    strv_extend(ctx->errors, line) < 0)
                        ctx->oom = true;
                return 0;
        }
        ctx->error_line = ctx->line;
        ctx->error_r = msg ? r : -ENOMEM;
        if (msg && asprintf(&ctx->error, "%s:%u: %s", ctx->path, ctx->line, msg) < 0) {
                ctx->error = NULL;
                ctx->error_r = -ENOMEM;
        }
        return INI_STOP;
}

static int config_on_error(void *userdata, unsigned line, bool header, const char *reason) {
        ParseContext *ctx = userdata;

        ctx->line = line;
        if (header)
                ctx->section_skipped = true;    /* its keys are not reported one by one */
        return parse_fail(ctx, -EINVAL, "%s", reason);
}

static int config_on_section(void *userdata, unsigned line, const char *name) {
        ParseContext *ctx = userdata;

        ctx->line = line;
        if (!section_known(name, strlen(name))) {
                _cleanup_(freep) char *list = config_names_list(NULL);

                ctx->section_skipped = true;
                return parse_fail(ctx, -EINVAL, _("unknown section [%s]; the sections are %s"), name, strempty(list));
        }
        free(ctx->section);
        ctx->section = strdup(name);
        if (!ctx->section)
                return -ENOMEM;
        ctx->section_skipped = false;
        return 0;
}

static int config_on_setting(void *userdata, unsigned line, const char *name, const char *value, const char *comment) {
        ParseContext *ctx = userdata;
        _cleanup_(freep) char *reason = NULL;
        const ConfigKey *k;
        size_t i;
        int r;

        (void) comment;
        ctx->line = line;
        if (ctx->section_skipped)
                return 0;

        if (!ctx->section) {
                const ConfigKey *guess = NULL;

                for (i = 0; i < config_table_size && !guess; i++)
                        if (streq(config_table[i].name, name))
                                guess = &config_table[i];
                if (guess)
                        return parse_fail(ctx, -EINVAL, _("%s: key before any section: put it under [%s]"),
                                          name, guess->section);
                return parse_fail(ctx, -EINVAL, _("%s: key before any section: start with a section such as [schedule]"),
                                  name);
        }

        k = config_key_find(ctx->section, strlen(ctx->section), name);
        if (!k) {
                reason = unknown_key_reason(ctx->section, strlen(ctx->section));
                return parse_fail(ctx, reason ? -EINVAL : -ENOMEM, "%s.%s: %s", ctx->section, name, strempty(reason));
        }

        i = (size_t) (k - config_table);
        if (ctx->seen[i] > 0)
                return parse_fail(ctx, -EINVAL, _("%s: set twice in one file, first on line %u"), k->key, ctx->seen[i]);
        ctx->seen[i] = ctx->line;

        r = key_set(ctx->config, k, value, &reason);
        if (r < 0)
                return parse_fail(ctx, r, "%s: %s", k->key, strempty(reason));
        return 0;
}

static const IniCallbacks config_callbacks = {
        .section = config_on_section,
        .setting = config_on_setting,
        .error = config_on_error,
};

/* Parses the file over c itself; the caller works on a copy. Strict (errors NULL): the first
 * error fails the file. Lenient: each bad line is appended to *errors and skipped. */
static int config_parse_data(Config *c, const char *path, const char *data, size_t size, char **ret_error,
                             char ***errors) {
        static const IniSyntax syntax = { .ascii = true };
        ParseContext ctx = {
                .config = c,
                .path = path,
                .errors = errors,
        };
        int r;

        r = ini_read(data, size, &syntax, &config_callbacks, &ctx);
        free(ctx.section);
        if ((r < 0 && ctx.error_line == 0) || ctx.oom) {
                free(ctx.error);
                return error_setf(ret_error, -ENOMEM, _("%s: out of memory"), path);
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
