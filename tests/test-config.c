/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* By path: a build tree set up before the generated header became limber-config.h still
 * holds a stale config.h that comes first on the include path. */
#include "core/config.h"
#include "files/config-file.h"
#include "files/paths.h"
#include "limber-config.h"
#include "tap.h"

static char tmpdir[] = "/tmp/test-config-XXXXXX";

static char *tmp_path(const char *name) {
        char *p;

        if (asprintf(&p, "%s/%s", tmpdir, name) < 0)
                abort();
        return p;
}

static void write_file(const char *path, const char *data, size_t size) {
        _cleanup_(freep) char *dir = strdup(path);

        *strrchr(dir, '/') = '\0';
        CHECK_EQ(mkdir_parents(dir, 0755), 0);
        CHECK_EQ(write_file_atomic(path, data, size, 0644), 0);
}

static void write_str(const char *path, const char *s) {
        write_file(path, s, strlen(s));
}

static char *read_file(const char *path) {
        char *data = NULL;

        if (read_file_full(path, 4 * CONFIG_FILE_MAX, &data, NULL) < 0)
                return NULL;
        return data;
}

/* Every key as "key=value\n", to compare whole configurations. */
static char *dump(const Config *c) {
        char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);

        for (const char * const *k = config_keys(); *k; k++) {
                _cleanup_(freep) char *v = NULL;

                CHECK_EQ(config_get(c, *k, &v), 0);
                fprintf(f, "%s=%s\n", *k, strempty(v));
        }
        fclose(f);
        return buf;
}

static void check_get(const Config *c, const char *key, const char *expected) {
        _cleanup_(freep) char *v = NULL;

        CHECK_EQ(config_get(c, key, &v), 0);
        CHECK_STREQ(v, expected);
}

static void test_sync_keys(void) {
        _cleanup_(config_done) Config c = {};
        static const char * const bad_folders[] = { "Sync/limber", "~user/Sync", "./x", NULL };
        static const char * const bad_machines[] = { ".hidden", "a/b", "two words", "..",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL };

        CHECK_EQ(config_init(&c), 0);
        /* Off by default; the machine is the hostname's. */
        check_get(&c, "sync.folder", "");
        check_get(&c, "sync.machine", "");
        for (const char * const *v = bad_folders; *v; v++) {
                _cleanup_(freep) char *error = NULL;

                CHECK_EQ(config_set(&c, "sync.folder", *v, &error), -EINVAL);
                CHECK(error && strstr(error, "sync.folder: ") && strstr(error, "is not a folder"));
        }
        for (const char * const *v = bad_machines; *v; v++) {
                _cleanup_(freep) char *error = NULL;

                CHECK_EQ(config_set(&c, "sync.machine", *v, &error), -EINVAL);
                CHECK(error && strstr(error, "sync.machine: ") && strstr(error, "is not a machine name"));
        }
        CHECK_EQ(config_set(&c, "sync.folder", "/srv/sync/limber", NULL), 0);
        CHECK_EQ(config_set(&c, "sync.folder", "~", NULL), 0);
        CHECK_EQ(config_set(&c, "sync.folder", "", NULL), 0);
        CHECK_EQ(config_set(&c, "sync.machine", "desk.home_2", NULL), 0);
        check_get(&c, "sync.machine", "desk.home_2");
}

static void test_keys(void) {
        const char * const *keys = config_keys();
        size_t n = 0;

        for (; keys[n]; n++)
                CHECK(config_key_known(keys[n]));
        CHECK_EQ(n, 26);
        CHECK_STREQ(keys[0], "schedule.interval");
        CHECK_STREQ(keys[n - 1], "sync.machine");
        CHECK(config_keys() == keys);
        CHECK(!config_key_known("schedule.bogus"));
        CHECK(!config_key_known("bogus.interval"));
        CHECK(!config_key_known("interval"));
        CHECK(!config_key_known("schedule."));
        CHECK(!config_key_known(""));
        CHECK(!config_key_known(NULL));

        CHECK_STREQ(idle_kind_to_string(IDLE_KIND_LOGIND), "logind");
        CHECK_EQ(idle_kind_from_string("x11"), IDLE_KIND_X11);
        CHECK_EQ(idle_kind_from_string("X11"), _IDLE_KIND_INVALID);
        CHECK(idle_kind_to_string(_IDLE_KIND_MAX) == NULL);
}

static void test_defaults(void) {
        _cleanup_(config_done) Config c = {};
        char *v = NULL;

        CHECK_EQ(config_init(&c), 0);
        CHECK_EQ(c.interval, 2 * USEC_PER_HOUR);
        CHECK_EQ(c.max_postpone, USEC_PER_HOUR);
        CHECK_EQ(c.break_duration, 5 * USEC_PER_MINUTE);
        CHECK_EQ(c.snooze, 10 * USEC_PER_MINUTE);
        CHECK_EQ(c.natural_break, 5 * USEC_PER_MINUTE);
        CHECK_EQ(c.idle_after, USEC_PER_MINUTE);
        CHECK_STREQ(c.working_hours, "");
        CHECK_EQ(c.hours.n_ranges, 0);
        CHECK_EQ(c.posture, POSTURE_SEATED);
        CHECK_EQ(c.per_break, 4);
        CHECK_EQ(c.idle_source, IDLE_KIND_AUTO);
        CHECK(c.respect_dnd);
        CHECK(c.respect_inhibitors);
        CHECK_EQ(c.defer_max, USEC_PER_HOUR);
        CHECK(!c.micro_enabled);
        CHECK_EQ(c.micro_interval, 20 * USEC_PER_MINUTE);
        CHECK_EQ(c.micro_duration, 20 * USEC_PER_SEC);
        CHECK_STREQ(c.sound, "");
        CHECK_EQ(c.daily_limit, 0);
        CHECK_EQ(c.max_skips, 0);
        CHECK(c.presence_inhibitors && c.presence_camera && c.presence_microphone);

        check_get(&c, "schedule.daily-limit", "");
        check_get(&c, "schedule.max-skips", "0");
        check_get(&c, "presence.camera", "true");
        check_get(&c, "schedule.interval", "2h");
        check_get(&c, "schedule.max-postpone", "1h");
        check_get(&c, "schedule.break-duration", "5m");
        check_get(&c, "schedule.snooze", "10m");
        check_get(&c, "schedule.natural-break", "5m");
        check_get(&c, "schedule.idle-after", "1m");
        check_get(&c, "schedule.working-hours", "");
        check_get(&c, "exercises.posture", "seated");
        check_get(&c, "exercises.per-break", "4");
        check_get(&c, "idle.source", "auto");
        check_get(&c, "busy.respect-dnd", "true");
        check_get(&c, "busy.respect-inhibitors", "true");
        check_get(&c, "busy.defer-max", "1h");
        check_get(&c, "micro.enabled", "false");
        check_get(&c, "micro.interval", "20m");
        check_get(&c, "micro.duration", "20s");
        check_get(&c, "notify.sound", "");
        check_get(&c, "tray.enabled", "true");
        CHECK_EQ(config_get(&c, "schedule.bogus", &v), -ENOENT);
        CHECK(v == NULL);
}

