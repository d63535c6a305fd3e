/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The exercise catalog, parsed strictly with inih.
 *
 * inih tells its handler neither the line number nor, in its return value, more than the first
 * bad line. So inih reads through our own line reader: it hands inih exactly one physical line
 * per call (inih's line count is then the file's), remembers which line inih is on for the
 * handler's messages, and screens each line before inih sees it. A line that is binary or too
 * long for inih's buffer is reported and replaced by a blank line. Leading blanks are removed,
 * so inih never treats a line as the continuation of the previous value. Section headers are
 * read here too: inih truncates long section names. A "key = value" line for which inih never
 * called the handler is one inih rejected; we notice that when it asks for the next line. At
 * the end, inih's own verdict (the first bad line) must match what we reported. */

#include <dirent.h>
#include <ini.h>
#include <stdarg.h>

#include "core/catalog-private.h"
#include "core/catalog.h"
#include "core/paths.h"
#include "util/log.h"

#define CATALOG_FILE_MAX (1024U * 1024U)
#define ID_MAX 64
#define TEXT_SHORT_MAX 80       /* name, dose */
#define TEXT_LONG_MAX 160       /* step, caution, safety rule */
#define STEPS_MAX 16
#define SAFETY_MAX 32
#define SECTIONS_MAX 1024       /* per file: keeps a hostile file from costing quadratic time */
#define WARNINGS_MAX 64         /* per file: a binary file must not flood the journal */
#define CATALOG_WARNINGS_MAX 200 /* in all: nor must two thousand broken drop-ins */

static const char * const posture_table[_POSTURE_MAX] = {
        [POSTURE_SEATED]   = "seated",
        [POSTURE_STANDING] = "standing",
        [POSTURE_ANY]      = "any",
};

const char *posture_to_string(Posture p) {
        if (p < 0 || p >= _POSTURE_MAX)
                return NULL;
        return posture_table[p];
}

Posture posture_from_string(const char *s) {
        if (!s)
                return _POSTURE_INVALID;
        for (Posture p = 0; p < _POSTURE_MAX; p++)
                if (streq(s, posture_table[p]))
                        return p;
        return _POSTURE_INVALID;
}

void exercise_done(Exercise *e) {
        free(e->id);
        free(e->name);
        free(e->dose);
        strv_free(e->steps);
        free(e->caution);
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
        free(c);
        return NULL;
}

/* Printable UTF-8: no control characters but tab, no invalid, overlong or surrogate sequences.
 * Anything else would break the notification and the D-Bus strings the text ends up in. */
static bool line_is_text(const char *s, size_t n) {
        /* Control bytes never occur inside a multi-byte sequence, so a byte-wise look is
         * enough for them. */
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char) s[i];

                if ((c < 0x20 && c != '\t') || c == 0x7f)
                        return false;
        }
        return utf8_valid(s, n);
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

/* Where inih's find_chars_or_comment() sees an inline comment: a ';' after a blank. */
static const char *find_inline_comment(const char *s) {
        for (const char *p = s; *p; p++)
                if (*p == ';' && p > s && (p[-1] == ' ' || p[-1] == '\t'))
                        return p;
        return NULL;
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
        const char *text;
        size_t size, offset;

        unsigned line;                  /* the physical line inih is working on */
        bool line_is_pair;              /* it must reach the handler, or inih rejected it */
        bool line_handled;
        unsigned first_inih_error;      /* the line inih will return, by our count */

        SectionKind section;
        unsigned section_line;
        Exercise exercise;              /* the one being read */
        bool exercise_broken;
        bool seen_micro;
        char **ids;                     /* the sections seen in this file */
        size_t n_ids;

        unsigned n_warnings;
        int n_skipped;
        int error;                      /* -ENOMEM, which stops the parse */
} Parser;

static void parser_done(Parser *p) {
        exercise_done(&p->exercise);
        strv_free(p->ids);
}

/* Logs a warning and keeps it in c->warnings, for the Problems limberd reports. */
static void catalog_warn(Catalog *c, const char *format, ...) _printf_(2, 3);
static void catalog_warn(Catalog *c, const char *format, ...) {
        char buf[1200];
        va_list ap;

        va_start(ap, format);
        vsnprintf(buf, sizeof(buf), format, ap);
        va_end(ap);
        log_warning("%s", buf);
        if (strv_extend(&c->warnings, buf) < 0)
                log_oom();
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
                        catalog_warn(p->catalog, "%s: too many errors, not reporting more", p->path);
                return;
        }
        va_start(ap, format);
        vsnprintf(buf, sizeof(buf), format, ap);
        va_end(ap);
        catalog_warn(p->catalog, "%s:%u: %s", p->path, line, buf);
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

