#!/usr/bin/env bash
# lint-includes.sh on small trees of its own: in daemon/, the Manager's files and main.c may
# include the Manager's headers and the objects' headers; an object (storage.c, day.h, ...)
# may include another object's header but never the Manager's. Prints what went wrong and
# fails; passes silently.
set -euo pipefail
lint=$(cd "$(dirname "$0")" && pwd)/lint-includes.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# tree FILE:INCLUDE...: a fresh tree where each FILE includes INCLUDE, beside the headers
# manager.h, manager-sync.h, storage.h and day.h.
tree() {
        rm -rf "$tmp/daemon" "$tmp/ctl"
        mkdir -p "$tmp/daemon" "$tmp/ctl"
        touch "$tmp/daemon/manager.h" "$tmp/daemon/manager-sync.h" "$tmp/daemon/storage.h" "$tmp/daemon/day.h"
        for pair in "$@"; do
                echo "#include \"${pair#*:}\"" >> "$tmp/daemon/${pair%%:*}"
        done
}

# expect passes|fails WHAT FILE:INCLUDE...
expect() {
        local want=$1 what=$2 out
        shift 2
        tree "$@"
        if out=$(bash "$lint" "$tmp" 2>&1); then got=passes; else got=fails; fi
        if [ "$got" != "$want" ]; then
                echo "lint-includes.sh $got on $what (expected: it $want)${out:+:}"
                [ -n "$out" ] && echo "$out"
                status=1
        fi
        return 0
}

expect passes "the Manager including its headers and the objects'" \
        manager.c:manager.h manager.c:manager-sync.h manager.c:storage.h manager-sync.c:day.h
expect passes "main.c including manager.h" main.c:manager.h
expect passes "an object including another object's header" day.h:storage.h storage.c:storage.h
expect fails "an object including manager.h" storage.c:manager.h
expect fails "an object's header including a Manager half's" day.h:manager-sync.h
expect fails "a header that does not exist in daemon/" storage.c:nothere.h

tree storage.c:manager.h
out=$(bash "$lint" "$tmp" || true)
if [ "$out" != "daemon/storage.c:1: only main.c and the Manager's files may include \"manager.h\"" ]; then
        echo "lint-includes.sh does not say which files may include manager.h"
        status=1
fi
exit $status
