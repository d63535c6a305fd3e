/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mako's do-not-disturb: the mode "do-not-disturb" (the name mako's documentation uses, set
 * with "makoctl mode -a do-not-disturb") is among the active modes. mako owns only
 * org.freedesktop.Notifications and serves fr.emersion.Mako at /fr/emersion/Mako. Since 1.10
 * it has a "Modes" property that it invalidates (PropertiesChanged without the value) on every
 * change, so we read it again then. Older mako (1.7 in Debian 12, 1.8 in Ubuntu 24.04) only
 * has the ListModes method and announces nothing: it is asked when a reminder is due
 * (busy_refresh()). */
#include "busy/busy-watch.h"

#define MAKO_DND_MODE "do-not-disturb"

static int parse_modes(sd_bus_message *m, bool *ret_busy) {
        _cleanup_(strv_freep) char **modes = NULL;
        int r;

        r = sd_bus_message_read_strv(m, &modes);
        if (r < 0)
                return r;
        *ret_busy = strv_contains(modes, MAKO_DND_MODE);
        return 0;
}

const BusyWatchSpec busy_watch_mako = {
        .source = BUSY_SOURCE_MAKO,
        .label = "mako",
        .name = "org.freedesktop.Notifications",
        .path = "/fr/emersion/Mako",
        .interface = "fr.emersion.Mako",
        .property = "Modes",
        .signature = "as",
        .fallback_method = "ListModes",
        .parse = parse_modes,
};
