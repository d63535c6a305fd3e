/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalog's ids: an open-addressing hash (Catalog.slots), so that loading n exercises
 * (tens of thousands of drop-ins) costs n, not n², and catalog_find() is constant. */

#include "core/catalog-private.h"
#include "core/catalog.h"

/* FNV-1a */
static size_t id_hash(const char *id) {
        uint64_t h = UINT64_C(0xcbf29ce484222325);

        for (const unsigned char *p = (const unsigned char *) id; *p; p++)
                h = (h ^ *p) * UINT64_C(0x100000001b3);
        return (size_t) h;
}

/* The slot that holds id, or the empty one where it would go. */
static size_t *slot_of(const Catalog *c, const char *id) {
        for (size_t i = id_hash(id) & (c->n_slots - 1);; i = (i + 1) & (c->n_slots - 1))
                if (c->slots[i] == 0 || streq(c->exercises[c->slots[i] - 1].id, id))
                        return &c->slots[i];
}

/* Makes room for one more id in the hash, rebuilding it twice as large when half full. */
static int slots_reserve(Catalog *c) {
        size_t n = MAX(c->n_slots, (size_t) 64), *old = c->slots;

        if (c->slots && 2 * (c->n_exercises + 1) <= c->n_slots)
                return 0;
        while (2 * (c->n_exercises + 1) > n)
                n *= 2;
        c->slots = calloc(n, sizeof(size_t));
        if (!c->slots) {
                c->slots = old;
                return -ENOMEM;
        }
        c->n_slots = n;
        for (size_t i = 0; i < c->n_exercises; i++)
                *slot_of(c, c->exercises[i].id) = i + 1;
        free(old);
        return 0;
}

const Exercise *catalog_find(const Catalog *c, const char *id) {
        if (!c || !id)
                return NULL;
        if (c->slots) {
                size_t k = *slot_of(c, id);
                return k > 0 ? &c->exercises[k - 1] : NULL;
        }
        for (size_t i = 0; i < c->n_exercises; i++)
                if (streq(c->exercises[i].id, id))
                        return &c->exercises[i];
        return NULL;
}

int catalog_put(Catalog *c, Exercise *e) {
        size_t *slot;

        if (slots_reserve(c) < 0)
                return -ENOMEM;
        slot = slot_of(c, e->id);
        if (*slot > 0) {
                exercise_done(&c->exercises[*slot - 1]);
                c->exercises[*slot - 1] = *e;
                *e = (Exercise) { .posture = _POSTURE_INVALID };
                return 0;
        }

        if (c->n_exercises == c->n_allocated) {
                size_t n = MAX(c->n_allocated * 2, (size_t) 16);
                Exercise *l = reallocarray(c->exercises, n, sizeof(Exercise));

                if (!l)
                        return -ENOMEM;
                c->exercises = l;
                c->n_allocated = n;
        }
        c->exercises[c->n_exercises++] = *e;
        *slot = c->n_exercises;
        *e = (Exercise) { .posture = _POSTURE_INVALID };
        return 0;
}
