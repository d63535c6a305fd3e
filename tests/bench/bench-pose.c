/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-pose: what the moving figure costs. Prints the time of one animation frame's work
 * (pose_track_at + pose_scene: what the break window does 60 times a second before cairo
 * draws the shapes), of one keyframe's SVG, and of writing every exercise's keyframes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pose/pose-exercises.h"

static double now_s(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
        const PoseExercise *list;
        size_t n = pose_exercises(&list), keyframes = 0, svg_bytes = 0;
        const unsigned frames = 200000;
        double sink = 0, t;

        const PoseExercise *e = &list[0];
        Pose poses[POSE_EXERCISE_FRAMES_MAX];
        unsigned ms[POSE_EXERCISE_FRAMES_MAX];
        for (size_t i = 0; i < e->n_frames; i++) {
                poses[i] = e->poses[e->frames[i].pose];
                ms[i] = e->frames[i].ms;
        }
        t = now_s();
        for (unsigned i = 0; i < frames; i++) {
                Pose p;
                PoseScene scene;
                pose_track_at(poses, NULL, ms, e->n_frames, i * 16ULL, &p, NULL);
                pose_scene(&p, &scene);
                sink += scene.shapes[scene.n_shapes - 1].depth;
        }
        t = now_s() - t;
        printf("animation frame (pose + shapes, %s): %.2f us; at 60 fps %.3f%% of one core\n",
               e->id, t / frames * 1e6, t / frames * 60 * 100);

        t = now_s();
        for (size_t i = 0; i < n; i++) {
                double box[4];
                pose_exercise_box(&list[i], box);
                for (size_t j = 0; j < list[i].n_poses; j++) {
                        char *svg = pose_svg(&list[i].poses[j], box, 256);
                        if (!svg)
                                return 1;
                        svg_bytes += strlen(svg);
                        keyframes++;
                        free(svg);
                }
        }
        t = now_s() - t;
        printf("all %zu exercises: %zu keyframes in %.1f ms (framing included), %.1f KiB of SVG, %.1f KiB each\n",
               n, keyframes, t * 1e3, svg_bytes / 1024.0, svg_bytes / 1024.0 / keyframes);
        return sink == 0.12345 ? 1 : 0;
}
