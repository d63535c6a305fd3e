/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The verbs of limberctl, one short function each, dispatched from the table in limberctl.c.
 * Each returns 0 or a negative errno (see ctl-util.h for the exit statuses). */

#include "ctl-args.h"

/* ctl-verbs-control.c: commands that change limberd's state. */
int verb_snooze(int argc, char *argv[], const CtlArgs *args);
int verb_skip(int argc, char *argv[], const CtlArgs *args);
int verb_break(int argc, char *argv[], const CtlArgs *args);
int verb_done(int argc, char *argv[], const CtlArgs *args);
int verb_log(int argc, char *argv[], const CtlArgs *args);
int verb_pause(int argc, char *argv[], const CtlArgs *args);
int verb_resume(int argc, char *argv[], const CtlArgs *args);
int verb_reload(int argc, char *argv[], const CtlArgs *args);

/* ctl-verbs-status.c */
int verb_status(int argc, char *argv[], const CtlArgs *args);

/* ctl-verbs-history.c */
int verb_history(int argc, char *argv[], const CtlArgs *args);
int verb_stats(int argc, char *argv[], const CtlArgs *args);

/* ctl-verbs-config.c */
int verb_config_get(int argc, char *argv[], const CtlArgs *args);
int verb_config_set(int argc, char *argv[], const CtlArgs *args);
int verb_config_unset(int argc, char *argv[], const CtlArgs *args);

/* ctl-verbs-exercises.c */
int verb_exercises_list(int argc, char *argv[], const CtlArgs *args);
int verb_exercises_show(int argc, char *argv[], const CtlArgs *args);

/* ctl-watch.c */
int verb_watch(int argc, char *argv[], const CtlArgs *args);
