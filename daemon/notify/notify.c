/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>

#include "notify/notify-protocol.h"
#include "notify/notify.h"
#include "notify/notify-texts.h"
#include "util/duration.h"
#include "util/helper-path.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/string-table.h"

#define HELPER_NAME "limber-notify"

/* How long limberd waits, when it stops, for the helper to close the reminder. */
#define STOP_TIMEOUT_MSEC 2000

/* A helper that dies sooner than this after its start is not started again by itself. */
#define HELPER_YOUNG_USEC (10 * USEC_PER_SEC)

/* The helper's timeouts, in ms (notify-protocol.h). */
#define EXPIRES_DEFAULT (-1)
#define EXPIRES_NEVER 0
/* The "break over" notice: long enough to read two short lines. */
#define BREAK_OVER_EXPIRES 8000

/* One helper process: the running one, or one told to stop that has not exited yet. */
typedef struct Helper Helper;
struct Helper {
        Notifier *notifier;
        pid_t pid;
        int fd;                         /* our end of the socket; -1 once told to stop */
        sd_event_source *io;
        sd_event_source *child;
        usec_t started;                 /* CLOCK_MONOTONIC */
        Helper *next;                   /* in Notifier.retired */
};

typedef struct Message {
        char *data;
        size_t size;
} Message;

struct Notifier {
        sd_event *event;
        notifier_action_t on_action;
        void *userdata;
        char *sound;
        char *path;                     /* the helper's */

        Helper *helper;                 /* running, or NULL */
        Helper *retired;                /* told to stop, not yet exited */
        bool in_flight;                 /* a request is sent and its "done" not yet back */
        bool shown;                     /* something on screen, as the helper last said */
        /* Waiting for the helper, newest only: a helper stuck on a hung server gets the
         * newest reminder once it answers, not a backlog. */
        Message *pending;               /* the reminder, the break's steps, close */
        Message *pending_nudge;
        bool pending_close;             /* pending is a close: needs no helper */
        bool send_watch_dnd;            /* the running helper has not been asked yet */
        bool notice_is_problems;        /* the last notice asked for is the problems' */

        notifier_dnd_t on_gnome_dnd;    /* GNOME's or MATE's do-not-disturb, in GSettings */
        void *gnome_dnd_userdata;

        /* Why notifications cannot be shown now (NULL: they can, as far as we know). */
        char *problem;
        notifier_problem_t on_problem;
        void *problem_userdata;
        const char *dnd_desktop;        /* "gnome" or "mate": whose key the helper watches */
};

static Message *message_free(Message *m) {
        if (m) {
                free(m->data);
                free(m);
        }
        return NULL;
}

static void message_freep(Message **m) {
        message_free(*m);
}

static int message_new(char * const *fields, Message **ret) {
        _cleanup_(message_freep) Message *m = calloc(1, sizeof(Message));
        int r;

        if (!m)
                return -ENOMEM;
        r = notify_message_build(fields, &m->data, &m->size);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(m);
        return 0;
}

/* ---- what stops notifications -------------------------------------------------------- */

/* Sets (text) or clears (NULL) the reason notifications cannot be shown, and tells the owner
 * when that changed. */
static void set_problem(Notifier *n, const char *text) {
        if (streq_ptr(n->problem, text))
                return;
        free(n->problem);
        n->problem = text ? strdup(text) : NULL;
        if (text && !n->problem)
                log_oom();
        if (n->on_problem)
                n->on_problem(n->problem_userdata);
}

const char *notifier_problem(const Notifier *n) {
        return n->problem;
}

void notifier_set_problem_callback(Notifier *n, notifier_problem_t cb, void *userdata) {
        n->on_problem = cb;
        n->problem_userdata = userdata;
}

/* ---- the helper process ------------------------------------------------------------- */

static usec_t monotonic_now(Notifier *n) {
        uint64_t t = 0;

        (void) sd_event_now(n->event, CLOCK_MONOTONIC, &t);
        return t;
}

static void kick(Notifier *n);
static void gnome_dnd_lost(Notifier *n);
static void helper_lost(Notifier *n);

static Helper *helper_free(Helper *h) {
        if (!h)
                return NULL;
        sd_event_source_disable_unref(h->io);
        sd_event_source_disable_unref(h->child);
        if (h->fd >= 0)
                (void) close(h->fd);
        free(h);
        return NULL;
}

