/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <ctype.h>

#include "ctl-complete.h"

static bool startswith(const char *s, const char *prefix) {
        return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void offer(FILE *f, const char *cur, const char *candidate, const char *description) {
        if (!startswith(candidate, cur))
                return;
        if (isempty(description))
                fprintf(f, "%s\n", candidate);
        else
                fprintf(f, "%s\t%s\n", candidate, description);
}

static void offer_list(FILE *f, const char *cur, const char * const *list) {
        for (; *list; list++)
                offer(f, cur, *list, NULL);
}

static void offer_pairs(FILE *f, const char *cur, char * const *pairs) {
        for (size_t i = 0; pairs && pairs[i] && pairs[i + 1]; i += 2)
                offer(f, cur, pairs[i], pairs[i + 1]);
}

static void offer_verbs(FILE *f, const char *cur, const Verb *table) {
        for (const Verb *v = table; v->name; v++)
                if (!(v->flags & VERB_HIDDEN))
                        offer(f, cur, v->name, v->summary);
}

static const char * const durations[] = { "5m", "10m", "15m", "30m", "1h", "2h", NULL };

static void offer_option_value(FILE *f, const char *cur, const OptionInfo *o) {
        static const char * const since[] = { "1h", "3h", "24h", "72h", "168h", NULL };
        static const char * const days[] = { "1", "7", "14", "30", "90", NULL };

        if (o->option == OPT_SINCE)
                offer_list(f, cur, since);
        else if (o->option == OPT_DAYS)
                offer_list(f, cur, days);
}

static void offer_options(FILE *f, const char *cur, unsigned mask) {
        const OptionInfo *options;
        size_t n = ctl_options(&options);

        for (size_t i = 0; i < n; i++)
                if (mask & options[i].option) {
                        char name[64];

                        snprintf(name, sizeof(name), "--%s", options[i].name);
                        offer(f, cur, name, options[i].help);
                }
}

static const OptionInfo *option_lookup(const char *word) {
        const OptionInfo *options;
        size_t n = ctl_options(&options);

        for (size_t i = 0; i < n; i++) {
                size_t len = strlen(options[i].name);

                if (word[1] == '-' ? strncmp(word + 2, options[i].name, len) == 0 &&
                                     (word[2 + len] == '\0' || word[2 + len] == '=')
                                   : word[1] == options[i].short_name && word[2] == '\0')
                        return &options[i];
        }
        return NULL;
}

/* The name of argument `index` of v from its help ("[KEY] VALUE" → "KEY", "VALUE"), without
 * brackets; a last name ending in "..." repeats. Returns false when v takes no more. */
static bool argument_name(const Verb *v, size_t index, char buf[static 32]) {
        const char *p = strempty(v->arguments);
        size_t i = 0;

        for (;;) {
                size_t n;
                bool repeats;

                p += strspn(p, " [");
                n = strcspn(p, " ]");
                if (n == 0)
                        return false;
                repeats = n > 3 && strncmp(p + n - 3, "...", 3) == 0;
                if (i == index || (repeats && p[n + strspn(p + n, " ]")] == '\0')) {
                        snprintf(buf, 32, "%.*s", (int) (repeats ? n - 3 : n), p);
                        return true;
                }
                p += n;
                i++;
        }
}

static int offer_fetched(FILE *f, const char *cur, complete_fetch_t fetch, void *userdata, CompleteWhat what) {
        _cleanup_(strv_freep) char **pairs = NULL;

        if (!fetch || fetch(userdata, what, &pairs) < 0)
                return 0;
        offer_pairs(f, cur, pairs);
        return 0;
}

/* Every key of limber.ini and the values worth offering for it, for completion when limberd
 * is not running too (limberctl links none of the daemon's code; test-ctl-complete checks
 * this list against the daemon's). */
static const char * const booleans[] = { "true", "false", NULL };
static const char * const long_durations[] = { "30m", "1h", "1h30m", "2h", "2h30m", "3h", NULL };
static const char * const short_durations[] = { "30s", "1m", "2m", "5m", "10m", "15m", "20m", NULL };
static const char * const postures[] = { "seated", "standing", "any", NULL };
static const char * const per_break[] = { "1", "2", "3", "4", "5", "6", NULL };
static const char * const idle_sources[] = { "auto", "gnome", "kde", "wayland", "x11", "logind", "none", NULL };
static const char * const hours[] = { "Mon-Fri 09:00-18:00", "Mon-Fri 08:00-12:00, Mon-Fri 13:00-17:00", NULL };
static const char * const sounds[] = { "message-new-instant", "bell", "complete", "dialog-information", NULL };
static const char * const sync_folders[] = { "~/Sync/limber", "~/Nextcloud/limber", NULL };
static const char * const machines[] = { "desktop", "laptop", NULL };

const CompleteKey complete_keys[] = {
        { "schedule.interval",        long_durations },
        { "schedule.max-postpone",    long_durations },
        { "schedule.break-duration",  short_durations },
        { "schedule.snooze",          short_durations },
        { "schedule.natural-break",   short_durations },
        { "schedule.idle-after",      short_durations },
        { "schedule.working-hours",   hours },
        { "schedule.daily-limit",     long_durations },
        { "schedule.max-skips",       per_break },
        { "exercises.posture",        postures },
        { "exercises.per-break",      per_break },
        { "break.window",             booleans },
        { "idle.source",              idle_sources },
        { "busy.respect-dnd",         booleans },
        { "busy.respect-inhibitors",  booleans },
        { "busy.defer-max",           long_durations },
        { "micro.enabled",            booleans },
        { "micro.interval",           short_durations },
        { "micro.duration",           short_durations },
        { "notify.sound",             sounds },
        { "presence.inhibitors",      booleans },
        { "presence.camera",          booleans },
        { "presence.microphone",      booleans },
        { "tray.enabled",             booleans },
        { "sync.folder",              sync_folders },
        { "sync.machine",             machines },
        {}
};

static const CompleteKey *complete_key_find(const char *key) {
        for (const CompleteKey *k = complete_keys; k->key; k++)
                if (streq(k->key, key))
                        return k;
        return NULL;
}

ConfigKind config_key_kind(const char *key, const char *value) {
        const CompleteKey *k = complete_key_find(key);

        if (k && k->values == booleans)
                return CONFIG_KIND_BOOLEAN;
        if (k && (k->values == long_durations || k->values == short_durations))
                return CONFIG_KIND_DURATION;
        if (k && k->values == per_break)
                return CONFIG_KIND_NUMBER;
        if (k)
                return CONFIG_KIND_STRING;
        if (streq(value, "true") || streq(value, "false"))
                return CONFIG_KIND_BOOLEAN;
        if (*value && strspn(value, "0123456789") == strlen(value) && strlen(value) < 10)
                return CONFIG_KIND_NUMBER;
        return CONFIG_KIND_STRING;
}

/* "config get|set KEY": limberd's keys with their current values, or the built-in list. */
static int offer_config_keys(FILE *f, const char *cur, complete_fetch_t fetch, void *userdata) {
        _cleanup_(strv_freep) char **pairs = NULL;

        if (fetch && fetch(userdata, COMPLETE_CONFIG, &pairs) >= 0) {
                offer_pairs(f, cur, pairs);
                return 0;
        }
        for (const CompleteKey *k = complete_keys; k->key; k++)
                offer(f, cur, k->key, NULL);
        return 0;
}

/* Values for "config set KEY": the current one (from limberd), then the key's usual values. */
static int offer_config_values(FILE *f, const char *cur, const char *key, complete_fetch_t fetch, void *userdata) {
        _cleanup_(strv_freep) char **pairs = NULL;
        const CompleteKey *k = complete_key_find(key);
        const char *current = NULL;

        if (fetch && fetch(userdata, COMPLETE_CONFIG, &pairs) >= 0)
                for (size_t i = 0; pairs[i] && pairs[i + 1]; i += 2)
                        if (streq(pairs[i], key) && pairs[i + 1][0] != '\0')
                                current = pairs[i + 1];
        if (current)
                offer(f, cur, current, "current value");
        for (const char * const *v = k ? k->values : NULL; v && *v; v++)
                if (!streq_ptr(*v, current))
                        offer(f, cur, *v, NULL);
        return 0;
}

/* After "help": the verbs one level below the words already given. */
static void offer_help_path(FILE *f, const char *cur, const Verb verbs[], char * const *path) {
        const Verb *table = verbs;

        for (; path && *path; path++) {
                const Verb *v = verb_find(table, *path);

                if (!v || !v->subverbs)
                        return;
                table = v->subverbs;
        }
        offer_verbs(f, cur, table);
}

int complete_words(const Verb verbs[], int n_words, char *words[], complete_fetch_t fetch,
                   void *userdata, FILE *f) {
        _cleanup_(strv_freep) char **positional = NULL;
        const char *cur = n_words > 0 ? words[n_words - 1] : "";
        const OptionInfo *pending = NULL;
        const Verb *table = verbs, *leaf = NULL;
        size_t used = 0, n_positional;
        bool dashdash = false;
        char name[32];

        for (int i = 0; i < n_words - 1; i++) {
                const char *w = words[i];

                if (pending) {
                        pending = NULL;
                        continue;
                }
                if (!dashdash && streq(w, "--")) {
                        dashdash = true;
                        continue;
                }
                if (!dashdash && w[0] == '-' && w[1] != '\0' && !isdigit((unsigned char) w[1])) {
                        const OptionInfo *o = option_lookup(w);

                        if (o && o->value && !strchr(w, '='))
                                pending = o;
                        continue;
                }
                if (strv_extend(&positional, w) < 0)
                        return -ENOMEM;
        }

        if (pending) {
                offer_option_value(f, cur, pending);
                return 0;
        }

        n_positional = strv_length(positional);
        for (; used < n_positional; used++) {
                const Verb *v = verb_find(table, positional[used]);

                if (!v || (v->flags & VERB_HIDDEN))
                        return 0;
                if (!v->subverbs) {
                        leaf = v;
                        used++;
                        break;
                }
                table = v->subverbs;
        }

        if (!dashdash && cur[0] == '-') {
                offer_options(f, cur, leaf ? leaf->flags | OPTS_GLOBAL : ~0U);
                return 0;
        }
        if (!leaf) {
                offer_verbs(f, cur, table);
                return 0;
        }

        if (!argument_name(leaf, n_positional - used, name))
                return 0;
        if (streq(name, "DURATION"))
                offer_list(f, cur, durations);
        else if (streq(name, "KEY"))
                return offer_config_keys(f, cur, fetch, userdata);
        else if (streq(name, "VALUE") && n_positional > used)
                return offer_config_values(f, cur, positional[n_positional - 1], fetch, userdata);
        else if (streq(name, "ID"))
                return offer_fetched(f, cur, fetch, userdata, COMPLETE_EXERCISES);
        else if (streq(name, "COMMAND"))
                offer_help_path(f, cur, verbs, positional + used);
        return 0;
}
