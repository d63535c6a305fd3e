'''desktoptest: real desktop pieces for limber's desktop tests, on top of limbertest.

An X server (Xvfb), a notification server (dunst), input (xdotool), screenshots (ImageMagick's
import), the test Wayland compositor (tests/desktop/idle-compositor) and a session bus that
activates services. Each process is registered with the sandbox like a mock, so teardown stops
it whatever happens to the test (and PR_SET_PDEATHSIG stops it if the runner dies), and its
log is printed after a failure.

Environment (set by meson): IDLE_COMPOSITOR, LIMBER_DBUS_SERVICE (the built activation file),
LIMBER_ARTIFACTS (where screenshots are kept).
'''

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import threading
import time

import dbus

import limbertest
from limbertest import SCALE

SKIP = 77


def require(*tools):
    '''Exits with 77, meson's "skipped", when a program the test needs is not installed.'''
    missing = [t for t in tools if not (shutil.which(t) if not os.path.isabs(t) else os.access(t, os.X_OK))]
    if missing:
        sys.stderr.write(f'skipped: not installed: {", ".join(missing)}\n')
        sys.exit(SKIP)


def artifacts_dir():
    path = os.environ.get('LIMBER_ARTIFACTS') or os.path.join(os.getcwd(), 'tests-artifacts')
    os.makedirs(path, exist_ok=True)
    return path


class HelperProcess(limbertest.Process):
    '''limbertest.Process with optional pipes: stdin to write commands to, stdout read by a
    thread into lines (still copied to the log), extra fds passed to the child.'''

    def __init__(self, name, argv, env, logdir, stdin=False, read_stdout=False, pass_fds=()):
        self.name = name
        self.argv = argv
        self.log_path = os.path.join(logdir, name + '.log')
        self.lines = []
        self._eof = False
        self._cond = threading.Condition()
        with open(self.log_path, 'ab') as log:
            log.write(f'--- {" ".join(argv)}\n'.encode())
            log.flush()
            self.proc = subprocess.Popen(argv, env=env, cwd=logdir, pass_fds=pass_fds,
                                         stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                                         stdout=subprocess.PIPE if read_stdout else log,
                                         stderr=log, preexec_fn=limbertest._die_with(os.getpid()))
        self.pid = self.proc.pid
        if read_stdout:
            threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        with open(self.log_path, 'a') as log:
            for raw in self.proc.stdout:
                line = raw.decode(errors='replace').rstrip('\n')
                log.write(f'> {line}\n')
                log.flush()
                with self._cond:
                    self.lines.append(line)
                    self._cond.notify_all()
        with self._cond:
            self._eof = True
            self._cond.notify_all()

    def send(self, line):
        self.proc.stdin.write((line + '\n').encode())
        self.proc.stdin.flush()

    def wait_line(self, pred, timeout=20, what='a line'):
        '''Waits for a stdout line for which pred(line) is true; returns it.'''
        deadline = time.monotonic() + timeout * SCALE
        with self._cond:
            while True:
                for line in self.lines:
                    if pred(line):
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or self._eof:
                    raise AssertionError(f'{self.name}: no {what} within {timeout * SCALE:.0f} s; '
                                         f'got {self.lines!r}\n{self.tail()}')
                self._cond.wait(min(left, 0.2))


class Helper:
    '''Registered in sandbox.mocks, which stops it and shows its log: looks like a Mock there.'''

    def __init__(self, sandbox, process):
        self.process = process
        sandbox.mocks.append(self)

    def alive(self):
        return self.process.alive()

    def stop(self):
        self.process.stop()


# ---------------------------------------------------------------------------------------------
# X11

