#!/usr/bin/python3
'''Busy detection (daemon/busy*.c) against stand-ins for each desktop's signal.

tests/busy-probe runs the busy module alone, in limberd's event loop, on the sandbox's buses,
and prints "BUSY <reason>" ("BUSY -" when not busy) on each change; these tests change the
stand-ins and read those lines. Every expected line is waited for with a generous deadline; a
"nothing happened" is checked by a later change that must come next, never by sleeping.

Stand-ins: templates/dunst.py, plasma_notifications.py, mako.py, gnome_session.py, the
logind mock of limbertest with a BlockInhibited property, and GSettings' keyfile backend
with a compiled org.gnome.desktop.notifications schema.
'''

import os
import shutil
import signal
import subprocess
import sys
import time

import dbus
import dbus.lowlevel

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import limbertest  # noqa: E402
from limbertest import SCALE, TEMPLATES, LimberTestCase, Mock, Process, pump  # noqa: E402

DND = 'do-not-disturb'
INHIBITED = 'idle-inhibited'
NONE = '-'

NOTIFICATIONS = 'org.freedesktop.Notifications'
NOTIFICATIONS_PATH = '/org/freedesktop/Notifications'
LOGIND_MANAGER = 'org.freedesktop.login1.Manager'
PROBE_LINES = ('BUSY ', 'READY', 'REFRESHED', 'GNOME-DND ', 'RESPECT-DND ')

GNOME_SCHEMA = '''<?xml version="1.0" encoding="UTF-8"?>
<schemalist>
  <schema id="org.gnome.desktop.notifications" path="/org/gnome/desktop/notifications/">
    <key name="show-banners" type="b">
      <default>true</default>
    </key>
  </schema>
</schemalist>
'''


class Probe(Process):
    '''tests/busy-probe; its stdout and stderr (debug log) go to busy-probe.log.'''

    def __init__(self, sandbox, args=(), env=None):
        path = os.environ.get('BUSY_PROBE', '')
        if not path or not os.access(path, os.X_OK):
            raise AssertionError(f'BUSY_PROBE={path!r} is not an executable; build it and set '
                                 'BUSY_PROBE (meson test does)')
        n = sum(1 for name in os.listdir(sandbox.logdir) if name.startswith('busy-probe'))
        super().__init__('busy-probe' if n == 0 else f'busy-probe-{n + 1}', [path, *args],
                         env or sandbox.env, sandbox.logdir)

    def lines(self):
        '''The probe's own lines (stdout), without the log messages.'''
        return [line for line in self.output().splitlines() if line.startswith(PROBE_LINES)]

    def reasons(self):
        return [line[len('BUSY '):] for line in self.lines() if line.startswith('BUSY ')]


class Helper:
    '''A Process in the sandbox's list of mocks: stopped and its log shown like theirs.'''

    def __init__(self, process):
        self.process = process

    def stop(self):
        self.process.stop()


