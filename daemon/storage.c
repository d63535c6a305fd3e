/* SPDX-License-Identifier: GPL-3.0-or-later */
/* limberd's files: records that wait for a disk with room, the state save's health, the
 * state folder's lock, the indexes and the daily summary. An acknowledgement means the record
 * is on disk (history_append() fsyncs); what cannot be written stays in memory, is retried
 * every STORAGE_RETRY_USEC and at every new write, and is listed in Problems until it is
 * written. */

#include <fcntl.h>
#include <malloc.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files/paths.h"
#include "files/summary-file.h"
#include "storage.h"
#include "util/i18n.h"
#include "util/limber-bus.h"
#include "util/log.h"

/* Pages of the files read per slice while the daily summary is built: a few tens of ms. */
#define SUMMARY_SLICE 2U

typedef struct PendingRecord {
        bool activity;                  /* for the activity file, else the history */
        HistoryRecord record;           /* owned */
} PendingRecord;

struct Storage {
        sd_event *event;
        StorageCallbacks callbacks;
        void *userdata;
        char *state_dir;
        char *history_path;
        char *activity_path;            /* spans of active time, for limberctl stats */
        char *state_path;
        int lock_fd;                    /* flock()ed: one limberd per state folder, or -1 */
        PendingRecord *pending;         /* oldest first */
        size_t n_pending;
        sd_event_source *retry;         /* armed while something could not be written */
        char *records_problem;          /* why records cannot be written, or NULL */
        char *state_problem;            /* why the state cannot be saved, or NULL */
        unsigned changes;               /* counts changes of the two problems above */
        bool locked;                    /* the last write found the file locked by another program */
        bool in_call;                   /* a D-Bus method is running: note its first failure */
        char *call_error;
        HistoryIndex history_index;     /* what reads learnt of the files' order */
        HistoryIndex activity_index;
        Summary summary;                /* per-day totals of both files, for GetDailySummary */
        sd_event_source *trim;          /* gives the heap back after a large reply */
        sd_event_source *summary_build; /* reads the files into summary, a slice at a time */
        sd_bus_message **summary_waiting; /* GetDailySummary calls answered once it is done */
        size_t n_summary_waiting;
};

const char *storage_strerror(int r, char buf[static 128]) {
        const char *name = strerrorname_np(-r);

        if (r == -ELOOP)
                return _("it is a symbolic link, which limberd does not follow in its state folder (ELOOP)");
        if (r == -EBADFD)
                return _("it is not a regular file (a FIFO or a device?)");
        if (r == -EWOULDBLOCK)
                return _("another program holds a lock on it (flock); limberd writes when it is released");
        if (r == -EISDIR)
                return _("it is a folder, not a file (EISDIR)");
        snprintf(buf, 128, "%s (%s)", strerror(-r), name ?: "?");
        return buf;
}

static void set_problem(Storage *s, char **slot, char *text) {
        if (!streq_ptr(*slot, text))
                s->changes++;
        free(*slot);
        *slot = text;
}

static void note_call_failure(Storage *s, const char *text) {
        if (s->in_call && !s->call_error && text)
                s->call_error = strdup(text);
}

/* Fires callback once, usec from now: the timer *source is made on first use and re-armed
 * after. */
static int arm_oneshot(Storage *s, sd_event_source **source, clockid_t clock, usec_t usec, usec_t accuracy,
                       sd_event_time_handler_t callback, const char *description) {
        int r;

        if (!*source) {
                r = sd_event_add_time_relative(s->event, source, clock, usec, accuracy, callback, s);
                if (r >= 0)
                        (void) sd_event_source_set_description(*source, description);
                return r;
        }
        r = sd_event_source_set_time_relative(*source, usec);
        return r < 0 ? r : sd_event_source_set_enabled(*source, SD_EVENT_ONESHOT);
}

static int on_retry(sd_event_source *s, uint64_t usec, void *userdata);
static void check_lock(Storage *s);

static void arm_retry(Storage *s) {
        usec_t retry;
        int r;

        if (storage_ok(s)) {
                (void) sd_event_source_set_enabled(s->retry, SD_EVENT_OFF);
                return;
        }
        /* A lock another program holds is usually brief: tried again sooner than a full disk. */
        retry = s->locked ? STORAGE_LOCK_RETRY_USEC : STORAGE_RETRY_USEC;
        r = arm_oneshot(s, &s->retry, CLOCK_BOOTTIME, retry, retry / 10, on_retry, "storage-retry");
        if (r < 0)
                log_error_errno(r, "Cannot arm the retry of failed writes: %m");
}

