/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <systemd/sd-id128.h>
#include <unistd.h>

#include "core/config.h"
#include "files/history-file.h"
#include "files/paths.h"
#include "sync/sync.h"
#include "util/i18n.h"
#include "util/log.h"

/* The key /etc/machine-id is hashed with (HMAC-SHA256, sd_id128_get_machine_app_specific()):
 * the folder never holds the raw id, and another program's ids cannot be matched with ours. */
#define SYNC_APP_ID SD_ID128_MAKE(ef,65,95,71,0d,d6,4e,6f,87,e1,f9,5a,a2,f2,a2,e3)
#define SYNC_ID_LEN 16U
/* What is read of a file at start: its end, a few days of records. */
#define SYNC_TAIL_MAX (1024U * 1024U)

typedef enum SyncFileKind {
        SYNC_FILE_ACTIVITY,
        SYNC_FILE_HISTORY,
        _SYNC_FILE_MAX,
} SyncFileKind;

static const char * const file_names[_SYNC_FILE_MAX] = { "activity", "history" };

typedef struct SyncRecord {
        usec_t start, end;
        HistoryKind kind;
} SyncRecord;

typedef struct SyncFile {
        uint64_t offset;                /* read up to here: the start of a line */
        bool started;                   /* read once: offset means something */
        bool torn;                      /* ends in a line without its newline */
        unsigned future;                /* records refused as from the future */
        SyncRecord *records;
        size_t n_records;
} SyncFile;

typedef struct SyncMachine {
        char *dir;                      /* ID-NAME */
        const char *name;               /* within dir */
        int wd;                         /* inotify watch, or -1 */
        SyncFile files[_SYNC_FILE_MAX];
        char **conflicts;               /* conflict copies in the subfolder */
} SyncMachine;

struct Sync {
        char *configured_folder, *configured_machine;
        char *folder;                   /* ~ expanded */
        int inotify_fd;
        int folder_wd;
        sd_event_source *io;
        SyncMachine **machines;         /* [0] is this machine */
        size_t n_machines;
        sync_changed_t changed;
        void *userdata;
        char *folder_problem;           /* the folder cannot be used, or NULL */
        char *write_problem;            /* our records cannot be written, or NULL */
};

/* ---- names ---------------------------------------------------------------------------- */

/* FNV-1a: only spreads a configured name over the key's bits; the HMAC does the hashing. */
static uint64_t fnv1a(const char *s, uint64_t h) {
        for (; *s; s++)
                h = (h ^ (unsigned char) *s) * UINT64_C(0x100000001b3);
        return h;
}

static int machine_id(const char *configured, char ret[static SYNC_ID_LEN + 1]) {
        sd_id128_t app = SYNC_APP_ID, id;
        uint64_t a = fnv1a(configured, UINT64_C(0xcbf29ce484222325)), b = fnv1a(configured, UINT64_C(0x84222325cbf29ce4));
        char hex[SD_ID128_STRING_MAX];
        int r;

        /* A configured name makes its own id: two limberd on one machine stay apart. */
        if (*configured)
                for (unsigned i = 0; i < 8; i++) {
                        app.bytes[i] ^= (uint8_t) (a >> (8 * i));
                        app.bytes[8 + i] ^= (uint8_t) (b >> (8 * i));
                }
        r = sd_id128_get_machine_app_specific(app, &id);
        if (r < 0) {
                if (!*configured)
                        return r;
                /* No /etc/machine-id (a container): the name alone, which the user chose. */
                id = app;
        }
        memcpy(ret, sd_id128_to_string(id, hex), SYNC_ID_LEN);
        ret[SYNC_ID_LEN] = '\0';
        return 0;
}

/* The hostname as a machine name: what a folder name cannot hold becomes "_". */
static void host_name(char ret[static 65]) {
        char host[256] = "";

        if (gethostname(host, sizeof(host) - 1) < 0 || !host[0])
                snprintf(host, sizeof(host), "localhost");
        snprintf(ret, 65, "%s", host);
        for (char *p = ret; *p; p++)
                if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                      strchr("-_.", *p)))
                        *p = '_';
        if (ret[0] == '.')
                ret[0] = '_';
}

