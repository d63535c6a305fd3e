/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ctl-bus.h"
#include "ctl-json.h"
#include "ctl-status.h"
#include "ctl-util.h"
#include "ctl-verbs.h"

int verb_status(int argc, char *argv[], const CtlArgs *args) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(status_done) Status s = {};
        int r;

        r = bus_connect(&bus);
        if (r < 0)
                return r;
        /* Like every verb, status starts limberd where D-Bus can activate it; exit 3 then
         * means it cannot be started at all. */
        r = status_fetch(bus, &s, 0);
        if (r < 0)
                return r;

        if (args->json) {
                Json j;

                json_init(&j, stdout);
                status_json(&j, &s, now_realtime());
        } else
                status_print(&s, now_realtime(), &args->style, stdout);
        return 0;
}
