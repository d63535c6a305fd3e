/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The D-Bus API of limberd, described in daemon/io.github.limber.Limber1.xml and
 * io.github.limber.Limber1(5): a thin layer that checks arguments, calls the scheduler or the
 * manager, and answers. Every change ends in manager_changed(), which emits PropertiesChanged
 * for what changed. */
#include <inttypes.h>
#include <stdarg.h>

#include "files/history-file.h"
#include "manager-command.h"
#include "manager-dbus.h"
#include "manager-sync.h"
#include "manager.h"
#include "util/duration.h"
#include "util/i18n.h"
#include "util/limber-bus.h"
#include "util/log.h"
#include "window.h"

#define SNOOZE_MAX (24 * USEC_PER_HOUR)
#define LOG_BREAK_MAX (24 * USEC_PER_HOUR)
#define PAUSE_MAX (30 * USEC_PER_DAY)
/* Pages of GetHistoryPage: 10,000 records of the longest note are 45 MiB, within the bus's
 * 64 MiB array limit. GetHistory and GetActivity answer at most this much in one reply. */
#define HISTORY_PAGE_DEFAULT 1000U
#define HISTORY_PAGE_MAX 10000U
#define HISTORY_REPLY_RECORDS_MAX 1000000U
#define HISTORY_REPLY_SIZE_MAX (32U << 20)
/* After a reply of this many records, limberd gives its heap back (malloc_trim). */
#define HISTORY_TRIM_RECORDS 1000U

/* Every property of the interface, once: X(name, signature, flags, value, changed), where value
 * reads Published *p and changed compares it with *o, the values last published. A property
 * whose flags are 0 changes by itself and is never announced (ActiveUsec grows every second:
 * clients extrapolate it from ActiveCountedAtUsec, as timedated's TimeUSec is); the others are
 * announced with PropertiesChanged when changed says so. The vtable, Get and the changed list
 * are all made from this table. */
#define EMITS SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE
#define PROPERTIES(X)                                                                                   \
        X("State", "s", EMITS, scheduler_state_to_string(p->state), p->state != o->state)               \
        X("BusyReason", "s", EMITS, p->busy_reason, !streq_ptr(p->busy_reason, o->busy_reason))         \
        X("ActiveUsec", "t", 0, p->active_usec, false)                                                  \
        X("ActiveCountedAtUsec", "t", EMITS, p->active_counted_at_usec,                                 \
          p->active_counted_at_usec != o->active_counted_at_usec)                                      \
        X("IntervalUsec", "t", EMITS, p->interval_usec, p->interval_usec != o->interval_usec)           \
        X("NextBreakUsec", "t", EMITS, p->next_break_usec,                                              \
          time_moved(p->next_break_usec, o->next_break_usec))                                          \
        X("PausedUntilUsec", "t", EMITS, p->paused_until_usec,                                          \
          time_moved(p->paused_until_usec, o->paused_until_usec))                                      \
        X("Idle", "b", EMITS, p->idle, p->idle != o->idle)                                              \
        X("IdleSource", "s", EMITS, p->idle_source, !streq_ptr(p->idle_source, o->idle_source))         \
        X("BreaksToday", "u", EMITS, p->breaks_today, p->breaks_today != o->breaks_today)               \
        X("SkippedToday", "u", EMITS, p->skipped_today, p->skipped_today != o->skipped_today)           \
        X("Posture", "s", EMITS, p->posture, !streq_ptr(p->posture, o->posture))                        \
        X("CurrentExercise", "s", EMITS, p->current_exercise,                                           \
          !streq(p->current_exercise, o->current_exercise))                                            \
        X("PresenceReason", "s", EMITS, p->presence_reason,                                             \
          !streq_ptr(p->presence_reason, o->presence_reason))                                          \
        X("ActiveTodayUsec", "t", 0, p->active_today_usec, false)                                               \
        X("BreakStep", "u", EMITS, p->break_step, p->break_step != o->break_step)                       \
        X("BreakSteps", "u", EMITS, p->break_steps, p->break_steps != o->break_steps)                   \
        X("BreakEndsUsec", "t", EMITS, p->break_ends_usec,                                              \
          time_moved(p->break_ends_usec, o->break_ends_usec))                                          \
        X("BreakStepEndsUsec", "t", EMITS, p->break_step_ends_usec,                                     \
          time_moved(p->break_step_ends_usec, o->break_step_ends_usec))

/* Times computed from two clocks wobble by microseconds; only a real move is a change. */
static bool time_moved(usec_t a, usec_t b) {
        if (a == 0 || b == 0 || a == USEC_INFINITY || b == USEC_INFINITY)
                return a != b;
        return (a > b ? a - b : b - a) > USEC_PER_SEC;
}

