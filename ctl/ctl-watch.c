/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "limberctl watch": a live view of limberd. It listens instead of polling: PropertiesChanged
 * updates the status, limberd's own signals trigger a fresh GetAll, and NameOwnerChanged tells
 * when limberd goes away (each mode then shows a "stopped" state) and when it is back (a fresh
 * GetAll): a status bar outlives limberd's restarts, and a watch started before limberd waits.
 * The only timer is armed for the moment the shown text next changes by itself (a countdown
 * second on a terminal, a minute for waybar), and is off when nothing moves; --json writes only
 * when a property changes. */

#include <signal.h>
#include <sys/epoll.h>
#include <systemd/sd-event.h>

#include "ctl-bus.h"
#include "ctl-json.h"
#include "ctl-status.h"
#include "ctl-util.h"
#include "ctl-verbs.h"
#include "util/i18n.h"
#include "util/limber-bus.h"

typedef enum WatchMode {
        WATCH_HUMAN,
        WATCH_JSON,
        WATCH_WAYBAR,
} WatchMode;

typedef struct Watch {
        const CtlArgs *args;
        WatchMode mode;
        bool live;                      /* human view on a terminal: one line redrawn in place */
        sd_event *event;
        sd_bus *bus;
        Status status;
        bool changed;                   /* a property changed since the last JSON object */
        char *shown;                    /* the last line written (human and waybar) */
        sd_event_source *timer;
        sd_bus_slot *refresh;           /* the GetAll under way */
        bool stopped;                   /* "stopped" is shown: limberd's name has no owner */
        bool refresh_again;             /* something happened while it was under way */
        bool output_gone;               /* writing failed, or the reader of the pipe left */
} Watch;

static void watch_done(Watch *w) {
        sd_bus_slot_unref(w->refresh);
        sd_event_source_unref(w->timer);
        sd_bus_flush_close_unref(w->bus);
        sd_event_unref(w->event);
        status_done(&w->status);
        free(w->shown);
}

/* Ends the watch when its output is gone (a status bar restarted, a pipe's reader quit): a
 * write fails with EPIPE when SIGPIPE is ignored, as waybar's children inherit it. */
static void watch_flush(Watch *w) {
        if (fflush(stdout) == 0 && !ferror(stdout))
                return;
        w->output_gone = true;
        (void) sd_event_exit(w->event, 0);
}

/* The same without a write: the pipe's write end reports an error once its reader is gone. */
static int on_output_error(sd_event_source *s, int fd, uint32_t revents, void *userdata) {
        Watch *w = userdata;

        w->output_gone = true;
        return sd_event_exit(w->event, 0);
}

/* Writes line if it differs from the one shown; takes ownership of line. */
static void watch_show(Watch *w, char *line) {
        if (!line || streq_ptr(line, w->shown)) {
                free(line);
                return;
        }
        if (w->live)
                printf("\r%s\033[K", line);
        else
                printf("%s\n", line);
        watch_flush(w);
        free(w->shown);
        w->shown = line;
}

static usec_t watch_granularity(const Watch *w) {
        return w->live ? USEC_PER_SEC : USEC_PER_MINUTE;
}

/* Shows the status as the mode wants it, then arms the timer for the next change. */
static void watch_render(Watch *w) {
        usec_t now = now_realtime(), next = USEC_INFINITY;

        switch (w->mode) {
        case WATCH_JSON:
                if (w->changed) {
                        Json j;

                        json_init(&j, stdout);
                        status_json(&j, &w->status, now);
                        watch_flush(w);
                        w->changed = false;
                }
                break;
        case WATCH_WAYBAR:
                watch_show(w, status_waybar(&w->status, now));
                next = status_next_change(&w->status, now, watch_granularity(w));
                break;
        case WATCH_HUMAN: {
                _cleanup_(freep) char *line = status_live_line(&w->status, now, watch_granularity(w),
                                                                  &w->args->style);

                watch_show(w, w->live && line ? text_ellipsize(line, terminal_columns(STDOUT_FILENO) - 1, &w->args->style)
                                              : TAKE_PTR(line));
                next = status_next_change(&w->status, now, watch_granularity(w));
                break;
        }
        }

        if (next == USEC_INFINITY)
                (void) sd_event_source_set_enabled(w->timer, SD_EVENT_OFF);
        else {
                (void) sd_event_source_set_time(w->timer, next);
                (void) sd_event_source_set_enabled(w->timer, SD_EVENT_ONESHOT);
        }
}

