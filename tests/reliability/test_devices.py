#!/usr/bin/python3
'''The camera and the microphone as presence: only the user's own processes count (inotify
does not say who opened a node; a process of another user holding the camera must not hold
this user's reminders back), and a program that opens and closes a node a hundred times a
second costs at most one look through /proc a second (strace counts them).'''

import os
import re
import signal
import subprocess
import sys
import time

from reliability import limbertest, limberd_pid, start_wrapped
from limbertest import setup
from test_presence import PresenceTestCase

LONG_INTERVAL = {'schedule': {'interval': '1h'}}
# Opens the node as root, then becomes nobody, dumpable (so that /proc/PID is nobody's), and
# holds the node until its standard input closes.
AS_NOBODY = '''
import ctypes, os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
os.setgroups([]); os.setgid(65534); os.setuid(65534)
ctypes.CDLL(None).prctl(4, 1, 0, 0, 0)      # PR_SET_DUMPABLE
print('held', flush=True)
sys.stdin.read()
'''


class TestDevices(PresenceTestCase):

    @setup(config=LONG_INTERVAL, daemon=False)
    def test_another_users_camera(self):
        if os.geteuid() != 0:
            self.skipTest('running a process as another user needs root')
        theirs, mine = self.device('video0'), self.device('video1')
        self.start_daemon()
        p = subprocess.Popen([sys.executable, '-c', AS_NOBODY, theirs], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
        self.addCleanup(p.wait)
        self.addCleanup(p.stdin.close)
        self.assertEqual(p.stdout.readline().strip(), 'held')
        with open(mine, 'rb'):
            self.wait_presence('camera')
        # Looked at after both opens and after the close: nobody's camera is not ours.
        self.wait_presence('')
        self.assertEqual(self.prop('BusyReason'), '')
        self.assertEqual(self.prop('PresenceReason'), '')

    @setup(config=LONG_INTERVAL, daemon=False)
    def test_probing_is_coalesced(self):
        camera = self.device('video0')
        trace = os.path.join(self.sandbox.root, 'strace.out')
        start_wrapped(self, f'strace -f -qq -e trace=openat -o {trace}')
        self.wait_prop('State', lambda v: v == 'working')
        with open(camera, 'rb'):
            self.wait_presence('camera')
        self.wait_presence('')
        start = time.monotonic()
        for _ in range(300):                # a prober: 100 opens a second for 3 s
            with open(camera, 'rb'):
                pass
            time.sleep(0.01)
        elapsed = time.monotonic() - start
        with open(camera, 'rb'):            # the look after the probes says it is in use
            self.wait_presence('camera')
        self.wait_presence('')
        os.kill(limberd_pid(self.daemon), signal.SIGTERM)     # strace does not pass it on
        self.assertEqual(self.daemon.wait_exit(30), 0)
        with open(trace) as f:
            looks = len(re.findall(r'openat\(AT_FDCWD, "/proc", ', f.read()))
        sys.stderr.write(f'[{looks} looks through /proc for 300 probes in {elapsed:.1f} s]\n')
        self.assertLessEqual(looks, elapsed + 8, f'{looks} looks through /proc in {elapsed:.1f} s')


if __name__ == '__main__':
    limbertest.main()
