#!/usr/bin/python3
'''The kde idle source against a stand-in for Plasma's screen saver service (python-dbusmock,
templates/kde_screensaver.py): auto picks kde when Plasma is on the bus, input keeps the user
active, silence makes them idle and the return is noticed; the service is asked only when the
answer matters (the calls are counted); the service leaving the bus makes limberd pick another
source instead of going blind.'''

import sys
import time

from desktoptest import KdeScreenSaver, start

import limbertest
from limbertest import LimberTestCase, setup

IDLE_AFTER = 2
CONFIG = {'schedule': {'idle-after': f'{IDLE_AFTER}s', 'interval': '1h', 'natural-break': '1h'}}


class KdeTest(LimberTestCase):

    def start_plasma(self, **kw):
        self.kde = start(self, KdeScreenSaver, **kw)
        self.start_daemon()
        return self.kde

    def idle_time_calls(self):
        return len(self.kde.calls('GetSessionIdleTime'))

    def time_passes(self, seconds):
        '''seconds pass (the fake clock) and limberd asks Plasma for the idle time.'''
        n = self.idle_time_calls()
        self.advance(seconds)
        self.wait_for(lambda: self.idle_time_calls() > n, 15, 'a GetSessionIdleTime call')
        self.settle()

    def calls_while(self, steps):
        '''GetSessionIdleTime calls while idle-after passes steps times.'''
        self.settle()
        self.kde.clear_calls()
        for _ in range(steps):
            self.time_passes(IDLE_AFTER)
        return self.idle_time_calls()

    @setup(config=CONFIG, mocks=('notifications',), daemon=False)
    def test_auto_kde_input_idle_and_back(self):
        kde = self.start_plasma()
        self.assertEqual(self.prop('IdleSource'), 'kde')
        self.assertIn('Idle source: kde (auto: Plasma', self.daemon.output())

        mark = self.signals.mark()                      # the user types (the mock's start)
        for _ in range(2):
            self.time_passes(IDLE_AFTER)                # limberd asks, hears "typing"
        self.assertFalse(self.prop('Idle'))
        self.assertNotIn(True, self.signals.changed('Idle', mark), 'went idle while typing')

        kde.simulate_activity()                         # the last key, then nothing
        last = time.monotonic()
        self.wait_prop('Idle', bool, 20, 'Idle == true after the input stopped')
        self.assertGreaterEqual(time.monotonic() - last, IDLE_AFTER - 0.5)
        self.assertEqual(self.prop('State'), 'idle')

        kde.set_typing()                                # back: seen at the next look, idle-after later at most
        self.wait_prop('Idle', lambda v: not v, 15, 'Idle == false after the user came back')
        self.assertEqual(self.prop('State'), 'working')

    @setup(config=CONFIG, mocks=('notifications',), daemon=False)
    def test_asks_only_when_it_matters(self):
        '''Typing: one call per idle-after (at the moment idle-after would be reached). Away: one
        per idle-after too (a minute at most), the residual check. Never a tight loop.'''
        kde = self.start_plasma()
        self.assertEqual(self.prop('IdleSource'), 'kde')
        steps = 4
        seconds = steps * IDLE_AFTER
        typing = self.calls_while(steps)
        kde.set_idle(10)
        self.wait_prop('Idle', bool, 20, 'Idle == true')
        away = self.calls_while(steps)
        sys.stderr.write(f'GetSessionIdleTime calls in {seconds} s: typing {typing}, away {away}\n')
        # One a step; a tight loop would ask many times while the test waits for each.
        for what, n in (('typing', typing), ('away', away)):
            self.assertLessEqual(n, steps + 1, f'{what}: {n} calls in {seconds} s')

    @setup(config=CONFIG, mocks=('notifications', 'logind'), daemon=False)
    def test_service_gone(self):
        kde = self.start_plasma()
        self.assertEqual(self.prop('IdleSource'), 'kde')
        kde.stop()
        self.wait_prop('IdleSource', lambda v: v == 'none', 20, 'IdleSource == none after Plasma left')
        self.assert_alive()
        self.assertIn('Idle source kde lost', self.daemon.output())
        self.assertTrue(self.prop('Idle'), 'the user counts as active without Plasma')
        self.kde = start(self, KdeScreenSaver)          # Plasma back: its names are noticed
        self.wait_prop('IdleSource', lambda v: v == 'kde', 20, 'IdleSource == kde once Plasma is back')

    @setup(config=CONFIG, mocks=('notifications', 'logind'), daemon=False)
    def test_not_plasma(self):
        '''org.freedesktop.ScreenSaver alone (another desktop's screen saver) is not Plasma.'''
        self.start_plasma(plasma=False)
        self.assertEqual(self.prop('IdleSource'), 'logind')
        self.assertEqual(self.kde.calls('GetSessionIdleTime'), [])

    @setup(config=CONFIG, mocks=('notifications', 'mutter'), daemon=False)
    def test_gnome_comes_first(self):
        self.start_plasma()
        self.assertEqual(self.prop('IdleSource'), 'gnome')


if __name__ == '__main__':
    limbertest.main()
