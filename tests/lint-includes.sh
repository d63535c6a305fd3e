#!/usr/bin/env bash
# The layers of the tree, checked on every include line: a file may include only the folders
# its layer sits on (docs/HACKING.md's "Layout" draws the same graph). Prints each include that
# crosses a layer the wrong way and fails; prints nothing and passes otherwise.
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"

# layer: the folders (of daemon/) its files may include, besides their own.
declare -A allowed=(
        [util]=""
        [core]="util"
        [files]="util core"
        [session]="util"
        [idle]="util core session"
        [busy]="util session"
        [notify]="util core"
        [break]="util pose"
        [presence]="util"
        [tray]="util core session"
        [sync]="util core files"
        [daemon]="util core files session idle busy notify presence tray sync"
        [ctl]="util"
        [pose]=""
)

status=0
while IFS= read -r -d '' file; do
        case $file in
        daemon/*/*) layer=${file#daemon/}; layer=${layer%%/*} ;;
        daemon/*) layer=daemon ;;
        ctl/*) layer=ctl ;;
        esac
        while IFS=: read -r line text; do
                inc=${text#*\"}
                inc=${inc%%\"*}
                case $inc in
                limber-config.h) continue ;;
                */*) folder=${inc%%/*} ;;
                *) folder=. ;;
                esac
                ok=false
                if [ "$folder" = . ]; then
                        # Unqualified: the ctl tool's own headers, the manager's, generated ones.
                        case $layer:$inc in
                        ctl:ctl-*.h | daemon:manager*.h | idle:ext-idle-notify-*.h) ok=true ;;
                        esac
                elif [ "$folder" = "$layer" ]; then
                        ok=true
                else
                        for a in ${allowed[$layer]}; do
                                [ "$a" = "$folder" ] && ok=true
                        done
                fi
                if ! $ok; then
                        echo "$file:$line: $layer/ may not include \"$inc\""
                        status=1
                fi
        done < <(grep -n '^#include "' "$file" || true)
done < <(find daemon ctl -name '*.[ch]' -print0 | sort -z)
exit $status