/* What a property's value needs computed: no clock is read for the others (a GetAll reads
 * each property on its own). */
static PublishedPart property_part(const char *property) {
        if (streq(property, "ActiveUsec") || streq(property, "ActiveTodayUsec"))
                return PUBLISHED_ACTIVE;
        if (streq(property, "NextBreakUsec") || streq(property, "PausedUntilUsec") ||
            streq(property, "BreakEndsUsec") || streq(property, "BreakStepEndsUsec"))
                return PUBLISHED_MOMENTS;
        return 0;
}

static int property_get(sd_bus *bus, const char *path, const char *interface, const char *property,
                        sd_bus_message *reply, void *userdata, sd_bus_error *error) {
        Manager *m = userdata;
        Published snapshot = manager_snapshot_part(m, property_part(property));
        const Published *p = &snapshot;

#define GET(name, signature, flags, value, changed)                     \
        if (streq(property, name))                                      \
                return sd_bus_message_append(reply, signature, value);
        PROPERTIES(GET)
#undef GET
        return -EINVAL;
}

bool manager_dbus_publish(Manager *m) {
        Published snapshot = manager_snapshot(m), *o = &m->published;
        const Published *p = &snapshot;
#define COUNT(...) + 1
        const char *names[0 PROPERTIES(COUNT) + 2];
#undef COUNT
        size_t n = 0;
        bool state_changed = p->state != o->state;

        /* ActiveUsec changed other than by growing: with the state, or reset. */
        if (state_changed || p->active_usec < o->active_usec)
                snapshot.active_counted_at_usec = now_realtime();

#define CHANGED(name, signature, flags, value, changed) \
        if ((flags) != 0 && (changed))                  \
                names[n++] = name;
        PROPERTIES(CHANGED)
#undef CHANGED
        /* Problems, a list outside the table, is compared whole and announced by
         * problems_update() (problems.c); BreakPlan, another, by its hash. */
        if (p->plan_hash != o->plan_hash)
                names[n++] = "BreakPlan";
        names[n] = NULL;

        *o = snapshot;
        if (n > 0)
                (void) sd_bus_emit_properties_changed_strv(m->bus, LIMBER_BUS_PATH, LIMBER_BUS_INTERFACE,
                                                           (char **) names);
        return state_changed;
}

/* Scheduler refusals (positive SchedulerRefusal codes), in words a person can act on; a
 * negative r is a failure and returned as it is. */
static int refuse(sd_bus_error *error, int r) {
        const char *text;

        switch (r) {
        case SCHEDULER_E_ON_BREAK:
                text = _("A guided break is running: finish it (done) or skip it first.");
                break;
        case SCHEDULER_E_PAUSED:
                text = _("Reminders are paused: resume them first (limberctl resume).");
                break;
        case SCHEDULER_E_NOT_DUE:
                text = _("No break is due, so there is nothing to skip (snooze postpones the next one).");
                break;
        case SCHEDULER_E_ALREADY_ON_BREAK:
                text = _("A guided break is already running.");
                break;
        case SCHEDULER_E_NOT_PAUSED:
                text = _("Reminders are not paused.");
                break;
        case SCHEDULER_E_NOT_ON_BREAK:
                text = _("No guided break is running, so there is nothing to finish.");
                break;
        case SCHEDULER_E_OVERLAP:
                text = _("That break would overlap time already recorded (a break, or time at the computer).");
                break;
        default:
                return r < 0 ? r : -EPROTO;
        }
        return sd_bus_error_set(error, LIMBER_ERROR_NOT_POSSIBLE, text);
}

/* Sets error to a text that quotes a file, a path or a value from one, made valid UTF-8 first:
 * sd-bus cannot send an error that is not, and the caller would get no answer at all. */
_printf_(3, 4)
static int error_set_text(sd_bus_error *error, const char *name, const char *format, ...) {
        _cleanup_(freep) char *text = NULL, *clean = NULL;
        va_list ap;
        int k;

        va_start(ap, format);
        k = vasprintf(&text, format, ap);
        va_end(ap);
        if (k < 0 || !(clean = utf8_sanitize(text)))
                return -ENOMEM;
        return sd_bus_error_set(error, name, clean);
}

typedef enum DurationWhat {
        DURATION_SNOOZE,
        DURATION_PAUSE,
        DURATION_BREAK,
} DurationWhat;

