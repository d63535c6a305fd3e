/* SPDX-License-Identifier: GPL-3.0-or-later */
/* limberctl's built-in list of configuration keys (for completion without limberd) is the
 * daemon's, key for key, in its order. */
#include "core/config.h"
#include "ctl-complete.h"
#include "tap.h"

int main(void) {
        const char * const *keys = config_keys();
        size_t i = 0;

        for (; keys[i] && complete_keys[i].key; i++) {
                CHECK_STREQ(complete_keys[i].key, keys[i]);
                CHECK(complete_keys[i].values && complete_keys[i].values[0]);
        }
        CHECK(keys[i] == NULL);
        if (keys[i])
                fprintf(stderr, "  %s is missing from complete_keys (ctl/ctl-complete.c)\n", keys[i]);
        CHECK(complete_keys[i].key == NULL);
        return tap_finish("test-ctl-complete");
}
