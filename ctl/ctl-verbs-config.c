/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "config get" and "config set": limberd's configuration, key by key ("section.key"). */

#include "ctl-bus.h"
#include "ctl-complete.h"
#include "ctl-fetch.h"
#include "ctl-json.h"
#include "ctl-output.h"
#include "ctl-util.h"
#include "ctl-verbs.h"
#include "util/duration.h"
#include "util/i18n.h"

/* The value of key in a key, value… list, or NULL. */
static const char *pairs_get(char * const *pairs, const char *key) {
        for (size_t i = 0; pairs[i] && pairs[i + 1]; i += 2)
                if (streq(pairs[i], key))
                        return pairs[i + 1];
        return NULL;
}

/* A value as its kind is written in JSON: durations in seconds, booleans and numbers as
 * such, an empty value (off, none) as null. */
static void config_json_value(Json *j, const char *key, const char *value) {
        usec_t u;

        if (isempty(value))
                return json_null(j);
        switch (config_key_kind(key, value)) {
        case CONFIG_KIND_BOOLEAN:
                return json_bool(j, streq(value, "true"));
        case CONFIG_KIND_NUMBER:
                return json_uint(j, strtoull(value, NULL, 10));
        case CONFIG_KIND_DURATION:
                if (duration_parse(value, &u, NULL) >= 0)
                        return json_seconds(j, u);
                break;
        case CONFIG_KIND_STRING:
                break;
        }
        json_string(j, value);
}

static void config_json(char * const *pairs, const char *only) {
        Json j;

        json_init(&j, stdout);
        json_object_begin(&j);
        for (size_t i = 0; pairs[i] && pairs[i + 1]; i += 2)
                if (!only || streq(pairs[i], only)) {
                        json_key(&j, pairs[i]);
                        config_json_value(&j, pairs[i], pairs[i + 1]);
                }
        json_object_end(&j);
}

static int config_table(char * const *pairs, const Style *style) {
        static const char * const headers[] = { N_("KEY"), N_("VALUE") };
        _cleanup_(table_freep) Table *t = table_new(2, headers);

        if (!t)
                return ctl_oom();
        for (size_t i = 0; pairs[i] && pairs[i + 1]; i += 2) {
                bool empty = pairs[i + 1][0] == '\0';

                if (table_add(t, COLOR_NONE, pairs[i]) < 0 ||
                    table_add(t, empty ? COLOR_DIM : COLOR_NONE, empty ? _("(empty)") : pairs[i + 1]) < 0)
                        return ctl_oom();
        }
        table_print(t, style, stdout);
        return 0;
}

int verb_config_get(int argc, char *argv[], const CtlArgs *args) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(strv_freep) char **pairs = NULL;
        const char *key = argc > 1 ? argv[1] : NULL, *value = NULL;
        int r;

        r = bus_connect(&bus);
        if (r < 0)
                return r;
        r = config_fetch(bus, BUS_CALL_NO_ACTIVATE, &pairs);
        if (r < 0)
                return r;

        if (key) {
                value = pairs_get(pairs, key);
                if (!value)
                        return ctl_error(ENOENT, _("unknown key \"%s\": \"limberctl config get\" lists them, e.g. schedule.interval"),
                                         key);
        }

        if (args->json)
                config_json(pairs, key);
        else if (key)
                printf("%s\n", value);
        else
                return config_table(pairs, &args->style);
        return 0;
}

int verb_config_set(int argc, char *argv[], const CtlArgs *args) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(strv_freep) char **pairs = NULL;
        const char *key = argv[1], *value = argv[2];
        int r;

        r = bus_connect(&bus);
        if (r < 0)
                return r;
        r = bus_call(bus, "SetConfig", BUS_CALL_ANNOUNCE_START, NULL, "ss", key, value);
        if (r < 0)
                return r;

        if (args->quiet)
                return 0;
        /* Show the value as limberd now holds it ("2h30m" for "150m"). */
        if (config_fetch(bus, 0, &pairs) >= 0 && pairs_get(pairs, key))
                value = pairs_get(pairs, key);
        printf("%s%s%s = %s\n", ansi(&args->style, COLOR_BOLD), key, ansi(&args->style, COLOR_RESET), value);
        return 0;
}

int verb_config_unset(int argc, char *argv[], const CtlArgs *args) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(strv_freep) char **pairs = NULL;
        const char *key = argv[1], *value;
        int r;

        r = bus_connect(&bus);
        if (r < 0)
                return r;
        r = bus_call(bus, "UnsetConfig", BUS_CALL_ANNOUNCE_START, NULL, "s", key);
        if (r < 0)
                return r;

        if (args->quiet)
                return 0;
        /* Show the value that applies now: the system-wide one or the default. */
        if (config_fetch(bus, 0, &pairs) < 0 || !(value = pairs_get(pairs, key)))
                return 0;
        printf("%s%s%s = %s\n", ansi(&args->style, COLOR_BOLD), key, ansi(&args->style, COLOR_RESET), value);
        return 0;
}
