/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Watches one property of a well-known bus name, following whoever owns the name: the shared
 * half of every busy-*.c watcher (see busy-watch.h). */
#include "busy/busy-watch.h"
#include "session/bus-util.h"
#include "util/log.h"

/* How long busy_watch_refresh() waits for a server that announces nothing. It runs right
 * before a decision, so it must be short; a local notification daemon answers in
 * microseconds. */
#define REFRESH_TIMEOUT (500 * USEC_PER_MSEC)

struct BusyWatch {
        sd_bus *bus;
        const BusyWatchSpec *spec;
        busy_watch_report_t report;
        void *userdata;
        sd_bus_slot *owner_slot;        /* NameOwnerChanged of spec->name */
        sd_bus_slot *changed_slot;      /* PropertiesChanged of spec->interface, or changed_signal */
        sd_bus_slot *removed_slot;      /* removed_signal */
        sd_bus_slot *read_slot;         /* the Get (or fallback) call in flight */
        BusOwner owner;                 /* signals count only from spec->name's owner */
        bool busy;
        bool unannounced;               /* read with the fallback method: no signal will come */
};

static void watch_set_busy(BusyWatch *w, bool busy) {
        if (w->busy == busy)
                return;
        w->busy = busy;
        log_debug("%s: %s", w->spec->label, busy ? "busy" : "not busy");
        w->report(w->userdata, w->spec->source, busy);
}

static int on_get_reply(sd_bus_message *m, void *userdata, sd_bus_error *ret_error);
static int on_fallback_reply(sd_bus_message *m, void *userdata, sd_bus_error *ret_error);

static int new_call(BusyWatch *w, const char *destination, bool fallback, sd_bus_message **ret) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL;
        const BusyWatchSpec *s = w->spec;
        int r;

        if (fallback)
                r = sd_bus_message_new_method_call(w->bus, &m, destination, s->path, s->interface,
                                                   s->fallback_method);
        else if (s->get_method) {
                r = sd_bus_message_new_method_call(w->bus, &m, destination, s->path, s->interface,
                                                   s->get_method);
                if (r >= 0)
                        r = sd_bus_message_append(m, "ss", s->get_args[0], s->get_args[1]);
        } else {
                r = sd_bus_message_new_method_call(w->bus, &m, destination, s->path,
                                                   "org.freedesktop.DBus.Properties", "Get");
                if (r >= 0)
                        r = sd_bus_message_append(m, "ss", s->interface, s->property);
        }
        if (r < 0)
                return r;
        /* Asking must never start a server: notification daemons are D-Bus activatable, and
         * activating dunst on a desktop that brings its own would be a bug of ours. */
        r = sd_bus_message_set_auto_start(m, false);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(m);
        return 0;
}

/* Reads the property from destination (the well-known name, or the unique name of a new
 * owner), or calls the fallback method. The answer arrives in on_get_reply/on_fallback_reply. */
static int read_async(BusyWatch *w, const char *destination, bool fallback) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL;
        int r;

        w->read_slot = sd_bus_slot_unref(w->read_slot);
        r = new_call(w, destination, fallback, &m);
        if (r < 0)
                return r;
        return sd_bus_call_async(w->bus, &w->read_slot, m, fallback ? on_fallback_reply : on_get_reply, w, 0);
}

static int on_get_reply(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        BusyWatch *w = userdata;
        const BusyWatchSpec *s = w->spec;
        const sd_bus_error *e = sd_bus_message_get_error(m);
        const char *sender = sd_bus_message_get_sender(m);
        bool busy = false;
        int r;

        w->read_slot = sd_bus_slot_unref(w->read_slot);
        w->unannounced = false;

        if (e) {
                /* An error from the server itself (a unique name, not the bus) means it is
                 * there without the property: maybe an older version that has the method. */
                if (s->fallback_method && sender && sender[0] == ':') {
                        r = read_async(w, sender, true);
                        if (r >= 0)
                                return 0;
                }
                /* The usual case: no such server, or another server owns the name. */
                log_debug("%s: no %s.%s (%s)", s->label, s->interface, s->property, e->message ?: e->name);
                watch_set_busy(w, false);
                return 0;
        }

        r = sd_bus_message_enter_container(m, 'v', s->signature);
        if (r >= 0)
                r = s->parse(m, &busy);
        if (r < 0) {
                log_full_errno(LOG_DEBUG, r, "%s: unexpected value of %s: %m, ignoring", s->label, s->property);
                busy = false;
        }
        watch_set_busy(w, busy);
        return 0;
}

