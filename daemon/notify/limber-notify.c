/* SPDX-License-Identifier: GPL-3.0-or-later */
/* limber-notify: limberd's notification helper, the one program of limber that uses GLib (through
 * libnotify and GSettings). limberd starts it, with a SOCK_SEQPACKET socket as its standard
 * input, when there is a notification to show, and ends it (by closing the socket) once nothing
 * is on screen any more: the libraries are loaded while a reminder is up, not all day. On GNOME
 * and MATE it also watches do-not-disturb (GSettings), and then stays. The messages are in notify-protocol.h.
 *
 * libnotify's calls are synchronous (up to 25 s on a hung server); they block only this
 * process, and limberd keeps the newest request until this one answers "done". */
#include <errno.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <libnotify/notify.h>
#include <sys/socket.h>

#include "limber-config.h"
#include "notify/notify-protocol.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/string-table.h"

#define NOTIFY_CATEGORY "x-limber.break"
/* The shipped .desktop file (without ".desktop"): servers attribute, group and keep the
 * notifications of the application it names (Plasma's history, GNOME's settings). */
#define NOTIFY_DESKTOP_ENTRY LIMBER_DESKTOP_ID
#define NOTIFY_ICON "io.github.limber.Limber"

/* Where each desktop keeps do-not-disturb: GNOME as "show banners" (false = do not disturb),
 * MATE as do-not-disturb itself. */
typedef struct DndKey {
        const char *desktop;
        const char *schema;
        const char *key;
        bool means_dnd;                 /* the value that means do-not-disturb */
} DndKey;

static const DndKey dnd_keys[] = {
        { "gnome", "org.gnome.desktop.notifications", "show-banners", false },
        { "mate", "org.mate.NotificationDaemon", "do-not-disturb", true },
};

/* A notification shown with the server's default timeout is gone after at most this long on a
 * server that expires popups without NotificationClosed (notification-daemon: 7 s). */
#define SILENT_DEFAULT_EXPIRY_MS 10000
/* How much later than its expire timeout a notification is taken for gone. */
#define EXPIRY_MARGIN_MS 1000

typedef struct Helper {
        int fd;                         /* the socket to limberd */
        GMainLoop *loop;
        NotifyNotification *reminder;   /* the reminder or the guided break's step */
        NotifyNotification *nudge;      /* the posture nudge */
        int server_is_gnome;            /* -1 not asked yet */
        int body_markup;                /* the server parses markup in bodies; -1 not asked yet */
        guint reminder_expiry;          /* when it must be gone by itself, or 0 */
        guint nudge_expiry;
        int silent_server;              /* expires without NotificationClosed: 1, 0, -1 unknown */
        int shows_buttons;              /* draws action buttons: 1, 0, -1 not asked yet */
        GSettings *dnd_settings;        /* when watching the desktop's do-not-disturb */
        const DndKey *dnd;
} Helper;

static unsigned n_open(const Helper *h) {
        return (h->reminder ? 1 : 0) + (h->nudge ? 1 : 0);
}

static void send_message(Helper *h, const char *type, const char *argument);
static void send_open(Helper *h, const char *type);

static guint *expiry_of(Helper *h, NotifyNotification **slot) {
        return slot == &h->nudge ? &h->nudge_expiry : &h->reminder_expiry;
}

static void expiry_cancel(Helper *h, NotifyNotification **slot) {
        guint *id = expiry_of(h, slot);

        if (*id)
                g_source_remove(*id);
        *id = 0;
}

/* Nothing tells us, but it cannot be on screen any more: forget it, so that limberd lets this
 * helper go once nothing else is. */
static gboolean expired(Helper *h, NotifyNotification **slot) {
        *expiry_of(h, slot) = 0;
        log_debug("The %s expired without NotificationClosed",
                  slot == &h->nudge ? "posture nudge" : "reminder");
        g_clear_object(slot);
        send_open(h, NOTIFY_MSG_CLOSED);
        return G_SOURCE_REMOVE;
}

static gboolean on_reminder_expired(gpointer userdata) {
        return expired(userdata, &((Helper *) userdata)->reminder);
}

static gboolean on_nudge_expired(gpointer userdata) {
        return expired(userdata, &((Helper *) userdata)->nudge);
}

/* notification-daemon 3.20 expires its popups without NotificationClosed. */
static bool server_is_silent(Helper *h) {
        char *name = NULL;

        if (h->silent_server < 0 && notify_get_server_info(&name, NULL, NULL, NULL)) {
                h->silent_server = streq(name, "Notification Daemon");
                g_free(name);
        }
        return h->silent_server > 0;
}

