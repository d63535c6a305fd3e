/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Translations: gettext with the text domain "limber" (po/), for limberd, limber-notify and
 * limberctl alike. Texts people read are wrapped in _() (or N_() where a table holds them and
 * _() is applied where they are shown); log messages stay English. */

#include <libintl.h>
#include <locale.h>

#include "util/util.h"

#define GETTEXT_PACKAGE "limber"

#define _(s) gettext(s)
#define N_(s) (s)

/* Sets the locale's character type, messages and time formats from the environment (numbers
 * and collation stay "C": JSON and files are written the same everywhere) and binds the text
 * domain to the installed locale folder, or to $LIMBER_LOCALEDIR (a build tree's po/, for
 * tests). With utf8, translations come in UTF-8 whatever the locale's character set (D-Bus
 * and notification texts must be UTF-8). */
void i18n_init(bool utf8);

/* The languages whose texts a user wants, best first, for the exercise catalog's localized
 * keys: each entry of language (a $LANGUAGE-style "de_AT:fr" list, used only when locale is
 * not "C" or "POSIX", as gettext does) or else of locale (e.g. "de_AT.UTF-8@euro"), each
 * expanded the Desktop Entry way: lang_COUNTRY@MODIFIER, lang_COUNTRY, lang@MODIFIER, lang
 * (the character set dropped). Either may be NULL. Returns 0 with a NULL-terminated list
 * (possibly empty) in *ret, or -ENOMEM. */
int i18n_languages_from(const char *language, const char *locale, char ***ret);

/* The same from the environment: $LANGUAGE and the locale of LC_MESSAGES. */
int i18n_languages(char ***ret);

/* Where text[lang] stands in languages: its index, or -1 when the user did not ask for it. */
int i18n_language_rank(char * const *languages, const char *lang);

/* Whether lang is a locale name as a localized key may carry: "de", "pt_BR", "sr@latin". */
bool i18n_language_valid(const char *lang);

#define DURATION_TEXT_MAX 64

/* A duration for people to read, the one way limberd and limberctl write them: whole seconds
 * rounded down, the two largest units, hours not folded into days: "2h 5m", "4m 12s", "45s",
 * "26h 5m", "0s" (which limber.ini and limberctl also read), with the units of the language
 * ("2ч 5мин" in Russian). Returns buf. */
char *i18n_format_duration(char buf[static DURATION_TEXT_MAX], usec_t usec);
