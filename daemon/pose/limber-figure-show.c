/* SPDX-License-Identifier: GPL-3.0-or-later */
/* limber-figure-show: the animated figure alone in a window, to look at an exercise's
 * keyframes as the break window moves them (and for screenshots under Xvfb).
 *   limber-figure-show [--at MS] [--size PX] [--no-animations] [--screenshot PNG
 *                      [--after-frames N]] MS:FILE…
 * --at holds the figure at that moment of its loop; --screenshot writes the figure's picture
 * once the frames are read (--after-frames N: N frames of the display later), and quits
 * (tests/check-figure.sh). */

#include <stdlib.h>
#include <string.h>

#include "pose/pose-figure.h"

static gint64 at_ms = -1;
static int size_px = 320;
static gboolean no_animations;
static char *screenshot;
static char **frame_args;

static int exit_status;
static int after_frames;

/* Renders the figure as it is now into screenshot, and quits. */
static gboolean write_screenshot(GtkWidget *figure, GdkFrameClock *clock, gpointer userdata) {
        GtkWidget *window = GTK_WIDGET(gtk_widget_get_root(figure));
        int w = gtk_widget_get_width(figure), h = gtk_widget_get_height(figure);

        if (w <= 0 || h <= 0 || !gtk_widget_get_mapped(figure))
                return G_SOURCE_CONTINUE;       /* not on screen yet */
        if (after_frames-- > 0)
                return G_SOURCE_CONTINUE;

        GtkSnapshot *snapshot = gtk_snapshot_new();
        GTK_WIDGET_GET_CLASS(figure)->snapshot(figure, snapshot);
        g_autoptr(GskRenderNode) node = gtk_snapshot_free_to_node(snapshot);
        exit_status = 1;
        if (node) {
                GskRenderer *renderer = gtk_native_get_renderer(GTK_NATIVE(window));
                graphene_rect_t bounds = GRAPHENE_RECT_INIT(0, 0, w, h);
                g_autoptr(GdkTexture) texture = gsk_renderer_render_texture(renderer, node, &bounds);
                exit_status = gdk_texture_save_to_png(texture, screenshot) ? 0 : 1;
        }
        if (exit_status != 0)
                g_printerr("Cannot write %s\n", screenshot);
        g_application_quit(G_APPLICATION(gtk_window_get_application(GTK_WINDOW(window))));
        return G_SOURCE_REMOVE;
}

static void figure_ready(GtkWidget *figure) {
        if (screenshot && limber_figure_get_ready(figure))
                gtk_widget_add_tick_callback(figure, write_screenshot, NULL, NULL);
}

static void activate(GtkApplication *app, gpointer userdata) {
        GtkWidget *window = gtk_application_window_new(app), *figure = limber_figure_new();
        size_t n = frame_args ? g_strv_length(frame_args) : 0;
        g_autofree const char **paths = g_new0(const char *, n + 1);
        g_autofree unsigned *ms = g_new0(unsigned, n + 1);

        for (size_t i = 0; i < n; i++) {
                char *colon = strchr(frame_args[i], ':');
                ms[i] = colon ? (unsigned) strtoul(frame_args[i], NULL, 10) : 1000;
                paths[i] = colon ? colon + 1 : frame_args[i];
        }
        if (no_animations)
                g_object_set(gtk_settings_get_default(), "gtk-enable-animations", FALSE, NULL);
        gtk_window_set_title(GTK_WINDOW(window), "limber figure");
        gtk_window_set_default_size(GTK_WINDOW(window), size_px, size_px);
        gtk_accessible_update_property(GTK_ACCESSIBLE(figure), GTK_ACCESSIBLE_PROPERTY_LABEL, "Exercise figure", -1);
        g_signal_connect(figure, "notify::ready", G_CALLBACK(figure_ready), NULL);
        limber_figure_set_frames(figure, paths, ms, n);
        if (at_ms >= 0)
                limber_figure_seek(figure, at_ms);
        gtk_window_set_child(GTK_WINDOW(window), figure);
        gtk_window_present(GTK_WINDOW(window));
}

int main(int argc, char *argv[]) {
        g_autoptr(GtkApplication) app = NULL;
        const GOptionEntry options[] = {
                { "at", 0, 0, G_OPTION_ARG_INT64, &at_ms, "Hold the figure at this moment (ms)", "MS" },
                { "size", 0, 0, G_OPTION_ARG_INT, &size_px, "The window's size", "PX" },
                { "no-animations", 0, 0, G_OPTION_ARG_NONE, &no_animations, "As with animations off", NULL },
                { "after-frames", 0, 0, G_OPTION_ARG_INT, &after_frames, "Take the screenshot N frames later", "N" },
                { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, &screenshot, "Write the window to PNG and quit", "PNG" },
                { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &frame_args, NULL, "MS:FILE…" },
                { NULL },
        };

        app = gtk_application_new("io.github.limber.FigureShow", G_APPLICATION_NON_UNIQUE);
        g_application_add_main_option_entries(G_APPLICATION(app), options);
        g_signal_connect(app, "activate", G_CALLBACK(activate), NULL);
        int r = g_application_run(G_APPLICATION(app), argc, argv);
        return r != 0 ? r : exit_status;
}