/* Writes what waits, oldest first, up to the first failure. */
static int flush_pending(Storage *s) {
        size_t done = 0;
        int k = 0;

        if (s->n_pending == 0)
                return 0;
        check_lock(s);
        for (; done < s->n_pending; done++) {
                k = history_append(storage_path(s, s->pending[done].activity), &s->pending[done].record);
                if (k < 0)
                        break;
        }
        s->locked = k == -EWOULDBLOCK;
        for (size_t i = 0; i < done; i++)
                history_record_done(&s->pending[i].record);
        memmove(s->pending, s->pending + done, (s->n_pending - done) * sizeof(PendingRecord));
        s->n_pending -= done;
        if (s->n_pending == 0 && s->records_problem) {
                log_info("The history is written again; %zu record(s) that waited are on disk", done);
                set_problem(s, &s->records_problem, NULL);
        }
        return k;
}

static int keep_pending(Storage *s, bool activity, const HistoryRecord *r, int error) {
        PendingRecord *l, *p;
        char buf[128], *text = NULL;
        const char *path = storage_path(s, activity);

        if (s->n_pending >= STORAGE_PENDING_MAX) {
                note_call_failure(s, s->records_problem);
                return log_error_errno(error,
                                       "%zu records already wait to be written to %s; this %s record is lost",
                                       s->n_pending, path, history_kind_to_string(r->kind));
        }
        l = realloc(s->pending, (s->n_pending + 1) * sizeof(PendingRecord));
        if (!l)
                return log_oom();
        s->pending = l;
        p = &s->pending[s->n_pending];
        *p = (PendingRecord) {
                .activity = activity,
                .record = *r,
        };
        p->record.exercises = strdup(strempty(r->exercises));
        p->record.note = strdup(strempty(r->note));
        if (!p->record.exercises || !p->record.note) {
                history_record_done(&p->record);
                return log_oom();
        }
        s->n_pending++;

        /* TRANSLATORS: a problem limberctl status shows: path, the system's reason, a count. */
        if (asprintf(&text, ngettext("Cannot write %s: %s; %zu record kept in memory and retried",
                                     "Cannot write %s: %s; %zu records kept in memory and retried", s->n_pending),
                     path, storage_strerror(error, buf), s->n_pending) < 0)
                text = NULL;
        if (!s->records_problem || s->n_pending == 1)
                log_error("%s", strempty(text));
        note_call_failure(s, text);
        set_problem(s, &s->records_problem, text);
        arm_retry(s);
        return error;
}

int storage_append(Storage *s, bool activity, const HistoryRecord *r) {
        int k;

        k = flush_pending(s);
        if (k == 0 && s->n_pending == 0) {
                check_lock(s);
                k = history_append(storage_path(s, activity), r);
                if (k == 0)
                        return 0;
                s->locked = k == -EWOULDBLOCK;
        }
        if (k == -EINVAL)       /* not a valid record: writing it again would not help */
                return log_error_errno(k, "Cannot record a %s record: invalid",
                                       history_kind_to_string(r->kind));
        return keep_pending(s, activity, r, k < 0 ? k : -EAGAIN);
}

static void note_state(Storage *s, int r) {
        char buf[128], *text = NULL;

        if (r >= 0) {
                if (s->state_problem)
                        log_info("The state is saved again in %s", s->state_path);
                set_problem(s, &s->state_problem, NULL);
                arm_retry(s);
                return;
        }
        if (asprintf(&text, _("Cannot save the state to %s: %s; retrying"), s->state_path,
                     storage_strerror(r, buf)) < 0)
                text = NULL;
        if (!s->state_problem)
                log_error("%s", strempty(text));
        note_call_failure(s, text);
        set_problem(s, &s->state_problem, text);
        arm_retry(s);
}

int storage_save_state(Storage *s, const SavedState *state) {
        int r;

        check_lock(s);
        r = state_save(s->state_path, state);
        note_state(s, r);       /* logs, and retries, a failure */
        return r;
}

int storage_load_state(Storage *s, SavedState *ret) {
        return state_load(s->state_path, ret);
}

static int on_retry(sd_event_source *source, uint64_t usec, void *userdata) {
        Storage *s = userdata;

        (void) flush_pending(s);
        /* The state written now is the one that counts. */
        s->callbacks.retried(s->userdata);
        arm_retry(s);
        return 0;
}

