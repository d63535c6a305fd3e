/* SPDX-License-Identifier: GPL-3.0-or-later */
/* config_write_key(): what SetConfig and "limberctl config set" do to the user's limber.ini.
 * The first input byte picks a key, the second a value, the rest is the file. When the file
 * parses, the rewritten file parses too, holds the new value, and every other key keeps its
 * value: a rewrite never breaks or silently changes the user's configuration. */
#include <sys/stat.h>

#include "core/config.h"
#include "files/config-file.h"
#include "fuzz.h"

/* A valid value other than the default, for each key (keys missing here take their default). */
static const struct {
        const char *key;
        const char *value;
} samples[] = {
        { "schedule.interval",        "47m" },
        { "schedule.max-postpone",    " 13m " },
        { "schedule.break-duration",  "3m20s" },
        { "schedule.snooze",          "7min" },
        { "schedule.natural-break",   "6m" },
        { "schedule.idle-after",      "90s" },
        { "schedule.working-hours",   "Mon-Fri 09:00-17:30, Sat 10:00-12:00" },
        { "exercises.posture",        "standing" },
        { "exercises.per-break",      "3" },
        { "idle.source",              "logind" },
        { "busy.respect-dnd",         "false" },
        { "busy.respect-inhibitors",  "no" },
        { "busy.defer-max",           "30m" },
        { "micro.enabled",            "true" },
        { "micro.interval",           "25m" },
        { "micro.duration",           "30s" },
        { "notify.sound",             "message-new-instant" },
        { "schedule.daily-limit",     "7h30m" },
        { "schedule.max-skips",       "3" },
        { "presence.inhibitors",      "false" },
        { "presence.camera",          "off" },
        { "presence.microphone",      "no" },
};

static const char *sample(const char *key) {
        for (size_t i = 0; i < ELEMENTSOF(samples); i++)
                if (streq(samples[i].key, key))
                        return samples[i].value;
        return NULL;
}

static void write_input(const char *path, const uint8_t *data, size_t size) {
        _cleanup_(closep) int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

        if (fd < 0)
                fuzz_fail("%s: %s", path, strerror(errno));
        for (size_t done = 0; done < size;) {
                ssize_t n = write(fd, data + done, size - done);

                if (n <= 0)
                        fuzz_fail("%s: %s", path, strerror(n < 0 ? errno : EIO));
                done += (size_t) n;
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        _cleanup_(config_done) Config before = {}, after = {}, defaults = {}, expect = {};
        _cleanup_(freep) char *path = NULL, *error = NULL, *value = NULL, *want = NULL;
        const char * const *keys = config_keys();
        const char *key;
        size_t n_keys = 0;
        struct stat st;
        int r;

        fuzz_setup();
        if (size < 2)
                return 0;
        while (keys[n_keys])
                n_keys++;
        key = keys[data[0] % n_keys];

        if (config_init(&defaults) < 0 || config_init(&before) < 0 || config_init(&after) < 0)
                abort();
        if (data[1] & 1 || !sample(key)) {
                if (config_get(&defaults, key, &value) < 0)
                        abort();
        } else if (!(value = strdup(sample(key))))
                abort();

        if (asprintf(&path, "%s/limber.ini", fuzz_tmpdir()) < 0)
                abort();
        write_input(path, data + 2, size - 2);

        r = config_parse_file(&before, path, NULL);
        /* Broken files are rewritten too (the user may have broken it since limberd read it);
         * that must not crash, but promises nothing about the result. */
        if (r < 0) {
                (void) config_write_key(path, key, value, NULL);
                goto finish;
        }

        r = config_write_key(path, key, value, NULL);
        if (r == -EFBIG)
                goto finish;
        if (r < 0)
                fuzz_fail("config_write_key(%s, \"%s\") on a valid file failed: %s", key, value, strerror(-r));
        if (stat(path, &st) < 0 || !S_ISREG(st.st_mode) || (st.st_mode & 07777) != 0600)
                fuzz_fail("the rewritten file lost its mode 0600");

        r = config_parse_file(&after, path, &error);
        if (r < 0)
                fuzz_fail("setting %s = \"%s\" broke a valid file: %s", key, value, strempty(error));

        /* The key now has the new value, every other key its old one. */
        if (config_init(&expect) < 0 || config_set(&expect, key, value, NULL) < 0 ||
            config_get(&expect, key, &want) < 0)
                abort();
        for (const char * const *k = keys; *k; k++) {
                _cleanup_(freep) char *a = NULL, *b = NULL;

                if (config_get(&before, *k, &a) < 0 || config_get(&after, *k, &b) < 0)
                        abort();
                if (streq(*k, key) ? !streq(b, want) : !streq(a, b))
                        fuzz_fail("setting %s = \"%s\": %s was \"%s\", is \"%s\" (want \"%s\")",
                                  key, value, *k, a, b, streq(*k, key) ? want : a);
        }

finish:
        (void) unlink(path);
        return 0;
}
