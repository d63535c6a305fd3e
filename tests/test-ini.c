/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one INI dialect (core/ini-reader.h) through both files that use it: each line the
 * reader refuses is refused with the same reason, on its line, in limber.ini and in an
 * exercise file; both read comments by the same rule. */

#include <stdlib.h>
#include <unistd.h>

#include "core/catalog.h"
#include "core/config.h"
#include "core/ini-reader.h"
#include "files/config-file.h"
#include "tap.h"

/* The warnings of the last catalog_with(): the parser keeps them (files/ logs them). */
static char **warnings;

static char dir[] = "/tmp/test-ini.XXXXXX";

/* limber.ini "[schedule]\nLINE\n": the error, or NULL; c gets what was read. */
static char *config_with(const char *line, size_t len, Config *c) {
        _cleanup_(freep) char *path = NULL, *text = NULL;
        char *error = NULL;
        size_t n = strlen("[schedule]\n");
        FILE *f;

        CHECK(asprintf(&path, "%s/limber.ini", dir) > 0);
        text = malloc(n + len + 1);
        CHECK(text != NULL);
        if (!path || !text)
                abort();
        memcpy(text, "[schedule]\n", n);
        memcpy(text + n, line, len);
        text[n + len] = '\n';
        f = fopen(path, "we");
        CHECK(f && fwrite(text, 1, n + len + 1, f) == n + len + 1);
        CHECK(f && fclose(f) == 0);
        CHECK_EQ(config_init(c), 0);
        (void) config_parse_file(c, path, &error);
        return error;
}

/* An exercise file whose line 6 is LINE, in the exercise "x". */
#define EXERCISE "[x]\nname = X\nposture = seated\ndose = 1\nstep = S.\n"

static Catalog *catalog_with(const char *line, size_t len) {
        _cleanup_(freep) char *text = NULL;
        Catalog *c = calloc(1, sizeof(Catalog));
        size_t n = strlen(EXERCISE);

        text = malloc(n + len + 1);
        CHECK(c && text);
        if (!c || !text)
                abort();
        memcpy(text, EXERCISE, n);
        memcpy(text + n, line, len);
        text[n + len] = '\n';
        CHECK(catalog_parse_text(c, "x.ini", text, n + len + 1) >= 0);
        warnings = c->warnings;
        return c;
}

#define NUL_SETTING "interval = 2h\0x"
#define NUL_STEP "step = T.\0x"

/* Each refused line: the same reason in both files, naming its line. */
static void test_refused_lines(void) {
        _cleanup_(freep) char *huge = malloc(INI_LINE_MAX + 16), *long_setting = malloc(INI_SETTING_MAX + 16);
        const struct {
                const char *config_line;        /* NULL: not for limber.ini */
                const char *catalog_line;       /* NULL: not for an exercise file */
                const char *reason;
                size_t config_len, catalog_len; /* 0: strlen() */
        } cases[] = {
                { NUL_SETTING, NUL_STEP, "NUL byte: this is not a text file",
                  sizeof(NUL_SETTING) - 1, sizeof(NUL_STEP) - 1 },
                { "interval = 2h\x01", "step = T.\x01", "control character 0x01: this is not a text file" },
                { "interval = \xc3\xa9", NULL, "non-ASCII text outside a comment" },
                { NULL, "step = caf\xe9", "invalid UTF-8: this is not a text file" },
                { "HUGE", "HUGE", "line is longer than 4096 bytes" },
                { "LONG", "LONG", "setting is longer than 511 bytes" },
                { "interval: 2h", "step: T.", "uses \":\" as a separator: write" },
                { "[schedule", "[x", "lacks its closing \"]\"" },
                { "[schedule] more", "[x] more", "unexpected \"more\" after [" },
                { "interval 2h", "step T.", "is not a setting: write key = value" },
                { "= 2h", "= T.", "a setting without a key: write key = value" },
        };

        CHECK(huge && long_setting);
        if (!huge || !long_setting)
                return;
        memset(huge, 'x', INI_LINE_MAX + 1);
        huge[0] = '#';
        huge[INI_LINE_MAX + 1] = '\0';
        strcpy(long_setting, "step = ");
        memset(long_setting + 7, 'y', INI_SETTING_MAX);
        long_setting[7 + INI_SETTING_MAX] = '\0';

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                const char *cl = cases[i].config_line, *xl = cases[i].catalog_line, *reason = cases[i].reason;

                if (cl && streq(cl, "HUGE"))
                        cl = xl = huge;
                else if (cl && streq(cl, "LONG"))
                        cl = xl = long_setting;

                if (cl) {
                        _cleanup_(config_done) Config c = {};
                        _cleanup_(freep) char *error = config_with(cl, cases[i].config_len ?: strlen(cl), &c);

                        CHECK(error && strncmp(error, dir, strlen(dir)) == 0 && strstr(error, "/limber.ini:2: "));
                        CHECK(error && strstr(error, reason));
                        if (!error || !strstr(error, reason))
                                fprintf(stderr, "  limber.ini, case %zu: \"%s\" does not say \"%s\"\n", i,
                                        strempty(error), reason);
                }
                if (xl) {
                        _cleanup_(catalog_freep) Catalog *cat = catalog_with(xl, cases[i].catalog_len ?: strlen(xl));

                        /* The line costs its exercise; a header ends it first, complete. */
                        CHECK_EQ(cat->n_exercises, xl[0] == '[' ? 1 : 0);
                        CHECK(warnings && strncmp(warnings[0], "x.ini:6: ", 9) == 0 && strstr(warnings[0], reason));
                        if (!warnings || !strstr(warnings[0], reason))
                                fprintf(stderr, "  exercise file, case %zu: \"%s\" does not say \"%s\"\n", i,
                                        warnings ? warnings[0] : "(nothing)", reason);
                }
        }
}

