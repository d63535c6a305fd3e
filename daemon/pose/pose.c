/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pose/pose.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Body measures, metres: an adult of about 1.75 m. */
#define HIP_HALF        0.09
#define THIGH           0.44
#define SHIN            0.46
#define FOOT            0.16
#define LUMBAR          0.24
#define THORAX          0.27
#define WAIST_HALF      0.13
#define SHOULDER_HALF   0.18
#define SHOULDER_DROP   0.035
#define NECK            0.08
#define HEAD_R          0.105
#define UPPER_ARM       0.29
#define FOREARM         0.27
#define HAND_R          0.042
/* Seated: the hip joint above the floor and where the seat is. */
#define SEAT_TOP        0.47
#define HIP_ABOVE_SEAT  0.07
#define SEAT_Z          (-0.05)
/* Stroke widths. */
#define W_ARM           0.075
#define W_THIGH         0.12
#define W_SHIN          0.095
#define W_FOOT          0.07
#define W_NECK          0.075
#define W_SPINE         0.21
#define W_ROUND         0.05
#define OUTLINE         0.012

/* A shape behind the body's middle by more than this is on the far side. */
#define FAR_DEPTH       (-0.06)

typedef double Vec[3];
typedef double Mat[3][3];       /* columns: the frame's x, y and z axes in world terms */

static double rad(double deg) {
        return deg * M_PI / 180.0;
}

static void mat_identity(Mat m) {
        for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                        m[i][j] = i == j;
}

static void mat_mul(const Mat a, const Mat b, Mat ret) {
        Mat t;
        for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                        t[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
        memcpy(ret, t, sizeof(Mat));
}

static void mat_apply(const Mat m, const Vec v, Vec ret) {
        Vec t;
        for (int i = 0; i < 3; i++)
                t[i] = m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2];
        memcpy(ret, t, sizeof(Vec));
}

static void mat_apply_transposed(const Mat m, const Vec v, Vec ret) {
        Vec t;
        for (int i = 0; i < 3; i++)
                t[i] = m[0][i] * v[0] + m[1][i] * v[1] + m[2][i] * v[2];
        memcpy(ret, t, sizeof(Vec));
}

/* Rotation of a joint: twist about y after a sideways bend about z after a forward bend
 * about x, applied in that order to the parent's frame. */
static void joint_rotate(Mat frame, double flex, double side, double twist) {
        double f = rad(flex), s = rad(-side), t = rad(twist);
        Mat rx = { { 1, 0, 0 }, { 0, cos(f), -sin(f) }, { 0, sin(f), cos(f) } };
        Mat rz = { { cos(s), -sin(s), 0 }, { sin(s), cos(s), 0 }, { 0, 0, 1 } };
        Mat ry = { { cos(t), 0, sin(t) }, { 0, 1, 0 }, { -sin(t), 0, cos(t) } };
        Mat r;
        mat_mul(ry, rz, r);
        mat_mul(r, rx, r);
        mat_mul(frame, r, frame);
}

/* The direction of a limb segment from its two angles, in its parent's frame; sign is +1
 * for the left side (x grows to the person's left), -1 for the right. */
static void limb_direction(double fwd, double out, double sign, Vec ret) {
        double f = rad(fwd), o = rad(out);
        ret[0] = sign * cos(f) * sin(o);
        ret[1] = -cos(f) * cos(o);
        ret[2] = sin(f);
}

static void limb_angles(const Vec d, double sign, double *ret_fwd, double *ret_out) {
        double n = sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
        if (n <= 0)
                return;
        *ret_fwd = asin(fmax(-1, fmin(1, d[2] / n))) * 180.0 / M_PI;
        *ret_out = atan2(sign * d[0] / n, -d[1] / n) * 180.0 / M_PI;
}

static void vec_add_scaled(const Vec a, const Vec d, double k, Vec ret) {
        for (int i = 0; i < 3; i++)
                ret[i] = a[i] + d[i] * k;
}

/* Every joint of a posed body, world coordinates. */
typedef struct Body {
        Vec pelvis, waist, neck_base, head, nose;
        Vec hip[2], knee[2], ankle[2], toe[2];
        Vec waist_side[2], hip_side[2];
        Vec shoulder[2], elbow[2], wrist[2];
        Mat thorax;
} Body;

static const double side_sign[_POSE_SIDES] = { +1, -1 };

