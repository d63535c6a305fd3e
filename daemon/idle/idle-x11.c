/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "x11": the X server's own idle time, for X11 sessions without a desktop idle monitor (i3,
 * Xfce, MATE, …). The display is $DISPLAY.
 *
 * Preferred, and event-driven: two XSync alarms on the server's IDLETIME counter (milliseconds
 * since the last input). One fires when it reaches idle-after: the user went idle. The other, a
 * negative transition just below idle-after, fires when the counter drops back, which happens
 * only at the first input after being idle. The server sends both as events on our connection,
 * whose fd sits in sd-event, so nothing runs in between.
 *
 * Fallback, for a server without IDLETIME: MIT-SCREEN-SAVER's idle time, read only when it
 * matters (idle_source_sample): at the moment idle-after would be reached since the last input,
 * re-armed from what the server says then. That extension has no event for input, so while the
 * user is idle the time is read again every idle-after (a minute at most): the one residual
 * check, only on such servers. LIMBER_X11_NO_SYNC=1 forces this path (the tests use it).
 *
 * Xlib exits the process when the connection breaks, unless a display has its own exit
 * handler: ours marks the connection broken, and the source reports itself lost. */
#include <inttypes.h>
#include <sys/epoll.h>
#include <X11/Xlib.h>
#include <X11/extensions/scrnsaver.h>
#include <X11/extensions/sync.h>

#include "idle/idle-source.h"
#include "util/log.h"

/* How late a MIT-SCREEN-SAVER reading may come, so the kernel can batch wake-ups. */
#define SCREENSAVER_ACCURACY (250 * USEC_PER_MSEC)

typedef struct X11Idle {
        IdleSource base;
        Display *display;
        bool broken;                    /* the connection failed: no more Xlib calls but close */
        sd_event_source *io;
        /* SYNC */
        XSyncCounter idletime;          /* None: MIT-SCREEN-SAVER is used */
        int sync_event_base;
        XSyncAlarm idle_alarm;
        XSyncAlarm active_alarm;
        /* MIT-SCREEN-SAVER */
        XScreenSaverInfo *info;
        sd_event_source *timer;
} X11Idle;

static int on_x_error(Display *d, XErrorEvent *e) {
        /* The default handler exits; a failed request is no reason to. */
        log_debug("X error %u on request %u.%u, ignoring", e->error_code, e->request_code, e->minor_code);
        return 0;
}

static int on_x_io_error(Display *d) {
        return 0;       /* instead of Xlib's message on stderr; the exit handler decides */
}

static void on_x_io_error_exit(Display *d, void *userdata) {
        bool *broken = userdata;

        /* Returning (instead of exiting, Xlib's default) leaves the display marked as failed;
         * Xlib calls on it return at once from now on. */
        *broken = true;
}

/* Connects to $DISPLAY; *broken becomes true when the connection fails later. */
static Display *x11_open(bool *broken) {
        Display *d;

        (void) XSetErrorHandler(on_x_error);
        (void) XSetIOErrorHandler(on_x_io_error);
        d = XOpenDisplay(NULL);
        if (d)
                XSetIOErrorExitHandler(d, on_x_io_error_exit, broken);
        return d;
}

/* The IDLETIME system counter, or None when the server has no SYNC or no such counter. */
static XSyncCounter x11_idletime_counter(Display *d, int *ret_event_base) {
        XSyncSystemCounter *counters;
        XSyncCounter counter = None;
        int error_base, major, minor, n = 0;

        if (getenv("LIMBER_X11_NO_SYNC"))
                return None;
        if (!XSyncQueryExtension(d, ret_event_base, &error_base) || !XSyncInitialize(d, &major, &minor))
                return None;
        counters = XSyncListSystemCounters(d, &n);
        for (int i = 0; counters && i < n; i++)
                if (streq(counters[i].name, "IDLETIME"))
                        counter = counters[i].counter;
        if (counters)
                XSyncFreeSystemCounterList(counters);
        return counter;
}

static bool x11_has_screensaver(Display *d) {
        int event_base, error_base;

        return XScreenSaverQueryExtension(d, &event_base, &error_base);
}

