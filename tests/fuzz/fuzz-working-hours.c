/* SPDX-License-Identifier: GPL-3.0-or-later */
/* working_hours_parse(): schedule.working-hours, from limber.ini or SetConfig. Parsed ranges
 * are in bounds, and working_hours_contains() answers for every day of the week. */
#include "core/working-hours.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        _cleanup_(freep) char *text = NULL, *error = NULL;
        WorkingHours wh = {};
        int r;

        fuzz_setup();
        if (size > 4096)
                return 0;
        text = fuzz_string(data, size);

        r = working_hours_parse(text, &wh, &error);
        if (r < 0) {
                if (r != -ENOMEM && isempty(error))
                        fuzz_fail("working_hours_parse(\"%s\") failed without a reason", text);
                return 0;
        }
        if (wh.n_ranges > 0 && !wh.ranges)
                fuzz_fail("%zu ranges but no array", wh.n_ranges);
        for (size_t i = 0; i < wh.n_ranges; i++) {
                const WorkingRange *w = &wh.ranges[i];

                if (w->days == 0 || w->days >= 1U << 7 || w->start >= 1440 || w->end > 1440)
                        fuzz_fail("\"%s\": range %zu out of bounds: days %#x, %u-%u", text, i, w->days,
                                  w->start, w->end);
        }
        /* Every day at a few times, including both ends of the day. */
        for (unsigned day = 0; day < 7; day++)
                for (unsigned minute = 0; minute < 1440; minute += 239)
                        (void) working_hours_contains(&wh, day, minute == 1434 ? 1439 : minute);
        working_hours_done(&wh);
        return 0;
}
