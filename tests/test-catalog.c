/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <ftw.h>
#include <sys/stat.h>

#include "core/catalog.h"
#include "files/catalog-load.h"
#include "limber-config.h"
#include "tap.h"
#include "util/log.h"

/* The warnings of the code under test, collected instead of printed. */
static char **warnings;

static void collect(int level, const char *message, void *userdata) {
        if (level <= LOG_WARNING)
                CHECK(strv_extend(&warnings, message) == 0);
}

static void warnings_reset(void) {
        strv_free(warnings);
        warnings = NULL;
}

/* The warning that names path:line, or NULL. */
static const char *warning_at(const char *path, unsigned line) {
        char prefix[4096];

        snprintf(prefix, sizeof(prefix), "%s:%u: ", path, line);
        for (char **w = warnings; w && *w; w++)
                if (strncmp(*w, prefix, strlen(prefix)) == 0)
                        return *w;
        return NULL;
}

static void check_warning(const char *path, unsigned line, const char *mention) {
        const char *w = warning_at(path, line);

        CHECK(w != NULL);
        if (!w) {
                fprintf(stderr, "  no warning for %s:%u\n", path, line);
                return;
        }
        CHECK(strstr(w, mention) != NULL);
        if (!strstr(w, mention))
                fprintf(stderr, "  warning \"%s\" does not mention \"%s\"\n", w, mention);
        CHECK(strstr(w, "ignoring") != NULL);
}

static char tmpdir[] = "/tmp/test-catalog.XXXXXX";

static char *tmp_path(const char *name) {
        char *p;

        CHECK(asprintf(&p, "%s/%s", tmpdir, name) >= 0);
        return p;
}

static void write_file(const char *path, const char *data, size_t size) {
        FILE *f = fopen(path, "we");

        CHECK(f != NULL);
        if (!f)
                return;
        CHECK(fwrite(data, 1, size, f) == size);
        CHECK(fclose(f) == 0);
}

static void write_text(const char *path, const char *text) {
        write_file(path, text, strlen(text));
}

static void write_tmp(const char *name, const char *text) {
        _cleanup_(freep) char *path = tmp_path(name);

        write_text(path, text);
}

static Catalog *catalog_new(void) {
        Catalog *c = calloc(1, sizeof(Catalog));

        CHECK(c != NULL);
        if (!c)
                abort();
        return c;
}

static Catalog *load_shipped(void) {
        Catalog *c = NULL;

        CHECK_EQ(catalog_load(LIMBER_SOURCE_CONFIG_DIR "/exercises.ini", NULL, NULL, &c), 0);
        if (!c)
                abort();
        return c;
}

static void test_shipped(void) {
        static const char * const quick_workout[] = { "shoulder-rotation", "back-twist", "lateral-tilt", "cat-cow" };
        _cleanup_(catalog_freep) Catalog *c = NULL;
        size_t seated = 0, standing = 0, micro = 0;
        bool pain = false;

        warnings_reset();
        c = load_shipped();
        CHECK_EQ(strv_length(warnings), 0);      /* the shipped file is clean */
        for (char **w = warnings; w && *w; w++)
                fprintf(stderr, "  %s\n", *w);

        CHECK(c->n_exercises >= 12);
        for (size_t i = 0; i < ELEMENTSOF(quick_workout); i++) {
                const Exercise *e = catalog_find(c, quick_workout[i]);

                CHECK(e != NULL);
                if (e)
                        CHECK_EQ(e->posture, POSTURE_SEATED);
        }

        for (size_t i = 0; i < c->n_exercises; i++) {
                const Exercise *e = &c->exercises[i];
                _cleanup_(freep) char *text = NULL;

                CHECK(e->name && e->name[0]);
                CHECK(e->dose && e->dose[0]);
                CHECK(e->steps && e->steps[0]);
                CHECK(e->posture == POSTURE_SEATED || e->posture == POSTURE_STANDING);
                for (char **s = e->steps; s && *s; s++)
                        CHECK(strlen(*s) <= 120);       /* fits a notification */
                seated += e->posture == POSTURE_SEATED;
                standing += e->posture == POSTURE_STANDING;
                if (e->micro) {
                        micro++;
                        CHECK_EQ(e->posture, POSTURE_SEATED);
                }

                text = exercise_instructions(e);
                CHECK(text != NULL);
                if (text) {
                        CHECK(strncmp(text, e->dose, strlen(e->dose)) == 0);
                        CHECK(strstr(text, e->steps[0]) != NULL);
                        CHECK((strstr(text, "Caution: ") != NULL) == (e->caution != NULL));
                }
        }
        CHECK(seated >= 8);
        CHECK(standing >= 3);
        CHECK(micro >= 4 && micro <= 6);

        CHECK(strv_length(c->safety) > 0);
        for (char **r = c->safety; r && *r; r++)
                if (strstr(*r, "pain"))
                        pain = true;
        CHECK(pain);
}

