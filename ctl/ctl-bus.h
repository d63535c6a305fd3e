/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* limberctl's side of the bus: connecting, calling limberd, and turning bus errors into
 * messages and exit statuses (see ctl-util.h). */

#include <stdarg.h>
#include <systemd/sd-bus.h>

#include "util/util.h"

typedef enum BusCallFlags {
        /* Every verb lets the bus start limberd if it is not running (D-Bus activation), so
         * that any of them answers from the first use on. This flag asks not to: for shell
         * completion (a Tab must not start a daemon) and watch (which waits for limberd). */
        BUS_CALL_NO_ACTIVATE = 1U << 0,
        /* The method may be missing from an older limberd: then return -EOPNOTSUPP quietly. */
        BUS_CALL_OPTIONAL = 1U << 1,
        /* A command that may start limberd: when the call did, say so on stderr and name
         * what was started (the program, its PID, its configuration and history folder), since
         * the bus runs whatever its activation file names, with the bus's environment. */
        BUS_CALL_ANNOUNCE_START = 1U << 2,
} BusCallFlags;

/* Opens the user's session bus. Without one it says how to start limberd and returns
 * -EHOSTDOWN. */
int bus_connect(sd_bus **ret);

/* Calls member of limberd's interface with arguments types…. On failure prints why and
 * returns -EHOSTDOWN (limberd or the bus is not there) or -EREMOTEIO (limberd refused; its
 * message is printed) or another negative errno. ret_reply may be NULL. */
int bus_call(sd_bus *bus, const char *member, BusCallFlags flags, sd_bus_message **ret_reply,
             const char *types, ...);
/* The same on another interface of limberd's object (org.freedesktop.DBus.Properties). */
int bus_call_interface(sd_bus *bus, const char *interface, const char *member, BusCallFlags flags,
                       sd_bus_message **ret_reply, const char *types, ...);

int bus_callv(sd_bus *bus, const char *interface, const char *member, BusCallFlags flags,
              sd_bus_message **ret_reply, const char *types, va_list ap);

/* Whether limberd owns its name now (true when the bus cannot say). */
bool bus_daemon_running(sd_bus *bus);

/* The bus error names meaning "no limberd to talk to". */
bool bus_error_is_no_daemon(const sd_bus_error *e);
/* Prints the message for a failed call and returns -EHOSTDOWN, -EREMOTEIO or r. */
int bus_log_call_error(const sd_bus_error *e, int r);
/* For a reply that does not read as expected. Returns -EBADMSG. */
int bus_log_parse_error(int r);

/* The hint every "not running" message ends with. */