/* ID-NAME: the name of a machine's subfolder. Returns the NAME within it, or NULL. */
static const char *dir_machine_name(const char *dir) {
        for (unsigned i = 0; i < SYNC_ID_LEN; i++)
                if (!((dir[i] >= '0' && dir[i] <= '9') || (dir[i] >= 'a' && dir[i] <= 'f')))
                        return NULL;
        if (dir[SYNC_ID_LEN] != '-' || !config_machine_name_valid(dir + SYNC_ID_LEN + 1))
                return NULL;
        return dir + SYNC_ID_LEN + 1;
}

/* What sync engines call their copies of a file both sides changed. */
static bool is_conflict_copy(const char *name) {
        /* A sync engine's temporary file (Syncthing's ".syncthing.NAME.tmp" and "~syncthing~NAME.tmp",
         * Nextcloud's ".NAME.~…") is no copy of anything yet, whatever NAME says. */
        if (name[0] == '.' || name[0] == '~')
                return false;
        return strstr(name, ".sync-conflict-") || strstr(name, "conflicted copy") ||
               strstr(name, "Conflicted copy");
}

/* ---- machines ------------------------------------------------------------------------ */

static SyncMachine *machine_free(SyncMachine *m) {
        if (!m)
                return NULL;
        for (unsigned k = 0; k < _SYNC_FILE_MAX; k++)
                free(m->files[k].records);
        strv_free(m->conflicts);
        free(m->dir);
        free(m);
        return NULL;
}

static int sync_add_machine(Sync *s, const char *dir, SyncMachine **ret) {
        SyncMachine *m, **l;

        m = calloc(1, sizeof(SyncMachine));
        if (!m)
                return -ENOMEM;
        m->wd = -1;
        m->dir = strdup(dir);
        if (!m->dir)
                return machine_free(m), -ENOMEM;
        m->name = dir_machine_name(m->dir) ?: m->dir;
        l = realloc(s->machines, (s->n_machines + 1) * sizeof(SyncMachine *));
        if (!l)
                return machine_free(m), -ENOMEM;
        s->machines = l;
        s->machines[s->n_machines++] = m;
        *ret = m;
        return 0;
}

static SyncMachine *sync_find_machine(Sync *s, const char *dir) {
        for (size_t i = 0; i < s->n_machines; i++)
                if (streq(s->machines[i]->dir, dir))
                        return s->machines[i];
        return NULL;
}

static SyncMachine *sync_find_wd(Sync *s, int wd) {
        for (size_t i = 0; i < s->n_machines; i++)
                if (s->machines[i]->wd == wd)
                        return s->machines[i];
        return NULL;
}

static char *machine_path(const Sync *s, const SyncMachine *m, const char *file) {
        return file ? strdup_printf("%s/%s/%s", s->folder, m->dir, file) : strdup_printf("%s/%s", s->folder, m->dir);
}

/* ---- reading a file from where we left off -------------------------------------------- */

static int file_add(SyncFile *f, const SyncRecord *r) {
        SyncRecord *n = realloc(f->records, (f->n_records + 1) * sizeof(SyncRecord));

        if (!n)
                return -ENOMEM;
        f->records = n;
        f->records[f->n_records++] = *r;
        return 0;
}

/* Takes one whole line (without its newline) of a file. */
static int file_take_line(SyncFile *f, SyncFileKind kind, const char *path, uint64_t at, char *line, size_t len,
                          usec_t now) {
        _cleanup_(history_record_done) HistoryRecord rec = {};
        char reason[128];
        SyncRecord r;
        int k;

        if (len > 0 && line[len - 1] == '\r')
                line[--len] = '\0';
        if (len == 0)
                return 0;
        if (len + 1 > HISTORY_LINE_MAX) {
                log_warning("%s:byte %" PRIu64 ": line longer than %u bytes, ignoring", path, at, HISTORY_LINE_MAX);
                return 0;
        }
        k = history_parse_line(line, len, &rec, reason);
        if (k == -EINVAL) {
                log_warning("%s:byte %" PRIu64 ": %s, ignoring", path, at, reason);
                return 0;
        }
        if (k < 0)
                return k;

        r = (SyncRecord) { rec.realtime, usec_add(rec.realtime, rec.duration), rec.kind };
        if ((kind == SYNC_FILE_ACTIVITY) != (rec.kind == HISTORY_ACTIVE)) {
                log_warning("%s:byte %" PRIu64 ": a %s record in the %s file, ignoring", path, at,
                            history_kind_to_string(rec.kind), file_names[kind]);
                return 0;
        }
        /* A record is written when what it tells has ended: one that ends later than now (and
         * a few seconds of skew) comes from a clock that is wrong. */
        if (r.end > usec_add(now, SYNC_SKEW_USEC)) {
                f->future++;
                log_warning("%s:byte %" PRIu64 ": record ends %" PRIu64 " s in the future (the clocks differ), ignoring",
                            path, at, (r.end - now) / USEC_PER_SEC);
                return 0;
        }
        if (r.end + SYNC_HORIZON_USEC < now)
                return 0;
        if (rec.kind == HISTORY_ACTIVE || history_kind_is_break(rec.kind) || rec.kind == HISTORY_SKIPPED)
                return file_add(f, &r);
        return 0;
}

