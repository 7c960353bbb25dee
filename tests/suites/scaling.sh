#!/usr/bin/env bash
# scaling.sh — cost grows linearly with the input (issue 8 item 10).
#
# For each shape of tests/scaling/gen.sh, generates inputs of size n and 4n,
# takes the best CPU time (user + sys) of 3 runs of the release build on
# each, and fails when time(4n) / time(n) exceeds 4 × 1.6: a stage that is
# quadratic in the input gives 16. n is picked so the small run takes about
# 0.1 s. Prints "ok - NAME" / "not ok - NAME" per shape.
# checks: 5
set -u
cd "$(dirname "$0")/../.."

LIMIT=6.4
RUNS=3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

if ! make --no-print-directory -s jixiao >"$T/make.log" 2>&1; then
    cat "$T/make.log" >&2
    echo "not ok - scaling: the release build failed"
    exit 1
fi

# cpu_time CMD... — the best user+sys seconds of RUNS runs.
cpu_time() {
    local best="" t
    for ((r = 0; r < RUNS; r++)); do
        rm -rf "$T/out"
        t=$( { TIMEFORMAT='%3U %3S'; time "$@" >/dev/null 2>&1; } 2>&1 | awk '{ printf "%.3f", $1 + $2 }')
        if [[ -z $best ]] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$t
        fi
    done
    echo "$best"
}

# scale NAME SHAPE N COMMAND... — COMMAND gets the input file as its last argument.
scale() {
    local name=$1 shape=$2 n=$3
    shift 3
    tests/scaling/gen.sh "$shape" "$n" >"$T/small.txt"
    tests/scaling/gen.sh "$shape" $((4 * n)) >"$T/large.txt"
    local small large ratio
    small=$(cpu_time "$@" "$T/small.txt")
    large=$(cpu_time "$@" "$T/large.txt")
    # Below the clock's resolution a ratio means nothing: count 10 ms at least.
    ratio=$(awk -v a="$large" -v b="$small" 'BEGIN { if (b < 0.01) b = 0.01; printf "%.2f", a / b }')
    local verdict=ok
    awk -v r="$ratio" -v l="$LIMIT" 'BEGIN { exit !(r > l) }' && verdict="not ok"
    echo "$verdict - scaling $name: ${small}s at n=$n, ${large}s at 4n, ratio $ratio (limit $LIMIT)"
}

scale "tables (scorecards between prose), check" tables 500 ./jixiao check
scale "ledger (one 支出决算表), check" ledger 20000 ./jixiao check
scale "score (one scorecard, a finding per row), check" score 8000 ./jixiao check
scale "score (one scorecard, a finding per row), score -o" score 4000 ./jixiao score -o "$T/out"
scale "concat (the samples n times), check" concat 10 ./jixiao check
