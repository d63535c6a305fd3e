#!/usr/bin/python3
'''What a person sees on a real notification server with its default settings: dunst 1.9
with Debian's /etc/xdg/dunst/dunstrc (300x300 box, Monospace 8) on Xvfb. A reminder comes and
stays, its Start button chosen through dunst's own context menu (dunstctl context, which does
not close the notification) closes it and shows step 1, Done on step 1 closes the step and
shows the short "break over" notice, which expires by itself. Screenshots of the reminder,
step 1 and the end of the break are kept in the artifacts folder.'''

import os
import sys
import time

import desktoptest
from desktoptest import Dunst, Xvfb

desktoptest.require('Xvfb', 'dunst', 'dunstctl', 'import')

import limbertest  # noqa: E402
from limbertest import LimberTestCase, setup  # noqa: E402

CONFIG = '''[schedule]
interval = 3s
break-duration = 1h
snooze = 10m
[exercises]
per-break = 2
[idle]
source = none
[break]
window = false
'''

# dunst's context menu runs dmenu: this one picks the line naming the wanted action.
PICKER = '''#!/bin/sh
grep -m1 -- "$(cat "$(dirname "$0")/wanted")"
'''


class DefaultDunst(Dunst):
    '''dunst with Debian's default dunstrc, but a dmenu that picks what the test wants.'''

    def __init__(self, sandbox, xvfb, mouse_left_click=None, clocked=False):
        picker = sandbox.write(os.path.join(sandbox.root, 'picker'), PICKER)
        os.chmod(picker, 0o755)
        with open('/etc/xdg/dunst/dunstrc') as f:
            text = f.read()
        text = text.replace('dmenu = /usr/bin/dmenu -p dunst:', f'dmenu = {picker}')
        if mouse_left_click:
            text = text.replace('mouse_left_click = close_current', f'mouse_left_click = {mouse_left_click}')
        super().__init__(sandbox, xvfb, text, clocked)

    def choose(self, sandbox, label):
        sandbox.write(os.path.join(sandbox.root, 'wanted'), label)
        self.ctl('context')


class DunstDefaultsTest(LimberTestCase):

    MOCKS = ('logind',)

    def limber_history(self, dunst):
        return [n for n in dunst.history() if n.get('appname') == 'limber']

    @setup(config=CONFIG, daemon=False)
    def test_reminder_step_and_end_on_default_dunst(self):
        x = Xvfb(self.sandbox, '1280x800x24')
        dunst = DefaultDunst(self.sandbox, x, clocked=True)
        self.sandbox.env['DISPLAY'] = x.display
        self.start_daemon()

        self.advance_until_due()
        self.wait_for(lambda: dunst.displayed() >= 1, 20, 'dunst to display the reminder')
        self.advance(12)                # past dunst's default 10 s timeout: still there
        dunst.displayed()               # a round trip: dunst looked at its timeouts
        self.assertEqual(dunst.displayed(), 1, 'the reminder left the screen by itself')
        x.screenshot('dunst-default-reminder.png')

        dunst.choose(self.sandbox, 'Start break')
        self.wait_state('on-break')
        self.wait_for(lambda: dunst.displayed() == 1 and self.prop('BreakStep') == 1, 20,
                      'only step 1 on screen (the reminder closed)')
        x.screenshot_drawn('dunst-default-step1.png')

        dunst.choose(self.sandbox, 'Done')
        self.wait_state('working', 'idle', 'due')
        # The step closed (into the history, after the reminder) and the notice shown.
        self.wait_for(lambda: dunst.displayed() == 1 and len(self.limber_history(dunst)) >= 2, 20,
                      'the step closed and the notice shown')
        x.screenshot_drawn('dunst-default-break-over.png')
        # The notice expires by itself (8 s) into dunst's history.
        self.wait_for(lambda: any((n.get('summary') or '').startswith('Break over') for n in dunst.history()),
                      25, 'the notice to expire into the history')


    @setup(config=CONFIG.replace('snooze = 10m', 'snooze = 1h'), daemon=False)
    def test_readme_binding_left_click_menu(self):
        '''The README's dunst binding, "mouse_left_click = context": a left click on the
        reminder opens dunst's menu of its actions (dmenu), and the one chosen reaches limberd.
        dunst draws no buttons, so the reminder says how to act with limberctl.'''
        x = Xvfb(self.sandbox, '1280x800x24')
        dunst = DefaultDunst(self.sandbox, x, mouse_left_click='context')
        self.sandbox.env['DISPLAY'] = x.display
        self.sandbox.write(os.path.join(self.sandbox.root, 'wanted'), 'Snooze')
        self.start_daemon()
        self.wait_state('due', timeout=30)
        self.wait_for(lambda: dunst.displayed() >= 1, 20, 'dunst to display the reminder')
        x.screenshot_drawn('dunst-reminder-buttonless.png')
        # The box: top right, 10 px from the edge and 50 px from the top (Debian's dunstrc).
        x.run('xdotool', 'mousemove', str(1280 - 10 - 150), '60', 'click', '1')
        self.wait_state('snoozed')
        self.assertEqual(self.history()[-1]['kind'], 'snoozed')


if __name__ == '__main__':
    limbertest.main()
