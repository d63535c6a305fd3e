/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Crash safety of the files limberd writes, with real crashes: a child process writes in a
 * loop and is killed with SIGKILL at a random moment, over and over.
 *
 *   history: every record history_append() reported as written is read back, whole, in
 *            order, once; nothing but lines torn by the kills is ever skipped (at most one
 *            more a kill), and the next append after a crash stands on its own line.
 *   state:   state_save() replaces the file atomically: after any kill the file loads, and
 *            holds one of the states that were saved, never a mix.
 *
 * The seed is printed, so a failure can be repeated with LIMBER_CRASH_SEED. */
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "../tap.h"
#include "files/history-file.h"
#include "files/state-file.h"
#include "util/log.h"

#define ROUNDS 40

static char tmpdir[] = "/tmp/limber-crash-XXXXXX";
static char warnings[64 * 1024];

static void sink(int level, const char *message, void *userdata) {
        size_t n = strlen(warnings);

        if (level <= LOG_WARNING && n + strlen(message) + 2 < sizeof(warnings))
                snprintf(warnings + n, sizeof(warnings) - n, "%s\n", message);
}

static uint64_t rng_state;

static uint64_t rnd(void) {
        rng_state ^= rng_state << 13;
        rng_state ^= rng_state >> 7;
        rng_state ^= rng_state << 17;
        return rng_state;
}

/* The note of record i: varied lengths (up to the maximum), escapes and non-ASCII. */
static void note_of(unsigned i, char *buf, size_t size) {
        static const char * const pieces[] = { "walk", " ", "caf\xc3\xa9", "\t", "\\", "\xe2\x98\x95", "\n", "\x07" };
        size_t len = 0, want = (i * 37) % (HISTORY_NOTE_MAX - 8);

        len = (size_t) snprintf(buf, size, "#%u ", i);
        while (len < want) {
                const char *p = pieces[(i + len) % ELEMENTSOF(pieces)];

                if (len + strlen(p) >= want)
                        break;
                memcpy(buf + len, p, strlen(p));
                len += strlen(p);
        }
        buf[len] = '\0';
}

/* The child: appends records start, start + 1, … and reports each one written on the pipe. */
_Noreturn static void history_writer(const char *path, unsigned start, int fd) {
        char note[HISTORY_NOTE_MAX + 1];

        for (unsigned i = start;; i++) {
                HistoryRecord r = {
                        .realtime = 1000 + i,
                        .kind = (HistoryKind) (i % 5),
                        .duration = i * USEC_PER_SEC,
                        .exercises = i % 3 ? (char *) "cat-cow,neck-tilt" : (char *) "",
                        .note = note,
                };

                note_of(i, note, sizeof(note));
                if (history_append(path, &r) < 0)
                        _exit(1);
                if (write(fd, &i, sizeof(i)) != sizeof(i))
                        _exit(1);
        }
}

static void test_history_kill9(void) {
        _cleanup_(freep) char *path = NULL;
        unsigned in_file = 0;           /* records 0..in_file-1 are in the file */
        unsigned torn = 0;              /* torn lines in the file */

        if (asprintf(&path, "%s/history", tmpdir) < 0)
                abort();

        for (unsigned round = 0; round < ROUNDS; round++) {
                char note[HISTORY_NOTE_MAX + 1];
                unsigned want = 1 + (unsigned) (rnd() % 30), acked = 0, got, lines;
                HistoryRecord *r = NULL;
                size_t n = 0;
                int p[2], status;
                pid_t pid;

                CHECK(pipe(p) == 0);
                pid = fork();
                CHECK(pid >= 0);
                if (pid == 0) {
                        close(p[0]);
                        history_writer(path, in_file, p[1]);
                }
                close(p[1]);
                /* Let it write some records, then kill it wherever it is. */
                while (acked < want && read(p[0], &got, sizeof(got)) == sizeof(got))
                        acked++;
                if (rnd() % 2)
                        usleep((useconds_t) (rnd() % 3000));
                kill(pid, SIGKILL);
                while (read(p[0], &got, sizeof(got)) == sizeof(got))
                        acked++;        /* reported before it died */
                close(p[0]);
                CHECK(waitpid(pid, &status, 0) == pid);
                CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

                /* Records 0..n-1, whole and in order: every acknowledged one, and at most one
                 * more (written, then killed before it could say so). */
                warnings[0] = '\0';
                CHECK(history_read(path, 0, USEC_INFINITY, &r, &n) == 0);
                CHECK(n >= in_file + acked);
                CHECK(n <= in_file + acked + 1);
                for (size_t i = 0; i < n; i++) {
                        note_of((unsigned) i, note, sizeof(note));
                        if (r[i].realtime != 1000 + i || !streq(r[i].note, note) ||
                            r[i].duration != i * USEC_PER_SEC || r[i].kind != (HistoryKind) (i % 5)) {
                                fprintf(stderr, "round %u: record %zu is not what was written\n", round, i);
                                CHECK(false);
                                break;
                        }
                }
                /* Nothing is skipped but lines torn by kills: a torn line stays in the file
                 * (closed, and named on every read), so each kill may add at most one. */
                lines = 0;
                for (const char *w = warnings, *end; (end = strchr(w, '\n')); w = end + 1) {
                        CHECK(memmem(w, (size_t) (end - w), "torn", 4) != NULL);
                        lines++;
                }
                CHECK(lines <= torn + 1);
                if (lines > 0)
                        fprintf(stderr, "round %u: %s", round, warnings);
                torn = lines;
                history_records_free(r, n);
                in_file = (unsigned) n;
        }
        printf("history: %u records over %u kills, none lost\n", in_file, ROUNDS);
}

