/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stddef.h>

#include "ctl-bus.h"
#include "ctl-status.h"
#include "ctl-util.h"
#include "util/i18n.h"
#include "util/limber-bus.h"

typedef struct StatusProperty {
        const char *name;
        char type;              /* 's', 't', 'b', 'u' or 'a' (an array of strings) */
        size_t offset;
} StatusProperty;

static const StatusProperty status_properties[] = {
        { "State",           's', offsetof(Status, state) },
        { "BusyReason",      's', offsetof(Status, busy_reason) },
        { "ActiveUsec",      't', offsetof(Status, active) },
        { "ActiveCountedAtUsec", 't', offsetof(Status, active_counted_at) },
        { "IntervalUsec",    't', offsetof(Status, interval) },
        { "NextBreakUsec",   't', offsetof(Status, next_break) },
        { "Idle",            'b', offsetof(Status, idle) },
        { "IdleSource",      's', offsetof(Status, idle_source) },
        { "BreaksToday",     'u', offsetof(Status, breaks_today) },
        { "SkippedToday",    'u', offsetof(Status, skipped_today) },
        { "PausedUntilUsec", 't', offsetof(Status, paused_until) },
        { "Posture",         's', offsetof(Status, posture) },
        { "CurrentExercise", 's', offsetof(Status, current_exercise) },
        { "PresenceReason",  's', offsetof(Status, presence_reason) },
        { "ActiveTodayUsec", 't', offsetof(Status, active_today) },
        { "Problems",        'a', offsetof(Status, problems) },
        { "BreakStep",       'u', offsetof(Status, break_step) },
        { "BreakSteps",      'u', offsetof(Status, break_steps) },
        { "BreakEndsUsec",   't', offsetof(Status, break_ends) },
};

void status_done(Status *s) {
        free(s->state);
        free(s->busy_reason);
        free(s->idle_source);
        free(s->posture);
        free(s->current_exercise);
        free(s->presence_reason);
        strv_free(s->problems);
        *s = (Status) {};
}

static const StatusProperty *status_property_find(const char *name) {
        for (size_t i = 0; i < ELEMENTSOF(status_properties); i++)
                if (streq(status_properties[i].name, name))
                        return &status_properties[i];
        return NULL;
}

static usec_t usec_distance(usec_t a, usec_t b) {
        return a > b ? a - b : b - a;
}

/* Reads the variant's value into the field p describes; *changed is set if it differs. A time
 * counts as changed only when it moved by a second or more from what was expected (the active
 * time grows while working), so that a fresh read of the same state is no news. */
static int status_read_value(Status *s, const StatusProperty *p, sd_bus_message *m, usec_t now, bool *changed) {
        uint8_t *field = (uint8_t *) s + p->offset;
        int r;

        switch (p->type) {
        case 's': {
                char **str = (char **) field;
                const char *v;

                r = sd_bus_message_read_basic(m, 's', &v);
                if (r < 0)
                        return r;
                if (streq_ptr(*str, v))
                        return 0;
                char *copy = strdup(v);
                if (!copy)
                        return -ENOMEM;
                free(*str);
                *str = copy;
                break;
        }
        case 't': {
                uint64_t v;

                usec_t expected = p->offset == offsetof(Status, active) ? status_active_at(s, now) : *(usec_t *) field;

                r = sd_bus_message_read_basic(m, 't', &v);
                if (r < 0)
                        return r;
                *(usec_t *) field = v;
                if (usec_distance(v, expected) < USEC_PER_SEC)
                        return 0;
                break;
        }
        case 'u': {
                uint32_t v;

                r = sd_bus_message_read_basic(m, 'u', &v);
                if (r < 0)
                        return r;
                if (*(uint32_t *) field == v)
                        return 0;
                *(uint32_t *) field = v;
                break;
        }
        case 'a': {
                char ***list = (char ***) field;
                char **v = NULL;

                r = sd_bus_message_read_strv(m, &v);
                if (r < 0)
                        return r;
                if (!v && !(v = calloc(1, sizeof(char *))))
                        return -ENOMEM;
                if (*list && strv_equal(*list, v)) {
                        strv_free(v);
                        return 0;
                }
                strv_free(*list);
                *list = v;
                break;
        }
        case 'b': {
                int v;

                r = sd_bus_message_read_basic(m, 'b', &v);
                if (r < 0)
                        return r;
                if (*(bool *) field == !!v)
                        return 0;
                *(bool *) field = !!v;
                break;
        }
        default:
                return -EINVAL;
        }
        *changed = true;
        return 0;
}

