#!/usr/bin/python3
'''The life of a notification, as a server such as dunst or mako (which never close a
notification whose action was chosen) sees it: limberd closes each one it handled, reminders
and steps never expire by themselves, the end of a break is a short expiring notice, step 1
shows its exercise, every notification names limber's .desktop file and icon, the reminder and
each step carry their exercise's still figure (image-path), and on GNOME Shell each
step is a fresh notification so it keeps its button.'''

import os
import urllib.parse

import limbertest
from limbertest import LimberTestCase, setup, usec

DESKTOP_ENTRY = 'io.github.limber.Limber'
SAFETY_LINE = 'Stop if you feel pain or discomfort.'


class ButtonlessServer(limbertest.NotificationServer):
    '''A server without the "actions" capability: it draws no buttons.'''
    CAPABILITIES = 'body icon-static persistence'


class LifecycleTest(LimberTestCase):

    def steps(self, after):
        return [n for n in self.notify.notifications() if n.index >= after and 'done' in n.actions]

    def wait_closed(self, nid, what):
        return self.wait_for(lambda: nid in self.notify.closed(), 15, what)

    def test_each_action_closes_its_notification(self):
        # dunst and mako: the action is chosen, the notification stays open on the server.
        self.advance_until_due()
        r = self.wait_reminder()
        self.notify.invoke(r, 'snooze', close=False)
        self.wait_state('snoozed')
        self.wait_closed(r.id, 'CloseNotification of the snoozed reminder')

        count = len(self.notify.notifications())
        self.advance_until_due()
        r = self.wait_reminder(after=count)
        self.notify.invoke(r, 'skip', close=False)
        self.wait_signal('BreakFinished', lambda a: a[0] == 'skipped')
        self.wait_closed(r.id, 'CloseNotification of the skipped reminder')

        count = len(self.notify.notifications())
        self.advance_until_due()
        r = self.wait_reminder(after=count)
        self.notify.invoke(r, 'start', close=False)
        self.wait_state('on-break')
        self.wait_closed(r.id, 'CloseNotification of the reminder whose break started')
        step = self.wait_for(lambda: self.steps(count), 20, 'a step of the break')[-1]
        self.assertNotEqual(step.id, r.id, 'the break reused the reminder it was started from')
        mark = self.signals.mark()
        self.notify.invoke(step, 'done', close=False)
        self.wait_signal('BreakFinished', lambda a: a[0] == 'taken', since=mark)
        self.wait_closed(step.id, 'CloseNotification of the step whose Done was chosen')
        self.assert_alive()

    @setup(config={'schedule': {'interval': '1h', 'break-duration': '4s'}})
    def test_break_end_closes_the_last_step_and_says_what_was_recorded(self):
        count = len(self.notify.notifications())
        mark = self.signals.mark()
        self.call('StartBreak')
        for k in range(2):                              # two exercises of 2 s
            self.wait_for(lambda: len(self.steps(count)) > k, 20, f'step {k + 1}')
            self.advance(2)
        kind, duration = self.wait_signal('BreakFinished', since=mark, timeout=30)
        self.assertEqual(kind, 'taken')
        last = self.steps(count)[-1]
        self.wait_closed(last.id, 'CloseNotification of the last step')
        notice = self.wait_notification(lambda n: n.summary.startswith('Break over'), after=count,
                                        what='the "break over" notice')
        # Normal (GNOME files a low one silently), transient and short (no trace elsewhere).
        self.assertEqual(notice.urgency, 1, notice)
        self.assertIs(notice.hints.get('transient'), True, notice)
        self.assertGreater(notice.expire_timeout, 0, 'the notice does not expire by itself')
        self.assertLessEqual(notice.expire_timeout, 15000)
        self.assertFalse(notice.actions, notice)
        self.assertIn('Recorded a break of', notice.body)

    def test_withdrawn_reminder_is_closed(self):
        self.advance_until_due()
        r = self.wait_reminder()
        self.call('LogBreak', 'ts', usec(600), 'walked')
        self.wait_closed(r.id, 'CloseNotification of the withdrawn reminder')

    @setup(config={'schedule': {'interval': '2s', 'break-duration': '8s', 'max-postpone': '1h'},
                   'exercises': {'per-break': '2'}})
    def test_expire_timeouts_texts_and_desktop_entry(self):
        self.advance_until_due()
        r = self.wait_reminder()
        self.assertEqual(r.expire_timeout, 0, 'a reminder must stay until acted on')
        self.assertEqual(r.actions['snooze'], 'Snooze 2s')
        self.assertEqual(r.actions['start'], 'Start break')
        self.assertLessEqual(len('Time for a break'), 40)
        self.assertTrue(r.summary.startswith('Time for a break'), r)
        # Short: the dose, how to begin, the safety line; the steps and the day's rules
        # come with the guided break.
        name = r.summary.split(': ', 1)[1]
        exercise = next(v for v in self.exercises().values() if v[0] == name)
        lines = exercise[2].split('\n')
        self.assertEqual(r.body.split('\n'), [lines[0], SAFETY_LINE, lines[1][len('1. '):]])

        count = len(self.notify.notifications())
        self.notify.invoke(r, 'start')
        step = self.wait_for(lambda: self.steps(count), 20, 'step 1')[0]
        self.assertEqual(step.expire_timeout, 0)
        self.assertTrue(step.summary.startswith('Break 1/2: '), step)
        lines = step.body.split('\n')
        name = step.summary.split(': ', 1)[1]
        exercise = next(v for v in self.exercises().values() if v[0] == name)
        dose = exercise[2].split('\n')[0]
        self.assertEqual(lines[0], dose, 'step 1 does not open with the exercise')
        self.assertEqual(lines[1], SAFETY_LINE)
        self.assertTrue(lines[2].startswith('1. '), lines)
        self.assertRegex(step.body, r'About \d+s for this one\.')
        # The day's first step carries the full rules, after the exercise.
        self.assertIn('Stop at once if you feel pain or discomfort, and rest.', step.body)
        self.assertLess(step.body.index('1. '), step.body.index('Before you start'))

        for n in self.notify.notifications():
            self.assertEqual(n.hints.get('desktop-entry'), DESKTOP_ENTRY, n)
            self.assertEqual(n.icon, 'io.github.limber.Limber', n)

        # The reminder and the step show their exercise's still figure: its first keyframe.
        for n in (r, step):
            image = n.hints.get('image-path', '')
            self.assertTrue(image.startswith('file:///') and image.endswith('.svg'), n)
            path = urllib.parse.unquote(image[len('file://'):])
            self.assertTrue(os.path.exists(path), path)
        ident = next(k for k, v in self.exercises().items() if v[0] == name)
        first_frame = self.call('GetExercise', 's', ident)['frames'][0][1]
        self.assertEqual(step.hints['image-path'], 'file://' + first_frame)

        # The day's second reminder has the short line only.
        self.call('FinishBreak')
        count = len(self.notify.notifications())
        again = self.wait_reminder(after=count)
        self.assertIn(SAFETY_LINE, again.body)
        self.assertNotIn('Before you start', again.body)

    @setup(config={'schedule': {'interval': '2s', 'break-duration': '1h', 'max-postpone': '1h'}},
           daemon=False)
    def test_how_to_act_without_buttons(self):
        '''A server that draws no buttons: the reminder and the step open with the limberctl
        commands that do what the buttons would; with buttons, they do not.'''
        self.notify.stop()
        self.sandbox.mocks.remove(self.notify)
        self.notify = ButtonlessServer(self.sandbox, 'buttonless')
        self.sandbox.mocks.append(self.notify)
        self.start_daemon()
        self.advance_until_due()
        r = self.wait_reminder()
        lines = r.body.split('\n')
        self.assertEqual(lines[0], 'limberctl break · snooze · skip')
        self.assertEqual(lines[2], SAFETY_LINE)
        count = len(self.notify.notifications())
        self.call('StartBreak')
        step = self.wait_for(lambda: self.steps(count), 20, 'step 1')[0]
        self.assertEqual(step.body.split('\n')[0], 'limberctl done')

    def test_no_commands_with_buttons(self):
        self.advance_until_due()
        r = self.wait_reminder()
        self.assertEqual(r.body.split('\n')[1], SAFETY_LINE)
        self.assertNotIn('limberctl', r.body)

    @setup(config={'schedule': {'interval': '1h', 'break-duration': '1h'}})
    def test_done_method(self):
        name, msg = self.dbus_error('FinishBreak')
        self.assertEqual(name, 'io.github.limber.Limber1.Error.NotPossible', msg)
        self.assertIn('No guided break is running', msg)
        self.call('StartBreak')
        self.wait_state('on-break')
        p = self.props()
        self.assertEqual((p['BreakStep'], p['BreakSteps']), (1, 2))
        self.assertGreater(p['BreakEndsUsec'], limbertest.realtime_usec() + usec(3000))
        r = self.assert_ctl('status')
        self.assertRegex(r.stdout, r'On a break — step 1/2, (59m|1h) .*left')
        r = self.assert_ctl('done')
        self.assertIn('Working', r.stdout)
        rec = self.wait_history(lambda r: r['kind'] == 'taken')
        self.assertLess(rec['duration'], usec(60))
        r = self.ctl('done')
        self.assertEqual(r.returncode, 1, r)
        self.assertIn('No guided break is running', r.stderr)


