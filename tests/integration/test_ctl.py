#!/usr/bin/python3
'''limberctl against a running limberd: verbs, --json output, exit codes 0/1/2/3.'''

import csv
import json
import os
import re
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
        self.advance_until_due()
        self.assert_ctl('snooze', '1m')
        self.assertEqual(self.prop('State'), 'snoozed')
        self.assert_ctl('break')
        self.wait_state('on-break')

    @setup(config={'schedule': {'interval': '2s'}})
    def test_skip(self):
        self.advance_until_due()
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
        self.advance(1)
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

    def ctl_at(self, columns, *args, locale='C.UTF-8'):
        env = dict(self.sandbox.env, COLUMNS=str(columns), LANG=locale, LC_ALL=locale)
        r = subprocess.run([os.environ['LIMBERCTL'], *args], env=env, capture_output=True, text=True,
                           timeout=30 * SCALE, stdin=subprocess.DEVNULL)
        self.assertEqual(r.returncode, 0, f'limberctl {args}: {r}')
        return r.stdout

    @setup(config=LONG_INTERVAL, daemon=False)
    def test_output_fits_the_terminal(self):
        '''At 60, 80 and 200 columns (COLUMNS, as a terminal gives it) every line fits, no
        word is split (each word at 60 or 80 is a word of the 200-column output, or a cut marked
        "…"), an exercise's id is never cut, and at 200 nothing is cut. Helps fit 80.'''
        now = limbertest.realtime_usec()
        note = 'walk outside with the dog around the block and back home again'
        ids = 'forward-relaxation,shoulder-rotation,shoulder-blade-squeeze,neck-tilt'
        self.sandbox.write(os.path.join(self.sandbox.state_dir, 'history'),
                           f'v1\t{now - 600 * limbertest.USEC}\ttaken\t{300 * limbertest.USEC}\t{ids}\t{note}\n'
                           f'v1\t{now - 300 * limbertest.USEC}\tlogged\t{1200 * limbertest.USEC}\t\t{note}\n')
        os.chmod(os.path.join(self.sandbox.state_dir, 'history'), 0o600)
        self.start_daemon()
        known = set(self.exercises())
        commands = [['status'], ['history'], ['stats'], ['exercises'], ['exercises', '--safety'],
                    ['exercises', 'show', 'shoulder-blade-squeeze'], ['config', 'get'], ['--help']]
        commands += [[verb, '--help'] for verb in ('status', 'snooze', 'skip', 'break', 'done', 'log', 'pause',
                                                   'resume', 'history', 'stats', 'config', 'reload', 'exercises',
                                                   'watch', 'help')]
        commands += [['config', 'set', '--help'], ['config', 'get', '--help'], ['exercises', 'show', '--help']]
        # limberd counts on between two runs ("1s" active, then "2s"): numbers are compared as
        # numbers, so a word cut short still fails and a clock that ticked does not.
        def shapes(text):
            return {re.sub(r'[0-9]+', '0', word) for word in text.split()}

        def shape(word):
            return re.sub(r'[0-9]+', '0', word)

        for args in commands:
            wide = self.ctl_at(200, *args)
            whole = shapes(wide)
            for columns in (60, 80):
                out = self.ctl_at(columns, *args)
                for line in out.splitlines():
                    # A word that cannot fit any line (a picture's path) may go over; nothing else.
                    if max(map(len, line.split()), default=0) < columns - 10:
                        self.assertLessEqual(len(line), columns, f'{args} at {columns}: {line!r}\n{out}')
                for word in out.split():
                    # Bars are as wide as the terminal allows.
                    if not word.endswith('…') and not re.fullmatch('[█░▒▏▎▍▌▋▊▉]+', word):
                        self.assertIn(shape(word), whole, f'{args} at {columns}: "{word}" is cut\n{out}')
            if '--help' in args:
                self.assertLessEqual(max(len(line) for line in wide.splitlines()), 80, f'{args}: {wide}')
        # Translations are longer: German and Russian fit too.
        for locale in ('de_DE.UTF-8', 'ru_RU.UTF-8'):
            for args in (['status'], ['history'], ['stats'], ['--help'], ['exercises', '--safety']):
                whole = shapes(self.ctl_at(200, *args, locale=locale))
                for columns in (60, 80):
                    out = self.ctl_at(columns, *args, locale=locale)
                    for line in out.splitlines():
                        self.assertLessEqual(len(line), columns, f'{locale} {args} at {columns}: {line!r}\n{out}')
                    for word in out.split():
                        if not word.endswith('…') and not re.fullmatch('[█░▒▏▎▍▌▋▊▉]+', word):
                            self.assertIn(shape(word), whole, f'{locale} {args} at {columns}: "{word}" is cut\n{out}')
        # History: whole at 200; at 60 and 80 cut after whole ids, marked "…".
        wide = self.ctl_at(200, 'history')
        self.assertIn(ids.replace(',', ', '), wide)
        self.assertIn(note, wide)
        for columns in (60, 80):
            out = self.ctl_at(columns, 'history')
            row = next(line for line in out.splitlines() if ' taken ' in line)
            self.assertIn('…', row)
            shown = row.split('taken', 1)[1].split('…')[0].replace(',', ' ').split()
            self.assertTrue(shown, row)
            for word in shown:
                if '-' in word:
                    self.assertIn(word, known, f'an id cut at {columns} columns: {row!r}')

    @setup(config=LONG_INTERVAL)
    def test_durations_one_way_in_every_language(self):
        '''"1h 30m" style everywhere: limberctl and limberd's messages alike, with the units of
        the language (Russian has its own), never "1 min 30 s" nor "3m10s".'''
        self.assert_ctl('log', '5m')
        for locale, units in (('C.UTF-8', 'hms'), ('de_DE.UTF-8', 'hms'), ('ru_RU.UTF-8', 'чмс')):
            out = self.ctl_at(80, 'status', locale=locale) + self.ctl_at(80, 'history', locale=locale)
            found = re.findall(r'\b\d+ ?([^\W\d_]+)', out)
            durations = re.findall(r'(?<![\w:])\d+(?:ч|мин|с|h|m|s)(?: \d+(?:мин|с|m|s))?(?!\w)', out)
            self.assertTrue(durations, f'{locale}: no duration in\n{out}')
            for d in durations:
                self.assertTrue(all(c in units + 'ин' or c.isdigit() or c == ' ' for c in d), f'{locale}: {d!r}\n{out}')
            self.assertNotRegex(out, r'\d (min|s|h|мин|с|ч)\b', f'{locale}: a space inside a duration\n{out}')
            del found
        # limberd's refusals write them the same way.
        r = self.ctl('snooze', '999h')
        self.assertEqual(r.returncode, 1, r)
        self.assertRegex(r.stderr, r'\d+h', r.stderr)
        self.assertNotRegex(r.stderr, r'\d+[hms]\d', r.stderr)

    @setup(config=LONG_INTERVAL)
    def test_watch_exits_when_its_output_is_gone(self):
        '''Every mode of watch ends once its reader is gone, with SIGPIPE ignored as waybar's
        children inherit it: at once while waiting (the pipe reports it), and at the next line
        otherwise (EPIPE).'''
        import signal
        for mode in (['--waybar'], ['--json'], []):
            proc = subprocess.Popen([os.environ['LIMBERCTL'], 'watch', *mode], env=self.sandbox.env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, restore_signals=False,
                                    preexec_fn=lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN))
            self.addCleanup(lambda p=proc: p.poll() is None and p.kill())
            self.assertTrue(proc.stdout.readline(), mode)
            proc.stdout.close()
            try:
                proc.wait(timeout=10 * SCALE)
            except subprocess.TimeoutExpired:
                self.fail(f'limberctl watch {mode} outlived its reader')
            self.assertEqual(proc.returncode, 0, f'{mode}: {proc.stderr.read()!r}')
            self.assertEqual(proc.stderr.read(), b'', mode)

    @setup(config=LONG_INTERVAL, daemon=False)
    def test_watch_waybar_stopped_is_visible(self):
        with CtlWatch(self, '--waybar') as w:
            line = json.loads(w.until(lambda l: 'stopped' in l, 'for a stopped limberd'))
            self.assertEqual(line['class'], 'stopped')
            self.assertEqual(line['text'], 'stopped')
            self.assertIn('not running', line['tooltip'])

    def man_examples(self):
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'man', 'limberctl.1.scd')
        with open(path) as f:
            text = f.read()
        lines = text.split('# EXAMPLES', 1)[1].split('\n# ', 1)[0].splitlines()
        commands = []
        for i, line in enumerate(lines):
            if line.startswith('\tlimberctl '):
                command = line.strip()
                # A pipe at the end of a line goes on on the next.
                while command.endswith('|'):
                    i += 1
                    command += ' ' + lines[i].strip()
                commands.append(command)
        return commands

    @setup(config={'schedule': {'interval': '1h', 'snooze': '2s'}})
    def test_man_page_examples_run(self):
        '''The EXAMPLES of limberctl(1), run as written (jq and all), do what they say.'''
        examples = self.man_examples()
        self.assertGreaterEqual(len(examples), 4, examples)
        env = dict(self.sandbox.env, PATH=os.path.dirname(os.environ['LIMBERCTL']) + ':' + os.environ['PATH'])
        cwd = self.sandbox.root

        def run(command):
            r = subprocess.run(['bash', '-o', 'pipefail', '-c', command], env=env, cwd=cwd, capture_output=True,
                               text=True, timeout=30 * SCALE, stdin=subprocess.DEVNULL)
            self.assertEqual(r.returncode, 0, f'{command}: {r}')
            return r.stdout

        minutes = next(e for e in examples if 'jq' in e)
        self.assertIn(run(minutes).strip(), ('59', '60'))
        for example in examples:
            run(example)
        self.assertTrue(any(r['note'] == 'walk to the river' for r in self.history()))
        with open(os.path.join(cwd, 'breaks.csv'), newline='') as f:
            rows = list(csv.DictReader(f))
        self.assertIn({'kind': 'logged', 'duration_seconds': '2400', 'note': 'walk to the river'},
                      [{k: r[k] for k in ('kind', 'duration_seconds', 'note')} for r in rows])

    @setup(config={'schedule': {'interval': '2s', 'snooze': '1h'}})
    def test_status_json_while_due(self):
        '''While a break is due the next break is now (0, as the man page's example says), and
        the reminder's repeat has fields of its own; while paused, the example prints nothing.'''
        minutes = next(e for e in self.man_examples() if 'jq' in e)
        env = dict(self.sandbox.env, PATH=os.path.dirname(os.environ['LIMBERCTL']) + ':' + os.environ['PATH'])

        def run(command):
            r = subprocess.run(['bash', '-o', 'pipefail', '-c', command], env=env, capture_output=True,
                               text=True, timeout=30 * SCALE, stdin=subprocess.DEVNULL)
            self.assertEqual(r.returncode, 0, f'{command}: {r}')
            return r.stdout

        self.advance_until_due()
        self.assertEqual(run(minutes).strip(), '0')
        s = json.loads(self.assert_ctl('status', '--json').stdout)
        self.assertEqual(s['next_break_in_seconds'], 0)
        self.assertIsNotNone(s['reminder_again_at'])
        self.assertGreater(s['reminder_again_in_seconds'], 60)
        self.call('Pause', 't', 0)
        self.assertEqual(run(minutes), '')
        s = json.loads(self.assert_ctl('status', '--json').stdout)
        self.assertIsNone(s['next_break_in_seconds'])
        self.assertIsNone(s['reminder_again_in_seconds'])

    @setup(config={'schedule': {'interval': '1h', 'daily-limit': ''}})
    def test_json_numbers_and_nulls(self):
        '''config get --json: durations in seconds, booleans and numbers as such, empty as null;
        history: null where a record has none; CSV with the same fields.'''
        c = json.loads(self.assert_ctl('config', 'get', '--json').stdout)
        self.assertEqual(c['schedule.interval'], 3600)
        self.assertIs(c['busy.respect-dnd'], True)
        self.assertIsInstance(c['exercises.per-break'], int)
        self.assertEqual(c['exercises.posture'], 'seated')
        self.assertIsNone(c['schedule.daily-limit'])
        self.assertIsNone(c['notify.sound'])
        self.assertEqual(json.loads(self.assert_ctl('config', 'get', 'schedule.snooze', '--json').stdout), {'schedule.snooze': c['schedule.snooze']})
        self.assertIsInstance(c['schedule.snooze'], int)
        self.assert_ctl('log', '10m')
        self.call('Snooze', 't', 0)
        history = json.loads(self.assert_ctl('history', '--json').stdout)
        logged = next(r for r in history if r['kind'] == 'logged')
        self.assertIsNone(logged['note'])
        self.assertEqual(logged['duration_seconds'], 600)
        rows = list(csv.reader(self.assert_ctl('history', '--csv').stdout.splitlines()))
        self.assertEqual(rows[0], ['time', 'kind', 'duration_seconds', 'exercises', 'note'])
        self.assertEqual(len(rows), len(history) + 1)
        rows = list(csv.DictReader(self.assert_ctl('stats', '--csv').stdout.splitlines()))
        stats = json.loads(self.assert_ctl('stats', '--json').stdout)
        self.assertEqual([r['date'] for r in rows], [d['date'] for d in stats['days']])
        self.assertEqual(int(rows[-1]['breaks_taken']), stats['days'][-1]['breaks_taken'])
        self.assert_ctl('history', '--csv', '--json', status=2)

    @setup(config=LONG_INTERVAL)
    def test_words(self):
        '''One message style: limberctl's start with a capital letter like limberd's; a second
        pause is said plainly; an unknown command gets no unrelated example.'''
        for args in (['frobnicate'], ['log', '1.5h'], ['--bogus'], ['exercises', 'show', 'nope'], ['snooze', '999h']):
            r = self.ctl(*args)
            self.assertNotEqual(r.returncode, 0, args)
            message = r.stderr.split('limberctl: ', 1)[1]
            self.assertTrue(message[0].isupper() or message[0] == '"', f'{args}: {r.stderr!r}')
        r = self.ctl('frobnicate')
        self.assertNotIn('e.g.', r.stderr)
        self.assertIn('limberctl --help', r.stderr)
        r = self.assert_ctl('pause')
        self.assertNotIn('Already', r.stdout)
        r = self.assert_ctl('pause')
        self.assertIn('Already paused until resumed: nothing changed.', r.stdout)
        r = self.assert_ctl('pause', '10m')
        self.assertIn('Already paused: this pause replaces the one before.', r.stdout)
        self.assertIn('(in 10m)', r.stdout)
        self.assertEqual(self.assert_ctl('pause', '-q').stdout, '')
        r = self.assert_ctl('stats', '--days', '1')
        self.assertTrue(r.stdout.startswith('Breaks today\n'), r.stdout)
        # A refusal says what happened to what was asked.
        self.assert_ctl('resume')
        r = self.assert_ctl('log', '5m', '--note', 'x' * 1100, status=1)
        self.assertIn('The note is 1100 bytes long, more than the 1024 a note may have: shorten it '
                      '(nothing was recorded).', r.stderr)
        self.write_config('[schedule]\ninterval = 1h\nsnoze = 5m\n')
        r = self.assert_ctl('reload', status=1)
        self.assertRegex(r.stderr, r'^limberctl: The configuration has errors, so the running configuration is '
                                   r'kept:\n.*limber\.ini:3: schedule\.snoze: ')

    def read_doc(self, *path):
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', *path)) as f:
            return f.read()

    @staticmethod
    def section_of(text, start, end_pattern=r'\n# '):
        text = text.split(start, 1)[1]
        return re.split(end_pattern, text, maxsplit=1)[0]

    @setup(config=LONG_INTERVAL)
    def test_documentation_matches_the_program(self):
        '''The keys, commands and JSON fields that README.md, the man pages, --help and the
        sample limber.ini name are the program's, and the program's are all documented.'''
        readme, man_ctl, man_ini = (self.read_doc('README.md'), self.read_doc('man', 'limberctl.1.scd'),
                                    self.read_doc('man', 'limber.ini.5.scd'))
        example = self.read_doc('config', 'limber.ini')

        # Configuration keys.
        keys = set(json.loads(self.assert_ctl('config', 'get', '--json').stdout))
        man_keys, section = set(), None
        for line in man_ini.split('# EXAMPLE')[0].splitlines():
            if m := re.match(r'# \[([a-z]+)\]$', line):
                section = m.group(1)
            elif section and (m := re.match(r'\*([a-z-]+)\* =', line)):
                man_keys.add(f'{section}.{m.group(1)}')
        self.assertEqual(man_keys, keys, 'limber.ini(5)')
        example_keys, section = set(), None
        for line in example.splitlines():
            if m := re.match(r'\[([a-z]+)\]$', line):
                section = m.group(1)
            elif section and (m := re.match(r'# ([a-z-]+) =', line)):
                example_keys.add(f'{section}.{m.group(1)}')
        self.assertEqual(example_keys, keys, 'config/limber.ini')
        sections = {k.split('.')[0] for k in keys}
        for doc, text in (('README.md', readme), ('limberctl(1)', man_ctl), ('limber.ini(5)', man_ini)):
            for key in re.findall(r'\b([a-z]+\.[a-z]+(?:-[a-z]+)*)\b', text):
                if key.split('.')[0] in sections and not key.endswith(('.ini', '.service', '.desktop', '.d', '.c', '.h')):
                    self.assertIn(key, keys, f'{doc} names a key limberd does not have')
        table = self.section_of(readme, '## Configuration\n', r'\n\n[^|]')
        self.assertEqual(len(re.findall(r'^\| `[a-z]+\.[a-z-]+` \|', table, re.M)), 10, table)

        # Commands.
        help_text = self.ctl_at(200, '--help')
        commands = self.section_of(help_text, 'Commands:\n', r'\n\n')
        verbs = {m.group(1) + (' ' + m.group(2) if m.group(2) else '')
                 for m in re.finditer(r'^  ([a-z]+)(?: (get|set|unset|show)\b)?', commands, re.M)}
        man_verbs = {m.group(1) + (' ' + m.group(2) if m.group(2) else '')
                     for m in re.finditer(r'^\*([a-z]+)(?: ([a-z]+))?\*', self.section_of(man_ctl, '# COMMANDS\n'), re.M)}
        self.assertEqual(man_verbs, verbs, 'limberctl(1) COMMANDS')
        readme_verbs = set()
        for m in re.finditer(r'`limberctl ([a-z]+)(?: (get|set|unset|show))?', self.section_of(readme, '## Using it\n')):
            readme_verbs.add(m.group(1) + (' ' + m.group(2) if m.group(2) else ''))
        self.assertEqual(readme_verbs - {'exercises show', 'config get', 'config set', 'config unset'} | {'exercises'},
                         {v for v in verbs if ' ' not in v} | {'exercises'}, 'README.md, Using it')
        self.assertLessEqual({'exercises show', 'config get', 'config set', 'config unset'}, readme_verbs)

        # JSON fields: status, history, stats, in limberctl(1) and in --help.
        def man_fields(start):
            text = self.section_of(man_ctl, start, r'\n\*')
            return set(re.findall(r'\*([a-z]+(?:_[a-z]+)+|[a-z]+)\*', text.split('With *--json*', 1)[1].split('\n\n')[0]))

        def help_fields(verb):
            text = ' '.join(self.ctl_at(200, verb, '--help').split())
            return set(re.findall(r'\b([a-z]+(?:_[a-z]+)+|state|time|kind|note|idle|presence|posture|problems|'
                                  r'exercises|date|snoozed)\b', text.split('Options:')[0].rsplit('--json', 1)[1]))

        status = set(json.loads(self.assert_ctl('status', '--json').stdout))
        self.assertLessEqual(status, man_fields('\n*status* [*--json*]\n') | {'null'}, 'limberctl(1), status')
        self.assertLessEqual(man_fields('\n*status* [*--json*]\n') - {'null', 'camera', 'microphone', 'idle-inhibited'},
                             status, 'limberctl(1), status')
        self.assertEqual(help_fields('status'), status, 'status --help')
        self.assert_ctl('log', '5m')
        record = set(json.loads(self.assert_ctl('history', '--json').stdout)[0])
        self.assertLessEqual(record, man_fields('\n*history* ['), 'limberctl(1), history')
        self.assertLessEqual(record, help_fields('history'), 'history --help')
        stats = json.loads(self.assert_ctl('stats', '--json').stdout)
        day = set(stats['days'][0])
        self.assertLessEqual(day | set(stats), man_fields('\n*stats* [') | {'total'}, 'limberctl(1), stats')
        self.assertLessEqual(day, help_fields('stats'), 'stats --help')

    def test_exercises_as_fields(self):
        '''exercises --json and exercises show --json give the dose, the steps (without their
        numbers) and the caution as fields, the same as the instructions say.'''
        listed = json.loads(self.assert_ctl('exercises', '--json').stdout)
        self.assertEqual({e['id'] for e in listed}, set(self.exercises()))
        for e in listed:
            lines = e['instructions'].split('\n')
            self.assertEqual(e['dose'], lines[0])
            self.assertTrue(e['steps'], e)
            self.assertEqual([f'{i}. {step}' for i, step in enumerate(e['steps'], 1)],
                             [line for line in lines[1:] if not line.startswith('Caution: ')])
            self.assertEqual(e['caution'], next((line[9:] for line in lines if line.startswith('Caution: ')), None))
        one = json.loads(self.assert_ctl('exercises', 'show', 'cat-cow', '--json').stdout)
        listed_one = next(e for e in listed if e['id'] == 'cat-cow')
        self.assertEqual({k: one[k] for k in listed_one}, listed_one)
        self.assertEqual(list(one)[:6], ['id', 'name', 'posture', 'dose', 'steps', 'caution'])
        self.assertEqual(one['caution'], 'Arch only as far as feels comfortable.')

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
