#!/usr/bin/env bash
# The pure libraries read no clock and do no I/O: every symbol their objects leave undefined
# (nm -u) is checked against a deny list of clocks, sleeps, files, sockets, the environment,
# standard streams, logging, sd-bus/sd-event (sd_*), GLib (g_*) and limber's own helpers that
# read the clock or touch files. Prints each object and symbol that breaks the rule and fails;
# prints what it checked and passes otherwise.
#
# Allowed on purpose: memory (malloc, free, qsort, string functions), formatting into memory
# (snprintf, vasprintf, util's strbuf_*), inih splitting lines handed to it from memory
# (ini_parse_stream), gettext's lookup of a translation (dcgettext), and the time zone's
# rules (localtime_r, mktime: a conversion of a time the caller gives, not a clock read).
#
# Usage: check-pure.sh LIBRARY.a...
#        check-pure.sh --must-catch SYMBOL... -- LIBRARY.a...   (the check's own test: passes
#        only when the check fails on the libraries and names every SYMBOL)
set -euo pipefail

if [ "${1:-}" = --must-catch ]; then
        shift
        symbols=()
        while [ $# -gt 0 ] && [ "$1" != -- ]; do
                symbols+=("$1")
                shift
        done
        shift
        rc=0
        out=$("$0" "$@") || rc=$?
        printf '%s\n' "$out"
        if [ $rc -ne 1 ]; then
                echo "the check exited with $rc, not 1: it did not catch what it must" >&2
                exit 1
        fi
        for s in "${symbols[@]}"; do
                if ! grep -q " calls $s\(64\)\?:" <<<"$out"; then
                        echo "the check did not name $s" >&2
                        exit 1
                fi
        done
        exit 0
fi

NM=${NM:-nm}

deny=(
        # clocks and sleeps
        clock_gettime clock_getres clock_nanosleep time gettimeofday ftime times clock
        timespec_get nanosleep usleep sleep alarm timer_create timerfd_create
        timerfd_settime getrandom getentropy rand random srand
        # files and descriptors
        open openat openat2 creat fopen fdopen freopen tmpfile mkstemp mkostemp close
        fclose read pread readv preadv write pwrite writev pwritev fread fwrite fgets fgetc
        getc getline getdelim fputs fputc putc puts putchar printf fprintf vprintf vfprintf
        dprintf vdprintf perror fflush fseek fseeko ftell ftello lseek stat fstat lstat
        fstatat statx access faccessat mkdir mkdirat rmdir unlink unlinkat rename renameat
        renameat2 link symlink readlink readlinkat realpath chmod fchmod chown fchown truncate
        ftruncate fsync fdatasync sync flock fcntl ioctl dup dup2 dup3 pipe pipe2 mmap munmap
        opendir fdopendir readdir closedir scandir nftw inotify_init inotify_init1
        inotify_add_watch inotify_rm_watch
        # sockets, polling, processes, the environment
        socket connect bind listen accept accept4 send sendto sendmsg recv recvfrom recvmsg
        poll ppoll select pselect epoll_create epoll_create1 epoll_ctl epoll_wait
        fork vfork execve execvp posix_spawn system popen pclose kill raise
        getenv secure_getenv setenv unsetenv putenv environ gethostname uname syslog
        stdin stdout stderr
        # limber's own clock and file helpers (daemon/util, daemon/core)
        now_usec log_full_errno log_internal read_file_full read_file_nofollow write_file_atomic
        write_file_atomic_unless_changed write_file_in_place write_fd_in_place mkdir_parents
        history_read history_read_page history_append
        # inih's readers of a file; ini_parse_stream() reads through the caller's function
        # (core/ini-reader.c hands it lines from memory) and stays allowed
        ini_parse ini_parse_file
)
# Whole families, as extended regular expressions.
deny_families='^(sd_|g_|gtk_|notify_|paths_|log_)'

declare -A denied=()
for s in "${deny[@]}"; do
        denied[$s]=1
done

# The C library's variants of one function: open64, __open_2, __read_chk, __fprintf_chk, ...
base_name() {
        local s=${1%%@*}
        s=${s%64}
        case $s in
        __*_chk) s=${s#__}; s=${s%_chk} ;;
        __*_2) s=${s#__}; s=${s%_2} ;;
        __isoc99_*|__isoc23_*) s=${s#__isoc*_} ;;
        esac
        s=${s%64}
        printf '%s' "$s"
}

if [ $# -eq 0 ]; then
        echo "usage: $0 LIBRARY.a..." >&2
        exit 2
fi

status=0
objects=0
for lib in "$@"; do
        if [ ! -s "$lib" ]; then
                echo "$lib: no such library" >&2
                exit 2
        fi
        object=
        while IFS= read -r line; do
                case $line in
                "") continue ;;
                *:) object=${line%:}; objects=$((objects + 1)); continue ;;
                esac
                sym=${line##* }
                b=$(base_name "$sym")
                if [ -n "${denied[$b]:-}" ] || [[ $b =~ $deny_families ]]; then
                        echo "$(basename "$lib"): $object calls $sym: a pure part reads no clock and does no I/O"
                        status=1
                fi
        done < <("$NM" -u "$lib")
done

if [ "$objects" -eq 0 ]; then
        echo "no objects in $*: nothing was checked" >&2
        exit 2
fi
[ $status -eq 0 ] && echo "$objects objects checked: no clock, no I/O"
exit $status
