#!/usr/bin/python3
'''The sync folder kept in step by a real file-sync engine: two limberd, each with its own
state folder and its own sync folder, and two Syncthing instances on 127.0.0.1 (no discovery,
relays or NAT; tests/integration/syncthing.py) keeping the two folders in step. Work on A then
on B makes one reminder, on B; a break on B resets A; a torn file and a real conflict copy are
reported and not counted. The delay from a break on B to the reset on A is printed.'''

import os
import time
import unittest

import dbus

import limbertest
import syncthing
import test_sync
from limbertest import LimberTestCase, merge_config, realtime_usec, usec


@unittest.skipUnless(syncthing.SYNCTHING, 'syncthing is not installed (.ci/install-deps --test)')
class SyncthingTest(LimberTestCase):
    CONFIG = merge_config(limbertest.DEFAULT_CONFIG, test_sync.SYNC_CONFIG)
    START_DAEMON = False

    def setUp(self):
        super().setUp()
        self.folder_a = os.path.join(self.sandbox.root, 'sync-a')
        self.folder_b = os.path.join(self.sandbox.root, 'sync-b')
        self.pair = syncthing.SyncthingPair(self.sandbox.root, self.folder_a, self.folder_b,
                                            self.sandbox.base_env, self.sandbox.logdir)
        self.addCleanup(self.pair.stop)
        self.pair.wait_connected()

    def start_both(self, extra=None):
        self.write_config(merge_config(self.CONFIG, merge_config(
            {'sync': {'folder': self.folder_a, 'machine': 'a'}}, extra)))
        self.start_daemon()
        return test_sync.Machine(self, merge_config(self.CONFIG, merge_config(
            {'sync': {'folder': self.folder_b, 'machine': 'b'}}, extra)))

    def test_one_count_one_reminder_and_the_break_across_syncthing(self):
        b = self.start_both()
        b.mutter.set_idle(2)
        self.wait_for(lambda: b.prop('State') == 'idle', what='B idle')
        self.wait_prop('ActiveUsec', lambda v: v >= usec(4))
        self.mutter.set_idle(1.2)
        self.wait_state('idle')
        a_active = self.prop('ActiveUsec')

        # Syncthing delivers A's span to B's folder; B counts it with its own time.
        b.mutter.set_active()
        started = time.monotonic()
        self.wait_for(lambda: b.prop('ActiveUsec') - usec(time.monotonic() - started)
                      >= a_active - usec(0.5 * limbertest.SCALE), timeout=30, what="B counting A's span")
        reminder = self.wait_for(lambda: b.notify.reminders(), timeout=30, what='the reminder on B')[0]
        self.assertEqual(reminder.app_name, 'limber')
        self.assertEqual(self.notify.reminders(), [], 'A reminded too, while nobody used it')

        # A break on B: its record reaches A through Syncthing, and A's count starts again.
        self.assertGreaterEqual(self.prop('ActiveUsec'), usec(2))
        b.call('LogBreak', 'ts', dbus.UInt64(usec(1)), '')
        logged = time.monotonic()
        self.wait_prop('ActiveUsec', lambda v: v < usec(1), timeout=30,
                       what="A's count reset by B's break")
        print(f"\nbreak on B -> reset on A through Syncthing: {time.monotonic() - logged:.2f} s")
        self.assertIn('A break was taken on b', self.daemon.output())

    def test_torn_and_conflicting_copies_are_reported(self):
        b = self.start_both({'schedule': {'interval': '1h'}})
        now, hour = realtime_usec(), usec(3600)

        # A file cut short on A's side reaches B as it is: B reports it and does not count it.
        c_a = os.path.join(self.folder_a, '0123456789abcdef-c')
        os.makedirs(c_a)
        with open(os.path.join(c_a, 'activity'), 'w') as f:
            f.write(f'v1\t{now - hour}\tactive\t{hour - usec(60)}\t\t')
        self.wait_for(lambda: any('0123456789abcdef-c/activity ends in a torn line' in p
                                  for p in b.prop('Problems')), timeout=30, what='B reporting the torn file')

        # Both sides write the same file while apart: Syncthing keeps one and makes a
        # conflict copy of the other, which both limberd report and neither counts.
        self.pair.a.pause(self.pair.b)
        self.pair.b.pause(self.pair.a)
        self.wait_for(lambda: not self.pair.a.connected_to(self.pair.b), timeout=30, what='paused')
        for folder, minutes in ((self.folder_a, 30), (self.folder_b, 20)):
            d = os.path.join(folder, 'fedcba9876543210-d')
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, 'activity'), 'w') as f:
                f.write(f'v1\t{now - hour}\tactive\t{usec(minutes * 60)}\t\t\n')
        for s in (self.pair.a, self.pair.b):
            s.rest('POST', f'/rest/db/scan?folder={syncthing.FOLDER_ID}')
        self.pair.a.pause(self.pair.b, False)
        self.pair.b.pause(self.pair.a, False)
        for who, prop in (('A', self.prop), ('B', b.prop)):
            problems = self.wait_for(
                lambda: [p for p in prop('Problems') if "sync engine's conflict copy" in p],
                timeout=60, what=f'{who} reporting the conflict copy')
            self.assertIn('fedcba9876543210-d/activity.sync-conflict-', problems[0])
        # Counted once at most: the file that won (30 or 20 minutes), never both.
        self.assertLess(self.prop('ActiveUsec'), usec(45 * 60))
        self.assertLess(b.prop('ActiveUsec'), usec(45 * 60))


if __name__ == '__main__':
    limbertest.main()