/* One value per key (other than its default), and how config_get() prints it back. */
static const struct {
        const char *key, *value, *expected;
} roundtrip[] = {
        { "schedule.interval",           "90m",                    "1h30m" },
        { "schedule.max-postpone",       "0s",                     "0s" },
        { "schedule.break-duration",     " 2m30s ",                "2m30s" },
        { "schedule.snooze",             "1s",                     "1s" },
        { "schedule.natural-break",      "7min",                   "7m" },
        { "schedule.idle-after",         "45s",                    "45s" },
        { "schedule.working-hours",      "Mon-Fri 09:00-18:00",    "Mon-Fri 09:00-18:00" },
        { "schedule.daily-limit",        "7h30m",                  "7h30m" },
        { "schedule.max-skips",          "3",                      "3" },
        { "exercises.posture",           "standing",               "standing" },
        { "exercises.per-break",         "20",                     "20" },
        { "idle.source",                 "logind",                 "logind" },
        { "busy.respect-dnd",            "no",                     "false" },
        { "busy.respect-inhibitors",     "OFF",                    "false" },
        { "busy.defer-max",              "24h",                    "24h" },
        { "micro.enabled",               "1",                      "true" },
        { "micro.interval",              "15m",                    "15m" },
        { "micro.duration",              "1h",                     "1h" },
        { "notify.sound",                "message-new-instant",    "message-new-instant" },
        { "presence.inhibitors",         "false",                  "false" },
        { "presence.camera",             "no",                     "false" },
        { "presence.microphone",         "off",                    "false" },
        { "tray.enabled",                "off",                    "false" },
        { "break.window",                "no",                     "false" },
        { "sync.folder",                 "~/Sync/limber",          "~/Sync/limber" },
        { "sync.machine",                "laptop-2",               "laptop-2" },
};

static void test_roundtrip(void) {
        _cleanup_(config_done) Config c = {}, copy = {};
        _cleanup_(freep) char *before = NULL, *after = NULL, *copied = NULL;

        CHECK_EQ(config_init(&c), 0);

        /* Every key has a row. */
        for (const char * const *k = config_keys(); *k; k++) {
                bool found = false;

                for (size_t i = 0; i < ELEMENTSOF(roundtrip); i++)
                        found = found || streq(roundtrip[i].key, *k);
                CHECK(found);
        }

        before = dump(&c);
        for (size_t i = 0; i < ELEMENTSOF(roundtrip); i++) {
                char *error = NULL;

                CHECK_EQ(config_set(&c, roundtrip[i].key, roundtrip[i].value, &error), 0);
                CHECK(error == NULL);
                free(error);
                check_get(&c, roundtrip[i].key, roundtrip[i].expected);
        }
        after = dump(&c);
        CHECK(!streq(before, after));
        CHECK_EQ(c.interval, 90 * USEC_PER_MINUTE);
        CHECK_EQ(c.hours.n_ranges, 1);
        CHECK(c.micro_enabled);
        CHECK(!c.respect_dnd);

        /* Printed values parse back to the same. */
        for (size_t i = 0; i < ELEMENTSOF(roundtrip); i++)
                CHECK_EQ(config_set(&c, roundtrip[i].key, roundtrip[i].expected, NULL), 0);
        free(before);
        before = dump(&c);
        CHECK_STREQ(before, after);

        /* A deep copy. */
        CHECK_EQ(config_copy(&copy, &c), 0);
        copied = dump(&copy);
        CHECK_STREQ(copied, after);
        CHECK(copy.working_hours != c.working_hours);
        CHECK(copy.hours.ranges != c.hours.ranges);
        CHECK_EQ(copy.hours.ranges[0].end, 18 * 60);

        /* Booleans in every spelling; the empty working hours and sound. */
        CHECK_EQ(config_set(&c, "micro.enabled", "off", NULL), 0);
        CHECK(!c.micro_enabled);
        CHECK_EQ(config_set(&c, "micro.enabled", "Yes", NULL), 0);
        CHECK(c.micro_enabled);
        CHECK_EQ(config_set(&c, "micro.enabled", "0", NULL), 0);
        CHECK(!c.micro_enabled);
        CHECK_EQ(config_set(&c, "micro.enabled", "TRUE", NULL), 0);
        CHECK(c.micro_enabled);
        CHECK_EQ(config_set(&c, "schedule.working-hours", "", NULL), 0);
        CHECK_EQ(c.hours.n_ranges, 0);
        CHECK(c.hours.ranges == NULL);
        CHECK_EQ(config_set(&c, "notify.sound", "  ", NULL), 0);
        check_get(&c, "notify.sound", "");

        /* The daily limit: a duration, or nothing for none. */
        CHECK_EQ(config_set(&c, "schedule.daily-limit", "8h", NULL), 0);
        CHECK_EQ(c.daily_limit, 8 * USEC_PER_HOUR);
        CHECK_EQ(config_set(&c, "schedule.daily-limit", "", NULL), 0);
        CHECK_EQ(c.daily_limit, 0);
        check_get(&c, "schedule.daily-limit", "");
}

static const struct {
        const char *key, *value, *mention;
        int r;
} invalid[] = {
        { "schedule.interval",        "2",          "\"2\" has no unit",                  -EINVAL },
        { "schedule.interval",        "-5m",        "negative",                           -EINVAL },
        { "schedule.interval",        "2 hours",    "hours",                              -EINVAL },
        { "schedule.interval",        "",           "empty duration",                     -EINVAL },
        { "schedule.interval",        "0s",         "\"0s\" is too short: at least 1s",   -EINVAL },
        { "schedule.interval",        "25h",        "\"25h\" is too long: at most 24h",   -EINVAL },
        { "schedule.interval",        "99999999999999999999h", "too long",                -EINVAL },
        { "schedule.break-duration",  "0s",         "at least 1s",                        -EINVAL },
        { "schedule.break-duration",  "3h",         "at most 2h",                         -EINVAL },
        { "schedule.idle-after",      "0m",         "at least 1s",                        -EINVAL },
        { "schedule.natural-break",   "0s",         "at least 1s",                        -EINVAL },
        { "schedule.snooze",          "1.5m",       "fraction",                           -EINVAL },
        { "micro.duration",           "2h",         "at most 1h",                         -EINVAL },
        { "schedule.daily-limit",     "0s",         "\"0s\" is too short: at least 1s", -EINVAL },
        { "schedule.daily-limit",     "8",          "\"8\" has no unit",                -EINVAL },
        { "schedule.daily-limit",     "\"8h\"",   "nothing at all for none",           -EINVAL },
        { "schedule.max-skips",       "101",        "whole number from 0 to 100",         -EINVAL },
        { "schedule.max-skips",       "",           "from 0 to 100",                      -EINVAL },
        { "presence.camera",          "sometimes",  "not a boolean",                      -EINVAL },
        { "exercises.per-break",      "0",          "whole number from 1 to 20",          -EINVAL },
        { "exercises.per-break",      "21",         "\"21\" is not a whole number from 1 to 20", -EINVAL },
        { "exercises.per-break",      "-1",         "from 1 to 20",                       -EINVAL },
        { "exercises.per-break",      "4x",         "\"4x\"",                             -EINVAL },
        { "exercises.per-break",      "99999999999999999999", "from 1 to 20",             -EINVAL },
        { "exercises.per-break",      "",           "from 1 to 20",                       -EINVAL },
        { "busy.respect-dnd",         "maybe",      "\"maybe\" is not a boolean: use true or false", -EINVAL },
        { "busy.respect-dnd",         "",           "not a boolean",                      -EINVAL },
        { "exercises.posture",        "sitting",    "\"sitting\" is not a posture: use seated, standing or any", -EINVAL },
        { "exercises.posture",        "Seated",     "use seated, standing or any",        -EINVAL },
        { "idle.source",              "mutter",     "use auto, gnome, kde, wayland, x11, logind or none", -EINVAL },
        { "schedule.working-hours",   "Mon-Fri 9-18", "e.g. Mon-Fri 09:00-18:00",         -EINVAL },
        { "schedule.working-hours",   "Monday 09:00-18:00", "\"Monday 09:00-18:00\"",     -EINVAL },
        { "notify.sound",             "/usr/share/sounds/bell.oga", "not a sound name",   -EINVAL },
        { "notify.sound",             "two words",  "no blanks or slashes",               -EINVAL },
        { "notify.sound",             "\"bell\"",   "quoted",                             -EINVAL },
        { "notify.sound",             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "at most 64", -EINVAL },
        { "notify.sound",             "bell\nrm",   "control character 0x0a",             -EINVAL },
        { "schedule.bogus",           "1h",         "unknown key; [schedule] has interval, max-postpone", -ENOENT },
        { "bogus.interval",           "1h",         "unknown section [bogus]; the sections are schedule, exercises, break, idle, busy, micro, notify, presence", -ENOENT },
        { "interval",                 "1h",         "section.key",                        -ENOENT },
};

