/* SPDX-License-Identifier: GPL-3.0-or-later */
/* config_parse_file(): limber.ini as limberd reads it at start, on Reload() and on SIGHUP.
 * A refused file is named in the error ("FILE:LINE: reason" or "FILE: reason"), the text is
 * valid UTF-8 (Reload() sends it over D-Bus) and the configuration is left as it was; an
 * accepted one holds values that format and parse back to themselves. */
#include "core/config.h"
#include "files/config-file.h"
#include "fuzz.h"

static char *dump(const Config *c) {
        _cleanup_(freep) char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);

        if (!f)
                abort();
        for (const char * const *key = config_keys(); *key; key++) {
                _cleanup_(freep) char *v = NULL;

                if (config_get(c, *key, &v) < 0)
                        fuzz_fail("config_get(%s) failed", *key);
                fprintf(f, "%s=%s\n", *key, v);
        }
        if (fclose(f) != 0)
                abort();
        return TAKE_PTR(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        _cleanup_(config_done) Config c = {}, again = {};
        _cleanup_(freep) char *error = NULL, *before = NULL, *after = NULL;
        const char *path;
        int r;

        fuzz_setup();
        fuzz_file(data, size, &path);
        if (config_init(&c) < 0)
                abort();
        before = dump(&c);

        r = config_parse_file(&c, path, &error);
        if (r < 0) {
                size_t n = strlen(path);

                if (r == -ENOMEM)
                        return 0;
                if (!error)
                        fuzz_fail("config_parse_file() returned %d without an error text", r);
                if (strncmp(error, path, n) != 0 || error[n] != ':')
                        fuzz_fail("the error does not start with \"FILE:\": %s", error);
                if (!fuzz_utf8_valid(error))
                        fuzz_fail("the error is not valid UTF-8: %s", error);
                after = dump(&c);
                if (!streq(before, after))
                        fuzz_fail("a refused file changed the configuration: %s", error);
                return 0;
        }
        if (error)
                fuzz_fail("config_parse_file() succeeded with an error text: %s", error);

        /* Every value, as limberctl config get shows it, is accepted back as it is. */
        if (config_init(&again) < 0)
                abort();
        for (const char * const *key = config_keys(); *key; key++) {
                _cleanup_(freep) char *v = NULL, *e = NULL;

                if (config_get(&c, *key, &v) < 0)
                        abort();
                if (!fuzz_utf8_valid(v))
                        fuzz_fail("%s = \"%s\" is not valid UTF-8", *key, v);
                if (config_set(&again, *key, v, &e) < 0)
                        fuzz_fail("%s = \"%s\" was read from the file but is refused by config_set: %s",
                                  *key, v, strempty(e));
        }
        free(before);
        before = dump(&c);
        after = dump(&again);
        if (!streq(before, after))
                fuzz_fail("values do not survive config_get/config_set:\n%s---\n%s", before, after);
        return 0;
}
