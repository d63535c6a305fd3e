/* SPDX-License-Identifier: GPL-3.0-or-later */
/* state_load(): the running count limberd keeps in $XDG_STATE_HOME/limber/state. A file it
 * accepts holds only exercise ids in its plans, and saving what was loaded and loading it
 * again gives the same state. */
#include <inttypes.h>

#include "core/state.h"
#include "files/state-file.h"
#include "fuzz.h"

static bool ids_valid(char **l) {
        for (; l && *l; l++) {
                size_t len = strlen(*l);

                if (len == 0 || strspn(*l, "abcdefghijklmnopqrstuvwxyz0123456789-") != len)
                        return false;
        }
        return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        _cleanup_(saved_state_done) SavedState s = {}, again = {};
        _cleanup_(freep) char *copy = NULL;
        const char *path;
        int r;

        fuzz_setup();
        fuzz_file(data, size, &path);

        r = state_load(path, &s);
        if (r < 0) {
                if (r != -EBADMSG && r != -EFBIG && r != -ENOMEM)
                        fuzz_fail("state_load() returned %d", r);
                return 0;
        }
        if (!ids_valid(s.plan) || !ids_valid(s.previous_plan))
                fuzz_fail("state_load() accepted a plan with a bad id");

        if (asprintf(&copy, "%s/state/state", fuzz_tmpdir()) < 0)
                abort();
        r = state_save(copy, &s);
        if (r < 0)
                fuzz_fail("state_save() of a loaded state failed: %s", strerror(-r));
        r = state_load(copy, &again);
        (void) unlink(copy);
        copy[strlen(copy) - strlen("/state")] = '\0';
        (void) rmdir(copy);
        if (r < 0)
                fuzz_fail("a saved state does not load: %s", strerror(-r));
        if (again.saved_realtime != s.saved_realtime || again.active_usec != s.active_usec ||
            again.paused_until != s.paused_until || again.skips != s.skips ||
            !strv_equal(again.plan, s.plan) ||
            !strv_equal(again.previous_plan, s.previous_plan))
                fuzz_fail("the state changed when saved and loaded again");
        return 0;
}
