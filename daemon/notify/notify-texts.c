/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What limber's notifications say: pure functions from the catalog and the counts to a
 * summary and a body, unit-tested apart from the helper process (notify.c). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notify/notify-texts.h"
#include "util/duration.h"

void notify_text_done(NotifyText *t) {
        free(t->summary);
        free(t->body);
        *t = (NotifyText) {};
}

static char *append_instructions(const Exercise *e, const char *intro) {
        _cleanup_(freep) char *instructions = exercise_instructions(e);
        char *body;

        if (!instructions || asprintf(&body, "%s%s", intro, instructions) < 0)
                return NULL;
        return body;
}

int notify_text_reminder(const Exercise *e, usec_t active, NotifyText *ret) {
        _cleanup_(freep) char *summary = NULL, *body = NULL, *intro = NULL;
        char d[DURATION_FORMAT_MAX];

        duration_format(d, active);
        if (asprintf(&summary, e ? "Time for a break: %s" : "Time for a break", e ? e->name : "") < 0)
                return -ENOMEM;
        if (asprintf(&intro, "You have worked %s without a break.\n\n", d) < 0)
                return -ENOMEM;
        body = e ? append_instructions(e, intro) : strdup(intro);
        if (!body)
                return -ENOMEM;

        *ret = (NotifyText) { TAKE_PTR(summary), TAKE_PTR(body) };
        return 0;
}

int notify_text_daily_limit(usec_t active_today, NotifyText *ret) {
        _cleanup_(freep) char *summary = strdup("Daily limit reached"), *body = NULL;
        char d[DURATION_FORMAT_MAX];

        if (!summary || asprintf(&body, "You have been at the desk for %s today, the daily limit you set. "
                                 "Consider finishing for the day.", duration_format(d, active_today)) < 0)
                return -ENOMEM;
        *ret = (NotifyText) { TAKE_PTR(summary), TAKE_PTR(body) };
        return 0;
}

int notify_text_micro(const Exercise *e, NotifyText *ret) {
        _cleanup_(freep) char *summary = NULL, *body = NULL;

        if (asprintf(&summary, "Quick move: %s", e->name) < 0)
                return -ENOMEM;
        body = exercise_instructions(e);
        if (!body)
                return -ENOMEM;
        *ret = (NotifyText) { TAKE_PTR(summary), TAKE_PTR(body) };
        return 0;
}

int notify_text_step(const Exercise *e, unsigned step, unsigned n_steps, usec_t step_duration,
                     char * const *safety, NotifyText *ret) {
        _cleanup_(freep) char *summary = NULL, *body = NULL, *intro = NULL;
        char d[DURATION_FORMAT_MAX];
        size_t len = 0;

        if (asprintf(&summary, "Break %u/%u: %s", step + 1, n_steps, e ? e->name : "move and stretch") < 0)
                return -ENOMEM;

        /* The safety rules once, with the first step, where they are read before moving. */
        if (step == 0 && safety && safety[0]) {
                for (char * const *r = safety; *r; r++)
                        len += strlen(*r) + strlen("• \n");
                intro = malloc(len + 2);
                if (!intro)
                        return -ENOMEM;
                intro[0] = '\0';
                for (char * const *r = safety; *r; r++) {
                        strcat(intro, "• ");
                        strcat(intro, *r);
                        strcat(intro, "\n");
                }
                strcat(intro, "\n");
        } else if (asprintf(&intro, "About %s for this one.\n\n", duration_format(d, step_duration)) < 0)
                return -ENOMEM;

        body = e ? append_instructions(e, intro) : strdup(intro);
        if (!body)
                return -ENOMEM;
        *ret = (NotifyText) { TAKE_PTR(summary), TAKE_PTR(body) };
        return 0;
}
