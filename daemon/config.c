/* SPDX-License-Identifier: GPL-3.0-or-later */
/* limber.ini: every key is one row of config_table; parsing, formatting, defaults, the file
 * reader and the key writer all work from that row.
 *
 * inih (Debian's libinih 55) is built with INI_HANDLER_LINENO 0, INI_ALLOW_MULTILINE 1,
 * inline ";" comments, a UTF-8 BOM allowed, and a 200-byte stack line buffer (INI_MAX_LINE;
 * the ini_max_line variable it exports changes nothing while the buffer is on the stack).
 * A longer line is silently cut and its tail read as a line of its own, and the handler is
 * not told the line number. So inih reads the file through config_reader(), which hands it
 * one physical line per call and:
 *   - counts lines, so the handler knows which line it is called for and inih's own error
 *     line numbers agree with ours;
 *   - refuses NUL bytes, control characters, non-ASCII outside comments (the error text goes
 *     out over D-Bus, which wants valid UTF-8), lines over CONFIG_LINE_MAX, and settings too
 *     long for inih's buffer, instead of letting inih cut them;
 *   - strips leading blanks, so an indented line is never taken as a multi-line
 *     continuation of the previous value (limber has no multi-line values); such a line is a
 *     syntax error unless it is a setting of its own;
 *   - checks [section] lines itself, since inih reports nothing for a section without keys;
 *   - turns comments into empty lines and drops the BOM.
 * Any non-zero ini_parse_stream() result is an error. */

#include <assert.h>
#include <ctype.h>
#include <fcntl.h>
#include <ini.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "config.h"
#include "duration.h"
#include "paths.h"

/* Longest value a key takes, so that "key = value" always fits inih's line buffer, also when
 * written by config_write_key(). */
#define CONFIG_VALUE_MAX 160U
#define CONFIG_SOUND_MAX 64U
static_assert(CONFIG_VALUE_MAX + 32 < INI_MAX_LINE - 2, "settings must fit inih's line buffer");

typedef enum ConfigType {
        CONFIG_DURATION,        /* usec_t, min..max */
        CONFIG_UNSIGNED,        /* unsigned, min..max */
        CONFIG_BOOL,            /* bool */
        CONFIG_ENUM,            /* an enum, named by enum_name() */
        CONFIG_WORKING_HOURS,   /* char *working_hours plus the parsed WorkingHours */
        CONFIG_SOUND,           /* char *, a sound-theme name or "" */
} ConfigType;

typedef struct ConfigKey {
        const char *section;
        const char *name;
        const char *key;                        /* "section.name" */
        ConfigType type;
        size_t offset;                          /* of the value in Config */
        uint64_t min, max;                      /* bounds of durations (usec) and numbers */
        const char *(*enum_name)(int value);    /* CONFIG_ENUM: NULL past the last value */
        const char *enum_what;                  /* CONFIG_ENUM: "a posture" */
        const char *default_value;              /* as written in limber.ini */
} ConfigKey;

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

static const ConfigKey config_table[] = {
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
        KEY("exercises", "posture",            CONFIG_ENUM,          posture,
            ENUM(posture_name, "a posture"),          .default_value = "seated"),
        KEY("exercises", "per-break",          CONFIG_UNSIGNED,      per_break,
            .min = 1, .max = 20,                      .default_value = "4"),
        KEY("idle",      "source",             CONFIG_ENUM,          idle_source,
            ENUM(idle_kind_name, "an idle source"),   .default_value = "auto"),
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
};

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

const char *idle_kind_to_string(IdleKind k) {
        if (k < 0 || k >= _IDLE_KIND_MAX)
                return NULL;
        return idle_kind_table[k];
}

IdleKind idle_kind_from_string(const char *s) {
        if (s)
                for (int k = 0; k < _IDLE_KIND_MAX; k++)
                        if (streq(idle_kind_table[k], s))
                                return (IdleKind) k;
        return _IDLE_KIND_INVALID;
}

