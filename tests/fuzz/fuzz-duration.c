/* SPDX-License-Identifier: GPL-3.0-or-later */
/* duration_parse(): what limberctl's arguments and every duration in limber.ini go through.
 * A parsed duration formats back to text that parses to the same value; a refused one comes
 * with a reason. */
#include <inttypes.h>

#include "fuzz.h"
#include "util/duration.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        _cleanup_(freep) char *text = NULL, *error = NULL;
        char buf[DURATION_FORMAT_MAX];
        usec_t u = 0, again = 0;
        int r;

        fuzz_setup();
        if (size > 4096)
                return 0;
        text = fuzz_string(data, size);

        r = duration_parse(text, &u, &error);
        if (r < 0) {
                if (r != -EINVAL && r != -ERANGE && r != -ENOMEM)
                        fuzz_fail("duration_parse(\"%s\") returned %d", text, r);
                if (r != -ENOMEM && isempty(error))
                        fuzz_fail("duration_parse(\"%s\") failed without a reason", text);
                return 0;
        }
        if (error)
                fuzz_fail("duration_parse(\"%s\") succeeded but set an error", text);
        if (u == USEC_INFINITY)
                fuzz_fail("duration_parse(\"%s\") gave USEC_INFINITY", text);
        if (u % USEC_PER_SEC != 0)
                fuzz_fail("duration_parse(\"%s\") gave a fraction of a second", text);

        duration_format(buf, u);
        r = duration_parse(buf, &again, NULL);
        if (r < 0 || again != u)
                fuzz_fail("\"%s\" = %" PRIu64 " us formats as \"%s\", which parses to %" PRIu64 " (%d)",
                          text, u, buf, again, r);
        return 0;
}