int status_read_properties(Status *s, sd_bus_message *m, usec_t now, bool *ret_changed) {
        bool changed = false;
        int r;

        /* Today's active time is never announced: carried up to now in the state it grew in,
         * before the new state (or a fresh value) arrives. */
        s->active_today = status_active_today_at(s, now);
        s->today_sampled_at = now;

        r = sd_bus_message_enter_container(m, 'a', "{sv}");
        if (r < 0)
                return bus_log_parse_error(r);

        while ((r = sd_bus_message_enter_container(m, 'e', "sv")) > 0) {
                const StatusProperty *p;
                const char *name, *contents;
                char type;

                r = sd_bus_message_read_basic(m, 's', &name);
                if (r < 0)
                        return bus_log_parse_error(r);
                p = status_property_find(name);

                r = sd_bus_message_peek_type(m, &type, &contents);
                if (r < 0)
                        return bus_log_parse_error(r);
                if (!p || type != 'v' || contents[0] != p->type ||
                    !streq(contents + 1, p->type == 'a' ? "s" : "")) {
                        /* A property this limberctl does not know (or in another type): skip. */
                        r = sd_bus_message_skip(m, "v");
                        if (r < 0)
                                return bus_log_parse_error(r);
                } else {
                        r = sd_bus_message_enter_container(m, 'v', contents);
                        if (r < 0)
                                return bus_log_parse_error(r);
                        r = status_read_value(s, p, m, now, &changed);
                        if (r == -ENOMEM)
                                return ctl_oom();
                        if (r < 0)
                                return bus_log_parse_error(r);
                        r = sd_bus_message_exit_container(m);
                        if (r < 0)
                                return bus_log_parse_error(r);
                        if (p->offset == offsetof(Status, active))
                                s->sampled_at = now;
                }

                r = sd_bus_message_exit_container(m);
                if (r < 0)
                        return bus_log_parse_error(r);
        }
        if (r < 0)
                return bus_log_parse_error(r);

        r = sd_bus_message_exit_container(m);
        if (r < 0)
                return bus_log_parse_error(r);

        if (ret_changed)
                *ret_changed = changed;
        return 0;
}

int status_fetch(sd_bus *bus, Status *s, unsigned flags) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        int r;

        r = bus_call_interface(bus, "org.freedesktop.DBus.Properties", "GetAll", flags, &reply,
                               "s", LIMBER_BUS_INTERFACE);
        if (r < 0)
                return r;
        return status_read_properties(s, reply, now_realtime(), NULL);
}

int status_getall_message(sd_bus *bus, sd_bus_message **ret) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL;
        int r;

        r = sd_bus_message_new_method_call(bus, &m, LIMBER_BUS_NAME, LIMBER_BUS_PATH,
                                           "org.freedesktop.DBus.Properties", "GetAll");
        if (r >= 0)
                r = sd_bus_message_set_auto_start(m, false);
        if (r >= 0)
                r = sd_bus_message_append(m, "s", LIMBER_BUS_INTERFACE);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(m);
        return 0;
}

int status_fetch_quiet(sd_bus *bus, Status *s) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL, *reply = NULL;
        int r;

        r = status_getall_message(bus, &m);
        if (r >= 0)
                r = sd_bus_call(bus, m, 0, NULL, &reply);
        if (r < 0)
                return r;
        return status_read_properties(s, reply, now_realtime(), NULL);
}

static bool status_is(const Status *s, const char *state) {
        return streq_ptr(s->state, state);
}

/* Whether the active time grows by itself now. */
static bool status_accumulating(const Status *s) {
        return !s->idle &&
                (status_is(s, "working") || status_is(s, "due") || status_is(s, "snoozed") ||
                 status_is(s, "deferred"));
}

static usec_t grown(const Status *s, usec_t value, usec_t sampled_at, usec_t now) {
        if (!status_accumulating(s) || now <= sampled_at || sampled_at == 0)
                return value;
        return usec_add(value, now - sampled_at);
}

usec_t status_active_at(const Status *s, usec_t now) {
        return grown(s, s->active, s->sampled_at, now);
}

usec_t status_active_today_at(const Status *s, usec_t now) {
        return grown(s, s->active_today, s->today_sampled_at, now);
}

