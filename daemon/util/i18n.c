/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "limber-config.h"
#include "util/i18n.h"

void i18n_init(bool utf8) {
        const char *dir = getenv("LIMBER_LOCALEDIR");

        setlocale(LC_CTYPE, "");
        setlocale(LC_MESSAGES, "");
        setlocale(LC_TIME, "");
        bindtextdomain(GETTEXT_PACKAGE, !isempty(dir) ? dir : LIMBER_LOCALEDIR);
        if (utf8)
                bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
        textdomain(GETTEXT_PACKAGE);
}

static bool is_lang_char(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Skips the letters and digits at *p; returns how many. */
static size_t skip_lang_chars(const char **p) {
        size_t n = 0;

        for (; is_lang_char(**p); (*p)++)
                n++;
        return n;
}

bool i18n_language_valid(const char *lang) {
        const char *p = lang;
        size_t n = 0;

        if (!lang)
                return false;
        for (; *p >= 'a' && *p <= 'z'; p++)
                n++;
        if (n < 2 || n > 3)
                return false;
        if (*p == '_') {
                p++;
                n = skip_lang_chars(&p);
                if (n < 2 || n > 8)
                        return false;
        }
        if (*p == '@') {
                p++;
                n = skip_lang_chars(&p);
                if (n < 1 || n > 16)
                        return false;
        }
        return *p == '\0';
}

static int strv_extend_unique(char ***l, const char *s) {
        if (strv_contains(*l, s))
                return 0;
        return strv_extend(l, s);
}

/* Appends the Desktop Entry expansions of one locale name. */
static int languages_add(char ***l, const char *name) {
        char lang[16] = "", country[16] = "", modifier[24] = "", buf[64];
        size_t n;
        const char *p = name;
        int r;

        n = strcspn(p, "_.@");
        if (n == 0 || n >= sizeof(lang))
                return 0;
        memcpy(lang, p, n);
        p += n;
        if (*p == '_') {
                n = strcspn(++p, ".@");
                if (n >= sizeof(country))
                        return 0;
                memcpy(country, p, n);
                country[n] = '\0';
                p += n;
        }
        if (*p == '.')
                p += strcspn(p, "@");
        if (*p == '@') {
                n = strlen(++p);
                if (n >= sizeof(modifier))
                        return 0;
                memcpy(modifier, p, n + 1);
        }
        if (streq(lang, "C") || streq(lang, "POSIX"))
                return 0;

        if (country[0] && modifier[0]) {
                snprintf(buf, sizeof(buf), "%s_%s@%s", lang, country, modifier);
                if ((r = strv_extend_unique(l, buf)) < 0)
                        return r;
        }
        if (country[0]) {
                snprintf(buf, sizeof(buf), "%s_%s", lang, country);
                if ((r = strv_extend_unique(l, buf)) < 0)
                        return r;
        }
        if (modifier[0]) {
                snprintf(buf, sizeof(buf), "%s@%s", lang, modifier);
                if ((r = strv_extend_unique(l, buf)) < 0)
                        return r;
        }
        return strv_extend_unique(l, lang);
}

static bool locale_is_c(const char *locale) {
        return isempty(locale) || streq(locale, "C") || streq(locale, "POSIX") ||
                strncmp(locale, "C.", 2) == 0;
}

int i18n_languages_from(const char *language, const char *locale, char ***ret) {
        _cleanup_(strv_freep) char **l = NULL;
        int r;

        l = calloc(1, sizeof(char *));
        if (!l)
                return -ENOMEM;

        /* gettext ignores LANGUAGE in the C locale; so do we. */
        if (!isempty(language) && !locale_is_c(locale)) {
                _cleanup_(freep) char *copy = strdup(language);
                char *save = NULL;

                if (!copy)
                        return -ENOMEM;
                for (char *w = strtok_r(copy, ":", &save); w; w = strtok_r(NULL, ":", &save))
                        if ((r = languages_add(&l, w)) < 0)
                                return r;
        }
        if (!locale_is_c(locale) && (r = languages_add(&l, locale)) < 0)
                return r;

        *ret = TAKE_PTR(l);
        return 0;
}

int i18n_languages(char ***ret) {
        return i18n_languages_from(getenv("LANGUAGE"), setlocale(LC_MESSAGES, NULL), ret);
}

int i18n_language_rank(char * const *languages, const char *lang) {
        for (size_t i = 0; languages && languages[i]; i++)
                if (streq(languages[i], lang))
                        return (int) i;
        return -1;
}

char *i18n_format_duration(char buf[static DURATION_TEXT_MAX], usec_t usec) {
        static const struct {
                usec_t usec;
                const char *format;
        } units[] = {
                /* TRANSLATORS: the units of a duration, "1h 30m", "4m 12s" (hours, minutes,
                 * seconds): the number and the unit's short symbol without a space between them;
                 * keep h, m and s where the language writes them so. */
                { USEC_PER_HOUR,   N_("%uh") },
                { USEC_PER_MINUTE, N_("%um") },
                { USEC_PER_SEC,    N_("%us") },
        };
        size_t n = 0, shown = 0;

        buf[0] = '\0';
        for (size_t i = 0; i < ELEMENTSOF(units) && shown < 2; i++) {
                usec_t v = usec / units[i].usec;
                char part[DURATION_TEXT_MAX / 2];

                usec %= units[i].usec;
                if (v == 0) {
                        if (shown > 0)
                                break;  /* "1 h 5 s" would be odd */
                        continue;
                }
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
                snprintf(part, sizeof(part), _(units[i].format), (unsigned) MIN(v, (usec_t) UINT32_MAX));
#pragma GCC diagnostic pop
                n += (size_t) snprintf(buf + n, DURATION_TEXT_MAX - n, "%s%s", shown > 0 ? " " : "", part);
                shown++;
        }
        if (shown == 0) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
                snprintf(buf, DURATION_TEXT_MAX, _(units[2].format), 0U);
#pragma GCC diagnostic pop
        }
        return buf;
}
