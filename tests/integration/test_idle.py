#!/usr/bin/python3
'''Idle time: GNOME's idle monitor, natural breaks from input idle time, the choice of idle
source, and a daemon that does not wake up when nothing happens. Lock and suspend (logind's
and the desktops' screen savers) are test_desktop_lock.py's.'''

import time

import limbertest
from limbertest import LimberTestCase, setup, usec

LONG_INTERVAL = {'schedule': {'interval': '1h'}}


class IdleTestCase(LimberTestCase):

    def assert_break_finished_natural(self, mark):
        '''A natural break is a break taken: BreakFinished(s kind, t usec) says so with the
        history kind "natural", as a guided break says "taken".'''
        args = self.wait_signal('BreakFinished', lambda a: a[0] == 'natural', since=mark)
        self.assertGreaterEqual(args[1], usec(3) - usec(0.3))


class GnomeIdleTest(IdleTestCase):

    @setup(config=LONG_INTERVAL)
    def test_idle_and_back(self):
        self.assertEqual(self.prop('IdleSource'), 'gnome')
        self.mutter.set_idle(2)                         # idle-after is 1 s
        self.wait_prop('Idle', bool, what='Idle == true')
        self.assertEqual(self.prop('State'), 'idle')
        self.mutter.set_active()
        self.wait_prop('Idle', lambda v: not v, what='Idle == false')
        self.assertEqual(self.prop('State'), 'working')

    @setup(config=LONG_INTERVAL)
    def test_natural_break(self):
        self.advance(4)
        active = self.wait_prop('ActiveUsec', lambda v: v >= usec(4), 20, 'ActiveUsec >= 4 s')
        mark = self.signals.mark()
        self.mutter.simulate_activity()                 # the last input, then nothing
        self.wait_prop('Idle', bool, what='Idle == true')
        self.assertEqual(self.prop('State'), 'idle')
        self.advance(4)                                 # idle 5 s > natural-break 3 s
        self.mutter.set_active()
        self.wait_prop('Idle', lambda v: not v, what='Idle == false')

        rec = self.wait_history(lambda r: r['kind'] == 'natural', what='a "natural" history record')
        self.assertGreaterEqual(rec['duration'], usec(3) - usec(0.3))
        p = self.props()
        self.assertEqual(p['BreaksToday'], 1)
        self.assertEqual(p['State'], 'working')
        self.assertLess(p['ActiveUsec'], active - usec(1), 'the natural break did not reset the '
                        f'active time ({active} µs before)')
        self.assert_break_finished_natural(mark)

    @setup(config={'schedule': {'interval': '1h', 'natural-break': '30s'}})
    def test_short_idle_is_no_break_and_not_active_time(self):
        self.advance(2)
        active = self.wait_prop('ActiveUsec', lambda v: v >= usec(2), 20, 'ActiveUsec >= 2 s')
        self.mutter.simulate_activity()
        self.wait_prop('Idle', bool, what='Idle == true')
        a1 = self.prop('ActiveUsec')
        self.advance(2)
        a2 = self.prop('ActiveUsec')
        self.assertLessEqual(a2, a1 + usec(0.3), 'active time grows while idle')
        self.mutter.set_active()
        self.wait_state('working')     # a natural break is recorded before the state changes
        self.assertEqual([r for r in self.history() if r['kind'] == 'natural'], [])
        p = self.props()
        self.assertEqual(p['BreaksToday'], 0)
        self.assertGreaterEqual(p['ActiveUsec'], active - usec(1.5),
                                'a short idle time reset the active time')

    @setup(config={'schedule': {'interval': '4s', 'idle-after': '2s', 'snooze': '1h',
                                'natural-break': '1h'}})
    def test_reminder_in_idle_window_stays(self):
        '''The break falls due after the last input, inside the idle-after window: the
        reminder shown then stays (no Notify, CloseNotification, Notify at the next input), and
        the state stays "due", with Idle true, while the person reads it.'''
        self.advance(2.5)
        self.wait_prop('ActiveUsec', lambda v: v >= usec(2.5), 20, 'ActiveUsec >= 2.5 s')
        self.mutter.simulate_activity()                 # the last input, then nothing
        self.advance(1.5)                               # due now, idle-after in 0.5 s
        r = self.wait_reminder()
        self.wait_prop('Idle', bool, what='Idle == true')
        self.settle()
        self.assertEqual(self.notify.closed(), [], 'the reminder was withdrawn when idle was seen')
        self.assertEqual(self.prop('State'), 'due')
        self.mutter.set_active()                        # the next move of the mouse
        self.wait_prop('Idle', lambda v: not v, what='Idle == false')
        self.settle()
        self.assertEqual(self.notify.closed(), [])
        self.assertEqual([n.index for n in self.notify.reminders()], [r.index],
                         'the reminder was shown again at the next input')
        self.assertEqual(self.prop('State'), 'due')

    @setup(config=LONG_INTERVAL)
    def test_gnome_shell_restart(self):
        old = self.mutter
        self.wait_for(lambda: old.calls('AddIdleWatch'), 15, 'limberd to add an idle watch')
        old.stop()
        self.wait_prop('IdleSource', lambda v: v != 'gnome', what='limberd to see the idle monitor go')
        self.assert_alive()
        new = self.start_mock('mutter')
        self.wait_for(lambda: new.calls('AddIdleWatch'), 20,
                      'limberd to add its idle watch to the new idle monitor')
        self.assertEqual(self.prop('IdleSource'), 'gnome')
        new.set_idle(2)
        self.wait_prop('Idle', bool, what='Idle == true through the new idle monitor')
        new.set_active()
        self.wait_prop('Idle', lambda v: not v, what='Idle == false through the new idle monitor')


