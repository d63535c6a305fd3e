/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every file limberd reads, replaced by something that is not a regular file: a FIFO (whose
 * open() would block forever without O_NONBLOCK), a character device, a folder, a symlink
 * loop. Each reader refuses it at once with an error, and the writers do not write into it.
 * An alarm turns a hang into a failure. */
#include <signal.h>
#include <sys/stat.h>

#include "../tap.h"
#include "files/catalog-load.h"
#include "files/config-file.h"
#include "files/history-file.h"
#include "files/state-file.h"
#include "util/log.h"

static char tmpdir[] = "/tmp/limber-special-XXXXXX";

static void sink(int level, const char *message, void *userdata) {
}

static void on_alarm(int sig) {
        static const char msg[] = "test-special-files: a reader hangs on a special file\n";

        (void) !write(STDERR_FILENO, msg, sizeof(msg) - 1);
        _exit(1);
}

typedef enum Kind { FIFO, DEVICE, FOLDER, LOOP, _KIND_MAX } Kind;
static const char * const kind_name[_KIND_MAX] = { "fifo", "device", "folder", "loop" };

static char *make(Kind k) {
        char *path = NULL;

        if (asprintf(&path, "%s/%s", tmpdir, kind_name[k]) < 0)
                abort();
        (void) unlink(path);
        (void) rmdir(path);
        switch (k) {
        case FIFO:
                CHECK(mkfifo(path, 0600) == 0);
                break;
        case DEVICE:
                CHECK(symlink("/dev/null", path) == 0);
                break;
        case FOLDER:
                CHECK(mkdir(path, 0700) == 0);
                break;
        case LOOP:
                CHECK(symlink(kind_name[LOOP], path) == 0);
                break;
        default:
                abort();
        }
        return path;
}

int main(void) {
        if (!mkdtemp(tmpdir))
                return 1;
        log_set_sink(sink, NULL);
        signal(SIGALRM, on_alarm);

        for (Kind k = 0; k < _KIND_MAX; k++) {
                _cleanup_(freep) char *path = make(k), *error = NULL;
                _cleanup_(config_done) Config c = {};
                _cleanup_(saved_state_done) SavedState s = {};
                _cleanup_(catalog_freep) Catalog *cat = NULL;
                HistoryRecord *records = NULL, r = { .realtime = 1, .kind = HISTORY_LOGGED };
                size_t n = 0;

                alarm(10);
                CHECK(config_init(&c) == 0);
                CHECK(config_parse_file(&c, path, &error) < 0);
                CHECK(error && strstr(error, path) == error);
                if (error)
                        printf("%s: config: %s\n", kind_name[k], error);
                CHECK(catalog_load(path, NULL, NULL, &cat) < 0);
                CHECK(state_load(path, &s) < 0);
                CHECK(history_read(path, 0, USEC_INFINITY, &records, &n) < 0);
                history_records_free(records, n);
                /* Appending to a FIFO or a device would hand the record to whoever reads it. */
                CHECK(history_append(path, &r) < 0);
                alarm(0);
        }

        {
                char cmd[128];

                snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
                if (system(cmd) != 0)
                        return 1;
        }
        return tap_finish("test-special-files");
}
