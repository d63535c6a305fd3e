#!/usr/bin/python3
'''Bad configuration files, end to end: binary junk, NUL bytes, huge lines and files, settings
too long, keys outside any section, duplicate keys, non-ASCII values, and paths that
are no file at all (a folder, a FIFO, a device, a symlink loop, a file used as a folder).

At start with limberd --config FILE (a deliberate check) each is refused with
"FILE[:LINE]: reason" and a clean non-zero exit, promptly (a FIFO must not hang limberd in
open()). The user and system files never switch limber off: limberd runs with their valid lines
and the defaults, and lists "FILE[:LINE]: reason" in its Problems property. On Reload() and
SIGHUP the running configuration is kept and limberd keeps answering. tests/test-config.c
checks the parser's messages line by line; this checks what the user sees.'''

import os
import signal

from reliability import limbertest
from limbertest import LimberTestCase, setup, usec

INVALID_CONFIG = 'io.github.limber.Limber1.Error.InvalidConfig'

# (name, file content, line the error names or None for "FILE: reason", text it mentions)
BROKEN_TEXT = [
    ('elf-binary', b'\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x03\x00>\x00', 1, 'control character'),
    ('nul-byte', b'[schedule]\ninterval = 2h\x00junk\n', 2, 'NUL byte'),
    ('random-junk', bytes(range(256)) * 4, 1, 'NUL byte'),
    ('escape-sequence', b'[schedule]\n\x1b[31minterval = 2h\n', 2, 'control character 0x1b'),
    ('huge-line', b'[schedule]\n# ' + b'x' * 5000 + b'\ninterval = 1h\n', 2, 'longer than 4096 bytes'),
    ('huge-file', b'# padding\n' * 30000, None, 'larger than 256 KiB'),
    ('long-setting', b'[notify]\nsound = ' + b'c' * 250 + b'\n', 2, 'notify.sound: value is 250 characters long'),
    ('longer-setting', b'[notify]\nsound = ' + b'c' * 600 + b'\n', 2, 'setting is longer than 511 bytes'),
    ('long-value', b'[schedule]\nworking-hours = ' + b'Mon-Fri 09:00-18:00, ' * 8 + b'\n', 2,
     'schedule.working-hours: value is 167 characters long, at most 160'),
    ('no-section', b'interval = 2h\nsnooze = 5m\n', 1, 'key before any section'),
    ('no-section-unknown', b'\n\nfrobnicate = 1\n', 3, 'key before any section'),
    ('duplicate-key', b'[schedule]\ninterval = 1h\n[exercises]\n[schedule]\ninterval = 2h\n', 5,
     'set twice in one file, first on line 2'),
    ('unclosed-section', b'[schedule\ninterval = 2h\n', 1, 'lacks its closing'),
    ('latin1-value', b'[notify]\nsound = caf\xe9\n', 2, 'non-ASCII'),
    ('utf8-key', '[schedule]\nintervall\u00e9 = 2h\n'.encode(), 2, 'non-ASCII'),
    ('overflow', b'[schedule]\ninterval = 99999999999999999999999h\n', 2, 'too long a duration'),
    ('max-u64', b'[exercises]\nper-break = 18446744073709551615\n', 2, 'exercises.per-break'),
    ('quoted', b'[notify]\nsound = "bell"\n', 2, 'quoted'),
]


def make_path_case(sandbox, kind, path):
    '''Puts something that is not a readable file at path; returns the text the error names.'''
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.lexists(path):
        if os.path.isdir(path) and not os.path.islink(path):
            os.rmdir(path)
        else:
            os.unlink(path)
    if kind == 'directory':
        os.mkdir(path)
        return 'is a directory'
    if kind == 'fifo':
        os.mkfifo(path)
        return 'not a regular file'
    if kind == 'device':
        os.symlink('/dev/null', path)
        return 'not a regular file'
    if kind == 'symlink-loop':
        os.symlink(os.path.basename(path), path)
        return 'Too many levels of symbolic links'
    raise ValueError(kind)


PATH_CASES = ['directory', 'fifo', 'device', 'symlink-loop']


