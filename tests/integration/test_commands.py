#!/usr/bin/python3
'''One way in for every command (daemon/manager-command.c): a D-Bus method, a notification's
button (through the notification helper) and the tray menu's dbusmenu Event each give the same
command, and it has the same result and the same refusal whichever way it came.

limberd logs every command as "WAY: COMMAND" or "WAY: COMMAND refused (WHY)", WAY being
Bus, Notification or Tray, COMMAND the D-Bus method's name and WHY the scheduler's refusal: the tests compare those lines,
the state and the history. A refusal through a notification happens when the user chooses an
action just as limberd withdrew it; a scripted helper (helpers/scripted-notify-helper.py) makes
that moment on purpose. The tray menu offers exactly what the scheduler accepts
(tray-status.c), so a click on an item that does not apply is ignored before it is a command.
'''

import os
import sys

import dbus

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from limbertest import HERE, setup, usec  # noqa: E402
from test_tray import (LOG_5M, PAUSE_HOUR, RESUME, SKIP, SNOOZE, START_BREAK,  # noqa: E402
                       TrayTestCase)

NOT_POSSIBLE = 'io.github.limber.Limber1.Error.NotPossible'
HELPER = os.path.join(HERE, 'helpers', 'scripted-notify-helper.py')
WAY_NAMES = {'bus': 'Bus', 'notification': 'Notification', 'tray': 'Tray'}
# The notification buttons' keys and the tray menu's items, per command.
ACTION_KEYS = {'StartBreak': 'start', 'Snooze': 'snooze', 'Skip': 'skip', 'FinishBreak': 'done'}
TRAY_ITEMS = {'StartBreak': START_BREAK, 'Snooze': SNOOZE, 'Skip': SKIP, 'Pause': PAUSE_HOUR,
              'Resume': RESUME, 'LogBreak': LOG_5M}
# The bus's arguments for what the tray's item means.
BUS_ARGS = {'Snooze': ('t', dbus.UInt64(0)), 'Pause': ('t', dbus.UInt64(usec(3600))),
            'LogBreak': ('ts', dbus.UInt64(usec(300)), '')}


class CommandTestCase(TrayTestCase):
    def log_lines(self, prefix):
        return [line.split('] ', 1)[-1] for line in self.daemon.output().splitlines()
                if prefix in line]

    def wait_logged(self, text):
        return self.wait_for(lambda: any(line.endswith(text) for line in self.log_lines(text)),
                             what=f'"{text}" in the log')

    def give(self, way, command, notification=None):
        '''Gives command the way named; waits until limberd logged it as done.'''
        if way == 'bus':
            self.call(command, *BUS_ARGS.get(command, ('',)))
        elif way == 'notification':
            self.notify.invoke(notification, ACTION_KEYS[command], close=False)
        else:
            self.click(TRAY_ITEMS[command])
        self.wait_logged(f'{WAY_NAMES[way]}: {command}')

    def kinds(self):
        return [r['kind'] for r in self.history()]