class Xvfb(Helper):
    '''A virtual X server on a free display number. -noreset: when its last client leaves (as
    limberd's probe does just before it connects for good), the server must not restart.'''

    def __init__(self, sandbox, size='1024x768x24', display=None):
        '''display: start on that display (":5", where a predecessor ran) instead of a free one.'''
        r, w = os.pipe()
        where = [display] if display else ['-displayfd', str(w)]
        process = HelperProcess('xvfb', ['Xvfb'] + where + ['-screen', '0', size, '-nolisten', 'tcp',
                                                            '-noreset'],
                                sandbox.base_env, sandbox.logdir, pass_fds=(w,))
        os.close(w)
        super().__init__(sandbox, process)
        number = display[1:].encode() + b'\n' if display else b''
        deadline = time.monotonic() + 20 * SCALE
        try:
            while not number.endswith(b'\n'):
                ready, _, _ = select.select([r], [], [], max(0.0, deadline - time.monotonic()))
                chunk = os.read(r, 16) if ready else b''
                if not chunk:
                    raise AssertionError(f'Xvfb did not start:\n{process.tail()}')
                number += chunk
        finally:
            os.close(r)
        self.display = ':' + number.decode().strip()
        if display:
            sock = '/tmp/.X11-unix/X' + display[1:]
            while not os.path.exists(sock):
                if time.monotonic() > deadline:
                    raise AssertionError(f'Xvfb did not create {sock}:\n{process.tail()}')
                time.sleep(0.1)
        self.env = dict(sandbox.base_env, DISPLAY=self.display)

    def run(self, *argv, check=True):
        '''Runs an X client (xdotool, import, xdpyinfo) on this display.'''
        r = subprocess.run(argv, env=self.env, capture_output=True, text=True, timeout=30 * SCALE)
        if check and r.returncode != 0:
            raise AssertionError(f'{" ".join(argv)}: exit {r.returncode}: {r.stderr}')
        return r

    def screenshot(self, name):
        path = os.path.join(artifacts_dir(), name)
        self.run('import', '-window', 'root', path)
        return path

    def screenshot_drawn(self, name, crop=None, timeout=10):
        '''A screenshot taken once something is drawn in crop (a geometry "WxH+X+Y"; the whole
        screen by default) and the picture holds still (two in a row alike): a program draws
        a while after it says it shows a thing.'''
        deadline = time.monotonic() + timeout * SCALE
        last = None
        while True:
            shot = self.screenshot(name)
            out = self.run('convert', shot, *(['-crop', crop, '+repage'] if crop else []), '-format',
                           '%[fx:standard_deviation] %#', 'info:').stdout.split()
            drawn = float(out[0]) > 0.02
            if drawn and out[1] == last:
                return shot
            last = out[1] if drawn else None
            if time.monotonic() > deadline:
                raise AssertionError(f'nothing drawn{" in " + crop if crop else ""} that holds still '
                                     f'within {timeout * SCALE:.0f} s: {shot}')


class Typist:
    '''Real input through XTEST: a pointer move every interval seconds, from a thread, until
    stopped. Use as a context manager.'''

    def __init__(self, xvfb, interval=0.3):
        self.xvfb = xvfb
        self.interval = interval
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.last = None

    def _run(self):
        i = 0
        while not self.stopping.is_set():
            i += 1
            self.xvfb.run('xdotool', 'mousemove', str(100 + i % 200), str(100 + i % 150))
            self.last = time.monotonic()
            self.stopping.wait(self.interval)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join()


DUNSTRC = '''# dunst for limber's desktop tests: large, readable, and kept on screen
[global]
    font = DejaVu Sans 13
    width = 560
    height = 400
    origin = top-right
    offset = 24x24
    padding = 14
    horizontal_padding = 14
    frame_width = 2
    frame_color = "#4c7899"
    separator_height = 2
    markup = full
    format = "<b>%s</b>\\n%b"
    word_wrap = yes
    show_indicators = yes
    idle_threshold = 0
    sticky_history = yes
    history_length = 20

[urgency_low]
    background = "#1e2a36"
    foreground = "#ffffff"
    timeout = 0

[urgency_normal]
    background = "#1e2a36"
    foreground = "#ffffff"
    timeout = 0

[urgency_critical]
    background = "#5c1e1e"
    foreground = "#ffffff"
    timeout = 0
'''


class Dunst(Helper):
    '''dunst on the sandbox's session bus and the given X server: the real notification server.'''

    def __init__(self, sandbox, xvfb, dunstrc=DUNSTRC, clocked=False):
        '''clocked: dunst runs on the fake clock too (its timeouts pass with advance()).'''
        config = sandbox.write(os.path.join(sandbox.root, 'dunstrc'), dunstrc)
        self.env = dict(sandbox.env, DISPLAY=xvfb.display)
        env = sandbox.clock.env(self.env) if clocked else self.env
        super().__init__(sandbox, HelperProcess('dunst', ['dunst', '-config', config], env, sandbox.logdir))
        limbertest.wait_name(sandbox.session.conn, 'org.freedesktop.Notifications', 20, self.process)
        if clocked:
            sandbox.clocked.append(self.process)

    def ctl(self, *args):
        r = subprocess.run(['dunstctl', *args], env=self.env, capture_output=True, text=True,
                           timeout=30 * SCALE)
        if r.returncode != 0:
            raise AssertionError(f'dunstctl {" ".join(args)}: exit {r.returncode}: {r.stderr}')
        return r.stdout

    def displayed(self):
        return int(self.ctl('count', 'displayed').strip() or 0)

    def history(self):
        '''[{appname, summary, body, …}] of the notifications dunst has closed, newest first.'''
        data = json.loads(self.ctl('history'))
        out = []
        for n in data.get('data', [[]])[0]:
            out.append({k: v.get('data') for k, v in n.items() if isinstance(v, dict)})
        return out


# ---------------------------------------------------------------------------------------------
# Wayland

