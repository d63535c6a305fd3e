/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* limberctl's text is UTF-8 throughout: its own messages (gettext is bound to UTF-8) and what
 * limberd sends (exercise names, notes, errors, problems). In a locale whose character set is
 * another (ISO-8859-1, KOI8-R), stdout and stderr are converted on their way out, letters that
 * do not exist there transliterated ("?" as the last resort). JSON stays UTF-8, as its
 * specification wants. */

#include <stdbool.h>
#include <stdio.h>

/* Whether the locale's character set (nl_langinfo(CODESET), after setlocale) is UTF-8. */
bool charset_is_utf8(void);

/* Replaces *stream by a stream that converts UTF-8 to the locale's character set and writes
 * to the old one. Does nothing in a UTF-8 locale. Returns 0 or -errno (then *stream is
 * unchanged). */
int charset_convert_stream(FILE **stream);
