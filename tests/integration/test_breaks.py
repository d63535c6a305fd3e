#!/usr/bin/python3
'''Breaks: the guided break, logged breaks and the history, pausing, and what survives a
restart.'''

import os

import limbertest
from limbertest import LimberTestCase, setup, usec, realtime_usec

EARLY = 0.3
LONG_INTERVAL = {'schedule': {'interval': '1h'}}


class GuidedBreakTest(LimberTestCase):

    def break_notifications(self, after):
        return [n for n in self.notify.notifications()
                if n.index >= after and n.app_name == 'limber' and 'done' in n.actions]

    @setup(config={'schedule': {'break-duration': '6s'}})
    def test_guided_break_from_the_start_action(self):
        self.advance_until_due()
        reminder = self.wait_reminder()
        mark = self.signals.mark()
        count = len(self.notify.notifications())
        self.notify.invoke(reminder, 'start')
        started, = self.wait_signal('BreakStarted', since=mark)
        self.assertIn(started, self.exercises())
        self.assertEqual(self.prop('State'), 'on-break')
        for step in range(2):                           # two exercises of 3 s
            self.wait_for(lambda: len(self.break_notifications(count)) > step, 20, f'step {step + 1}')
            self.advance(3)

        kind, duration = self.wait_signal('BreakFinished', since=mark, timeout=40)
        self.assertEqual(kind, 'taken')
        self.assertGreaterEqual(duration, usec(6) - usec(EARLY))
        self.wait_state('working', 'idle')

        steps = self.break_notifications(count)
        self.assertGreaterEqual(len(steps), 2, f'the break was not shown step by step: {steps}')
        self.assertEqual(len({n.id for n in steps}), 1,
                         f'the break notification was not updated in place: {steps}')
        for n in steps[1:]:
            self.assertEqual(n.replaces_id, steps[0].id, f'an update without replaces_id: {n}')
        self.assertGreaterEqual(len({n.body for n in steps}), 2, 'every step shows the same text')

        p = self.props()
        self.assertEqual(p['BreaksToday'], 1)
        self.assertEqual(p['SkippedToday'], 0)
        self.assertLess(p['ActiveUsec'], usec(3), 'the break did not reset the active time')
        rec = self.wait_history(lambda r: r['kind'] == 'taken', what='a "taken" history record')
        ids = [i for i in rec['exercises'].split(',') if i]
        self.assertGreaterEqual(len(ids), 1, rec)
        self.assertIn(started, ids)
        for i in ids:
            self.assertIn(i, self.exercises())

    @setup(config={'schedule': {'interval': '1h', 'break-duration': '1h'}})
    def test_start_break_and_done_ends_it_early(self):
        mark = self.signals.mark()
        count = len(self.notify.notifications())
        self.call('StartBreak')
        self.wait_signal('BreakStarted', since=mark)
        self.assertEqual(self.prop('State'), 'on-break')
        n = self.wait_for(lambda: self.break_notifications(count), 20,
                          'a break notification offering "done"')[-1]
        self.assertEqual(n.app_name, 'limber')
        self.notify.invoke(n, 'done')
        kind, duration = self.wait_signal('BreakFinished', since=mark)
        self.assertEqual(kind, 'taken')
        self.assertLess(duration, usec(600), '"done" did not end the 1 h break early')
        self.wait_state('working', 'idle')
        self.assertEqual(self.prop('BreaksToday'), 1)
        rec = self.wait_history(lambda r: r['kind'] == 'taken', what='a "taken" history record')
        self.assertLess(rec['duration'], usec(600))

    @setup(config={'schedule': {'interval': '1h', 'break-duration': '40s'},
                   'exercises': {'per-break': '4'}})
    def test_next_step_and_break_plan(self):
        '''The break window's API, usable by any client: BreakPlan names the exercises and their
        time, GetExercise their texts, NextStep ends one exercise (the break on the last).'''
        plan = self.prop('BreakPlan')
        self.assertEqual(len(plan), 4, plan)
        for exercise_id, step in plan:
            self.assertIn(exercise_id, self.exercises())
            self.assertEqual(step, usec(10))
        e = self.call('GetExercise', 's', plan[0][0])
        self.assertEqual(e['id'], plan[0][0])
        self.assertTrue(e['name'] and e['dose'] and e['steps'], e)
        self.assertIn(e['posture'], ('seated', 'standing'))
        self.assertTrue(all(os.path.isabs(path) and ms > 0 for ms, path in e['frames']), e)
        with self.assertRaises(limbertest.dbus.exceptions.DBusException) as c:
            self.call('GetExercise', 's', 'no-such-exercise')
        self.assertEqual(c.exception.get_dbus_name(), 'io.github.limber.Limber1.Error.UnknownExercise')
        self.assertIn('no-such-exercise', c.exception.get_dbus_message())
        with self.assertRaises(limbertest.dbus.exceptions.DBusException) as c:
            self.call('NextStep')
        self.assertEqual(c.exception.get_dbus_name(), 'io.github.limber.Limber1.Error.NotPossible')

        mark = self.signals.mark()
        self.call('StartBreak')
        self.assertEqual(self.prop('BreakPlan'), plan)
        p = self.props()
        self.assertEqual((p['BreakStep'], p['BreakSteps']), (1, 4))
        self.assertGreater(p['BreakStepEndsUsec'], realtime_usec())
        self.assertLessEqual(p['BreakStepEndsUsec'], realtime_usec() + usec(10))
        self.assertEqual(p['CurrentExercise'], plan[0][0])
        for step in range(2, 5):
            self.call('NextStep')
            p = self.props()
            self.assertEqual(p['BreakStep'], step)
            self.assertEqual(p['CurrentExercise'], plan[step - 1][0])
            self.assertGreater(p['BreakStepEndsUsec'], realtime_usec() + usec(8))
            self.assertAlmostEqual(p['BreakEndsUsec'], p['BreakStepEndsUsec'] + usec(10) * (4 - step),
                                   delta=usec(1))
        self.call('NextStep')
        kind, duration = self.wait_signal('BreakFinished', since=mark)
        self.assertEqual(kind, 'taken')
        self.assertLess(duration, usec(10))
        self.assertEqual(self.prop('BreakStepEndsUsec'), 0)
        rec = self.wait_history(lambda r: r['kind'] == 'taken', what='a "taken" history record')
        self.assertEqual(rec['exercises'].split(','), [i for i, _ in plan])
        # The next break's plan is chosen, and announced (the window reads it from its cache).
        self.wait_for(lambda: any(v and [i for i, _ in v] != [i for i, _ in plan]
                                  for v in self.signals.changed('BreakPlan', since=mark)),
                      10, 'PropertiesChanged with the next plan')
        self.assertEqual(self.prop('BreakPlan'), self.signals.changed('BreakPlan', since=mark)[-1])

    @setup(config={'schedule': {'break-duration': '1h'}})
    def test_reminder_click_without_a_window_starts_the_break(self):
        '''No display here: a click on the reminder (its "default" action) starts the guided
        break in notifications, and ShowBreak says why no window can be shown.'''
        self.advance_until_due()
        reminder = self.wait_reminder()
        self.assertIn('default', reminder.actions)
        with self.assertRaises(limbertest.dbus.exceptions.DBusException) as c:
            self.call('ShowBreak')
        self.assertEqual(c.exception.get_dbus_name(), 'io.github.limber.Limber1.Error.NotPossible')
        self.assertIn('No display', c.exception.get_dbus_message())
        mark = self.signals.mark()
        count = len(self.notify.notifications())
        self.notify.invoke(reminder, 'default')
        self.wait_signal('BreakStarted', since=mark)
        self.wait_for(lambda: self.break_notifications(count), 20, 'the step as a notification')


