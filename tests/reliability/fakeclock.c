/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An LD_PRELOAD library that gives one process a clock the test moves: the wall clock can be
 * set (test_clock.py) and time can be made to pass at once (the integration tests' advance()).
 *
 * The real clock cannot be set in a test, and libfaketime shifts CLOCK_MONOTONIC and
 * CLOCK_BOOTTIME timerfds in a way sd-event's timers do not survive (even with
 * FAKETIME_DONT_FAKE_MONOTONIC). The file named by $LIMBER_FAKECLOCK_FILE holds two numbers:
 *   SET      seconds the wall clock is set away from the real one ("date -s");
 *   PASSED   microseconds that have passed on top of real time (optional, 0 when absent): every
 *            clock reads that much later, CLOCK_REALTIME, CLOCK_MONOTONIC and CLOCK_BOOTTIME.
 * and this does what the kernel does:
 *   - clock_gettime(), gettimeofday() and time() read real time + the clock's offset;
 *   - timerfds on those clocks are armed at the real time that corresponds to the faked one
 *     (relative ones are made absolute first), and are moved when the offsets change, so a
 *     timer whose time has passed fires at once;
 *   - when SET changes, a realtime timerfd armed with TFD_TIMER_CANCEL_ON_SET is cancelled: it
 *     polls readable and its next read() fails with ECANCELED. Time passing (PASSED) is no
 *     clock change and cancels nothing.
 * The file is read at start and again on signal SIGRTMIN+5 (FAKECLOCK_SIGNAL: a signal no
 * program under test uses; dunst takes SIGUSR1 and SIGUSR2 for itself); after each reading the numbers read are
 * written to the file's name + ".seen." + the process id, which is how the test knows the
 * process has them.
 * Only for tests: fixed tables, no locking beyond what a single-threaded daemon needs. */
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
#define FAKECLOCK_SIGNAL (SIGRTMIN + 5)
#define NSEC_PER_SEC 1000000000LL

typedef enum FakeClock {
        FAKE_NONE,                      /* a clock this leaves alone */
        FAKE_REALTIME,
        FAKE_ELAPSED,                   /* monotonic and boottime: they only see time pass */
} FakeClock;

typedef struct TimerFd {
        FakeClock clock;
        clockid_t id;
        bool armed;                     /* fake.it_value is an absolute time, in faked time */
        bool cancel_on_set;
        bool cancelled;                 /* the next read() fails with ECANCELED */
        struct itimerspec fake;
} TimerFd;

static volatile int64_t set_sec;        /* SET */
static volatile int64_t passed_usec;    /* PASSED */
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

static FakeClock fake_clock_of(clockid_t clock) {
        switch (clock) {
        case CLOCK_REALTIME:
        case CLOCK_REALTIME_COARSE:
        case CLOCK_REALTIME_ALARM:
                return FAKE_REALTIME;
        case CLOCK_MONOTONIC:
        case CLOCK_MONOTONIC_COARSE:
        case CLOCK_MONOTONIC_RAW:
        case CLOCK_BOOTTIME:
        case CLOCK_BOOTTIME_ALARM:
                return FAKE_ELAPSED;
        default:
                return FAKE_NONE;
        }
}

static int64_t offset_nsec(FakeClock c) {
        switch (c) {
        case FAKE_REALTIME:
                return set_sec * NSEC_PER_SEC + passed_usec * 1000;
        case FAKE_ELAPSED:
                return passed_usec * 1000;
        default:
                return 0;
        }
}

static struct timespec shift(struct timespec ts, int64_t nsec) {
        int64_t n = (int64_t) ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec + nsec;

        if (n < 1)
                n = 1;          /* a time long past, never 0 (that disarms a timer) */
        return (struct timespec) { .tv_sec = n / NSEC_PER_SEC, .tv_nsec = n % NSEC_PER_SEC };
}

static const char *parse(const char *p, int64_t *ret) {
        bool negative;
        int64_t v = 0;

        while (*p == ' ' || *p == '\t' || *p == '\n')
                p++;
        negative = *p == '-';
        if (*p == '-' || *p == '+')
                p++;
        for (; *p >= '0' && *p <= '9'; p++)
                v = v * 10 + (*p - '0');
        *ret = negative ? -v : v;
        return p;
}

/* Writes this process's id in decimal at p; returns the number of digits. */
static size_t format_pid(char *p) {
        char digits[20];
        size_t n = 0;

        for (unsigned long v = (unsigned long) getpid(); n == 0 || v > 0; v /= 10)
                digits[n++] = (char) ('0' + v % 10);
        for (size_t i = 0; i < n; i++)
                p[i] = digits[n - 1 - i];
        return n;
}

