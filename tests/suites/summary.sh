#!/usr/bin/env bash
# summary.sh — the run's summary workbook (jx_summary_write): the one
# tests/unit/test_summary.c writes from the seeds' reports, a failure, a row
# taken from an earlier run and one made by hand, read back with openpyxl
# (tests/xlsx/summary_workbook.py) against the rows it was written from;
# opened and printed by LibreOffice; and the reader shown to fail a
# workbook that is wrong. Prints "ok - NAME" / "not ok - NAME" per test.
# checks: 48
set -u
cd "$(dirname "$0")/../.."

PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

check() { if [ "$2" -eq 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fi; }

if ! "$PY" -c 'import openpyxl' 2>/dev/null; then
    echo "not ok - python3-openpyxl is missing (make deps installs it)"
    exit 1
fi

mkdir "$T/run"
JX_SUMMARY_KEEP="$T/run" build/san/tests/test_summary >"$T/unit.log" 2>&1
rc=$?
BOOK="$T/run/summary/汇总.xlsx"
check "test_summary wrote the summary workbook and what it must hold" \
    $([ $rc -eq 0 ] && [ -s "$BOOK" ] && [ -s "$T/run/expected.json" ]; echo $?)
[ $rc -eq 0 ] || sed 's/^/# /' "$T/unit.log" | tail -20

"$PY" tests/xlsx/summary_workbook.py "$BOOK" "$T/run/expected.json"
rc=$?
# A reader that stops early (an exception) prints fewer checks: a failure, not silence.
check "summary_workbook.py ran to the end" $([ $rc -eq 0 ]; echo $?)

# LibreOffice opens it and prints every sheet; the overview's title is on page 1.
mkdir "$T/pdf"
timeout -k 10 300 soffice -env:UserInstallation="file://$T/profile" --headless --calc \
    --convert-to pdf --outdir "$T/pdf" "$BOOK" >"$T/soffice.log" 2>&1
PDF="$T/pdf/汇总.pdf"
pages=$(mutool info "$PDF" 2>/dev/null | sed -n 's/^Pages: //p')
check "LibreOffice opens the summary and prints it (${pages:-no} pages: 总览 … 图表)" \
    $([ -s "$PDF" ] && [ "${pages:-0}" -ge 5 ]; echo $?)
[ -s "$PDF" ] || sed 's/^/# /' "$T/soffice.log" | tail -5
mutool draw -q -F txt -o "$T/page1.txt" "$PDF" 1 2>/dev/null
check "the printed overview reads 绩效自评复核汇总 and 运行概况" \
    $(grep -q "绩效自评复核汇总" "$T/page1.txt" && grep -q "运行概况" "$T/page1.txt"; echo $?)

# The reader fails a workbook whose header and a total are wrong.
"$PY" - "$BOOK" "$T/wrong.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
wb["文件"]["B1"] = "单位名称"
ws = wb["评分表"]
for row in ws.iter_rows(min_row=2):
    if isinstance(row[3].value, (int, float)):
        row[3].value += 0.01
        break
wb.save(sys.argv[2])
PY
"$PY" tests/xlsx/summary_workbook.py "$T/wrong.xlsx" "$T/run/expected.json" >"$T/wrong.log" 2>&1
rc=$?
check "summary_workbook.py fails a summary whose header and a total are wrong" \
    $([ $rc -ne 0 ] && grep -q "^not ok - 文件: the headers" "$T/wrong.log" \
      && grep -q "^not ok - 评分表: totals" "$T/wrong.log"; echo $?)
