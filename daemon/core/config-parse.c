/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The limber.ini parser: ini-reader.c reads the lines (the dialect both INI files share);
 * this judges sections, keys and values against the key table. Strict (start-up's reload,
 * limberctl check): the first error fails the file. Lenient (start-up): every error is
 * collected, its line skipped, the rest read. */

#include <assert.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>

#include "core/config-private.h"
#include "core/ini-reader.h"
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

/* Applies data, read from path, on top of c; c is unchanged on an error (strict), or gets
 * every valid line (lenient: errors not NULL). */
int config_apply_text(Config *c, const char *path, const char *data, size_t size, char **ret_error,
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