class BusyTestCase(LimberTestCase):
    '''Sandbox and buses from limbertest; no limberd, the probe instead.'''

    MOCKS = ()
    START_DAEMON = False

    def setUp(self):
        super().setUp()
        self.probes = []
        self.addCleanup(self._stop_probes)

    def _stop_probes(self):
        problems = []
        for p in self.probes:
            if not p.alive():
                problems.append(f'{p.name} died with exit code {p.returncode()}')
            else:
                rc = p.stop()
                if rc != 0:
                    problems.append(f'{p.name} did not exit with 0 on SIGTERM: {rc}')
        if problems:
            self.fail('; '.join(problems) + '\n' + '\n'.join(p.tail() for p in self.probes))

    # ---- stand-ins ----
    def start_server(self, name, template, path, params=None, bus=None, bus_name=NOTIFICATIONS,
                     replacing=None):
        '''Starts templates/TEMPLATE as the owner of bus_name (replacing the Mock replacing,
        whose name it takes over).'''
        bus = bus or self.sandbox.session
        server = Mock(self.sandbox, name, os.path.join(TEMPLATES, template), bus, bus_name, path,
                      params)
        self.sandbox.mocks.append(server)
        if replacing is not None:
            # Mock() returns once the name has an owner, which may still be the old one.
            def new_owner():
                owner = str(bus.conn.get_name_owner(bus_name))
                return owner if owner != replacing.unique_name else None
            server.unique_name = self.wait_for(new_owner, 20, f'{name} to own {bus_name}')
            server.obj = bus.conn.get_object(server.unique_name, path, introspect=False)
            server.mock = dbus.Interface(server.obj, limbertest.MOCK_IFACE)
        return server

    def start_dunst(self, paused=False, **kw):
        return self.start_server('dunst', 'dunst.py', NOTIFICATIONS_PATH, {'paused': paused}, **kw)

    def set_dunst_paused(self, dunst, paused):
        # What "dunstctl set-paused" does.
        dunst.obj.Set('org.dunstproject.cmd0', 'paused', dbus.Boolean(paused),
                      dbus_interface=limbertest.PROPERTIES)

    def start_plasma(self, inhibited=False, **kw):
        return self.start_server('plasma', 'plasma_notifications.py', NOTIFICATIONS_PATH,
                                 {'inhibited': inhibited}, **kw)

    def set_plasma_inhibited(self, plasma, inhibited):
        plasma.mock.UpdateProperties(NOTIFICATIONS, {'Inhibited': dbus.Boolean(inhibited)})

    def start_mako(self, modes=('default',), modes_property=True, **kw):
        return self.start_server('mako', 'mako.py', '/fr/emersion/Mako',
                                 {'modes': list(modes), 'modes_property': modes_property}, **kw)

    def set_mako_modes(self, mako, *modes):
        mako.obj.SetModes(dbus.Array(modes, signature='s'), dbus_interface='fr.emersion.Mako')

    def start_gnome_session(self):
        return self.start_server('gnome-session', 'gnome_session.py', '/org/gnome/SessionManager',
                                 bus_name='org.gnome.SessionManager')

    def gnome_inhibit(self, session, flags):
        return session.obj.Inhibit('org.example.Video', dbus.UInt32(0), 'Playing a video',
                                   dbus.UInt32(flags), dbus_interface='org.gnome.SessionManager')

    def gnome_uninhibit(self, session, cookie):
        session.obj.Uninhibit(dbus.UInt32(cookie), dbus_interface='org.gnome.SessionManager')

    def start_logind(self, block_inhibited=''):
        logind = self.start_mock('logind')
        # Not in python-dbusmock's logind template; logind has it (emits-change, with the value).
        logind.mock.AddProperty(LOGIND_MANAGER, 'BlockInhibited', block_inhibited)
        return logind

    def set_block_inhibited(self, logind, what):
        logind.mock.UpdateProperties(LOGIND_MANAGER, {'BlockInhibited': what})

    # ---- the probe ----
    def start_probe(self, *args, env=None):
        probe = Probe(self.sandbox, args, env)
        self.probes.append(probe)
        self.wait_lines(probe, lambda lines: 'READY' in lines, 'READY')
        return probe

    def wait_lines(self, probe, pred, what, timeout=20):
        deadline = time.monotonic() + timeout * SCALE
        while True:
            pump()
            lines = probe.lines()
            if pred(lines):
                return lines
            if not probe.alive():
                self.fail(f'{probe.name} exited with {probe.returncode()} while waiting for '
                          f'{what}:\n{probe.tail()}')
            if time.monotonic() > deadline:
                self.fail(f'timed out after {timeout * SCALE:.0f} s waiting for {what}; probe lines: '
                          f'{lines}\n{probe.tail()}\n{self.sandbox.logs()}')
            time.sleep(0.05)

    def expect(self, probe, *reasons):
        '''Waits until the probe printed exactly these reasons so far, in this order.'''
        want = list(reasons)
        self.wait_lines(probe, lambda _: len(probe.reasons()) >= len(want), f'reasons {want}')
        self.assertEqual(probe.reasons(), want, probe.tail())

    def refresh(self, probe):
        n = probe.lines().count('REFRESHED')
        os.kill(probe.pid, signal.SIGUSR1)
        self.wait_lines(probe, lambda lines: lines.count('REFRESHED') > n, 'REFRESHED')

    def toggle_respect_dnd(self, probe, expect):
        '''busy_set_respect() with respect_dnd flipped, as on a configuration change.'''
        line = f'RESPECT-DND {expect}'
        n = probe.lines().count(line)
        os.kill(probe.pid, signal.SIGUSR2)
        self.wait_lines(probe, lambda lines: lines.count(line) > n, line)


