/* SPDX-License-Identifier: GPL-3.0-or-later */
/* limber-break: the break window, a GTK 4 helper under libexec. limberd starts it when a
 * guided break begins and when the user asks for the break (a click on the reminder, the
 * tray's Show break); the desktop entry starts it too. It is a client of limberd's own bus
 * API (io.github.limber.Limber1): it reads State, CurrentExercise, BreakStep, BreakSteps,
 * BreakStepEndsUsec, BreakEndsUsec and BreakPlan, asks GetExercise and GetSafetyRules, and
 * calls StartBreak, Snooze, Skip and NextStep, as any script could. Its application id,
 * io.github.limber.Limber, is its name on the session bus while it is shown: limberd sends the
 * steps as notifications only while that name has no owner. A second start brings the running
 * window to the front. It exits when its window closes. */
#include <adwaita.h>

#include "break/break-window.h"
#include "util/i18n.h"
#include "util/limber-bus.h"

/* The end of the break stays this long, then the window closes by itself. */
#define OVER_CLOSE_SECONDS 8

typedef struct App {
        AdwApplication *app;
        BreakWindow *w;
        GDBusProxy *limberd;
        BreakExercise *exercise;        /* the one shown, or NULL */
        char *loading;                  /* the id asked of GetExercise, or NULL */
        char *view;                     /* "step", "due", "idle", "over", "message" */
        guint tick;                     /* the countdown, while a step shows */
        gboolean over;                  /* the end of the break shows: the state no longer matters */
        gboolean rules_asked;
        gboolean rules_expanded;
        gboolean presented;
} App;

static void refresh(App *a);

static GVariant *prop(App *a, const char *name) {
        return a->limberd ? g_dbus_proxy_get_cached_property(a->limberd, name) : NULL;
}

static char *prop_string(App *a, const char *name) {
        g_autoptr(GVariant) v = prop(a, name);

        return v && g_variant_is_of_type(v, G_VARIANT_TYPE_STRING) ? g_variant_dup_string(v, NULL) : g_strdup("");
}

static guint64 prop_u64(App *a, const char *name) {
        g_autoptr(GVariant) v = prop(a, name);

        if (v && g_variant_is_of_type(v, G_VARIANT_TYPE_UINT64))
                return g_variant_get_uint64(v);
        if (v && g_variant_is_of_type(v, G_VARIANT_TYPE_UINT32))
                return g_variant_get_uint32(v);
        return 0;
}

static void present(App *a) {
        if (a->presented)
                return;
        a->presented = TRUE;
        gtk_window_present(break_window_get_window(a->w));
}

static void set_view(App *a, const char *view) {
        g_free(a->view);
        a->view = g_strdup(view);
}

/* ---- the countdown ------------------------------------------------------------------ */

