/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The break window: limberd starts limber-break (daemon/break/), a GTK 4 helper under libexec,
 * when a guided break begins and when the user asks for the break (a click on the reminder,
 * the tray's "Show break", ShowBreak); the window is a client of limberd's bus API and lives
 * only while it is shown. It is known to be shown by its application id,
 * io.github.limber.Limber, having an owner on the session bus, whoever started it (the desktop
 * entry starts it too). This object starts the helper and watches that name; what the break
 * does when the window comes or goes is its owner's (the Reminder's) to decide. */

#include <stdbool.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

typedef struct BreakWindow BreakWindow;

typedef struct BreakWindowCallbacks {
        /* The window appeared (shown true), or was closed while not starting (shown false).
         * From the event loop. */
        void (*shown)(void *userdata, bool shown);
        /* The window did not come up, or went before it showed: what it was to show goes on
         * without it. start_break: it was asked for with start_break_on_failure (the due
         * break is to start in notifications). From the event loop. */
        void (*failed)(void *userdata, bool start_break);
} BreakWindowCallbacks;

/* Finds the helper and watches the window's name on bus (the answers arrive from the event
 * loop). A failure to watch is logged and leaves a window that can still be started. Returns
 * 0 or -ENOMEM. */
int break_window_new(sd_event *event, sd_bus *bus, const BreakWindowCallbacks *callbacks, void *userdata,
                     BreakWindow **ret);
BreakWindow *break_window_free(BreakWindow *w);

/* [break] window: false makes break_window_show() refuse with -EOPNOTSUPP. */
void break_window_set_enabled(BreakWindow *w, bool enabled);

/* Shows the window on the due or running break (or limberd's state when neither), starting
 * the helper (a running window comes to the front). Returns 0 when it was started, else a
 * negative errno saying why no window can be shown: -EOPNOTSUPP ([break] window = false),
 * -ENXIO (no display), -ENOENT (no helper), or another. If the helper starts but fails
 * before its window appears, failed is called with start_break_on_failure. */
int break_window_show(BreakWindow *w, bool start_break_on_failure);
/* Why no window can be shown, for r from break_window_show(), untranslated (N_()). */
const char *break_window_refusal(int r);

/* Whether the window shows the break (or is about to): then the steps are not notified. */
bool break_window_covers(const BreakWindow *w);
