#!/bin/sh
# The animated figure (daemon/pose/pose-figure.c) under Xvfb, through limber-figure-show's
# --screenshot: at a keyframe it draws what the keyframe's SVG shows; between keyframes an
# in-between pose unlike either; with animations off the first keyframe; a keyframe without a
# pose (a PNG of one's own) makes it show the first picture as it is.
#   check-figure.sh LIMBER-FIGURE-SHOW CONFIG-DIR
set -eu
show=$1
pictures=$2/illustrations
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
a=$pictures/lateral-tilt-1.svg
b=$pictures/lateral-tilt-2.svg

shot() {
        out=$1
        shift
        timeout 60 "$show" --size 200 --screenshot "$out" "$@"
}

# Pixels that differ clearly between two pictures of the same size.
differ() {
        compare -metric AE -fuzz 25% "$1" "$2" null: 2>&1 | sed 's/[^0-9].*//'
}

expect() {
        what=$1 n=$2 op=$3 limit=$4
        if ! [ "$n" "$op" "$limit" ]; then
                echo "$what: $n pixels differ (expected $op $limit)"
                status=1
        fi
}

rsvg-convert -w 200 -h 200 "$a" -o "$tmp/a.png"
rsvg-convert -w 200 -h 200 "$b" -o "$tmp/b.png"

shot "$tmp/at0.png" --at 0 1000:"$a" 1000:"$b"
shot "$tmp/at1000.png" --at 1000 1000:"$a" 1000:"$b"
shot "$tmp/at500.png" --at 500 1000:"$a" 1000:"$b"
shot "$tmp/still.png" --no-animations --after-frames 30 1000:"$a" 1000:"$b"
shot "$tmp/moved.png" --after-frames 30 1000:"$a" 1000:"$b"

expect "the first keyframe drawn against its SVG" "$(differ "$tmp/at0.png" "$tmp/a.png")" -lt 400
expect "the second keyframe drawn against its SVG" "$(differ "$tmp/at1000.png" "$tmp/b.png")" -lt 400
expect "half way against the first keyframe" "$(differ "$tmp/at500.png" "$tmp/a.png")" -gt 800
expect "half way against the second keyframe" "$(differ "$tmp/at500.png" "$tmp/b.png")" -gt 800
expect "animations off, 30 frames on, against the first keyframe" "$(differ "$tmp/still.png" "$tmp/a.png")" -lt 400
expect "animations on, 30 frames on, against the first keyframe" "$(differ "$tmp/moved.png" "$tmp/a.png")" -gt 100

# A picture without a pose: the first frame as it is.
rsvg-convert -w 200 -h 200 "$b" -o "$tmp/mine.png"
shot "$tmp/picture.png" 1000:"$tmp/mine.png" 1000:"$a"
expect "a PNG keyframe against itself" "$(differ "$tmp/picture.png" "$tmp/mine.png")" -lt 400
exit $status
