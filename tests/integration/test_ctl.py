#!/usr/bin/python3
'''limberctl against a running limberd: verbs, --json output, exit codes 0/1/2/3.'''

import json

import limbertest
from limbertest import CtlWatch, LimberTestCase, setup, usec

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
        with CtlWatch(self) as watch:
            self.assertIn('state', watch.next_object())
            self.call('Pause', 't', 0)
            watch.next_object(lambda o: o.get('state') == 'paused')


if __name__ == '__main__':
    limbertest.main()
