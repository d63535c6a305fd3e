/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdlib.h>

#include "ctl-bus.h"
#include "ctl-history.h"
#include "ctl-util.h"

static void history_entries_free_contents(HistoryEntry *e) {
        free(e->kind);
        free(e->exercises);
        free(e->note);
        free(e->machine);
}

void history_entries_free(HistoryEntry *e, size_t n) {
        for (size_t i = 0; i < n; i++)
                history_entries_free_contents(&e[i]);
        free(e);
}

bool history_kind_is_taken(const char *kind) {
        return streq_ptr(kind, "taken") || streq_ptr(kind, "logged") || streq_ptr(kind, "natural");
}

/* Fills e with copies of the strings (machine may be NULL). Returns 0 or -ENOMEM (e then owns
 * what was copied, for history_entries_free()). */
static int entry_set(HistoryEntry *e, uint64_t time, const char *kind, uint64_t duration, const char *exercises,
                     const char *note, const char *machine) {
        *e = (HistoryEntry) {
                .time = time,
                .duration = duration,
                .kind = strdup(kind),
                .exercises = strdup(exercises),
                .note = strdup(note),
                .machine = machine ? strdup(machine) : NULL,
        };
        return e->kind && e->exercises && e->note && (!machine || e->machine) ? 0 : -ENOMEM;
}

/* Reads the a(tstss) at the reply's position, appending to *entries. */
static int read_entries(sd_bus_message *reply, HistoryEntry **entries, size_t *n) {
        int r;

        r = sd_bus_message_enter_container(reply, 'a', "(tstss)");
        if (r < 0)
                return bus_log_parse_error(r);
        for (;;) {
                const char *kind, *exercises, *note;
                uint64_t time, duration;
                HistoryEntry *e;

                r = sd_bus_message_read(reply, "(tstss)", &time, &kind, &duration, &exercises, &note);
                if (r < 0)
                        return bus_log_parse_error(r);
                if (r == 0)
                        break;

                e = grow_array(entries, n, sizeof(HistoryEntry));
                if (!e || entry_set(e, time, kind, duration, exercises, note, NULL) < 0)
                        return ctl_oom();
        }
        r = sd_bus_message_exit_container(reply);
        return r < 0 ? bus_log_parse_error(r) : 0;
}

int history_fetch_page(sd_bus *bus, usec_t since, usec_t until, uint64_t *cursor, HistoryEntry **ret,
                       size_t *ret_n) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        HistoryEntry *entries = NULL;
        uint64_t next;
        size_t n = 0;
        int r;

        r = bus_call(bus, "GetHistoryPage", BUS_CALL_OPTIONAL | BUS_CALL_NO_ACTIVATE, &reply, "ttut", since, until,
                     (uint32_t) HISTORY_FETCH_PAGE, *cursor);
        if (r == -EOPNOTSUPP) {
                /* An older limberd: all of it in one reply. */
                r = bus_call(bus, "GetHistory", BUS_CALL_NO_ACTIVATE, &reply, "tt", since, until);
                if (r < 0)
                        return r;
                r = read_entries(reply, &entries, &n);
                next = 0;
        } else if (r < 0)
                return r;
        else {
                r = read_entries(reply, &entries, &n);
                if (r >= 0) {
                        r = sd_bus_message_read(reply, "t", &next);
                        if (r < 0)
                                r = bus_log_parse_error(r);
                }
        }
        if (r < 0) {
                history_entries_free(entries, n);
                return r;
        }
        *cursor = next;
        *ret = entries;
        *ret_n = n;
        return 0;
}

