#!/usr/bin/env bash
# realworld.sh — 22 real excerpts from 12 provinces (tests/realworld, copied
# from published documents: web pages, OCR of PDFs and Word files, mirror
# sites with traditional characters), each against the findings a reviewer
# settled on by hand (tests/golden/realworld/NNN.tsv):
#   - the rule set `--rules auto` picks for it;
#   - every table: its number, kind and lines (a truncated card is still a card);
#   - every card: line, kind, declared and recomputed total, partial (cut, no
#     total recomputed), grades;
#   - every finding: line, code, severity, row, column, declared, computed;
#   - its corrected workbook, read back by tests/xlsx/read_workbook.py: each
#     card the whole form, its corrections marked and listed, its total the
#     findings' (a cut card's rows summed, no total recomputed).
# A change in any of these is a change in what jixiao tells a user about a
# real document: review it against the document, then regenerate with
#   tests/suites/realworld.sh --update
# Prints "ok - NAME" / "not ok - NAME" per test.
# checks: 45
set -u
cd "$(dirname "$0")/../.."

J=${JIXIAO:-build/san/jixiao}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
update=false
[ "${1:-}" = --update ] && update=true

check() { if [ "$2" -eq 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fi; }

# The facts a reviewer checks, one line each.
project() {
    jq -r '"rules\t" + .rules' "$2"
    jq -r '.tables[] | ["table", .index, .kind, .line_start, .line_end] | map(tostring) | @tsv' "$1"
    jq -r '(.scorecards[] | ["card", .line, .kind, .declared_total, .computed_total, .partial,
                             .grade_declared, .grade_computed]),
           (.findings[] | [.line, .code, .severity, .row, .column, .declared, .computed])
           | map(if . == null then "-" else tostring end) | @tsv' "$2"
}

n=0
for f in tests/realworld/*.txt; do
    name=$(basename "$f" .txt)
    "$J" parse "$f" >"$T/$name.parse.json" 2>"$T/$name.err"
    "$J" check --format json "$f" >"$T/$name.json" 2>>"$T/$name.err"
    rc=$?
    project "$T/$name.parse.json" "$T/$name.json" >"$T/$name.tsv" 2>>"$T/$name.err"
    if $update; then
        cp "$T/$name.tsv" "tests/golden/realworld/$name.tsv"
        continue
    fi
    diff -u "tests/golden/realworld/$name.tsv" "$T/$name.tsv" >"$T/diff" 2>&1
    r=$?
    [ $r -ne 0 ] && cat "$T/diff" >&2
    check "realworld $name: tables and findings match tests/golden/realworld/$name.tsv" \
        $([ $rc -le 1 ] && [ $r -eq 0 ]; echo $?)
    n=$((n + 1))
done
$update && echo "updated $(ls tests/golden/realworld | wc -l) goldens" >&2
if ! $update; then
    "$J" score -o "$T/out" tests/realworld/*.txt >/dev/null 2>"$T/score.err"
    for f in tests/realworld/*.txt; do
        name=$(basename "$f" .txt)
        /usr/bin/python3 tests/xlsx/read_workbook.py "$T/out/$name.xlsx" "$T/$name.json" "$T/$name.parse.json" \
            >"$T/$name.read" 2>&1
        rc=$?
        grep -v '^ok - ' "$T/$name.read" | sed 's/^not ok - /    failed: /' | head -n 10 >&2
        check "realworld $name: its corrected workbook reads back whole ($(grep -c '^ok - ' "$T/$name.read") checks)" \
            $([ $rc -eq 0 ]; echo $?)
    done
fi
$update || check "realworld: every excerpt has a golden and every golden an excerpt ($n)" \
    $([ "$(ls tests/golden/realworld/*.tsv | wc -l)" -eq "$n" ] && [ "$n" -ge 22 ]; echo $?)