static void body_legs(const Pose *p, const Vec pelvis, Body *b) {
        const double fwd[2][2] = { { p->thigh_fwd_l, p->thigh_fwd_r }, { p->shin_fwd_l, p->shin_fwd_r } };
        const double out[2][2] = { { p->thigh_out_l, p->thigh_out_r }, { p->shin_out_l, p->shin_out_r } };

        for (int s = 0; s < _POSE_SIDES; s++) {
                Vec d, h = { pelvis[0] + side_sign[s] * HIP_HALF, pelvis[1], pelvis[2] };
                memcpy(b->hip[s], h, sizeof(Vec));
                limb_direction(fwd[0][s], out[0][s], side_sign[s], d);
                vec_add_scaled(b->hip[s], d, THIGH, b->knee[s]);
                limb_direction(fwd[1][s], out[1][s], side_sign[s], d);
                vec_add_scaled(b->knee[s], d, SHIN, b->ankle[s]);
                /* The foot lies flat, pointing forward and a little out. */
                Vec f = { side_sign[s] * 0.3, 0, 1 };
                double n = sqrt(f[0] * f[0] + f[2] * f[2]);
                b->toe[s][0] = b->ankle[s][0] + f[0] / n * FOOT * 0.8;
                b->toe[s][1] = b->ankle[s][1];
                b->toe[s][2] = b->ankle[s][2] + f[2] / n * FOOT * 0.8;
                b->ankle[s][2] -= FOOT * 0.2;
        }
}

static void body_pose(const Pose *p, Body *b) {
        memset(b, 0, sizeof(*b));

        Vec pelvis;
        if (p->standing >= 0.5) {
                /* Stand on the lower foot. */
                Vec zero = { 0, 0, 0 };
                body_legs(p, zero, b);
                double low = fmin(b->ankle[0][1], b->ankle[1][1]);
                Vec v = { 0, W_FOOT / 2 - low, 0 };
                memcpy(pelvis, v, sizeof(Vec));
        } else {
                Vec v = { 0, SEAT_TOP + HIP_ABOVE_SEAT, p->seat_fwd };
                memcpy(pelvis, v, sizeof(Vec));
        }
        memcpy(b->pelvis, pelvis, sizeof(Vec));
        body_legs(p, pelvis, b);

        Mat m;
        mat_identity(m);
        joint_rotate(m, p->lumbar_flex, p->lumbar_side, p->lumbar_twist);
        for (int s = 0; s < _POSE_SIDES; s++) {
                Vec o = { side_sign[s] * HIP_HALF * 1.4, 0.02, 0 };
                mat_apply(m, o, o);
                vec_add_scaled(pelvis, o, 1, b->hip_side[s]);
        }
        Vec up = { 0, LUMBAR, 0 };
        mat_apply(m, up, up);
        vec_add_scaled(pelvis, up, 1, b->waist);

        joint_rotate(m, p->thorax_flex, p->thorax_side, p->thorax_twist);
        for (int s = 0; s < _POSE_SIDES; s++) {
                Vec o = { side_sign[s] * WAIST_HALF, 0, 0 };
                mat_apply(m, o, o);
                vec_add_scaled(b->waist, o, 1, b->waist_side[s]);
        }
        Vec up2 = { 0, THORAX, 0 };
        mat_apply(m, up2, up2);
        vec_add_scaled(b->waist, up2, 1, b->neck_base);
        memcpy(b->thorax, m, sizeof(Mat));

        const double lift[2] = { p->shoulder_lift_l, p->shoulder_lift_r };
        const double sfwd[2] = { p->shoulder_fwd_l, p->shoulder_fwd_r };
        const double arm_fwd[2][2] = { { p->upper_arm_fwd_l, p->upper_arm_fwd_r }, { p->forearm_fwd_l, p->forearm_fwd_r } };
        const double arm_out[2][2] = { { p->upper_arm_out_l, p->upper_arm_out_r }, { p->forearm_out_l, p->forearm_out_r } };
        for (int s = 0; s < _POSE_SIDES; s++) {
                Vec o = { side_sign[s] * SHOULDER_HALF, -SHOULDER_DROP + lift[s], sfwd[s] }, d;
                mat_apply(m, o, o);
                vec_add_scaled(b->neck_base, o, 1, b->shoulder[s]);
                limb_direction(arm_fwd[0][s], arm_out[0][s], side_sign[s], d);
                mat_apply(m, d, d);
                vec_add_scaled(b->shoulder[s], d, UPPER_ARM, b->elbow[s]);
                limb_direction(arm_fwd[1][s], arm_out[1][s], side_sign[s], d);
                mat_apply(m, d, d);
                vec_add_scaled(b->elbow[s], d, FOREARM, b->wrist[s]);
        }

        joint_rotate(m, p->neck_flex, p->neck_side, p->neck_twist);
        Vec h = { 0, NECK + HEAD_R * 0.9, 0.015 }, n = { 0, -0.01, HEAD_R * 0.95 };
        mat_apply(m, h, h);
        vec_add_scaled(b->neck_base, h, 1, b->head);
        mat_apply(m, n, n);
        vec_add_scaled(b->head, n, 1, b->nose);
}

