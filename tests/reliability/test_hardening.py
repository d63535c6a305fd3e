#!/usr/bin/python3
'''limber.service's sandbox, checked without a systemd user manager:
  - the unit carries the hardening options that work in a user unit;
  - every system call limberd makes in a full scenario (reminders, a guided break, idle, lock,
    suspend, pause, configuration writes, reload, history) is one the unit's SystemCallFilter
    allows (strace), and its sockets are all AF_UNIX;
  - limberd runs the same scenario under seccomp filters built from the unit (seccomp-exec.py:
    any other system call kills it, other socket families and writable executable memory
    fail) and stops cleanly;
  - systemd-analyze security rates the unit (offline) no worse than it did.
The scenario also runs as it is (test_full_scenario), so that a LIMBERD_WRAPPER such as
valgrind sees everything limberd does.'''

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

from reliability import limbertest, limberd_pid, start_wrapped
from limbertest import LimberTestCase, setup, usec

HERE = os.path.dirname(os.path.abspath(__file__))
UNIT = os.path.join(HERE, '..', '..', 'units', 'limber.service.in')
SCENARIO = {'schedule': {'interval': '2s', 'snooze': '2s', 'break-duration': '4s',
                         'natural-break': '3s', 'idle-after': '1s'},
            'exercises': {'per-break': '2'},
            'sync': {'folder': '~/Sync/limber'}}       # inotify, the machine id, its own files
# The options limber.service must carry: each works in a user unit (seccomp, prctl, umask,
# keyring), none needs a mount namespace or privileges.
REQUIRED = {
    'NoNewPrivileges': 'yes', 'LockPersonality': 'yes', 'MemoryDenyWriteExecute': 'yes',
    'RestrictRealtime': 'yes', 'RestrictSUIDSGID': 'yes', 'RestrictNamespaces': 'yes',
    'SystemCallArchitectures': 'native', 'RestrictAddressFamilies': 'AF_UNIX', 'UMask': '0077',
    'KeyringMode': 'private', 'SystemCallErrorNumber': 'EPERM',
}
# What systemd-analyze security --offline=yes says of the unit (lower is better; 7.0 before
# RestrictAddressFamilies, KeyringMode and ~@privileged).
EXPOSURE_MAX = 6.0


def unit_settings():
    settings = {}
    with open(UNIT) as f:
        for line in f:
            line = line.strip()
            if '=' in line and not line.startswith(('#', ';', '[')):
                k, v = line.split('=', 1)
                settings.setdefault(k.strip(), []).append(v.strip())
    return settings


def syscall_groups():
    out = subprocess.run(['systemd-analyze', 'syscall-filter'], capture_output=True, text=True,
                         check=True).stdout
    groups, cur = {}, None
    for line in out.splitlines():
        if line.startswith('@'):
            cur = line.split()[0]
            groups[cur] = []
        elif cur and line.strip() and not line.strip().startswith('#'):
            groups[cur].append(line.strip())
    return groups


def expand(groups, name):
    if not name.startswith('@'):
        return {name}
    out = set()
    for member in groups[name]:
        out |= expand(groups, member)
    return out


def unit_allowed_syscalls():
    '''The system calls the unit's SystemCallFilter= lines allow (allow lists add, "~" lists
    take away, in order, as systemd reads them).'''
    groups = syscall_groups()
    allowed = set()
    for value in unit_settings().get('SystemCallFilter', []):
        deny = value.startswith('~')
        names = set()
        for item in value.lstrip('~').split():
            names |= expand(groups, item)
        allowed = allowed - names if deny else allowed | names
    return allowed


