/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The exercise catalog's parser: ini-reader.c reads the lines (the dialect both INI files
 * share); this judges sections, keys and texts. A bad line is reported with its line and costs
 * the exercise it is in (or the line, outside one); the rest of the file is read. */

#include <stdarg.h>

#include "core/catalog-private.h"
#include "core/catalog.h"
#include "core/ini-reader.h"
#include "util/i18n.h"
#include "util/string-table.h"

#define ID_MAX 64
#define TEXT_SHORT_MAX 80       /* name, dose */
#define TEXT_LONG_MAX 160       /* step, caution, safety rule */
#define STEPS_MAX 16
#define SAFETY_MAX 32
#define SECTIONS_MAX 1024       /* per file: keeps a hostile file from costing quadratic time */
#define WARNINGS_MAX 64         /* per file: a binary file must not flood the journal */

static const char * const posture_table[_POSTURE_MAX] = {
        [POSTURE_SEATED]   = "seated",
        [POSTURE_STANDING] = "standing",
        [POSTURE_ANY]      = "any",
};

DEFINE_STRING_TABLE_LOOKUP(posture, Posture)

void exercise_done(Exercise *e) {
        free(e->id);
        free(e->name);
        free(e->dose);
        strv_free(e->steps);
        free(e->caution);
        exercise_frames_free(e);
        *e = (Exercise) { .posture = _POSTURE_INVALID };
}

Catalog *catalog_free(Catalog *c) {
        if (!c)
                return NULL;
        for (size_t i = 0; i < c->n_exercises; i++)
                exercise_done(&c->exercises[i]);
        free(c->exercises);
        free(c->slots);
        strv_free(c->safety);
        strv_free(c->warnings);
        strv_free(c->safety_source);
        strv_free(c->languages);
        free(c->illustrations_dir);
        free(c);
        return NULL;
}

static bool id_is_valid(const char *id) {
        size_t n = strlen(id);

        if (n == 0 || n > ID_MAX)
                return false;
        for (const char *s = id; *s; s++)
                if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
                        return false;
        return true;
}

typedef enum SectionKind {
        SECTION_NONE,           /* before the first header */
        SECTION_SKIP,           /* after a broken header: its lines are ignored */
        SECTION_SAFETY,
        SECTION_EXERCISE,
} SectionKind;

typedef struct Parser {
        Catalog *catalog;
        const char *path;
        unsigned line;                  /* the line being judged */

        SectionKind section;
        unsigned section_line;
        Exercise exercise;              /* the one being read */
        bool exercise_broken;
        bool seen_micro;
        bool frames_broken;             /* a frame was reported: the exercise has no pictures */
        char **seen_keys;               /* the text keys given in this section: "name", "name[de]" */
        int text_rank[3];               /* name, dose, caution: the rank of the text kept */

        /* The last "step" or "rule", which the localized lines below it translate. */
        bool item_open;
        char **item_list;               /* the list its text is kept in, NULL if it is not kept */
        size_t item_index;
        int item_rank;                  /* the rank of the text kept */
        char **item_langs;              /* the languages given for it */

        char **ids;                     /* the sections seen in this file */
        size_t n_ids;

        unsigned n_warnings;
        int n_skipped;
        int error;                      /* -ENOMEM, which stops the parse */
} Parser;

static void parser_done(Parser *p) {
        exercise_done(&p->exercise);
        strv_free(p->ids);
        strv_free(p->seen_keys);
        strv_free(p->item_langs);
}

/* Where a text in lang (NULL: untranslated) stands among the texts for one key: lower is
 * better; -1 when the user did not ask for lang. */
static int parser_rank(const Parser *p, const char *lang) {
        if (!lang)
                return (int) strv_length(p->catalog->languages);
        return i18n_language_rank(p->catalog->languages, lang);
}

