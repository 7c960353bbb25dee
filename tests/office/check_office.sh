#!/usr/bin/env bash
# check_office.sh — `make check-office`: opens every workbook written from the
# seeds in LibreOffice (headless), recalculates every formula, and compares
# the results with the values jixiao cached; then converts each workbook to
# PDF so a person can look at the printed forms (build/office/pdf).
# check_office.sh [DOC...] takes other documents than the seeds (the
# hardening suite's, say: tests/hardening/make_doc.py).
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT=build/office
rm -rf "$OUT"
mkdir -p "$OUT/xlsx" "$OUT/recalc" "$OUT/pdf" "$OUT/profile/user"

# LibreOffice, and a Chinese font: without one every glyph of the printed
# forms is a box (LibreOffice may be there without it).
need=""
command -v soffice >/dev/null || need="$need libreoffice-calc-nogui"
[ -n "$(fc-list :lang=zh family 2>/dev/null)" ] || need="$need fonts-noto-cjk"
# Calibri's metrics (Carlito): the sheets scale to the page as in Excel.
[ -n "$(fc-list Carlito family 2>/dev/null)" ] || need="$need fonts-crosextra-carlito"
if [ -n "$need" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "check-office: missing:$need; run as root or: sudo apt-get install$need" >&2
        exit 2
    fi
    echo "check-office: installing$need"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086  # the package names are meant to split
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

# A private profile that recalculates OOXML formulas on load (0 = always).
cat >"$OUT/profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU
PROFILE="file://$PWD/$OUT/profile"

rc=0
DOCS=("$@")
[ ${#DOCS[@]} -gt 0 ] || DOCS=(tests/samples/*.txt)
./jixiao score -o "$OUT/xlsx" "${DOCS[@]}" || rc=$?
[ $rc -le 1 ] || exit $rc

soffice -env:UserInstallation="$PROFILE" --headless --calc \
    --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$OUT/recalc" "$OUT"/xlsx/*.xlsx >/dev/null
soffice -env:UserInstallation="$PROFILE" --headless --calc \
    --convert-to pdf --outdir "$OUT/pdf" "$OUT"/xlsx/*.xlsx >/dev/null

/usr/bin/python3 - "$OUT/xlsx" "$OUT/recalc" <<'PY'
import os, sys, openpyxl
ours, theirs = sys.argv[1], sys.argv[2]
formulas = mismatches = 0
for name in sorted(os.listdir(ours)):
    live = openpyxl.load_workbook(os.path.join(ours, name))
    cached = openpyxl.load_workbook(os.path.join(ours, name), data_only=True)
    recalc = openpyxl.load_workbook(os.path.join(theirs, name), data_only=True)
    for ws in live.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type != "f":
                    continue
                formulas += 1
                a = cached[ws.title][c.coordinate].value
                b = recalc[ws.title][c.coordinate].value
                if not (isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) < 1e-9):
                    mismatches += 1
                    print(f"  {name} {ws.title}!{c.coordinate} {c.value}: jixiao {a!r}, LibreOffice {b!r}")
print(f"check-office: {formulas} formulas recalculated by LibreOffice, {mismatches} disagree")
sys.exit(1 if mismatches or formulas == 0 else 0)
PY
echo "check-office: PDFs of the printed forms in $OUT/pdf"