Pose pose_seated(void) {
        return (Pose) {
                .thigh_fwd_l = 90, .thigh_fwd_r = 90, .thigh_out_l = 6, .thigh_out_r = 6,
                .shin_out_l = 4, .shin_out_r = 4,
                .upper_arm_out_l = 8, .upper_arm_out_r = 8,
                .forearm_fwd_l = 60, .forearm_fwd_r = 60, .forearm_out_l = 2, .forearm_out_r = 2,
        };
}

Pose pose_standing(void) {
        Pose p = {
                .standing = 1,
                .thigh_out_l = 4, .thigh_out_r = 4,
                .shin_out_l = 4, .shin_out_r = 4,
                .upper_arm_out_l = 8, .upper_arm_out_r = 8,
                .forearm_out_l = 6, .forearm_out_r = 6,
        };
        return p;
}

Pose pose_lerp(const Pose *a, const Pose *b, double t) {
        Pose r;
#define POSE_FIELD_LERP(name, mirror) r.name = a->name + (b->name - a->name) * t;
        POSE_FIELDS(POSE_FIELD_LERP)
#undef POSE_FIELD_LERP
        return r;
}

void pose_track_at(const Pose *poses, const double (*boxes)[4], const unsigned *ms, size_t n,
                   unsigned long long t_ms, Pose *ret, double box[4]) {
        unsigned long long cycle = 0;
        size_t i = 0;

        for (size_t k = 0; k < n; k++)
                cycle += ms[k];
        if (cycle == 0) {
                *ret = poses[0];
                if (boxes && box)
                        memcpy(box, boxes[0], sizeof(double[4]));
                return;
        }
        t_ms %= cycle;
        while (t_ms >= ms[i]) {
                t_ms -= ms[i];
                i++;
        }
        size_t next = (i + 1) % n;
        double u = (double) t_ms / ms[i];
        u = u * u * (3 - 2 * u);        /* smoothstep */
        *ret = pose_lerp(&poses[i], &poses[next], u);
        if (boxes && box)
                for (int k = 0; k < 4; k++)
                        box[k] = boxes[i][k] + (boxes[next][k] - boxes[i][k]) * u;
}

enum { KEEP, NEGATE, SWAP };

Pose pose_mirror(const Pose *p) {
        Pose r;
        const double *src = (const double *) p;
        double *dst = (double *) &r;
        size_t i = 0;
        static const int rule[] = {
#define POSE_FIELD_RULE(name, mirror) mirror,
                POSE_FIELDS(POSE_FIELD_RULE)
#undef POSE_FIELD_RULE
        };
        _Static_assert(sizeof(Pose) == sizeof(rule) / sizeof(rule[0]) * sizeof(double), "a Pose is its fields");

        while (i < sizeof(rule) / sizeof(rule[0])) {
                switch (rule[i]) {
                case KEEP:
                        dst[i] = src[i];
                        break;
                case NEGATE:
                        dst[i] = -src[i];
                        break;
                case SWAP:      /* a left field, its right twin next */
                        dst[i] = src[i + 1];
                        dst[i + 1] = src[i];
                        i++;
                        break;
                }
                i++;
        }
        return r;
}

void pose_aim_forearm(Pose *p, int side, const double target[3], bool world) {
        Body b;
        Vec t, d;

        body_pose(p, &b);
        if (world)
                memcpy(t, target, sizeof(Vec));
        else {
                mat_apply(b.thorax, target, t);
                vec_add_scaled(b.neck_base, t, 1, t);
        }
        for (int i = 0; i < 3; i++)
                d[i] = t[i] - b.elbow[side][i];
        mat_apply_transposed(b.thorax, d, d);
        if (side == POSE_LEFT)
                limb_angles(d, side_sign[side], &p->forearm_fwd_l, &p->forearm_out_l);
        else
                limb_angles(d, side_sign[side], &p->forearm_fwd_r, &p->forearm_out_r);
}

