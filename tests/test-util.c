/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdlib.h>

#include "tap.h"
#include "util/string-table.h"
#include "util/util.h"

#define FFFD "\xEF\xBF\xBD"

static void check_sanitize(const char *in, const char *expected) {
        char *out = utf8_sanitize(in);

        CHECK_STREQ(out, expected);
        CHECK(out && utf8_valid(out, strlen(out)));
        free(out);
}

static void test_utf8_valid(void) {
        CHECK(utf8_valid("", 0));
        CHECK(utf8_valid("plain ASCII", 11));
        CHECK(utf8_valid("caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x92\xAA", 14));
        CHECK(!utf8_valid("caf\xE9", 4));               /* Latin-1 */
        CHECK(!utf8_valid("\xC0\xAF", 2));              /* overlong "/" */
        CHECK(!utf8_valid("\xE0\x80\xAF", 3));          /* overlong, three bytes */
        CHECK(!utf8_valid("\xED\xA0\x80", 3));          /* a surrogate */
        CHECK(!utf8_valid("\xF4\x90\x80\x80", 4));      /* above U+10FFFF */
        CHECK(!utf8_valid("\xC3", 1));                  /* cut short */
        CHECK(!utf8_valid("\xC3\xA9", 1));              /* cut short by n */
        CHECK(!utf8_valid("\x80", 1));                  /* a lone continuation byte */
}

static void test_utf8_sanitize(void) {
        check_sanitize("", "");
        check_sanitize("/home/ana/caf\xC3\xA9.ini", "/home/ana/caf\xC3\xA9.ini");
        check_sanitize("/home/ana/caf\xE9.ini", "/home/ana/caf" FFFD ".ini");
        check_sanitize("\xFF\xFE", FFFD FFFD);
        check_sanitize("a\xC3", "a" FFFD);              /* a sequence cut at the end */
        check_sanitize("\xE2\x80x", FFFD FFFD "x");     /* each byte of a broken one */
        check_sanitize("\xED\xA0\x80", FFFD FFFD FFFD);
}

typedef enum Fruit {
        FRUIT_APPLE,
        FRUIT_PEAR,                     /* a hole in the table */
        FRUIT_PLUM,
        _FRUIT_MAX,
        _FRUIT_INVALID = -EINVAL,
} Fruit;

static const char * const fruit_table[_FRUIT_MAX] = {
        [FRUIT_APPLE] = "apple",
        [FRUIT_PLUM] = "plum",
};

/* Made the way the daemon's tables are; private (static) to this file. */
DEFINE_PRIVATE_STRING_TABLE_LOOKUP(fruit, Fruit)

static void test_string_table(void) {
        CHECK_STREQ(fruit_to_string(FRUIT_APPLE), "apple");
        CHECK_STREQ(fruit_to_string(FRUIT_PLUM), "plum");
        CHECK(!fruit_to_string(FRUIT_PEAR));
        CHECK(!fruit_to_string(_FRUIT_MAX));
        CHECK(!fruit_to_string(_FRUIT_INVALID));
        CHECK_EQ(fruit_from_string("apple"), FRUIT_APPLE);
        CHECK_EQ(fruit_from_string("plum"), FRUIT_PLUM);
        CHECK_EQ(fruit_from_string("pear"), _FRUIT_INVALID);
        CHECK_EQ(fruit_from_string("Apple"), _FRUIT_INVALID);
        CHECK_EQ(fruit_from_string(""), _FRUIT_INVALID);
        CHECK_EQ(fruit_from_string(NULL), _FRUIT_INVALID);
}

static void test_strbuf(void) {
        _cleanup_(freep) char *s = NULL, *empty = NULL, *big = NULL;
        StrBuf t = {};
        size_t n = 0;

        strbuf_puts(&t, "dose");
        strbuf_putc(&t, '\n');
        strbuf_appendf(&t, "%d. %s", 1, "step");
        strbuf_append(&t, "\0x", 2);          /* NUL bytes are kept, counted in the size */
        CHECK_EQ(strbuf_finish(&t, &s, &n), 0);
        CHECK_EQ(n, 14);
        CHECK(s && memcmp(s, "dose\n1. step\0x", 15) == 0);
        CHECK(t.data == NULL && t.size == 0);

        CHECK_EQ(strbuf_finish(&t, &empty, NULL), 0);   /* nothing added: "" */
        CHECK_STREQ(empty, "");

        for (int i = 0; i < 1000; i++)
                strbuf_appendf(&t, "%04d", i);
        CHECK_EQ(strbuf_finish(&t, &big, &n), 0);
        CHECK_EQ(n, 4000);
        CHECK(big && strncmp(big + 3996, "0999", 4) == 0 && big[4000] == '\0');
}

static void test_parse_boolean(void) {
        CHECK_EQ(parse_boolean("true"), 1);
        CHECK_EQ(parse_boolean("True"), 1);
        CHECK_EQ(parse_boolean("YES"), 1);
        CHECK_EQ(parse_boolean("on"), 1);
        CHECK_EQ(parse_boolean("1"), 1);
        CHECK_EQ(parse_boolean("FALSE"), 0);
        CHECK_EQ(parse_boolean("No"), 0);
        CHECK_EQ(parse_boolean("off"), 0);
        CHECK_EQ(parse_boolean("0"), 0);
        CHECK_EQ(parse_boolean(""), -EINVAL);
        CHECK_EQ(parse_boolean("maybe"), -EINVAL);
        CHECK_EQ(parse_boolean("truex"), -EINVAL);
        CHECK_EQ(parse_boolean(" true"), -EINVAL);
}

int main(void) {
        test_parse_boolean();
        test_string_table();
        test_strbuf();
        test_utf8_valid();
        test_utf8_sanitize();
        return tap_finish("test-util");
}
