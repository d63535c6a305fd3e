#!/usr/bin/python3
'''The sync folder's cost and latency (a measurement, not a test: exit status 0 whatever the
figures). Two limberd ("A" and "B"), each with its own buses, mocks and state folder:

  1. at rest: wake-ups (context switches of every thread, from /proc/PID/task/*/status) of A
     over a quiet window, with no sync folder, with a folder shared with B, and with a folder
     kept in step with B's by two Syncthing instances on 127.0.0.1 (tests/integration/
     syncthing.py) - nothing happens in the window but what the sync engine does by itself;
  2. latency: the time from a break logged on B to A starting its count again (A's journal
     line), over a shared folder and through Syncthing, several times;
  3. cost of a change: the bytes limberd reads (/proc/PID/io rchar) when one record is added to
     a peer's file of 1 KiB and of 8 MiB.

    tests/bench/bench-sync.py [--build DIR] [--window SECONDS] [--rounds N]

Needs /usr/bin/python3 with python3-dbusmock (the integration tests' harness), dbus-daemon
and syncthing (.ci/install-deps --test).'''

import argparse
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.normpath(os.path.join(HERE, '..', '..'))
sys.path.insert(0, os.path.join(SOURCE, 'tests', 'integration'))


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--build', default=os.path.join(SOURCE, 'build'))
    p.add_argument('--window', type=float, default=30.0, help='quiet window, seconds')
    p.add_argument('--rounds', type=int, default=5, help='breaks timed per setting')
    return p.parse_args()


args = parse_args()
os.environ.setdefault('LIMBERD', os.path.join(args.build, 'daemon', 'limberd'))
os.environ.setdefault('LIMBER_NOTIFY_HELPER', os.path.join(args.build, 'daemon', 'limber-notify'))
os.environ.setdefault('LIMBER_EXERCISES', os.path.join(SOURCE, 'config', 'exercises.ini'))

import dbus  # noqa: E402

import limbertest  # noqa: E402
import syncthing  # noqa: E402
from limbertest import (BUS_NAME, INTERFACE, OBJECT_PATH, Sandbox, format_ini, pump,  # noqa: E402
                        usec, _thread_switches)

REST_CONFIG = {'schedule': {'interval': '2h', 'natural-break': '1h', 'idle-after': '1s'}}


class Limberd:
    def __init__(self, name, folder, root=None):
        self.sandbox = Sandbox(f'bench-sync-{name}')
        config = dict(REST_CONFIG)
        if folder:
            config['sync'] = {'folder': folder, 'machine': name}
        self.sandbox.write(self.sandbox.user_config, format_ini(config))
        self.sandbox.start_mock('notifications')
        self.sandbox.start_mock('logind')
        self.mutter = self.sandbox.start_mock('mutter')
        self.daemon = self.sandbox.start_daemon()

    def call(self, method, signature='', *a):
        return self.sandbox.session.conn.call_blocking(BUS_NAME, OBJECT_PATH, INTERFACE, method,
                                                       signature, a, timeout=20)

    def breaks_seen(self):
        return self.daemon.output().count('A break was taken on ')

    def rchar(self):
        with open(f'/proc/{self.daemon.pid}/io') as f:
            for line in f:
                if line.startswith('rchar:'):
                    return int(line.split()[1])
        return 0

    def stop(self):
        self.sandbox.cleanup()
        self.sandbox.remove()


def quiet_switches(d, window):
    time.sleep(2)               # start-up and the first reads settle
    before = _thread_switches(d.daemon.pid)
    time.sleep(window)
    return _thread_switches(d.daemon.pid) - before


def break_latency(a, b, rounds):
    delays = []
    for _ in range(rounds):
        seen = a.breaks_seen()
        start = time.monotonic()
        b.call('LogBreak', 'ts', dbus.UInt64(usec(1)), '')
        while a.breaks_seen() == seen:
            if time.monotonic() - start > 60:
                print('  a break on B never reached A within 60 s')
                return delays
            time.sleep(0.005)
        delays.append(time.monotonic() - start)
        time.sleep(1.5)         # the next break is a new one
    return delays


def summary(delays):
    if not delays:
        return 'no figure'
    return (f'median {statistics.median(delays) * 1000:.0f} ms, min {min(delays) * 1000:.0f} ms, '
            f'max {max(delays) * 1000:.0f} ms over {len(delays)} breaks')


def main():
    root = Sandbox('bench-sync-root')
    shared = os.path.join(root.root, 'shared')
    print(f'limber sync folder benchmark ({args.window:.0f} s quiet windows, {args.rounds} breaks)')

    a = Limberd('a', None)
    print(f'  at rest, no sync folder:                 {quiet_switches(a, args.window)} wake-ups of limberd')
    a.stop()

    a, b = Limberd('a', shared), Limberd('b', shared)
    b.mutter.set_idle(2)
    print(f'  at rest, folder shared with B:           {quiet_switches(a, args.window)} wake-ups of limberd')
    print(f'  break on B -> reset on A, shared folder: {summary(break_latency(a, b, args.rounds))}')

    # The cost of a change: one record added to a peer's file, small and large.
    peer = os.path.join(shared, '0123456789abcdef-c')
    os.makedirs(peer)
    now = time.time_ns() // 1000
    line = f'v1\t{now - 10_000_000}\tactive\t1000000\t\t\n'
    for size in (1024, 8 * 1024 * 1024):
        path = os.path.join(peer, 'activity')
        with open(path, 'w') as f:
            f.write(line * (size // len(line)))
        time.sleep(1)
        before = a.rchar()
        with open(path, 'a') as f:
            f.write(line)
        time.sleep(1)
        print(f'  one record added to a {size // 1024:>5} KiB peer file: limberd read {a.rchar() - before} bytes')
        os.remove(path)
    a.stop()
    b.stop()

    fa, fb = os.path.join(root.root, 'sync-a'), os.path.join(root.root, 'sync-b')
    pair = syncthing.SyncthingPair(root.root, fa, fb, root.base_env, root.logdir)
    try:
        t = time.monotonic()
        pair.wait_connected()
        print(f'  Syncthing A and B connected after {time.monotonic() - t:.1f} s')
        a, b = Limberd('a', fa), Limberd('b', fb)
        b.mutter.set_idle(2)
        print(f'  at rest, folder kept by Syncthing:       {quiet_switches(a, args.window)} wake-ups of limberd')
        print(f'  break on B -> reset on A, Syncthing:     {summary(break_latency(a, b, args.rounds))}')
        a.stop()
        b.stop()
    finally:
        pair.stop()
        root.cleanup()
        root.remove()


if __name__ == '__main__':
    main()