/* After a show with timeout: when the notification can no longer be on screen, it is taken
 * for gone even if the server never says so. Timeout 0 (until closed) and the default on a
 * server that reports its expiries wait for NotificationClosed. */
static void expiry_arm(Helper *h, NotifyNotification **slot, int timeout) {
        int ms = timeout > 0 ? timeout : timeout < 0 && server_is_silent(h) ? SILENT_DEFAULT_EXPIRY_MS : 0;
        GSourceFunc expired_cb = slot == &h->nudge ? on_nudge_expired : on_reminder_expired;

        expiry_cancel(h, slot);
        if (ms > 0)
                *expiry_of(h, slot) = g_timeout_add((guint) ms + EXPIRY_MARGIN_MS, expired_cb, h);
}

static void send_message(Helper *h, const char *type, const char *argument) {
        char *fields[] = { (char *) type, (char *) argument, NULL };
        _cleanup_(freep) char *data = NULL;
        size_t size;

        if (notify_message_build(fields, &data, &size) < 0) {
                log_error("Cannot build the %s message", type);
                return;
        }
        if (send(h->fd, data, size, MSG_NOSIGNAL) < 0) {
                /* limberd is gone: nothing is left to do for it. */
                log_debug("Cannot send %s to limberd (%m), stopping", type);
                g_main_loop_quit(h->loop);
        }
}

static void send_open(Helper *h, const char *type) {
        char open[16];

        snprintf(open, sizeof(open), "%u", n_open(h));
        send_message(h, type, open);
}

static gboolean unref_later(gpointer object) {
        g_object_unref(object);
        return G_SOURCE_REMOVE;
}

/* Closes notification on the server; a failure is only logged (it may be gone already). */
static void close_on_server(NotifyNotification *notification, const char *what) {
        GError *error = NULL;

        if (!notify_notification_close(notification, &error)) {
                log_debug("Cannot close the %s: %s", what, error ? error->message : "unknown error");
                g_clear_error(&error);
        }
}

static void on_action(NotifyNotification *notification, char *action, gpointer userdata) {
        Helper *h = userdata;
        bool was_open = h->reminder == notification;

        /* GNOME Shell closes a notification whose action was chosen, dunst and mako do not
         * (dunstctl action, makoctl invoke): it is handled, so close it ourselves, or it stays
         * on screen with buttons that no longer apply. What the action leads to (a guided
         * break) gets a notification of its own. libnotify still holds this one while it
         * calls us; let go of it afterwards. */
        if (was_open) {
                expiry_cancel(h, &h->reminder);
                h->reminder = NULL;
                close_on_server(notification, "notification whose action was chosen");
                g_idle_add(unref_later, notification);
        }
        send_message(h, NOTIFY_MSG_ACTION, action);
        if (was_open)
                send_open(h, NOTIFY_MSG_CLOSED);
}

static void on_closed(NotifyNotification *notification, gpointer userdata) {
        Helper *h = userdata;

        /* Dismissed by the user or expired: limberd repeats an ignored reminder, so only
         * forget the object; the next reminder gets a fresh one. */
        if (h->reminder == notification) {
                expiry_cancel(h, &h->reminder);
                g_clear_object(&h->reminder);
        } else if (h->nudge == notification) {
                expiry_cancel(h, &h->nudge);
                g_clear_object(&h->nudge);
        } else
                return;
        send_open(h, NOTIFY_MSG_CLOSED);
}

static const char * const urgency_table[] = {
        [NOTIFY_URGENCY_LOW]      = NOTIFY_URGENCY_WORD_LOW,
        [NOTIFY_URGENCY_NORMAL]   = NOTIFY_URGENCY_WORD_NORMAL,
        [NOTIFY_URGENCY_CRITICAL] = NOTIFY_URGENCY_WORD_CRITICAL,
};

DEFINE_PRIVATE_STRING_TABLE_LOOKUP(urgency, NotifyUrgency)

static int parse_urgency(const char *s, NotifyUrgency *ret) {
        int u = urgency_from_string(s);

        if (u < 0)
                return u;
        *ret = (NotifyUrgency) u;
        return 0;
}

static int parse_timeout(const char *s, int *ret) {
        char *end;
        long v;

        errno = 0;
        v = strtol(s, &end, 10);
        if (errno != 0 || end == s || *end || v < -1 || v > 24 * 60 * 60 * 1000)
                return -EINVAL;
        *ret = (int) v;
        return 0;
}

