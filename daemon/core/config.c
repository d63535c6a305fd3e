/* SPDX-License-Identifier: GPL-3.0-or-later */
/* limber.ini's keys: every key is one row of config_table; validating, formatting and
 * defaults work from that row, and so do the file reader (config-parse.c) and the key
 * writer (config-write.c). */

#include <assert.h>
#include <ctype.h>
#include <fcntl.h>
#include <ini.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "core/config-private.h"
#include "util/duration.h"
#include "util/i18n.h"
#include "util/string-table.h"

static const char *posture_name(int v) {
        return v >= 0 && v < _POSTURE_MAX ? posture_to_string((Posture) v) : NULL;
}

static const char *idle_kind_name(int v) {
        return v >= 0 && v < _IDLE_KIND_MAX ? idle_kind_to_string((IdleKind) v) : NULL;
}

#define KEY(s, n, t, field, ...) \
        { .section = s, .name = n, .key = s "." n, .type = t, .offset = offsetof(Config, field), __VA_ARGS__ }
#define DURATION(lo, hi) .min = (lo), .max = (hi)
#define ENUM(fn, what) .enum_name = (fn), .enum_what = (what)

const ConfigKey config_table[] = {
        KEY("schedule",  "interval",           CONFIG_DURATION,      interval,
            DURATION(USEC_PER_SEC, USEC_PER_DAY),     .default_value = "2h"),
        KEY("schedule",  "max-postpone",       CONFIG_DURATION,      max_postpone,
            DURATION(0, USEC_PER_DAY),                .default_value = "1h"),
        KEY("schedule",  "break-duration",     CONFIG_DURATION,      break_duration,
            DURATION(USEC_PER_SEC, 2 * USEC_PER_HOUR), .default_value = "5m"),
        KEY("schedule",  "snooze",             CONFIG_DURATION,      snooze,
            DURATION(USEC_PER_SEC, USEC_PER_DAY),     .default_value = "10m"),
        KEY("schedule",  "natural-break",      CONFIG_DURATION,      natural_break,
            DURATION(USEC_PER_SEC, USEC_PER_DAY),     .default_value = "5m"),
        KEY("schedule",  "idle-after",         CONFIG_DURATION,      idle_after,
            DURATION(USEC_PER_SEC, USEC_PER_DAY),     .default_value = "1m"),
        KEY("schedule",  "working-hours",      CONFIG_WORKING_HOURS, working_hours,
            .default_value = ""),
        KEY("schedule",  "daily-limit",        CONFIG_DURATION,      daily_limit,
            DURATION(USEC_PER_SEC, USEC_PER_DAY),     .optional = true, .default_value = ""),
        KEY("schedule",  "max-skips",          CONFIG_UNSIGNED,      max_skips,
            .min = 0, .max = 100,                     .default_value = "0"),
        KEY("exercises", "posture",            CONFIG_ENUM,          posture,
            ENUM(posture_name, N_("a posture")),          .default_value = "seated"),
        KEY("exercises", "per-break",          CONFIG_UNSIGNED,      per_break,
            .min = 1, .max = 20,                      .default_value = "4"),
        KEY("break",     "window",             CONFIG_BOOL,          break_window,
            .default_value = "true"),
        KEY("idle",      "source",             CONFIG_ENUM,          idle_source,
            ENUM(idle_kind_name, N_("an idle source")),   .default_value = "auto"),
        KEY("busy",      "respect-dnd",        CONFIG_BOOL,          respect_dnd,
            .default_value = "true"),
        KEY("busy",      "respect-inhibitors", CONFIG_BOOL,          respect_inhibitors,
            .default_value = "true"),
        KEY("busy",      "defer-max",          CONFIG_DURATION,      defer_max,
            DURATION(0, USEC_PER_DAY),                .default_value = "1h"),
        KEY("micro",     "enabled",            CONFIG_BOOL,          micro_enabled,
            .default_value = "false"),
        KEY("micro",     "interval",           CONFIG_DURATION,      micro_interval,
            DURATION(USEC_PER_SEC, USEC_PER_DAY),     .default_value = "20m"),
        KEY("micro",     "duration",           CONFIG_DURATION,      micro_duration,
            DURATION(USEC_PER_SEC, USEC_PER_HOUR),    .default_value = "20s"),
        KEY("notify",    "sound",              CONFIG_SOUND,         sound,
            .default_value = ""),
        KEY("presence",  "inhibitors",         CONFIG_BOOL,          presence_inhibitors,
            .default_value = "true"),
        KEY("presence",  "camera",             CONFIG_BOOL,          presence_camera,
            .default_value = "true"),
        KEY("presence",  "microphone",         CONFIG_BOOL,          presence_microphone,
            .default_value = "true"),
        KEY("tray",      "enabled",            CONFIG_BOOL,          tray_enabled,
            .default_value = "true"),
        KEY("sync",      "folder",             CONFIG_FOLDER,        sync_folder,
            .default_value = ""),
        KEY("sync",      "machine",            CONFIG_MACHINE,       sync_machine,
            .default_value = ""),
};

