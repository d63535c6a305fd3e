#!/usr/bin/python3
'''The break window, limber-break, on a real X server (Xvfb) against limberd: a guided break
opens it (found by its WM_CLASS, the app id io.github.limber.Limber, and its title naming the
exercise), its steps are not also sent as notifications, Enter ends each exercise (NextStep),
the last Done records "taken" with the time the break really lasted, the end summary shows
and the window goes by itself. A click on the reminder (its "default" action, invoked through
the notification server) opens it on the due break and Enter (Start break) starts it; closing
it (Esc) leaves the break running, in notifications. With [break] window = false, or a helper
that cannot run, the steps come as notifications. Screenshots of each state, light and dark,
are kept in the artifacts folder.'''

import os
import subprocess
import sys

import json

import desktoptest
from desktoptest import Helper, HelperProcess, Xvfb

desktoptest.require('Xvfb', 'xdotool', 'import')

import limbertest  # noqa: E402
from limbertest import LimberTestCase, setup, usec  # noqa: E402

APP_ID = 'io.github.limber.Limber'
HELPER = os.path.join(os.path.dirname(os.environ.get('LIMBERD', '')), 'limber-break')
if not os.access(HELPER, os.X_OK):
    sys.stderr.write(f'skipped: the break window was not built ({HELPER})\n')
    sys.exit(desktoptest.SKIP)

AT_SPI_LAUNCHER = '/usr/libexec/at-spi-bus-launcher'
ATSPI_DUMP = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'atspi_dump.py')

GUIDED = {'schedule': {'interval': '1h', 'break-duration': '1h'}, 'exercises': {'per-break': '2'}}
DUE = {'schedule': {'interval': '3s', 'break-duration': '1h', 'snooze': '10m'},
       'exercises': {'per-break': '2'}}


