/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "exercises" and "exercises show ID": the catalog limberd picks breaks from. */

#include "ctl-bus.h"
#include "ctl-fetch.h"
#include "ctl-json.h"
#include "ctl-output.h"
#include "ctl-util.h"
#include "ctl-verbs.h"
#include "util/i18n.h"

static void exercise_json(Json *j, const ExerciseInfo *e) {
        json_object_begin(j);
        json_field_string(j, "id", e->id);
        json_field_string(j, "name", e->name);
        json_field_string(j, "posture", e->posture);
        json_field_string(j, "instructions", e->instructions);
        json_object_end(j);
}

static int exercises_table(const ExerciseInfo *e, size_t n, const Style *style) {
        static const char * const headers[] = { N_("ID"), N_("POSTURE"), N_("NAME") };
        _cleanup_(table_freep) Table *t = table_new(3, headers);

        if (!t)
                return ctl_oom();
        if (n == 0) {
                puts(_("No exercises: limberd found no catalog (see limber.ini(5), EXERCISES)."));
                return 0;
        }
        for (size_t i = 0; i < n; i++)
                if (table_add(t, COLOR_NONE, e[i].id) < 0 ||
                    table_add(t, COLOR_NONE, e[i].posture) < 0 ||
                    table_add(t, COLOR_NONE, e[i].name) < 0)
                        return ctl_oom();
        table_print(t, style, stdout);
        printf("\n%s", ansi(style, COLOR_DIM));
        printf(ngettext("%zu exercise; \"limberctl exercises show ID\" tells how to do one.",
                        "%zu exercises; \"limberctl exercises show ID\" tells how to do one.", n), n);
        printf("%s\n", ansi(style, COLOR_RESET));
        return 0;
}

/* The instructions as limberd words them: the dose on the first line, the numbered steps, and
 * "Caution: …" lines, which are set apart so they are not missed. */
static void exercise_print(const ExerciseInfo *e, const Style *style) {
        const char *p = e->instructions;
        /* limberd words it in its own language, which is normally ours too. */
        const char *caution = _("Caution: %s");
        size_t caution_len = strcspn(caution, "%");
        bool first = true;

        printf("%s%s%s (%s, %s)\n", ansi(style, COLOR_BOLD), e->name, ansi(style, COLOR_RESET), e->id, e->posture);
        while (*p) {
                size_t n = strcspn(p, "\n");

                if (strncmp(p, "Caution:", 8) == 0 || (caution_len > 0 && strncmp(p, caution, caution_len) == 0))
                        printf("\n%s%s %.*s%s\n", ansi(style, COLOR_YELLOW), glyph(style, GLYPH_WARNING),
                               (int) n, p, ansi(style, COLOR_RESET));
                else if (first)
                        printf("%s%.*s%s\n\n", ansi(style, COLOR_DIM), (int) n, p, ansi(style, COLOR_RESET));
                else
                        printf("  %.*s\n", (int) n, p);
                first = false;
                p += n;
                if (*p == '\n')
                        p++;
        }
}

static int exercises_get(ExerciseInfo **ret, size_t *ret_n) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        int r;

        r = bus_connect(&bus);
        if (r < 0)
                return r;
        return exercises_fetch(bus, 0, ret, ret_n);
}

/* --safety: the rules every exercise comes with (GetSafetyRules). */
static int safety_print(const CtlArgs *args) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_(strv_freep) char **rules = NULL;
        int r;

        r = bus_connect(&bus);
        if (r < 0)
                return r;
        r = bus_call(bus, "GetSafetyRules", 0, &reply, NULL);
        if (r < 0)
                return r;
        r = sd_bus_message_read_strv(reply, &rules);
        if (r < 0)
                return bus_log_parse_error(r);
        if (args->json) {
                Json j;

                json_init(&j, stdout);
                json_array_begin(&j);
                for (char **p = rules; p && *p; p++)
                        json_string(&j, *p);
                json_array_end(&j);
                return 0;
        }
        printf("%s%s%s\n", ansi(&args->style, COLOR_BOLD), _("Before you move:"), ansi(&args->style, COLOR_RESET));
        for (char **p = rules; p && *p; p++)
                printf("  %s %s\n", glyph(&args->style, GLYPH_BULLET), *p);
        printf("\n%s%s%s\n", ansi(&args->style, COLOR_DIM), _("limber is a reminder, not medical advice."),
               ansi(&args->style, COLOR_RESET));
        return 0;
}