static void test_posture(void) {
        CHECK_STREQ(posture_to_string(POSTURE_SEATED), "seated");
        CHECK_STREQ(posture_to_string(POSTURE_STANDING), "standing");
        CHECK_STREQ(posture_to_string(POSTURE_ANY), "any");
        CHECK(posture_to_string(_POSTURE_MAX) == NULL);
        CHECK(posture_to_string(_POSTURE_INVALID) == NULL);
        for (Posture p = 0; p < _POSTURE_MAX; p++)
                CHECK_EQ(posture_from_string(posture_to_string(p)), p);
        CHECK_EQ(posture_from_string("lying"), _POSTURE_INVALID);
        CHECK_EQ(posture_from_string(""), _POSTURE_INVALID);
        CHECK_EQ(posture_from_string(NULL), _POSTURE_INVALID);
}

static void test_instructions(void) {
        char *steps[] = { (char *) "Sit up.", (char *) "Turn.", NULL };
        Exercise e = { .id = (char *) "x", .name = (char *) "X", .dose = (char *) "5 times", .steps = steps };
        char *text;

        text = exercise_instructions(&e);
        CHECK_STREQ(text, "5 times\n1. Sit up.\n2. Turn.");
        free(text);

        e.caution = (char *) "Gently.";
        text = exercise_instructions(&e);
        CHECK_STREQ(text, "5 times\n1. Sit up.\n2. Turn.\nCaution: Gently.");
        free(text);
}

#define EXERCISE(id, posture) "[" id "]\nname = " id "\nposture = " posture "\ndose = 5 times\nstep = Move.\n"

static void test_dropins(void) {
        _cleanup_(freep) char *main_path = tmp_path("main.ini"), *dir = tmp_path("exercises.d"),
                *empty = tmp_path("empty.ini"), *missing = tmp_path("missing.ini"),
                *subdir = tmp_path("exercises.d/30-dir.ini"), *big = tmp_path("exercises.d/40-big.ini"),
                *second = tmp_path("exercises.d/20-second.ini"), *nowhere = tmp_path("no-such-folder");
        _cleanup_(catalog_freep) Catalog *c = NULL;
        _cleanup_(freep) char *huge = NULL;
        const Exercise *e;
        size_t huge_size = 1024 * 1024 + 1;

        write_text(main_path,
                   "[safety]\nrule = Stop if it hurts: pain means stop.\n\n"
                   EXERCISE("one", "seated")
                   EXERCISE("two", "seated")
                   EXERCISE("three", "standing"));
        CHECK(mkdir(dir, 0755) == 0);

        /* Later files win; a broken override keeps what was there; other names are not read. */
        write_tmp("exercises.d/10-first.ini", "[safety]\nrule = Stop if it hurts: pain means stop.\nrule = Drink some water.\n\n"
                      "[two]\nname = Two, first override\nposture = standing\ndose = 3 times\nstep = First.\n\n"
                      EXERCISE("four", "seated"));
        write_text(second, "[two]\nname = Two, second override\nposture = seated\ndose = 4 times\nstep = Second.\n"
                      "step = And more.\ncaution = Careful.\n\n"
                      "[three]\nname = Broken three\nposture = sideways\ndose = 1\nstep = x\n");
        write_tmp("exercises.d/notes.txt", EXERCISE("from-txt", "seated"));
        write_tmp("exercises.d/.hidden.ini", EXERCISE("from-hidden", "seated"));
        CHECK(mkdir(subdir, 0755) == 0);

        /* A drop-in over the size limit is skipped whole. */
        huge = malloc(huge_size);
        CHECK(huge != NULL);
        if (huge) {
                memset(huge, '#', huge_size);
                memcpy(huge, EXERCISE("from-big", "seated"), strlen(EXERCISE("from-big", "seated")));
                write_file(big, huge, huge_size);
        }

        warnings_reset();
        CHECK_EQ(catalog_load(main_path, dir, NULL, &c), 0);
        if (!c)
                return;

        CHECK_EQ(c->n_exercises, 4);
        CHECK_STREQ(c->exercises[0].id, "one");
        CHECK_STREQ(c->exercises[1].id, "two");         /* replaced in place */
        CHECK_STREQ(c->exercises[3].id, "four");
        e = catalog_find(c, "two");
        CHECK(e != NULL);
        if (e) {
                CHECK_STREQ(e->name, "Two, second override");
                CHECK_EQ(e->posture, POSTURE_SEATED);
                CHECK_STREQ(e->dose, "4 times");
                CHECK_EQ(strv_length(e->steps), 2);
                CHECK_STREQ(e->caution, "Careful.");
        }
        e = catalog_find(c, "three");
        CHECK(e != NULL);
        if (e)
                CHECK_STREQ(e->name, "three");          /* the broken override did not replace it */
        CHECK(catalog_find(c, "four") != NULL);
        CHECK(catalog_find(c, "from-txt") == NULL);
        CHECK(catalog_find(c, "from-hidden") == NULL);
        CHECK(catalog_find(c, "from-big") == NULL);

        /* Drop-in rules are added after the shipped ones, without repeats. */
        CHECK_EQ(strv_length(c->safety), 2);
        if (strv_length(c->safety) == 2) {
                CHECK_STREQ(c->safety[0], "Stop if it hurts: pain means stop.");
                CHECK_STREQ(c->safety[1], "Drink some water.");
        }

        check_warning(second, 11, "sideways");
        CHECK(warnings && strv_length(warnings) == 3);
        for (char **w = warnings; w && *w; w++) {
                if (strstr(*w, "40-big.ini"))
                        CHECK(strstr(*w, "larger than") != NULL);
                else if (strstr(*w, "30-dir.ini"))
                        CHECK(strstr(*w, "ignoring") != NULL);
                else
                        CHECK(strstr(*w, "20-second.ini:11:") != NULL);
        }
        c = catalog_free(c);

        /* No drop-in folder at all is fine. */
        CHECK_EQ(catalog_load(main_path, nowhere, NULL, &c), 0);
        CHECK(c && c->n_exercises == 3);
        c = catalog_free(c);
        CHECK_EQ(catalog_load(main_path, NULL, NULL, &c), 0);
        c = catalog_free(c);

        /* The main file must exist and yield an exercise. */
        CHECK_EQ(catalog_load(missing, dir, NULL, &c), -ENOENT);
        CHECK(c == NULL);
        write_text(empty, "# nothing here\n[safety]\nrule = Stop on pain.\n");
        CHECK_EQ(catalog_load(empty, dir, NULL, &c), -EINVAL);
        CHECK(c == NULL);
        CHECK_EQ(catalog_load(big, NULL, NULL, &c), -EFBIG);
        CHECK(c == NULL);
}

