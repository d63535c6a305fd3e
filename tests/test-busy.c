/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The combining half of the busy module: which reason wins, that the callback runs only on a
 * change, that respect_dnd / respect_inhibitors switch their groups off. Busy without buses
 * starts no watcher, so the sources are set by hand. */
#include "busy/busy-watch.h"
#include "busy/busy.h"
#include "tap.h"
#include "util/log.h"

typedef struct Calls {
        unsigned n;
        char last[32];
} Calls;

static void on_changed(void *userdata, const char *reason) {
        Calls *c = userdata;

        c->n++;
        snprintf(c->last, sizeof(c->last), "%s", reason);
}

static Busy *new_busy(bool dnd, bool inhibitors, Calls *c) {
        Busy *b = NULL;

        CHECK_EQ(busy_new(NULL, NULL, NULL, dnd, inhibitors, on_changed, c, &b), 0);
        CHECK(b != NULL);
        CHECK_STREQ(busy_reason(b), "");
        return b;
}

static void test_combine(void) {
        Calls c = {};
        Busy *b = new_busy(true, true, &c);

        busy_source_set(b, BUSY_SOURCE_LOGIND, true);
        CHECK_EQ(c.n, 1);
        CHECK_STREQ(c.last, BUSY_REASON_IDLE_INHIBIT);
        CHECK_STREQ(busy_reason(b), BUSY_REASON_IDLE_INHIBIT);

        /* A second inhibitor source changes nothing. */
        busy_source_set(b, BUSY_SOURCE_GNOME_SESSION, true);
        CHECK_EQ(c.n, 1);

        /* Do-not-disturb wins over an inhibitor. */
        busy_source_set(b, BUSY_SOURCE_DUNST, true);
        CHECK_EQ(c.n, 2);
        CHECK_STREQ(c.last, BUSY_REASON_DND);

        /* Inhibitors going away while DND holds: still DND, no call. */
        busy_source_set(b, BUSY_SOURCE_LOGIND, false);
        busy_source_set(b, BUSY_SOURCE_GNOME_SESSION, false);
        CHECK_EQ(c.n, 2);
        CHECK_STREQ(busy_reason(b), BUSY_REASON_DND);

        /* Two DND sources: only the last one off ends it. */
        busy_set_gnome_dnd(b, true);
        CHECK_EQ(c.n, 2);
        busy_source_set(b, BUSY_SOURCE_DUNST, false);
        CHECK_EQ(c.n, 2);
        busy_set_gnome_dnd(b, false);
        CHECK_EQ(c.n, 3);
        CHECK_STREQ(c.last, "");
        CHECK_STREQ(busy_reason(b), "");

        /* The same value twice is no change. */
        busy_source_set(b, BUSY_SOURCE_KDE, false);
        CHECK_EQ(c.n, 3);
        busy_source_set(b, BUSY_SOURCE_KDE, true);
        busy_source_set(b, BUSY_SOURCE_KDE, true);
        CHECK_EQ(c.n, 4);
        CHECK_STREQ(c.last, BUSY_REASON_DND);

        /* DND ending with an inhibitor still there falls back to idle-inhibited. */
        busy_source_set(b, BUSY_SOURCE_GNOME_SESSION, true);
        CHECK_EQ(c.n, 4);
        busy_source_set(b, BUSY_SOURCE_KDE, false);
        CHECK_EQ(c.n, 5);
        CHECK_STREQ(c.last, BUSY_REASON_IDLE_INHIBIT);

        /* Out-of-range sources are ignored. */
        busy_source_set(b, _BUSY_SOURCE_MAX, true);
        CHECK_EQ(c.n, 5);

        /* Nothing to refresh without watchers. */
        CHECK_EQ(busy_refresh(b), 0);
        CHECK_EQ(c.n, 5);

        busy_free(b);
}

static void test_respect(void) {
        Calls c = {};
        Busy *b;

        /* respect_dnd off: every do-not-disturb source is ignored, inhibitors count. */
        b = new_busy(false, true, &c);
        busy_source_set(b, BUSY_SOURCE_DUNST, true);
        busy_source_set(b, BUSY_SOURCE_MAKO, true);
        busy_source_set(b, BUSY_SOURCE_KDE, true);
        busy_set_gnome_dnd(b, true);
        CHECK_EQ(c.n, 0);
        CHECK_STREQ(busy_reason(b), "");
        busy_source_set(b, BUSY_SOURCE_LOGIND, true);
        CHECK_EQ(c.n, 1);
        CHECK_STREQ(c.last, BUSY_REASON_IDLE_INHIBIT);
        busy_free(b);

        /* respect_inhibitors off: the reverse. */
        c = (Calls) {};
        b = new_busy(true, false, &c);
        busy_source_set(b, BUSY_SOURCE_LOGIND, true);
        busy_source_set(b, BUSY_SOURCE_GNOME_SESSION, true);
        CHECK_EQ(c.n, 0);
        busy_set_gnome_dnd(b, true);
        CHECK_EQ(c.n, 1);
        CHECK_STREQ(c.last, BUSY_REASON_DND);
        busy_set_gnome_dnd(b, false);
        CHECK_EQ(c.n, 2);
        CHECK_STREQ(c.last, "");
        busy_free(b);

        /* Both off: never busy (but for the camera and microphone, which [presence] governs). */
        c = (Calls) {};
        b = new_busy(false, false, &c);
        for (BusySource s = 0; s < BUSY_SOURCE_CAMERA; s++)
                busy_source_set(b, s, true);
        CHECK_EQ(c.n, 0);
        CHECK_STREQ(busy_reason(b), "");
        busy_free(b);
}

