#!/usr/bin/python3
'''The D-Bus API as io.github.limber.Limber1(5) documents it: names, signatures, property types, the catalog, and
org.freedesktop.DBus.Error.InvalidArgs for every bad call, after which limberd still answers.'''

import os
import subprocess
import xml.etree.ElementTree as ET


import limbertest
from limbertest import LimberTestCase, setup, usec, INTERFACE, STATES

UINT64_MAX = 2**64 - 1

PROPERTIES = {
    'State': 's', 'BusyReason': 's', 'ActiveUsec': 't', 'IntervalUsec': 't',
    'NextBreakUsec': 't', 'Idle': 'b', 'IdleSource': 's', 'BreaksToday': 'u',
    'SkippedToday': 'u',
}
METHODS = {         # name: (in, out)
    'Snooze': ('t', ''), 'Skip': ('', ''), 'StartBreak': ('', ''), 'LogBreak': ('ts', ''),
    'Pause': ('t', ''), 'Resume': ('', ''), 'Reload': ('', ''), 'GetConfig': ('', 'a{ss}'),
    'SetConfig': ('ss', ''), 'GetHistory': ('tt', 'a(tstss)'), 'ListExercises': ('', 'a(ssss)'),
}
SIGNALS = {'BreakDue': 's', 'BreakStarted': 's', 'BreakFinished': 'st'}

# Each method called with arguments of the wrong type.
WRONG_SIGNATURE = [
    ('Snooze', 's', ['10m']), ('Snooze', '', []), ('Skip', 's', ['now']),
    ('StartBreak', 'u', [1]), ('LogBreak', 't', [usec(60)]), ('LogBreak', 'st', ['x', 1]),
    ('Pause', 'i', [-1]), ('Resume', 'b', [True]), ('Reload', 's', ['x']),
    ('GetConfig', 's', ['schedule.interval']), ('SetConfig', 's', ['schedule.interval']),
    ('SetConfig', 'sss', ['a', 'b', 'c']), ('GetHistory', 't', [0]),
    ('GetHistory', 'ss', ['a', 'b']), ('ListExercises', 'b', [False]),
]

# Arguments of the right type that make no sense.
WRONG_VALUE = [
    ('Snooze', 't', [UINT64_MAX]),
    ('Pause', 't', [UINT64_MAX]),
    ('LogBreak', 'ts', [UINT64_MAX, '']),
    ('LogBreak', 'ts', [usec(60), 'x' * 5000]),          # longer than any note may be
    ('GetHistory', 'tt', [usec(2000), usec(1000)]),      # since after until
    ('SetConfig', 'ss', ['schedule.interval', 'soon']),
    ('SetConfig', 'ss', ['no.such', '1']),
]