/* Closes our end: the helper closes what it shows and exits; its exit is reaped later. */
static void helper_retire(Notifier *n) {
        Helper *h = TAKE_PTR(n->helper);

        if (!h)
                return;
        h->io = sd_event_source_disable_unref(h->io);
        (void) close(TAKE_FD(h->fd));
        h->next = n->retired;
        n->retired = h;
        n->in_flight = false;
        n->shown = false;
}

/* Once nothing is on screen, waiting or watched, the helper (and GLib with it) goes. */
static void maybe_retire(Notifier *n) {
        if (n->helper && !n->in_flight && !n->pending && !n->pending_nudge && !n->shown && !n->on_gnome_dnd) {
                log_debug("Nothing on screen: ending the notification helper (pid %d)", (int) n->helper->pid);
                helper_retire(n);
        }
}

/* GNOME's do-not-disturb came from the helper: without one, it is no longer known. */
static void gnome_dnd_lost(Notifier *n) {
        notifier_dnd_t cb = TAKE_PTR(n->on_gnome_dnd);

        if (cb) {
                log_warning("The desktop's do-not-disturb (GSettings) is no longer watched");
                cb(n->gnome_dnd_userdata, false);
        }
}

/* The running helper went away unasked (crashed, killed, hung up): what it showed is gone
 * with it, and the next notification starts a new one. A helper that dies young is not
 * started again just to watch GNOME's do-not-disturb: that could loop. */
static void helper_lost(Notifier *n) {
        Helper *h = n->helper;

        if (!h)
                return;
        log_warning("The notification helper (pid %d) is gone; the next notification starts it again", (int) h->pid);
        helper_retire(n);
        if (monotonic_now(n) - h->started < HELPER_YOUNG_USEC)
                gnome_dnd_lost(n);
}

static int on_helper_exit(sd_event_source *s, const siginfo_t *si, void *userdata) {
        Helper *h = userdata;
        Notifier *n = h->notifier;

        if (si->si_code == CLD_EXITED && si->si_status == 127)
                log_warning("The notification helper (pid %d) exited with status 127: %s could not be run",
                            (int) si->si_pid, n->path);
        else if (si->si_code != CLD_EXITED || si->si_status != 0)
                log_warning("The notification helper (pid %d) %s %d", (int) si->si_pid,
                            si->si_code == CLD_EXITED ? "exited with status" : "was killed by signal",
                            si->si_status);
        if (n->helper == h) {
                helper_lost(n);
                kick(n);
        }
        for (Helper **p = &n->retired; *p; p = &(*p)->next)
                if (*p == h) {
                        *p = h->next;
                        break;
                }
        helper_free(h);
        return 0;
}

static void on_message(Notifier *n, const char *data, size_t size) {
        const char *f[4];
        int k;

        k = notify_message_split(data, size, f, ELEMENTSOF(f));
        if (k < 0) {
                log_warning("Malformed message from the notification helper (%zu bytes), ignoring", size);
                return;
        }
        if ((streq(f[0], NOTIFY_MSG_DONE) || streq(f[0], NOTIFY_MSG_CLOSED)) && k == 2) {
                if (streq(f[0], NOTIFY_MSG_DONE))
                        n->in_flight = false;
                n->shown = !streq(f[1], "0");
        } else if (streq(f[0], NOTIFY_MSG_ACTION) && k == 2)
                n->on_action(n->userdata, f[1]);
        else if (streq(f[0], NOTIFY_MSG_SHOWN) && k == 1)
                set_problem(n, NULL);
        else if (streq(f[0], NOTIFY_MSG_FAILED) && k == 2)
                set_problem(n, _(NOTIFIER_PROBLEM_NO_SERVER));
        else if (streq(f[0], NOTIFY_MSG_DND) && k == 2) {
                if (n->on_gnome_dnd)
                        n->on_gnome_dnd(n->gnome_dnd_userdata, streq(f[1], "1"));
        } else if (streq(f[0], NOTIFY_MSG_DND_ABSENT) && k == 1) {
                log_info("%s session without the GSettings schema %s: its do-not-disturb is not watched",
                         streq_ptr(n->dnd_desktop, "mate") ? "MATE" : "GNOME",
                         streq_ptr(n->dnd_desktop, "mate") ? "org.mate.NotificationDaemon" :
                         "org.gnome.desktop.notifications");
                n->on_gnome_dnd = NULL;
        } else
                log_warning("Unknown message \"%s\" from the notification helper, ignoring", f[0]);
}

