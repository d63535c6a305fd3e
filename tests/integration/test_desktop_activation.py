#!/usr/bin/python3
'''D-Bus activation: a session bus whose service directory holds the activation file as built
(units/io.github.limber.Limber1.service, Exec= rewritten to the limberd under test) starts
limberd when it is first asked for, by any caller and by limberctl's commands (never by its
questions), and the started limberd runs with the bus's activation environment.'''

import json
import os
import subprocess


import desktoptest
from desktoptest import ActivatingBus, stop_pid

desktoptest.require('dbus-daemon')

import limbertest  # noqa: E402
from limbertest import BUS_NAME, INTERFACE, OBJECT_PATH, PROPERTIES, SCALE, LimberTestCase, setup  # noqa: E402


class ActivationTest(LimberTestCase):

    def activating_bus(self):
        service = os.environ.get('LIMBER_DBUS_SERVICE', '')
        if not os.path.isfile(service):
            self.fail(f'LIMBER_DBUS_SERVICE={service!r} is not the built activation file (meson test sets it)')
        bus = ActivatingBus(self.sandbox, service, os.environ['LIMBERD'])
        self.assertIn(f'Name={BUS_NAME}\n', bus.service_text)
        self.assertIn('SystemdService=limber.service\n', bus.service_text)
        # limberd inherits the bus's environment: point it at the sandbox's system bus too.
        bus.conn.call_blocking('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus',
                               'UpdateActivationEnvironment', 'a{ss}',
                               ({'DBUS_SYSTEM_BUS_ADDRESS': self.sandbox.system.address},))
        self.assertFalse(bus.conn.name_has_owner(BUS_NAME), 'limberd runs before anyone asked')
        return bus

    def check_started(self, bus):
        '''The name's owner is the limberd under test; it stops cleanly on SIGTERM.'''
        pid = bus.owner_pid(BUS_NAME)
        with open(f'/proc/{pid}/cmdline', 'rb') as f:
            argv0 = f.read().split(b'\0')[0].decode()
        self.assertEqual(os.path.realpath(argv0), os.path.realpath(os.environ['LIMBERD']))
        with open(f'/proc/{pid}/environ', 'rb') as f:
            environ = dict(v.split(b'=', 1) for v in f.read().split(b'\0') if b'=' in v)
        self.assertEqual(environ.get(b'DBUS_SYSTEM_BUS_ADDRESS', b'').decode(), self.sandbox.system.address)
        self.assertTrue(stop_pid(pid), 'the activated limberd did not stop on SIGTERM')

    @setup(mocks=(), daemon=False)
    def test_first_call_starts_limberd(self):
        bus = self.activating_bus()
        props = bus.conn.call_blocking(BUS_NAME, OBJECT_PATH, PROPERTIES, 'GetAll', 's', (INTERFACE,),
                                       timeout=30 * SCALE)
        self.assertIn(str(props['State']), limbertest.STATES)
        self.assertEqual(str(props['IdleSource']), 'none')      # no desktop on this bus
        self.check_started(bus)

    def limberctl(self, bus, *args):
        env = dict(self.sandbox.env, DBUS_SESSION_BUS_ADDRESS=bus.address)
        return subprocess.run([os.environ['LIMBERCTL'], *args], env=env, capture_output=True, text=True,
                              timeout=30 * SCALE, stdin=subprocess.DEVNULL)

    @setup(mocks=(), daemon=False)
    def test_read_only_verbs_start_nothing(self):
        '''A question starts no daemon (as systemctl status): exit 3, how to start limberd.'''
        bus = self.activating_bus()
        for args in (['status'], ['status', '--json'], ['history'], ['history', '--json'], ['stats'],
                     ['exercises'], ['exercises', '--safety'], ['exercises', 'show', 'neck-tilt'],
                     ['config', 'get'], ['config', 'get', 'schedule.interval'], []):
            r = self.limberctl(bus, *args)
            self.assertEqual(r.returncode, 3, f'limberctl {args}: {r}')
            self.assertEqual(r.stdout, '', args)
            self.assertIn('limberd is not running', r.stderr)
            self.assertIn('systemctl --user start limber', r.stderr)
            self.assertFalse(bus.conn.name_has_owner(BUS_NAME), f'limberctl {args} started limberd')

    @setup(mocks=(), daemon=False)
    def test_acting_verb_names_what_it_started(self):
        '''A command may start limberd through D-Bus activation, and then says which limberd,
        with which configuration and history folder.'''
        bus = self.activating_bus()
        r = self.limberctl(bus, 'pause', '10m')
        self.assertEqual(r.returncode, 0, r)
        self.assertIn('Started limberd (', r.stderr)
        self.assertIn(os.path.realpath(os.environ['LIMBERD']), r.stderr)
        self.assertIn(f'PID {bus.owner_pid(BUS_NAME)}', r.stderr)
        # The bus's environment is the sandbox's: its folders are named.
        self.assertIn(os.path.join(self.sandbox.env['XDG_CONFIG_HOME'], 'limber', 'limber.ini'), r.stderr)
        self.assertIn(os.path.join(self.sandbox.env['XDG_STATE_HOME'], 'limber'), r.stderr)
        status = json.loads(self.limberctl(bus, 'status', '--json').stdout)
        self.assertEqual(status['state'], 'paused')
        # Once it runs, nothing more is announced.
        r = self.limberctl(bus, 'resume')
        self.assertEqual(r.returncode, 0, r)
        self.assertNotIn('Started', r.stderr)
        self.check_started(bus)

    @setup(mocks=(), daemon=False)
    def test_failed_activation_is_relayed(self):
        '''limberd started by D-Bus exits (here: another limberd, on the sandbox's own bus,
        keeps the same history): limberctl says it could not be started and where to look,
        not only "not running".'''
        self.start_daemon()
        bus = self.activating_bus()
        for args in (['pause'], ['reload']):
            r = self.limberctl(bus, *args)
            self.assertEqual(r.returncode, 3, r)
            self.assertIn('limberd could not be started', r.stderr)
            self.assertIn('journalctl --user -u limber', r.stderr)
            self.assertRegex(r.stderr, r'exited|status 1', r.stderr)


if __name__ == '__main__':
    limbertest.main()