int history_fetch(sd_bus *bus, usec_t since, usec_t until, HistoryEntry **ret, size_t *ret_n) {
        HistoryEntry *entries = NULL;
        uint64_t cursor = 0;
        size_t n = 0;
        int r;

        do {
                HistoryEntry *page;
                size_t n_page;

                r = history_fetch_page(bus, since, until, &cursor, &page, &n_page);
                if (r < 0) {
                        history_entries_free(entries, n);
                        return r;
                }
                for (size_t i = 0; i < n_page; i++) {
                        HistoryEntry *e = grow_array(&entries, &n, sizeof(HistoryEntry));

                        if (!e) {
                                for (; i < n_page; i++)
                                        history_entries_free_contents(&page[i]);
                                free(page);
                                history_entries_free(entries, n);
                                return ctl_oom();
                        }
                        *e = page[i];
                }
                free(page);
        } while (cursor != 0);

        *ret = entries;
        *ret_n = n;
        return 0;
}

int sync_records_fetch(sd_bus *bus, usec_t since, usec_t until, bool activity, char **ret_machine,
                       HistoryEntry **ret, size_t *ret_n) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        HistoryEntry *entries = NULL;
        const char *machine;
        size_t n = 0;
        int r;

        *ret_machine = NULL;
        *ret = NULL;
        *ret_n = 0;
        r = bus_call(bus, "GetSyncRecords", BUS_CALL_OPTIONAL | BUS_CALL_NO_ACTIVATE, &reply, "ttb", since, until,
                     (int) activity);
        if (r == -EOPNOTSUPP)
                return 0;
        if (r < 0)
                return r;
        r = sd_bus_message_read(reply, "s", &machine);
        if (r < 0)
                return bus_log_parse_error(r);
        if (isempty(machine))
                return 0;
        r = sd_bus_message_enter_container(reply, 'a', "(ststss)");
        if (r < 0)
                return bus_log_parse_error(r);
        for (;;) {
                const char *who, *kind, *exercises, *note;
                uint64_t time, duration;
                HistoryEntry *e;

                r = sd_bus_message_read(reply, "(ststss)", &who, &time, &kind, &duration, &exercises, &note);
                if (r < 0) {
                        history_entries_free(entries, n);
                        return bus_log_parse_error(r);
                }
                if (r == 0)
                        break;
                e = grow_array(&entries, &n, sizeof(HistoryEntry));
                if (!e || entry_set(e, time, kind, duration, exercises, note, who) < 0) {
                        history_entries_free(entries, n);
                        return ctl_oom();
                }
        }
        *ret_machine = strdup(machine);
        if (!*ret_machine) {
                history_entries_free(entries, n);
                return ctl_oom();
        }
        *ret = entries;
        *ret_n = n;
        return 0;
}

static int entry_compare(const void *a, const void *b) {
        const HistoryEntry *x = a, *y = b;

        if (x->time != y->time)
                return x->time < y->time ? -1 : 1;
        return strcmp(strempty(x->machine), strempty(y->machine));
}

void history_entries_sort(HistoryEntry *e, size_t n) {
        if (n > 1)
                qsort(e, n, sizeof(HistoryEntry), entry_compare);
}

int activity_fetch(sd_bus *bus, usec_t since, usec_t until, ActiveSpan **ret, size_t *ret_n) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_(freep) ActiveSpan *spans = NULL;
        size_t n = 0;
        int r;

        r = bus_call(bus, "GetActivity", BUS_CALL_OPTIONAL | BUS_CALL_NO_ACTIVATE, &reply, "tt", since, until);
        if (r < 0)
                return r;

        r = sd_bus_message_enter_container(reply, 'a', "(tt)");
        if (r < 0)
                return bus_log_parse_error(r);
        for (;;) {
                uint64_t start, duration;
                ActiveSpan *span;

                r = sd_bus_message_read(reply, "(tt)", &start, &duration);
                if (r < 0)
                        return bus_log_parse_error(r);
                if (r == 0)
                        break;
                span = grow_array(&spans, &n, sizeof(ActiveSpan));
                if (!span)
                        return ctl_oom();
                *span = (ActiveSpan) { .start = start, .duration = duration };
        }

        *ret = TAKE_PTR(spans);
        *ret_n = n;
        return 0;
}