static int x11_probe(sd_bus *user_bus, sd_bus *system_bus, const char **ret_reason) {
        bool broken = false;
        int event_base, r = 1;
        Display *d;

        if (isempty(getenv("DISPLAY"))) {
                *ret_reason = "$DISPLAY is not set";
                return 0;
        }
        /* Xwayland's idle time only counts input to X windows, not to Wayland ones. */
        if (!isempty(getenv("WAYLAND_DISPLAY"))) {
                *ret_reason = "a Wayland session, where the X server sees only input to X windows";
                return 0;
        }
        d = x11_open(&broken);
        if (!d) {
                *ret_reason = "cannot connect to the X server at $DISPLAY";
                return 0;
        }
        if (x11_idletime_counter(d, &event_base) != None)
                *ret_reason = "the X server's IDLETIME counter (SYNC alarms)";
        else if (x11_has_screensaver(d))
                *ret_reason = "the X server's MIT-SCREEN-SAVER idle time";
        else {
                *ret_reason = "the X server has neither SYNC's IDLETIME nor MIT-SCREEN-SAVER";
                r = 0;
        }
        if (broken) {
                *ret_reason = "the X server closed the connection";
                r = 0;
        }
        XCloseDisplay(d);
        return r;
}

/* What went wrong is Xlib's to know; here it only means the server is gone. */
static void x11_check_lost(X11Idle *x) {
        if (!x->broken)
                return;
        /* A hung-up fd stays readable: stop listening until we are freed. */
        (void) sd_event_source_set_enabled(x->io, SD_EVENT_OFF);
        (void) sd_event_source_set_enabled(x->timer, SD_EVENT_OFF);
        idle_source_report_lost(&x->base, "the X server closed the connection");
}

/* ---- SYNC ---------------------------------------------------------------------------- */

static uint64_t sync_value(XSyncValue v) {
        return (uint64_t) (uint32_t) XSyncValueHigh32(v) << 32 | XSyncValueLow32(v);
}

static XSyncAlarm sync_alarm_new(X11Idle *x, XSyncTestType test, uint64_t ms) {
        XSyncAlarmAttributes attr = {
                .trigger.counter = x->idletime,
                .trigger.value_type = XSyncAbsolute,
                .trigger.test_type = test,
                .events = True,
        };

        XSyncIntsToValue(&attr.trigger.wait_value, (unsigned) (ms & 0xffffffffu), (int) (ms >> 32));
        /* Delta 0: a transition alarm stays armed and fires at every such transition. */
        XSyncIntToValue(&attr.delta, 0);
        return XSyncCreateAlarm(x->display,
                                XSyncCACounter | XSyncCAValueType | XSyncCATestType | XSyncCAValue | XSyncCADelta |
                                XSyncCAEvents,
                                &attr);
}

static void sync_start(X11Idle *x) {
        uint64_t ms = MAX(x->base.idle_after / USEC_PER_MSEC, (uint64_t) 2);
        XSyncValue value;

        x->idle_alarm = sync_alarm_new(x, XSyncPositiveTransition, ms);
        x->active_alarm = sync_alarm_new(x, XSyncNegativeTransition, ms - 1);

        /* Already idle when we start: the positive transition is behind us. Asked after the
         * alarms exist, so no transition falls in between. */
        if (XSyncQueryCounter(x->display, x->idletime, &value) && sync_value(value) >= ms)
                idle_source_report(&x->base, true, usec_sub(now_boottime(), sync_value(value) * USEC_PER_MSEC));
}

static void sync_handle(X11Idle *x, const XSyncAlarmNotifyEvent *e) {
        if (e->state == XSyncAlarmDestroyed)
                return;
        if (e->alarm == x->idle_alarm)
                idle_source_report(&x->base, true,
                                   usec_sub(now_boottime(), sync_value(e->counter_value) * USEC_PER_MSEC));
        else if (e->alarm == x->active_alarm)
                idle_source_report(&x->base, false, 0);
}

/* Handles what Xlib has read or can read now without blocking. Xlib may have queued events
 * during any round trip, so this runs after those too, not only when the fd is readable. */
static void x11_dispatch(X11Idle *x) {
        while (!x->broken && XPending(x->display) > 0) {
                XEvent e;

                XNextEvent(x->display, &e);
                if (x->idletime != None && e.type == x->sync_event_base + XSyncAlarmNotify)
                        sync_handle(x, (const XSyncAlarmNotifyEvent *) &e);
        }
        x11_check_lost(x);
}