class HardeningTest(LimberTestCase):

    CONFIG = limbertest.merge_config(limbertest.DEFAULT_CONFIG, SCENARIO)

    def setUp(self):
        if not shutil.which('systemd-analyze'):
            self.skipTest('systemd-analyze is not installed')
        super().setUp()

    def scenario(self):
        '''Everything limberd does, once.'''
        n = self.wait_reminder(timeout=30)
        self.notify.invoke(n, 'start')                  # a guided break
        self.wait_state('on-break', timeout=20)
        self.notify.invoke(self.wait_notification(lambda x: 'done' in x.actions, after=n.index + 1,
                                                  what='a break step'), 'done')
        self.wait_state('working', 'due', timeout=20)
        n = self.wait_reminder(after=n.index + 1, timeout=30)
        self.call('Snooze', 't', 0)
        n = self.wait_reminder(after=n.index + 1, timeout=30)
        self.call('Skip')
        self.call('LogBreak', 'ts', 1, 'caf\u00e9')
        self.call('Pause', 't', 0)
        self.call('Resume')
        self.history(0, 0)
        self.call('ListExercises')
        self.call('SetConfig', 'ss', 'schedule.snooze', '3s')
        self.call('Reload')
        os.kill(limberd_pid(self.daemon), signal.SIGHUP)
        self.mutter.set_idle(5)                         # a natural break
        self.wait_prop('Idle', bool)
        self.mutter.set_active()
        self.wait_prop('Idle', lambda v: not v)
        self.logind.lock(True)
        self.wait_prop('Idle', bool)
        self.logind.lock(False)
        self.logind.prepare_for_sleep(True)
        self.logind.prepare_for_sleep(False)
        self.assertEqual(self.ctl('status', '--json').returncode, 0)
        self.sleep(1)
        self.assert_alive()
        os.kill(limberd_pid(self.daemon), signal.SIGTERM)
        self.assertEqual(self.daemon.wait_exit(30), 0, f'limberd did not stop cleanly\n{self.daemon.tail()}')

    def test_full_scenario(self):
        '''The scenario as it is: under LIMBERD_WRAPPER (valgrind in CI), the memcheck run of
        everything limberd does.'''
        self.scenario()

    def test_unit_carries_the_hardening(self):
        settings = unit_settings()
        for key, value in REQUIRED.items():
            self.assertIn(value, settings.get(key, []), f'limber.service lacks {key}={value}')
        self.assertIn('@system-service', settings.get('SystemCallFilter', []))
        allowed = unit_allowed_syscalls()
        bad = {'setuid', 'setgroups', 'chown', 'mount', 'reboot', 'init_module', 'ptrace',
               'settimeofday', 'bpf', 'chroot'}
        self.assertEqual(sorted(bad & allowed), [], 'privileged system calls allowed')
        # @resources stays allowed: GLib copies the scheduler attributes of the thread that
        # starts a thread (sched_getattr, sched_setattr); RestrictRealtime= refuses realtime.

    @setup(daemon=False)
    def test_system_calls_are_within_the_filter(self):
        if not shutil.which('strace'):
            self.skipTest('strace is not installed')
        trace = os.path.join(self.sandbox.root, 'strace.out')
        start_wrapped(self, f'strace -f -qq -o {trace}')
        self.scenario()
        calls, families = set(), set()
        with open(trace, errors='replace') as f:
            for line in f:
                m = re.match(r'\s*\d+\s+(?:<\.\.\. )?([a-z0-9_]+)[( ]', line)
                if m and m.group(1) != 'exited':
                    calls.add(m.group(1))
                m = re.search(r'\bsocket\((AF_[A-Z0-9]+)', line)
                if m:
                    families.add(m.group(1))
        self.assertGreater(len(calls), 30, f'too few system calls traced: {sorted(calls)}')
        calls.discard('resumed')
        allowed = unit_allowed_syscalls()
        sys.stderr.write(f'\n[limberd made {len(calls)} different system calls: {" ".join(sorted(calls))}; '
                         f'socket families: {" ".join(sorted(families))}]\n')
        self.assertEqual(sorted(calls - allowed), [], 'system calls outside limber.service\'s filter')
        self.assertEqual(families - {'AF_UNIX'}, set(), 'sockets outside RestrictAddressFamilies')

    @setup(daemon=False)
    def test_runs_under_the_unit_seccomp_filter(self):
        allowed = os.path.join(self.sandbox.root, 'allowed-syscalls')
        with open(allowed, 'w') as f:
            f.write('\n'.join(sorted(unit_allowed_syscalls())) + '\n')
        start_wrapped(self, f'{limbertest.PYTHON} {os.path.join(HERE, "seccomp-exec.py")} {allowed} --')
        self.scenario()

    def test_security_exposure(self):
        with tempfile.TemporaryDirectory() as tmp:
            unit = os.path.join(tmp, 'limber.service')
            os.makedirs(os.path.join(tmp, 'runtime'), mode=0o700)
            with open(UNIT) as f, open(unit, 'w') as out:
                out.write(f.read().replace('@bindir@', os.path.dirname(os.environ['LIMBERD'])))
            r = subprocess.run(['systemd-analyze', '--user', 'security', '--offline=yes', '--no-pager',
                                unit], capture_output=True, text=True,
                               env=dict(os.environ, XDG_RUNTIME_DIR=os.path.join(tmp, 'runtime')))
        m = re.search(r'Overall exposure level for limber\.service: ([0-9.]+)', r.stdout + r.stderr)
        if not m:
            self.skipTest(f'systemd-analyze security --offline is not available: {r.stderr.strip()[:200]}')
        sys.stderr.write(f'\n[systemd-analyze security: {m.group(0)}]\n')
        self.assertLessEqual(float(m.group(1)), EXPOSURE_MAX)


if __name__ == '__main__':
    limbertest.main()