class GnomeShellTest(LimberTestCase):
    '''GNOME Shell 43 drops the buttons of a banner that is updated while on screen.'''

    @setup(config={'schedule': {'interval': '1h', 'break-duration': '6s'},
                   'exercises': {'per-break': '3'}}, daemon=False)
    def test_each_step_is_a_new_notification(self):
        self.notify.mock.AddMethod('org.freedesktop.Notifications', 'GetServerInformation', '',
                                   'ssss', 'ret = ("gnome-shell", "GNOME", "43.9", "1.2")')
        self.start_daemon()
        count = len(self.notify.notifications())
        mark = self.signals.mark()
        self.call('StartBreak')

        def shown():
            return [n for n in self.notify.notifications() if n.index >= count and 'done' in n.actions]
        for k in range(3):                              # three exercises of 2 s
            self.wait_for(lambda: len(shown()) > k, 20, f'step {k + 1}')
            self.advance(2)
        self.wait_signal('BreakFinished', since=mark, timeout=30)
        steps = shown()
        self.assertGreaterEqual(len(steps), 2, steps)
        self.assertEqual(len({n.id for n in steps}), len(steps), f'a step was updated in place: {steps}')
        for n in steps:
            self.assertEqual(n.replaces_id, 0, n)
        closed = self.notify.closed()
        for n in steps[:-1]:
            self.assertIn(n.id, closed, f'step {n} was not closed before the next one')


class NoServerTest(LimberTestCase):

    @setup(mocks=('logind', 'mutter'), config={'schedule': {'interval': '2s'}})
    def test_no_notification_server_is_a_problem(self):
        self.advance_until_due()
        problems = self.wait_prop('Problems', lambda v: v, 20, 'a problem')
        self.assertIn('no notification server: reminders cannot be shown', problems)
        r = self.assert_ctl('status')
        self.assertIn('no notification server', r.stdout)
        # A server appears: the next reminder reaches it, and the problem is gone.
        self.start_mock('notifications')
        self.wait_reminder(timeout=30)
        self.wait_prop('Problems', lambda v: v == [], 20, 'no problems')


if __name__ == '__main__':
    limbertest.main()
