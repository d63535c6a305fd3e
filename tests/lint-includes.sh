#!/usr/bin/env bash
# The layers of the tree, checked on every include line: a file may include only the folders
# its layer sits on (docs/HACKING.md's "Layout" draws the same graph). In daemon/ itself the
# Manager's files (manager*.c, manager*.h and main.c) may include every header there; the
# objects the Manager owns (storage.c, ...) only each other's, never the Manager's, so that no
# object reaches back into it. Prints each include that crosses a layer the wrong way and
# fails; prints nothing and passes otherwise.
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
                why="$layer/ may not include"
                if [ "$folder" = . ]; then
                        # Unqualified: the ctl tool's own headers, the manager's and its
                        # objects', generated ones.
                        case $layer:$inc in
                        ctl:ctl-*.h | idle:ext-idle-notify-*.h) ok=true ;;
                        daemon:manager*.h)
                                case $file in
                                daemon/main.c | daemon/manager*) ok=true ;;
                                *) why="only main.c and the Manager's files may include" ;;
                                esac ;;
                        daemon:*.h) [ -e "daemon/$inc" ] && ok=true ;;
                        esac
                elif [ "$folder" = "$layer" ]; then
                        ok=true
                else
                        for a in ${allowed[$layer]}; do
                                [ "$a" = "$folder" ] && ok=true
                        done
                fi
                if ! $ok; then
                        echo "$file:$line: $why \"$inc\""
                        status=1
                fi
        done < <(grep -n '^#include "' "$file" || true)
done < <(find daemon ctl -name '*.[ch]' -print0 | sort -z)
exit $status