/* GNOME Shell 43 drops the buttons of a banner on screen that is updated (it clears it
 * before adding the new actions): there, a changed reminder or step is a new notification
 * that replaces the old one by close and show. Elsewhere it is updated in place. */
static bool server_is_gnome(Helper *h) {
        char *name = NULL;

        if (h->server_is_gnome < 0) {
                if (!notify_get_server_info(&name, NULL, NULL, NULL))
                        return false;   /* no server yet: ask again next time */
                h->server_is_gnome = streq(name, "gnome-shell");
                log_debug("Notification server: %s", name);
                g_free(name);
        }
        return h->server_is_gnome > 0;
}

/* Whether the server reads bodies as markup (the "body-markup" capability; GNOME Shell,
 * Plasma, dunst, mako, xfce4-notifyd do). Then a body is escaped: limber's texts hold no
 * markup, but names, steps and cautions from a drop-in and configuration errors quoting a file
 * may hold anything ("<a href=…>", "&", an unbalanced "<"). A server without it shows text as
 * it is, so escaping there would show the entities. */
static bool server_body_markup(Helper *h) {
        GList *caps;

        if (h->body_markup < 0) {
                caps = notify_get_server_caps();
                if (!caps)
                        return true;    /* no answer: escaping is the safe side */
                h->body_markup = g_list_find_custom(caps, "body-markup", (GCompareFunc) strcmp) != NULL;
                g_list_free_full(caps, g_free);
        }
        return h->body_markup > 0;
}

/* &, < and > as entities: what a body needs to be read as text by every markup parser
 * (Pango, Qt's rich text). Quotes stay: they only matter inside a tag. */
static char *markup_escape(const char *s) {
        GString *out = g_string_sized_new(strlen(s) + 16);

        for (; *s; s++)
                switch (*s) {
                case '&':
                        g_string_append(out, "&amp;");
                        break;
                case '<':
                        g_string_append(out, "&lt;");
                        break;
                case '>':
                        g_string_append(out, "&gt;");
                        break;
                default:
                        g_string_append_c(out, *s);
                }
        return g_string_free(out, false);
}

/* Whether the server draws action buttons. Without the "actions" capability it cannot; dunst
 * and mako announce it but draw none (a click closes, or runs the default action; the others
 * need a context menu or a key binding of the user's). */
static bool server_shows_buttons(Helper *h) {
        static const char * const buttonless[] = { "dunst", "mako" };
        char *name = NULL;
        GList *caps;

        if (h->shows_buttons >= 0)
                return h->shows_buttons > 0;
        if (!notify_get_server_info(&name, NULL, NULL, NULL))
                return true;    /* no server yet: ask again next time */
        caps = notify_get_server_caps();
        h->shows_buttons = g_list_find_custom(caps, "actions", (GCompareFunc) strcmp) != NULL;
        for (size_t i = 0; i < ELEMENTSOF(buttonless); i++)
                if (streq(name, buttonless[i]))
                        h->shows_buttons = false;
        g_list_free_full(caps, g_free);
        g_free(name);
        return h->shows_buttons > 0;
}

/* On a server that draws no buttons, the body opens with how to act instead: the limberctl
 * commands for the notification's actions (the reminder's, or a guided break step's). First,
 * because mako's default box shows about five lines; commands, so the same in every language.
 * Returns a new body, or NULL when it needs no such line. */
static char *body_with_commands(Helper *h, const char *body, const char **f, size_t n) {
        bool start = false, done = false;
        const char *line;

        for (size_t i = 8; i + 1 < n; i += 2) {
                start = start || streq(f[i], "start");
                done = done || streq(f[i], "done");
        }
        if (start)
                line = "limberctl break · snooze · skip";
        else if (done)
                line = "limberctl done";
        else
                return NULL;
        if (server_shows_buttons(h))
                return NULL;
        return g_strdup_printf("%s\n%s", line, body);
}

