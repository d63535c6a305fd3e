#!/usr/bin/python3
'''Hostile D-Bus callers: every method with extreme integers (0, 2^31, 2^32, 2^63, 2^64-1),
empty, huge (1 MB) and odd strings (control characters, non-ASCII, invalid keys), wrong
signatures, and a storm of thousands of such calls. Each bad call is answered (never left
without a reply), refused ones with a message; limberd stays alive and its configuration,
its configuration file and its history are what they were.'''

import os
import sys
import time

from reliability import limbertest
import dbus

from limbertest import (LimberTestCase, usec, realtime_usec, pump,
                        BUS_NAME, OBJECT_PATH, INTERFACE, PROPERTIES, INVALID_ARGS, SCALE)

U64 = 2**64 - 1
EXTREMES = [0, 1, 2**31, 2**32, 2**63 - 1, 2**63, U64]
MB = 1024 * 1024
NOT_POSSIBLE = 'io.github.limber.Limber1.Error.NotPossible'
LONG_INTERVAL = {'schedule': {'interval': '1h', 'snooze': '10m'}}

# Strings that are valid D-Bus strings (UTF-8, no NUL) but odd.
ODD_STRINGS = [
    '', ' ', '\t', '\n', '\r\n', '\x01\x02\x7f', '\x1b[31mred', 'x' * 65, 'x' * 4096, 'x' * MB,
    'caf\u00e9', '\u2615\U0001F600', '\u202eevil', '\ufeff2h', '\u00a02h', '\uff12h', '2h\u200b',
    'x' + '\u00e9' * 40, '\u65e5\u672c\u8a9e' * 30, '%s%n%x', '../../../etc/passwd', '"2h"', "'2h'",
    '2h ; comment', '2h # comment', '[schedule]', 'interval = 2h', '\\x41', '-0s', '0x10s', '1e3s',
    '18446744073709551616s', '99999999999999999999h',
]
BAD_KEYS = ['', '.', 'schedule', 'schedule.', '.interval', 'schedule.interval.x', 'SCHEDULE.INTERVAL',
            ' schedule.interval', 'schedule.interval ', 'schedule..interval', 'schedule.intérval',
            'schedule.\ninterval', 'x' * MB, 'x' + '\u00e9' * 40 + '.interval', 'no.such']


def limberd_is_instrumented():
    '''ASan, or a wrapper such as valgrind: memory figures then say nothing about leaks.'''
    if os.environ.get('LIMBERD_WRAPPER'):
        return True
    try:
        with open(os.environ.get('LIMBERD', ''), 'rb') as f:
            return b'__asan_init' in f.read()
    except OSError:
        return True