static void parser_inih_error(Parser *p) {
        if (p->first_inih_error == 0)
                p->first_inih_error = p->line;
}

static void parser_oom(Parser *p) {
        p->error = log_oom();
}

static void parser_finish_section(Parser *p) {
        Exercise *e = &p->exercise;
        int r;

        if (p->section == SECTION_EXERCISE) {
                const char *missing[4];
                size_t n = 0;

                if (!e->name)
                        missing[n++] = "name";
                if (e->posture < 0)
                        missing[n++] = "posture";
                if (!e->dose)
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
        p->seen_micro = false;
}

/* A "[name]" line: ends the current section and starts the next. line is inih's buffer, which
 * inih has yet to parse: it stays untouched. */
static void parser_section(Parser *p, const char *line) {
        const char *close = strchr(line + 1, ']'), *comment = find_inline_comment(line + 1), *rest;
        _cleanup_(freep) char *id = NULL;

        parser_finish_section(p);
        p->section = SECTION_SKIP;
        p->section_line = p->line;

        if (!close || (comment && comment < close)) {
                parser_inih_error(p);
                parser_reject(p, "expected \"[id]\"");
                return;
        }
        id = strndup(line + 1, (size_t) (close - line - 1));
        if (!id) {
                parser_oom(p);
                return;
        }
        for (rest = close + 1; *rest == ' ' || *rest == '\t'; rest++)
                ;
        if (*rest != '\0' && *rest != ';' && *rest != '#') {
                parser_reject(p, "text after \"[%s]\"", id);
                return;
        }

        if (streq(id, "safety")) {
                p->section = SECTION_SAFETY;
                return;
        }
        if (!id_is_valid(id)) {
                parser_reject(p, "\"[%s]\" is not an exercise id: use a-z, 0-9 and \"-\", at most %d characters",
                              id, ID_MAX);
                return;
        }
        if (p->n_ids >= SECTIONS_MAX) {
                parser_reject(p, "more than %d exercises in one file", SECTIONS_MAX);
                return;
        }
        if (strv_contains(p->ids, id)) {
                parser_reject(p, "exercise \"%s\" appears twice in this file", id);
                return;
        }
        if (strv_extend(&p->ids, id) < 0) {
                parser_oom(p);
                return;
        }
        p->n_ids++;

        p->exercise.id = TAKE_PTR(id);
        p->section = SECTION_EXERCISE;
}

/* Checks a value that becomes text in a notification. */
static bool parser_check_text(Parser *p, const char *key, const char *value, size_t max) {
        if (value[0] == '\0') {
                parser_reject(p, "\"%s\" is empty", key);
                return false;
        }
        if (strlen(value) > max) {
                parser_reject(p, "\"%s\" is longer than %zu bytes", key, max);
                return false;
        }
        return true;
}

static int parser_safety_key(Parser *p, const char *key, const char *value) {
        Catalog *c = p->catalog;

        if (!streq(key, "rule"))
                return parser_reject(p, "unknown key \"%s\" in [safety], expected \"rule\"", key);
        if (!parser_check_text(p, key, value, TEXT_LONG_MAX))
                return 0;
        if (strv_contains(c->safety, value))
                return 1;       /* a copy of the shipped file in exercises.d repeats every rule */
        if (strv_length(c->safety) >= SAFETY_MAX)
                return parser_reject(p, "more than %d safety rules", SAFETY_MAX);
        if (strv_extend(&c->safety, value) < 0)
                parser_oom(p);
        return 1;
}

static int parser_exercise_key(Parser *p, const char *key, const char *value) {
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
                if (!parser_check_text(p, key, value, TEXT_LONG_MAX))
                        return 0;
                if (strv_length(e->steps) >= STEPS_MAX)
                        return parser_reject(p, "more than %d steps", STEPS_MAX);
                if (strv_extend(&e->steps, value) < 0)
                        parser_oom(p);
                return 1;
        }

        for (size_t i = 0; i < ELEMENTSOF(text_keys); i++) {
                char **field;

                if (!streq(key, text_keys[i].key))
                        continue;
                field = (char **) ((uint8_t *) e + text_keys[i].offset);
                if (*field)
                        return parser_reject(p, "\"%s\" given twice", key);
                if (!parser_check_text(p, key, value, text_keys[i].max))
                        return 0;
                *field = strdup(value);
                if (!*field)
                        parser_oom(p);
                return 1;
        }

        if (streq(key, "posture")) {
                Posture posture = posture_from_string(value);

                if (e->posture >= 0)
                        return parser_reject(p, "\"posture\" given twice");
                if (posture != POSTURE_SEATED && posture != POSTURE_STANDING)
                        return parser_reject(p, "posture \"%s\" is not \"seated\" or \"standing\"", value);
                e->posture = posture;
                return 1;
        }

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

static int parser_handle(void *userdata, const char *section, const char *key, const char *value) {
        Parser *p = userdata;
        int r;

        if (!key)
                return 1;       /* the start of a section, for an inih built to announce it */
        p->line_handled = true;

        switch (p->section) {
        case SECTION_NONE:
                r = parser_reject(p, "\"%s\" is outside of a section", key);
                break;
        case SECTION_SKIP:
                return 1;       /* the header was reported */
        case SECTION_SAFETY:
                r = parser_safety_key(p, key, value);
                break;
        case SECTION_EXERCISE:
                r = parser_exercise_key(p, key, value);
                break;
        default:
                r = 1;
        }
        if (r == 0)
                parser_inih_error(p);
        return r;
}

/* Called for every line inih has finished with. */
static void parser_finish_line(Parser *p) {
        if (p->line_is_pair && !p->line_handled) {
                parser_inih_error(p);
                parser_reject(p, "expected \"key = value\"");
        }
        p->line_is_pair = false;
}

/* inih's reader: the next physical line into buf, or NULL at the end. */
static char *parser_read_line(char *buf, int size, void *userdata) {
        Parser *p = userdata;
        const char *start, *eol;
        size_t len;

        parser_finish_line(p);
        if (p->error < 0 || p->offset >= p->size || size < 2)
                return NULL;

        start = p->text + p->offset;
        eol = memchr(start, '\n', p->size - p->offset);
        len = eol ? (size_t) (eol - start) : p->size - p->offset;
        p->offset += len + (eol ? 1 : 0);
        p->line++;
        p->line_handled = false;

        if (len > 0 && start[len - 1] == '\r')
                len--;
        if (p->line == 1 && len >= 3 && memcmp(start, "\xef\xbb\xbf", 3) == 0) {
                start += 3;
                len -= 3;
        }
        while (len > 0 && (*start == ' ' || *start == '\t')) {
                start++;
                len--;
        }

        /* What inih sees of a line we reject: a blank line, so that its count stays right. */
        buf[0] = '\0';
        if (!line_is_text(start, len)) {
                parser_reject(p, "binary data or invalid UTF-8");
                return buf;
        }
        if (len >= (size_t) size) {
                parser_reject(p, "line longer than %d bytes", size - 1);
                return buf;
        }
        memcpy(buf, start, len);
        buf[len] = '\0';

        if (buf[0] == '[')
                parser_section(p, buf);
        else if (buf[0] != '\0' && buf[0] != ';' && buf[0] != '#')
                p->line_is_pair = true;
        return buf;
}

int catalog_parse_file(Catalog *c, const char *path) {
        _cleanup_(freep) char *text = NULL;
        _cleanup_(parser_done) Parser p = {
                .exercise.posture = _POSTURE_INVALID,
        };
        size_t size;
        int r;

        r = read_file_full(path, CATALOG_FILE_MAX, &text, &size);
        if (r < 0)
                return r;

        p.catalog = c;
        p.path = path;
        p.text = text;
        p.size = size;

        r = ini_parse_stream(parser_read_line, &p, parser_handle, &p);
        parser_finish_line(&p);
        parser_finish_section(&p);
        if (p.error < 0)
                return p.error;
        if (r == -2)
                return -ENOMEM;
        if (r < 0)
                return -EIO;
        if (r > 0 && (unsigned) r != p.first_inih_error) {
                /* Not expected: inih rejected a line for a reason we did not see. Say so anyway. */
                catalog_warn(c, "%s:%d: syntax error, ignoring", path, r);
                p.n_skipped++;
        }
        return p.n_skipped;
}

typedef struct DirentList {
        struct dirent **entries;
        int n;
} DirentList;

static void dirent_list_done(DirentList *l) {
        for (int i = 0; i < l->n; i++)
                free(l->entries[i]);
        free(l->entries);
}

static int filter_ini(const struct dirent *de) {
        size_t n = strlen(de->d_name);

        return de->d_name[0] != '.' && n > 4 && streq(de->d_name + n - 4, ".ini");
}

/* Byte order, not the locale's: the same files load in the same order everywhere. */
static int compare_names(const struct dirent **a, const struct dirent **b) {
        return strcmp((*a)->d_name, (*b)->d_name);
}

static int catalog_load_dropins(Catalog *c, const char *dir) {
        _cleanup_(dirent_list_done) DirentList l = {};
        int r;

        l.n = scandir(dir, &l.entries, filter_ini, compare_names);
        if (l.n < 0) {
                l.n = 0;
                if (errno == ENOENT)
                        return 0;
                if (errno == ENOMEM)
                        return log_oom();
                catalog_warn(c, "%s: cannot read the folder: %s, ignoring", dir, strerror(errno));
                return 0;
        }

        for (int i = 0; i < l.n; i++) {
                _cleanup_(freep) char *path = NULL;

                if (asprintf(&path, "%s/%s", dir, l.entries[i]->d_name) < 0)
                        return log_oom();
                r = catalog_parse_file(c, path);
                if (r == -ENOMEM)
                        return r;
                if (r == -EFBIG)
                        catalog_warn(c, "%s: larger than %u KiB, ignoring", path, CATALOG_FILE_MAX / 1024);
                else if (r < 0)
                        catalog_warn(c, "%s: %s, ignoring", path, strerror(-r));
        }
        return 0;
}

int catalog_load(const char *main_path, const char *dropin_dir, Catalog **ret) {
        _cleanup_(catalog_freep) Catalog *c = NULL;
        int r;

        c = calloc(1, sizeof(Catalog));
        if (!c)
                return -ENOMEM;

        r = catalog_parse_file(c, main_path);
        if (r < 0)
                return r;
        if (c->n_exercises == 0) {
                log_warning("%s: no usable exercise", main_path);
                return -EINVAL;
        }

        if (dropin_dir) {
                r = catalog_load_dropins(c, dropin_dir);
                if (r < 0)
                        return r;
        }
        if (c->n_warnings > CATALOG_WARNINGS_MAX)
                log_warning("%u more problems in the exercise catalog were not reported (%u in all)",
                            c->n_warnings - CATALOG_WARNINGS_MAX, c->n_warnings);

        *ret = TAKE_PTR(c);
        return 0;
}

char *exercise_instructions(const Exercise *e) {
        _cleanup_(freep) char *s = NULL;
        size_t size = 0;
        FILE *f;

        f = open_memstream(&s, &size);
        if (!f)
                return NULL;
        fputs(e->dose, f);
        for (size_t i = 0; e->steps && e->steps[i]; i++)
                fprintf(f, "\n%zu. %s", i + 1, e->steps[i]);
        if (e->caution)
                fprintf(f, "\nCaution: %s", e->caution);
        if (ferror(f)) {
                fclose(f);
                return NULL;
        }
        if (fclose(f) != 0)
                return NULL;
        return TAKE_PTR(s);
}

uint64_t rng_next(uint64_t *state) {
        uint64_t x = *state;

        if (x == 0)
                x = UINT64_C(0x9e3779b97f4a7c15);       /* 0 would stay 0 forever */
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return *state = x;
}

/* Appends up to want - *k ids from pool, chosen by a partial Fisher-Yates shuffle. */
static int pick_from(const Catalog *c, size_t *pool, size_t n_pool, size_t want, uint64_t *rng,
                     char **l, size_t *k) {
        for (size_t i = 0; i < n_pool && *k < want; i++) {
                size_t j = i + (size_t) (rng_next(rng) % (n_pool - i)), t = pool[i];

                pool[i] = pool[j];
                pool[j] = t;
                l[*k] = strdup(c->exercises[pool[i]].id);
                if (!l[*k])
                        return -ENOMEM;
                (*k)++;
        }
        return 0;
}

int catalog_pick(const Catalog *c, Posture posture, size_t n, char * const *avoid,
                 uint64_t *rng, char ***ret) {
        _cleanup_(freep) size_t *fresh = NULL, *stale = NULL;
        _cleanup_(strv_freep) char **l = NULL;
        size_t n_fresh = 0, n_stale = 0, k = 0;
        int r;

        if (posture < 0 || posture >= _POSTURE_MAX)
                return -EINVAL;

        fresh = malloc(MAX(c->n_exercises, 1U) * sizeof(size_t));
        stale = malloc(MAX(c->n_exercises, 1U) * sizeof(size_t));
        if (!fresh || !stale)
                return -ENOMEM;
        for (size_t i = 0; i < c->n_exercises; i++) {
                const Exercise *e = &c->exercises[i];

                if (posture != POSTURE_ANY && e->posture != posture)
                        continue;
                if (strv_contains(avoid, e->id))
                        stale[n_stale++] = i;
                else
                        fresh[n_fresh++] = i;
        }
        if (n_fresh + n_stale == 0)
                return -ENOENT;

        n = MIN(n, n_fresh + n_stale);
        l = calloc(n + 1, sizeof(char *));
        if (!l)
                return -ENOMEM;
        /* Those not in avoid first; the avoided ones only to make up the number. */
        r = pick_from(c, fresh, n_fresh, n, rng, l, &k);
        if (r < 0)
                return r;
        r = pick_from(c, stale, n_stale, n, rng, l, &k);
        if (r < 0)
                return r;

        *ret = TAKE_PTR(l);
        return (int) k;
}