static void test_invalid_values(void) {
        _cleanup_(config_done) Config c = {};
        _cleanup_(freep) char *before = NULL, *long_value = NULL;

        CHECK_EQ(config_init(&c), 0);
        for (size_t i = 0; i < ELEMENTSOF(roundtrip); i++)
                CHECK_EQ(config_set(&c, roundtrip[i].key, roundtrip[i].value, NULL), 0);
        before = dump(&c);

        for (size_t i = 0; i < ELEMENTSOF(invalid); i++) {
                _cleanup_(freep) char *error = NULL, *after = NULL, *prefix = NULL;

                CHECK_EQ(config_set(&c, invalid[i].key, invalid[i].value, &error), invalid[i].r);
                CHECK(error != NULL);
                if (!error)
                        continue;
                CHECK(asprintf(&prefix, "%s: ", invalid[i].key) > 0);
                CHECK(strncmp(error, prefix, strlen(prefix)) == 0);
                CHECK(strstr(error, invalid[i].mention) != NULL);
                if (strncmp(error, prefix, strlen(prefix)) != 0 || !strstr(error, invalid[i].mention))
                        fprintf(stderr, "  %s=%s: %s\n", invalid[i].key, invalid[i].value, error);
                after = dump(&c);
                CHECK_STREQ(after, before);     /* unchanged */
        }

        /* Duration errors name the text and show an example. */
        {
                _cleanup_(freep) char *error = NULL;

                CHECK_EQ(config_set(&c, "schedule.snooze", "10", &error), -EINVAL);
                CHECK(error && strstr(error, "\"10\"") && strstr(error, "e.g. 90s"));
        }

        /* Values that would not fit a line of limber.ini. */
        long_value = malloc(200);
        memset(long_value, 'a', 199);
        long_value[199] = '\0';
        {
                _cleanup_(freep) char *error = NULL;

                CHECK_EQ(config_set(&c, "schedule.working-hours", long_value, &error), -EINVAL);
                CHECK(error && strstr(error, "at most 160"));
        }
        CHECK_EQ(config_set(&c, "schedule.interval", "5", NULL), -EINVAL);     /* no error text wanted */
}

/* Parses data as a file and checks the error: "PATH:LINE: mention…" (line 0: "PATH: "). */
static void check_file_error(const char *name, const char *data, size_t size, unsigned line, const char *mention) {
        _cleanup_(freep) char *path = tmp_path(name), *error = NULL, *before = NULL, *after = NULL;
        _cleanup_(freep) char *prefix = NULL;
        _cleanup_(config_done) Config c = {};
        int r;

        CHECK_EQ(config_init(&c), 0);
        CHECK_EQ(config_set(&c, "schedule.interval", "33m", NULL), 0);
        CHECK_EQ(config_set(&c, "notify.sound", "bell", NULL), 0);
        CHECK_EQ(config_set(&c, "schedule.working-hours", "Sat 10:00-12:00", NULL), 0);
        before = dump(&c);

        write_file(path, data, size);
        r = config_parse_file(&c, path, &error);
        CHECK(r < 0);
        CHECK(error != NULL);
        if (line > 0)
                CHECK(asprintf(&prefix, "%s:%u: %s", path, line, mention) > 0);
        else
                CHECK(asprintf(&prefix, "%s: %s", path, mention) > 0);
        CHECK(error && strncmp(error, prefix, strlen(prefix)) == 0);
        if (!error || strncmp(error, prefix, strlen(prefix)) != 0)
                fprintf(stderr, "  %s: expected \"%s…\", got \"%s\"\n", name, prefix, strempty(error));

        after = dump(&c);
        CHECK_STREQ(after, before);
        CHECK_EQ(c.hours.n_ranges, 1);
}

#define FILE_ERROR(name, text, line, mention) check_file_error(name, text, sizeof(text) - 1, line, mention)

