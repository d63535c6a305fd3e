/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ctl-bus.h"
#include "ctl-util.h"
#include "util/i18n.h"
#include "util/limber-bus.h"

int bus_connect(sd_bus **ret) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        int r;

        r = sd_bus_open_user(&bus);
        if (r < 0) {
                ctl_error(r, _("cannot reach the session bus (%m): limberd is not running; start it with: systemctl --user start limber"));
                return -EHOSTDOWN;
        }
        *ret = TAKE_PTR(bus);
        return 0;
}

static bool is_connection_error(int r) {
        switch (-r) {
        case ECONNRESET:
        case ECONNREFUSED:
        case ENOTCONN:
        case ENOENT:
        case EPIPE:
        case ESHUTDOWN:
                return true;
        default:
                return false;
        }
}

bool bus_error_is_no_daemon(const sd_bus_error *e) {
        if (!sd_bus_error_is_set(e))
                return false;
        /* Activation failures (…Spawn.ChildExited, …Spawn.ServiceNotFound) mean the same. */
        return sd_bus_error_has_names(e, SD_BUS_ERROR_SERVICE_UNKNOWN, SD_BUS_ERROR_NAME_HAS_NO_OWNER) ||
                strncmp(e->name, "org.freedesktop.DBus.Error.Spawn.", 33) == 0;
}

int bus_log_call_error(const sd_bus_error *e, int r) {
        if (sd_bus_error_is_set(e) && strncmp(e->name, "org.freedesktop.DBus.Error.Spawn.", 33) == 0) {
                /* Activation ran limberd, and it failed: say what the bus said. */
                ctl_error(0, _("limberd could not be started: %s; see why with: journalctl --user -u limber "
                            "(or run limberd in a terminal)"), e->message ?: e->name);
                return -EHOSTDOWN;
        }
        if (bus_error_is_no_daemon(e)) {
                ctl_error(0, _("limberd is not running; start it with: systemctl --user start limber"));
                return -EHOSTDOWN;
        }
        if (sd_bus_error_is_set(e)) {
                /* limberd's messages are written for people: show them as they are. */
                ctl_error(0, "%s", e->message ?: e->name);
                return -EREMOTEIO;
        }
        if (is_connection_error(r)) {
                ctl_error(r, _("lost the session bus (%m): limberd is not running; start it with: systemctl --user start limber"));
                return -EHOSTDOWN;
        }
        return ctl_error(r, _("D-Bus call failed: %m"));
}

int bus_log_parse_error(int r) {
        ctl_error(r, _("cannot read limberd's reply (%m): is limberctl as new as limberd?"));
        return -EBADMSG;
}

int bus_callv(sd_bus *bus, const char *interface, const char *member, BusCallFlags flags,
              sd_bus_message **ret_reply, const char *types, va_list ap) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL, *reply = NULL;
        int r;

        r = sd_bus_message_new_method_call(bus, &m, LIMBER_BUS_NAME, LIMBER_BUS_PATH, interface, member);
        if (r < 0)
                return bus_log_call_error(NULL, r);
        r = sd_bus_message_set_auto_start(m, !(flags & BUS_CALL_NO_ACTIVATE));
        if (r < 0)
                return bus_log_call_error(NULL, r);
        if (types) {
                r = sd_bus_message_appendv(m, types, ap);
                if (r < 0)
                        return bus_log_call_error(NULL, r);
        }

        r = sd_bus_call(bus, m, 0, &error, &reply);
        if (r < 0 && (flags & BUS_CALL_OPTIONAL) &&
            sd_bus_error_has_names(&error, SD_BUS_ERROR_UNKNOWN_METHOD, SD_BUS_ERROR_UNKNOWN_INTERFACE))
                return -EOPNOTSUPP;
        if (r < 0)
                return bus_log_call_error(&error, r);

        if (ret_reply)
                *ret_reply = TAKE_PTR(reply);
        return 0;
}

int bus_call(sd_bus *bus, const char *member, BusCallFlags flags, sd_bus_message **ret_reply,
             const char *types, ...) {
        va_list ap;
        int r;

        va_start(ap, types);
        r = bus_callv(bus, LIMBER_BUS_INTERFACE, member, flags, ret_reply, types, ap);
        va_end(ap);
        return r;
}

int bus_call_interface(sd_bus *bus, const char *interface, const char *member, BusCallFlags flags,
                       sd_bus_message **ret_reply, const char *types, ...) {
        va_list ap;
        int r;

        va_start(ap, types);
        r = bus_callv(bus, interface, member, flags, ret_reply, types, ap);
        va_end(ap);
        return r;
}