static gint64 seconds_until(guint64 realtime_usec) {
        gint64 now = g_get_real_time();

        return realtime_usec > (guint64) now ? (gint64) ((realtime_usec - (guint64) now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC) : 0;
}

static gint64 break_total_seconds(App *a) {
        g_autoptr(GVariant) plan = prop(a, "BreakPlan");
        guint64 total = 0;

        if (plan && g_variant_is_of_type(plan, G_VARIANT_TYPE("a(st)")))
                for (size_t i = 0; i < g_variant_n_children(plan); i++) {
                        guint64 step;

                        g_variant_get_child(plan, i, "(&st)", NULL, &step);
                        total += step;
                }
        return (gint64) (total / G_USEC_PER_SEC);
}

static void countdown(App *a, gboolean whole) {
        unsigned step = (unsigned) prop_u64(a, "BreakStep"), steps = (unsigned) prop_u64(a, "BreakSteps");
        gint64 step_left = seconds_until(prop_u64(a, "BreakStepEndsUsec"));
        gint64 break_left = seconds_until(prop_u64(a, "BreakEndsUsec"));

        if (whole)
                break_window_show_step(a->w, a->exercise, step, steps, step_left, break_left,
                                       break_total_seconds(a));
        else
                break_window_update_countdown(a->w, step, steps, step_left, break_left, break_total_seconds(a));
}

static gboolean on_tick(gpointer userdata) {
        App *a = userdata;

        countdown(a, FALSE);
        return G_SOURCE_CONTINUE;
}

static void tick_set(App *a, gboolean on) {
        if (on && !a->tick)
                a->tick = g_timeout_add_seconds(1, on_tick, a);
        else if (!on && a->tick) {
                g_source_remove(a->tick);
                a->tick = 0;
        }
}

/* ---- what limberd says -------------------------------------------------------------- */

static void on_exercise(GObject *source, GAsyncResult *result, gpointer userdata) {
        App *a = userdata;
        g_autoptr(GError) error = NULL;
        g_autoptr(GVariant) reply = g_dbus_proxy_call_finish(G_DBUS_PROXY(source), result, &error);
        g_autoptr(GVariant) dict = NULL;

        if (!reply) {
                g_warning("GetExercise: %s", error->message);
                g_clear_pointer(&a->loading, g_free);
                a->exercise = break_exercise_free(a->exercise);
                refresh(a);
                return;
        }
        dict = g_variant_get_child_value(reply, 0);
        break_exercise_free(a->exercise);
        a->exercise = break_exercise_from_variant(dict);
        g_clear_pointer(&a->loading, g_free);
        refresh(a);
}

static void on_rules(GObject *source, GAsyncResult *result, gpointer userdata) {
        App *a = userdata;
        g_autoptr(GError) error = NULL;
        g_autoptr(GVariant) reply = g_dbus_proxy_call_finish(G_DBUS_PROXY(source), result, &error);
        g_auto(GStrv) rules = NULL;

        if (!reply) {
                g_warning("GetSafetyRules: %s", error->message);
                return;
        }
        g_variant_get(reply, "(^as)", &rules);
        break_window_set_rules(a->w, rules, a->rules_expanded);
        refresh(a);
}

/* The exercise id is loaded (or being loaded): whether what shows can be drawn now. */
static gboolean exercise_ready(App *a, const char *id) {
        if (!*id) {
                a->exercise = break_exercise_free(a->exercise);
                return TRUE;
        }
        if (a->exercise && g_strcmp0(a->exercise->id, id) == 0)
                return TRUE;
        if (g_strcmp0(a->loading, id) != 0) {
                g_free(a->loading);
                a->loading = g_strdup(id);
                g_dbus_proxy_call(a->limberd, "GetExercise", g_variant_new("(s)", id), G_DBUS_CALL_FLAGS_NONE,
                                  -1, NULL, on_exercise, a);
        }
        return FALSE;
}

static char *idle_text(App *a, const char *state) {
        guint64 next = prop_u64(a, "NextBreakUsec");

        if (g_str_equal(state, "paused"))
                return g_strdup(_("Reminders are paused."));
        if (next > 0) {
                g_autoptr(GDateTime) t = g_date_time_new_from_unix_local((gint64) (next / G_USEC_PER_SEC));
                g_autofree char *hm = t ? g_date_time_format(t, "%H:%M") : NULL;

                if (hm)
                        /* TRANSLATORS: %s is a clock time, "14:30". */
                        return g_strdup_printf(_("No break is due. The next one is at %s."), hm);
        }
        return g_strdup(_("No break is due."));
}

static void refresh(App *a) {
        g_autofree char *owner = NULL, *state = NULL, *id = NULL;
        g_autoptr(GVariant) today = NULL;

        if (a->over || !a->limberd)
                return;
        owner = g_dbus_proxy_get_name_owner(a->limberd);
        if (!owner) {
                tick_set(a, FALSE);
                set_view(a, "message");
                break_window_show_message(a->w, _("limber is not running (limberd), so there is no break to show."));
                present(a);
                return;
        }
        if (!a->rules_asked) {
                /* The day's first break shows the safety rules in full; later ones, a click away. */
                a->rules_asked = TRUE;
                a->rules_expanded = prop_u64(a, "BreaksToday") == 0 && prop_u64(a, "SkippedToday") == 0;
                g_dbus_proxy_call(a->limberd, "GetSafetyRules", NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, on_rules, a);
        }
        state = prop_string(a, "State");
        id = prop_string(a, "CurrentExercise");
        if (g_str_equal(state, "on-break")) {
                if (!exercise_ready(a, id))
                        return;
                set_view(a, "step");
                countdown(a, TRUE);
                tick_set(a, TRUE);
        } else if (g_str_equal(state, "due") || g_str_equal(state, "snoozed") || g_str_equal(state, "deferred")) {
                tick_set(a, FALSE);
                if (!exercise_ready(a, id))
                        return;
                set_view(a, "due");
                break_window_show_due(a->w, a->exercise);
        } else {
                g_autofree char *text = idle_text(a, state);

                tick_set(a, FALSE);
                set_view(a, "idle");
                break_window_show_idle(a->w, text);
        }
        present(a);
}

static gboolean on_over_timeout(gpointer userdata) {
        App *a = userdata;

        gtk_window_destroy(break_window_get_window(a->w));
        return G_SOURCE_REMOVE;
}

typedef struct Finished {
        App *app;
        char *kind;
        guint64 usec;
} Finished;

/* Today's count after the break: read with GetAll, which answers after the signal. */
static void on_today(GObject *source, GAsyncResult *result, gpointer userdata) {
        Finished *f = userdata;
        App *a = f->app;
        g_autoptr(GError) error = NULL;
        g_autoptr(GVariant) reply = g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), result, &error);
        g_autoptr(GVariant) all = NULL;
        guint32 breaks = 0;
        guint64 active = 0;

        if (reply) {
                all = g_variant_get_child_value(reply, 0);
                (void) g_variant_lookup(all, "BreaksToday", "u", &breaks);
                (void) g_variant_lookup(all, "ActiveTodayUsec", "t", &active);
        } else
                g_warning("GetAll: %s", error->message);
        break_window_show_over(a->w, f->kind, f->usec, breaks, active);
        present(a);
        g_timeout_add_seconds(OVER_CLOSE_SECONDS, on_over_timeout, a);
        g_free(f->kind);
        g_free(f);
}

