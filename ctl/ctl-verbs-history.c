/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "history" and "stats": the past, as a table or a per-day summary. */

#include <math.h>

#include "ctl-bus.h"
#include "ctl-history.h"
#include "ctl-json.h"
#include "ctl-stats.h"
#include "ctl-util.h"
#include "ctl-verbs.h"
#include "util/i18n.h"

#define HISTORY_SINCE_DEFAULT (24 * USEC_PER_HOUR)
#define STATS_DAYS_DEFAULT 7U

static Color kind_color(const char *kind) {
        if (history_kind_is_taken(kind))
                return COLOR_GREEN;
        if (streq(kind, "skipped"))
                return COLOR_RED;
        if (streq(kind, "snoozed"))
                return COLOR_YELLOW;
        return COLOR_NONE;
}

/* One page of records into the array j has open. */
static void history_json(Json *j, const HistoryEntry *e, size_t n) {
        for (size_t i = 0; i < n; i++) {
                json_object_begin(j);
                json_field_time(j, "time", e[i].time);
                json_field_string(j, "kind", e[i].kind);
                json_field_seconds(j, "duration_seconds", e[i].duration);
                json_key(j, "exercises");
                json_string_list(j, e[i].exercises);
                json_field_string(j, "note", e[i].note);
                json_object_end(j);
        }
}

/* "a,b" → "a, b" */
static char *list_text(const char *comma_separated) {
        size_t n = 0;
        char *s;

        for (const char *p = comma_separated; *p; p++)
                n += *p == ',' ? 2 : 1;
        s = malloc(n + 1);
        if (!s)
                return NULL;
        n = 0;
        for (const char *p = comma_separated; *p; p++) {
                s[n++] = *p;
                if (*p == ',')
                        s[n++] = ' ';
        }
        s[n] = '\0';
        return s;
}

/* The table fits 80 columns: time 21 (with a year), kind 7, duration 7, and these. */
#define EXERCISES_WIDTH 24U
#define NOTE_WIDTH 13U

/* One page of records as a table (its columns sized for the page: the output streams). A
 * record dated after now was written while the clock was set ahead; it says so. */
static int history_table(const HistoryEntry *e, size_t n, usec_t now, const Style *style) {
        static const char * const headers[] = { N_("TIME"), N_("KIND"), N_("DURATION"), N_("EXERCISES"), N_("NOTE") };
        _cleanup_(table_freep) Table *t = NULL;
        char when[TIME_TEXT_MAX + 32];

        t = table_new(ELEMENTSOF(headers), headers);
        if (!t)
                return ctl_oom();
        table_align_right(t, 2);

        for (size_t i = 0; i < n; i++) {
                _cleanup_(freep) char *list = list_text(e[i].exercises), *exercises = NULL, *note = NULL;
                char d[DURATION_FORMAT_MAX], w[TIME_TEXT_MAX];

                /* TRANSLATORS: after a record's date, when the clock was set ahead as it was written. */
                snprintf(when, sizeof(when), "%s%s", format_datetime(w, e[i].time, now),
                         e[i].time > usec_add(now, USEC_PER_MINUTE) ? _(" (in the future)") : "");
                /* Cut to fit; --json has them whole. */
                exercises = list ? text_truncate(list, EXERCISES_WIDTH, style) : NULL;
                note = text_truncate(e[i].note, NOTE_WIDTH, style);
                if (!exercises || !note ||
                    table_add(t, COLOR_NONE, when) < 0 ||
                    table_add(t, kind_color(e[i].kind), e[i].kind) < 0 ||
                    table_add(t, COLOR_NONE, e[i].duration >= USEC_PER_SEC ? format_duration_human(d, e[i].duration) : "") < 0 ||
                    table_add(t, COLOR_NONE, exercises) < 0 ||
                    table_add(t, COLOR_NONE, note) < 0)
                        return ctl_oom();
        }
        table_print(t, style, stdout);
        return 0;
}