class IdleSourceTest(LimberTestCase):

    @setup(mocks=('notifications', 'logind', 'mutter'))
    def test_auto_prefers_gnome(self):
        self.assertEqual(self.prop('IdleSource'), 'gnome')
        self.wait_for(lambda: self.mutter.calls('AddIdleWatch'), 15, 'an idle watch')

    @setup(mocks=('notifications', 'logind'))
    def test_auto_falls_back_to_logind(self):
        self.assertEqual(self.prop('IdleSource'), 'logind')

    @setup(mocks=('notifications',))
    def test_no_idle_source_at_all(self):
        p = self.assert_alive()
        self.assertEqual(p['IdleSource'], 'none')
        self.assertFalse(p['Idle'])
        self.advance_until_due()                        # reminders still work
        self.wait_signal('BreakDue', timeout=20)

    @setup(config={'idle': {'source': 'none'}})
    def test_source_none(self):
        self.assertEqual(self.prop('IdleSource'), 'none')     # chosen, and acted on, before Ready
        self.assertEqual(self.mutter.calls('AddIdleWatch'), [], 'source=none still uses GNOME')
        self.assert_alive()


class WakeupTest(LimberTestCase):
    '''Nothing happens: limberd must sleep, not poll.'''

    def assert_quiet(self, what, seconds=3, limit=5):
        before = self.daemon.switches()
        time.sleep(seconds)         # a measurement over real time: no D-Bus traffic from the test
        woke = self.daemon.switches() - before
        self.assertLessEqual(woke, limit,
                             f'limberd woke up {woke} times in {seconds} s while {what}')

    @setup(config={'schedule': {'interval': '2h', 'natural-break': '1h', 'idle-after': '1s'}})
    def test_no_wakeups_when_nothing_happens(self):
        self.assertEqual(self.prop('IdleSource'), 'gnome')
        self.wait_for(lambda: self.mutter.calls('AddIdleWatch'), 15, 'the idle watch')
        self.settle()
        self.assert_quiet('the user works')
        self.mutter.set_idle(5)
        self.wait_prop('Idle', bool, what='Idle == true')
        self.settle()
        self.assert_quiet('the user is away')


if __name__ == '__main__':
    limbertest.main()