class DoNotDisturbTest(BusyTestCase):
    def test_dunst_pause(self):
        dunst = self.start_dunst()
        probe = self.start_probe()
        self.set_dunst_paused(dunst, True)
        self.expect(probe, DND)
        self.set_dunst_paused(dunst, False)
        self.expect(probe, DND, NONE)
        # Setting the same value again changes nothing; the next real change is the next line.
        self.set_dunst_paused(dunst, False)
        self.set_dunst_paused(dunst, True)
        self.expect(probe, DND, NONE, DND)

    def test_dunst_paused_before_start(self):
        self.start_dunst(paused=True)
        probe = self.start_probe()
        self.expect(probe, DND)

    def test_dunst_starts_later_and_leaves(self):
        probe = self.start_probe()
        dunst = self.start_dunst(paused=True)
        self.expect(probe, DND)
        dunst.stop()
        self.expect(probe, DND, NONE)

    def test_dunst_replaced_by_plasma(self):
        '''A paused dunst replaced by another server: its state drops out.'''
        dunst = self.start_dunst(paused=True)
        probe = self.start_probe()
        self.expect(probe, DND)
        plasma = self.start_plasma(replacing=dunst)
        self.expect(probe, DND, NONE)
        self.set_plasma_inhibited(plasma, True)
        self.expect(probe, DND, NONE, DND)
        # The replaced dunst (still running, no longer owner) is not listened to.
        self.set_dunst_paused(dunst, False)
        self.set_plasma_inhibited(plasma, False)
        self.expect(probe, DND, NONE, DND, NONE)

    def test_plasma_inhibited(self):
        plasma = self.start_plasma(inhibited=True)
        probe = self.start_probe()
        self.expect(probe, DND)
        self.set_plasma_inhibited(plasma, False)
        self.expect(probe, DND, NONE)
        self.set_plasma_inhibited(plasma, True)
        self.expect(probe, DND, NONE, DND)

    def test_mako_modes_property(self):
        '''mako >= 1.10: Modes is invalidated on change and read again.'''
        mako = self.start_mako()
        probe = self.start_probe()
        self.set_mako_modes(mako, 'default', 'do-not-disturb')
        self.expect(probe, DND)
        self.set_mako_modes(mako, 'default', 'dark')
        self.expect(probe, DND, NONE)

    def test_mako_in_dnd_at_start(self):
        self.start_mako(modes=('default', 'do-not-disturb'))
        probe = self.start_probe()
        self.expect(probe, DND)

    def test_older_mako_is_read_on_refresh(self):
        '''mako < 1.10 has only ListModes and sends no signal: read at start and when
        busy_refresh() asks, never by polling.'''
        mako = self.start_mako(modes=('default', 'do-not-disturb'), modes_property=False)
        probe = self.start_probe()
        self.expect(probe, DND)
        self.set_mako_modes(mako, 'default')
        self.refresh(probe)
        self.assertEqual(probe.reasons(), [DND, NONE], probe.tail())
        self.set_mako_modes(mako, 'do-not-disturb')
        self.refresh(probe)
        self.assertEqual(probe.reasons(), [DND, NONE, DND], probe.tail())
        # Nothing to re-read: the refresh finds the same state and prints no change.
        self.refresh(probe)
        self.assertEqual(probe.reasons(), [DND, NONE, DND], probe.tail())

    def test_mako_replaced_by_newer_mako(self):
        old = self.start_mako(modes=('do-not-disturb',), modes_property=False)
        probe = self.start_probe()
        self.expect(probe, DND)
        new = self.start_mako(modes=('default',), replacing=old)
        self.expect(probe, DND, NONE)
        self.set_mako_modes(new, 'do-not-disturb')
        self.expect(probe, DND, NONE, DND)

    def test_respect_dnd_off(self):
        dunst = self.start_dunst(paused=True)
        logind = self.start_logind()
        probe = self.start_probe('--no-dnd')
        self.set_dunst_paused(dunst, False)
        self.set_dunst_paused(dunst, True)
        # The first line must come from the inhibitor: dunst is not watched at all.
        self.set_block_inhibited(logind, 'idle')
        self.expect(probe, INHIBITED)

    def test_respect_dnd_switched_live(self):
        '''busy_set_respect(): watchers start and stop, the other group keeps its state.'''
        self.start_dunst(paused=True)
        logind = self.start_logind('idle')
        probe = self.start_probe('--no-dnd')
        self.expect(probe, INHIBITED)
        self.toggle_respect_dnd(probe, 'on')
        self.expect(probe, INHIBITED, DND)
        self.toggle_respect_dnd(probe, 'off')
        self.expect(probe, INHIBITED, DND, INHIBITED)
        self.set_block_inhibited(logind, '')
        self.expect(probe, INHIBITED, DND, INHIBITED, NONE)

    def test_never_starts_a_notification_server(self):
        '''Notification daemons are D-Bus activatable: asking one must not start it.'''
        monitor = limbertest.connect(self.sandbox.session.address)
        self.addCleanup(monitor.close)
        calls = []

        def on_message(conn, msg):
            if isinstance(msg, dbus.lowlevel.MethodCallMessage) and \
                    msg.get_path() in (NOTIFICATIONS_PATH, '/fr/emersion/Mako',
                                       '/org/gnome/SessionManager'):
                calls.append((msg.get_destination(), msg.get_member(), msg.get_auto_start()))
            return dbus.lowlevel.HANDLER_RESULT_NOT_YET_HANDLED
        monitor.add_message_filter(on_message)
        monitor.call_blocking('org.freedesktop.DBus', '/org/freedesktop/DBus',
                              'org.freedesktop.DBus.Monitoring', 'BecomeMonitor', 'asu',
                              (dbus.Array([], signature='s'), dbus.UInt32(0)))
        probe = self.start_probe()
        dunst = self.start_dunst(paused=True)
        self.expect(probe, DND)
        self.set_dunst_paused(dunst, False)
        self.expect(probe, DND, NONE)
        pump()
        probe_calls = [c for c in calls if c[1] in ('Get', 'ListModes')]
        # At start: dunst, plasma and mako's property of org.freedesktop.Notifications and
        # gnome-session's; then dunst's three again for the new owner.
        self.assertGreaterEqual(len(probe_calls), 4, calls)
        self.assertEqual([c for c in probe_calls if c[2]], [], 'calls that may activate a service')


