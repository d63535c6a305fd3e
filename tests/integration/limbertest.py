'''limbertest: the harness of limber's integration tests.

Every test runs in its own sandbox: a temporary folder holding HOME and all XDG folders, a
private session bus and a private "system" bus (dbus-daemon with a generated configuration
that allows everything and activates nothing), python-dbusmock mocks of the notification
server, logind and GNOME's idle monitor, and limberd itself. Nothing is shared between
tests, so test files may run in parallel. Every process is started with PR_SET_PDEATHSIG, so
nothing outlives the test runner even when it is killed; teardown stops limberd with SIGTERM
and checks that it exits with 0.

Environment:
  LIMBERD, LIMBERCTL            the programs under test (set by meson)
  LIMBERD_WRAPPER               a command line limberd runs under, e.g. "valgrind
                                --error-exitcode=99 --leak-check=full" (its exit code then
                                counts like limberd's own)
  LIMBER_EXERCISES              the shipped exercises.ini (set by meson; put in the sandbox
                                as $XDG_DATA_DIRS/limber/exercises.ini)
  LIMBER_FAKECLOCK_LIB          tests/reliability/fakeclock.so (set by meson): limberd runs
                                with it preloaded, so a test can make time pass at once
                                (LimberTestCase.advance); without it such tests are skipped
  LIMBER_TEST_TIMEOUT_SCALE     multiply every deadline (default 1; slow machines: 3)
  LIMBER_TEST_VERBOSE=1         print the logs of limberd and the mocks after every test,
                                not only after failures
  LIMBER_TEST_KEEP=1            keep the sandbox folders

Run with /usr/bin/python3 (Debian's python3-dbusmock, python3-dbus, python3-gi).
'''

import ctypes
import json
import os
import re
import select
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import dbus
import dbus.mainloop.glib
from gi.repository import GLib

dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = os.path.join(HERE, 'templates')
PYTHON = '/usr/bin/python3'
# The shipped exercise catalog (meson passes its path; default: the source tree's).
EXERCISES = os.environ.get('LIMBER_EXERCISES') or os.path.join(HERE, '..', '..', 'config',
                                                                'exercises.ini')

BUS_NAME = 'io.github.limber.Limber1'
OBJECT_PATH = '/io/github/limber/Limber1'
INTERFACE = 'io.github.limber.Limber1'
PROPERTIES = 'org.freedesktop.DBus.Properties'
MOCK_IFACE = 'org.freedesktop.DBus.Mock'
INVALID_ARGS = 'org.freedesktop.DBus.Error.InvalidArgs'

USEC = 1_000_000
SCALE = float(os.environ.get('LIMBER_TEST_TIMEOUT_SCALE', '1') or '1')

STATES = ('working', 'idle', 'due', 'snoozed', 'on-break', 'paused', 'deferred', 'off-hours')
HISTORY_KINDS = ('taken', 'logged', 'natural', 'skipped', 'snoozed')

# The configuration most tests run with: a reminder every 3 s of activity.
DEFAULT_CONFIG = {
    'schedule': {
        'interval': '3s',
        'max-postpone': '1h',
        'break-duration': '4s',
        'snooze': '2s',
        'natural-break': '3s',
        'idle-after': '1s',
    },
    'exercises': {
        'per-break': '2',
    },
}


def usec(seconds):
    return int(seconds * USEC)


_passed_usec = 0            # the running test's FakeClock.passed_usec


def realtime_usec():
    '''limberd's wall clock: the real one plus the time the test made pass (advance()).'''
    return time.time_ns() // 1000 + _passed_usec


# ---------------------------------------------------------------------------------------------
# D-Bus values

def unwrap(v):
    '''dbus-python values to plain Python ones (bool, int, float, str, list, tuple, dict).'''
    if isinstance(v, dbus.Boolean):
        return bool(v)
    if isinstance(v, (dbus.Byte, dbus.Int16, dbus.UInt16, dbus.Int32, dbus.UInt32,
                      dbus.Int64, dbus.UInt64)):
        return int(v)
    if isinstance(v, dbus.Double):
        return float(v)
    if isinstance(v, (dbus.String, dbus.ObjectPath, dbus.Signature)):
        return str(v)
    if isinstance(v, dbus.Dictionary):
        return {unwrap(k): unwrap(x) for k, x in v.items()}
    if isinstance(v, dbus.Struct):
        return tuple(unwrap(x) for x in v)
    if isinstance(v, dbus.Array):
        if v.signature == 'y':
            return bytes(int(x) for x in v)
        return [unwrap(x) for x in v]
    if isinstance(v, (list, tuple)):
        return type(v)(unwrap(x) for x in v)
    if isinstance(v, dict):
        return {unwrap(k): unwrap(x) for k, x in v.items()}
    return v


def pump(seconds=0.0):
    '''Dispatches queued D-Bus messages (signals) and waits up to seconds.'''
    ctx = GLib.MainContext.default()
    end = time.monotonic() + seconds
    while True:
        while ctx.pending():
            ctx.iteration(False)
        left = end - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(0.05, left))


def connect(address):
    return dbus.bus.BusConnection(address)


def wait_name(conn, name, timeout, process=None):
    '''Polls until name has an owner; returns the unique name. Fails early if process dies.'''
    deadline = time.monotonic() + timeout * SCALE
    while True:
        try:
            return str(conn.get_name_owner(name))
        except dbus.exceptions.DBusException:
            pass
        if process is not None and not process.alive():
            raise AssertionError(f'{process.name} exited with {process.returncode()} before it '
                                 f'owned {name}:\n{process.tail()}')
        if time.monotonic() > deadline:
            raise AssertionError(f'{name} did not appear on the bus within {timeout * SCALE:.0f} s'
                                 + (f':\n{process.tail()}' if process else ''))
        time.sleep(0.05)


