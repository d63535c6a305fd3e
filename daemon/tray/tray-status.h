/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the panel icon shows for a state of limberd: the icon, the item's status, the tooltip
 * and the menu's items. Pure functions of a TrayStatus (no bus, no clock read: the clock time
 * of the next break is formatted from the realtime it is given, in the local time zone), so
 * every state's look is unit-tested (tests/test-tray-status.c). sni.c and dbusmenu.c serve
 * what these return. */

#include "core/scheduler.h"
#include "tray/dbusmenu.h"
#include "util/util.h"

/* The working icon fills in this many steps toward the break. */
#define TRAY_PROGRESS_STEPS 4

/* The little the tray needs to know, taken from the manager's snapshot. */
typedef struct TrayStatus {
        SchedulerState state;
        usec_t active_usec;             /* active time since the last break */
        usec_t break_in_usec;           /* active time until the next reminder; USEC_INFINITY: none */
        usec_t next_break_realtime;     /* CLOCK_REALTIME of the next reminder, 0: none (paused) */
        usec_t paused_until_realtime;   /* 0 not paused, USEC_INFINITY until resumed */
        usec_t snooze_usec;             /* the configured snooze, for the menu's label */
        unsigned breaks_today;
        const char *busy_reason;        /* "" when not busy */
} TrayStatus;

bool tray_status_equal(const TrayStatus *a, const TrayStatus *b);

/* 0 … TRAY_PROGRESS_STEPS - 1: how far the active time is toward the break. */
unsigned tray_progress_step(usec_t active_usec, usec_t break_in_usec);
/* The active time after which the working icon shows the next step; USEC_INFINITY when it
 * is at its last step or the state shows no progress. The caller arms a timer for it: the
 * one wake-up the icon costs, a few times per interval while working. */
usec_t tray_next_step_in(const TrayStatus *s);

/* The icon name (in the hicolor theme, config/icons/) for the state. */
const char *tray_icon_name(const TrayStatus *s);
#define TRAY_ATTENTION_ICON "limber-due"

/* The StatusNotifierItem status: "Active", "NeedsAttention" (a break is due) or "Passive"
 * (outside working hours: hosts may tuck the icon away). */
const char *tray_item_status(const TrayStatus *s);

/* The state in one line, e.g. "Working: next break at 14:30". Returns buf. */
#define TRAY_TEXT_MAX 160
char *tray_state_text(char buf[static TRAY_TEXT_MAX], const TrayStatus *s);
/* The tooltip's second line, e.g. "2 breaks today". Returns buf. */
char *tray_today_text(char buf[static TRAY_TEXT_MAX], const TrayStatus *s);

/* The menu's items, by id (an id is the index in the array). */
enum {
        TRAY_MENU_ROOT,
        TRAY_MENU_STATE,                /* the state line, disabled */
        TRAY_MENU_SEPARATOR_1,
        TRAY_MENU_START_BREAK,
        TRAY_MENU_SNOOZE,
        TRAY_MENU_SKIP,
        TRAY_MENU_SEPARATOR_2,
        TRAY_MENU_PAUSE_HOUR,
        TRAY_MENU_PAUSE,
        TRAY_MENU_RESUME,
        TRAY_MENU_SEPARATOR_3,
        TRAY_MENU_LOG_BREAK,            /* the heading of the durations below, disabled */
        TRAY_MENU_LOG_FIRST,
        TRAY_MENU_LOG_LAST = TRAY_MENU_LOG_FIRST + 4,
        _TRAY_MENU_MAX,
};

/* The duration of "Log a break" item id (TRAY_MENU_LOG_FIRST … TRAY_MENU_LOG_LAST). */
usec_t tray_log_duration(int id);

/* Fills items[_TRAY_MENU_MAX] for s: labels, and which items apply now (enabled) or are
 * shown at all (Pause or Resume). */
void tray_menu_build(const TrayStatus *s, MenuItem items[static _TRAY_MENU_MAX]);
