'''Harness of the real-desktops suite (meson test --suite real-desktops): limberd against the
real programs, each started headless on private buses (recipes in the project's desktop
notes): GNOME Shell, KWin with mako, the X11 notification servers under Xvfb. Every scenario
walks the same path (RealDesktopTest.walk): auto-detection, idle after idle-after, active
again on real input, the reminder shown with its actions (seen on the bus, and in a
screenshot where the desktop can take one), an action handled where the server can choose
one from outside, do-not-disturb deferral and release, and recovery after the compositor or
X server restarts. A desktop whose programs are missing is skipped, saying which.'''

import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'integration'))

import desktoptest  # noqa: E402
from desktoptest import Helper, HelperProcess, artifacts_dir  # noqa: E402
import limbertest  # noqa: E402
from limbertest import SCALE, LimberTestCase, pump  # noqa: E402

IDLE_AFTER = 2
CONFIG = {
    'schedule': {'interval': '4s', 'snooze': '3s', 'idle-after': f'{IDLE_AFTER}s', 'natural-break': '1h',
                 'max-postpone': '1h'},
    'busy': {'defer-max': '1h'},
}
NOTIFICATIONS = 'org.freedesktop.Notifications'


def require(*tools):
    '''Skips the whole file (exit 77) naming what is missing.'''
    desktoptest.require(*tools)


class NotifyWatch:
    '''Every Notify and CloseNotification call on the session bus (eavesdropping, as
    dbus-monitor does), with what limber sends told apart.'''

    def __init__(self, address):
        self.conn = limbertest.connect(address)
        self.calls = []                 # (time.monotonic(), member, args)
        self.conn.add_match_string("eavesdrop='true',type='method_call',interface='org.freedesktop.Notifications'")
        self.conn.add_message_filter(self._filter)

    def _filter(self, conn, msg):
        if msg.get_member() in ('Notify', 'CloseNotification'):
            self.calls.append((time.monotonic(), msg.get_member(), limbertest.unwrap(msg.get_args_list())))

    def reminders(self, since=0.0):
        '''limber's reminders: Notify from app "limber" offering the start action.'''
        pump()
        return [(t, a) for t, m, a in self.calls
                if m == 'Notify' and t >= since and a[0] == 'limber' and 'start' in a[5][::2]]

    def closes(self, since=0.0):
        pump()
        return [t for t, m, _ in self.calls if m == 'CloseNotification' and t >= since]


class MakoServer:
    '''For a RealDesktopTest whose notification server is mako (self.env its environment):
    do-not-disturb as a mode, actions chosen with makoctl invoke.'''

    def makoctl(self, *args):
        r = subprocess.run(['makoctl', *args], env=self.env, capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 0, f'makoctl {" ".join(args)}: {r.stdout}{r.stderr}')
        return r.stdout

    def dnd(self, on):
        self.makoctl('mode', '-a' if on else '-r', 'do-not-disturb')

    def invoke(self, action):
        shown = json.loads(self.makoctl('list'))['data'][0]
        reminder = next((n for n in shown if n['app-name']['data'] == 'limber'), None)
        if reminder is None:
            calls = [(m, a[:4] if m == 'Notify' else a) for _, m, a in self.notify_watch.calls]
            self.fail(f'mako lists no notification of limber: {shown}; calls {calls}')
        self.assertIn(action, reminder['actions']['data'], f'mako shows no {action} action: {reminder}')
        self.makoctl('invoke', '-n', str(reminder['id']['data']), action)
        return True