static void test_file_errors(void) {
        _cleanup_(freep) char *huge_line = NULL, *long_setting = NULL, *huge_file = NULL, *dir = NULL;
        _cleanup_(freep) char *error = NULL, *missing = NULL;
        _cleanup_(config_done) Config c = {};
        size_t n;

        FILE_ERROR("unknown-key", "[schedule]\ninterval = 1h\nintervall = 2h\n",
                   3, "schedule.intervall: unknown key; [schedule] has interval, max-postpone, ");
        FILE_ERROR("unknown-section", "[schedule]\ninterval = 1h\n\n[sched]\ninterval = 2h\n",
                   4, "unknown section [sched]; the sections are schedule, exercises,");
        FILE_ERROR("empty-unknown-section", "[schedule]\ninterval = 1h\n[exercise]\n",
                   3, "unknown section [exercise]");
        FILE_ERROR("duplicate", "[schedule]\ninterval = 1h\n# again:\n\n[exercises]\n[schedule]\ninterval = 2h\n",
                   7, "schedule.interval: set twice in one file, first on line 2");
        FILE_ERROR("bare-number", "[schedule]\ninterval = 1h\nsnooze = 10\n",
                   3, "schedule.snooze: \"10\" has no unit");
        FILE_ERROR("negative", "[micro]\ninterval = -5m\n", 2, "micro.interval: \"-5m\" is negative");
        FILE_ERROR("too-short", "[schedule]\nidle-after = 0s\n", 2, "schedule.idle-after: \"0s\" is too short: at least 1s");
        FILE_ERROR("bad-bool", "[busy]\nrespect-dnd = maybe\n", 2, "busy.respect-dnd: \"maybe\" is not a boolean");
        FILE_ERROR("bad-enum", "[idle]\nsource = mutter\n", 2, "idle.source: \"mutter\" is not an idle source: use auto,");
        FILE_ERROR("bad-hours", "[schedule]\nworking-hours = Mon-Fri 9-18\n", 2,
                   "schedule.working-hours: \"Mon-Fri 9-18\"");
        FILE_ERROR("quoted", "[notify]\nsound = \"bell\"\n", 2, "notify.sound: \"bell\" is quoted");
        FILE_ERROR("key-before-section", "interval = 2h\n[schedule]\n", 1,
                   "interval: key before any section: put it under [schedule]");
        FILE_ERROR("unknown-before-section", "\n\nfoo = 1\n", 3, "foo: key before any section");
        FILE_ERROR("binary-junk", "[schedule]\ninterval = 2h\n\x01\x02\xff\xfe\x7f\n", 3, "control character 0x01");
        FILE_ERROR("binary-comment", "[schedule]\n# \x1b[31m\n", 2, "control character 0x1b");
        FILE_ERROR("high-bytes", "[schedule]\n\xff\xfe = 2h\n", 2, "non-ASCII text outside a comment");
        FILE_ERROR("nul", "[schedule]\ninterval = 2h\0junk\nsnooze = 1m\n", 2, "NUL byte");
        FILE_ERROR("nul-comment", "[schedule]\n\n# \0\n", 3, "NUL byte");
        FILE_ERROR("no-close", "[schedule\ninterval = 2h\n", 1, "section header \"[schedule\" lacks its closing \"]\"");
        FILE_ERROR("bom-no-close", "\xEF\xBB\xBF[schedule\n", 1, "section header \"[schedule\" lacks");
        FILE_ERROR("no-equals", "[schedule]\ninterval 2h\n", 2, "\"interval 2h\" is not a setting: write key = value");
        FILE_ERROR("continuation", "[schedule]\ninterval = 2h\n   30m\n", 3,
                   "\"30m\" is not a setting: write key = value (values cannot continue on indented lines)");
        FILE_ERROR("no-key", "[schedule]\n = 2h\n", 2, "a setting without a key");
        FILE_ERROR("section-junk", "[schedule] interval = 2h\n", 1, "unexpected \"interval = 2h\" after [schedule]");
        FILE_ERROR("colon", "[busy]\nrespect-dnd: false\n", 2,
                   "\"respect-dnd:\" uses \":\" as a separator: write respect-dnd = value");
        /* The first problem in the file is the one reported. */
        FILE_ERROR("first-wins", "[schedule]\nbogus = 1\n\x01\n", 2, "schedule.bogus: unknown key");
        FILE_ERROR("syntax-first", "[schedule]\nnonsense\nbogus = 1\n", 2, "\"nonsense\" is not a setting");
        FILE_ERROR("handler-first", "[schedule]\nbogus = 1\nnonsense\n", 2, "schedule.bogus: unknown key");

        /* Over CONFIG_LINE_MAX, even as a comment. */
        n = CONFIG_LINE_MAX + 100;
        huge_line = malloc(n + 32);
        strcpy(huge_line, "[schedule]\n#");
        memset(huge_line + 12, 'x', n);
        strcpy(huge_line + 12 + n, "\ninterval = 1h\n");
        check_file_error("huge-line", huge_line, strlen(huge_line), 2, "line is longer than 4096 bytes");

        /* A comment just within the limit is fine, a setting that long is not. */
        huge_line[12 + CONFIG_LINE_MAX - 1] = '\n';
        memmove(huge_line + 12 + CONFIG_LINE_MAX, "interval = 1h\n", 15);
        {
                _cleanup_(freep) char *p = tmp_path("long-comment"), *e = NULL;

                write_file(p, huge_line, strlen(huge_line));
                CHECK_EQ(config_init(&c), 0);
                CHECK_EQ(config_parse_file(&c, p, &e), 0);
                CHECK_EQ(c.interval, USEC_PER_HOUR);
                if (e)
                        fprintf(stderr, "  long comment: %s\n", e);
                config_done(&c);
        }
        long_setting = malloc(400);
        strcpy(long_setting, "[notify]\nsound = ");
        memset(long_setting + strlen(long_setting), 'c', 250);
        strcpy(long_setting + strlen("[notify]\nsound = ") + 250, "\n");
        check_file_error("long-setting", long_setting, strlen(long_setting), 2,
                         "notify.sound: value is 250 characters long, at most 160 are allowed");
        /* Longer than any setting may be: refused as such, not cut. */
        free(long_setting);
        long_setting = malloc(700);
        strcpy(long_setting, "[notify]\nsound = ");
        memset(long_setting + strlen(long_setting), 'c', 600);
        strcpy(long_setting + strlen("[notify]\nsound = ") + 600, "\n");
        check_file_error("longer-setting", long_setting, strlen(long_setting), 2, "setting is longer than 511 bytes");

        /* Over CONFIG_FILE_MAX. */
        n = CONFIG_FILE_MAX + 1;
        huge_file = malloc(n);
        for (size_t i = 0; i < n; i++)
                huge_file[i] = i % 64 == 63 ? '\n' : i % 64 == 0 ? '#' : 'x';
        check_file_error("huge-file", huge_file, n, 0, "larger than 256 KiB");

        /* A folder instead of a file. */
        dir = tmp_path("a-folder");
        CHECK_EQ(mkdir(dir, 0755), 0);
        CHECK_EQ(config_init(&c), 0);
        CHECK_EQ(config_parse_file(&c, dir, &error), -EISDIR);
        CHECK(error && strstr(error, dir) == error && strstr(error, ": is a directory"));
        free(error);
        error = NULL;

        /* A missing file is no error for config_parse_file()… */
        missing = tmp_path("missing.ini");
        CHECK_EQ(config_parse_file(&c, missing, &error), -ENOENT);
        CHECK(error == NULL);

        /* …unless explicitly asked for. */
        CHECK_EQ(config_load(&c, missing, &error), -ENOENT);
        CHECK(error && strstr(error, missing) == error && strstr(error, ": No such file or directory"));
        free(error);
        error = NULL;
        CHECK_EQ(config_load(&c, dir, &error), -EISDIR);
        CHECK(error && strstr(error, "is a directory"));
        free(error);
        error = NULL;

        /* Unreadable (root reads anything). */
        if (geteuid() != 0) {
                _cleanup_(freep) char *p = tmp_path("unreadable.ini");

                write_str(p, "[schedule]\n");
                CHECK_EQ(chmod(p, 0), 0);
                CHECK_EQ(config_parse_file(&c, p, &error), -EACCES);
                CHECK(error && strstr(error, ": cannot read: Permission denied"));
                free(error);
                error = NULL;
        }
        config_done(&c);
}

