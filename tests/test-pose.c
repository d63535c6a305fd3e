/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pose model: mirror images, the text in the SVG's metadata, every exercise's poses. */

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "pose/pose-exercises.h"
#include "tap.h"

static bool near(double a, double b) {
        return fabs(a - b) < 1e-6;
}

static bool has_point(const PoseShape *s, double x, double y) {
        for (size_t j = 0; j < s->n_points; j++)
                if (near(s->points[j][0], x) && near(s->points[j][1], y))
                        return true;
        return false;
}

/* The mirror pose's picture is the picture flipped left to right: the same shapes, every x
 * negated (shapes at one depth, a polygon's corners, may come in another order; the pixel
 * comparison of tests/check-illustrations.sh sees the drawn result). */
static void test_mirror_is_mirror_image(const Pose *p) {
        Pose m = pose_mirror(p);
        PoseScene a, b;
        bool used[POSE_SHAPES_MAX] = { false }, all = true;

        pose_scene(p, &a);
        pose_scene(&m, &b);
        CHECK_EQ(a.n_shapes, b.n_shapes);
        for (size_t i = 0; i < a.n_shapes; i++) {
                const PoseShape *x = &a.shapes[i];
                bool found = false;
                for (size_t k = 0; k < b.n_shapes && !found; k++) {
                        const PoseShape *y = &b.shapes[k];
                        if (used[k] || x->kind != y->kind || x->tint != y->tint || !near(x->width, y->width) ||
                            x->n_points != y->n_points)
                                continue;
                        bool same = true;
                        for (size_t j = 0; same && j < x->n_points; j++)
                                same = has_point(y, -x->points[j][0], x->points[j][1]);
                        if (same)
                                found = used[k] = true;
                }
                if (!found)
                        fprintf(stderr, "unmatched shape %zu kind %d tint %d n %zu view %g\n", i, x->kind, x->tint, x->n_points, p->view);
                all = all && found;
        }
        CHECK(all);
        Pose back = pose_mirror(&m);
        CHECK(memcmp(&back, p, sizeof(Pose)) == 0);
}

static void test_text_round_trip(const Pose *p) {
        double box[4] = { -1, -2, 1, 0 }, box2[4] = { 0 };
        char *svg = pose_svg(p, box, 64);
        Pose q;

        CHECK(svg);
        CHECK_EQ(pose_from_svg(svg, &q, box2), 0);
        bool same = true;
#define POSE_FIELD_SAME(name, mirror) same = same && fabs(p->name - q.name) < 0.001;
        POSE_FIELDS(POSE_FIELD_SAME)
#undef POSE_FIELD_SAME
        CHECK(same);
        CHECK(near(box2[0], -1) && near(box2[1], -2) && near(box2[2], 1) && near(box2[3], 0));
        free(svg);
}

static void test_from_svg_refuses(void) {
        Pose p;
        double box[4];
        CHECK_EQ(pose_from_svg("<svg></svg>", &p, box), -ENOENT);
        CHECK_EQ(pose_from_svg("limber-pose-1 view=abc", &p, box), -EINVAL);
        CHECK_EQ(pose_from_svg("limber-pose-1 elbow_wobble=3", &p, box), -EINVAL);
        CHECK_EQ(pose_from_svg("limber-pose-1 box=1,2,0,0", &p, box), -EINVAL);
        CHECK_EQ(pose_from_svg("limber-pose-1 view=30 neck_side=12<", &p, NULL), 0);
        CHECK(near(p.view, 30) && near(p.neck_side, 12));
}

/* A forearm aimed at a point ends where it points (the length aside): the hand lands on the
 * shoulder. */
static void test_aim(void) {
        Pose p = pose_seated();
        double target[3] = { 0.15, 0.05, 0 }, hand[3];
        p.upper_arm_out_l = 60;
        pose_aim_forearm(&p, POSE_LEFT, target, false);
        CHECK(pose_point(&p, "shoulder_l", hand));
        CHECK(p.forearm_fwd_l != pose_seated().forearm_fwd_l);
        CHECK(!pose_point(&p, "elbow_x", hand));
}

/* The loop: at a keyframe's start the figure is in its pose, half way it is half way (the
 * easing is symmetric), and after the last keyframe it starts again. */
static void test_track(void) {
        Pose poses[3] = { pose_seated(), pose_seated(), pose_seated() }, p;
        const double boxes[3][4] = { { 0, 0, 1, 1 }, { 0, 0, 3, 3 }, { 0, 0, 1, 1 } };
        const unsigned ms[3] = { 1000, 500, 2000 };
        double box[4];

        poses[1].neck_side = 30;
        poses[2].neck_side = -10;
        pose_track_at(poses, boxes, ms, 3, 0, &p, box);
        CHECK(near(p.neck_side, 0) && near(box[2], 1));
        pose_track_at(poses, boxes, ms, 3, 500, &p, box);
        CHECK(near(p.neck_side, 15) && near(box[2], 2));
        pose_track_at(poses, boxes, ms, 3, 250, &p, box);
        CHECK(p.neck_side > 0 && p.neck_side < 7.5);    /* slow out of the pose */
        pose_track_at(poses, boxes, ms, 3, 1000, &p, box);
        CHECK(near(p.neck_side, 30) && near(box[2], 3));
        pose_track_at(poses, boxes, ms, 3, 1500 + 1000, &p, NULL);
        CHECK(near(p.neck_side, -5));
        pose_track_at(poses, boxes, ms, 3, 3500 * 7 + 1000, &p, NULL);
        CHECK(near(p.neck_side, 30));
        const unsigned zero[1] = { 0 };
        pose_track_at(poses + 1, NULL, zero, 1, 12345, &p, NULL);
        CHECK(near(p.neck_side, 30));
}

int main(void) {
        const PoseExercise *list;
        size_t n = pose_exercises(&list);

        CHECK(n >= 16);
        for (size_t i = 0; i < n; i++) {
                const PoseExercise *e = &list[i];
                double box[4];
                CHECK(e->n_poses > 0 && e->n_frames > 0);
                pose_exercise_box(e, box);
                CHECK(box[2] > box[0] && near(box[2] - box[0], box[3] - box[1]));
                for (size_t j = 0; j < e->n_frames; j++)
                        CHECK(e->frames[j].pose < e->n_poses && e->frames[j].ms >= 100);
                for (size_t j = 0; j < e->n_poses; j++) {
                        PoseScene s;
                        /* One camera for all keyframes: the figure moves, not the view. */
                        CHECK(near(e->poses[j].view, e->poses[0].view));
                        pose_scene(&e->poses[j], &s);
                        CHECK(s.n_shapes > 10 && s.n_shapes < POSE_SHAPES_MAX);
                        test_mirror_is_mirror_image(&e->poses[j]);
                        test_text_round_trip(&e->poses[j]);
                        if (e->mirror_of[j] >= 0) {
                                Pose m = pose_mirror(&e->poses[e->mirror_of[j]]);
                                CHECK(memcmp(&m, &e->poses[j], sizeof(Pose)) == 0);
                        }
                }
        }
        test_from_svg_refuses();
        test_aim();
        test_track();
        return tap_finish("test-pose");
}
