#!/bin/sh
# The committed keyframes (config/illustrations) are what the generator makes of the poses
# now, exercises.ini names them in the generator's order and timing, every one renders to a
# non-empty picture, and a mirrored keyframe is the mirror image of its twin, pixel for pixel
# give or take antialiasing.
#   check-illustrations.sh LIMBER-POSE-GEN CONFIG-DIR
set -eu
gen=$1
config=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

mkdir "$tmp/svg"
"$gen" "$tmp/svg"
if ! diff -r "$tmp/svg" "$config/illustrations" >"$tmp/diff"; then
        head -20 "$tmp/diff"
        echo "config/illustrations is stale: run 'meson compile -C BUILD illustrations' and commit it"
        status=1
fi

# exercises.ini's frame lines, per exercise, against the generator's.
"$gen" --frames >"$tmp/frames"
awk '/^\[/ { section = $0 } /^frame = / { print section; print }' "$config/exercises.ini" |
        awk '/^\[/ { if ($0 != last) print; last = $0; next } { print }' >"$tmp/ini-frames"
if ! diff -u "$tmp/frames" "$tmp/ini-frames" >"$tmp/diff"; then
        head -20 "$tmp/diff"
        echo "exercises.ini's frame lines differ from 'limber-pose-gen --frames'"
        status=1
fi

if command -v rsvg-convert >/dev/null && command -v compare >/dev/null; then
        for svg in "$config"/illustrations/*.svg; do
                png=$tmp/$(basename "$svg" .svg).png
                rsvg-convert -w 64 -h 64 "$svg" -o "$png"
                # The alpha channel's mean: 0 for an empty picture.
                ink=$(convert "$png" -alpha extract -format '%[fx:mean]' info: 2>/dev/null || echo 1)
                if awk -v v="$ink" 'BEGIN { exit !(v < 0.02) }'; then
                        echo "$svg renders (almost) empty: ink $ink"
                        status=1
                fi
        done
        "$gen" --mirrors | while read -r a b; do
                rsvg-convert -w 128 -h 128 "$config/illustrations/$a" -o "$tmp/a.png"
                rsvg-convert -w 128 -h 128 "$config/illustrations/$b" -o "$tmp/b.png"
                convert "$tmp/a.png" -flop "$tmp/a-flop.png"
                diff=$(compare -metric AE -fuzz 30% "$tmp/a-flop.png" "$tmp/b.png" null: 2>&1 || true)
                if [ "${diff%%.*}" -gt 40 ]; then
                        echo "$b is not the mirror image of $a: $diff pixels differ"
                        exit 1
                fi
        done || status=1
fi
exit $status