/* Reads what was added to a file since the last time: O(new bytes). Returns whether records
 * were added or dropped, or -ENOMEM. */
static int sync_read_file(Sync *s, SyncMachine *m, SyncFileKind kind) {
        _cleanup_(freep) char *path = machine_path(s, m, file_names[kind]), *buf = NULL;
        _cleanup_(closep) int fd = -1;
        SyncFile *f = &m->files[kind];
        size_t before = f->n_records, size, pos = 0;
        bool was_torn = f->torn;
        uint64_t start;
        usec_t now = now_realtime();
        struct stat st;
        ssize_t n;
        int k;

        if (!path)
                return -ENOMEM;
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
        if (fd < 0) {
                if (errno != ENOENT)
                        log_warning_errno(errno, "Cannot read %s: %m, ignoring", path);
                return 0;
        }
        if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
                log_warning("Cannot read %s: not a regular file, ignoring", path);
                return 0;
        }
        /* Append-only: a shorter file was replaced by something else; read it again. A sync
         * engine's replacement (a new file renamed over the old) keeps what we read. */
        if (f->started && (uint64_t) st.st_size < f->offset) {
                log_warning("%s is shorter than before (%" PRIu64 " < %" PRIu64 " bytes): reading it again", path,
                            (uint64_t) st.st_size, f->offset);
                f->n_records = 0;
                f->offset = 0;
                f->future = 0;
        }
        /* At start, or when more came at once than a few days of records: only the end. */
        start = f->offset;
        if ((uint64_t) st.st_size - start > SYNC_TAIL_MAX) {
                start = (uint64_t) st.st_size - SYNC_TAIL_MAX;
                if (f->started)
                        log_warning("%s grew by more than %u bytes at once: reading its end only", path,
                                    SYNC_TAIL_MAX);
                f->started = false;
        }
        if ((uint64_t) st.st_size <= start) {
                f->started = true;
                return f->n_records != before;
        }
        size = (size_t) ((uint64_t) st.st_size - start);
        buf = malloc(size + 1);
        if (!buf)
                return -ENOMEM;
        n = pread(fd, buf, size, (off_t) start);
        if (n < 0) {
                log_warning_errno(errno, "Cannot read %s: %m, ignoring", path);
                return 0;
        }
        size = (size_t) n;
        buf[size] = '\0';

        /* Started in the middle of the file: the first line is not whole. */
        if (!f->started && start > 0) {
                char *nl = memchr(buf, '\n', size);

                pos = nl ? (size_t) (nl - buf) + 1 : size;
        }
        f->started = true;
        while (pos < size) {
                char *nl = memchr(buf + pos, '\n', size - pos);

                if (!nl)
                        break;
                *nl = '\0';
                k = file_take_line(f, kind, path, start + pos, buf + pos, (size_t) (nl - (buf + pos)), now);
                if (k < 0)
                        return k;
                pos = (size_t) (nl - buf) + 1;
        }
        f->offset = start + pos;
        /* A line without its newline: the writer was cut short (or the sync engine delivered
         * half a file). It is not counted; its end is awaited. */
        f->torn = pos < size;
        if (f->torn && !was_torn)
                log_warning("%s ends in a torn line (no newline at byte %" PRIu64 "), not counted", path,
                            (uint64_t) st.st_size);
        return f->n_records != before || f->torn != was_torn;
}

