/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The pose model behind every exercise picture: one person, seated on an office chair or
 * standing, as a handful of joint angles. Pure: no GTK, no I/O. pose_scene() turns a pose
 * into flat shapes (capsules, polygons, circles) in back-to-front order; pose_svg() writes
 * those as SVG text and the GTK figure draws the same shapes with cairo, so a still picture
 * and the animation always agree.
 *
 * The body, in metres, in a world whose y points up from the floor, x to the person's left
 * and z forward (where the person faces). A camera turned by `view` degrees about the
 * vertical looks at it: 0 sees the person from the front, 90 from their right side (facing
 * the picture's right), 30 a three-quarter view. The pelvis carries a two-segment spine
 * (lumbar, thorax), the thorax a neck and head and the shoulders; the legs hang from the
 * pelvis in the world frame (seated legs stay put when the back bends).
 *
 * Angles are degrees:
 *   *_flex   bends forward (negative: backward)
 *   *_side   bends to the person's left (negative: right)
 *   *_twist  turns to the person's left (negative: right)
 * A limb segment's direction is two angles in its parent's frame (the thorax for arms, the
 * world for legs): starting from hanging straight down, *_fwd raises it forward (90:
 * pointing forward, 180: up, negative: behind) and *_out raises it out to its own side
 * (90: straight out sideways, negative: across the body). The forearm's direction is in the
 * thorax frame too, not relative to the upper arm: "hand on the shoulder" is a direction
 * from the elbow, which pose_aim_forearm() computes. Per side, [0] is the left, [1] the
 * right. */

#include <stdbool.h>
#include <stddef.h>

enum { POSE_LEFT, POSE_RIGHT, _POSE_SIDES };

/* Every number of a pose, named once: the interpolation, mirroring and the metadata text
 * go through this list. X(field, mirror) where mirror says how the mirror image treats it:
 * KEEP, NEGATE (a sideways angle or a turn) or SWAP (a left field, the right one next). */
#define POSE_FIELDS(X)                                  \
        X(view, NEGATE)                                 \
        X(standing, KEEP)                               \
        X(seat_fwd, KEEP)                               \
        X(lumbar_flex, KEEP)                            \
        X(lumbar_side, NEGATE)                          \
        X(lumbar_twist, NEGATE)                         \
        X(thorax_flex, KEEP)                            \
        X(thorax_side, NEGATE)                          \
        X(thorax_twist, NEGATE)                         \
        X(neck_flex, KEEP)                              \
        X(neck_side, NEGATE)                            \
        X(neck_twist, NEGATE)                           \
        X(shoulder_lift_l, SWAP)                        \
        X(shoulder_lift_r, SWAP)                        \
        X(shoulder_fwd_l, SWAP)                         \
        X(shoulder_fwd_r, SWAP)                         \
        X(upper_arm_fwd_l, SWAP)                        \
        X(upper_arm_fwd_r, SWAP)                        \
        X(upper_arm_out_l, SWAP)                        \
        X(upper_arm_out_r, SWAP)                        \
        X(forearm_fwd_l, SWAP)                          \
        X(forearm_fwd_r, SWAP)                          \
        X(forearm_out_l, SWAP)                          \
        X(forearm_out_r, SWAP)                          \
        X(thigh_fwd_l, SWAP)                            \
        X(thigh_fwd_r, SWAP)                            \
        X(thigh_out_l, SWAP)                            \
        X(thigh_out_r, SWAP)                            \
        X(shin_fwd_l, SWAP)                             \
        X(shin_fwd_r, SWAP)                             \
        X(shin_out_l, SWAP)                             \
        X(shin_out_r, SWAP)

/* standing: 0 seated on the chair (drawn), 1 standing on the floor (no chair).
 * seat_fwd: how far forward of the usual place the pelvis sits on the seat, metres.
 * shoulder_lift, shoulder_fwd: the shoulder girdle raised (a shrug) or drawn forward
 * (negative: back), metres. */
typedef struct Pose {
#define POSE_FIELD_DECLARE(name, mirror) double name;
        POSE_FIELDS(POSE_FIELD_DECLARE)
#undef POSE_FIELD_DECLARE
} Pose;

/* Upright on the chair, arms hanging, feet flat: the start of every seated exercise. */
Pose pose_seated(void);
/* Upright on the floor, feet hip-width apart, arms hanging. */
Pose pose_standing(void);

/* a + (b - a) * t, field by field (t in 0..1). */
Pose pose_lerp(const Pose *a, const Pose *b, double t);
/* The same move done with the other side: the picture of the result is the mirror image of
 * the picture of p (left and right swapped, sideways angles and turns negated, the camera
 * on the other side). */
Pose pose_mirror(const Pose *p);

/* Points the forearm on side (POSE_LEFT/POSE_RIGHT) from the elbow towards target, a point
 * in the thorax frame relative to the neck base (x left, y up, z forward), e.g. the
 * shoulder for "hands on the shoulders". With world true, target is a world point instead
 * (the knees, the waist). */
void pose_aim_forearm(Pose *p, int side, const double target[3], bool world);
/* A world point of the posed body, by name, for aiming: "knee_l", "knee_r", "hip_l",
 * "hip_r", "shoulder_l", "shoulder_r", "elbow_l", "elbow_r", "head". Returns false for an unknown name. */
bool pose_point(const Pose *p, const char *name, double ret[3]);

/* The flat shapes of a drawing, in picture coordinates (x right, y down, metres). */
typedef enum PoseTint {
        POSE_TINT_BODY,         /* the person */
        POSE_TINT_FAR,          /* limbs on the far side of the body, lighter */
        POSE_TINT_CHAIR,        /* the chair, neutral */
        POSE_TINT_OUTLINE,      /* a darker edge around each body shape */
        _POSE_TINT_MAX,
} PoseTint;

typedef enum PoseShapeKind {
        POSE_SHAPE_STROKE,      /* a round-capped line through points, `width` wide; with three
                                 * points a smooth curve through the middle one */
        POSE_SHAPE_POLYGON,     /* filled, corners rounded by a `width` stroke */
        POSE_SHAPE_CIRCLE,      /* centre points[0], radius `width` */
} PoseShapeKind;

#define POSE_SHAPE_POINTS_MAX 8
#define POSE_SHAPES_MAX 128

typedef struct PoseShape {
        PoseShapeKind kind;
        PoseTint tint;
        double width;
        size_t n_points;
        double points[POSE_SHAPE_POINTS_MAX][2];
        double depth;           /* towards the camera; shapes are drawn far to near */
        unsigned group;         /* shapes drawn as one (the trunk), or 0 */
} PoseShape;

typedef struct PoseScene {
        PoseShape shapes[POSE_SHAPES_MAX];
        size_t n_shapes;
} PoseScene;

/* Draws p into ret, back to front: draw the shapes in order (outlines are shapes too). */
void pose_scene(const Pose *p, PoseScene *ret);
/* Grows box (x0, y0, x1, y1; start with pose_box_empty()) to take in the scene's ink. */
void pose_scene_bounds(const PoseScene *s, double box[4]);
void pose_box_empty(double box[4]);
/* Makes box square around its centre with margin (a fraction of the side) on every side. */
void pose_box_square(double box[4], double margin);

/* The colours, "#rrggbb", and as 0..1 RGB for cairo. */
const char *pose_tint_hex(PoseTint t);
void pose_tint_rgb(PoseTint t, double ret[3]);

/* The picture of p framed by box, size px square, as SVG text (malloc'd; NULL on OOM). Its
 * <metadata> holds pose_to_text(p) and the box, for pose_from_svg(). */
char *pose_svg(const Pose *p, const double box[4], unsigned size);

/* Where the figure is at time t_ms of a loop through n keyframes: keyframe i takes ms[i] to
 * move to keyframe i + 1 (the last back to the first), eased in and out so the figure slows
 * into each pose. Sets *ret, and box unless boxes or box is NULL. n must be > 0. */
void pose_track_at(const Pose *poses, const double (*boxes)[4], const unsigned *ms, size_t n,
                   unsigned long long t_ms, Pose *ret, double box[4]);

/* The pose as one line "limber-pose-1 view=0 standing=0 …" (every field) (malloc'd). */
char *pose_to_text(const Pose *p);
/* Reads the pose and box back out of an SVG's text (or of pose_to_text()'s line, then box
 * stays untouched). Fields not named keep pose_seated()'s values. Returns 0, or -ENOENT
 * when the text has no pose, -EINVAL when a value does not parse (the SVG is then only a
 * picture). */
int pose_from_svg(const char *text, Pose *ret, double box[4]);
