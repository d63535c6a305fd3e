/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The animated exercise figure, a GTK 4 widget: it loops through an exercise's keyframes
 * (GetExercise's "frames"), drawing every in-between pose from the pose model, so the figure
 * moves smoothly instead of flipping pictures. It shows the first keyframe still when
 * animations are off (gtk-enable-animations) and when any keyframe carries no pose (a
 * picture of one's own: then that first picture is shown as it is). Files are read
 * asynchronously; nothing blocks the main loop. */

#include <gtk/gtk.h>

#define LIMBER_TYPE_FIGURE (limber_figure_get_type())
G_DECLARE_FINAL_TYPE(LimberFigure, limber_figure, LIMBER, FIGURE, GtkWidget)

GtkWidget *limber_figure_new(void);

/* frames: n keyframes, each an SVG (or PNG) path and the milliseconds the figure takes to
 * move on from it to the next, as GetExercise gives them; n == 0 shows nothing. Replaces
 * what was shown before. */
void limber_figure_set_frames(GtkWidget *figure, const char *const *paths,
                              const unsigned *durations_ms, size_t n);

/* Whether every file of the frames is read (the "ready" property notifies the change). */
gboolean limber_figure_get_ready(GtkWidget *figure);

/* Holds the figure at t_ms into its loop (negative: runs again), for screenshots and tests. */
void limber_figure_seek(GtkWidget *figure, gint64 t_ms);