class ApiTest(LimberTestCase):

    def introspect(self):
        xml = self.call('Introspect', interface='org.freedesktop.DBus.Introspectable')
        node = ET.fromstring(xml)
        iface = node.find(f"interface[@name='{INTERFACE}']")
        self.assertIsNotNone(iface, f'{INTERFACE} missing from introspection')
        return iface

    def test_introspection_matches_the_contract(self):
        iface = self.introspect()
        props = {p.get('name'): p.get('type') for p in iface.findall('property')}
        for name, sig in PROPERTIES.items():
            self.assertEqual(props.get(name), sig, f'property {name}')
        methods = {}
        for m in iface.findall('method'):
            args = m.findall('arg')
            methods[m.get('name')] = (
                ''.join(a.get('type') for a in args if a.get('direction', 'in') == 'in'),
                ''.join(a.get('type') for a in args if a.get('direction') == 'out'))
        for name, sigs in METHODS.items():
            self.assertEqual(methods.get(name), sigs, f'method {name}')
        signals = {s.get('name'): ''.join(a.get('type') for a in s.findall('arg'))
                   for s in iface.findall('signal')}
        for name, sig in SIGNALS.items():
            self.assertEqual(signals.get(name), sig, f'signal {name}')

    def test_properties(self):
        p = self.props()
        self.assertEqual(set(PROPERTIES) - set(p), set())
        self.assertIn(p['State'], STATES)
        self.assertIsInstance(p['Idle'], bool)

    @setup(config={'schedule': {'interval': '1h', 'break-duration': '10m'}})
    def test_get_agrees_with_get_all(self):
        '''Get reads each property on its own (computing only what it needs): it answers what
        GetAll does, in each state where a time property is set.'''
        def check(state):
            every = self.props()
            for name, sig in PROPERTIES.items():
                one = self.prop(name)
                if sig == 't' and name != 'ActiveCountedAtUsec':
                    self.assertAlmostEqual(one, every[name], delta=usec(2), msg=f'{name} in {state}')
                else:
                    self.assertEqual(one, every[name], f'{name} in {state}')
        self.wait_prop('ActiveUsec', lambda v: v > 0, what='ActiveUsec > 0')
        check('working')
        self.assertGreater(self.prop('NextBreakUsec'), 0)
        self.call('Pause', 't', usec(600))
        self.assertGreater(self.prop('PausedUntilUsec'), 0)
        check('paused')
        self.call('Resume')
        self.call('StartBreak')
        self.assertGreater(self.prop('BreakEndsUsec'), 0)
        check('on-break')

    def test_list_exercises(self):
        exercises = self.call('ListExercises')
        self.assertGreaterEqual(len(exercises), 4)
        ids = [e[0] for e in exercises]
        self.assertEqual(len(ids), len(set(ids)), 'duplicate exercise ids')
        for ident, name, posture, instructions in exercises:
            self.assertRegex(ident, r'^[a-z0-9-]{1,64}$')
            self.assertTrue(name.strip(), ident)
            self.assertIn(posture, ('seated', 'standing'), ident)
            self.assertTrue(instructions.strip(), ident)
        self.assertIn('seated', [e[2] for e in exercises])

    def test_invalid_arguments(self):
        for method, sig, args in WRONG_SIGNATURE + WRONG_VALUE:
            with self.subTest(method=method, signature=sig):
                self.assert_invalid_args(method, sig, *args)
                self.assert_alive()
        self.assertEqual(self.history(), [], 'a refused call left a history record')
        self.assertEqual(self.prop('BreaksToday'), 0)

    def test_unknown_method_and_property(self):
        name, _ = self.dbus_error('NoSuchMethod')
        self.assertEqual(name, 'org.freedesktop.DBus.Error.UnknownMethod')
        name, _ = self.dbus_error('Get', 'ss', INTERFACE, 'NoSuchProperty',
                                  interface='org.freedesktop.DBus.Properties')
        self.assertTrue(name.startswith('org.freedesktop.DBus.Error.'), name)
        self.assert_alive()

    @setup(daemon=False, mocks=())
    def test_version_and_help(self):
        for opt in ('--version', '--help'):
            with self.subTest(opt=opt):
                r = subprocess.run([os.environ['LIMBERD'], opt], env=self.sandbox.env,
                                   capture_output=True, text=True, timeout=20)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertTrue(r.stdout.strip())
        self.assertRegex(r.stdout, r'--config')

    @setup(daemon=False, mocks=())
    def test_unknown_option(self):
        r = subprocess.run([os.environ['LIMBERD'], '--no-such-option'], env=self.sandbox.env,
                           capture_output=True, text=True, timeout=20)
        self.assertNotEqual(r.returncode, 0)
        self.assertTrue(r.stderr.strip())

    @setup(daemon=False, config={'schedule': {'natural-break': '2s', 'interval': '1h'}})
    def test_second_instance_refuses_to_start(self):
        '''A second limberd exits before it counts or writes anything: the first one's state,
        history and activity stay as they are (it would otherwise take the time since the
        first one last saved for a downtime, and record a natural break that never was).'''
        self.start_daemon()
        self.advance(3)
        self.wait_prop('ActiveUsec', lambda v: v >= usec(3), 20, 'ActiveUsec >= 3 s')
        self.call('Pause', 't', usec(3600))             # saves the state
        self.call('Resume')
        folder = self.sandbox.state_dir
        self.wait_for(lambda: os.path.exists(os.path.join(folder, 'state')), 10, 'the state file')
        self.advance(3)                                 # longer than natural-break since that save

        def snapshot():
            out = {}
            for name in sorted(os.listdir(folder)):
                with open(os.path.join(folder, name), 'rb') as f:
                    out[name] = f.read()
            return out
        before = snapshot()
        second = self.sandbox.start_daemon(wait=False)
        rc = second.wait_exit(20)
        self.assertIsNotNone(rc, 'a second limberd kept running')
        self.assertNotEqual(rc, 0)
        self.assertIn('Another limberd keeps its history', second.output())
        self.assertEqual(snapshot(), before, 'the second limberd changed the state folder')
        self.assertNotIn('natural', [r['kind'] for r in self.history(0, 0)])
        self.assert_alive()

        # On a session bus of its own (another login, or by hand under dbus-run-session) the
        # bus name is free, and the lock on the state folder stops it.
        r = subprocess.run(['dbus-run-session', '--', os.environ['LIMBERD']], env=self.sandbox.env,
                           capture_output=True, text=True, timeout=20 * limbertest.SCALE)
        self.assertEqual(r.returncode, 1, r)
        self.assertIn(f'Another limberd keeps its history in {folder}', r.stderr)
        self.assertEqual(snapshot(), before, 'the limberd on another bus changed the state folder')

        # On the same bus with a state folder of its own, the bus name stops it.
        env = dict(self.sandbox.env, XDG_STATE_HOME=os.path.join(self.sandbox.root, 'other-state'))
        r = subprocess.run([os.environ['LIMBERD']], env=env, capture_output=True, text=True,
                           timeout=20 * limbertest.SCALE)
        self.assertEqual(r.returncode, 1, r)
        self.assertIn('another limberd is running', r.stderr)
        self.assertEqual(snapshot(), before)
        self.assert_alive()


if __name__ == '__main__':
    limbertest.main()