# ---------------------------------------------------------------------------------------------
# Processes

_libc = ctypes.CDLL(None, use_errno=True)
_PR_SET_PDEATHSIG = 1


def _die_with(parent):
    def setup():
        # Killed when the test runner goes away, whatever happens to it.
        _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)
    return setup


_processes = []             # every Process started, for the SIGTERM handler
_sandboxes = []             # every Sandbox not yet removed


def _on_sigterm(signum, _frame):
    '''meson's timeout (or anyone) stops the runner: kill the helpers, remove the folders.'''
    for p in _processes:
        if p.alive():
            p.proc.kill()
    for sb in list(_sandboxes):
        sb.remove()
    sys.stderr.write(f'limbertest: stopped by signal {signum}\n')
    os._exit(128 + signum)


signal.signal(signal.SIGTERM, _on_sigterm)


class Process:
    '''A helper process whose output goes to NAME.log in the sandbox.'''

    def __init__(self, name, argv, env, logdir):
        self.name = name
        self.argv = argv
        self.log_path = os.path.join(logdir, name + '.log')
        with open(self.log_path, 'ab') as log:
            log.write(f'--- {" ".join(argv)}\n'.encode(errors='surrogateescape'))
            log.flush()
            self.proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=subprocess.STDOUT, cwd=logdir,
                                         preexec_fn=_die_with(os.getpid()))
        self.pid = self.proc.pid
        _processes.append(self)

    def alive(self):
        return self.proc.poll() is None

    def returncode(self):
        return self.proc.poll()

    def stop(self, sig=signal.SIGTERM, timeout=10):
        '''Sends sig and waits; kills after timeout. Returns the exit code, or None if killed.'''
        if not self.alive():
            return self.proc.returncode
        try:
            self.proc.send_signal(sig)
            return self.proc.wait(timeout * SCALE)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None

    def output(self):
        try:
            with open(self.log_path, 'r', errors='replace') as f:
                return f.read()
        except OSError:
            return ''

    def tail(self, lines=60):
        out = self.output().splitlines()
        return '\n'.join(f'    {self.name}| {line}' for line in out[-lines:])


HELPER_FAILED = re.compile(r'The notification helper \(pid \d+\) '
                           r'(exited with status \d+|was killed by signal (4|6|7|8|11|31))')


def process_state(pid):
    '''(state letter, parent pid, command name) of pid, or None when it is gone.'''
    try:
        with open(f'/proc/{pid}/stat') as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rindex(')') + 2:].split()
    return fields[0], int(fields[1]), stat[stat.index('(') + 1:stat.rindex(')')]


def notification_helpers(parent):
    '''The running (not zombie) limber-notify children of parent.'''
    found = []
    for entry in os.listdir('/proc'):
        st = process_state(entry) if entry.isdigit() else None
        if st and st[1] == parent and st[0] != 'Z' and st[2] == 'limber-notify':
            found.append(int(entry))
    return found


def _thread_switches(pid):
    '''Context switches (voluntary + involuntary) of all threads of pid.'''
    total = 0
    for tid in os.listdir(f'/proc/{pid}/task'):
        try:
            with open(f'/proc/{pid}/task/{tid}/status') as f:
                for line in f:
                    if line.startswith(('voluntary_ctxt_switches:', 'nonvoluntary_ctxt_switches:')):
                        total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


# ---------------------------------------------------------------------------------------------
# Buses

_BUS_CONFIG = '''<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>{type}</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <!-- by default no servicedir: nothing is ever activated, a missing service stays missing -->{servicedir}
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_type="method_return"/>
    <allow send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="signal"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow eavesdrop="true"/>
  </policy>
</busconfig>
'''


class Bus:
    def __init__(self, sandbox, kind, services=()):
        '''services: names of .service files in /usr/share/dbus-1/services/ this bus may
        activate (the real desktops' tests: GNOME's notification service).'''
        self.kind = kind
        socket = os.path.join(sandbox.root, f'{kind}-bus')
        conf = os.path.join(sandbox.root, f'{kind}-bus.conf')
        servicedir = ''
        if services:
            folder = os.path.join(sandbox.root, f'{kind}-services')
            os.makedirs(folder)
            for name in services:
                shutil.copy(os.path.join('/usr/share/dbus-1/services', name), folder)
            servicedir = f'\n  <servicedir>{folder}</servicedir>'
        with open(conf, 'w') as f:
            f.write(_BUS_CONFIG.format(type=kind, socket=socket, servicedir=servicedir))
        self.address = 'unix:path=' + socket
        self.process = Process(f'{kind}-bus', ['dbus-daemon', '--config-file=' + conf, '--nofork',
                                               '--print-address=1'], sandbox.base_env, sandbox.logdir)
        deadline = time.monotonic() + 10 * SCALE
        while True:
            try:
                self.conn = connect(self.address)
                break
            except dbus.exceptions.DBusException:
                if not self.process.alive() or time.monotonic() > deadline:
                    raise AssertionError(f'cannot start the {kind} bus:\n{self.process.tail()}')
                time.sleep(0.05)

    def stop(self):
        try:
            self.conn.close()
        except Exception:
            pass
        self.process.stop()


# ---------------------------------------------------------------------------------------------
# Mocks

