#!/usr/bin/python3
'''The state folder when it goes wrong: an acknowledgement means the record is on disk.
  - a full disk (a 64 KiB tmpfs): LogBreak answers Error.IO naming the file and ENOSPC, the
    file stays whole, Problems and limberctl status say so, and once there is room again
    every break that was recorded is in the file;
  - a read-only remount: Pause and LogBreak answer Error.IO (EROFS); limberd keeps running;
  - planted symbolic links for history and state are refused, and never followed;
  - the state folder deleted while limberd runs: created again, with the lock held;
  - SIGSTOP / SIGCONT: at most one reminder and one BreakDue for the missed time;
  - a record dated in the future is not counted today;
  - the whole history is read in pages (GetHistoryPage), and limberctl history follows them;
    a range too large for one reply is refused, and limberd stays on the bus.
The tmpfs tests need root (CI runs as root) and skip with a message otherwise.'''

import fcntl
import os
import shutil
import signal
import subprocess
import time

from reliability import limbertest
from limbertest import LimberTestCase, setup, usec, realtime_usec, dbus

IO_ERROR = 'io.github.limber.Limber1.Error.IO'
# idle-after stays below natural-break: equal, limberd warns (a Problem of its own).
LONG = {'schedule': {'interval': '1h', 'natural-break': '2h', 'idle-after': '1h'}}
EVERYTHING = 2**64 - 1


