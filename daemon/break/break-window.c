/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The break window's widgets, built in code: short enough not to need a builder file. */
#include "break/break-window.h"
#include "pose/pose-figure.h"
#include "util/i18n.h"

/* Taller content scrolls: the window stays within a 1280×800 screen. */
#define CONTENT_HEIGHT_MAX 560
#define FIGURE_SIZE 180

struct BreakWindow {
        GtkWindow *window;
        GtkWidget *progress;            /* "2 of 4 · 0:40 left" */
        GtkWidget *figure;              /* the exercise's moving figure (pose/pose-figure.h) */
        char *figure_id;                /* the exercise it shows */
        GtkWidget *name;
        GtkWidget *dose;
        GtkWidget *steps;               /* a box of one label per step */
        GtkWidget *caution;
        GtkWidget *stop;                /* "Stop if you feel pain or discomfort." */
        GtkWidget *rules;               /* expander */
        GtkWidget *rules_text;
        GtkWidget *break_bar;           /* the whole break's countdown */
        GtkWidget *summary;             /* the end of the break, or the state */
        GtkWidget *summary_icon;
        GtkWidget *content;             /* the scrolled part */
        GtkWidget *skip, *snooze, *primary, *close;
};

BreakExercise *break_exercise_free(BreakExercise *e) {
        if (!e)
                return NULL;
        g_free(e->id);
        g_free(e->name);
        g_free(e->dose);
        g_strfreev(e->steps);
        g_free(e->caution);
        g_strfreev(e->frames);
        g_free(e->frame_ms);
        g_free(e);
        return NULL;
}

BreakExercise *break_exercise_from_variant(GVariant *dict) {
        g_autoptr(GVariant) frames = NULL;
        BreakExercise *e = g_new0(BreakExercise, 1);

        if (!g_variant_lookup(dict, "name", "s", &e->name)) {
                break_exercise_free(e);
                return NULL;
        }
        (void) g_variant_lookup(dict, "id", "s", &e->id);
        (void) g_variant_lookup(dict, "dose", "s", &e->dose);
        (void) g_variant_lookup(dict, "steps", "^as", &e->steps);
        (void) g_variant_lookup(dict, "caution", "s", &e->caution);
        frames = g_variant_lookup_value(dict, "frames", G_VARIANT_TYPE("a(us)"));
        if (frames && g_variant_n_children(frames) > 0) {
                size_t n = g_variant_n_children(frames);

                e->frames = g_new0(char *, n + 1);
                e->frame_ms = g_new0(unsigned, n);
                for (size_t i = 0; i < n; i++)
                        g_variant_get_child(frames, i, "(us)", &e->frame_ms[i], &e->frames[i]);
        }
        return e;
}

static GtkWidget *label_new(const char *css_class) {
        GtkWidget *l = gtk_label_new(NULL);

        gtk_label_set_wrap(GTK_LABEL(l), TRUE);
        gtk_label_set_wrap_mode(GTK_LABEL(l), PANGO_WRAP_WORD_CHAR);
        gtk_label_set_xalign(GTK_LABEL(l), 0);
        gtk_label_set_max_width_chars(GTK_LABEL(l), 60);
        if (css_class)
                gtk_widget_add_css_class(l, css_class);
        return l;
}

static GtkWidget *button_new(BreakWindow *w, GtkWidget *row) {
        GtkWidget *b = gtk_button_new();

        gtk_box_append(GTK_BOX(row), b);
        return b;
}

static void button_set(GtkWidget *b, const char *label, const char *action) {
        /* No mnemonics: GTK 4.8 then names the button twice for screen readers ("_Done Done"). */
        gtk_button_set_label(GTK_BUTTON(b), label);
        gtk_actionable_set_action_name(GTK_ACTIONABLE(b), action);
        gtk_widget_set_visible(b, TRUE);
}

