/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pose/pose-exercises.h"

/* Each move is seen from where it shows best:
 *   front (view 0)      sideways moves and turns: back twist, lateral tilt, shrug, deep
 *                       breath, overhead arm stretch, side bend, standing twist; also every
 *                       move done "each side", whose mirror image must be the other side
 *   side (view 90)      forward and backward bends: cat-cow, shoulder circles, forward
 *                       relaxation, standing back bend, arm swings
 *   three-quarter       moves with depth and width: shoulder rotation (40), the shoulder
 *                       blade squeeze (60), arm circles (35), neck tilts (25) */

#include <math.h>
#include <string.h>

/* Builders' helpers. */
static unsigned add_pose(PoseExercise *e, Pose p) {
        e->mirror_of[e->n_poses] = -1;
        e->poses[e->n_poses] = p;
        return (unsigned) e->n_poses++;
}

static unsigned add_mirror(PoseExercise *e, unsigned of) {
        unsigned i = add_pose(e, pose_mirror(&e->poses[of]));
        e->mirror_of[i] = (int) of;
        return i;
}

static void add_frame(PoseExercise *e, unsigned pose, unsigned ms) {
        e->frames[e->n_frames].pose = pose;
        e->frames[e->n_frames].ms = ms;
        e->n_frames++;
}

/* Points both forearms at a point of the thorax frame given for the left side (the right
 * one is its mirror). */
static void aim_both(Pose *p, double x, double y, double z) {
        const double l[3] = { x, y, z }, r[3] = { -x, y, z };
        pose_aim_forearm(p, POSE_LEFT, l, false);
        pose_aim_forearm(p, POSE_RIGHT, r, false);
}

static void aim_world(Pose *p, int side, const char *point, double dx, double dy, double dz) {
        double v[3];
        if (!pose_point(p, point, v))
                return;
        v[0] += dx;
        v[1] += dy;
        v[2] += dz;
        pose_aim_forearm(p, side, v, true);
}

static void set_arms(Pose *p, double fwd, double out) {
        p->upper_arm_fwd_l = p->upper_arm_fwd_r = fwd;
        p->upper_arm_out_l = p->upper_arm_out_r = out;
}

static void set_forearms(Pose *p, double fwd, double out) {
        p->forearm_fwd_l = p->forearm_fwd_r = fwd;
        p->forearm_out_l = p->forearm_out_r = out;
}

/* The spine bent by total degrees, shared between the lumbar and thoracic segments. */
static void bend(Pose *p, double flex, double side, double twist) {
        p->lumbar_flex = flex * 0.45;
        p->thorax_flex = flex * 0.55;
        p->lumbar_side = side * 0.45;
        p->thorax_side = side * 0.55;
        p->lumbar_twist = twist * 0.3;
        p->thorax_twist = twist * 0.7;
}

/* Hands behind the head, elbows out to the sides (the seed's back twist and lateral tilt). */
static void hands_behind_head(Pose *p) {
        set_arms(p, -8, 118);
        aim_both(p, 0.05, 0.16, -0.10);
}

/* Hands on the hips, elbows out (standing moves). */
static void hands_on_waist(Pose *p) {
        set_arms(p, -15, 35);
        aim_world(p, POSE_LEFT, "hip_l", 0.0, 0.06, 0.0);
        aim_world(p, POSE_RIGHT, "hip_r", 0.0, 0.06, 0.0);
}

/* Hands on the shoulders, the upper arms at fwd/out, the shoulders raised by lift. */
static Pose shoulder_rotation_pose(double fwd, double out, double lift, double sfwd) {
        Pose p = pose_seated();
        p.view = 40;
        p.shoulder_lift_l = p.shoulder_lift_r = lift;
        p.shoulder_fwd_l = p.shoulder_fwd_r = sfwd;
        set_arms(&p, fwd, out);
        aim_both(&p, 0.15, 0.04 + lift, sfwd);
        return p;
}

static void shoulder_rotation(PoseExercise *e) {
        /* A circle of the elbows: forward, up, back, down; then the other way round. */
        unsigned fwd = add_pose(e, shoulder_rotation_pose(75, 30, 0.01, 0.03));
        unsigned up = add_pose(e, shoulder_rotation_pose(40, 95, 0.05, 0));
        unsigned back = add_pose(e, shoulder_rotation_pose(-35, 70, 0.01, -0.03));
        unsigned down = add_pose(e, shoulder_rotation_pose(10, 30, -0.01, 0));
        const unsigned one_way[] = { fwd, up, back, down }, other_way[] = { fwd, down, back, up };

        for (size_t i = 0; i < 4; i++)
                add_frame(e, one_way[i], 800);
        for (size_t i = 0; i < 4; i++)
                add_frame(e, other_way[i], 800);
}

