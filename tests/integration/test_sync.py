#!/usr/bin/python3
'''The sync folder: one person, two machines. Two limberd, each with its own buses, mocks and
state folder ("machine A" is the test case's own sandbox, "machine B" a second one), share
one folder, as a file-sync engine would keep it: the active time counts once across them, the
reminder comes on the machine in use, a break on one resets the other, and a conflict copy, a
torn line or a record from the future is reported and not counted.'''

import io
import os
import re
import time

import dbus

import limbertest
from limbertest import (BUS_NAME, INTERFACE, OBJECT_PATH, PROPERTIES, SCALE, LimberTestCase,
                        Sandbox, format_ini, merge_config, pump, unwrap, usec, realtime_usec)

# Long natural breaks: a machine left idle during a test is not taking a break.
SYNC_CONFIG = {'schedule': {'interval': '8s', 'natural-break': '1h', 'idle-after': '1s'}}
MACHINE_DIR = re.compile(r'^[0-9a-f]{16}-(.+)$')


class Machine:
    '''Another limberd, with its own sandbox (buses, mocks, state folder).'''

    def __init__(self, test, config):
        self.sandbox = Sandbox(test.id() + '-B')
        test.addCleanup(self._cleanup, test)
        self.sandbox.write(self.sandbox.user_config, format_ini(config))
        self.notify = self.sandbox.start_mock('notifications')
        self.sandbox.start_mock('logind')
        self.mutter = self.sandbox.start_mock('mutter')
        self.daemon = self.sandbox.start_daemon()
        self.conn = self.sandbox.session.conn

    def _cleanup(self, test):
        problems = self.sandbox.cleanup()
        if problems or os.environ.get('LIMBER_TEST_VERBOSE'):
            print(f'\n===== logs of machine B =====\n{self.sandbox.logs()}\n=====')
        self.sandbox.remove()
        if problems:
            test.fail('machine B: ' + '; '.join(problems))

    def call(self, method, signature='', *args, interface=INTERFACE):
        return unwrap(self.conn.call_blocking(BUS_NAME, OBJECT_PATH, interface, method, signature,
                                              args, timeout=20 * SCALE))

    def prop(self, name):
        return self.call('Get', 'ss', INTERFACE, name, interface=PROPERTIES)


