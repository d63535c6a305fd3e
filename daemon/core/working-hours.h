/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* schedule.working-hours: "Mon-Fri 09:00-18:00, Sat 10:00-13:00". Pure: the caller gives the
 * local weekday and minute; no clock reads. */

#include "util/util.h"

typedef struct WorkingRange {
        unsigned days;                  /* bit 0 = Monday … bit 6 = Sunday */
        unsigned start;                 /* minutes after midnight, 0..1439 */
        unsigned end;                   /* 0..1440; end < start crosses midnight */
} WorkingRange;

typedef struct WorkingHours {
        WorkingRange *ranges;           /* none = always working */
        size_t n_ranges;
} WorkingHours;

/* Parses text ("" = always). Day lists: "Mon", "Mon-Fri", "Sat,Sun" is two ranges so use
 * "Mon-Fri 09:00-12:00, Mon-Fri 13:00-18:00". A range that ends before it starts runs past
 * midnight into the next day. On error *ret_error names the bad part and shows an example. */
int working_hours_parse(const char *text, WorkingHours *ret, char **ret_error);
void working_hours_done(WorkingHours *wh);

/* weekday 0 = Monday … 6 = Sunday; minute 0..1439 of the local day. */
bool working_hours_contains(const WorkingHours *wh, unsigned weekday, unsigned minute);
