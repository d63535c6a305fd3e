#!/usr/bin/python3
'''The x11 idle source on a real X server (Xvfb), with real input (xdotool, through XTEST) and
a real notification server (dunst): auto picks x11, input keeps the user active, silence makes
them idle, the reminder is on screen (the screenshot is kept in tests-artifacts/), the
MIT-SCREEN-SAVER fallback, an X server that goes away, and no wake-ups while nothing changes.'''

import sys
import time

import desktoptest
from desktoptest import Dunst, Typist, Xvfb

desktoptest.require('Xvfb', 'xdotool', 'dunst', 'dunstctl', 'import', 'convert')

import limbertest  # noqa: E402
from limbertest import LimberTestCase, setup  # noqa: E402

IDLE_AFTER = 2
CONFIG = {'schedule': {'idle-after': f'{IDLE_AFTER}s', 'interval': '8s', 'natural-break': '1h',
                       'snooze': '1h'}}
QUIET = {'schedule': {'idle-after': f'{IDLE_AFTER}s', 'interval': '2h', 'natural-break': '1h'}}


class X11Test(LimberTestCase):

    def start_x(self, **env):
        '''Xvfb, then limberd on it (the sandbox has no $WAYLAND_DISPLAY, so auto may pick x11).'''
        self.x = Xvfb(self.sandbox)
        self.sandbox.env['DISPLAY'] = self.x.display
        self.sandbox.env.update(env)
        return self.x

    def assert_input_keeps_active(self, seconds=5):
        '''Under continuous input the user is active, and stays so for longer than idle-after.'''
        with Typist(self.x) as typist:
            self.wait_prop('Idle', lambda v: not v, what='Idle == false under input')
            mark = self.signals.mark()
            self.sleep(seconds)
            self.assertFalse(self.prop('Idle'), f'idle after {seconds} s of continuous input')
            self.assertNotIn(True, self.signals.changed('Idle', mark), 'went idle during input')
        return typist.last

    def assert_silence_makes_idle(self, last_input):
        self.wait_prop('Idle', bool, 20, 'Idle == true after the input stopped')
        waited = time.monotonic() - last_input
        self.assertGreaterEqual(waited, IDLE_AFTER - 0.5, f'idle {waited:.1f} s after the last input, '
                                f'before idle-after ({IDLE_AFTER} s)')
        self.assertEqual(self.prop('State'), 'idle')

    @setup(config=CONFIG, mocks=(), daemon=False)
    def test_auto_x11_input_idle_and_reminder_on_dunst(self):
        x = self.start_x()
        dunst = Dunst(self.sandbox, x)
        self.start_daemon()
        self.assertEqual(self.prop('IdleSource'), 'x11')
        self.assertIn("Idle source: x11 (auto: the X server's IDLETIME counter", self.daemon.output())

        last = self.assert_input_keeps_active()
        self.assert_silence_makes_idle(last)
        x.run('xdotool', 'key', 'shift')
        self.wait_prop('Idle', lambda v: not v, 10, 'Idle == false after a key press')
        self.assertEqual(self.prop('State'), 'working')

        # Work on until the reminder, which dunst must put on the screen.
        with Typist(x):
            self.wait_signal('BreakDue', timeout=40)
            self.wait_for(lambda: dunst.displayed() >= 1, 20, 'dunst to display the reminder')
        # Something is drawn in dunst's corner (top right) of an otherwise black screen.
        shot = x.screenshot_drawn('x11-dunst-reminder.png', '600x420+424+0')
        sys.stderr.write(f'screenshot: {shot}\n')

        dunst.ctl('close-all')
        history = self.wait_for(lambda: [n for n in dunst.history() if n.get('appname') == 'limber'], 10,
                                'the reminder in dunst\'s history')
        reminder = history[0]
        self.assertTrue(reminder['summary'].startswith('Time for a break'), reminder)
        self.assertTrue(reminder['body'].strip(), reminder)

    @setup(config={'schedule': {'idle-after': f'{IDLE_AFTER}s', 'interval': '2h', 'natural-break': '1h',
                                'daily-limit': '5s'}}, mocks=(), daemon=False)
    def test_daily_limit_on_dunst(self):
        '''The daily-limit notice on a real server: shown once, its text on the screen.'''
        x = self.start_x()
        dunst = Dunst(self.sandbox, x)
        self.start_daemon()
        with Typist(x):
            self.wait_for(lambda: dunst.displayed() >= 1, 30, 'dunst to display the daily-limit notice')
        shot = x.screenshot_drawn('x11-dunst-daily-limit.png', '600x420+424+0')
        sys.stderr.write(f'screenshot: {shot}\n')
        dunst.ctl('close-all')
        history = self.wait_for(lambda: [n for n in dunst.history() if n.get('appname') == 'limber'], 10,
                                'the notice in dunst\'s history')
        self.assertEqual(len(history), 1, history)
        self.assertEqual(history[0]['summary'], 'Daily limit reached', history[0])
        self.assertIn('5s today', history[0]['body'])

    @setup(config=CONFIG, mocks=('notifications',), daemon=False)
    def test_screensaver_fallback(self):
        self.start_x(LIMBER_X11_NO_SYNC='1')
        self.start_daemon()
        self.assertEqual(self.prop('IdleSource'), 'x11')
        self.assertIn("MIT-SCREEN-SAVER", self.daemon.output())
        last = self.assert_input_keeps_active()
        self.assert_silence_makes_idle(last)
        mark = self.signals.mark()
        self.x.run('xdotool', 'key', 'shift')
        # Noticed at the next reading, idle-after later at most. When that reading comes more
        # than idle-after after the press (timer slack, a loaded machine), the user came and
        # went: Idle turns false and at once true again, so the announcement is what to watch.
        self.wait_for(lambda: False in self.signals.changed('Idle', mark), 15,
                      'Idle == false announced after a key press')

    @setup(config=CONFIG, mocks=('notifications', 'logind'), daemon=False)
    def test_x_server_gone(self):
        x = self.start_x()
        self.start_daemon()
        self.assertEqual(self.prop('IdleSource'), 'x11')
        x.stop()
        # Nobody can be at an X server that is gone: away, not active, and logind's idle hint
        # (which nothing sets in such a session) is no stand-in.
        self.wait_prop('IdleSource', lambda v: v == 'none', 20, 'IdleSource == none after the X server quit')
        self.assert_alive()
        self.assertIn('Idle source x11 lost', self.daemon.output())
        self.assertTrue(self.prop('Idle'), 'the user counts as active without an X server')
        # The X server starting again on the same display (its socket in /tmp/.X11-unix) is
        # noticed and used again.
        self.x = Xvfb(self.sandbox, display=x.display)
        self.wait_prop('IdleSource', lambda v: v == 'x11', 20, 'IdleSource == x11 once the X server is back')
        self.wait_prop('Idle', lambda v: not v, 10, 'Idle == false with the X server back')
        self.logind.lock(True)                          # the lock still works
        self.wait_prop('Idle', bool, what='Idle == true while locked')

    @setup(config=QUIET, mocks=('notifications',), daemon=False)
    def test_no_wakeups_typing_or_away(self):
        '''XSync alarms fire only at the two transitions: typing or away, limberd sleeps.'''
        self.start_x()
        self.start_daemon()
        self.assertEqual(self.prop('IdleSource'), 'x11')
        seconds, limit = 10, 12
        with Typist(self.x, interval=0.1):
            self.wait_prop('Idle', lambda v: not v, what='Idle == false under input')
            self.settle()
            before = self.daemon.switches()
            time.sleep(seconds)     # a measurement over real time: no D-Bus traffic from the test
            typing = self.daemon.switches() - before
        self.wait_prop('Idle', bool, 20, 'Idle == true after the input stopped')
        self.settle()
        before = self.daemon.switches()
        time.sleep(seconds)
        away = self.daemon.switches() - before
        sys.stderr.write(f'limberd context switches in {seconds} s: typing {typing}, away {away}\n')
        self.assertLessEqual(typing, limit, f'limberd woke up {typing} times in {seconds} s of typing')
        self.assertLessEqual(away, limit, f'limberd woke up {away} times in {seconds} s away')


if __name__ == '__main__':
    limbertest.main()