static int on_timer(sd_event_source *s, uint64_t usec, void *userdata) {
        watch_render(userdata);
        return 0;
}

/* limberd is not there (yet, or any more): say so in the mode's own terms, and wait. */
static void watch_stopped(Watch *w) {
        const Style *style = &w->args->style;
        _cleanup_(freep) char *line = NULL;

        if (w->stopped)
                return;
        w->stopped = true;
        status_done(&w->status);
        (void) sd_event_source_set_enabled(w->timer, SD_EVENT_OFF);
        switch (w->mode) {
        case WATCH_JSON:
                printf("{\"state\":\"stopped\"}\n");
                break;
        case WATCH_WAYBAR:
                watch_show(w, status_waybar_stopped());
                break;
        case WATCH_HUMAN:
                line = strdup_printf("%s%s%s %s%s%s %s %s",
                                     ansi(style, COLOR_DIM), glyph(style, GLYPH_BULLET), ansi(style, COLOR_RESET),
                                     ansi(style, COLOR_BOLD), _("Stopped"), ansi(style, COLOR_RESET), glyph(style, GLYPH_DASH),
                                     _("limberd is not running; waiting for it"));
                watch_show(w, TAKE_PTR(line));
                break;
        }
        watch_flush(w);
}

static int watch_refresh(Watch *w);

static int on_refresh_reply(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        Watch *w = userdata;
        bool changed = false;

        w->refresh = sd_bus_slot_unref(w->refresh);

        if (sd_bus_message_is_method_error(m, NULL)) {
                if (bus_error_is_no_daemon(sd_bus_message_get_error(m)))
                        watch_stopped(w);
                return 0;       /* a passing failure: the next change brings news anyway */
        }
        w->stopped = false;
        if (status_read_properties(&w->status, m, now_realtime(), &changed) >= 0 && changed)
                w->changed = true;
        if (w->refresh_again) {
                w->refresh_again = false;
                (void) watch_refresh(w);
        }
        watch_render(w);
        return 0;
}

/* Fetches all properties again, without waiting; never starts limberd. */
static int watch_refresh(Watch *w) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL;
        int r;

        if (w->refresh) {
                w->refresh_again = true;
                return 0;
        }
        r = status_getall_message(w->bus, &m);
        if (r >= 0)
                r = sd_bus_call_async(w->bus, &w->refresh, m, on_refresh_reply, w, 0);
        return r;
}

static int on_properties_changed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        Watch *w = userdata;
        usec_t counted_at = w->status.active_counted_at;
        const char *interface;
        bool changed = false;
        int r;

        r = sd_bus_message_read(m, "s", &interface);
        if (r < 0 || !streq(interface, LIMBER_BUS_INTERFACE))
                return 0;
        if (status_read_properties(&w->status, m, now_realtime(), &changed) < 0)
                return 0;
        if (changed)
                w->changed = true;

        /* ActiveUsec grows without a signal; a new ActiveCountedAtUsec says it changed other
         * than by growing (a reset, a state change): read it again. */
        if (w->status.active_counted_at != counted_at)
                (void) watch_refresh(w);

        /* Invalidated properties come without their values: fetch them. */
        r = sd_bus_message_enter_container(m, 'a', "s");
        if (r > 0 && sd_bus_message_at_end(m, false) == 0)
                (void) watch_refresh(w);

        watch_render(w);
        return 0;
}

static int on_limber_signal(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        (void) watch_refresh(userdata);
        return 0;
}

static int on_name_owner_changed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        Watch *w = userdata;
        const char *name, *old_owner, *new_owner;

        if (sd_bus_message_read(m, "sss", &name, &old_owner, &new_owner) < 0)
                return 0;
        if (!streq(name, LIMBER_BUS_NAME))
                return 0;
        if (isempty(new_owner))
                watch_stopped(w);
        else {
                /* Back: read it all afresh. It runs from now on, whatever the GetAll brings;
                 * losing the name again must show "stopped" again. */
                w->stopped = false;
                (void) watch_refresh(w);
        }
        return 0;
}