#define BINARY_STEP "step = a\x01\xff\0b\x7f"

/* One broken thing per section, each followed by good sections, so we see that the rest loads.
 * The numbers are the lines the warnings must name. */
static void test_broken(void) {
        static const struct {
                const char *text;
                size_t len;             /* 0: strlen(text) */
                const char *warning;    /* this line must be reported, mentioning this */
        } lines[] = {
                { "# a catalog with one thing wrong per exercise" },
                { "stray = outside", 0, "outside of a section" },
                { "[safety]" },
                { "rule = Stop if you feel pain." },
                { "colour = red", 0, "unknown key \"colour\"" },
                { "[good-1]" },
                { "name = Good one ; a comment" },
                { "posture = seated" },
                { "dose = 5 times" },
                { "step = Do it." },
                { "[unknown-key]" },
                { "name = X" },
                { "posture = seated" },
                { "dose = 1" },
                { "step = a" },
                { "colour = blue", 0, "unknown key \"colour\"" },
                { "[missing-step]", 0, "has no step" },
                { "name = X" },
                { "posture = seated" },
                { "dose = 1" },
                { "[bad-posture]" },
                { "name = X" },
                { "posture = lying", 0, "\"lying\"" },
                { "dose = 1" },
                { "step = a" },
                { "[Bad_Id]", 0, "Bad_Id" },
                { "name = X" },
                { "posture = seated" },
                { "dose = 1" },
                { "step = a" },
                { "[dup-key]" },
                { "name = X" },
                { "name = Y", 0, "twice" },
                { "posture = seated" },
                { "dose = 1" },
                { "step = a" },
                { "[junk-line]" },
                { "name = X" },
                { "posture = seated" },
                { "this line has no equals sign", 0, "key = value" },
                { "dose = 1" },
                { "step = a" },
                { "[binary]" },
                { "name = X" },
                { "posture = seated" },
                { "dose = 1" },
                { BINARY_STEP, sizeof(BINARY_STEP) - 1, "control character 0x01: this is not a text file" },
                { "[huge]" },
                { "name = X" },
                { "posture = standing" },
                { "dose = 1" },
                { "HUGE", 0, "line is longer than 4096 bytes" }, /* replaced by a 5000-byte step */
                { "[too-long]" },
                { "name = X" },
                { "posture = standing" },
                { "dose = 1" },
                { "LONG", 0, "longer than 160 bytes" }, /* replaced by a 170-byte step */
                { "[empty-value]" },
                { "name =", 0, "empty" },
                { "posture = standing" },
                { "dose = 1" },
                { "step = a" },
                { "[bad-micro]" },
                { "name = X" },
                { "posture = seated" },
                { "dose = 1" },
                { "step = a" },
                { "micro = maybe", 0, "maybe" },
                { "[trailing] junk", 0, "unexpected \"junk\" after [trailing]" },
                { "name = X" },
                { "[unterminated", 0, "lacks its closing \"]\"" },
                { "name = X" },
                { "[good-2]" },
                { "  name = Good two" },                 /* indented: still a key, not a continuation */
                { "\tposture = standing" },
                { "dose = 3 times" },
                { "step = One." },
                { "step = Two." },
                { "micro = yes" },
                { "[good-1]", 0, "twice in this file" },
                { "name = Again" },
                { "posture = seated" },
                { "dose = 1" },
                { "step = a" },
                { "[safety]" },
                { "rule = Breathe calmly." },
                { "[good-3]" },
                { "name = Good three" },
                { "posture = seated" },
                { "dose = Hold 30 seconds" },
                { "step = Only step, and no newline at the end" },
        };
        _cleanup_(freep) char *path = tmp_path("broken.ini");
        _cleanup_(catalog_freep) Catalog *c = catalog_new();
        const Exercise *e;
        size_t n_warned = 0;
        FILE *f;

        f = fopen(path, "we");
        CHECK(f != NULL);
        if (!f)
                return;
        for (size_t i = 0; i < ELEMENTSOF(lines); i++) {
                if (streq(lines[i].text, "HUGE")) {
                        fputs("step = ", f);
                        for (int j = 0; j < 5000; j++)
                                fputc('x', f);
                } else if (streq(lines[i].text, "LONG")) {
                        fputs("step = ", f);
                        for (int j = 0; j < 170; j++)
                                fputc('y', f);
                } else
                        fwrite(lines[i].text, 1, lines[i].len ?: strlen(lines[i].text), f);
                if (i + 1 < ELEMENTSOF(lines))
                        fputc('\n', f);
        }
        CHECK(fclose(f) == 0);

        warnings_reset();
        /* Skipped: the stray line, the bad [safety] key, four broken headers and ten exercises. */
        CHECK_EQ(catalog_parse_file(c, path), 6 + 10);

        for (size_t i = 0; i < ELEMENTSOF(lines); i++)
                if (lines[i].warning) {
                        check_warning(path, (unsigned) i + 1, lines[i].warning);
                        n_warned++;
                }
        CHECK_EQ(strv_length(warnings), n_warned);      /* nothing else, and no "syntax error" */
        for (char **w = warnings; w && *w; w++)
                CHECK(strstr(*w, "syntax error") == NULL);

        CHECK_EQ(c->n_exercises, 3);
        e = catalog_find(c, "good-1");
        CHECK(e != NULL);
        if (e)
                CHECK_STREQ(e->name, "Good one");       /* the first one; the inline comment is gone */
        e = catalog_find(c, "good-2");
        CHECK(e != NULL);
        if (e) {
                CHECK_STREQ(e->name, "Good two");
                CHECK_EQ(e->posture, POSTURE_STANDING);
                CHECK_EQ(strv_length(e->steps), 2);
                CHECK(e->micro);
        }
        e = catalog_find(c, "good-3");
        CHECK(e != NULL);
        if (e) {
                CHECK_STREQ(e->steps[0], "Only step, and no newline at the end");
                CHECK(!e->micro);
                CHECK(e->caution == NULL);
        }
        CHECK_EQ(strv_length(c->safety), 2);
}

