#!/usr/bin/python3
'''Another program's file locks never freeze limberd: the history's lock and the configuration
folder's lock are taken without waiting. While the history is locked, calls answer at once,
Problems names the locked file, and the records wait in memory; once it is released they are
written, none lost. While the configuration folder is locked (flock ~/.config/limber, as the
man page offers), config set fails at once and changes nothing.'''

import fcntl
import os
import time

import dbus

from reliability import limbertest
from limbertest import LimberTestCase, setup

QUICK = 5       # seconds: far less than the lock is held


class TestLocks(LimberTestCase):
    def hold(self, path, directory=False):
        fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else os.O_CREAT), 0o600)
        self.addCleanup(os.close, fd)
        fcntl.flock(fd, fcntl.LOCK_EX)
        return fd

    def timed_call(self, method, *args):
        start = time.monotonic()
        try:
            self.conn.call_blocking(limbertest.BUS_NAME, limbertest.OBJECT_PATH, limbertest.INTERFACE,
                                    method, args[0] if args else '', args[1:], timeout=QUICK)
            error = None
        except dbus.exceptions.DBusException as e:
            self.assertNotEqual(e.get_dbus_name(), 'org.freedesktop.DBus.Error.NoReply',
                                f'{method} did not answer while the lock was held')
            error = e.get_dbus_message()
        self.assertLess(time.monotonic() - start, QUICK)
        return error

    @setup(config={'schedule': {'interval': '1h'}})
    def test_history_locked(self):
        history = os.path.join(self.sandbox.state_dir, 'history')
        os.makedirs(self.sandbox.state_dir, exist_ok=True)
        fd = self.hold(history)
        self.timed_call('StartBreak')
        error = self.timed_call('Skip')
        self.assertIn(history, error or '')
        start = time.monotonic()
        self.assertIn(self.prop('State'), limbertest.STATES)
        self.assertLess(time.monotonic() - start, QUICK)
        problems = self.wait_prop('Problems', lambda p: any(history in x and 'lock' in x for x in p))
        self.assertTrue(problems)
        # The record waits in memory and is part of the history meanwhile.
        self.assertEqual([r['kind'] for r in self.history()], ['skipped'])
        fcntl.flock(fd, fcntl.LOCK_UN)
        self.wait_prop('Problems', lambda p: not any(history in x for x in p))
        with open(history) as f:
            self.assertEqual([line.split('\t')[2] for line in f], ['skipped'])

    @setup(config={'schedule': {'interval': '1h'}})
    def test_config_folder_locked(self):
        folder = os.path.dirname(self.sandbox.user_config)
        before = self.read_user_config()
        fd = self.hold(folder, directory=True)
        error = self.timed_call('SetConfig', 'ss', 'schedule.interval', '50m')
        self.assertIn('lock', error or '')
        self.assertEqual(self.read_user_config(), before)
        self.assertEqual(self.config()['schedule.interval'], '1h')
        fcntl.flock(fd, fcntl.LOCK_UN)
        self.call('SetConfig', 'ss', 'schedule.interval', '50m')
        self.assertIn('50m', self.read_user_config())


if __name__ == '__main__':
    limbertest.main()