static int check_duration(sd_bus_error *error, usec_t usec, usec_t max, DurationWhat what) {
        char a[DURATION_TEXT_MAX], b[DURATION_TEXT_MAX];

        if (usec <= max)
                return 0;
        i18n_format_duration(a, usec);
        i18n_format_duration(b, max);
        /* Whole sentences, for the translators. */
        switch (what) {
        case DURATION_SNOOZE:
                return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                         _("A snooze of %s is longer than %s; pause reminders instead."), a, b);
        case DURATION_PAUSE:
                return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                         _("A pause of %s is longer than %s; use 0 to pause until resumed."), a, b);
        default:
                return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                         _("A break of %s is longer than %s."), a, b);
        }
}

/* After a method changed something: OK only once what it recorded is on disk. What could not
 * be written stays in force and in memory (and is retried); the caller learns which file and
 * why. */
static int done(Manager *m, sd_bus_message *message, sd_bus_error *error) {
        _cleanup_(freep) char *text = NULL;

        manager_changed(m);
        if (storage_call_end(m->storage, &text) < 0)
                return error_set_text(error, LIMBER_ERROR_IO, "%s", strempty(text));
        return sd_bus_reply_method_return(message, NULL);
}

/* Carries out a command the way every other way in does (manager-command.h) and answers: a
 * refusal in words, OK only once what it recorded is on disk. */
static int run_command(Manager *m, sd_bus_message *message, sd_bus_error *error, const ManagerCommand *c) {
        _cleanup_(freep) char *text = NULL;
        int r;

        r = manager_run_command(m, MANAGER_COMMAND_FROM_BUS, c, &text);
        if (r > 0)
                return refuse(error, r);
        if (r == -EIO)
                return error_set_text(error, LIMBER_ERROR_IO, "%s", strempty(text));
        if (r < 0)
                return r;
        return sd_bus_reply_method_return(message, NULL);
}

/* Snooze(t) and Pause(t): a duration up to max, then the scheduler. */
static int method_duration(sd_bus_message *message, Manager *m, sd_bus_error *error, usec_t max,
                           DurationWhat what, ManagerCommandKind kind) {
        uint64_t usec;
        int r;

        r = sd_bus_message_read(message, "t", &usec);
        if (r < 0)
                return r;
        r = check_duration(error, usec, max, what);
        if (r < 0)
                return r;
        return run_command(m, message, error, &(ManagerCommand) { .kind = kind, .usec = usec });
}

static int method_snooze(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        Manager *m = userdata;
        char a[DURATION_TEXT_MAX], b[DURATION_TEXT_MAX];
        usec_t already = scheduler_postponed(&m->scheduler);
        uint64_t usec;
        int r;

        r = sd_bus_message_read(message, "t", &usec);
        if (r < 0)
                return r;
        r = check_duration(error, usec, SNOOZE_MAX, DURATION_SNOOZE);
        if (r < 0)
                return r;
        /* Snoozes given before the break falls due add up: the cap holds for their total. */
        if (already > SNOOZE_MAX - (usec ?: m->config.snooze))
                return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                         _("The next break is already snoozed by %s, and snoozes add up to at most "
                                           "%s; pause reminders instead."),
                                         i18n_format_duration(a, already), i18n_format_duration(b, SNOOZE_MAX));
        return run_command(m, message, error, &(ManagerCommand) { .kind = MANAGER_COMMAND_SNOOZE, .usec = usec });
}

/* Skip(), StartBreak(), Resume(): no arguments, one scheduler command. */
static int method_command(sd_bus_message *message, Manager *m, sd_bus_error *error, ManagerCommandKind kind) {
        return run_command(m, message, error, &(ManagerCommand) { .kind = kind });
}

static int method_skip(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        return method_command(message, userdata, error, MANAGER_COMMAND_SKIP);
}

static int method_start_break(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        return method_command(message, userdata, error, MANAGER_COMMAND_START_BREAK);
}

static int method_finish_break(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        return method_command(message, userdata, error, MANAGER_COMMAND_FINISH_BREAK);
}

static int method_next_step(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        return method_command(message, userdata, error, MANAGER_COMMAND_NEXT_STEP);
}

static int method_show_break(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        Manager *m = userdata;
        int r = reminder_show_window(m->reminder, false);

        if (r < 0)
                return sd_bus_error_set(error, LIMBER_ERROR_NOT_POSSIBLE, _(break_window_refusal(r)));
        return sd_bus_reply_method_return(message, NULL);
}

static int check_note(sd_bus_error *error, const char *note) {
        if (strlen(note) > HISTORY_NOTE_MAX)
                return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                         _("The note is %zu bytes long, more than the %u a note may have: "
                                           "shorten it (nothing was recorded)."), strlen(note), HISTORY_NOTE_MAX);
        for (const char *c = note; *c; c++)
                if ((unsigned char) *c < 0x20 || *c == 0x7f)
                        return sd_bus_error_set(error, SD_BUS_ERROR_INVALID_ARGS,
                                                _("The note contains a control character (a line break or "
                                                "tab?); write it on one line."));
        return 0;
}

