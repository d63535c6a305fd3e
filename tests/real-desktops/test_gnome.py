#!/usr/bin/python3
'''GNOME Shell 43 headless (mutter's virtual monitor) with its real idle monitor, its real
notifications (org.gnome.Shell.Notifications, activated from its .service file), real input
through mutter's RemoteDesktop API, do-not-disturb through GSettings (show-banners) and
screenshots through org.gnome.Shell.Screenshot. GNOME offers no outside way to choose an
action of a notification.'''

import os
import shutil
import subprocess
import unittest

import realdesktop
from realdesktop import RealDesktopTest

realdesktop.require('gnome-shell', 'gjs', 'gsettings')

import dbus  # noqa: E402
import limbertest  # noqa: E402
from limbertest import pump  # noqa: E402

REMOTE_DESKTOP = 'org.gnome.Mutter.RemoteDesktop'
KEY_ESC = 1
BTN_LEFT = 272
WATCHER = 'org.kde.StatusNotifierWatcher'
APPINDICATOR = 'ubuntu-appindicators@ubuntu.com'
APPINDICATOR_DIR = f'/usr/share/gnome-shell/extensions/{APPINDICATOR}'
ICONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'config', 'icons')


class GnomeTest(RealDesktopTest):
    SOURCE = 'gnome'
    SESSION_SERVICES = ('org.gnome.Shell.Notifications.service',)
    SETTINGS = ()               # org.gnome.shell keys set before the shell starts

    def setUp(self):
        super().setUp()
        # GSettings in a keyfile that GNOME Shell, limberd's helper and gsettings share.
        self.sandbox.env.update(GSETTINGS_BACKEND='keyfile', XDG_CURRENT_DESKTOP='GNOME',
                                XDG_SESSION_TYPE='wayland')
        self.env = dict(self.sandbox.env)
        for key, value in self.SETTINGS:
            subprocess.run(['gsettings', 'set', 'org.gnome.shell', key, value], env=self.env, check=True,
                           timeout=30)
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


@unittest.skipUnless(os.path.isdir(APPINDICATOR_DIR), 'gnome-shell-extension-appindicator is not installed')
class GnomeAppIndicatorTest(GnomeTest):
    '''The panel icon on GNOME through the AppIndicator extension (on by default in Ubuntu's
    GNOME): on every start of limberd the extension lists the item, shows the icon, and reads
    its menu; a refused item is logged by gnome-shell as "While initalizing proxy for".'''
    SETTINGS = (('disable-user-extensions', 'false'),
                ('enabled-extensions', f"['{APPINDICATOR}']"))
    CONFIG = dict(GnomeTest.CONFIG, schedule=dict(GnomeTest.CONFIG['schedule'], interval='1h'))
    STARTS = 5
    # The walks are GnomeTest's; here only what the extension adds.
    test_gnome_shell = test_break_window = test_break_window_dark = None

    def setUp(self):
        super().setUp()
        # limber's icons where the item's IconThemePath finds them, as when installed.
        share = self.sandbox.base_env['XDG_DATA_DIRS'].split(':')[0]
        shutil.copytree(ICONS, os.path.join(share, 'icons'), dirs_exist_ok=True)

    def items(self):
        try:
            return [str(i) for i in self.sandbox.session.conn.get_object(WATCHER, '/StatusNotifierWatcher').Get(
                WATCHER, 'RegisteredStatusNotifierItems', dbus_interface='org.freedesktop.DBus.Properties')]
        except dbus.exceptions.DBusException:
            return []

    def refused(self):
        with open(self.shell.log_path, errors='replace') as f:
            return [line for line in f if 'Ubuntu-AppIndicators-WARNING' in line]

    def click_at(self, x, y):
        '''A left click at (x, y): from the bottom-left corner (away from the hot corner) by
        relative motion, which mutter's virtual pointer does not accelerate.'''
        self.rd.NotifyPointerMotionRelative(dbus.Double(-4000.0), dbus.Double(4000.0))
        pump(0.3)
        self.rd.NotifyPointerMotionRelative(dbus.Double(float(x)), dbus.Double(float(y - 799)))
        pump(0.3)
        for pressed in (True, False):
            self.rd.NotifyPointerButton(dbus.Int32(BTN_LEFT), pressed)

    def open_menu(self, menu_reads):
        '''Clicks the icon (the leftmost of the panel's status area at 1280 px, where the
        screenshot shows it) and waits for the extension to open its menu.'''
        mark = len(menu_reads)
        self.click_at(1137, 14)
        self.until(lambda: {'AboutToShow', 'Event'} & set(menu_reads[mark:]), 20,
                   'the menu opening (AboutToShow or Event "opened")')
        pump(1)
        self.shoot('gnome-appindicator-menu.png')
        self.rd.NotifyKeyboardKeycode(dbus.UInt32(KEY_ESC), True)
        self.rd.NotifyKeyboardKeycode(dbus.UInt32(KEY_ESC), False)

    def test_panel_icon_every_start(self):
        conn = self.sandbox.session.conn
        limbertest.wait_name(conn, WATCHER, 60, self.shell)
        driver = conn.get_object('org.freedesktop.DBus', '/org/freedesktop/DBus')
        menu_reads = []
        conn.add_match_string("eavesdrop='true',type='method_call',interface='com.canonical.dbusmenu'")
        conn.add_message_filter(lambda c, m: menu_reads.append(m.get_member())
                                if m.get_interface() == 'com.canonical.dbusmenu' else None)
        for start in range(self.STARTS):
            self.start_daemon()
            pid = self.daemon.pid

            def limbers_item():
                for item in self.items():
                    name = item.split('@')[0]
                    try:
                        if driver.GetConnectionUnixProcessID(name, dbus_interface='org.freedesktop.DBus') == pid:
                            return item
                    except dbus.exceptions.DBusException:
                        pass
                return None
            item = self.until(limbers_item, 30, f'limberd\'s item in RegisteredStatusNotifierItems (start {start + 1})')
            # The extension drops a refused item a moment after listing it: still there later.
            pump(2)
            self.assertIn(item, self.items(), f'the item was dropped at start {start + 1}')
            self.assertEqual(self.refused(), [], f'gnome-shell refused the item at start {start + 1}')
            self.until(lambda: 'GetLayout' in menu_reads, 20, 'the extension reading the menu (GetLayout)')
            if start == 0:
                self.shoot('gnome-appindicator.png')
                self.open_menu(menu_reads)
            rc = self.daemon.terminate()
            self.assertEqual(rc, 0, 'limberd did not exit with 0 on SIGTERM')
            # Gone with limberd's connection.
            self.until(lambda: item not in self.items(), 20, f'the item withdrawn after limberd stopped')
            menu_reads.clear()


if __name__ == '__main__':
    realdesktop.main()