static int on_fallback_reply(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        BusyWatch *w = userdata;
        const BusyWatchSpec *s = w->spec;
        const sd_bus_error *e = sd_bus_message_get_error(m);
        bool busy = false;
        int r;

        w->read_slot = sd_bus_slot_unref(w->read_slot);

        if (e) {
                log_debug("%s: no %s() either (%s)", s->label, s->fallback_method, e->message ?: e->name);
                w->unannounced = false;
                watch_set_busy(w, false);
                return 0;
        }
        r = s->parse(m, &busy);
        if (r < 0) {
                log_full_errno(LOG_DEBUG, r, "%s: unexpected answer of %s(): %m, ignoring", s->label, s->fallback_method);
                w->unannounced = false;
                watch_set_busy(w, false);
                return 0;
        }
        log_info("%s has no %s property (an older version): it announces no change, so it is "
                 "asked again with %s() when a reminder is due", s->label, s->property, s->fallback_method);
        w->unannounced = true;
        watch_set_busy(w, busy);
        return 0;
}

static int on_properties_changed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        BusyWatch *w = userdata;
        const BusyWatchSpec *s = w->spec;
        bool busy = false;
        int r;

        if (!bus_owner_sent(&w->owner, m))
                return 0;
        switch (bus_properties_changed_find(m, s->interface, s->property)) {
        case BUS_PROPERTY_VALUE:
                r = sd_bus_message_enter_container(m, 'v', s->signature);
                if (r >= 0)
                        r = s->parse(m, &busy);
                if (r < 0) {
                        log_full_errno(LOG_DEBUG, r, "%s: unexpected value of %s: %m, ignoring",
                                       s->label, s->property);
                        return 0;
                }
                w->unannounced = false;
                watch_set_busy(w, busy);
                break;
        case BUS_PROPERTY_INVALIDATED:
                /* Some servers (mako) only say that the property changed, without the value. */
                r = read_async(w, sd_bus_message_get_sender(m), false);
                if (r < 0)
                        log_warning_errno(r, "%s: cannot read %s: %m, ignoring", s->label, s->property);
                break;
        default:
                break;
        }
        return 0;
}

/* changed_signal(s, s, v) or removed_signal(s, s) of a get_method server; the match made sure
 * of the two strings. */
static int on_value_signal(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        BusyWatch *w = userdata;
        const BusyWatchSpec *s = w->spec;
        bool busy = false;
        int r;

        if (!bus_owner_sent(&w->owner, m))
                return 0;
        if (sd_bus_message_is_signal(m, s->interface, s->removed_signal)) {
                watch_set_busy(w, false);
                return 0;
        }
        r = sd_bus_message_skip(m, "ss");
        if (r >= 0)
                r = sd_bus_message_enter_container(m, 'v', s->signature);
        if (r >= 0)
                r = s->parse(m, &busy);
        if (r < 0) {
                log_full_errno(LOG_DEBUG, r, "%s: unexpected value in %s: %m, ignoring", s->label,
                               s->changed_signal);
                return 0;
        }
        watch_set_busy(w, busy);
        return 0;
}

static int add_value_match(BusyWatch *w, const char *member, sd_bus_slot **ret) {
        const BusyWatchSpec *s = w->spec;
        _cleanup_(freep) char *match = NULL;

        if (asprintf(&match,
                     "type='signal',sender='%s',path='%s',interface='%s',member='%s',arg0='%s',arg1='%s'",
                     s->name, s->path, s->interface, member, s->get_args[0], s->get_args[1]) < 0)
                return -ENOMEM;
        return sd_bus_add_match_async(w->bus, ret, match, on_value_signal, NULL, w);
}

static int on_owner_changed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        BusyWatch *w = userdata;
        const BusyWatchSpec *s = w->spec;
        const char *new_owner;
        int r;

        if (bus_read_name_owner_changed(m, s->name, &new_owner) <= 0)
                return 0;

        /* Whatever the old owner was about to answer no longer matters. */
        w->read_slot = sd_bus_slot_unref(w->read_slot);
        w->unannounced = false;

        if (isempty(new_owner)) {
                log_debug("%s: %s left the bus", s->label, s->name);
                watch_set_busy(w, false);
                return 0;
        }

        /* A new server (dunst replaced by another, or restarted): its state replaces the old
         * one's when it answers; until then the old value stands, so a server restarting in
         * do-not-disturb does not let a reminder slip through. */
        log_debug("%s: %s is now owned by %s", s->label, s->name, new_owner);
        r = read_async(w, new_owner, false);
        if (r < 0) {
                log_warning_errno(r, "%s: cannot read %s: %m, ignoring", s->label, s->property);
                watch_set_busy(w, false);
        }
        return 0;
}

