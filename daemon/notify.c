/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <gio/gio.h>
#include <libnotify/notify.h>

#include "duration.h"
#include "log.h"
#include "notify.h"

#define NOTIFY_CATEGORY "x-limber.break"
#define NOTIFY_ICON "preferences-desktop-accessibility"

/* How long limberd waits, when it stops, for the notification thread to close its reminder. */
#define STOP_TIMEOUT (2 * G_TIME_SPAN_SECOND)

/* libnotify only has a synchronous show (up to 25 s on a hung server), so it is used from a
 * thread of its own: the main thread builds the texts and hands them over as requests; the
 * notification thread alone touches libnotify, and hands the user's actions back. A server
 * that hangs blocks only that thread. A request replaces the one still waiting in its slot:
 * once the server answers again it gets the newest reminder, not a backlog. */
typedef enum RequestType {
        REQUEST_SHOW,
        REQUEST_CLOSE,
} RequestType;

typedef struct Request {
        RequestType type;
        char *summary;
        char *body;
        NotifyUrgency urgency;
        int timeout;
        bool transient;
        char *sound;
        const char * const *actions;    /* static: key, label, …, NULL */
} Request;

struct Notifier {
        /* Main thread. */
        notifier_action_t on_action;
        void *userdata;
        char *sound;
        GMainContext *main_context;
        Notifier **link;                /* shared with pending actions; NULL once freed */
        GSettings *gnome_notifications; /* org.gnome.desktop.notifications, or NULL */
        notifier_dnd_t on_gnome_dnd;
        void *gnome_dnd_userdata;
        guint gnome_dnd_idle;           /* pending first report */

        /* Shared, under lock. */
        GMutex lock;
        GCond stopped_cond;
        Request *pending;               /* for the reminder and the break's steps */
        Request *pending_micro;         /* for the posture nudge */
        bool quit;
        bool stopped;

        /* Notification thread. */
        GThread *thread;
        GMainContext *context;
        GMainLoop *loop;
        NotifyNotification *notification;
        NotifyNotification *micro;
};

static Request *request_free(Request *r) {
        if (r) {
                free(r->summary);
                free(r->body);
                free(r->sound);
                free(r);
        }
        return NULL;
}

static void request_freep(Request **r) {
        request_free(*r);
}

/* ---- the notification thread -------------------------------------------------------- */

typedef struct ActionMessage {
        Notifier **link;
        char *action;
} ActionMessage;

static void action_message_free(gpointer p) {
        ActionMessage *a = p;

        g_atomic_rc_box_release(a->link);
        free(a->action);
        free(a);
}

/* Main thread. */
static gboolean deliver_action(gpointer userdata) {
        ActionMessage *a = userdata;
        Notifier *n = *a->link;

        if (n)
                n->on_action(n->userdata, a->action);
        return G_SOURCE_REMOVE;
}

static gboolean unref_later(gpointer object) {
        g_object_unref(object);
        return G_SOURCE_REMOVE;
}

static void on_notification_action(NotifyNotification *notification, char *action, gpointer userdata) {
        Notifier *n = userdata;
        ActionMessage *a;

        /* The server closes a notification whose action was chosen, and tells us so only
         * after we may already have reused it for the next step. So it is done with: what
         * the action leads to (a guided break) gets a notification of its own. libnotify
         * still holds this one while it calls us; let go of it afterwards. */
        if (n->notification == notification) {
                n->notification = NULL;
                g_idle_add(unref_later, notification);  /* this thread's context */
        }

        a = calloc(1, sizeof(ActionMessage));
        if (!a || !(a->action = strdup(action))) {
                free(a);
                log_error("Out of memory: the %s action is lost", action);
                return;
        }
        a->link = g_atomic_rc_box_acquire(n->link);
        g_main_context_invoke_full(n->main_context, G_PRIORITY_DEFAULT, deliver_action, a, action_message_free);
}

static void on_closed(NotifyNotification *notification, gpointer userdata) {
        Notifier *n = userdata;

        /* Dismissed by the user or expired: the scheduler repeats an ignored reminder, so
         * only forget the object; the next reminder gets a fresh one. */
        if (n->notification == notification)
                g_clear_object(&n->notification);
}

static void apply(NotifyNotification *notification, const Request *r) {
        notify_notification_update(notification, r->summary, r->body, NOTIFY_ICON);
        notify_notification_set_urgency(notification, r->urgency);
        notify_notification_set_category(notification, NOTIFY_CATEGORY);
        notify_notification_set_timeout(notification, r->timeout);
        notify_notification_set_hint(notification, "sound-name", r->sound ? g_variant_new_string(r->sound) : NULL);
        notify_notification_set_hint(notification, "transient", r->transient ? g_variant_new_boolean(true) : NULL);
}