static int on_x11_io(sd_event_source *s, int fd, uint32_t revents, void *userdata) {
        X11Idle *x = userdata;

        x11_dispatch(x);
        /* Normally Xlib sees the hang-up while reading; this is in case it had nothing to read. */
        if (!x->broken && (revents & (EPOLLHUP | EPOLLERR))) {
                x->broken = true;
                x11_check_lost(x);
        }
        return 0;
}

/* ---- MIT-SCREEN-SAVER ---------------------------------------------------------------- */

static void screensaver_sample(X11Idle *x) {
        usec_t next;
        int r;

        if (!XScreenSaverQueryInfo(x->display, DefaultRootWindow(x->display), x->info)) {
                x11_check_lost(x);
                if (x->broken)
                        return;
                log_warning("X11: cannot read the idle time, trying again in %" PRIu64 " s",
                            x->base.idle_after / USEC_PER_SEC);
                next = usec_add(now_boottime(), x->base.idle_after);
        } else
                next = idle_source_sample(&x->base, (usec_t) x->info->idle * USEC_PER_MSEC);

        r = sd_event_source_set_time(x->timer, next);
        if (r >= 0)
                r = sd_event_source_set_enabled(x->timer, SD_EVENT_ONESHOT);
        if (r < 0)
                log_warning_errno(r, "X11: cannot arm the idle timer: %m, ignoring");
        x11_dispatch(x);
}

static int on_screensaver_timer(sd_event_source *s, uint64_t usec, void *userdata) {
        screensaver_sample(userdata);
        return 0;
}

/* ---- life cycle ---------------------------------------------------------------------- */

static int x11_start(IdleSource *s) {
        X11Idle *x = (X11Idle *) s;
        int r;

        x->display = x11_open(&x->broken);
        if (!x->display)
                return log_warning_errno(ECONNREFUSED, "X11: cannot connect to the X server at $DISPLAY=%s",
                                         strempty(getenv("DISPLAY")));

        x->idletime = x11_idletime_counter(x->display, &x->sync_event_base);
        if (x->idletime == None) {
                if (!x11_has_screensaver(x->display))
                        return log_warning_errno(EOPNOTSUPP,
                                                 "X11: the server has neither SYNC's IDLETIME nor MIT-SCREEN-SAVER");
                x->info = XScreenSaverAllocInfo();
                if (!x->info)
                        return log_oom();
        }

        /* Also in MIT-SCREEN-SAVER mode: the fd is how we learn that the server went away. */
        r = sd_event_add_io(s->event, &x->io, ConnectionNumber(x->display), EPOLLIN, on_x11_io, x);
        if (r < 0)
                return r;
        (void) sd_event_source_set_description(x->io, "x11-idle");

        if (x->idletime != None) {
                log_debug("X11: XSync alarms on IDLETIME");
                sync_start(x);
        } else {
                log_info("X11: no IDLETIME counter; reading MIT-SCREEN-SAVER's idle time when it matters");
                r = sd_event_add_time(s->event, &x->timer, CLOCK_BOOTTIME, USEC_INFINITY, SCREENSAVER_ACCURACY,
                                      on_screensaver_timer, x);
                if (r < 0)
                        return r;
                screensaver_sample(x);
        }
        x11_dispatch(x);
        return x->broken ? -ECONNRESET : 0;
}

static void x11_stop(IdleSource *s) {
        X11Idle *x = (X11Idle *) s;

        x->io = sd_event_source_disable_unref(x->io);
        x->timer = sd_event_source_disable_unref(x->timer);
        if (x->info) {
                XFree(x->info);
                x->info = NULL;
        }
        /* Closing the connection also frees the alarms. On a broken connection Xlib only
         * frees its memory. */
        if (x->display) {
                XCloseDisplay(x->display);
                x->display = NULL;
        }
}

const IdleSourceVTable idle_source_x11 = {
        .kind = IDLE_KIND_X11,
        .size = sizeof(X11Idle),
        .probe = x11_probe,
        .start = x11_start,
        .stop = x11_stop,
};