static void test_file_good(void) {
        static const char text[] =
                "\xEF\xBB\xBF; a BOM, CRLF line ends, inline comments and indentation\r\n"
                "[schedule]\r\n"
                "interval = 45m ; shorter\r\n"
                "  snooze=2m\r\n"
                "\tmax-postpone =   30m   # a hash comment, like \";\"\r\n"
                "working-hours = Mon-Fri 09:00-18:00, Sat 10:00-13:00\r\n"
                "# comments may say anything, even non-ASCII: café ☕\r\n"
                "[busy]\n"
                "\n"
                "[schedule]\n"
                "idle-after = 90s\n"
                "[notify]\n"
                "sound =\n"
                "[exercises] ; trailing comment\n"
                "per-break = 2";               /* no newline at the end */
        _cleanup_(freep) char *path = tmp_path("good.ini"), *error = NULL;
        _cleanup_(config_done) Config c = {};

        write_file(path, text, sizeof(text) - 1);
        CHECK_EQ(config_init(&c), 0);
        CHECK_EQ(config_set(&c, "notify.sound", "bell", NULL), 0);
        CHECK_EQ(config_parse_file(&c, path, &error), 0);
        if (error)
                fprintf(stderr, "  good.ini: %s\n", error);
        CHECK_EQ(c.interval, 45 * USEC_PER_MINUTE);
        CHECK_EQ(c.snooze, 2 * USEC_PER_MINUTE);
        CHECK_EQ(c.max_postpone, 30 * USEC_PER_MINUTE);
        CHECK_EQ(c.idle_after, 90 * USEC_PER_SEC);
        CHECK_EQ(c.hours.n_ranges, 2);
        CHECK_STREQ(c.working_hours, "Mon-Fri 09:00-18:00, Sat 10:00-13:00");
        CHECK_STREQ(c.sound, "");
        CHECK_EQ(c.per_break, 2);
        CHECK_EQ(c.break_duration, 5 * USEC_PER_MINUTE);        /* untouched */
}

static void setenv_path(const char *variable, const char *value) {
        CHECK_EQ(setenv(variable, value, 1), 0);
}

static void test_warnings(void) {
        _cleanup_(config_done) Config c = {};
        _cleanup_(strv_freep) char **w = NULL;

        CHECK_EQ(config_init(&c), 0);
        CHECK_EQ(config_warnings(&c, &w), 0);
        CHECK(w == NULL);                               /* the defaults agree with each other */

        CHECK_EQ(config_set(&c, "schedule.idle-after", "1m", NULL), 0);
        CHECK_EQ(config_set(&c, "schedule.natural-break", "15s", NULL), 0);
        CHECK_EQ(config_set(&c, "micro.enabled", "true", NULL), 0);
        CHECK_EQ(config_set(&c, "micro.interval", "3h", NULL), 0);
        CHECK_EQ(config_warnings(&c, &w), 0);
        CHECK_EQ(strv_length(w), 3);
        CHECK(w && strv_length(w) == 3 &&
              streq(w[0], "schedule.idle-after (1m) is not shorter than schedule.natural-break (15s): every "
                          "pause noticed as idle already counts as a break") &&
              strstr(w[1], "micro.interval (3h) is not shorter than schedule.interval (2h)") &&
              strstr(w[2], "micro.duration (20s) is not shorter than schedule.natural-break (15s)"));
}

/* At start a broken file costs its broken lines only: the rest applies, every error is listed. */
static void test_load_lenient(void) {
        _cleanup_(freep) char *home = tmp_path("lenient/home"), *sys = tmp_path("lenient/sys");
        _cleanup_(freep) char *fu = NULL, *fs = NULL, *expected = NULL;
        _cleanup_(strv_freep) char **errors = NULL;
        _cleanup_(config_done) Config c = {};

        CHECK(asprintf(&fu, "%s/limber/limber.ini", home) > 0);
        CHECK(asprintf(&fs, "%s/limber/limber.ini", sys) > 0);
        setenv_path("XDG_CONFIG_DIRS", sys);
        setenv_path("XDG_CONFIG_HOME", home);
        write_str(fs, "[schedule]\nbreak-duration = 7m\nnatural-break = 9\n");
        write_str(fu,
                  "[schedule]\n"
                  "snoze = 5m\n"                   /* 2: a typo */
                  "interval = 45m # inline\n"
                  "idle-after = soon\n"            /* 4: invalid value */
                  "[busy]\n"
                  "respect-dnd: false\n"           /* 6: ":" */
                  "[bogus]\n"                      /* 7: unknown section */
                  "interval = 1m\n"                /* under it: not reported, not applied */
                  "[exercises]\n"
                  "what is this\n"                 /* 10: not a setting */
                  "per-break = 3\n");

        CHECK_EQ(config_init(&c), 0);
        CHECK_EQ(config_load_lenient(&c, NULL, &errors), 0);
        CHECK_EQ(c.interval, 45 * USEC_PER_MINUTE);
        CHECK_EQ(c.per_break, 3);
        CHECK_EQ(c.break_duration, 7 * USEC_PER_MINUTE);        /* the system file's good line */
        CHECK_EQ(c.natural_break, 5 * USEC_PER_MINUTE);         /* its bad one: the default */
        CHECK_EQ(c.snooze, 10 * USEC_PER_MINUTE);
        CHECK_EQ(c.idle_after, USEC_PER_MINUTE);
        CHECK(c.respect_dnd);
        CHECK_EQ(strv_length(errors), 6);
        if (strv_length(errors) == 6) {
                CHECK(strncmp(errors[0], fs, strlen(fs)) == 0 && strstr(errors[0], ":3: schedule.natural-break: "));
                CHECK(strncmp(errors[1], fu, strlen(fu)) == 0 && strstr(errors[1], ":2: schedule.snoze: unknown key"));
                CHECK(strstr(errors[2], ":4: schedule.idle-after: "));
                CHECK(strstr(errors[3], ":6: \"respect-dnd:\" uses \":\""));
                CHECK(strstr(errors[4], ":7: unknown section [bogus]"));
                CHECK(strstr(errors[5], ":10: \"what is this\" is not a setting"));
        }
        for (size_t i = 0; errors && errors[i]; i++)
                fprintf(stderr, "  lenient: %s\n", errors[i]);

        /* The strict load still refuses the same files, with the first error. */
        {
                _cleanup_(freep) char *error = NULL;

                CHECK_EQ(config_load(&c, NULL, &error), -EINVAL);
                CHECK(error && strstr(error, ":3: schedule.natural-break: "));
        }

        /* A file that cannot be read at all is one error; the defaults stay. */
        strv_free(TAKE_PTR(errors));
        CHECK_EQ(unlink(fu), 0);
        CHECK_EQ(mkdir(fu, 0700), 0);
        write_str(fs, "[schedule]\n");
        CHECK_EQ(config_load_lenient(&c, NULL, &errors), 0);
        CHECK_EQ(strv_length(errors), 1);
        CHECK(errors && asprintf(&expected, "%s: is a directory, not a file", fu) > 0 && streq(errors[0], expected));
        CHECK_EQ(c.interval, 2 * USEC_PER_HOUR);
        CHECK_EQ(rmdir(fu), 0);

        unsetenv("XDG_CONFIG_DIRS");
        unsetenv("XDG_CONFIG_HOME");
}