class RealDesktopTest(LimberTestCase):
    MOCKS = ('logind',)
    START_DAEMON = False
    CONFIG = limbertest.merge_config(limbertest.DEFAULT_CONFIG, CONFIG)
    SOURCE = None               # the idle source auto must pick
    HAS_DND = True              # the server has a do-not-disturb mode
    IDLE_BY_INPUT = True        # the idle source follows real input (not sway 1.7's logind)

    def setUp(self):
        super().setUp()
        # The desktops need the system's data: GSettings schemas, the MIME database (GTK's
        # image loaders), icons, .desktop files. The sandbox's own folder stays first.
        for env in (self.sandbox.env, self.sandbox.base_env):
            env['XDG_DATA_DIRS'] += ':/usr/local/share:/usr/share'

    # ---- what each desktop provides ----
    def poke(self):
        '''One bit of real input (a pointer move, a key).'''
        raise NotImplementedError

    def dnd(self, on):
        raise NotImplementedError

    def invoke(self, action):
        '''Chooses action on limber's reminder the way the user would; False when the server
        offers no way to do so from outside.'''
        return False

    def screenshot(self, name):
        return None

    def restart(self):
        '''Kills the compositor or X server and starts it again in the same place.'''
        raise NotImplementedError

    # ---- helpers ----
    def start(self, name, argv, env, **kw):
        process = HelperProcess(name, argv, env, self.sandbox.logdir, **kw)
        Helper(self.sandbox, process)
        return process

    def until(self, pred, timeout, what, poke=False):
        '''Waits for pred(), with real input every 0.7 s when poke.'''
        deadline = time.monotonic() + timeout * SCALE
        while True:
            value = pred()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f'timed out after {timeout} s waiting for {what}; '
                                     f'limberd properties: {self.props()}')
            if poke:
                self.poke()
            pump(0.7)

    def shoot(self, name):
        path = self.screenshot(name)
        if path:
            self.assertTrue(os.path.getsize(path) > 0, f'empty screenshot {path}')
            sys.stderr.write(f'screenshot: {path}\n')
        return path

    # ---- the scenario ----
    def walk(self):
        times = {}
        t0 = time.monotonic()
        watch = self.notify_watch = NotifyWatch(self.sandbox.session.address)
        self.start_daemon()
        self.wait_prop('IdleSource', lambda v: v == self.SOURCE, 20, f'IdleSource == {self.SOURCE}')

        # Idle after idle-after without input, active again on real input.
        if self.IDLE_BY_INPUT:
            t = time.monotonic()
            self.wait_prop('Idle', bool, IDLE_AFTER + 20, 'Idle == true without input')
            self.assertGreaterEqual(time.monotonic() - t, IDLE_AFTER - 1.5, 'idle sooner than idle-after')
            self.until(lambda: not self.prop('Idle'), 20, 'Idle == false after real input', poke=True)

        # The reminder, with its actions, after interval of work.
        shown = self.until(lambda: watch.reminders(), 30, "limber's reminder", poke=True)
        actions = shown[0][1][5][::2]
        for key in ('start', 'snooze', 'skip'):
            self.assertIn(key, actions, f'the reminder lacks the {key} action: {shown[0][1]}')
        self.assertEqual(self.prop('State'), 'due')
        # Real input after the break fell due: the user is at work while it shows.
        self.poke()
        pump(1.5)
        self.shoot(f'{self.id().split(".")[-1]}-reminder.png')
        times['reminder'] = time.monotonic() - t0

        # An action chosen on the server reaches limberd.
        if self.invoke('skip'):
            self.wait_prop('SkippedToday', lambda v: v == 1, 20, 'SkippedToday == 1 after the skip action')
        else:
            sys.stderr.write(f'{self.id()}: this server offers no outside way to choose an action\n')

        # Do-not-disturb: the due break is held back (no reminder sent), and released soon
        # after it ends.
        if self.HAS_DND:
            self.walk_dnd(watch, times)
        else:
            sys.stderr.write(f'{self.id()}: this server has no do-not-disturb\n')

        # The compositor (or X server) restarts: the source comes back.
        t = time.monotonic()
        self.restart()
        self.wait_prop('IdleSource', lambda v: v == self.SOURCE, 40, f'IdleSource == {self.SOURCE} after the restart')
        # The break is still due: its repeat reaches the restarted desktop's server.
        self.until(lambda: watch.reminders(since=t), 30, 'a reminder on the restarted desktop', poke=True)
        if self.IDLE_BY_INPUT:
            self.wait_prop('Idle', bool, IDLE_AFTER + 20, 'Idle == true on the restarted desktop')
            self.until(lambda: not self.prop('Idle'), 20, 'Idle == false on the restarted desktop', poke=True)
        times['restart'] = time.monotonic() - t
        sys.stderr.write(f'{self.id()}: ' + ', '.join(f'{k} {v:.1f} s' for k, v in times.items()) +
                         f', all {time.monotonic() - t0:.1f} s\n')

    def walk_dnd(self, watch, times):
        mark = time.monotonic()
        self.dnd(True)
        # A server without change signals (mako 1.7) is read when the break falls due.
        self.until(lambda: self.prop('State') == 'deferred', 30, 'State == deferred', poke=True)
        self.assertEqual(self.prop('BusyReason'), 'do-not-disturb')
        pump(2)
        self.assertEqual(watch.reminders(since=mark), [], 'a reminder was sent in do-not-disturb')
        self.dnd(False)
        released = time.monotonic()
        # (Re-read while held, i.e. while the user is at the desk: input keeps them there.)
        self.until(lambda: self.prop('BusyReason') == '', 20, 'BusyReason == "" after do-not-disturb', poke=True)
        self.until(lambda: watch.reminders(since=released), 30, 'the reminder after do-not-disturb', poke=True)
        times['dnd'] = time.monotonic() - released


def main():
    limbertest.main()
