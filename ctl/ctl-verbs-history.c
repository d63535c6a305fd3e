/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "history" and "stats": the past, as a table or a per-day summary. */

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>

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
                /* Absent is null: skips and snoozes have no duration, most breaks no note. */
                json_key(j, "duration_seconds");
                if (e[i].duration > 0)
                        json_seconds(j, e[i].duration);
                else
                        json_null(j);
                json_key(j, "exercises");
                json_string_list(j, e[i].exercises);
                json_field_string(j, "note", isempty(e[i].note) ? NULL : e[i].note);
                if (e[i].machine)
                        json_field_string(j, "machine", e[i].machine);
                json_object_end(j);
        }
}

/* One page of records as CSV rows under the header history_csv_header() wrote; machines: with
 * a last column naming each record's machine (a sync folder's merged history). */
static void history_csv(const HistoryEntry *e, size_t n, bool machines) {
        for (size_t i = 0; i < n; i++) {
                char t[TIME_TEXT_MAX], d[32];

                snprintf(d, sizeof(d), "%" PRIu64, e[i].duration / USEC_PER_SEC);
                csv_field(stdout, format_iso8601(t, e[i].time) ?: "", false);
                csv_field(stdout, e[i].kind, false);
                csv_field(stdout, e[i].duration > 0 ? d : "", false);
                csv_field(stdout, e[i].exercises, false);
                csv_field(stdout, e[i].note, !machines);
                if (machines)
                        csv_field(stdout, strempty(e[i].machine), true);
        }
}

