/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <limits.h>
#include <sys/timerfd.h>

#include "session/time-change.h"
#include "util/util.h"

typedef struct TimeChange {
        time_change_t callback;
        void *userdata;
} TimeChange;

static int arm(int fd) {
        /* Far in the future: it never expires, it is only cancelled by a clock change. */
        struct itimerspec its = { .it_value.tv_sec = (time_t) INT_MAX };

        if (timerfd_settime(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &its, NULL) < 0)
                return -errno;
        return 0;
}

static int on_io(sd_event_source *s, int fd, uint32_t revents, void *userdata) {
        TimeChange *t = userdata;
        uint64_t expirations;

        /* ECANCELED is the news; anything else is not a clock change. */
        if (read(fd, &expirations, sizeof(expirations)) >= 0 || errno != ECANCELED)
                return 0;
        (void) arm(fd);
        t->callback(t->userdata);
        return 0;
}

static void destroy(void *userdata) {
        free(userdata);
}

int time_change_watch(sd_event *event, time_change_t callback, void *userdata, sd_event_source **ret) {
        _cleanup_(closep) int fd = -1;
        sd_event_source *s = NULL;
        TimeChange *t;
        int r;

        fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
        if (fd < 0)
                return -errno;
        r = arm(fd);
        if (r < 0)
                return r;

        t = malloc(sizeof(TimeChange));
        if (!t)
                return -ENOMEM;
        *t = (TimeChange) { .callback = callback, .userdata = userdata };

        r = sd_event_add_io(event, &s, fd, EPOLLIN, on_io, t);
        if (r < 0) {
                free(t);
                return r;
        }
        (void) sd_event_source_set_destroy_callback(s, destroy);
        (void) sd_event_source_set_io_fd_own(s, true);
        fd = -1;
        (void) sd_event_source_set_description(s, "time-change");
        *ret = s;
        return 0;
}
