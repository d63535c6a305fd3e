#!/usr/bin/python3
'''Languages: limberd, its notifications and limberctl under LANG=de_DE.UTF-8 and
ru_RU.UTF-8, with the build's compiled translations ($LIMBER_LOCALEDIR, set by meson): the
reminder and its buttons, a guided-break step with the safety rules, limberctl status (with
Russian plural forms for 1, 2, 5 and 21), error messages from limberd and from limberctl;
--json stays untranslated. Skipped (77) when a locale is not installed (localedef -i de_DE
-f UTF-8 de_DE.UTF-8; .ci/install-deps --test generates them).'''

import json
import os
import re
import subprocess
import sys

import limbertest
from limbertest import LimberTestCase, setup, usec, EXERCISES

LOCALES = {'de': 'de_DE.UTF-8', 'ru': 'ru_RU.UTF-8'}

# What the catalog and po/LANG.po say; the test reads the catalog itself so that a wrong
# pick (another language, or English) shows.
WORDS = {
    'de': dict(summary='Zeit für eine Pause: ', pain='Hören Sie auf, wenn Sie Schmerzen', buttons={
                   'start': 'Pause beginnen', 'snooze': '2s später', 'skip': 'Überspringen'},
               done='Fertig', step=r'^Pause 1/\d+: ', caution='Vorsicht: ',
               status=('Zustand:', 'Heute:', 'Bei der Arbeit'), state='Zustand: bei der Arbeit',
               skip_error='Keine Pause ist fällig',
               duration_error='„x“ in „5x“ ist keine Einheit', stats='ÜBERSPRUNGEN'),
    'ru': dict(summary='Пора сделать перерыв: ', pain='Прекратите, если чувствуете боль', buttons={
                   'start': 'Начать перерыв', 'snooze': 'Через 2с', 'skip': 'Пропустить'},
               done='Готово', step=r'^Перерыв 1/\d+: ', caution='Осторожно: ',
               status=('Состояние:', 'Сегодня:', 'Работа'), state='Состояние: работа',
               skip_error='Перерыв сейчас не нужен',
               duration_error='«x» в «5x» — не единица', stats='ПРОПУЩЕНО'),
}


def catalog(lang):
    '''{id: name in lang}, the safety rules in lang, from exercises.ini's localized keys.'''
    names, rules = {}, []
    section = None
    with open(EXERCISES, encoding='utf-8') as f:
        for line in f:
            m = re.match(r'^\[([a-z0-9-]+)\]', line)
            if m:
                section = m.group(1)
                continue
            m = re.match(r'^(name|rule)\[' + lang + r'\] = (.*)$', line.rstrip('\n'))
            if m and m.group(1) == 'name':
                names[section] = m.group(2)
            elif m:
                rules.append(m.group(2))
    return names, rules


def locale_installed(name):
    out = subprocess.run(['locale', '-a'], capture_output=True, text=True).stdout.lower()
    return name.lower().replace('utf-8', 'utf8') in out.split()