static void test_encoding(void) {
        _cleanup_(freep) char *path = tmp_path("crlf.ini");
        _cleanup_(catalog_freep) Catalog *c = catalog_new();
        const Exercise *e;

        /* A byte order mark and DOS line ends are fine; UTF-8 text is kept as is. */
        write_text(path, "\xef\xbb\xbf[ne\xc3\xa7k]\r\n"
                         "[neck]\r\nname = Nack\xc3\xa9n \xe2\x80\x94 tilt\r\nposture = seated\r\n"
                         "dose = 3\r\nstep = Tilt.\r\n");
        warnings_reset();
        CHECK_EQ(catalog_parse_file(c, path), 1);        /* the non-ASCII id */
        CHECK_EQ(strv_length(warnings), 1);
        check_warning(path, 1, "not an exercise id");
        e = catalog_find(c, "neck");
        CHECK(e != NULL);
        if (e) {
                CHECK_STREQ(e->name, "Nack\xc3\xa9n \xe2\x80\x94 tilt");
                CHECK_STREQ(e->steps[0], "Tilt.");
        }
}

static Catalog *catalog_of(const char *name, const char *text) {
        _cleanup_(freep) char *path = tmp_path(name);
        Catalog *c = catalog_new();

        write_text(path, text);
        CHECK_EQ(catalog_parse_file(c, path), 0);
        return c;
}

/* micro takes the booleans limber.ini takes ("enabled = True" there), in any case. */
static void test_micro_boolean(void) {
        _cleanup_(catalog_freep) Catalog *c = NULL;
        const Exercise *e;

        warnings_reset();
        c = catalog_of("micro.ini", "[a]\nname = A\nposture = seated\ndose = 1\nstep = a\nmicro = True\n"
                                    "[b]\nname = B\nposture = seated\ndose = 1\nstep = b\nmicro = OFF\n");
        CHECK_EQ(strv_length(warnings), 0);
        e = catalog_find(c, "a");
        CHECK(e && e->micro);
        e = catalog_find(c, "b");
        CHECK(e && !e->micro);
}

static bool strv_has_duplicates(char **l) {
        for (size_t i = 0; l && l[i]; i++)
                for (size_t j = i + 1; l[j]; j++)
                        if (streq(l[i], l[j]))
                                return true;
        return false;
}