static int on_helper_input(sd_event_source *s, int fd, uint32_t revents, void *userdata) {
        static char buffer[NOTIFY_MESSAGE_MAX];
        Helper *h = userdata;
        Notifier *n = h->notifier;

        /* One message at a time: what a message leads to (an action starting a guided break)
         * may send requests, or end this helper. */
        while (n->helper == h) {
                ssize_t k = recv(fd, buffer, sizeof(buffer), MSG_DONTWAIT | MSG_TRUNC);

                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0 && errno == EAGAIN)
                        break;
                if (k <= 0) {
                        if (k < 0)
                                log_warning_errno(errno, "Cannot read from the notification helper: %m");
                        helper_lost(n);
                        break;
                }
                if ((size_t) k > sizeof(buffer))
                        log_warning("Message from the notification helper too long (%zd bytes), ignoring", k);
                else
                        on_message(n, buffer, (size_t) k);
        }
        kick(n);
        return 0;
}

static int helper_start(Notifier *n) {
        _cleanup_(freep) Helper *h = NULL;
        _cleanup_(closep) int child_fd = -1;
        char *argv[] = { (char *) HELPER_NAME, NULL };
        int fds[2], r;

        /* posix_spawn() reports a failed exec only where it can (not under valgrind, say):
         * elsewhere the child exits with 127. Ask first, for a clear message. */
        if (access(n->path, X_OK) < 0)
                return log_error_errno(errno, "Cannot start the notification helper %s: %m", n->path);

        h = calloc(1, sizeof(Helper));
        if (!h)
                return -ENOMEM;
        h->notifier = n;
        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0)
                return log_error_errno(errno, "Cannot create a socket for the notification helper: %m");
        h->fd = fds[0];
        child_fd = fds[1];

        r = helper_spawn(n->path, argv, child_fd, &h->pid);
        if (r != 0) {
                (void) close(h->fd);
                return log_error_errno(r, "Cannot start the notification helper %s: %m", n->path);
        }

        r = sd_event_add_io(n->event, &h->io, h->fd, EPOLLIN, on_helper_input, h);
        if (r >= 0)
                r = sd_event_add_child(n->event, &h->child, h->pid, WEXITED, on_helper_exit, h);
        if (r < 0) {
                log_error_errno(r, "Cannot watch the notification helper: %m");
                (void) kill(h->pid, SIGTERM);
                (void) waitpid(h->pid, NULL, 0);
                helper_free(TAKE_PTR(h));
                return r;
        }
        h->started = monotonic_now(n);
        log_debug("Started the notification helper %s (pid %d)", n->path, (int) h->pid);
        n->helper = TAKE_PTR(h);
        n->in_flight = false;
        n->shown = false;
        n->send_watch_dnd = n->on_gnome_dnd != NULL;
        return 0;
}

/* Sends the next request, starting the helper when there is something to show or watch. */
static void kick(Notifier *n) {
        while (!n->in_flight) {
                _cleanup_(message_freep) Message *m = NULL;

                if (!n->helper) {
                        /* A close needs no helper: nothing is shown. */
                        if (n->pending_close) {
                                n->pending = message_free(n->pending);
                                n->pending_close = false;
                        }
                        if (!n->pending && !n->pending_nudge && !n->on_gnome_dnd)
                                break;
                        if (helper_start(n) < 0) {
                                log_warning("Cannot show notifications now; the scheduler repeats the reminder");
                                set_problem(n, _(NOTIFIER_PROBLEM_NO_HELPER));
                                n->pending = message_free(n->pending);
                                n->pending_nudge = message_free(n->pending_nudge);
                                gnome_dnd_lost(n);
                                break;
                        }
                }

                if (n->send_watch_dnd) {
                        char * const fields[] = { (char *) NOTIFY_MSG_WATCH_DND, (char *) n->dnd_desktop, NULL };

                        n->send_watch_dnd = false;
                        if (message_new(fields, &m) < 0) {
                                log_oom();
                                continue;
                        }
                } else if (n->pending) {
                        m = TAKE_PTR(n->pending);
                        n->pending_close = false;
                } else if (n->pending_nudge)
                        m = TAKE_PTR(n->pending_nudge);
                else
                        break;

                if (send(n->helper->fd, m->data, m->size, MSG_DONTWAIT | MSG_NOSIGNAL) < 0) {
                        log_warning_errno(errno, "Cannot talk to the notification helper: %m");
                        helper_lost(n);
                        break;
                }
                n->in_flight = true;
        }
        maybe_retire(n);
}

