#!/usr/bin/python3
'''Presence: sitting at the desk without input is not a break. An idle inhibitor (through the
logind mock's BlockInhibited), the camera or the microphone in use (plain files in the
sandbox's device folder, $LIMBER_DEVICE_DIR, opened and closed by the test) make time without
input count; and the daily limit and max-skips, which the same issue brought.'''

import os

import limbertest
from limbertest import CtlWatch, LimberTestCase, setup, usec

LOGIND_MANAGER = 'org.freedesktop.login1.Manager'
# natural-break 3 s, idle-after 1 s (DEFAULT_CONFIG); no reminder in the way.
LONG_INTERVAL = {'schedule': {'interval': '1h'}}


class PresenceTestCase(LimberTestCase):

    def device(self, name, watched=True):
        '''A "device node" in the sandbox's device folder: a plain file; once limberd runs, it
        is returned when limberd watches it (unless not watched is expected).'''
        path = os.path.join(self.sandbox.dev_dir, name)
        if not os.path.exists(path):
            with open(path, 'w'):
                pass
        if watched:
            self.wait_watched(path)
        return path

    def wait_watched(self, path):
        if self.daemon is not None and self.daemon.alive():
            self.wait_for(lambda: self.daemon.watches(path), 15, f'limberd to watch {path}')

    def wait_presence(self, reason):
        self.wait_prop('PresenceReason', lambda v: v == reason, what=f'PresenceReason == {reason!r}')

    def naturals(self):
        return [r for r in self.history() if r['kind'] == 'natural']


class InhibitorTest(PresenceTestCase):

    def inhibit(self, what):
        self.logind.mock.UpdateProperties(LOGIND_MANAGER, {'BlockInhibited': what})

    def setUp(self):
        super().setUp()
        # Not in python-dbusmock's logind template; logind has it (emits-change, with the value).
        self.logind.mock.AddProperty(LOGIND_MANAGER, 'BlockInhibited', '')

    @setup(config=LONG_INTERVAL)
    def test_call_without_input_is_not_a_break(self):
        '''The issue's case: an inhibitor held (as a call holds one) and seven seconds without
        input against a three-second natural break: still working, no natural break, the
        active time keeps growing.'''
        self.advance(1)
        self.inhibit('idle')
        self.wait_presence('idle-inhibited')
        before = self.prop('ActiveUsec')
        self.go_idle(7)
        self.assertEqual(self.prop('State'), 'working')
        self.assertFalse(self.prop('Idle'))
        self.assertEqual(self.naturals(), [])
        self.assertGreaterEqual(self.prop('ActiveUsec'), before + usec(6))
        r = self.assert_ctl('status')
        self.assertIn('Counting: at the desk: an idle inhibitor is held', r.stdout)

        # The call ends, still no input: from then on idle, and a natural break after 3 s.
        self.inhibit('')
        self.wait_presence('')
        self.wait_state('idle')
        self.advance(4)
        self.mutter.set_active()
        self.wait_history(lambda r: r['kind'] == 'natural', what='a natural break after the call')
        self.assertLess(self.naturals()[0]['duration'], usec(6.5))    # counted from the call's end

    @setup(config={'schedule': {'interval': '1h'}, 'presence': {'inhibitors': 'false'}})
    def test_inhibitors_off(self):
        '''presence.inhibitors = false: an inhibitor no longer means present (the old
        behaviour: seven seconds without input are a natural break).'''
        self.advance(5.5)   # work first: a natural break follows 3 s of work (idle began 2 s back)
        self.inhibit('idle')
        self.wait_prop('BusyReason', lambda v: v == 'idle-inhibited', what='busy')
        self.go_idle(5)
        self.mutter.set_active()
        self.wait_history(lambda r: r['kind'] == 'natural', what='a natural break')
        self.assertEqual(self.prop('PresenceReason'), '')

    @setup(config={'schedule': {'interval': '1h'}, 'busy': {'respect-inhibitors': 'false'}})
    def test_present_though_not_busy(self):
        '''busy.respect-inhibitors = false: the inhibitor holds no reminder back, but the user
        is still at the desk.'''
        self.inhibit('idle')
        self.wait_presence('idle-inhibited')
        self.assertEqual(self.prop('BusyReason'), '')
        self.go_idle(5)
        self.assertEqual(self.prop('State'), 'working')
        self.assertEqual(self.naturals(), [])

    @setup(config=LONG_INTERVAL)
    def test_lock_while_present(self):
        '''A locked screen is away, whatever holds.'''
        self.advance(3.5)
        self.inhibit('idle')
        self.wait_presence('idle-inhibited')
        self.logind.lock(True)
        self.wait_state('idle')
        self.advance(4)
        self.logind.lock(False)
        self.wait_history(lambda r: r['kind'] == 'natural', what='a natural break while locked')
        self.wait_state('working')


