#!/usr/bin/python3
'''limberctl against a running limberd: verbs, --json output, exit codes 0/1/2/3.'''

import json
import os
import subprocess
import time

import limbertest
from limbertest import SCALE, CtlWatch, LimberTestCase, setup, usec

LONG_INTERVAL = {'schedule': {'interval': '1h'}}


class CtlTest(LimberTestCase):

    def json_of(self, *args):
        r = self.assert_ctl(*args)
        try:
            return json.loads(r.stdout)
        except ValueError as e:
            self.fail(f'limberctl {" ".join(args)} printed no JSON ({e}): {r.stdout!r}')

    @setup(config=LONG_INTERVAL)
    def test_status_json(self):
        s = self.json_of('status', '--json')
        for key in ('state', 'active_seconds', 'interval_seconds', 'next_break_in_seconds',
                    'idle', 'idle_source', 'breaks_today', 'skipped_today'):
            self.assertIn(key, s)
        self.assertEqual(s['state'], self.prop('State'))
        self.assertEqual(s['interval_seconds'], 3600)
        self.assertEqual(s['idle_source'], 'gnome')
        self.assertIs(s['idle'], False)
        self.assertIsInstance(s['next_break_in_seconds'], (int, float))
        self.assertLessEqual(s['next_break_in_seconds'], 3600)
        self.call('Pause', 't', 0)
        s = self.json_of('status', '--json')
        self.assertEqual(s['state'], 'paused')
        self.assertIsNone(s['next_break_in_seconds'])

    def test_status_text(self):
        r = self.assert_ctl('status')
        self.assertIn(self.prop('State'), r.stdout)

    @setup(config=LONG_INTERVAL)
    def test_pause_resume(self):
        self.assert_ctl('pause', '10m')
        self.assertEqual(self.prop('State'), 'paused')
        self.assert_ctl('resume')
        self.assertEqual(self.prop('State'), 'working')
        self.assert_ctl('pause')
        self.assertEqual(self.prop('State'), 'paused')

    def test_snooze_and_break(self):
        self.wait_state('due', timeout=20)
        self.assert_ctl('snooze', '1m')
        self.assertEqual(self.prop('State'), 'snoozed')
        self.assert_ctl('break')
        self.wait_state('on-break')

    @setup(config={'schedule': {'interval': '2s'}})
    def test_skip(self):
        self.wait_state('due', timeout=20)
        self.assert_ctl('skip')
        self.assertEqual(self.prop('SkippedToday'), 1)

    @setup(config=LONG_INTERVAL)
    def test_log_and_history(self):
        self.assert_ctl('log', '10m', '--note', 'from limberctl')
        rec = self.wait_history(lambda r: r['kind'] == 'logged')
        self.assertEqual(rec['duration'], usec(600))
        self.assertEqual(rec['note'], 'from limberctl')
        history = self.json_of('history', '--json')
        self.assertIn('from limberctl', json.dumps(history))
        self.assert_ctl('history', '--since', '1h')
        self.json_of('stats', '--json')

    def test_config(self):
        self.assert_ctl('config', 'set', 'schedule.interval', '5m')
        self.assertEqual(self.prop('IntervalUsec'), usec(300))
        r = self.assert_ctl('config', 'get', 'schedule.interval')
        self.assertIn('5m', r.stdout)
        r = self.assert_ctl('config', 'get')
        self.assertIn('schedule.interval', r.stdout)
        r = self.assert_ctl('config', 'set', 'schedule.interval', 'banana', status=1)
        self.assertIn('banana', r.stderr)
        self.assert_ctl('reload')

    def test_exercises(self):
        exercises = self.json_of('exercises', '--json')
        self.assertTrue(exercises)
        ident = next(iter(self.exercises()))
        r = self.assert_ctl('exercises', 'show', ident)
        self.assertIn(self.exercises()[ident][0], r.stdout)

    def test_get_exercise(self):
        '''GetExercise gives the fields and the pictures; limberctl exercises show says where they are.'''
        e = self.call('GetExercise', 's', 'shoulder-rotation')
        self.assertEqual(e['id'], 'shoulder-rotation')
        self.assertEqual(e['posture'], 'seated')
        self.assertEqual(e['dose'], '10 circles each way')
        self.assertIn('Bend your arms and put your hands on your shoulders.', e['steps'])
        self.assertNotIn('caution', e)
        self.assertIs(e['micro'], False)
        self.assertEqual(len(e['frames']), 8)
        for ms, path in e['frames']:
            self.assertEqual(ms, 800)
            self.assertTrue(os.path.isabs(path), path)
            self.assertTrue(path.endswith('.svg') and os.path.exists(path), path)
        self.assertEqual(self.call('GetExercise', 's', 'back-twist')['caution'],
                         'Turn only as far as feels comfortable.')

        name, message = self.dbus_error('GetExercise', 's', 'no-such-move')
        self.assertEqual(name, 'io.github.limber.Limber1.Error.UnknownExercise')
        self.assertIn('no-such-move', message)

        shown = self.json_of('exercises', 'show', 'shoulder-rotation', '--json')
        self.assertEqual(shown['steps'], e['steps'])
        self.assertEqual(shown['dose'], e['dose'])
        self.assertEqual([(f['duration_ms'], f['path']) for f in shown['frames']],
                         [tuple(f) for f in e['frames']])
        out = self.assert_ctl('exercises', 'show', 'shoulder-rotation').stdout
        self.assertIn(e['frames'][0][1], out)

    @setup(daemon=False)
    def test_dropin_frames(self):
        '''A drop-in's pictures are found beside it; a missing one costs the exercise its
        pictures (with a warning naming the line), not the exercise.'''
        folder = os.path.join(self.sandbox.env['XDG_CONFIG_HOME'], 'limber', 'exercises.d')
        self.sandbox.write(os.path.join(folder, 'mine-1.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
        self.sandbox.write(os.path.join(folder, 'mine.ini'),
                           '[mine]\nname = Mine\nposture = seated\ndose = 3 times\nstep = Move.\n'
                           'frame = 2s mine-1.svg\nframe = 1s cat-cow-2.svg\n'
                           '[lost]\nname = Lost\nposture = seated\ndose = 3 times\nstep = Move.\n'
                           'frame = 2s lost-1.svg\n')
        self.start_daemon()
        frames = self.call('GetExercise', 's', 'mine')['frames']
        self.assertEqual(frames[0], (2000, os.path.realpath(os.path.join(folder, 'mine-1.svg'))))
        self.assertTrue(frames[1][1].endswith('/illustrations/cat-cow-2.svg'))
        lost = self.call('GetExercise', 's', 'lost')
        self.assertNotIn('frames', lost)
        self.assertEqual(lost['name'], 'Lost')
        self.assertTrue(any('mine.ini:13:' in p and 'lost-1.svg' in p for p in self.prop('Problems')),
                        self.prop('Problems'))
        self.assertEqual(self.json_of('exercises', 'show', 'lost', '--json')['frames'], [])

    def test_usage_errors(self):
        for args in (['frobnicate'], ['snooze', '10'], ['pause', '-5m'], ['log', '5parsecs'],
                     ['status', '--no-such-option']):
            with self.subTest(args=args):
                r = self.assert_ctl(*args, status=2)
                self.assertTrue(r.stderr.strip(), 'a usage error without a message')
        r = self.ctl('snooze', '10')
        self.assertIn('10', r.stderr)

    def test_daemon_not_running(self):
        self.assertEqual(self.daemon.terminate(), 0)
        r = self.assert_ctl('status', status=3)
        self.assertRegex(r.stderr, r'limberd|systemctl|limber\.service',
                         'the message does not say how to start limberd')

    @setup(config=LONG_INTERVAL)
    def test_watch_json(self):
        self.ctl('--help')                      # fails the test if LIMBERCTL is not there
        with CtlWatch(self, '--json') as watch:
            self.assertIn('state', watch.next_object())
            self.call('Pause', 't', 0)
            watch.next_object(lambda o: o.get('state') == 'paused')


class WatchRestartTest(LimberTestCase):

    @setup(config=LONG_INTERVAL, daemon=False)
    def test_watch_waits_and_outlives_restarts(self):
        self.ctl('--help')
        modes = {
            'json': (CtlWatch(self, '--json'),
                     lambda l: json.loads(l).get('state') == 'stopped',
                     lambda l: json.loads(l).get('state') == 'working'),
            'waybar': (CtlWatch(self, '--waybar'),
                       lambda l: json.loads(l).get('class') == 'stopped',
                       lambda l: json.loads(l).get('class') == 'working'),
            'plain': (CtlWatch(self),
                      lambda l: 'Stopped' in l and 'not running' in l,
                      lambda l: 'Working' in l),
        }
        for name, (w, stopped, working) in modes.items():
            w.until(stopped, f'saying "stopped" before limberd runs ({name})')
        for round in range(2):
            d = self.start_daemon()
            for name, (w, stopped, working) in modes.items():
                w.until(working, f'with the state once limberd runs ({name}, round {round})')
            self.assertEqual(d.terminate(), 0)
            for name, (w, stopped, working) in modes.items():
                w.until(stopped, f'saying "stopped" after limberd stopped ({name}, round {round})')
        for name, (w, _, _) in modes.items():
            self.assertIsNone(w.proc.poll(), f'watch {name} ended')


# A limberd that announces a property and goes away before it answers the GetAll the watch
# sends when the name appears (as one stopped right after it started does). It only owns the
# name and sends the signal: the GetAll is refused or never answered.
GONE_BEFORE_ANSWERING = r'''
import sys
from gi.repository import Gio, GLib
bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
bus.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'RequestName',
              GLib.Variant('(su)', ('io.github.limber.Limber1', 4)), None, 0, -1, None)
bus.emit_signal(None, '/io/github/limber/Limber1', 'org.freedesktop.DBus.Properties',
                'PropertiesChanged', GLib.Variant('(sa{sv}as)', ('io.github.limber.Limber1',
                {'State': GLib.Variant('s', 'working')}, [])))
bus.flush_sync(None)
print('sent', flush=True)
sys.stdin.read()
'''


class WatchUnansweredTest(LimberTestCase):

    @setup(config=LONG_INTERVAL, daemon=False)
    def test_watch_sees_a_limberd_stop_before_it_answered(self):
        self.ctl('--help')
        w = CtlWatch(self, '--json')
        w.until(lambda l: json.loads(l).get('state') == 'stopped', 'saying "stopped" first')
        fake = subprocess.Popen(['/usr/bin/python3', '-c', GONE_BEFORE_ANSWERING], env=self.sandbox.env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.addCleanup(fake.wait)
        self.addCleanup(fake.kill)
        self.assertEqual(fake.stdout.readline().strip(), 'sent')
        w.until(lambda l: json.loads(l).get('state') == 'working', 'with the state it announced')
        fake.stdin.close()
        fake.wait(10 * SCALE)
        w.until(lambda l: json.loads(l).get('state') == 'stopped', 'saying "stopped" once it went away')


class CtlFixesTest(LimberTestCase):

    @setup(config=LONG_INTERVAL)
    def test_days_unit_and_snooze_total_cap(self):
        self.assert_ctl('pause', '7d')
        self.assert_ctl('resume')
        self.assert_ctl('snooze', '20h')
        r = self.ctl('snooze', '4h1m')
        self.assertEqual(r.returncode, 1, r)
        self.assertIn('add up to at most 24h', r.stderr)
        self.assert_ctl('snooze', '4h')                 # exactly 24h in all
        r = self.ctl('snooze', '1s')
        self.assertEqual(r.returncode, 1, r)

    @setup(config={'schedule': {'interval': '1h', 'idle-after': '1s', 'natural-break': '1h'}})
    def test_log_longer_than_the_time_away_is_refused(self):
        self.mutter.set_idle(1.5)
        self.wait_prop('Idle', lambda v: v, 15, 'idle')
        self.sleep(1)
        self.mutter.set_active()
        self.wait_prop('Idle', lambda v: not v, 15, 'active again')
        r = self.ctl('log', '24h')
        self.assertEqual(r.returncode, 1, r)
        self.assertIn('you were at the computer', r.stderr)
        self.assertIn('Log at most', r.stderr)
        self.assert_ctl('log', '2s')

    @setup(config=LONG_INTERVAL)
    def test_repeated_options_and_bad_notes(self):
        r = self.assert_ctl('log', '1m', '--note', 'a', '--note', 'b', status=2)
        self.assertIn('"--note" is given twice', r.stderr)
        self.assert_ctl('status', '--json', '--json', status=2)
        env = dict(self.sandbox.env)
        r = subprocess.run([os.environb[b'LIMBERCTL'], b'log', b'1m', b'--note', b'caf\xe9'],
                           env=env, capture_output=True)
        self.assertEqual(r.returncode, 2, r)
        self.assertIn(b'not valid UTF-8', r.stderr)
        self.assertEqual(self.history(), [])

    @setup(config=LONG_INTERVAL)
    def test_quiet_prints_nothing(self):
        for args in (['-q', 'status'], ['--quiet', 'history'], ['-q', 'config', 'get'],
                     ['-q', 'exercises'], ['-q', 'pause'], ['-q', 'resume']):
            with self.subTest(args=args):
                r = self.assert_ctl(*args)
                self.assertEqual(r.stdout, '', args)
        r = self.ctl('-q', 'skip')
        self.assertEqual(r.returncode, 1)
        self.assertTrue(r.stderr.strip(), 'an error must still be said')

    @setup(config=LONG_INTERVAL, daemon=False)
    def test_history_and_stats_fit_80_columns_and_every_break_shows(self):
        day = 24 * 3600 * limbertest.USEC
        now = limbertest.realtime_usec()
        lines = []
        # Two days ago one break; yesterday 29; a year ago one, with a long note.
        lines.append(f'v1\t{now - 2 * day}\tlogged\t{600 * limbertest.USEC}\t\tone walk\n')
        for i in range(29):
            lines.append(f'v1\t{now - day + i * 60 * limbertest.USEC}\ttaken\t{300 * limbertest.USEC}\t'
                         f'shoulder-rotation,back-twist,lateral-tilt,cat-cow\t\n')
        lines.append(f'v1\t{now - 370 * day}\tlogged\t{600 * limbertest.USEC}\t\t' + 'a very long note ' * 10 + '\n')
        self.sandbox.write(os.path.join(self.sandbox.state_dir, 'history'), ''.join(lines))
        os.chmod(os.path.join(self.sandbox.state_dir, 'history'), 0o600)
        self.start_daemon()
        for args in (['history', '--since', '400d'], ['stats', '--days', '7']):
            r = self.assert_ctl(*args)
            for line in r.stdout.splitlines():
                self.assertLessEqual(len(line), 80, f'{args}: {line!r}')
        r = self.assert_ctl('history', '--since', '400d')
        year_ago = time.localtime(time.time() - 370 * 86400)
        self.assertIn(str(year_ago.tm_year), r.stdout, 'a date of another year shows its year')
        r = self.assert_ctl('stats', '--days', '7')
        two_days = time.strftime('%a %d %b', time.localtime(time.time() - 2 * 86400))
        row = next(line for line in r.stdout.splitlines() if line.startswith(two_days))
        self.assertIn('#', row.replace('█', '#'), f'a day with one break shows no bar: {row!r}')

    def test_exercises_safety(self):
        r = self.assert_ctl('exercises', '--safety')
        self.assertIn('Stop at once if you feel pain or discomfort, and rest.', r.stdout)
        self.assertIn('ask a doctor', r.stdout)
        rules = json.loads(self.assert_ctl('exercises', '--safety', '--json').stdout)
        self.assertEqual(rules, self.call('GetSafetyRules'))
        self.assertGreaterEqual(len(rules), 9)

    def test_example_names_a_real_exercise(self):
        r = self.assert_ctl('help', 'exercises', 'show')
        ids = [line.split()[-1] for line in r.stdout.splitlines()
               if line.strip().startswith('limberctl exercises show ')][-1:]
        self.assertTrue(ids, r.stdout)
        self.assertIn(ids[0], self.exercises())


if __name__ == '__main__':
    limbertest.main()