class BadConfigAtStartTest(LimberTestCase):

    def assert_refused(self, path, line, mention, args=()):
        d = self.sandbox.start_daemon(list(args), wait=False)
        rc = d.wait_exit(20)
        self.assertIsNotNone(rc, f'limberd kept running (or hangs) with {path}\n{d.tail()}')
        self.assertGreater(rc, 0, f'limberd exited with {rc} (a signal?)\n{d.tail()}')
        self.assertLess(rc, 128, f'limberd exited with {rc}\n{d.tail()}')
        out = d.output()
        where = f'{path}:{line}: ' if line else f'{path}: '
        self.assertIn(where, out, f'the error does not say "{where}…"')
        self.assertIn(mention, out)
        # One message, not a flood: the first problem is the one reported.
        self.assertLessEqual(len([x for x in out.splitlines() if path in x]), 2, out)
        self.assertNotIn('AddressSanitizer', out)

    def assert_reported(self, path, line, mention):
        '''limberd runs despite the broken file at path and names it in Problems.'''
        d = self.sandbox.start_daemon(wait=True)
        self.daemon = d
        problems = self.prop('Problems')
        where = f'{path}:{line}: ' if line else f'{path}: '
        found = [p for p in problems if p.startswith(where) and mention in p]
        self.assertTrue(found, f'Problems do not say "{where}…{mention}": {problems}')
        self.assertLessEqual(len([p for p in problems if path in p]), 10, problems)
        self.assertIn(where, d.output())
        self.assertEqual(d.terminate(), 0)

    @setup(daemon=False, mocks=())
    def test_broken_files_with_config_option(self):
        for name, text, line, mention in BROKEN_TEXT:
            with self.subTest(name=name):
                path = os.path.join(self.sandbox.root, name + '.ini')
                with open(path, 'wb') as f:
                    f.write(text)
                self.assert_refused(path, line, mention, ['--config', path])

    @setup(daemon=False, mocks=())
    def test_broken_user_file(self):
        path = self.sandbox.user_config
        for name, text, line, mention in BROKEN_TEXT:
            with self.subTest(name=name):
                with open(path, 'wb') as f:
                    f.write(text)
                self.assert_reported(path, line, mention)

    @setup(daemon=False, mocks=())
    def test_broken_system_file(self):
        os.unlink(self.sandbox.user_config)
        path = self.sandbox.system_config
        for name, text, line, mention in BROKEN_TEXT[:6]:
            with self.subTest(name=name):
                self.sandbox.write(path, '')
                with open(path, 'wb') as f:
                    f.write(text)
                self.assert_reported(path, line, mention)

    @setup(daemon=False, mocks=())
    def test_paths_that_are_not_files(self):
        for kind in PATH_CASES:
            for where in ('option', 'user'):
                with self.subTest(kind=kind, where=where):
                    if where == 'option':
                        path = os.path.join(self.sandbox.root, 'cases', kind + '.ini')
                        args = ['--config', path]
                    else:
                        path, args = self.sandbox.user_config, []
                    mention = make_path_case(self.sandbox, kind, path)
                    if args:
                        self.assert_refused(path, None, mention, args)
                    else:
                        self.assert_reported(path, None, mention)

    @setup(daemon=False, mocks=())
    def test_file_used_as_a_folder(self):
        path = os.path.join(self.sandbox.user_config, 'limber.ini')     # limber.ini/limber.ini
        self.assert_refused(path, None, 'Not a directory', ['--config', path])

    @setup(daemon=False, mocks=())
    def test_unreadable_file(self):
        if os.geteuid() == 0:
            self.skipTest('root reads files whatever their mode')
        path = self.sandbox.user_config
        os.chmod(path, 0)
        self.assert_reported(path, None, 'Permission denied')

    @setup(daemon=False, mocks=())
    def test_valid_odd_files_are_accepted(self):
        '''Not everything odd is wrong: an empty file, a BOM with CRLF lines, non-ASCII in
        comments, a file of comments, sections without keys.'''
        for name, text in [
                ('empty', b''),
                ('bom-crlf', b'\xef\xbb\xbf[schedule]\r\ninterval = 45m\r\n'),
                ('utf8-comment', '# Pause caf\u00e9 \u2615\n[schedule]\ninterval = 45m\n'.encode()),
                ('latin1-comment', b'; caf\xe9\n[schedule]\ninterval = 45m\n'),
                ('only-sections', b'[schedule]\n[exercises]\n[idle]\n[busy]\n[micro]\n[notify]\n')]:
            with self.subTest(name=name):
                path = os.path.join(self.sandbox.root, name + '.ini')
                with open(path, 'wb') as f:
                    f.write(text)
                d = self.start_daemon(['--config', path])
                self.assertTrue(d.alive())
                self.assertIn(self.prop('IntervalUsec'),
                              (usec(45 * 60), usec(2 * 3600)), name)
                self.assertEqual(d.terminate(), 0)