class BreakWindowTest(LimberTestCase):

    def start_x(self, dark=False, atspi=False):
        '''Xvfb, then (atspi) the accessibility bus, then limberd. Returns whether the
        accessibility bus runs.'''
        self.x = Xvfb(self.sandbox, '1280x800x24')
        self.sandbox.env['DISPLAY'] = self.x.display
        # GTK's schemas and the icon theme, as on a desktop.
        self.sandbox.env['XDG_DATA_DIRS'] += ':/usr/share'
        # The exercise's figure moves; for screenshots that settle (two grabs alike), GTK's
        # animations are off, so it stands still on its first keyframe. Its motion is tested
        # by the "figure" test (tests/check-figure.sh).
        settings = os.path.join(self.sandbox.env['XDG_CONFIG_HOME'], 'gtk-4.0')
        os.makedirs(settings, exist_ok=True)
        with open(os.path.join(settings, 'settings.ini'), 'w') as f:
            f.write('[Settings]\ngtk-enable-animations=false\n')
        if dark:
            # libadwaita's own switch for the desktop's colour scheme, where no portal says it.
            self.sandbox.env['ADW_DEBUG_COLOR_SCHEME'] = 'prefer-dark'
        atspi = atspi and self.start_atspi()
        self.start_daemon()
        return atspi

    def start_atspi(self):
        '''The accessibility bus, as a desktop session has it; False where it is not installed.'''
        if not os.access(AT_SPI_LAUNCHER, os.X_OK):
            return False
        process = HelperProcess('at-spi', [AT_SPI_LAUNCHER, '--launch-immediately'], self.sandbox.env,
                                self.sandbox.logdir)
        Helper(self.sandbox, process)
        limbertest.wait_name(self.conn, 'org.a11y.Bus', 20, process)
        return True

    def accessible(self):
        '''What a screen reader is given of the window: [depth, role, name] rows.'''
        r = subprocess.run([sys.executable, ATSPI_DUMP, APP_ID], env=self.sandbox.env, capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def windows(self):
        r = self.x.run('xdotool', 'search', '--onlyvisible', '--classname', APP_ID, check=False)
        return r.stdout.split()

    def title(self):
        w = self.windows()
        return self.x.run('xdotool', 'getwindowname', w[0]).stdout.strip() if w else None

    def wait_title(self, pred, what, timeout=20):
        return self.wait_for(lambda: (t := self.title()) is not None and pred(t) and t, timeout, what)

    def screenshot(self, name):
        '''The screen once the window has drawn what its title says: two grabs alike in a row,
        not all black (the title changes a frame before the contents).'''
        def grab():
            return subprocess.run(['import', '-window', 'root', 'rgb:-'], env=self.x.env,
                                  capture_output=True, timeout=30).stdout
        last = [None]

        def settled():
            now = grab()
            same = now == last[0] and now.strip(b'\0')
            last[0] = now
            return same
        self.wait_for(settled, 20, f'the window to be drawn for {name}')
        return self.x.screenshot(name)

    def children(self):
        '''limberd's child processes (the break window's, once limber-notify ended).'''
        pid, kids = self.daemon.proc.pid, []
        for task in os.listdir(f'/proc/{pid}/task'):
            with open(f'/proc/{pid}/task/{task}/children') as f:
                kids += f.read().split()
        return [k for k in kids if 'limber-break' in open(f'/proc/{k}/cmdline').read()]

    def key(self, name):
        w = self.windows()
        self.assertTrue(w, 'no break window to type in')
        self.x.run('xdotool', 'windowfocus', '--sync', w[0])
        self.x.run('xdotool', 'key', '--clearmodifiers', name)

    def name_of(self, exercise_id):
        return self.call('GetExercise', 's', exercise_id)['name']

    def window_on_bus(self):
        return bool(self.conn.call_blocking('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus',
                                            'NameHasOwner', 's', (APP_ID,)))

    def step_notifications(self, after):
        return [n for n in self.notify.notifications() if n.index >= after and 'done' in n.actions]

    def guided_break(self, dark=False, lang=None, over='Break over'):
        if lang:
            self.sandbox.env.update(LANG=lang, LANGUAGE='')
        atspi = self.start_x(dark, atspi=not lang)
        suffix = ('-dark' if dark else '') + ('-' + lang.split('_')[0] if lang else '')
        mark = self.signals.mark()
        count = len(self.notify.notifications())
        self.call('StartBreak')
        plan = [i for i, _ in self.prop('BreakPlan')]
        self.assertEqual(len(plan), 2, plan)
        first = self.name_of(plan[0])
        self.wait_title(lambda t: t == first, f'the window titled "{first}"')
        self.assertTrue(self.window_on_bus())
        if atspi:
            # Its text names the exercise, the stop line is there, and every control has a name.
            rows = self.wait_for(lambda: (rows := self.accessible()) and any(n == first for _, _, n in rows)
                                 and rows, 20, 'the accessibility tree to name the exercise')
            names = [n for _, _, n in rows]
            self.assertIn('Stop if you feel pain or discomfort.', names)
            controls = [(r, n) for _, r, n in rows if r in ('push button', 'toggle button', 'progress bar')]
            self.assertGreaterEqual(len(controls), 4, rows)
            for role, name in controls:
                self.assertTrue(name and '_' not in name and not name.startswith('Gtk'),
                                f'{role} without a proper accessible name: {name!r}')
            self.assertIn('Done', [n for r, n in controls])
            self.assertIn('Skip break', [n for r, n in controls])
        self.screenshot(f'break-window-step{suffix}.png')

        self.key('Return')
        second = self.name_of(plan[1])
        self.wait_title(lambda t: t == second, f'Enter to move on to "{second}"')
        self.assertEqual(self.prop('BreakStep'), 2)
        self.assertEqual(self.prop('State'), 'on-break')
        self.assertEqual(self.step_notifications(count), [], 'steps were notified while the window showed them')

        self.key('Return')
        kind, duration = self.wait_signal('BreakFinished', since=mark)
        self.assertEqual(kind, 'taken')
        self.assertLess(duration, usec(120), 'Done on the last exercise did not end the 1 h break')
        rec = self.wait_history(lambda r: r['kind'] == 'taken', what='a "taken" history record')
        self.assertEqual(rec['duration'], duration)
        self.assertEqual(rec['exercises'].split(','), plan)
        self.wait_title(lambda t: t == over, 'the end summary')
        self.screenshot(f'break-window-over{suffix}.png')
        # It closes by itself, and limberd notices: no "break over" notification either.
        self.wait_for(lambda: not self.windows() and not self.window_on_bus(), 30, 'the window to go')
        self.assertEqual([n for n in self.notify.notifications()
                          if n.index >= count and (n.summary or '').startswith('Break over')], [])

    @setup(config=GUIDED, daemon=False)
    def test_guided_break_in_the_window(self):
        self.guided_break()

    @setup(config=GUIDED, daemon=False)
    def test_guided_break_in_the_window_dark(self):
        self.guided_break(dark=True)

    @setup(config=GUIDED, daemon=False)
    def test_guided_break_in_the_window_german(self):
        if 'de_DE.utf8' not in subprocess.run(['locale', '-a'], capture_output=True, text=True).stdout:
            self.skipTest('no de_DE.UTF-8 locale')
        self.guided_break(lang='de_DE.UTF-8', over='Pause vorbei')

    @setup(config=DUE, daemon=False)
    def test_reminder_click_opens_the_due_break(self):
        self.start_x()
        self.advance_until_due()
        reminder = self.wait_reminder(timeout=30)
        self.assertIn('default', reminder.actions)
        exercise = self.prop('CurrentExercise')
        name = self.name_of(exercise)
        self.assertEqual(self.windows(), [], 'the window opened by itself')
        self.notify.invoke(reminder, 'default')
        self.wait_title(lambda t: name in t and t != name, 'the window on the due break')
        self.assertEqual(self.prop('State'), 'due')
        self.screenshot('break-window-due.png')
        # Asked again (the tray's Show break): the same window comes to the front.
        self.call('ShowBreak')
        self.wait_for(lambda: len(self.children()) == 1, 10, 'one break window process')
        self.assertEqual(len(self.windows()), 1)

        mark = self.signals.mark()
        count = len(self.notify.notifications())
        self.key('Return')                              # Start break
        self.wait_signal('BreakStarted', since=mark)
        self.wait_title(lambda t: t == name, 'the window on the first exercise')
        self.assertEqual(self.step_notifications(count), [])

        # Closing it is not a decision about the break: it goes on in notifications.
        self.key('Escape')
        self.wait_for(lambda: not self.windows(), 20, 'Esc to close the window')
        self.wait_for(lambda: self.step_notifications(count), 20, 'the step as a notification')
        self.assertEqual(self.prop('State'), 'on-break')

    @setup(config=dict(GUIDED, **{'break': {'window': 'false'}}), daemon=False)
    def test_window_off_steps_are_notified(self):
        self.start_x()
        count = len(self.notify.notifications())
        self.call('StartBreak')
        self.wait_for(lambda: self.step_notifications(count), 20, 'the step as a notification')
        self.assertEqual(self.windows(), [])
        self.assertFalse(self.window_on_bus())

    @setup(config=GUIDED, daemon=False)
    def test_helper_that_fails_falls_back_to_notifications(self):
        self.sandbox.env['LIMBER_BREAK_HELPER'] = '/bin/false'
        self.start_x()
        count = len(self.notify.notifications())
        self.call('StartBreak')
        self.wait_for(lambda: self.step_notifications(count), 20, 'the step as a notification')
        self.assertEqual(self.windows(), [])

    @setup(config=DUE, daemon=False)
    def test_break_started_in_the_window_closes_the_reminder(self):
        '''The window opened on the due break (the tray's Show break) while the reminder is on
        screen, and the break started there: the window takes the break, and the reminder goes
        (no step notification replaces it any more).'''
        self.start_x()
        self.advance_until_due()
        reminder = self.wait_reminder(timeout=30)
        name = self.name_of(self.prop('CurrentExercise'))
        self.call('ShowBreak')
        self.wait_title(lambda t: name in t and t != name, 'the window on the due break')
        self.assertNotIn(reminder.id, self.notify.closed())
        self.key('Return')
        self.wait_title(lambda t: t == name, 'the window on the first exercise')
        self.wait_for(lambda: reminder.id in self.notify.closed(), 20, 'the reminder to be closed')

    @setup(config=DUE, daemon=False)
    def test_reminder_click_with_a_failing_helper_starts_the_break(self):
        '''The window cannot come up: the click starts the guided break in notifications, and
        the failed helper is not tried again for it.'''
        self.sandbox.env['LIMBER_BREAK_HELPER'] = '/bin/false'
        self.start_x()
        self.advance_until_due()
        reminder = self.wait_reminder(timeout=30)
        mark = self.signals.mark()
        count = len(self.notify.notifications())
        self.notify.invoke(reminder, 'default')
        self.wait_signal('BreakStarted', since=mark)
        self.wait_for(lambda: self.step_notifications(count), 20, 'the step as a notification')
        self.assertEqual(self.daemon.tail(200).count('The break window (pid'), 1, self.daemon.tail(200))
        # The break started through the one command path, as the reminder's StartBreak.
        self.wait_for(lambda: any(line.endswith('Notification: StartBreak')
                                  for line in self.daemon.output().splitlines()),
                      10, 'the StartBreak in the log')


if __name__ == '__main__':
    limbertest.main()
