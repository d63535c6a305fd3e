#!/usr/bin/python3
'''sway 1.7 (headless wlroots backend, run as an unprivileged user: it refuses root) with mako
1.7. sway 1.7 has no ext_idle_notifier_v1, so auto passes over the wayland source (the log says
why) and takes logind's idle hint, which nothing sets here: idle and input are not part of this
walk (KWin's walk covers the wayland source). The reminder's actions through makoctl, mako's
do-not-disturb, a screenshot with grim, and sway killed and started again (with mako) follow.
waybar, where installed, with the README's module block: shown, shown as stopped, and its
limberctl watch gone with it.'''

import glob
import json
import os
import pwd
import sys
import shutil
import subprocess
import tempfile

import realdesktop
from realdesktop import MakoServer, RealDesktopTest

realdesktop.require('sway', 'setpriv', 'mako', 'makoctl', 'grim', 'convert')

import limbertest  # noqa: E402
from limbertest import pump  # noqa: E402

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

    def watch_children(self, waybar_pid):
        '''The pids of "limberctl watch --waybar" processes waybar started.'''
        found = []
        for pid in filter(str.isdigit, os.listdir('/proc')):
            try:
                with open(f'/proc/{pid}/cmdline', 'rb') as f:
                    argv = f.read().split(b'\0')
                with open(f'/proc/{pid}/stat') as f:
                    ppid = int(f.read().rsplit(')', 1)[1].split()[1])
            except OSError:
                continue
            if b'watch' in argv and b'--waybar' in argv and os.path.basename(argv[0]) == b'limberctl':
                found.append((int(pid), ppid))
        # waybar runs its exec through a shell: a child of waybar or of that shell.
        shells = {pid for pid, ppid in found if ppid == waybar_pid}
        return [pid for pid, ppid in found if ppid == waybar_pid or ppid in shells or self.parent_of(ppid) == waybar_pid]

    @staticmethod
    def parent_of(pid):
        try:
            with open(f'/proc/{pid}/stat') as f:
                return int(f.read().rsplit(')', 1)[1].split()[1])
        except OSError:
            return None

    def test_waybar(self):
        '''waybar with the README's module block, word for word: the module shows limber's
        countdown and, while limberd is stopped, the word "stopped" (an empty text would hide
        it); waybar ends and its "limberctl watch --waybar" goes too, though waybar's children
        ignore SIGPIPE.'''
        if not shutil.which('waybar'):
            self.skipTest('waybar is not installed')
        readme = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'README.md')
        with open(readme) as f:
            block = f.read().split('```json\n', 1)[1].split('```', 1)[0]
        self.assertTrue(block.startswith('"custom/limber": {'), block)
        config = self.sandbox.write(os.path.join(self.sandbox.root, 'waybar.json'),
                                    '{"layer": "top", "position": "top", "height": 30,\n'
                                    ' "modules-left": ["custom/limber"],\n' + block + '}\n')
        style = self.sandbox.write(os.path.join(self.sandbox.root, 'waybar.css'),
                                   '* { font-family: sans-serif; font-size: 15px; }\n'
                                   'window#waybar { background: #202020; color: #ffffff; }\n'
                                   '#custom-limber { padding: 0 12px; }\n'
                                   '#custom-limber.stopped { background: #a02020; }\n')
        self.start_daemon()
        env = dict(self.env, PATH=os.path.dirname(os.environ['LIMBERCTL']) + ':' + self.env['PATH'])
        waybar = self.start('waybar', ['waybar', '-c', config, '-s', style], env)
        children = self.until(lambda: self.watch_children(waybar.pid), 30, 'limberctl watch under waybar')
        # The module is drawn (its text, light on the bar's dark background), not hidden.
        self.until(lambda: self.colours(self.shoot_strip('waybar-working.png'), '#FFFFFF'), 20, 'the module shown')
        self.assertEqual(self.daemon.terminate(), 0)
        # Stopped: shown still, in the README's stopped class (the style's red background).
        self.until(lambda: self.colours(self.shoot_strip('waybar-stopped.png'), '#A02020') > 500, 20,
                   'the module shown as stopped')
        self.assertTrue(all(os.path.exists(f'/proc/{pid}') for pid in children), 'watch ended with limberd')
        # waybar goes; the watch it started must not stay behind.
        waybar.stop()
        self.until(lambda: not any(os.path.exists(f'/proc/{pid}') for pid in children), 15,
                   'limberctl watch --waybar to end with waybar')
        self.assertNotIn('markup', waybar.tail().lower(), waybar.tail())

    @staticmethod
    def colours(path, colour):
        '''How many pixels of path have colour (#RRGGBB).'''
        histogram = subprocess.run(['convert', path, '-format', '%c', 'histogram:info:-'], capture_output=True,
                                   text=True, check=True, timeout=60).stdout
        return sum(int(line.split(':')[0]) for line in histogram.splitlines() if f' {colour} ' in line.upper())

    def shoot_strip(self, name):
        path = os.path.join(realdesktop.artifacts_dir(), name)
        subprocess.run(['grim', '-g', '0,0 400x40', path], env=self.env, check=True, timeout=60)
        sys.stderr.write(f'screenshot: {path}\n')
        return path


if __name__ == '__main__':
    realdesktop.main()