/* The reminder and the break's steps: shows, updates or closes the one notification. */
static void run_main_request(Notifier *n, const Request *r) {
        GError *error = NULL;

        if (r->type == REQUEST_CLOSE) {
                if (!n->notification)
                        return;
                if (!notify_notification_close(n->notification, &error)) {
                        log_debug("Cannot close the notification: %s", error ? error->message : "unknown error");
                        g_clear_error(&error);
                }
                g_clear_object(&n->notification);
                return;
        }

        if (!n->notification) {
                n->notification = notify_notification_new(r->summary, r->body, NOTIFY_ICON);
                g_signal_connect(n->notification, "closed", G_CALLBACK(on_closed), n);
        }
        apply(n->notification, r);
        notify_notification_clear_actions(n->notification);
        for (const char * const *a = r->actions; a && a[0]; a += 2)
                notify_notification_add_action(n->notification, a[0], a[1], on_notification_action, n, NULL);

        if (!notify_notification_show(n->notification, &error)) {
                log_warning("Cannot show the notification (%s), keeping the reminder for later",
                            error ? error->message : "no notification server");
                g_clear_error(&error);
                /* The server may have gone away; a new one must not get the old id. */
                g_clear_object(&n->notification);
        }
}

static void show_micro(Notifier *n, const Request *r) {
        GError *error = NULL;

        /* Its own notification: a nudge must not replace or close a reminder. */
        if (!n->micro)
                n->micro = notify_notification_new(r->summary, r->body, NOTIFY_ICON);
        apply(n->micro, r);
        if (!notify_notification_show(n->micro, &error)) {
                log_warning("Cannot show the posture nudge (%s), ignoring",
                            error ? error->message : "no notification server");
                g_clear_error(&error);
                g_clear_object(&n->micro);
        }
}

/* Runs the requests waiting, newest only, until none is left. */
static gboolean drain(gpointer userdata) {
        Notifier *n = userdata;

        for (;;) {
                _cleanup_(request_freep) Request *main = NULL, *micro = NULL;
                bool quit;

                g_mutex_lock(&n->lock);
                main = TAKE_PTR(n->pending);
                micro = TAKE_PTR(n->pending_micro);
                quit = n->quit;
                g_mutex_unlock(&n->lock);

                if (!main && !micro) {
                        if (quit)
                                g_main_loop_quit(n->loop);
                        return G_SOURCE_REMOVE;
                }
                if (main)
                        run_main_request(n, main);
                if (micro)
                        show_micro(n, micro);
        }
}

static gpointer notification_thread(gpointer userdata) {
        Notifier *n = userdata;

        g_main_context_push_thread_default(n->context);
        /* notify_init() only records the app name; it does not talk to the server, so it
         * succeeds without one and a server that starts later is found on the first show. */
        if (!notify_init("limber"))
                log_error("Cannot initialise libnotify: no reminder can be shown");
        else {
                g_main_loop_run(n->loop);
                g_clear_object(&n->notification);
                g_clear_object(&n->micro);
                notify_uninit();
        }
        /* Whatever the loop left attached (an unref_later) goes with the context. */
        while (g_main_context_iteration(n->context, FALSE))
                ;
        g_main_context_pop_thread_default(n->context);

        g_mutex_lock(&n->lock);
        n->stopped = true;
        g_cond_signal(&n->stopped_cond);
        g_mutex_unlock(&n->lock);
        return NULL;
}

/* ---- the main thread's side --------------------------------------------------------- */

static void post(Notifier *n, Request **slot, Request *r) {
        g_mutex_lock(&n->lock);
        request_free(*slot);
        *slot = r;
        g_mutex_unlock(&n->lock);
        g_main_context_invoke(n->context, drain, n);
}

int notifier_new(notifier_action_t on_action, void *userdata, Notifier **ret) {
        Notifier *n;
        GError *error = NULL;

        n = calloc(1, sizeof(Notifier));
        if (!n)
                return -ENOMEM;
        n->on_action = on_action;
        n->userdata = userdata;
        n->main_context = g_main_context_ref_thread_default();
        n->link = g_atomic_rc_box_new(Notifier *);
        *n->link = n;
        g_mutex_init(&n->lock);
        g_cond_init(&n->stopped_cond);
        n->context = g_main_context_new();
        n->loop = g_main_loop_new(n->context, FALSE);

        n->thread = g_thread_try_new("notify", notification_thread, n, &error);
        if (!n->thread) {
                log_error("Cannot start the notification thread: %s", error->message);
                g_clear_error(&error);
                notifier_free(n);
                return -EAGAIN;
        }
        *ret = n;
        return 0;
}