/* The child: saves states whose fields all carry the same number, i, i+1, … */
_Noreturn static void state_writer(const char *path, unsigned start) {
        for (unsigned i = start;; i++) {
                char id[32], *plan[4] = { id, id, NULL, NULL };
                SavedState s = {
                        .saved_realtime = i,
                        .active_usec = i,
                        .paused_until = i % 7 ? i : USEC_INFINITY,
                        .plan = plan,
                        .previous_plan = i % 2 ? plan : NULL,
                };

                snprintf(id, sizeof(id), "ex-%u", i);
                if (state_save(path, &s) < 0)
                        _exit(1);
        }
}

static void test_state_kill9(void) {
        _cleanup_(freep) char *path = NULL;
        unsigned start = 1;

        if (asprintf(&path, "%s/state/state", tmpdir) < 0)
                abort();

        for (unsigned round = 0; round < ROUNDS; round++) {
                _cleanup_(saved_state_done) SavedState s = {};
                char id[32];
                int status, r;
                pid_t pid;

                pid = fork();
                CHECK(pid >= 0);
                if (pid == 0)
                        state_writer(path, start);
                usleep((useconds_t) (2000 + rnd() % 20000));
                kill(pid, SIGKILL);
                CHECK(waitpid(pid, &status, 0) == pid);

                warnings[0] = '\0';
                r = state_load(path, &s);
                if (r == -ENOENT)
                        continue;       /* killed before its first rename */
                CHECK(r == 0);
                if (r < 0) {
                        fprintf(stderr, "round %u: state_load: %s; %s", round, strerror(-r), warnings);
                        continue;
                }
                snprintf(id, sizeof(id), "ex-%" PRIu64, s.saved_realtime);
                CHECK(s.saved_realtime >= 1);
                CHECK(s.active_usec == s.saved_realtime);
                CHECK(s.paused_until == (s.saved_realtime % 7 ? s.saved_realtime : USEC_INFINITY));
                CHECK(strv_length(s.plan) == 2 && streq(s.plan[0], id) && streq(s.plan[1], id));
                CHECK(strv_length(s.previous_plan) == (s.saved_realtime % 2 ? 2 : 0));
                start = (unsigned) s.saved_realtime + 1;
        }
        printf("state: loads after each of %u kills\n", ROUNDS);
}

int main(void) {
        const char *seed = getenv("LIMBER_CRASH_SEED");

        rng_state = seed ? strtoull(seed, NULL, 0) : (uint64_t) time(NULL) * 2654435761U + (uint64_t) getpid();
        if (rng_state == 0)
                rng_state = 1;
        printf("seed: LIMBER_CRASH_SEED=%" PRIu64 "\n", rng_state);
        if (!mkdtemp(tmpdir))
                return 1;
        log_set_sink(sink, NULL);

        test_history_kill9();
        test_state_kill9();

        {
                char cmd[128];

                snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
                if (system(cmd) != 0)
                        return 1;
        }
        return tap_finish("test-crash");
}