static int method_log_break(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        Manager *m = userdata;
        const char *note;
        uint64_t usec;
        int r;

        r = sd_bus_message_read(message, "ts", &usec, &note);
        if (r < 0)
                return r;
        r = check_duration(error, usec, LOG_BREAK_MAX, DURATION_BREAK);
        if (r < 0)
                return r;
        r = check_note(error, note);
        if (r < 0)
                return r;
        /* A break ending now cannot reach back past input limberd saw or recorded, nor into a
         * break already recorded. */
        if ((usec ?: m->config.break_duration) > scheduler_log_limit(&m->scheduler, manager_now())) {
                char a[DURATION_TEXT_MAX], b[DURATION_TEXT_MAX];

                i18n_format_duration(a, usec ?: m->config.break_duration);
                i18n_format_duration(b, scheduler_log_limit(&m->scheduler, manager_now()));
                if (scheduler_log_limit_is_break(&m->scheduler))
                        return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                                 _("A break of %s cannot have ended now: a break is already "
                                                   "recorded until %s ago, and breaks do not overlap. "
                                                   "Log at most %s."), a, b, b);
                return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                         _("A break of %s cannot have ended now: you were at the computer %s ago. "
                                           "Log at most %s."), a, b, b);
        }
        return run_command(m, message, error,
                           &(ManagerCommand) { .kind = MANAGER_COMMAND_LOG_BREAK, .usec = usec, .note = note });
}

static int method_pause(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        return method_duration(message, userdata, error, PAUSE_MAX, DURATION_PAUSE,
                               MANAGER_COMMAND_PAUSE);
}

static int method_resume(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        return method_command(message, userdata, error, MANAGER_COMMAND_RESUME);
}

static int method_reload(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        Manager *m = userdata;
        _cleanup_(freep) char *text = NULL;
        int r;

        r = manager_reload(m, &text);
        if (r < 0)
                /* The errors, one a line, after the sentence that says what it means. */
                return error_set_text(error, LIMBER_ERROR_INVALID_CONFIG,
                                      _("The configuration has errors, so the running configuration is kept:\n%s"),
                                      text ?: strerror(-r));
        storage_call_begin(m->storage);
        return done(m, message, error);
}

static int method_get_config(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        Manager *m = userdata;
        int r;

        r = sd_bus_message_new_method_return(message, &reply);
        if (r < 0)
                return r;
        r = sd_bus_message_open_container(reply, 'a', "{ss}");
        if (r < 0)
                return r;
        for (const char * const *key = config_keys(); *key; key++) {
                _cleanup_(freep) char *value = NULL;

                r = config_get(&m->config, *key, &value);
                if (r < 0)
                        return r;
                r = sd_bus_message_append(reply, "{ss}", *key, value);
                if (r < 0)
                        return r;
        }
        r = sd_bus_message_close_container(reply);
        if (r < 0)
                return r;
        return sd_bus_send(NULL, reply, NULL);
}

/* The length of at most max bytes of s that does not cut a UTF-8 sequence: an error text that
 * is not valid UTF-8 cannot be sent, and the caller would get no answer at all. */
static int utf8_prefix(const char *s, size_t max) {
        size_t n = strnlen(s, max);

        while (n > 0 && ((unsigned char) s[n] & 0xC0) == 0x80)
                n--;
        return (int) n;
}

/* SetConfig's and UnsetConfig's refusal of a key limber.ini does not have. */
static int check_key(sd_bus_error *error, const char *key) {
        if (config_key_known(key))
                return 0;
        return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                 _("Unknown key \"%.*s\": keys are section.key, e.g. schedule.interval "
                                 "(see limberctl config get)."), utf8_prefix(key, 64), key);
}

/* SetConfig's and UnsetConfig's answer to what manager_set_config() or manager_unset_config()
 * returned: -EBADMSG a value refused (InvalidConfig), -EIO a file not written (IO), any other
 * error InvalidArgs, each with text saying what. */
static int config_reply(sd_bus_message *message, sd_bus_error *error, int r, const char *text) {
        if (r == -EBADMSG)
                return error_set_text(error, LIMBER_ERROR_INVALID_CONFIG, "%s", text ?: strerror(-r));
        if (r == -EIO)
                return error_set_text(error, LIMBER_ERROR_IO, "%s", text ?: strerror(-r));
        if (r < 0)
                return error_set_text(error, SD_BUS_ERROR_INVALID_ARGS, "%s", text ?: strerror(-r));
        return sd_bus_reply_method_return(message, NULL);
}

