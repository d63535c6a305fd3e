/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "notify/notify-protocol.h"

int notify_message_build(char * const *fields, char **ret, size_t *ret_size) {
        size_t size = 0, n = 0;
        char *data, *p;

        for (char * const *f = fields; *f; f++, n++) {
                size_t len = strlen(*f) + 1;

                if (n >= NOTIFY_FIELDS_MAX || len > NOTIFY_MESSAGE_MAX - size)
                        return -EMSGSIZE;
                size += len;
        }
        if (size == 0)
                return -EMSGSIZE;

        p = data = malloc(size);
        if (!data)
                return -ENOMEM;
        for (char * const *f = fields; *f; f++)
                p = stpcpy(p, *f) + 1;
        *ret = data;
        *ret_size = size;
        return 0;
}

int notify_message_split(const char *data, size_t size, const char **fields, size_t max) {
        size_t n = 0;

        if (size == 0 || data[size - 1] != '\0')
                return -EBADMSG;
        for (const char *p = data; p < data + size; p += strlen(p) + 1) {
                if (n >= max)
                        return -EBADMSG;
                fields[n++] = p;
        }
        return (int) n;
}