Notifier *notifier_free(Notifier *n) {
        bool stopped;

        if (!n)
                return NULL;
        (void) notifier_watch_gnome_dnd(n, NULL, NULL);
        *n->link = NULL;                        /* actions still on their way are dropped */
        g_atomic_rc_box_release(n->link);

        if (n->thread) {
                gint64 deadline = g_get_monotonic_time() + STOP_TIMEOUT;

                /* Close the reminder: it must not outlive limberd. */
                notifier_close(n);
                g_mutex_lock(&n->lock);
                n->quit = true;
                g_mutex_unlock(&n->lock);
                g_main_context_invoke(n->context, drain, n);

                g_mutex_lock(&n->lock);
                while (!n->stopped)
                        if (!g_cond_wait_until(&n->stopped_cond, &n->lock, deadline))
                                break;
                stopped = n->stopped;
                g_mutex_unlock(&n->lock);
                if (!stopped) {
                        /* The server hangs and the thread with it; limberd is about to exit,
                         * and the thread still uses what it was given. */
                        log_warning("The notification server does not answer; not closing the reminder");
                        g_thread_unref(n->thread);
                        return NULL;
                }
                g_thread_join(n->thread);
        }

        request_free(n->pending);
        request_free(n->pending_micro);
        g_main_loop_unref(n->loop);
        g_main_context_unref(n->context);
        g_main_context_unref(n->main_context);
        g_cond_clear(&n->stopped_cond);
        g_mutex_clear(&n->lock);
        free(n->sound);
        free(n);
        return NULL;
}

void notifier_set_sound(Notifier *n, const char *sound) {
        free(n->sound);
        n->sound = isempty(sound) ? NULL : strdup(sound);
}

/* Takes summary and body. */
static int request(Notifier *n, bool micro, char *summary, char *body, NotifyUrgency urgency, int timeout,
                   const char * const *actions) {
        _cleanup_(request_freep) Request *r = NULL;

        r = calloc(1, sizeof(Request));
        if (!r) {
                free(summary);
                free(body);
                return -ENOMEM;
        }
        *r = (Request) {
                .type = REQUEST_SHOW,
                .summary = summary,
                .body = body,
                .urgency = urgency,
                .timeout = timeout,
                .transient = micro,
                .actions = actions,
        };
        if (n->sound && !(r->sound = strdup(n->sound)))
                return -ENOMEM;
        post(n, micro ? &n->pending_micro : &n->pending, TAKE_PTR(r));
        return 0;
}

static char *append_instructions(const Exercise *e, const char *intro) {
        _cleanup_(freep) char *instructions = exercise_instructions(e);
        char *body;

        if (!instructions || asprintf(&body, "%s%s", intro, instructions) < 0)
                return NULL;
        return body;
}

int notifier_show_reminder(Notifier *n, const Exercise *e, NotifierUrgency urgency, usec_t active) {
        static const char * const actions[] = {
                "start", "Start break",
                "snooze", "Snooze",
                "skip", "Skip",
                NULL,
        };
        _cleanup_(freep) char *summary = NULL, *body = NULL, *intro = NULL;
        char d[DURATION_FORMAT_MAX];

        duration_format(d, active);
        if (asprintf(&summary, e ? "Time for a break: %s" : "Time for a break", e ? e->name : "") < 0)
                return -ENOMEM;
        if (asprintf(&intro, "You have worked %s without a break.\n\n", d) < 0)
                return -ENOMEM;
        body = e ? append_instructions(e, intro) : strdup(intro);
        if (!body)
                return -ENOMEM;

        return request(n, false, TAKE_PTR(summary), TAKE_PTR(body),
                       urgency == NOTIFIER_URGENCY_CRITICAL ? NOTIFY_URGENCY_CRITICAL :
                       urgency == NOTIFIER_URGENCY_LOW ? NOTIFY_URGENCY_LOW : NOTIFY_URGENCY_NORMAL,
                       urgency == NOTIFIER_URGENCY_CRITICAL ? NOTIFY_EXPIRES_NEVER : NOTIFY_EXPIRES_DEFAULT,
                       actions);
}

int notifier_show_micro(Notifier *n, const Exercise *e, usec_t duration) {
        _cleanup_(freep) char *summary = NULL, *body = NULL;

        if (!e)
                return 0;
        if (asprintf(&summary, "Quick move: %s", e->name) < 0)
                return -ENOMEM;
        body = exercise_instructions(e);
        if (!body)
                return -ENOMEM;
        return request(n, true, TAKE_PTR(summary), TAKE_PTR(body), NOTIFY_URGENCY_LOW,
                       (int) MIN(duration / USEC_PER_MSEC, (usec_t) 60000), NULL);
}