/* A new "step" or "rule" (kept at list[index], or not kept when list is NULL). */
static void parser_open_item(Parser *p, char **list, size_t index) {
        p->item_open = true;
        p->item_list = list;
        p->item_index = index;
        p->item_rank = parser_rank(p, NULL);
        strv_free(p->item_langs);
        p->item_langs = NULL;
}

int catalog_warn(Catalog *c, const char *format, ...) {
        char buf[1200];
        va_list ap;

        va_start(ap, format);
        vsnprintf(buf, sizeof(buf), format, ap);
        va_end(ap);
        return strv_extend(&c->warnings, buf);
}

static void parser_warn(Parser *p, unsigned line, const char *format, ...) _printf_(3, 4);
static void parser_warn(Parser *p, unsigned line, const char *format, ...) {
        char buf[1024];
        va_list ap;

        p->n_warnings++;
        p->catalog->n_warnings++;
        if (p->catalog->n_warnings > CATALOG_WARNINGS_MAX)
                return;         /* counted; catalog_load() says how many were not shown */
        if (p->n_warnings > WARNINGS_MAX) {
                if (p->n_warnings == WARNINGS_MAX + 1)
                        if (catalog_warn(p->catalog, "%s: too many errors, not reporting more", p->path) < 0)
                                p->error = -ENOMEM;
                return;
        }
        va_start(ap, format);
        vsnprintf(buf, sizeof(buf), format, ap);
        va_end(ap);
        if (catalog_warn(p->catalog, "%s:%u: %s", p->path, line, buf) < 0)
                p->error = -ENOMEM;
}

/* Reports the current line, and drops the exercise it belongs to. Returns 0, so that the
 * handler can return it to inih. */
static int parser_reject(Parser *p, const char *format, ...) _printf_(2, 3);
static int parser_reject(Parser *p, const char *format, ...) {
        char reason[768];
        va_list ap;

        va_start(ap, format);
        vsnprintf(reason, sizeof(reason), format, ap);
        va_end(ap);

        if (p->section == SECTION_EXERCISE) {
                parser_warn(p, p->line, "%s, ignoring exercise \"%s\"", reason, p->exercise.id);
                p->exercise_broken = true;      /* counted once, when the section ends */
        } else {
                parser_warn(p, p->line, "%s, ignoring%s", reason,
                            p->section == SECTION_SKIP && p->line == p->section_line ? " the section" : "");
                p->n_skipped++;
        }
        return 0;
}

static void parser_oom(Parser *p) {
        p->error = -ENOMEM;
}

static void parser_finish_section(Parser *p) {
        Exercise *e = &p->exercise;
        int r;

        if (p->section == SECTION_EXERCISE) {
                const char *missing[4];
                size_t n = 0;

                /* A translation does not stand in for the text it translates. */
                if (!strv_contains(p->seen_keys, "name"))
                        missing[n++] = "name";
                if (e->posture < 0)
                        missing[n++] = "posture";
                if (!strv_contains(p->seen_keys, "dose"))
                        missing[n++] = "dose";
                if (!e->steps)
                        missing[n++] = "step";
                /* A broken exercise was reported already, and may lack a key only because of that. */
                if (n > 0 && !p->exercise_broken) {
                        char list[64] = "";

                        for (size_t i = 0; i < n; i++) {
                                strcat(list, i > 0 ? ", " : "");
                                strcat(list, missing[i]);
                        }
                        parser_warn(p, p->section_line, "exercise \"%s\" has no %s, ignoring it",
                                    e->id, list);
                        p->exercise_broken = true;
                }

                if (p->frames_broken)
                        exercise_frames_free(e);
                if (p->exercise_broken)
                        p->n_skipped++;
                else {
                        r = catalog_put(p->catalog, e);
                        if (r < 0)
                                parser_oom(p);
                }
                exercise_done(e);
        }

        p->section = SECTION_NONE;
        p->exercise_broken = false;
        p->frames_broken = false;
        p->seen_micro = false;
        strv_free(p->seen_keys);
        p->seen_keys = NULL;
        parser_open_item(p, NULL, 0);
        p->item_open = false;
}

