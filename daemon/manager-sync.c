/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Manager's sync-folder half (sync/sync.h): this machine's records go to its subfolder,
 * and the count of every machine (sync/sync-count.h) feeds the scheduler: the active time the
 * other machines add, and the breaks taken on them. */

#include <inttypes.h>

#include "manager-sync.h"
#include "manager.h"
#include "sync/sync-count.h"
#include "util/i18n.h"
#include "util/limber-bus.h"
#include "util/log.h"

/* The most records of the other machines one GetSyncRecords reply holds (a reply stays well
 * within the bus's limits, as GetHistory's). */
#define SYNC_REPLY_RECORDS_MAX 100000U

static void on_sync_changed(void *userdata) {
        manager_changed(userdata);
}

void manager_sync_apply(Manager *m) {
        const char *folder = strempty(m->config.sync_folder), *machine = strempty(m->config.sync_machine);
        int r;

        if (isempty(folder)) {
                if (m->sync)
                        log_info("Sync folder off: this machine counts alone");
                m->sync = sync_free(m->sync);
                scheduler_set_elsewhere(&m->scheduler, manager_now(), 0);
                return;
        }
        if (sync_matches(m->sync, folder, machine))
                return;
        m->sync = sync_free(m->sync);
        r = sync_new(m->event, folder, machine, on_sync_changed, m, &m->sync);
        if (r < 0)
                log_error_errno(r, "Cannot use the sync folder %s: %m", folder);
}

void manager_sync_record(Manager *m, bool activity, const HistoryRecord *r) {
        if (m->sync)
                (void) sync_append(m->sync, activity, r);   /* a failure is a problem it reports */
}

void manager_sync_update(Manager *m) {
        _cleanup_(freep) SyncSpan *spans = NULL;
        _cleanup_(freep) SyncBreak *breaks = NULL;
        usec_t now = manager_now(), rt = now_realtime(), start, duration, since, active, own;
        size_t n_spans, n_breaks, last;
        Scheduler *s = &m->scheduler;

        if (!m->sync)
                return;
        if (sync_gather(m->sync, rt, &spans, &n_spans, &breaks, &n_breaks) < 0) {
                log_oom();
                return;
        }
        /* What this machine has not written yet: the span being counted, and a natural break
         * under way (sync_gather() leaves room for one of each). */
        if (scheduler_open_span(s, now, &start, &duration))
                spans[n_spans++] = (SyncSpan) { manager_to_realtime(start), rt, 0 };
        if (scheduler_natural_break(s, &since))
                breaks[n_breaks++] = (SyncBreak) { manager_to_realtime(since), rt, 0, true, false };

        if (sync_count(spans, n_spans, breaks, n_breaks, rt, SYNC_SKEW_USEC, &active, &last) < 0) {
                log_oom();
                return;
        }
        if (last != SIZE_MAX && breaks[last].machine != 0 && breaks[last].end > m->sync_break_seen) {
                m->sync_break_seen = breaks[last].end;
                if (scheduler_break_elsewhere(s, now, breaks[last].skipped) == 0)
                        log_info("A break was %s on %s: the count starts again",
                                 breaks[last].skipped ? "skipped" : "taken",
                                 sync_machine_name(m->sync, breaks[last].machine));
        }
        /* Never less than this machine's own count: the other machines only add to it. */
        own = usec_sub(scheduler_active_usec(s, now), s->elsewhere_usec);
        scheduler_set_elsewhere(s, now, usec_sub(active, own));
}

int manager_sync_problems(Manager *m, char ***l) {
        return m->sync ? sync_problems(m->sync, l) : 0;
}

int manager_sync_method_get_records(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        Manager *m = userdata;
        SyncMachineRecord *records = NULL;
        uint64_t since, until;
        size_t n = 0;
        char buf[128];
        int activity, r;

        r = sd_bus_message_read(message, "ttb", &since, &until, &activity);
        if (r < 0)
                return r;
        if (until == 0)
                until = MAX(now_realtime(), since);
        if (since > until)
                return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                         _("The range ends (%" PRIu64 ") before it begins (%" PRIu64 "); "
                                           "until 0 means now."), until, since);
        if (m->sync) {
                r = sync_read_others(m->sync, activity, since, until, SYNC_REPLY_RECORDS_MAX, &records, &n);
                if (r == -E2BIG)
                        return sd_bus_error_setf(error, LIMBER_ERROR_NOT_POSSIBLE,
                                                 _("The other machines have more than %u records in that range: "
                                                   "ask for a shorter range."), SYNC_REPLY_RECORDS_MAX);
                if (r < 0)
                        return sd_bus_error_setf(error, LIMBER_ERROR_IO, _("Cannot read %s: %s"),
                                                 m->config.sync_folder, storage_strerror(r, buf));
        }

        r = sd_bus_message_new_method_return(message, &reply);
        if (r >= 0)
                r = sd_bus_message_append(reply, "s", m->sync ? strempty(sync_machine_name(m->sync, 0)) : "");
        if (r >= 0)
                r = sd_bus_message_open_container(reply, 'a', "(ststss)");
        for (size_t i = 0; r >= 0 && i < n; i++) {
                const HistoryRecord *h = &records[i].record;

                r = sd_bus_message_append(reply, "(ststss)", sync_machine_name(m->sync, records[i].machine),
                                          h->realtime, history_kind_to_string(h->kind), h->duration,
                                          strempty(h->exercises), strempty(h->note));
        }
        sync_machine_records_free(records, n);
        if (r >= 0)
                r = sd_bus_message_close_container(reply);
        if (r < 0)
                return r;
        return sd_bus_send(NULL, reply, NULL);
}