static const ConfigKey *config_key_find(const char *section, size_t section_len, const char *name) {
        for (size_t i = 0; i < ELEMENTSOF(config_table); i++)
                if (strlen(config_table[i].section) == section_len &&
                    strncmp(config_table[i].section, section, section_len) == 0 &&
                    streq(config_table[i].name, name))
                        return &config_table[i];
        return NULL;
}

static const ConfigKey *config_key_lookup(const char *key) {
        const char *dot = key ? strchr(key, '.') : NULL;

        return dot ? config_key_find(key, (size_t) (dot - key), dot + 1) : NULL;
}

static bool section_known(const char *section, size_t len) {
        for (size_t i = 0; i < ELEMENTSOF(config_table); i++)
                if (strlen(config_table[i].section) == len && strncmp(config_table[i].section, section, len) == 0)
                        return true;
        return false;
}

/* "schedule, exercises, …" or, with section set, that section's keys. Returns NULL on OOM. */
static char *config_names_list(const char *section) {
        _cleanup_(freep) char *buf = NULL;
        size_t size = 0;
        const char *last = NULL;
        FILE *f;

        f = open_memstream(&buf, &size);
        if (!f)
                return NULL;
        for (size_t i = 0; i < ELEMENTSOF(config_table); i++) {
                const ConfigKey *k = &config_table[i];
                const char *item = section ? k->name : k->section;

                if (section ? !streq(k->section, section) : streq_ptr(last, k->section))
                        continue;
                fprintf(f, "%s%s", last ? ", " : "", item);
                last = k->section;
        }
        if (fclose(f) != 0)
                return NULL;
        return TAKE_PTR(buf);
}

static bool sound_name_valid(const char *s) {
        /* Sound-theme names are ASCII words joined by dashes ("message-new-instant"); allow a
         * little more, but never blanks, quotes or a path. */
        for (; *s; s++)
                if (!isalnum((unsigned char) *s) && !strchr("-_.+", *s))
                        return false;
        return true;
}

/* "1", "yes", "true", "on" and their opposites, in any case. */
static int parse_boolean(const char *s) {
        static const char * const yes[] = { "1", "yes", "true", "on" };
        static const char * const no[] = { "0", "no", "false", "off" };

        for (size_t i = 0; i < ELEMENTSOF(yes); i++) {
                if (strcasecmp(s, yes[i]) == 0)
                        return 1;
                if (strcasecmp(s, no[i]) == 0)
                        return 0;
        }
        return -EINVAL;
}

/* Validates text as a value of k and stores it in c. On error c is unchanged and *reason
 * (if given) says why, without the key's name. Returns 0, -EINVAL or -ENOMEM. */
