/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The configuration and the exercise catalog as limberd reports them, for the verbs and for
 * shell completion. */

#include <systemd/sd-bus.h>

#include "util/util.h"

/* flags: BusCallFlags (BUS_CALL_NO_ACTIVATE for completion). GetConfig(): a NULL-terminated list
 * of key, value, key, value… in limberd's order. Returns 0 or a negative errno after a message. */
int config_fetch(sd_bus *bus, unsigned flags, char ***ret);

typedef struct ExerciseInfo {
        char *id;
        char *name;
        char *posture;
        char *instructions;     /* dose, numbered steps one a line, "Caution: …" */
} ExerciseInfo;

void exercise_infos_free(ExerciseInfo *e, size_t n);

/* ListExercises(). Returns 0 or a negative errno after a message. */
int exercises_fetch(sd_bus *bus, unsigned flags, ExerciseInfo **ret, size_t *ret_n);