static void test_load(void) {
        _cleanup_(freep) char *sys1 = tmp_path("xdg/sys1"), *sys2 = tmp_path("xdg/sys2"), *home = tmp_path("xdg/home");
        _cleanup_(freep) char *dirs = NULL, *f1 = NULL, *f2 = NULL, *fu = NULL, *explicit = NULL;
        _cleanup_(freep) char *error = NULL, *before = NULL, *after = NULL;
        _cleanup_(config_done) Config c = {};

        CHECK(asprintf(&dirs, "%s:relative/ignored:%s", sys1, sys2) > 0);
        CHECK(asprintf(&f1, "%s/limber/limber.ini", sys1) > 0);
        CHECK(asprintf(&f2, "%s/limber/limber.ini", sys2) > 0);
        CHECK(asprintf(&fu, "%s/limber/limber.ini", home) > 0);
        setenv_path("XDG_CONFIG_DIRS", dirs);
        setenv_path("XDG_CONFIG_HOME", home);

        /* Nothing there: the defaults. */
        CHECK_EQ(config_init(&c), 0);
        CHECK_EQ(config_set(&c, "schedule.interval", "1s", NULL), 0);
        CHECK_EQ(config_load(&c, NULL, &error), 0);
        CHECK_EQ(c.interval, 2 * USEC_PER_HOUR);

        /* sys1 is the more important system folder, so it is read after sys2; the user file
         * comes last. */
        write_str(f2, "[schedule]\ninterval = 1h\nsnooze = 5m\n[exercises]\nper-break = 2\nposture = any\n");
        write_str(f1, "[schedule]\ninterval = 90m\n[exercises]\nposture = standing\n");
        write_str(fu, "[schedule]\ninterval = 45m\n");
        CHECK_EQ(config_load(&c, NULL, &error), 0);
        CHECK_EQ(c.interval, 45 * USEC_PER_MINUTE);
        CHECK_EQ(c.snooze, 5 * USEC_PER_MINUTE);
        CHECK_EQ(c.per_break, 2);
        CHECK_EQ(c.posture, POSTURE_STANDING);
        CHECK_EQ(c.break_duration, 5 * USEC_PER_MINUTE);

        /* --config FILE reads only FILE. */
        explicit = tmp_path("explicit.ini");
        write_str(explicit, "[micro]\nenabled = yes\n");
        CHECK_EQ(config_load(&c, explicit, &error), 0);
        CHECK(c.micro_enabled);
        CHECK_EQ(c.interval, 2 * USEC_PER_HOUR);
        CHECK_EQ(c.per_break, 4);

        /* An error anywhere keeps what c held and names the file. */
        CHECK_EQ(config_load(&c, NULL, &error), 0);
        before = dump(&c);
        write_str(f1, "[schedule]\ninterval = 90m\nposture = standing\n");
        CHECK_EQ(config_load(&c, NULL, &error), -EINVAL);
        CHECK(error && strncmp(error, f1, strlen(f1)) == 0 &&
              strstr(error, ":3: schedule.posture: unknown key"));
        free(error);
        error = NULL;
        after = dump(&c);
        CHECK_STREQ(after, before);

        write_str(f1, "[schedule]\n");
        write_str(fu, "[schedule]\ninterval = 45\n");
        CHECK_EQ(config_load(&c, NULL, &error), -EINVAL);
        CHECK(error && strncmp(error, fu, strlen(fu)) == 0 && strstr(error, ":2: schedule.interval: \"45\" has no unit"));
        free(after);
        after = dump(&c);
        CHECK_STREQ(after, before);

        /* A system defaults file that cannot be read is skipped (with a warning): the user's
         * limberd still starts, with the user file. A folder in its place fails even for root. */
        write_str(fu, "[schedule]\ninterval = 45m\n");
        CHECK_EQ(unlink(f1), 0);
        CHECK_EQ(mkdir(f1, 0700), 0);
        free(error);
        error = NULL;
        CHECK_EQ(config_load(&c, NULL, &error), 0);
        CHECK_EQ(c.interval, 45 * USEC_PER_MINUTE);
        CHECK_EQ(c.snooze, 5 * USEC_PER_MINUTE);        /* sys2 still read */
        CHECK_EQ(rmdir(f1), 0);

        unsetenv("XDG_CONFIG_DIRS");
        unsetenv("XDG_CONFIG_HOME");
}

static void check_write(const char *path, const char *key, const char *value, const char *expected_file) {
        _cleanup_(freep) char *data = NULL, *error = NULL, *v = NULL;
        _cleanup_(config_done) Config c = {};

        CHECK_EQ(config_write_key(path, key, value, NULL), 0);
        data = read_file(path);
        if (expected_file) {
                CHECK_STREQ(data, expected_file);
        }

        /* And it reads back. */
        CHECK_EQ(config_init(&c), 0);
        CHECK_EQ(config_parse_file(&c, path, &error), 0);
        if (error)
                fprintf(stderr, "  %s does not parse: %s\n", path, error);
        CHECK_EQ(config_set(&c, key, value, NULL), 0);  /* normalise the expected value */
        CHECK_EQ(config_get(&c, key, &v), 0);
        {
                _cleanup_(config_done) Config d = {};
                _cleanup_(freep) char *w = NULL;

                CHECK_EQ(config_init(&d), 0);
                CHECK_EQ(config_parse_file(&d, path, NULL), 0);
                CHECK_EQ(config_get(&d, key, &w), 0);
                CHECK_STREQ(w, v);
        }
}