const char *status_presence_text(const Status *s) {
        if (streq_ptr(s->presence_reason, "camera"))
                return N_("in a call: camera in use");
        if (streq_ptr(s->presence_reason, "microphone"))
                return N_("in a call: microphone in use");
        if (streq_ptr(s->presence_reason, "idle-inhibited"))
                return N_("at the desk: an idle inhibitor is held (a call, a video, a presentation)");
        return NULL;
}

/* Time until the next break; USEC_INFINITY when there is none (paused). While idle the clock
 * stands still: what was left at the sample is what is left. */
static usec_t status_break_in(const Status *s, usec_t now) {
        usec_t from = status_is(s, "idle") ? s->sampled_at : now;

        if (s->next_break == 0)
                return USEC_INFINITY;
        return usec_sub(s->next_break, from);
}

/* The way to the next break, in active time: what was worked and what is left. While the
 * next break is further than the interval (snoozed, postponed) that is more than the interval;
 * where nothing is left to count (due, paused) it is the interval. */
static usec_t status_way(const Status *s, usec_t now) {
        usec_t in = status_break_in(s, now);

        if (in == USEC_INFINITY || !(status_is(s, "working") || status_is(s, "idle") || status_is(s, "snoozed")))
                return s->interval;
        return usec_add(status_active_at(s, now), in);
}

unsigned status_percent(const Status *s, usec_t now) {
        usec_t a = status_active_at(s, now), way = status_way(s, now);

        if (way == 0 || a >= way)
                return way == 0 ? 0 : 100;
        return (unsigned) (a / (way / 100 ?: 1));
}

/* A countdown shown to granularity: rounded up ("in 2m" for 1m 39s), but under one unit of it
 * "<1m", never "1m" for 39 seconds. Returns buf. */
static char *format_countdown(char buf[static DURATION_FORMAT_MAX], usec_t in, usec_t granularity) {
        char g[DURATION_FORMAT_MAX];

        if (in < granularity && granularity > USEC_PER_SEC) {
                snprintf(buf, DURATION_FORMAT_MAX, "<%s", format_duration_human(g, granularity));
                return buf;
        }
        return format_duration_human(buf, usec_round_up(in, granularity));
}

/* Writes " in 48m (at 14:05)"-like text for a moment that lies `in` from now. */
static void write_when(FILE *f, const char *intro, usec_t in, usec_t now, usec_t granularity) {
        char d[DURATION_FORMAT_MAX], t[TIME_TEXT_MAX];

        /* TRANSLATORS: after ", next break in" and the like: "48m (at 14:05)". */
        fprintf(f, "%s ", intro);
        fprintf(f, _("%s (at %s)"), format_countdown(d, in, granularity),
                format_clock(t, usec_add(now, in), now));
}