static void test_pick(void) {
        _cleanup_(catalog_freep) Catalog *shipped = load_shipped(), *five = NULL, *seated_only = NULL;
        _cleanup_(strv_freep) char **previous = NULL, **a = NULL, **b = NULL;
        uint64_t state = 1, s1 = 42, s2 = 42;
        bool seen_seated = false, seen_standing = false;
        int r;

        /* xorshift64 with shifts 13, 7, 17. */
        CHECK_EQ(rng_next(&state), UINT64_C(1082269761));
        CHECK_EQ(state, UINT64_C(1082269761));

        /* The same state gives the same choice. */
        CHECK_EQ(catalog_pick(shipped, POSTURE_SEATED, 4, NULL, &s1, &a), 4);
        CHECK_EQ(catalog_pick(shipped, POSTURE_SEATED, 4, NULL, &s2, &b), 4);
        CHECK_EQ(s1, s2);
        for (size_t i = 0; i < 4 && a && b; i++)
                CHECK_STREQ(a[i], b[i]);
        strv_free(b);
        b = NULL;

        /* Consecutive breaks do not repeat while the catalog has enough others. */
        previous = TAKE_PTR(a);
        for (int round = 0; round < 50; round++) {
                CHECK_EQ(catalog_pick(shipped, POSTURE_SEATED, 4, previous, &s1, &a), 4);
                CHECK(!strv_has_duplicates(a));
                for (char **i = a; i && *i; i++) {
                        const Exercise *e = catalog_find(shipped, *i);

                        CHECK(!strv_contains(previous, *i));
                        CHECK(e && e->posture == POSTURE_SEATED);
                }
                strv_free(previous);
                previous = TAKE_PTR(a);
        }

        /* Standing only; any takes both. */
        for (int round = 0; round < 20; round++) {
                CHECK_EQ(catalog_pick(shipped, POSTURE_STANDING, 2, NULL, &s1, &a), 2);
                for (char **i = a; i && *i; i++) {
                        const Exercise *e = catalog_find(shipped, *i);
                        CHECK(e && e->posture == POSTURE_STANDING);
                }
                strv_free(a);
                a = NULL;

                CHECK_EQ(catalog_pick(shipped, POSTURE_ANY, 4, NULL, &s1, &a), 4);
                for (char **i = a; i && *i; i++) {
                        const Exercise *e = catalog_find(shipped, *i);

                        CHECK(e != NULL);
                        if (e && e->posture == POSTURE_SEATED)
                                seen_seated = true;
                        if (e && e->posture == POSTURE_STANDING)
                                seen_standing = true;
                }
                strv_free(a);
                a = NULL;
        }
        CHECK(seen_seated && seen_standing);

        /* Too few others: the avoided ones make up the number, the fresh one always comes first. */
        five = catalog_of("five.ini", EXERCISE("a", "seated") EXERCISE("b", "seated") EXERCISE("c", "seated")
                                      EXERCISE("d", "seated") EXERCISE("e", "seated") EXERCISE("s", "standing"));
        strv_free(previous);
        previous = NULL;
        CHECK(strv_extend(&previous, "a") == 0 && strv_extend(&previous, "b") == 0 &&
              strv_extend(&previous, "c") == 0 && strv_extend(&previous, "d") == 0);
        for (int round = 0; round < 20; round++) {
                CHECK_EQ(catalog_pick(five, POSTURE_SEATED, 4, previous, &s1, &a), 4);
                CHECK(a && streq_ptr(a[0], "e"));
                CHECK(!strv_has_duplicates(a));
                CHECK(!strv_contains(a, "s"));
                strv_free(a);
                a = NULL;
        }

        /* Asking for more than there is gives what there is; asking for none gives none. */
        CHECK_EQ(catalog_pick(five, POSTURE_SEATED, 10, previous, &s1, &a), 5);
        CHECK_EQ(strv_length(a), 5);
        CHECK(!strv_has_duplicates(a));
        strv_free(a);
        a = NULL;
        CHECK_EQ(catalog_pick(five, POSTURE_ANY, 0, NULL, &s1, &a), 0);
        CHECK(a && a[0] == NULL);
        strv_free(a);
        a = NULL;

        /* Nothing of that posture. */
        seated_only = catalog_of("seated.ini", EXERCISE("a", "seated"));
        a = (char **) 0x1;
        r = catalog_pick(seated_only, POSTURE_STANDING, 4, NULL, &s1, &a);
        CHECK_EQ(r, -ENOENT);
        CHECK(a == (char **) 0x1);              /* untouched on error */
        a = NULL;
        CHECK_EQ(catalog_pick(seated_only, POSTURE_ANY, 4, NULL, &s1, &a), 1);
}