/* A "[name]" line: ends the current section and starts the next. */
static int parser_section(void *userdata, unsigned line, const char *name) {
        Parser *p = userdata;
        _cleanup_(freep) char *id = NULL;

        p->line = line;
        parser_finish_section(p);
        p->section = SECTION_SKIP;
        p->section_line = p->line;

        if (streq(name, "safety")) {
                p->section = SECTION_SAFETY;
                return p->error;
        }
        if (!id_is_valid(name))
                return parser_reject(p, "\"[%s]\" is not an exercise id: use a-z, 0-9 and \"-\", at most %d characters",
                                     name, ID_MAX);
        if (p->n_ids >= SECTIONS_MAX)
                return parser_reject(p, "more than %d exercises in one file", SECTIONS_MAX);
        if (strv_contains(p->ids, name))
                return parser_reject(p, "exercise \"%s\" appears twice in this file", name);
        id = strdup(name);
        if (!id || strv_extend(&p->ids, id) < 0) {
                parser_oom(p);
                return p->error;
        }
        p->n_ids++;

        p->exercise.id = TAKE_PTR(id);
        p->section = SECTION_EXERCISE;
        return p->error;
}

/* Checks a value that becomes text in a notification. A translation (lang not NULL) may take
 * twice the bytes: most scripts need two or three bytes a character. */
static bool parser_check_text(Parser *p, const char *key, const char *lang, const char *value, size_t max) {
        if (lang)
                max *= 2;
        if (value[0] == '\0') {
                parser_reject(p, "\"%s%s%s%s\" is empty", key, lang ? "[" : "", strempty(lang), lang ? "]" : "");
                return false;
        }
        if (strlen(value) > max) {
                parser_reject(p, "\"%s%s%s%s\" is longer than %zu bytes", key, lang ? "[" : "", strempty(lang),
                              lang ? "]" : "", max);
                return false;
        }
        return true;
}

/* A "step[lang]" or "rule[lang]" line: the translation of the item above it. Returns 1, or
 * 0 when rejected. */
static int parser_translate_item(Parser *p, const char *key, const char *lang, const char *value) {
        int rank;
        char *copy;

        if (!p->item_open)
                return parser_reject(p, "\"%s[%s]\" comes before any \"%s\": it translates the \"%s\" above it",
                                     key, lang, key, key);
        if (!parser_check_text(p, key, lang, value, TEXT_LONG_MAX))
                return 0;
        if (strv_contains(p->item_langs, lang))
                return parser_reject(p, "\"%s[%s]\" given twice for one \"%s\"", key, lang, key);
        if (strv_extend(&p->item_langs, lang) < 0) {
                parser_oom(p);
                return 1;
        }
        rank = parser_rank(p, lang);
        if (!p->item_list || rank < 0 || rank >= p->item_rank)
                return 1;
        copy = strdup(value);
        if (!copy) {
                parser_oom(p);
                return 1;
        }
        free(p->item_list[p->item_index]);
        p->item_list[p->item_index] = copy;
        p->item_rank = rank;
        return 1;
}

static int parser_safety_key(Parser *p, const char *key, const char *lang, const char *value) {
        Catalog *c = p->catalog;

        if (!streq(key, "rule"))
                return parser_reject(p, "unknown key \"%s\" in [safety], expected \"rule\"", key);
        if (lang)
                return parser_translate_item(p, key, lang, value);
        if (!parser_check_text(p, key, NULL, value, TEXT_LONG_MAX))
                return 0;
        if (strv_contains(c->safety_source, value)) {
                /* A copy of the shipped file in exercises.d repeats every rule. */
                parser_open_item(p, NULL, 0);
                return 1;
        }
        if (strv_length(c->safety) >= SAFETY_MAX)
                return parser_reject(p, "more than %d safety rules", SAFETY_MAX);
        if (strv_extend(&c->safety, value) < 0 || strv_extend(&c->safety_source, value) < 0) {
                parser_oom(p);
                return 1;
        }
        parser_open_item(p, c->safety, strv_length(c->safety) - 1);
        return 1;
}

