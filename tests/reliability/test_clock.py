#!/usr/bin/python3
'''The wall clock jumping. limberd runs its scheduler on CLOCK_BOOTTIME and learns of clock
changes from a TFD_TIMER_CANCEL_ON_SET timerfd, so a jump must bring neither a burst of
reminders nor a change of the active time, while what follows the wall clock (today's counts,
working hours, NextBreakUsec) follows it.

The real clock cannot be set here, so limberd runs with fakeclock.so (LD_PRELOAD, built next
to this file): it shifts CLOCK_REALTIME alone by the seconds in a file, and when the test sends
a signal after changing the file it does what the kernel does when the clock is set: it moves
absolute realtime timers and cancels TFD_TIMER_CANCEL_ON_SET timerfds (read() fails with
ECANCELED). What this cannot show: the kernel's own behaviour (that it cancels such a timer
on settimeofday, clock_settime and NTP steps); and NTP's slewing, which changes no offset at
once and needs nothing from limberd. libfaketime is no substitute: it shifts CLOCK_MONOTONIC
and CLOCK_BOOTTIME timerfds too, and then sd-event's timers never fire.'''

import calendar
import os
import time

from reliability import limbertest
from limbertest import LimberTestCase, setup, usec, realtime_usec

HOUR = 3600
DAY = 24 * HOUR
# GetHistory's until 0 is limberd's now: records from a clock set elsewhere need the end of time.
EVERYTHING = 2**64 - 1
CONFIG = {'schedule': {'interval': '1h', 'snooze': '10m', 'natural-break': '2s'}}


def utc(year, month, day, hour, minute=0):
    return calendar.timegm((year, month, day, hour, minute, 0))