/* One limberd per state folder, whatever its bus: the bus name guards one session bus, but
 * two sessions with buses of their own (or a limberd started by hand under dbus-run-session)
 * would otherwise write one history. The lock goes with the process, however it ends. */
static int take_lock(Storage *s, bool again) {
        _cleanup_(freep) char *path = NULL;
        _cleanup_(closep) int fd = -1;

        if (asprintf(&path, "%s/lock", s->state_dir) < 0)
                return log_oom();
        /* Read-only: flock() needs no more, and a file open for writing would keep the file
         * system from being remounted read-only. */
        fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK, 0600);
        if (fd < 0) {
                log_warning_errno(errno, "Cannot open %s: %m; not guarding against a second limberd", path);
                return 0;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
                if (errno == EWOULDBLOCK)
                        return log_error("Another limberd keeps its history in %s (it holds %s)%s",
                                         s->state_dir, path, again ? "" : "; exiting"), -EBUSY;
                log_warning_errno(errno, "Cannot lock %s: %m; not guarding against a second limberd", path);
                return 0;
        }
        if (s->lock_fd >= 0)
                (void) close(s->lock_fd);
        s->lock_fd = TAKE_FD(fd);
        return 0;
}

/* The indexes of the two files, kept beside them between runs (see history_index_save()). */
static void indexes_save_or_load(Storage *s, bool save) {
        const char *paths[2] = { s->history_path, s->activity_path };
        HistoryIndex *indexes[2] = { &s->history_index, &s->activity_index };

        for (size_t i = 0; i < 2; i++) {
                _cleanup_(freep) char *index_path = NULL;
                int r;

                if (asprintf(&index_path, "%s.index", paths[i]) < 0) {
                        log_oom();
                        return;
                }
                r = save ? history_index_save(indexes[i], paths[i], index_path)
                         : history_index_load(indexes[i], paths[i], index_path);
                if (r < 0)
                        log_full_errno(LOG_DEBUG, r, "Cannot %s %s: %m, ignoring", save ? "write" : "read",
                                       index_path);
        }
}

/* Before a write: the state folder may have been deleted, and the lock with it. */
static void check_lock(Storage *s) {
        struct stat st;
        int r;

        /* A lock file with no name left: the folder (or the file) was deleted under us. */
        if (s->lock_fd < 0 || fstat(s->lock_fd, &st) < 0 || st.st_nlink > 0)
                return;
        log_warning("The state folder %s (or its lock) was deleted while limberd ran; creating it again",
                    s->state_dir);
        r = mkdir_parents(s->state_dir, 0700);
        if (r < 0) {
                log_error_errno(r, "Cannot create %s again: %m", s->state_dir);
                return;
        }
        /* Another limberd may have started meanwhile and taken it: then two write here, which
         * the log says; this one keeps its old lock so that it asks again at the next write. */
        if (take_lock(s, true) == -EBUSY)
                log_error("Two limberd now write to %s; stop one of them", s->state_dir);
}

void storage_stop(Storage *s) {
        if (flush_pending(s) < 0)
                log_error("%zu record(s) could not be written and are lost: %s", s->n_pending,
                          strempty(s->records_problem));
        indexes_save_or_load(s, true);
}

int storage_new(sd_event *event, const char *state_dir, const StorageCallbacks *callbacks, void *userdata,
                Storage **ret) {
        _cleanup_(storage_freep) Storage *s = NULL;
        int r;

        s = calloc(1, sizeof(Storage));
        if (!s)
                return log_oom();
        s->lock_fd = -1;
        s->event = sd_event_ref(event);
        s->callbacks = *callbacks;
        s->userdata = userdata;
        s->state_dir = strdup(state_dir);
        if (!s->state_dir || asprintf(&s->history_path, "%s/history", state_dir) < 0 ||
            asprintf(&s->state_path, "%s/state", state_dir) < 0 ||
            asprintf(&s->activity_path, "%s/activity", state_dir) < 0)
                return log_oom();

        r = mkdir_parents(state_dir, 0700);
        if (r < 0)
                log_warning_errno(r, "Cannot create %s: %m; history will not be kept", state_dir);
        else {
                r = take_lock(s, false);
                if (r < 0)
                        return r;
                indexes_save_or_load(s, false);
                /* Ours alone now: what a crash left there goes, whatever its age. */
                r = remove_stale_temporaries(s->state_path, 0);
                if (r > 0)
                        log_info("Removed %d temporary file(s) an interrupted save left in %s", r, state_dir);
        }
        *ret = TAKE_PTR(s);
        return 0;
}