/* A "frame" line. A bad one costs the exercise its pictures, not the exercise. */
static int parser_frame(Parser *p, const char *value) {
        _cleanup_(freep) char *error = NULL;
        Exercise *e = &p->exercise;
        ExerciseFrame f = {};
        const char *name = NULL;
        int r;

        if (p->frames_broken)
                return 1;       /* reported at its first bad frame */
        if (e->n_frames >= EXERCISE_FRAMES_MAX)
                r = error_setf(&error, -E2BIG, "more than %d frames", EXERCISE_FRAMES_MAX);
        else
                r = exercise_frame_parse(value, &f.duration_ms, &name, &error);
        if (r >= 0 && p->catalog->find_frame)
                r = p->catalog->find_frame(p->path, p->catalog->illustrations_dir, name, &f.path, &error);
        else if (r >= 0) {
                f.path = strdup(name);
                r = f.path ? 0 : -ENOMEM;
        }
        if (r == -ENOMEM) {
                parser_oom(p);
                return 1;
        }
        if (r < 0) {
                parser_warn(p, p->line, "%s, ignoring the pictures of exercise \"%s\"", error, e->id);
                p->frames_broken = true;
                return 1;
        }
        ExerciseFrame *l = reallocarray(e->frames, e->n_frames + 1, sizeof(ExerciseFrame));
        if (!l) {
                free(f.path);
                parser_oom(p);
                return 1;
        }
        e->frames = l;
        e->frames[e->n_frames++] = f;
        return 1;
}

static int parser_exercise_key(Parser *p, const char *key, const char *lang, const char *value) {
        static const struct {
                const char *key;
                size_t offset;
                size_t max;
        } text_keys[] = {
                { "name",    offsetof(Exercise, name),    TEXT_SHORT_MAX },
                { "dose",    offsetof(Exercise, dose),    TEXT_SHORT_MAX },
                { "caution", offsetof(Exercise, caution), TEXT_LONG_MAX },
        };
        Exercise *e = &p->exercise;
        int r;

        if (streq(key, "step")) {
                if (lang)
                        return parser_translate_item(p, key, lang, value);
                if (!parser_check_text(p, key, NULL, value, TEXT_LONG_MAX))
                        return 0;
                if (strv_length(e->steps) >= STEPS_MAX)
                        return parser_reject(p, "more than %d steps", STEPS_MAX);
                if (strv_extend(&e->steps, value) < 0) {
                        parser_oom(p);
                        return 1;
                }
                parser_open_item(p, e->steps, strv_length(e->steps) - 1);
                return 1;
        }

        for (size_t i = 0; i < ELEMENTSOF(text_keys); i++) {
                _cleanup_(freep) char *full = NULL;
                char **field;
                int rank;

                if (!streq(key, text_keys[i].key))
                        continue;
                if (asprintf(&full, lang ? "%s[%s]" : "%s", key, lang) < 0) {
                        parser_oom(p);
                        return 1;
                }
                if (strv_contains(p->seen_keys, full))
                        return parser_reject(p, "\"%s\" given twice", full);
                if (!parser_check_text(p, key, lang, value, text_keys[i].max))
                        return 0;
                if (strv_extend(&p->seen_keys, full) < 0) {
                        parser_oom(p);
                        return 1;
                }
                field = (char **) ((uint8_t *) e + text_keys[i].offset);
                rank = parser_rank(p, lang);
                if (rank < 0 || (*field && rank >= p->text_rank[i]))
                        return 1;       /* a language not asked for, or a better one is kept */
                free(*field);
                *field = strdup(value);
                if (!*field)
                        parser_oom(p);
                p->text_rank[i] = rank;
                return 1;
        }

        if (lang)
                return parser_reject(p, "\"%s\" takes no language: only name, dose, step and caution are translated",
                                     key);

        if (streq(key, "posture")) {
                Posture posture = posture_from_string(value);

                if (e->posture >= 0)
                        return parser_reject(p, "\"posture\" given twice");
                if (posture != POSTURE_SEATED && posture != POSTURE_STANDING)
                        return parser_reject(p, "posture \"%s\" is not \"seated\" or \"standing\"", value);
                e->posture = posture;
                return 1;
        }

        if (streq(key, "frame"))
                return parser_frame(p, value);

        if (streq(key, "micro")) {
                if (p->seen_micro)
                        return parser_reject(p, "\"micro\" given twice");
                r = parse_boolean(value);
                if (r < 0)
                        return parser_reject(p, "micro \"%s\" is not \"true\" or \"false\"", value);
                p->seen_micro = true;
                e->micro = r;
                return 1;
        }

        return parser_reject(p, "unknown key \"%s\"", key);
}