class RealDunstTest(BusyTestCase):
    '''The real dunst, on an Xvfb display, driven by dunstctl.'''

    def start_real_dunst(self):
        for program in ('dunst', 'dunstctl', 'Xvfb'):
            if not shutil.which(program):
                self.skipTest(f'{program} is missing (.ci/install-deps --test installs it)')
        xvfb = Process('xvfb', ['Xvfb', '-displayfd', '1', '-nolisten', 'tcp', '-screen', '0',
                                '640x480x24'], self.sandbox.base_env, self.sandbox.logdir)
        self.sandbox.mocks.append(Helper(xvfb))
        display = self.wait_for(lambda: next((line for line in xvfb.output().splitlines()[1:]
                                              if line.strip().isdigit()), None), 20,
                                'Xvfb to choose a display')
        self.dunst_env = dict(self.sandbox.env, DISPLAY=':' + display.strip())
        conf = self.sandbox.write(os.path.join(self.sandbox.root, 'dunstrc'), '')
        dunst = Process('dunst', ['dunst', '-conf', conf], self.dunst_env, self.sandbox.logdir)
        self.sandbox.mocks.append(Helper(dunst))
        limbertest.wait_name(self.sandbox.session.conn, NOTIFICATIONS, 20, dunst)
        return dunst

    def dunstctl(self, *args):
        r = subprocess.run(['dunstctl', *args], env=self.dunst_env, capture_output=True, text=True,
                           timeout=30 * SCALE)
        self.assertEqual(r.returncode, 0, f'dunstctl {" ".join(args)}: {r.stdout}{r.stderr}')

    def test_dunstctl(self):
        dunst = self.start_real_dunst()
        probe = self.start_probe()
        self.dunstctl('set-paused', 'true')
        self.expect(probe, DND)
        self.dunstctl('set-paused', 'false')
        self.expect(probe, DND, NONE)
        self.dunstctl('set-paused', 'toggle')
        self.expect(probe, DND, NONE, DND)
        dunst.stop()
        self.expect(probe, DND, NONE, DND, NONE)


