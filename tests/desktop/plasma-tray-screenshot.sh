#!/usr/bin/env bash
# The README's picture of limber in KDE Plasma's system tray, taken for real: KWin (virtual
# output) and plasmashell headless on private buses, kded5's StatusNotifierWatcher, limberd
# from the build tree with a break due, a right click on its icon through KWin's fake input,
# and a screenshot through KWin's ScreenShot2.
#
#   tests/desktop/plasma-tray-screenshot.sh [BUILD] [OUT.png]
#
# Needs (Debian 12): kwin-wayland plasma-workspace plasma-desktop qtwayland5
# kactivitymanagerd plasma-wayland-protocols imagemagick python3-dbusmock, and fake-click
# built (it is when plasma-wayland-protocols is installed). Takes about two minutes. The
# icon's place in the panel is ICON_X, ICON_Y (the first tray icon at 1280x800 by default).
# Every process it starts is ended by its PID.
set -euo pipefail
SOURCE=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "${1:-$SOURCE/build}" && pwd)
OUT=${2:-$PWD/limber-tray-plasma.png}
ICON_X=${ICON_X:-1071} ICON_Y=${ICON_Y:-778}
R=$(mktemp -d /tmp/limber-plasma-XXXXXX)
pids=()
cleanup() {
        for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
        sleep 1
        [ -n "${KEEP:-}" ] && echo "plasma-tray: logs kept in $R" >&2 || rm -rf "$R"
}
trap cleanup EXIT
bg() { local log=$1; shift; "$@" >"$R/$log.log" 2>&1 & pids+=($!); }

mkdir -p "$R"/{home,run,svc,bin,data/applications,config/limber,state,cache,share}
chmod 700 "$R/run"
# KWin's binary carries cap_sys_resource, which a sandbox may refuse at exec: a copy has none.
cp /usr/bin/kwin_wayland "$R/bin/"
cp /usr/share/dbus-1/services/org.kde.ActivityManager.service "$R/svc/" 2>/dev/null || true
for kind in session system; do
        cat >"$R/$kind.conf" <<C
<busconfig><type>$kind</type><listen>unix:path=$R/$kind-bus</listen><servicedir>$R/svc</servicedir>
<policy context="default"><allow user="*"/><allow send_destination="*" eavesdrop="true"/>
<allow receive_sender="*"/><allow own="*"/></policy></busconfig>
C
done
cat >"$R/data/applications/limber-fake-click.desktop" <<C
[Desktop Entry]
Type=Application
Name=limber fake click
Exec=$BUILD/tests/desktop/fake-click
NoDisplay=true
X-KDE-Wayland-Interfaces=org_kde_kwin_fake_input
C
# limberd's icons, "installed" where $XDG_DATA_DIRS finds them (its IconThemePath).
cp -r "$SOURCE/config/icons" "$R/share/icons"
mkdir -p "$R/share/limber" && cp "$SOURCE/config/exercises.ini" "$R/share/limber/"
printf '[schedule]\ninterval = 30s\n' >"$R/config/limber/limber.ini"

export HOME=$R/home XDG_RUNTIME_DIR=$R/run XDG_CONFIG_HOME=$R/config XDG_STATE_HOME=$R/state
export XDG_CACHE_HOME=$R/cache XDG_DATA_HOME=$R/data XDG_DATA_DIRS=$R/share:/usr/local/share:/usr/share
export DBUS_SESSION_BUS_ADDRESS=unix:path=$R/session-bus DBUS_SYSTEM_BUS_ADDRESS=unix:path=$R/system-bus
export PATH=$R/bin:$PATH XDG_CURRENT_DESKTOP=KDE XDG_SESSION_TYPE=wayland KDE_FULL_SESSION=true
bg session-bus dbus-daemon --config-file="$R/session.conf" --nofork
bg system-bus dbus-daemon --config-file="$R/system.conf" --nofork
sleep 1
bg logind /usr/bin/python3 -m dbusmock --template logind --system
kbuildsycoca5 >"$R/sycoca.log" 2>&1
KWIN_SCREENSHOT_NO_PERMISSION_CHECKS=1 QT_QPA_PLATFORM=offscreen \
        bg kwin kwin_wayland_wrapper --virtual --width 1280 --height 800 --no-lockscreen
sleep 8
export WAYLAND_DISPLAY=wayland-0
QT_QPA_PLATFORM=wayland bg plasmashell plasmashell
QT_QPA_PLATFORM=wayland bg kded5 kded5
echo "plasma-tray: waiting 45 s for plasmashell to settle" >&2
sleep 45
# kded5 loads the watcher at a session's start; here it is asked to.
dbus-send --session --print-reply --dest=org.kde.kded5 /kded org.kde.kded5.loadModule \
        string:statusnotifierwatcher >/dev/null
bg limberd "$BUILD/daemon/limberd"
for _ in $(seq 100); do grep -q 'Tray icon registered' "$R/limberd.log" && break; sleep 0.2; done
grep -q 'Tray icon registered' "$R/limberd.log" || { cat "$R/limberd.log" >&2; exit 1; }
# At the keyboard until the break is due (the pointer moving is input to the idle source).
for i in $(seq 60); do
        "$BUILD/tests/desktop/fake-click" move $((400 + i % 2 * 50)) 400
        "$BUILD/ctl/limberctl" status --json | grep -q '"state": *"due"' && break
        sleep 1
done
sleep 2
"$BUILD/tests/desktop/fake-click" "$ICON_X" "$ICON_Y" 273
sleep 2
/usr/bin/python3 - "$R/screen.png" <<'PY'
import os, subprocess, sys, threading
import dbus
r, w = os.pipe()
data = []
reader = threading.Thread(target=lambda: data.append(os.fdopen(r, 'rb').read()))
reader.start()
meta = dbus.SessionBus().get_object('org.kde.KWin', '/org/kde/KWin/ScreenShot2').CaptureActiveScreen(
    dbus.Dictionary({}, signature='sv'), dbus.types.UnixFd(w), dbus_interface='org.kde.KWin.ScreenShot2')
os.close(w)
reader.join()
width, height, stride = int(meta['width']), int(meta['height']), int(meta['stride'])
with open(sys.argv[1] + '.raw', 'wb') as f:
    f.write(data[0][:stride * height])
subprocess.check_call(['convert', '-size', f'{stride // 4}x{height}', '-depth', '8',
                       f'bgra:{sys.argv[1]}.raw', '-crop', f'{width}x{height}+0+0', '+repage', sys.argv[1]])
PY
# The menu and the panel's right end, in few colours: small enough for the README.
convert "$R/screen.png" -crop 260x262+1020+538 +repage -colors 64 "PNG8:$OUT"
echo "plasma-tray: $OUT" >&2
