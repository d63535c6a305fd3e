'''Two real Syncthing instances on loopback, for the sync folder's tests and benchmark.

Each has its own home (keys, configuration, database) and its own folder; they know each other
by device id and 127.0.0.1 addresses only, with global and local discovery, relays, NAT
traversal, usage reporting, crash reporting and upgrades off, and the GUI/REST API on
127.0.0.1. Started and stopped by the caller (SyncthingPair.stop(), also at exit with the
sandbox: every process gets PR_SET_PDEATHSIG through limbertest.Process).'''

import json
import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request

from limbertest import SCALE, Process

SYNCTHING = shutil.which('syncthing')
FOLDER_ID = 'limber'


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Syncthing:
    def __init__(self, root, name, folder, env, logdir):
        self.name = name
        self.home = os.path.join(root, f'syncthing-{name}')
        self.folder = folder
        self.env = dict(env, STNOUPGRADE='1', STNORESTART='1', STNODEFAULTFOLDER='1')
        self.logdir = logdir
        self.listen_port = free_port()
        self.gui_port = free_port()
        self.apikey = secrets.token_hex(16)
        subprocess.run([SYNCTHING, 'generate', f'--home={self.home}', '--no-default-folder'],
                       env=self.env, check=True, capture_output=True)
        self.device_id = subprocess.run([SYNCTHING, 'serve', f'--home={self.home}', '--device-id'],
                                        env=self.env, check=True, capture_output=True,
                                        text=True).stdout.strip()
        self.process = None

    def write_config(self, peers):
        devices = ''.join(
            f'<device id="{p.device_id}" name="{p.name}" compression="metadata" introducer="false">'
            f'<address>tcp://127.0.0.1:{p.listen_port}</address></device>\n' for p in peers)
        shares = ''.join(f'<device id="{p.device_id}"></device>' for p in peers)
        config = f'''<configuration version="36">
<folder id="{FOLDER_ID}" label="limber" path="{self.folder}" type="sendreceive"
        rescanIntervalS="3600" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false">
  {shares}
  <maxConflicts>10</maxConflicts>
</folder>
{devices}
<gui enabled="true" tls="false"><address>127.0.0.1:{self.gui_port}</address><apikey>{self.apikey}</apikey></gui>
<options>
  <listenAddress>tcp://127.0.0.1:{self.listen_port}</listenAddress>
  <globalAnnounceEnabled>false</globalAnnounceEnabled>
  <localAnnounceEnabled>false</localAnnounceEnabled>
  <relaysEnabled>false</relaysEnabled>
  <natEnabled>false</natEnabled>
  <startBrowser>false</startBrowser>
  <urAccepted>-1</urAccepted>
  <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
  <crashReportingEnabled>false</crashReportingEnabled>
  <reconnectionIntervalS>1</reconnectionIntervalS>
  <setLowPriority>false</setLowPriority>
</options>
</configuration>
'''
        with open(os.path.join(self.home, 'config.xml'), 'w') as f:
            f.write(config)
        os.makedirs(os.path.join(self.folder, '.stfolder'), exist_ok=True)

    def start(self):
        self.process = Process(f'syncthing-{self.name}',
                               [SYNCTHING, 'serve', f'--home={self.home}', '--no-browser',
                                '--no-restart', '--no-upgrade', '--skip-port-probing'],
                               self.env, self.logdir)

    def rest(self, method, path, body=None):
        req = urllib.request.Request(f'http://127.0.0.1:{self.gui_port}{path}', method=method,
                                     headers={'X-API-Key': self.apikey},
                                     data=None if body is None else json.dumps(body).encode())
        with urllib.request.urlopen(req, timeout=5) as r:
            data = r.read()
        return json.loads(data) if data.strip() else None

    def connected_to(self, other):
        try:
            c = self.rest('GET', '/rest/system/connections')
        except OSError:
            return False
        return c.get('connections', {}).get(other.device_id, {}).get('connected', False)

    def pause(self, other, paused=True):
        self.rest('POST', f'/rest/system/{"pause" if paused else "resume"}?device={other.device_id}')

    def stop(self):
        if self.process:
            self.process.stop()


class SyncthingPair:
    '''Syncthing A and B sharing folder_a and folder_b as one folder.'''

    def __init__(self, root, folder_a, folder_b, env, logdir):
        self.a = Syncthing(root, 'a', folder_a, env, logdir)
        self.b = Syncthing(root, 'b', folder_b, env, logdir)
        for me, other in ((self.a, self.b), (self.b, self.a)):
            me.write_config([me, other])
        self.a.start()
        self.b.start()

    def wait_connected(self, timeout=60):
        deadline = time.monotonic() + timeout * SCALE
        while time.monotonic() < deadline:
            if self.a.connected_to(self.b) and self.b.connected_to(self.a):
                return True
            for s in (self.a, self.b):
                if not s.process.alive():
                    raise AssertionError(f'syncthing {s.name} exited:\n{s.process.tail()}')
            time.sleep(0.2)
        raise AssertionError('the two Syncthing instances did not connect:\n'
                             f'{self.a.process.tail()}\n{self.b.process.tail()}')

    def stop(self):
        self.a.stop()
        self.b.stop()