bool pose_point(const Pose *p, const char *name, double ret[3]) {
        Body b;
        const double *v;

        body_pose(p, &b);
        if (strcmp(name, "knee_l") == 0)
                v = b.knee[POSE_LEFT];
        else if (strcmp(name, "knee_r") == 0)
                v = b.knee[POSE_RIGHT];
        else if (strcmp(name, "hip_l") == 0)
                v = b.hip_side[POSE_LEFT];
        else if (strcmp(name, "hip_r") == 0)
                v = b.hip_side[POSE_RIGHT];
        else if (strcmp(name, "shoulder_l") == 0)
                v = b.shoulder[POSE_LEFT];
        else if (strcmp(name, "shoulder_r") == 0)
                v = b.shoulder[POSE_RIGHT];
        else if (strcmp(name, "elbow_l") == 0)
                v = b.elbow[POSE_LEFT];
        else if (strcmp(name, "elbow_r") == 0)
                v = b.elbow[POSE_RIGHT];
        else if (strcmp(name, "head") == 0)
                v = b.head;
        else
                return false;
        memcpy(ret, v, sizeof(Vec));
        return true;
}

/* The scene under construction, and the camera. */
typedef struct Canvas {
        PoseScene *scene;
        double c, s;            /* the view's cosine and sine */
} Canvas;

/* The camera looks down a little, so that a turn of the shoulders shows in a front view
 * and the seat shows its top. */
#define PITCH_COS 0.978147600733806     /* cos 12° */
#define PITCH_SIN 0.207911690817759

static void project(const Canvas *cv, const Vec v, double ret[2], double *ret_depth) {
        double d = -v[0] * cv->s + v[2] * cv->c;
        /* Snapped to a nanometre: a box seen square-on has corners exactly in line, whichever
         * side it is seen from, so its outline and its mirror image's have the same corners. */
        ret[0] = round((v[0] * cv->c + v[2] * cv->s) * 1e9) / 1e9;
        ret[1] = round(-(v[1] * PITCH_COS - d * PITCH_SIN) * 1e9) / 1e9;
        if (ret_depth)
                *ret_depth = d * PITCH_COS + v[1] * PITCH_SIN;
}

static PoseShape *canvas_add(Canvas *cv, PoseShapeKind kind, PoseTint tint, double width) {
        if (cv->scene->n_shapes >= POSE_SHAPES_MAX)
                return NULL;
        PoseShape *sh = &cv->scene->shapes[cv->scene->n_shapes++];
        *sh = (PoseShape) { .kind = kind, .tint = tint, .width = width };
        return sh;
}

/* A shape of the body: tinted lighter when it lies behind the body; bias breaks ties
 * (a hand in front of the chest at the same depth is drawn over it). */
static void canvas_stroke(Canvas *cv, PoseTint tint, double width, double bias, size_t n, const Vec *v) {
        PoseShape *sh = canvas_add(cv, POSE_SHAPE_STROKE, tint, width);
        double depth = 0;

        if (!sh)
                return;
        for (size_t i = 0; i < n; i++) {
                double d;
                project(cv, v[i], sh->points[i], &d);
                depth += d / n;
        }
        sh->n_points = n;
        sh->depth = depth + bias;
        double plain = 0;       /* the depth before the camera's pitch: behind the body or not */
        for (size_t i = 0; i < n; i++)
                plain += (-v[i][0] * cv->s + v[i][2] * cv->c) / n;
        if (tint == POSE_TINT_BODY && plain < FAR_DEPTH)
                sh->tint = POSE_TINT_FAR;
}

static void canvas_circle(Canvas *cv, PoseTint tint, double radius, double bias, const Vec v) {
        canvas_stroke(cv, tint, radius, bias, 1, (const Vec *) v);
        cv->scene->shapes[cv->scene->n_shapes - 1].kind = POSE_SHAPE_CIRCLE;
}