int notifier_show_step(Notifier *n, const Exercise *e, unsigned step, unsigned n_steps,
                       usec_t step_duration, char * const *safety) {
        static const char * const actions[] = {
                "done", "Done",
                NULL,
        };
        _cleanup_(freep) char *summary = NULL, *body = NULL, *intro = NULL;
        char d[DURATION_FORMAT_MAX];
        size_t len = 0;

        if (asprintf(&summary, "Break %u/%u: %s", step + 1, n_steps, e ? e->name : "move and stretch") < 0)
                return -ENOMEM;

        /* The safety rules once, with the first step, where they are read before moving. */
        if (step == 0 && safety && safety[0]) {
                for (char * const *r = safety; *r; r++)
                        len += strlen(*r) + strlen("• \n");
                intro = malloc(len + 2);
                if (!intro)
                        return -ENOMEM;
                intro[0] = '\0';
                for (char * const *r = safety; *r; r++) {
                        strcat(intro, "• ");
                        strcat(intro, *r);
                        strcat(intro, "\n");
                }
                strcat(intro, "\n");
        } else if (asprintf(&intro, "About %s for this one.\n\n", duration_format(d, step_duration)) < 0)
                return -ENOMEM;

        body = e ? append_instructions(e, intro) : strdup(intro);
        if (!body)
                return -ENOMEM;
        return request(n, false, TAKE_PTR(summary), TAKE_PTR(body), NOTIFY_URGENCY_NORMAL, NOTIFY_EXPIRES_NEVER,
                       actions);
}

void notifier_close(Notifier *n) {
        Request *r = calloc(1, sizeof(Request));

        if (!r) {
                log_error("Out of memory: cannot close the notification");
                return;
        }
        r->type = REQUEST_CLOSE;
        post(n, &n->pending, r);
}

/* ---- GNOME's do-not-disturb --------------------------------------------------------- */

#define GNOME_NOTIFICATIONS_SCHEMA "org.gnome.desktop.notifications"
#define GNOME_SHOW_BANNERS_KEY     "show-banners"

static void report_gnome_dnd(Notifier *n) {
        if (n->on_gnome_dnd && n->gnome_notifications)
                n->on_gnome_dnd(n->gnome_dnd_userdata,
                                !g_settings_get_boolean(n->gnome_notifications, GNOME_SHOW_BANNERS_KEY));
}

static void on_show_banners_changed(GSettings *settings, const char *key, gpointer userdata) {
        report_gnome_dnd(userdata);
}

static gboolean on_gnome_dnd_idle(gpointer userdata) {
        Notifier *n = userdata;

        n->gnome_dnd_idle = 0;
        report_gnome_dnd(n);
        return G_SOURCE_REMOVE;
}

static GSettings *gnome_notifications_settings(void) {
        GSettingsSchemaSource *source = g_settings_schema_source_get_default();
        GSettingsSchema *schema;
        GSettings *settings = NULL;

        /* g_settings_new() aborts on a missing schema, and outside GNOME it is often missing. */
        schema = source ? g_settings_schema_source_lookup(source, GNOME_NOTIFICATIONS_SCHEMA, TRUE) : NULL;
        if (!schema)
                return NULL;
        if (g_settings_schema_has_key(schema, GNOME_SHOW_BANNERS_KEY))
                settings = g_settings_new_full(schema, NULL, NULL);
        g_settings_schema_unref(schema);
        return settings;
}

int notifier_watch_gnome_dnd(Notifier *n, notifier_dnd_t cb, void *userdata) {
        n->on_gnome_dnd = cb;
        n->gnome_dnd_userdata = userdata;

        if (!cb) {
                if (n->gnome_dnd_idle)
                        g_source_remove(n->gnome_dnd_idle);
                n->gnome_dnd_idle = 0;
                if (n->gnome_notifications)
                        g_signal_handlers_disconnect_by_data(n->gnome_notifications, n);
                g_clear_object(&n->gnome_notifications);
                return 0;
        }

        if (!n->gnome_notifications) {
                n->gnome_notifications = gnome_notifications_settings();
                if (!n->gnome_notifications) {
                        log_debug("No GSettings schema %s: GNOME's do-not-disturb is not watched",
                                  GNOME_NOTIFICATIONS_SCHEMA);
                        return 0;
                }
                g_signal_connect(n->gnome_notifications, "changed::" GNOME_SHOW_BANNERS_KEY,
                                 G_CALLBACK(on_show_banners_changed), n);
                /* GSettings only announces changes of keys read since connecting. */
                (void) g_settings_get_boolean(n->gnome_notifications, GNOME_SHOW_BANNERS_KEY);
                log_debug("Watching GNOME's do-not-disturb (%s %s)", GNOME_NOTIFICATIONS_SCHEMA,
                          GNOME_SHOW_BANNERS_KEY);
        }
        if (!n->gnome_dnd_idle)
                n->gnome_dnd_idle = g_idle_add(on_gnome_dnd_idle, n);
        return 1;
}
