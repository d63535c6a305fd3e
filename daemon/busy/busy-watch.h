/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The small interface between busy.c and its watchers. Every desktop signal busy.c follows
 * is one property of one well-known bus name: dunst's "paused", KDE's "Inhibited", mako's
 * "Modes", logind's "BlockInhibited", gnome-session's "InhibitedActions", or one setting of
 * xfconf (Xfce's /do-not-disturb), which has a getter and a change signal of its own. Each busy-*.c file
 * describes its property in a BusyWatchSpec; busy-watch.c does the rest, once for all of
 * them: it follows the name's owner (NameOwnerChanged), reads the property when an owner
 * appears, and listens to PropertiesChanged (the new value, or an invalidation that makes it
 * read the property again). No polling: a server that announces nothing is read only when
 * busy_refresh() asks. */

#include <systemd/sd-bus.h>

#include "util/util.h"

/* Who says the user is busy; busy.c combines them. */
typedef enum BusySource {
        BUSY_SOURCE_GNOME_DND,          /* GSettings, through the notifications module */
        BUSY_SOURCE_DUNST,
        BUSY_SOURCE_KDE,
        BUSY_SOURCE_MAKO,
        BUSY_SOURCE_XFCE,
        BUSY_SOURCE_LOGIND,
        BUSY_SOURCE_GNOME_SESSION,
        _BUSY_SOURCE_MAX,
} BusySource;

typedef struct BusyWatchSpec {
        BusySource source;
        const char *label;              /* for the log: "dunst" */
        bool system_bus;
        const char *name;               /* well-known bus name */
        const char *path;
        const char *interface;
        const char *property;
        const char *signature;          /* of the property's value, e.g. "b" */
        /* Optional: a method that returns the same value, for servers too old to have the
         * property (mako before 1.10 has ListModes but no Modes). Such a server announces no
         * change, so its value is only as fresh as the last busy_watch_refresh(). */
        const char *fallback_method;
        /* Optional, for a value that is no D-Bus property (xfconf's settings): the method of
         * `interface` that reads it, given the two strings get_args and answering a variant,
         * and the signals that announce it changed (its first two arguments those strings, the
         * new value a variant third) or went away (then it means not busy). */
        const char *get_method;
        const char *get_args[2];
        const char *changed_signal;
        const char *removed_signal;
        /* Reads a value of `signature` from m (positioned at it) and says whether it means
         * busy. Returns 0 or a negative errno. */
        int (*parse)(sd_bus_message *m, bool *ret_busy);
} BusyWatchSpec;

extern const BusyWatchSpec busy_watch_dunst;
extern const BusyWatchSpec busy_watch_kde;
extern const BusyWatchSpec busy_watch_mako;
extern const BusyWatchSpec busy_watch_xfce;
extern const BusyWatchSpec busy_watch_logind;
extern const BusyWatchSpec busy_watch_gnome_session;

typedef struct BusyWatch BusyWatch;

/* Called when the watched state changes (only then). */
typedef void (*busy_watch_report_t)(void *userdata, BusySource source, bool busy);

/* Starts watching spec's property on bus. A missing service is not an error: the state is
 * "not busy" until it appears. Returns 0 or -errno. */
int busy_watch_new(sd_bus *bus, const BusyWatchSpec *spec, busy_watch_report_t report, void *userdata,
                   BusyWatch **ret);
BusyWatch *busy_watch_free(BusyWatch *w);
static inline void busy_watch_freep(BusyWatch **w) {
        busy_watch_free(*w);
}

/* Re-reads, synchronously, a value no signal announces (a fallback_method server). Returns 1
 * when it read something, 0 when nothing needed reading, or -errno. */
int busy_watch_refresh(BusyWatch *w);
/* Whether w's server announces no change (read with the fallback method); false for NULL. */
bool busy_watch_unannounced(const BusyWatch *w);

/* Parse helpers shared by the specs. busy_read_basic() reads one value of a basic type
 * (like sd_bus_message_read_basic()) and fails with -EBADMSG when there is none. */
int busy_read_basic(sd_bus_message *m, char type, void *ret);
int busy_parse_bool(sd_bus_message *m, bool *ret_busy);

/* Whether word is one of the sep-separated items of list ("idle" in "sleep:idle"). */
bool busy_list_contains(const char *list, char sep, const char *word);

/* For busy.c and its unit test: sets one source and runs the changed callback if the
 * combined reason changed. Sources of a group that is not respected do not count. */
typedef struct Busy Busy;
void busy_source_set(Busy *b, BusySource source, bool busy);
