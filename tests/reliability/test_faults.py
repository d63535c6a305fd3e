#!/usr/bin/python3
'''Faults from outside limberd, none of which may crash it, lose its state or bring a burst of
reminders when things come back:
  - the notification server goes away during a due break and comes back;
  - GNOME Shell (its idle monitor) crashes while the user is idle, and restarts;
  - the idle monitor goes away for good (the user then counts as away, not active);
  - logind, or the whole system bus, goes away (lock and suspend are then not noticed, the
    rest works, and limberd does not spin);
  - the session bus closes: limberd saves its state and exits non-zero, so that systemd
    restarts it with the next session;
  - the notification helper (limber-notify) is killed, missing, or left behind by a limberd
    killed with SIGKILL.
tests/integration/test_idle.py covers a plain GNOME Shell restart and test_reminders.py a
session without a notification server from the start.'''

import os
import signal
import time

from reliability import limbertest
from limbertest import LimberTestCase, setup, usec, realtime_usec

QUICK = {'schedule': {'interval': '2s', 'snooze': '2s', 'max-postpone': '1h'}}
LONG = {'schedule': {'interval': '1h', 'natural-break': '1h'}}


class FaultTest(LimberTestCase):

    def counts(self):
        p = self.props()
        return p['BreaksToday'], p['SkippedToday'], len(self.history(0, 0))

    def state_file(self):
        path = os.path.join(self.sandbox.state_dir, 'state')
        with open(path) as f:
            return dict(line.split('=', 1) for line in f.read().splitlines()
                        if '=' in line and not line.startswith('#'))

    def assert_no_burst(self, since_index, seconds, at_most, what):
        '''At most at_most reminder notifications from since_index on, over seconds.'''
        self.sleep(seconds)
        n = [x for x in self.notify.reminders() if x.index >= since_index]
        self.assertLessEqual(len(n), at_most, f'{len(n)} reminders in {seconds} s {what}: {n}')

    @setup(config=QUICK)
    def test_notification_server_vanishes_and_returns(self):
        first = self.wait_reminder(timeout=20)
        self.assert_reminder(first)
        counts = self.counts()
        self.notify.stop()
        self.sleep(5)                                   # two repeats go nowhere
        self.assert_alive()
        self.assertEqual(self.prop('State'), 'due')
        self.start_mock('notifications')
        n = self.wait_reminder(timeout=20)
        self.assert_reminder(n)
        # The reminder repeats every snooze (2 s) as before: no backlog of missed ones.
        self.assert_no_burst(0, 6, 5, 'after the notification server came back')
        # The new server's buttons work.
        self.notify.invoke(self.notify.reminders()[-1], 'skip')
        self.wait_for(lambda: self.counts()[1] == counts[1] + 1, 15, 'SkippedToday + 1')
        self.assertEqual(self.counts()[0], counts[0])

    @setup(config=QUICK)
    def test_notification_server_hangs(self):
        '''A notification server that hangs (SIGSTOP) holds up only limberd's notification
        thread: limberd answers at once meanwhile, and once the server runs again it gets the
        reminder waiting and the newest one, not the backlog of repeats.'''
        counts = self.counts()
        os.kill(self.notify.process.pid, signal.SIGSTOP)
        try:
            # Due after 2 s, repeated every 2 s: about five reminders while the server hangs.
            for _ in range(11):
                self.sleep(1)
                t = time.monotonic()
                try:
                    state = self.call('Get', 'ss', limbertest.INTERFACE, 'State',
                                      interface=limbertest.PROPERTIES, timeout=5 * limbertest.SCALE)
                except limbertest.dbus.exceptions.DBusException as e:
                    self.fail(f'limberd did not answer within 5 s while the notification server hangs: {e}')
                self.assertLess(time.monotonic() - t, 2 * limbertest.SCALE,
                                'limberd answered slowly while the server hangs')
            self.assertEqual(state, 'due')
        finally:
            os.kill(self.notify.process.pid, signal.SIGCONT)
        self.wait_reminder(timeout=10)
        self.sleep(0.5)                                 # a backlog would follow at once
        woke = self.notify.reminders()
        self.assertLessEqual(len(woke), 3, f'a backlog of reminders once the server ran again: {woke}')
        self.assert_alive()
        self.notify.invoke(self.notify.reminders()[-1], 'skip')
        self.wait_for(lambda: self.counts()[1] == counts[1] + 1, 15, 'SkippedToday + 1')

    def helpers(self):
        return limbertest.notification_helpers(self.daemon.pid)

    @setup(config=QUICK)
    def test_notification_helper_comes_and_goes(self):
        '''libnotify lives in a helper process only while a notification is on screen: none at
        rest, one with the reminder, none once it is gone; a helper that is killed is replaced
        by the next reminder, and one that outlives a limberd killed with SIGKILL closes the
        reminder and exits.'''
        self.assertEqual(self.helpers(), [], 'a notification helper before anything was shown')
        first = self.wait_reminder(timeout=20)
        helper = self.wait_for(lambda: self.helpers(), 10, 'the notification helper')
        self.assertEqual(len(helper), 1)
        self.notify.invoke(first, 'skip')
        self.wait_for(lambda: not self.helpers(), 10, 'the helper to end with nothing on screen')

        # Due again 2 s later: a new helper; killed, the repeat 2 s later brings another.
        second = self.wait_reminder(after=first.index + 1, timeout=20)
        helper = self.wait_for(lambda: self.helpers(), 10, 'a new notification helper')
        os.kill(helper[0], signal.SIGKILL)
        self.wait_for(lambda: 'notification helper (pid' in self.daemon.output(), 10,
                      'the lost helper in the log')
        third = self.wait_reminder(after=second.index + 1, timeout=20)
        self.assert_reminder(third)
        self.assert_alive()
        self.assertEqual(self.prop('State'), 'due')

        # limberd killed: its helper closes the reminder on screen and exits.
        helper = self.wait_for(lambda: self.helpers(), 10, 'the helper of the third reminder')
        shown = self.notify.reminders()[-1]
        os.kill(self.daemon.pid, signal.SIGKILL)
        self.assertEqual(self.daemon.wait_exit(20), -signal.SIGKILL)
        self.wait_for(lambda: shown.id in self.notify.closed(), 10, 'the orphaned reminder closed')
        self.wait_for(lambda: (limbertest.process_state(helper[0]) or 'Z')[0] == 'Z', 10,
                      'the orphaned helper to exit')

    @setup(config={'schedule': {'interval': '1h'}, 'micro': {'enabled': 'true', 'interval': '8s', 'duration': '2s'}})
    def test_helper_ends_after_a_silent_expiry(self):
        '''A server that never says NotificationClosed (this stand-in, like notification-daemon
        3.20): once the posture nudge's expire timeout has passed it cannot be on screen, and
        the helper ends by itself.'''
        helper = self.wait_for(lambda: self.helpers(), 30, 'the helper of the posture nudge')
        # The helper runs before its Notify reaches the server: wait for the nudge itself.
        self.wait_for(lambda: self.notify.notifications(), 15, 'the posture nudge')
        self.assertEqual(len(self.notify.notifications()), 1)
        t = time.monotonic()
        self.wait_for(lambda: (limbertest.process_state(helper[0]) or 'Z')[0] == 'Z', 15,
                      'the helper to end after the nudge expired')
        took = time.monotonic() - t
        self.assertLess(took, 6, f'the helper ended {took:.1f} s after the 2 s nudge')
        self.assertEqual(self.notify.closed(), [], 'the expired nudge was closed as if still shown')

    @setup(config=QUICK, daemon=False)
    def test_notification_helper_missing(self):
        '''Without its helper limberd shows nothing, says why, and works on.'''
        self.sandbox.env['LIMBER_NOTIFY_HELPER'] = os.path.join(self.sandbox.root, 'no-such-helper')
        self.start_daemon()
        self.wait_for(lambda: 'Cannot start the notification helper' in self.daemon.output(), 20,
                      'the missing helper in the log')
        self.assertIn('no-such-helper: No such file or directory', self.daemon.output())
        self.assertEqual(self.prop('State'), 'due')
        counts = self.counts()
        self.call('Skip')
        self.wait_for(lambda: self.counts()[1] == counts[1] + 1, 15, 'SkippedToday + 1')
        self.assertEqual(self.notify.notifications(), [])
        self.assert_alive()

    @setup(config={'schedule': {'interval': '1h', 'natural-break': '4s', 'idle-after': '1s'}})
    def test_gnome_shell_crashes_while_idle(self):
        self.wait_for(lambda: self.mutter.calls('AddIdleWatch'), 15, 'an idle watch')
        active = self.wait_prop('ActiveUsec', lambda v: v >= usec(2), 20, 'ActiveUsec >= 2 s')
        self.mutter.set_idle(2)
        self.wait_prop('Idle', bool, what='Idle == true')
        counts = self.counts()
        mark = self.signals.mark()
        self.mutter.process.stop(signal.SIGKILL)        # GNOME Shell crashes
        # Without an idle monitor nobody is known to be at the keyboard: the user stays away,
        # the active time stands still and is kept, and nothing is recorded yet.
        self.wait_prop('IdleSource', lambda v: v == 'none', what='IdleSource == none after the crash')
        self.assertTrue(self.prop('Idle'), 'the user counts as active without an idle monitor')
        kept = self.prop('ActiveUsec')
        self.assertGreaterEqual(kept, active - usec(1))
        self.sleep(1.5)
        self.assertLessEqual(self.prop('ActiveUsec'), kept, 'active time grows without an idle monitor')
        self.assertEqual(self.counts(), counts)
        new = self.start_mock('mutter')
        self.wait_for(lambda: new.calls('AddIdleWatch'), 20, 'the watches on the new idle monitor')
        self.wait_prop('IdleSource', lambda v: v == 'gnome', what='IdleSource == gnome again')
        # Idle detection works as before: after a stretch of work (a natural break counts only
        # after at least natural-break of work), away longer than natural-break, and back.
        self.wait_prop('ActiveUsec', lambda v: v >= usec(6), 20, 'ActiveUsec >= 6 s')
        new.set_idle(2)
        self.wait_prop('Idle', bool, what='Idle == true through the new idle monitor')
        self.sleep(5)
        new.set_active()
        self.wait_for(lambda: self.counts()[0] == counts[0] + 1, 20, 'a natural break')
        self.sleep(2)
        self.assertEqual(self.counts()[0], counts[0] + 1, 'the natural break counted twice')
        self.assertLessEqual(len(self.signals.all('BreakFinished', since=mark)), 1)
        self.assertEqual(self.notify.reminders(), [])
        self.assert_alive()

    @setup(config=LONG)
    def test_idle_monitor_goes_away_for_good(self):
        self.wait_for(lambda: self.mutter.calls('AddIdleWatch'), 15, 'an idle watch')
        counts = self.counts()
        config = self.config()
        self.mutter.stop()
        self.wait_prop('IdleSource', lambda v: v == 'none', what='IdleSource == none')
        p = self.assert_alive()
        # Away, not active: logind's idle hint is no stand-in for the desktop that went.
        self.assertTrue(p['Idle'])
        self.assertEqual(p['IdleSource'], 'none')
        self.assertEqual(self.counts(), counts)
        self.assertEqual(self.config(), config)
        self.assertEqual(p['State'], 'idle')
        before = self.daemon.switches()
        self.sleep(3)
        woke = self.daemon.switches() - before
        self.assertLess(woke, 50, f'limberd woke {woke} times in 3 s without an idle monitor')

    @setup(config=LONG)
    def test_logind_goes_away(self):
        counts = self.counts()
        self.logind.stop()
        # Once the test's own connection saw the name go, limberd was told before any call
        # that follows: the bus delivers in that order.
        system = self.sandbox.system.conn
        self.wait_for(lambda: not system.name_has_owner('org.freedesktop.login1'), what='logind gone')
        self.assert_alive()
        self.assertEqual(self.counts(), counts)
        self.call('LogBreak', 'ts', usec(60), 'still works')
        self.assertEqual(self.counts()[0], counts[0] + 1)

    @setup(config=LONG)
    def test_system_bus_goes_away(self):
        counts = self.counts()
        self.sandbox.system.process.stop(signal.SIGKILL)
        self.sleep(2)
        self.assert_alive()
        # No busy loop on a dead connection: a few wake-ups at most.
        before = self.daemon.switches()
        self.sleep(3)
        woke = self.daemon.switches() - before
        self.assertLess(woke, 50, f'limberd woke {woke} times in 3 s after the system bus died')
        self.call('LogBreak', 'ts', usec(60), 'without a system bus')
        self.assertEqual(self.counts()[0], counts[0] + 1)
        self.call('Pause', 't', usec(60))
        self.assertEqual(self.prop('State'), 'paused')

    @setup(config=LONG)
    def test_session_bus_closes(self):
        active = self.wait_prop('ActiveUsec', lambda v: v >= usec(2), 20, 'ActiveUsec >= 2 s')
        t = realtime_usec()
        self.sandbox.session.process.stop(signal.SIGKILL)
        rc = self.daemon.wait_exit(20)
        self.assertIsNotNone(rc, 'limberd kept running without its session bus')
        self.assertGreater(rc, 0, f'limberd exited with {rc}: systemd restarts only on failure')
        self.assertLess(rc, 128)
        # It saved its count on the way out.
        state = self.state_file()
        self.assertGreaterEqual(int(state['saved']), t - usec(1))
        self.assertGreaterEqual(int(state['active']), active - usec(1))


if __name__ == '__main__':
    limbertest.main()
