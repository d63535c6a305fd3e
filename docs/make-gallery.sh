#!/bin/sh
# Makes docs/gallery.png, a contact sheet of every exercise's keyframes (one row each, in the
# catalog's order, each picture labelled with its file name), from the committed SVGs in
# config/illustrations/ (rsvg-convert from librsvg2-bin, montage from ImageMagick).
#   docs/make-gallery.sh [OUTPUT.png] [BACKGROUND] [SIZE]
# Regenerate it after "meson compile -C build illustrations" changed the pictures.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/docs/gallery.png}
background=${2:-white}
size=${3:-160}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rows=0
for id in $(sed -n 's/^\[\([a-z0-9-]*\)\]$/\1/p' "$root/config/exercises.ini"); do
        [ "$id" = safety ] && continue
        set --
        for svg in "$root"/config/illustrations/"$id"-[0-9]*.svg; do
                [ -e "$svg" ] || continue
                png=$tmp/$(basename "$svg" .svg).png
                rsvg-convert -w "$size" -h "$size" -b "$background" "$svg" -o "$png"
                set -- "$@" "$png"
        done
        [ $# -gt 0 ] || continue
        rows=$((rows + 1))
        fill=black
        [ "$background" = white ] || fill=white
        montage -label '%t' -font DejaVu-Sans -pointsize 10 -fill "$fill" "$@" \
                -tile 5x1 -geometry "${size}x${size}+4+4" -background "$background" \
                "$tmp/row-$(printf %02d $rows).png"
done
montage "$tmp"/row-*.png -tile 1x -geometry +0+0 -background "$background" "$out"
