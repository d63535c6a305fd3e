/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Loading the catalog: the shipped file, then the user's drop-ins (catalog.c parses each). */

#include <dirent.h>

#include "core/catalog-private.h"
#include "core/catalog.h"
#include "util/log.h"

typedef struct DirentList {
        struct dirent **entries;
        int n;
} DirentList;

static void dirent_list_done(DirentList *l) {
        for (int i = 0; i < l->n; i++)
                free(l->entries[i]);
        free(l->entries);
}

static int filter_ini(const struct dirent *de) {
        size_t n = strlen(de->d_name);

        return de->d_name[0] != '.' && n > 4 && streq(de->d_name + n - 4, ".ini");
}

/* Byte order, not the locale's: the same files load in the same order everywhere. */
static int compare_names(const struct dirent **a, const struct dirent **b) {
        return strcmp((*a)->d_name, (*b)->d_name);
}

static int catalog_load_dropins(Catalog *c, const char *dir) {
        _cleanup_(dirent_list_done) DirentList l = {};
        int r;

        l.n = scandir(dir, &l.entries, filter_ini, compare_names);
        if (l.n < 0) {
                l.n = 0;
                if (errno == ENOENT)
                        return 0;
                if (errno == ENOMEM)
                        return log_oom();
                catalog_warn(c, "%s: cannot read the folder: %s, ignoring", dir, strerror(errno));
                return 0;
        }

        for (int i = 0; i < l.n; i++) {
                _cleanup_(freep) char *path = NULL;

                if (asprintf(&path, "%s/%s", dir, l.entries[i]->d_name) < 0)
                        return log_oom();
                r = catalog_parse_file(c, path);
                if (r == -ENOMEM)
                        return r;
                if (r == -EFBIG)
                        catalog_warn(c, "%s: larger than %u KiB, ignoring", path, CATALOG_FILE_MAX / 1024);
                else if (r < 0)
                        catalog_warn(c, "%s: %s, ignoring", path, strerror(-r));
        }
        return 0;
}

char *catalog_illustrations_dir(const char *main_path) {
        _cleanup_(freep) char *real = realpath(main_path, NULL);
        const char *slash;
        char *dir;

        if (real)
                main_path = real;
        slash = strrchr(main_path, '/');
        if (!slash)
                return strdup("illustrations");
        if (asprintf(&dir, "%.*s/illustrations", (int) (slash - main_path), main_path) < 0)
                return NULL;
        return dir;
}

int catalog_load(const char *main_path, const char *dropin_dir, char * const *languages, Catalog **ret) {
        _cleanup_(catalog_freep) Catalog *c = NULL;
        int r;

        c = calloc(1, sizeof(Catalog));
        if (!c)
                return -ENOMEM;
        for (size_t i = 0; languages && languages[i]; i++)
                if (strv_extend(&c->languages, languages[i]) < 0)
                        return -ENOMEM;

        c->illustrations_dir = catalog_illustrations_dir(main_path);
        if (!c->illustrations_dir)
                return -ENOMEM;
        r = catalog_parse_file(c, main_path);
        if (r < 0)
                return r;
        if (c->n_exercises == 0) {
                log_warning("%s: no usable exercise", main_path);
                return -EINVAL;
        }

        if (dropin_dir) {
                r = catalog_load_dropins(c, dropin_dir);
                if (r < 0)
                        return r;
        }
        if (c->n_warnings > CATALOG_WARNINGS_MAX)
                log_warning("%u more problems in the exercise catalog were not reported (%u in all)",
                            c->n_warnings - CATALOG_WARNINGS_MAX, c->n_warnings);

        *ret = TAKE_PTR(c);
        return 0;
}