static double cross(const double o[2], const double a[2], const double b[2]) {
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

static int point_compare(const void *a, const void *b) {
        const double *p = a, *q = b;
        if (p[0] != q[0])
                return p[0] < q[0] ? -1 : 1;
        return (p[1] > q[1]) - (p[1] < q[1]);
}

/* The convex outline of n projected points (a box seen from any side), filled. */
static void canvas_hull(Canvas *cv, PoseTint tint, double bias, size_t n, const Vec *v) {
        double pts[8][2], hull[16][2], depth = 0;
        size_t k = 0;

        if (n > 8)
                return;
        for (size_t i = 0; i < n; i++) {
                double d;
                project(cv, v[i], pts[i], &d);
                depth += d / n;
        }
        qsort(pts, n, sizeof(pts[0]), point_compare);
        /* Andrew's monotone chain. */
        for (size_t i = 0; i < n; i++) {
                while (k >= 2 && cross(hull[k - 2], hull[k - 1], pts[i]) <= 1e-9)
                        k--;
                memcpy(hull[k++], pts[i], sizeof(pts[i]));
        }
        for (size_t i = n - 1, t = k + 1; i-- > 0;) {
                while (k >= t && cross(hull[k - 2], hull[k - 1], pts[i]) <= 1e-9)
                        k--;
                memcpy(hull[k++], pts[i], sizeof(pts[i]));
        }
        if (k > 1)
                k--;    /* the last point is the first again */
        if (k > POSE_SHAPE_POINTS_MAX)
                k = POSE_SHAPE_POINTS_MAX;

        PoseShape *sh = canvas_add(cv, POSE_SHAPE_POLYGON, tint, W_ROUND);
        if (!sh)
                return;
        memcpy(sh->points, hull, k * sizeof(hull[0]));
        sh->n_points = k;
        sh->depth = depth + bias;
}

static void canvas_box(Canvas *cv, double bias, double x0, double x1, double y0, double y1, double z0, double z1) {
        Vec v[8];
        for (int i = 0; i < 8; i++) {
                v[i][0] = i & 1 ? x1 : x0;
                v[i][1] = i & 2 ? y1 : y0;
                v[i][2] = i & 4 ? z1 : z0;
        }
        canvas_hull(cv, POSE_TINT_CHAIR, bias, 8, v);
}

/* An office chair: five-star base on casters, gas column, seat, backrest on a post. The
 * chair sits behind the body in the drawing order wherever they share a depth. */
static void canvas_chair(Canvas *cv) {
        const double cz = SEAT_Z - 0.02, bias = -0.05;

        for (int i = 0; i < 5; i++) {
                double a = M_PI / 2 + i * 2 * M_PI / 5;
                Vec v[2] = { { 0, 0.09, cz }, { cos(a) * 0.30, 0.06, cz + sin(a) * 0.30 } };
                canvas_stroke(cv, POSE_TINT_CHAIR, 0.04, bias, 2, v);
                Vec w = { v[1][0], 0.03, v[1][2] };
                canvas_circle(cv, POSE_TINT_CHAIR, 0.03, bias, w);
        }
        Vec column[2] = { { 0, 0.09, cz }, { 0, SEAT_TOP - 0.06, cz } };
        canvas_stroke(cv, POSE_TINT_CHAIR, 0.05, bias, 2, column);
        canvas_box(cv, bias, -0.23, 0.23, SEAT_TOP - 0.06, SEAT_TOP, SEAT_Z - 0.24, SEAT_Z + 0.22);
        Vec post[3] = { { 0, SEAT_TOP - 0.04, SEAT_Z - 0.20 }, { 0, SEAT_TOP - 0.03, SEAT_Z - 0.26 },
                        { 0, SEAT_TOP + 0.14, SEAT_Z - 0.27 } };
        canvas_stroke(cv, POSE_TINT_CHAIR, 0.04, bias - 0.1, 3, post);
        canvas_box(cv, bias - 0.1, -0.20, 0.20, SEAT_TOP + 0.12, SEAT_TOP + 0.52, SEAT_Z - 0.30, SEAT_Z - 0.25);
}

static int shape_compare(const void *a, const void *b) {
        const PoseShape *p = a, *q = b;
        return (p->depth > q->depth) - (p->depth < q->depth);
}

/* A body shape gets a dark outline drawn right before it, so that an arm in front of the
 * chest stands out from it; the shapes of a group get theirs all before the first. */
static void scene_outline(PoseScene *s) {
        PoseShape in[POSE_SHAPES_MAX];
        size_t n = s->n_shapes;

        memcpy(in, s->shapes, n * sizeof(in[0]));
        s->n_shapes = 0;
        for (size_t i = 0; i < n; i++) {
                size_t end = i + 1;
                if (in[i].group != 0)
                        while (end < n && in[end].group == in[i].group)
                                end++;
                for (size_t j = i; j < end; j++) {
                        if (in[j].tint == POSE_TINT_CHAIR || s->n_shapes >= POSE_SHAPES_MAX)
                                continue;
                        PoseShape *o = &s->shapes[s->n_shapes++];
                        *o = in[j];
                        o->tint = POSE_TINT_OUTLINE;
                        o->width += in[j].kind == POSE_SHAPE_CIRCLE ? OUTLINE : 2 * OUTLINE;
                }
                for (size_t j = i; j < end && s->n_shapes < POSE_SHAPES_MAX; j++)
                        s->shapes[s->n_shapes++] = in[j];
                i = end - 1;
        }
}

void pose_scene(const Pose *p, PoseScene *ret) {
        Canvas cv = { .scene = ret, .c = cos(rad(p->view)), .s = sin(rad(p->view)) };
        Body b;

        body_pose(p, &b);
        ret->n_shapes = 0;
        if (p->standing < 0.5)
                canvas_chair(&cv);

        for (int s = 0; s < _POSE_SIDES; s++) {
                Vec thigh[2], shin[2], foot[2], upper[2], fore[2];
                memcpy(thigh[0], b.hip[s], sizeof(Vec));
                memcpy(thigh[1], b.knee[s], sizeof(Vec));
                canvas_stroke(&cv, POSE_TINT_BODY, W_THIGH, 0.01, 2, thigh);
                memcpy(shin[0], b.knee[s], sizeof(Vec));
                memcpy(shin[1], b.ankle[s], sizeof(Vec));
                canvas_stroke(&cv, POSE_TINT_BODY, W_SHIN, 0.01, 2, shin);
                memcpy(foot[0], b.ankle[s], sizeof(Vec));
                memcpy(foot[1], b.toe[s], sizeof(Vec));
                canvas_stroke(&cv, POSE_TINT_BODY, W_FOOT, 0.01, 2, foot);

                memcpy(upper[0], b.shoulder[s], sizeof(Vec));
                memcpy(upper[1], b.elbow[s], sizeof(Vec));
                canvas_stroke(&cv, POSE_TINT_BODY, W_ARM, 0.03, 2, upper);
                memcpy(fore[0], b.elbow[s], sizeof(Vec));
                memcpy(fore[1], b.wrist[s], sizeof(Vec));
                canvas_stroke(&cv, POSE_TINT_BODY, W_ARM, 0.035, 2, fore);
                canvas_circle(&cv, POSE_TINT_BODY, HAND_R, 0.04, b.wrist[s]);
        }

        /* The trunk: the spine as a thick curve (its depth, seen from the side) and the
         * waist and chest as two filled outlines (its width, seen from the front). */
        Vec spine[3];
        memcpy(spine[0], b.pelvis, sizeof(Vec));
        memcpy(spine[1], b.waist, sizeof(Vec));
        memcpy(spine[2], b.neck_base, sizeof(Vec));
        spine[2][1] -= 0.06;
        size_t trunk = cv.scene->n_shapes;
        canvas_stroke(&cv, POSE_TINT_BODY, W_SPINE, 0.02, 3, spine);
        cv.scene->shapes[cv.scene->n_shapes - 1].tint = POSE_TINT_BODY;
        Vec lower[4], upper[4];
        memcpy(lower[0], b.hip_side[0], sizeof(Vec));
        memcpy(lower[1], b.hip_side[1], sizeof(Vec));
        memcpy(lower[2], b.waist_side[0], sizeof(Vec));
        memcpy(lower[3], b.waist_side[1], sizeof(Vec));
        canvas_hull(&cv, POSE_TINT_BODY, 0.02, 4, lower);
        memcpy(upper[0], b.waist_side[0], sizeof(Vec));
        memcpy(upper[1], b.waist_side[1], sizeof(Vec));
        memcpy(upper[2], b.shoulder[0], sizeof(Vec));
        memcpy(upper[3], b.shoulder[1], sizeof(Vec));
        canvas_hull(&cv, POSE_TINT_BODY, 0.02, 4, upper);
        /* One outline around the three: they share a depth and a group. */
        for (size_t i = trunk; i < cv.scene->n_shapes; i++) {
                cv.scene->shapes[i].depth = cv.scene->shapes[trunk].depth;
                cv.scene->shapes[i].group = 1;
        }

        Vec neck[2];
        memcpy(neck[0], b.neck_base, sizeof(Vec));
        memcpy(neck[1], b.head, sizeof(Vec));
        canvas_stroke(&cv, POSE_TINT_BODY, W_NECK, 0.021, 2, neck);
        PoseShape *neck_shape = &cv.scene->shapes[cv.scene->n_shapes - 1];
        neck_shape->tint = POSE_TINT_BODY;
        /* The neck right over the trunk and under the head, whichever way the head leans. */
        neck_shape->depth = cv.scene->shapes[trunk].depth + 1e-6;
        canvas_circle(&cv, POSE_TINT_BODY, HEAD_R, 0.025, b.head);
        PoseShape *head_shape = &cv.scene->shapes[cv.scene->n_shapes - 1];
        head_shape->tint = POSE_TINT_BODY;
        head_shape->depth = fmax(head_shape->depth, neck_shape->depth + 1e-6);
        /* The nose shows where the face looks, where it stands out of the head's outline
         * (a face turned to the camera is left blank). */
        double head2[2], nose2[2];
        project(&cv, b.head, head2, NULL);
        project(&cv, b.nose, nose2, NULL);
        if (hypot(nose2[0] - head2[0], nose2[1] - head2[1]) > HEAD_R * 0.6) {
                canvas_circle(&cv, POSE_TINT_BODY, 0.03, 0.026, b.nose);
                cv.scene->shapes[cv.scene->n_shapes - 1].tint = POSE_TINT_BODY;
                cv.scene->shapes[cv.scene->n_shapes - 1].depth = fmax(
                        cv.scene->shapes[cv.scene->n_shapes - 1].depth, head_shape->depth + 1e-6);
        }

        /* Stable: equal depths keep the order they were added in. */
        for (size_t i = 0; i < ret->n_shapes; i++)
                ret->shapes[i].depth += i * 1e-9;
        qsort(ret->shapes, ret->n_shapes, sizeof(ret->shapes[0]), shape_compare);
        scene_outline(ret);
}

void pose_box_empty(double box[4]) {
        box[0] = box[1] = INFINITY;
        box[2] = box[3] = -INFINITY;
}

void pose_scene_bounds(const PoseScene *s, double box[4]) {
        for (size_t i = 0; i < s->n_shapes; i++) {
                const PoseShape *sh = &s->shapes[i];
                double r = sh->kind == POSE_SHAPE_POLYGON ? sh->width / 2 :
                           sh->kind == POSE_SHAPE_CIRCLE ? sh->width : sh->width / 2;
                for (size_t j = 0; j < sh->n_points; j++) {
                        box[0] = fmin(box[0], sh->points[j][0] - r);
                        box[1] = fmin(box[1], sh->points[j][1] - r);
                        box[2] = fmax(box[2], sh->points[j][0] + r);
                        box[3] = fmax(box[3], sh->points[j][1] + r);
                }
        }
}

void pose_box_square(double box[4], double margin) {
        double cx = (box[0] + box[2]) / 2, cy = (box[1] + box[3]) / 2;
        double side = fmax(box[2] - box[0], box[3] - box[1]) * (1 + 2 * margin);
        box[0] = cx - side / 2;
        box[1] = cy - side / 2;
        box[2] = cx + side / 2;
        box[3] = cy + side / 2;
}

/* GNOME's palette: Blue 3, Blue 1, Light 5 and Blue 5; each reads on white and on a dark panel. */
static const char *const tint_hex[_POSE_TINT_MAX] = {
        [POSE_TINT_BODY] = "#3584e4",
        [POSE_TINT_FAR] = "#99c1f1",
        [POSE_TINT_CHAIR] = "#9a9996",
        [POSE_TINT_OUTLINE] = "#1a5fb4",
};

const char *pose_tint_hex(PoseTint t) {
        return t < _POSE_TINT_MAX ? tint_hex[t] : tint_hex[0];
}

void pose_tint_rgb(PoseTint t, double ret[3]) {
        unsigned v = (unsigned) strtoul(pose_tint_hex(t) + 1, NULL, 16);
        ret[0] = ((v >> 16) & 0xff) / 255.0;
        ret[1] = ((v >> 8) & 0xff) / 255.0;
        ret[2] = (v & 0xff) / 255.0;
}

/* Four decimals of a metre is a tenth of a millimetre: plenty, and the files stay small. */
static void svg_point(FILE *f, const char *cmd, const double p[2]) {
        fprintf(f, "%s%.4f %.4f", cmd, p[0], p[1]);
}

char *pose_to_text(const Pose *p) {
        char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);
        if (!f)
                return NULL;
        fputs("limber-pose-1", f);
#define POSE_FIELD_PRINT(name, mirror) fprintf(f, " %s=%.3f", #name, p->name == 0 ? 0.0 : p->name);
        POSE_FIELDS(POSE_FIELD_PRINT)
#undef POSE_FIELD_PRINT
        if (fclose(f) != 0) {
                free(buf);
                return NULL;
        }
        return buf;
}

