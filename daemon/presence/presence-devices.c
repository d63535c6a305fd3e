/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Camera and microphone use, from inotify on the device nodes (see presence-devices.h). */
#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "presence/presence-devices.h"
#include "util/log.h"
#include "util/string-table.h"

#define NODE_EVENTS (IN_OPEN | IN_CLOSE_WRITE | IN_CLOSE_NOWRITE | IN_DELETE_SELF)
/* inotify says a node was opened or closed, not by whom: /proc says, for the user's own
 * processes. It is looked through at most once a second (a program probing the camera a
 * hundred times a second must not keep limberd busy), and a little after an open, which the
 * kernel reports before the descriptor is in the opener's table. */
#define SCAN_INTERVAL_USEC USEC_PER_SEC
#define SCAN_DELAY_USEC (50 * USEC_PER_MSEC)
#define FOLDER_EVENTS (IN_CREATE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

typedef struct Device {
        int wd;
        char *name;
        bool held;              /* found open in /proc/PID/fd of the user's own processes at
                                 * the last look */
} Device;

struct DeviceWatch {
        sd_event *event;
        DeviceKind kind;
        char *folder;           /* where the nodes are: /dev, /dev/snd */
        char *parent;           /* watched while folder is missing (for snd/), or NULL */
        const char *pattern;    /* of the node names */
        int fd;
        int folder_wd, parent_wd;
        sd_event_source *source;
        sd_event_source *first_scan;    /* deferred: what was open before the start */
        sd_event_source *scan_timer;    /* the next look through /proc, when one is due */
        usec_t last_scan;               /* CLOCK_MONOTONIC */
        unsigned scans;                 /* how many looks, for the debug log */
        Device *devices;
        size_t n_devices;
        bool in_use;
        device_watch_changed_t changed;
        void *userdata;
};

static const char * const device_kind_table[_DEVICE_KIND_MAX] = {
        [DEVICE_CAMERA] = "camera",
        [DEVICE_MICROPHONE] = "microphone",
};

DEFINE_STRING_TABLE_TO_STRING(device_kind, DeviceKind)

static Device *device_by_wd(DeviceWatch *w, int wd) {
        for (size_t i = 0; i < w->n_devices; i++)
                if (w->devices[i].wd == wd)
                        return &w->devices[i];
        return NULL;
}

static void device_remove(DeviceWatch *w, Device *d) {
        free(d->name);
        *d = w->devices[--w->n_devices];
}

static void devices_clear(DeviceWatch *w) {
        while (w->n_devices > 0)
                device_remove(w, &w->devices[0]);
}

/* Starts watching the node folder/name, if it is one of ours. */
static int device_add(DeviceWatch *w, const char *name) {
        _cleanup_(freep) char *path = NULL;
        Device *d;
        int wd;

        if (fnmatch(w->pattern, name, 0) != 0)
                return 0;
        if (asprintf(&path, "%s/%s", w->folder, name) < 0)
                return -ENOMEM;
        wd = inotify_add_watch(w->fd, path, NODE_EVENTS);
        if (wd < 0) {
                /* Most often EACCES: a device the user may not open is not the user's. */
                log_debug("Cannot watch %s: %m, ignoring", path);
                return 0;
        }
        if (device_by_wd(w, wd))
                return 0;       /* the same node under two names */
        d = reallocarray(w->devices, w->n_devices + 1, sizeof(Device));
        if (!d)
                return -ENOMEM;
        w->devices = d;
        d = &w->devices[w->n_devices];
        *d = (Device) { .wd = wd, .name = strdup(name) };
        if (!d->name)
                return -ENOMEM;
        w->n_devices++;
        log_debug("Watching %s for the %s", path, device_kind_to_string(w->kind));
        return 0;
}

/* Which nodes the user's own processes hold open (a process of another user, /proc/PID not
 * the user's, never counts): sets held. */
