#!/usr/bin/python3
'''The wayland idle source against a real Wayland connection: tests/desktop/idle-compositor
(libwayland-server) advertises wl_seat and ext_idle_notifier_v1 and plays the user. Auto picks
wayland, asks for idle-after as the timeout, input keeps the user active, the compositor's
"idled" makes them idle and "resumed" active, and a compositor that quits leaves the user
counted as away until it returns, then is used again.'''

import os
import time

import desktoptest
from desktoptest import Compositor

desktoptest.require(os.environ.get('IDLE_COMPOSITOR') or 'idle-compositor')

import limbertest  # noqa: E402
from limbertest import LimberTestCase, setup  # noqa: E402

IDLE_AFTER = 2
CONFIG = {'schedule': {'idle-after': f'{IDLE_AFTER}s', 'interval': '1h', 'natural-break': '1h'}}


class WaylandTest(LimberTestCase):

    def start_compositor(self, socket=None):
        self.compositor = Compositor(self.sandbox, socket)
        self.sandbox.env['WAYLAND_DISPLAY'] = self.compositor.socket
        return self.compositor

    @setup(config=CONFIG, mocks=('notifications',), daemon=False)
    def test_auto_wayland_input_and_idle(self):
        c = self.start_compositor()
        self.start_daemon()
        self.assertEqual(self.prop('IdleSource'), 'wayland')
        self.assertIn('Idle source: wayland (auto: the compositor', self.daemon.output())
        c.wait_line(lambda s: s.startswith('bind ext_idle_notifier_v1 '), what='a bind of the notifier')
        line = c.wait_line(lambda s: s.startswith('notification '), what='an idle notification')
        self.assertEqual(int(line.split()[1]), IDLE_AFTER * 1000, f'timeout asked for: {line}')

        # Input more often than idle-after: the compositor never says idled.
        mark = self.signals.mark()
        end = time.monotonic() + 2.5 * IDLE_AFTER
        while time.monotonic() < end:
            c.send('input')
            self.sleep(0.4)
        last = time.monotonic()
        self.assertFalse(self.prop('Idle'))
        self.assertNotIn(True, self.signals.changed('Idle', mark), 'went idle during input')
        self.assertNotIn('idled', c.lines())

        # Silence: the compositor's own timeout makes the seat idle.
        self.wait_prop('Idle', bool, 20, 'Idle == true after the input stopped')
        self.assertGreaterEqual(time.monotonic() - last, IDLE_AFTER - 0.5)
        self.assertEqual(self.prop('State'), 'idle')
        c.send('input')
        c.wait_line(lambda s: s == 'resumed', what='resumed')
        self.wait_prop('Idle', lambda v: not v, 10, 'Idle == false after resumed')
        self.assertEqual(self.prop('State'), 'working')

        c.send('idle')                                  # idle at once, whatever the timeout
        self.wait_prop('Idle', bool, 10, 'Idle == true after idled')

    @setup(config=CONFIG, mocks=('notifications', 'logind'), daemon=False)
    def test_compositor_gone_and_back(self):
        '''A compositor that quits leaves nobody known at the keyboard: the user counts as away
        (logind's idle hint, which nothing in such a session sets, is no stand-in), active time
        stands still, and the compositor starting again on the same socket is noticed at once
        (inotify on $XDG_RUNTIME_DIR) and used again.'''
        c = self.start_compositor()
        self.start_daemon()
        self.assertEqual(self.prop('IdleSource'), 'wayland')
        c.wait_line(lambda s: s.startswith('notification '), what='an idle notification')
        c.send('quit')
        self.wait_prop('IdleSource', lambda v: v == 'none', 20, 'IdleSource == none after the compositor quit')
        self.assertIn('Idle source wayland lost', self.daemon.output())
        self.assertIn('the user counts as away', self.daemon.output())
        p = self.assert_alive()
        self.assertTrue(p['Idle'], 'the user counts as active without an idle source')
        self.assertEqual(p['State'], 'idle')
        active = p['ActiveUsec']
        self.advance(2)
        self.assertLessEqual(self.prop('ActiveUsec'), active, 'active time grows without an idle source')

        t = time.monotonic()
        c = self.start_compositor(socket=c.socket)
        self.wait_prop('IdleSource', lambda v: v == 'wayland', 20, 'IdleSource == wayland once the compositor is back')
        took = time.monotonic() - t
        c.wait_line(lambda s: s.startswith('notification '), what='an idle notification on the new compositor')
        self.wait_prop('Idle', lambda v: not v, 10, 'Idle == false with the compositor back')
        self.assertIn('Idle source wayland is offered now', self.daemon.output())
        self.assertLess(took, 10, f'the returning compositor was noticed only after {took:.1f} s')
        c.send('idle')
        self.wait_prop('Idle', bool, 10, 'Idle == true through the new compositor')

    @setup(config=dict(CONFIG, idle={'source': 'wayland'}), mocks=('notifications',), daemon=False)
    def test_explicit_wayland_without_compositor_falls_back(self):
        self.sandbox.env['WAYLAND_DISPLAY'] = 'no-such-compositor'
        self.start_daemon()
        self.assertEqual(self.prop('IdleSource'), 'none')
        self.assertIn('Idle source wayland cannot start', self.daemon.output())
        self.assert_alive()


if __name__ == '__main__':
    limbertest.main()