static int method_set_config(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        Manager *m = userdata;
        _cleanup_(freep) char *text = NULL;
        const char *key, *value;
        int r;

        r = sd_bus_message_read(message, "ss", &key, &value);
        if (r < 0)
                return r;
        r = check_key(error, key);
        if (r < 0)
                return r;

        r = manager_set_config(m, key, value, &text);
        return config_reply(message, error, r, text);
}

static int method_unset_config(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        Manager *m = userdata;
        _cleanup_(freep) char *text = NULL;
        const char *key;
        int r;

        r = sd_bus_message_read(message, "s", &key);
        if (r < 0)
                return r;
        r = check_key(error, key);
        if (r < 0)
                return r;

        r = manager_unset_config(m, key, &text);
        return config_reply(message, error, r == -EINVAL ? -EBADMSG : r, text);
}

/* A range as the methods take it: until 0 means now. */
static int read_range(sd_bus_message *message, uint64_t *since, uint64_t *until, sd_bus_error *error) {
        int r;

        r = sd_bus_message_read(message, "tt", since, until);
        if (r < 0)
                return r;
        if (*until == 0)
                *until = MAX(now_realtime(), *since);   /* "until now": empty when since is later */
        if (*since > *until)
                return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                         _("The range ends (%" PRIu64 ") before it begins (%" PRIu64 "); "
                                           "until 0 means now."), *until, *since);
        return 0;
}

/* Answers message with the records as "a(tt)" (realtime, duration) or "a(tstss)" (the whole
 * record), then extra (one more span, if not NULL) and cursor (if not NULL). Frees the records. */
static int send_records(Manager *m, sd_bus_message *message, HistoryRecord *records, size_t n, bool full,
                        const HistoryRecord *extra, const uint64_t *cursor) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        int r;

        r = sd_bus_message_new_method_return(message, &reply);
        if (r >= 0)
                r = sd_bus_message_open_container(reply, 'a', full ? "(tstss)" : "(tt)");
        for (size_t i = 0; r >= 0 && i < n; i++)
                r = full ? sd_bus_message_append(reply, "(tstss)", records[i].realtime,
                                                 history_kind_to_string(records[i].kind), records[i].duration,
                                                 records[i].exercises, records[i].note)
                         : sd_bus_message_append(reply, "(tt)", records[i].realtime, records[i].duration);
        if (r >= 0 && extra)
                r = sd_bus_message_append(reply, "(tt)", extra->realtime, extra->duration);
        if (r >= 0)
                r = sd_bus_message_close_container(reply);
        if (r >= 0 && cursor)
                r = sd_bus_message_append(reply, "t", *cursor);
        history_records_free(records, n);
        if (r < 0)
                return r;
        r = sd_bus_send(NULL, reply, NULL);
        if (n >= HISTORY_TRIM_RECORDS)
                storage_trim_soon(m->storage);
        return r;
}

/* What the records take in a reply, about: a reply must stay within the bus's limits (an array
 * of 64 MiB, a message of 128 MiB) or the bus drops limberd. */
static size_t records_size(const HistoryRecord *records, size_t n, bool full) {
        size_t size = 0;

        for (size_t i = 0; full && i < n; i++)
                size += 48 + strlen(records[i].exercises) + strlen(records[i].note);
        return full ? size : n * 24;
}

/* Reads records of the history (full) or the activity file in [since, until) into a reply of
 * signature "a(tt)" (realtime, duration) or "a(tstss)" (the whole history record). extra, if not NULL, is one more record that is not
 * in the file yet, added when it falls in the range. A range too large for one reply is refused:
 * GetHistoryPage reads it in pages. */
static int reply_records(sd_bus_message *message, Manager *m, bool full,
                         const HistoryRecord *extra, sd_bus_error *error) {
        HistoryRecord *records = NULL;
        uint64_t since, until, cursor = 0;
        char buf[128];
        size_t n = 0;
        int r;

        r = read_range(message, &since, &until, error);
        if (r < 0)
                return r;
        r = storage_read(m->storage, !full, since, until, HISTORY_REPLY_RECORDS_MAX, &cursor, &records, &n);
        if (r < 0)
                return error_set_text(error, LIMBER_ERROR_IO, _("Cannot read %s: %s"),
                                      storage_path(m->storage, !full), storage_strerror(r, buf));
        if (cursor != 0 || records_size(records, n, full) > HISTORY_REPLY_SIZE_MAX) {
                history_records_free(records, n);
                return sd_bus_error_setf(error, LIMBER_ERROR_NOT_POSSIBLE,
                                         _("More than fits one reply is in that range "
                                           "(over %u records or %u MiB): "
                                           "read it in pages with GetHistoryPage, as limberctl history does, "
                                           "or ask for a shorter range."), HISTORY_REPLY_RECORDS_MAX,
                                         HISTORY_REPLY_SIZE_MAX >> 20);
        }

        r = storage_add_pending(m->storage, !full, since, until, &records, &n);
        if (r < 0) {
                history_records_free(records, n);
                return r;
        }
        return send_records(m, message, records, n, full,
                            extra && extra->realtime >= since && extra->realtime < until ? extra : NULL,
                            NULL);
}