/* Async-signal-safe: open, read, write, close and a hand-written parser. Returns whether SET
 * changed. */
static bool read_offsets(void) {
        const char *path = getenv("LIMBER_FAKECLOCK_FILE");
        char buf[64] = {}, seen[4096];
        int64_t s = 0, p = 0;
        bool changed;
        size_t len;
        ssize_t n;
        int fd;

        if (!path)
                return false;
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return false;
        n = real_read(fd, buf, sizeof(buf) - 1);
        close(fd);
        if (n <= 0)
                return false;
        (void) parse(parse(buf, &s), &p);
        changed = s != set_sec;
        set_sec = s;
        passed_usec = p;

        len = strlen(path);
        if (len + sizeof(".seen.") + 20 > sizeof(seen))
                return changed;
        memcpy(seen, path, len);
        memcpy(seen + len, ".seen.", sizeof(".seen.") - 1);
        len += sizeof(".seen.") - 1;
        len += format_pid(seen + len);
        seen[len] = 0;
        fd = open(seen, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd >= 0) {
                (void) !write(fd, buf, (size_t) n);
                close(fd);
        }
        return changed;
}

static int arm(int fd, int flags, struct itimerspec *old) {
        struct itimerspec its = timers[fd].fake;

        if (timers[fd].armed)
                its.it_value = shift(its.it_value, -offset_nsec(timers[fd].clock));
        return real_timerfd_settime(fd, flags, &its, old);
}

/* The file changed: move the timers; if the wall clock was set, cancel those that asked. */
static void on_signal(int sig) {
        int saved = errno;
        bool set = read_offsets();

        for (int fd = 0; fd < FDS_MAX; fd++) {
                TimerFd *t = &timers[fd];

                if (t->clock == FAKE_NONE || !t->armed)
                        continue;
                if (set && t->cancel_on_set) {
                        /* Readable at once (a time long past), and failing the next read. */
                        struct itimerspec now = { .it_value = { .tv_sec = 1 } };

                        t->cancelled = true;
                        t->cancel_on_set = false;
                        (void) real_timerfd_settime(fd, TFD_TIMER_ABSTIME, &now, NULL);
                } else if (!t->cancelled)
                        (void) arm(fd, TFD_TIMER_ABSTIME, NULL);
        }
        errno = saved;
}

__attribute__((constructor)) static void fakeclock_init(void) {
        struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };

        resolve();
        (void) read_offsets();
        sigemptyset(&sa.sa_mask);
        (void) sigaction(FAKECLOCK_SIGNAL, &sa, NULL);
}

int clock_gettime(clockid_t clock, struct timespec *ts) {
        int r;

        resolve();
        r = real_clock_gettime(clock, ts);
        if (r == 0 && fake_clock_of(clock) != FAKE_NONE)
                *ts = shift(*ts, offset_nsec(fake_clock_of(clock)));
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
                timers[fd] = (TimerFd) { .clock = fake_clock_of(clock), .id = clock };
        return fd;
}

int timerfd_settime(int fd, int flags, const struct itimerspec *new_value, struct itimerspec *old_value) {
        TimerFd *t;

        resolve();
        if (fd < 0 || fd >= FDS_MAX || timers[fd].clock == FAKE_NONE || !new_value)
                return real_timerfd_settime(fd, flags, new_value, old_value);
        t = &timers[fd];
        t->fake = *new_value;
        t->armed = new_value->it_value.tv_sec != 0 || new_value->it_value.tv_nsec != 0;
        if (t->armed && !(flags & TFD_TIMER_ABSTIME)) {
                /* Relative: from now in faked time, so that time passing moves it too. */
                struct timespec now;

                (void) clock_gettime(t->id, &now);
                t->fake.it_value = shift(now, (int64_t) new_value->it_value.tv_sec * NSEC_PER_SEC +
                                              new_value->it_value.tv_nsec);
                /* A relative timer is no wall-clock time: a clock change does not cancel it. */
                flags &= ~TFD_TIMER_CANCEL_ON_SET;
        }
        t->cancel_on_set = (flags & TFD_TIMER_ABSTIME) && (flags & TFD_TIMER_CANCEL_ON_SET);
        t->cancelled = false;
        /* The kernel does the cancelling for real clock changes; we do it for ours. */
        return arm(fd, TFD_TIMER_ABSTIME, old_value);
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