MATE_SCHEMA = '''<?xml version="1.0" encoding="UTF-8"?>
<schemalist>
  <schema id="org.mate.NotificationDaemon" path="/org/mate/notification-daemon/">
    <key name="do-not-disturb" type="b">
      <default>false</default>
    </key>
  </schema>
</schemalist>
'''


class GnomeDndTest(BusyTestCase):
    '''GNOME's do-not-disturb: GSettings, watched by the notification helper (limber-notify),
    in a GNOME session only.'''

    def gsettings_env(self, desktop='GNOME'):
        if not shutil.which('glib-compile-schemas'):
            self.skipTest('glib-compile-schemas is missing (libglib2.0-bin)')
        schemas = os.path.join(self.sandbox.root, 'schemas')
        self.sandbox.write(os.path.join(schemas, 'org.gnome.desktop.notifications.gschema.xml'),
                           GNOME_SCHEMA)
        subprocess.run(['glib-compile-schemas', schemas], check=True)
        self.keyfile = os.path.join(self.sandbox.env['XDG_CONFIG_HOME'], 'glib-2.0', 'settings',
                                    'keyfile')
        self.set_show_banners(True)
        return dict(self.sandbox.env, GSETTINGS_SCHEMA_DIR=schemas, GSETTINGS_BACKEND='keyfile',
                    XDG_CURRENT_DESKTOP=desktop)

    def mate_env(self):
        env = self.gsettings_env(desktop='MATE')
        self.sandbox.write(os.path.join(env['GSETTINGS_SCHEMA_DIR'], 'org.mate.NotificationDaemon.gschema.xml'),
                           MATE_SCHEMA)
        subprocess.run(['glib-compile-schemas', env['GSETTINGS_SCHEMA_DIR']], check=True)
        return env

    def set_mate_dnd(self, value, show_banners=None):
        # What "gsettings set org.mate.NotificationDaemon do-not-disturb true" does.
        gnome = ('' if show_banners is None else '[org/gnome/desktop/notifications]\n'
                 f'show-banners={"true" if show_banners else "false"}\n')
        self.sandbox.write(self.keyfile + '.new', gnome + '[org/mate/notification-daemon]\n'
                           f'do-not-disturb={"true" if value else "false"}\n')
        os.replace(self.keyfile + '.new', self.keyfile)

    def test_mate_do_not_disturb(self):
        '''MATE keeps do-not-disturb itself in GSettings; watched in a MATE session only.'''
        env = self.mate_env()
        probe = self.start_probe('--gnome-dnd', env=env)
        self.wait_lines(probe, lambda lines: 'GNOME-DND watching' in lines, 'GNOME-DND watching')
        self.set_mate_dnd(True)
        self.expect(probe, DND)
        self.set_mate_dnd(False)
        self.expect(probe, DND, NONE)
        # GNOME's key means nothing to MATE: with show-banners false all along, MATE's key alone
        # still decides (were GNOME's key taken, the last change would print nothing).
        self.set_show_banners(False)
        self.set_mate_dnd(True, show_banners=False)
        self.expect(probe, DND, NONE, DND)
        self.set_mate_dnd(False, show_banners=False)
        self.expect(probe, DND, NONE, DND, NONE)

    def set_show_banners(self, value):
        # What "gsettings set org.gnome.desktop.notifications show-banners false" does with the
        # keyfile backend; the backend watches the file.
        self.sandbox.write(self.keyfile + '.new', '[org/gnome/desktop/notifications]\n'
                           f'show-banners={"true" if value else "false"}\n')
        os.replace(self.keyfile + '.new', self.keyfile)

    def helpers(self, probe):
        return limbertest.notification_helpers(probe.pid)

    def test_show_banners(self):
        env = self.gsettings_env()
        probe = self.start_probe('--gnome-dnd', env=env)
        self.wait_lines(probe, lambda lines: 'GNOME-DND watching' in lines, 'GNOME-DND watching')
        self.set_show_banners(False)
        self.expect(probe, DND)
        self.set_show_banners(True)
        self.expect(probe, DND, NONE)
        self.assertEqual(len(self.helpers(probe)), 1, 'one helper watches GSettings')

    def test_show_banners_off_at_start(self):
        env = self.gsettings_env(desktop='ubuntu:GNOME')
        self.set_show_banners(False)
        probe = self.start_probe('--gnome-dnd', env=env)
        self.expect(probe, DND)

    def test_respect_dnd_off(self):
        env = self.gsettings_env()
        self.set_show_banners(False)
        logind = self.start_logind()
        probe = self.start_probe('--gnome-dnd', '--no-dnd', env=env)
        self.wait_lines(probe, lambda lines: 'GNOME-DND watching' in lines, 'GNOME-DND watching')
        self.set_block_inhibited(logind, 'idle')
        self.expect(probe, INHIBITED)

    def test_not_gnome(self):
        '''Outside GNOME, show-banners is nobody's do-not-disturb (only GNOME Shell honours it),
        even with the schema installed and the key false: not watched, and no helper runs.'''
        env = self.gsettings_env(desktop='XFCE')
        self.set_show_banners(False)
        dunst = self.start_dunst()
        probe = self.start_probe('--gnome-dnd', env=env)
        self.wait_lines(probe, lambda lines: 'GNOME-DND absent' in lines, 'GNOME-DND absent')
        self.assertEqual(self.helpers(probe), [])
        # The first reason is dunst's: show-banners did not count.
        self.set_dunst_paused(dunst, True)
        self.expect(probe, DND)
        self.set_dunst_paused(dunst, False)
        self.expect(probe, DND, NONE)
        self.assertEqual(self.helpers(probe), [])

    def test_no_schema(self):
        '''A GNOME session without the schema: it is said, and nothing else breaks.'''
        dunst = self.start_dunst()
        probe = self.start_probe('--gnome-dnd', env=dict(self.sandbox.env, XDG_CURRENT_DESKTOP='GNOME'))
        self.wait_lines(probe, lambda lines: 'GNOME-DND watching' in lines, 'GNOME-DND watching')
        self.wait_lines(probe, lambda _: 'without the GSettings schema' in probe.output(),
                        'the missing schema in the log')
        self.set_dunst_paused(dunst, True)
        self.expect(probe, DND)
        # Nothing to watch and nothing on screen: the helper is gone.
        self.wait_lines(probe, lambda _: not self.helpers(probe), 'the helper to end')

    def test_helper_killed(self):
        '''The helper dies young (here: SIGTERM, which it must not have blocked): its
        do-not-disturb is forgotten, logged, and not restarted in a loop; the probe goes on.'''
        env = self.gsettings_env()
        self.set_show_banners(False)
        probe = self.start_probe('--gnome-dnd', env=env)
        self.expect(probe, DND)
        helpers = self.helpers(probe)
        self.assertEqual(len(helpers), 1)
        os.kill(helpers[0], signal.SIGTERM)
        self.expect(probe, DND, NONE)
        self.wait_lines(probe, lambda _: 'no longer watched' in probe.output(),
                        '"no longer watched" in the log')
        self.refresh(probe)                             # a round trip: nothing was started since
        self.assertEqual(self.helpers(probe), [])
        self.assertTrue(probe.alive())


