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
        /* A question starts nothing (as systemctl status): without limberd, exit 3 and how to
         * start it. */
        r = status_fetch(bus, &s, BUS_CALL_NO_ACTIVATE);
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