int verb_exercises_list(int argc, char *argv[], const CtlArgs *args) {
        ExerciseInfo *list = NULL;
        size_t n = 0;
        int r;

        if (args->safety)
                return safety_print(args);

        r = exercises_get(&list, &n);
        if (r < 0)
                return r;

        if (args->json) {
                Json j;

                json_init(&j, stdout);
                json_array_begin(&j);
                for (size_t i = 0; i < n; i++)
                        exercise_json(&j, &list[i]);
                json_array_end(&j);
        } else
                r = exercises_table(list, n, &args->style);
        exercise_infos_free(list, n);
        return r;
}

/* One exercise's fields, as GetExercise gives them. */
typedef struct ExerciseDetail {
        char *id, *name, *posture, *dose, *caution;
        char **steps;
        bool micro;
        unsigned *frame_ms;
        char **frame_paths;
        size_t n_frames;
} ExerciseDetail;

static void exercise_detail_done(ExerciseDetail *d) {
        free(d->id);
        free(d->name);
        free(d->posture);
        free(d->dose);
        free(d->caution);
        strv_free(d->steps);
        free(d->frame_ms);
        strv_free(d->frame_paths);
}

static int exercise_detail_read_frames(sd_bus_message *reply, ExerciseDetail *d) {
        uint32_t ms;
        const char *path;
        int r;

        r = sd_bus_message_enter_container(reply, 'a', "(us)");
        if (r < 0)
                return r;
        while ((r = sd_bus_message_read(reply, "(us)", &ms, &path)) > 0) {
                unsigned *l = reallocarray(d->frame_ms, d->n_frames + 1, sizeof(unsigned));
                if (!l)
                        return -ENOMEM;
                d->frame_ms = l;
                if (strv_extend(&d->frame_paths, path) < 0)
                        return -ENOMEM;
                d->frame_ms[d->n_frames++] = ms;
        }
        if (r < 0)
                return r;
        return sd_bus_message_exit_container(reply);
}

/* GetExercise(id): fields limberd does not send stay NULL; unknown ones are skipped. */
static int exercise_detail_parse(sd_bus_message *reply, ExerciseDetail *d) {
        int r;

        r = sd_bus_message_enter_container(reply, 'a', "{sv}");
        if (r < 0)
                return r;
        while ((r = sd_bus_message_enter_container(reply, 'e', "sv")) > 0) {
                static const struct {
                        const char *key;
                        size_t offset;
                } strings[] = {
                        { "id", offsetof(ExerciseDetail, id) },
                        { "name", offsetof(ExerciseDetail, name) },
                        { "posture", offsetof(ExerciseDetail, posture) },
                        { "dose", offsetof(ExerciseDetail, dose) },
                        { "caution", offsetof(ExerciseDetail, caution) },
                };
                const char *key, *contents;
                bool done = false;

                r = sd_bus_message_read(reply, "s", &key);
                if (r < 0)
                        return r;
                r = sd_bus_message_peek_type(reply, NULL, &contents);
                if (r < 0)
                        return r;
                for (size_t i = 0; i < ELEMENTSOF(strings) && !done; i++)
                        if (streq(key, strings[i].key) && streq(contents, "s")) {
                                const char *v;
                                char **field = (char **) ((uint8_t *) d + strings[i].offset);
                                r = sd_bus_message_read(reply, "v", "s", &v);
                                if (r < 0)
                                        return r;
                                free(*field);
                                *field = strdup(v);
                                if (!*field)
                                        return -ENOMEM;
                                done = true;
                        }
                if (!done && streq(key, "steps") && streq(contents, "as")) {
                        r = sd_bus_message_enter_container(reply, 'v', "as");
                        if (r >= 0)
                                r = sd_bus_message_read_strv(reply, &d->steps);
                        if (r >= 0)
                                r = sd_bus_message_exit_container(reply);
                        done = true;
                } else if (!done && streq(key, "micro") && streq(contents, "b")) {
                        int b;
                        r = sd_bus_message_read(reply, "v", "b", &b);
                        d->micro = b;
                        done = true;
                } else if (!done && streq(key, "frames") && streq(contents, "a(us)")) {
                        r = sd_bus_message_enter_container(reply, 'v', "a(us)");
                        if (r >= 0)
                                r = exercise_detail_read_frames(reply, d);
                        if (r >= 0)
                                r = sd_bus_message_exit_container(reply);
                        done = true;
                }
                if (!done)
                        r = sd_bus_message_skip(reply, "v");
                if (r < 0)
                        return r;
                r = sd_bus_message_exit_container(reply);
                if (r < 0)
                        return r;
        }
        if (r < 0)
                return r;
        return sd_bus_message_exit_container(reply);
}