static int watch_subscribe(Watch *w) {
        int r;

        r = sd_bus_match_signal(w->bus, NULL, LIMBER_BUS_NAME, LIMBER_BUS_PATH,
                                "org.freedesktop.DBus.Properties", "PropertiesChanged",
                                on_properties_changed, w);
        if (r < 0)
                return r;
        /* BreakDue, BreakStarted, BreakFinished, and whatever limberd adds later. */
        r = sd_bus_match_signal(w->bus, NULL, LIMBER_BUS_NAME, LIMBER_BUS_PATH, LIMBER_BUS_INTERFACE,
                                NULL, on_limber_signal, w);
        if (r < 0)
                return r;
        return sd_bus_add_match(w->bus, NULL,
                                "type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
                                "interface='org.freedesktop.DBus',member='NameOwnerChanged',"
                                "arg0='" LIMBER_BUS_NAME "'",
                                on_name_owner_changed, w);
}

static int watch_setup(Watch *w) {
        sigset_t mask;
        int r;

        /* Ctrl-C and SIGTERM end the loop cleanly (a NULL handler makes sd-event exit). */
        sigemptyset(&mask);
        sigaddset(&mask, SIGINT);
        sigaddset(&mask, SIGTERM);
        if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
                return ctl_error(errno, _("cannot block signals: %m"));

        r = sd_event_default(&w->event);
        if (r < 0)
                return ctl_error(r, _("cannot set up the event loop: %m"));
        r = sd_event_add_signal(w->event, NULL, SIGINT, NULL, NULL);
        if (r >= 0)
                r = sd_event_add_signal(w->event, NULL, SIGTERM, NULL, NULL);
        if (r >= 0)
                r = sd_event_add_time(w->event, &w->timer, CLOCK_REALTIME, 0,
                                      w->live ? 10 * USEC_PER_MSEC : USEC_PER_SEC, on_timer, w);
        if (r >= 0)
                r = sd_event_source_set_enabled(w->timer, SD_EVENT_OFF);
        if (r < 0)
                return ctl_error(r, _("cannot set up the event loop: %m"));
        /* A pipe or a socket says when its reader is gone; a file or a terminal cannot be
         * watched so (EPERM), and needs not be. */
        (void) sd_event_add_io(w->event, NULL, STDOUT_FILENO, EPOLLERR | EPOLLHUP, on_output_error, w);

        r = bus_connect(&w->bus);
        if (r < 0)
                return r;
        r = sd_bus_attach_event(w->bus, w->event, SD_EVENT_PRIORITY_NORMAL);
        if (r >= 0)
                r = sd_bus_set_exit_on_disconnect(w->bus, true);
        if (r >= 0)
                r = watch_subscribe(w);
        if (r < 0)
                return ctl_error(r, _("cannot subscribe to limberd's signals: %m"));

        /* Subscribed first, then read: no change can slip between the two. The answer (or
         * "not running") is shown when it comes. */
        w->changed = true;
        r = watch_refresh(w);
        if (r < 0)
                return ctl_error(r, _("cannot ask limberd for its status: %m"));
        return 0;
}

int verb_watch(int argc, char *argv[], const CtlArgs *args) {
        _cleanup_(watch_done) Watch w = {
                .args = args,
                .mode = args->json ? WATCH_JSON : args->waybar ? WATCH_WAYBAR : WATCH_HUMAN,
        };
        int r;

        w.live = w.mode == WATCH_HUMAN && isatty(STDOUT_FILENO);

        r = watch_setup(&w);
        if (r < 0)
                return r;

        r = sd_event_loop(w.event);
        if (w.output_gone) {
                /* Nobody reads: end quietly, and let no later flush complain. */
                if (!freopen("/dev/null", "w", stdout))
                        return -errno;
                return 0;
        }
        if (w.live && w.shown)
                putchar('\n');
        if (r < 0)
                return ctl_error(r, _("the event loop failed: %m"));
        if (r > 0) {
                /* sd-bus ends the loop with a failure when the bus itself goes away. */
                ctl_error(0, _("lost the session bus: limberd is not running; start it with: systemctl --user start limber"));
                return -EHOSTDOWN;
        }
        return 0;
}
