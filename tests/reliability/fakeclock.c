/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An LD_PRELOAD library that sets the wall clock of one process, for test_clock.py.
 *
 * The real clock cannot be set in a test, and libfaketime shifts CLOCK_MONOTONIC and
 * CLOCK_BOOTTIME timerfds too (even with FAKETIME_DONT_FAKE_MONOTONIC), so sd-event's timers
 * stop firing. This shifts CLOCK_REALTIME alone, by the number of seconds in the file named by
 * $LIMBER_FAKECLOCK_FILE, and does what the kernel does when the clock is set:
 *   - clock_gettime(CLOCK_REALTIME*), gettimeofday() and time() read real time + offset;
 *   - absolute CLOCK_REALTIME timerfds are armed at the real time that corresponds, and are
 *     moved when the offset changes;
 *   - a timerfd armed with TFD_TIMER_CANCEL_ON_SET is cancelled when the offset changes: it
 *     polls readable and its next read() fails with ECANCELED.
 * The offset file is read at start and again on SIGUSR2 (the test's "date -s"). Only for
 * tests: fixed tables, no locking beyond what a single-threaded daemon needs. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define FDS_MAX 4096

typedef struct TimerFd {
        bool realtime;                  /* created on CLOCK_REALTIME */
        bool absolute;                  /* last armed with TFD_TIMER_ABSTIME */
        bool cancel_on_set;
        bool cancelled;                 /* the next read() fails with ECANCELED */
        struct itimerspec fake;         /* as armed, in faked time */
} TimerFd;

static volatile int64_t offset_sec;
static TimerFd timers[FDS_MAX];

static int (*real_clock_gettime)(clockid_t, struct timespec *);
static int (*real_timerfd_create)(int, int);
static int (*real_timerfd_settime)(int, int, const struct itimerspec *, struct itimerspec *);
static ssize_t (*real_read)(int, void *, size_t);

static void resolve(void) {
        if (real_clock_gettime)
                return;
        real_clock_gettime = dlsym(RTLD_NEXT, "clock_gettime");
        real_timerfd_create = dlsym(RTLD_NEXT, "timerfd_create");
        real_timerfd_settime = dlsym(RTLD_NEXT, "timerfd_settime");
        real_read = dlsym(RTLD_NEXT, "read");
}

/* Async-signal-safe: open, read, close and a hand-written parser. */
static void read_offset(void) {
        const char *path = getenv("LIMBER_FAKECLOCK_FILE");
        char buf[32] = {};
        int64_t v = 0;
        bool negative;
        ssize_t n;
        int fd;
        size_t i = 0;

        if (!path)
                return;
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return;
        n = real_read(fd, buf, sizeof(buf) - 1);
        close(fd);
        if (n <= 0)
                return;
        negative = buf[0] == '-';
        if (buf[0] == '-' || buf[0] == '+')
                i++;
        for (; buf[i] >= '0' && buf[i] <= '9'; i++)
                v = v * 10 + (buf[i] - '0');
        offset_sec = negative ? -v : v;
}

static struct timespec shift(struct timespec ts, int64_t sec) {
        ts.tv_sec += sec;
        return ts;
}

static int arm(int fd, int flags, const struct itimerspec *fake, struct itimerspec *old) {
        struct itimerspec its = *fake;

        if (timers[fd].realtime && (flags & TFD_TIMER_ABSTIME) &&
            (fake->it_value.tv_sec != 0 || fake->it_value.tv_nsec != 0))
                its.it_value = shift(fake->it_value, -offset_sec);
        return real_timerfd_settime(fd, flags, &its, old);
}

/* The clock was "set": move absolute realtime timers, cancel those that asked for it. */
static void on_sigusr2(int sig) {
        int saved = errno;

        read_offset();
        for (int fd = 0; fd < FDS_MAX; fd++) {
                TimerFd *t = &timers[fd];

                if (!t->realtime || !t->absolute)
                        continue;
                if (t->cancel_on_set) {
                        /* Readable at once (a time long past), and failing the next read. */
                        struct itimerspec now = { .it_value = { .tv_sec = 1 } };

                        t->cancelled = true;
                        t->cancel_on_set = false;
                        (void) real_timerfd_settime(fd, TFD_TIMER_ABSTIME, &now, NULL);
                } else
                        (void) arm(fd, TFD_TIMER_ABSTIME, &t->fake, NULL);
        }
        errno = saved;
}

__attribute__((constructor)) static void fakeclock_init(void) {
        struct sigaction sa = { .sa_handler = on_sigusr2, .sa_flags = SA_RESTART };

        resolve();
        read_offset();
        sigemptyset(&sa.sa_mask);
        (void) sigaction(SIGUSR2, &sa, NULL);
}

static bool is_realtime(clockid_t clock) {
        return clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE;
}

int clock_gettime(clockid_t clock, struct timespec *ts) {
        int r;

        resolve();
        r = real_clock_gettime(clock, ts);
        if (r == 0 && is_realtime(clock))
                *ts = shift(*ts, offset_sec);
        return r;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz) {
        struct timespec ts;

        if (tz)
                memset(tz, 0, sizeof(struct timezone));
        if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
                return -1;
        *tv = (struct timeval) { .tv_sec = ts.tv_sec, .tv_usec = ts.tv_nsec / 1000 };
        return 0;
}

time_t time(time_t *t) {
        struct timespec ts;

        if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
                return (time_t) -1;
        if (t)
                *t = ts.tv_sec;
        return ts.tv_sec;
}

int timerfd_create(int clock, int flags) {
        int fd;

        resolve();
        fd = real_timerfd_create(clock, flags);
        if (fd >= 0 && fd < FDS_MAX)
                timers[fd] = (TimerFd) { .realtime = is_realtime(clock) };
        return fd;
}

int timerfd_settime(int fd, int flags, const struct itimerspec *new_value, struct itimerspec *old_value) {
        resolve();
        if (fd < 0 || fd >= FDS_MAX || !timers[fd].realtime || !new_value)
                return real_timerfd_settime(fd, flags, new_value, old_value);
        timers[fd].absolute = flags & TFD_TIMER_ABSTIME;
        timers[fd].cancel_on_set = flags & TFD_TIMER_CANCEL_ON_SET;
        timers[fd].cancelled = false;
        timers[fd].fake = *new_value;
        /* The kernel does the cancelling for real clock changes; we do it for ours. */
        return arm(fd, flags & ~TFD_TIMER_CANCEL_ON_SET, new_value, old_value);
}

ssize_t read(int fd, void *buf, size_t count) {
        resolve();
        if (fd >= 0 && fd < FDS_MAX && timers[fd].cancelled) {
                uint64_t expirations;

                timers[fd].cancelled = false;
                (void) real_read(fd, &expirations, sizeof(expirations));
                errno = ECANCELED;
                return -1;
        }
        return real_read(fd, buf, count);
}

int close(int fd) {
        static int (*real_close)(int);

        if (!real_close)
                real_close = dlsym(RTLD_NEXT, "close");
        if (fd >= 0 && fd < FDS_MAX)
                timers[fd] = (TimerFd) {};
        return real_close(fd);
}