char *pose_svg(const Pose *p, const double box[4], unsigned size) {
        PoseScene scene;
        char *buf = NULL, *text = pose_to_text(p);
        size_t len = 0;
        FILE *f;

        if (!text)
                return NULL;
        f = open_memstream(&buf, &len);
        if (!f) {
                free(text);
                return NULL;
        }
        pose_scene(p, &scene);
        fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" height=\"%u\" "
                "viewBox=\"%.4f %.4f %.4f %.4f\">\n", size, size,
                box[0], box[1], box[2] - box[0], box[3] - box[1]);
        fprintf(f, "<metadata id=\"limber-pose\">%s box=%.4f,%.4f,%.4f,%.4f</metadata>\n",
                text, box[0], box[1], box[2], box[3]);
        free(text);
        fputs("<g stroke-linecap=\"round\" stroke-linejoin=\"round\">\n", f);
        for (size_t i = 0; i < scene.n_shapes; i++) {
                const PoseShape *sh = &scene.shapes[i];
                const char *c = pose_tint_hex(sh->tint);
                switch (sh->kind) {
                case POSE_SHAPE_CIRCLE:
                        fprintf(f, "<circle cx=\"%.4f\" cy=\"%.4f\" r=\"%.4f\" fill=\"%s\"/>\n",
                                sh->points[0][0], sh->points[0][1], sh->width, c);
                        break;
                case POSE_SHAPE_STROKE:
                case POSE_SHAPE_POLYGON:
                        fputs("<path d=\"", f);
                        svg_point(f, "M", sh->points[0]);
                        if (sh->kind == POSE_SHAPE_STROKE && sh->n_points == 3) {
                                /* The curve passes through the middle point. */
                                double ctl[2];
                                for (int k = 0; k < 2; k++)
                                        ctl[k] = 2 * sh->points[1][k] - (sh->points[0][k] + sh->points[2][k]) / 2;
                                svg_point(f, "Q", ctl);
                                svg_point(f, " ", sh->points[2]);
                        } else
                                for (size_t j = 1; j < sh->n_points; j++)
                                        svg_point(f, "L", sh->points[j]);
                        if (sh->kind == POSE_SHAPE_POLYGON)
                                fprintf(f, "Z\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%.4f\"/>\n", c, c, sh->width);
                        else
                                fprintf(f, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.4f\"/>\n", c, sh->width);
                        break;
                }
        }
        fputs("</g>\n</svg>\n", f);
        if (fclose(f) != 0) {
                free(buf);
                return NULL;
        }
        return buf;
}