/* ---- the module's interface --------------------------------------------------------- */

int notifier_new(sd_event *event, notifier_action_t on_action, void *userdata, Notifier **ret) {
        Notifier *n;

        n = calloc(1, sizeof(Notifier));
        if (!n)
                return -ENOMEM;
        n->event = sd_event_ref(event);
        n->on_action = on_action;
        n->userdata = userdata;
        if (helper_find("LIMBER_NOTIFY_HELPER", HELPER_NAME, &n->path) < 0) {
                notifier_free(n);
                return -ENOMEM;
        }
        *ret = n;
        return 0;
}

/* Waits until the helper has closed what it shows (it does so when our end is shut down)
 * and exited, or the deadline passed. */
static int64_t monotonic_msec(void) {
        return (int64_t) (now_monotonic() / USEC_PER_MSEC);
}

static void helper_wait(Helper *h, int timeout_ms) {
        int64_t deadline = monotonic_msec() + timeout_ms;
        char buffer[64];

        if (h->fd >= 0) {
                (void) shutdown(h->fd, SHUT_WR);
                for (;;) {
                        struct pollfd p = { .fd = h->fd, .events = POLLIN };
                        int64_t left = deadline - monotonic_msec();
                        int k = left > 0 ? poll(&p, 1, (int) left) : 0;

                        if (k < 0 && errno == EINTR)
                                continue;
                        if (k <= 0) {
                                log_warning("The notification server does not answer; the helper closes the reminder when it does");
                                return;
                        }
                        /* Its answers no longer matter; its end closing is the sign. */
                        if (recv(h->fd, buffer, sizeof(buffer), MSG_DONTWAIT | MSG_TRUNC) == 0)
                                break;
                }
        }
        /* Reap it, unless it is still on its way out. */
        h->child = sd_event_source_disable_unref(h->child);
        (void) waitpid(h->pid, NULL, WNOHANG);
}

Notifier *notifier_free(Notifier *n) {
        if (!n)
                return NULL;
        if (n->helper) {
                helper_wait(n->helper, STOP_TIMEOUT_MSEC);
                n->helper = helper_free(n->helper);
        }
        while (n->retired) {
                Helper *h = n->retired;

                n->retired = h->next;
                h->child = sd_event_source_disable_unref(h->child);
                (void) waitpid(h->pid, NULL, WNOHANG);
                helper_free(h);
        }
        message_free(n->pending);
        message_free(n->pending_nudge);
        sd_event_unref(n->event);
        free(n->path);
        free(n->sound);
        free(n->problem);
        free(n);
        return NULL;
}

void notifier_set_sound(Notifier *n, const char *sound) {
        free(n->sound);
        n->sound = isempty(sound) ? NULL : strdup(sound);
}

static const char * const urgency_table[] = {
        [NOTIFIER_URGENCY_LOW]      = NOTIFY_URGENCY_WORD_LOW,
        [NOTIFIER_URGENCY_NORMAL]   = NOTIFY_URGENCY_WORD_NORMAL,
        [NOTIFIER_URGENCY_CRITICAL] = NOTIFY_URGENCY_WORD_CRITICAL,
};

DEFINE_PRIVATE_STRING_TABLE_TO_STRING(urgency, NotifierUrgency)

typedef enum Slot {
        SLOT_REMINDER,  /* the reminder, then the guided break's steps */
        SLOT_NOTICE,    /* beside it: the posture nudge, "break over", problems */
} Slot;

/* The exercise's still picture (its first keyframe), or NULL. */
static const char *exercise_image(const Exercise *e) {
        return e && e->n_frames > 0 ? e->frames[0].path : NULL;
}

/* Takes summary and body. actions: key, label, …, NULL. image: a picture's absolute path to
 * show beside the text, or NULL. */