static int sync_scan_conflicts(Sync *s, SyncMachine *m) {
        _cleanup_(freep) char *path = machine_path(s, m, NULL);
        _cleanup_(strv_freep) char **conflicts = NULL;
        DIR *d;
        bool changed;

        if (!path)
                return -ENOMEM;
        d = opendir(path);
        if (!d)
                return 0;
        for (struct dirent *de; (de = readdir(d));)
                if (is_conflict_copy(de->d_name) && strv_extend(&conflicts, de->d_name) < 0) {
                        closedir(d);
                        return -ENOMEM;
                }
        closedir(d);
        changed = !strv_equal(conflicts, m->conflicts);
        for (char **c = conflicts; c && *c; c++)
                if (!strv_contains(m->conflicts, *c))
                        log_warning("%s/%s is a sync engine's conflict copy: not counted", path, *c);
        strv_free(m->conflicts);
        m->conflicts = TAKE_PTR(conflicts);
        return changed;
}

/* ---- watching ------------------------------------------------------------------------- */

#define MACHINE_EVENTS (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ONLYDIR)
/* Our own subfolder: only conflict copies appearing or going (our own writes wake nothing). */
#define OWN_EVENTS (IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ONLYDIR)

/* Starts watching and reading a machine's subfolder. Returns whether anything was read. */
static int sync_open_machine(Sync *s, SyncMachine *m, bool own) {
        _cleanup_(freep) char *path = machine_path(s, m, NULL);
        int k, changed = 0;

        if (!path)
                return -ENOMEM;
        if (m->wd < 0 && s->inotify_fd >= 0) {
                m->wd = inotify_add_watch(s->inotify_fd, path, own ? OWN_EVENTS : MACHINE_EVENTS);
                if (m->wd < 0)
                        log_warning_errno(errno, "Cannot watch %s: %m; its changes are read when another comes", path);
        }
        for (unsigned kind = 0; kind < _SYNC_FILE_MAX; kind++) {
                k = sync_read_file(s, m, kind);
                if (k < 0)
                        return k;
                changed |= k;
        }
        k = sync_scan_conflicts(s, m);
        if (k < 0)
                return k;
        return changed | k;
}

static int sync_scan_folder(Sync *s) {
        DIR *d = opendir(s->folder);
        int r = 0, k;

        if (!d)
                return 0;
        for (struct dirent *de; (de = readdir(d));) {
                SyncMachine *m;

                if (!dir_machine_name(de->d_name) || (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN))
                        continue;
                m = sync_find_machine(s, de->d_name);
                if (!m) {
                        k = sync_add_machine(s, de->d_name, &m);
                        if (k < 0) {
                                r = k;
                                break;
                        }
                        log_info("Sync folder: reading machine %s", m->name);
                }
                k = sync_open_machine(s, m, m == s->machines[0]);
                if (k < 0) {
                        r = k;
                        break;
                }
                r |= k;
        }
        closedir(d);
        return r;
}

static void sync_remove_machine(Sync *s, SyncMachine *m) {
        for (size_t i = 1; i < s->n_machines; i++)
                if (s->machines[i] == m) {
                        log_info("Sync folder: machine %s is gone", m->name);
                        if (m->wd >= 0 && s->inotify_fd >= 0)
                                (void) inotify_rm_watch(s->inotify_fd, m->wd);
                        machine_free(m);
                        memmove(s->machines + i, s->machines + i + 1, (s->n_machines - i - 1) * sizeof(SyncMachine *));
                        s->n_machines--;
                        return;
                }
}