/* fields: show SLOT URGENCY TIMEOUT TRANSIENT SOUND SUMMARY BODY [KEY LABEL]... */
static void show(Helper *h, const char **f, size_t n) {
        g_autofree char *text = NULL, *body = NULL;
        NotifyNotification **slot;
        NotifyUrgency urgency;
        GError *error = NULL;
        int timeout;

        if (n < 8 || (n - 8) % 2 != 0 || !(streq(f[1], NOTIFY_SLOT_REMINDER) || streq(f[1], NOTIFY_SLOT_NUDGE)) ||
            parse_urgency(f[2], &urgency) < 0 || parse_timeout(f[3], &timeout) < 0 ||
            !(streq(f[4], "0") || streq(f[4], "1"))) {
                log_error("Malformed show request from limberd (%zu fields), ignoring", n);
                return;
        }
        slot = streq(f[1], NOTIFY_SLOT_NUDGE) ? &h->nudge : &h->reminder;
        text = body_with_commands(h, f[7], f, n);

        if (*slot && slot == &h->reminder && server_is_gnome(h)) {
                close_on_server(*slot, "previous reminder");
                g_clear_object(slot);
        }
        body = server_body_markup(h) ? markup_escape(text ?: f[7]) : g_strdup(text ?: f[7]);
        if (!*slot) {
                *slot = notify_notification_new(f[6], body, NOTIFY_ICON);
                g_signal_connect(*slot, "closed", G_CALLBACK(on_closed), h);
        }
        notify_notification_update(*slot, f[6], body, NOTIFY_ICON);
        notify_notification_set_urgency(*slot, urgency);
        notify_notification_set_category(*slot, NOTIFY_CATEGORY);
        notify_notification_set_timeout(*slot, timeout);
        notify_notification_set_hint(*slot, "desktop-entry", g_variant_new_string(NOTIFY_DESKTOP_ENTRY));
        notify_notification_set_hint(*slot, "sound-name", isempty(f[5]) ? NULL : g_variant_new_string(f[5]));
        notify_notification_set_hint(*slot, "transient", streq(f[4], "1") ? g_variant_new_boolean(true) : NULL);
        notify_notification_clear_actions(*slot);
        const char *image = NULL;
        for (size_t i = 8; i + 1 < n; i += 2)
                if (streq(f[i], NOTIFY_IMAGE_KEY))
                        image = f[i + 1];
                else
                        notify_notification_add_action(*slot, f[i], f[i + 1], on_action, h, NULL);
        /* The exercise's figure beside the text, as a file: URI (the specification's form). */
        g_autofree char *image_uri = image && image[0] == '/' ? g_filename_to_uri(image, NULL, NULL) : NULL;
        notify_notification_set_hint(*slot, "image-path", image_uri ? g_variant_new_string(image_uri) : NULL);

        if (!notify_notification_show(*slot, &error)) {
                log_warning("Cannot show the %s (%s)", slot == &h->nudge ? "notice" : "reminder",
                            error ? error->message : "no notification server");
                send_message(h, NOTIFY_MSG_FAILED, error ? error->message : "no notification server");
                g_clear_error(&error);
                /* The server may have gone away; a new one must not get the old id. */
                expiry_cancel(h, slot);
                g_clear_object(slot);
                h->server_is_gnome = h->body_markup = h->shows_buttons = -1;
        } else {
                expiry_arm(h, slot, timeout);
                send_message(h, NOTIFY_MSG_SHOWN, NULL);
        }
}

static void close_reminder(Helper *h) {
        if (!h->reminder)
                return;
        expiry_cancel(h, &h->reminder);
        close_on_server(h->reminder, "reminder");
        g_clear_object(&h->reminder);
}

/* The notice beside the reminder (the problems', when limberd asks): closed on the server. */
static void close_nudge(Helper *h) {
        if (!h->nudge)
                return;
        expiry_cancel(h, &h->nudge);
        close_on_server(h->nudge, "notice");
        g_clear_object(&h->nudge);
}

static void report_dnd(Helper *h) {
        bool value = g_settings_get_boolean(h->dnd_settings, h->dnd->key);

        send_message(h, NOTIFY_MSG_DND, value == h->dnd->means_dnd ? "1" : "0");
}

static void on_dnd_changed(GSettings *settings, const char *key, gpointer userdata) {
        report_dnd(userdata);
}

static void watch_dnd(Helper *h, const char *desktop) {
        GSettingsSchemaSource *source = g_settings_schema_source_get_default();
        GSettingsSchema *schema;
        _cleanup_(freep) char *signal = NULL;

        if (h->dnd_settings) {
                report_dnd(h);
                return;
        }
        for (size_t i = 0; i < ELEMENTSOF(dnd_keys); i++)
                if (streq(dnd_keys[i].desktop, desktop ?: "gnome"))
                        h->dnd = &dnd_keys[i];
        if (!h->dnd) {
                log_error("Unknown desktop \"%s\" to watch do-not-disturb for, ignoring", desktop);
                send_message(h, NOTIFY_MSG_DND_ABSENT, NULL);
                return;
        }

        /* g_settings_new() aborts on a missing schema. */
        schema = source ? g_settings_schema_source_lookup(source, h->dnd->schema, TRUE) : NULL;
        if (schema && g_settings_schema_has_key(schema, h->dnd->key))
                h->dnd_settings = g_settings_new_full(schema, NULL, NULL);
        if (schema)
                g_settings_schema_unref(schema);
        if (!h->dnd_settings || asprintf(&signal, "changed::%s", h->dnd->key) < 0) {
                g_clear_object(&h->dnd_settings);
                send_message(h, NOTIFY_MSG_DND_ABSENT, NULL);
                return;
        }

        g_signal_connect(h->dnd_settings, signal, G_CALLBACK(on_dnd_changed), h);
        /* Reading the key also makes GSettings announce its changes. */
        report_dnd(h);
}

