/* SPDX-License-Identifier: GPL-3.0-or-later */
/* limber-pose-gen: writes every exercise's keyframe pictures from pose-exercises.c.
 *
 *   limber-pose-gen DIR        writes DIR/<id>-<n>.svg for every exercise
 *   limber-pose-gen --frames   prints each exercise's "frame = …" lines for exercises.ini
 *   limber-pose-gen --mirrors  prints "A.svg B.svg" for each keyframe B that mirrors A
 *
 * The pictures are committed in config/illustrations/; "meson compile illustrations"
 * regenerates them and the test "illustrations-current" fails when they are stale. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pose/pose-exercises.h"

#define PICTURE_PX 256

static void print_frames(const PoseExercise *list, size_t n) {
        for (size_t i = 0; i < n; i++) {
                printf("[%s]\n", list[i].id);
                for (size_t j = 0; j < list[i].n_frames; j++) {
                        unsigned ms = list[i].frames[j].ms;
                        if (ms % 1000 == 0)
                                printf("frame = %us %s-%u.svg\n", ms / 1000, list[i].id, list[i].frames[j].pose + 1);
                        else
                                printf("frame = %.1fs %s-%u.svg\n", ms / 1000.0, list[i].id, list[i].frames[j].pose + 1);
                }
        }
}

static void print_mirrors(const PoseExercise *list, size_t n) {
        for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < list[i].n_poses; j++)
                        if (list[i].mirror_of[j] >= 0)
                                printf("%s-%d.svg %s-%zu.svg\n", list[i].id, list[i].mirror_of[j] + 1, list[i].id, j + 1);
}

static int write_pictures(const PoseExercise *list, size_t n, const char *dir) {
        for (size_t i = 0; i < n; i++) {
                double box[4];
                pose_exercise_box(&list[i], box);
                for (size_t j = 0; j < list[i].n_poses; j++) {
                        char path[4096];
                        snprintf(path, sizeof(path), "%s/%s-%zu.svg", dir, list[i].id, j + 1);
                        char *svg = pose_svg(&list[i].poses[j], box, PICTURE_PX);
                        if (!svg) {
                                fprintf(stderr, "Out of memory\n");
                                return 1;
                        }
                        FILE *f = fopen(path, "we");
                        if (!f || fputs(svg, f) < 0 || fclose(f) != 0) {
                                fprintf(stderr, "Cannot write %s: %s\n", path, strerror(errno));
                                free(svg);
                                return 1;
                        }
                        free(svg);
                }
        }
        return 0;
}

int main(int argc, char *argv[]) {
        const PoseExercise *list;
        size_t n = pose_exercises(&list);

        if (argc != 2) {
                fprintf(stderr, "Usage: %s DIR | --frames | --mirrors\n", argv[0]);
                return 2;
        }
        if (strcmp(argv[1], "--frames") == 0)
                print_frames(list, n);
        else if (strcmp(argv[1], "--mirrors") == 0)
                print_mirrors(list, n);
        else
                return write_pictures(list, n, argv[1]);
        return 0;
}
