/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>

#include "util/duration.h"
#include "util/i18n.h"

static usec_t unit_usec(const char *unit, size_t len) {
        static const struct {
                const char *name;
                usec_t usec;
        } units[] = {
                { "s",   USEC_PER_SEC },
                { "m",   USEC_PER_MINUTE },
                { "min", USEC_PER_MINUTE },
                { "h",   USEC_PER_HOUR },
                { "d",   USEC_PER_DAY },
        };

        for (size_t i = 0; i < ELEMENTSOF(units); i++)
                if (strlen(units[i].name) == len && strncmp(unit, units[i].name, len) == 0)
                        return units[i].usec;
        return 0;
}

int duration_parse(const char *text, usec_t *ret, char **ret_error) {
        const char *p = text;
        usec_t total = 0;

        if (!text)
                return error_setf(ret_error, -EINVAL, _("missing duration, e.g. 90s, 10m, 2h or 2h30m"));

        while (isspace((unsigned char) *p))
                p++;
        if (*p == '\0')
                return error_setf(ret_error, -EINVAL, _("empty duration, e.g. 90s, 10m, 2h or 2h30m"));

        while (*p != '\0') {
                const char *number = p, *unit;
                usec_t value = 0, unit_value;

                if (*p == '-')
                        return error_setf(ret_error, -EINVAL,
                                              _("\"%s\" is negative: durations are zero or more, e.g. 90s, 10m, 2h or 2h30m"), text);
                if (!isdigit((unsigned char) *p))
                        return error_setf(ret_error, -EINVAL,
                                              _("\"%s\" is not a duration: expected a number at \"%s\", e.g. 90s, 10m, 2h or 2h30m"),
                                              text, p);

                for (; isdigit((unsigned char) *p); p++) {
                        unsigned digit = (unsigned) (*p - '0');

                        if (value > (UINT64_MAX - digit) / 10)
                                return error_setf(ret_error, -ERANGE,
                                                      _("\"%s\" is too long a duration, e.g. 90s, 10m, 2h or 2h30m"), text);
                        value = value * 10 + digit;
                }

                if (*p == '.' || *p == ',')
                        return error_setf(ret_error, -EINVAL,
                                              _("\"%s\" has a fraction: use whole numbers of a smaller unit (90m, not 1.5h)"),
                                              text);

                while (*p == ' ' || *p == '\t')
                        p++;
                unit = p;
                while (isalpha((unsigned char) *p))
                        p++;
                if (p == unit)
                        return error_setf(ret_error, -EINVAL,
                                              _("\"%.*s\" has no unit: add s, m, min, h or d, e.g. 90s, 10m, 2h, 2h30m or 7d"),
                                              (int) strcspn(number, " \t"), number);

                unit_value = unit_usec(unit, (size_t) (p - unit));
                if (unit_value == 0)
                        return error_setf(ret_error, -EINVAL,
                                              _("\"%.*s\" in \"%s\" is not a unit: use s, m, min, h or d, e.g. 90s, 10m, 2h, 2h30m or 7d"),
                                              (int) (p - unit), unit, text);

                if (value > (UINT64_MAX - 1 - total) / unit_value)
                        return error_setf(ret_error, -ERANGE,
                                              _("\"%s\" is too long a duration, e.g. 90s, 10m, 2h or 2h30m"), text);
                total += value * unit_value;

                while (isspace((unsigned char) *p))
                        p++;
        }

        if (ret)
                *ret = total;
        return 0;
}

char *duration_format(char buf[static DURATION_FORMAT_MAX], usec_t usec) {
        usec_t s, h, m;
        size_t n = 0;

        if (usec == USEC_INFINITY) {
                snprintf(buf, DURATION_FORMAT_MAX, "infinity");
                return buf;
        }

        s = usec / USEC_PER_SEC + (usec % USEC_PER_SEC >= USEC_PER_SEC / 2);
        h = s / 3600;
        m = (s % 3600) / 60;
        s %= 60;

        buf[0] = '\0';
        if (h > 0)
                n += (size_t) snprintf(buf + n, DURATION_FORMAT_MAX - n, "%" PRIu64 "h", h);
        if (m > 0)
                n += (size_t) snprintf(buf + n, DURATION_FORMAT_MAX - n, "%" PRIu64 "m", m);
        if (s > 0 || n == 0)
                snprintf(buf + n, DURATION_FORMAT_MAX - n, "%" PRIu64 "s", s);
        return buf;
}
