/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pose/pose-figure.h"

#include "pose/pose.h"

#define FIGURE_NATURAL_PX 240

typedef struct FigureFrame {
        char *path;
        unsigned ms;
        bool has_pose;
        Pose pose;
        double box[4];
} FigureFrame;

struct _LimberFigure {
        GtkWidget parent_instance;

        FigureFrame *frames;
        size_t n_frames;
        size_t n_loaded;            /* files read so far (the reads run in parallel) */
        bool moving;                /* every keyframe has a pose: draw from the model */
        GdkTexture *still;          /* otherwise the first picture as it is */
        GCancellable *cancellable;  /* the reads of the current frames */

        guint tick_id;
        gint64 start_us;            /* the frame clock's time at the loop's start */
        gint64 seek_ms;             /* >= 0: held at this moment */
};

G_DEFINE_FINAL_TYPE(LimberFigure, limber_figure, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_READY, N_PROPS };
static GParamSpec *props[N_PROPS];

static void figure_frames_clear(LimberFigure *self) {
        for (size_t i = 0; i < self->n_frames; i++)
                g_free(self->frames[i].path);
        g_clear_pointer(&self->frames, g_free);
        self->n_frames = self->n_loaded = 0;
        self->moving = false;
        g_clear_object(&self->still);
        if (self->cancellable) {
                g_cancellable_cancel(self->cancellable);
                g_clear_object(&self->cancellable);
        }
}

static bool figure_animations_enabled(LimberFigure *self) {
        gboolean enabled = TRUE;
        g_object_get(gtk_widget_get_settings(GTK_WIDGET(self)), "gtk-enable-animations", &enabled, NULL);
        return enabled;
}

static gboolean figure_tick(GtkWidget *widget, GdkFrameClock *clock, gpointer userdata) {
        gtk_widget_queue_draw(widget);
        return G_SOURCE_CONTINUE;
}

/* Ticks only while there is something to move: a loop of poses, animations on, not held. */
static void figure_update_ticking(LimberFigure *self) {
        bool tick = self->moving && self->n_frames > 1 && self->seek_ms < 0 &&
                    figure_animations_enabled(self);

        if (tick && self->tick_id == 0) {
                self->start_us = 0;
                self->tick_id = gtk_widget_add_tick_callback(GTK_WIDGET(self), figure_tick, NULL, NULL);
        } else if (!tick && self->tick_id != 0) {
                gtk_widget_remove_tick_callback(GTK_WIDGET(self), self->tick_id);
                self->tick_id = 0;
        }
        gtk_widget_queue_draw(GTK_WIDGET(self));
}

/* Where in the loop the figure is now, in milliseconds. */
static gint64 figure_time_ms(LimberFigure *self) {
        if (self->seek_ms >= 0)
                return self->seek_ms;
        if (self->tick_id == 0)
                return 0;
        GdkFrameClock *clock = gtk_widget_get_frame_clock(GTK_WIDGET(self));
        if (!clock)
                return 0;
        gint64 now = gdk_frame_clock_get_frame_time(clock);
        if (self->start_us == 0)
                self->start_us = now;
        return (now - self->start_us) / 1000;
}

static void figure_draw_scene(cairo_t *cr, const PoseScene *scene) {
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        for (size_t i = 0; i < scene->n_shapes; i++) {
                const PoseShape *sh = &scene->shapes[i];
                double rgb[3];

                pose_tint_rgb(sh->tint, rgb);
                cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
                cairo_new_path(cr);
                switch (sh->kind) {
                case POSE_SHAPE_CIRCLE:
                        cairo_arc(cr, sh->points[0][0], sh->points[0][1], sh->width, 0, 2 * G_PI);
                        cairo_fill(cr);
                        break;
                case POSE_SHAPE_STROKE:
                case POSE_SHAPE_POLYGON:
                        cairo_move_to(cr, sh->points[0][0], sh->points[0][1]);
                        if (sh->kind == POSE_SHAPE_STROKE && sh->n_points == 3) {
                                /* The quadratic through the middle point, as the SVG draws it. */
                                double c[2], p0[2] = { sh->points[0][0], sh->points[0][1] };
                                for (int k = 0; k < 2; k++)
                                        c[k] = 2 * sh->points[1][k] - (sh->points[0][k] + sh->points[2][k]) / 2;
                                cairo_curve_to(cr,
                                               p0[0] + 2.0 / 3 * (c[0] - p0[0]), p0[1] + 2.0 / 3 * (c[1] - p0[1]),
                                               sh->points[2][0] + 2.0 / 3 * (c[0] - sh->points[2][0]),
                                               sh->points[2][1] + 2.0 / 3 * (c[1] - sh->points[2][1]),
                                               sh->points[2][0], sh->points[2][1]);
                        } else
                                for (size_t j = 1; j < sh->n_points; j++)
                                        cairo_line_to(cr, sh->points[j][0], sh->points[j][1]);
                        cairo_set_line_width(cr, sh->width);
                        if (sh->kind == POSE_SHAPE_POLYGON) {
                                cairo_close_path(cr);
                                cairo_fill_preserve(cr);
                        }
                        cairo_stroke(cr);
                        break;
                }
        }
}

