/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The tray icon's side of the Manager (see manager-tray.h). */
#include <string.h>

#include "files/paths.h"
#include "limber-config.h"
#include "manager-command.h"
#include "manager-tray.h"
#include "manager.h"
#include "tray/sni.h"
#include "util/duration.h"
#include "util/i18n.h"
#include "util/log.h"

/* The folder holding hicolor/ with limber's icons: where $XDG_DATA_DIRS has them, else where
 * meson installs them. Hosts that know the theme find them anyway; IconThemePath is for those
 * whose own $XDG_DATA_DIRS lacks /usr/local/share. */
#define ICON_PROBE "hicolor/scalable/status/limber-working-0.svg"

static int find_icon_theme_path(char **ret) {
        char *p;
        int r;

        r = paths_find_data("icons/" ICON_PROBE, &p);
        if (r == -ENOENT)
                p = strdup(LIMBER_ICONDIR "/" ICON_PROBE);
        else if (r < 0)
                return r;
        if (!p)
                return -ENOMEM;
        p[strlen(p) - strlen("/" ICON_PROBE)] = '\0';
        *ret = p;
        return 0;
}

static void tray_status(void *userdata, TrayStatus *ret) {
        Manager *m = userdata;
        Published p = manager_snapshot(m);
        usec_t now = manager_now(), next = scheduler_next_break(&m->scheduler, now);

        *ret = (TrayStatus) {
                .state = p.state,
                .active_usec = p.active_usec,
                .break_in_usec = next == 0 ? USEC_INFINITY : usec_sub(next, now),
                .next_break_realtime = p.next_break_usec,
                .paused_until_realtime = p.paused_until_usec,
                .snooze_usec = m->config.snooze,
                .breaks_today = p.breaks_today,
                .busy_reason = p.busy_reason,
        };
}

/* A left click with no break due: the state, as a passing notification. */
static void show_status(Manager *m) {
        TrayStatus s;
        char title[TRAY_TEXT_MAX], today[TRAY_TEXT_MAX], d[DURATION_TEXT_MAX];
        _cleanup_(freep) char *body = NULL;

        tray_status(m, &s);
        tray_state_text(title, &s);
        tray_today_text(today, &s);
        /* TRANSLATORS: %s is a duration such as "1 h 20 min"; today's count follows on the next line. */
        if (asprintf(&body, _("You have worked %s since your last break.\n%s"),
                     i18n_format_duration(d, s.active_usec), today) < 0) {
                log_oom();
                return;
        }
        (void) notifier_show_status(reminder_notifier(m->reminder), title, body);
}

static void tray_action(void *userdata, TrayAction action, usec_t usec) {
        static const ManagerCommandKind commands[] = {
                [TRAY_ACTION_START_BREAK] = MANAGER_COMMAND_START_BREAK,
                [TRAY_ACTION_SNOOZE] = MANAGER_COMMAND_SNOOZE,
                [TRAY_ACTION_SKIP] = MANAGER_COMMAND_SKIP,
                [TRAY_ACTION_PAUSE] = MANAGER_COMMAND_PAUSE,
                [TRAY_ACTION_RESUME] = MANAGER_COMMAND_RESUME,
                [TRAY_ACTION_LOG_BREAK] = MANAGER_COMMAND_LOG_BREAK,
        };
        Manager *m = userdata;
        ManagerCommand c = { .usec = usec };

        if (action == TRAY_ACTION_SHOW_BREAK) {
                /* The break window; without one, what a click on the icon does. */
                if (reminder_show_window(m->reminder, true) >= 0)
                        return;
                action = TRAY_ACTION_ACTIVATE;
        }
        if (action == TRAY_ACTION_ACTIVATE) {
                /* A click on the icon starts the break that is due, or shows the state. */
                SchedulerState state = scheduler_state(&m->scheduler);

                if (state != SCHEDULER_DUE && state != SCHEDULER_SNOOZED && state != SCHEDULER_DEFERRED) {
                        log_info("Tray: a click on the icon, showing the state");
                        show_status(m);
                        return;
                }
                c = (ManagerCommand) { .kind = MANAGER_COMMAND_START_BREAK };
        } else if ((size_t) action < ELEMENTSOF(commands))
                c.kind = commands[action];
        else
                return;
        (void) manager_run_command(m, MANAGER_COMMAND_FROM_TRAY, &c, NULL);
}

int manager_tray_apply(Manager *m) {
        static const TrayCallbacks callbacks = {
                .status = tray_status,
                .action = tray_action,
        };
        _cleanup_(freep) char *theme = NULL;
        int r;

        if (!m->config.tray_enabled) {
                m->tray = tray_free(m->tray);
                return 0;
        }
        if (m->tray)
                return 0;
        r = find_icon_theme_path(&theme);
        if (r >= 0)
                r = tray_new(m->bus, theme, &callbacks, m, &m->tray);
        if (r < 0)
                return log_warning_errno(r, "Cannot watch for a panel to show the tray icon in: %m; "
                                         "no tray icon");
        return 0;
}