XFCONFD = '/usr/lib/x86_64-linux-gnu/xfce4/xfconf/xfconfd'


class RealXfconfTest(BusyTestCase):
    '''Xfce's do-not-disturb in the real xfconfd, set with xfconf-query as xfce4-notifyd's
    settings dialog does: PropertyChanged announces it, nothing is polled.'''

    def xfconf_query(self, *args):
        r = subprocess.run(['xfconf-query', '-c', 'xfce4-notifyd', '-p', '/do-not-disturb', *args],
                           env=self.sandbox.env, capture_output=True, text=True, timeout=30 * SCALE)
        self.assertEqual(r.returncode, 0, f'xfconf-query {" ".join(args)}: {r.stdout}{r.stderr}')

    def start_xfconfd(self):
        xfconfd = next((p for p in (XFCONFD, '/usr/lib/xfce4/xfconf/xfconfd') if os.access(p, os.X_OK)), None)
        if not xfconfd or not shutil.which('xfconf-query'):
            self.skipTest('xfconfd or xfconf-query is missing (package xfconf)')
        process = Process('xfconfd', [xfconfd], self.sandbox.env, self.sandbox.logdir)
        self.sandbox.mocks.append(Helper(process))
        limbertest.wait_name(self.sandbox.session.conn, 'org.xfce.Xfconf', 20, process)
        return process

    def test_do_not_disturb(self):
        xfconfd = self.start_xfconfd()
        self.xfconf_query('-n', '-t', 'bool', '-s', 'true')
        probe = self.start_probe()
        self.expect(probe, DND)                         # read at start
        self.xfconf_query('-s', 'false')
        self.expect(probe, DND, NONE)
        self.xfconf_query('-s', 'true')
        self.expect(probe, DND, NONE, DND)
        self.xfconf_query('-r')                         # removed: the default, off
        self.expect(probe, DND, NONE, DND, NONE)
        self.xfconf_query('-n', '-t', 'bool', '-s', 'true')
        self.expect(probe, DND, NONE, DND, NONE, DND)
        xfconfd.stop()                                  # gone: nobody says do-not-disturb
        self.expect(probe, DND, NONE, DND, NONE, DND, NONE)