class BadConfigOnReloadTest(LimberTestCase):

    def assert_kept(self, good):
        self.assertEqual(self.config(), good, 'a failed reload changed the configuration')
        self.assertEqual(self.prop('IntervalUsec'), usec(3))
        self.assert_alive()

    def reload_refused(self, path, line, mention):
        name, msg = self.dbus_error('Reload')
        self.assertEqual(name, INVALID_CONFIG, msg)
        where = f'{path}:{line}: ' if line else f'{path}: '
        self.assertIn(where, msg)
        self.assertIn(mention, msg)
        return msg

    def test_reload_keeps_the_configuration(self):
        good = self.config()
        path = self.sandbox.user_config
        for name, text, line, mention in BROKEN_TEXT:
            with self.subTest(name=name):
                with open(path, 'wb') as f:
                    f.write(text)
                self.reload_refused(path, line, mention)
                self.assert_kept(good)
        for kind in PATH_CASES:
            with self.subTest(kind=kind):
                mention = make_path_case(self.sandbox, kind, path)
                self.reload_refused(path, None, mention)
                self.assert_kept(good)
        # limberctl reload says the same and exits 1 (the daemon refused).
        r = self.ctl('reload')
        self.assertEqual(r.returncode, 1, r)
        self.assertIn(path, r.stderr)
        # A good file again is read.
        make_path_case(self.sandbox, 'directory', path)
        os.rmdir(path)
        self.write_config('[schedule]\ninterval = 7m\n')
        self.call('Reload')
        self.assertEqual(self.prop('IntervalUsec'), usec(420))

    @setup(daemon=False)
    def test_reload_error_names_a_path_that_is_not_utf8(self):
        '''A file name in Latin-1 cannot go into a D-Bus string as it is: the error shows its
        odd byte as U+FFFD, and the caller gets the error, not a time-out.'''
        path = os.path.join(os.fsencode(self.sandbox.root), b'caf\xe9.ini')
        with open(path, 'wb') as f:
            f.write(b'[schedule]\ninterval = 3s\n')
        self.start_daemon(['--config', os.fsdecode(path)])     # bytes again on exec
        good = self.config()
        with open(path, 'wb') as f:
            f.write(b'[schedule]\ninterval = 3 \xe9ons\n')
        msg = self.reload_refused(os.path.join(self.sandbox.root, 'caf\ufffd.ini'), 2, 'non-ASCII')
        self.assertIn('the running configuration is kept', msg)
        self.assert_kept(good)

    def test_sighup_keeps_the_configuration(self):
        good = self.config()
        path = self.sandbox.user_config
        cases = [(n, t) for n, t, _, _ in BROKEN_TEXT[:6]] + [(k, None) for k in PATH_CASES]
        for i, (name, text) in enumerate(cases):
            with self.subTest(name=name):
                if text is None:
                    make_path_case(self.sandbox, name, path)
                else:
                    if os.path.lexists(path) and not os.path.isfile(path):
                        make_path_case(self.sandbox, 'directory', path)
                        os.rmdir(path)
                    with open(path, 'wb') as f:
                        f.write(text)
                os.kill(self.daemon.pid, signal.SIGHUP)
                self.wait_for(lambda: self.daemon.output().count('Reload failed') > i, 20,
                              'limberd to log the failed reload')
                self.assert_kept(good)
        self.assertIn(path, self.daemon.output())


if __name__ == '__main__':
    limbertest.main()
