/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The one INI dialect of limber.ini and of the exercise files, read from memory with inih.
 *
 *   - The file is text: no NUL bytes, no control characters but tab, UTF-8 outside
 *     comments, a BOM allowed before the first line, LF or CRLF line ends, at most
 *     INI_LINE_MAX bytes a line.
 *   - A comment is a line that starts with ";" or "#", or the rest of a line from a ";" or
 *     "#" that follows a blank (one rule for both files; "a#b" is text).
 *   - "[name]" opens a section; only a comment may follow it on its line.
 *   - "key = value": "=" is the separator (not ":"), blanks around key and value are
 *     dropped, a setting is at most INI_SETTING_MAX bytes. Leading blanks are dropped, so a
 *     line never continues the value above it.
 * Every other line is refused with a reason. The reader reports each line in order, with
 * its number, to the file's own parser (config-parse.c, catalog.c), which judges sections,
 * keys and values and writes its messages as "FILE:LINE: reason". */

#include <stdbool.h>
#include <stddef.h>

#define INI_LINE_MAX 4096U      /* bytes in a line, comments included */
#define INI_SETTING_MAX 511U    /* bytes of "key = value", after the comment is cut off */

/* What a callback returns: 0 to read on, INI_STOP to stop quietly, or a negative errno
 * (-ENOMEM) to stop; ini_read() returns it. */
#define INI_STOP 1

typedef struct IniCallbacks {
        /* "[name]" on line; name as written, not checked further. */
        int (*section)(void *userdata, unsigned line, const char *name);
        /* "key = value" on line. comment is the inline comment cut off the value ("; …" or
         * "# …"), or NULL: a parser whose values are prose may want to say where it cut. */
        int (*setting)(void *userdata, unsigned line, const char *key, const char *value, const char *comment);
        /* A line refused, and why (a sentence without FILE:LINE). header: the line starts
         * with "[", so what follows it up to the next header has no section to go in. */
        int (*error)(void *userdata, unsigned line, bool header, const char *reason);
} IniCallbacks;

typedef struct IniSyntax {
        /* Sections, keys and values are ASCII (limber.ini); comments may be any UTF-8. */
        bool ascii;
} IniSyntax;

/* Reads data (size bytes, not NUL-terminated) line by line. Returns 0, -ENOMEM, or what a
 * callback returned to stop. */
int ini_read(const char *data, size_t size, const IniSyntax *syntax, const IniCallbacks *cb, void *userdata);

/* Line classification, for the reader and for config_write_key(), which edits limber.ini
 * line by line and must see each line as the reader does. */
typedef enum IniLineKind {
        INI_LINE_BLANK,
        INI_LINE_COMMENT,
        INI_LINE_SECTION,       /* name is the section */
        INI_LINE_SETTING,       /* name is the key */
        INI_LINE_OTHER,         /* refused */
} IniLineKind;

bool ini_is_blank(char ch);
/* Trims [*s, *e) of blanks (and a CR) on both sides. */
void ini_trim(const char **s, const char **e);
/* Where the inline comment of the trimmed line [s, e) starts, or NULL. */
const char *ini_find_comment(const char *s, const char *e);
/* Classifies the trimmed line [s, e), its inline comment cut off. For a section,
 * [*ret_name, *ret_name_end) is its name and *ret_rest what follows "]"; for a setting, the
 * key, and *ret_rest what follows the separator. */
IniLineKind ini_line_classify(const char *s, const char *e,
                              const char **ret_name, const char **ret_name_end, const char **ret_rest);
