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
        failed = self.daemon.output().count('Reload failed')
        os.kill(self.daemon.pid, signal.SIGHUP)
        self.wait_for(lambda: self.daemon.output().count('Reload failed') > failed,
                      what='"Reload failed" in the log')
        self.assert_alive()
        self.assertEqual(self.prop('IntervalUsec'), usec(420))
        self.assertEqual(self.config()['schedule.interval'], '7m')
        self.write_config('[schedule]\ninterval = 8m\n')
        os.kill(self.daemon.pid, signal.SIGHUP)
        self.wait_prop('IntervalUsec', lambda v: v == usec(480), what='IntervalUsec == 8 min')

    @setup(daemon=False)
    def test_broken_file_at_start_runs_and_says_so(self):
        '''A typo never switches limber off: the valid lines apply, the broken ones keep their
        defaults, and the Problems property, limberctl status and one notification say which.'''
        for text, line, mention in BROKEN:
            with self.subTest(text=text):
                self.write_config(text)
                count = len(self.notify.notifications())
                d = self.start_daemon()
                problems = self.prop('Problems')
                self.assertTrue(problems, f'no Problems with {text!r}')
                self.assert_error_names_line('\n'.join(problems), line, mention)
                if 'interval = 3s' in text:
                    self.assertEqual(self.prop('IntervalUsec'), usec(3), 'a valid line was dropped')
                status = self.assert_ctl('status')
                self.assert_error_names_line(status.stdout, line, mention)
                n = self.wait_notification(lambda n: 'limber.ini' in n.body and mention in n.body,
                                           after=count, what='the problems notification')
                self.assertTrue(n.summary.startswith('limber:'), n)
                self.assertEqual(d.terminate(), 0)

    @setup(daemon=False)
    def test_typo_at_start_keeps_reminding(self):
        self.write_config('[schedule]\ninterval = 3s\nsnoze = 5m\nidle-after = 1s\n')
        self.start_daemon()
        problems = self.prop('Problems')
        self.assertEqual(len(problems), 1, problems)
        self.assertRegex(problems[0], r'limber\.ini:3: schedule\.snoze: unknown key')
        self.assertEqual(self.config()['schedule.snooze'], '10m')
        notice = self.wait_notification(lambda n: 'schedule.snoze' in n.body, what='the problems notification')
        self.advance_until_due()
        self.assert_reminder(self.wait_reminder())
        # Fixed and reloaded: the problem is gone, and so is its notification.
        self.write_config('[schedule]\ninterval = 3s\nsnooze = 5m\n')
        self.assert_ctl('reload')
        self.assertEqual(self.prop('Problems'), [])
        self.wait_for(lambda: notice.id in self.notify.closed(), what='the stale problems notification closed')
        # The reminder is not what was closed.
        self.assertNotIn(self.notify.reminders()[-1].id, self.notify.closed())

    @setup(daemon=False)
    def test_config_unset(self):
        '''config unset removes the key's line from the user's file (the rest stays as it was)
        and the key takes the system-wide value, or its default, at once.'''
        self.sandbox.write(self.sandbox.system_config, '[schedule]\nsnooze = 7m\n')
        self.write_config('# mine\n[schedule]\ninterval = 3h ; long\nsnooze = 2m\nworking-hours = Mon-Fri 09:00-18:00\n')
        self.start_daemon()
        self.assertEqual(self.prop('IntervalUsec'), usec(3 * 3600))
        r = self.assert_ctl('config', 'unset', 'schedule.interval')
        self.assertEqual(r.stdout.strip(), 'schedule.interval = 2h')
        self.assertEqual(self.prop('IntervalUsec'), usec(2 * 3600))
        self.assertEqual(self.assert_ctl('config', 'unset', 'schedule.snooze').stdout.strip(), 'schedule.snooze = 7m')
        self.assert_ctl('config', 'unset', 'schedule.working-hours')
        with open(self.sandbox.user_config) as f:
            self.assertEqual(f.read(), '# mine\n[schedule]\n')
        self.assertEqual(self.config()['schedule.working-hours'], '')
        # A key not in the file: nothing to remove, and no error.
        self.assert_ctl('config', 'unset', 'micro.enabled')
        r = self.assert_ctl('config', 'unset', 'schedule.nope', status=1)
        self.assertIn('Unknown key "schedule.nope"', r.stderr)

    @setup(daemon=False)
    def test_broken_file_with_config_option_exits(self):
        path = self.sandbox.write(os.path.join(self.sandbox.root, 'check.ini'), BROKEN[0][0])
        d = self.start_daemon(['--config', path], wait=False)
        rc = d.wait_exit(20)
        self.assertIsNotNone(rc, 'limberd --config kept running with a broken file')
        self.assertNotEqual(rc, 0)
        self.assertIn(f'{path}:3: schedule.snooze', d.output())

    def test_reload_lists_every_error(self):
        self.write_config('[schedule]\nsnoze = 5m\ninterval = soon\n')
        r = self.ctl('reload')
        self.assertEqual(r.returncode, 1, r)
        self.assertRegex(r.stderr, r'limber\.ini:2: schedule\.snoze')
        self.assertRegex(r.stderr, r'limber\.ini:3: schedule\.interval')
        self.assertEqual(len(self.prop('Problems')), 2)
        self.assertEqual(self.prop('IntervalUsec'), usec(3), 'a failed reload changed the configuration')

    def test_contradictory_settings_warn_once(self):
        self.call('SetConfig', 'ss', 'schedule.natural-break', '1s')
        problems = self.prop('Problems')
        self.assertEqual(len(problems), 1, problems)
        self.assertIn('schedule.idle-after (1s) is not shorter than schedule.natural-break (1s)', problems[0])
        self.call('SetConfig', 'ss', 'schedule.snooze', '3s')          # another change, same warning
        self.call('Reload')
        self.assertEqual(self.daemon.output().count('is not shorter than schedule.natural-break'), 2,
                         'logged once per load')
        self.call('SetConfig', 'ss', 'schedule.natural-break', '3s')
        self.assertEqual(self.prop('Problems'), [])

    @setup(daemon=False)
    def test_bad_exercise_dropin_is_a_problem(self):
        dropin = os.path.join(self.sandbox.env['XDG_CONFIG_HOME'], 'limber', 'exercises.d', 'mine.ini')
        self.sandbox.write(dropin, '[my-stretch]\nname = My stretch\nposture = lying\ndose = 3\nstep = Do it.\n')
        self.start_daemon()
        problems = self.prop('Problems')
        self.assertTrue(any(p.startswith(dropin + ':3: ') and 'posture' in p for p in problems), problems)
        status = self.assert_ctl('status')
        self.assertIn(dropin + ':3:', status.stdout)


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