/* Localized keys, the Desktop Entry way: each text in the best language asked for. */
static void test_localized(void) {
        static const char text[] =
                "[safety]\n"
                "rule = Move slowly.\n"
                "rule[de] = Langsam bewegen.\n"
                "rule[ru] = \xd0\x94\xd0\xb2\xd0\xb8\xd0\xb3\xd0\xb0\xd0\xb9\xd1\x82\xd0\xb5\xd1\x81\xd1\x8c \xd0\xbc\xd0\xb5\xd0\xb4\xd0\xbb\xd0\xb5\xd0\xbd\xd0\xbd\xd0\xbe.\n"
                "rule = Stop on pain.\n"
                "[roll]\n"
                "name = Shoulder roll\n"
                "name[de] = Schulterkreisen  ; a comment\n"
                "name[de_AT] = Schulterkreisen (AT)\n"
                "posture = seated\n"
                "dose = 5 times\n"
                "dose[fr] = 5 fois\n"
                "step = Sit.\n"
                "step[de] = Setzen.\n"
                "step = Roll.\n"
                "caution = Gently.\n"
                "caution[de]=Sanft.\n";
        static const char * const de_at[] = { "de_AT", "de", NULL }, * const fr_de[] = { "fr", "de", NULL };
        _cleanup_(freep) char *path = tmp_path("localized.ini");
        const Exercise *e;

        write_text(path, text);
        warnings_reset();

        /* No languages: the untranslated texts. */
        {
                _cleanup_(catalog_freep) Catalog *c = catalog_new();

                CHECK_EQ(catalog_parse_file(c, path), 0);
                CHECK_EQ(strv_length(warnings), 0);
                e = catalog_find(c, "roll");
                CHECK(e != NULL);
                if (e) {
                        CHECK_STREQ(e->name, "Shoulder roll");
                        CHECK_STREQ(e->steps[0], "Sit.");
                        CHECK_STREQ(e->caution, "Gently.");
                }
                CHECK_EQ(strv_length(c->safety), 2);
                CHECK_STREQ(c->safety[0], "Move slowly.");
        }
        /* de_AT, then de: the most specific wins; what has no translation stays untranslated. */
        {
                _cleanup_(catalog_freep) Catalog *c = catalog_new();

                for (size_t i = 0; de_at[i]; i++)
                        CHECK_EQ(strv_extend(&c->languages, de_at[i]), 0);
                CHECK_EQ(catalog_parse_file(c, path), 0);
                e = catalog_find(c, "roll");
                CHECK(e != NULL);
                if (e) {
                        CHECK_STREQ(e->name, "Schulterkreisen (AT)");
                        CHECK_STREQ(e->dose, "5 times");
                        CHECK_EQ(strv_length(e->steps), 2);
                        CHECK_STREQ(e->steps[0], "Setzen.");
                        CHECK_STREQ(e->steps[1], "Roll.");
                        CHECK_STREQ(e->caution, "Sanft.");
                }
                CHECK_STREQ(c->safety[0], "Langsam bewegen.");
                CHECK_STREQ(c->safety[1], "Stop on pain.");
                /* The rules are still known by their untranslated text. */
                CHECK_STREQ(c->safety_source[0], "Move slowly.");
        }
        /* A list ("LANGUAGE=fr:de"): each key in the first language that has it. */
        {
                _cleanup_(catalog_freep) Catalog *c = catalog_new();

                for (size_t i = 0; fr_de[i]; i++)
                        CHECK_EQ(strv_extend(&c->languages, fr_de[i]), 0);
                CHECK_EQ(catalog_parse_file(c, path), 0);
                e = catalog_find(c, "roll");
                CHECK(e != NULL);
                if (e) {
                        CHECK_STREQ(e->name, "Schulterkreisen");        /* the comment is gone */
                        CHECK_STREQ(e->dose, "5 fois");
                }
        }
}

/* Broken localized keys are reported with their line and drop the exercise; a long
 * translation in a script of two bytes a character is fine. */
static void test_localized_broken(void) {
        static const struct {
                const char *line;
                const char *warning;
        } cases[] = {
                { "name[de] = Zweimal", "given twice" },
                { "name[DE!] = X", "not a language" },
                { "posture[de] = sitzend", "takes no language" },
                { "step[de] = Zweimal.", "given twice for one" },
                { "name[ru] = ", "is empty" },
        };
        _cleanup_(freep) char *path = tmp_path("localized-broken.ini");

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_(catalog_freep) Catalog *c = catalog_new();
                _cleanup_(freep) char *text = NULL;

                CHECK(asprintf(&text, "[x]\nname = X\nname[de] = Y\nposture = seated\ndose = 1\n"
                                      "step = S.\nstep[de] = T.\n%s\n", cases[i].line) > 0);
                write_text(path, text);
                warnings_reset();
                CHECK_EQ(catalog_parse_file(c, path), 1);
                CHECK_EQ(c->n_exercises, 0);
                check_warning(path, 8, cases[i].warning);
        }

        /* A translation before the text it translates. */
        {
                _cleanup_(catalog_freep) Catalog *c = catalog_new();

                write_text(path, "[x]\nname = X\nposture = seated\ndose = 1\nstep[de] = T.\nstep = S.\n");
                warnings_reset();
                CHECK_EQ(catalog_parse_file(c, path), 1);
                check_warning(path, 5, "comes before any \"step\"");
        }
        /* Only a translation of the name: the name itself is still required. */
        {
                _cleanup_(catalog_freep) Catalog *c = catalog_new();

                write_text(path, "[x]\nname[de] = Y\nposture = seated\ndose = 1\nstep = S.\n");
                warnings_reset();
                CHECK_EQ(catalog_parse_file(c, path), 1);
                check_warning(path, 1, "has no name");
        }
        /* 150 Cyrillic letters: 300 bytes, more than inih's line, within a translation's limit. */
        {
                _cleanup_(catalog_freep) Catalog *c = catalog_new();
                _cleanup_(freep) char *text = NULL, *step = calloc(1, 301);
                const Exercise *e;

                CHECK(step != NULL);
                for (size_t i = 0; step && i < 150; i++)
                        memcpy(step + 2 * i, "\xd0\xb6", 2);
                CHECK(asprintf(&text, "[x]\nname = X\nposture = seated\ndose = 1\nstep = S.\nstep[ru] = %s\n",
                               step) > 0);
                write_text(path, text);
                CHECK_EQ(strv_extend(&c->languages, "ru"), 0);
                warnings_reset();
                CHECK_EQ(catalog_parse_file(c, path), 0);
                e = catalog_find(c, "x");
                CHECK(e != NULL);
                if (e)
                        CHECK_STREQ(e->steps[0], step);
        }
}