static void on_signal(GDBusProxy *proxy, const char *sender, const char *signal, GVariant *parameters,
                      gpointer userdata) {
        App *a = userdata;
        Finished *f;

        if (!g_str_equal(signal, "BreakFinished") || a->over || g_strcmp0(a->view, "step") != 0)
                return;
        a->over = TRUE;
        tick_set(a, FALSE);
        set_view(a, "over");
        f = g_new0(Finished, 1);
        f->app = a;
        g_variant_get(parameters, "(st)", &f->kind, &f->usec);
        g_dbus_connection_call(g_dbus_proxy_get_connection(proxy), LIMBER_BUS_NAME, LIMBER_BUS_PATH,
                               "org.freedesktop.DBus.Properties", "GetAll",
                               g_variant_new("(s)", LIMBER_BUS_INTERFACE), G_VARIANT_TYPE("(a{sv})"),
                               G_DBUS_CALL_FLAGS_NONE, -1, NULL, on_today, f);
}

static void on_properties_changed(GDBusProxy *proxy, GVariant *changed, GStrv invalidated, gpointer userdata) {
        refresh(userdata);
}

static void on_owner_changed(GObject *object, GParamSpec *pspec, gpointer userdata) {
        refresh(userdata);
}

static void on_proxy(GObject *source, GAsyncResult *result, gpointer userdata) {
        App *a = userdata;
        g_autoptr(GError) error = NULL;

        a->limberd = g_dbus_proxy_new_for_bus_finish(result, &error);
        if (!a->limberd) {
                set_view(a, "message");
                break_window_show_message(a->w, error->message);
                present(a);
                return;
        }
        g_signal_connect(a->limberd, "g-properties-changed", G_CALLBACK(on_properties_changed), a);
        g_signal_connect(a->limberd, "g-signal", G_CALLBACK(on_signal), a);
        g_signal_connect(a->limberd, "notify::g-name-owner", G_CALLBACK(on_owner_changed), a);
        refresh(a);
}

/* ---- the buttons -------------------------------------------------------------------- */

