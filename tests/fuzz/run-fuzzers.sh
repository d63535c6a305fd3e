#!/usr/bin/env bash
# Runs every libFuzzer target of a -Dfuzz=true build for a bounded time and reports how many
# inputs each one tried. A crash, a sanitizer report, a broken invariant or a slow input fails
# the run; the input is kept in BUILDDIR/fuzz-artifacts/TARGET/ and the message says how to
# turn it into a regression test. New coverage-increasing inputs go to a scratch folder, never
# into the tree (copy good ones to tests/fuzz/corpus/TARGET/ by hand).
#
#   tests/fuzz/run-fuzzers.sh BUILDDIR [SECONDS_PER_TARGET] [TARGET...]
#
# FUZZ_JOBS (default 2) targets run at a time.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: run-fuzzers.sh BUILDDIR [SECONDS] [TARGET...]}
seconds=${2:-60}
shift $(( $# >= 2 ? 2 : 1 ))
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
        targets=(catalog config config-write duration history state working-hours)
fi
jobs=${FUZZ_JOBS:-2}

ninja -C "$build" "${targets[@]/#/tests/fuzz/fuzz-}" >/dev/null

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

run_one() {
        local t=$1 bin="$build/tests/fuzz/fuzz-$1" art="$build/fuzz-artifacts/$1" log="$scratch/$1.log"
        local dict=() rc=0

        mkdir -p "$scratch/$t" "$art"
        [ -f "$here/dict/$t.dict" ] && dict=(-dict="$here/dict/$t.dict")
        # -timeout: one input taking this long is a failure (a hang); generous for loaded CI.
        # Sanitizer reports are fatal: the input is kept as an artifact.
        ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1} \
        UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
                "$bin" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
                "${dict[@]}" -artifact_prefix="$art/" "$scratch/$t" "$here/corpus/$t" >"$log" 2>&1 || rc=$?

        local runs
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
        if [ "$rc" -ne 0 ]; then
                echo "fuzz-$t: FAILED (exit $rc) after ${runs:-?} executions"
                grep -E 'ERROR|fuzz invariant|SUMMARY|Test unit written|==[0-9]+==' "$log" | head -20 | sed 's/^/    /'
                echo "    full log: $art/log; keep the input as a regression test with:"
                echo "    cp $art/<crash-file> $here/regressions/$t/"
                cp "$log" "$art/log"
                return 1
        fi
        printf 'fuzz-%s: %s executions in %s s, %s inputs in the corpus, no failure\n' "$t" "${runs:-?}" \
                "$seconds" "$(find "$scratch/$t" "$here/corpus/$t" -type f | wc -l)"
}
export -f run_one
export build seconds here scratch

status=0
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one "$@"' _ {} || status=$?
exit "$status"
