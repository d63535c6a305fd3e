#!/usr/bin/python3
'''seccomp-exec.py ALLOWED_SYSCALLS_FILE -- PROGRAM [ARG...]

Runs PROGRAM under seccomp filters like those systemd installs for limber.service, to show
that limberd survives its unit's sandbox without a systemd user manager:
  - SystemCallFilter: every system call not listed in ALLOWED_SYSCALLS_FILE (one name a line)
    kills the process (stricter than the unit's SystemCallErrorNumber=EPERM: a violation
    cannot go unnoticed);
  - SystemCallArchitectures=native: libseccomp's default, calls of other ABIs kill;
  - RestrictAddressFamilies=AF_UNIX: socket() of any other family fails with EAFNOSUPPORT;
  - MemoryDenyWriteExecute=yes: writable and executable mappings fail with EPERM;
  - NoNewPrivileges=yes: set by libseccomp before it loads a filter.
Uses libseccomp (installed with systemd) through ctypes.'''

import ctypes
import errno
import os
import sys

SCMP_ACT_KILL_PROCESS = 0x80000000
SCMP_ACT_ALLOW = 0x7fff0000
SCMP_CMP_NE = 1
SCMP_CMP_MASKED_EQ = 7
AF_UNIX = 1
PROT_WRITE = 0x2
PROT_EXEC = 0x4


def SCMP_ACT_ERRNO(e):
    return 0x00050000 | (e & 0xffff)


class ArgCmp(ctypes.Structure):
    _fields_ = [('arg', ctypes.c_uint), ('op', ctypes.c_int),
                ('datum_a', ctypes.c_uint64), ('datum_b', ctypes.c_uint64)]


lib = ctypes.CDLL('libseccomp.so.2', use_errno=True)
lib.seccomp_init.restype = ctypes.c_void_p
lib.seccomp_init.argtypes = [ctypes.c_uint32]
lib.seccomp_syscall_resolve_name.restype = ctypes.c_int
lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
lib.seccomp_rule_add_array.restype = ctypes.c_int
lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint,
                                       ctypes.POINTER(ArgCmp)]
lib.seccomp_load.restype = ctypes.c_int
lib.seccomp_load.argtypes = [ctypes.c_void_p]


def rule(ctx, action, name, *cmps):
    nr = lib.seccomp_syscall_resolve_name(name.encode())
    if nr == -1:            # __NR_SCMP_ERROR: no such system call on this architecture
        return False
    arr = (ArgCmp * max(len(cmps), 1))(*cmps)
    r = lib.seccomp_rule_add_array(ctx, action, nr, len(cmps), arr)
    if r < 0 and -r not in (errno.EEXIST, errno.EOPNOTSUPP, errno.EINVAL):
        sys.exit(f'seccomp-exec: rule for {name}: {os.strerror(-r)}')
    return r == 0


def main():
    if len(sys.argv) < 4 or sys.argv[2] != '--':
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        allowed = sorted({line.strip() for line in f if line.strip() and not line.startswith('#')})

    # The argument checks: default allow, refuse what the unit refuses.
    restrict = lib.seccomp_init(SCMP_ACT_ALLOW)
    rule(restrict, SCMP_ACT_ERRNO(errno.EAFNOSUPPORT), 'socket', ArgCmp(0, SCMP_CMP_NE, AF_UNIX, 0))
    wx = PROT_WRITE | PROT_EXEC
    rule(restrict, SCMP_ACT_ERRNO(errno.EPERM), 'mmap', ArgCmp(2, SCMP_CMP_MASKED_EQ, wx, wx))
    rule(restrict, SCMP_ACT_ERRNO(errno.EPERM), 'mprotect', ArgCmp(2, SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC))
    rule(restrict, SCMP_ACT_ERRNO(errno.EPERM), 'pkey_mprotect',
         ArgCmp(2, SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC))

    # The allow list: anything else kills.
    allow = lib.seccomp_init(SCMP_ACT_KILL_PROCESS)
    n = sum(rule(allow, SCMP_ACT_ALLOW, name) for name in allowed)
    if n < 100:
        sys.exit(f'seccomp-exec: only {n} of {len(allowed)} system calls could be allowed')

    # Loaded last, the allow list; then nothing but execve until the program runs.
    for ctx in (restrict, allow):
        r = lib.seccomp_load(ctx)
        if r < 0:
            sys.exit(f'seccomp-exec: cannot load the filter: {os.strerror(-r)}')
    os.execv(sys.argv[3], sys.argv[3:])


if __name__ == '__main__':
    main()