class TestSameResult(CommandTestCase):
    @setup(config={'schedule': {'interval': '2s', 'snooze': '1s', 'break-duration': '1min'}})
    def test_break_commands_each_way(self):
        '''Snooze, Skip, StartBreak (and FinishBreak where offered) by bus, notification, tray.'''
        self.wait_registered(self.start_watcher())
        for way in ('bus', 'notification', 'tray'):
            with self.subTest(way=way):
                count = len(self.notify.notifications())
                before = self.kinds()
                self.advance_until_due()
                reminder = self.wait_reminder(after=count)
                self.give(way, 'Snooze', reminder)
                self.wait_state('snoozed')
                self.assertEqual(self.kinds(), before + ['snoozed'])

                count = len(self.notify.notifications())
                self.advance_until_due()
                reminder = self.wait_reminder(after=count)
                self.give(way, 'Skip', reminder)
                self.wait_state('working')
                self.assertEqual(self.kinds(), before + ['snoozed', 'skipped'])

                count = len(self.notify.notifications())
                self.advance_until_due()
                reminder = self.wait_reminder(after=count)
                mark = self.signals.mark()
                self.give(way, 'StartBreak', reminder)
                self.wait_signal('BreakStarted', since=mark)
                self.assertEqual(self.prop('State'), 'on-break')

                if way == 'tray':
                    # The tray ends a break with Skip ("Skip the rest of this break").
                    self.give(way, 'Skip')
                    self.wait_signal('BreakFinished', lambda a: a[0] == 'skipped', since=mark)
                    continue
                step = self.wait_notification(lambda n: 'done' in n.actions, after=count,
                                              what='a step of the break')
                self.give(way, 'FinishBreak', step)
                self.wait_signal('BreakFinished', lambda a: a[0] == 'taken', since=mark)
                self.assertEqual(self.kinds(), before + ['snoozed', 'skipped', 'taken'])

    @setup(config={'schedule': {'interval': '1h'}})
    def test_pause_resume_log_each_way(self):
        '''LogBreak of 5 min by the tray is recorded, and the same by the bus then refused
        (breaks do not overlap); Pause for an hour and Resume by bus and by tray alike.'''
        self.wait_registered(self.start_watcher())
        self.give('tray', 'LogBreak')
        record = self.wait_history(lambda r: r['kind'] == 'logged' and r['duration'] == usec(300))
        with self.assertRaises(dbus.exceptions.DBusException) as c:
            self.give('bus', 'LogBreak')
        self.assertIn('breaks do not overlap', c.exception.get_dbus_message())
        results = {}
        for way in ('bus', 'tray'):
            self.give(way, 'Pause')
            self.wait_state('paused')
            results[way] = round((self.prop('PausedUntilUsec') - record['time']) / usec(60))
            self.give(way, 'Resume')
            self.wait_state('working')
        self.assertEqual(results['bus'], results['tray'])
        self.assertEqual(self.kinds(), ['logged'])


class TestSameRefusal(CommandTestCase):
    @setup(config={'schedule': {'interval': '2s', 'break-duration': '1min'}}, daemon=False)
    def test_refusal_bus_and_notification(self):
        '''A command that no longer applies is refused with the same SchedulerRefusal by the bus
        (NotPossible) and by a notification's action, and changes nothing either way.'''
        helper_dir = os.path.join(self.sandbox.root, 'helper')
        os.makedirs(helper_dir)
        self.sandbox.env['LIMBER_NOTIFY_HELPER'] = HELPER
        self.sandbox.env['LIMBER_SCRIPTED_HELPER_DIR'] = helper_dir
        self.start_daemon()

        # Skip with no break due.
        self.wait_state('working')
        name, _ = self.dbus_error('Skip')
        self.assertEqual(name, NOT_POSSIBLE)
        self.wait_logged('Bus: Skip refused (no break is due)')
        self.assertEqual(self.kinds(), [])
        # The reminder is shown; the user chooses Skip just as the bus's Skip withdrew it.
        self.advance_until_due()
        with open(os.path.join(helper_dir, 'action-before'), 'w') as f:
            f.write('skip close')
        self.call('Skip')
        self.wait_logged('Bus: Skip')
        self.wait_logged('Notification: Skip refused (no break is due)')
        self.assertEqual(self.kinds(), ['skipped'])

        # StartBreak during a guided break.
        self.advance_until_due()
        with open(os.path.join(helper_dir, 'action-before'), 'w') as f:
            f.write('start show')
        self.call('StartBreak')
        self.wait_logged('Notification: StartBreak refused (a guided break is already running)')
        name, _ = self.dbus_error('StartBreak')
        self.assertEqual(name, NOT_POSSIBLE)
        self.wait_logged('Bus: StartBreak refused (a guided break is already running)')
        self.assertEqual(self.prop('State'), 'on-break')
        self.assertEqual(len(self.signals.all('BreakStarted')), 1)
        self.assert_alive()

    @setup(config={'schedule': {'interval': '1h', 'break-duration': '1min'}})
    def test_tray_offers_only_what_applies(self):
        '''On a break the tray greys out Start a break: a click there is no command at all,
        where the bus's StartBreak is refused.'''
        self.wait_registered(self.start_watcher())
        self.give('tray', 'StartBreak')
        self.wait_state('on-break')
        self.wait_for(lambda: not self.enabled()[START_BREAK], what='Start a break greyed out')
        self.click(START_BREAK)
        name, _ = self.dbus_error('StartBreak')
        self.assertEqual(name, NOT_POSSIBLE)
        self.wait_logged('Bus: StartBreak refused (a guided break is already running)')
        self.assertEqual(len(self.log_lines('Tray: StartBreak')), 1, self.log_lines('Tray: '))
        self.assertEqual(self.prop('State'), 'on-break')


if __name__ == '__main__':
    import unittest
    unittest.main(verbosity=2)
