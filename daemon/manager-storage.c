/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Manager's files: records that wait for a disk with room, the state save's health, the
 * state folder's lock. An acknowledgement means the record is on disk (history_append()
 * fsyncs); what cannot be written stays in memory, is retried every STORAGE_RETRY_USEC and at
 * every new write, and is listed in Problems until it is written. */

#include <fcntl.h>
#include <malloc.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files/paths.h"
#include "manager-storage.h"
#include "manager.h"
#include "util/i18n.h"
#include "util/log.h"

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

static void set_problem(Manager *m, char **slot, char *text) {
        if (!streq_ptr(*slot, text))
                m->storage.changes++;
        free(*slot);
        *slot = text;
}

static void note_call_failure(Manager *m, const char *text) {
        if (m->storage.in_call && !m->storage.call_error && text)
                m->storage.call_error = strdup(text);
}

/* Fires callback once, usec from now: the timer *source is made on first use and re-armed
 * after. */
static int arm_oneshot(Manager *m, sd_event_source **source, clockid_t clock, usec_t usec, usec_t accuracy,
                       sd_event_time_handler_t callback, const char *description) {
        int r;

        if (!*source) {
                r = sd_event_add_time_relative(m->event, source, clock, usec, accuracy, callback, m);
                if (r >= 0)
                        (void) sd_event_source_set_description(*source, description);
                return r;
        }
        r = sd_event_source_set_time_relative(*source, usec);
        return r < 0 ? r : sd_event_source_set_enabled(*source, SD_EVENT_ONESHOT);
}

static int on_retry(sd_event_source *s, uint64_t usec, void *userdata);

static void arm_retry(Manager *m) {
        usec_t retry;
        int r;

        if (manager_storage_ok(m)) {
                (void) sd_event_source_set_enabled(m->storage.retry, SD_EVENT_OFF);
                return;
        }
        /* A lock another program holds is usually brief: tried again sooner than a full disk. */
        retry = m->storage.locked ? STORAGE_LOCK_RETRY_USEC : STORAGE_RETRY_USEC;
        r = arm_oneshot(m, &m->storage.retry, CLOCK_BOOTTIME, retry, retry / 10, on_retry, "storage-retry");
        if (r < 0)
                log_error_errno(r, "Cannot arm the retry of failed writes: %m");
}

static const char *record_path(Manager *m, bool activity) {
        return activity ? m->activity_path : m->history_path;
}

/* Writes what waits, oldest first, up to the first failure. */
static int flush_pending(Manager *m) {
        Storage *s = &m->storage;
        size_t done = 0;
        int k = 0;

        if (s->n_pending == 0)
                return 0;
        manager_storage_check_lock(m);
        for (; done < s->n_pending; done++) {
                k = history_append(record_path(m, s->pending[done].activity), &s->pending[done].record);
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
                set_problem(m, &s->records_problem, NULL);
        }
        return k;
}

static int keep_pending(Manager *m, bool activity, const HistoryRecord *r, int error) {
        Storage *s = &m->storage;
        PendingRecord *l, *p;
        char buf[128], *text = NULL;
        const char *path = record_path(m, activity);

        if (s->n_pending >= STORAGE_PENDING_MAX) {
                note_call_failure(m, s->records_problem);
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
        note_call_failure(m, text);
        set_problem(m, &s->records_problem, text);
        arm_retry(m);
        return error;
}

int manager_storage_append(Manager *m, bool activity, const HistoryRecord *r) {
        int k;

        k = flush_pending(m);
        if (k == 0 && m->storage.n_pending == 0) {
                manager_storage_check_lock(m);
                k = history_append(record_path(m, activity), r);
                if (k == 0)
                        return 0;
                m->storage.locked = k == -EWOULDBLOCK;
        }
        if (k == -EINVAL)       /* not a valid record: writing it again would not help */
                return log_error_errno(k, "Cannot record a %s record: invalid",
                                       history_kind_to_string(r->kind));
        return keep_pending(m, activity, r, k < 0 ? k : -EAGAIN);
}

void manager_storage_note_state(Manager *m, int r) {
        Storage *s = &m->storage;
        char buf[128], *text = NULL;

        if (r >= 0) {
                if (s->state_problem)
                        log_info("The state is saved again in %s", m->state_path);
                set_problem(m, &s->state_problem, NULL);
                arm_retry(m);
                return;
        }
        if (asprintf(&text, _("Cannot save the state to %s: %s; retrying"), m->state_path,
                     storage_strerror(r, buf)) < 0)
                text = NULL;
        if (!s->state_problem)
                log_error("%s", strempty(text));
        note_call_failure(m, text);
        set_problem(m, &s->state_problem, text);
        arm_retry(m);
}

static int on_retry(sd_event_source *source, uint64_t usec, void *userdata) {
        Manager *m = userdata;

        (void) flush_pending(m);
        m->dirty = true;        /* the state written now is the one that counts */
        manager_changed(m);
        arm_retry(m);
        return 0;
}

/* One limberd per state folder, whatever its bus: the bus name guards one session bus, but
 * two sessions with buses of their own (or a limberd started by hand under dbus-run-session)
 * would otherwise write one history. The lock goes with the process, however it ends. */
static int take_lock(Manager *m, bool again) {
        _cleanup_(freep) char *path = NULL;
        _cleanup_(closep) int fd = -1;

        if (asprintf(&path, "%s/lock", m->storage.state_dir) < 0)
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
                                         m->storage.state_dir, path, again ? "" : "; exiting"), -EBUSY;
                log_warning_errno(errno, "Cannot lock %s: %m; not guarding against a second limberd", path);
                return 0;
        }
        if (m->storage.lock_fd >= 0)
                (void) close(m->storage.lock_fd);
        m->storage.lock_fd = TAKE_FD(fd);
        return 0;
}

