/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The poses of every exercise of config/exercises.ini: for each, its keyframes (files
 * "<id>-<n>.svg") and the order and timing in which the figure moves through them. Adding
 * an exercise's pictures means adding a builder here: poses, not drawings. The first keyframe
 * is the still picture (notifications, animations off): the pose that tells the move, not
 * the neutral start. */

#include "pose/pose.h"

#define POSE_EXERCISE_POSES_MAX 8
#define POSE_EXERCISE_FRAMES_MAX 16

typedef struct PoseExercise {
        const char *id;
        Pose poses[POSE_EXERCISE_POSES_MAX];    /* file <id>-<index + 1>.svg */
        int mirror_of[POSE_EXERCISE_POSES_MAX]; /* the pose this one mirrors, or -1 */
        size_t n_poses;
        struct {
                unsigned pose;                  /* index into poses */
                unsigned ms;                    /* the move from this keyframe to the next */
        } frames[POSE_EXERCISE_FRAMES_MAX];
        size_t n_frames;
        double close_up;                        /* > 0: the pictures show only what is
                                                 * above this height (metres) */
} PoseExercise;

/* Every exercise's poses, in the catalog's order (a static table, built on first call).
 * Returns the number of entries. */
size_t pose_exercises(const PoseExercise **ret);

/* The framing shared by all keyframes of e, wide enough for every in-between pose. */
void pose_exercise_box(const PoseExercise *e, double box[4]);
