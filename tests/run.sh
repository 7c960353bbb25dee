#!/usr/bin/env bash
# run.sh UNIT_TEST... — runs the unit tests (cmocka) and the shell suites
# (tests/*.sh), shows their output, and ends with one line "N passed, N failed".
# Exit status: 0 when nothing failed.
#
# JX_FAIL_FAST=1 (tests/mutate/mutate.sh) stops after the first unit binary
# or suite with a failure: the same tests, in the same order, cut short once
# the answer is known.
set -u
cd "$(dirname "$0")/.."

passed=0
failed=0

run_cmocka() {
    local bin=$1 out rc p f
    out=$(CMOCKA_MESSAGE_OUTPUT=stdout "$bin" 2>&1)
    rc=$?
    printf '%s\n' "$out"
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    # A crash (sanitizer abort) prints no summary: count the binary as failed.
    if [ "$rc" -ne 0 ] && [ -z "$f" ]; then
        echo "[  FAILED  ] $bin exited with status $rc"
        failed=$((failed + 1))
    fi
}

# Shell suites print "ok - NAME" or "not ok - NAME" per test, and declare in
# a line "# checks: N" how many they run at least: a suite that stops early,
# or whose helper program dies, cannot pass by printing less.
run_suite() {
    local script=$1 out rc p f declared
    out=$(bash "$script" 2>&1)
    rc=$?
    printf '%s\n' "$out"
    p=$(printf '%s\n' "$out" | grep -c '^ok - ')
    f=$(printf '%s\n' "$out" | grep -c '^not ok - ')
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "not ok - $script exited with status $rc"
        failed=$((failed + 1))
    fi
    declared=$(sed -n 's/^# checks: \([0-9][0-9]*\)$/\1/p' "$script" | head -n 1)
    if [ -z "$declared" ]; then
        echo "not ok - $script declares no '# checks: N'"
        failed=$((failed + 1))
    elif [ $((p + f)) -lt "$declared" ]; then
        echo "not ok - $script ran $((p + f)) checks, declares at least $declared"
        failed=$((failed + 1))
    fi
}

stop_if_failed() {
    if [ "${JX_FAIL_FAST:-0}" = 1 ] && [ "$failed" -gt 0 ]; then
        echo "$passed passed, $failed failed (stopped after $1: JX_FAIL_FAST)"
        exit 1
    fi
}

for bin in "$@"; do
    run_cmocka "$bin"
    stop_if_failed "$bin"
done
for suite in tests/suites/*.sh; do
    [ -e "$suite" ] && run_suite "$suite"
    stop_if_failed "$suite"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