/* GetHistoryPage(since, until, limit, cursor) → (records, next_cursor): the history in pages of
 * at most limit records (0 = HISTORY_PAGE_DEFAULT), each a bounded reply. cursor is 0 for the
 * first page and next_cursor for the next; next_cursor 0 means there is no more. */
static int method_get_history_page(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        Manager *m = userdata;
        HistoryRecord *records = NULL;
        uint64_t since, until, cursor;
        uint32_t limit;
        char buf[128];
        size_t n = 0;
        int r;

        r = read_range(message, &since, &until, error);
        if (r < 0)
                return r;
        r = sd_bus_message_read(message, "ut", &limit, &cursor);
        if (r < 0)
                return r;
        if (limit > HISTORY_PAGE_MAX)
                return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                         _("A page holds at most %u records, not %" PRIu32 "; 0 means %u."),
                                         HISTORY_PAGE_MAX, limit, HISTORY_PAGE_DEFAULT);
        r = storage_read(m->storage, false, since, until, limit ?: HISTORY_PAGE_DEFAULT, &cursor, &records, &n);
        if (r < 0)
                return error_set_text(error, LIMBER_ERROR_IO, _("Cannot read %s: %s"),
                                      storage_path(m->storage, false), storage_strerror(r, buf));

        /* The last page ends with what waits in memory for a disk with room. */
        if (cursor == 0) {
                r = storage_add_pending(m->storage, false, since, until, &records, &n);
                if (r < 0) {
                        history_records_free(records, n);
                        return r;
                }
        }
        return send_records(m, message, records, n, true, NULL, &cursor);
}

static int method_get_history(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        Manager *m = userdata;

        return reply_records(message, m, true, NULL, error);
}

static int method_get_activity(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        Manager *m = userdata;
        HistoryRecord open = { .kind = HISTORY_ACTIVE };
        usec_t start;

        /* The span being counted now is written when it ends; a query only reports it. */
        if (!scheduler_open_span(&m->scheduler, manager_now(), &start, &open.duration))
                return reply_records(message, m, false, NULL, error);
        open.realtime = manager_to_realtime(start);
        return reply_records(message, m, false, &open, error);
}

/* GetDailySummary(since, until) → a(tuuutt): per local day whose midnight falls in the range,
 * (start, taken, skipped, snoozed, break time, active time), from the summary limberd keeps of
 * its files, what waits in memory and the span being counted. What the files gained is read
 * in slices from the event loop (all of them, the first time): the call is answered when that
 * is done, and limberd answers others meanwhile. */
static int method_get_daily_summary(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        Manager *m = userdata;
        uint64_t since, until;
        int r;

        r = read_range(message, &since, &until, error);
        if (r < 0)
                return r;
        r = storage_reply_daily_summary(m->storage, message, since, until);
        return r < 0 ? r : 1;
}

static int method_list_exercises(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        Manager *m = userdata;
        int r;

        r = sd_bus_message_new_method_return(message, &reply);
        if (r < 0)
                return r;
        r = sd_bus_message_open_container(reply, 'a', "(ssss)");
        if (r < 0)
                return r;
        for (size_t i = 0; m->catalog && i < m->catalog->n_exercises; i++) {
                const Exercise *e = &m->catalog->exercises[i];
                _cleanup_(freep) char *instructions = exercise_instructions(e);

                if (!instructions)
                        return -ENOMEM;
                r = sd_bus_message_append(reply, "(ssss)", e->id, e->name, posture_to_string(e->posture),
                                          instructions);
                if (r < 0)
                        return r;
        }
        r = sd_bus_message_close_container(reply);
        if (r < 0)
                return r;
        return sd_bus_send(NULL, reply, NULL);
}

/* One "key" → variant entry of an a{sv}. */
static int append_entry(sd_bus_message *m, const char *key, const char *type, ...) {
        va_list ap;
        int r;

        r = sd_bus_message_open_container(m, 'e', "sv");
        if (r >= 0)
                r = sd_bus_message_append(m, "s", key);
        if (r >= 0)
                r = sd_bus_message_open_container(m, 'v', type);
        if (r >= 0) {
                va_start(ap, type);
                r = sd_bus_message_appendv(m, type, ap);
                va_end(ap);
        }
        if (r >= 0)
                r = sd_bus_message_close_container(m);
        if (r >= 0)
                r = sd_bus_message_close_container(m);
        return r;
}