class StorageTest(LimberTestCase):

    CONFIG = limbertest.merge_config(limbertest.DEFAULT_CONFIG, LONG)

    @property
    def history_path(self):
        return os.path.join(self.sandbox.state_dir, 'history')

    def mount_tmpfs(self, size='64k'):
        '''A small tmpfs on the state folder, unmounted when the test ends.'''
        os.makedirs(self.sandbox.state_dir, exist_ok=True)
        r = subprocess.run(['mount', '-t', 'tmpfs', '-o', f'size={size},mode=0700', 'tmpfs',
                            self.sandbox.state_dir], capture_output=True, text=True)
        if r.returncode != 0:
            self.skipTest(f'cannot mount a tmpfs (needs root): {r.stderr.strip()}')
        self.addCleanup(subprocess.run, ['umount', '-l', self.sandbox.state_dir])

    def fill(self):
        '''Fills the state folder's file system; returns the filler's path.'''
        path = os.path.join(self.sandbox.state_dir, 'filler')
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            while True:
                os.write(fd, b'x' * 512)
        except OSError:
            pass
        finally:
            os.close(fd)
        return path

    def notes(self):
        return [r['note'] for r in self.history(0, EVERYTHING)]

    def lines(self):
        with open(self.history_path, 'rb') as f:
            return f.read().split(b'\n')

    @setup(daemon=False)
    def test_full_disk(self):
        self.mount_tmpfs()
        self.start_daemon()
        self.call('LogBreak', 'ts', 1, 'before')
        filler = self.fill()
        acked, failed, order = ['before'], [], ['before']
        for i in range(30):
            note = f'full {i} ' + 'n' * 200
            order.append(note)
            try:
                self.call('LogBreak', 'ts', 1, note)
                acked.append(note)
            except dbus.exceptions.DBusException as e:
                self.assertEqual(e.get_dbus_name(), IO_ERROR, e)
                self.assertIn(self.history_path, e.get_dbus_message())
                self.assertIn('ENOSPC', e.get_dbus_message())
                failed.append(note)
        self.assertTrue(failed, 'every LogBreak answered OK on a full disk')
        # The file is whole: every line a record, no fragment of a failed write.
        for line in self.lines()[:-1]:
            self.assertTrue(line.startswith(b'v1\t') and line.count(b'\t') == 5, line)
        problems = self.prop('Problems')
        self.assertTrue(any(self.history_path in p and 'ENOSPC' in p for p in problems), problems)
        status = self.ctl('status')
        self.assertIn('ENOSPC', status.stdout + status.stderr)
        self.assertEqual(self.prop('BreaksToday'), len(acked) + len(failed))
        self.assertEqual(self.notes(), order, 'what waits in memory is not in GetHistory')
        # Room again: what waited in memory is written, in order, with no call needed.
        os.unlink(filler)
        self.wait_prop('Problems', lambda v: v == [], 40, 'Problems to clear after space returned')
        self.assertEqual(self.notes(), order, 'a break recorded in memory was lost')
        self.call('LogBreak', 'ts', 1, 'after')
        self.restart_daemon()
        self.assertEqual(self.prop('BreaksToday'), len(acked) + len(failed) + 1)
        self.assertNotIn('torn', self.daemon.output())

    @setup(daemon=False)
    def test_full_disk_keeps_the_count(self):
        '''A save of the state on a full disk still works (in place), so a restart does not
        take the time the disk was full for a break.'''
        self.mount_tmpfs()
        self.start_daemon()
        self.wait_prop('ActiveUsec', lambda v: v >= usec(1), 10, 'some active time')
        self.fill()
        self.wait_prop('ActiveUsec', lambda v: v >= usec(4), 20, 'more active time')
        self.restart_daemon()
        self.assertGreaterEqual(self.prop('ActiveUsec'), usec(3), 'the active count was lost')

    @setup(daemon=False)
    def test_read_only_remount(self):
        self.mount_tmpfs('1m')
        self.start_daemon()
        self.call('LogBreak', 'ts', 1, 'writable')
        r = subprocess.run(['mount', '-o', 'remount,ro', self.sandbox.state_dir], capture_output=True,
                           text=True)
        # "busy": limberd keeps a file of the folder open for writing, which it must not.
        self.assertNotIn('busy', r.stderr, 'limberd keeps the state folder from a read-only remount')
        if r.returncode != 0:
            self.skipTest(f'cannot remount read-only: {r.stderr.strip()}')
        name, message = self.dbus_error('Pause', 't', dbus.UInt64(0))
        self.assertEqual(name, IO_ERROR, message)
        self.assertIn('EROFS', message)
        self.assertIn(self.sandbox.state_dir, message)
        self.assertEqual(self.prop('State'), 'paused', 'the pause is kept in memory')
        name, message = self.dbus_error('LogBreak', 'ts', 1, 'read-only')
        self.assertEqual(name, IO_ERROR, message)
        self.assertTrue(self.daemon.alive())
        subprocess.run(['mount', '-o', 'remount,rw', self.sandbox.state_dir], check=True)
        self.wait_prop('Problems', lambda v: v == [], 40, 'Problems to clear after remount rw')
        self.assertEqual(self.notes(), ['writable', 'read-only'])
        self.restart_daemon()
        self.assertEqual(self.prop('State'), 'paused', 'the pause was not saved once it could be')

    @setup(daemon=False)
    def test_planted_links(self):
        target = os.path.join(self.sandbox.root, 'target')
        with open(target, 'w') as f:
            f.write('SECRET-CONTENT of another file\n')
        os.makedirs(self.sandbox.state_dir, exist_ok=True)
        for name in ('history', 'activity', 'state'):
            os.symlink(target, os.path.join(self.sandbox.state_dir, name))
        self.start_daemon()
        name, message = self.dbus_error('LogBreak', 'ts', 1, 'through a link')
        self.assertEqual(name, IO_ERROR, message)
        self.assertIn('symbolic link', message)
        name, message = self.dbus_error('GetHistory', 'tt', dbus.UInt64(0), dbus.UInt64(0))
        self.assertIn('symbolic link', message)
        with open(target) as f:
            self.assertEqual(f.read(), 'SECRET-CONTENT of another file\n', 'the link was written through')
        self.assertNotIn('SECRET', self.daemon.output())
        self.assertTrue(self.daemon.alive())

    def test_state_folder_deleted(self):
        self.call('LogBreak', 'ts', 1, 'first')
        shutil.rmtree(self.sandbox.state_dir)
        self.call('LogBreak', 'ts', 1, 'second')
        self.assertEqual(self.notes(), ['second'])
        lock = os.path.join(self.sandbox.state_dir, 'lock')
        self.assertTrue(os.path.exists(lock), 'the lock was not created again')
        with open(lock) as f:
            with self.assertRaises(BlockingIOError, msg='nobody holds the new lock'):
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self.assertIn('was deleted while limberd ran', self.daemon.output())

    @setup(config={'schedule': {'interval': '3s', 'snooze': '2s', 'natural-break': '2h', 'idle-after': '1h'}})
    def test_sigstop_sigcont(self):
        self.wait_state('due', timeout=20)
        self.sleep(0.5)
        os.kill(self.daemon.pid, signal.SIGSTOP)
        try:
            time.sleep(20)
        finally:
            os.kill(self.daemon.pid, signal.SIGCONT)
        mark = self.signals.mark()
        before = len(self.notify.reminders())
        self.sleep(1.5)
        self.assertLessEqual(len(self.signals.all('BreakDue', since=mark)), 1, 'a burst of BreakDue')
        self.assertLessEqual(len(self.notify.reminders()) - before, 1, 'a burst of reminders')

    @setup(daemon=False)
    def test_future_record(self):
        now = realtime_usec()
        os.makedirs(self.sandbox.state_dir, exist_ok=True)
        with open(self.history_path, 'w') as f:
            f.write(f'v1\t{now - usec(60)}\tlogged\t60000000\t\ttoday\n')
            f.write(f'v1\t{2145916800 * 10**6}\tlogged\t60000000\t\tfrom 2038\n')
        self.start_daemon()
        self.assertEqual(self.prop('BreaksToday'), 1, 'the record from 2038 counts today')
        self.assertEqual([r['note'] for r in self.history(0, 0)], ['today'], 'until 0 is now')
        out = self.assert_ctl('history').stdout
        self.assertIn('from 2038', out)
        self.assertIn('in the future', out)

    @setup(daemon=False)
    def test_paged_history(self):
        '''A whole history is read in pages; limberctl history follows them to the end.'''
        now = realtime_usec()
        os.makedirs(self.sandbox.state_dir, exist_ok=True)
        n = 2500
        with open(self.history_path, 'w') as f:
            for i in range(n):
                f.write(f'v1\t{now - usec(3600) * (n - i)}\tlogged\t60000000\t\tpage {i}\n')
        self.start_daemon()
        pages, cursor, seen = 0, 0, []
        while True:
            records, cursor = self.call('GetHistoryPage', 'ttut', dbus.UInt64(0), dbus.UInt64(0),
                                        dbus.UInt32(1000), dbus.UInt64(cursor))
            pages += 1
            self.assertLessEqual(len(records), 1000)
            seen += [r[4] for r in records]
            if cursor == 0:
                break
            self.assertLess(pages, 10, 'the cursor does not advance')
        self.assertEqual(seen, [f'page {i}' for i in range(n)])
        self.assertEqual(pages, 3)
        self.assert_invalid_args('GetHistoryPage', 'ttut', dbus.UInt64(0), dbus.UInt64(0),
                                 dbus.UInt32(10001), dbus.UInt64(0))
        out = self.assert_ctl('history', '--since', f'{n + 10}h').stdout
        self.assertIn(f'{n} entries', out)
        self.assertIn('page 0', out)
        self.assertIn(f'page {n - 1}', out)

    @setup(daemon=False)
    def test_history_too_large_for_one_reply(self):
        '''40,000 records with 1 KiB notes are more than one reply may carry: GetHistory refuses
        them with a message, limberd stays on the bus, and the pages carry them all.'''
        now = realtime_usec()
        os.makedirs(self.sandbox.state_dir, exist_ok=True)
        n = 40000
        note = 'x' * 1000
        with open(self.history_path, 'w') as f:
            f.writelines(f'v1\t{now - usec(60) * (n - i)}\tlogged\t60000000\t\t{note}{i}\n'
                         for i in range(n))
        self.start_daemon()
        name, message = self.dbus_error('GetHistory', 'tt', dbus.UInt64(0), dbus.UInt64(EVERYTHING))
        self.assertEqual(name, 'io.github.limber.Limber1.Error.NotPossible', message)
        self.assertIn('GetHistoryPage', message)
        self.assertTrue(self.daemon.alive(), 'limberd left the bus')
        self.assertEqual(self.prop('State'), 'working')
        total, cursor = 0, 0
        while True:
            records, cursor = self.call('GetHistoryPage', 'ttut', dbus.UInt64(0), dbus.UInt64(EVERYTHING),
                                        dbus.UInt32(10000), dbus.UInt64(cursor), timeout=60)
            total += len(records)
            if cursor == 0:
                break
        self.assertEqual(total, n)


if __name__ == '__main__':
    limbertest.main()
