/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What limber's notifications say: pure functions from the catalog and the counts to a
 * summary and a body, unit-tested apart from the helper process (test-notify-texts.c). */

#include <stdarg.h>
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

/* The exercise: its dose, the safety line, then the steps and its caution. The safety line
 * second, so that a small box (mako's shows about five lines) that cuts the steps still shows
 * it. */
static void body_exercise(Body *b, const Exercise *e) {
        _cleanup_(freep) char *instructions = e ? exercise_instructions(e) : NULL;
        char *steps = NULL;

        if (e && !instructions)
                b->oom = true;
        if (instructions) {
                steps = strchr(instructions, '\n');    /* after the dose */
                if (steps)
                        *steps++ = '\0';
                fprintf(b->f, "%s\n", instructions);
        }
        fprintf(b->f, "%s", _(NOTIFY_SAFETY_LINE));
        if (steps)
                fprintf(b->f, "\n%s", steps);
}

static void body_rules(Body *b, char * const *rules) {
        if (!rules || !rules[0])
                return;
        fprintf(b->f, "\n\n%s", _("Before you start (shown once a day):"));
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

/* The reminder is short, to be read at a glance and fit every server: the dose, the safety
 * line, the first step (how to begin); the safety line before the step, so that a small box
 * (mako's shows about five lines) that cuts the step still shows it. The whole steps and the
 * day's rules are where the break is done (the guided break, "limberctl exercises show"). */
int notify_text_reminder(const Exercise *e, NotifyText *ret) {
        char *summary;
        Body b;

        if (body_open(&b) < 0)
                return -ENOMEM;
        summary = e ? strdup_printf(_("Time for a break: %s"), e->name) : strdup(_("Time for a break"));
        if (e)
                fprintf(b.f, "%s\n%s\n%s", e->dose, _(NOTIFY_SAFETY_LINE), e->steps[0]);
        else
                fprintf(b.f, "%s", _(NOTIFY_SAFETY_LINE));
        return text_finish(summary, &b, ret);
}

int notify_text_daily_limit(usec_t active_today, NotifyText *ret) {
        _cleanup_(freep) char *summary = strdup(_("Daily limit reached")), *body = NULL;
        char d[DURATION_TEXT_MAX];

        /* TRANSLATORS: %s is a duration such as "8 h 30 min". */
        if (!summary || asprintf(&body, _("You have been at the desk for %s today, the daily limit you set. "
                                          "Consider finishing for the day."), i18n_format_duration(d, active_today)) < 0)
                return -ENOMEM;
        *ret = (NotifyText) { TAKE_PTR(summary), TAKE_PTR(body) };
        return 0;
}

int notify_text_micro(const Exercise *e, NotifyText *ret) {
        char *summary;
        Body b;

        if (body_open(&b) < 0)
                return -ENOMEM;
        summary = strdup_printf(_("Quick move: %s"), e->name);
        body_exercise(&b, e);
        return text_finish(summary, &b, ret);
}

int notify_text_step(const Exercise *e, unsigned step, unsigned n_steps, usec_t step_duration,
                     char * const *rules, NotifyText *ret) {
        char d[DURATION_TEXT_MAX];
        char *summary;
        Body b;

        if (body_open(&b) < 0)
                return -ENOMEM;
        /* TRANSLATORS: the step of a guided break, e.g. "Break 2/4: Back twist". */
        summary = strdup_printf(_("Break %u/%u: %s"), step + 1, n_steps, e ? e->name : _("move and stretch"));
        body_exercise(&b, e);
        fprintf(b.f, "\n");
        fprintf(b.f, _("About %s for this one."), i18n_format_duration(d, step_duration));
        body_rules(&b, rules);
        return text_finish(summary, &b, ret);
}

int notify_text_break_over(HistoryKind kind, usec_t duration, NotifyText *ret) {
        char d[DURATION_TEXT_MAX];
        char *summary;
        Body b;

        if (body_open(&b) < 0)
                return -ENOMEM;
        i18n_format_duration(d, duration);
        if (kind == HISTORY_TAKEN) {
                summary = strdup(_("Break over"));
                fprintf(b.f, _("Recorded a break of %s."), d);
        } else {
                summary = strdup(_("Break ended early"));
                fprintf(b.f, _("Recorded as skipped after %s: it does not count as a break."), d);
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
        summary = n == 1 ? strdup(_("limber: a problem needs you"))
                         : strdup_printf(ngettext("limber: %zu problem needs you", "limber: %zu problems need you", n), n);
        for (char * const *p = problems; p && *p; p++)
                fprintf(b.f, "%s\n", *p);
        fprintf(b.f, "%s", _("Run \"limberctl status\" to see them again."));
        return text_finish(summary, &b, ret);
}

/* Characters, not bytes, of UTF-8 text. */
static size_t utf8_chars(const char *s) {
        size_t n = 0;

        for (; *s; s++)
                n += ((unsigned char) *s & 0xC0) != 0x80;
        return n;
}

/* The label of the Snooze button: "Snooze 10 min" (to the minute from a minute on), or only
 * "Snooze" where the length would make it longer than NOTIFY_LABEL_FIT. */
char *notify_label_snooze(char buf[static NOTIFY_LABEL_MAX], usec_t snooze) {
        char d[DURATION_TEXT_MAX];

        if (snooze >= USEC_PER_MINUTE)
                snooze -= snooze % USEC_PER_MINUTE;
        /* TRANSLATORS: a button, at most 14 characters with a duration such as "10 min" (else
         * the plain "Snooze" is shown); %s is that duration. */
        snprintf(buf, NOTIFY_LABEL_MAX, _("Snooze %s"), i18n_format_duration(d, snooze));
        if (utf8_chars(buf) > NOTIFY_LABEL_FIT)
                /* TRANSLATORS: a button: remind again later; at most 14 characters. */
                snprintf(buf, NOTIFY_LABEL_MAX, "%s", _("Snooze"));
        return buf;
}
