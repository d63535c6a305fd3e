#!/bin/bash
# What a person sees on mako 1.7 under sway 1.7 (headless, pixman) with mako's default
# settings: a reminder, step 1 of a guided break, and its end, as PNG screenshots (grim).
# sway refuses root: run as root, this script runs the session as nobody (65534).
# Usage: tests/desktop/mako-screens.sh BUILD_DIR OUT_DIR
set -euo pipefail
build=$(realpath "$1"); out=$(realpath -m "$2"); src=$(dirname "$(realpath "$0")")/../..
root=$(mktemp -d /tmp/limber-mako-XXXXXX)
mkdir -p "$out" "$root"/{run,home/.config/limber,share/limber,bin}
cp "$src/config/exercises.ini" "$root/share/limber/"
cp "$build/daemon/limberd" "$build/daemon/limber-notify" "$build/ctl/limberctl" "$root/bin/"
cat > "$root/home/.config/limber/limber.ini" <<'INI'
[schedule]
interval = 3s
break-duration = 1h
[exercises]
per-break = 2
[idle]
source = none
INI
cat > "$root/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:path=$root/run/bus</listen><auth>EXTERNAL</auth>
<policy context="default"><allow user="*"/><allow own="*"/><allow send_type="method_call"/>
<allow send_type="signal"/><allow send_type="method_return"/><allow send_type="error"/>
<allow receive_type="method_call"/><allow receive_type="signal"/><allow receive_type="method_return"/>
<allow receive_type="error"/></policy></busconfig>
CONF
printf 'output HEADLESS-1 resolution 1280x800\n' > "$root/sway.cfg"
chown -R 65534:65534 "$root"; chmod 700 "$root/run"
as_nobody() {
        setpriv --reuid=65534 --regid=65534 --clear-groups env -i PATH=/usr/bin:/bin HOME="$root/home" \
                XDG_RUNTIME_DIR="$root/run" XDG_CONFIG_HOME="$root/home/.config" XDG_STATE_HOME="$root/home/.state" \
                XDG_DATA_DIRS="$root/share" DBUS_SESSION_BUS_ADDRESS="unix:path=$root/run/bus" \
                WAYLAND_DISPLAY=wayland-1 SWAYSOCK="$root/run/sway.sock" LANG=C.UTF-8 "$@"
}
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 1; rm -rf "$root"; }
trap cleanup EXIT
as_nobody dbus-daemon --config-file="$root/bus.conf" --nofork > "$root/bus.log" 2>&1 & pids+=($!)
sleep 1
as_nobody env WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman sway -c "$root/sway.cfg" > "$root/sway.log" 2>&1 & pids+=($!)
for _ in $(seq 50); do [ -S "$root/run/wayland-1" ] && break; sleep 0.2; done
as_nobody mako > "$root/mako.log" 2>&1 & pids+=($!)
sleep 1
as_nobody "$root/bin/limberd" > "$root/limberd.log" 2>&1 & pids+=($!)
shot() { sleep 1; as_nobody grim "$root/run/shot.png"; cp "$root/run/shot.png" "$out/$1"; echo "screenshot $out/$1"; }
ctl() { as_nobody "$root/bin/limberctl" "$@"; }
for _ in $(seq 50); do ctl status 2>/dev/null | grep -q "Break due" && break; sleep 0.3; done
sleep 1
echo "--- makoctl list (reminder)"; as_nobody makoctl list | head -30
shot mako-default-reminder.png
id=$(as_nobody makoctl list | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0][0]["id"]["data"])')
as_nobody makoctl invoke -n "$id" start
sleep 1.5
echo "--- after Start: on screen"; as_nobody makoctl list | python3 -c 'import json,sys; print([n["summary"]["data"] for n in json.load(sys.stdin)["data"][0]])'
shot mako-default-step1.png
id=$(as_nobody makoctl list | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0][0]["id"]["data"])')
as_nobody makoctl invoke -n "$id" done
sleep 1.5
echo "--- after Done: on screen"; as_nobody makoctl list | python3 -c 'import json,sys; print([n["summary"]["data"] for n in json.load(sys.stdin)["data"][0]])'
shot mako-default-break-over.png
sleep 9
echo "--- 9 s later: on screen"; as_nobody makoctl list | python3 -c 'import json,sys; print([n["summary"]["data"] for n in json.load(sys.stdin)["data"][0]])'
