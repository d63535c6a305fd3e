#!/usr/bin/env bash
# Lints limber.service with systemd-analyze verify (--man=no: the man pages are checked by
# the build, not installed yet). verify exits 0 on unknown keys and
# similar warnings, so any output on stderr fails the test too.
set -euo pipefail
unit_in=$1
limberd=$2
limberctl=$3

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/runtime"
chmod 700 "$tmp/runtime"
ln -s "$limberd" "$tmp/bin/limberd"
ln -s "$limberctl" "$tmp/bin/limberctl"
sed "s|@bindir@|$tmp/bin|g" "$unit_in" > "$tmp/limber.service"

status=0
XDG_RUNTIME_DIR="$tmp/runtime" systemd-analyze --user verify --man=no "$tmp/limber.service" \
        >"$tmp/out" 2>"$tmp/err" || status=$?
cat "$tmp/out" "$tmp/err"
if [ "$status" -ne 0 ] || [ -s "$tmp/err" ]; then
        echo "FAIL: systemd-analyze verify reported problems (exit $status)"
        exit 1
fi
echo "limber.service: systemd-analyze verify is silent"