static void test_write_key(void) {
        _cleanup_(freep) char *path = tmp_path("write/limber.ini"), *fresh = tmp_path("write/new/dir/limber.ini");
        _cleanup_(freep) char *data = NULL, *link = tmp_path("write/link.ini");
        struct stat st;

        write_str(path,
                  "# My limber settings\n"
                  "[schedule]\n"
                  "# two hours is too long for me\n"
                  "interval = 90m ; was 2h\n"
                  "snooze = 5m\n"
                  "\n"
                  "# What to do\n"
                  "[exercises]\n"
                  "posture = standing\n");
        CHECK_EQ(chmod(path, 0600), 0);

        /* Update a key, keeping its comment and everything else. */
        check_write(path, "schedule.interval", "45m",
                    "# My limber settings\n"
                    "[schedule]\n"
                    "# two hours is too long for me\n"
                    "interval = 45m ; was 2h\n"
                    "snooze = 5m\n"
                    "\n"
                    "# What to do\n"
                    "[exercises]\n"
                    "posture = standing\n");
        CHECK_EQ(stat(path, &st), 0);
        CHECK_EQ(st.st_mode & 0777, 0600);

        /* Add a missing key at the end of its section, before the blank line and the next
         * section's comment. */
        check_write(path, "schedule.idle-after", " 2m ",
                    "# My limber settings\n"
                    "[schedule]\n"
                    "# two hours is too long for me\n"
                    "interval = 45m ; was 2h\n"
                    "snooze = 5m\n"
                    "idle-after = 2m\n"
                    "\n"
                    "# What to do\n"
                    "[exercises]\n"
                    "posture = standing\n");
        check_write(path, "exercises.per-break", "6",
                    "# My limber settings\n"
                    "[schedule]\n"
                    "# two hours is too long for me\n"
                    "interval = 45m ; was 2h\n"
                    "snooze = 5m\n"
                    "idle-after = 2m\n"
                    "\n"
                    "# What to do\n"
                    "[exercises]\n"
                    "posture = standing\n"
                    "per-break = 6\n");

        /* Add a missing section. */
        check_write(path, "notify.sound", "bell",
                    "# My limber settings\n"
                    "[schedule]\n"
                    "# two hours is too long for me\n"
                    "interval = 45m ; was 2h\n"
                    "snooze = 5m\n"
                    "idle-after = 2m\n"
                    "\n"
                    "# What to do\n"
                    "[exercises]\n"
                    "posture = standing\n"
                    "per-break = 6\n"
                    "\n"
                    "[notify]\n"
                    "sound = bell\n");
        check_write(path, "notify.sound", "", NULL);
        data = read_file(path);
        CHECK(data && strstr(data, "\n[notify]\nsound = \n"));
        free(data);

        /* Create the file and its folders. */
        check_write(fresh, "micro.enabled", "yes", "[micro]\nenabled = yes\n");
        check_write(fresh, "schedule.working-hours", "Mon-Fri 09:00-17:00, Sat 10:00-12:00",
                    "[micro]\nenabled = yes\n\n[schedule]\nworking-hours = Mon-Fri 09:00-17:00, Sat 10:00-12:00\n");
        CHECK_EQ(stat(fresh, &st), 0);
        CHECK_EQ(st.st_mode & 0777, 0644);

        /* A file without a final newline, with CRLF. */
        write_str(path, "[schedule]\r\ninterval = 1h\r\nsnooze = 1m");
        check_write(path, "schedule.snooze", "3m", "[schedule]\r\ninterval = 1h\r\nsnooze = 3m\n");
        check_write(path, "schedule.natural-break", "4m",
                    "[schedule]\r\ninterval = 1h\r\nsnooze = 3m\nnatural-break = 4m\n");

        /* A BOM stays, and does not hide the first section. */
        write_str(path, "\xEF\xBB\xBF[schedule]\ninterval = 1h\n\n");
        check_write(path, "schedule.snooze", "2m", "\xEF\xBB\xBF[schedule]\ninterval = 1h\nsnooze = 2m\n\n");
        check_write(path, "micro.enabled", "true",
                    "\xEF\xBB\xBF[schedule]\ninterval = 1h\nsnooze = 2m\n\n[micro]\nenabled = true\n");

        /* A file with an error elsewhere is refused, naming the line: the write would carry
         * it over and the next start would stop on it. The file stays as it was. */
        {
                _cleanup_(freep) char *why = NULL;

                write_str(path, "[schedule]\nthis is not valid\n");
                CHECK_EQ(config_write_key(path, "schedule.interval", "1h", &why), -EBADMSG);
                CHECK(why && strstr(why, ":2:") && strstr(why, "fix that line first"));
                data = read_file(path);
                CHECK_STREQ(data, "[schedule]\nthis is not valid\n");
                free(data);
                data = NULL;
                /* …but the line being fixed is no reason to refuse. */
                write_str(path, "[schedule]\ninterval = 5\n");
                CHECK_EQ(config_write_key(path, "schedule.interval", "1h", NULL), 0);
                data = read_file(path);
                CHECK_STREQ(data, "[schedule]\ninterval = 1h\n");
                free(data);
                data = NULL;
        }

        /* The shipped sample: the key lands under its commented-out line. */
        {
                _cleanup_(freep) char *sample = read_file(LIMBER_SOURCE_CONFIG_DIR "/limber.ini");

                CHECK(sample != NULL);
                write_file(path, sample, strlen(sample));
                check_write(path, "schedule.snooze", "15m", NULL);
                check_write(path, "schedule.working-hours", "Mon 08:00-12:00", NULL);
                data = read_file(path);
                CHECK(data && strstr(data, "\n# snooze = 10m\nsnooze = 15m\n"));
                CHECK(data && strstr(data, "\n# working-hours =\nworking-hours = Mon 08:00-12:00\n"));
                CHECK_EQ(strlen(data), strlen(sample) + strlen("snooze = 15m\nworking-hours = Mon 08:00-12:00\n"));
        }

        /* Refused: unknown keys, invalid values; the file stays as it was. */
        free(data);
        data = read_file(path);
        CHECK_EQ(config_write_key(path, "schedule.bogus", "1", NULL), -ENOENT);
        CHECK_EQ(config_write_key(path, "schedule.interval", "5", NULL), -EINVAL);
        CHECK_EQ(config_write_key(path, "notify.sound", "bell\n[schedule]", NULL), -EINVAL);
        {
                _cleanup_(freep) char *again = read_file(path);
                CHECK_STREQ(again, data);
        }

        /* A symlinked file stays a symlink. */
        CHECK_EQ(symlink("limber.ini", link), 0);
        check_write(link, "schedule.interval", "50m", NULL);
        CHECK_EQ(lstat(link, &st), 0);
        CHECK(S_ISLNK(st.st_mode));
        {
                _cleanup_(freep) char *target = read_file(path);
                CHECK(target && strstr(target, "\ninterval = 50m\n"));
        }
}

/* A dangling symbolic link (a dotfiles checkout without the file) gets its target created, and
 * a file with several hard links is rewritten in place, so every name sees the change. */
static void test_write_links(void) {
        _cleanup_(freep) char *dir = tmp_path("links"), *lnk = tmp_path("links/limber.ini"),
                *target = tmp_path("links/dotfiles/limber.ini"), *hard = tmp_path("links/hard.ini"),
                *other = tmp_path("links/other-name.ini"), *data = NULL;
        struct stat st;

        CHECK_EQ(mkdir(dir, 0755), 0);
        CHECK_EQ(symlink("dotfiles/limber.ini", lnk), 0);
        CHECK_EQ(config_write_key(lnk, "schedule.interval", "50m", NULL), 0);
        CHECK_EQ(lstat(lnk, &st), 0);
        CHECK(S_ISLNK(st.st_mode));
        data = read_file(target);
        CHECK_STREQ(data, "[schedule]\ninterval = 50m\n");

        write_str(hard, "[schedule]\nsnooze = 5m\n");
        CHECK_EQ(link(hard, other), 0);
        CHECK_EQ(config_write_key(hard, "schedule.interval", "1h", NULL), 0);
        free(data);
        data = read_file(other);
        CHECK_STREQ(data, "[schedule]\nsnooze = 5m\ninterval = 1h\n");
        CHECK_EQ(stat(hard, &st), 0);
        CHECK_EQ(st.st_nlink, (nlink_t) 2);
}

/* config_write_key() never waits for a lock: a writer beside another one tries again. */
static int write_key_retrying(const char *path, const char *key, const char *value) {
        int r;

        while ((r = config_write_key(path, key, value, NULL)) == -EWOULDBLOCK)
                usleep(100);
        return r;
}