class LanguageTest(LimberTestCase):
    START_DAEMON = False

    def start_in(self, lang):
        if not locale_installed(LOCALES[lang]):
            self.skipTest(f'locale {LOCALES[lang]} is not installed')
        if not os.path.isfile(os.path.join(os.environ.get('LIMBER_LOCALEDIR', ''), lang,
                                           'LC_MESSAGES', 'limber.mo')):
            self.fail('LIMBER_LOCALEDIR does not hold the compiled translations (meson sets it '
                      'to the build tree\'s po/)')
        self.sandbox.env['LANG'] = LOCALES[lang]
        self.sandbox.env.pop('LANGUAGE', None)
        self.sandbox.env.pop('LC_ALL', None)
        self.start_daemon()
        return WORDS[lang]

    def check_reminder(self, lang):
        w = self.start_in(lang)
        names, _ = catalog(lang)
        self.advance_until_due()
        n = self.wait_reminder()
        self.assert_reminder(n)
        self.assertTrue(n.summary.startswith(w['summary']), n.summary)
        self.assertIn(n.summary[len(w['summary']):], names.values(),
                      f'the exercise is not named in {lang}: {n.summary}')
        self.assertTrue(n.body.split('\n')[1].startswith(w['pain']), n.body)
        self.assertEqual({k: n.actions[k] for k in w['buttons']}, w['buttons'])
        self.assertNotIn('Time for a break', n.text)

    def check_break_step(self, lang):
        w = self.start_in(lang)
        names, rules = catalog(lang)
        mark = len(self.notify.notifications())
        self.call('StartBreak')
        n = self.wait_notification(lambda n: 'done' in n.actions, after=mark,
                                   what='a guided-break step')
        self.assertEqual(n.actions['done'], w['done'])
        self.assertRegex(n.summary, w['step'])
        name = re.sub(w['step'], '', n.summary)
        self.assertIn(name, names.values(), n.summary)
        # The safety rules, in the user's language, the stop-on-pain rule among them.
        for rule in rules:
            self.assertIn(rule, n.body)
        self.assertGreaterEqual(len(rules), 9)

    def check_status_and_errors(self, lang):
        w = self.start_in(lang)
        r = self.assert_ctl('status')
        for word in w['status']:
            self.assertIn(word, r.stdout)
        self.assertIn(w['state'], r.stdout)         # the state word too
        # Machine-readable output stays as it is.
        j = json.loads(self.assert_ctl('status', '--json').stdout)
        self.assertIn(j['state'], ('working', 'idle'))
        self.assertIn('breaks_today', j)

        # The tables: translated headers, and never gettext's catalog header (what _("")
        # gives) in place of an empty one.
        for args in (('stats', '--days', '2'), ('history',), ('exercises',), ('help',)):
            out = self.assert_ctl(*args).stdout
            self.assertNotIn('Project-Id-Version', out, args)
        self.assertIn(w['stats'], self.assert_ctl('stats').stdout)

        # A refusal from limberd, in limberd's language.
        r = self.ctl('skip')
        self.assertEqual(r.returncode, 1, r)
        self.assertIn(w['skip_error'], r.stderr)
        # A usage error of limberctl's own.
        r = self.ctl('snooze', '5x')
        self.assertEqual(r.returncode, 2, r)
        self.assertIn(w['duration_error'], r.stderr)
        # An invalid D-Bus argument: InvalidArgs, worded for the user.
        msg = self.assert_invalid_args('LogBreak', 'ts', usec(48 * 3600), '')
        self.assertNotIn('is longer than', msg)

    @setup(config={'schedule': {'interval': '1h'}}, daemon=False)
    def test_german_status_and_errors(self):
        self.check_status_and_errors('de')

    @setup(config={'schedule': {'interval': '1h'}}, daemon=False)
    def test_russian_status_and_errors(self):
        self.check_status_and_errors('ru')

    def test_german_reminder(self):
        self.check_reminder('de')

    def test_russian_reminder(self):
        self.check_reminder('ru')

    @setup(config={'schedule': {'interval': '1h', 'break-duration': '1h'}}, daemon=False)
    def test_german_break_step(self):
        self.check_break_step('de')

    @setup(config={'schedule': {'interval': '1h', 'break-duration': '1h'}}, daemon=False)
    def test_russian_break_step(self):
        self.check_break_step('ru')

    @setup(config={'schedule': {'interval': '1h'}}, daemon=False)
    def test_custom_exercise_with_localized_keys(self):
        '''An exercise of the user's own takes localized keys too; a language it lacks falls
        back to its untranslated text.'''
        self.sandbox.write(os.path.join(self.sandbox.env['XDG_CONFIG_HOME'], 'limber', 'exercises.d',
                                        'mine.ini'),
                           '[wrist-circles]\nname = Wrist circles\nname[de] = Handgelenkkreisen\n'
                           'posture = seated\ndose = 10 each way\ndose[ru] = По 10 раз\n'
                           'step = Circle your wrists slowly.\n'
                           'step[de] = Kreisen Sie die Handgelenke langsam.\n')
        self.start_in('de')
        name, posture, instructions = self.exercises()['wrist-circles']
        self.assertEqual(name, 'Handgelenkkreisen')
        self.assertEqual(posture, 'seated')
        self.assertIn('10 each way', instructions)
        self.assertIn('1. Kreisen Sie die Handgelenke langsam.', instructions)
        out = self.assert_ctl('exercises', 'show', 'wrist-circles').stdout
        self.assertIn('Handgelenkkreisen', out)

    @setup(config={'schedule': {'interval': '1h'}}, daemon=False)
    def test_russian_plural_forms(self):
        '''1 перерыв, 2 перерыва, 5 перерывов, 21 перерыв: the three Russian forms.'''
        self.start_in('ru')
        expect = {1: '1 перерыв сделан', 2: '2 перерыва сделано', 5: '5 перерывов сделано',
                  21: '21 перерыв сделан'}
        logged = 0
        for count, text in expect.items():
            while logged < count:
                self.call('LogBreak', 'ts', 1, '')
                logged += 1
            self.wait_prop('BreaksToday', lambda v, c=count: v == c)
            out = self.assert_ctl('status').stdout
            today = [l for l in out.splitlines() if 'Сегодня:' in l]
            self.assertEqual(len(today), 1, out)
            self.assertIn(text + ', 0 пропущено', today[0])


