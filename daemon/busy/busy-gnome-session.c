/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Idle inhibitors in a GNOME session (GTK's gtk_application_inhibit, the inhibit portal, the
 * ScreenSaver API, which is how video players and call apps keep the screen on): gnome-session
 * ORs their flags into "InhibitedActions", and its generated D-Bus skeleton sends
 * PropertiesChanged with the new value when that changes. Flag 8 is "idle". */
#include "busy/busy-watch.h"

#define GSM_INHIBITOR_FLAG_IDLE 8u

static int parse_inhibited_actions(sd_bus_message *m, bool *ret_busy) {
        uint32_t flags;
        int r;

        r = busy_read_basic(m, 'u', &flags);
        if (r < 0)
                return r;
        *ret_busy = flags & GSM_INHIBITOR_FLAG_IDLE;
        return 0;
}

const BusyWatchSpec busy_watch_gnome_session = {
        .source = BUSY_SOURCE_GNOME_SESSION,
        .label = "GNOME session inhibitors",
        .name = "org.gnome.SessionManager",
        .path = "/org/gnome/SessionManager",
        .interface = "org.gnome.SessionManager",
        .property = "InhibitedActions",
        .signature = "u",
        .parse = parse_inhibited_actions,
};