static int request(Notifier *n, Slot slot, char *summary, char *body, NotifierUrgency urgency, int timeout,
                   bool transient, const char * const *actions, const char *image) {
        _cleanup_(freep) char *s = summary, *b = body;
        char t[16], *fields[NOTIFY_FIELDS_MAX + 1];
        Message *m;
        size_t k = 0;
        int r;

        snprintf(t, sizeof(t), "%d", timeout);
        fields[k++] = (char *) NOTIFY_MSG_SHOW;
        fields[k++] = (char *) (slot == SLOT_NOTICE ? NOTIFY_SLOT_NUDGE : NOTIFY_SLOT_REMINDER);
        fields[k++] = (char *) urgency_to_string(urgency);
        fields[k++] = t;
        fields[k++] = (char *) (transient ? "1" : "0");
        fields[k++] = (char *) strempty(n->sound);
        fields[k++] = s;
        fields[k++] = b;
        for (const char * const *a = actions; a && a[0] && k + 2 < ELEMENTSOF(fields); a += 2) {
                fields[k++] = (char *) a[0];
                fields[k++] = (char *) _(a[1]);       /* the button's label */
        }
        if (image && k + 2 < ELEMENTSOF(fields)) {
                fields[k++] = (char *) NOTIFY_IMAGE_KEY;
                fields[k++] = (char *) image;
        }
        fields[k] = NULL;

        r = message_new(fields, &m);
        if (r < 0)
                return r;
        if (slot == SLOT_NOTICE) {
                message_free(n->pending_nudge);
                n->pending_nudge = m;
                n->notice_is_problems = false;
        } else {
                message_free(n->pending);
                n->pending = m;
                n->pending_close = false;
        }
        kick(n);
        return 0;
}

/* Takes the texts of t. */
static int request_text(Notifier *n, Slot slot, NotifyText *t, NotifierUrgency urgency, int timeout,
                        bool transient, const char * const *actions, const char *image) {
        return request(n, slot, TAKE_PTR(t->summary), TAKE_PTR(t->body), urgency, timeout, transient, actions,
                       image);
}

int notifier_show_reminder(Notifier *n, const Exercise *e, NotifierUrgency urgency, usec_t snooze,
                           bool offer_skip) {
        _cleanup_(notify_text_done) NotifyText t = {};
        char snooze_label[NOTIFY_LABEL_MAX];
        const char * const actions[] = {
                /* TRANSLATORS: buttons of the reminder, at most 14 characters each. */
                "start", N_("Start break"),
                "snooze", notify_label_snooze(snooze_label, snooze),
                /* A click on the reminder itself (GNOME's message list has no buttons): the
                 * break window, or the guided break where there is none. A server that lists
                 * the default action among the buttons names it. */
                "default", N_("Show break"),
                offer_skip ? "skip" : NULL, N_("Skip"),   /* none after max-skips */
                NULL,
        };

        if (notify_text_reminder(e, &t) < 0)
                return -ENOMEM;
        /* It stays until acted on or withdrawn: a reminder gone after the server's few
         * seconds would come back only a snooze later. */
        return request_text(n, SLOT_REMINDER, &t, urgency, EXPIRES_NEVER, false, actions, exercise_image(e));
}

int notifier_show_daily_limit(Notifier *n, usec_t active_today) {
        _cleanup_(notify_text_done) NotifyText t = {};

        if (notify_text_daily_limit(active_today, &t) < 0)
                return -ENOMEM;
        /* The nudge's place: it must not take the reminder's. */
        return request_text(n, SLOT_NOTICE, &t, NOTIFIER_URGENCY_NORMAL, EXPIRES_DEFAULT, false, NULL, NULL);
}

int notifier_show_micro(Notifier *n, const Exercise *e, usec_t duration) {
        _cleanup_(notify_text_done) NotifyText t = {};

        if (!e)
                return 0;
        if (notify_text_micro(e, &t) < 0)
                return -ENOMEM;
        /* Normal, not low: GNOME files a low one silently (a dot by the clock). Transient and
         * expiring with the move, so it does not pile up in any server's history. */
        return request_text(n, SLOT_NOTICE, &t, NOTIFIER_URGENCY_NORMAL,
                            (int) MIN(duration / USEC_PER_MSEC, (usec_t) 60000), true, NULL, exercise_image(e));
}

int notifier_show_status(Notifier *n, const char *summary, const char *body) {
        char *s = strdup(summary), *b = strdup(body);

        if (!s || !b) {
                free(s);
                free(b);
                return -ENOMEM;
        }
        /* Asked for by a click: normal, so that GNOME shows it (transient: not kept). */
        return request(n, SLOT_NOTICE, s, b, NOTIFIER_URGENCY_NORMAL, EXPIRES_DEFAULT, true, NULL, NULL);
}