/* The shipped catalog has every text in every language po/LINGUAS lists, step for step. */
static void test_shipped_languages(void) {
        _cleanup_(fclosep) FILE *f = fopen(LIMBER_SOURCE_CONFIG_DIR "/../po/LINGUAS", "re");
        char line[64];
        size_t n_languages = 0;

        CHECK(f != NULL);
        while (f && fgets(line, sizeof(line), f)) {
                _cleanup_(catalog_freep) Catalog *english = load_shipped(), *c = NULL;
                char *languages[] = { line, NULL };

                line[strcspn(line, " \t\n#")] = '\0';
                if (line[0] == '\0')
                        continue;
                n_languages++;
                warnings_reset();
                CHECK_EQ(catalog_load(LIMBER_SOURCE_CONFIG_DIR "/exercises.ini", NULL, languages, &c), 0);
                CHECK_EQ(strv_length(warnings), 0);
                if (!c)
                        continue;
                /* Every text differs from the English one: a missing translation would not. */
                for (size_t i = 0; i < english->n_exercises; i++) {
                        const Exercise *a = &english->exercises[i], *b = &c->exercises[i];

                        if (streq(a->name, b->name) || streq(a->dose, b->dose) ||
                            strv_length(a->steps) != strv_length(b->steps) ||
                            !a->caution != !b->caution || (a->caution && streq(a->caution, b->caution)))
                                fprintf(stderr, "  [%s] has untranslated texts in %s\n", a->id, line);
                        CHECK(!streq(a->name, b->name) && !streq(a->dose, b->dose));
                        CHECK(!a->caution == !b->caution && (!a->caution || !streq(a->caution, b->caution)));
                        for (size_t j = 0; a->steps[j] && b->steps[j]; j++) {
                                if (streq(a->steps[j], b->steps[j]))
                                        fprintf(stderr, "  [%s] step %zu is untranslated in %s\n", a->id, j + 1, line);
                                CHECK(!streq(a->steps[j], b->steps[j]));
                        }
                }
                CHECK_EQ(strv_length(c->safety), strv_length(english->safety));
                for (size_t i = 0; c->safety[i] && english->safety[i]; i++) {
                        if (streq(c->safety[i], english->safety[i]))
                                fprintf(stderr, "  safety rule %zu is untranslated in %s\n", i + 1, line);
                        CHECK(!streq(c->safety[i], english->safety[i]));
                }
        }
        CHECK(n_languages >= 6);
}

/* Thousands of drop-ins: every id is found (through the hash), a later one replaces an earlier
 * one, and the warnings of many broken files are capped in total, with a count of the rest. */
static void test_many_dropins(void) {
        _cleanup_(freep) char *main_path = tmp_path("many.ini"), *dir = tmp_path("many.d");
        _cleanup_(catalog_freep) Catalog *c = NULL;

        write_text(main_path, EXERCISE("one", "seated") EXERCISE("two", "seated"));
        CHECK(mkdir(dir, 0755) == 0);
        for (unsigned i = 0; i < 3000; i++) {
                char name[64], text[512];

                snprintf(name, sizeof(name), "many.d/%05u.ini", i);
                if (i % 10 == 0)        /* broken: one warning each */
                        snprintf(text, sizeof(text), "[broken-%u]\nname = x\nposture = upside-down\n", i);
                else
                        snprintf(text, sizeof(text), "[x-%u]\nname = X %u\nposture = seated\ndose = 5 times\nstep = Move.\n"
                                 "[one]\nname = One from %u\nposture = seated\ndose = 5 times\nstep = Move.\n", i, i, i);
                write_tmp(name, text);
        }
        warnings_reset();
        CHECK(catalog_load(main_path, dir, NULL, &c) == 0);
        CHECK(c && c->n_exercises == 2 + 2700);
        for (unsigned i = 0; c && i < 3000; i++) {
                char id[32];

                snprintf(id, sizeof(id), "x-%u", i);
                CHECK((catalog_find(c, id) != NULL) == (i % 10 != 0));
        }
        CHECK(c && catalog_find(c, "one") == &c->exercises[0]);
        CHECK(c && streq(catalog_find(c, "one")->name, "One from 2999"));
        CHECK(c && !catalog_find(c, "three"));
        CHECK(strv_length(warnings) <= 201);
        CHECK(warnings && strstr(warnings[strv_length(warnings) - 1], "more problems in the exercise catalog"));
        warnings_reset();
}

/* Every shipped exercise has pictures, each an absolute path to an existing SVG in the
 * shipped illustrations folder. */
static void test_shipped_frames(void) {
        _cleanup_(catalog_freep) Catalog *c = NULL;

        warnings_reset();
        c = load_shipped();
        CHECK(warnings == NULL);
        for (size_t i = 0; i < c->n_exercises; i++) {
                const Exercise *e = &c->exercises[i];
                CHECK(e->n_frames >= 2);
                if (e->n_frames < 2)
                        fprintf(stderr, "  %s has %zu frames\n", e->id, e->n_frames);
                for (size_t j = 0; j < e->n_frames; j++) {
                        CHECK(e->frames[j].path[0] == '/');
                        CHECK(strstr(e->frames[j].path, "/illustrations/") != NULL);
                        CHECK(access(e->frames[j].path, R_OK) == 0);
                        CHECK(e->frames[j].duration_ms >= 100 && e->frames[j].duration_ms <= 60000);
                }
        }
        const Exercise *e = catalog_find(c, "shoulder-rotation");
        CHECK(e && e->n_frames == 8 && e->frames[0].duration_ms == 800);
}

