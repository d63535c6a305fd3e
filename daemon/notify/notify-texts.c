/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What limber's notifications say: pure functions from the catalog and the counts to a
 * summary and a body, unit-tested apart from the helper process (test-notify-texts.c). */

#include <stdarg.h>
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

/* A body built line by line in a memory stream. */
typedef struct Body {
        FILE *f;
        char *text;
        size_t size;
        bool oom;               /* a part could not be built */
} Body;

static int body_open(Body *b) {
        *b = (Body) {};
        b->f = open_memstream(&b->text, &b->size);
        return b->f ? 0 : -ENOMEM;
}

/* Closes the stream; returns the text (the caller frees it) or NULL on failure. */
static char *body_close(Body *b) {
        bool failed = ferror(b->f) || b->oom;

        if (fclose(b->f) != 0 || failed) {
                free(b->text);
                return NULL;
        }
        return b->text;
}

/* The exercise first (dose and steps, its caution), then the safety line. */
static void body_exercise(Body *b, const Exercise *e) {
        _cleanup_(freep) char *instructions = e ? exercise_instructions(e) : NULL;

        if (e && !instructions)
                b->oom = true;
        if (instructions)
                fprintf(b->f, "%s\n", instructions);
        fprintf(b->f, "%s", NOTIFY_SAFETY_LINE);
}

static void body_rules(Body *b, char * const *rules) {
        if (!rules || !rules[0])
                return;
        fprintf(b->f, "\n\n%s", "Before you start (shown once a day):");
        for (char * const *r = rules; *r; r++)
                fprintf(b->f, "\n• %s", *r);
}

static int text_finish(char *summary, Body *b, NotifyText *ret) {
        char *body = body_close(b);

        if (!summary || !body) {
                free(summary);
                free(body);
                return -ENOMEM;
        }
        *ret = (NotifyText) { summary, body };
        return 0;
}

int notify_text_reminder(const Exercise *e, usec_t active, char * const *rules, NotifyText *ret) {
        char d[DURATION_FORMAT_MAX];
        char *summary;
        Body b;

        if (body_open(&b) < 0)
                return -ENOMEM;
        summary = e ? strdup_printf("Time for a break: %s", e->name) : strdup("Time for a break");
        body_exercise(&b, e);
        fprintf(b.f, "\n");
        fprintf(b.f, "You have worked %s without a break.", duration_format(d, active));
        body_rules(&b, rules);
        return text_finish(summary, &b, ret);
}

int notify_text_micro(const Exercise *e, NotifyText *ret) {
        char *summary;
        Body b;

        if (body_open(&b) < 0)
                return -ENOMEM;
        summary = strdup_printf("Quick move: %s", e->name);
        body_exercise(&b, e);
        return text_finish(summary, &b, ret);
}

int notify_text_step(const Exercise *e, unsigned step, unsigned n_steps, usec_t step_duration,
                     char * const *rules, NotifyText *ret) {
        char d[DURATION_FORMAT_MAX];
        char *summary;
        Body b;

        if (body_open(&b) < 0)
                return -ENOMEM;
        summary = e ? strdup_printf("Break %u/%u: %s", step + 1, n_steps, e->name)
                    : strdup_printf("Break %u/%u: move and stretch", step + 1, n_steps);
        body_exercise(&b, e);
        fprintf(b.f, "\n");
        fprintf(b.f, "About %s for this one.", duration_format(d, step_duration));
        body_rules(&b, rules);
        return text_finish(summary, &b, ret);
}

int notify_text_break_over(HistoryKind kind, usec_t duration, NotifyText *ret) {
        char d[DURATION_FORMAT_MAX];
        char *summary;
        Body b;

        if (body_open(&b) < 0)
                return -ENOMEM;
        duration_format(d, duration);
        if (kind == HISTORY_TAKEN) {
                summary = strdup("Break over");
                fprintf(b.f, "Recorded a break of %s.", d);
        } else {
                summary = strdup("Break ended early");
                fprintf(b.f, "Recorded as skipped after %s: it does not count as a break.", d);
        }
        return text_finish(summary, &b, ret);
}

int notify_text_problems(char * const *problems, NotifyText *ret) {
        size_t n = 0;
        char *summary;
        Body b;

        for (char * const *p = problems; p && *p; p++)
                n++;
        if (body_open(&b) < 0)
                return -ENOMEM;
        summary = n == 1 ? strdup("limber: a problem needs you")
                         : strdup_printf("limber: %zu problems need you", n);
        for (char * const *p = problems; p && *p; p++)
                fprintf(b.f, "%s\n", *p);
        fprintf(b.f, "%s", "Run \"limberctl status\" to see them again.");
        return text_finish(summary, &b, ret);
}

char *notify_label_snooze(char buf[static NOTIFY_LABEL_MAX], usec_t snooze) {
        usec_t s = snooze / USEC_PER_SEC, h = s / 3600, m = s % 3600 / 60;

        if (s < 60)
                snprintf(buf, NOTIFY_LABEL_MAX, "Snooze %u s", (unsigned) s);
        else if (h == 0)
                snprintf(buf, NOTIFY_LABEL_MAX, "Snooze %u min", (unsigned) m);
        else if (m == 0)
                snprintf(buf, NOTIFY_LABEL_MAX, "Snooze %u h", (unsigned) h);
        else
                snprintf(buf, NOTIFY_LABEL_MAX, "Snooze %u h %u min", (unsigned) h, (unsigned) m);
        return buf;
}