int verb_history(int argc, char *argv[], const CtlArgs *args) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        usec_t now = now_realtime(), since;
        char when[TIME_TEXT_MAX];
        uint64_t cursor = 0;
        size_t total = 0;
        Json j;
        int r;

        since = usec_sub(now, (args->seen & OPT_SINCE) ? args->since : HISTORY_SINCE_DEFAULT);

        r = bus_connect(&bus);
        if (r < 0)
                return r;

        /* Page by page, each printed as it comes: a whole history of years never has to fit in
         * one reply, nor in memory. Until the end of time: records from a clock set ahead show. */
        if (args->json) {
                json_init(&j, stdout);
                json_array_begin(&j);
        }
        do {
                HistoryEntry *entries = NULL;
                size_t n = 0;

                r = history_fetch_page(bus, since, USEC_INFINITY, &cursor, &entries, &n);
                if (r < 0)
                        break;
                if (args->json)
                        history_json(&j, entries, n);
                else if (n > 0)
                        r = history_table(entries, n, now, &args->style);
                total += n;
                history_entries_free(entries, n);
                if (!args->json)
                        fflush(stdout);
        } while (r >= 0 && cursor != 0);
        if (args->json) {
                json_array_end(&j);
                return r;
        }
        if (r < 0)
                return r;

        if (total == 0)
                printf(_("No breaks since %s.\n"), format_datetime(when, since, now_realtime()));
        else {
                printf("\n%s", ansi(&args->style, COLOR_DIM));
                /* TRANSLATORS: %s is a date and time. */
                printf(ngettext("%zu entry since %s.", "%zu entries since %s.", total), total,
                       format_datetime(when, since, now_realtime()));
                printf("%s\n", ansi(&args->style, COLOR_RESET));
        }
        return 0;
}

static void day_stats_json(Json *j, const DayStats *d, bool active_known) {
        json_field_uint(j, "breaks_taken", d->taken);
        json_field_uint(j, "breaks_skipped", d->skipped);
        json_field_uint(j, "snoozed", d->snoozed);
        json_field_seconds(j, "break_seconds", d->break_time);
        json_key(j, "active_seconds");
        if (active_known)
                json_seconds(j, d->active);
        else
                json_null(j);
        json_key(j, "taken_share");
        json_double(j, day_stats_taken_share(d), 2);
}

static void stats_json(const Stats *s) {
        char date[TIME_TEXT_MAX];
        Json j;

        json_init(&j, stdout);
        json_object_begin(&j);
        json_field_time(&j, "since", s->total.start);
        json_field_time(&j, "until", s->total.end);
        json_key(&j, "days");
        json_array_begin(&j);
        for (size_t i = 0; i < s->n_days; i++) {
                json_object_begin(&j);
                json_field_string(&j, "date", format_local(date, s->days[i].start, "%Y-%m-%d"));
                day_stats_json(&j, &s->days[i], s->active_known);
                json_object_end(&j);
        }
        json_array_end(&j);
        json_key(&j, "total");
        json_object_begin(&j);
        day_stats_json(&j, &s->total, s->active_known);
        json_object_end(&j);
        json_object_end(&j);
}

/* The table fits 80 columns: day 15 (with a year), counts 5 and 7, these bars, break time
 * and active time 8 each, and two spaces between columns. */
#define BREAKS_BAR_WIDTH 10U
#define ACTIVE_BAR_WIDTH 10U

/* One cell per break, taken in green then skipped in red, scaled down when a day had more
 * breaks than fit. */
