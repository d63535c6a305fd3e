#!/usr/bin/python3
'''Lock and suspend on every desktop: GNOME's org.gnome.ScreenSaver and Plasma's
org.freedesktop.ScreenSaver (ActiveChanged, and GetActive at start), besides logind's LockedHint
and PrepareForSleep. The scheduler sees "locked" as the OR of logind's and the screen saver's
lock; a lock (or suspend) as long as natural-break is a break taken.'''

from desktoptest import GnomeScreenSaver, KdeScreenSaver, start

import limbertest
from limbertest import LimberTestCase, setup, usec

CONFIG = {'schedule': {'interval': '1h'}}              # natural-break 3 s, idle-after 1 s


class LockTest(LimberTestCase):

    def assert_idle(self, idle, what):
        self.wait_prop('Idle', (lambda v: v) if idle else (lambda v: not v), 15, what)

    def assert_stays(self, idle, what):
        self.settle()
        self.assertEqual(self.prop('Idle'), idle, what)

    def natural_break_through(self, lock):
        '''Works 4 s, locks (or suspends) with lock(True) for 5 s (> natural-break), unlocks:
        a natural break.'''
        self.advance(4)
        active = self.wait_prop('ActiveUsec', lambda v: v >= usec(4), 20, 'ActiveUsec >= 4 s')
        mark = self.signals.mark()
        lock(True)
        self.assert_idle(True, 'Idle == true while locked')
        self.assertEqual(self.prop('State'), 'idle')
        self.advance(5)
        lock(False)
        self.assert_idle(False, 'Idle == false after unlocking')
        rec = self.wait_history(lambda r: r['kind'] == 'natural', what='a "natural" history record')
        self.assertGreaterEqual(rec['duration'], usec(3) - usec(0.3))
        self.wait_signal('BreakFinished', lambda a: a[0] == 'natural', since=mark)
        p = self.props()
        self.assertEqual(p['BreaksToday'], 1)
        self.assertLess(p['ActiveUsec'], active - usec(1), 'the lock did not reset the active time')

    @setup(config=CONFIG, mocks=('notifications', 'logind', 'mutter'), daemon=False)
    def test_gnome_lock_is_a_natural_break(self):
        gnome = start(self, GnomeScreenSaver)
        self.start_daemon()
        self.assertEqual(self.prop('IdleSource'), 'gnome')
        self.natural_break_through(gnome.lock)

    @setup(config=CONFIG, mocks=('notifications', 'logind'), daemon=False)
    def test_kde_lock_is_a_natural_break(self):
        kde = start(self, KdeScreenSaver)
        self.start_daemon()
        self.assertEqual(self.prop('IdleSource'), 'kde')
        self.natural_break_through(kde.lock)

    @setup(config=CONFIG, mocks=('notifications', 'logind', 'mutter'), daemon=False)
    def test_locked_before_limberd_starts(self):
        gnome = start(self, GnomeScreenSaver)
        gnome.lock(True)
        self.start_daemon()
        self.assert_idle(True, 'Idle == true: GetActive said locked at start')
        gnome.lock(False)
        self.assert_idle(False, 'Idle == false after unlocking')

    @setup(config=CONFIG, mocks=('notifications', 'logind', 'mutter'), daemon=False)
    def test_locked_is_logind_or_screensaver(self):
        gnome = start(self, GnomeScreenSaver)
        self.start_daemon()
        self.assert_stays(False, 'idle before any lock')
        # logind first, the screen saver second, logind unlocks first.
        self.logind.lock(True)
        self.assert_idle(True, 'Idle == true: logind locked')
        gnome.lock(True)
        self.logind.lock(False)
        self.assert_stays(True, 'unlocked while the screen saver still says locked')
        gnome.lock(False)
        self.assert_idle(False, 'Idle == false: both unlocked')
        # The other way round.
        gnome.lock(True)
        self.assert_idle(True, 'Idle == true: the screen saver locked')
        self.logind.lock(True)
        gnome.lock(False)
        self.assert_stays(True, 'unlocked while logind still says locked')
        self.logind.lock(False)
        self.assert_idle(False, 'Idle == false: both unlocked')

    @setup(config=CONFIG, mocks=('notifications', 'logind', 'mutter'), daemon=False)
    def test_screensaver_gone_while_locked(self):
        gnome = start(self, GnomeScreenSaver)
        self.start_daemon()
        gnome.lock(True)
        self.assert_idle(True, 'Idle == true while locked')
        gnome.stop()
        self.assert_idle(False, 'Idle == false once the screen saver left the bus')
        self.assert_alive()

    @setup(config=CONFIG, mocks=('notifications', 'logind'))
    def test_logind_lock_is_a_natural_break(self):
        '''No screen saver and no idle monitor: logind's LockedHint alone.'''
        self.assertEqual(self.prop('IdleSource'), 'logind')
        self.natural_break_through(self.logind.lock)

    @setup(config=CONFIG, mocks=('notifications', 'logind'), daemon=False)
    def test_suspend_on_kde_is_a_natural_break(self):
        start(self, KdeScreenSaver)
        self.start_daemon()
        self.assertEqual(self.prop('IdleSource'), 'kde')
        self.natural_break_through(self.logind.prepare_for_sleep)


if __name__ == '__main__':
    limbertest.main()