int status_describe(const Status *s, usec_t now, usec_t granularity,
                    const char **ret_label, Color *ret_color, char **ret_detail) {
        _cleanup_(memstream_done) MemStream m = {};
        char active[DURATION_FORMAT_MAX];
        usec_t a = status_active_at(s, now), in = status_break_in(s, now);
        const char *label;
        Color color;
        FILE *f;

        f = memstream_open(&m);
        if (!f)
                return -ENOMEM;

        if (a < granularity && granularity > USEC_PER_SEC) {
                char g[DURATION_FORMAT_MAX];

                /* "0s" would be untrue when shown to the minute. */
                snprintf(active, sizeof(active), "<%s", format_duration_human(g, granularity));
        } else
                format_duration_human(active, a - a % granularity);

        if (status_is(s, "working")) {
                label = _("Working"), color = COLOR_GREEN;
                fprintf(f, _("%s active"), active);
                if (in != USEC_INFINITY)
                        write_when(f, _(", next break in"), in, now, granularity);
        } else if (status_is(s, "idle")) {
                char d[DURATION_FORMAT_MAX];

                label = _("Idle"), color = COLOR_BLUE;
                fprintf(f, _("%s active"), active);
                if (in != USEC_INFINITY && in < USEC_PER_SEC)
                        fputs(_(", break due"), f);
                else if (in != USEC_INFINITY)
                        fprintf(f, _(", next break after %s more work"),
                                format_countdown(d, in, granularity));
        } else if (status_is(s, "due")) {
                label = _("Break due"), color = COLOR_YELLOW;
                fprintf(f, _("%s active, time to move: limberctl break (or snooze, skip)"), active);
        } else if (status_is(s, "snoozed")) {
                label = _("Snoozed"), color = COLOR_YELLOW;
                fprintf(f, _("%s active"), active);
                if (in != USEC_INFINITY)
                        write_when(f, _(", reminder again in"), in, now, granularity);
        } else if (status_is(s, "on-break")) {
                label = _("On a break"), color = COLOR_CYAN;
                if (s->break_step > 0 && s->break_ends > 0) {
                        char d[DURATION_FORMAT_MAX];

                        /* TRANSLATORS: the guided break's step, "step 2/4, 45s left (limberctl done ends it)". */
                        fprintf(f, _("step %" PRIu32 "/%" PRIu32 ", %s left (limberctl done ends it)"),
                                s->break_step, s->break_steps,
                                format_countdown(d, usec_sub(s->break_ends, now), granularity));
                } else
                        fputs(_("guided exercises under way"), f);
        } else if (status_is(s, "paused")) {
                label = _("Paused"), color = COLOR_DIM;
                if (s->paused_until == USEC_INFINITY)
                        fputs(_("until resumed (limberctl resume)"), f);
                else if (s->paused_until > now) {
                        char d[DURATION_FORMAT_MAX], t[TIME_TEXT_MAX];

                        fprintf(f, _("until %s (in %s)"), format_clock(t, s->paused_until, now),
                                format_countdown(d, s->paused_until - now, granularity));
                } else
                        fputs(_("limberctl resume to continue"), f);
        } else if (status_is(s, "deferred")) {
                label = _("Held back"), color = COLOR_YELLOW;
                if (isempty(s->busy_reason)) {
                        /* No longer busy: the reminder follows after a short grace. */
                        fputs(_("break due"), f);
                        if (in != USEC_INFINITY && in > 0)
                                write_when(f, _(", resuming in"), in, now, granularity);
                } else {
                        fprintf(f, _("break due while busy (%s)"), s->busy_reason);
                        if (in != USEC_INFINITY && in > 0)
                                write_when(f, _(", reminding anyway in"), in, now, granularity);
                }
        } else if (status_is(s, "off-hours")) {
                label = _("Off hours"), color = COLOR_DIM;
                fputs(_("no reminders outside working hours"), f);
                /* limberd says when the next break comes: the work left, after they resume. */
                if (in != USEC_INFINITY && in > 0) {
                        char t[TIME_TEXT_MAX];
                        usec_t left = usec_sub(s->interval, s->active);

                        /* TRANSLATORS: after "no reminders outside working hours"; %s is a time of day. */
                        fprintf(f, _("; reminders resume %s"), format_clock(t, usec_sub(usec_add(now, in), left), now));
                }
        } else {
                label = s->state ?: _("Unknown"), color = COLOR_NONE;
                fprintf(f, _("%s active"), active);
        }

        *ret_detail = memstream_steal(&m);
        if (!*ret_detail)
                return -ENOMEM;
        *ret_label = label;
        *ret_color = color;
        return 0;
}

char *status_today(const Status *s) {
        _cleanup_(freep) char *taken = NULL;

        /* TRANSLATORS: today's counts, "3 breaks taken, 1 skipped": this part is followed by
         * the number skipped. */
        taken = strdup_printf(ngettext("%" PRIu32 " break taken", "%" PRIu32 " breaks taken", s->breaks_today),
                              s->breaks_today);
        if (!taken)
                return NULL;
        /* TRANSLATORS: %s is "3 breaks taken"; the number is of breaks skipped today. */
        return strdup_printf(ngettext("%s, %" PRIu32 " skipped", "%s, %" PRIu32 " skipped", s->skipped_today),
                             taken, s->skipped_today);
}

char *status_headline(const Status *s, usec_t now, const Style *style) {
        _cleanup_(freep) char *detail = NULL;
        const char *label;
        Color color;

        if (status_describe(s, now, USEC_PER_SEC, &label, &color, &detail) < 0)
                return NULL;
        return strdup_printf("%s%s%s %s%s%s%s %s %s",
                             ansi(style, color), glyph(style, GLYPH_BULLET), ansi(style, COLOR_RESET),
                             ansi(style, COLOR_BOLD), ansi(style, color), label, ansi(style, COLOR_RESET),
                             glyph(style, GLYPH_DASH), detail);
}