static const struct {
        const char *name;
        size_t offset;
} fields[] = {
#define POSE_FIELD_ENTRY(name, mirror) { #name, offsetof(Pose, name) },
        POSE_FIELDS(POSE_FIELD_ENTRY)
#undef POSE_FIELD_ENTRY
};

int pose_from_svg(const char *text, Pose *ret, double box[4]) {
        const char *s = strstr(text, "limber-pose-1");
        Pose p = pose_seated();

        if (!s)
                return -ENOENT;
        s += strlen("limber-pose-1");
        for (;;) {
                s += strspn(s, " \t\n");
                size_t n = strcspn(s, "= \t\n<");
                if (n == 0 || s[n] != '=')
                        break;
                const char *v = s + n + 1;
                char *end;
                if (n == 3 && strncmp(s, "box", 3) == 0) {
                        double b[4];
                        for (int i = 0; i < 4; i++) {
                                b[i] = strtod(v, &end);
                                if (end == v || !isfinite(b[i]) || (i < 3 && *end != ','))
                                        return -EINVAL;
                                v = end + (i < 3);
                        }
                        if (!(b[2] > b[0] && b[3] > b[1]))
                                return -EINVAL;
                        if (box)
                                memcpy(box, b, sizeof(b));
                        s = end;
                        continue;
                }
                double x = strtod(v, &end);
                if (end == v || !isfinite(x) || fabs(x) > 1000)
                        return -EINVAL;
                bool known = false;
                for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
                        if (strlen(fields[i].name) == n && strncmp(fields[i].name, s, n) == 0) {
                                *(double *) ((char *) &p + fields[i].offset) = x;
                                known = true;
                        }
                if (!known)
                        return -EINVAL;
                s = end;
        }
        *ret = p;
        return 0;
}
