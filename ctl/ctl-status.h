/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* limberd's state as its properties tell it, and the ways limberctl shows it: the status
 * text, the one-line live view, JSON and waybar lines. Reading the properties needs sd-bus;
 * everything else is a pure function of a Status and the time. */

#include <systemd/sd-bus.h>

#include "ctl-json.h"
#include "ctl-output.h"
#include "util/util.h"

typedef struct Status {
        char *state;            /* "working", "idle", "due", … */
        char *busy_reason;      /* "" when not busy */
        usec_t active;          /* ActiveUsec as of sampled_at */
        usec_t active_counted_at; /* ActiveCountedAtUsec: when active last changed other than
                                   * by growing; a new value means active must be read again */
        usec_t interval;
        usec_t next_break;      /* CLOCK_REALTIME; 0 while paused */
        bool idle;
        char *idle_source;
        uint32_t breaks_today;
        uint32_t skipped_today;
        usec_t paused_until;    /* CLOCK_REALTIME; 0 not paused (or not told); USEC_INFINITY until resumed */
        char *posture;          /* NULL when limberd does not say */
        char *current_exercise; /* the exercise of the due or running break, "" if none */
        char **problems;        /* what stops limberd from working as configured; NULL if not told */
        uint32_t break_step;    /* the running guided break's step, from 1; 0 if none or not told */
        uint32_t break_steps;
        usec_t break_ends;      /* CLOCK_REALTIME; 0 if none or not told */
        usec_t sampled_at;      /* when active was read: from then on it grows while working */
        char *presence_reason;  /* why time without input counts ("camera"), "" when it does not */
        usec_t active_today;    /* ActiveTodayUsec as of today_sampled_at */
        usec_t today_sampled_at;
} Status;

void status_done(Status *s);

/* Reads an a{sv} of limberd's properties (from GetAll or PropertiesChanged) into s. Unknown
 * properties, or known ones with an unexpected type, are skipped. *ret_changed (may be NULL)
 * tells whether any value differs from what s held. Returns 0 or -EBADMSG after a message. */
int status_read_properties(Status *s, sd_bus_message *m, usec_t now, bool *ret_changed);
/* Fetches all properties with one GetAll call. Returns 0 or a negative errno (see bus_call). */
/* flags: BUS_CALL_NO_ACTIVATE not to let D-Bus start limberd (watch). */
int status_fetch(sd_bus *bus, Status *s, unsigned flags);
/* The same without a word when limberd does not answer, and without starting it: for a look
 * before a command. Returns 0 or a negative errno. */
int status_fetch_quiet(sd_bus *bus, Status *s);
/* A GetAll of limberd's properties that does not start limberd, ready to send. */
int status_getall_message(sd_bus *bus, sd_bus_message **ret);

/* The active time at now: it grows from the sample while the user works. */
usec_t status_active_at(const Status *s, usec_t now);
/* Today's active time at now (limberd does not announce it: it is carried forward here). */
usec_t status_active_today_at(const Status *s, usec_t now);
/* Why time counts without input, in words ("in a call: camera in use"); NULL when it does not. */
const char *status_presence_text(const Status *s);
/* Progress toward the next break, 0..100. */
unsigned status_percent(const Status *s, usec_t now);

/* What the status says, in two parts: the state in words ("Working") with its colour, and the
 * rest ("1h 12m active, next break in 48m (at 14:05)"). Times are shown to granularity
 * (USEC_PER_SEC for a live view, USEC_PER_MINUTE for text that should change at most once a
 * minute). Returns 0 or -ENOMEM. */
int status_describe(const Status *s, usec_t now, usec_t granularity,
                    const char **ret_label, Color *ret_color, char **ret_detail);

/* Today's counts, "3 breaks taken, 1 skipped", in the user's language. NULL on OOM. */
char *status_today(const Status *s);

/* "● Working — 1h 12m active, next break in 48m (at 14:05)" without a newline. NULL on OOM. */
char *status_headline(const Status *s, usec_t now, const Style *style);
/* The full status: the headline, then progress, today's counts, idle, busy and posture. */
void status_print(const Status *s, usec_t now, const Style *style, FILE *f);
/* "  Problems: FILE:LINE: …", one a line; nothing when there are none. */
void status_print_problems(const Status *s, const Style *style, FILE *f);
/* The live view's line: "● Working ███▍░░░ 60%  1h 12m active, next break in 48m 12s (at 14:05)",
 * times shown to granularity. NULL on OOM. */
char *status_live_line(const Status *s, usec_t now, usec_t granularity, const Style *style);
/* The status as one JSON object (the fields of "limberctl status --json"). */
void status_json(Json *j, const Status *s, usec_t now);
/* One waybar line: {"text":…,"tooltip":…,"class":…,"percentage":…} without a newline; its
 * text changes at most once a minute. NULL on OOM. */
char *status_waybar(const Status *s, usec_t now);
/* The line while limberd is not running: the word "stopped", class "stopped". */
char *status_waybar_stopped(void);

/* The next moment after now at which what is shown to granularity changes by itself (a
 * countdown, the growing active time, the percentage); USEC_INFINITY when nothing moves. */
usec_t status_next_change(const Status *s, usec_t now, usec_t granularity);