Storage *storage_free(Storage *s) {
        if (!s)
                return NULL;
        for (size_t i = 0; i < s->n_pending; i++)
                history_record_done(&s->pending[i].record);
        free(s->pending);
        sd_event_source_disable_unref(s->retry);
        sd_event_source_disable_unref(s->trim);
        free(s->records_problem);
        free(s->state_problem);
        free(s->call_error);
        free(s->state_dir);
        free(s->history_path);
        free(s->activity_path);
        free(s->state_path);
        summary_done(&s->summary);
        sd_event_source_disable_unref(s->summary_build);
        for (size_t i = 0; i < s->n_summary_waiting; i++)
                sd_bus_message_unref(s->summary_waiting[i]);
        free(s->summary_waiting);
        if (s->lock_fd >= 0)
                (void) close(s->lock_fd);
        sd_event_unref(s->event);
        free(s);
        return NULL;
}

void storage_call_begin(Storage *s) {
        s->in_call = true;
        free(s->call_error);
        s->call_error = NULL;
}

int storage_call_end(Storage *s, char **ret_text) {
        s->in_call = false;
        if (!s->call_error)
                return 0;
        *ret_text = TAKE_PTR(s->call_error);
        return -EIO;
}

int storage_add_pending(Storage *s, bool activity, usec_t since, usec_t until,
                                HistoryRecord **records, size_t *n) {
        for (size_t i = 0; i < s->n_pending; i++) {
                const PendingRecord *p = &s->pending[i];
                HistoryRecord *l, *c;

                if (p->activity != activity || p->record.realtime < since || p->record.realtime >= until)
                        continue;
                l = reallocarray(*records, *n + 1, sizeof(HistoryRecord));
                if (!l)
                        return -ENOMEM;
                *records = l;
                c = &l[*n];
                *c = p->record;
                c->exercises = strdup(p->record.exercises);
                c->note = strdup(p->record.note);
                (*n)++;         /* counted even when a copy failed, so that it is freed */
                if (!c->exercises || !c->note)
                        return -ENOMEM;
        }
        return 0;
}

static int on_trim(sd_event_source *s, uint64_t usec, void *userdata) {
        (void) malloc_trim(0);
        return 0;
}

void storage_trim_soon(Storage *s) {
        int r;

        (void) malloc_trim(0);
        r = arm_oneshot(s, &s->trim, CLOCK_MONOTONIC, STORAGE_TRIM_USEC, STORAGE_TRIM_USEC / 4, on_trim,
                        "heap-trim");
        if (r < 0)
                log_full_errno(LOG_DEBUG, r, "Cannot arm the heap trim: %m, ignoring");
}

const char *storage_path(Storage *s, bool activity) {
        return activity ? s->activity_path : s->history_path;
}

int storage_read(Storage *s, bool activity, usec_t since, usec_t until, size_t max, uint64_t *cursor,
                 HistoryRecord **records, size_t *n) {
        return history_read_page(storage_path(s, activity), activity ? &s->activity_index : &s->history_index,
                                 since, until, max, cursor, records, n);
}

bool storage_ok(Storage *s) {
        return !s->records_problem && !s->state_problem;
}

int storage_problems(Storage *s, char ***l) {
        int r = 0;

        if (s->records_problem)
                r = strv_extend(l, s->records_problem);
        if (r >= 0 && s->state_problem)
                r = strv_extend(l, s->state_problem);
        return r;
}

unsigned storage_changes(Storage *s) {
        return s->changes;
}

/* ---- the daily summary --------------------------------------------------------------- */

/* The scratch summary's days and s's in [since, until), merged into reply as a(tuuutt). */
static int append_days(sd_bus_message *reply, const Summary *s, const Summary *extra, usec_t since, usec_t until) {
        const DaySummary *a, *b;
        size_t na, nb, i = 0, j = 0;
        int r;

        a = summary_range(s, since, until, &na);
        b = summary_range(extra, since, until, &nb);
        r = sd_bus_message_open_container(reply, 'a', "(tuuutt)");
        while (r >= 0 && (i < na || j < nb)) {
                DaySummary d;

                if (j >= nb || (i < na && a[i].start < b[j].start))
                        d = a[i++];
                else if (i >= na || b[j].start < a[i].start)
                        d = b[j++];
                else {
                        d = a[i++];
                        d.taken += b[j].taken;
                        d.skipped += b[j].skipped;
                        d.snoozed += b[j].snoozed;
                        d.break_usec = usec_add(d.break_usec, b[j].break_usec);
                        d.active_usec = usec_add(d.active_usec, b[j].active_usec);
                        j++;
                }
                r = sd_bus_message_append(reply, "(tuuutt)", d.start, d.taken, d.skipped, d.snoozed,
                                          d.break_usec, d.active_usec);
        }
        if (r >= 0)
                r = sd_bus_message_close_container(reply);
        return r;
}