/* One comment rule: ";" or "#" starting a line, or after a blank; elsewhere they are text. */
static void test_comments(void) {
        static const char * const config_lines[] = {
                "# whole line",
                "; whole line",
                "interval = 2h # inline",
                "interval = 2h ; inline",
                "interval = 2h\t#tab before",
                "interval = 2h ; caf\xe9, in Latin-1: a comment goes nowhere",
        };
        _cleanup_(catalog_freep) Catalog *cat = NULL;
        const Exercise *e;

        for (size_t i = 0; i < ELEMENTSOF(config_lines); i++) {
                _cleanup_(config_done) Config c = {};
                _cleanup_(freep) char *error = config_with(config_lines[i], strlen(config_lines[i]), &c);

                CHECK(error == NULL);
                if (error)
                        fprintf(stderr, "  \"%s\": %s\n", config_lines[i], error);
                if (i >= 2)
                        CHECK_EQ(c.interval, 2 * USEC_PER_HOUR);
        }
        {
                /* A "#" with no blank before it is part of the value. */
                _cleanup_(config_done) Config c = {};
                _cleanup_(freep) char *error = config_with("interval = 2h#1", strlen("interval = 2h#1"), &c);

                CHECK(error && strstr(error, "\"2h#1\""));
        }

        /* In an exercise file alike: a ";" comment is cut silently, as it always was. */
        cat = catalog_with("caution = Go slowly ; a comment", strlen("caution = Go slowly ; a comment"));
        e = catalog_find(cat, "x");
        CHECK(e && streq_ptr(e->caution, "Go slowly"));
        CHECK(warnings == NULL);
        catalog_free(cat);

        cat = catalog_with("; caf\xe9, in Latin-1", strlen("; caf\xe9, in Latin-1"));
        CHECK_EQ(cat->n_exercises, 1);
        CHECK(warnings == NULL);
        catalog_free(cat);

        /* "#" without a blank before it is text. */
        cat = catalog_with("caution = Side #2 and C#", strlen("caution = Side #2 and C#"));
        e = catalog_find(cat, "x");
        CHECK(e && streq_ptr(e->caution, "Side"));
        catalog_free(cat);
        cat = catalog_with("caution = Step#2", strlen("caution = Step#2"));
        e = catalog_find(cat, "x");
        CHECK(e && streq_ptr(e->caution, "Step#2"));
        CHECK(warnings == NULL);
        catalog_free(cat);

        /* A " #" cuts a text, which used to keep it: the exercise stays, and the cut is told. */
        cat = catalog_with("caution = Repeat # on both sides", strlen("caution = Repeat # on both sides"));
        e = catalog_find(cat, "x");
        CHECK(e && streq_ptr(e->caution, "Repeat"));
        CHECK(strv_length(warnings) == 1 && 
              strstr(warnings[0], "x.ini:6: \"caution\" ends before \" #\"") == warnings[0]);
        if (warnings)
                fprintf(stderr, "  %s\n", warnings[0]);
        catalog_free(cat);
        /* A "#" comment after a key that is no text says nothing. */
        cat = catalog_with("micro = true # a micro break too", strlen("micro = true # a micro break too"));
        e = catalog_find(cat, "x");
        CHECK(e && e->micro);
        CHECK(warnings == NULL);
        catalog_free(cat);
        cat = NULL;
}

/* A BOM and CRLF line ends are read alike in both. */
static void test_bom_crlf(void) {
        _cleanup_(config_done) Config c = {};
        _cleanup_(catalog_freep) Catalog *cat = calloc(1, sizeof(Catalog));
        _cleanup_(freep) char *path = NULL, *error = NULL;
        static const char config_text[] = "\xEF\xBB\xBF[schedule]\r\ninterval = 2h\r\n";
        static const char catalog_text[] = "\xEF\xBB\xBF[x]\r\nname = X\r\nposture = seated\r\ndose = 1\r\nstep = S.\r\n";
        const Exercise *e;
        FILE *f;

        CHECK(asprintf(&path, "%s/bom.ini", dir) > 0);
        f = fopen(path, "we");
        CHECK(f && fputs(config_text, f) >= 0 && fclose(f) == 0);
        CHECK_EQ(config_init(&c), 0);
        CHECK_EQ(config_parse_file(&c, path, &error), 0);
        CHECK_EQ(c.interval, 2 * USEC_PER_HOUR);
        CHECK(cat != NULL);
        CHECK_EQ(catalog_parse_text(cat, "bom.ini", catalog_text, sizeof(catalog_text) - 1), 0);
        e = catalog_find(cat, "x");
        CHECK(e && streq_ptr(e->steps[0], "S."));
        unlink(path);
}

int main(void) {
        _cleanup_(freep) char *config_path = NULL;

        CHECK(mkdtemp(dir) != NULL);
        test_refused_lines();
        test_comments();
        test_bom_crlf();
        CHECK(asprintf(&config_path, "%s/limber.ini", dir) > 0);
        unlink(config_path);
        rmdir(dir);
        return tap_finish("test-ini");
}
