#!/usr/bin/env bash
# Translations complete and well formed: the messages of today's sources (extracted afresh, so
# a string added without updating po/ counts too) merged into each po/LANG.po of po/LINGUAS must
# have no untranslated or fuzzy message, and msgfmt -c must accept every format string and
# header. Every file that marks texts for translation must be listed in po/POTFILES.in.
# Prints what is missing and fails; prints the statistics and passes otherwise.
set -euo pipefail
src=${1:-$(dirname "$0")/..}
cd "$src"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# A file using _(), N_() or ngettext() that POTFILES.in leaves out would never be translated.
while IFS= read -r file; do
        if ! grep -qx "$file" po/POTFILES.in; then
                echo "po/POTFILES.in: $file marks texts for translation but is not listed"
                status=1
        fi
done < <(grep -rlE '\b(N_|_)\("|ngettext\(' daemon ctl --include='*.c' | sort)
while IFS= read -r file; do
        [ -e "$file" ] || { echo "po/POTFILES.in: $file does not exist"; status=1; }
done < <(grep -v '^\s*\(#\|$\)' po/POTFILES.in)

# The same extraction as meson's limber-pot target (po/meson.build, the glib preset).
grep -v '^\s*\(#\|$\)' po/POTFILES.in > "$tmp/files"
xgettext --files-from="$tmp/files" --directory=. --output="$tmp/limber.pot" \
        --from-code=UTF-8 --add-comments=TRANSLATORS: --keyword=_ --keyword=N_ \
        --flag=N_:1:pass-c-format --package-name=limber 2>"$tmp/xgettext.err" ||
        { cat "$tmp/xgettext.err"; exit 1; }

while IFS= read -r lang; do
        lang=${lang%%#*}
        lang=${lang//[[:space:]]/}
        [ -n "$lang" ] || continue
        if [ ! -f "po/$lang.po" ]; then
                echo "po/$lang.po: missing (listed in po/LINGUAS)"
                status=1
                continue
        fi
        msgmerge --quiet --no-fuzzy-matching --output-file="$tmp/$lang.po" "po/$lang.po" "$tmp/limber.pot"
        if ! stats=$(LC_ALL=C msgfmt --check --statistics --output-file=/dev/null "$tmp/$lang.po" 2>&1); then
                echo "po/$lang.po: msgfmt --check fails:"
                echo "$stats"
                status=1
                continue
        fi
        echo "po/$lang.po: $stats"
        if grep -q 'untranslated\|fuzzy' <<<"$stats"; then
                status=1
                # Name the messages a translator has to look at.
                msgattrib --untranslated --only-fuzzy "$tmp/$lang.po" 2>/dev/null | grep '^msgid ' | head -5 || true
                msgattrib --untranslated "$tmp/$lang.po" 2>/dev/null | grep '^msgid "[^"]' | head -20 | sed "s|^|  untranslated in $lang: |" || true
                msgattrib --only-fuzzy "$tmp/$lang.po" 2>/dev/null | grep '^msgid "[^"]' | head -20 | sed "s|^|  fuzzy in $lang: |" || true
        fi
done < po/LINGUAS
exit $status