/* name right-aligned in width columns (characters, not bytes: translations) and a colon. */
static void print_field(FILE *f, const Style *style, size_t width, const char *name) {
        size_t w = text_width(name);

        fprintf(f, "%s%*s%s:%s ", ansi(style, COLOR_BOLD), (int) (w < width ? width - w : 0), "", name,
                ansi(style, COLOR_RESET));
}

/* The names' column: ten wide, or as wide as the longest translated name. */
static size_t field_width(void) {
        const char *names[] = { _("State"), _("Progress"), _("Today"), _("Idle"), _("Posture"), _("Exercise"),
                                _("Counting"), _("Problems") };
        size_t width = 10;

        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                width = MAX(width, text_width(names[i]));
        return width;
}

/* The state in a word of the reader's language ("working" stays the name in --json). */
static const char *state_word(const char *state) {
        static const char * const words[][2] = {
                { "working",   N_("working") },
                { "idle",      N_("idle") },
                { "due",       N_("due") },
                /* TRANSLATORS: the state: the reminder was postponed. */
                { "snoozed",   N_("snoozed") },
                /* TRANSLATORS: the state: a guided break runs. */
                { "on-break",  N_("on a break") },
                /* TRANSLATORS: the state: reminders are paused. */
                { "paused",    N_("paused") },
                /* TRANSLATORS: the state: a due reminder is held back while the user is busy. */
                { "deferred",  N_("deferred") },
                { "off-hours", N_("off hours") },
        };

        if (!state)
                return _("unknown");
        for (size_t i = 0; i < ELEMENTSOF(words); i++)
                if (streq(state, words[i][0]))
                        return _(words[i][1]);
        return state;
}

void status_print(const Status *s, usec_t now, const Style *style, FILE *out) {
        _cleanup_(freep) char *headline = status_headline(s, now, style), *today = status_today(s);
        _cleanup_(memstream_done) MemStream m = {};
        size_t width = field_width();
        char d[DURATION_FORMAT_MAX];
        FILE *f = wrapped_open(&m);

        if (!f)
                return;
        fprintf(f, "%s\n", strempty(headline));

        print_field(f, style, width, _("State"));
        fputs(state_word(s->state), f);
        if (!isempty(s->busy_reason))
                fprintf(f, _(", busy: %s (reminders held back)"), s->busy_reason);
        fputc('\n', f);

        /* Toward the next break, where a count runs toward one: paused, off hours and on a
         * break the headline says what there is instead. */
        if (!status_is(s, "paused") && !status_is(s, "off-hours") && !status_is(s, "on-break")) {
                print_field(f, style, width, _("Progress"));
                bar_write(f, style, 20, status_percent(s, now) / 100.0, COLOR_GREEN);
                fputc(' ', f);
                /* TRANSLATORS: the progress toward the next break, "40% of 2h". */
                fprintf(f, _("%u%% of %s"), status_percent(s, now),
                        format_duration_human(d, usec_round_up(status_way(s, now), USEC_PER_MINUTE)));
                fputc('\n', f);
        }

        print_field(f, style, width, _("Today"));
        /* TRANSLATORS: %s is today's counts ("3 breaks taken, 1 skipped"), then the active time today. */
        fprintf(f, _("%s, %s active"), strempty(today), format_duration_human(d, status_active_today_at(s, now)));
        fputc('\n', f);

        /* Why the time counts while there is no input. */
        if (status_presence_text(s) && status_accumulating(s)) {
                print_field(f, style, width, _("Counting"));
                /* TRANSLATORS: %s says why, "in a call: camera in use". */
                fprintf(f, _("%s, time without input counts"), _(status_presence_text(s)));
                fputc('\n', f);
        }

        print_field(f, style, width, _("Idle"));
        fprintf(f, _("%s (source: %s)"), s->idle ? _("yes") : _("no"), isempty(s->idle_source) ? "none" : s->idle_source);
        fputc('\n', f);

        if (!isempty(s->posture)) {
                print_field(f, style, width, _("Posture"));
                fprintf(f, "%s\n", s->posture);
        }
        if (!isempty(s->current_exercise) &&
            (status_is(s, "due") || status_is(s, "snoozed") || status_is(s, "deferred") || status_is(s, "on-break"))) {
                print_field(f, style, width, _("Exercise"));
                fprintf(f, _("%s (limberctl exercises show %s)"), s->current_exercise, s->current_exercise);
                fputc('\n', f);
        }
        status_print_problems(s, style, f);
        wrapped_close(&m, out, style, 2);
}

