#!/usr/bin/env bash
# xlsx.sh — `jixiao score`: the workbooks it writes, read back with openpyxl
# (Debian's python3-openpyxl) and compared with `jixiao check`'s findings.
# Prints "ok - NAME" / "not ok - NAME" per test.
# checks: 478
set -u
cd "$(dirname "$0")/../.."

J=build/san/jixiao
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SAMPLES=(tests/samples/*.txt)

check() { if [ "$2" -eq 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fi; }

if ! "$PY" -c 'import openpyxl' 2>/dev/null; then
    echo "not ok - python3-openpyxl is missing (make deps installs it)"
    exit 1
fi

"$J" score -o "$T/out" "${SAMPLES[@]}" >"$T/stdout" 2>"$T/stderr"
rc=$?
check "score the seeds: exit 1 (they hold errors), one line per workbook" \
    $([ $rc -eq 1 ] && [ "$(grep -c '^jixiao: wrote ' "$T/stdout")" -eq 5 ] && [ ! -s "$T/stderr" ]; echo $?)
check "score: one workbook per document, named after it, no temporary left" \
    $([ "$(ls "$T/out" | tr '\n' ' ')" = "000_897a8446687f37a7.xlsx 001_0783382fd8294bcc.xlsx 002_38b4c4c87c11fa2f.xlsx 003_5010c9f98508a758.xlsx 004_8293b46e2578b690.xlsx " ] \
      && [ -z "$(ls -A "$T/out" | grep '^\.')" ]; echo $?)

for f in "${SAMPLES[@]}"; do
    b=$(basename "$f" .txt)
    "$J" check --format json "$f" >"$T/$b.json"
    "$J" parse --format json "$f" >"$T/$b.model.json"
    "$PY" tests/xlsx/read_workbook.py "$T/out/$b.xlsx" "$T/$b.json" "$T/$b.model.json"
    rc=$?
    # A reader that stops early (an exception) prints fewer checks: a failure, not silence.
    check "read_workbook.py on $b.xlsx ran to the end" $([ $rc -eq 0 ]; echo $?)
done

# A financial table read from a workbook with merged cells (a header merged
# down and across, a 合计 label across two columns): its sheet merges them
# as the document does, and its findings link to their cells.
"$PY" - "$T/merged.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "公开05表"
for row in (["一般公共预算财政拨款支出决算表", None, None, None, None],
            ["科目代码", "科目名称", "本年支出", None, None],
            [None, None, "小计", "基本支出", "项目支出"],
            ["合计", None, "1,200.50", "700.50", "500.00"],
            ["208", "社会保障和就业支出", "200.00", "200.00", None],
            ["20805", "行政事业单位养老支出", "190.00", "190.00", None],
            ["210", "卫生健康支出", "1,000.50", "500.50", "500.00"],
            ["21011", "行政事业单位医疗", "1,000.50", "500.50", "500.00"]):
    ws.append(row)
for cells in ("A1:E1", "A2:A3", "B2:B3", "C2:E2", "A4:B4"):
    ws.merge_cells(cells)
wb.save(sys.argv[1])
PY
"$J" check --format json "$T/merged.xlsx" >"$T/merged.json"
"$J" parse --format json "$T/merged.xlsx" >"$T/merged.model.json"
"$J" score -o "$T/merged" "$T/merged.xlsx" >/dev/null 2>&1
"$PY" tests/xlsx/read_workbook.py "$T/merged/merged.xlsx" "$T/merged.json" "$T/merged.model.json"
check "read_workbook.py on a financial table with merged cells ran to the end" $([ $? -eq 0 ]; echo $?)
check "the merged table's findings are its two hier_sum errors, and its cells merged on its sheet" \
    $("$PY" - "$T/merged/merged.xlsx" "$T/merged.json" <<'PY'; echo $?
import json, sys, openpyxl
report = json.load(open(sys.argv[2], encoding="utf-8"))
ws = [w for w in openpyxl.load_workbook(sys.argv[1]).worksheets if w.title.startswith("财务表1 ")][0]
merged = sorted(str(r) for r in ws.merged_cells.ranges)
codes = sorted(f["code"] for f in report["findings"])
sys.exit(0 if codes == ["hier_sum", "hier_sum"]
         and {"A2:A3", "B2:B3", "C2:E2", "A4:B4"} <= set(merged) else 1)
PY
)

# Document text that looks like a formula stays text.
cat >"$T/inject.txt" <<'DOC'
=HYPERLINK("http://x")项目支出绩效自评表

项目名称	=1+1	
主管部门	+SUM(A1:A2)	实施单位	@cmd
项目资金(万元)		年初预算数	全年预算数(A)	全年执行数(B)	分值	执行率(B/A)	得分
	年度资金总额	100	100	90	10	90%	9
绩效指标	一级指标	二级指标	三级指标	年度指标值	实际完成值	分值	得分	偏差原因分析及改进措施
	产出指标(90分)	数量指标	=cmd|' /C calc'!A0	≥10次	10次	90	90	-2+3
总分						100	99	
DOC
"$J" score -o "$T/inject" "$T/inject.txt" >/dev/null 2>&1
"$PY" - "$T/inject/inject.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
texts = {"=1+1", "+SUM(A1:A2)", "@cmd", "=cmd|'/C calc'!A0", "-2+3"}
seen = set()
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value in texts:
                if c.data_type == "s":
                    seen.add(c.value)
                else:
                    print(f"   {ws.title}!{c.coordinate} holds {c.value!r} as {c.data_type}")
missing = texts - seen
print(("ok - " if not missing else "not ok - ") + "cells starting with = + - @ are stored as strings"
      + (f" (missing: {sorted(missing)})" if missing else ""))
PY

# A group of 600 indicators: the 小计 formula covers every row, as its cached sum does.
{
    printf '大项目支出绩效自评表\n\n项目名称\t大项目\t\t\t\t\t\t\t\n'
    printf '绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n'
    for i in $(seq 1 600); do
        if [ "$i" -eq 1 ]; then l1='产出指标'; else l1=''; fi
        printf '\t%s\t数量指标\t指标%d\t≥1次\t1次\t0.1\t0.1\t\n' "$l1" "$i"
    done
    printf '总分\t\t\t\t\t\t60\t60\t\n'
} >"$T/wide.txt"
"$J" score --rules national -o "$T/wide" "$T/wide.txt" >/dev/null 2>&1
"$PY" - "$T/wide/wide.xlsx" <<'PY'
import sys, openpyxl
live = openpyxl.load_workbook(sys.argv[1])
cached = openpyxl.load_workbook(sys.argv[1], data_only=True)
ws = [w for w in live.worksheets if w.title.startswith("项目自评")][0]
sub = [r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value or "").endswith("小计")]
ok = False
if sub:
    r = sub[0]
    formula = ws.cell(r, 6).value or ""
    value = cached[ws.title].cell(r, 6).value
    ok = formula == "=SUM(F5:F604)" and abs(value - 60) < 1e-9
print(("ok - " if ok else "not ok - ") + "600 indicators: the 小计 SUM covers them all and caches 60")
PY

# A bad template is refused with its file, line and key; nothing is written.
mkdir -p "$T/tpl"
cp templates/*.ini "$T/tpl/"
printf '[template]\nname = project\nkind = project\n[page]\npaper = tabloid-ish\n' >"$T/tpl/project.ini"
JIXIAO_TEMPLATES="$T/tpl" "$J" score -o "$T/bad" "${SAMPLES[0]}" >/dev/null 2>"$T/err"
rc=$?
check "score with a bad template: exit 2 with file, line and key, no workbook" \
    $([ $rc -eq 2 ] && grep -q "project.ini:5: .*paper" "$T/err" && [ -z "$(ls -A "$T/bad" 2>/dev/null)" ]; echo $?)

# The input is never overwritten.
cp "${SAMPLES[0]}" "$T/same.xlsx"
"$J" score -o "$T" "$T/same.xlsx" >/dev/null 2>"$T/err"
rc=$?
check "score never overwrites its input: a workbook named like it gets another name" \
    $([ $rc -eq 1 ] && [ -f "$T/same~2.xlsx" ] && cmp -s "$T/same.xlsx" "${SAMPLES[0]}"; echo $?)

"$J" score -o "$T/none" "$T/missing.txt" >/dev/null 2>"$T/err"
check "score a missing file: exit 2" $([ $? -eq 2 ]; echo $?)

# A card cut before its end (重庆's department card, cut in its indicators):
# the workbook sums the rows that are there, neither scaled to 100 nor marked
# as a corrected 总分, and the summary says no total was recomputed.
"$J" score -o "$T/partial" tests/fixtures/department_split_by_merged_cells.txt >/dev/null 2>"$T/err"
check "score a cut card: its rows summed unscaled, no corrected 总分, the summary says so" \
    $("$PY" - "$T/partial/department_split_by_merged_cells.xlsx" <<'PY'; echo $?
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
label = [c for c in cells if isinstance(c.value, str) and c.value.startswith("已列各项合计")]
summary = [c for c in cells if c.value == "表格不完整，不重算"]
scaled = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=ROUND(") and "/(" in c.value]
marked = [c for c in label[:1] for c2 in c.parent[c.row] if c2.comment is not None]
sys.exit(0 if len(label) == 1 and len(summary) == 1 and not scaled and not marked else 1)
PY
)