const size_t config_table_size = ELEMENTSOF(config_table);
static_assert(ELEMENTSOF(config_table) <= CONFIG_KEYS_MAX, "CONFIG_KEYS_MAX is too small");

/* Enum values are stored through an int pointer. */
static_assert(sizeof(Posture) == sizeof(int) && sizeof(IdleKind) == sizeof(int), "enums are ints");

static const char * const idle_kind_table[_IDLE_KIND_MAX] = {
        [IDLE_KIND_AUTO]    = "auto",
        [IDLE_KIND_GNOME]   = "gnome",
        [IDLE_KIND_KDE]     = "kde",
        [IDLE_KIND_WAYLAND] = "wayland",
        [IDLE_KIND_X11]     = "x11",
        [IDLE_KIND_LOGIND]  = "logind",
        [IDLE_KIND_NONE]    = "none",
};

DEFINE_STRING_TABLE_LOOKUP(idle_kind, IdleKind)

const ConfigKey *config_key_find(const char *section, size_t section_len, const char *name) {
        for (size_t i = 0; i < ELEMENTSOF(config_table); i++)
                if (strlen(config_table[i].section) == section_len &&
                    strncmp(config_table[i].section, section, section_len) == 0 &&
                    streq(config_table[i].name, name))
                        return &config_table[i];
        return NULL;
}

const ConfigKey *config_key_lookup(const char *key) {
        const char *dot = key ? strchr(key, '.') : NULL;

        return dot ? config_key_find(key, (size_t) (dot - key), dot + 1) : NULL;
}

bool section_known(const char *section, size_t len) {
        for (size_t i = 0; i < ELEMENTSOF(config_table); i++)
                if (strlen(config_table[i].section) == len && strncmp(config_table[i].section, section, len) == 0)
                        return true;
        return false;
}

/* "schedule, exercises, …" or, with section set, that section's keys. Returns NULL on OOM. */
char *config_names_list(const char *section) {
        const char *last = NULL;
        StrBuf t = {};
        char *s;

        for (size_t i = 0; i < ELEMENTSOF(config_table); i++) {
                const ConfigKey *k = &config_table[i];
                const char *item = section ? k->name : k->section;

                if (section ? !streq(k->section, section) : streq_ptr(last, k->section))
                        continue;
                strbuf_appendf(&t, "%s%s", last ? ", " : "", item);
                last = k->section;
        }
        return strbuf_finish(&t, &s, NULL) < 0 ? NULL : s;
}

static bool sound_name_valid(const char *s) {
        /* Sound-theme names are ASCII words joined by dashes ("message-new-instant"); allow a
         * little more, but never blanks, quotes or a path. */
        for (; *s; s++)
                if (!isalnum((unsigned char) *s) && !strchr("-_.+", *s))
                        return false;
        return true;
}

bool config_machine_name_valid(const char *s) {
        /* A folder name on every file system a sync engine serves: no slash, no blank, no
         * leading dot (hidden, and "." or ".."). */
        if (*s == '\0' || *s == '.' || strlen(s) > CONFIG_MACHINE_MAX)
                return false;
        for (; *s; s++)
                if (!isalnum((unsigned char) *s) && !strchr("-_.", *s))
                        return false;
        return true;
}

/* Validates text as a value of k and stores it in c. On error c is unchanged and *reason
 * (if given) says why, without the key's name. Returns 0, -EINVAL or -ENOMEM. */