static void handle(Helper *h, const char *data, size_t size) {
        const char *f[NOTIFY_FIELDS_MAX];
        int n;

        n = notify_message_split(data, size, f, ELEMENTSOF(f));
        if (n < 0)
                log_error("Malformed message from limberd (%zu bytes), ignoring", size);
        else if (streq(f[0], NOTIFY_MSG_SHOW))
                show(h, f, (size_t) n);
        else if (streq(f[0], NOTIFY_MSG_CLOSE) && n > 1 && streq(f[1], NOTIFY_SLOT_NUDGE))
                close_nudge(h);
        else if (streq(f[0], NOTIFY_MSG_CLOSE))
                close_reminder(h);
        else if (streq(f[0], NOTIFY_MSG_WATCH_DND))
                watch_dnd(h, n > 1 ? f[1] : NULL);
        else
                log_error("Unknown request \"%s\" from limberd, ignoring", f[0]);
        /* Every request gets its answer, or limberd would wait for it for ever. */
        send_open(h, NOTIFY_MSG_DONE);
}

static gboolean on_input(gint fd, GIOCondition condition, gpointer userdata) {
        static char buffer[NOTIFY_MESSAGE_MAX];
        Helper *h = userdata;
        ssize_t n;

        n = recv(fd, buffer, sizeof(buffer), MSG_DONTWAIT | MSG_TRUNC);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
                return G_SOURCE_CONTINUE;
        if (n <= 0) {
                if (n < 0)
                        log_error("Cannot read from limberd: %m");
                /* limberd closed its end: it is done with us, or gone. */
                g_main_loop_quit(h->loop);
                return G_SOURCE_REMOVE;
        }
        if ((size_t) n > sizeof(buffer)) {
                log_error("Message from limberd too long (%zd bytes), ignoring", n);
                send_open(h, NOTIFY_MSG_DONE);
        } else
                handle(h, buffer, (size_t) n);
        return G_SOURCE_CONTINUE;
}

static gboolean on_signal(gpointer userdata) {
        Helper *h = userdata;

        g_main_loop_quit(h->loop);
        return G_SOURCE_REMOVE;
}

int main(int argc, char *argv[]) {
        Helper h = { .fd = STDIN_FILENO, .server_is_gnome = -1, .body_markup = -1, .silent_server = -1,
                     .shows_buttons = -1 };
        int type = 0;
        socklen_t len = sizeof(type);

        i18n_init(true);
        if (argc > 1) {
                fprintf(stderr, _("limber-notify %s: limberd's notification helper; limberd starts it.\n"),
                        LIMBER_VERSION);
                return streq(argv[1], "--help") || streq(argv[1], "--version") ? 0 : 2;
        }
        if (getenv("LIMBER_NOTIFY_DEBUG"))
                log_set_max_level(LOG_DEBUG);
        if (getsockopt(h.fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0 || type != SOCK_SEQPACKET) {
                log_error("limber-notify is started by limberd, with a socket as standard input");
                return 2;
        }

        /* notify_init() only records the app name: it succeeds without a server, and a server
         * that starts later is found on the first show. */
        if (!notify_init("limber")) {
                log_error("Cannot initialise libnotify");
                return 1;
        }
        h.loop = g_main_loop_new(NULL, FALSE);
        g_unix_fd_add(h.fd, G_IO_IN | G_IO_HUP | G_IO_ERR, on_input, &h);
        g_unix_signal_add(SIGTERM, on_signal, &h);
        g_unix_signal_add(SIGINT, on_signal, &h);
        g_main_loop_run(h.loop);

        /* limberd stopped (or its session ends): the reminder must not outlive it. The nudge is
         * transient and goes by itself. */
        close_reminder(&h);
        g_clear_object(&h.nudge);
        if (h.dnd_settings)
                g_signal_handlers_disconnect_by_data(h.dnd_settings, &h);
        g_clear_object(&h.dnd_settings);
        notify_uninit();
        g_main_loop_unref(h.loop);
        return 0;
}