class ClockTest(LimberTestCase):

    def setUp(self):
        super().setUp()
        if not self.sandbox.clock.available:
            self.skipTest('LIMBER_FAKECLOCK_LIB does not name fakeclock.so (meson test sets it)')
        self.offset = 0

    def use_fake_clock(self, offset=0):
        '''limberd started from now on runs on a clock offset seconds from the real one, in
        UTC (so that local times in the test are plain arithmetic).'''
        self.sandbox.clock.set_wall(offset)
        self.sandbox.env['TZ'] = 'UTC'
        self.offset = int(offset)

    def set_clock(self, offset):
        '''"date -s": the clock jumps to real time + offset and limberd is told as the kernel
        would tell it.'''
        n = self.daemon.output().count('wall clock changed')
        self.sandbox.clock.set_wall(offset, [self.daemon.pid])
        self.offset = int(offset)
        self.wait_for(lambda: self.daemon.output().count('wall clock changed') > n, 15,
                      'limberd to notice the clock change')

    def fake_now(self):
        return time.time() + self.offset

    def reminders(self, mark):
        return len(self.notify.reminders()), len(self.signals.all('BreakDue', since=mark))

    def assert_next_break_follows(self):
        p = self.props()
        expect = realtime_usec() + usec(self.offset) + usec(3600) - p['ActiveUsec']
        self.assertLess(abs(p['NextBreakUsec'] - expect), usec(30),
                        f'NextBreakUsec {p["NextBreakUsec"]} is not the new now plus the rest of the '
                        f'interval ({expect})')

    def work_and_log(self):
        self.call('LogBreak', 'ts', usec(60), 'before the jump')
        active = self.wait_prop('ActiveUsec', lambda v: v >= usec(3), 20, 'ActiveUsec >= 3 s')
        self.assertEqual(self.daemon.terminate(), 0)
        return active

    @setup(config=CONFIG)
    def test_clock_set_back_between_runs(self):
        active = self.work_and_log()
        self.use_fake_clock(-DAY)
        self.start_daemon()
        mark = self.signals.mark()
        p = self.props()
        self.assertEqual(p['State'], 'working')
        # The saved state is "from tomorrow": no negative or huge downtime, the count goes on.
        self.assertGreaterEqual(p['ActiveUsec'], active - usec(1), 'the active time was lost')
        self.assertLess(p['ActiveUsec'], active + usec(60))
        self.assertEqual([r['note'] for r in self.history(0, EVERYTHING)], ['before the jump'])
        self.assert_next_break_follows()
        self.sleep(3)
        self.assertEqual(self.reminders(mark), (0, 0), 'reminders after the clock was set back')
        self.call('LogBreak', 'ts', usec(60), 'after the jump')
        self.assertEqual(len(self.history(0, EVERYTHING)), 2)

    @setup(config=CONFIG)
    def test_clock_set_forward_between_runs(self):
        self.work_and_log()
        self.use_fake_clock(400 * DAY)
        self.start_daemon()
        mark = self.signals.mark()
        p = self.props()
        # 400 days away count as time away from the desk, not as work: no reminder.
        self.assertLess(p['ActiveUsec'], usec(60))
        self.assertEqual(p['State'], 'working')
        self.sleep(3)
        self.assertEqual(self.reminders(mark), (0, 0), 'reminders after the clock jumped ahead')
        self.assertIn('before the jump', [r['note'] for r in self.history(0, EVERYTHING)])
        self.assert_next_break_follows()

    # The scheduler's clock is CLOCK_BOOTTIME shifted back a century, so that the natural
    # break of a downtime longer than the uptime (every reboot after a weekend) is dated when
    # limberd stopped, not at boot, and is not one of today's breaks.
    @setup(daemon=False, config={'schedule': {'interval': '1h', 'natural-break': '5m'}})
    def test_long_downtime_is_dated_when_it_began(self):
        os.makedirs(self.sandbox.state_dir, exist_ok=True)
        saved = realtime_usec() - usec(30 * DAY)
        with open(os.path.join(self.sandbox.state_dir, 'state'), 'w') as f:
            f.write(f'saved={saved}\nactive={usec(1800)}\npaused-until=0\n')
        self.start_daemon()
        natural = [r for r in self.history(0, EVERYTHING) if r['kind'] == 'natural']
        self.assertEqual(len(natural), 1, natural)
        self.assertLess(abs(natural[0]['time'] - saved), usec(60),
                        f'the natural break of the downtime is dated {natural[0]["time"]}, '
                        f'not when limberd stopped ({saved})')
        self.assertEqual(self.prop('BreaksToday'), 0, 'a break that began 30 days ago counts as today\'s')

    @setup(config=CONFIG, daemon=False)
    def test_clock_jumps_while_running(self):
        self.use_fake_clock(0)
        self.start_daemon()
        mark = self.signals.mark()
        self.call('LogBreak', 'ts', usec(60), 'before the jumps')
        self.wait_prop('ActiveUsec', lambda v: v >= usec(2), 20, 'ActiveUsec >= 2 s')
        for offset in (2 * HOUR, 3 * DAY, -DAY, 0, -30 * DAY, 365 * DAY, 0):
            with self.subTest(offset=offset):
                before = self.prop('ActiveUsec')
                t = time.monotonic()
                self.set_clock(offset)
                self.sleep(1)
                p = self.props()
                elapsed = usec(time.monotonic() - t)
                # The active time grows with the time that really passed, not with the jump.
                self.assertGreaterEqual(p['ActiveUsec'], before, p)
                self.assertLessEqual(p['ActiveUsec'], before + elapsed + usec(2), p)
                self.assertEqual(p['State'], 'working')
                self.assert_next_break_follows()
                self.assertEqual(self.reminders(mark), (0, 0), f'a reminder after a jump of {offset} s')
        self.assertEqual([r['note'] for r in self.history(0, EVERYTHING)], ['before the jumps'])
        # The count still runs to one reminder: an interval a few seconds above the active time.
        active = self.prop('ActiveUsec')
        self.call('SetConfig', 'ss', 'schedule.interval', f'{active // usec(1) + 4}s')
        self.wait_signal('BreakDue', since=mark, timeout=20)
        self.sleep(2)
        self.assertEqual(len(self.signals.all('BreakDue', since=mark)), 1, 'more than one reminder')

    @setup(config=CONFIG, daemon=False)
    def test_jump_past_midnight_recounts_today(self):
        now = time.time()
        # 23:00 UTC today (real), so that +2 h is tomorrow and -22 h is still today.
        evening = utc(*time.gmtime(now)[:3], 23)
        self.use_fake_clock(evening - now)
        self.start_daemon()
        self.call('LogBreak', 'ts', usec(60), 'late')
        self.assertEqual(self.prop('BreaksToday'), 1)
        self.set_clock(evening + 2 * HOUR - now)        # 01:00 the next day
        self.wait_prop('BreaksToday', lambda v: v == 0, what='BreaksToday == 0 the next day')
        self.assertEqual([r['note'] for r in self.history(0, EVERYTHING)], ['late'])
        self.set_clock(evening + 30 * 60 - now)         # back to 23:30 the same day
        self.wait_prop('BreaksToday', lambda v: v == 1, what='BreaksToday == 1 back on the day')
        self.assert_alive()

    @setup(config=limbertest.merge_config(CONFIG, {'schedule': {'working-hours': 'Wed 09:00-17:00'}}),
           daemon=False)
    def test_jump_out_of_working_hours(self):
        # Wednesday 1 January 2031, 12:00 UTC.
        noon = utc(2031, 1, 1, 12)
        self.assertEqual(time.gmtime(noon).tm_wday, 2)
        now = time.time()
        self.use_fake_clock(noon - now)
        self.start_daemon()
        mark = self.signals.mark()
        self.assertEqual(self.prop('State'), 'working')
        for hour, state in ((20, 'off-hours'), (24 + 10, 'off-hours'), (13, 'working'),
                            (8, 'off-hours'), (9, 'working')):
            with self.subTest(hour=hour):
                self.set_clock(noon + (hour - 12) * HOUR + 60 - time.time() + (time.time() - now))
                self.wait_state(state)
                self.assertEqual(self.reminders(mark), (0, 0))
        self.assert_alive()


if __name__ == '__main__':
    limbertest.main()
