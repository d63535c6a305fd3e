#!/usr/bin/python3
'''limberd killed with SIGKILL, and files left as a crash leaves them:
  - a break LogBreak() reported as logged is in the history after kill -9 and a restart, also
    when limberd is killed in the middle of a stream of LogBreak calls;
  - a torn last line is skipped with a warning naming the file and the line, and the next
    record goes on a line of its own;
  - the saved state (active time, a pause) survives kill -9 and always loads;
  - twenty "limberctl config set" at once all take effect and leave a file that parses;
  - history and state are private: files 0600, their folder 0700, whatever the umask.'''

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time

from reliability import limbertest, limberd_pid, start_wrapped
from limbertest import (LimberTestCase, setup, usec, pump, BUS_NAME, OBJECT_PATH, INTERFACE, SCALE,
                        dbus)

# Nothing happens by itself. idle-after stays shorter than natural-break: equal, limberd warns
# (every idle pause would be a break) and shows that in a notification, whose helper's writes
# would mix into the strace of limberd's own.
LONG_INTERVAL = {'schedule': {'interval': '1h', 'natural-break': '2h', 'idle-after': '1h'}}


class CrashTest(LimberTestCase):

    CONFIG = limbertest.merge_config(limbertest.DEFAULT_CONFIG, LONG_INTERVAL)

    @property
    def history_path(self):
        return os.path.join(self.sandbox.state_dir, 'history')

    @property
    def state_path(self):
        return os.path.join(self.sandbox.state_dir, 'state')

    def kill9(self):
        pid = self.daemon.pid
        os.kill(pid, signal.SIGKILL)
        rc = self.daemon.wait_exit(20)
        self.assertEqual(rc, -signal.SIGKILL, f'limberd did not die of SIGKILL: {rc}')

    def notes(self):
        return [r['note'] for r in self.history(0, 0)]

    def test_logged_break_survives_kill_9(self):
        expect = []
        for i in range(5):
            note = f'round {i}'
            self.call('LogBreak', 'ts', 1, note)
            self.kill9()                                # at once, after the answer
            expect.append(note)
            self.start_daemon()
            self.assertEqual(self.notes(), expect, f'after kill -9 number {i + 1}')
            self.assertEqual(self.prop('BreaksToday'), len(expect))

    def test_kill_9_during_a_stream_of_log_breaks(self):
        for rnd in range(3):
            acked, sent = [], []
            pending = [0]

            def reply(note):
                acked.append(note)
                pending[0] -= 1

            def error(e):
                pending[0] -= 1

            deadline = time.monotonic() + 60 * SCALE
            i = 0
            # Keep 32 calls in flight; kill once 40 were answered, in the middle of the stream.
            while len(acked) < 40 + rnd * 25:
                while pending[0] < 32:
                    note = f'r{rnd}-n{i}'
                    sent.append(note)
                    self.conn.call_async(BUS_NAME, OBJECT_PATH, INTERFACE, 'LogBreak', 'ts',
                                         (dbus.UInt64(1), note),
                                         lambda *_, n=note: reply(n), error, timeout=60 * SCALE)
                    pending[0] += 1
                    i += 1
                pump()
                time.sleep(0.001)
                self.assertLess(time.monotonic(), deadline, 'LogBreak calls are not answered')
            self.kill9()
            snapshot = list(acked)
            pump(0.2)                                   # late answers cannot arrive any more
            self.start_daemon()
            notes = self.notes()
            mine = [n for n in notes if n.startswith(f'r{rnd}-')]
            missing = [n for n in snapshot if n not in mine]
            self.assertEqual(missing, [], f'{len(missing)} answered LogBreak calls lost by kill -9')
            self.assertEqual(len(mine), len(set(mine)), 'a record appears twice')
            self.assertEqual([n for n in mine if n not in sent], [])
            self.assertEqual(mine, sorted(mine, key=sent.index), 'records out of order')
            sys.stderr.write(f'[round {rnd}: {len(snapshot)} answered, {len(mine)} in the history, '
                             f'{len(sent)} sent]\n')

    @setup(daemon=False)
    def test_one_write_per_record(self):
        '''Each record reaches the history file in a single write(2) of a whole line (strace),
        so a crash leaves either the record or nothing of it (or, if the kernel cut the write
        short, a torn line that is skipped).'''
        if not shutil.which('strace'):
            self.skipTest('strace is not installed')
        trace = os.path.join(self.sandbox.root, 'strace.out')
        start_wrapped(self, f'strace -f -qq -y -s 2000 -e trace=write,pwrite64,writev -o {trace}')
        notes = [f'record {i} ' + 'x' * (i * 300) for i in range(4)]
        for note in notes:
            self.call('LogBreak', 'ts', 1, note)
        os.kill(limberd_pid(self.daemon), signal.SIGTERM)     # strace does not pass it on
        self.assertEqual(self.daemon.wait_exit(30), 0)
        with open(trace, errors='replace') as f:
            writes = [line for line in f if re.search(r'(write|writev|pwrite64)\(\d+</[^>]*/history>', line)]
        self.assertEqual(len(writes), len(notes), 'not one write per record:\n' + ''.join(writes))
        for line, note in zip(writes, notes):
            self.assertIn(note, line)
            self.assertRegex(line, r'\\n", \d+\) = \d+$', 'a write that is not one whole line')

    def test_torn_last_line_is_named_and_skipped(self):
        self.call('LogBreak', 'ts', 1, 'whole')
        self.kill9()
        with open(self.history_path, 'rb') as f:
            whole = f.read()
        n_lines = whole.count(b'\n')
        # What a crash in the middle of writing a record leaves: half a line, no newline.
        with open(self.history_path, 'ab') as f:
            f.write(whole[:len(whole) // 2].replace(b'whole', b'torn!'))
        self.start_daemon()
        self.assertEqual(self.notes(), ['whole'])
        out = self.daemon.output()
        self.assertIn(f'{self.history_path}:{n_lines + 1}: torn last line', out)
        self.call('LogBreak', 'ts', 1, 'after')
        self.assertEqual(self.notes(), ['whole', 'after'])
        self.restart_daemon()
        self.assertEqual(self.notes(), ['whole', 'after'])
        self.assertIn(f'{self.history_path}:{n_lines + 1}: torn record', self.daemon.output())
        with open(self.history_path, 'rb') as f:
            lines = f.read().split(b'\n')
        self.assertTrue(lines[-2].startswith(b'v1\t') and b'after' in lines[-2], lines)

    def test_state_survives_kill_9(self):
        active = self.wait_prop('ActiveUsec', lambda v: v >= usec(2), 20, 'ActiveUsec >= 2 s')
        self.call('Pause', 't', usec(3600))
        until = self.prop('PausedUntilUsec')
        self.kill9()
        self.start_daemon()
        p = self.props()
        self.assertEqual(p['State'], 'paused', 'the pause was lost with kill -9')
        self.assertLess(abs(p['PausedUntilUsec'] - until), usec(2))
        self.assertGreaterEqual(p['ActiveUsec'], active - usec(1), 'active time lost with kill -9')
        self.assertNotIn('could not be used', self.daemon.output())

    def test_state_always_loads_after_kill_9(self):
        '''Killed in the middle of state rewrites (every pause and resume saves it): the state
        file is always whole.'''
        for rnd in range(5):
            pending = [0]
            sent = 0
            while sent < 200 + 37 * rnd:
                while pending[0] < 16:
                    method, sig, args = (('Pause', 't', (dbus.UInt64(usec(3600)),)) if sent % 2 == 0
                                         else ('Resume', '', ()))
                    self.conn.call_async(BUS_NAME, OBJECT_PATH, INTERFACE, method, sig, args,
                                         lambda *_: pending.__setitem__(0, pending[0] - 1),
                                         lambda e: pending.__setitem__(0, pending[0] - 1),
                                         timeout=60 * SCALE)
                    pending[0] += 1
                    sent += 1
                pump()
            self.kill9()
            self.start_daemon()
            out = self.daemon.output()
            self.assertNotIn('could not be used', out)
            self.assertNotIn('incomplete state file', out)
            self.assertIn(self.prop('State'), ('working', 'paused'))
            self.call('Resume') if self.prop('State') == 'paused' else None
        # What kill -9 left in the middle of a save is gone with the next start.
        leftovers = [n for n in os.listdir(self.sandbox.state_dir) if n.startswith('.state.tmp-')]
        self.assertEqual(leftovers, [], 'temporary files of interrupted saves were left behind')

    @setup(daemon=False)
    def test_temporaries_of_a_crash_are_removed_at_start(self):
        '''A save interrupted by a crash leaves a hidden ".NAME.tmp-XXXXXX": limberd removes
        the state folder's at start (it holds the folder's lock), and the configuration
        folder's once nobody has written to them for a minute. Nothing else is touched.'''
        state, config = self.sandbox.state_dir, os.path.dirname(self.sandbox.user_config)
        os.makedirs(state, exist_ok=True)
        os.makedirs(config, exist_ok=True)
        old = time.time() - 120
        planted = {
            (state, '.state.tmp-Ab12Cd'): (False, None),         # (kept?, mtime)
            (state, '.state.tmp-xY34zW'): (False, time.time()),
            (state, 'state.backup'): (True, old),
            (state, '.state.tmp-toolong'): (True, old),
            (config, '.limber.ini.tmp-Qr56St'): (False, old),
            (config, '.limber.ini.tmp-Uv78Wx'): (True, None),    # may be a write going on
            (config, '.limber.ini.backup'): (True, old),
            (config, 'limber.ini.Ab12Cd'): (True, old),
        }
        for (folder, name), (_, mtime) in planted.items():
            path = os.path.join(folder, name)
            with open(path, 'w') as f:
                f.write('partial\n')
            if mtime:
                os.utime(path, (mtime, mtime))
        self.start_daemon()
        for (folder, name), (kept, _) in planted.items():
            self.assertEqual(os.path.exists(os.path.join(folder, name)), kept, name)
        self.assertIn('Removed 2 temporary file(s)', self.daemon.output())
        self.assertIn('Removed 1 temporary file(s)', self.daemon.output())

    def test_twenty_concurrent_config_sets(self):
        values = {
            'schedule.interval': '47m', 'schedule.max-postpone': '13m', 'schedule.break-duration': '3m',
            'schedule.snooze': '7m', 'schedule.natural-break': '6m', 'schedule.idle-after': '2m',
            'schedule.working-hours': 'Mon-Fri 09:00-17:00', 'exercises.posture': 'standing',
            'exercises.per-break': '3', 'idle.source': 'none', 'busy.respect-dnd': 'false',
            'busy.respect-inhibitors': 'false', 'busy.defer-max': '30m', 'micro.enabled': 'true',
            'micro.interval': '25m', 'micro.duration': '30s', 'notify.sound': 'bell',
        }
        jobs = list(values.items()) + [('schedule.interval', '47m'), ('notify.sound', 'bell'),
                                       ('micro.duration', '30s')]
        self.assertEqual(len(jobs), 20)
        procs = [subprocess.Popen([os.environ['LIMBERCTL'], 'config', 'set', k, v], env=self.sandbox.env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
                 for k, v in jobs]
        for (k, v), p in zip(jobs, procs):
            out, err = p.communicate(timeout=60 * SCALE)
            self.assertEqual(p.returncode, 0, f'config set {k} {v}: {err.decode(errors="replace")}')
        config = self.config()
        for k, v in values.items():
            self.assertEqual(config[k], v, k)
        # The file holds every key and parses: a fresh limberd reads the same configuration.
        folder = os.path.dirname(self.sandbox.user_config)
        self.assertEqual(sorted(os.listdir(folder)), ['limber.ini'], 'temporary files left behind')
        self.call('Reload')
        self.assertEqual(self.config(), config)
        self.restart_daemon()
        self.assertEqual(self.config(), config)

    @setup(daemon=False)
    def test_history_and_state_are_private(self):
        old = os.umask(0)
        try:
            self.start_daemon()
        finally:
            os.umask(old)
        self.call('LogBreak', 'ts', 1, 'private')
        self.call('Pause', 't', usec(60))
        self.wait_for(lambda: os.path.exists(self.state_path), 10, 'the state file')
        mode = lambda p: stat.S_IMODE(os.stat(p).st_mode)  # noqa: E731
        self.assertEqual(oct(mode(self.sandbox.state_dir)), oct(0o700), 'state folder')
        self.assertEqual(oct(mode(self.history_path)), oct(0o600), 'history')
        self.assertEqual(oct(mode(self.state_path)), oct(0o600), 'state')


if __name__ == '__main__':
    limbertest.main()