int key_set(Config *c, const ConfigKey *k, const char *text, char **reason) {
        _cleanup_(freep) char *value = NULL, *error = NULL;
        void *field = (uint8_t *) c + k->offset;
        char lo[DURATION_TEXT_MAX], hi[DURATION_TEXT_MAX];
        size_t len;
        int r;

        /* Same as inih does with a line: blanks around the value do not count. */
        text += strspn(text, " \t");
        len = strlen(text);
        while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
                len--;
        value = strndup(text, len);
        if (!value)
                return -ENOMEM;

        if (len > CONFIG_VALUE_MAX)
                return error_setf(reason, -EINVAL, _("value is %zu characters long, at most %u are allowed"),
                                 len, CONFIG_VALUE_MAX);
        for (const char *p = value; *p; p++)
                if (*p < 0x20 || *p == 0x7f)
                        return error_setf(reason, -EINVAL, _("value contains control character 0x%02x"),
                                         (unsigned) (unsigned char) *p);
        if (len >= 2 && ((value[0] == '"' && value[len - 1] == '"') || (value[0] == '\'' && value[len - 1] == '\'')))
                return k->type == CONFIG_WORKING_HOURS || k->type == CONFIG_SOUND || k->type == CONFIG_FOLDER ||
                       k->type == CONFIG_MACHINE || k->optional ?
                        error_setf(reason, -EINVAL, _("%s is quoted: write values without quotes, and nothing at all for none"),
                                   value) :
                        error_setf(reason, -EINVAL, _("%s is quoted: write values without quotes"), value);

        switch (k->type) {

        case CONFIG_DURATION: {
                usec_t u;

                if (k->optional && len == 0) {
                        *(usec_t *) field = 0;  /* off */
                        return 0;
                }
                r = duration_parse(value, &u, &error);
                if (r < 0)
                        return error_setf(reason, r == -ENOMEM ? -ENOMEM : -EINVAL, "%s",
                                         error ?: _("invalid duration"));
                if (u < k->min)
                        return error_setf(reason, -EINVAL, _("\"%s\" is too short: at least %s"), value,
                                         i18n_format_duration(lo, k->min));
                if (u > k->max)
                        return error_setf(reason, -EINVAL, _("\"%s\" is too long: at most %s"), value,
                                         i18n_format_duration(hi, k->max));
                *(usec_t *) field = u;
                return 0;
        }

        case CONFIG_UNSIGNED: {
                unsigned long long v = 0;
                bool ok = len > 0 && len <= 9;

                for (const char *p = value; ok && *p; p++)
                        if (isdigit((unsigned char) *p))
                                v = v * 10 + (unsigned) (*p - '0');
                        else
                                ok = false;
                if (!ok || v < k->min || v > k->max)
                        return error_setf(reason, -EINVAL, _("\"%s\" is not a whole number from %" PRIu64 " to %" PRIu64),
                                         value, k->min, k->max);
                *(unsigned *) field = (unsigned) v;
                return 0;
        }

        case CONFIG_BOOL:
                r = parse_boolean(value);
                if (r < 0)
                        return error_setf(reason, -EINVAL,
                                         _("\"%s\" is not a boolean: use true or false (or yes/no, on/off, 1/0)"), value);
                *(bool *) field = r;
                return 0;

        case CONFIG_ENUM: {
                _cleanup_(freep) char *names = NULL;
                StrBuf t = {};
                int n = 0;

                for (const char *s; (s = k->enum_name(n)); n++)
                        if (streq(s, value)) {
                                *(int *) field = n;
                                return 0;
                        }

                for (int i = 0; i < n; i++)
                        strbuf_appendf(&t, "%s%s", i == 0 ? "" : i == n - 1 ? " or " : ", ", k->enum_name(i));
                if (strbuf_finish(&t, &names, NULL) < 0)
                        return -ENOMEM;
                /* TRANSLATORS: the second %s is "a posture" or "an idle source", the third a list of words. */
                return error_setf(reason, -EINVAL, _("\"%s\" is not %s: use %s"), value, _(k->enum_what), names);
        }

        case CONFIG_WORKING_HOURS: {
                WorkingHours wh;

                r = working_hours_parse(value, &wh, &error);
                if (r < 0)
                        return error_setf(reason, r, "%s", error ?: _("invalid working hours"));
                free(c->working_hours);
                c->working_hours = TAKE_PTR(value);
                working_hours_done(&c->hours);
                c->hours = wh;
                return 0;
        }

        case CONFIG_SOUND:
                if (len > CONFIG_SOUND_MAX)
                        return error_setf(reason, -EINVAL, _("\"%s\" is too long for a sound name: at most %u characters"),
                                         value, CONFIG_SOUND_MAX);
                if (!sound_name_valid(value))
                        return error_setf(reason, -EINVAL,
                                         _("\"%s\" is not a sound name: use a freedesktop sound-theme name such as "
                                         "bell or message-new-instant (no blanks or slashes), or nothing for silence"),
                                         value);
                free(*(char **) field);
                *(char **) field = TAKE_PTR(value);
                return 0;

        case CONFIG_FOLDER:
                /* Relative to what? limberd's working folder is nobody's choice. */
                if (len > 0 && value[0] != '/' && !streq(value, "~") && strncmp(value, "~/", 2) != 0)
                        return error_setf(reason, -EINVAL,
                                         _("\"%s\" is not a folder: write an absolute path or one starting with ~/, "
                                           "or nothing for none"), value);
                free(*(char **) field);
                *(char **) field = TAKE_PTR(value);
                return 0;

        case CONFIG_MACHINE:
                if (len > 0 && !config_machine_name_valid(value))
                        return error_setf(reason, -EINVAL,
                                         _("\"%s\" is not a machine name: use up to %u letters, digits, dashes, dots "
                                           "or underscores, not starting with a dot, or nothing for the hostname"),
                                         value, CONFIG_MACHINE_MAX);
                free(*(char **) field);
                *(char **) field = TAKE_PTR(value);
                return 0;
        }

        assert(!"unknown config type");
        return -EINVAL;
}

