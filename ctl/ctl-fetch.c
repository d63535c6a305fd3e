/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ctl-bus.h"
#include "ctl-fetch.h"
#include "ctl-util.h"

int config_fetch(sd_bus *bus, unsigned flags, char ***ret) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_(strv_freep) char **pairs = NULL;
        int r;

        r = bus_call(bus, "GetConfig", flags, &reply, NULL);
        if (r < 0)
                return r;

        r = sd_bus_message_enter_container(reply, 'a', "{ss}");
        if (r < 0)
                return bus_log_parse_error(r);
        for (;;) {
                const char *key, *value;

                r = sd_bus_message_read(reply, "{ss}", &key, &value);
                if (r < 0)
                        return bus_log_parse_error(r);
                if (r == 0)
                        break;
                if (strv_extend(&pairs, key) < 0 || strv_extend(&pairs, value) < 0)
                        return ctl_oom();
        }

        if (!pairs) {
                pairs = calloc(1, sizeof(char *));
                if (!pairs)
                        return ctl_oom();
        }
        *ret = TAKE_PTR(pairs);
        return 0;
}

void exercise_infos_free(ExerciseInfo *e, size_t n) {
        for (size_t i = 0; i < n; i++) {
                free(e[i].id);
                free(e[i].name);
                free(e[i].posture);
                free(e[i].instructions);
        }
        free(e);
}

int exercises_fetch(sd_bus *bus, unsigned flags, ExerciseInfo **ret, size_t *ret_n) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        ExerciseInfo *list = NULL;
        size_t n = 0;
        int r;

        r = bus_call(bus, "ListExercises", flags, &reply, NULL);
        if (r < 0)
                return r;

        r = sd_bus_message_enter_container(reply, 'a', "(ssss)");
        if (r < 0)
                return bus_log_parse_error(r);
        for (;;) {
                const char *id, *name, *posture, *instructions;
                ExerciseInfo *e;

                r = sd_bus_message_read(reply, "(ssss)", &id, &name, &posture, &instructions);
                if (r < 0) {
                        exercise_infos_free(list, n);
                        return bus_log_parse_error(r);
                }
                if (r == 0)
                        break;
                e = grow_array(&list, &n, sizeof(ExerciseInfo));
                if (e)
                        *e = (ExerciseInfo) {
                                .id = strdup(id),
                                .name = strdup(name),
                                .posture = strdup(posture),
                                .instructions = strdup(instructions),
                        };
                if (!e || !e->id || !e->name || !e->posture || !e->instructions) {
                        exercise_infos_free(list, n);
                        return ctl_oom();
                }
        }

        *ret = list;
        *ret_n = n;
        return 0;
}
