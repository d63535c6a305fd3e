#!/usr/bin/python3
'''sway 1.7 (headless wlroots backend, run as an unprivileged user: it refuses root) with mako
1.7. sway 1.7 has no ext_idle_notifier_v1, so auto passes over the wayland source (the log says
why) and takes logind's idle hint, which nothing sets here: idle and input are not part of this
walk (KWin's walk covers the wayland source). The reminder's actions through makoctl, mako's
do-not-disturb, a screenshot with grim, and sway killed and started again (with mako) follow.'''

import glob
import json
import os
import pwd
import shutil
import subprocess
import tempfile

import realdesktop
from realdesktop import MakoServer, RealDesktopTest

realdesktop.require('sway', 'setpriv', 'mako', 'makoctl', 'grim')

import limbertest  # noqa: E402

NOBODY = 65534


class SwayTest(MakoServer, RealDesktopTest):
    SOURCE = 'logind'
    IDLE_BY_INPUT = False

    def setUp(self):
        super().setUp()
        try:
            pwd.getpwuid(NOBODY)
        except KeyError:
            self.skipTest('no unprivileged user to run sway as')
        # sway's own runtime folder, its user's; the sandbox's is root's alone.
        self.runtime = tempfile.mkdtemp(prefix='limber-sway-')
        self.addCleanup(shutil.rmtree, self.runtime, True)
        os.chown(self.runtime, NOBODY, NOBODY)
        self.config = os.path.join(self.runtime, 'sway.conf')
        with open(self.config, 'w') as f:
            f.write('output HEADLESS-1 resolution 1280x800\n')
        os.chmod(self.config, 0o644)
        self.mako_config = self.sandbox.write(os.path.join(self.sandbox.root, 'mako.conf'),
                                              '[mode=do-not-disturb]\ninvisible=1\n')
        self.start_sway()
        self.sandbox.env.update(WAYLAND_DISPLAY=self.socket, XDG_SESSION_TYPE='wayland')
        self.env = dict(self.sandbox.env)
        self.start_mako()

    def start_sway(self):
        env = {'PATH': '/usr/bin:/bin', 'HOME': self.runtime, 'XDG_RUNTIME_DIR': self.runtime,
               'WLR_BACKENDS': 'headless', 'WLR_LIBINPUT_NO_DEVICES': '1', 'WLR_RENDERER': 'pixman'}
        self.sway = self.start('sway', ['setpriv', f'--reuid={NOBODY}', f'--regid={NOBODY}', '--clear-groups',
                                        'sway', '-c', self.config], env)
        self.socket = self.until(lambda: next((os.path.join(self.runtime, n) for n in sorted(os.listdir(self.runtime))
                                               if n.startswith('wayland-') and not n.endswith('.lock')), None),
                                 30, "sway's Wayland socket")

    def start_mako(self):
        self.mako = self.start('mako', ['mako', '--config', self.mako_config], self.env)
        limbertest.wait_name(self.sandbox.session.conn, realdesktop.NOTIFICATIONS, 30, self.mako)

    def poke(self):
        pass

    def screenshot(self, name):
        path = os.path.join(realdesktop.artifacts_dir(), name)
        subprocess.run(['grim', path], env=self.env, check=True, timeout=60)
        return path

    def restart(self):
        self.mako.stop()
        self.sway.stop()
        self.start_sway()
        self.start_mako()

    def window_titles(self):
        socks = glob.glob(os.path.join(self.runtime, 'sway-ipc.*.sock'))
        if not socks:
            return None
        r = subprocess.run(['swaymsg', '-s', socks[0], '-t', 'get_tree', '-r'], capture_output=True, text=True,
                           timeout=30)
        titles = []

        def walk(node):
            if node.get('app_id') == realdesktop.BREAK_APP_ID:
                titles.append(node.get('name'))
            for child in node.get('nodes', []) + node.get('floating_nodes', []):
                walk(child)
        walk(json.loads(r.stdout))
        return titles

    def test_sway_and_mako(self):
        self.walk()

    @limbertest.setup(config=realdesktop.WINDOW_CONFIG, daemon=False)
    def test_break_window(self):
        self.walk_window()


if __name__ == '__main__':
    realdesktop.main()
