#!/usr/bin/python3
'''Reminders: when they come, what they say, snooze, skip, repeats, escalation, and a
notification server that is missing.'''

import limbertest
from limbertest import LimberTestCase, setup, usec, realtime_usec

# Slack for lower bounds on when something may happen (clock granularity, not speed).
EARLY = 0.3


class ReminderTest(LimberTestCase):

    @setup(config={'schedule': {'interval': '1m'}})
    def test_reminder_after_interval_of_activity(self):
        props = self.props()
        now = realtime_usec()
        self.assertEqual(props['State'], 'working')
        self.assertEqual(props['IntervalUsec'], usec(60))
        self.assertEqual(props['IdleSource'], 'gnome')
        self.assertFalse(props['Idle'])
        self.assertEqual(props['BreaksToday'], 0)
        self.assertEqual(props['SkippedToday'], 0)
        self.assertEqual(props['BusyReason'], '')
        # structural bounds: the next break is at most one interval away
        self.assertLessEqual(props['NextBreakUsec'], now + usec(60) + usec(1))
        self.assertGreater(props['NextBreakUsec'], now + usec(50))

        mark = self.signals.mark()
        self.advance(50)
        self.assertIsNone(self.signals.find('BreakDue', since=mark), 'BreakDue before the interval passed')
        self.advance(10)
        exercise, = self.wait_signal('BreakDue', since=mark)
        self.assertEqual(self.prop('State'), 'due')
        self.assertGreaterEqual(self.prop('ActiveUsec'), usec(60) - usec(EARLY))
        exercises = self.exercises()
        self.assertIn(exercise, exercises, 'BreakDue names an exercise not in ListExercises')

        n = self.wait_reminder()
        self.assert_reminder(n)
        name = exercises[exercise][0]
        self.assertIn(name.lower(), n.text.lower(), f'the reminder does not name {name!r}: {n}')
        self.assertNotEqual(n.urgency, 2, 'the first reminder is already critical')

    def test_snooze_action_snoozes_and_reminds_again(self):
        self.advance_until_due()
        n = self.wait_reminder()
        self.wait_state('due')
        count = len(self.notify.notifications())
        self.notify.invoke(n, 'snooze')
        self.wait_state('snoozed')
        self.wait_history(lambda r: r['kind'] == 'snoozed', what='a "snoozed" history record')
        self.assertEqual(self.prop('SkippedToday'), 0)
        self.advance(1)                                 # of the 2 s snooze
        self.assertEqual(self.prop('State'), 'snoozed', 'reminded before the snooze ended')
        self.advance(1)
        again = self.wait_reminder(after=count)
        self.assert_reminder(again)
        self.wait_state('due')

    @setup(config={'schedule': {'interval': '2s'}})
    def test_snooze_method_sets_next_break(self):
        self.advance_until_due()
        before = realtime_usec()
        self.call('Snooze', 't', 0)                      # 0 = the configured snooze, 2 s
        after = realtime_usec()
        p = self.props()
        self.assertEqual(p['State'], 'snoozed')
        self.assertGreaterEqual(p['NextBreakUsec'], before + usec(2) - usec(0.5))
        self.assertLessEqual(p['NextBreakUsec'], after + usec(2) + usec(0.5))

        before = realtime_usec()
        self.call('Snooze', 't', usec(60))
        after = realtime_usec()
        p = self.props()
        self.assertEqual(p['State'], 'snoozed')
        self.assertGreaterEqual(p['NextBreakUsec'], before + usec(60) - usec(0.5))
        self.assertLessEqual(p['NextBreakUsec'], after + usec(60) + usec(0.5))
        self.advance(3)
        self.assertEqual(self.prop('State'), 'snoozed', 'a 60 s snooze ended early')

    def test_snooze_while_working_postpones_the_next_reminder(self):
        before = realtime_usec()
        mark = self.signals.mark()
        self.call('Snooze', 't', usec(30))
        self.assertGreaterEqual(self.prop('NextBreakUsec'), before + usec(30) - usec(0.5))
        self.advance(5)                                 # longer than the 3 s interval
        self.assertIsNone(self.signals.find('BreakDue', since=mark), 'reminded despite the snooze')
        self.assertEqual(self.notify.reminders(), [])
        self.assertIn(self.prop('State'), ('working', 'snoozed'))

    def test_skip_method(self):
        self.advance_until_due()
        mark = self.signals.mark()
        before = realtime_usec()
        self.call('Skip')
        p = self.props()
        self.assertIn(p['State'], ('working', 'idle'))
        self.assertEqual(p['SkippedToday'], 1)
        self.assertEqual(p['BreaksToday'], 0)
        self.assertGreaterEqual(p['NextBreakUsec'], before + usec(3) - usec(0.5),
                                'after a skip the next reminder is less than an interval away')
        self.wait_history(lambda r: r['kind'] == 'skipped', what='a "skipped" history record')
        # the next reminder comes one interval later, not at once
        self.advance(2)
        self.assertIsNone(self.signals.find('BreakDue', since=mark), 'reminded again before an interval')
        self.advance(1)
        self.wait_signal('BreakDue', since=mark, timeout=20)

    def test_skip_action(self):
        self.advance_until_due()
        n = self.wait_reminder()
        self.notify.invoke(n, 'skip')
        self.wait_prop('SkippedToday', lambda v: v == 1, what='SkippedToday == 1')
        self.assertIn(self.prop('State'), ('working', 'idle'))
        self.assertEqual(self.prop('BreaksToday'), 0)
        self.wait_history(lambda r: r['kind'] == 'skipped', what='a "skipped" history record')

    @setup(config={'schedule': {'interval': '2s', 'snooze': '2s'}})
    def test_ignored_reminder_repeats_every_snooze(self):
        self.advance_until_due()
        self.wait_for(lambda: len(self.notify.reminders()) >= 1, 20, 'the first reminder')
        for k in (2, 3):
            due = len(self.signals.all('BreakDue'))
            self.advance(1)                             # of the 2 s snooze
            self.assertEqual(len(self.signals.all('BreakDue')), due,
                             'reminders repeat faster than the snooze')
            self.advance(1)
            self.wait_for(lambda: len(self.notify.reminders()) >= k, 20, f'reminder {k}')
        rs = self.notify.reminders()
        for b in rs[1:]:
            self.assertNotEqual(b.urgency, 2, f'critical long before interval + max-postpone: {b}')
            self.assert_reminder(b)
        self.assertEqual(self.prop('State'), 'due')
        self.assertEqual(self.prop('SkippedToday'), 0)

    @setup(config={'schedule': {'interval': '2s', 'max-postpone': '3s', 'snooze': '1s'}})
    def test_reminders_become_critical_after_max_postpone(self):
        first = self.wait_reminder()
        self.assertNotEqual(first.urgency, 2, f'the first reminder is already critical: {first}')
        critical = self.wait_for(lambda: [n for n in self.notify.reminders() if n.urgency == 2],
                                 40, 'a reminder with urgency 2 (critical)')[0]
        self.assertGreaterEqual(critical.time - self.daemon.started, 2 + 3 - EARLY,
                                'critical before interval + max-postpone')
        self.assertGreater(critical.index, first.index)
        self.assertEqual(self.prop('State'), 'due')

    @setup(mocks=('logind', 'mutter'), config={'schedule': {'interval': '2s', 'snooze': '2s'}})
    def test_no_notification_server(self):
        self.advance_until_due()
        self.wait_signal('BreakDue', timeout=20)
        self.assertEqual(self.prop('State'), 'due')
        mark = self.signals.mark()
        self.advance(2)
        self.wait_signal('BreakDue', since=mark)        # a repeat fails again
        self.assert_alive()
        self.assertEqual(self.prop('State'), 'due')
        self.start_mock('notifications')
        n = self.wait_reminder(timeout=20)
        self.assert_reminder(n)
        self.assertEqual(self.prop('State'), 'due')


if __name__ == '__main__':
    limbertest.main()