class Mock:
    '''A python-dbusmock process serving one template; controlled over its Mock interface.'''

    def __init__(self, sandbox, name, template, bus, bus_name, path, params=None):
        self.sandbox = sandbox
        self.bus = bus
        self.bus_name = bus_name
        self.path = path
        argv = [PYTHON, '-m', 'dbusmock', '--template', template,
                '--system' if bus.kind == 'system' else '--session']
        if params:
            argv += ['-p', json.dumps(params)]
        self.process = Process(name, argv, sandbox.env, sandbox.logdir)
        self.unique_name = wait_name(bus.conn, bus_name, 20, self.process)
        # Bound to this instance (its unique name), not to whoever owns the name later.
        self.obj = bus.conn.get_object(self.unique_name, path, introspect=False)
        self.mock = dbus.Interface(self.obj, MOCK_IFACE)

    def calls(self, method):
        '''[(args...)] of every call of method so far, in order.'''
        return [unwrap(args) for _, args in self.mock.GetMethodCalls(method)]

    def clear_calls(self):
        self.mock.ClearCalls()

    def emit(self, interface, name, signature, args, path=None):
        obj = self.obj if path is None else self.bus.conn.get_object(self.unique_name, path,
                                                                       introspect=False)
        dbus.Interface(obj, MOCK_IFACE).EmitSignal(interface, name, signature,
                                                   dbus.Array(args, signature='v'),
                                                   signature='sssav')

    def alive(self):
        return self.process.alive()

    def stop(self):
        self.process.stop()


class Notification:
    '''One Notify() call the notification server received.'''

    def __init__(self, index, args, nid, when):
        (self.app_name, self.replaces_id, self.icon, self.summary, self.body, actions,
         self.hints, self.expire_timeout) = args
        self.index = index
        self.id = nid
        self.time = when                          # time.monotonic() of arrival, or None
        self.actions = dict(zip(actions[0::2], actions[1::2]))   # key -> label

    @property
    def urgency(self):
        '''The urgency hint (0 low, 1 normal, 2 critical), None when absent.'''
        u = self.hints.get('urgency')
        return None if u is None else int(u)

    @property
    def text(self):
        return self.summary + '\n' + self.body

    def __repr__(self):
        return (f'Notification(#{self.index} id={self.id} replaces={self.replaces_id} '
                f'app={self.app_name!r} summary={self.summary!r} actions={list(self.actions)} '
                f'urgency={self.urgency} body={self.body[:60]!r})')


class NotificationServer(Mock):
    # What GNOME Shell announces; limberd may look for "actions" before adding buttons.
    CAPABILITIES = 'actions body body-markup icon-static persistence sound'

    def __init__(self, sandbox, name='notifications'):
        super().__init__(sandbox, name, 'notification_daemon', sandbox.session,
                         'org.freedesktop.Notifications', '/org/freedesktop/Notifications',
                         {'capabilities': self.CAPABILITIES})
        self.arrivals = []          # time.monotonic() of each Notify, from MethodCalled
        self.match = sandbox.session.conn.add_signal_receiver(
            self._method_called, signal_name='MethodCalled', dbus_interface=MOCK_IFACE,
            bus_name=self.unique_name, path=self.path)

    def _method_called(self, name, args):
        if name == 'Notify':
            self.arrivals.append(time.monotonic())

    def notifications(self):
        '''Every Notify call so far, oldest first, with the id the server returned.'''
        calls = self.calls('Notify')
        pump()
        out, next_id = [], 1
        for i, args in enumerate(calls):
            # the id logic of dbusmock's notification_daemon template
            if args[1]:
                nid = args[1]
            else:
                nid = next_id
                next_id += 1
            out.append(Notification(i, args, nid, self.arrivals[i] if i < len(self.arrivals) else None))
        return out

    def reminders(self):
        '''The Notify calls that are break reminders (they offer start, snooze and skip).'''
        return [n for n in self.notifications() if {'start', 'snooze', 'skip'} <= set(n.actions)]

    def closed(self):
        return [args[0] for args in self.calls('CloseNotification')]

    def invoke(self, notification, action, close=True):
        '''The user clicks a button. Like GNOME Shell, a non-resident notification is then
        closed (NotificationClosed reason 2).'''
        nid = notification.id if isinstance(notification, Notification) else int(notification)
        self.emit('org.freedesktop.Notifications', 'ActionInvoked', 'us',
                  [dbus.UInt32(nid), action])
        resident = isinstance(notification, Notification) and notification.hints.get('resident')
        if close and not resident:
            self.emit('org.freedesktop.Notifications', 'NotificationClosed', 'uu',
                      [dbus.UInt32(nid), dbus.UInt32(2)])

    def stop(self):
        try:
            self.match.remove()
        except Exception:
            pass
        super().stop()


class Logind(Mock):
    MANAGER = 'org.freedesktop.login1.Manager'
    SESSION = 'org.freedesktop.login1.Session'

    def __init__(self, sandbox, name='logind'):
        super().__init__(sandbox, name, 'logind', sandbox.system,
                         'org.freedesktop.login1', '/org/freedesktop/login1')
        # limberd asks GetSession("auto"); the template answers .../session/ + the argument.
        uid = os.getuid()
        self.session_path = str(self.mock.AddSession('auto', 'seat0', dbus.UInt32(uid),
                                                     f'user{uid}', True))
        self.session = self.bus.conn.get_object(self.unique_name, self.session_path, introspect=False)

    def lock(self, locked=True):
        # The mock's SetLockedHint updates LockedHint and emits PropertiesChanged.
        self.session.SetLockedHint(dbus.Boolean(locked), dbus_interface=self.SESSION)

    def prepare_for_sleep(self, sleeping):
        self.emit(self.MANAGER, 'PrepareForSleep', 'b', [dbus.Boolean(sleeping)])