def build_locale(root, name, charset):
    '''Compiles locale name (e.g. de_DE) in charset into root (for LOCPATH); returns its name,
    or None when localedef cannot.'''
    full = f'{name}.{charset}'
    r = subprocess.run(['localedef', '--no-archive', '-c', '-i', name, '-f', charset,
                        os.path.join(root, full)], capture_output=True)
    return full if os.path.isdir(os.path.join(root, full)) else None


class CharsetTest(LimberTestCase):
    '''limberctl in a locale whose character set is not UTF-8: its own messages, the state word
    and what limberd sends (exercise names) are written in that character set.'''
    START_DAEMON = False
    start_in = LanguageTest.start_in

    def ctl_in(self, locale, *args):
        env = dict(self.sandbox.env, LANG=locale, LOCPATH=self.locpath)
        return subprocess.run([os.environ['LIMBERCTL'], *args], env=env, capture_output=True,
                              stdin=subprocess.DEVNULL, timeout=30)

    def setUp(self):
        super().setUp()
        self.locpath = os.path.join(self.sandbox.root, 'locales')
        os.makedirs(self.locpath)

    @setup(config={'schedule': {'interval': '1h'}})
    def test_latin1_and_koi8r(self):
        for lang, name, charset, encoding in (('de', 'de_DE', 'ISO-8859-1', 'latin-1'),
                                              ('ru', 'ru_RU', 'KOI8-R', 'koi8-r')):
            with self.subTest(charset=charset):
                locale = build_locale(self.locpath, name, charset)
                if not locale:
                    self.skipTest(f'localedef cannot build {name}.{charset}')
                if self.daemon:
                    self.daemon.terminate()
                w = self.start_in(lang)
                names, _ = catalog(lang)
                r = self.ctl_in(locale, 'status')
                self.assertEqual(r.returncode, 0, r.stderr)
                out = r.stdout.decode(encoding)
                self.assertIn(w['status'][0], out)
                self.assertIn(w['state'], out)
                r = self.ctl_in(locale, 'exercises')
                out = r.stdout.decode(encoding)
                self.assertTrue(all(n in out for n in names.values() if n.encode(encoding, 'ignore').decode(encoding) == n),
                                out)
                r = self.ctl_in(locale, 'skip')
                self.assertIn(w['skip_error'], r.stderr.decode(encoding))
                # JSON stays UTF-8.
                r = self.ctl_in(locale, 'exercises', '--json')
                r.stdout.decode('utf-8')


if __name__ == '__main__':
    limbertest.main()