/* One exercise as fields: texts in limberd's language, its pictures as (milliseconds to the
 * next keyframe, absolute path). */
static int method_get_exercise(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        Manager *m = userdata;
        const Exercise *e;
        const char *id;
        int r;

        r = sd_bus_message_read(message, "s", &id);
        if (r < 0)
                return r;
        e = catalog_find(m->catalog, id);
        if (!e)
                return sd_bus_error_setf(error, LIMBER_ERROR_UNKNOWN_EXERCISE,
                                         _("No exercise \"%s\" in the catalog; ListExercises lists them."), id);

        r = sd_bus_message_new_method_return(message, &reply);
        if (r >= 0)
                r = sd_bus_message_open_container(reply, 'a', "{sv}");
        if (r >= 0)
                r = append_entry(reply, "id", "s", e->id);
        if (r >= 0)
                r = append_entry(reply, "name", "s", e->name);
        if (r >= 0)
                r = append_entry(reply, "posture", "s", posture_to_string(e->posture));
        if (r >= 0)
                r = append_entry(reply, "dose", "s", e->dose);
        if (r >= 0)
                r = sd_bus_message_open_container(reply, 'e', "sv");
        if (r >= 0)
                r = sd_bus_message_append(reply, "s", "steps");
        if (r >= 0)
                r = sd_bus_message_open_container(reply, 'v', "as");
        if (r >= 0)
                r = sd_bus_message_append_strv(reply, e->steps);
        if (r >= 0)
                r = sd_bus_message_close_container(reply);
        if (r >= 0)
                r = sd_bus_message_close_container(reply);
        if (r >= 0 && e->caution)
                r = append_entry(reply, "caution", "s", e->caution);
        if (r >= 0)
                r = append_entry(reply, "micro", "b", (int) e->micro);
        if (r >= 0 && e->n_frames > 0) {
                r = sd_bus_message_open_container(reply, 'e', "sv");
                if (r >= 0)
                        r = sd_bus_message_append(reply, "s", "frames");
                if (r >= 0)
                        r = sd_bus_message_open_container(reply, 'v', "a(us)");
                if (r >= 0)
                        r = sd_bus_message_open_container(reply, 'a', "(us)");
                for (size_t i = 0; r >= 0 && i < e->n_frames; i++)
                        r = sd_bus_message_append(reply, "(us)", e->frames[i].duration_ms, e->frames[i].path);
                for (int k = 0; r >= 0 && k < 3; k++)
                        r = sd_bus_message_close_container(reply);
        }
        if (r >= 0)
                r = sd_bus_message_close_container(reply);
        if (r < 0)
                return r;
        return sd_bus_send(NULL, reply, NULL);
}

static int method_get_safety_rules(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        Manager *m = userdata;
        char *none[] = { NULL };
        int r;

        r = sd_bus_message_new_method_return(message, &reply);
        if (r >= 0)
                r = sd_bus_message_append_strv(reply, m->catalog && m->catalog->safety ? m->catalog->safety : none);
        if (r < 0)
                return r;
        return sd_bus_send(NULL, reply, NULL);
}

/* BreakPlan: the due or running break's exercises, each with the time its step lasts. */
static int property_get_break_plan(sd_bus *bus, const char *path, const char *interface, const char *property,
                                   sd_bus_message *reply, void *userdata, sd_bus_error *error) {
        Manager *m = userdata;
        usec_t step = scheduler_step_duration(&m->scheduler);
        int r;

        r = sd_bus_message_open_container(reply, 'a', "(st)");
        for (char **id = m->scheduler.plan; r >= 0 && id && *id; id++)
                r = sd_bus_message_append(reply, "(st)", *id, step);
        if (r >= 0)
                r = sd_bus_message_close_container(reply);
        return r;
}

/* Problems: what stops limber from working, one line each. */
static int property_get_problems(sd_bus *bus, const char *path, const char *interface, const char *property,
                                 sd_bus_message *reply, void *userdata, sd_bus_error *error) {
        _cleanup_(strv_freep) char **l = NULL;
        int r;

        r = problems_list(((Manager *) userdata)->problems, &l);
        if (r < 0)
                return r;
        return sd_bus_message_append_strv(reply, l);
}

