#!/usr/bin/env bash
# formats.sh — the same findings whatever the format: each seed written as
# the files people hold (tests/formats/convert.py: .html, .html in GBK, and
# every other format a reader exists for) and checked; jixiao must find the
# same contradictions in each as in the text seed (code, severity, row,
# column, declared and computed values; line numbers are the source's own
# and may differ), and find the same tables with the same kinds.
# Prints "ok - NAME" / "not ok - NAME" per test.
# checks: 16
set -u
cd "$(dirname "$0")/../.."

J=build/san/jixiao
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SAMPLES=(tests/samples/*.txt)

check() { if [ "$2" -eq 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fi; }

# The formats the library has a reader for (engine/read/readers.def).
FORMATS=$(sed -n 's/^JX_READER("\([a-z]*\)".*/\1/p' engine/read/readers.def | tr '\n' ',' | sed 's/,$//')

findings() {
    jq -r '.findings[] | [.code, .severity, .row, .column, .declared, .computed]
           | map(if . == null then "-" else tostring end) | @tsv' "$1" | sort
}
outline() {
    jq -r '.tables[] | [.kind, .title, (.rows | length)] | map(tostring) | @tsv' "$1"
}

"$PY" tests/formats/convert.py --jixiao "$J" --formats "$FORMATS" -o "$T/utf8" "${SAMPLES[@]}" \
    >"$T/convert.log" 2>&1
rc=$?
"$PY" tests/formats/convert.py --jixiao "$J" --formats html --charset gbk -o "$T/gbk" "${SAMPLES[@]}" \
    >>"$T/convert.log" 2>&1
check "convert the seeds to $FORMATS (and html in GBK)" $([ $rc -eq 0 ] && [ $? -eq 0 ]; echo $?)

for f in "${SAMPLES[@]}"; do
    b=$(basename "$f" .txt)
    "$J" check --format json "$f" >"$T/$b.json" 2>/dev/null
    findings "$T/$b.json" >"$T/$b.want"
    "$J" parse "$f" >"$T/$b.parse" 2>/dev/null
    outline "$T/$b.parse" >"$T/$b.outline"
    bad=""
    for fmt in ${FORMATS//,/ } html-gbk; do
        case $fmt in
            html-gbk) src="$T/gbk/$b.html" ;;
            *) src="$T/utf8/$b.$fmt" ;;
        esac
        "$J" check --format json "$src" >"$T/$b.$fmt.json" 2>"$T/$b.$fmt.err"
        findings "$T/$b.$fmt.json" >"$T/$b.$fmt.got"
        "$J" parse "$src" >"$T/$b.$fmt.parse" 2>/dev/null
        outline "$T/$b.$fmt.parse" >"$T/$b.$fmt.outline"
        if ! diff -u "$T/$b.want" "$T/$b.$fmt.got" >"$T/diff" || ! diff -u "$T/$b.outline" "$T/$b.$fmt.outline" >>"$T/diff"; then
            bad="$bad $fmt"
            sed "s/^/# $fmt: /" "$T/diff" | head -20 >&2
        fi
    done
    check "$b: the same tables and findings as text in ${FORMATS},html-gbk${bad:+ (differ:$bad)}" \
        $([ -z "$bad" ] && [ -s "$T/$b.want" ]; echo $?)
done

# One scorecard per sheet (convert.py's NAME.per-table.xlsx: each table on a
# sheet named after it, its title block above it): the scorecards' findings
# are the text's. (The prose between tables is placed by sheet there, so the
# ledgers' and the prose's checks are compared on the one-sheet workbooks.)
# The same workbook printed by LibreOffice (NAME.per-table.pdf: every sheet
# landscape, one page wide, as many pages down as it takes) likewise.
card_codes='select(.code | test("^(hier_sum|column_identity|cross_table|balance|narrative)$") | not)'
card_findings() {
    jq -r ".findings[] | $card_codes | [.code, .severity, .row, .column, .declared, .computed] | map(tostring) | @tsv" | sort
}
per_table() {
    local fmt=$1 bad="" f b
    for f in "${SAMPLES[@]}"; do
        b=$(basename "$f" .txt)
        card_findings <"$T/$b.json" >"$T/$b.cards.want"
        "$J" check --format json "$T/utf8/$b.per-table.$fmt" 2>/dev/null | card_findings >"$T/$b.cards.$fmt.got"
        cmp -s "$T/$b.cards.want" "$T/$b.cards.$fmt.got" || bad="$bad $b"
    done
    check "$fmt, one table per sheet: every scorecard's findings as in the text${bad:+ (differ:$bad)}" \
        $([ -z "$bad" ] && [ "$(cat "$T"/*.cards.want | wc -l)" -gt 0 ]; echo $?)
}
if [[ ,$FORMATS, == *,xlsx,* ]]; then
    per_table xlsx
    check "xlsx: a finding says its sheet and cell (Sheet1!C12)" \
        $("$J" check --format json "$T/utf8/$(basename "${SAMPLES[1]}" .txt).xlsx" 2>/dev/null \
            | jq -e '[.findings[] | select(.cell != null and (.cell | test("^[A-Z]+[0-9]+$")) and .sheet == "Sheet1")] | length > 0' >/dev/null; echo $?)
