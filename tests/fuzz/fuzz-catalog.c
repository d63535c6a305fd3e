/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalog_load(): the shipped exercises.ini and the drop-ins in exercises.d. Whatever the file
 * holds, the exercises that come out are well formed (their texts go out over D-Bus and in
 * notifications, so they must be valid UTF-8), their ids are unique, and picking a break's
 * exercises returns distinct exercises of the catalog. */
#include "core/catalog.h"
#include "files/catalog-load.h"
#include "fuzz.h"

static void check_text(const char *id, const char *what, const char *s, bool may_be_null) {
        if (!s) {
                if (!may_be_null)
                        fuzz_fail("exercise %s has no %s", id, what);
                return;
        }
        if (!fuzz_utf8_valid(s))
                fuzz_fail("exercise %s: %s is not valid UTF-8", id, what);
        for (const char *p = s; *p; p++)
                if ((unsigned char) *p < 0x20 && *p != '\t' && *p != '\n')
                        fuzz_fail("exercise %s: %s holds control character 0x%02x", id, what, *p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        _cleanup_(catalog_freep) Catalog *c = NULL;
        const char *path;
        uint64_t rng;
        int r;

        fuzz_setup();
        fuzz_file(data, size, &path);

        r = catalog_load(path, NULL, NULL, &c);
        if (r < 0) {
                if (c)
                        fuzz_fail("catalog_load() failed but returned a catalog");
                return 0;
        }
        if (!c || c->n_exercises == 0)
                fuzz_fail("catalog_load() succeeded without an exercise");

        for (size_t i = 0; i < c->n_exercises; i++) {
                const Exercise *e = &c->exercises[i];
                _cleanup_(freep) char *instructions = NULL;
                size_t len = e->id ? strlen(e->id) : 0;

                if (len == 0 || len > 64 || strspn(e->id, "abcdefghijklmnopqrstuvwxyz0123456789-") != len)
                        fuzz_fail("exercise %zu has a bad id \"%s\"", i, strempty(e->id));
                if (catalog_find(c, e->id) != e)
                        fuzz_fail("exercise id %s is not unique", e->id);
                if (e->posture != POSTURE_SEATED && e->posture != POSTURE_STANDING)
                        fuzz_fail("exercise %s has posture %d", e->id, (int) e->posture);
                check_text(e->id, "name", e->name, false);
                if (isempty(e->name))
                        fuzz_fail("exercise %s has an empty name", e->id);
                check_text(e->id, "dose", e->dose, false);
                check_text(e->id, "caution", e->caution, true);
                if (!e->steps || !e->steps[0])
                        fuzz_fail("exercise %s has no step", e->id);
                for (char **s = e->steps; *s; s++)
                        check_text(e->id, "a step", *s, false);

                instructions = exercise_instructions(e);
                if (!instructions)
                        abort();
                check_text(e->id, "the instructions", instructions, false);
        }
        for (char **s = c->safety; s && *s; s++)
                check_text("[safety]", "a rule", *s, false);

        /* A break's choice, for each posture, from a seed taken from the input. */
        rng = size > 0 ? data[0] * UINT64_C(0x9E3779B97F4A7C15) + 1 : 1;
        for (Posture p = 0; p < _POSTURE_MAX; p++) {
                _cleanup_(strv_freep) char **ids = NULL;
                size_t want = (size_t) (rng_next(&rng) % 8) + 1;
                char *avoid[] = { c->exercises[0].id, NULL };

                r = catalog_pick(c, p, want, avoid, &rng, &ids);
                if (r == -ENOENT)
                        continue;
                if (r < 0 || (size_t) r > want || strv_length(ids) != (size_t) r || r == 0)
                        fuzz_fail("catalog_pick(%s, %zu) returned %d", posture_to_string(p), want, r);
                for (size_t i = 0; ids[i]; i++) {
                        const Exercise *e = catalog_find(c, ids[i]);

                        if (!e)
                                fuzz_fail("catalog_pick() chose unknown exercise %s", ids[i]);
                        if (p != POSTURE_ANY && e->posture != p)
                                fuzz_fail("catalog_pick(%s) chose %s exercise %s", posture_to_string(p),
                                          posture_to_string(e->posture), ids[i]);
                        for (size_t j = 0; j < i; j++)
                                if (streq(ids[i], ids[j]))
                                        fuzz_fail("catalog_pick() chose %s twice", ids[i]);
                }
        }
        return 0;
}
