/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The break window's widgets and what each of its views shows; no bus here (limber-break.c
 * reads limberd and calls these). Its buttons fire the application's actions app.start,
 * app.snooze, app.skip and app.done (limber-break.c carries them out through limberd's API). */

#include <gtk/gtk.h>

/* An exercise as GetExercise gives it. */
typedef struct BreakExercise {
        char *id;
        char *name;
        char *dose;
        char **steps;
        char *caution;                  /* NULL when none */
        char **frames;                  /* SVG keyframes, NULL-terminated; may be NULL */
        unsigned *frame_ms;
} BreakExercise;

BreakExercise *break_exercise_free(BreakExercise *e);
/* From GetExercise's a{sv}; NULL when it lacks the name. */
BreakExercise *break_exercise_from_variant(GVariant *dict);

typedef struct BreakWindow BreakWindow;

BreakWindow *break_window_new(GtkApplication *app);
GtkWindow *break_window_get_window(BreakWindow *w);

/* The exercise's figure, moving through its keyframes (still where animations are off);
 * nothing when it has no frames. */
void break_window_set_figure(BreakWindow *w, const BreakExercise *e);

/* The safety rules, in the expander under the exercise; expanded (the day's first break)
 * or one click away. */
void break_window_set_rules(BreakWindow *w, char **rules, gboolean expanded);

/* A guided break at step (from 1) of steps: e may be NULL (no catalog). step_left and
 * break_left are the seconds left; break_total the break's length in seconds. */
void break_window_show_step(BreakWindow *w, const BreakExercise *e, unsigned step, unsigned steps,
                            gint64 step_left, gint64 break_left, gint64 break_total);
/* Only the countdown of the step shown. */
void break_window_update_countdown(BreakWindow *w, unsigned step, unsigned steps, gint64 step_left,
                                   gint64 break_left, gint64 break_total);
/* A due break: its first exercise, Start break, Snooze, Skip. */
void break_window_show_due(BreakWindow *w, const BreakExercise *e);
/* Nothing due: the state in a line, and Start a break now. */
void break_window_show_idle(BreakWindow *w, const char *state_text);
/* The end of the break: what was recorded, today's count. */
void break_window_show_over(BreakWindow *w, const char *kind, guint64 usec, unsigned breaks_today,
                            guint64 active_today_usec);
/* A line in place of the exercise, when limberd cannot be reached. */
void break_window_show_message(BreakWindow *w, const char *text);
