/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Problems property: what stops limber from working as configured, one line each. Each
 * concern adds its own lines (the configuration here, the files in manager-storage.c, the
 * notifier its own); manager_problems() alone gathers them, so the bus, the notification and
 * limberctl all say the same. */

#include "manager-problems.h"
#include "manager-storage.h"
#include "manager.h"
#include "util/i18n.h"
#include "util/limber-bus.h"
#include "util/log.h"

void manager_problems_set_config(Manager *m, char **errors) {
        for (char **e = errors; e && *e; e++)
                log_error("%s", *e);
        strv_free(m->config_errors);
        m->config_errors = errors;
        /* A new load: its contradictions are logged again, once. */
        strv_free(TAKE_PTR(m->config_warnings));
}

void manager_problems_check_config(Manager *m) {
        _cleanup_(strv_freep) char **warnings = NULL;

        if (config_warnings(&m->config, &warnings) < 0) {
                log_oom();
                return;
        }
        /* Logged once for each load that has them, not on every change. */
        for (char **w = warnings; w && *w; w++)
                if (!strv_contains(m->config_warnings, *w))
                        log_warning("%s", *w);
        strv_free(m->config_warnings);
        m->config_warnings = TAKE_PTR(warnings);
}

static void on_notifier_problem(void *userdata) {
        manager_changed(userdata);
}

void manager_problems_watch(Manager *m) {
        notifier_set_problem_callback(reminder_notifier(m->reminder), on_notifier_problem, m);
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

int manager_problems(Manager *m, char ***ret) {
        _cleanup_(strv_freep) char **l = NULL, **storage = NULL;
        const char *notifier = notifier_problem(reminder_notifier(m->reminder));
        int r;

        r = manager_storage_problems(m, &storage);
        if (r >= 0)
                r = manager_sync_problems(m, &storage);
        if (r < 0)
                return r;
        if (extend_all(&l, m->config_errors) < 0 || extend_all(&l, m->config_warnings) < 0 ||
            extend_all(&l, storage) < 0 ||
            extend_all(&l, m->catalog ? m->catalog->warnings : NULL) < 0 ||
            (!m->catalog && strv_extend(&l, _("the exercise catalog cannot be read: reminders suggest no exercise")) < 0) ||
            (notifier && strv_extend(&l, notifier) < 0))
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
static bool has_problems_to_show(Manager *m, char * const *l) {
        for (char * const *p = l; p && *p; p++)
                if (!streq_ptr(*p, notifier_problem(reminder_notifier(m->reminder))))
                        return true;
        return false;
}

void manager_problems_update(Manager *m) {
        _cleanup_(strv_freep) char **l = NULL;
        bool fresh = false;
        char *names[] = { (char *) "Problems", NULL };

        if (manager_problems(m, &l) < 0) {
                log_oom();
                return;
        }
        if (m->problems && strv_equal(l, m->problems))
                return;

        /* One notification for what it has not said yet; none about notifications failing. */
        for (char **p = l; *p; p++)
                if (!strv_contains(m->problems_shown, *p) && !streq_ptr(*p, notifier_problem(reminder_notifier(m->reminder)))) {
                        fresh = true;
                        if (strv_extend(&m->problems_shown, *p) < 0)
                                log_oom();
                }
        if (fresh)
                (void) notifier_show_problems(reminder_notifier(m->reminder), l);
        /* All gone (a fixed file reloaded): the notice says nothing true any more, and a
         * problem that comes back is news again. */
        if (!fresh && !has_problems_to_show(m, l)) {
                notifier_close_problems(reminder_notifier(m->reminder));
                strv_free(TAKE_PTR(m->problems_shown));
        }

        strv_free(m->problems);
        m->problems = TAKE_PTR(l);
        (void) sd_bus_emit_properties_changed_strv(m->bus, LIMBER_BUS_PATH, LIMBER_BUS_INTERFACE, names);
}

void manager_problems_done(Manager *m) {
        strv_free(TAKE_PTR(m->config_errors));
        strv_free(TAKE_PTR(m->config_warnings));
        strv_free(TAKE_PTR(m->problems));
        strv_free(TAKE_PTR(m->problems_shown));
}