static char *breaks_bar(const DayStats *d, unsigned most, const Style *style) {
        _cleanup_(memstream_done) MemStream m = {};
        unsigned taken = d->taken, skipped = d->skipped;
        FILE *f;

        if (taken + skipped == 0)
                return strdup("");
        /* Scaled down, any break still shows: one cell at least. */
        if (most > BREAKS_BAR_WIDTH) {
                taken = taken == 0 ? 0 : MAX((taken * BREAKS_BAR_WIDTH + most / 2) / most, 1U);
                skipped = skipped == 0 ? 0 : MAX((skipped * BREAKS_BAR_WIDTH + most / 2) / most, 1U);
                while (taken + skipped > BREAKS_BAR_WIDTH)
                        (taken > skipped ? taken-- : skipped--);
        }
        f = memstream_open(&m);
        if (!f)
                return NULL;
        fputs(ansi(style, COLOR_GREEN), f);
        for (unsigned i = 0; i < taken; i++)
                fputs(glyph(style, GLYPH_BAR_FULL), f);
        fputs(ansi(style, COLOR_RED), f);
        for (unsigned i = 0; i < skipped; i++)
                fputs(glyph(style, GLYPH_BAR_OTHER), f);
        fputs(ansi(style, COLOR_RESET), f);
        return memstream_steal(&m);
}

static char *active_bar(const DayStats *d, usec_t most, const Style *style) {
        _cleanup_(memstream_done) MemStream m = {};

        if (!memstream_open(&m))
                return NULL;
        bar_write(m.f, style, ACTIVE_BAR_WIDTH, most > 0 ? (double) d->active / (double) most : 0, COLOR_BLUE);
        return memstream_steal(&m);
}

static int table_add_count(Table *t, unsigned n) {
        char buf[16];

        snprintf(buf, sizeof(buf), "%u", n);
        return table_add(t, COLOR_NONE, buf);
}

static int stats_table_row(Table *t, const Stats *s, const DayStats *d, const char *label,
                           unsigned most_breaks, usec_t most_active, const Style *style) {
        _cleanup_(freep) char *bbar = NULL, *abar = NULL;
        char d1[DURATION_FORMAT_MAX], d2[DURATION_FORMAT_MAX];
        bool total = d == &s->total;

        /* The total gets numbers only: its bars would dwarf the days'. */
        bbar = total ? strdup("") : breaks_bar(d, most_breaks, style);
        abar = total || !s->active_known ? strdup("") : active_bar(d, most_active, style);
        if (!bbar || !abar)
                return -ENOMEM;

        if (table_add(t, total ? COLOR_BOLD : COLOR_NONE, label) < 0 ||
            table_add_count(t, d->taken) < 0 ||
            table_add_count(t, d->skipped) < 0 ||
            table_add(t, COLOR_NONE, bbar) < 0 ||
            table_add(t, COLOR_NONE, format_duration_human(d1, d->break_time)) < 0 ||
            table_add(t, COLOR_NONE, s->active_known ? format_duration_human(d2, d->active) : "-") < 0 ||
            table_add(t, COLOR_NONE, abar) < 0)
                return -ENOMEM;
        return 0;
}

