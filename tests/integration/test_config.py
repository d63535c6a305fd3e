#!/usr/bin/python3
'''Configuration: SetConfig (validation, live, written back keeping comments), Reload() and
SIGHUP with good and broken files, start-up errors, system defaults and --config.'''

import os
import re
import signal

import limbertest
from limbertest import LimberTestCase, setup, usec, realtime_usec

# A user file as a person writes it: comments everywhere.
COMMENTED = '''# my limber settings
# keep this comment
[schedule]
# how long I work between breaks
interval = 3s
snooze = 2s
idle-after = 1s

; a semicolon comment
[exercises]
# sitting at my desk
posture = seated
'''

CONTRACT_KEYS = [
    'schedule.interval', 'schedule.max-postpone', 'schedule.break-duration', 'schedule.snooze',
    'schedule.natural-break', 'schedule.idle-after', 'schedule.working-hours',
    'exercises.posture', 'exercises.per-break', 'idle.source', 'busy.respect-dnd',
    'busy.respect-inhibitors', 'busy.defer-max', 'micro.enabled', 'micro.interval',
    'micro.duration', 'notify.sound', 'schedule.daily-limit', 'schedule.max-skips',
    'presence.inhibitors', 'presence.camera', 'presence.microphone',
]


def key_line(key, value):
    return re.compile(r'(?m)^\s*' + re.escape(key) + r'\s*=\s*' + re.escape(value) + r'\s*$')


class SetConfigTest(LimberTestCase):

    def test_get_config_has_every_key(self):
        config = self.config()
        for key in CONTRACT_KEYS:
            self.assertIn(key, config)
        self.assertEqual(config['schedule.interval'], '3s')
        self.assertEqual(config['schedule.snooze'], '2s')
        self.assertEqual(config['idle.source'], 'auto')

    def test_set_config_rejects_invalid_values(self):
        config, text = self.config(), self.read_user_config()
        bad = [
            ('schedule.interval', '10'),            # bare number
            ('schedule.interval', '-5m'),
            ('schedule.interval', '5parsecs'),
            ('schedule.interval', '99999999999999999999h'),
            ('schedule.snooze', ''),
            ('exercises.posture', 'lying'),
            ('exercises.per-break', '-1'),
            ('idle.source', 'telepathy'),
            ('busy.respect-dnd', 'maybe'),
            ('schedule.working-hours', 'Funday 25:00-26:00'),
        ]
        for key, value in bad:
            with self.subTest(key=key, value=value):
                msg = self.assert_invalid_args('SetConfig', 'ss', key, value)
                if value:
                    self.assertIn(value, msg, f'the message does not name the bad text: {msg}')
        for key in ('nosuch.key', 'schedule.nosuch', 'interval', '', 'schedule.'):
            with self.subTest(key=key):
                msg = self.assert_invalid_args('SetConfig', 'ss', key, '1h')
                if key:
                    self.assertIn(key, msg, f'the message does not name the key: {msg}')
        self.assertEqual(self.config(), config, 'a refused SetConfig changed the configuration')
        self.assertEqual(self.read_user_config(), text, 'a refused SetConfig changed the file')
        self.assertEqual(self.prop('IntervalUsec'), usec(3))

    @setup(config=COMMENTED)
    def test_set_config_applies_live_and_keeps_comments(self):
        mark = self.signals.mark()
        self.call('SetConfig', 'ss', 'schedule.interval', '5m')
        self.assertEqual(self.prop('IntervalUsec'), usec(300))
        self.wait_for(lambda: usec(300) in self.signals.changed('IntervalUsec', mark), 10,
                      'PropertiesChanged with IntervalUsec = 5 min')
        self.assertGreater(self.prop('NextBreakUsec'), realtime_usec() + usec(240),
                           'the next break did not move with the new interval')
        self.assertEqual(self.config()['schedule.interval'], '5m')

        text = self.read_user_config()
        for line in COMMENTED.splitlines():
            if line.lstrip().startswith(('#', ';', '[')) or line in ('snooze = 2s', 'posture = seated'):
                self.assertIn(line, text, f'SetConfig lost a line:\n{text}')
        self.assertRegex(text, key_line('interval', '5m'))
        self.assertNotRegex(text, key_line('interval', '3s'))
        self.assertEqual(len(re.findall(r'(?m)^\s*interval\s*=', text)), 1, text)
        # the comment above the key stays right above it
        self.assertRegex(text, r'# how long I work between breaks\n\s*interval\s*=\s*5m')

        # a key of a section the file does not have yet
        self.call('SetConfig', 'ss', 'notify.sound', 'bell')
        text = self.read_user_config()
        self.assertRegex(text, r'(?m)^\[notify\]\s*$')
        self.assertRegex(text, key_line('sound', 'bell'))
        self.assertIn('# keep this comment', text)

        # and it is what a restart reads
        self.restart_daemon()
        self.assertEqual(self.prop('IntervalUsec'), usec(300))
        self.assertEqual(self.config()['notify.sound'], 'bell')

    @setup(config=None, daemon=False)
    def test_set_config_creates_the_user_file(self):
        os.remove(self.sandbox.user_config)
        self.start_daemon()
        self.call('SetConfig', 'ss', 'schedule.snooze', '7m')
        self.assertRegex(self.read_user_config(), key_line('snooze', '7m'))
        self.assertEqual(self.config()['schedule.snooze'], '7m')