static void back_twist(PoseExercise *e) {
        Pose p = pose_seated();
        p.view = 0;
        hands_behind_head(&p);
        unsigned mid = add_pose(e, p);
        bend(&p, 0, 0, 45);
        p.neck_twist = 10;
        unsigned left = add_pose(e, p);
        unsigned right = add_mirror(e, left);

        add_frame(e, left, 1500);
        add_frame(e, mid, 1500);
        add_frame(e, right, 1500);
        add_frame(e, mid, 1500);
}

static void lateral_tilt(PoseExercise *e) {
        Pose p = pose_seated();
        hands_behind_head(&p);
        unsigned mid = add_pose(e, p);
        bend(&p, 0, 28, 0);
        unsigned left = add_pose(e, p);
        unsigned right = add_mirror(e, left);

        add_frame(e, left, 1500);
        add_frame(e, mid, 1500);
        add_frame(e, right, 1500);
        add_frame(e, mid, 1500);
}

static Pose cat_cow_pose(double flex, double neck) {
        Pose p = pose_seated();
        p.view = 90;
        p.seat_fwd = 0.14;
        p.shin_fwd_l = p.shin_fwd_r = -18;
        bend(&p, flex, 0, 0);
        p.neck_flex = neck;
        set_arms(&p, 30 + flex * 0.7, 10);
        aim_world(&p, POSE_LEFT, "knee_l", 0, 0.06, 0);
        aim_world(&p, POSE_RIGHT, "knee_r", 0, 0.06, 0);
        return p;
}

static void cat_cow(PoseExercise *e) {
        unsigned round = add_pose(e, cat_cow_pose(38, 30));
        unsigned arch = add_pose(e, cat_cow_pose(-22, -28));

        add_frame(e, round, 2500);
        add_frame(e, arch, 2500);
}

static void neck_tilt(PoseExercise *e) {
        Pose p = pose_seated();
        e->close_up = 0.80;
        p.view = 25;
        unsigned mid = add_pose(e, p);
        p.neck_side = 38;
        unsigned left = add_pose(e, p);
        /* Not the mirror image: that would be seen from the other side (view -25), and the
         * camera would swing between the keyframes. */
        p.neck_side = -38;
        unsigned right = add_pose(e, p);
        p.neck_side = 0;
        p.neck_flex = -30;
        unsigned back = add_pose(e, p);
        p.neck_flex = 35;
        unsigned fwd = add_pose(e, p);

        add_frame(e, left, 1500);
        add_frame(e, mid, 1500);
        add_frame(e, right, 1500);
        add_frame(e, mid, 1500);
        add_frame(e, back, 1500);
        add_frame(e, mid, 1500);
        add_frame(e, fwd, 1500);
        add_frame(e, mid, 1500);
}

static void shoulder_shrug(PoseExercise *e) {
        Pose p = pose_seated();
        e->close_up = 0.72;
        set_forearms(&p, 8, 6);
        unsigned low = add_pose(e, p);
        p.shoulder_lift_l = p.shoulder_lift_r = 0.075;
        p.neck_flex = -3;
        unsigned high = add_pose(e, p);

        add_frame(e, high, 800);
        add_frame(e, high, 1500);
        add_frame(e, low, 1200);
}

static Pose shoulder_circle_pose(double lift, double fwd) {
        Pose p = pose_seated();
        p.view = 90;
        set_forearms(&p, 10 + fwd * 300, 4);
        set_arms(&p, fwd * 300, 8);
        p.shoulder_lift_l = p.shoulder_lift_r = lift;
        p.shoulder_fwd_l = p.shoulder_fwd_r = fwd;
        return p;
}