static int stats_table(const Stats *s, const Style *style) {
        /* The last column is the bar of the active time beside its value. */
        static const char * const headers[] = { N_("DAY"), N_("TAKEN"), N_("SKIPPED"), N_("BREAKS"), N_("BREAK TIME"), N_("ACTIVE"), "" };
        _cleanup_(table_freep) Table *t = NULL;
        unsigned most_breaks = 0;
        usec_t most_active = 0;
        double share;

        t = table_new(ELEMENTSOF(headers), headers);
        if (!t)
                return ctl_oom();
        table_align_right(t, 1);
        table_align_right(t, 2);
        table_align_right(t, 4);
        table_align_right(t, 5);

        for (size_t i = 0; i < s->n_days; i++) {
                most_breaks = MAX(most_breaks, s->days[i].taken + s->days[i].skipped);
                most_active = MAX(most_active, s->days[i].active);
        }
        for (size_t i = 0; i < s->n_days; i++) {
                char label[TIME_TEXT_MAX];

                if (stats_table_row(t, s, &s->days[i], format_day(label, s->days[i].start, now_realtime()),
                                    most_breaks, most_active, style) < 0)
                        return ctl_oom();
        }
        if (stats_table_row(t, s, &s->total, _("Total"), most_breaks, most_active, style) < 0)
                return ctl_oom();

        printf("%s", ansi(style, COLOR_BOLD));
        printf(ngettext("Breaks over the last %zu day", "Breaks over the last %zu days", s->n_days), s->n_days);
        printf("%s  (%s%s%s ", ansi(style, COLOR_RESET), ansi(style, COLOR_GREEN), glyph(style, GLYPH_BAR_FULL),
               ansi(style, COLOR_RESET));
        /* TRANSLATORS: the chart's legend, "(█ taken, ▒ skipped)"; between the two glyphs. */
        printf("%s %s%s%s ", _("taken,"), ansi(style, COLOR_RED), glyph(style, GLYPH_BAR_OTHER), ansi(style, COLOR_RESET));
        /* TRANSLATORS: the end of the chart's legend, "(█ taken, ▒ skipped)". */
        printf("%s)\n\n", _("skipped"));
        table_print(t, style, stdout);

        share = day_stats_taken_share(&s->total);
        if (isnan(share))
                printf("\n%s\n", _("No breaks were due in these days."));
        else {
                printf("\n%s%.0f%%%s ", ansi(style, COLOR_BOLD), share * 100, ansi(style, COLOR_RESET));
                /* TRANSLATORS: after a share such as "80%". */
                printf(_("of breaks taken (%u of %u).\n"), s->total.taken, s->total.taken + s->total.skipped);
        }
        if (!s->active_known)
                printf("%s%s%s\n", ansi(style, COLOR_DIM), _("Active time is not reported by this limberd."),
                       ansi(style, COLOR_RESET));
        return 0;
}

/* The days' totals from GetDailySummary, one call whatever the records; -EOPNOTSUPP from a
 * limberd without it. */
static int stats_fetch_summary(sd_bus *bus, Stats *s) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        uint64_t start, break_time, active;
        uint32_t taken, skipped, snoozed;
        int r;

        r = bus_call(bus, "GetDailySummary", BUS_CALL_OPTIONAL, &reply, "tt", s->total.start, s->total.end);
        if (r < 0)
                return r;
        r = sd_bus_message_enter_container(reply, 'a', "(tuuutt)");
        while (r > 0) {
                r = sd_bus_message_read(reply, "(tuuutt)", &start, &taken, &skipped, &snoozed, &break_time, &active);
                if (r > 0)
                        stats_add_day(s, start, taken, skipped, snoozed, break_time, active);
        }
        if (r >= 0)
                r = sd_bus_message_exit_container(reply);
        if (r < 0)
                return bus_log_parse_error(r);
        s->active_known = true;
        return 0;
}

/* An older limberd without GetDailySummary: every record and span of the days. */
static int stats_fetch_records(sd_bus *bus, Stats *s) {
        _cleanup_(freep) ActiveSpan *spans = NULL;
        HistoryEntry *entries = NULL;
        size_t n = 0, n_spans = 0;
        int r;

        r = history_fetch(bus, s->total.start, s->total.end, &entries, &n);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i++)
                stats_add_record(s, entries[i].time, entries[i].kind, entries[i].duration);
        history_entries_free(entries, n);

        r = activity_fetch(bus, s->total.start, s->total.end, &spans, &n_spans);
        if (r < 0 && r != -EOPNOTSUPP)
                return r;
        s->active_known = r >= 0;
        for (size_t i = 0; i < n_spans; i++)
                stats_add_active(s, spans[i].start, spans[i].duration);
        return 0;
}

int verb_stats(int argc, char *argv[], const CtlArgs *args) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(stats_done) Stats s = {};
        int r;

        r = stats_init(&s, now_realtime(), args->days > 0 ? args->days : STATS_DAYS_DEFAULT);
        if (r < 0)
                return ctl_error(r, _("cannot work out the local days: %m"));

        r = bus_connect(&bus);
        if (r < 0)
                return r;
        r = stats_fetch_summary(bus, &s);
        if (r == -EOPNOTSUPP)
                r = stats_fetch_records(bus, &s);
        if (r < 0)
                return r;

        if (args->json) {
                stats_json(&s);
                return 0;
        }
        return stats_table(&s, &args->style);
}
