/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <gio/gio.h>
#include <libnotify/notify.h>

#include "duration.h"
#include "log.h"
#include "notify.h"

#define NOTIFY_CATEGORY "x-limber.break"

struct Notifier {
        NotifyNotification *notification;
        NotifyNotification *micro;
        notifier_action_t on_action;
        void *userdata;
        char *sound;
        GSettings *gnome_notifications;         /* org.gnome.desktop.notifications, or NULL */
        notifier_dnd_t on_gnome_dnd;
        void *gnome_dnd_userdata;
        guint gnome_dnd_idle;                   /* pending first report */
};

int notifier_new(notifier_action_t on_action, void *userdata, Notifier **ret) {
        Notifier *n;

        /* notify_init() only records the app name; it does not talk to the server, so it
         * succeeds without one and a server that starts later is found on the first show. */
        if (!notify_is_initted() && !notify_init("limber"))
                return -EIO;

        n = calloc(1, sizeof(Notifier));
        if (!n)
                return -ENOMEM;
        n->on_action = on_action;
        n->userdata = userdata;
        *ret = n;
        return 0;
}

Notifier *notifier_free(Notifier *n) {
        if (!n)
                return NULL;
        notifier_close(n);
        g_clear_object(&n->micro);
        (void) notifier_watch_gnome_dnd(n, NULL, NULL);
        free(n->sound);
        free(n);
        if (notify_is_initted())
                notify_uninit();
        return NULL;
}

void notifier_set_sound(Notifier *n, const char *sound) {
        free(n->sound);
        n->sound = isempty(sound) ? NULL : strdup(sound);
}

static gboolean unref_later(gpointer object) {
        g_object_unref(object);
        return G_SOURCE_REMOVE;
}

static void on_action(NotifyNotification *notification, char *action, gpointer userdata) {
        Notifier *n = userdata;

        /* The server closes a notification whose action was chosen, and tells us so only
         * after we may already have reused it for the next step. So it is done with: what
         * the action leads to (a guided break) gets a notification of its own. libnotify
         * still holds this one while it calls us; let go of it afterwards. */
        if (n->notification == notification) {
                n->notification = NULL;
                g_idle_add(unref_later, notification);
        }
        n->on_action(n->userdata, action);
}

static void on_closed(NotifyNotification *notification, gpointer userdata) {
        Notifier *n = userdata;

        /* Dismissed by the user or expired: the scheduler repeats an ignored reminder, so
         * only forget the object; the next reminder gets a fresh one. */
        if (n->notification == notification) {
                g_object_unref(n->notification);
                n->notification = NULL;
        }
}

static NotifyNotification *get_notification(Notifier *n) {
        if (!n->notification) {
                n->notification = notify_notification_new("limber", NULL, "preferences-desktop-accessibility");
                g_signal_connect(n->notification, "closed", G_CALLBACK(on_closed), n);
        }
        return n->notification;
}

static int show(Notifier *n, const char *summary, const char *body, NotifyUrgency urgency,
                int timeout, const char * const *actions) {
        NotifyNotification *notification = get_notification(n);
        GError *error = NULL;

        notify_notification_update(notification, summary, body, "preferences-desktop-accessibility");
        notify_notification_set_urgency(notification, urgency);
        notify_notification_set_category(notification, NOTIFY_CATEGORY);
        notify_notification_set_timeout(notification, timeout);
        notify_notification_set_hint(notification, "sound-name",
                                     n->sound ? g_variant_new_string(n->sound) : NULL);
        notify_notification_clear_actions(notification);
        for (const char * const *a = actions; a && a[0]; a += 2)
                notify_notification_add_action(notification, a[0], a[1], on_action, n, NULL);

        if (!notify_notification_show(notification, &error)) {
                log_warning("Cannot show the notification (%s), keeping the reminder for later",
                            error ? error->message : "no notification server");
                g_clear_error(&error);
                /* The server may have gone away; a new one must not get the old id. */
                g_object_unref(n->notification);
                n->notification = NULL;
                return -EHOSTUNREACH;
        }
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

        return show(n, summary, body,
                    urgency == NOTIFIER_URGENCY_CRITICAL ? NOTIFY_URGENCY_CRITICAL :
                    urgency == NOTIFIER_URGENCY_LOW ? NOTIFY_URGENCY_LOW : NOTIFY_URGENCY_NORMAL,
                    urgency == NOTIFIER_URGENCY_CRITICAL ? NOTIFY_EXPIRES_NEVER : NOTIFY_EXPIRES_DEFAULT,
                    actions);
}

int notifier_show_micro(Notifier *n, const Exercise *e, usec_t duration) {
        _cleanup_(freep) char *summary = NULL, *body = NULL;
        GError *error = NULL;

        if (!e)
                return 0;
        if (asprintf(&summary, "Quick move: %s", e->name) < 0)
                return -ENOMEM;
        body = exercise_instructions(e);
        if (!body)
                return -ENOMEM;

        /* Its own notification: a nudge must not replace or close a reminder. */
        if (!n->micro)
                n->micro = notify_notification_new(summary, body, "preferences-desktop-accessibility");
        else
                notify_notification_update(n->micro, summary, body, "preferences-desktop-accessibility");
        notify_notification_set_urgency(n->micro, NOTIFY_URGENCY_LOW);
        notify_notification_set_category(n->micro, NOTIFY_CATEGORY);
        notify_notification_set_hint(n->micro, "transient", g_variant_new_boolean(true));
        notify_notification_set_hint(n->micro, "sound-name", n->sound ? g_variant_new_string(n->sound) : NULL);
        notify_notification_set_timeout(n->micro, (int) MIN(duration / USEC_PER_MSEC, (usec_t) 60000));
        if (!notify_notification_show(n->micro, &error)) {
                log_warning("Cannot show the posture nudge (%s), ignoring",
                            error ? error->message : "no notification server");
                g_clear_error(&error);
                g_clear_object(&n->micro);
                return -EHOSTUNREACH;
        }
        return 0;
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
        return show(n, summary, body, NOTIFY_URGENCY_NORMAL, NOTIFY_EXPIRES_NEVER, actions);
}

void notifier_close(Notifier *n) {
        GError *error = NULL;

        if (!n->notification)
                return;
        if (!notify_notification_close(n->notification, &error)) {
                log_debug("Cannot close the notification: %s", error ? error->message : "unknown error");
                g_clear_error(&error);
        }
        g_object_unref(n->notification);
        n->notification = NULL;
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