static const sd_bus_vtable manager_vtable[] = {
        SD_BUS_VTABLE_START(0),

#define VTABLE(name, signature, flags, value, changed) \
        SD_BUS_PROPERTY(name, signature, property_get, 0, flags),
        PROPERTIES(VTABLE)
#undef VTABLE
        SD_BUS_PROPERTY("Problems", "as", property_get_problems, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("BreakPlan", "a(st)", property_get_break_plan, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),

        SD_BUS_METHOD_WITH_ARGS("Snooze", SD_BUS_ARGS("t", usec), SD_BUS_NO_RESULT,
                                method_snooze, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("Skip", SD_BUS_NO_ARGS, SD_BUS_NO_RESULT,
                                method_skip, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("StartBreak", SD_BUS_NO_ARGS, SD_BUS_NO_RESULT,
                                method_start_break, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("FinishBreak", SD_BUS_NO_ARGS, SD_BUS_NO_RESULT,
                                method_finish_break, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("NextStep", SD_BUS_NO_ARGS, SD_BUS_NO_RESULT,
                                method_next_step, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("ShowBreak", SD_BUS_NO_ARGS, SD_BUS_NO_RESULT,
                                method_show_break, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("LogBreak", SD_BUS_ARGS("t", usec, "s", note), SD_BUS_NO_RESULT,
                                method_log_break, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("Pause", SD_BUS_ARGS("t", usec), SD_BUS_NO_RESULT,
                                method_pause, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("Resume", SD_BUS_NO_ARGS, SD_BUS_NO_RESULT,
                                method_resume, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("Reload", SD_BUS_NO_ARGS, SD_BUS_NO_RESULT,
                                method_reload, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetConfig", SD_BUS_NO_ARGS, SD_BUS_RESULT("a{ss}", config),
                                method_get_config, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("SetConfig", SD_BUS_ARGS("s", key, "s", value), SD_BUS_NO_RESULT,
                                method_set_config, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("UnsetConfig", SD_BUS_ARGS("s", key), SD_BUS_NO_RESULT,
                                method_unset_config, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetHistory", SD_BUS_ARGS("t", since_usec, "t", until_usec),
                                SD_BUS_RESULT("a(tstss)", records),
                                method_get_history, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetHistoryPage",
                                SD_BUS_ARGS("t", since_usec, "t", until_usec, "u", limit, "t", cursor),
                                SD_BUS_RESULT("a(tstss)", records, "t", next_cursor),
                                method_get_history_page, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetActivity", SD_BUS_ARGS("t", since_usec, "t", until_usec),
                                SD_BUS_RESULT("a(tt)", spans),
                                method_get_activity, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetSyncRecords", SD_BUS_ARGS("t", since_usec, "t", until_usec, "b", activity),
                                SD_BUS_RESULT("s", machine, "a(ststss)", records),
                                manager_sync_method_get_records, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetDailySummary", SD_BUS_ARGS("t", since_usec, "t", until_usec),
                                SD_BUS_RESULT("a(tuuutt)", days), method_get_daily_summary,
                                SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetSafetyRules", SD_BUS_NO_ARGS, SD_BUS_RESULT("as", rules),
                                method_get_safety_rules, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("ListExercises", SD_BUS_NO_ARGS, SD_BUS_RESULT("a(ssss)", exercises),
                                method_list_exercises, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetExercise", SD_BUS_ARGS("s", id), SD_BUS_RESULT("a{sv}", exercise),
                                method_get_exercise, SD_BUS_VTABLE_UNPRIVILEGED),

        SD_BUS_SIGNAL_WITH_ARGS("BreakDue", SD_BUS_ARGS("s", exercise_id), 0),
        SD_BUS_SIGNAL_WITH_ARGS("BreakStarted", SD_BUS_ARGS("s", exercise_id), 0),
        SD_BUS_SIGNAL_WITH_ARGS("BreakFinished", SD_BUS_ARGS("s", kind, "t", usec), 0),

        SD_BUS_VTABLE_END
};

int manager_dbus_add_object(Manager *m) {
        int r;

        r = sd_bus_add_object_vtable(m->bus, &m->object_slot, LIMBER_BUS_PATH, LIMBER_BUS_INTERFACE,
                                     manager_vtable, m);
        if (r < 0)
                return log_error_errno(r, "Cannot register the bus object: %m");
        return 0;
}

void manager_dbus_emit_break_due(Manager *m, const char *exercise) {
        (void) sd_bus_emit_signal(m->bus, LIMBER_BUS_PATH, LIMBER_BUS_INTERFACE, "BreakDue", "s", exercise);
}

void manager_dbus_emit_break_started(Manager *m, const char *exercise) {
        (void) sd_bus_emit_signal(m->bus, LIMBER_BUS_PATH, LIMBER_BUS_INTERFACE, "BreakStarted", "s", exercise);
}

void manager_dbus_emit_break_finished(Manager *m, HistoryKind kind, usec_t duration) {
        (void) sd_bus_emit_signal(m->bus, LIMBER_BUS_PATH, LIMBER_BUS_INTERFACE, "BreakFinished", "st",
                                  history_kind_to_string(kind), duration);
}
