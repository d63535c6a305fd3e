/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One person's count across machines (daemon/sync/sync-count.c). */

#include "sync/sync-count.h"
#include "tap.h"

#define MIN_ (60 * USEC_PER_SEC)
#define T0 (UINT64_C(1800000000) * USEC_PER_SEC)        /* any wall-clock time */
#define AT(m) (T0 + (usec_t) (m) * MIN_)
#define SKEW SYNC_SKEW_USEC

static usec_t count(const SyncSpan *s, size_t ns, const SyncBreak *b, size_t nb, usec_t now, size_t *ret_break) {
        usec_t active = USEC_INFINITY;

        CHECK_EQ(sync_count(s, ns, b, nb, now, SKEW, &active, ret_break), 0);
        return active;
}

static void test_alone(void) {
        SyncSpan s[] = { { AT(0), AT(30), 0 }, { AT(40), AT(70), 0 } };
        size_t last = 0;

        CHECK_EQ(count(NULL, 0, NULL, 0, AT(10), &last), 0);
        CHECK_EQ(last, SIZE_MAX);
        CHECK_EQ(count(s, 2, NULL, 0, AT(100), NULL), 60 * MIN_);
        /* Up to now only: the part of a span after now is not counted yet. */
        CHECK_EQ(count(s, 2, NULL, 0, AT(50), NULL), 40 * MIN_);
}

/* Work 1 h on A, then 1 h on B: 2 h for the person. */
static void test_two_machines_one_after_the_other(void) {
        SyncSpan s[] = { { AT(0), AT(60), 0 }, { AT(61), AT(121), 1 } };

        CHECK_EQ(count(s, 2, NULL, 0, AT(121), NULL), 120 * MIN_);
}

/* Both in use at once (a video on one, typing on the other), or a clock a few seconds off:
 * the time counts once. */
static void test_overlap_counted_once(void) {
        SyncSpan s[] = { { AT(0), AT(60), 0 }, { AT(30), AT(90), 1 }, { AT(40), AT(50), 2 },
                         { AT(90) - 3 * USEC_PER_SEC, AT(100), 0 } };

        CHECK_EQ(count(s, 4, NULL, 0, AT(100), NULL), 100 * MIN_);
}

/* A break taken on B resets the count on every machine: only what came after counts. */
static void test_break_anywhere_resets(void) {
        SyncSpan s[] = { { AT(0), AT(60), 0 }, { AT(60), AT(90), 1 }, { AT(95), AT(100), 0 } };
        SyncBreak b[] = { { AT(90), AT(95), 1, false } };
        size_t last = SIZE_MAX;

        CHECK_EQ(count(s, 3, b, 1, AT(100), &last), 5 * MIN_);
        CHECK_EQ(last, 0);
        /* The latest break is the one that counts, whatever the order of the records. */
        SyncBreak two[] = { { AT(90), AT(95), 1, false }, { AT(20), AT(25), 0, false } };
        CHECK_EQ(count(s, 3, two, 2, AT(100), &last), 5 * MIN_);
        CHECK_EQ(last, 0);
}

/* A natural break is a break only when every machine was idle: A idle while the person
 * worked on B is not one. */
static void test_natural_only_when_all_idle(void) {
        SyncSpan s[] = { { AT(0), AT(30), 0 }, { AT(30), AT(90), 1 } };
        SyncBreak a_idle[] = { { AT(30), AT(90), 0, true } };
        size_t last = 0;

        CHECK(!sync_break_valid(&a_idle[0], s, 2, SKEW));
        CHECK_EQ(count(s, 2, a_idle, 1, AT(90), &last), 90 * MIN_);
        CHECK_EQ(last, SIZE_MAX);

        /* Both idle from 90 to 100: a break, reported by either. */
        SyncSpan s2[] = { { AT(0), AT(30), 0 }, { AT(30), AT(90), 1 }, { AT(100), AT(110), 0 } };
        SyncBreak both[] = { { AT(30), AT(100), 0, true }, { AT(90), AT(100), 1, true } };
        CHECK_EQ(count(s2, 3, both, 2, AT(110), &last), 10 * MIN_);
        CHECK_EQ(last, 1);

        /* B's clock a few seconds ahead: its span seems to end just inside A's natural break,
         * which still stands. */
        SyncSpan s3[] = { { AT(0), AT(30) + 3 * USEC_PER_SEC, 1 }, { AT(40), AT(45), 0 } };
        SyncBreak nat[] = { { AT(30), AT(40), 0, true } };
        CHECK(sync_break_valid(&nat[0], s3, 2, SKEW));
        CHECK_EQ(count(s3, 2, nat, 1, AT(45), NULL), 5 * MIN_);

        /* A taken or logged break counts whatever the other machines did. */
        SyncBreak taken[] = { { AT(30), AT(40), 0, false } };
        CHECK(sync_break_valid(&taken[0], s, 2, SKEW));
}

/* A skip is not a break, but the count starts again after it, wherever it was. */
static void test_skip_resets(void) {
        SyncSpan s[] = { { AT(0), AT(60), 0 }, { AT(60), AT(70), 1 } };
        SyncBreak b[] = { { AT(60), AT(60), 0, false, true } };
        size_t last = SIZE_MAX;

        CHECK(sync_break_valid(&b[0], s, 2, SKEW));
        CHECK_EQ(count(s, 2, b, 1, AT(70), &last), 10 * MIN_);
        CHECK_EQ(last, 0);
}

/* A break that ends in the future (a clock far ahead) starts nothing. */
static void test_future_break_ignored(void) {
        SyncSpan s[] = { { AT(0), AT(60), 0 } };
        SyncBreak b[] = { { AT(61), AT(70), 1, false } };
        size_t last = 0;

        CHECK_EQ(count(s, 1, b, 1, AT(60), &last), 60 * MIN_);
        CHECK_EQ(last, SIZE_MAX);
}

int main(void) {
        test_alone();
        test_two_machines_one_after_the_other();
        test_overlap_counted_once();
        test_break_anywhere_resets();
        test_natural_only_when_all_idle();
        test_skip_resets();
        test_future_break_ignored();
        return tap_finish("test-sync-count");
}