static void figure_snapshot(GtkWidget *widget, GtkSnapshot *snapshot) {
        LimberFigure *self = LIMBER_FIGURE(widget);
        int w = gtk_widget_get_width(widget), h = gtk_widget_get_height(widget);
        double side = MIN(w, h);

        if (self->n_frames == 0 || self->n_loaded < self->n_frames || side <= 0)
                return;
        if (!self->moving) {
                if (self->still) {
                        graphene_rect_t r = GRAPHENE_RECT_INIT((w - side) / 2, (h - side) / 2, side, side);
                        gtk_snapshot_append_texture(snapshot, self->still, &r);
                }
                return;
        }

        g_autofree Pose *poses = g_new(Pose, self->n_frames);
        g_autofree double (*boxes)[4] = g_malloc_n(self->n_frames, sizeof(double[4]));
        g_autofree unsigned *ms = g_new(unsigned, self->n_frames);
        for (size_t i = 0; i < self->n_frames; i++) {
                poses[i] = self->frames[i].pose;
                memcpy(boxes[i], self->frames[i].box, sizeof(boxes[i]));
                ms[i] = self->frames[i].ms;
        }
        Pose p;
        double box[4];
        pose_track_at(poses, (const double (*)[4]) boxes, ms, self->n_frames, (unsigned long long) figure_time_ms(self),
                      &p, box);
        PoseScene scene;
        pose_scene(&p, &scene);

        graphene_rect_t bounds = GRAPHENE_RECT_INIT(0, 0, w, h);
        cairo_t *cr = gtk_snapshot_append_cairo(snapshot, &bounds);
        double scale = side / (box[2] - box[0]);
        cairo_translate(cr, (w - side) / 2, (h - side) / 2);
        /* As the SVG's viewport does: a close-up's lower body stays out. */
        cairo_rectangle(cr, 0, 0, side, side);
        cairo_clip(cr);
        cairo_scale(cr, scale, scale);
        cairo_translate(cr, -box[0], -box[1]);
        figure_draw_scene(cr, &scene);
        cairo_destroy(cr);
}

static void figure_measure(GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                           int *natural, int *minimum_baseline, int *natural_baseline) {
        *minimum = 48;
        *natural = FIGURE_NATURAL_PX;
}

/* All files are read: move if every one carries a pose, else show the first as a picture. */
static void figure_loaded(LimberFigure *self) {
        self->moving = true;
        for (size_t i = 0; i < self->n_frames; i++)
                self->moving = self->moving && self->frames[i].has_pose;
        if (!self->moving) {
                g_autoptr(GError) error = NULL;
                self->still = gdk_texture_new_from_filename(self->frames[0].path, &error);
                if (!self->still)
                        g_warning("Cannot show %s: %s", self->frames[0].path, error->message);
        }
        figure_update_ticking(self);
        g_object_notify_by_pspec(G_OBJECT(self), props[PROP_READY]);
}

gboolean limber_figure_get_ready(GtkWidget *figure) {
        LimberFigure *self = LIMBER_FIGURE(figure);
        return self->n_loaded == self->n_frames;
}