static void history_csv_header(bool machines) {
        csv_field(stdout, "time", false);
        csv_field(stdout, "kind", false);
        csv_field(stdout, "duration_seconds", false);
        csv_field(stdout, "exercises", false);
        csv_field(stdout, "note", !machines);
        if (machines)
                csv_field(stdout, "machine", true);
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

/* One page of records as a table (its columns sized for the page: the output streams). A
 * record dated after now was written while the clock was set ahead; it says so. */
static int history_table(const HistoryEntry *e, size_t n, usec_t now, const Style *style) {
        static const char * const headers[] = { N_("TIME"), N_("KIND"), N_("DURATION"), N_("EXERCISES"), N_("NOTE"),
                                                N_("MACHINE") };
        /* The machine column only with a sync folder (the records then carry their machine). */
        bool machines = n > 0 && e[0].machine;
        _cleanup_(table_freep) Table *t = NULL;
        char when[TIME_TEXT_MAX + 32];

        t = table_new(ELEMENTSOF(headers) - !machines, headers);
        if (!t)
                return ctl_oom();
        table_align_right(t, 2);
        /* Cut to fit the terminal, never inside an exercise's id; --json has them whole. */
        table_set_cut(t, 3, TABLE_CUT_WORDS);
        table_set_cut(t, 4, TABLE_CUT_TEXT);

        for (size_t i = 0; i < n; i++) {
                _cleanup_(freep) char *exercises = list_text(e[i].exercises);
                char d[DURATION_FORMAT_MAX], w[TIME_TEXT_MAX];

                /* TRANSLATORS: after a record's date, when the clock was set ahead as it was written. */
                snprintf(when, sizeof(when), "%s%s", format_datetime(w, e[i].time, now),
                         e[i].time > usec_add(now, USEC_PER_MINUTE) ? _(" (in the future)") : "");
                if (!exercises ||
                    table_add(t, COLOR_NONE, when) < 0 ||
                    table_add(t, kind_color(e[i].kind), e[i].kind) < 0 ||
                    table_add(t, COLOR_NONE, e[i].duration >= USEC_PER_SEC ? format_duration_human(d, e[i].duration) : "") < 0 ||
                    table_add(t, COLOR_NONE, exercises) < 0 ||
                    table_add(t, COLOR_NONE, e[i].note) < 0 ||
                    (machines && table_add(t, COLOR_NONE, strempty(e[i].machine)) < 0))
                        return ctl_oom();
        }
        table_print(t, style, stdout);
        return 0;
}

/* With a sync folder: this machine's records and the other machines' (GetSyncRecords), merged
 * in time order, each with its machine. Returns 1 when printed, 0 without a sync folder (the
 * caller pages through this machine's history), or a negative errno after a message. */
static int history_sync_merged(sd_bus *bus, usec_t since, usec_t now, const CtlArgs *args, size_t *ret_total) {
        _cleanup_(freep) char *machine = NULL;
        HistoryEntry *others = NULL, *all = NULL;
        size_t n_others = 0, n = 0;
        Json j;
        int r;

        r = sync_records_fetch(bus, since, USEC_INFINITY, false, &machine, &others, &n_others);
        if (r < 0 || !machine)
                return r;
        r = history_fetch(bus, since, USEC_INFINITY, &all, &n);
        if (r < 0) {
                history_entries_free(others, n_others);
                return r;
        }
        for (size_t i = 0; i < n; i++)
                if (!(all[i].machine = strdup(machine)))
                        r = -ENOMEM;
        for (size_t i = 0; r >= 0 && i < n_others; i++) {
                HistoryEntry *e = grow_array(&all, &n, sizeof(HistoryEntry));

                if (!e) {
                        r = -ENOMEM;
                        break;
                }
                *e = others[i];
                others[i] = (HistoryEntry) {};
        }
        history_entries_free(others, n_others);
        if (r < 0) {
                history_entries_free(all, n);
                return ctl_oom();
        }
        history_entries_sort(all, n);

        if (args->json) {
                json_init(&j, stdout);
                json_array_begin(&j);
                history_json(&j, all, n);
                json_array_end(&j);
        } else if (args->csv) {
                history_csv_header(true);
                history_csv(all, n, true);
        } else if (n > 0)
                r = history_table(all, n, now, &args->style);
        history_entries_free(all, n);
        *ret_total = n;
        return r < 0 ? r : 1;
}

int verb_history(int argc, char *argv[], const CtlArgs *args) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        usec_t now = now_realtime(), since;
        char when[TIME_TEXT_MAX];
        uint64_t cursor = 0;
        size_t total = 0;
        bool begun = false;
        Json j;
        int r;

        since = usec_sub(now, (args->seen & OPT_SINCE) ? args->since : HISTORY_SINCE_DEFAULT);

        r = bus_connect(&bus);
        if (r < 0)
                return r;

        r = history_sync_merged(bus, since, now, args, &total);
        if (r < 0)
                return r;
        if (r > 0)
                goto summary;

        /* Page by page, each printed as it comes: a whole history of years never has to fit in
         * one reply, nor in memory. Until the end of time: records from a clock set ahead show. */
        do {
                HistoryEntry *entries = NULL;
                size_t n = 0;

                r = history_fetch_page(bus, since, USEC_INFINITY, &cursor, &entries, &n);
                if (r < 0)
                        break;
                /* Nothing is written before limberd answered: a failure prints no half array. */
                if (args->json && !begun) {
                        json_init(&j, stdout);
                        json_array_begin(&j);
                        begun = true;
                } else if (args->csv && !begun) {
                        history_csv_header(false);
                        begun = true;
                }
                if (args->json)
                        history_json(&j, entries, n);
                else if (args->csv)
                        history_csv(entries, n, false);
                else if (n > 0)
                        r = history_table(entries, n, now, &args->style);
                total += n;
                history_entries_free(entries, n);
                if (!args->json)
                        fflush(stdout);
        } while (r >= 0 && cursor != 0);
        if (args->json && begun)
                json_array_end(&j);
        if (args->json || args->csv)
                return r;
        if (r < 0)
                return r;

summary:
        if (args->json)
                return 0;
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

static void stats_csv(const Stats *s) {
        static const char * const header[] = { "date", "breaks_taken", "breaks_skipped", "snoozed", "break_seconds",
                                               "active_seconds", "taken_share" };

        for (size_t i = 0; i < ELEMENTSOF(header); i++)
                csv_field(stdout, header[i], i + 1 == ELEMENTSOF(header));
        for (size_t i = 0; i < s->n_days; i++) {
                const DayStats *d = &s->days[i];
                char date[TIME_TEXT_MAX], share[16];

                csv_field(stdout, format_local(date, d->start, "%Y-%m-%d"), false);
                fprintf(stdout, "%u,%u,%u,%" PRIu64 ",", d->taken, d->skipped, d->snoozed, d->break_time / USEC_PER_SEC);
                if (s->active_known)
                        fprintf(stdout, "%" PRIu64, d->active / USEC_PER_SEC);
                /* No day, no share: an empty field, as null in the JSON. */
                if (isnan(day_stats_taken_share(d)))
                        share[0] = '\0';
                else
                        snprintf(share, sizeof(share), "%.2f", day_stats_taken_share(d));
                fputc(',', stdout);
                csv_field(stdout, share, true);
        }
}

/* The bars are ten cells wide, or narrower where the terminal is (three at least). */
#define BAR_WIDTH_MAX 10U
#define BAR_WIDTH_MIN 3U

/* One cell per break, taken in green then skipped in red, scaled down when a day had more
 * breaks than fit. */
static char *breaks_bar(const DayStats *d, unsigned most, unsigned width, const Style *style) {
        _cleanup_(memstream_done) MemStream m = {};
        unsigned taken = d->taken, skipped = d->skipped;
        FILE *f;

        if (taken + skipped == 0)
                return strdup("");
        /* Scaled down, any break still shows: one cell at least. */
        if (most > width) {
                taken = taken == 0 ? 0 : MAX((taken * width + most / 2) / most, 1U);
                skipped = skipped == 0 ? 0 : MAX((skipped * width + most / 2) / most, 1U);
                while (taken + skipped > width)
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

static char *active_bar(const DayStats *d, usec_t most, unsigned width, const Style *style) {
        _cleanup_(memstream_done) MemStream m = {};

        if (!memstream_open(&m))
                return NULL;
        bar_write(m.f, style, width, most > 0 ? (double) d->active / (double) most : 0, COLOR_BLUE);
        return memstream_steal(&m);
}

static int table_add_count(Table *t, unsigned n) {
        char buf[16];

        snprintf(buf, sizeof(buf), "%u", n);
        return table_add(t, COLOR_NONE, buf);
}

static int stats_table_row(Table *t, const Stats *s, const DayStats *d, const char *label,
                           unsigned most_breaks, usec_t most_active, unsigned bar, const Style *style) {
        _cleanup_(freep) char *bbar = NULL, *abar = NULL;
        char d1[DURATION_FORMAT_MAX], d2[DURATION_FORMAT_MAX];
        bool total = d == &s->total;

        /* The total gets numbers only: its bars would dwarf the days'. */
        bbar = total || bar == 0 ? strdup("") : breaks_bar(d, most_breaks, bar, style);
        abar = total || bar == 0 || !s->active_known ? strdup("") : active_bar(d, most_active, bar, style);
        if (!bbar || !abar)
                return -ENOMEM;

        /* bar 0: no bar columns at all (a narrow terminal). */
        if (table_add(t, total ? COLOR_BOLD : COLOR_NONE, label) < 0 ||
            table_add_count(t, d->taken) < 0 ||
            table_add_count(t, d->skipped) < 0 ||
            (bar > 0 && table_add(t, COLOR_NONE, bbar) < 0) ||
            table_add(t, COLOR_NONE, format_duration_human(d1, d->break_time)) < 0 ||
            table_add(t, COLOR_NONE, s->active_known ? format_duration_human(d2, d->active) : "-") < 0 ||
            (bar > 0 && table_add(t, COLOR_NONE, abar) < 0))
                return -ENOMEM;
        return 0;
}

/* The table with bars of bar cells, or without bars for bar 0. NULL on OOM. */
static Table *stats_table_build(const Stats *s, unsigned bar, const Style *style) {
        /* The bars have no header: the legend above the table says what they show. */
        static const char * const headers[] = { N_("DAY"), N_("BREAKS"), N_("SKIPPED"), "", N_("BREAK TIME"),
                                                N_("ACTIVE"), "" };
        static const char * const headers_no_bars[] = { N_("DAY"), N_("BREAKS"), N_("SKIPPED"), N_("BREAK TIME"),
                                                        N_("ACTIVE") };
        _cleanup_(table_freep) Table *t = NULL;
        unsigned most_breaks = 0;
        usec_t most_active = 0;

        t = bar > 0 ? table_new(ELEMENTSOF(headers), headers) : table_new(ELEMENTSOF(headers_no_bars), headers_no_bars);
        if (!t)
                return NULL;
        table_align_right(t, 1);
        table_align_right(t, 2);
        table_align_right(t, bar > 0 ? 4 : 3);
        table_align_right(t, bar > 0 ? 5 : 4);

        for (size_t i = 0; i < s->n_days; i++) {
                most_breaks = MAX(most_breaks, s->days[i].taken + s->days[i].skipped);
                most_active = MAX(most_active, s->days[i].active);
        }
        for (size_t i = 0; i < s->n_days; i++) {
                char label[TIME_TEXT_MAX];

                if (stats_table_row(t, s, &s->days[i], format_day(label, s->days[i].start, now_realtime()),
                                    most_breaks, most_active, bar, style) < 0)
                        return NULL;
        }
        if (stats_table_row(t, s, &s->total, _("Total"), most_breaks, most_active, bar, style) < 0)
                return NULL;
        return TAKE_PTR(t);
}

static int stats_table(const Stats *s, const Style *style) {
        _cleanup_(table_freep) Table *t = NULL;
        _cleanup_(memstream_done) MemStream m = {};
        char taken[32], skipped[32];
        bool bars = true;
        double share;
        FILE *f;

        /* The widest bars that fit the terminal, or none where even narrow ones do not. */
        for (unsigned bar = BAR_WIDTH_MAX; bar >= BAR_WIDTH_MIN - 1; bar--) {
                table_free(t);
                bars = bar >= BAR_WIDTH_MIN;
                t = stats_table_build(s, bars ? bar : 0, style);
                if (!t)
                        return ctl_oom();
                if (style->columns == 0 || table_width(t) <= style->columns || !bars)
                        break;
        }

        f = wrapped_open(&m);
        if (!f)
                return ctl_oom();
        fprintf(f, "%s", ansi(style, COLOR_BOLD));
        if (s->n_days == 1)
                fputs(_("Breaks today"), f);
        else
                fprintf(f, ngettext("Breaks over the last %zu day", "Breaks over the last %zu days", s->n_days), s->n_days);
        fprintf(f, "%s\n", ansi(style, COLOR_RESET));
        /* TRANSLATORS: the legend of limberctl stats; the column names are those of the table. */
        fprintf(f, _("BREAKS counts the breaks taken: guided, logged (limberctl log) and natural (away long enough)."));
        if (bars) {
                fputc(' ', f);
                snprintf(taken, sizeof(taken), "%s%s%s", ansi(style, COLOR_GREEN), glyph(style, GLYPH_BAR_FULL),
                         ansi(style, COLOR_RESET));
                snprintf(skipped, sizeof(skipped), "%s%s%s", ansi(style, COLOR_RED), glyph(style, GLYPH_BAR_OTHER),
                         ansi(style, COLOR_RESET));
                /* TRANSLATORS: the bars' legend: %s are a filled cell in green and one in red. */
                fprintf(f, _("The bars: %s a break, %s a skipped one; on the right, the active time."), taken, skipped);
        }
        fputs("\n\n", f);
        wrapped_close(&m, stdout, style, 0);
        table_print(t, style, stdout);

        if (!wrapped_open(&m))
                return ctl_oom();
        share = day_stats_taken_share(&s->total);
        if (isnan(share))
                fprintf(m.f, "\n%s\n", _("No breaks were due in these days."));
        else {
                fprintf(m.f, "\n%s%.0f%%%s ", ansi(style, COLOR_BOLD), share * 100, ansi(style, COLOR_RESET));
                /* TRANSLATORS: after a share such as "80%". */
                fprintf(m.f, _("of breaks taken (%u of %u).\n"), s->total.taken, s->total.taken + s->total.skipped);
        }
        if (!s->active_known)
                fprintf(m.f, "%s%s%s\n", ansi(style, COLOR_DIM), _("Active time is not reported by this limberd."),
                        ansi(style, COLOR_RESET));
        wrapped_close(&m, stdout, style, 0);
        return 0;
}

static int span_compare(const void *a, const void *b) {
        const ActiveSpan *x = a, *y = b;

        return x->start < y->start ? -1 : x->start > y->start;
}

/* Adds the other machines' breaks to s and their spans to *spans, then makes *spans their
 * union (sorted, overlaps merged). Returns 0 or a negative errno after a message. */
static int stats_add_other_machines(sd_bus *bus, Stats *s, ActiveSpan **spans, size_t *n_spans) {
        _cleanup_(freep) char *machine = NULL, *machine2 = NULL;
        HistoryEntry *e = NULL;
        size_t n = 0, w = 0;
        int r;

        r = sync_records_fetch(bus, s->total.start, s->total.end, false, &machine, &e, &n);
        if (r < 0 || !machine)
                return r;
        for (size_t i = 0; i < n; i++)
                stats_add_record(s, e[i].time, e[i].kind, e[i].duration);
        history_entries_free(e, n);

        r = sync_records_fetch(bus, s->total.start, s->total.end, true, &machine2, &e, &n);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i++) {
                ActiveSpan *span = grow_array(spans, n_spans, sizeof(ActiveSpan));

                if (!span) {
                        history_entries_free(e, n);
                        return ctl_oom();
                }
                *span = (ActiveSpan) { .start = e[i].time, .duration = e[i].duration };
        }
        history_entries_free(e, n);

        if (*n_spans > 1)
                qsort(*spans, *n_spans, sizeof(ActiveSpan), span_compare);
        for (size_t i = 0; i < *n_spans; i++) {
                ActiveSpan *cur = &(*spans)[i];

                if (w > 0) {
                        ActiveSpan *last = &(*spans)[w - 1];
                        usec_t end = usec_add(last->start, last->duration);

                        if (cur->start <= end) {
                                last->duration = MAX(end, usec_add(cur->start, cur->duration)) - last->start;
                                continue;
                        }
                }
                (*spans)[w++] = *cur;
        }
        *n_spans = w;
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

/* Every record and span of the days: from an older limberd without GetDailySummary, and with
 * a sync folder, where the other machines' records count too (each break once, and the time
 * two machines were in use at once counted once, which per-day totals cannot tell). */
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
        r = stats_add_other_machines(bus, s, &spans, &n_spans);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n_spans; i++)
                stats_add_active(s, spans[i].start, spans[i].duration);
        return 0;
}

/* Whether limberd keeps a sync folder (GetSyncRecords names this machine in it). */
static int stats_sync_folder(sd_bus *bus, const Stats *s) {
        _cleanup_(freep) char *machine = NULL;
        HistoryEntry *e = NULL;
        size_t n = 0;
        int r;

        r = sync_records_fetch(bus, s->total.end, s->total.end, false, &machine, &e, &n);
        history_entries_free(e, n);
        if (r == -EOPNOTSUPP)
                return 0;
        return r < 0 ? r : !isempty(machine);
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
        r = stats_sync_folder(bus, &s);
        if (r == 0)
                r = stats_fetch_summary(bus, &s);
        if (r > 0 || r == -EOPNOTSUPP)
                r = stats_fetch_records(bus, &s);
        if (r < 0)
                return r;

        if (args->json) {
                stats_json(&s);
                return 0;
        }
        if (args->csv) {
                stats_csv(&s);
                return 0;
        }
        return stats_table(&s, &args->style);
}
