/* SPDX-License-Identifier: GPL-3.0-or-later */
/* limber.ini from the files: the system files of $XDG_CONFIG_DIRS and the user's (or one
 * given file), read whole and handed to core/config-parse.c. */

#include "core/config.h"
#include "files/config-file.h"
#include "files/paths.h"
#include "util/i18n.h"
#include "util/log.h"

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
        return config_apply_text(c, path, data, size, ret_error, errors);
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
        return config_apply_text(c, path, data, size, ret_error, errors);
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