class Compositor(Helper):
    '''tests/desktop/idle-compositor: wl_seat and ext_idle_notifier_v1, driven over stdin.'''

    def __init__(self, sandbox, socket=None):
        path = os.environ.get('IDLE_COMPOSITOR', '')
        if not os.access(path, os.X_OK):
            raise AssertionError(f'IDLE_COMPOSITOR={path!r} is not an executable (meson test sets it)')
        super().__init__(sandbox, HelperProcess('compositor', [path] + ([socket] if socket else []),
                                                sandbox.base_env, sandbox.logdir,
                                                stdin=True, read_stdout=True))
        line = self.process.wait_line(lambda s: s.startswith('socket '), what='socket line')
        self.socket = line.split()[1]

    def send(self, command):
        self.process.send(command)

    def wait_line(self, pred, timeout=20, what='a line'):
        return self.process.wait_line(pred, timeout, what)

    def lines(self):
        return list(self.process.lines)


# ---------------------------------------------------------------------------------------------
# Plasma and screen savers (python-dbusmock)

class KdeScreenSaver(limbertest.Mock):
    '''templates/kde_screensaver.py: Plasma's org.freedesktop.ScreenSaver and org.kde.KWin.'''

    def __init__(self, sandbox, name='kde', plasma=True):
        super().__init__(sandbox, name, os.path.join(limbertest.TEMPLATES, 'kde_screensaver.py'),
                         sandbox.session, 'org.freedesktop.ScreenSaver', '/org/freedesktop/ScreenSaver',
                         {'plasma': plasma})
        self.iface = dbus.Interface(self.obj, 'org.freedesktop.ScreenSaver')

    def set_typing(self):
        self.mock.SetTyping()

    def set_idle(self, seconds):
        self.mock.SetIdle(dbus.UInt64(int(seconds * 1000)))

    def simulate_activity(self):
        self.mock.SimulateActivity()

    def advance(self, seconds):
        '''seconds pass at once on the service's clock (LimberTestCase.advance calls this).'''
        self.mock.Advance(dbus.UInt64(limbertest.usec(seconds) // 1000))

    def lock(self, locked=True):
        self.iface.SetActive(dbus.Boolean(locked))


class GnomeScreenSaver(limbertest.Mock):
    '''dbusmock's gnome_screensaver template: org.gnome.ScreenSaver as GNOME Shell has it.'''

    def __init__(self, sandbox, name='gnome-screensaver'):
        super().__init__(sandbox, name, 'gnome_screensaver', sandbox.session, 'org.gnome.ScreenSaver',
                         '/org/gnome/ScreenSaver')
        self.iface = dbus.Interface(self.obj, 'org.gnome.ScreenSaver')

    def lock(self, locked=True):
        self.iface.SetActive(dbus.Boolean(locked))


def start(test, mock_class, **kw):
    '''Starts one of the mocks above in the test's sandbox (stopped at teardown).'''
    mock = mock_class(test.sandbox, **kw)
    test.sandbox.mocks.append(mock)
    return mock


# ---------------------------------------------------------------------------------------------
# D-Bus activation

_ACTIVATING_BUS = '''<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <servicedir>{servicedir}</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
'''


class ActivatingBus(Helper):
    '''A session bus whose only service directory holds limber's activation file, as built,
    with Exec= pointing at the limberd under test.'''

    def __init__(self, sandbox, service_file, limberd):
        servicedir = os.path.join(sandbox.root, 'dbus-services')
        os.makedirs(servicedir, exist_ok=True)
        with open(service_file) as f:
            lines = [f'Exec={limberd}' if line.startswith('Exec=') else line.rstrip('\n') for line in f]
        self.service_text = '\n'.join(lines) + '\n'
        sandbox.write(os.path.join(servicedir, os.path.basename(service_file)), self.service_text)
        socket = os.path.join(sandbox.root, 'activating-bus')
        conf = sandbox.write(os.path.join(sandbox.root, 'activating-bus.conf'),
                             _ACTIVATING_BUS.format(socket=socket, servicedir=servicedir))
        self.address = 'unix:path=' + socket
        super().__init__(sandbox, HelperProcess('activating-bus', ['dbus-daemon', '--config-file=' + conf,
                                                                   '--nofork', '--print-address=1'],
                                                sandbox.base_env, sandbox.logdir))
        deadline = time.monotonic() + 10 * SCALE
        while True:
            try:
                self.conn = limbertest.connect(self.address)
                break
            except dbus.exceptions.DBusException:
                if not self.alive() or time.monotonic() > deadline:
                    raise AssertionError(f'cannot start the activating bus:\n{self.process.tail()}')
                time.sleep(0.05)

    def owner_pid(self, name):
        owner = self.conn.get_name_owner(name)
        return int(self.conn.call_blocking('org.freedesktop.DBus', '/org/freedesktop/DBus',
                                           'org.freedesktop.DBus', 'GetConnectionUnixProcessID', 's', (owner,)))

    def stop(self):
        try:
            self.conn.close()
        except Exception:
            pass
        super().stop()


def stop_pid(pid, timeout=10):
    '''SIGTERM to a process we did not start (its parent reaps it); True once it is gone.'''
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return True
    deadline = time.monotonic() + timeout * SCALE
    while time.monotonic() < deadline:
        try:
            with open(f'/proc/{pid}/stat') as f:
                if f.read().split(') ')[-1].startswith('Z'):
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    return False