void status_print_problems(const Status *s, const Style *style, FILE *f) {
        size_t width = field_width();

        for (size_t i = 0; s->problems && s->problems[i]; i++) {
                if (i == 0)
                        print_field(f, style, width, _("Problems"));
                else
                        fprintf(f, "%*s", (int) width + 2, "");
                fprintf(f, "%s%s%s\n", ansi(style, COLOR_YELLOW), s->problems[i], ansi(style, COLOR_RESET));
        }
}

char *status_live_line(const Status *s, usec_t now, usec_t granularity, const Style *style) {
        _cleanup_(freep) char *detail = NULL, *bar = NULL;
        _cleanup_(memstream_done) MemStream m = {};
        const char *label;
        Color color;

        if (status_describe(s, now, granularity, &label, &color, &detail) < 0 || !memstream_open(&m))
                return NULL;
        bar_write(m.f, style, 12, status_percent(s, now) / 100.0, color == COLOR_NONE ? COLOR_GREEN : color);
        bar = memstream_steal(&m);
        if (!bar)
                return NULL;

        return strdup_printf("%s%s%s %s%s%s%s  %s %3u%%  %s",
                             ansi(style, color), glyph(style, GLYPH_BULLET), ansi(style, COLOR_RESET),
                             ansi(style, COLOR_BOLD), ansi(style, color), label, ansi(style, COLOR_RESET),
                             bar, status_percent(s, now), detail);
}

void status_json(Json *j, const Status *s, usec_t now) {
        usec_t in = status_break_in(s, now);
        bool due = status_is(s, "due") || status_is(s, "deferred");

        json_object_begin(j);
        json_field_string(j, "state", s->state);
        json_field_string(j, "busy_reason", isempty(s->busy_reason) ? NULL : s->busy_reason);
        json_field_seconds(j, "active_seconds", status_active_at(s, now));
        json_field_seconds(j, "interval_seconds", s->interval);
        /* While a break is due, it is due now: limberd's next deadline is the reminder's
         * repeat, which has fields of its own. */
        if (due) {
                json_field_uint(j, "next_break_in_seconds", 0);
                json_field_time(j, "next_break_at", now);
        } else {
                json_key(j, "next_break_in_seconds");
                if (in == USEC_INFINITY)
                        json_null(j);
                else
                        json_uint(j, usec_round_up(in, USEC_PER_SEC) / USEC_PER_SEC);
                json_field_time(j, "next_break_at", in == USEC_INFINITY ? 0 : usec_add(now, in));
        }
        json_key(j, "reminder_again_in_seconds");
        if (due && in != USEC_INFINITY)
                json_uint(j, usec_round_up(in, USEC_PER_SEC) / USEC_PER_SEC);
        else
                json_null(j);
        json_field_time(j, "reminder_again_at", due && in != USEC_INFINITY ? usec_add(now, in) : 0);
        json_field_time(j, "paused_until", status_is(s, "paused") ? s->paused_until : 0);
        json_field_bool(j, "idle", s->idle);
        json_field_string(j, "idle_source", s->idle_source);
        json_field_uint(j, "breaks_today", s->breaks_today);
        json_field_uint(j, "skipped_today", s->skipped_today);
        json_field_seconds(j, "active_today_seconds", status_active_today_at(s, now));
        json_field_string(j, "presence_reason", isempty(s->presence_reason) ? NULL : s->presence_reason);
        json_field_string(j, "presence", status_presence_text(s));
        json_field_string(j, "posture", isempty(s->posture) ? NULL : s->posture);
        json_field_string(j, "current_exercise", isempty(s->current_exercise) ? NULL : s->current_exercise);
        json_field_uint(j, "progress_percent", status_percent(s, now));
        json_key(j, "problems");
        json_array_begin(j);
        for (char **p = s->problems; p && *p; p++)
                json_string(j, *p);
        json_array_end(j);
        json_field_time(j, "time", now);
        json_object_end(j);
}

/* The waybar module's short text: a countdown in whole minutes, or the state in a word. */
static char *status_waybar_text(const Status *s, usec_t now) {
        char d[DURATION_FORMAT_MAX];
        usec_t in = status_break_in(s, now);

        if (status_is(s, "working") || status_is(s, "idle") || status_is(s, "snoozed") ||
            (status_is(s, "off-hours") && in != USEC_INFINITY && in > 0)) {
                if (in != USEC_INFINITY)
                        return strdup(format_countdown(d, in, USEC_PER_MINUTE));
        }
        if (status_is(s, "due") || status_is(s, "deferred"))
                return strdup(_("break due"));
        if (status_is(s, "on-break"))
                return strdup(_("on break"));
        if (status_is(s, "off-hours"))
                return strdup(_("off hours"));
        return strdup(s->state ?: "");
}