def rss_kib(pid):
    with open(f'/proc/{pid}/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    return 0


class BusAbuseTest(LimberTestCase):

    CONFIG = limbertest.merge_config(limbertest.DEFAULT_CONFIG, LONG_INTERVAL)

    def snapshot(self):
        with open(self.sandbox.user_config, 'rb') as f:
            text = f.read()
        return dict(config=self.config(), file=text, history=self.history(0, 0),
                    breaks=self.prop('BreaksToday'), skipped=self.prop('SkippedToday'))

    def refused_or_ok(self, method, signature, *args):
        '''Calls; returns None on success or (error name, message) on an error, which must be
        InvalidArgs or NotPossible with a message.'''
        try:
            self.call(method, signature, *args)
            return None
        except dbus.exceptions.DBusException as e:
            name, msg = e.get_dbus_name(), e.get_dbus_message() or ''
            self.assertIn(name, (INVALID_ARGS, NOT_POSSIBLE), f'{method}{args!r:.200}: {name}: {msg}')
            self.assertTrue(msg.strip(), f'{method}{args!r:.200}: {name} without a message')
            self.assertLess(len(msg), 4096, f'{method}: a {len(msg)}-byte error message')
            return name, msg

    def assert_next_break_sane(self):
        p = self.props()
        now = realtime_usec()
        if p['NextBreakUsec']:
            self.assertGreater(p['NextBreakUsec'], now - usec(60), p)
            self.assertLess(p['NextBreakUsec'], now + usec(32 * 86400), f'wrapped around? {p}')
        self.assertLess(p['ActiveUsec'], usec(3600), p)

    def test_extreme_integers(self):
        for v in EXTREMES:
            with self.subTest(method='Snooze', usec=v):
                self.refused_or_ok('Snooze', 't', dbus.UInt64(v))
                self.assert_next_break_sane()
            with self.subTest(method='Pause', usec=v):
                r = self.refused_or_ok('Pause', 't', dbus.UInt64(v))
                self.assert_next_break_sane()
                if r is None and v >= usec(60):       # 0 = until resumed; 1 us is over at once
                    self.assertEqual(self.prop('State'), 'paused')
                if r is None and self.prop('State') == 'paused':
                    self.call('Resume')
                self.assertNotEqual(self.prop('State'), 'paused')
            with self.subTest(method='LogBreak', usec=v):
                before = len(self.history(0, 0))
                r = self.refused_or_ok('LogBreak', 'ts', dbus.UInt64(v), 'extreme')
                after = self.history(0, 0)
                self.assertEqual(len(after), before + (r is None), after[-3:])
                if r is None:                           # 0 = a break of the usual length
                    self.assertEqual(after[-1]['duration'], v if v else after[-1]['duration'])
                    self.assertGreater(after[-1]['duration'], 0)
                    self.assertLessEqual(v, usec(86400))
        self.assertEqual(self.refused_or_ok('Snooze', 't', dbus.UInt64(U64))[0], INVALID_ARGS)
        self.assertEqual(self.refused_or_ok('Pause', 't', dbus.UInt64(U64))[0], INVALID_ARGS)
        self.assertEqual(self.refused_or_ok('LogBreak', 'ts', dbus.UInt64(U64), '')[0], INVALID_ARGS)
        self.assert_alive()

    def test_get_history_ranges(self):
        self.call('LogBreak', 'ts', 1, 'one')
        t = self.history()[0]['time']
        for since, until, n in [(0, 0, 1), (0, U64, 1), (U64, U64, 0), (U64, 0, 0), (2**63, 0, 0),
                                (0, 1, 0), (t, t, None), (t, t + 1, 1), (t + 1, 0, 0), (1, 1, 0)]:
            with self.subTest(since=since, until=until):
                try:
                    rows = self.call('GetHistory', 'tt', dbus.UInt64(since), dbus.UInt64(until))
                except dbus.exceptions.DBusException as e:
                    self.assertEqual(e.get_dbus_name(), INVALID_ARGS)
                    self.assertIsNone(n, f'({since}, {until}) refused: {e}')
                    continue
                if n is not None:
                    self.assertEqual(len(rows), n, rows)
        self.assertEqual(self.dbus_error('GetHistory', 'tt', dbus.UInt64(5), dbus.UInt64(4))[0],
                         INVALID_ARGS)
        self.assert_alive()

    def test_odd_notes(self):
        kept = []
        for note in ODD_STRINGS:
            with self.subTest(note=note[:40]):
                r = self.refused_or_ok('LogBreak', 'ts', 1, note)
                if r is None:
                    kept.append(note)
                    self.assertLessEqual(len(note.encode()), 1024)
                    self.assertFalse(any(ord(c) < 0x20 or ord(c) == 0x7f for c in note),
                                     f'a note with control characters was accepted: {note!r}')
                else:
                    self.assertEqual(r[0], INVALID_ARGS)
        self.assertIn('caf\u00e9', kept)
        self.assertIn('\u2615\U0001F600', kept)
        notes = [r['note'] for r in self.history(0, 0)]
        self.assertEqual(notes, kept, 'a note did not come back as it was given')
        self.assertEqual(self.prop('BreaksToday'), len(kept))
        # ... also after a restart (read back from the file).
        self.restart_daemon()
        self.assertEqual([r['note'] for r in self.history(0, 0)], kept)

    def test_set_config_bad_keys_and_values(self):
        before = self.snapshot()
        for key in BAD_KEYS:
            with self.subTest(key=key[:40]):
                name, msg = self.dbus_error('SetConfig', 'ss', key, '2h')
                self.assertEqual(name, INVALID_ARGS, msg)
                self.assertLess(len(msg), 4096)
        for key in ('schedule.interval', 'schedule.working-hours', 'exercises.per-break',
                    'busy.respect-dnd', 'idle.source', 'notify.sound', 'exercises.posture'):
            for value in ODD_STRINGS:
                with self.subTest(key=key, value=value[:40]):
                    r = self.refused_or_ok('SetConfig', 'ss', key, value)
                    if r is not None:
                        continue
                    # Accepted: only what the parser takes, and it is written back as such.
                    self.assertEqual(self.config()[key], value.strip(' \t'), (key, value))
                    self.call('SetConfig', 'ss', key, before['config'][key])
        after = self.snapshot()
        self.assertEqual(after['config'], before['config'])
        self.assertEqual(after['history'], before['history'])
        self.assert_alive()

    def test_wrong_signatures_and_unknown_members(self):
        calls = [('Snooze', 'i', [-1]), ('Snooze', 'tt', [1, 2]), ('Snooze', 'd', [1.5]),
                 ('Pause', 'x', [-(2**63)]), ('Pause', 's', ['1h']), ('LogBreak', 'ss', ['1', '2']),
                 ('LogBreak', 'tsa{sv}', [1, 'x', {}]), ('LogBreak', 'ay', [b'\x00\xff']),
                 ('SetConfig', 'as', [['a', 'b']]), ('SetConfig', 'ssb', ['a', 'b', True]),
                 ('SetConfig', 'v', [dbus.String('x', variant_level=1)]), ('GetHistory', 'ii', [1, 2]),
                 ('GetHistory', 'tts', [1, 2, 'x']), ('GetConfig', 'a{ss}', [{'a': 'b'}]),
                 ('Reload', 't', [0]), ('Skip', 'h', None)]
        for method, sig, args in calls:
            if args is None:
                continue
            with self.subTest(method=method, signature=sig):
                name, msg = self.dbus_error(method, sig, *args)
                self.assertEqual(name, INVALID_ARGS, msg)
        for name in ('GetAll', 'Get'):
            with self.subTest(properties=name):
                args = ('s', 'no.such.Interface') if name == 'GetAll' else ('ss', INTERFACE, '')
                try:
                    self.call(name, *args, interface=PROPERTIES)
                except dbus.exceptions.DBusException as e:
                    self.assertTrue(e.get_dbus_name().startswith('org.freedesktop.DBus.Error.'))
        name, _ = self.dbus_error('Set', 'ssv', INTERFACE, 'State', dbus.String('due', variant_level=1),
                                  interface=PROPERTIES)
        self.assertTrue(name.startswith('org.freedesktop.DBus.Error.'), name)
        self.assertEqual(self.prop('State'), 'working')
        self.assert_alive()

    def storm(self, n):
        '''n calls, at most 64 in flight, each of them bad or read-only; returns how many got an
        answer and which ones were errors of an unexpected kind.'''
        calls = []
        for i in range(n):
            v = EXTREMES[i % len(EXTREMES)]
            s = ODD_STRINGS[i % len(ODD_STRINGS)]
            if len(s) > 4096:
                s = s[:4096]
            calls.append([
                ('Snooze', 't', (dbus.UInt64(U64 - i),)),
                ('Pause', 't', (dbus.UInt64(2**63 + i),)),
                ('LogBreak', 'ts', (dbus.UInt64(U64), s)),
                ('LogBreak', 'ts', (dbus.UInt64(usec(60)), 'x' * 1025)),
                ('SetConfig', 'ss', (BAD_KEYS[i % len(BAD_KEYS)][:4096], s)),
                ('SetConfig', 'ss', ('schedule.interval', s if s.strip() else 'soon')),
                ('GetHistory', 'tt', (dbus.UInt64(v | 1), dbus.UInt64((v | 1) - 1))),
                ('Snooze', 's', ('10m',)),
                ('Skip', '', ()),                           # nothing is due: NotPossible
                ('GetConfig', '', ()),
                ('ListExercises', '', ()),
                ('GetHistory', 'tt', (dbus.UInt64(0), dbus.UInt64(0))),
            ][i % 12])
        done = [0]
        unexpected = []
        in_flight = [0]

        def reply(*_):
            done[0] += 1
            in_flight[0] -= 1

        def error(e, call=None):
            done[0] += 1
            in_flight[0] -= 1
            if e.get_dbus_name() not in (INVALID_ARGS, NOT_POSSIBLE):
                unexpected.append((call[0], call[1], e.get_dbus_name(), str(e)[:200]))

        deadline = time.monotonic() + 120 * SCALE
        sent = 0
        while done[0] < n:
            while sent < n and in_flight[0] < 64:
                method, sig, args = calls[sent]
                self.conn.call_async(BUS_NAME, OBJECT_PATH, INTERFACE, method, sig, args,
                                     reply, lambda e, c=calls[sent]: error(e, c), timeout=60 * SCALE)
                sent += 1
                in_flight[0] += 1
            pump()
            time.sleep(0.001)
            if time.monotonic() > deadline:
                self.fail(f'only {done[0]} of {n} calls answered within {120 * SCALE:.0f} s')
            if not self.daemon.alive():
                self.fail(f'limberd died during the storm with {self.daemon.returncode()}')
        return done[0], unexpected

    def test_storm(self):
        self.call('LogBreak', 'ts', 1, 'before the storm')
        before = self.snapshot()
        t = time.monotonic()
        answered, unexpected = self.storm(5000)
        first = time.monotonic() - t
        self.assertEqual(unexpected, [])
        rss1 = rss_kib(self.daemon.pid)
        answered2, unexpected = self.storm(5000)
        rss2 = rss_kib(self.daemon.pid)
        self.assertEqual(unexpected, [])
        sys.stderr.write(f'\n[storm: {answered + answered2} calls answered, the first 5000 in '
                         f'{first:.1f} s; VmRSS {rss1} KiB -> {rss2} KiB]\n')
        after = self.snapshot()
        self.assertEqual(after, before, 'the storm changed the configuration or the history')
        self.assertEqual(self.prop('State'), 'working')
        self.assert_alive()
        if not limberd_is_instrumented():
            # A leak of even a few bytes per call would show over 5000 calls of 1-4 KiB strings.
            self.assertLess(rss2 - rss1, 2048, f'VmRSS grew from {rss1} to {rss2} KiB over 5000 calls')


if __name__ == '__main__':
    limbertest.main()
