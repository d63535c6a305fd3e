/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Enum ↔ string tables, written once: a table `static const char * const NAME_table[]`
 * indexed by the enum (holes are NULL), then one line that makes its functions:
 *   DEFINE_STRING_TABLE_TO_STRING(NAME, TYPE)    const char *NAME_to_string(TYPE i): NULL
 *                                                out of range or for a hole
 *   DEFINE_STRING_TABLE_LOOKUP(NAME, TYPE)       both NAME_to_string() and
 *                                                TYPE NAME_from_string(const char *s):
 *                                                -EINVAL for NULL or an unknown word */

#include "util/util.h"

static inline int string_table_lookup(const char * const *table, size_t n, const char *s) {
        if (!s)
                return -EINVAL;
        for (size_t i = 0; i < n; i++)
                if (table[i] && streq(table[i], s))
                        return (int) i;
        return -EINVAL;
}

#define DEFINE_STRING_TABLE_TO_STRING(name, type)                               \
        const char *name##_to_string(type i) {                                  \
                if ((int) i < 0 || (size_t) i >= ELEMENTSOF(name##_table))      \
                        return NULL;                                            \
                return name##_table[i];                                         \
        }

#define DEFINE_STRING_TABLE_LOOKUP(name, type)                                  \
        DEFINE_STRING_TABLE_TO_STRING(name, type)                               \
        type name##_from_string(const char *s) {                                \
                return (type) string_table_lookup(name##_table, ELEMENTSOF(name##_table), s); \
        }
