/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The break window's side of the Manager: limberd starts limber-break (daemon/break/), a GTK 4
 * helper under libexec, when a guided break begins and when the user asks for the break (a
 * click on the reminder, the tray's "Show break", ShowBreak); the window is a client of
 * limberd's bus API and lives only while it is shown. limberd knows it is shown by its
 * application id, io.github.limber.Limber, having an owner on the session bus, whoever started
 * it (the desktop entry starts it too). While it is shown, the guided break's steps are not
 * sent as notifications; when it goes during a break, the break goes on in notifications. */

#include <stdbool.h>
#include <sys/types.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

typedef struct Manager Manager;

typedef struct BreakWindow {
        char *path;                     /* the helper */
        pid_t pid;                      /* started by limberd, not yet reaped; 0 if none */
        sd_event_source *child;
        sd_event_source *start_timeout; /* armed only while starting */
        sd_bus_slot *name_watch;        /* NameOwnerChanged of the app id */
        sd_bus_slot *owner_query;       /* GetNameOwner at start */
        bool starting;                  /* started, its name not yet seen */
        bool shown;                     /* the app id has an owner on the session bus */
        bool start_break_on_failure;    /* asked for from a reminder: no window, the guided break */
        bool show_again;                /* asked for while the last one was closing */
        bool no_retry;                  /* starting the guided break because the window failed */
} BreakWindow;

/* Watches the window's name. Returns 0, or a negative errno (logged). */
int manager_window_start(Manager *m);
void manager_window_done(Manager *m);

/* Shows the window on the due or running break (or limberd's state when neither), starting
 * the helper (a running window comes to the front). Returns 0 when it was started, else a
 * negative errno saying why no window can be shown: -EOPNOTSUPP ([break] window = false),
 * -ENXIO (no display), -ENOENT (no helper), or another. If the helper starts but fails
 * before its window appears and start_break_on_failure is set, a due break is started as a
 * guided break in notifications. */
int manager_window_show(Manager *m, bool start_break_on_failure);
/* Why no window can be shown, for r from manager_window_show(), untranslated (N_()). */
const char *manager_window_refusal(int r);

/* Whether the window shows the break (or is about to): then the steps are not notified. */
bool manager_window_covers(const Manager *m);

/* A guided break began: shows the window if it can be. */
void manager_window_break_started(Manager *m);