static void shoulder_circles(PoseExercise *e) {
        unsigned fwd = add_pose(e, shoulder_circle_pose(0.02, 0.06));
        unsigned up = add_pose(e, shoulder_circle_pose(0.07, 0));
        unsigned back = add_pose(e, shoulder_circle_pose(0.02, -0.06));
        unsigned down = add_pose(e, shoulder_circle_pose(-0.01, 0));
        /* Forward circles (up, forward, down, back), then backward ones. */
        const unsigned forward[] = { up, fwd, down, back }, backward[] = { up, back, down, fwd };

        for (size_t i = 0; i < 4; i++)
                add_frame(e, forward[i], 700);
        for (size_t i = 0; i < 4; i++)
                add_frame(e, backward[i], 700);
}

static void shoulder_blade_squeeze(PoseExercise *e) {
        Pose p = pose_seated();
        p.view = 60;
        set_arms(&p, 25, 25);
        set_forearms(&p, 80, 5);
        unsigned open = add_pose(e, p);
        set_arms(&p, -35, 20);
        set_forearms(&p, 60, 5);
        p.shoulder_fwd_l = p.shoulder_fwd_r = -0.04;
        unsigned squeeze = add_pose(e, p);

        add_frame(e, squeeze, 1500);
        add_frame(e, squeeze, 1500);
        add_frame(e, open, 1500);
}

static void deep_breath(PoseExercise *e) {
        Pose p = pose_seated();
        unsigned down = add_pose(e, p);
        set_arms(&p, 5, 165);
        set_forearms(&p, 5, 172);
        p.neck_flex = -8;
        p.thorax_flex = -4;
        unsigned up = add_pose(e, p);

        add_frame(e, up, 4000);
        add_frame(e, down, 4000);
}

static void forward_relaxation(PoseExercise *e) {
        Pose p = pose_seated();
        p.view = 90;
        unsigned sit = add_pose(e, p);
        bend(&p, 78, 0, 0);
        p.neck_flex = 35;
        set_arms(&p, 72, 6);
        set_forearms(&p, 80, 4);
        unsigned lean = add_pose(e, p);

        add_frame(e, lean, 30000);
        add_frame(e, lean, 3000);
        add_frame(e, sit, 3000);
}

static void overhead_arm_stretch(PoseExercise *e) {
        Pose p = pose_seated();
        unsigned sit = add_pose(e, p);
        /* The right elbow points up, its hand drops behind the neck... */
        p.thorax_side = 6;
        p.neck_side = 10;
        p.neck_flex = 8;
        p.upper_arm_fwd_r = 8;
        p.upper_arm_out_r = 172;
        const double behind[3] = { 0.0, 0.06, -0.09 };
        pose_aim_forearm(&p, POSE_RIGHT, behind, false);
        /* ... and the left hand, over the head, draws that elbow a little further. */
        p.upper_arm_fwd_l = 15;
        p.upper_arm_out_l = 150;
        aim_world(&p, POSE_LEFT, "elbow_r", 0.03, 0.02, 0.03);
        unsigned stretch = add_pose(e, p);
        unsigned other = add_mirror(e, stretch);

        add_frame(e, stretch, 4000);
        add_frame(e, stretch, 2000);
        add_frame(e, sit, 2000);
        add_frame(e, other, 4000);
        add_frame(e, other, 2000);
        add_frame(e, sit, 2000);
}

static void standing_back_bend(PoseExercise *e) {
        Pose p = pose_standing();
        p.view = 90;
        hands_on_waist(&p);
        unsigned up = add_pose(e, p);
        bend(&p, -24, 0, 0);
        p.neck_flex = -25;
        /* The hips go forward over the feet as the back arches. */
        p.thigh_fwd_l = p.thigh_fwd_r = -9;
        p.shin_fwd_l = p.shin_fwd_r = -9;
        hands_on_waist(&p);
        unsigned back = add_pose(e, p);

        add_frame(e, back, 5000);
        add_frame(e, back, 2000);
        add_frame(e, up, 2000);
}

static void side_bend(PoseExercise *e) {
        Pose p = pose_standing();
        p.thigh_out_l = p.thigh_out_r = 7;
        p.shin_out_l = p.shin_out_r = 7;
        hands_on_waist(&p);
        unsigned mid = add_pose(e, p);
        bend(&p, 0, 30, 0);
        p.neck_side = 6;
        hands_on_waist(&p);
        unsigned left = add_pose(e, p);
        unsigned right = add_mirror(e, left);

        add_frame(e, left, 1500);
        add_frame(e, mid, 1500);
        add_frame(e, right, 1500);
        add_frame(e, mid, 1500);
}