static void test_set_respect(void) {
        Calls c = {};
        Busy *b = new_busy(false, true, &c);

        /* GNOME's state comes in while do-not-disturb is not respected: kept, not counted. */
        busy_set_gnome_dnd(b, true);
        CHECK_EQ(c.n, 0);
        busy_source_set(b, BUSY_SOURCE_LOGIND, true);
        CHECK_EQ(c.n, 1);
        CHECK_STREQ(c.last, BUSY_REASON_IDLE_INHIBIT);

        /* Respecting it now: do-not-disturb at once, no bus needed. */
        CHECK_EQ(busy_set_respect(b, true, true), 0);
        CHECK_EQ(c.n, 2);
        CHECK_STREQ(c.last, BUSY_REASON_DND);

        /* The same configuration again changes nothing. */
        CHECK_EQ(busy_set_respect(b, true, true), 0);
        CHECK_EQ(c.n, 2);

        /* Inhibitors switched off: their watchers stop and their state is dropped... */
        CHECK_EQ(busy_set_respect(b, true, false), 0);
        CHECK_EQ(c.n, 2);
        busy_set_gnome_dnd(b, false);
        CHECK_EQ(c.n, 3);
        CHECK_STREQ(c.last, "");
        /* ... so switching them on again starts from "not busy" until a watcher says more. */
        CHECK_EQ(busy_set_respect(b, true, true), 0);
        CHECK_EQ(c.n, 3);
        CHECK_STREQ(busy_reason(b), "");

        busy_free(b);
}

static void test_null(void) {
        /* What the manager may do before or without a Busy. */
        CHECK_STREQ(busy_reason(NULL), "");
        busy_set_gnome_dnd(NULL, true);
        CHECK_EQ(busy_refresh(NULL), 0);
        CHECK(busy_free(NULL) == NULL);
}

static void test_list_contains(void) {
        CHECK(busy_list_contains("idle", ':', "idle"));
        CHECK(busy_list_contains("idle:sleep", ':', "idle"));
        CHECK(busy_list_contains("shutdown:sleep:idle", ':', "idle"));
        CHECK(busy_list_contains("sleep:idle:handle-lid-switch", ':', "idle"));
        CHECK(!busy_list_contains("", ':', "idle"));
        CHECK(!busy_list_contains(NULL, ':', "idle"));
        CHECK(!busy_list_contains("sleep", ':', "idle"));
        CHECK(!busy_list_contains("sleep:handle-lid-switch", ':', "idle"));
        CHECK(!busy_list_contains("idler:sleep", ':', "idle"));
        CHECK(!busy_list_contains("sleep:xidle", ':', "idle"));
        CHECK(!busy_list_contains("sleep:idl", ':', "idle"));
        CHECK(!busy_list_contains("idle", ':', ""));
}

static void on_inhibited(void *userdata, bool inhibited) {
        int *calls = userdata;

        *calls += inhibited ? 1 : 100;
}

/* The camera and microphone are busy reasons of their own, after do-not-disturb and before
 * an inhibitor; inhibitors are reported for presence even while not respected. */
static void test_devices_and_presence(void) {
        Calls c = {};
        Busy *b = new_busy(true, false, &c);
        int inhibited = 0;

        busy_set_devices(b, false, true);
        CHECK_EQ(c.n, 1);
        CHECK_STREQ(c.last, BUSY_REASON_MICROPHONE);
        busy_set_devices(b, true, true);
        CHECK_STREQ(c.last, BUSY_REASON_CAMERA);
        busy_set_gnome_dnd(b, true);
        CHECK_STREQ(c.last, BUSY_REASON_DND);
        busy_set_gnome_dnd(b, false);
        busy_set_devices(b, false, false);
        CHECK_EQ(c.n, 5);
        CHECK_STREQ(c.last, "");

        /* respect_inhibitors is off: an inhibitor is not busy, but presence hears of it. */
        CHECK_EQ(busy_watch_inhibitors(b, on_inhibited, &inhibited), 0);
        busy_source_set(b, BUSY_SOURCE_LOGIND, true);
        CHECK_EQ(inhibited, 1);
        CHECK(busy_inhibited(b));
        CHECK_STREQ(busy_reason(b), "");
        busy_source_set(b, BUSY_SOURCE_GNOME_SESSION, true);
        CHECK_EQ(inhibited, 1);
        busy_source_set(b, BUSY_SOURCE_LOGIND, false);
        busy_source_set(b, BUSY_SOURCE_GNOME_SESSION, false);
        CHECK_EQ(inhibited, 101);
        CHECK(!busy_inhibited(b));
        CHECK_EQ(c.n, 5);

        /* Respected, the microphone still names the reason over the inhibitor. */
        CHECK_EQ(busy_set_respect(b, true, true), 0);
        busy_source_set(b, BUSY_SOURCE_LOGIND, true);
        CHECK_STREQ(c.last, BUSY_REASON_IDLE_INHIBIT);
        busy_set_devices(b, false, true);
        CHECK_STREQ(c.last, BUSY_REASON_MICROPHONE);
        busy_set_devices(NULL, true, true);
        busy_free(b);
}

int main(void) {
        log_set_max_level(LOG_WARNING);
        test_combine();
        test_respect();
        test_set_respect();
        test_null();
        test_list_contains();
        test_devices_and_presence();
        return tap_finish("test-busy");
}
