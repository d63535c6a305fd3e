/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sync folder (daemon/sync/sync.c) on a real folder and a real inotify: a peer's file read
 * from where it was left, a replaced file (a sync engine's rename) continued, a torn line
 * awaited, records from the future refused, conflict copies reported, this machine's records
 * written to its own subfolder. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sync/sync.h"
#include "tap.h"

static char folder[] = "/tmp/test-sync-XXXXXX";
static char peer[256];
static unsigned changes;

static void on_changed(void *userdata) {
        changes++;
}

/* Dispatches what inotify reported, until nothing comes for 100 ms. */
static void settle(sd_event *e) {
        while (sd_event_run(e, 100 * USEC_PER_MSEC) > 0)
                ;
}

static void write_file(const char *path, const char *text, int flags) {
        int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0600);

        CHECK(fd >= 0);
        CHECK_EQ(write(fd, text, strlen(text)), (ssize_t) strlen(text));
        close(fd);
}

static char *span_line(usec_t start, usec_t duration) {
        return strdup_printf("v1\t%" PRIu64 "\tactive\t%" PRIu64 "\t\t\n", start, duration);
}

static size_t count_spans(Sync *s, unsigned machine, size_t *ret_breaks) {
        _cleanup_(freep) SyncSpan *spans = NULL;
        _cleanup_(freep) SyncBreak *breaks = NULL;
        size_t n_spans = 0, n_breaks = 0, n = 0;

        CHECK_EQ(sync_gather(s, now_realtime(), &spans, &n_spans, &breaks, &n_breaks), 0);
        for (size_t i = 0; i < n_spans; i++)
                n += spans[i].machine == machine;
        if (ret_breaks)
                *ret_breaks = n_breaks;
        return n;
}

static bool problem_has(Sync *s, const char *text) {
        _cleanup_(strv_freep) char **l = NULL;

        CHECK_EQ(sync_problems(s, &l), 0);
        for (char **p = l; p && *p; p++)
                if (strstr(*p, text))
                        return true;
        return false;
}