static int sync_handle_event(Sync *s, const struct inotify_event *e) {
        SyncMachine *m;
        int k;

        if (e->mask & IN_Q_OVERFLOW)
                return sync_scan_folder(s) | 1;
        if (e->wd == s->folder_wd) {
                if (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) {
                        log_warning("Sync folder %s was removed or moved; each machine counts alone until it is back",
                                    s->folder);
                        s->folder_wd = -1;
                        return 0;
                }
                if (e->len == 0 || !dir_machine_name(e->name))
                        return 0;
                m = sync_find_machine(s, e->name);
                if (e->mask & (IN_DELETE | IN_MOVED_FROM)) {
                        if (m && m != s->machines[0]) {
                                sync_remove_machine(s, m);
                                return 1;
                        }
                        return 0;
                }
                if (!(e->mask & IN_ISDIR))
                        return 0;
                if (!m) {
                        k = sync_add_machine(s, e->name, &m);
                        if (k < 0)
                                return k;
                        log_info("Sync folder: reading machine %s", m->name);
                }
                return sync_open_machine(s, m, m == s->machines[0]);
        }

        m = sync_find_wd(s, e->wd);
        if (!m)
                return 0;
        if (e->mask & IN_IGNORED) {
                m->wd = -1;
                return 0;
        }
        if (e->len == 0)
                return 0;
        if (is_conflict_copy(e->name))
                return sync_scan_conflicts(s, m);
        if (m == s->machines[0])
                return 0;
        for (unsigned kind = 0; kind < _SYNC_FILE_MAX; kind++)
                if (streq(e->name, file_names[kind]) && (e->mask & (IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE)))
                        return sync_read_file(s, m, kind);
        return 0;
}

static int on_inotify(sd_event_source *source, int fd, uint32_t revents, void *userdata) {
        Sync *s = userdata;
        uint8_t buf[16 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));
        int changed = 0;

        for (;;) {
                ssize_t n = read(fd, buf, sizeof(buf));

                if (n < 0) {
                        if (errno != EAGAIN && errno != EINTR)
                                log_warning_errno(errno, "Cannot read the sync folder's events: %m");
                        break;
                }
                for (uint8_t *p = buf; p < buf + n;) {
                        const struct inotify_event *e = (const struct inotify_event *) p;
                        int k = sync_handle_event(s, e);

                        if (k < 0)
                                log_oom();
                        else
                                changed |= k;
                        p += sizeof(struct inotify_event) + e->len;
                }
        }
        if (changed && s->changed)
                s->changed(s->userdata);
        return 0;
}

/* ---- the object ----------------------------------------------------------------------- */

static char *expand_home(const char *folder) {
        const char *home = getenv("HOME");

        if (folder[0] != '~')
                return strdup(folder);
        if (!home || home[0] != '/')
                return NULL;
        return strdup_printf("%s%s", home, folder + 1);
}

int sync_new(sd_event *event, const char *folder, const char *machine, sync_changed_t changed, void *userdata,
             Sync **ret) {
        _cleanup_(sync_freep) Sync *s = NULL;
        _cleanup_(freep) char *own_path = NULL;
        char id[SYNC_ID_LEN + 1], host[65];
        _cleanup_(freep) char *dir = NULL;
        SyncMachine *own;
        int r;

        s = calloc(1, sizeof(Sync));
        if (!s)
                return -ENOMEM;
        s->inotify_fd = s->folder_wd = -1;
        s->changed = changed;
        s->userdata = userdata;
        s->configured_folder = strdup(folder);
        s->configured_machine = strdup(machine);
        if (!s->configured_folder || !s->configured_machine)
                return -ENOMEM;

        if (*machine)
                snprintf(host, sizeof(host), "%s", machine);
        else
                host_name(host);
        r = machine_id(machine, id);
        if (r < 0) {
                log_warning_errno(r, "Cannot read /etc/machine-id: %m; the sync folder is not used");
                s->folder_problem = strdup(_("the sync folder is not used: this machine has no "
                                                    "/etc/machine-id; set sync.machine to a name of its own"));
                goto done;
        }
        dir = strdup_printf("%s-%s", id, host);
        if (!dir || sync_add_machine(s, dir, &own) < 0)
                return -ENOMEM;

        s->folder = expand_home(folder);
        if (!s->folder) {
                s->folder_problem = strdup_printf(_("the sync folder %s cannot be used (%s): this machine counts alone"),
                                                  folder, "$HOME is not set");
                goto done;
        }
        own_path = machine_path(s, own, NULL);
        if (!own_path)
                return -ENOMEM;
        r = mkdir_parents(own_path, 0700);
        if (r < 0) {
                log_warning_errno(r, "Cannot create %s: %m; this machine counts alone", own_path);
                s->folder_problem = strdup_printf(_("the sync folder %s cannot be used (%s): this machine counts alone"),
                                                  s->folder, strerror(-r));
                goto done;
        }

        s->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (s->inotify_fd < 0)
                log_warning_errno(errno, "Cannot watch the sync folder: %m; other machines are read at start only");
        else {
                s->folder_wd = inotify_add_watch(s->inotify_fd, s->folder,
                                                 IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM | IN_ONLYDIR |
                                                 IN_DELETE_SELF | IN_MOVE_SELF);
                if (s->folder_wd < 0)
                        log_warning_errno(errno, "Cannot watch %s: %m; other machines are read at start only", s->folder);
                r = sd_event_add_io(event, &s->io, s->inotify_fd, EPOLLIN, on_inotify, s);
                if (r < 0)
                        return r;
                (void) sd_event_source_set_description(s->io, "sync-folder");
        }
        r = sync_scan_folder(s);
        if (r < 0)
                return r;
        log_info("Sync folder %s: this machine writes %s, %zu other machine(s) read", s->folder, dir,
                 s->n_machines - 1);
done:
        if (!s->folder_problem && s->n_machines == 0)
                return -ENOMEM;
        *ret = TAKE_PTR(s);
        return 0;
}

