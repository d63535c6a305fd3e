/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Enum ↔ string tables, written once: a table `static const char * const NAME_table[]`
 * indexed by the enum (holes are NULL), then one line that makes its functions:
 *   DEFINE_STRING_TABLE_TO_STRING(NAME, TYPE)    const char *NAME_to_string(TYPE i): NULL
 *                                                out of range or for a hole
 *   DEFINE_STRING_TABLE_LOOKUP(NAME, TYPE)       both NAME_to_string() and
 *                                                TYPE NAME_from_string(const char *s):
 *                                                -EINVAL for NULL or an unknown word
 * DEFINE_PRIVATE_STRING_TABLE_TO_STRING() and DEFINE_PRIVATE_STRING_TABLE_LOOKUP() make the
 * same functions static, for a table used in one file. */

#include "util/util.h"

static inline int string_table_lookup(const char * const *table, size_t n, const char *s) {
        if (!s)
                return -EINVAL;
        for (size_t i = 0; i < n; i++)
                if (table[i] && streq(table[i], s))
                        return (int) i;
        return -EINVAL;
}

#define _DEFINE_STRING_TABLE_TO_STRING(name, type, scope)                       \
        scope const char *name##_to_string(type i) {                            \
                if ((int) i < 0 || (size_t) i >= ELEMENTSOF(name##_table))      \
                        return NULL;                                            \
                return name##_table[i];                                         \
        }

#define _DEFINE_STRING_TABLE_LOOKUP(name, type, scope)                          \
        _DEFINE_STRING_TABLE_TO_STRING(name, type, scope)                       \
        scope type name##_from_string(const char *s) {                          \
                return (type) string_table_lookup(name##_table, ELEMENTSOF(name##_table), s); \
        }

#define DEFINE_STRING_TABLE_TO_STRING(name, type) _DEFINE_STRING_TABLE_TO_STRING(name, type, )
#define DEFINE_STRING_TABLE_LOOKUP(name, type) _DEFINE_STRING_TABLE_LOOKUP(name, type, )
/* Static, and not an error when a file uses only one of the pair. */
#define DEFINE_PRIVATE_STRING_TABLE_TO_STRING(name, type)                       \
        _DEFINE_STRING_TABLE_TO_STRING(name, type, static __attribute__((unused)))
#define DEFINE_PRIVATE_STRING_TABLE_LOOKUP(name, type)                          \
        _DEFINE_STRING_TABLE_LOOKUP(name, type, static __attribute__((unused)))