static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>\n";

/* A drop-in's pictures beside it, in its illustrations/ folder, or the shipped ones; a
 * missing, unreadable or badly written frame is a warning with its line, and the exercise
 * loads without pictures. */
static void test_dropin_frames(void) {
        _cleanup_(freep) char *dir = tmp_path("frames.d"), *sub = NULL, *ini = NULL, *mine = NULL;
        _cleanup_(catalog_freep) Catalog *c = NULL;

        CHECK(mkdir(dir, 0700) == 0);
        CHECK(asprintf(&sub, "%s/illustrations", dir) >= 0);
        CHECK(mkdir(sub, 0700) == 0);
        CHECK(asprintf(&ini, "%s/mine.ini", dir) >= 0);
        CHECK(asprintf(&mine, "%s/my-move-1.svg", dir) >= 0);
        write_text(mine, svg);
        _cleanup_(freep) char *mine2 = NULL, *text = NULL, *notsvg = NULL;
        CHECK(asprintf(&mine2, "%s/my-move-2.svg", sub) >= 0);
        write_text(mine2, svg);
        CHECK(asprintf(&notsvg, "%s/text.svg", dir) >= 0);
        write_text(notsvg, "hello\n");
        write_text(ini,
                "[my-move]\n"                                   /* 1 */
                "name = My move\n"
                "posture = seated\n"
                "dose = 3 times\n"
                "step = Move.\n"                                /* 5 */
                "frame = 2s my-move-1.svg\n"
                "frame = 800ms my-move-2.svg\n"
                "frame = 1.5s back-twist-1.svg\n"
                "[no-file]\n"
                "name = No file\n"                              /* 10 */
                "posture = seated\n"
                "dose = 3 times\n"
                "step = Move.\n"
                "frame = 2s my-move-1.svg\n"
                "frame = 2s missing.svg\n"                      /* 15 */
                "frame = 2s also-missing.svg\n"
                "[bad-time]\n"
                "name = Bad time\n"
                "posture = standing\n"
                "dose = 3 times\n"                              /* 20 */
                "step = Move.\n"
                "frame = 2 my-move-1.svg\n"
                "[too-long]\n"
                "name = Too long\n"
                "posture = standing\n"                          /* 25 */
                "dose = 3 times\n"
                "step = Move.\n"
                "frame = 90s my-move-1.svg\n"
                "[path]\n"
                "name = Path\n"                                 /* 30 */
                "posture = standing\n"
                "dose = 3 times\n"
                "step = Move.\n"
                "frame = 1s ../my-move-1.svg\n"
                "[not-svg]\n"                                   /* 35 */
                "name = Not a picture\n"
                "posture = standing\n"
                "dose = 3 times\n"
                "step = Move.\n"
                "frame = 1s text.svg\n");                       /* 40 */

        warnings_reset();
        CHECK_EQ(catalog_load(LIMBER_SOURCE_CONFIG_DIR "/exercises.ini", dir, NULL, &c), 0);
        const Exercise *e = catalog_find(c, "my-move");
        CHECK(e && e->n_frames == 3);
        if (e && e->n_frames == 3) {
                char *real = realpath(mine, NULL), *real2 = realpath(mine2, NULL);
                CHECK_STREQ(e->frames[0].path, real);
                CHECK_EQ(e->frames[0].duration_ms, 2000);
                CHECK_STREQ(e->frames[1].path, real2);
                CHECK_EQ(e->frames[1].duration_ms, 800);
                CHECK(strstr(e->frames[2].path, "config/illustrations/back-twist-1.svg") != NULL);
                CHECK_EQ(e->frames[2].duration_ms, 1500);
                free(real);
                free(real2);
        }
        /* Each loads, without pictures. */
        static const char *const bare[] = { "no-file", "bad-time", "too-long", "path", "not-svg" };
        for (size_t i = 0; i < ELEMENTSOF(bare); i++) {
                e = catalog_find(c, bare[i]);
                CHECK(e && e->n_frames == 0 && e->frames == NULL);
        }
        check_warning(ini, 15, "missing.svg");
        check_warning(ini, 15, "No such file");
        CHECK(warning_at(ini, 16) == NULL);     /* one warning per exercise */
        check_warning(ini, 22, "TIME FILE");
        check_warning(ini, 28, "60s");
        check_warning(ini, 34, "not a file name");
        check_warning(ini, 40, "not an SVG or PNG");
        CHECK_EQ(strv_length(warnings), 5);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
        return remove(path);
}

int main(void) {
        log_set_sink(collect, NULL);

        if (!mkdtemp(tmpdir)) {
                perror("mkdtemp");
                return 1;
        }

        test_posture();
        test_instructions();
        test_shipped();
        test_dropins();
        test_broken();
        test_encoding();
        test_micro_boolean();
        test_pick();
        test_localized();
        test_localized_broken();
        test_shipped_languages();
        test_many_dropins();
        test_shipped_frames();
        test_dropin_frames();

        (void) nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
        warnings_reset();
        return tap_finish("test-catalog");
}
