/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Problems property: what stops limber from working as configured, one line each. Each
 * concern adds its own lines (the configuration here, the files in storage.c, the notifier its
 * own, the others through ProblemsCallbacks.gather); problems_list() alone gathers them, so the
 * bus, the notification and limberctl all say the same. */

#include <stdlib.h>

#include "problems.h"
#include "util/limber-bus.h"
#include "util/log.h"

struct Problems {
        sd_bus *bus;
        ProblemsCallbacks callbacks;
        void *userdata;
        Notifier *notifier;             /* not owned; NULL until problems_watch() */
        char **config_errors;           /* of the configuration files, "FILE:LINE: …" */
        char **config_warnings;         /* contradictory settings in the running configuration */
        char **published;               /* as last published */
        char **shown;                   /* already said in a notification */
};

int problems_new(sd_bus *bus, const ProblemsCallbacks *callbacks, void *userdata, Problems **ret) {
        Problems *p = calloc(1, sizeof(Problems));

        if (!p)
                return log_oom();
        p->bus = sd_bus_ref(bus);
        p->callbacks = *callbacks;
        p->userdata = userdata;
        *ret = p;
        return 0;
}

Problems *problems_free(Problems *p) {
        if (!p)
                return NULL;
        strv_free(p->config_errors);
        strv_free(p->config_warnings);
        strv_free(p->published);
        strv_free(p->shown);
        sd_bus_unref(p->bus);
        free(p);
        return NULL;
}

void problems_set_config(Problems *p, char **errors) {
        for (char **e = errors; e && *e; e++)
                log_error("%s", *e);
        strv_free(p->config_errors);
        p->config_errors = errors;
        /* A new load: its contradictions are logged again, once. */
        strv_free(TAKE_PTR(p->config_warnings));
}

void problems_check_config(Problems *p, const Config *config) {
        _cleanup_(strv_freep) char **warnings = NULL;

        if (config_warnings(config, &warnings) < 0) {
                log_oom();
                return;
        }
        /* Logged once for each load that has them, not on every change. */
        for (char **w = warnings; w && *w; w++)
                if (!strv_contains(p->config_warnings, *w))
                        log_warning("%s", *w);
        strv_free(p->config_warnings);
        p->config_warnings = TAKE_PTR(warnings);
}

static void on_notifier_problem(void *userdata) {
        Problems *p = userdata;

        p->callbacks.changed(p->userdata);
}

void problems_watch(Problems *p, Notifier *notifier) {
        p->notifier = notifier;
        notifier_set_problem_callback(notifier, on_notifier_problem, p);
}

/* Appends each of more, made valid UTF-8 (a path or value quoted from a file may not be,
 * and D-Bus strings must be). */
static int extend_all(char ***l, char * const *more) {
        for (char * const *p = more; p && *p; p++) {
                _cleanup_(freep) char *clean = utf8_sanitize(*p);

                if (!clean || strv_extend(l, clean) < 0)
                        return -ENOMEM;
        }
        return 0;
}

static const char *notifier_line(Problems *p) {
        return p->notifier ? notifier_problem(p->notifier) : NULL;
}

int problems_list(Problems *p, char ***ret) {
        _cleanup_(strv_freep) char **l = NULL, **others = NULL;
        const char *notifier = notifier_line(p);
        int r;

        r = p->callbacks.gather(p->userdata, &others);
        if (r < 0)
                return r;
        if (extend_all(&l, p->config_errors) < 0 || extend_all(&l, p->config_warnings) < 0 ||
            extend_all(&l, others) < 0 || (notifier && strv_extend(&l, notifier) < 0))
                return -ENOMEM;
        if (!l) {
                l = calloc(1, sizeof(char *));
                if (!l)
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(l);
        return 0;
}

/* Whether l holds a problem the notification would tell of (not notifications failing). */
static bool has_problems_to_show(Problems *p, char * const *l) {
        for (char * const *i = l; i && *i; i++)
                if (!streq_ptr(*i, notifier_line(p)))
                        return true;
        return false;
}

void problems_update(Problems *p) {
        _cleanup_(strv_freep) char **l = NULL;
        bool fresh = false;
        char *names[] = { (char *) "Problems", NULL };

        if (problems_list(p, &l) < 0) {
                log_oom();
                return;
        }
        if (p->published && strv_equal(l, p->published))
                return;

        /* One notification for what it has not said yet; none about notifications failing. */
        for (char **i = l; *i; i++)
                if (!strv_contains(p->shown, *i) && !streq_ptr(*i, notifier_line(p))) {
                        fresh = true;
                        if (strv_extend(&p->shown, *i) < 0)
                                log_oom();
                }
        if (fresh && p->notifier)
                (void) notifier_show_problems(p->notifier, l);
        /* All gone (a fixed file reloaded): the notice says nothing true any more, and a
         * problem that comes back is news again. */
        if (!fresh && !has_problems_to_show(p, l)) {
                if (p->notifier)
                        notifier_close_problems(p->notifier);
                strv_free(TAKE_PTR(p->shown));
        }

        strv_free(p->published);
        p->published = TAKE_PTR(l);
        (void) sd_bus_emit_properties_changed_strv(p->bus, LIMBER_BUS_PATH, LIMBER_BUS_INTERFACE, names);
}