static int key_set(Config *c, const ConfigKey *k, const char *text, char **reason) {
        _cleanup_(freep) char *value = NULL, *error = NULL;
        void *field = (uint8_t *) c + k->offset;
        char lo[DURATION_FORMAT_MAX], hi[DURATION_FORMAT_MAX];
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
                return error_setf(reason, -EINVAL, "value is %zu characters long, at most %u are allowed",
                                 len, CONFIG_VALUE_MAX);
        for (const char *p = value; *p; p++)
                if (*p < 0x20 || *p == 0x7f)
                        return error_setf(reason, -EINVAL, "value contains control character 0x%02x",
                                         (unsigned) (unsigned char) *p);
        if (len >= 2 && ((value[0] == '"' && value[len - 1] == '"') || (value[0] == '\'' && value[len - 1] == '\'')))
                return error_setf(reason, -EINVAL, "%s is quoted: write values without quotes%s",
                                 value, k->type == CONFIG_WORKING_HOURS || k->type == CONFIG_SOUND ?
                                 ", and nothing at all for none" : "");

        switch (k->type) {

        case CONFIG_DURATION: {
                usec_t u;

                r = duration_parse(value, &u, &error);
                if (r < 0)
                        return error_setf(reason, r == -ENOMEM ? -ENOMEM : -EINVAL, "%s",
                                         error ?: "invalid duration");
                if (u < k->min)
                        return error_setf(reason, -EINVAL, "\"%s\" is too short: at least %s", value,
                                         duration_format(lo, k->min));
                if (u > k->max)
                        return error_setf(reason, -EINVAL, "\"%s\" is too long: at most %s", value,
                                         duration_format(hi, k->max));
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
                        return error_setf(reason, -EINVAL, "\"%s\" is not a whole number from %" PRIu64 " to %" PRIu64,
                                         value, k->min, k->max);
                *(unsigned *) field = (unsigned) v;
                return 0;
        }

        case CONFIG_BOOL:
                r = parse_boolean(value);
                if (r < 0)
                        return error_setf(reason, -EINVAL,
                                         "\"%s\" is not a boolean: use true or false (or yes/no, on/off, 1/0)", value);
                *(bool *) field = r;
                return 0;

        case CONFIG_ENUM: {
                _cleanup_(freep) char *names = NULL;
                size_t names_size = 0;
                FILE *f;
                int n = 0;

                for (const char *s; (s = k->enum_name(n)); n++)
                        if (streq(s, value)) {
                                *(int *) field = n;
                                return 0;
                        }

                f = open_memstream(&names, &names_size);
                if (!f)
                        return -ENOMEM;
                for (int i = 0; i < n; i++)
                        fprintf(f, "%s%s", i == 0 ? "" : i == n - 1 ? " or " : ", ", k->enum_name(i));
                if (fclose(f) != 0)
                        return -ENOMEM;
                return error_setf(reason, -EINVAL, "\"%s\" is not %s: use %s", value, k->enum_what, names);
        }

        case CONFIG_WORKING_HOURS: {
                WorkingHours wh;

                r = working_hours_parse(value, &wh, &error);
                if (r < 0)
                        return error_setf(reason, r, "%s", error ?: "invalid working hours");
                free(c->working_hours);
                c->working_hours = TAKE_PTR(value);
                working_hours_done(&c->hours);
                c->hours = wh;
                return 0;
        }

        case CONFIG_SOUND:
                if (len > CONFIG_SOUND_MAX)
                        return error_setf(reason, -EINVAL, "\"%s\" is too long for a sound name: at most %u characters",
                                         value, CONFIG_SOUND_MAX);
                if (!sound_name_valid(value))
                        return error_setf(reason, -EINVAL,
                                         "\"%s\" is not a sound name: use a freedesktop sound-theme name such as "
                                         "bell or message-new-instant (no blanks or slashes), or nothing for silence",
                                         value);
                free(*(char **) field);
                *(char **) field = TAKE_PTR(value);
                return 0;
        }

        assert(!"unknown config type");
        return -EINVAL;
}