/* The indexes of the two files, kept beside them between runs (see history_index_save()). */
static void indexes_save_or_load(Manager *m, bool save) {
        const char *paths[2] = { m->history_path, m->activity_path };
        HistoryIndex *indexes[2] = { &m->storage.history_index, &m->storage.activity_index };

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

int manager_storage_lock(Manager *m) {
        _cleanup_(freep) char *dir = strdup(m->state_path);
        char *slash;
        int r;

        if (!dir)
                return log_oom();
        slash = strrchr(dir, '/');
        if (slash)
                *slash = '\0';
        m->storage.lock_fd = -1;
        m->storage.state_dir = TAKE_PTR(dir);
        r = take_lock(m, false);
        if (r >= 0)
                indexes_save_or_load(m, false);
        return r;
}

void manager_storage_check_lock(Manager *m) {
        struct stat st;
        int r;

        /* A lock file with no name left: the folder (or the file) was deleted under us. */
        if (m->storage.lock_fd < 0 || fstat(m->storage.lock_fd, &st) < 0 || st.st_nlink > 0)
                return;
        log_warning("The state folder %s (or its lock) was deleted while limberd ran; creating it again",
                    m->storage.state_dir);
        r = mkdir_parents(m->storage.state_dir, 0700);
        if (r < 0) {
                log_error_errno(r, "Cannot create %s again: %m", m->storage.state_dir);
                return;
        }
        /* Another limberd may have started meanwhile and taken it: then two write here, which
         * the log says; this one keeps its old lock so that it asks again at the next write. */
        if (take_lock(m, true) == -EBUSY)
                log_error("Two limberd now write to %s; stop one of them", m->storage.state_dir);
}

void manager_storage_stop(Manager *m) {
        if (flush_pending(m) < 0)
                log_error("%zu record(s) could not be written and are lost: %s", m->storage.n_pending,
                          strempty(m->storage.records_problem));
        indexes_save_or_load(m, true);
}

void manager_storage_done(Manager *m) {
        Storage *s = &m->storage;

        for (size_t i = 0; i < s->n_pending; i++)
                history_record_done(&s->pending[i].record);
        free(s->pending);
        sd_event_source_disable_unref(s->retry);
        sd_event_source_disable_unref(s->trim);
        free(s->records_problem);
        free(s->state_problem);
        free(s->call_error);
        free(s->state_dir);
        summary_done(&s->summary);
        sd_event_source_disable_unref(s->summary_build);
        for (size_t i = 0; i < s->n_summary_waiting; i++)
                sd_bus_message_unref(s->summary_waiting[i]);
        free(s->summary_waiting);
        if (s->lock_fd >= 0)
                (void) close(s->lock_fd);
        *s = (Storage) { .lock_fd = -1 };
}

void manager_storage_call_begin(Manager *m) {
        m->storage.in_call = true;
        free(m->storage.call_error);
        m->storage.call_error = NULL;
}

int manager_storage_call_end(Manager *m, char **ret_text) {
        m->storage.in_call = false;
        if (!m->storage.call_error)
                return 0;
        *ret_text = TAKE_PTR(m->storage.call_error);
        return -EIO;
}

int manager_storage_add_pending(Manager *m, bool activity, usec_t since, usec_t until,
                                HistoryRecord **records, size_t *n) {
        for (size_t i = 0; i < m->storage.n_pending; i++) {
                const PendingRecord *p = &m->storage.pending[i];
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

void manager_storage_trim_soon(Manager *m) {
        int r;

        (void) malloc_trim(0);
        r = arm_oneshot(m, &m->storage.trim, CLOCK_MONOTONIC, STORAGE_TRIM_USEC, STORAGE_TRIM_USEC / 4, on_trim,
                        "heap-trim");
        if (r < 0)
                log_full_errno(LOG_DEBUG, r, "Cannot arm the heap trim: %m, ignoring");
}

HistoryIndex *manager_storage_index(Manager *m, const char *path) {
        if (streq(path, m->activity_path))
                return &m->storage.activity_index;
        return streq(path, m->history_path) ? &m->storage.history_index : NULL;
}

bool manager_storage_ok(Manager *m) {
        return !m->storage.records_problem && !m->storage.state_problem;
}

int manager_storage_problems(Manager *m, char ***l) {
        int r = 0;

        if (m->storage.records_problem)
                r = strv_extend(l, m->storage.records_problem);
        if (r >= 0 && m->storage.state_problem)
                r = strv_extend(l, m->storage.state_problem);
        return r;
}