Sync *sync_free(Sync *s) {
        if (!s)
                return NULL;
        sd_event_source_disable_unref(s->io);
        if (s->inotify_fd >= 0)
                close(s->inotify_fd);
        for (size_t i = 0; i < s->n_machines; i++)
                machine_free(s->machines[i]);
        free(s->machines);
        free(s->folder);
        free(s->configured_folder);
        free(s->configured_machine);
        free(s->folder_problem);
        free(s->write_problem);
        free(s);
        return NULL;
}

bool sync_matches(const Sync *s, const char *folder, const char *machine) {
        /* A folder that could not be used, or was removed, is tried again (on reload). */
        return s && streq(s->configured_folder, folder) && streq(s->configured_machine, machine) &&
               !s->folder_problem && s->folder_wd >= 0;
}

int sync_append(Sync *s, bool activity, const HistoryRecord *r) {
        SyncFileKind kind = activity ? SYNC_FILE_ACTIVITY : SYNC_FILE_HISTORY;
        _cleanup_(freep) char *path = NULL;
        SyncMachine *own;
        int k;

        if (s->folder_problem || s->n_machines == 0)
                return 0;
        own = s->machines[0];
        path = machine_path(s, own, file_names[kind]);
        if (!path)
                return -ENOMEM;
        k = history_append(path, r);
        if (k < 0) {
                if (!s->write_problem)
                        log_warning_errno(k, "Cannot write %s: %m; the other machines do not see this one's records", path);
                free(s->write_problem);
                s->write_problem = strdup_printf(_("%s cannot be written (%s): the other machines do not see this one's "
                                                   "time"), path, strerror(-k));
                return k;
        }
        free(s->write_problem);
        s->write_problem = NULL;
        if (r->kind == HISTORY_ACTIVE || history_kind_is_break(r->kind) || r->kind == HISTORY_SKIPPED)
                return file_add(&own->files[kind], &(SyncRecord) {
                        r->realtime, usec_add(r->realtime, r->duration), r->kind });
        return 0;
}

int sync_gather(Sync *s, usec_t now, SyncSpan **ret_spans, size_t *ret_n_spans, SyncBreak **ret_breaks,
                size_t *ret_n_breaks) {
        _cleanup_(freep) SyncSpan *spans = NULL;
        _cleanup_(freep) SyncBreak *breaks = NULL;
        size_t n_spans = 0, n_breaks = 0, total = 0;

        for (size_t i = 0; i < s->n_machines; i++)
                for (unsigned kind = 0; kind < _SYNC_FILE_MAX; kind++) {
                        SyncFile *f = &s->machines[i]->files[kind];
                        size_t w = 0;

                        /* Older than the horizon: dropped for good. */
                        for (size_t j = 0; j < f->n_records; j++)
                                if (f->records[j].end + SYNC_HORIZON_USEC >= now)
                                        f->records[w++] = f->records[j];
                        f->n_records = w;
                        total += w;
                }
        spans = calloc(total + 1, sizeof(SyncSpan));
        breaks = calloc(total + 1, sizeof(SyncBreak));
        if (!spans || !breaks)
                return -ENOMEM;
        for (size_t i = 0; i < s->n_machines; i++) {
                SyncMachine *m = s->machines[i];

                for (unsigned kind = 0; kind < _SYNC_FILE_MAX; kind++)
                        for (size_t j = 0; j < m->files[kind].n_records; j++) {
                                const SyncRecord *r = &m->files[kind].records[j];

                                if (r->kind == HISTORY_ACTIVE)
                                        spans[n_spans++] = (SyncSpan) { r->start, r->end, (unsigned) i };
                                else
                                        breaks[n_breaks++] = (SyncBreak) { r->start, r->end, (unsigned) i,
                                                                           r->kind == HISTORY_NATURAL,
                                                                           r->kind == HISTORY_SKIPPED };
                        }
        }
        *ret_spans = TAKE_PTR(spans);
        *ret_n_spans = n_spans;
        *ret_breaks = TAKE_PTR(breaks);
        *ret_n_breaks = n_breaks;
        return 0;
}