int key_format(const Config *c, const ConfigKey *k, char **ret) {
        const void *field = (const uint8_t *) c + k->offset;
        char buf[DURATION_FORMAT_MAX];
        const char *s = NULL;
        char *v;

        switch (k->type) {
        case CONFIG_DURATION:
                if (k->optional && *(const usec_t *) field == 0)
                        break;          /* off: written as nothing */
                s = duration_format(buf, *(const usec_t *) field);
                break;
        case CONFIG_UNSIGNED:
                snprintf(buf, sizeof(buf), "%u", *(const unsigned *) field);
                s = buf;
                break;
        case CONFIG_BOOL:
                s = *(const bool *) field ? "true" : "false";
                break;
        case CONFIG_ENUM:
                s = k->enum_name(*(const int *) field);
                break;
        case CONFIG_WORKING_HOURS:
        case CONFIG_SOUND:
        case CONFIG_FOLDER:
        case CONFIG_MACHINE:
                s = *(char * const *) field;
                break;
        }

        v = strdup(strempty(s));
        if (!v)
                return -ENOMEM;
        *ret = v;
        return 0;
}

int config_init(Config *c) {
        int r;

        *c = (Config) {};
        for (size_t i = 0; i < ELEMENTSOF(config_table); i++) {
                r = key_set(c, &config_table[i], config_table[i].default_value, NULL);
                assert(r != -EINVAL);   /* the defaults are valid */
                if (r < 0) {
                        config_done(c);
                        return r;
                }
        }
        return 0;
}

SchedulerConfig config_scheduler(const Config *c) {
        return (SchedulerConfig) {
                .interval = c->interval,
                .max_postpone = c->max_postpone,
                .break_duration = c->break_duration,
                .snooze = c->snooze,
                .natural_break = c->natural_break,
                .per_break = c->per_break,
                .posture = c->posture,
                .defer_max = c->defer_max,
                .micro_enabled = c->micro_enabled,
                .micro_interval = c->micro_interval,
                .micro_duration = c->micro_duration,
                .daily_limit = c->daily_limit,
                .max_skips = c->max_skips,
        };
}

SchedulerConfig config_scheduler_defaults(void) {
        Config c = {};
        SchedulerConfig sc;

        if (config_init(&c) < 0)
                abort();        /* out of memory for a few default strings */
        sc = config_scheduler(&c);
        config_done(&c);
        return sc;
}

void config_done(Config *c) {
        if (!c)
                return;
        free(c->working_hours);
        working_hours_done(&c->hours);
        free(c->sound);
        free(c->sync_folder);
        free(c->sync_machine);
        *c = (Config) {};
}

