#!/usr/bin/python3
'''GNOME Shell 43 headless (mutter's virtual monitor) with its real idle monitor, its real
notifications (org.gnome.Shell.Notifications, activated from its .service file), real input
through mutter's RemoteDesktop API, do-not-disturb through GSettings (show-banners) and
screenshots through org.gnome.Shell.Screenshot. GNOME offers no outside way to choose an
action of a notification.'''

import os
import subprocess

import realdesktop
from realdesktop import RealDesktopTest

realdesktop.require('gnome-shell', 'gjs', 'gsettings')

import dbus  # noqa: E402
import limbertest  # noqa: E402
from limbertest import pump  # noqa: E402

REMOTE_DESKTOP = 'org.gnome.Mutter.RemoteDesktop'
KEY_ESC = 1


class GnomeTest(RealDesktopTest):
    SOURCE = 'gnome'
    SESSION_SERVICES = ('org.gnome.Shell.Notifications.service',)

    def setUp(self):
        super().setUp()
        # GSettings in a keyfile that GNOME Shell, limberd's helper and gsettings share.
        self.sandbox.env.update(GSETTINGS_BACKEND='keyfile', XDG_CURRENT_DESKTOP='GNOME',
                                XDG_SESSION_TYPE='wayland')
        self.env = dict(self.sandbox.env)
        self.start_shell()

    def start_shell(self):
        self.shell = self.start('gnome-shell', ['gnome-shell', '--headless', '--wayland', '--virtual-monitor',
                                                '1280x800', '--wayland-display', 'wayland-gnome'], self.env)
        conn = self.sandbox.session.conn
        limbertest.wait_name(conn, REMOTE_DESKTOP, 60, self.shell)
        limbertest.wait_name(conn, 'org.gnome.Mutter.IdleMonitor', 60, self.shell)
        path = conn.get_object(REMOTE_DESKTOP, '/org/gnome/Mutter/RemoteDesktop').CreateSession(
            dbus_interface=REMOTE_DESKTOP)
        self.rd = dbus.Interface(conn.get_object(REMOTE_DESKTOP, path), REMOTE_DESKTOP + '.Session')
        self.rd.Start()
        # It starts in the overview, once its start-up animation is over.
        pump(2)
        self.rd.NotifyKeyboardKeycode(dbus.UInt32(KEY_ESC), True)
        self.rd.NotifyKeyboardKeycode(dbus.UInt32(KEY_ESC), False)
        self.step = 1

    def poke(self):
        # Away from the top-left hot corner, a few pixels back and forth.
        self.step = -self.step
        self.rd.NotifyPointerMotionRelative(dbus.Double(5.0 * self.step), dbus.Double(3.0))

    def dnd(self, on):
        subprocess.run(['gsettings', 'set', 'org.gnome.desktop.notifications', 'show-banners',
                        'false' if on else 'true'], env=self.env, check=True, timeout=30)

    def screenshot(self, name):
        path = os.path.join(realdesktop.artifacts_dir(), name)
        conn = self.sandbox.session.conn
        # GNOME 43 lets only a few names take screenshots.
        conn.request_name('org.gnome.Screenshot')
        pump(0.5)
        shot = conn.get_object('org.gnome.Shell.Screenshot', '/org/gnome/Shell/Screenshot')
        ok, _ = shot.Screenshot(False, False, path, dbus_interface='org.gnome.Shell.Screenshot')
        self.assertTrue(ok, 'GNOME Shell did not take the screenshot')
        return path

    def restart(self):
        self.shell.stop()
        self.wait_prop('IdleSource', lambda v: v == 'none', 20, 'IdleSource == none without GNOME Shell')
        self.assertTrue(self.prop('Idle'), 'active without GNOME Shell')
        self.start_shell()

    def window_titles(self):
        # GNOME 43 answers Introspect only to its portal's names (or in unsafe mode).
        conn = self.sandbox.session.conn
        conn.request_name('org.freedesktop.impl.portal.desktop.gnome')
        introspect = conn.get_object('org.gnome.Shell.Introspect', '/org/gnome/Shell/Introspect')
        windows = introspect.GetWindows(dbus_interface='org.gnome.Shell.Introspect')
        return [str(w.get('title', '')) for w in windows.values()
                if str(w.get('app-id', '')) == realdesktop.BREAK_APP_ID + '.desktop'
                or str(w.get('wm-class', '')) == realdesktop.BREAK_APP_ID]

    def key(self, name):
        code = {'Return': 28, 'Escape': KEY_ESC}[name]
        self.rd.NotifyKeyboardKeycode(dbus.UInt32(code), True)
        self.rd.NotifyKeyboardKeycode(dbus.UInt32(code), False)
        return True

    def test_gnome_shell(self):
        self.walk()

    @limbertest.setup(config=realdesktop.WINDOW_CONFIG, daemon=False)
    def test_break_window(self):
        self.sandbox.env['WAYLAND_DISPLAY'] = 'wayland-gnome'
        self.walk_window()

    @limbertest.setup(config=realdesktop.WINDOW_CONFIG, daemon=False)
    def test_break_window_dark(self):
        '''The desktop's dark style (GSettings color-scheme), which the window follows.'''
        subprocess.run(['gsettings', 'set', 'org.gnome.desktop.interface', 'color-scheme', 'prefer-dark'],
                       env=self.env, check=True, timeout=30)
        self.sandbox.env['WAYLAND_DISPLAY'] = 'wayland-gnome'
        self.walk_window(suffix='-dark')


if __name__ == '__main__':
    realdesktop.main()