class OlderMakoDeferralTest(BusyTestCase):
    '''limberd itself with an older mako (no Modes property, no signal): a break that falls due
    in do-not-disturb is held back without a flash (no Notify at all), and the end of
    do-not-disturb is noticed within seconds while the break is held, not at defer-max.'''

    def notify_calls(self, mako):
        obj = self.sandbox.session.conn.get_object(mako.unique_name, NOTIFICATIONS_PATH, introspect=False)
        return [limbertest.unwrap(a) for _, a in
                dbus.Interface(obj, limbertest.MOCK_IFACE).GetMethodCalls('Notify')]

    @limbertest.setup(config={'schedule': {'interval': '2s', 'snooze': '3s', 'max-postpone': '1h'},
                              'busy': {'defer-max': '1h'}}, mocks=(), daemon=False)
    def test_held_without_flash_and_released_soon(self):
        mako = self.start_mako(modes=('default', 'do-not-disturb'), modes_property=False)
        self.start_daemon()
        self.advance(2)                                 # the interval
        self.wait_prop('State', lambda v: v == 'deferred', 20, 'State == deferred')
        self.assertEqual(self.prop('BusyReason'), DND)
        self.advance(2)
        self.assertEqual(self.notify_calls(mako), [], 'a reminder was sent while in do-not-disturb')
        self.set_mako_modes(mako, 'default')
        self.advance(5)                                 # limberd reads a silent server every 5 s
        self.wait_prop('BusyReason', lambda v: v == '', 3, 'BusyReason == "" once those 5 s passed')
        self.wait_for(lambda: self.notify_calls(mako), 20, 'the reminder after do-not-disturb')
        hints = self.notify_calls(mako)[0][6]
        self.assertEqual(hints.get('urgency'), 1, f'the reminder after do-not-disturb is not normal: {hints}')