/* s with the characters Pango markup gives a meaning escaped: waybar reads its module's text
 * and tooltip as markup, where "<1m" is a broken tag and shows nothing. NULL on OOM. */
static char *markup_escape(const char *s) {
        _cleanup_(memstream_done) MemStream m = {};

        if (!memstream_open(&m))
                return NULL;
        for (; *s; s++)
                switch (*s) {
                case '&':
                        fputs("&amp;", m.f);
                        break;
                case '<':
                        fputs("&lt;", m.f);
                        break;
                case '>':
                        fputs("&gt;", m.f);
                        break;
                default:
                        fputc(*s, m.f);
                }
        return memstream_steal(&m);
}

/* One line for a waybar custom module (return-type json), without its newline. */
static char *waybar_line(const char *text, const char *tooltip, const char *class, unsigned percentage) {
        _cleanup_(freep) char *t = markup_escape(text), *tip = markup_escape(tooltip);
        _cleanup_(memstream_done) MemStream m = {};
        char *line;
        Json j;

        if (!t || !tip || !memstream_open(&m))
                return NULL;
        json_init(&j, m.f);
        json_object_begin(&j);
        json_field_string(&j, "text", t);
        json_field_string(&j, "tooltip", tip);
        json_field_string(&j, "class", class);
        json_field_uint(&j, "percentage", percentage);
        json_object_end(&j);
        line = memstream_steal(&m);

        /* json_object_end() ends a top-level value with a newline: the caller adds its own. */
        if (line)
                line[strcspn(line, "\n")] = '\0';
        return line;
}

char *status_waybar(const Status *s, usec_t now) {
        static const Style plain = { .color = false, .utf8 = true };
        _cleanup_(freep) char *text = NULL, *detail = NULL, *tooltip = NULL, *today = NULL;
        const char *label;
        Color color;

        text = status_waybar_text(s, now);
        if (!text || status_describe(s, now, USEC_PER_MINUTE, &label, &color, &detail) < 0)
                return NULL;
        today = status_today(s);
        if (!today)
                return NULL;
        tooltip = strdup_printf(_("%s %s %s\nToday: %s"), label, glyph(&plain, GLYPH_DASH), detail, today);
        if (!tooltip)
                return NULL;

        return waybar_line(text, tooltip, s->state ?: "unknown", status_percent(s, now));
}

char *status_waybar_stopped(void) {
        /* A visible word: with an empty text waybar hides the module, and its "stopped" class. */
        /* TRANSLATORS: a status bar's text while limberd is not running, beside "break due". */
        return waybar_line(_("stopped"), _("limberd is not running"), "stopped", 0);
}

/* When a countdown to target, shown rounded up to granularity, next shows a new value. */
static usec_t countdown_next_change(usec_t target, usec_t now, usec_t granularity) {
        usec_t left, shown;

        if (target <= now)
                return USEC_INFINITY;
        left = target - now;
        shown = usec_round_up(left, granularity);
        return target - (shown - granularity);
}

usec_t status_next_change(const Status *s, usec_t now, usec_t granularity) {
        usec_t next = USEC_INFINITY;

        if (granularity == 0)
                granularity = USEC_PER_SEC;

        if (!status_is(s, "idle") && !status_is(s, "due") && s->next_break > 0)
                next = MIN(next, countdown_next_change(s->next_break, now, granularity));
        if (status_is(s, "paused") && s->paused_until != USEC_INFINITY)
                next = MIN(next, countdown_next_change(s->paused_until, now, granularity));
        if (status_is(s, "on-break") && s->break_ends > 0)
                next = MIN(next, countdown_next_change(s->break_ends, now, granularity));

        if (status_accumulating(s)) {
                usec_t a = status_active_at(s, now);
                unsigned p = status_percent(s, now);

                next = MIN(next, now + (granularity - a % granularity));
                if (p < 100 && s->interval >= 100) {
                        usec_t target = (usec_t) (p + 1) * (s->interval / 100);

                        if (target > a)
                                next = MIN(next, now + (target - a));
                }
        }
        return next;
}