class SyncTest(LimberTestCase):
    CONFIG = merge_config(limbertest.DEFAULT_CONFIG, SYNC_CONFIG)
    START_DAEMON = False

    def setUp(self):
        super().setUp()
        self.folder = os.path.join(self.sandbox.root, 'shared', 'limber')

    def start_a(self, extra=None):
        self.write_config(merge_config(self.CONFIG, merge_config(
            {'sync': {'folder': self.folder, 'machine': 'a'}}, extra)))
        return self.start_daemon()

    def start_b(self, extra=None):
        return Machine(self, merge_config(self.CONFIG, merge_config(
            {'sync': {'folder': self.folder, 'machine': 'b'}}, extra)))

    def machine_dir(self, name, folder=None):
        folder = folder or self.folder
        for d in os.listdir(folder) if os.path.isdir(folder) else ():
            m = MACHINE_DIR.match(d)
            if m and m.group(1) == name:
                return os.path.join(folder, d)
        return None

    def wait_b(self, machine, cond, what, timeout=15):
        return self.wait_for(lambda: cond(machine), timeout, what)

    def test_subfolders_hold_spans_and_breaks_only(self):
        '''Each machine writes its own ID-NAME subfolder: the id is not the raw machine id, the
        files are the state folder's formats, the other's records arrive on their own.'''
        self.start_a()
        b = self.start_b()
        b.mutter.set_idle(2)
        self.wait_prop('ActiveUsec', lambda v: v >= usec(1.5))
        self.mutter.set_idle(1.5)
        self.wait_state('idle')
        a_dir = self.wait_for(lambda: self.machine_dir('a'), what="A's subfolder")
        self.wait_for(lambda: self.machine_dir('b'), what="B's subfolder")   # B may start later
        try:
            with open('/etc/machine-id') as f:
                raw = f.read().strip()
        except OSError:
            raw = ''
        for d in os.listdir(self.folder):
            self.assertNotIn(raw[:16] or 'x' * 40, d, 'the raw machine id is in a folder name')
        self.assertEqual(sorted(os.listdir(a_dir)), ['activity'])
        with open(os.path.join(a_dir, 'activity')) as f:
            lines = f.read().splitlines()
        self.assertTrue(lines and all(re.match(r'^v1\t\d+\tactive\t\d+\t\t$', l) for l in lines), lines)
        # The ids differ by the configured name, and stay the same across restarts.
        self.restart_daemon()
        self.assertEqual(self.machine_dir('a'), a_dir)

    def test_one_count_and_the_reminder_on_the_machine_in_use(self):
        '''Work on A, then on B: B counts A's time with its own, and the reminder comes on B
        when the two together reach the interval, not on A.'''
        self.start_a()
        b = self.start_b()
        b.mutter.set_idle(2)                    # B sits unused while the person works on A
        self.wait_b(b, lambda m: m.prop('State') == 'idle', "B idle")
        self.wait_prop('ActiveUsec', lambda v: v >= usec(4))
        self.mutter.set_idle(1.2)               # the person leaves A…
        self.wait_state('idle')
        a_active = self.prop('ActiveUsec')
        started = time.monotonic()
        b.mutter.set_active()                   # …and works on B
        self.wait_b(b, lambda m: m.prop('State') in ('working', 'due'), 'B working')
        # B's own time is at most the time since it was told of the input: what is beyond is
        # A's (the slack is for B hearing of the input late, under valgrind too).
        slack = usec(0.5 * SCALE)
        b_active = self.wait_b(b, lambda m: m.prop('ActiveUsec') >= a_active - slack
                               and m.prop('ActiveUsec'), "B counting A's time")
        own = time.monotonic() - started
        self.assertGreaterEqual(b_active - usec(own), a_active - slack,
                                f"B's count ({b_active} us after {own:.1f} s of its own) misses A's "
                                f'{a_active} us')

        reminder = self.wait_b(b, lambda m: m.notify.reminders(), 'the reminder on B', timeout=20)[0]
        self.assertEqual(reminder.app_name, 'limber')
        self.assertEqual(self.notify.reminders(), [], 'A reminded too, while nobody used it')
        print(f'\nB reminded after {time.monotonic() - started:.1f} s of its own use '
              f'(interval 8 s, {a_active / 1e6:.1f} s on A)')

    def test_break_on_one_resets_the_other(self):
        '''A break logged on B starts the count again on A and withdraws A's reminder.'''
        self.start_a({'schedule': {'interval': '3s'}})
        b = self.start_b({'schedule': {'interval': '3s'}})
        b.mutter.set_idle(2)
        reminder = self.wait_reminder()
        self.mutter.set_idle(1.2)
        self.wait_state('due', 'idle')
        self.assertGreaterEqual(self.prop('ActiveUsec'), usec(1.5))

        b.mutter.set_active()
        b.call('LogBreak', 'ts', dbus.UInt64(usec(1)), 'a walk')
        logged = time.monotonic()
        self.wait_prop('ActiveUsec', lambda v: v < usec(1), what="A's count reset by B's break")
        delay = time.monotonic() - logged
        self.wait_for(lambda: reminder.id in self.notify.closed(), what="A's reminder withdrawn")
        self.assertIn('A break was taken on b', self.daemon.output())
        print(f'\nbreak on B -> reset on A: {delay * 1000:.0f} ms (shared folder, test polling 50 ms)')
        # A's history keeps its own records only; the break is B's.
        self.assertEqual([r for r in self.history() if r['kind'] == 'logged'], [])

    def test_conflict_copies_torn_lines_and_the_future_are_reported(self):
        '''Records a sync engine mangled are reported in Problems and not counted; a torn line
        counts once it is whole.'''
        now = realtime_usec()
        c = os.path.join(self.folder, '0123456789abcdef-c')
        d = os.path.join(self.folder, 'fedcba9876543210-d')
        os.makedirs(c)
        os.makedirs(d)
        hour = usec(3600)
        with open(os.path.join(c, 'activity.sync-conflict-20261207-063000-ABCDEFG'), 'w') as f:
            f.write(f'v1\t{now - hour}\tactive\t{hour - usec(10)}\t\t\n')
        torn = f'v1\t{now - usec(30)}\tactive\t{usec(2)}\t\t'
        with open(os.path.join(c, 'activity'), 'w') as f:
            f.write(torn)
        with open(os.path.join(d, 'activity'), 'w') as f:
            f.write(f'v1\t{now - usec(60)}\tactive\t{hour}\t\t\n')
        self.start_a({'schedule': {'interval': '1h'}})

        problems = self.wait_prop('Problems', lambda p: len(p) >= 3)
        text = '\n'.join(problems)
        self.assertIn("activity.sync-conflict-20261207-063000-ABCDEFG is a sync engine's conflict copy", text)
        self.assertIn('0123456789abcdef-c/activity ends in a torn line', text)
        self.assertIn('fedcba9876543210-d/activity has 1 record(s) from the future', text)
        self.assertLess(self.prop('ActiveUsec'), usec(60), 'a mangled record was counted')

        # The line is made whole (the sync engine delivered the rest): it counts, the problem goes.
        before = self.prop('ActiveUsec')
        with open(os.path.join(c, 'activity'), 'a') as f:
            f.write('\n')
        self.wait_prop('Problems', lambda p: not any('torn' in x for x in p))
        os.remove(os.path.join(c, 'activity.sync-conflict-20261207-063000-ABCDEFG'))
        self.wait_prop('Problems', lambda p: not any('conflict' in x for x in p))
        self.assertLess(self.prop('ActiveUsec'), usec(60))
        self.assertTrue(self.daemon.alive())
        del before

    def test_one_history_with_the_machine(self):
        '''history and stats show every machine's records, each once, with its machine; a
        conflict copy is not read.'''
        self.start_a()
        b = self.start_b()
        b.mutter.set_idle(2)
        self.wait_for(lambda: b.prop('State') == 'idle', what='B idle')
        b.call('LogBreak', 'ts', dbus.UInt64(usec(1)), 'walk on b')
        self.call('LogBreak', 'ts', dbus.UInt64(usec(1)), 'stretch on a')
        b_dir = self.wait_for(lambda: self.machine_dir('b'), what="B's subfolder")
        with open(os.path.join(b_dir, 'history.sync-conflict-20261207-063000-ABCDEFG'), 'w') as f:
            f.write(f'v1\t{realtime_usec() - usec(5)}\tlogged\t{usec(1)}\t\tconflicting copy\n')

        machine, records = self.call('GetSyncRecords', 'ttb', dbus.UInt64(0), dbus.UInt64(0), False)
        self.assertEqual(machine, 'a')
        self.assertEqual([(r[0], r[2], r[5]) for r in records], [('b', 'logged', 'walk on b')])

        rows = __import__('json').loads(self.assert_ctl('history', '--json').stdout)
        self.assertEqual(sorted((r['machine'], r['note']) for r in rows if r['kind'] == 'logged'),
                         [('a', 'stretch on a'), ('b', 'walk on b')], rows)
        table = self.assert_ctl('history').stdout
        self.assertIn('MACHINE', table)
        self.assertNotIn('conflicting copy', table)
        self.assertEqual(len(re.findall(r'walk on b', table)), 1, table)
        rows = list(__import__('csv').DictReader(io.StringIO(self.assert_ctl('history', '--csv').stdout)))
        self.assertEqual(sorted((r['machine'], r['note']) for r in rows if r['kind'] == 'logged'),
                         [('a', 'stretch on a'), ('b', 'walk on b')], rows)

        stats = __import__('json').loads(self.assert_ctl('stats', '--json').stdout)
        self.assertEqual(stats['total']['breaks_taken'], 2, stats)

    def test_a_skip_starts_the_count_again(self):
        '''A skip is not a break, but the count starts again after it, here and on the other
        machines (the active time before it is not counted back).'''
        self.start_a({'schedule': {'interval': '3s'}})
        b = self.start_b({'schedule': {'interval': '3s'}})
        b.mutter.set_idle(2)
        self.wait_reminder()
        self.call('Skip')
        self.assertLess(self.prop('ActiveUsec'), usec(1))
        self.wait_for(lambda: b.prop('State') == 'idle', what='B idle')
        self.mutter.set_idle(1.2)
        self.wait_state('idle')
        self.assertLess(self.prop('ActiveUsec'), usec(1.5))
        # B, which counted A's time before the skip (A's span), counts only what came after.
        b.mutter.set_active()
        self.wait_for(lambda: b.prop('State') in ('working', 'due'), what='B working')
        self.assertLess(b.prop('ActiveUsec'), usec(1.5))

    def test_off_and_on_live(self):
        '''sync.folder set and cleared with SetConfig: the subfolder appears; cleared, the
        other machines no longer count.'''
        self.start_daemon()
        self.call('SetConfig', 'ss', 'sync.machine', 'a')
        self.call('SetConfig', 'ss', 'sync.folder', self.folder)
        self.wait_for(lambda: self.machine_dir('a'), what="A's subfolder")
        name, message = self.dbus_error('SetConfig', 'ss', 'sync.folder', 'relative/path')
        self.assertIn('is not a folder', message)

        # A folder that cannot be made: said in Problems; this machine counts alone.
        blocker = self.sandbox.write(os.path.join(self.sandbox.root, 'a-file'), 'x')
        self.call('SetConfig', 'ss', 'sync.folder', blocker + '/limber')
        problems = self.wait_prop('Problems', lambda p: any('cannot be used' in x for x in p))
        self.assertIn(f'the sync folder {blocker}/limber cannot be used (Not a directory): this machine counts alone',
                      problems)
        self.call('LogBreak', 'ts', dbus.UInt64(usec(1)), '')
        # Made usable, it is tried again on reload.
        os.remove(blocker)
        self.call('Reload')
        self.wait_prop('Problems', lambda p: p == [])
        self.assertTrue(self.machine_dir('a', blocker + '/limber'))
        self.call('SetConfig', 'ss', 'sync.folder', '')
        self.wait_prop('Problems', lambda p: p == [])
        self.assertTrue(self.daemon.alive())


if __name__ == '__main__':
    limbertest.main()