class InhibitorTest(BusyTestCase):
    def test_logind_block_inhibited(self):
        logind = self.start_logind()
        probe = self.start_probe()
        # Inhibiting only sleep is not an idle inhibitor: the next line is the idle one.
        self.set_block_inhibited(logind, 'sleep')
        self.set_block_inhibited(logind, 'sleep:idle:handle-lid-switch')
        self.expect(probe, INHIBITED)
        self.set_block_inhibited(logind, 'sleep')
        self.expect(probe, INHIBITED, NONE)

    def test_logind_inhibited_at_start_and_restart(self):
        logind = self.start_logind('idle:sleep')
        probe = self.start_probe()
        self.expect(probe, INHIBITED)
        logind.stop()
        self.expect(probe, INHIBITED, NONE)
        # The mock gets BlockInhibited only after it owns the name (a real logind has it from
        # the start and restores its inhibitors): the value comes with PropertiesChanged.
        logind = self.start_logind()
        self.set_block_inhibited(logind, 'idle')
        self.expect(probe, INHIBITED, NONE, INHIBITED)

    def test_gnome_session(self):
        session = self.start_gnome_session()
        probe = self.start_probe()
        suspend = self.gnome_inhibit(session, 4)
        video = self.gnome_inhibit(session, 8 | 4)
        self.expect(probe, INHIBITED)
        self.gnome_uninhibit(session, suspend)
        self.gnome_uninhibit(session, video)
        self.expect(probe, INHIBITED, NONE)

    def test_respect_inhibitors_off(self):
        dunst = self.start_dunst()
        self.start_logind('idle')
        session = self.start_gnome_session()
        self.gnome_inhibit(session, 8)
        probe = self.start_probe('--no-inhibitors')
        self.set_dunst_paused(dunst, True)
        self.expect(probe, DND)


class CombinedTest(BusyTestCase):
    def test_dnd_wins(self):
        dunst = self.start_dunst()
        logind = self.start_logind()
        session = self.start_gnome_session()
        probe = self.start_probe()
        self.set_block_inhibited(logind, 'idle')
        self.expect(probe, INHIBITED)
        self.set_dunst_paused(dunst, True)
        self.expect(probe, INHIBITED, DND)
        # Inhibitors coming and going under do-not-disturb change nothing...
        cookie = self.gnome_inhibit(session, 8)
        self.set_block_inhibited(logind, '')
        # ... so the next line is do-not-disturb ending, back to the remaining inhibitor.
        self.set_dunst_paused(dunst, False)
        self.expect(probe, INHIBITED, DND, INHIBITED)
        self.gnome_uninhibit(session, cookie)
        self.expect(probe, INHIBITED, DND, INHIBITED, NONE)

    def test_no_polling(self):
        '''With every server present and nothing changing, the probe sleeps.'''
        dunst = self.start_dunst()
        self.start_logind()
        self.start_gnome_session()
        probe = self.start_probe()
        self.set_dunst_paused(dunst, True)
        self.expect(probe, DND)
        pump(0.5)
        before = limbertest._thread_switches(probe.pid)
        pump(3)
        woke = limbertest._thread_switches(probe.pid) - before
        self.assertLessEqual(woke, 2, f'the probe woke {woke} times in 3 s of nothing')


if __name__ == '__main__':
    limbertest.main()
