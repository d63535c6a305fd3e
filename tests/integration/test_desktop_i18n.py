#!/usr/bin/python3
'''A German and a Russian reminder on a real notification server (dunst on Xvfb), with the
build's translations: what dunst received is in the user's language and the screenshots
(tests-artifacts/dunst-reminder-de.png, -ru.png) show it; look at them for cut text and
mojibake. Skipped when Xvfb, dunst, ImageMagick or the locale is missing.'''

import os
import sys

import desktoptest
from desktoptest import Dunst, Xvfb

desktoptest.require('Xvfb', 'dunst', 'dunstctl', 'import', 'convert')

import limbertest  # noqa: E402
from limbertest import LimberTestCase, setup  # noqa: E402
from test_i18n import LOCALES, WORDS, catalog, locale_installed  # noqa: E402

# Room for the whole reminder: the exercise's dose, steps and caution.
desktoptest.DUNSTRC = desktoptest.DUNSTRC.replace('height = 400', 'height = 900')
# Active from the start (a fresh source starts active) and never idle during the test.
CONFIG = {'schedule': {'interval': '3s', 'idle-after': '1h', 'natural-break': '2h',
                       'snooze': '1h'}}


class DunstLanguageTest(LimberTestCase):

    def reminder_on_dunst(self, lang):
        if not locale_installed(LOCALES[lang]):
            self.skipTest(f'locale {LOCALES[lang]} is not installed')
        w = WORDS[lang]
        names, _ = catalog(lang)
        self.sandbox.env['LANG'] = LOCALES[lang]
        self.sandbox.env.pop('LANGUAGE', None)
        x = Xvfb(self.sandbox, size='1280x1024x24')
        self.sandbox.env['DISPLAY'] = x.display
        dunst = Dunst(self.sandbox, x)
        self.start_daemon()
        self.wait_signal('BreakDue', timeout=40)
        self.wait_for(lambda: dunst.displayed() >= 1, 20, 'dunst to display the reminder')
        # Something is drawn in dunst's corner (top right) of an otherwise black screen.
        shot = x.screenshot_drawn(f'dunst-reminder-{lang}.png', '640x900+640+0')
        sys.stderr.write(f'screenshot: {shot}\n')

        dunst.ctl('close-all')
        history = self.wait_for(lambda: [n for n in dunst.history() if n.get('appname') == 'limber'],
                                10, "the reminder in dunst's history")
        reminder = history[0]
        self.assertTrue(reminder['summary'].startswith(w['summary']), reminder)
        self.assertIn(reminder['summary'][len(w['summary']):], names.values(), reminder)
        self.assertIn(w['pain'], reminder['body'])
        self.assertIn('limberctl break', reminder['body'], 'dunst draws no buttons: the commands are missing')

    @setup(config=CONFIG, mocks=(), daemon=False)
    def test_german_reminder_on_dunst(self):
        self.reminder_on_dunst('de')

    @setup(config=CONFIG, mocks=(), daemon=False)
    def test_russian_reminder_on_dunst(self):
        self.reminder_on_dunst('ru')


if __name__ == '__main__':
    limbertest.main()