/* A person's tool appending to the file under a lock on it (checking, once it holds the lock,
 * that the name still leads to the file it locked, since config set replaces it) while config
 * set runs again and again: not one of its lines is lost. */
static void test_write_beside_a_writer(void) {
        _cleanup_(freep) char *path = tmp_path("race/limber.ini"), *data = NULL;
        const unsigned lines = 300;
        unsigned found = 0;
        int status = -1;
        pid_t pid;

        write_str(path, "[schedule]\n");
        pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
                for (unsigned i = 0; i < lines; i++) {
                        struct stat a, b;
                        char line[64];
                        int fd;

                        for (;;) {
                                fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
                                if (fd < 0 || flock(fd, LOCK_EX) < 0 || fstat(fd, &a) < 0)
                                        _exit(1);
                                if (stat(path, &b) == 0 && a.st_ino == b.st_ino)
                                        break;
                                close(fd);      /* replaced meanwhile: lock the new one */
                        }
                        snprintf(line, sizeof(line), "# edit %u\n", i);
                        if (write(fd, line, strlen(line)) != (ssize_t) strlen(line))
                                _exit(1);
                        close(fd);
                        usleep(200);
                }
                _exit(0);
        }
        for (unsigned i = 0; i < 200; i++)
                CHECK_EQ(write_key_retrying(path, "schedule.interval", i % 2 ? "1h" : "2h"), 0);
        CHECK_EQ(waitpid(pid, &status, 0), pid);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

        data = read_file(path);
        for (unsigned i = 0; data && i < lines; i++) {
                char line[64];

                snprintf(line, sizeof(line), "# edit %u\n", i);
                found += strstr(data, line) != NULL;
        }
        CHECK_EQ(found, lines);
}

/* A person's lock on the folder (flock ~/.config/limber) or on the file is never waited for:
 * the write fails at once with -EWOULDBLOCK and changes nothing. */
static void test_write_locked(void) {
        _cleanup_(freep) char *path = tmp_path("locked/limber.ini"), *dir = tmp_path("locked"), *data = NULL;
        int fd;

        write_str(path, "[schedule]\ninterval = 2h\n");
        for (unsigned which = 0; which < 2; which++) {
                fd = open(which == 0 ? dir : path, O_RDONLY | O_CLOEXEC);
                CHECK(fd >= 0);
                CHECK_EQ(flock(fd, LOCK_EX), 0);
                alarm(10);      /* a blocking lock would hang here */
                CHECK_EQ(config_write_key(path, "schedule.interval", "1h", NULL), -EWOULDBLOCK);
                alarm(0);
                close(fd);
                free(data);
                data = read_file(path);
                CHECK_STREQ(data, "[schedule]\ninterval = 2h\n");
        }
        CHECK_EQ(config_write_key(path, "schedule.interval", "1h", NULL), 0);
}

/* Many writers at once: each file is whole, and with the folder lock no key is lost. */
static void test_write_concurrent(void) {
        _cleanup_(freep) char *path = tmp_path("concurrent/limber.ini"), *error = NULL;
        _cleanup_(config_done) Config c = {};
        pid_t pids[ELEMENTSOF(roundtrip)];

        for (size_t i = 0; i < ELEMENTSOF(roundtrip); i++) {
                pids[i] = fork();
                CHECK(pids[i] >= 0);
                if (pids[i] == 0)
                        _exit(write_key_retrying(path, roundtrip[i].key, roundtrip[i].value) < 0);
        }
        for (size_t i = 0; i < ELEMENTSOF(roundtrip); i++) {
                int status = -1;

                CHECK_EQ(waitpid(pids[i], &status, 0), pids[i]);
                CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        }

        CHECK_EQ(config_init(&c), 0);
        CHECK_EQ(config_parse_file(&c, path, &error), 0);
        if (error)
                fprintf(stderr, "  %s\n", error);
        for (size_t i = 0; i < ELEMENTSOF(roundtrip); i++)
                check_get(&c, roundtrip[i].key, roundtrip[i].expected);
}

/* config/limber.ini parses, and uncommenting every "# key = value" line gives the defaults:
 * the sample lists every key, each once, at its default. */
static void test_sample(void) {
        _cleanup_(freep) char *sample = read_file(LIMBER_SOURCE_CONFIG_DIR "/limber.ini");
        _cleanup_(freep) char *path = tmp_path("sample.ini"), *uncommented = NULL, *error = NULL;
        _cleanup_(freep) char *defaults = NULL, *parsed = NULL;
        _cleanup_(config_done) Config c = {}, d = {};
        size_t n_keys = 0, n = 0;
        char *w;

        CHECK(sample != NULL);
        if (!sample)
                return;
        CHECK_EQ(config_init(&d), 0);
        defaults = dump(&d);

        CHECK_EQ(config_init(&c), 0);
        CHECK_EQ(config_parse_file(&c, LIMBER_SOURCE_CONFIG_DIR "/limber.ini", &error), 0);
        parsed = dump(&c);
        CHECK_STREQ(parsed, defaults);

        for (const char * const *k = config_keys(); *k; k++)
                n_keys++;

        uncommented = w = malloc(strlen(sample) + 1);
        for (const char *line = sample; *line;) {
                size_t len = strcspn(line, "\n");
                size_t name = line[0] == '#' && line[1] == ' ' ? strspn(line + 2, "abcdefghijklmnopqrstuvwxyz-") : 0;

                if (name > 0 && strncmp(line + 2 + name, " =", 2) == 0) {
                        line += 2;
                        len -= 2;
                        n++;
                }
                memcpy(w, line, len);
                w += len;
                line += len;
                if (*line == '\n')
                        *w++ = *line++;
        }
        *w = '\0';
        CHECK_EQ(n, n_keys);

        write_file(path, uncommented, strlen(uncommented));
        config_done(&c);
        CHECK_EQ(config_init(&c), 0);
        for (size_t i = 0; i < ELEMENTSOF(roundtrip); i++)
                CHECK_EQ(config_set(&c, roundtrip[i].key, roundtrip[i].value, NULL), 0);
        CHECK_EQ(config_parse_file(&c, path, &error), 0);
        if (error)
                fprintf(stderr, "  uncommented sample: %s\n", error);
        free(parsed);
        parsed = dump(&c);
        CHECK_STREQ(parsed, defaults);
}

int main(void) {
        test_sync_keys();
        if (!mkdtemp(tmpdir))
                return 1;

        test_keys();
        test_defaults();
        test_roundtrip();
        test_invalid_values();
        test_file_errors();
        test_file_good();
        test_load();
        test_load_lenient();
        test_warnings();
        test_write_key();
        test_write_concurrent();
        test_write_locked();
        test_write_links();
        test_write_beside_a_writer();
        test_sample();

        {
                char *cmd;

                if (asprintf(&cmd, "rm -rf '%s'", tmpdir) >= 0) {
                        (void) !system(cmd);
                        free(cmd);
                }
        }
        return tap_finish("test-config");
}
