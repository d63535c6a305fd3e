#!/usr/bin/python3
'''KWin 5.27 (kwin_wayland --virtual) with mako 1.7 as its notification server: the wayland idle
source on KWin's ext_idle_notifier_v1, real input through KWin's org_kde_kwin_fake_input
(tests/real-desktops/kwin-fake-input), the reminder and its actions through makoctl (list,
invoke), mako's do-not-disturb mode (1.7: no signal, re-read while a break is held),
screenshots through KWin's ScreenShot2, and KWin killed and started again on the same socket.

/usr/bin/kwin_wayland carries the file capability cap_sys_resource, which this kind of sandbox
refuses at exec: a copy (without it) runs instead.'''

import os
import shutil
import subprocess

import realdesktop
from realdesktop import MakoServer, RealDesktopTest

realdesktop.require('kwin_wayland', 'mako', 'makoctl', 'convert')

import dbus  # noqa: E402
import limbertest  # noqa: E402

FAKE_INPUT = os.environ.get('KWIN_FAKE_INPUT', '')
SOCKET = 'wayland-limber'


class KwinTest(MakoServer, RealDesktopTest):
    SOURCE = 'wayland'

    def setUp(self):
        if not os.access(FAKE_INPUT, os.X_OK):
            self.skipTest('kwin-fake-input was not built (plasma-wayland-protocols missing)')
        super().setUp()
        root = self.sandbox.root
        bindir = os.path.join(root, 'bin')
        os.makedirs(bindir)
        shutil.copy('/usr/bin/kwin_wayland', bindir)        # without its file capability
        # KWin offers fake input only to a client its .desktop file allows.
        apps = os.path.join(self.sandbox.env['XDG_DATA_HOME'], 'applications')
        self.sandbox.write(os.path.join(apps, 'limber-fake-input.desktop'),
                           '[Desktop Entry]\nType=Application\nName=limber fake input\n'
                           f'Exec={os.path.realpath(FAKE_INPUT)}\n'
                           'X-KDE-Wayland-Interfaces=org_kde_kwin_fake_input\n')
        self.mako_config = self.sandbox.write(os.path.join(root, 'mako.conf'),
                                              '[mode=do-not-disturb]\ninvisible=1\n')
        self.sandbox.env.update(WAYLAND_DISPLAY=SOCKET, XDG_SESSION_TYPE='wayland', QT_QPA_PLATFORM='offscreen',
                                KWIN_SCREENSHOT_NO_PERMISSION_CHECKS='1',
                                PATH=bindir + ':' + self.sandbox.env['PATH'],
                                XDG_CONFIG_DIRS=self.sandbox.env['XDG_CONFIG_DIRS'] + ':/etc/xdg')
        self.env = dict(self.sandbox.env)
        if shutil.which('kbuildsycoca5'):
            subprocess.run(['kbuildsycoca5', '--noincremental'], env=self.env, capture_output=True, timeout=120)
        self.start_kwin()

    def start_kwin(self):
        self.kwin = self.start('kwin', [os.path.join(self.sandbox.root, 'bin', 'kwin_wayland'), '--virtual',
                                        '--socket', SOCKET, '--width', '1280', '--height', '800',
                                        '--no-lockscreen'], self.env)
        limbertest.wait_name(self.sandbox.session.conn, 'org.kde.KWin', 60, self.kwin)
        self.mako = self.start('mako', ['mako', '--config', self.mako_config], self.env)
        limbertest.wait_name(self.sandbox.session.conn, realdesktop.NOTIFICATIONS, 30, self.mako)

    def poke(self):
        r = subprocess.run([FAKE_INPUT], env=self.env, capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 0, f'kwin-fake-input: {r.stderr}')

    def screenshot(self, name):
        path = os.path.join(realdesktop.artifacts_dir(), name)
        raw = path + '.bgra'
        r, w = os.pipe()
        shot = self.sandbox.session.conn.get_object('org.kde.KWin', '/org/kde/KWin/ScreenShot2')
        info = shot.CaptureActiveScreen(dbus.Dictionary({}, signature='sv'), dbus.types.UnixFd(w),
                                        dbus_interface='org.kde.KWin.ScreenShot2')
        os.close(w)
        with os.fdopen(r, 'rb') as f, open(raw, 'wb') as out:
            out.write(f.read())
        width, height = int(info['width']), int(info['height'])
        subprocess.run(['convert', '-size', f'{width}x{height}', '-depth', '8', f'bgra:{raw}', path],
                       check=True, timeout=60)
        os.unlink(raw)
        return path

    def restart(self):
        self.mako.stop()
        self.kwin.stop()
        self.wait_prop('IdleSource', lambda v: v == 'none', 20, 'IdleSource == none without KWin')
        self.assertTrue(self.prop('Idle'), 'active without KWin')
        self.start_kwin()

    def test_kwin_and_mako(self):
        self.walk()

    @limbertest.setup(config=realdesktop.WINDOW_CONFIG, daemon=False)
    def test_break_window(self):
        self.walk_window()


if __name__ == '__main__':
    realdesktop.main()
