/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "ctl-json.h"
#include "ctl-output.h"
#include "tap.h"

static char *escaped(const char *s) {
        MemStream m;

        if (!memstream_open(&m))
                return NULL;
        json_write_escaped(m.f, s);
        return memstream_steal(&m);
}

static void test_escape(void) {
        char *s;

        s = escaped("plain");
        CHECK_STREQ(s, "\"plain\"");
        free(s);
        s = escaped("say \"hi\"\\ now");
        CHECK_STREQ(s, "\"say \\\"hi\\\"\\\\ now\"");
        free(s);
        s = escaped("line\nnext\ttab\r\b\f");
        CHECK_STREQ(s, "\"line\\nnext\\ttab\\r\\b\\f\"");
        free(s);
        s = escaped("\x01\x1f\x7f");
        CHECK_STREQ(s, "\"\\u0001\\u001f\\u007f\"");
        free(s);
        s = escaped("Schulterkreisen — ü");      /* UTF-8 passes through */
        CHECK_STREQ(s, "\"Schulterkreisen — ü\"");
        free(s);
}

static void test_writer(void) {
        MemStream m;
        char *s;
        Json j;

        setenv("TZ", "UTC0", 1);
        CHECK(memstream_open(&m) != NULL);
        json_init(&j, m.f);
        json_object_begin(&j);
        json_field_string(&j, "state", "working");
        json_field_string(&j, "busy_reason", NULL);
        json_field_seconds(&j, "active_seconds", 4321 * USEC_PER_SEC + 999999);
        json_field_bool(&j, "idle", false);
        json_field_time(&j, "paused_until", 0);
        json_field_time(&j, "at", 1714996800ULL * USEC_PER_SEC);
        json_key(&j, "exercises");
        json_string_list(&j, "neck-tilt,cat-cow");
        json_key(&j, "none");
        json_string_list(&j, "");
        json_key(&j, "share");
        json_double(&j, 0.8, 2);
        json_key(&j, "nan");
        json_double(&j, NAN, 2);
        json_key(&j, "nested");
        json_object_begin(&j);
        json_key(&j, "n");
        json_int(&j, -3);
        json_object_end(&j);
        json_object_end(&j);
        s = memstream_steal(&m);
        CHECK_STREQ(s, "{\"state\":\"working\",\"busy_reason\":null,\"active_seconds\":4321,\"idle\":false,"
                       "\"paused_until\":null,\"at\":\"2024-05-06T12:00:00+00:00\","
                       "\"exercises\":[\"neck-tilt\",\"cat-cow\"],\"none\":[],\"share\":0.80,\"nan\":null,"
                       "\"nested\":{\"n\":-3}}\n");
        free(s);

        /* A top-level array puts each element on its own line. */
        CHECK(memstream_open(&m) != NULL);
        json_init(&j, m.f);
        json_array_begin(&j);
        for (unsigned i = 0; i < 2; i++) {
                json_object_begin(&j);
                json_field_uint(&j, "i", i);
                json_object_end(&j);
        }
        json_array_end(&j);
        s = memstream_steal(&m);
        CHECK_STREQ(s, "[\n{\"i\":0},\n{\"i\":1}\n]\n");
        free(s);

        CHECK(memstream_open(&m) != NULL);
        json_init(&j, m.f);
        json_array_begin(&j);
        json_array_end(&j);
        s = memstream_steal(&m);
        CHECK_STREQ(s, "[]\n");
        free(s);
}

int main(void) {
        test_escape();
        test_writer();
        return tap_finish("test-ctl-json");
}
