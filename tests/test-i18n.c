/* SPDX-License-Identifier: GPL-3.0-or-later */
/* util/i18n.c: the languages a user asks for, from $LANGUAGE and the locale, expanded the
 * Desktop Entry way; durations in words. */

#include "tap.h"
#include "util/i18n.h"

static void check_languages(const char *language, const char *locale, const char *expected) {
        _cleanup_(strv_freep) char **l = NULL;
        char joined[256] = "";

        CHECK_EQ(i18n_languages_from(language, locale, &l), 0);
        for (size_t i = 0; l && l[i]; i++) {
                strcat(joined, i > 0 ? ":" : "");
                strncat(joined, l[i], sizeof(joined) - strlen(joined) - 1);
        }
        CHECK_STREQ(joined, expected);
}

static void test_languages(void) {
        check_languages(NULL, "de_AT.UTF-8", "de_AT:de");
        check_languages(NULL, "de_DE.UTF-8@euro", "de_DE@euro:de_DE:de@euro:de");
        check_languages(NULL, "sr_RS@latin", "sr_RS@latin:sr_RS:sr@latin:sr");
        check_languages(NULL, "ru", "ru");
        check_languages(NULL, "pt_BR.utf8", "pt_BR:pt");
        /* LANGUAGE first, each entry expanded, no repeats; then the locale. */
        check_languages("fr_CA:de", "de_AT.UTF-8", "fr_CA:fr:de:de_AT");
        check_languages("", "es_ES.UTF-8", "es_ES:es");
        /* The C locale: no language, and LANGUAGE is ignored (as gettext does). */
        check_languages(NULL, "C", "");
        check_languages("de", "C.UTF-8", "");
        check_languages("de", "POSIX", "");
        check_languages(NULL, NULL, "");
}

static void test_language_valid(void) {
        CHECK(i18n_language_valid("de"));
        CHECK(i18n_language_valid("pt_BR"));
        CHECK(i18n_language_valid("sr@latin"));
        CHECK(i18n_language_valid("ast"));
        CHECK(!i18n_language_valid(""));
        CHECK(!i18n_language_valid("d"));
        CHECK(!i18n_language_valid("DE"));
        CHECK(!i18n_language_valid("de_"));
        CHECK(!i18n_language_valid("de.UTF-8"));
        CHECK(!i18n_language_valid("de de"));
        CHECK(!i18n_language_valid(NULL));
}

static void test_rank(void) {
        char *l[] = { (char *) "de_AT", (char *) "de", NULL };

        CHECK_EQ(i18n_language_rank(l, "de_AT"), 0);
        CHECK_EQ(i18n_language_rank(l, "de"), 1);
        CHECK_EQ(i18n_language_rank(l, "fr"), -1);
        CHECK_EQ(i18n_language_rank(NULL, "de"), -1);
}

static void test_duration(void) {
        char d[DURATION_TEXT_MAX];

        /* Untranslated (this test never binds the text domain): the English words. */
        CHECK_STREQ(i18n_format_duration(d, 0), "0s");
        CHECK_STREQ(i18n_format_duration(d, 45 * USEC_PER_SEC), "45s");
        CHECK_STREQ(i18n_format_duration(d, 2 * USEC_PER_HOUR + 5 * USEC_PER_MINUTE + 7 * USEC_PER_SEC), "2h 5m");
        CHECK_STREQ(i18n_format_duration(d, USEC_PER_HOUR + 5 * USEC_PER_SEC), "1h");
        CHECK_STREQ(i18n_format_duration(d, 90 * USEC_PER_SEC), "1m 30s");
        CHECK(strlen(i18n_format_duration(d, USEC_INFINITY)) < DURATION_TEXT_MAX);
}

int main(void) {
        test_languages();
        test_language_valid();
        test_rank();
        test_duration();
        return tap_finish("test-i18n");
}
