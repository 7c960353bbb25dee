#!/usr/bin/env bash
# print.sh — the corrected workbooks as a budget office prints them (issue 13):
# `jixiao score` writes one per seed, LibreOffice prints the five to PDF in
# one run, and tests/xlsx/print_pages.py reads the PDFs (mutool's trace of
# every glyph, rule and clip): the pages each sheet prints on (a sheet's run
# starts at the page whose footer reads 第 1 页), the scorecard sheets' pages
# against tests/xlsx/expected_pages.tsv, no sheet on more pages than its rows
# need, and on every page the footer (source file, 第 P 页 共 N 页) whole:
# on the paper, ≥ 3 mm above its foot, inside its clip, below the body; the
# body within the printable width. LibreOffice's &N counts the whole
# workbook's pages: the check says so and holds N to that count.
#
# JX_PRINT_RECORD=1 rewrites tests/xlsx/expected_pages.tsv from this run
# (after a layout change meant to change the pages; say why in the commit).
# Prints "ok - NAME" / "not ok - NAME" per test.
# checks: 11
set -u
cd "$(dirname "$0")/../.."

J=build/san/jixiao
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SAMPLES=(tests/samples/*.txt)

check() { if [ "$2" -eq 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fi; }

"$J" score -o "$T/xlsx" "${SAMPLES[@]}" >"$T/score.log" 2>&1
score_rc=$?

# One soffice run for the five, under a private profile: it neither waits
# for nor talks to another soffice (pdf.sh's, a desktop's) running beside it.
# A hung soffice fails the suite instead of holding up make test.
mkdir -p "$T/profile" "$T/pdf"
timeout -k 10 300 soffice -env:UserInstallation="file://$T/profile" --headless --calc \
    --convert-to pdf --outdir "$T/pdf" "$T"/xlsx/*.xlsx >"$T/soffice.log" 2>&1
rc=$?
check "the ${#SAMPLES[@]} seeds' corrected workbooks printed to PDF (one soffice run)" \
    $([ $score_rc -le 1 ] && [ $rc -eq 0 ] \
        && [ "$(ls "$T"/pdf/*.pdf 2>/dev/null | wc -l)" -eq ${#SAMPLES[@]} ]; echo $?)
[ $rc -eq 0 ] || sed 's/^/# /' "$T/soffice.log" | tail -5

"$PY" tests/xlsx/print_pages.py --pdf-dir "$T/pdf" --expected tests/xlsx/expected_pages.tsv \
    ${JX_PRINT_RECORD:+--record} "$T"/xlsx/*.xlsx
rc=$?
# 1 is a failed check (printed above); else it stopped before its checks.
check "print_pages.py ran to the end" $([ $rc -le 1 ]; echo $?)