/* A line the reader refused. A refused header ends the section before it, and what follows
 * it up to the next header is not read. */
static int parser_error(void *userdata, unsigned line, bool header, const char *reason) {
        Parser *p = userdata;

        p->line = line;
        if (header) {
                parser_finish_section(p);
                p->section = SECTION_SKIP;
                p->section_line = line;
        }
        parser_reject(p, "%s", reason);
        return p->error;
}

static bool key_is_text(const char *key) {
        static const char * const text_keys[] = { "name", "dose", "step", "caution", "rule", NULL };

        return strv_contains((char **) text_keys, key);
}

/* "key = value" or "key[lang] = value". */
static int parser_setting(void *userdata, unsigned line, const char *name, const char *value, const char *comment) {
        Parser *p = userdata;
        _cleanup_(freep) char *key = strdup(name);
        char *lang = NULL;
        size_t n;

        p->line = line;
        if (!key) {
                parser_oom(p);
                return p->error;
        }
        n = strlen(key);
        if (n > 0 && key[n - 1] == ']' && (lang = strchr(key, '['))) {
                key[n - 1] = '\0';
                *lang++ = '\0';
                if (!i18n_language_valid(lang)) {
                        parser_reject(p, "\"%s[%s]\": \"%s\" is not a language, e.g. de, pt_BR or sr@latin", key, lang,
                                      lang);
                        return p->error;
                }
        }

        switch (p->section) {
        case SECTION_NONE:
                parser_reject(p, "\"%s\" is outside of a section", name);
                return p->error;
        case SECTION_SKIP:
                return p->error;        /* the header was reported */
        case SECTION_SAFETY:
                parser_safety_key(p, key, lang, value);
                break;
        case SECTION_EXERCISE:
                parser_exercise_key(p, key, lang, value);
                break;
        }
        /* Before both files read "#" alike, a " #" in an exercise file was text: say where a
         * text is cut, so that nobody loses half a sentence without being told. */
        if (comment && *comment == '#' && key_is_text(key))
                parser_warn(p, line, "\"%s\" ends before \" #\": \"#\" after a blank starts a comment; put "
                            "comments on lines of their own", name);
        return p->error;
}

static const IniCallbacks catalog_callbacks = {
        .section = parser_section,
        .setting = parser_setting,
        .error = parser_error,
};

int catalog_parse_text(Catalog *c, const char *path, const char *text, size_t size) {
        static const IniSyntax syntax = {};
        _cleanup_(parser_done) Parser p = {
                .catalog = c,
                .path = path,
                .exercise.posture = _POSTURE_INVALID,
        };
        int r;

        r = ini_read(text, size, &syntax, &catalog_callbacks, &p);
        if (r >= 0)
                parser_finish_section(&p);
        if (p.error < 0)
                return p.error;
        if (r < 0)
                return r;
        return p.n_skipped;
}