/* The answer to GetDailySummary once the summary is up to date: its days in the range, with
 * what waits in memory and the span counted now. */
static int reply_daily_summary(Storage *s, sd_bus_message *message, uint64_t since, uint64_t until) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_(summary_done) Summary extra = {};
        HistoryRecord *pending = NULL, open = { .kind = HISTORY_ACTIVE };
        size_t n = 0;
        int r;

        r = storage_add_pending(s, false, 0, USEC_INFINITY, &pending, &n);
        if (r >= 0)
                r = storage_add_pending(s, true, 0, USEC_INFINITY, &pending, &n);
        for (size_t i = 0; r >= 0 && i < n; i++)
                r = summary_add(&extra, &pending[i]);
        history_records_free(pending, n);
        if (r >= 0 && s->callbacks.open_span(s->userdata, &open))
                r = summary_add(&extra, &open);
        if (r >= 0)
                r = sd_bus_message_new_method_return(message, &reply);
        if (r >= 0)
                r = append_days(reply, &s->summary, &extra, since, until);
        if (r < 0)
                return r;
        return sd_bus_send(NULL, reply, NULL);
}

/* Reads SUMMARY_SLICE pages of the files; answers the waiting calls once the summary is up to
 * date (or reading failed). Returns 1 while more remains. */
static int summary_advance(Storage *s) {
        char buf[128];
        int r;

        r = summary_step(&s->summary, s->history_path, s->activity_path, SUMMARY_SLICE);
        if (r > 0)
                return 1;
        for (size_t i = 0; i < s->n_summary_waiting; i++) {
                sd_bus_message *call = s->summary_waiting[i];
                uint64_t since = 0, until = 0;
                int k = r;

                if (k >= 0 && sd_bus_message_rewind(call, true) >= 0 && sd_bus_message_read(call, "tt", &since, &until) >= 0) {
                        if (until == 0)
                                until = MAX(now_realtime(), since);
                        k = reply_daily_summary(s, call, since, until);
                }
                if (k < 0)
                        (void) sd_bus_reply_method_errorf(call, LIMBER_ERROR_IO, _("Cannot read %s: %s"),
                                                          s->history_path, storage_strerror(k, buf));
                sd_bus_message_unref(call);
        }
        s->n_summary_waiting = 0;
        (void) sd_event_source_set_enabled(s->summary_build, SD_EVENT_OFF);
        /* Reading the files took heap that is not needed after. */
        storage_trim_soon(s);
        return 0;
}

static int on_summary_build(sd_event_source *source, void *userdata) {
        (void) summary_advance(userdata);
        return 0;
}

int storage_reply_daily_summary(Storage *s, sd_bus_message *call, usec_t since, usec_t until) {
        sd_bus_message **l;
        int r;

        if (s->n_summary_waiting == 0 && summary_step(&s->summary, s->history_path, s->activity_path, SUMMARY_SLICE) == 0) {
                r = reply_daily_summary(s, call, since, until);
                return r < 0 ? r : 0;
        }

        l = reallocarray(s->summary_waiting, s->n_summary_waiting + 1, sizeof(sd_bus_message *));
        if (!l)
                return -ENOMEM;
        s->summary_waiting = l;
        l[s->n_summary_waiting++] = sd_bus_message_ref(call);
        if (!s->summary_build) {
                r = sd_event_add_defer(s->event, &s->summary_build, on_summary_build, s);
                if (r >= 0)     /* every iteration until done, after everything else */
                        r = sd_event_source_set_enabled(s->summary_build, SD_EVENT_ON);
                if (r >= 0)
                        r = sd_event_source_set_priority(s->summary_build, SD_EVENT_PRIORITY_IDLE);
                if (r >= 0)
                        (void) sd_event_source_set_description(s->summary_build, "summary-build");
        } else
                r = sd_event_source_set_enabled(s->summary_build, SD_EVENT_ON);
        if (r < 0) {
                /* No slices: the rest at once. */
                while (summary_advance(s) > 0)
                        ;
        }
        return 1;
}
