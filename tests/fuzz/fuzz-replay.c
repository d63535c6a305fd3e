/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fuzz targets without libFuzzer: feeds every file in the folders (or files) given on the
 * command line to LLVMFuzzerTestOneInput() once. Built with the normal compiler and run by
 * meson test over the seed corpus and the regressions, so every input a fuzzer ever broke
 * limberd with is checked on every test run. A broken invariant aborts. */
#include <dirent.h>
#include <sys/stat.h>

#include "files/paths.h"
#include "fuzz.h"

static int replay_file(const char *path) {
        _cleanup_(freep) char *data = NULL;
        size_t size = 0;
        int r;

        /* The largest input worth replaying: libFuzzer's -max_len here is far smaller. */
        r = read_file_full(path, 4U * 1024U * 1024U, &data, &size);
        if (r < 0) {
                fprintf(stderr, "%s: cannot read: %s\n", path, strerror(-r));
                return r;
        }
        (void) LLVMFuzzerTestOneInput((const uint8_t *) data, size);
        return 0;
}

static int compare(const struct dirent **a, const struct dirent **b) {
        return strcmp((*a)->d_name, (*b)->d_name);
}

static int skip_hidden(const struct dirent *de) {
        return de->d_name[0] != '.';
}

int main(int argc, char *argv[]) {
        unsigned n_files = 0;
        int failed = 0;

        if (argc < 2) {
                fprintf(stderr, "Usage: %s FOLDER|FILE...\n", argv[0]);
                return 2;
        }
        for (int i = 1; i < argc; i++) {
                struct dirent **entries = NULL;
                struct stat st;
                int n;

                if (stat(argv[i], &st) < 0) {
                        fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
                        failed = 1;
                        continue;
                }
                if (!S_ISDIR(st.st_mode)) {
                        failed |= replay_file(argv[i]) < 0;
                        n_files++;
                        continue;
                }
                n = scandir(argv[i], &entries, skip_hidden, compare);
                if (n < 0) {
                        fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
                        failed = 1;
                        continue;
                }
                for (int j = 0; j < n; j++) {
                        _cleanup_(freep) char *path = NULL;

                        if (asprintf(&path, "%s/%s", argv[i], entries[j]->d_name) >= 0 &&
                            stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                                failed |= replay_file(path) < 0;
                                n_files++;
                        }
                        free(entries[j]);
                }
                free(entries);
        }
        printf("%s: %u inputs replayed%s\n", argv[0], n_files, failed ? ", some could not be read" : "");
        return failed || n_files == 0;
}
