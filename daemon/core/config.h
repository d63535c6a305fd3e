/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* limber.ini: defaults, strict parsing with inih, validation, and rewriting one key.
 * Pure apart from file access; no D-Bus, no GLib. */

#include "core/catalog.h"
#include "core/scheduler.h"
#include "core/working-hours.h"
#include "util/util.h"

typedef enum IdleKind {
        IDLE_KIND_AUTO,
        IDLE_KIND_GNOME,
        IDLE_KIND_KDE,
        IDLE_KIND_WAYLAND,
        IDLE_KIND_X11,
        IDLE_KIND_LOGIND,
        IDLE_KIND_NONE,
        _IDLE_KIND_MAX,
        _IDLE_KIND_INVALID = -EINVAL,
} IdleKind;

const char *idle_kind_to_string(IdleKind k);
IdleKind idle_kind_from_string(const char *s);

typedef struct Config {
        /* [schedule] */
        usec_t interval;
        usec_t max_postpone;
        usec_t break_duration;
        usec_t snooze;
        usec_t natural_break;
        usec_t idle_after;
        char *working_hours;            /* as written, "" = always */
        WorkingHours hours;             /* parsed working_hours */
        usec_t daily_limit;             /* 0 = off */
        unsigned max_skips;             /* skips in a row before Skip is no longer offered, 0 = no limit */
        /* [exercises] */
        Posture posture;
        unsigned per_break;
        /* [idle] */
        IdleKind idle_source;
        /* [busy] */
        bool respect_dnd;
        bool respect_inhibitors;
        usec_t defer_max;
        /* [micro] */
        bool micro_enabled;
        usec_t micro_interval;
        usec_t micro_duration;
        /* [break] */
        bool break_window;              /* the guided break in a window (limber-break) */
        /* [notify] */
        char *sound;                    /* "" = silent */
        /* [presence]: what, besides input, says the user is at the desk */
        bool presence_inhibitors;
        bool presence_camera;
        bool presence_microphone;
        /* [tray] */
        bool tray_enabled;              /* a StatusNotifierItem wherever a watcher is */
        /* [sync]: one person, several computers (daemon/sync/) */
        char *sync_folder;              /* as written ("~/Sync/limber"), "" = off */
        char *sync_machine;             /* "" = the hostname, and the machine id */
} Config;

/* Limits on what limber reads: larger files are refused, not truncated. */
#define CONFIG_FILE_MAX  (256U * 1024U)
#define CONFIG_LINE_MAX  4096U

/* Sets every key to its default. Returns 0 or -ENOMEM. */
int config_init(Config *c);
/* The scheduler's part of a configuration. */
SchedulerConfig config_scheduler(const Config *c);
/* The scheduler's part of the defaults (config_table's), for tests and benchmarks: the one
 * place they are written is the table. */
SchedulerConfig config_scheduler_defaults(void);
/* Frees the contents (not c itself); c may then be initialised again. */
void config_done(Config *c);
/* Deep copy. Returns 0 or -ENOMEM. */
int config_copy(Config *dst, const Config *src);

/* Parses data (size bytes, the text of path, named in messages) on top of c. Strict
 * (errors NULL): every problem fails the whole text, c unchanged, *ret_error set to
 * "FILE:LINE: section.key: reason". Lenient: every problem is appended to *errors and only
 * its line skipped. Returns 0 or a negative errno. */
int config_apply_text(Config *c, const char *path, const char *data, size_t size, char **ret_error, char ***errors);

/* Settings that are each valid but contradict each other ("schedule.idle-after (1m) is not
 * shorter than schedule.natural-break (15s): …"), one sentence each; *ret is NULL when there
 * are none. Returns 0 or -ENOMEM. */
int config_warnings(const Config *c, char ***ret);

/* A [sync] machine name: letters, digits, "-", "_", ".", not starting with a dot, at most
 * 64 characters (a folder name on every file system a sync engine serves). */
bool config_machine_name_valid(const char *s);

/* Every key as "section.key", in a fixed order, NULL-terminated (static strings). */
const char * const *config_keys(void);
bool config_key_known(const char *key);
/* The value of "section.key" formatted as it would be written, e.g. "2h", "true", "seated".
 * Returns 0 and a malloc'd string, -ENOENT for an unknown key, -ENOMEM. */
int config_get(const Config *c, const char *key, char **ret);
/* Validates value for "section.key" and stores it in c. On error c is unchanged and
 * *ret_error reads "section.key: reason". */
int config_set(Config *c, const char *key, const char *value, char **ret_error);

/* data (size bytes, the text of path) with "section.key" set to value (or, value NULL, its
 * lines removed), every other line and comment kept; the key (and its section) added if
 * missing. Returns 0 with *ret, *ret_size; -ENOENT for an unknown key; -EINVAL for a value
 * the parser would refuse; -EFBIG; -EBADMSG when the text has an error elsewhere, with
 * *ret_error (may be NULL) naming it as "FILE:LINE: …". */
int config_edit_text(const char *path, const char *data, size_t size, const char *key, const char *value,
                     char **ret, size_t *ret_size, char **ret_error);
