#!/usr/bin/python3
'''limberctl with hostile arguments: extreme and overflowing numbers, empty, huge and odd
strings (control characters, invalid UTF-8, non-ASCII), unknown verbs and options, too many
arguments. A usage error exits 2 with one line on stderr and nothing on stdout; what only
limberd can judge exits 1 with its one-line refusal. limberctl never crashes, and limberd
keeps running with its configuration and history as they were.'''

import os
import subprocess

from reliability import limbertest
from limbertest import LimberTestCase, usec

BIG = 100_000                 # just under the kernel's 128 KiB limit on one argument
BAD_UTF8 = os.fsdecode(b'10\xffm')          # a byte that is no UTF-8, as the shell passes it

# Arguments limberctl itself must refuse: exit 2.
USAGE_ERRORS = [
    ['frobnicate'], [''], ['\x1b[31m'], [BAD_UTF8], ['snooze', ''], ['snooze', ' '],
    ['snooze', '10'], ['snooze', '-5m'], ['snooze', '1.5h'], ['snooze', '1e9h'],
    ['snooze', '18446744073709551616s'], ['snooze', '99999999999999999999h'],
    ['snooze', '9' * 100000 + 'm'], ['snooze', BAD_UTF8], ['snooze', '\uff11\uff10m'],
    ['snooze', '10m', '20m'], ['snooze', *(['10m'] * 1000)], ['pause', '0x10m'],
    ['pause', '-0s'], ['log', '5parsecs'], ['log', '5m', '--note'], ['log', '--note'],
    ['history', '--since', '-5m'], ['history', '--since', ''], ['history', '--since', 'x' * BIG],
    ['stats', '--days', '0'], ['stats', '--days', '-1'], ['stats', '--days', '3661'],
    ['stats', '--days', '18446744073709551617'], ['stats', '--days', '7x'], ['stats', '--days', ''],
    ['config'], ['config', 'frob'], ['config', 'set'], ['config', 'set', 'schedule.interval'],
    ['config', 'set', 'a', 'b', 'c'], ['exercises', 'show'], ['exercises', 'show', 'a', 'b'],
    ['status', '--no-such-option'], ['status', 'extra'], ['--' + 'x' * 5000],
    ['watch', '--json', '--waybar'], ['skip', 'now'], ['resume', '1h'],
]

# Arguments only limberd can judge (or that are fine): exit 0 or 1, never a crash.
DAEMON_JUDGES = [
    ['config', 'set', 'no.such', '1'], ['config', 'set', 'schedule.interval', 'soon'],
    ['config', 'set', 'schedule.interval', '2h\n'], ['config', 'set', 'schedule.interval', 'x' * BIG],
    ['config', 'set', 'notify.sound', '../../etc/passwd'], ['config', 'set', 'notify.sound', 'caf\u00e9'],
    ['config', 'set', 'x' * 100000, '1'], ['config', 'set', 'x' + '\u00e9' * 40, '1'],
    ['config', 'get', 'no.such'], ['config', 'get', 'x' * 100000],
    ['exercises', 'show', '../../etc/passwd'], ['exercises', 'show', 'x' * 100000],
    ['log', '5m', '--note', 'x' * BIG], ['log', '5m', '--note', 'a\x1bb'], ['log', '5m', '--note', 'a\nb'],
    ['log', '25h'], ['snooze', '25h'], ['pause', '744h'], ['skip'],
    ['history', '--since', '999999999h'],
]


class CtlAbuseTest(LimberTestCase):

    CONFIG = limbertest.merge_config(limbertest.DEFAULT_CONFIG, {'schedule': {'interval': '1h'}})

    def ctl(self, *args, timeout=30):
        '''limberctl, its output decoded leniently: it may echo bytes that are no UTF-8.'''
        r = subprocess.run([os.environ['LIMBERCTL'], *args], env=self.sandbox.env,
                           capture_output=True, timeout=timeout * limbertest.SCALE,
                           stdin=subprocess.DEVNULL)
        return subprocess.CompletedProcess(r.args, r.returncode,
                                           r.stdout.decode(errors='replace'),
                                           r.stderr.decode(errors='replace'))

    def snapshot(self):
        with open(self.sandbox.user_config, 'rb') as f:
            return self.config(), f.read(), self.history(0, 0)

    def assert_one_line(self, args, r):
        lines = r.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, f'limberctl {args!r:.200}: stderr is {len(lines)} lines: '
                                        f'{r.stderr[:500]!r}')
        self.assertTrue(lines[0].strip(), f'limberctl {args!r:.200}: an empty message')

    def test_usage_errors_exit_2_with_one_line(self):
        before = self.snapshot()
        for args in USAGE_ERRORS:
            with self.subTest(args=repr(args)[:80]):
                r = self.ctl(*args)
                self.assertEqual(r.returncode, 2, f'limberctl {args!r:.200}: exit {r.returncode}, '
                                                  f'stderr {r.stderr[:300]!r}')
                self.assertEqual(r.stdout, '', f'limberctl {args!r:.200} printed on stdout')
                self.assert_one_line(args, r)
        self.assertEqual(self.snapshot(), before)
        self.assert_alive()

    def test_what_limberd_judges(self):
        before = self.snapshot()
        logged = 0
        for args in DAEMON_JUDGES:
            with self.subTest(args=repr(args)[:80]):
                r = self.ctl(*args)
                self.assertIn(r.returncode, (0, 1, 2), f'limberctl {args!r:.200}: exit {r.returncode} '
                                                       f'{r.stderr[:300]!r}')
                if r.returncode != 0:
                    self.assert_one_line(args, r)
                if args[0] == 'log' and r.returncode == 0:
                    logged += 1
                self.assert_alive()
        config, text, history = self.snapshot()
        self.assertEqual(config, before[0], 'a refused "config set" changed the configuration')
        self.assertEqual(text, before[1], 'a refused "config set" changed limber.ini')
        self.assertEqual(len(history), len(before[2]) + logged)
        for rec in history:
            self.assertLessEqual(len(rec['note'].encode()), 1024)
            self.assertNotIn('\n', rec['note'])
        self.assertLessEqual(max([r['duration'] for r in history], default=0), usec(24 * 3600))

    def test_usage_errors_without_a_daemon(self):
        '''Arguments are checked before the bus: still exit 2, not 3.'''
        self.assertEqual(self.daemon.terminate(), 0)
        for args in USAGE_ERRORS[:12]:
            with self.subTest(args=repr(args)[:80]):
                r = self.ctl(*args)
                self.assertEqual(r.returncode, 2, f'limberctl {args!r:.200}: {r.stderr[:300]!r}')
                self.assert_one_line(args, r)


if __name__ == '__main__':
    limbertest.main()
