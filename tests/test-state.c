/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <sys/stat.h>

#include "core/state.h"
#include "files/paths.h"
#include "files/state-file.h"
#include "tap.h"
#include "util/log.h"

static unsigned warnings;
static char last_warning[512];

static void sink(int level, const char *message, void *userdata) {
        if (level <= LOG_WARNING) {
                warnings++;
                snprintf(last_warning, sizeof(last_warning), "%s", message);
        }
}

static void write_text(const char *path, const char *text) {
        CHECK_EQ(write_file_atomic(path, text, strlen(text), 0600), 0);
}

int main(void) {
        char dir[] = "/tmp/test-state-XXXXXX", path[256];
        char *plan[] = { (char *) "shoulder-rotation", (char *) "cat-cow", NULL };
        SavedState s = {}, in = {
                .saved_realtime = 1700000000000000ULL,
                .active_usec = 4242 * USEC_PER_SEC,
                .paused_until = USEC_INFINITY,
                .plan = plan,
                .skips = 3,
        };
        struct stat st;

        log_set_sink(sink, NULL);
        CHECK(mkdtemp(dir) != NULL);
        snprintf(path, sizeof(path), "%s/sub/limber/state", dir);

        CHECK_EQ(state_load(path, &s), -ENOENT);
        CHECK_EQ(state_save(path, &in), 0);
        CHECK_EQ(stat(path, &st), 0);
        CHECK_EQ(st.st_mode & 0777, 0600);
        snprintf(path, sizeof(path), "%s/sub/limber", dir);
        CHECK_EQ(stat(path, &st), 0);
        CHECK_EQ(st.st_mode & 0777, 0700);
        snprintf(path, sizeof(path), "%s/sub/limber/state", dir);

        CHECK_EQ(state_load(path, &s), 0);
        CHECK_EQ(s.saved_realtime, in.saved_realtime);
        CHECK_EQ(s.active_usec, in.active_usec);
        CHECK(s.paused_until == USEC_INFINITY);
        CHECK_EQ(strv_length(s.plan), 2);
        CHECK_STREQ(s.plan[1], "cat-cow");
        CHECK(s.previous_plan == NULL);
        CHECK_EQ(s.skips, 3);
        saved_state_done(&s);

        in.paused_until = 0;
        in.plan = NULL;
        CHECK_EQ(state_save(path, &in), 0);
        CHECK_EQ(state_load(path, &s), 0);
        CHECK_EQ(s.paused_until, 0);
        CHECK(s.plan == NULL);
        saved_state_done(&s);

        /* Unknown keys from a newer version are fine. */
        write_text(path, "saved=5\nactive=6\nfuture=yes\n");
        CHECK_EQ(state_load(path, &s), 0);
        CHECK_EQ(s.active_usec, 6);
        saved_state_done(&s);

        /* Damage is refused with the line named, never half-applied. */
        warnings = 0;
        write_text(path, "saved=5\nactive=-6\n");
        CHECK_EQ(state_load(path, &s), -EBADMSG);
        CHECK(strstr(last_warning, "state:2:") != NULL);
        write_text(path, "saved=5\n\x01\x02garbage\n");
        CHECK_EQ(state_load(path, &s), -EBADMSG);
        write_text(path, "saved=5\n");
        CHECK_EQ(state_load(path, &s), -EBADMSG);
        write_text(path, "saved=5\nactive=6\nplan=Bad Id\n");
        CHECK_EQ(state_load(path, &s), -EBADMSG);
        CHECK_EQ(warnings, 4);
        CHECK(s.plan == NULL);

        return tap_finish("test-state");
}