class DeviceTest(PresenceTestCase):

    def wait_presence(self, reason):
        # limberd looks at who holds a device at most once a second: let that second pass.
        self.advance(1)
        super().wait_presence(reason)

    @setup(config=LONG_INTERVAL)
    def test_camera_and_microphone(self):
        camera = self.device('video0')
        mic = self.device('snd/pcmC0D0c')
        speaker = self.device('snd/pcmC0D0p', watched=False)
        other = self.device('null', watched=False)

        for path in (speaker, other):       # playback and other nodes are nobody's presence
            with open(path):
                pass
        with open(mic, 'rb'):
            self.wait_presence('microphone')
            self.assertEqual(self.prop('BusyReason'), 'microphone')
            with open(camera, 'rb'):
                self.wait_presence('camera')
                self.assertEqual(self.prop('BusyReason'), 'camera')
                r = self.assert_ctl('status')
                self.assertIn('Counting: in a call: camera in use', r.stdout)
                self.go_idle(5)
                self.assertEqual(self.prop('State'), 'working')
            self.wait_presence('microphone')
        self.wait_presence('')
        self.assertEqual(self.prop('BusyReason'), '')
        self.assertEqual(self.naturals(), [])

        # Two opens, one close: still in use.
        a = open(camera, 'rb')
        b = open(camera, 'rb')
        self.wait_presence('camera')
        a.close()
        with open(mic, 'rb'):
            self.wait_presence('camera')    # the microphone does not take over: the camera holds
        b.close()
        self.wait_presence('')

    @setup(config=LONG_INTERVAL)
    def test_watch_json_says_why(self):
        '''limberctl watch --json prints a line when presence changes, with the reason.'''
        camera = self.device('video0')
        with CtlWatch(self, '--json') as watch:
            watch.next_object(lambda o: o.get('presence_reason') is None)
            with open(camera, 'rb'):
                self.advance(1)                         # limberd's next look at the devices
                o = watch.next_object(lambda o: o.get('presence_reason') == 'camera')
                self.assertEqual(o['presence'], 'in a call: camera in use')
                self.assertEqual(o['busy_reason'], 'camera')
            self.advance(1)
            watch.next_object(lambda o: o.get('presence_reason') is None)

    @setup(config=LONG_INTERVAL, daemon=False)
    def test_open_before_start(self):
        '''A call already running when limberd starts: found in /proc/PID/fd.'''
        camera = self.device('video0')
        f = open(camera, 'rb')
        g = os.dup(f.fileno())          # one open, two descriptors: one close event
        self.start_daemon()
        self.wait_presence('camera')
        os.close(g)
        f.close()
        self.wait_presence('')

    @setup(config=LONG_INTERVAL)
    def test_plugged_in_later(self):
        '''A camera plugged in after the start, and a sound folder that appears.'''
        os.rmdir(os.path.join(self.sandbox.dev_dir, 'snd'))
        self.restart_daemon()
        camera = self.device('video2')
        os.makedirs(os.path.join(self.sandbox.dev_dir, 'snd'))
        self.wait_watched(os.path.join(self.sandbox.dev_dir, 'snd'))
        mic = self.device('snd/pcmC1D0c')
        with open(camera, 'rb'):
            self.wait_presence('camera')
        self.wait_presence('')
        with open(mic, 'rb'):
            self.wait_presence('microphone')
        self.wait_presence('')

    @setup(config={'schedule': {'interval': '1h'}, 'presence': {'camera': 'false'}})
    def test_camera_off(self):
        camera = self.device('video0', watched=False)
        mic = self.device('snd/pcmC0D0c')
        with open(camera, 'rb'):
            with open(mic, 'rb'):
                self.wait_presence('microphone')    # the camera is not looked at
        self.wait_presence('')
        # Switched on live.
        self.assert_ctl('config', 'set', 'presence.camera', 'true')
        self.wait_watched(camera)
        with open(camera, 'rb'):
            self.wait_presence('camera')
        self.wait_presence('')


class LimitsTest(PresenceTestCase):

    @setup(config={'schedule': {'interval': '1h', 'daily-limit': '3s'}})
    def test_daily_limit(self):
        '''One notification when today's active time reaches the limit, and only one.'''
        def limit_notices():
            return [n for n in self.notify.notifications() if 'Daily limit' in n.summary]
        self.advance(3)
        self.wait_for(lambda: limit_notices(), timeout=15, what='the daily-limit notification')
        n = limit_notices()[0]
        self.assertEqual(n.actions, {})                 # not a break reminder
        self.assertIn('3s', n.body)         # the notification's words for 3s
        self.assertGreaterEqual(self.prop('ActiveTodayUsec'), usec(3))
        self.assertEqual(self.notify.reminders(), [])
        self.advance(3)
        self.assertEqual(len(limit_notices()), 1)
        # Not announced: it grows by itself.
        self.assertEqual(self.signals.changed('ActiveTodayUsec'), [])
        r = self.assert_ctl('status', '--json')
        self.assertIn('"active_today_seconds":', r.stdout)

    @setup(config={'schedule': {'max-skips': '1'}})
    def test_max_skips(self):
        '''After one skip in a row the reminder has no Skip button; Skip() still works.'''
        def with_start():
            return [n for n in self.notify.notifications() if 'start' in n.actions]
        self.advance_until_due()
        self.wait_for(lambda: with_start(), timeout=15, what='the first reminder')
        self.assertIn('skip', with_start()[0].actions)
        self.call('Skip')
        self.advance_until_due()
        self.wait_for(lambda: len(with_start()) >= 2, timeout=15, what='the second reminder')
        self.assertNotIn('skip', with_start()[-1].actions)
        self.assertIn('snooze', with_start()[-1].actions)
        self.call('Skip')                               # limberctl skip, deliberately
        self.wait_for(lambda: len([r for r in self.history() if r['kind'] == 'skipped']) == 2,
                      what='two skips in the history')


    @setup(config={'schedule': {'max-skips': '1'}})
    def test_skips_survive_a_restart(self):
        '''The row of skips is kept in the state file: a restart does not bring Skip back.'''
        def with_start():
            return [n for n in self.notify.notifications() if 'start' in n.actions]
        self.advance_until_due()
        self.wait_for(lambda: with_start(), timeout=15, what='the first reminder')
        self.call('Skip')
        self.restart_daemon()
        n = len(with_start())
        self.advance_until_due()
        self.wait_for(lambda: len(with_start()) > n, timeout=15, what='a reminder after the restart')
        self.assertNotIn('skip', with_start()[-1].actions)

if __name__ == '__main__':
    limbertest.main()
