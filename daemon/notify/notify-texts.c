/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What limber's notifications say: pure functions from the catalog and the counts to a
 * summary and a body, unit-tested apart from the helper process (notify.c). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notify/notify-texts.h"
#include "util/duration.h"
#include "util/i18n.h"

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
        char d[DURATION_TEXT_MAX];

        i18n_format_duration(d, active);
        if ((e ? asprintf(&summary, _("Time for a break: %s"), e->name)
               : asprintf(&summary, "%s", _("Time for a break"))) < 0)
                return -ENOMEM;
        /* TRANSLATORS: %s is a duration such as "2 h 5 min". */
        if (asprintf(&intro, _("You have worked %s without a break.\n\n"), d) < 0)
                return -ENOMEM;
        body = e ? append_instructions(e, intro) : strdup(intro);
        if (!body)
                return -ENOMEM;

        *ret = (NotifyText) { TAKE_PTR(summary), TAKE_PTR(body) };
        return 0;
}

int notify_text_micro(const Exercise *e, NotifyText *ret) {
        _cleanup_(freep) char *summary = NULL, *body = NULL;

        if (asprintf(&summary, _("Quick move: %s"), e->name) < 0)
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
        char d[DURATION_TEXT_MAX];
        size_t len = 0;

        /* TRANSLATORS: the step of a guided break, e.g. "Break 2/4: Back twist". */
        if (asprintf(&summary, _("Break %u/%u: %s"), step + 1, n_steps, e ? e->name : _("move and stretch")) < 0)
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
        } else if (asprintf(&intro, _("About %s for this one.\n\n"), i18n_format_duration(d, step_duration)) < 0)
                return -ENOMEM;

        body = e ? append_instructions(e, intro) : strdup(intro);
        if (!body)
                return -ENOMEM;
        *ret = (NotifyText) { TAKE_PTR(summary), TAKE_PTR(body) };
        return 0;
}