typedef struct Call {
        App *app;
        gboolean close_after;           /* a decision on a due break: the window has done its job */
} Call;

static void on_call(GObject *source, GAsyncResult *result, gpointer userdata) {
        Call *c = userdata;
        g_autoptr(GError) error = NULL;
        g_autoptr(GVariant) reply = g_dbus_proxy_call_finish(G_DBUS_PROXY(source), result, &error);

        if (!reply) {
                g_dbus_error_strip_remote_error(error);
                g_warning("%s", error->message);
                /* The state moved on (the break ended meanwhile): show what it is now. */
                refresh(c->app);
        } else if (c->close_after && !c->app->over)
                gtk_window_destroy(break_window_get_window(c->app->w));
        g_free(c);
}

static void call(App *a, const char *method, GVariant *args, gboolean close_after) {
        Call *c = g_new0(Call, 1);

        if (!a->limberd)
                return;
        c->app = a;
        c->close_after = close_after;
        g_dbus_proxy_call(a->limberd, method, args, G_DBUS_CALL_FLAGS_NONE, -1, NULL, on_call, c);
}

static gboolean showing_due(App *a) {
        return g_strcmp0(a->view, "due") == 0;
}

static void action_start(GSimpleAction *action, GVariant *parameter, gpointer userdata) {
        call(userdata, "StartBreak", NULL, FALSE);
}

static void action_snooze(GSimpleAction *action, GVariant *parameter, gpointer userdata) {
        call(userdata, "Snooze", g_variant_new("(t)", (guint64) 0), TRUE);
}

static void action_skip(GSimpleAction *action, GVariant *parameter, gpointer userdata) {
        App *a = userdata;

        /* A due break skipped closes the window; a running one ends with its summary. */
        call(a, "Skip", NULL, showing_due(a));
}

static void action_done(GSimpleAction *action, GVariant *parameter, gpointer userdata) {
        call(userdata, "NextStep", NULL, FALSE);
}

/* ---- the application ---------------------------------------------------------------- */

static void on_activate(GApplication *application, gpointer userdata) {
        App *a = userdata;

        if (a->w) {
                /* Started again (a reminder clicked while it shows): to the front. */
                gtk_window_present(break_window_get_window(a->w));
                refresh(a);
                return;
        }
        a->w = break_window_new(GTK_APPLICATION(application));
        /* Shown once it has something to show: no empty frame first. */
        g_dbus_proxy_new_for_bus(G_BUS_TYPE_SESSION, G_DBUS_PROXY_FLAGS_NONE, NULL, LIMBER_BUS_NAME,
                                 LIMBER_BUS_PATH, LIMBER_BUS_INTERFACE, NULL, on_proxy, a);
}

int main(int argc, char *argv[]) {
        static const GActionEntry actions[] = {
                { .name = "start", .activate = action_start },
                { .name = "snooze", .activate = action_snooze },
                { .name = "skip", .activate = action_skip },
                { .name = "done", .activate = action_done },
        };
        App a = {};
        int status;

        i18n_init(true);
        /* Text and one picture: GTK's cairo renderer draws them as well as GL does, with half
         * the memory and time to the first frame (tests/bench/break-window); $GSK_RENDERER
         * still chooses. */
        g_setenv("GSK_RENDERER", "cairo", FALSE);
        /* X11's WM_CLASS: shells match it to the desktop entry, as Wayland's app_id. */
        g_set_prgname(LIMBER_BREAK_APP_ID);
        a.app = adw_application_new(LIMBER_BREAK_APP_ID, G_APPLICATION_DEFAULT_FLAGS);
        g_action_map_add_action_entries(G_ACTION_MAP(a.app), actions, G_N_ELEMENTS(actions), &a);
        g_signal_connect(a.app, "activate", G_CALLBACK(on_activate), &a);
        status = g_application_run(G_APPLICATION(a.app), argc, argv);

        tick_set(&a, FALSE);
        g_clear_object(&a.limberd);
        break_exercise_free(a.exercise);
        g_free(a.loading);
        g_free(a.view);
        g_free(a.w);
        g_object_unref(a.app);
        return status;
}
