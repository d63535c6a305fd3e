#!/usr/bin/python3
'''The X11 notification servers of Xfce, MATE and GNOME Flashback, each the real program under
Xvfb with real input through xdotool: xfce4-notifyd 0.7 (do-not-disturb in xfconf),
mate-notification-daemon 1.26 (do-not-disturb in GSettings, watched in a MATE session), and
notification-daemon 3.20 (no do-not-disturb: its test skips that part; it expires popups
without NotificationClosed). None of them can choose an action from outside.'''

import os
import subprocess

import realdesktop
from realdesktop import RealDesktopTest, require

realdesktop.require('Xvfb', 'xdotool')

from desktoptest import Xvfb  # noqa: E402
import limbertest  # noqa: E402

XFCE_NOTIFYD = '/usr/lib/x86_64-linux-gnu/xfce4/notifyd/xfce4-notifyd'
XFCONFD = '/usr/lib/x86_64-linux-gnu/xfce4/xfconf/xfconfd'
MATE_NOTIFYD = '/usr/lib/mate-notification-daemon/mate-notification-daemon'
NOTIFICATION_DAEMON = '/usr/lib/notification-daemon/notification-daemon'


class X11Test(RealDesktopTest):
    SOURCE = 'x11'
    SERVER = None

    def setUp(self):
        if not os.access(self.SERVER, os.X_OK):
            self.skipTest(f'{self.SERVER} is not installed')
        super().setUp()
        self.x = Xvfb(self.sandbox, size='1280x800x24')
        self.sandbox.env['DISPLAY'] = self.x.display
        self.env = dict(self.sandbox.env)
        self.start_server()

    def start_server(self):
        self.server = self.start('server', [self.SERVER], self.env)
        limbertest.wait_name(self.sandbox.session.conn, realdesktop.NOTIFICATIONS, 20, self.server)

    def poke(self):
        self.x.run('xdotool', 'mousemove_relative', '--', '3', '2')

    def screenshot(self, name):
        return self.x.screenshot(name)

    def restart(self):
        display = self.x.display
        self.server.stop()
        self.x.stop()
        self.wait_prop('IdleSource', lambda v: v == 'none', 20, 'IdleSource == none without the X server')
        self.assertTrue(self.prop('Idle'), 'active without an X server')
        self.x = Xvfb(self.sandbox, size='1280x800x24', display=display)
        self.start_server()



class XfceTest(X11Test):
    SERVER = XFCE_NOTIFYD

    def setUp(self):
        require(XFCONFD, 'xfconf-query')
        super().setUp()

    def start_server(self):
        if not getattr(self, 'xfconfd', None) or not self.xfconfd.alive():
            self.xfconfd = self.start('xfconfd', [XFCONFD], self.env)
            limbertest.wait_name(self.sandbox.session.conn, 'org.xfce.Xfconf', 20, self.xfconfd)
        super().start_server()

    def dnd(self, on):
        subprocess.run(['xfconf-query', '-c', 'xfce4-notifyd', '-p', '/do-not-disturb', '-n', '-t', 'bool',
                        '-s', 'true' if on else 'false'], env=self.env, check=True, timeout=30)

    def test_xfce4_notifyd(self):
        self.walk()


class MateTest(X11Test):
    SERVER = MATE_NOTIFYD

    def setUp(self):
        require('gsettings')
        super().setUp()

    def start_server(self):
        # GSettings in a keyfile both the server, limberd's helper and gsettings share.
        for env in (self.env, self.sandbox.env):
            env.update(GSETTINGS_BACKEND='keyfile', XDG_CURRENT_DESKTOP='MATE')
        super().start_server()

    def dnd(self, on):
        subprocess.run(['gsettings', 'set', 'org.mate.NotificationDaemon', 'do-not-disturb',
                        'true' if on else 'false'], env=self.env, check=True, timeout=30)

    def test_mate_notification_daemon(self):
        self.walk()


class NotificationDaemonTest(X11Test):
    SERVER = NOTIFICATION_DAEMON
    HAS_DND = False

    def test_notification_daemon_helper_ends(self):
        '''notification-daemon expires popups without NotificationClosed: a posture nudge
        expires, and the helper ends by itself.'''
        self.write_config(limbertest.merge_config(self.CONFIG, {
            'schedule': {'interval': '1h'}, 'micro': {'enabled': 'true', 'interval': '6s', 'duration': '2s'}}))
        self.start_daemon()
        self.wait_prop('IdleSource', lambda v: v == 'x11', 20, 'IdleSource == x11')
        helper = self.until(lambda: limbertest.notification_helpers(self.daemon.pid), 30,
                            'the helper of the posture nudge', poke=True)
        self.shoot('notification-daemon-nudge.png')
        self.until(lambda: (limbertest.process_state(helper[0]) or 'Z')[0] == 'Z', 15,
                   'the helper to end after the nudge expired', poke=True)

    def test_notification_daemon(self):
        self.walk()


if __name__ == '__main__':
    realdesktop.main()