static int key_format(const Config *c, const ConfigKey *k, char **ret) {
        const void *field = (const uint8_t *) c + k->offset;
        char buf[DURATION_FORMAT_MAX];
        const char *s = NULL;
        char *v;

        switch (k->type) {
        case CONFIG_DURATION:
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

void config_done(Config *c) {
        if (!c)
                return;
        free(c->working_hours);
        working_hours_done(&c->hours);
        free(c->sound);
        *c = (Config) {};
}

int config_copy(Config *dst, const Config *src) {
        Config t = *src;

        t.working_hours = NULL;
        t.hours = (WorkingHours) {};
        t.sound = NULL;

        if (src->working_hours && !(t.working_hours = strdup(src->working_hours)))
                goto oom;
        if (src->sound && !(t.sound = strdup(src->sound)))
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
static char *unknown_key_reason(const char *section, size_t section_len) {
        _cleanup_(freep) char *list = NULL, *s = NULL;
        char *reason;

        s = strndup(section, section_len);
        if (!s)
                return NULL;
        if (section_known(section, section_len)) {
                list = config_names_list(s);
                if (!list || asprintf(&reason, "unknown key; [%s] has %s", s, list) < 0)
                        return NULL;
        } else {
                list = config_names_list(NULL);
                if (!list || asprintf(&reason, "unknown section [%s]; the sections are %s", s, list) < 0)
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
                                         "%s: unknown key; keys are written section.key, e.g. schedule.interval",
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

/* Line classification, shared by the reader and config_write_key(). */

typedef enum LineKind {
        LINE_BLANK,
        LINE_COMMENT,
        LINE_SECTION,           /* name is the section */
        LINE_SETTING,           /* name is the key */
        LINE_OTHER,             /* for inih to refuse */
} LineKind;

static bool is_blank(char ch) {
        return ch == ' ' || ch == '\t' || ch == '\r';
}

/* Trims [*s, *e) of blanks (and a CR) on both sides. */
static void trim(const char **s, const char **e) {
        while (*s < *e && is_blank(**s))
                (*s)++;
        while (*e > *s && is_blank((*e)[-1]))
                (*e)--;
}

/* Classifies the trimmed line [s, e) the way inih reads it. For a section, [*ret_name,
 * *ret_name_end) is its name and *ret_rest what follows "]"; for a setting, the key. */
static LineKind line_classify(const char *s, const char *e,
                              const char **ret_name, const char **ret_name_end, const char **ret_rest) {
        const char *p;

        if (s == e)
                return LINE_BLANK;
        if (*s == ';' || *s == '#')
                return LINE_COMMENT;
        if (*s == '[') {
                p = memchr(s, ']', (size_t) (e - s));
                if (!p)
                        return LINE_OTHER;
                *ret_name = s + 1;
                *ret_name_end = p;
                *ret_rest = p + 1;
                return LINE_SECTION;
        }
        for (p = s; p < e && *p != '=' && *p != ':'; p++)
                if (*p == ';' && p > s && is_blank(p[-1]))
                        return LINE_OTHER;      /* an inline comment before "=" */
        if (p == e)
                return LINE_OTHER;
        *ret_name = s;
        *ret_name_end = p;
        while (*ret_name_end > s && is_blank((*ret_name_end)[-1]))
                (*ret_name_end)--;
        *ret_rest = p + 1;
        return *ret_name_end > s ? LINE_SETTING : LINE_OTHER;
}

typedef struct ParseContext {
        Config *config;
        const char *path;
        const char *next, *end;         /* what is left of the file */
        unsigned line;                  /* the line last handed to inih */
        unsigned error_line;            /* 0 = no error yet */
        char *error;
        int error_r;
        unsigned seen[ELEMENTSOF(config_table)];        /* line where each key was set */
} ParseContext;

static void parse_fail(ParseContext *ctx, int r, const char *fmt, ...) _printf_(3, 4);
static void parse_fail(ParseContext *ctx, int r, const char *fmt, ...) {
        _cleanup_(freep) char *msg = NULL;
        va_list ap;

        if (ctx->error_line > 0)
                return;         /* the first error is the one to fix */
        va_start(ap, fmt);
        if (vasprintf(&msg, fmt, ap) < 0)
                msg = NULL;
        va_end(ap);
        ctx->error_line = ctx->line;
        ctx->error_r = msg ? r : -ENOMEM;
        if (msg && asprintf(&ctx->error, "%s:%u: %s", ctx->path, ctx->line, msg) < 0) {
                ctx->error = NULL;
                ctx->error_r = -ENOMEM;
        }
}

static char *config_reader(char *str, int num, void *stream) {
        ParseContext *ctx = stream;
        const char *s, *e, *nl, *name, *name_end, *rest;
        bool has_high = false;
        LineKind kind;

        if (ctx->error_line > 0 || ctx->next >= ctx->end)
                return NULL;

        s = ctx->next;
        nl = memchr(s, '\n', (size_t) (ctx->end - s));
        e = nl ?: ctx->end;
        ctx->next = nl ? nl + 1 : ctx->end;
        ctx->line++;

        if ((size_t) (e - s) > CONFIG_LINE_MAX) {
                parse_fail(ctx, -EINVAL, "line is longer than %u bytes", CONFIG_LINE_MAX);
                return NULL;
        }
        if (ctx->line == 1 && e - s >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
                s += 3;
        trim(&s, &e);
        for (const char *p = s; p < e; p++) {
                unsigned char ch = (unsigned char) *p;

                if (ch == '\0') {
                        parse_fail(ctx, -EINVAL, "NUL byte: this is not a text file");
                        return NULL;
                }
                if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
                        parse_fail(ctx, -EINVAL, "control character 0x%02x: this is not a text file", ch);
                        return NULL;
                }
                has_high = has_high || ch >= 0x80;
        }

        kind = line_classify(s, e, &name, &name_end, &rest);
        if (kind == LINE_BLANK || kind == LINE_COMMENT) {
                str[0] = '\0';
                return str;
        }
        if (has_high) {
                parse_fail(ctx, -EINVAL, "non-ASCII text outside a comment: sections, keys and values are ASCII");
                return NULL;
        }
        if (kind == LINE_SECTION) {
                const char *r = rest;

                while (r < e && is_blank(*r))
                        r++;
                if (!section_known(name, (size_t) (name_end - name))) {
                        _cleanup_(freep) char *list = config_names_list(NULL);

                        parse_fail(ctx, -EINVAL, "unknown section [%.*s]; the sections are %s",
                                   (int) (name_end - name), name, strempty(list));
                        return NULL;
                }
                if (r < e && *r != ';' && *r != '#') {
                        parse_fail(ctx, -EINVAL, "unexpected \"%.*s\" after [%.*s]",
                                   (int) (e - r), r, (int) (name_end - name), name);
                        return NULL;
                }
        }
        if (e - s >= num) {
                parse_fail(ctx, -EINVAL, "line is longer than %d characters (put long comments on lines of their own)",
                           num - 1);
                return NULL;
        }
        memcpy(str, s, (size_t) (e - s));
        str[e - s] = '\0';
        return str;
}

static int config_handler(void *userdata, const char *section, const char *name, const char *value) {
        ParseContext *ctx = userdata;
        _cleanup_(freep) char *reason = NULL;
        const ConfigKey *k;
        size_t i;
        int r;

        if (ctx->error_line > 0)
                return 0;

        if (!section || !*section) {
                const ConfigKey *guess = NULL;

                for (i = 0; i < ELEMENTSOF(config_table) && !guess; i++)
                        if (streq(config_table[i].name, name))
                                guess = &config_table[i];
                if (guess)
                        parse_fail(ctx, -EINVAL, "%s: key before any section: put it under [%s]",
                                   name, guess->section);
                else
                        parse_fail(ctx, -EINVAL, "%s: key before any section: start with a section such as [schedule]",
                                   name);
                return 0;
        }

        if (!*name) {
                parse_fail(ctx, -EINVAL, "a setting without a key: write key = value");
                return 0;
        }

        k = config_key_find(section, strlen(section), name);
        if (!k) {
                reason = unknown_key_reason(section, strlen(section));
                parse_fail(ctx, reason ? -EINVAL : -ENOMEM, "%s.%s: %s", section, name, strempty(reason));
                return 0;
        }

        i = (size_t) (k - config_table);
        if (ctx->seen[i] > 0) {
                parse_fail(ctx, -EINVAL, "%s: set twice in one file, first on line %u", k->key, ctx->seen[i]);
                return 0;
        }
        ctx->seen[i] = ctx->line;

        r = key_set(ctx->config, k, value, &reason);
        if (r < 0) {
                parse_fail(ctx, r, "%s: %s", k->key, strempty(reason));
                return 0;
        }
        return 1;
}

/* A syntax error inih found on line: what is wrong with it. */
static char *syntax_reason(const char *data, const char *end, unsigned line) {
        const char *s = data, *e, *name, *name_end, *rest;
        bool indented;
        char *reason;

        for (unsigned n = 1; n < line && s < end; n++) {
                const char *nl = memchr(s, '\n', (size_t) (end - s));
                s = nl ? nl + 1 : end;
        }
        e = memchr(s, '\n', (size_t) (end - s)) ?: end;
        if (line == 1 && e - s >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
                s += 3;
        indented = s < e && (*s == ' ' || *s == '\t');
        trim(&s, &e);

        if (*s == '[' && !memchr(s, ']', (size_t) (e - s))) {
                if (asprintf(&reason, "section header \"%.*s\" lacks its closing \"]\"", (int) MIN(e - s, 64), s) < 0)
                        return NULL;
        } else if (asprintf(&reason, "\"%.*s\" is not a setting: write key = value%s",
                            (int) MIN(e - s, 64), s,
                            indented && line_classify(s, e, &name, &name_end, &rest) == LINE_OTHER ?
                            " (values cannot continue on indented lines)" : "") < 0)
                return NULL;
        return reason;
}

/* Parses the file over c itself; the caller works on a copy. */
static int config_parse_data(Config *c, const char *path, const char *data, size_t size, char **ret_error) {
        _cleanup_(freep) char *reason = NULL;
        ParseContext ctx = {
                .config = c,
                .path = path,
                .next = data,
                .end = data + size,
        };
        int r;

        r = ini_parse_stream(config_reader, &ctx, config_handler, &ctx);
        if (r < 0) {
                free(ctx.error);
                return error_setf(ret_error, -ENOMEM, "%s: out of memory", path);
        }
        if (r > 0 && (ctx.error_line == 0 || (unsigned) r < ctx.error_line)) {
                free(ctx.error);
                reason = syntax_reason(data, data + size, (unsigned) r);
                if (!reason)
                        return -ENOMEM;
                return error_setf(ret_error, -EINVAL, "%s:%d: %s", path, r, reason);
        }
        if (ctx.error_line > 0) {
                if (ret_error)
                        *ret_error = ctx.error;
                else
                        free(ctx.error);
                return ctx.error_r;
        }
        return 0;
}

int config_parse_file(Config *c, const char *path, char **ret_error) {
        _cleanup_(freep) char *data = NULL;
        _cleanup_(config_done) Config t = {};
        size_t size;
        int r;

        r = read_file_full(path, CONFIG_FILE_MAX, &data, &size);
        switch (r) {
        case 0:
                break;
        case -ENOENT:
                return r;
        case -EISDIR:
                return error_setf(ret_error, r, "%s: is a directory, not a file", path);
        case -EFBIG:
                return error_setf(ret_error, r, "%s: larger than %u KiB, refusing to read it", path,
                                 CONFIG_FILE_MAX / 1024);
        case -EINVAL:
                return error_setf(ret_error, r, "%s: not a regular file", path);
        default:
                return error_setf(ret_error, r, "%s: cannot read: %s", path, strerror(-r));
        }

        r = config_copy(&t, c);
        if (r < 0)
                return r;
        r = config_parse_data(&t, path, data, size, ret_error);
        if (r < 0)
                return r;

        config_done(c);
        *c = t;
        t = (Config) {};
        return 0;
}

int config_load(Config *c, const char *explicit_path, char **ret_error) {
        _cleanup_(config_done) Config t = {};
        _cleanup_(strv_freep) char **system = NULL;
        _cleanup_(freep) char *user = NULL;
        int r;

        r = config_init(&t);
        if (r < 0)
                return r;

        if (explicit_path) {
                r = config_parse_file(&t, explicit_path, ret_error);
                if (r == -ENOENT)
                        return error_setf(ret_error, r, "%s: %s", explicit_path, strerror(-r));
                if (r < 0)
                        return r;
        } else {
                r = paths_system_configs(&system);
                if (r < 0)
                        return r;
                for (char **p = system; *p; p++) {
                        r = config_parse_file(&t, *p, ret_error);
                        if (r < 0 && r != -ENOENT)
                                return r;
                }

                /* Without $HOME or $XDG_CONFIG_HOME there is no user file to read. */
                r = paths_user_config(&user);
                if (r < 0 && r != -ENXIO)
                        return r;
                if (user) {
                        r = config_parse_file(&t, user, ret_error);
                        if (r < 0 && r != -ENOENT)
                                return r;
                }
        }

        config_done(c);
        *c = t;
        t = (Config) {};
        return 0;
}

/* config_write_key() */

typedef struct Line {
        const char *start;
        size_t len;
} Line;

static bool line_sets(const Line *l, const char *key, const char **ret_rest, const char **ret_end) {
        const char *s = l->start, *e = l->start + l->len, *name, *name_end, *rest;

        trim(&s, &e);
        if (line_classify(s, e, &name, &name_end, &rest) != LINE_SETTING)
                return false;
        if ((size_t) (name_end - name) != strlen(key) || strncmp(name, key, (size_t) (name_end - name)) != 0)
                return false;
        if (ret_rest)
                *ret_rest = rest;
        if (ret_end)
                *ret_end = e;
        return true;
}

/* "# interval = 2h", as the shipped sample has it. */
static bool line_sets_commented(const Line *l, const char *key) {
        const char *s = l->start, *e = l->start + l->len;
        Line uncommented;

        trim(&s, &e);
        if (s == e || (*s != '#' && *s != ';'))
                return false;
        uncommented = (Line) { s + 1, (size_t) (e - s - 1) };
        return line_sets(&uncommented, key, NULL, NULL);
}

/* Returns the section a line opens, or NULL; *ret_len is its length. */
static const char *line_section(const Line *l, size_t *ret_len) {
        const char *s = l->start, *e = l->start + l->len, *name, *name_end, *rest;

        trim(&s, &e);
        if (line_classify(s, e, &name, &name_end, &rest) != LINE_SECTION)
                return NULL;
        *ret_len = (size_t) (name_end - name);
        return name;
}

static bool line_is_comment(const Line *l) {
        const char *s = l->start, *e = l->start + l->len;

        trim(&s, &e);
        return s < e && (*s == '#' || *s == ';');
}

static bool line_is_blank(const Line *l) {
        const char *s = l->start, *e = l->start + l->len;

        trim(&s, &e);
        return s == e;
}

/* Writes "name = value", keeping an inline comment of the line it replaces if it fits. */
static void write_setting(FILE *f, const ConfigKey *k, const char *value, const char *rest, const char *end) {
        const char *comment = NULL;

        for (const char *p = rest; rest && p < end; p++)
                if (*p == ';' && p > rest && is_blank(p[-1])) {
                        comment = p;
                        break;
                }
        fprintf(f, "%s = %s", k->name, value);
        if (comment && strlen(k->name) + strlen(value) + 4 + (size_t) (end - comment) < INI_MAX_LINE - 2) {
                fputc(' ', f);
                fwrite(comment, 1, (size_t) (end - comment), f);
        }
        fputc('\n', f);
}

static int config_rewrite(const char *data, size_t size, const ConfigKey *k, const char *value,
                          char **ret, size_t *ret_size) {
        _cleanup_(freep) Line *lines = NULL;
        _cleanup_(freep) char *out = NULL;
        size_t n = 0, out_size = 0, insert = SIZE_MAX, section_start = SIZE_MAX, section_end = SIZE_MAX;
        size_t commented = SIZE_MAX;
        bool in_section = false, exists = false;
        FILE *f;

        f = open_memstream(&out, &out_size);
        if (!f)
                return -ENOMEM;
        /* Keep a BOM, out of the way of the first line's classification. */
        if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
                fwrite(data, 1, 3, f);
                data += 3;
                size -= 3;
        }

        /* Split into lines, without their newlines. */
        lines = calloc(size + 1, sizeof(Line));
        if (!lines) {
                fclose(f);
                return -ENOMEM;
        }
        for (const char *p = data, *end = data + size; p < end;) {
                const char *nl = memchr(p, '\n', (size_t) (end - p));

                lines[n++] = (Line) { p, (size_t) ((nl ?: end) - p) };
                p = nl ? nl + 1 : end;
        }

        /* Where the key goes if it is not set yet: after its commented-out sample line, or
         * at the end of the last [section] block, before the blank lines and any comment
         * that introduces the next section. */
        for (size_t i = 0; i <= n; i++) {
                const char *name = NULL;
                size_t len = 0;

                if (i == n || (name = line_section(&lines[i], &len))) {
                        if (in_section)
                                section_end = i;
                        in_section = i < n && len == strlen(k->section) && strncmp(name, k->section, len) == 0;
                        if (in_section) {
                                section_start = i;
                                commented = SIZE_MAX;
                        }
                        continue;
                }
                if (in_section && line_sets(&lines[i], k->name, NULL, NULL))
                        exists = true;
                if (in_section && line_sets_commented(&lines[i], k->name))
                        commented = i;
        }
        if (section_start != SIZE_MAX && !exists) {
                if (commented != SIZE_MAX && commented > section_start && commented < section_end)
                        insert = commented + 1;
                else {
                        insert = section_end;
                        if (section_end < n)
                                while (insert > section_start + 1 && line_is_comment(&lines[insert - 1]))
                                        insert--;
                        while (insert > section_start + 1 && line_is_blank(&lines[insert - 1]))
                                insert--;
                }
        }

        in_section = false;
        for (size_t i = 0; i < n; i++) {
                const char *name, *rest, *end;
                size_t len;

                if (i == insert)
                        write_setting(f, k, value, NULL, NULL);
                if ((name = line_section(&lines[i], &len)))
                        in_section = len == strlen(k->section) && strncmp(name, k->section, len) == 0;
                else if (in_section && line_sets(&lines[i], k->name, &rest, &end)) {
                        write_setting(f, k, value, rest, end);
                        continue;
                }
                fwrite(lines[i].start, 1, lines[i].len, f);     /* as it was, NUL bytes and all */
                fputc('\n', f);
        }
        if (insert == n)
                write_setting(f, k, value, NULL, NULL);
        else if (insert == SIZE_MAX && !exists)
                fprintf(f, "%s[%s]\n%s = %s\n", n > 0 && !line_is_blank(&lines[n - 1]) ? "\n" : "",
                        k->section, k->name, value);
        if (fclose(f) != 0)
                return -ENOMEM;

        *ret = TAKE_PTR(out);
        *ret_size = out_size;
        return 0;
}

int config_write_key(const char *path, const char *key, const char *value) {
        _cleanup_(freep) char *target = NULL, *dir = NULL, *data = NULL, *out = NULL, *trimmed = NULL;
        const char *vs, *ve;
        _cleanup_(config_done) Config scratch = {};
        _cleanup_(closep) int dir_fd = -1;
        const ConfigKey *k = config_key_lookup(key);
        size_t size = 0, out_size;
        mode_t mode = 0644;
        struct stat st;
        char *slash;
        int r;

        if (!k)
                return -ENOENT;
        /* Never write what the parser would refuse. */
        r = key_set(&scratch, k, strempty(value), NULL);
        if (r < 0)
                return r;
        /* Keep what the user wrote ("90m" stays "90m"), without surrounding blanks. */
        vs = strempty(value);
        ve = vs + strlen(vs);
        trim(&vs, &ve);
        trimmed = strndup(vs, (size_t) (ve - vs));
        if (!trimmed)
                return -ENOMEM;

        /* A symlinked limber.ini (dotfiles) stays a symlink: write where it points. */
        if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
                target = realpath(path, NULL);
                if (!target && errno != ENOENT)
                        return -errno;
        }
        if (!target) {
                target = strdup(path);
                if (!target)
                        return -ENOMEM;
        }

        dir = strdup(target);
        if (!dir)
                return -ENOMEM;
        slash = strrchr(dir, '/');
        if (slash) {
                slash[slash == dir] = '\0';
                r = mkdir_parents(dir, 0755);
                if (r < 0)
                        return r;
        }

        /* Serialise concurrent writers (twenty "limberctl config set" at once) so that none
         * loses another's key: read-modify-rename under a lock on the folder. Without locks
         * (some network file systems) the rename still keeps the file whole. */
        dir_fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dir_fd < 0)
                return -errno;
        if (flock(dir_fd, LOCK_EX) < 0 && errno != ENOLCK && errno != EOPNOTSUPP)
                return -errno;

        r = read_file_full(target, CONFIG_FILE_MAX, &data, &size);
        if (r == -ENOENT)
                size = 0;
        else if (r < 0)
                return r;
        else if (stat(target, &st) == 0)
                mode = st.st_mode & 07777;

        r = config_rewrite(data ?: "", size, k, trimmed, &out, &out_size);
        if (r < 0)
                return r;
        if (out_size > CONFIG_FILE_MAX)
                return -EFBIG;

        return write_file_atomic(target, out, out_size, mode);
}