fi

if [[ ,$FORMATS, == *,pdf,* ]]; then
    per_table pdf
    check "pdf: each finding says its page, and its table, row and column or its line on the page" \
        $(jq -e '(.findings | length) as $n | $n > 0 and ([.findings[] | select(has("page")
                 and ((has("source_table") and has("source_row")) or has("page_line")))] | length) == $n' \
            "$T/$(basename "${SAMPLES[1]}" .txt).pdf.json" >/dev/null; echo $?)
fi

# A workbook as a budget office types one: the execution rate a fraction
# under 0.00%, amounts typed as text, a second card on a hidden sheet. Its
# contradictions are found where they are, and the hidden sheet is read.
if [[ ,$FORMATS, == *,xlsx,* ]]; then
    "$PY" - "$T/office.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.Workbook()
def card(ws, total_score):
    ws.append(["项目支出绩效自评表"])
    ws.append(["项目名称", "测试项目"])
    ws.append(["项目资金(万元)", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    ws.append(["", "年度资金总额", "48.22", "48.22", "46.11", 10, 0.9562, 9.56])
    ws.cell(row=4, column=7).number_format = "0.00%"
    ws.append(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"])
    ws.append(["", "产出指标", "数量指标", "培训人数", "≥100人", "120人", 50, 50])
    ws.append(["", "效益指标", "社会效益指标", "满意度", "≥90%", "95%", 40, 40])
    ws.append(["总分", "", "", "", "", "", 100, total_score])
    ws.merge_cells("A5:A7")
a = wb.active
a.title = "自评表"
card(a, 99.56)       # adds up
b = wb.create_sheet("备查")
card(b, 98)          # 98 for 99.56
b.sheet_state = "hidden"
wb.save(sys.argv[1])
PY
    "$J" check --format json "$T/office.xlsx" >"$T/office.json" 2>/dev/null
    check "an office workbook: the hidden sheet's card is read and said, its wrong 总分 found at 备查!H8; the rate typed as a fraction agrees" \
        $(jq -e '(.scorecards | length) == 2 and (.note | test("备查"))
                 and ([.findings[] | select(.code == "score_total" and .sheet == "备查" and .cell == "H8")] | length) == 1
                 and ([.findings[] | select(.code == "exec_rate")] | length) == 0' "$T/office.json" >/dev/null; echo $?)
fi

# Where a finding is, in the page's own terms.
b=$(basename "${SAMPLES[1]}" .txt)
check "html: each finding of a table says its table, row and column; of prose its paragraph" \
    $(jq -e '(.findings | length) as $n | $n > 0 and ([.findings[] | select((has("source_table") and has("source_row")) or has("paragraph"))] | length) == $n' \
        "$T/$b.html.json" >/dev/null; echo $?)
check "html: the text report names the place (表N 第R行第C列 or 第N段)" \
    $("$J" check "$T/utf8/$b.html" 2>/dev/null | grep -Eq "\((表[0-9]+ 第[0-9]+行(第[0-9]+列)?|第[0-9]+段)\)"; echo $?)

# A page that is not one: a file named .html holding text is read as text.
cp "${SAMPLES[0]}" "$T/named.html"
"$J" check --format json "$T/named.html" >"$T/named.json" 2>/dev/null
check "format from content: a text file named .html is read as text" \
    $([ "$(jq -r .format "$T/named.json")" = text ]; echo $?)
# …and a page named .txt as a page.
cp "$T/utf8/$b.html" "$T/page.txt"
"$J" check --format json "$T/page.txt" >"$T/page.json" 2>/dev/null
check "format from content: a page named .txt is read as a page" \
    $([ "$(jq -r .format "$T/page.json")" = html ]; echo $?)
# A broken page still gets a report or a clear error, never a crash.
head -c 3000 "$T/utf8/$b.html" >"$T/cut.html"
"$J" check "$T/cut.html" >/dev/null 2>"$T/cut.err"
rc=$?
check "a page cut mid-tag: exit 0 or 1, no crash" $([ $rc -le 1 ]; echo $?)