static void scan_processes(DeviceWatch *w) {
        _cleanup_(freep) char *real = realpath(w->folder, NULL);
        bool found[w->n_devices + 1];
        DIR *proc;
        struct dirent *p;
        size_t len;

        w->last_scan = now_monotonic();
        w->scans++;
        if (!real || w->n_devices == 0) {
                for (size_t i = 0; i < w->n_devices; i++)
                        w->devices[i].held = false;
                return;
        }
        len = strlen(real);
        memset(found, 0, sizeof(found));
        proc = opendir("/proc");
        if (!proc) {
                log_warning_errno(errno, "Cannot read /proc: %m; "
                                  "devices opened before limberd started are not seen");
                return;
        }
        while ((p = readdir(proc))) {
                struct stat st;
                DIR *fds;
                struct dirent *f;
                int pfd, dfd;

                if (p->d_name[0] < '1' || p->d_name[0] > '9')
                        continue;
                if (fstatat(dirfd(proc), p->d_name, &st, 0) < 0 || st.st_uid != getuid())
                        continue;
                pfd = openat(dirfd(proc), p->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (pfd < 0)
                        continue;
                dfd = openat(pfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                close(pfd);
                fds = dfd >= 0 ? fdopendir(dfd) : NULL;
                if (!fds && dfd >= 0)
                        close(dfd);
                while (fds && (f = readdir(fds))) {
                        char target[PATH_MAX];
                        ssize_t n = readlinkat(dirfd(fds), f->d_name, target, sizeof(target) - 1);

                        if (n <= (ssize_t) len + 1 || strncmp(target, real, len) != 0 || target[len] != '/')
                                continue;
                        target[n] = '\0';
                        for (size_t i = 0; i < w->n_devices; i++)
                                if (streq(target + len + 1, w->devices[i].name))
                                        found[i] = true;
                }
                if (fds)
                        closedir(fds);
        }
        closedir(proc);

        for (size_t i = 0; i < w->n_devices; i++)
                w->devices[i].held = found[i];
        log_debug("Looked through /proc for the %s (look %u)", device_kind_to_string(w->kind), w->scans);
}

/* Watches the node folder and the nodes in it; while it is missing, its parent. */
static int folder_start(DeviceWatch *w) {
        DIR *dir;
        struct dirent *e;
        int r = 0;

        w->folder_wd = inotify_add_watch(w->fd, w->folder, FOLDER_EVENTS);
        if (w->folder_wd < 0) {
                if (errno != ENOENT && errno != ENOTDIR)
                        log_warning_errno(errno, "Cannot watch %s: %m; the %s is not seen", w->folder,
                                          device_kind_to_string(w->kind));
                else if (w->parent) {
                        w->parent_wd = inotify_add_watch(w->fd, w->parent,
                                                         IN_CREATE | IN_MOVED_TO | IN_ONLYDIR);
                        log_debug("No %s yet: waiting for it in %s", w->folder, w->parent);
                } else
                        log_warning("No device folder %s: the %s is not seen", w->folder,
                                    device_kind_to_string(w->kind));
                return 0;
        }
        dir = opendir(w->folder);
        if (!dir)
                return 0;
        while (r >= 0 && (e = readdir(dir)))
                r = device_add(w, e->d_name);
        closedir(dir);
        return r;
}

static void update_in_use(DeviceWatch *w) {
        bool in_use = false;

        for (size_t i = 0; i < w->n_devices; i++)
                if (w->devices[i].held)
                        in_use = true;
        if (in_use == w->in_use)
                return;
        w->in_use = in_use;
        log_info("The %s is %s", device_kind_to_string(w->kind), in_use ? "in use" : "no longer in use");
        if (w->changed)
                w->changed(w->userdata, w->kind, in_use);
}

static void handle_event(DeviceWatch *w, const struct inotify_event *ev, bool *rescan) {
        Device *d;

        if (ev->mask & IN_Q_OVERFLOW) {
                *rescan = true;         /* events were lost: what is open now is in /proc */
                return;
        }
        if (ev->wd == w->parent_wd && ev->len > 0 && streq(ev->name, basename(w->folder))) {
                (void) inotify_rm_watch(w->fd, w->parent_wd);
                w->parent_wd = -1;
                (void) folder_start(w);
                return;
        }
        if (ev->wd == w->folder_wd) {
                if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) {
                        devices_clear(w);
                        (void) inotify_rm_watch(w->fd, w->folder_wd);
                        w->folder_wd = -1;
                        (void) folder_start(w);
                } else if (ev->len > 0)
                        (void) device_add(w, ev->name);
                return;
        }
        d = device_by_wd(w, ev->wd);
        if (!d)
                return;
        if (ev->mask & (IN_DELETE_SELF | IN_IGNORED)) {
                device_remove(w, d);    /* unplugged: whatever held it open, it is gone */
                return;
        }
        /* An open by anyone: whether it is the user's is in /proc. A close matters only when
         * the user held the node at the last look: when nothing was open, nothing closed. */
        if (ev->mask & IN_OPEN)
                *rescan = true;
        if ((ev->mask & (IN_CLOSE_WRITE | IN_CLOSE_NOWRITE)) && d->held)
                *rescan = true;
}

static int on_scan_timer(sd_event_source *s, uint64_t usec, void *userdata) {
        DeviceWatch *w = userdata;

        scan_processes(w);
        update_in_use(w);
        return 0;
}

/* Arms the next look: SCAN_DELAY_USEC from now, and SCAN_INTERVAL_USEC after the last one.
 * Events until then are answered by that one look. */
static void scan_soon(DeviceWatch *w) {
        usec_t at = MAX(usec_add(now_monotonic(), SCAN_DELAY_USEC), usec_add(w->last_scan, SCAN_INTERVAL_USEC));
        int enabled = SD_EVENT_OFF, r;

        if (w->scan_timer && sd_event_source_get_enabled(w->scan_timer, &enabled) >= 0 && enabled != SD_EVENT_OFF)
                return;
        if (!w->scan_timer) {
                r = sd_event_add_time(w->event, &w->scan_timer, CLOCK_MONOTONIC, at, 10 * USEC_PER_MSEC,
                                      on_scan_timer, w);
                if (r >= 0)
                        (void) sd_event_source_set_description(w->scan_timer, "device-scan");
        } else {
                r = sd_event_source_set_time(w->scan_timer, at);
                if (r >= 0)
                        r = sd_event_source_set_enabled(w->scan_timer, SD_EVENT_ONESHOT);
        }
        if (r < 0) {
                log_warning_errno(r, "Cannot arm the look at who uses the %s: %m; looking now", device_kind_to_string(w->kind));
                scan_processes(w);
        }
}

static int on_inotify(sd_event_source *s, int fd, uint32_t revents, void *userdata) {
        DeviceWatch *w = userdata;
        char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
        bool rescan = false;
        ssize_t n;

        for (;;) {
                n = read(fd, buf, sizeof(buf));
                if (n < 0) {
                        if (errno != EAGAIN && errno != EINTR)
                                log_warning_errno(errno, "Cannot read device events: %m, ignoring");
                        break;
                }
                for (char *p = buf; p < buf + n;) {
                        const struct inotify_event *ev = (const struct inotify_event *) p;

                        handle_event(w, ev, &rescan);
                        p += sizeof(struct inotify_event) + ev->len;
                }
        }
        if (rescan)
                scan_soon(w);
        update_in_use(w);       /* a node unplugged */
        return 0;
}

/* Reading every process's descriptors takes a few tens of milliseconds on a desktop: done once
 * the event loop runs, after limberd owns its bus name, not before. */
static int on_first_scan(sd_event_source *s, void *userdata) {
        DeviceWatch *w = userdata;

        scan_processes(w);
        for (size_t i = 0; i < w->n_devices; i++)
                if (w->devices[i].held)
                        log_info("The %s %s was open before limberd started", device_kind_to_string(w->kind),
                                 w->devices[i].name);
        update_in_use(w);
        return 0;
}

int device_watch_new(sd_event *event, const char *dev_dir, DeviceKind kind, device_watch_changed_t changed,
                     void *userdata, DeviceWatch **ret) {
        _cleanup_(device_watch_freep) DeviceWatch *w = NULL;
        int r;

        w = calloc(1, sizeof(DeviceWatch));
        if (!w)
                return -ENOMEM;
        *w = (DeviceWatch) {
                .event = sd_event_ref(event),
                .kind = kind,
                .fd = -1,
                .folder_wd = -1,
                .parent_wd = -1,
                .pattern = kind == DEVICE_CAMERA ? "video*" : "pcmC*D*c",
                .changed = changed,
                .userdata = userdata,
        };
        if (kind == DEVICE_CAMERA)
                w->folder = strdup(dev_dir);
        else if (asprintf(&w->folder, "%s/snd", dev_dir) < 0)
                w->folder = NULL;
        else
                w->parent = strdup(dev_dir);
        if (!w->folder || (kind == DEVICE_MICROPHONE && !w->parent))
                return -ENOMEM;

        w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (w->fd < 0)
                return -errno;
        r = folder_start(w);
        if (r < 0)
                return r;
        r = sd_event_add_io(event, &w->source, w->fd, EPOLLIN, on_inotify, w);
        if (r < 0)
                return r;
        (void) sd_event_source_set_description(w->source, device_kind_to_string(kind));

        /* Opens from before the watch began; reported like any change, from the event loop. */
        r = sd_event_add_defer(event, &w->first_scan, on_first_scan, w);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(w);
        return 0;
}

DeviceWatch *device_watch_free(DeviceWatch *w) {
        if (!w)
                return NULL;
        sd_event_source_disable_unref(w->source);
        sd_event_source_disable_unref(w->first_scan);
        sd_event_source_disable_unref(w->scan_timer);
        sd_event_unref(w->event);
        devices_clear(w);
        free(w->devices);
        if (w->fd >= 0)
                close(w->fd);
        free(w->folder);
        free(w->parent);
        free(w);
        return NULL;
}

bool device_watch_in_use(const DeviceWatch *w) {
        return w && w->in_use;
}
