/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A small streaming JSON writer for --json output: commas and escaping are its business, the
 * callers only say what comes next. Objects are written compactly on one line; a top-level
 * array puts each element on a line of its own, so the output is both valid JSON and easy to
 * grep. Durations are written as whole seconds, times as ISO 8601 with the UTC offset. */

#include "util/util.h"

#define JSON_DEPTH_MAX 16

typedef struct Json {
        FILE *f;
        unsigned depth;
        bool need_comma[JSON_DEPTH_MAX];
        bool after_key;
        bool line_per_element[JSON_DEPTH_MAX];
} Json;

void json_init(Json *j, FILE *f);

void json_object_begin(Json *j);
void json_object_end(Json *j);
void json_array_begin(Json *j);
void json_array_end(Json *j);

void json_key(Json *j, const char *key);
/* A string; NULL is written as null. */
void json_string(Json *j, const char *s);
void json_null(Json *j);
/* The first n bytes of s, as a string. */
void json_string_n(Json *j, const char *s, size_t n);
void json_bool(Json *j, bool b);
void json_uint(Json *j, uint64_t u);
void json_int(Json *j, int64_t i);
/* A number with up to `decimals` decimals (trailing zeros kept: 0.75 → "0.75" for 2). */
void json_double(Json *j, double d, unsigned decimals);
/* Whole seconds (rounded down). */
void json_seconds(Json *j, usec_t usec);
/* ISO 8601 local time with offset; 0 and USEC_INFINITY are written as null. */
void json_time(Json *j, usec_t t);
/* A comma-separated list ("a,b") as an array of strings; "" is []. */
void json_string_list(Json *j, const char *comma_separated);

/* Writes s as a quoted, escaped JSON string. */
void json_write_escaped(FILE *f, const char *s);

/* CSV (RFC 4180) for spreadsheets: one field, quoted when it holds a comma, a quote or a line
 * break, followed by a comma or, when last, CRLF. */
void csv_field(FILE *f, const char *s, bool last);

static inline void json_field_string(Json *j, const char *key, const char *s) {
        json_key(j, key);
        json_string(j, s);
}
static inline void json_field_uint(Json *j, const char *key, uint64_t u) {
        json_key(j, key);
        json_uint(j, u);
}
static inline void json_field_bool(Json *j, const char *key, bool b) {
        json_key(j, key);
        json_bool(j, b);
}
static inline void json_field_seconds(Json *j, const char *key, usec_t usec) {
        json_key(j, key);
        json_seconds(j, usec);
}
static inline void json_field_time(Json *j, const char *key, usec_t t) {
        json_key(j, key);
        json_time(j, t);
}