BreakWindow *break_window_new(GtkApplication *app) {
        BreakWindow *w = g_new0(BreakWindow, 1);
        GtkWidget *scroll, *box, *row, *outer;
        GtkEventController *keys;

        w->window = GTK_WINDOW(gtk_application_window_new(app));
        gtk_window_set_default_size(w->window, 600, -1);
        gtk_window_set_resizable(w->window, TRUE);
        gtk_window_set_icon_name(w->window, "io.github.limber.Limber");

        outer = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
        box = w->content = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
        gtk_widget_set_margin_top(box, 18);
        gtk_widget_set_margin_bottom(box, 12);
        gtk_widget_set_margin_start(box, 24);
        gtk_widget_set_margin_end(box, 24);

        w->progress = label_new("dim-label");
        w->figure = limber_figure_new();
        gtk_widget_set_size_request(w->figure, FIGURE_SIZE, FIGURE_SIZE);
        gtk_widget_set_halign(w->figure, GTK_ALIGN_CENTER);
        gtk_widget_set_visible(w->figure, FALSE);
        w->name = label_new("title-1");
        gtk_label_set_selectable(GTK_LABEL(w->name), FALSE);
        w->dose = label_new("heading");
        w->steps = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
        gtk_accessible_update_property(GTK_ACCESSIBLE(w->steps), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Steps"), -1);
        w->caution = label_new("warning");
        w->stop = label_new("heading");
        gtk_widget_add_css_class(w->stop, "error");
        gtk_label_set_text(GTK_LABEL(w->stop), _("Stop if you feel pain or discomfort."));
        w->rules = gtk_expander_new(_("Safety rules"));
        gtk_accessible_update_property(GTK_ACCESSIBLE(w->rules), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Safety rules"), -1);
        w->rules_text = label_new(NULL);
        gtk_widget_set_margin_top(w->rules_text, 6);
        gtk_expander_set_child(GTK_EXPANDER(w->rules), w->rules_text);
        w->summary = label_new("title-3");
        gtk_label_set_justify(GTK_LABEL(w->summary), GTK_JUSTIFY_CENTER);
        gtk_label_set_xalign(GTK_LABEL(w->summary), 0.5);
        w->summary_icon = gtk_image_new();
        gtk_image_set_pixel_size(GTK_IMAGE(w->summary_icon), 64);
        gtk_widget_add_css_class(w->summary_icon, "dim-label");
        gtk_widget_set_margin_top(w->summary_icon, 24);

        gtk_box_append(GTK_BOX(box), w->progress);
        gtk_box_append(GTK_BOX(box), w->figure);
        gtk_box_append(GTK_BOX(box), w->name);
        gtk_box_append(GTK_BOX(box), w->dose);
        gtk_box_append(GTK_BOX(box), w->steps);
        gtk_box_append(GTK_BOX(box), w->caution);
        gtk_box_append(GTK_BOX(box), w->stop);
        gtk_box_append(GTK_BOX(box), w->rules);
        gtk_box_append(GTK_BOX(box), w->summary_icon);
        gtk_box_append(GTK_BOX(box), w->summary);

        scroll = gtk_scrolled_window_new();
        gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
        gtk_scrolled_window_set_propagate_natural_height(GTK_SCROLLED_WINDOW(scroll), TRUE);
        gtk_scrolled_window_set_max_content_height(GTK_SCROLLED_WINDOW(scroll), CONTENT_HEIGHT_MAX);
        gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), box);
        gtk_widget_set_vexpand(scroll, TRUE);
        gtk_box_append(GTK_BOX(outer), scroll);

        /* Outside the scrolled part: the countdown and the buttons are always in view. */
        w->break_bar = gtk_progress_bar_new();
        gtk_progress_bar_set_show_text(GTK_PROGRESS_BAR(w->break_bar), TRUE);
        gtk_accessible_update_property(GTK_ACCESSIBLE(w->break_bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       _("Time left in the break"), -1);
        gtk_widget_set_margin_top(w->break_bar, 6);
        gtk_widget_set_margin_start(w->break_bar, 24);
        gtk_widget_set_margin_end(w->break_bar, 24);
        gtk_box_append(GTK_BOX(outer), w->break_bar);

        row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
        gtk_widget_set_halign(row, GTK_ALIGN_END);
        gtk_widget_set_margin_top(row, 12);
        gtk_widget_set_margin_bottom(row, 18);
        gtk_widget_set_margin_start(row, 24);
        gtk_widget_set_margin_end(row, 24);
        w->close = button_new(w, row);
        w->skip = button_new(w, row);
        w->snooze = button_new(w, row);
        w->primary = button_new(w, row);
        gtk_widget_add_css_class(w->primary, "suggested-action");
        gtk_box_append(GTK_BOX(outer), row);

        gtk_window_set_child(w->window, outer);
        gtk_window_set_default_widget(w->window, w->primary);

        /* Esc closes; Enter is the focused button, the primary one unless Tab moved on. */
        keys = gtk_shortcut_controller_new();
        gtk_shortcut_controller_add_shortcut(GTK_SHORTCUT_CONTROLLER(keys),
                                             gtk_shortcut_new(gtk_keyval_trigger_new(GDK_KEY_Escape, 0),
                                                              gtk_named_action_new("window.close")));
        gtk_shortcut_controller_set_scope(GTK_SHORTCUT_CONTROLLER(keys), GTK_SHORTCUT_SCOPE_GLOBAL);
        gtk_widget_add_controller(GTK_WIDGET(w->window), keys);
        return w;
}

GtkWindow *break_window_get_window(BreakWindow *w) {
        return w->window;
}

void break_window_set_figure(BreakWindow *w, const BreakExercise *e) {
        g_autofree char *name = NULL;
        size_t n = 0;

        if (!e || !e->frames || !e->frames[0]) {
                g_clear_pointer(&w->figure_id, g_free);
                limber_figure_set_frames(w->figure, NULL, NULL, 0);
                gtk_widget_set_visible(w->figure, FALSE);
                return;
        }
        /* The same exercise again (a new step of the countdown): the figure moves on. */
        if (g_strcmp0(w->figure_id, e->id) == 0 && gtk_widget_get_visible(w->figure))
                return;
        g_free(w->figure_id);
        w->figure_id = g_strdup(e->id);
        while (e->frames[n])
                n++;
        limber_figure_set_frames(w->figure, (const char * const *) e->frames, e->frame_ms, n);
        name = g_strdup_printf(_("Illustration: %s"), e->name);
        gtk_accessible_update_property(GTK_ACCESSIBLE(w->figure), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
        gtk_widget_set_visible(w->figure, TRUE);
}

void break_window_set_rules(BreakWindow *w, char **rules, gboolean expanded) {
        g_autoptr(GString) s = g_string_new(NULL);

        for (char **r = rules; r && *r; r++)
                g_string_append_printf(s, "%s• %s", s->len ? "\n" : "", *r);
        gtk_label_set_text(GTK_LABEL(w->rules_text), s->str);
        gtk_widget_set_visible(w->rules, s->len > 0);
        gtk_expander_set_expanded(GTK_EXPANDER(w->rules), expanded);
}

static void steps_clear(BreakWindow *w) {
        GtkWidget *c;

        while ((c = gtk_widget_get_first_child(w->steps)))
                gtk_box_remove(GTK_BOX(w->steps), c);
}

/* The exercise's name, dose, every step, its caution and the stop line. */
static void show_exercise(BreakWindow *w, const BreakExercise *e) {
        steps_clear(w);
        gtk_widget_set_visible(w->stop, TRUE);
        if (!e) {
                gtk_label_set_text(GTK_LABEL(w->name), _("Move and stretch"));
                gtk_widget_set_visible(w->name, TRUE);
                gtk_widget_set_visible(w->dose, FALSE);
                gtk_widget_set_visible(w->caution, FALSE);
                break_window_set_figure(w, NULL);
                return;
        }
        gtk_label_set_text(GTK_LABEL(w->name), e->name);
        gtk_widget_set_visible(w->name, TRUE);
        gtk_label_set_text(GTK_LABEL(w->dose), e->dose ? e->dose : "");
        gtk_widget_set_visible(w->dose, e->dose && *e->dose);
        for (size_t i = 0; e->steps && e->steps[i]; i++) {
                g_autofree char *text = g_strdup_printf("%zu. %s", i + 1, e->steps[i]);
                GtkWidget *l = label_new(NULL);

                gtk_label_set_text(GTK_LABEL(l), text);
                gtk_box_append(GTK_BOX(w->steps), l);
        }
        gtk_label_set_text(GTK_LABEL(w->caution), e->caution ? e->caution : "");
        gtk_widget_set_visible(w->caution, e->caution && *e->caution);
        break_window_set_figure(w, e);
}

static void set_view(BreakWindow *w, gboolean exercise, gboolean summary) {
        gtk_widget_set_visible(w->figure, exercise && gtk_widget_get_visible(w->figure));
        gtk_widget_set_visible(w->name, exercise);
        gtk_widget_set_visible(w->dose, exercise && gtk_widget_get_visible(w->dose));
        gtk_widget_set_visible(w->steps, exercise);
        gtk_widget_set_visible(w->caution, exercise && gtk_widget_get_visible(w->caution));
        gtk_widget_set_visible(w->stop, exercise);
        gtk_widget_set_visible(w->rules, exercise && gtk_label_get_text(GTK_LABEL(w->rules_text))[0]);
        gtk_widget_set_visible(w->summary, summary);
        gtk_widget_set_visible(w->summary_icon, summary);
        gtk_widget_set_valign(w->content, summary ? GTK_ALIGN_CENTER : GTK_ALIGN_FILL);
        gtk_widget_set_visible(w->progress, FALSE);
        gtk_widget_set_visible(w->break_bar, FALSE);
        gtk_widget_set_visible(w->skip, FALSE);
        gtk_widget_set_visible(w->snooze, FALSE);
        gtk_widget_set_visible(w->close, FALSE);
}

static void focus_primary(BreakWindow *w) {
        gtk_window_set_default_widget(w->window, w->primary);
        gtk_widget_grab_focus(w->primary);
}

static char *format_left(gint64 seconds) {
        seconds = MAX(seconds, 0);
        return g_strdup_printf("%" G_GINT64_FORMAT ":%02d", seconds / 60, (int) (seconds % 60));
}

void break_window_update_countdown(BreakWindow *w, unsigned step, unsigned steps, gint64 step_left,
                                   gint64 break_left, gint64 break_total) {
        g_autofree char *s = format_left(step_left), *b = format_left(break_left);
        g_autofree char *line = NULL, *bar = NULL;

        /* TRANSLATORS: the exercise's place in the break and the time left for it: "2 of 4 · 0:40 left". */
        line = g_strdup_printf(_("%u of %u · %s left"), step, steps, s);
        gtk_label_set_text(GTK_LABEL(w->progress), line);
        /* TRANSLATORS: the time left for the whole break, "3:10". */
        bar = g_strdup_printf(_("Break: %s left"), b);
        gtk_progress_bar_set_text(GTK_PROGRESS_BAR(w->break_bar), bar);
        gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(w->break_bar),
                                      break_total > 0 ? CLAMP(1.0 - (double) break_left / break_total, 0.0, 1.0) : 0);
}

void break_window_show_step(BreakWindow *w, const BreakExercise *e, unsigned step, unsigned steps,
                            gint64 step_left, gint64 break_left, gint64 break_total) {
        show_exercise(w, e);
        set_view(w, TRUE, FALSE);
        gtk_widget_set_visible(w->progress, TRUE);
        gtk_widget_set_visible(w->break_bar, TRUE);
        break_window_update_countdown(w, step, steps, step_left, break_left, break_total);
        gtk_window_set_title(w->window, e ? e->name : _("Move and stretch"));
        button_set(w->skip, _("Skip break"), "app.skip");
        /* Done ends this exercise; on the last one, the break. */
        button_set(w->primary, step < steps ? _("Done") : _("Done, end break"), "app.done");
        focus_primary(w);
}

void break_window_show_due(BreakWindow *w, const BreakExercise *e) {
        g_autofree char *title = NULL;

        show_exercise(w, e);
        set_view(w, TRUE, FALSE);
        title = e ? g_strdup_printf(_("Time for a break: %s"), e->name) : g_strdup(_("Time for a break"));
        gtk_window_set_title(w->window, title);
        gtk_label_set_text(GTK_LABEL(w->progress), _("Time for a break"));
        gtk_widget_set_visible(w->progress, TRUE);
        button_set(w->skip, _("Skip"), "app.skip");
        button_set(w->snooze, _("Snooze"), "app.snooze");
        button_set(w->primary, _("Start break"), "app.start");
        focus_primary(w);
}

void break_window_show_idle(BreakWindow *w, const char *state_text) {
        set_view(w, FALSE, TRUE);
        gtk_image_set_from_icon_name(GTK_IMAGE(w->summary_icon), "alarm-symbolic");
        gtk_label_set_text(GTK_LABEL(w->summary), state_text);
        gtk_window_set_title(w->window, "limber");
        button_set(w->close, _("Close"), "window.close");
        button_set(w->primary, _("Start a break now"), "app.start");
        focus_primary(w);
}

void break_window_show_over(BreakWindow *w, const char *kind, guint64 usec, unsigned breaks_today,
                            guint64 active_today_usec) {
        char d[DURATION_TEXT_MAX], t[DURATION_TEXT_MAX];
        g_autofree char *first = NULL, *today = NULL, *text = NULL;

        i18n_format_duration(d, usec);
        i18n_format_duration(t, active_today_usec);
        if (g_str_equal(kind, "taken"))
                /* TRANSLATORS: %s is how long the break lasted, "5 min". */
                first = g_strdup_printf(_("Break over — %s, recorded as taken."), d);
        else
                first = g_strdup_printf(_("Break ended early after %s — recorded as skipped."), d);
        /* TRANSLATORS: "Today: 3 breaks, 4 h 10 min at the desk". */
        today = g_strdup_printf(ngettext("Today: %u break, %s at the desk", "Today: %u breaks, %s at the desk",
                                         breaks_today), breaks_today, t);
        text = g_strdup_printf("%s\n%s", first, today);
        set_view(w, FALSE, TRUE);
        gtk_image_set_from_icon_name(GTK_IMAGE(w->summary_icon),
                                     g_str_equal(kind, "taken") ? "emblem-ok-symbolic" : "media-skip-forward-symbolic");
        gtk_label_set_text(GTK_LABEL(w->summary), text);
        gtk_window_set_title(w->window, _("Break over"));
        gtk_widget_set_visible(w->primary, FALSE);
        button_set(w->close, _("Close"), "window.close");
        gtk_window_set_default_widget(w->window, w->close);
        gtk_widget_grab_focus(w->close);
}

void break_window_show_message(BreakWindow *w, const char *text) {
        set_view(w, FALSE, TRUE);
        gtk_image_set_from_icon_name(GTK_IMAGE(w->summary_icon), "dialog-information-symbolic");
        gtk_label_set_text(GTK_LABEL(w->summary), text);
        gtk_window_set_title(w->window, "limber");
        gtk_widget_set_visible(w->primary, FALSE);
        button_set(w->close, _("Close"), "window.close");
        gtk_window_set_default_widget(w->window, w->close);
        gtk_widget_grab_focus(w->close);
}
