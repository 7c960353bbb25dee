#!/usr/bin/env bash
# findings.sh — every finding code is produced by at least one document the
# tests hold, and the fixtures written for them give exactly the findings a
# reviewer worked out by hand.
#
#   - `jixiao check --format json` over tests/samples and tests/fixtures: the
#     codes produced are the codes declared (engine/check/findings.def; README's
#     Findings table when there is no .def), none missing, none unknown;
#   - each fixture below against tests/golden/findings/NAME.tsv: per card its
#     line, kind, declared and recomputed total and grades; per finding its
#     line, code, severity, row, column, declared and computed value (the
#     messages are the check's own business: cli.sh pins them for the seeds);
#   - the same fixtures scored into workbooks and read back by
#     tests/xlsx/read_workbook.py (corrections, fills, every formula recomputed;
#     not card_without_indicators, whose sheet has no indicator block to read).
#
# Fixtures (tests/fixtures, cut from the seeds or written in their layout):
#   card_findings            two national project cards: a missed target with
#                            full marks, a cost scored against the rule, 10.5 of
#                            10, a deduction with no reason, 不适用, 总分 and its
#                            grade, 其中 rows 0.02 off over two items (beyond the
#                            rounding tail), a rate printed as 86% for 85.64%
#                            (agrees), prose quoting 全年执行数 0.05 off; the second
#                            card's weights add up to its 总分 of 90, not to 100
#   henan_card               a 孟州市 card (rules henan): 资金管理 weights of 21
#                            against the rule's 20; a 偏差度 of a missed target
#                            that is not (实际 − 目标) / 目标, and one of a met
#                            target that is not 0
#   balance_sides            公开01表 whose 支出 side closes on 2,129.53 and
#                            收入 side on 2,129.35
#   amount_limits            a weight of 8999999999999 (past 2^62 millionths);
#                            weights that add up past it
#   card_without_indicators  a project card with its funds block only
#   execution_indicator      a Qinghai card whose funds block has no 分值: its
#                            成本指标 项目预算数 carries the execution score, and
#                            the 总分 that adds up the printed scores follows
#                            the corrected one (total_recomputed)
# Prints "ok - NAME" / "not ok - NAME" per test.
# checks: 15
set -u
cd "$(dirname "$0")/../.."

J=build/san/jixiao
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
FIXTURES=(card_findings henan_card balance_sides amount_limits card_without_indicators execution_indicator)

check() { if [ "$2" -eq 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fi; }

# ------------------------------------------------------------ declared codes
DEF=engine/check/findings.def
if [ -f "$DEF" ]; then
    sed -n 's/^JX_FINDING(\([a-z_]*\),.*/\1/p' "$DEF" | sort -u >"$T/declared"
    from=$DEF
else
    # The rows of the table headed "| code | 名称 | severity | what it means |", up to the blank line.
    sed -n '/^| code | 名称 | severity | what it means |$/,/^$/p' README.md \
        | sed -n 's/^| `\([a-z_]*\)` |.*/\1/p' | sort -u >"$T/declared"
    from="README.md's Findings table"
fi
check "the declared codes are read from $from ($(wc -l <"$T/declared") codes)" \
    $([ "$(wc -l <"$T/declared")" -ge 20 ]; echo $?)

# ------------------------------------------------------------ produced codes
: >"$T/produced"
for f in tests/samples/*.txt tests/fixtures/*; do
    [ -f "$f" ] || continue # tests/fixtures/docx/: a reader's fixtures, read by its unit test
    "$J" check --format json "$f" >"$T/one.json" 2>/dev/null
    rc=$?
    if [ $rc -gt 1 ] || ! jq -r '.findings[].code' "$T/one.json" >>"$T/produced" 2>/dev/null; then
        echo "   $f: check exited with status $rc" >&2
        echo "?unreadable:$f" >>"$T/produced"
    fi
done
sort -u -o "$T/produced" "$T/produced"
missing=$(comm -23 "$T/declared" "$T/produced" | tr '\n' ' ')
unknown=$(comm -13 "$T/declared" "$T/produced" | tr '\n' ' ')
check "every declared finding code is produced by a sample or fixture${missing:+ (never: $missing)}" \
    $([ -z "$missing" ]; echo $?)
check "every code produced is declared${unknown:+ (undeclared: $unknown)}" $([ -z "$unknown" ]; echo $?)

# ------------------------------------------------------------ each fixture
# The facts a reviewer checks, one line each, from check's JSON.
project() {
    jq -r '(.scorecards[] | ["card", .line, .kind, .declared_total, .computed_total,
                             .grade_declared, .grade_computed]),
           (.findings[] | [.line, .code, .severity, .row, .column, .declared, .computed])
           | map(if . == null then "-" else tostring end) | @tsv' "$1"
}

for name in "${FIXTURES[@]}"; do
    f=tests/fixtures/$name.txt
    "$J" check --format json "$f" >"$T/$name.json" 2>"$T/$name.err"
    rc=$?
    project "$T/$name.json" >"$T/$name.tsv" 2>>"$T/$name.err"
    diff -u "tests/golden/findings/$name.tsv" "$T/$name.tsv" >"$T/diff" 2>&1
    r=$?
    [ $r -ne 0 ] && cat "$T/diff" >&2
    check "$name: findings match tests/golden/findings/$name.tsv" $([ $rc -le 1 ] && [ $r -eq 0 ]; echo $?)
done

# ------------------------------------------------------------ their workbooks
paths=()
for name in "${FIXTURES[@]}"; do paths+=("tests/fixtures/$name.txt"); done
"$J" score -o "$T/out" "${paths[@]}" >/dev/null 2>"$T/score.err"
check "score the fixtures: a workbook each" \
    $([ "$(ls "$T/out" 2>/dev/null | grep -c '\.xlsx$')" -eq ${#FIXTURES[@]} ] && [ ! -s "$T/score.err" ]; echo $?)
# A card that fits one page repeats no rows and breaks no page (a long one
# repeats its header row: read_workbook.py checks which).
check "card_without_indicators.xlsx: a card that fits one page repeats no rows, breaks no page" \
    $("$PY" -c 'import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[1]
sys.exit(0 if not ws.print_title_rows and not ws.row_breaks.brk else 1)' "$T/out/card_without_indicators.xlsx"; echo $?)
for name in "${FIXTURES[@]}"; do
    [ "$name" = card_without_indicators ] && continue
    "$J" parse --format json "tests/fixtures/$name.txt" >"$T/$name.model.json"
    "$PY" tests/xlsx/read_workbook.py "$T/out/$name.xlsx" "$T/$name.json" "$T/$name.model.json" >"$T/read" 2>&1
    rc=$?
    grep -v '^ok - ' "$T/read" | sed 's/^not ok - /    failed: /' | head -n 20 >&2
    check "read_workbook.py on $name.xlsx: every check holds" $([ $rc -eq 0 ]; echo $?)
done