static void figure_get_property(GObject *object, guint id, GValue *value, GParamSpec *pspec) {
        switch (id) {
        case PROP_READY:
                g_value_set_boolean(value, limber_figure_get_ready(GTK_WIDGET(object)));
                break;
        default:
                G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
        }
}

typedef struct FrameLoad {
        LimberFigure *figure;   /* a reference */
        GCancellable *cancellable;  /* a reference: the frames it was read for */
        size_t index;
} FrameLoad;

static void frame_load_free(FrameLoad *load) {
        g_object_unref(load->figure);
        g_object_unref(load->cancellable);
        g_free(load);
}

static void figure_frame_read(GObject *source, GAsyncResult *result, gpointer userdata) {
        FrameLoad *load = userdata;
        LimberFigure *self = load->figure;
        g_autoptr(GError) error = NULL;
        g_autofree char *contents = NULL;
        gsize size;
        bool ok = g_file_load_contents_finish(G_FILE(source), result, &contents, &size, NULL, &error);

        /* Frames replaced (or the widget gone) since: nothing to do. */
        if (load->cancellable != self->cancellable || g_cancellable_is_cancelled(load->cancellable)) {
                frame_load_free(load);
                return;
        }
        FigureFrame *f = &self->frames[load->index];
        if (ok)
                f->has_pose = pose_from_svg(contents, &f->pose, f->box) == 0 && f->box[2] > f->box[0];
        else
                g_warning("Cannot read %s: %s", f->path, error->message);
        self->n_loaded++;
        if (self->n_loaded == self->n_frames)
                figure_loaded(self);
        frame_load_free(load);
}

void limber_figure_set_frames(GtkWidget *figure, const char *const *paths, const unsigned *durations_ms, size_t n) {
        LimberFigure *self = LIMBER_FIGURE(figure);

        figure_frames_clear(self);
        figure_update_ticking(self);
        if (n == 0)
                return;
        self->frames = g_new0(FigureFrame, n);
        self->n_frames = n;
        self->cancellable = g_cancellable_new();
        for (size_t i = 0; i < n; i++) {
                self->frames[i].path = g_strdup(paths[i]);
                self->frames[i].ms = durations_ms[i];
        }
        for (size_t i = 0; i < n; i++) {
                g_autoptr(GFile) file = g_file_new_for_path(paths[i]);
                FrameLoad *load = g_new(FrameLoad, 1);
                *load = (FrameLoad) {
                        .figure = g_object_ref(self),
                        .cancellable = g_object_ref(self->cancellable),
                        .index = i,
                };
                g_file_load_contents_async(file, self->cancellable, figure_frame_read, load);
        }
}

void limber_figure_seek(GtkWidget *figure, gint64 t_ms) {
        LimberFigure *self = LIMBER_FIGURE(figure);

        self->seek_ms = t_ms;
        figure_update_ticking(self);
}

static void figure_settings_changed(LimberFigure *self) {
        figure_update_ticking(self);
}

static void figure_root(GtkWidget *widget) {
        GTK_WIDGET_CLASS(limber_figure_parent_class)->root(widget);
        g_signal_connect_object(gtk_widget_get_settings(widget), "notify::gtk-enable-animations",
                                G_CALLBACK(figure_settings_changed), widget, G_CONNECT_SWAPPED);
        figure_update_ticking(LIMBER_FIGURE(widget));
}

static void figure_dispose(GObject *object) {
        LimberFigure *self = LIMBER_FIGURE(object);

        figure_frames_clear(self);
        G_OBJECT_CLASS(limber_figure_parent_class)->dispose(object);
}

static void limber_figure_class_init(LimberFigureClass *klass) {
        GObjectClass *object_class = G_OBJECT_CLASS(klass);
        GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

        object_class->dispose = figure_dispose;
        object_class->get_property = figure_get_property;
        props[PROP_READY] = g_param_spec_boolean("ready", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
        g_object_class_install_properties(object_class, N_PROPS, props);
        widget_class->snapshot = figure_snapshot;
        widget_class->measure = figure_measure;
        widget_class->root = figure_root;
        gtk_widget_class_set_accessible_role(widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void limber_figure_init(LimberFigure *self) {
        self->seek_ms = -1;
}

GtkWidget *limber_figure_new(void) {
        return g_object_new(LIMBER_TYPE_FIGURE, NULL);
}