# Broken files: (text, line of the error, text the message must contain)
BROKEN = [
    ('[schedule]\ninterval = 3s\nsnooze = banana\n', 3, 'schedule.snooze'),
    ('# comment\n[schedule]\nfrobnicate = 1\n', 3, 'schedule.frobnicate'),
    ('[schedule]\ninterval = 3s\n[nosuchsection]\nkey = 1\n', (3, 4), 'nosuchsection'),
    ('[schedule]\ninterval = 10\n', 2, 'schedule.interval'),
    ('[exercises]\nposture = lying\n', 2, 'exercises.posture'),
]


class ReloadTest(LimberTestCase):

    def assert_error_names_line(self, msg, line, mention):
        lines = '|'.join(str(n) for n in (line if isinstance(line, tuple) else (line,)))
        self.assertRegex(msg, r'limber\.ini:(' + lines + r')\b',
                         f'the message does not say FILE:LINE (line {line}): {msg}')
        self.assertIn(mention, msg)

    def test_reload_with_broken_file_keeps_the_config(self):
        good = self.config()
        for text, line, mention in BROKEN:
            with self.subTest(text=text):
                self.write_config(text)
                name, msg = self.dbus_error('Reload')
                self.assert_error_names_line(msg, line, mention)
                self.assertEqual(self.config(), good, 'a failed Reload changed the configuration')
                self.assertEqual(self.prop('IntervalUsec'), usec(3))
        self.assert_alive()
        self.write_config('[schedule]\ninterval = 7m\n')
        self.call('Reload')
        self.assertEqual(self.prop('IntervalUsec'), usec(420))
        self.assertEqual(self.config()['schedule.snooze'], '10m', 'Reload did not start from defaults')

    def test_sighup_reloads(self):
        self.write_config('[schedule]\ninterval = 7m\n')
        os.kill(self.daemon.pid, signal.SIGHUP)
        self.wait_prop('IntervalUsec', lambda v: v == usec(420), what='IntervalUsec == 7 min')
        self.write_config(BROKEN[0][0])
        os.kill(self.daemon.pid, signal.SIGHUP)
        self.sleep(1)
        self.assert_alive()
        self.assertEqual(self.prop('IntervalUsec'), usec(420))
        self.assertEqual(self.config()['schedule.interval'], '7m')
        self.write_config('[schedule]\ninterval = 8m\n')
        os.kill(self.daemon.pid, signal.SIGHUP)
        self.wait_prop('IntervalUsec', lambda v: v == usec(480), what='IntervalUsec == 8 min')

    @setup(daemon=False)
    def test_broken_file_at_start(self):
        for text, line, mention in BROKEN:
            with self.subTest(text=text):
                self.write_config(text)
                d = self.start_daemon(wait=False)
                rc = d.wait_exit(20)
                self.assertIsNotNone(rc, 'limberd kept running with a broken configuration')
                self.assertNotEqual(rc, 0)
                self.assert_error_names_line(d.output(), line, mention)


class ConfigFilesTest(LimberTestCase):

    @setup(config='[schedule]\ninterval = 5m\n', daemon=False)
    def test_system_defaults_then_user_file(self):
        self.sandbox.write(self.sandbox.system_config,
                           '[schedule]\ninterval = 7m\nsnooze = 3m\n')
        self.start_daemon()
        self.assertEqual(self.prop('IntervalUsec'), usec(300))
        config = self.config()
        self.assertEqual(config['schedule.interval'], '5m')
        self.assertEqual(config['schedule.snooze'], '3m')

    @setup(config='[schedule]\ninterval = 5m\n', daemon=False)
    def test_config_option_reads_only_that_file(self):
        self.sandbox.write(self.sandbox.system_config, '[schedule]\nsnooze = 3m\n')
        path = self.sandbox.write(os.path.join(self.sandbox.root, 'other.ini'),
                                  '[schedule]\ninterval = 9m\n')
        self.start_daemon(['--config', path])
        self.assertEqual(self.prop('IntervalUsec'), usec(540))
        self.assertEqual(self.config()['schedule.snooze'], '10m')

    @setup(daemon=False)
    def test_config_option_with_missing_file_fails(self):
        d = self.start_daemon(['--config', os.path.join(self.sandbox.root, 'missing.ini')],
                              wait=False)
        rc = d.wait_exit(20)
        self.assertIsNotNone(rc, 'limberd runs without the file given with --config')
        self.assertNotEqual(rc, 0)
        self.assertIn('missing.ini', d.output())


if __name__ == '__main__':
    limbertest.main()