int notifier_show_step(Notifier *n, const Exercise *e, unsigned step, unsigned n_steps,
                       usec_t step_duration, char * const *rules) {
        static const char * const actions[] = {
                /* TRANSLATORS: a button, at most 14 characters. */
                "done", N_("Done"),
                NULL,
        };
        _cleanup_(notify_text_done) NotifyText t = {};

        if (notify_text_step(e, step, n_steps, step_duration, rules, &t) < 0)
                return -ENOMEM;
        return request_text(n, SLOT_REMINDER, &t, NOTIFIER_URGENCY_NORMAL, EXPIRES_NEVER, false, actions,
                            exercise_image(e));
}

int notifier_show_break_over(Notifier *n, HistoryKind kind, usec_t duration) {
        _cleanup_(notify_text_done) NotifyText t = {};

        /* The last step goes; a short word on what was recorded stays a few seconds. */
        notifier_close(n);
        if (notify_text_break_over(kind, duration, &t) < 0)
                return -ENOMEM;
        /* Normal, so that GNOME shows it as a banner rather than filing it; transient and
         * short, so it leaves no trace in any server's history. */
        return request_text(n, SLOT_NOTICE, &t, NOTIFIER_URGENCY_NORMAL, BREAK_OVER_EXPIRES, true, NULL, NULL);
}

int notifier_show_problems(Notifier *n, char * const *problems) {
        _cleanup_(notify_text_done) NotifyText t = {};
        int r;

        if (notify_text_problems(problems, &t) < 0)
                return -ENOMEM;
        r = request_text(n, SLOT_NOTICE, &t, NOTIFIER_URGENCY_NORMAL, EXPIRES_NEVER, false, NULL, NULL);
        if (r >= 0)
                n->notice_is_problems = true;
        return r;
}

void notifier_close_problems(Notifier *n) {
        static char * const fields[] = { (char *) NOTIFY_MSG_CLOSE, (char *) NOTIFY_SLOT_NUDGE, NULL };
        Message *m;

        /* Only the problems' own notice, and only where a helper shows it: one that has
         * exited took its notifications with it. */
        if (!n->notice_is_problems)
                return;
        n->notice_is_problems = false;
        if (!n->helper)
                return;
        if (message_new(fields, &m) < 0) {
                log_error("Out of memory: cannot close the problems notification");
                return;
        }
        message_free(n->pending_nudge);
        n->pending_nudge = m;
        kick(n);
}

void notifier_close(Notifier *n) {
        static char * const fields[] = { (char *) NOTIFY_MSG_CLOSE, NULL };
        Message *m;

        if (message_new(fields, &m) < 0) {
                log_error("Out of memory: cannot close the notification");
                return;
        }
        message_free(n->pending);
        n->pending = m;
        n->pending_close = true;
        kick(n);
}

/* ---- GNOME's and MATE's do-not-disturb ---------------------------------------------- */

/* Whether XDG_CURRENT_DESKTOP, a colon-separated list ("GNOME", "ubuntu:GNOME",
 * "GNOME-Classic:GNOME", "MATE"), names desktop. */
static bool current_desktop_is(const char *desktop) {
        const char *desktops = getenv("XDG_CURRENT_DESKTOP");

        for (const char *p = desktops; p && *p; p += strcspn(p, ":"), p += *p == ':') {
                size_t len = strcspn(p, ":");

                if (len == strlen(desktop) && strncasecmp(p, desktop, len) == 0)
                        return true;
        }
        return false;
}

int notifier_watch_gnome_dnd(Notifier *n, notifier_dnd_t cb, void *userdata) {
        bool watching = n->on_gnome_dnd != NULL;

        /* Only the desktop's own notification server honours its key. */
        n->dnd_desktop = current_desktop_is("GNOME") ? "gnome" : current_desktop_is("MATE") ? "mate" : NULL;
        if (cb && !n->dnd_desktop) {
                log_debug("Neither a GNOME nor a MATE session (XDG_CURRENT_DESKTOP=%s): "
                          "no do-not-disturb in GSettings is watched",
                          strempty(getenv("XDG_CURRENT_DESKTOP")));
                cb = NULL;
        }
        n->on_gnome_dnd = cb;
        n->gnome_dnd_userdata = userdata;
        if (cb && !watching) {
                log_debug("Watching %s", streq(n->dnd_desktop, "gnome") ?
                          "GNOME's do-not-disturb (org.gnome.desktop.notifications show-banners)" :
                          "MATE's do-not-disturb (org.mate.NotificationDaemon do-not-disturb)");
                if (n->helper)
                        n->send_watch_dnd = true;
        }
        kick(n);
        return n->on_gnome_dnd ? 1 : 0;
}
