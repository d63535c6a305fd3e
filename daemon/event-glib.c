/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "event-glib.h"
#include "log.h"

typedef struct EventSource {
        GSource source;
        sd_event *event;
        GMainLoop *loop;
} EventSource;

static gboolean event_source_prepare(GSource *source, gint *timeout) {
        EventSource *s = (EventSource *) source;

        /* sd-event keeps its own timers in its fd (timerfd), so GLib may wait forever. */
        *timeout = -1;
        return sd_event_prepare(s->event) > 0;
}

static gboolean event_source_check(GSource *source) {
        EventSource *s = (EventSource *) source;

        return sd_event_wait(s->event, 0) > 0;
}

static gboolean event_source_dispatch(GSource *source, GSourceFunc callback, gpointer user_data) {
        EventSource *s = (EventSource *) source;
        int r;

        /* GLib dispatches a source whose fd polled readable even when check() found nothing to
         * do (a timer that woke us but is not due by sd-event's clock, e.g. after the wall
         * clock was set back). Only a loop with pending events may be dispatched: anything
         * else is -EBUSY, which would end limberd. */
        if (sd_event_get_state(s->event) != SD_EVENT_PENDING)
                return G_SOURCE_CONTINUE;

        r = sd_event_dispatch(s->event);
        if (r < 0)
                log_error_errno(r, "Failed to dispatch events: %m");
        if (r < 0 || sd_event_get_state(s->event) == SD_EVENT_FINISHED) {
                g_main_loop_quit(s->loop);
                return G_SOURCE_REMOVE;
        }
        return G_SOURCE_CONTINUE;
}

static void event_source_finalize(GSource *source) {
        EventSource *s = (EventSource *) source;

        sd_event_unref(s->event);
        g_main_loop_unref(s->loop);
}

static GSourceFuncs event_source_funcs = {
        .prepare = event_source_prepare,
        .check = event_source_check,
        .dispatch = event_source_dispatch,
        .finalize = event_source_finalize,
};

guint event_glib_attach(sd_event *event, GMainLoop *loop) {
        GSource *source = g_source_new(&event_source_funcs, sizeof(EventSource));
        EventSource *s = (EventSource *) source;
        guint id;

        s->event = sd_event_ref(event);
        s->loop = g_main_loop_ref(loop);
        g_source_add_unix_fd(source, sd_event_get_fd(event), G_IO_IN);
        g_source_set_name(source, "sd-event");
        /* Otherwise GLib "blocks" the source around every dispatch: it takes the fd out of
         * its poll set and puts it back, and each of those signals its wake-up eventfd, so
         * every event costs two writes, a read and an extra loop iteration. sd-event refuses
         * to be dispatched recursively (prepare and wait fail with -EBUSY), so recursion is
         * harmless. */
        g_source_set_can_recurse(source, true);
        id = g_source_attach(source, NULL);
        g_source_unref(source);
        return id;
}