int main(void) {
        _cleanup_(sd_event_unrefp) sd_event *e = NULL;
        _cleanup_(sync_freep) Sync *s = NULL;
        _cleanup_(freep) char *activity = NULL, *tmp = NULL, *conflict = NULL, *history = NULL, *own = NULL;
        _cleanup_(freep) char *l1 = NULL, *l2 = NULL, *l3 = NULL, *future = NULL, *both = NULL;
        usec_t now = now_realtime();
        size_t n_breaks = 0;
        struct stat st;

        CHECK(mkdtemp(folder) != NULL);
        snprintf(peer, sizeof(peer), "%s/0123456789abcdef-peer", folder);
        CHECK_EQ(mkdir(peer, 0700), 0);
        activity = strdup_printf("%s/activity", peer);
        tmp = strdup_printf("%s/.syncthing.activity.tmp", peer);
        conflict = strdup_printf("%s/activity.sync-conflict-20261207-063000-ABCDEFG", peer);
        history = strdup_printf("%s/history", peer);
        l1 = span_line(now - 600 * USEC_PER_SEC, 60 * USEC_PER_SEC);
        l2 = span_line(now - 500 * USEC_PER_SEC, 60 * USEC_PER_SEC);
        l3 = span_line(now - 400 * USEC_PER_SEC, 60 * USEC_PER_SEC);
        future = span_line(now + 3600 * USEC_PER_SEC, 60 * USEC_PER_SEC);
        write_file(activity, l1, O_TRUNC);

        CHECK_EQ(sd_event_new(&e), 0);
        CHECK_EQ(sync_new(e, folder, "me", on_changed, NULL, &s), 0);
        CHECK(s != NULL);
        CHECK_STREQ(sync_machine_name(s, 1), "peer");
        CHECK_STREQ(sync_machine_name(s, 0), "me");
        own = strdup_printf("%s/%s", folder, sync_own_dir(s));
        CHECK(stat(own, &st) == 0 && S_ISDIR(st.st_mode));
        CHECK_EQ(count_spans(s, 1, NULL), 1);

        /* An append: read from where it was left, announced once. */
        write_file(activity, l2, O_APPEND);
        settle(e);
        CHECK(changes >= 1);
        CHECK_EQ(count_spans(s, 1, NULL), 2);

        /* Half a line: not counted, reported, awaited; whole, it counts. */
        write_file(activity, "v1\t", O_APPEND);
        settle(e);
        CHECK(problem_has(s, "0123456789abcdef-peer/activity ends in a torn line"));
        CHECK_EQ(count_spans(s, 1, NULL), 2);
        write_file(activity, l3 + 3, O_APPEND);
        settle(e);
        CHECK(!problem_has(s, "torn"));
        CHECK_EQ(count_spans(s, 1, NULL), 3);

        /* From the future: refused and reported. */
        write_file(activity, future, O_APPEND);
        settle(e);
        CHECK(problem_has(s, "has 1 record(s) from the future"));
        CHECK_EQ(count_spans(s, 1, NULL), 3);

        /* A sync engine's replacement (a new file renamed over the old, the same beginning):
         * only what follows is read. */
        both = strdup_printf("%s%s%s%s%s", l1, l2, l3, future, l1);
        write_file(tmp, both, O_TRUNC);
        CHECK_EQ(rename(tmp, activity), 0);
        settle(e);
        CHECK_EQ(count_spans(s, 1, NULL), 4);

        /* Shorter than what was read: read again from the start. */
        write_file(activity, l1, O_TRUNC);
        settle(e);
        CHECK_EQ(count_spans(s, 1, NULL), 1);

        /* Conflict copies are reported while they are there, and never read; a sync engine's
         * temporary file on its way to becoming one is not one yet. */
        {
                _cleanup_(freep) char *t = strdup_printf("%s/.syncthing.activity.sync-conflict-20261207-063000-ABCDEFG.tmp",
                                                         peer);

                write_file(t, l2, O_TRUNC);
                settle(e);
                CHECK(!problem_has(s, "conflict"));
                CHECK_EQ(unlink(t), 0);
        }
        write_file(conflict, l2, O_TRUNC);
        settle(e);
        CHECK(problem_has(s, "activity.sync-conflict-20261207-063000-ABCDEFG is a sync engine's conflict copy"));
        CHECK_EQ(count_spans(s, 1, NULL), 1);
        CHECK_EQ(unlink(conflict), 0);
        settle(e);
        CHECK(!problem_has(s, "conflict"));

        /* A break in the peer's history. */
        {
                _cleanup_(freep) char *b = strdup_printf("v1\t%" PRIu64 "\ttaken\t%" PRIu64 "\tneck-tilt\t\n",
                                                         now - 300 * USEC_PER_SEC, 60 * USEC_PER_SEC);
                write_file(history, b, O_TRUNC);
        }
        settle(e);
        (void) count_spans(s, 1, &n_breaks);
        CHECK_EQ(n_breaks, 1);

        /* This machine's records go to its own subfolder, and count as machine 0. */
        {
                HistoryRecord r = { .realtime = now - 100 * USEC_PER_SEC, .kind = HISTORY_ACTIVE,
                                    .duration = 50 * USEC_PER_SEC };
                _cleanup_(freep) char *mine = strdup_printf("%s/activity", own);

                CHECK_EQ(sync_append(s, true, &r), 0);
                CHECK(stat(mine, &st) == 0 && st.st_size > 0);
                CHECK_EQ(count_spans(s, 0, NULL), 1);
        }

        /* A new machine appears. */
        {
                _cleanup_(freep) char *d = strdup_printf("%s/fedcba9876543210-other", folder);
                _cleanup_(freep) char *f = strdup_printf("%s/activity", d);

                CHECK_EQ(mkdir(d, 0700), 0);
                settle(e);
                write_file(f, l2, O_TRUNC);
                settle(e);
                CHECK_EQ(count_spans(s, 2, NULL), 1);
                CHECK_STREQ(sync_machine_name(s, 2), "other");
        }

        s = sync_free(s);
        {
                _cleanup_(freep) char *cmd = strdup_printf("rm -rf '%s'", folder);
                CHECK_EQ(system(cmd), 0);
        }
        return tap_finish("test-sync");
}
