/* SPDX-License-Identifier: GPL-3.0-or-later */
/* schedule.working-hours: a comma-separated list of "DAYS HH:MM-HH:MM" ranges.
 *
 * DAYS is one day (Mon … Sun, any case) or a span "Mon-Fri"; a span may wrap ("Fri-Mon" is
 * Fri, Sat, Sun, Mon). Times run 00:00 … 24:00, 24:00 only as an end. A range whose end is
 * before its start runs past midnight: "Fri 22:00-02:00" is Friday 22:00 to Saturday 02:00,
 * so it belongs to Friday even though part of it falls on Saturday. */

#include <ctype.h>
#include <stdarg.h>

#include "core/working-hours.h"
#include "util/i18n.h"

#define WORKING_RANGES_MAX 32U

static const char * const day_names[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

static const char *skip_blanks(const char *p, const char *end) {
        while (p < end && (*p == ' ' || *p == '\t'))
                p++;
        return p;
}

/* A day name: exactly three letters, not followed by another letter. Returns the weekday
 * (0 = Monday) and advances *p, or -1. */
static int parse_day(const char **p, const char *end) {
        const char *s = *p;

        if (end - s < 3 || (end - s > 3 && isalpha((unsigned char) s[3])))
                return -1;
        for (int d = 0; d < 7; d++)
                if (strncasecmp(s, day_names[d], 3) == 0) {
                        *p = s + 3;
                        return d;
                }
        return -1;
}

/* "H:MM" or "HH:MM", 00:00 … 24:00. Returns minutes after midnight and advances *p, or -1. */
static int parse_time(const char **p, const char *end) {
        const char *s = *p;
        unsigned h = 0, m;
        int digits = 0;

        while (s < end && isdigit((unsigned char) *s) && digits < 3) {
                h = h * 10 + (unsigned) (*s++ - '0');
                digits++;
        }
        if (digits < 1 || digits > 2 || s >= end || *s != ':')
                return -1;
        s++;
        if (end - s < 2 || !isdigit((unsigned char) s[0]) || !isdigit((unsigned char) s[1]) ||
            (end - s > 2 && isdigit((unsigned char) s[2])))
                return -1;
        m = (unsigned) (s[0] - '0') * 10 + (unsigned) (s[1] - '0');
        if (m > 59 || h > 24 || (h == 24 && m != 0))
                return -1;
        *p = s + 2;
        return (int) (h * 60 + m);
}

static unsigned day_span(int first, int last) {
        unsigned days = 0;

        /* Inclusive, wrapping past Sunday: Fri-Mon is Fri, Sat, Sun, Mon. */
        for (int d = first;; d = (d + 1) % 7) {
                days |= 1U << d;
                if (d == last)
                        break;
        }
        return days;
}

/* One "DAYS HH:MM-HH:MM" element, between s and end (already trimmed). */
static int parse_range(const char *s, const char *end, WorkingRange *ret, char **ret_error) {
        const char *p = s, *t;
        int first, last, start, stop;
        int n = (int) (end - s);

        first = parse_day(&p, end);
        if (first < 0)
                return error_setf(ret_error, -EINVAL,
                                _("\"%.*s\" does not start with a day: use Mon, Tue, Wed, Thu, Fri, Sat or Sun, "
                                "or a span like Mon-Fri, e.g. Mon-Fri 09:00-18:00"), n, s);
        last = first;
        t = skip_blanks(p, end);
        if (t < end && *t == '-') {
                p = skip_blanks(t + 1, end);
                last = parse_day(&p, end);
                if (last < 0)
                        return error_setf(ret_error, -EINVAL,
                                        _("\"%.*s\" has no day after \"-\": use a span like Mon-Fri, e.g. Mon-Fri 09:00-18:00"), n, s);
        }

        t = skip_blanks(p, end);
        if (t == p || t == end)
                return error_setf(ret_error, -EINVAL,
                                _("\"%.*s\" has no times: add a start and an end after the days, e.g. Mon-Fri 09:00-18:00"), n, s);
        p = t;

        start = parse_time(&p, end);
        p = skip_blanks(p, end);
        if (start < 0 || p >= end || *p != '-')
                return error_setf(ret_error, -EINVAL,
                                _("\"%.*s\" has no valid time range: write HH:MM-HH:MM between 00:00 and 24:00, e.g. Mon-Fri 09:00-18:00"), n, s);
        p = skip_blanks(p + 1, end);
        stop = parse_time(&p, end);
        if (stop < 0)
                return error_setf(ret_error, -EINVAL,
                                _("\"%.*s\" has no valid end time: write HH:MM between 00:00 and 24:00, e.g. Mon-Fri 09:00-18:00"), n, s);
        p = skip_blanks(p, end);
        if (p != end)
                return error_setf(ret_error, -EINVAL,
                                _("\"%.*s\" has unexpected text \"%.*s\" at the end: separate ranges with \",\", e.g. Mon-Fri 09:00-18:00, Sat 10:00-13:00"), n, s, (int) (end - p), p);

        if (start == 24 * 60)
                return error_setf(ret_error, -EINVAL,
                                _("\"%.*s\" starts at 24:00: 24:00 can only end a range, e.g. Mon-Fri 18:00-24:00"),
                                n, s);
        if (start == stop)
                return error_setf(ret_error, -EINVAL,
                                _("\"%.*s\" starts and ends at the same time: for a whole day write 00:00-24:00, "
                                "e.g. Sat 00:00-24:00"),
                                n, s);

        *ret = (WorkingRange) {
                .days = day_span(first, last),
                .start = (unsigned) start,
                .end = (unsigned) stop,
        };
        return 0;
}

int working_hours_parse(const char *text, WorkingHours *ret, char **ret_error) {
        _cleanup_(freep) WorkingRange *ranges = NULL;
        size_t n = 0;
        const char *p = text;
        int r;

        if (!text)
                return error_setf(ret_error, -EINVAL, _("missing working hours, e.g. Mon-Fri 09:00-18:00"));

        p = skip_blanks(p, p + strlen(p));
        if (*p == '\0') {
                *ret = (WorkingHours) {};
                return 0;
        }

        for (;;) {
                const char *e = p + strcspn(p, ","), *s = p, *last = e;
                WorkingRange *nr;

                s = skip_blanks(s, e);
                while (last > s && (last[-1] == ' ' || last[-1] == '\t'))
                        last--;
                if (s == last)
                        return error_setf(ret_error, -EINVAL,
                                        _("\"%s\" has an empty range between commas, e.g. Mon-Fri 09:00-18:00"), text);
                if (n >= WORKING_RANGES_MAX)
                        return error_setf(ret_error, -EINVAL, _("\"%s\" has more than %u ranges: join days into spans, e.g. Mon-Fri 09:00-18:00"),
                                        text, WORKING_RANGES_MAX);

                nr = realloc(ranges, (n + 1) * sizeof(WorkingRange));
                if (!nr)
                        return -ENOMEM;
                ranges = nr;
                r = parse_range(s, last, &ranges[n], ret_error);
                if (r < 0)
                        return r;
                n++;

                if (*e == '\0')
                        break;
                p = e + 1;
        }

        *ret = (WorkingHours) {
                .ranges = TAKE_PTR(ranges),
                .n_ranges = n,
        };
        return 0;
}

void working_hours_done(WorkingHours *wh) {
        if (!wh)
                return;
        free(wh->ranges);
        *wh = (WorkingHours) {};
}

bool working_hours_contains(const WorkingHours *wh, unsigned weekday, unsigned minute) {
        unsigned yesterday = (weekday + 6) % 7;

        if (!wh || wh->n_ranges == 0)
                return true;

        for (size_t i = 0; i < wh->n_ranges; i++) {
                const WorkingRange *w = &wh->ranges[i];

                if (w->start < w->end) {
                        if ((w->days & (1U << weekday)) && minute >= w->start && minute < w->end)
                                return true;
                } else {
                        /* Crosses midnight: the evening part on the day itself, the early
                         * morning part on the day after. */
                        if ((w->days & (1U << weekday)) && minute >= w->start)
                                return true;
                        if ((w->days & (1U << yesterday)) && minute < w->end)
                                return true;
                }
        }
        return false;
}