int config_copy(Config *dst, const Config *src) {
        Config t = *src;

        t.working_hours = NULL;
        t.hours = (WorkingHours) {};
        t.sound = NULL;
        t.sync_folder = t.sync_machine = NULL;

        if (src->working_hours && !(t.working_hours = strdup(src->working_hours)))
                goto oom;
        if (src->sound && !(t.sound = strdup(src->sound)))
                goto oom;
        if (src->sync_folder && !(t.sync_folder = strdup(src->sync_folder)))
                goto oom;
        if (src->sync_machine && !(t.sync_machine = strdup(src->sync_machine)))
                goto oom;
        if (src->hours.n_ranges > 0) {
                t.hours.ranges = malloc(src->hours.n_ranges * sizeof(WorkingRange));
                if (!t.hours.ranges)
                        goto oom;
                memcpy(t.hours.ranges, src->hours.ranges, src->hours.n_ranges * sizeof(WorkingRange));
                t.hours.n_ranges = src->hours.n_ranges;
        }
        *dst = t;
        return 0;

oom:
        config_done(&t);
        return -ENOMEM;
}

const char * const *config_keys(void) {
        static const char *keys[ELEMENTSOF(config_table) + 1];

        /* Filled on first use with the same pointers every time; limberd is single-threaded. */
        if (!keys[0])
                for (size_t i = 0; i < ELEMENTSOF(config_table); i++)
                        keys[i] = config_table[i].key;
        return keys;
}

bool config_key_known(const char *key) {
        return config_key_lookup(key) != NULL;
}

int config_get(const Config *c, const char *key, char **ret) {
        const ConfigKey *k = config_key_lookup(key);

        if (!k)
                return -ENOENT;
        return key_format(c, k, ret);
}

/* Why key is unknown, for "KEY: reason" messages. */
char *unknown_key_reason(const char *section, size_t section_len) {
        _cleanup_(freep) char *list = NULL, *s = NULL;
        char *reason;

        s = strndup(section, section_len);
        if (!s)
                return NULL;
        if (section_known(section, section_len)) {
                list = config_names_list(s);
                if (!list || asprintf(&reason, _("unknown key; [%s] has %s"), s, list) < 0)
                        return NULL;
        } else {
                list = config_names_list(NULL);
                if (!list || asprintf(&reason, _("unknown section [%s]; the sections are %s"), s, list) < 0)
                        return NULL;
        }
        return reason;
}

int config_set(Config *c, const char *key, const char *value, char **ret_error) {
        _cleanup_(freep) char *reason = NULL;
        const ConfigKey *k = config_key_lookup(key);
        int r;

        if (!k) {
                const char *dot = key ? strchr(key, '.') : NULL;

                if (!dot)
                        return error_setf(ret_error, -ENOENT,
                                         _("%s: unknown key; keys are written section.key, e.g. schedule.interval"),
                                         strempty(key));
                reason = unknown_key_reason(key, (size_t) (dot - key));
                if (!reason)
                        return -ENOMEM;
                return error_setf(ret_error, -ENOENT, "%s: %s", key, reason);
        }

        r = key_set(c, k, strempty(value), &reason);
        if (r < 0 && reason)
                return error_setf(ret_error, r, "%s: %s", k->key, reason);
        return r;
}

int config_warnings(const Config *c, char ***ret) {
        _cleanup_(strv_freep) char **l = NULL;
        char a[DURATION_TEXT_MAX], b[DURATION_TEXT_MAX];
        int r = 0;

        if (c->idle_after >= c->natural_break)
                r = strv_extendf(&l, _("schedule.idle-after (%s) is not shorter than schedule.natural-break (%s): every "
                                       "pause noticed as idle already counts as a break"),
                         i18n_format_duration(a, c->idle_after), i18n_format_duration(b, c->natural_break));
        if (r >= 0 && c->micro_enabled && c->micro_interval >= c->interval)
                r = strv_extendf(&l, _("micro.interval (%s) is not shorter than schedule.interval (%s): no posture nudge "
                                       "comes between breaks"), i18n_format_duration(a, c->micro_interval), i18n_format_duration(b, c->interval));
        if (r >= 0 && c->micro_enabled && c->micro_duration >= c->natural_break)
                r = strv_extendf(&l, _("micro.duration (%s) is not shorter than schedule.natural-break (%s): a nudge's "
                                       "pause already counts as a break"),
                         i18n_format_duration(a, c->micro_duration), i18n_format_duration(b, c->natural_break));
        if (r < 0)
                return r;
        *ret = TAKE_PTR(l);
        return 0;
}
