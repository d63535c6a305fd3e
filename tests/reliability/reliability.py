'''Helpers the reliability tests share, on top of tests/integration/limbertest.py (importing
this module makes limbertest importable).'''

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'integration'))
import limbertest  # noqa: E402

__all__ = ['limbertest', 'add_asan_option', 'start_wrapped', 'limberd_pid']


def add_asan_option(env, option):
    '''Appends option to ASAN_OPTIONS in env (for an ASan build of limberd; harmless otherwise).'''
    env['ASAN_OPTIONS'] = ':'.join(filter(None, [env.get('ASAN_OPTIONS'), option]))


def start_wrapped(case, wrapper):
    '''Starts limberd under wrapper (a command line such as "strace -f -o FILE"), as
    LIMBERD_WRAPPER would; skips the test when limberd already runs under one.'''
    if os.environ.get('LIMBERD_WRAPPER'):
        case.skipTest('limberd already runs under a wrapper (LIMBERD_WRAPPER)')
    # LeakSanitizer cannot run under ptrace; these runs are no leak test.
    add_asan_option(case.sandbox.env, 'detect_leaks=0')
    os.environ['LIMBERD_WRAPPER'] = wrapper
    try:
        return case.start_daemon()
    finally:
        del os.environ['LIMBERD_WRAPPER']


def limberd_pid(daemon):
    '''limberd itself: the process, or the wrapper's child named limberd when the wrapper forks
    (strace). limberd's own children (its notification helper) are not it.'''
    def comm(pid):
        try:
            with open(f'/proc/{pid}/comm') as f:
                return f.read().strip()
        except OSError:
            return ''

    if comm(daemon.pid) == 'limberd':
        return daemon.pid
    try:
        with open(f'/proc/{daemon.pid}/task/{daemon.pid}/children') as f:
            children = f.read().split()
    except OSError:
        children = []
    return next((int(c) for c in children if comm(c) == 'limberd'), daemon.pid)