class MutterIdleMonitor(Mock):
    '''tests/integration/templates/mutter_idle_monitor.py; starts with the user typing.'''

    IFACE = 'org.gnome.Mutter.IdleMonitor'

    def __init__(self, sandbox, name='mutter'):
        super().__init__(sandbox, name, os.path.join(TEMPLATES, 'mutter_idle_monitor.py'),
                         sandbox.session, 'org.gnome.Mutter.IdleMonitor',
                         '/org/gnome/Mutter/IdleMonitor/Core')
        self.monitor = dbus.Interface(self.obj, self.IFACE)

    def set_active(self):
        self.mock.SetActive()

    def set_idle(self, seconds):
        self.mock.SetIdle(dbus.UInt64(int(seconds * 1000)))

    def simulate_activity(self):
        self.mock.SimulateActivity()

    def advance(self, seconds):
        '''seconds pass at once on the monitor's clock (LimberTestCase.advance calls this).'''
        self.mock.Advance(dbus.UInt64(usec(seconds) // 1000))

    def watches(self):
        '''[(id, kind, interval_ms, fired, owner)]'''
        return unwrap(self.mock.GetWatches())


MOCKS = {
    'notifications': NotificationServer,
    'logind': Logind,
    'mutter': MutterIdleMonitor,
}


# ---------------------------------------------------------------------------------------------
# limberd

class Daemon(Process):
    def __init__(self, sandbox, args=(), name='limberd', wait=True):
        path = os.environ.get('LIMBERD', '')
        if not path or not os.access(path, os.X_OK):
            raise AssertionError(f'LIMBERD={path!r} is not an executable; build limberd and set '
                                 'LIMBERD (meson test does)')
        self.started = time.monotonic()
        wrapper = shlex.split(os.environ.get('LIMBERD_WRAPPER', ''))
        super().__init__(name, [*wrapper, path, *args], sandbox.clock.env(sandbox.env),
                         sandbox.logdir)
        self.expect_exit = None     # the exit code teardown expects, None = still running
        self.unique_name = None
        self._system_name = None
        if wait:
            self.unique_name = wait_name(sandbox.session.conn, BUS_NAME, 20, self)

    def terminate(self, timeout=10):
        '''SIGTERM; returns the exit code (None if it had to be killed).'''
        rc = self.stop(signal.SIGTERM, timeout)
        self.expect_exit = rc
        return rc

    def wait_exit(self, timeout=15):
        try:
            rc = self.proc.wait(timeout * SCALE)
        except subprocess.TimeoutExpired:
            return None
        self.expect_exit = rc
        return rc

    def switches(self):
        return _thread_switches(self.pid)

    def system_name(self, conn):
        '''limberd's unique name on the system bus (conn), None when it has no connection.'''
        if self._system_name is None:
            bus = dbus.Interface(conn.get_object('org.freedesktop.DBus', '/org/freedesktop/DBus'),
                                 'org.freedesktop.DBus')
            for name in bus.ListNames():
                if name.startswith(':'):
                    try:
                        if int(bus.GetConnectionUnixProcessID(name)) == self.pid:
                            self._system_name = str(name)
                    except dbus.exceptions.DBusException:
                        pass
        return self._system_name

    def watches(self, path):
        '''Whether limberd has an inotify watch on path (its /proc/PID/fdinfo says so).'''
        ino = f'ino:{os.stat(path).st_ino:x} '
        try:
            fds = os.listdir(f'/proc/{self.pid}/fdinfo')
        except OSError:
            return False
        for fd in fds:
            try:
                with open(f'/proc/{self.pid}/fdinfo/{fd}') as f:
                    if any(line.startswith('inotify') and ino in line for line in f):
                        return True
            except OSError:
                pass
        return False


class CtlWatch:
    '''limberctl watch ARGS, read line by line; stopped when the test ends (or the with block).'''

    def __init__(self, test, *args):
        self.test = test
        self.buf = b''
        self.proc = subprocess.Popen([os.environ['LIMBERCTL'], 'watch', *args], env=test.sandbox.env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        test.addCleanup(self.stop)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def _line(self, deadline):
        '''The next line, or None at the deadline.'''
        while b'\n' not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.proc.stdout], [], [], min(left, 0.5))
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    self.test.fail(f'limberctl watch ended: {self.proc.stderr.read()!r}')
                self.buf += chunk
        line, self.buf = self.buf.split(b'\n', 1)
        return line.decode()

    def until(self, pred, what, timeout=20):
        '''The next line pred accepts; fails naming what was wanted and the lines seen.'''
        deadline = time.monotonic() + timeout * SCALE
        seen = []
        while (line := self._line(deadline)) is not None:
            seen.append(line)
            if pred(line):
                return line
        self.test.fail(f'limberctl watch printed no line {what}: {seen}; so far {self.buf!r}')

    def next_object(self, pred=None, timeout=15):
        '''With --json: the next object printed (the next one pred accepts, if given).'''
        return json.loads(self.until(lambda l: pred is None or pred(json.loads(l)), 'that matches', timeout))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()


def format_ini(config):
    lines = ['# written by the limber integration tests']
    for section, keys in config.items():
        lines.append(f'[{section}]')
        for k, v in keys.items():
            lines.append(f'{k} = {v}')
        lines.append('')
    return '\n'.join(lines)


def merge_config(base, override):
    out = {s: dict(k) for s, k in base.items()}
    for s, keys in (override or {}).items():
        if keys is None:
            out.pop(s, None)
            continue
        sect = out.setdefault(s, {})
        for k, v in keys.items():
            if v is None:
                sect.pop(k, None)
            else:
                sect[k] = v
    return out


# ---------------------------------------------------------------------------------------------
# The fake clock

FAKECLOCK_SIGNAL = signal.SIGRTMIN + 5      # as in fakeclock.c


class FakeClock:
    '''limberd's clocks, moved by the test: tests/reliability/fakeclock.c, preloaded into every
    limberd of the sandbox (and into helpers a test puts on it: Sandbox.clocked), reads the
    file FILE ("SET PASSED": seconds the wall clock is set away, microseconds that have passed
    on top of real time) at start and on FAKECLOCK_SIGNAL, and acknowledges in FILE.seen.PID.
    Time passing moves every clock and fires the timers whose time came; it is no wall-clock
    change.'''

    def __init__(self, root):
        global _passed_usec
        _passed_usec = 0
        self.lib = os.environ.get('LIMBER_FAKECLOCK_LIB', '')
        self.path = os.path.join(root, 'clock-offset')
        self.set_sec = 0
        self.passed_usec = 0
        self._write()

    @property
    def available(self):
        return bool(self.lib) and os.path.exists(self.lib)

    def env(self, env):
        '''env for a limberd that runs on this clock (env itself when there is no fakeclock).'''
        if not self.available or self.lib in env.get('LD_PRELOAD', ''):
            return env
        env = dict(env)
        env['LD_PRELOAD'] = ':'.join(filter(None, [self.lib, env.get('LD_PRELOAD')]))
        env['LIMBER_FAKECLOCK_FILE'] = self.path
        # An ASan build must not insist on its runtime being the first library.
        env['ASAN_OPTIONS'] = ':'.join(filter(None, [env.get('ASAN_OPTIONS'),
                                                     'verify_asan_link_order=0']))
        return env

    def _write(self):
        self.text = f'{self.set_sec} {self.passed_usec}\n'
        tmp = self.path + '.tmp'
        with open(tmp, 'w') as f:
            f.write(self.text)
        os.rename(tmp, self.path)

    def seen(self, pid):
        '''Whether process pid has read the file as last written.'''
        try:
            with open(f'{self.path}.seen.{pid}') as f:
                return f.read() == self.text
        except OSError:
            return False

    def advance(self, seconds, pids):
        '''seconds pass for the processes pids (limberd), who are told at once.'''
        global _passed_usec
        self.passed_usec += usec(seconds)
        _passed_usec = self.passed_usec
        self._tell(pids)

    def set_wall(self, seconds, pids=()):
        '''"date -s": the wall clock jumps to real time + seconds; the processes pids are told
        as the kernel tells them (TFD_TIMER_CANCEL_ON_SET timerfds are cancelled).'''
        self.set_sec = int(seconds)
        self._tell(pids)

    def _tell(self, pids):
        self._write()
        for pid in pids:
            os.kill(pid, FAKECLOCK_SIGNAL)


# ---------------------------------------------------------------------------------------------
# The sandbox

class Sandbox:
    def __init__(self, name, session_services=()):
        self.root = tempfile.mkdtemp(prefix='limber-it-')
        _sandboxes.append(self)
        self.name = name
        self.logdir = os.path.join(self.root, 'log')
        dirs = {
            'HOME': 'home',
            'XDG_CONFIG_HOME': 'home/.config',
            'XDG_STATE_HOME': 'home/.local/state',
            'XDG_DATA_HOME': 'home/.local/share',
            'XDG_CACHE_HOME': 'home/.cache',
            'XDG_CONFIG_DIRS': 'etc/xdg',
            'XDG_RUNTIME_DIR': 'runtime',
        }
        self.base_env = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'), 'LANG': 'C.UTF-8'}
        for var, sub in dirs.items():
            path = os.path.join(self.root, sub)
            os.makedirs(path, mode=0o700, exist_ok=True)
            self.base_env[var] = path
        os.makedirs(self.logdir)
        for var in os.environ:
            if (var.startswith(('LIMBER_', 'ASAN_', 'UBSAN_', 'LSAN_', 'MALLOC_', 'G_', 'SYSTEMD_'))
                    or var in ('LD_LIBRARY_PATH', 'LD_PRELOAD', 'TZ')):
                self.base_env[var] = os.environ[var]
        # The shipped exercise catalog, "installed" in the sandbox's data dir.
        share = os.path.join(self.root, 'share')
        os.makedirs(os.path.join(share, 'limber'))
        os.symlink(EXERCISES, os.path.join(share, 'limber', 'exercises.ini'))
        self.base_env['XDG_DATA_DIRS'] = share
        # The camera and microphone are seen under a device folder: an empty one of the
        # sandbox's, so that the machine's own /dev never counts (tests/integration/
        # test_presence.py puts plain files there).
        self.dev_dir = os.path.join(self.root, 'dev')
        os.makedirs(os.path.join(self.dev_dir, 'snd'))
        self.base_env['LIMBER_DEVICE_DIR'] = self.dev_dir
        self.clock = FakeClock(self.root)
        self.clocked = []           # helpers besides limberd on the fake clock (Process)
        self.processes = []
        self.mocks = []
        self.daemons = []
        self.session = self.system = None
        self.session = Bus(self, 'session', session_services)
        self.system = Bus(self, 'system')
        self.env = dict(self.base_env,
                        DBUS_SESSION_BUS_ADDRESS=self.session.address,
                        DBUS_SYSTEM_BUS_ADDRESS=self.system.address)

    @property
    def user_config(self):
        return os.path.join(self.env['XDG_CONFIG_HOME'], 'limber', 'limber.ini')

    @property
    def system_config(self):
        return os.path.join(self.env['XDG_CONFIG_DIRS'], 'limber', 'limber.ini')

    @property
    def state_dir(self):
        return os.path.join(self.env['XDG_STATE_HOME'], 'limber')

    def write(self, path, text):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w') as f:
            f.write(text)
        return path

    def start_mock(self, kind, **kw):
        mock = MOCKS[kind](self, **kw)
        self.mocks.append(mock)
        return mock

    def start_daemon(self, args=(), wait=True):
        n = len(self.daemons)
        d = Daemon(self, args, name='limberd' if n == 0 else f'limberd-{n + 1}', wait=wait)
        self.daemons.append(d)
        return d

    def logs(self):
        parts = [d.tail(200) for d in self.daemons]
        parts += [m.process.tail(30) for m in self.mocks]
        return '\n'.join(p for p in parts if p)

    def cleanup(self):
        '''Stops everything; returns a list of problems (limberd not exiting cleanly).'''
        problems = []
        for d in self.daemons:
            # The notification helper failing (an error exit: LeakSanitizer's 23, an ASan
            # report's 1; or a crash, seccomp's SIGSYS included) is limberd's problem too.
            for m in HELPER_FAILED.finditer(d.output()):
                problems.append(f'{d.name}: {m.group(0)}')
            if d.expect_exit is None:
                if not d.alive():
                    problems.append(f'{d.name} died during the test with exit code '
                                    f'{d.returncode()}')
                else:
                    rc = d.terminate()
                    if rc != 0:
                        problems.append(f'{d.name} did not exit with 0 on SIGTERM: '
                                        f'{"killed after timeout" if rc is None else rc}')
        for m in self.mocks:
            m.stop()
        for bus in (self.session, self.system):
            if bus:
                bus.stop()
        return problems

    def remove(self):
        if self in _sandboxes:
            _sandboxes.remove(self)
        if os.environ.get('LIMBER_TEST_KEEP'):
            sys.stderr.write(f'\n[kept sandbox {self.root}]\n')
        else:
            shutil.rmtree(self.root, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Test cases

def setup(config=None, mocks=None, daemon=True, args=()):
    '''Per-test setup, as a decorator:
         config   overrides of DEFAULT_CONFIG ({'schedule': {'interval': '1h'}}; a value of
                  None removes a key); or a str: the user limber.ini verbatim
         mocks    which mocks to start (default: notifications, logind, mutter)
         daemon   start limberd in setUp (default True)
         args     extra limberd arguments'''
    def deco(fn):
        fn.limber_setup = dict(config=config, mocks=mocks, daemon=daemon, args=args)
        return fn
    return deco


class SignalLog:
    '''Signals of limberd's object: its own interface and PropertiesChanged.'''

    def __init__(self, conn):
        self.events = []      # (time.monotonic(), member, args)
        self.matches = [
            conn.add_signal_receiver(self._on_signal, dbus_interface=INTERFACE, path=OBJECT_PATH,
                                     member_keyword='member'),
            conn.add_signal_receiver(self._on_props, signal_name='PropertiesChanged',
                                     dbus_interface=PROPERTIES, path=OBJECT_PATH),
        ]

    def _on_signal(self, *args, member=None):
        self.events.append((time.monotonic(), str(member), unwrap(args)))

    def _on_props(self, iface, changed, invalidated):
        if iface == INTERFACE:
            self.events.append((time.monotonic(), 'PropertiesChanged',
                                (str(iface), unwrap(changed), unwrap(invalidated))))

    def mark(self):
        pump()
        return len(self.events)

    def find(self, member, pred=None, since=0):
        for ev in self.events[since:]:
            if ev[1] == member and (pred is None or pred(ev[2])):
                return ev
        return None

    def all(self, member, since=0):
        return [ev for ev in self.events[since:] if ev[1] == member]

    def changed(self, prop, since=0):
        '''Values prop took in PropertiesChanged signals (invalidations count as None).'''
        out = []
        for _, member, args in self.events[since:]:
            if member == 'PropertiesChanged':
                if prop in args[1]:
                    out.append(args[1][prop])
                elif prop in args[2]:
                    out.append(None)
        return out

    def remove(self):
        for m in self.matches:
            try:
                m.remove()
            except Exception:
                pass


class LimberTestCase(unittest.TestCase):
    '''Base class: sets up a sandbox, the mocks and limberd per test (see setup()).'''

    CONFIG = DEFAULT_CONFIG
    MOCKS = ('notifications', 'logind', 'mutter')
    START_DAEMON = True
    SESSION_SERVICES = ()       # activatable on the session bus (see Bus)
    maxDiff = 3000

    # ---- setup and teardown ----
    def setUp(self):
        opts = getattr(getattr(self, self._testMethodName), 'limber_setup', {})
        self._problems_before = self._problem_count()
        self.sandbox = Sandbox(self.id(), self.SESSION_SERVICES)
        self.addCleanup(self._cleanup)
        self.conn = self.sandbox.session.conn
        self.signals = SignalLog(self.conn)
        config = opts.get('config')
        if isinstance(config, str):
            self.sandbox.write(self.sandbox.user_config, config)
        else:
            self.write_config(merge_config(self.CONFIG, config))
        mocks = opts.get('mocks')
        self.notify = self.logind = self.mutter = None
        for kind in (self.MOCKS if mocks is None else mocks):
            self.start_mock(kind)
        self.daemon = None
        if opts.get('daemon', self.START_DAEMON):
            self.start_daemon(opts.get('args', ()))

    def _cleanup(self):
        self.signals.remove()
        problems = self.sandbox.cleanup()
        failed = self._problem_count() != self._problems_before or problems
        if failed or os.environ.get('LIMBER_TEST_VERBOSE'):
            sys.stderr.write(f'\n===== logs of {self.id()} ({self.sandbox.root}) =====\n'
                             f'{self.sandbox.logs()}\n===== end of logs =====\n')
        self.sandbox.remove()
        if problems:
            self.fail('; '.join(problems))

    def _problem_count(self):
        '''Failures and errors recorded so far (to show the logs after a failure).'''
        result = getattr(getattr(self, '_outcome', None), 'result', None)
        if result is None:
            return 0
        return sum(len(getattr(result, a, ())) for a in ('failures', 'errors', 'unexpectedSuccesses'))

    def start_mock(self, kind):
        mock = self.sandbox.start_mock(kind)
        setattr(self, {'notifications': 'notify'}.get(kind, kind), mock)
        return mock

    def start_daemon(self, args=(), wait=True):
        self.daemon = self.sandbox.start_daemon(args, wait)
        return self.daemon

    def restart_daemon(self, args=()):
        rc = self.daemon.terminate()
        self.assertEqual(rc, 0, f'limberd did not exit with 0 on SIGTERM\n{self.daemon.tail()}')
        return self.start_daemon(args)

    def write_config(self, config):
        return self.sandbox.write(self.sandbox.user_config,
                                  config if isinstance(config, str) else format_ini(config))

    def read_user_config(self):
        with open(self.sandbox.user_config) as f:
            return f.read()

    # ---- calling limberd ----
    def call(self, method, signature='', *args, timeout=20, interface=INTERFACE):
        '''Calls method on limberd with an explicit D-Bus signature; returns plain values.'''
        ret = self.conn.call_blocking(BUS_NAME, OBJECT_PATH, interface, method, signature, args,
                                      timeout=timeout * SCALE)
        return unwrap(ret)

    def dbus_error(self, method, signature='', *args, interface=INTERFACE):
        '''Calls method expecting an error; returns (error name, message).'''
        try:
            ret = self.call(method, signature, *args, interface=interface)
        except dbus.exceptions.DBusException as e:
            return e.get_dbus_name(), e.get_dbus_message() or ''
        self.fail(f'{method}{args!r} succeeded (returned {ret!r}) but an error was expected')

    def assert_invalid_args(self, method, signature='', *args):
        name, message = self.dbus_error(method, signature, *args)
        self.assertEqual(name, INVALID_ARGS, f'{method}{args!r}: {message}')
        self.assertTrue(message.strip(), f'{method}{args!r}: InvalidArgs without a message')
        return message

    def props(self):
        return self.call('GetAll', 's', INTERFACE, interface=PROPERTIES)

    def prop(self, name):
        return self.call('Get', 'ss', INTERFACE, name, interface=PROPERTIES)

    def history(self, since=0, until=None):
        '''[{time, kind, duration, exercises, note}] from GetHistory.'''
        if until is None:
            until = realtime_usec() + usec(3600)
        rows = self.call('GetHistory', 'tt', dbus.UInt64(since), dbus.UInt64(until))
        return [dict(time=r[0], kind=r[1], duration=r[2], exercises=r[3], note=r[4]) for r in rows]

    def config(self):
        return self.call('GetConfig')

    def exercises(self):
        '''{id: (name, posture, instructions)}'''
        return {r[0]: r[1:] for r in self.call('ListExercises')}

    # ---- waiting ----
    def wait_for(self, cond, timeout=15, what=None, alive=True):
        '''Polls cond (pumping D-Bus) every 50 ms until it returns something true; returns it.
        Deadlines are generous and scaled by LIMBER_TEST_TIMEOUT_SCALE.'''
        deadline = time.monotonic() + timeout * SCALE
        last = None
        while True:
            pump()
            if alive and self.daemon is not None and self.daemon.expect_exit is None \
                    and not self.daemon.alive():
                self.fail(f'limberd exited with {self.daemon.returncode()} while waiting for '
                          f'{what or cond}')
            try:
                last = cond()
            except dbus.exceptions.DBusException as e:
                last = e
                if e.get_dbus_name() in ('org.freedesktop.DBus.Error.ServiceUnknown',
                                         'org.freedesktop.DBus.Error.NoReply') and alive \
                        and self.daemon is not None and not self.daemon.alive():
                    raise
            if last and not isinstance(last, Exception):
                return last
            if time.monotonic() > deadline:
                self.fail(f'timed out after {timeout * SCALE:.0f} s waiting for {what or cond}; '
                          f'last value: {last!r}; limberd properties: {self._safe_props()}')
            time.sleep(0.05)

    def _safe_props(self):
        try:
            return self.props()
        except Exception as e:
            return f'<{e}>'

    def wait_state(self, *states, timeout=15):
        return self.wait_for(lambda: self.prop('State') in states and self.prop('State'),
                             timeout, f'State in {states}')

    def wait_prop(self, name, pred, timeout=15, what=None):
        '''Waits until pred(value of property name); returns the value.'''
        box = []

        def check():
            v = self.prop(name)
            box[:] = [v]
            return pred(v)
        self.wait_for(check, timeout, what or f'property {name}')
        return box[0]

    def wait_signal(self, member, pred=None, since=0, timeout=15):
        '''Waits for a signal of limberd; returns its arguments.'''
        ev = self.wait_for(lambda: self.signals.find(member, pred, since), timeout,
                           f'signal {member}')
        return ev[2]

    def wait_reminder(self, after=0, timeout=20):
        '''Waits for a break reminder notification (the index-th or later); returns it.'''
        def find():
            rs = [n for n in self.notify.reminders() if n.index >= after]
            return rs[0] if rs else None
        return self.wait_for(find, timeout, f'a reminder notification (Notify #{after} or later)')

    def wait_notification(self, pred, after=0, timeout=20, what='a notification'):
        def find():
            ns = [n for n in self.notify.notifications() if n.index >= after and pred(n)]
            return ns[0] if ns else None
        return self.wait_for(find, timeout, what)

    def wait_history(self, pred, timeout=15, what='a history record'):
        def find():
            rs = [r for r in self.history() if pred(r)]
            return rs[0] if rs else None
        return self.wait_for(find, timeout, what)

    def advance(self, seconds):
        '''seconds pass at once, for limberd (every clock it reads and every timer it armed:
        what falls due in that time happens now) and for GNOME's idle monitor mock (an idle
        user's idle time grows by as much, and Plasma's). Returns when limberd has the new time; then wait
        for what it does, as for any event. Needs the fake clock (meson sets
        LIMBER_FAKECLOCK_LIB); without it the test is skipped.'''
        clock = self.sandbox.clock
        if not clock.available:
            self.skipTest('LIMBER_FAKECLOCK_LIB does not name fakeclock.so (meson test sets it)')
        # What limberd was sent before, and the replies to its own calls, are handled first:
        # a call still in flight when its 25 s timeout is skipped over would fail.
        self.settle()
        pids = [p.pid for p in self.sandbox.daemons + self.sandbox.clocked if p.alive()]
        clock.advance(seconds, pids)
        self.wait_for(lambda: all(clock.seen(pid) for pid in pids), 15,
                      'limberd (and the helpers on its clock) to read the fake clock')
        for mock in self.sandbox.mocks:                 # the idle monitors
            if hasattr(mock, 'advance') and mock.alive():
                mock.advance(seconds)
        self.settle()

    def advance_until_due(self):
        '''Makes time pass until the next break (NextBreakUsec: the user types all along) and
        waits for State "due".'''
        self.settle()
        next_break = self.prop('NextBreakUsec')
        if next_break:
            self.advance(max(0, next_break - realtime_usec()) / USEC + 0.05)
        return self.wait_state('due')

    def go_idle(self, seconds, last_input=2):
        '''The user stops: GNOME's idle monitor mock says the last input was last_input seconds
        ago (more than idle-after, so it tells limberd at once), limberd hears it, and then
        seconds pass (advance).'''
        self.mutter.set_idle(last_input)
        self.wait_for(lambda: any(w[1] == 'idle' and w[3] for w in self.mutter.watches()), 15,
                      'the idle monitor to report the user idle')
        self.settle()
        self.advance(seconds)

    def settle(self):
        '''Returns once limberd has handled what was due when it was called: its timers whose
        time came, and the messages sent to it on either bus before (a mock's signal sent
        before the mock answered the test). Two round trips on each bus: sd-event dispatches
        the older pending source first.'''
        if self.daemon is not None and self.daemon.alive():
            system = self.daemon.system_name(self.sandbox.system.conn)
            for _ in range(2):
                self.call('Ping', interface='org.freedesktop.DBus.Peer')
                if system:
                    self.sandbox.system.conn.call_blocking(system, '/', 'org.freedesktop.DBus.Peer',
                                                           'Ping', '', (), timeout=20 * SCALE)
        pump()

    def sleep(self, seconds):
        '''Lets real time pass while dispatching signals: only for a thing outside limberd
        that has its own clock (a real desktop's program). What limberd counts takes
        advance(); what limberd does is waited for (wait_for and its kin).'''
        pump(seconds)

    # ---- assertions ----
    def assert_alive(self):
        '''limberd still runs and answers.'''
        self.assertTrue(self.daemon.alive(), f'limberd exited with {self.daemon.returncode()}')
        props = self.props()
        self.assertIn(props.get('State'), STATES)
        return props

    def assert_reminder(self, n):
        self.assertEqual(n.app_name, 'limber', n)
        for key in ('start', 'snooze', 'skip'):
            self.assertIn(key, n.actions, n)
            self.assertTrue(n.actions[key].strip(), f'action {key} without a label: {n}')
        self.assertTrue(n.summary.strip(), n)
        self.assertTrue(n.body.strip(), n)

    # ---- limberctl ----
    def ctl(self, *args, timeout=30, input=None):
        path = os.environ.get('LIMBERCTL', '')
        if not path or not os.access(path, os.X_OK):
            self.fail(f'LIMBERCTL={path!r} is not an executable; build limberctl and set '
                      'LIMBERCTL (meson test does)')
        pump()
        try:
            return subprocess.run([path, *args], env=self.sandbox.env, capture_output=True,
                                  text=True, timeout=timeout * SCALE, input=input,
                                  stdin=None if input is not None else subprocess.DEVNULL)
        except subprocess.TimeoutExpired as e:
            self.fail(f'limberctl {" ".join(args)} did not finish within {timeout * SCALE:.0f} s: '
                      f'{e.stdout!r} {e.stderr!r}')

    def assert_ctl(self, *args, status=0):
        r = self.ctl(*args)
        self.assertEqual(r.returncode, status,
                         f'limberctl {" ".join(args)}: exit {r.returncode}\nstdout: {r.stdout}\n'
                         f'stderr: {r.stderr}')
        return r


def main():
    unittest.main(verbosity=2)