class HistoryTest(LimberTestCase):

    @setup(config=LONG_INTERVAL)
    def test_log_break_and_get_history(self):
        active = self.wait_prop('ActiveUsec', lambda v: v >= usec(1.5), 20, 'some active time')
        t0 = realtime_usec()
        self.call('LogBreak', 'ts', usec(600), 'walked the dog')
        t1 = realtime_usec()
        rec = self.wait_history(lambda r: r['kind'] == 'logged')
        self.assertEqual(rec['duration'], usec(600))
        self.assertEqual(rec['note'], 'walked the dog')
        self.assertGreaterEqual(rec['time'], t0 - usec(600) - usec(2))
        self.assertLessEqual(rec['time'], t1 + usec(2))
        p = self.props()
        self.assertEqual(p['BreaksToday'], 1)
        self.assertLess(p['ActiveUsec'], active, 'LogBreak did not reset the active time')

        # the time range selects
        self.assertEqual(self.history(since=t1 + usec(3600), until=t1 + usec(7200)), [])
        self.assertEqual(self.history(since=0, until=t0 - usec(700)), [])

        # notes come back exactly, whatever they hold
        odd = ' "quotes" \\backslash \\n %s %n ünïcödé 🧘 ,;:= '
        # Breaks of 1 us: each log ends now, and breaks never overlap.
        self.call('LogBreak', 'ts', 1, odd)
        self.call('LogBreak', 'ts', 1, '')
        # a line break: stored and returned as it is, or refused with InvalidArgs
        multiline = 'line one\nline two'
        try:
            self.call('LogBreak', 'ts', 1, multiline)
            expect = ['walked the dog', odd, '', multiline]
        except limbertest.dbus.exceptions.DBusException as e:
            self.assertEqual(e.get_dbus_name(), limbertest.INVALID_ARGS)
            expect = ['walked the dog', odd, '']
        notes = [r['note'] for r in self.history() if r['kind'] == 'logged']
        self.assertEqual(notes, expect)
        self.assertEqual(self.prop('BreaksToday'), len(expect))

    @setup(config=LONG_INTERVAL)
    def test_corrupt_history_line_is_skipped(self):
        self.call('LogBreak', 'ts', usec(60), 'first')
        self.call('LogBreak', 'ts', 1, 'second')
        self.assertEqual(self.daemon.terminate(), 0)

        files = []
        for root, _, names in os.walk(self.sandbox.state_dir):
            for name in names:
                path = os.path.join(root, name)
                with open(path, 'rb') as f:
                    if b'second' in f.read():
                        files.append(path)
        self.assertEqual(len(files), 1, f'cannot tell the history file: {files}')
        with open(files[0], 'rb') as f:
            lines = f.read().splitlines(keepends=True)
        first = next(line for line in lines if b'first' in line)
        i = next(i for i, line in enumerate(lines) if b'second' in line)
        lines[i:i] = [
            b'this is not a record\n',
            b'\x00\x01\xff garbage \t\t\t\n',
            first.replace(b'logged', b'bogus-kind').replace(b'first', b'corrupt'),
            b'\n',
        ]
        lines.append(first[:len(first) // 2])           # torn: no newline at the end
        with open(files[0], 'wb') as f:
            f.write(b''.join(lines))

        self.start_daemon()
        self.assertEqual([r['note'] for r in self.history()], ['first', 'second'])
        self.call('LogBreak', 'ts', 1, 'third')
        self.assertEqual([r['note'] for r in self.history()], ['first', 'second', 'third'])
        self.assertEqual(self.prop('BreaksToday'), 3)


class PauseTest(LimberTestCase):

    @setup(config=LONG_INTERVAL)
    def test_timed_pause_expires(self):
        self.call('Pause', 't', usec(3))
        p = self.props()
        self.assertEqual(p['State'], 'paused')
        self.assertEqual(p['NextBreakUsec'], 0)
        self.advance(2)
        self.assertEqual(self.prop('State'), 'paused', 'the pause ended early')
        self.advance(1)
        self.wait_state('working', timeout=20)
        self.assertNotEqual(self.prop('NextBreakUsec'), 0)

    def test_pause_until_resumed(self):
        mark = self.signals.mark()
        self.call('Pause', 't', 0)
        p = self.props()
        self.assertEqual(p['State'], 'paused')
        self.assertEqual(p['NextBreakUsec'], 0)
        self.advance(6)                                 # two intervals
        self.assertEqual(self.prop('State'), 'paused')
        self.assertIsNone(self.signals.find('BreakDue', since=mark), 'reminded while paused')
        self.assertEqual(self.notify.reminders(), [])
        self.call('Resume')
        state = self.wait_state('working', 'due')
        self.assertNotEqual(state, 'paused')
        if state == 'working':
            self.assertNotEqual(self.prop('NextBreakUsec'), 0)
        # reminders work again
        self.advance(3)
        self.wait_signal('BreakDue', since=mark, timeout=20)


class RestartTest(LimberTestCase):

    @setup(config=LONG_INTERVAL)
    def test_restart_restores_active_time_and_keeps_history(self):
        self.call('LogBreak', 'ts', usec(60), 'before restart')
        active = self.wait_prop('ActiveUsec', lambda v: v >= usec(3), 20, 'ActiveUsec >= 3 s')
        self.restart_daemon()
        p = self.props()
        self.assertGreaterEqual(p['ActiveUsec'], active - usec(1),
                                'the active time was not restored after a restart')
        self.assertLess(p['ActiveUsec'], active + usec(60))
        self.assertEqual(p['BreaksToday'], 1)
        self.assertEqual([r['note'] for r in self.history()], ['before restart'])
        self.assertEqual(p['State'], 'working')


if __name__ == '__main__':
    limbertest.main()