void sync_machine_records_free(SyncMachineRecord *r, size_t n) {
        for (size_t i = 0; r && i < n; i++)
                history_record_done(&r[i].record);
        free(r);
}

int sync_read_others(Sync *s, bool activity, usec_t since, usec_t until, size_t max,
                     SyncMachineRecord **ret, size_t *ret_n) {
        SyncMachineRecord *out = NULL;
        size_t n = 0;
        int r = 0;

        for (size_t i = 1; i < s->n_machines && r >= 0; i++) {
                _cleanup_(freep) char *path = machine_path(s, s->machines[i],
                                                           file_names[activity ? SYNC_FILE_ACTIVITY : SYNC_FILE_HISTORY]);
                HistoryRecord *records = NULL;
                size_t k = 0;

                if (!path) {
                        r = -ENOMEM;
                        break;
                }
                r = history_read(path, since, until, &records, &k);
                if (r < 0)
                        break;
                if (n + k > max)
                        r = -E2BIG;
                else {
                        SyncMachineRecord *grown = realloc(out, (n + k + 1) * sizeof(SyncMachineRecord));

                        if (!grown)
                                r = -ENOMEM;
                        else {
                                out = grown;
                                for (size_t j = 0; j < k; j++) {
                                        out[n++] = (SyncMachineRecord) { (unsigned) i, records[j] };
                                        records[j] = (HistoryRecord) {};
                                }
                        }
                }
                history_records_free(records, k);
        }
        if (r < 0) {
                sync_machine_records_free(out, n);
                return r;
        }
        *ret = out;
        *ret_n = n;
        return 0;
}

const char *sync_machine_name(const Sync *s, unsigned machine) {
        return machine < s->n_machines ? s->machines[machine]->name : NULL;
}

const char *sync_own_dir(const Sync *s) {
        return s->n_machines > 0 ? s->machines[0]->dir : NULL;
}

int sync_problems(const Sync *s, char ***l) {
        if (s->folder_problem && strv_extend(l, s->folder_problem) < 0)
                return -ENOMEM;
        if (s->write_problem && strv_extend(l, s->write_problem) < 0)
                return -ENOMEM;
        for (size_t i = 0; i < s->n_machines; i++) {
                SyncMachine *m = s->machines[i];

                for (char **c = m->conflicts; c && *c; c++)
                        if (strv_extendf(l, _("%s/%s/%s is a sync engine's conflict copy: it is not counted; limber "
                                              "writes each file from one machine, so it can be deleted"),
                                         s->folder, m->dir, *c) < 0)
                                return -ENOMEM;
                for (unsigned kind = 0; kind < _SYNC_FILE_MAX; kind++) {
                        const SyncFile *f = &m->files[kind];

                        if (f->torn && strv_extendf(l, _("%s/%s/%s ends in a torn line: it is not counted until the "
                                                         "line is whole"), s->folder, m->dir, file_names[kind]) < 0)
                                return -ENOMEM;
                        if (f->future > 0 &&
                            strv_extendf(l, _("%s/%s/%s has %u record(s) from the future: they are not counted; set "
                                              "the clock of machine %s right"),
                                         s->folder, m->dir, file_names[kind], f->future, m->name) < 0)
                                return -ENOMEM;
                }
        }
        return 0;
}