static void exercise_detail_json(const ExerciseDetail *d, const ExerciseInfo *e) {
        Json j;

        json_init(&j, stdout);
        json_object_begin(&j);
        json_field_string(&j, "id", e->id);
        json_field_string(&j, "name", d->name ?: e->name);
        json_field_string(&j, "posture", d->posture ?: e->posture);
        if (d->dose)
                json_field_string(&j, "dose", d->dose);
        json_key(&j, "steps");
        json_array_begin(&j);
        for (char **s = d->steps; s && *s; s++)
                json_string(&j, *s);
        json_array_end(&j);
        if (d->caution)
                json_field_string(&j, "caution", d->caution);
        json_field_bool(&j, "micro", d->micro);
        json_key(&j, "frames");
        json_array_begin(&j);
        for (size_t i = 0; i < d->n_frames; i++) {
                json_object_begin(&j);
                json_field_uint(&j, "duration_ms", d->frame_ms[i]);
                json_field_string(&j, "path", d->frame_paths[i]);
                json_object_end(&j);
        }
        json_array_end(&j);
        json_field_string(&j, "instructions", e->instructions);
        json_object_end(&j);
}

/* Where the pictures are: each keyframe with its time to the next. */
static void exercise_pictures_print(const ExerciseDetail *d, const Style *style) {
        if (d->n_frames == 0) {
                printf("\n%s%s%s\n", ansi(style, COLOR_DIM), _("No pictures."), ansi(style, COLOR_RESET));
                return;
        }
        printf("\n%s\n", _("Pictures:"));
        for (size_t i = 0; i < d->n_frames; i++)
                printf("  %s%5.1fs%s  %s\n", ansi(style, COLOR_DIM), d->frame_ms[i] / 1000.0,
                       ansi(style, COLOR_RESET), d->frame_paths[i]);
}

int verb_exercises_show(int argc, char *argv[], const CtlArgs *args) {
        ExerciseInfo *list = NULL;
        const ExerciseInfo *e = NULL;
        size_t n = 0;
        int r;

        r = exercises_get(&list, &n);
        if (r < 0)
                return r;

        for (size_t i = 0; i < n && !e; i++)
                if (streq(list[i].id, argv[1]))
                        e = &list[i];
        if (!e)
                r = ctl_error(ENOENT, _("no exercise \"%s\": \"limberctl exercises\" lists them%s%s"),
                              argv[1], n > 0 ? ", e.g. " : "", n > 0 ? list[0].id : "");
        else {
                _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
                _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
                _cleanup_(exercise_detail_done) ExerciseDetail d = {};

                r = bus_connect(&bus);
                if (r >= 0)
                        r = bus_call(bus, "GetExercise", 0, &reply, "s", e->id);
                if (r >= 0) {
                        r = exercise_detail_parse(reply, &d);
                        if (r == -ENOMEM)
                                r = ctl_oom();
                        else if (r < 0)
                                r = bus_log_parse_error(r);
                }
                if (r >= 0 && args->json)
                        exercise_detail_json(&d, e);
                else if (r >= 0) {
                        exercise_print(e, &args->style);
                        exercise_pictures_print(&d, &args->style);
                }
        }

        exercise_infos_free(list, n);
        return r;
}
