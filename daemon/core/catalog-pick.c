/* SPDX-License-Identifier: GPL-3.0-or-later */

/* What the catalog gives the rest of limberd: an exercise's instructions as one text, and the
 * choice of exercises for a break. */

#include "core/catalog.h"
#include "util/i18n.h"

char *exercise_instructions(const Exercise *e) {
        StrBuf t = {};
        char *s;

        strbuf_puts(&t, e->dose);
        for (size_t i = 0; e->steps && e->steps[i]; i++)
                strbuf_appendf(&t, "\n%zu. %s", i + 1, e->steps[i]);
        if (e->caution) {
                strbuf_putc(&t, '\n');
                /* TRANSLATORS: after an exercise's steps; limberctl exercises show sets it apart. */
                strbuf_appendf(&t, _("Caution: %s"), e->caution);
        }
        return strbuf_finish(&t, &s, NULL) < 0 ? NULL : s;
}

uint64_t rng_next(uint64_t *state) {
        uint64_t x = *state;

        if (x == 0)
                x = UINT64_C(0x9e3779b97f4a7c15);       /* 0 would stay 0 forever */
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return *state = x;
}

/* Appends up to want - *k ids from pool, chosen by a partial Fisher-Yates shuffle. */
static int pick_from(const Catalog *c, size_t *pool, size_t n_pool, size_t want, uint64_t *rng,
                     char **l, size_t *k) {
        for (size_t i = 0; i < n_pool && *k < want; i++) {
                size_t j = i + (size_t) (rng_next(rng) % (n_pool - i)), t = pool[i];

                pool[i] = pool[j];
                pool[j] = t;
                l[*k] = strdup(c->exercises[pool[i]].id);
                if (!l[*k])
                        return -ENOMEM;
                (*k)++;
        }
        return 0;
}

int catalog_pick(const Catalog *c, Posture posture, size_t n, char * const *avoid,
                 uint64_t *rng, char ***ret) {
        _cleanup_(freep) size_t *fresh = NULL, *stale = NULL;
        _cleanup_(strv_freep) char **l = NULL;
        size_t n_fresh = 0, n_stale = 0, k = 0;
        int r;

        if (posture < 0 || posture >= _POSTURE_MAX)
                return -EINVAL;

        fresh = malloc(MAX(c->n_exercises, 1U) * sizeof(size_t));
        stale = malloc(MAX(c->n_exercises, 1U) * sizeof(size_t));
        if (!fresh || !stale)
                return -ENOMEM;
        for (size_t i = 0; i < c->n_exercises; i++) {
                const Exercise *e = &c->exercises[i];

                if (posture != POSTURE_ANY && e->posture != posture)
                        continue;
                if (strv_contains(avoid, e->id))
                        stale[n_stale++] = i;
                else
                        fresh[n_fresh++] = i;
        }
        if (n_fresh + n_stale == 0)
                return -ENOENT;

        n = MIN(n, n_fresh + n_stale);
        l = calloc(n + 1, sizeof(char *));
        if (!l)
                return -ENOMEM;
        /* Those not in avoid first; the avoided ones only to make up the number. */
        r = pick_from(c, fresh, n_fresh, n, rng, l, &k);
        if (r < 0)
                return r;
        r = pick_from(c, stale, n_stale, n, rng, l, &k);
        if (r < 0)
                return r;

        *ret = TAKE_PTR(l);
        return (int) k;
}
