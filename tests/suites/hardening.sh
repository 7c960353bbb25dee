#!/usr/bin/env bash
# hardening.sh — issue 8's reproducers: what a document, a file name or a
# folder can do to `jixiao score` and `check`. Each workbook written is
# checked by tests/xlsx/validate_xlsx.py (strict XML, Excel's limits, openpyxl).
# Uses the sanitizer build: undefined behaviour aborts the run.
# Prints "ok - NAME" / "not ok - NAME" per test.
# checks: 19
set -u
cd "$(dirname "$0")/../.."

J=${JIXIAO_BIN:-$PWD/build/san/jixiao}
export JIXIAO_RULES=$PWD/rules JIXIAO_TEMPLATES=$PWD/templates
PY=/usr/bin/python3
MAKE_DOC="$PY tests/hardening/make_doc.py"
VALID="$PY tests/xlsx/validate_xlsx.py"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
S0=tests/samples/000_897a8446687f37a7.txt
S1=tests/samples/001_0783382fd8294bcc.txt

check() { if [ "$2" -eq 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fi; }
run() { "$J" "$@" >"$T/out" 2>"$T/err"; rc=$?; }

# 1. A file name with &G went into the footer: libxlsxwriter freed it twice.
cp "$S0" "$T/R&G.txt"
cp "$S0" "$T/x&[Picture].txt"
run score -o "$T/o1" "$T/R&G.txt" "$T/x&[Picture].txt" "$S1"
check "score: a file name with &G or &[Picture] is written, and so is the rest of the batch" \
    $([ $rc -eq 1 ] && [ "$(grep -c '^jixiao: wrote ' "$T/out")" -eq 3 ] && [ ! -s "$T/err" ] \
      && $VALID "$T/o1"/*.xlsx >&2; echo $?)

# 2. A link planted at a temporary's name is never followed.
cp "$S0" "$T/in.txt"
mkdir "$T/o2"
(cd "$T" && sh -c 'ln -s ../in.txt o2/.in.xlsx.$$.tmp; exec "$0" score -o o2 in.txt' "$J" >/dev/null 2>&1)
check "score: a planted link is not followed, the input stays as it was" \
    $(cmp -s "$S0" "$T/in.txt" && [ -f "$T/o2/in.xlsx" ] && [ ! -L "$T/o2/in.xlsx" ]; echo $?)

# 3. 200 or more scorecards: every card its own sheet, the lists whole.
$MAKE_DOC cards "$T/cards.txt" 1000
run score -o "$T/o3" "$T/cards.txt"
check "score: 1000 scorecards give 1000 card sheets, a summary and the findings list" \
    $([ $rc -eq 1 ] && $VALID --xml-only "$T/o3/cards.xlsx" >&2 && $PY - "$T/o3/cards.xlsx" <<'PY'
import sys, zipfile, xml.etree.ElementTree as ET
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
z = zipfile.ZipFile(sys.argv[1])
names = [s.get("name") for s in ET.fromstring(z.read("xl/workbook.xml")).iter(NS + "sheet")]
cards = [n for n in names if n.startswith("项目自评")]
assert len(cards) == 1000, len(cards)
assert names[0] == "审核摘要" and "问题清单" in names, names[:3]
links = [h.get("location") for h in ET.fromstring(z.read("xl/worksheets/sheet1.xml")).iter(NS + "hyperlink")]
assert len(links) == 1000 and all(l.split("!")[0].strip("'") in names for l in links), links[-1]
PY
    echo $?)

# 4. Controls and U+FFFE/U+FFFF in names that reach the workbook.
$MAKE_DOC control "$T/control.txt"
run score -o "$T/o4" "$T/control.txt"
check "score: control characters in a document make a valid workbook" \
    $([ $rc -eq 1 ] && $VALID "$T/o4/control.xlsx" >&2; echo $?)
run check "$T/control.txt"
check "check: control characters are shown escaped, none reach the terminal" \
    $(grep -q 'pwned\\x07' "$T/out" && ! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$T/out"; echo $?)
run parse --format text "$T/control.txt"
check "parse --format text: control characters escaped" \
    $(! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$T/out"; echo $?)

# 5. A file name that is not UTF-8, or holds controls.
bad=$(printf '\xc4\xe3\x1b[31m')
cp "$S0" "$T/$bad.txt"
run check --format json "$T/$bad.txt"
check "check --format json: a non-UTF-8 file name gives valid JSON, escaped losslessly" \
    $([ $rc -eq 1 ] && $PY -c '
import json, sys
d = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
assert d["file"].endswith("\\xc4\\xe3\x1b[31m.txt"), d["file"]' "$T/out"; echo $?)
run score -o "$T/o5" "$T/$bad.txt"
check "score: a non-UTF-8 file name gives a valid workbook and an escaped 'wrote' line" \
    $([ $rc -eq 1 ] && $VALID "$T/o5"/*.xlsx >&2 && grep -q 'xc4\\xe3_\[31m' "$T/out" \
      && ! LC_ALL=C grep -q $'\x1b' "$T/out"; echo $?)

# 6. Overflow: a number past the limit is a finding; sums never wrap.
$MAKE_DOC weights "$T/weights.txt"
run check --format json "$T/weights.txt"
check "check: weights of 8999999999999 are reported as too large, at their cells" \
    $([ $rc -eq 1 ] && [ "$(jq '[.findings[] | select(.code == "amount_too_large")] | length' "$T/out")" -eq 3 ]; echo $?)
sed 's/8999999999999/4000000000000/g' "$T/weights.txt" >"$T/sums.txt"
run check --format json "$T/sums.txt"
check "check: weights that sum past the limit are reported, not wrapped" \
    $([ $rc -eq 1 ] && [ ! -s "$T/err" ] && [ -s "$T/out" ] \
      && jq -e '[.findings[] | select(.code == "amount_overflow")] | length >= 1' "$T/out" >/dev/null \
      && ! grep -q -- '-446744073711' "$T/out"; echo $?)
run score -o "$T/o6" "$T/weights.txt" "$T/sums.txt"
check "score: huge weights still give valid workbooks" $([ $rc -eq 1 ] && $VALID "$T/o6"/*.xlsx >&2; echo $?)

# 7. Rates of large amounts are exact.
$MAKE_DOC amounts "$T/amounts.txt"
run check --format json "$T/amounts.txt"
check "check: 150000000000 of 150000000000 is 100%, full execution marks" \
    $([ $rc -eq 1 ] && jq -e '([.findings[] | select(.code == "exec_rate")] | length) == 0
        and ([.findings[] | select(.code == "exec_score")][0].computed == 10)' "$T/out" >/dev/null; echo $?)

# 8. A cell past 32,767 characters is cut with a note, and said.
$MAKE_DOC longcell "$T/long.txt" 40000
run score -o "$T/o8" "$T/long.txt"
check "score: a 40,000-character cell is cut with a note in the cell, the workbook written, the cut said" \
    $([ $rc -eq 1 ] && $VALID "$T/o8/long.xlsx" >&2 && grep -q "cut with a note, the first at '" "$T/err" \
      && $PY -c '
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
texts = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
cut = [t for t in texts if "原文共40000字" in t]
assert cut and all(len(t) <= 32767 for t in cut), len(cut)' "$T/o8/long.xlsx"; echo $?)

# 9. 255 or more first-level groups: every formula within Excel's limits.
$MAKE_DOC groups "$T/groups.txt" 600
run score -o "$T/o9" "$T/groups.txt"
check "score: 600 first-level groups keep every formula within 255 arguments and 8,192 characters" \
    $([ $rc -eq 1 ] && $VALID "$T/o9/groups.xlsx" >&2; echo $?)

# 11. A long input name still gets a workbook.
long=$(printf 'a%.0s' $(seq 1 250))
cp "$S0" "$T/$long.txt"
run score -o "$T/o11" "$T/$long.txt"
check "score: an input name of 254 bytes is scored" \
    $([ $rc -eq 1 ] && [ "$(ls "$T/o11" | wc -l)" -eq 1 ] && $VALID "$T/o11"/*.xlsx >&2; echo $?)

# 12. Two inputs never share a workbook; an input is never a workbook.
mkdir -p "$T/d1" "$T/d2" "$T/o12"
cp "$S0" "$T/d1/x.txt"
cp "$S1" "$T/d2/x.txt"
cp "$S0" "$T/o12/y.xlsx"
run score -o "$T/o12" "$T/d1/x.txt" "$T/d2/x.txt" "$T/o12/y.xlsx"
check "score: d1/x.txt and d2/x.txt get x.xlsx and x~2.xlsx; an input named like a workbook stays" \
    $([ -f "$T/o12/x.xlsx" ] && [ -f "$T/o12/x~2.xlsx" ] && [ -f "$T/o12/y~2.xlsx" ] \
      && cmp -s "$S0" "$T/o12/y.xlsx" && grep -q "wrote $T/o12/x~2.xlsx" "$T/out"; echo $?)

# 15. Output that cannot be written is a failure.
"$J" rules >/dev/full 2>/dev/null
check "rules >/dev/full: exit 2" $([ $? -eq 2 ]; echo $?)
"$J" check "$S0" >/dev/full 2>/dev/null
check "check >/dev/full: exit 2" $([ $? -eq 2 ]; echo $?)

# 16. A stop signal leaves no temporary behind: the workbook is finished or not begun.
$MAKE_DOC cards "$T/many.txt" 100
mkdir "$T/o15"
for delay in 0.15 0.35 0.55 0.75; do
    "$J" score -o "$T/o15" "$T/many.txt" "$T/many.txt" "$T/many.txt" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
done
check "score: SIGTERM leaves no temporary file" $([ -z "$(ls -A "$T/o15" | grep -v '\.xlsx$')" ] \
    && for f in "$T/o15"/*.xlsx; do [ -e "$f" ] || continue; $VALID "$f" >&2 || exit 1; done; echo $?)