static Pose arm_circle_pose(double angle) {
        Pose p = pose_standing();
        p.view = 35;
        double a = angle * M_PI / 180;
        set_arms(&p, 22 * sin(a), 90 + 22 * cos(a));
        set_forearms(&p, 22 * sin(a), 90 + 22 * cos(a));
        return p;
}

static void arm_circles(PoseExercise *e) {
        unsigned k[4];
        for (int i = 0; i < 4; i++)
                k[i] = add_pose(e, arm_circle_pose(i * 90));
        for (int i = 0; i < 4; i++)
                add_frame(e, k[i], 600);
        for (int i = 4; i > 0; i--)
                add_frame(e, k[i % 4], 600);
}

static void arm_swings(PoseExercise *e) {
        Pose p = pose_standing();
        p.view = 90;
        set_arms(&p, -40, 6);
        set_forearms(&p, -30, 6);
        unsigned back = add_pose(e, p);
        set_arms(&p, 150, 6);
        set_forearms(&p, 160, 6);
        unsigned up = add_pose(e, p);

        add_frame(e, up, 1200);
        add_frame(e, back, 1200);
}

static void standing_twist(PoseExercise *e) {
        Pose p = pose_standing();
        p.view = 0;
        p.thigh_out_l = p.thigh_out_r = 6;
        p.shin_out_l = p.shin_out_r = 6;
        set_arms(&p, 70, 40);
        aim_both(&p, 0.04, -0.12, 0.30);
        unsigned mid = add_pose(e, p);
        bend(&p, 0, 0, 55);
        p.neck_twist = 20;
        /* The arm on the turning side swings back with the turn, elbow out. */
        p.upper_arm_fwd_l = 10;
        p.upper_arm_out_l = 85;
        aim_world(&p, POSE_LEFT, "shoulder_r", 0.0, -0.05, 0.1);
        p.forearm_out_l = 60;
        unsigned left = add_pose(e, p);
        unsigned right = add_mirror(e, left);

        add_frame(e, left, 1200);
        add_frame(e, mid, 1200);
        add_frame(e, right, 1200);
        add_frame(e, mid, 1200);
}

static const struct {
        const char *id;
        void (*build)(PoseExercise *e);
} builders[] = {
        { "shoulder-rotation", shoulder_rotation },
        { "back-twist", back_twist },
        { "lateral-tilt", lateral_tilt },
        { "cat-cow", cat_cow },
        { "neck-tilt", neck_tilt },
        { "shoulder-shrug", shoulder_shrug },
        { "shoulder-circles", shoulder_circles },
        { "shoulder-blade-squeeze", shoulder_blade_squeeze },
        { "deep-breath", deep_breath },
        { "forward-relaxation", forward_relaxation },
        { "overhead-arm-stretch", overhead_arm_stretch },
        { "standing-back-bend", standing_back_bend },
        { "side-bend", side_bend },
        { "arm-circles", arm_circles },
        { "arm-swings", arm_swings },
        { "standing-twist", standing_twist },
};

#define N_EXERCISES (sizeof(builders) / sizeof(builders[0]))

size_t pose_exercises(const PoseExercise **ret) {
        static PoseExercise table[N_EXERCISES];
        static bool built;

        if (!built) {
                for (size_t i = 0; i < N_EXERCISES; i++) {
                        table[i] = (PoseExercise) { .id = builders[i].id };
                        builders[i].build(&table[i]);
                }
                built = true;
        }
        *ret = table;
        return N_EXERCISES;
}

void pose_exercise_box(const PoseExercise *e, double box[4]) {
        PoseScene scene;

        pose_box_empty(box);
        for (size_t i = 0; i < e->n_frames; i++) {
                const Pose *a = &e->poses[e->frames[i].pose];
                const Pose *b = &e->poses[e->frames[(i + 1) % e->n_frames].pose];
                for (int k = 0; k <= 8; k++) {
                        Pose p = pose_lerp(a, b, k / 8.0);
                        pose_scene(&p, &scene);
                        pose_scene_bounds(&scene, box);
                }
        }
        /* A close-up ends at the chest: a head or shoulder move fills the picture. The box's
         * bottom is a picture y, the world's height negated. */
        if (e->close_up > 0)
                box[3] = fmin(box[3], -e->close_up);
        pose_box_square(box, 0.04);
}