int busy_watch_new(sd_bus *bus, const BusyWatchSpec *spec, busy_watch_report_t report, void *userdata,
                   BusyWatch **ret) {
        _cleanup_(busy_watch_freep) BusyWatch *w = NULL;
        _cleanup_(freep) char *changed_match = NULL;
        int r;

        w = calloc(1, sizeof(BusyWatch));
        if (!w)
                return -ENOMEM;
        *w = (BusyWatch) {
                .bus = sd_bus_ref(bus),
                .spec = spec,
                .report = report,
                .userdata = userdata,
        };

        if (asprintf(&changed_match,
                     "type='signal',sender='%s',path='%s',interface='org.freedesktop.DBus.Properties',"
                     "member='PropertiesChanged',arg0='%s'", spec->name, spec->path, spec->interface) < 0)
                return -ENOMEM;

        r = bus_owner_watch(bus, &w->owner, spec->name);
        if (r < 0)
                return r;
        r = bus_match_name_owner_async(bus, &w->owner_slot, spec->name, on_owner_changed, w);
        if (r < 0)
                return r;
        if (spec->get_method) {
                r = add_value_match(w, spec->changed_signal, &w->changed_slot);
                if (r >= 0)
                        r = add_value_match(w, spec->removed_signal, &w->removed_slot);
        } else
                r = sd_bus_add_match_async(bus, &w->changed_slot, changed_match, on_properties_changed, NULL,
                                           w);
        if (r < 0)
                return r;
        /* Sent after the AddMatch calls on the same connection, so an owner that appears
         * after this read is announced to us. */
        r = read_async(w, spec->name, false);
        if (r < 0)
                return r;

        *ret = TAKE_PTR(w);
        return 0;
}

BusyWatch *busy_watch_free(BusyWatch *w) {
        if (!w)
                return NULL;
        sd_bus_slot_unref(w->owner_slot);
        sd_bus_slot_unref(w->changed_slot);
        sd_bus_slot_unref(w->removed_slot);
        sd_bus_slot_unref(w->read_slot);
        bus_owner_done(&w->owner);
        sd_bus_unref(w->bus);
        free(w);
        return NULL;
}

int busy_watch_refresh(BusyWatch *w) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL, *reply = NULL;
        bool busy = false;
        int r;

        if (!w || !w->unannounced)
                return 0;

        r = new_call(w, w->spec->name, true, &m);
        if (r < 0)
                return r;
        r = sd_bus_call(w->bus, m, REFRESH_TIMEOUT, &error, &reply);
        if (r < 0) {
                /* If the server went away, NameOwnerChanged says so; keep what we know. */
                log_debug("%s: %s() failed: %s, keeping the last state", w->spec->label, w->spec->fallback_method,
                          error.message ?: strerror(-r));
                return r;
        }
        r = w->spec->parse(reply, &busy);
        if (r < 0)
                return r;
        watch_set_busy(w, busy);
        return 1;
}

bool busy_watch_unannounced(const BusyWatch *w) {
        return w && w->unannounced;
}

int busy_read_basic(sd_bus_message *m, char type, void *ret) {
        int r;

        r = sd_bus_message_read_basic(m, type, ret);
        return r < 0 ? r : r == 0 ? -EBADMSG : 0;
}

int busy_parse_bool(sd_bus_message *m, bool *ret_busy) {
        int b, r;

        r = busy_read_basic(m, 'b', &b);
        if (r < 0)
                return r;
        *ret_busy = b;
        return 0;
}

bool busy_list_contains(const char *list, char sep, const char *word) {
        size_t n = strlen(word);

        if (!list || n == 0)
                return false;
        for (const char *p = list;;) {
                const char *end = strchr(p, sep);
                size_t len = end ? (size_t) (end - p) : strlen(p);

                if (len == n && strncmp(p, word, n) == 0)
                        return true;
                if (!end)
                        return false;
                p = end + 1;
        }
}
