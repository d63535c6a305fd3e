/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "notify/notify-protocol.h"
#include "tap.h"

static void test_round_trip(void) {
        char *fields[] = { "show", "reminder", "normal", "-1", "0", "", "Time for a break",
                           "Line one\nLine two \xE2\x80\x94 caf\xC3\xA9", "start", "Start break", NULL };
        const char *out[NOTIFY_FIELDS_MAX];
        char *data = NULL;
        size_t size = 0;
        int n;

        CHECK_EQ(notify_message_build(fields, &data, &size), 0);
        n = notify_message_split(data, size, out, ELEMENTSOF(out));
        CHECK_EQ(n, 10);
        for (int i = 0; i < n && fields[i]; i++)
                CHECK_STREQ(out[i], fields[i]);
        CHECK_STREQ(out[5], "");                        /* an empty field survives */
        CHECK_EQ(size, strlen("show") + 1 + strlen("reminder") + 1 + strlen("normal") + 1 + 3 + 2 + 1 +
                 strlen(fields[6]) + 1 + strlen(fields[7]) + 1 + 6 + 12);
        free(data);
}

static void test_build_limits(void) {
        char *none[] = { NULL }, *big[] = { NULL, NULL }, *many[NOTIFY_FIELDS_MAX + 2];
        char *data = NULL;
        size_t size;

        CHECK_EQ(notify_message_build(none, &data, &size), -EMSGSIZE);

        big[0] = malloc(NOTIFY_MESSAGE_MAX + 1);
        memset(big[0], 'x', NOTIFY_MESSAGE_MAX);
        big[0][NOTIFY_MESSAGE_MAX] = '\0';
        CHECK_EQ(notify_message_build(big, &data, &size), -EMSGSIZE);    /* with its NUL, 1 too long */
        big[0][NOTIFY_MESSAGE_MAX - 1] = '\0';
        CHECK_EQ(notify_message_build(big, &data, &size), 0);            /* exactly the maximum */
        CHECK_EQ(size, NOTIFY_MESSAGE_MAX);
        free(data);
        free(big[0]);

        for (size_t i = 0; i < NOTIFY_FIELDS_MAX + 1; i++)
                many[i] = "f";
        many[NOTIFY_FIELDS_MAX + 1] = NULL;
        CHECK_EQ(notify_message_build(many, &data, &size), -EMSGSIZE);
        many[NOTIFY_FIELDS_MAX] = NULL;
        CHECK_EQ(notify_message_build(many, &data, &size), 0);
        free(data);
}

static void test_split_rejects(void) {
        const char *out[4];

        CHECK_EQ(notify_message_split("", 0, out, 4), -EBADMSG);             /* empty */
        CHECK_EQ(notify_message_split("done\0" "1", 6, out, 4), -EBADMSG);   /* no final NUL */
        CHECK_EQ(notify_message_split("a\0b\0c\0d\0e", 10, out, 4), -EBADMSG); /* too many */
        CHECK_EQ(notify_message_split("a\0b\0c\0d", 8, out, 4), 4);
        CHECK_EQ(notify_message_split("\0", 1, out, 4), 1);                  /* one empty field */
        CHECK_STREQ(out[0], "");
        CHECK_EQ(notify_message_split("done\0" "0", 7, out, 4), 2);
        CHECK_STREQ(out[1], "0");
}

int main(void) {
        test_round_trip();
        test_build_limits();
        test_split_rejects();
        return tap_finish("test-notify-protocol");
}
