#!/usr/bin/env bash
# pdf.sh — the PDF reader held to layouts made for it, and to jixiao's own
# corrected workbooks printed to PDF. (The seeds as PDF are in formats.sh.)
#
# tests/formats/pdf_layouts.py writes each layout as a .docx, LibreOffice
# prints it, and NAME.expected.json says what jixiao must read from the PDF:
# every table's rows, each cell's text, column and spans, and the page each
# row is on. Layouts: wrapped cells (long Chinese text, long numbers); a
# table over three pages with its header row repeated and a merged label
# across a break; a landscape section; the same page turned by /Rotate 90;
# two tables with a paragraph between; a table without borders; a
# 项目支出绩效自评表 across a page break, whose findings must be those of
# the same form as .xlsx and as text, each on the page its row is on.
#
# `jixiao score` writes a corrected workbook per seed; its scorecard sheets
# printed to PDF must give the cards the workbook gives: the same cards with
# the same recomputed totals, and every indicator (二级/三级指标, 指标值,
# 完成值, 分值, 得分) as read from the workbook.
#
# All of it takes one LibreOffice run. Prints "ok - NAME" / "not ok - NAME".
# checks: 19
set -u
cd "$(dirname "$0")/../.."

J=build/san/jixiao
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SAMPLES=(tests/samples/*.txt)

check() { if [ "$2" -eq 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fi; }

# The corrected workbooks, their other sheets (审核摘要, the financial tables'
# sheets, 问题清单: every sheet 审核摘要 does not link to as a card) hidden in a
# copy so that only the scorecards print: what an office prints to send the
# cards on. Only workbook.xml changes (the cells keep the values jixiao
# wrote, which its reader reads).
"$J" score -o "$T/score" "${SAMPLES[@]}" >"$T/score.log" 2>&1
score_rc=$?
mkdir -p "$T/cards"
"$PY" - "$T/cards" "$T"/score/*.xlsx <<'PY'
import html, os, re, sys, zipfile
for src in sys.argv[2:]:
    dst = os.path.join(sys.argv[1], os.path.basename(src))
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zout:
        # The cards: the sheets the first sheet (审核摘要) links to.
        summary = zin.read('xl/worksheets/sheet1.xml').decode('utf-8')
        cards = {html.unescape(m).replace("''", "'")
                 for m in re.findall(r'<hyperlink [^>]*location="\'?(.*?)\'?![A-Z]+\d+"', summary)}
        def hide(m):
            tag = m.group(0)
            name = html.unescape(re.search(r'name="([^"]*)"', tag).group(1))
            return tag.replace('<sheet ', '<sheet state="hidden" ', 1) \
                if name not in cards and 'state=' not in tag else tag
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == 'xl/workbook.xml':
                data = re.sub(r'<sheet [^>]*>', hide, data.decode('utf-8')).encode('utf-8')
            zout.writestr(item, data)
PY
cards_rc=$?
"$PY" tests/formats/pdf_layouts.py -o "$T/out" --also "$T"/cards/*.xlsx >"$T/layouts.log" 2>&1
rc=$?
check "the layouts and the corrected workbooks printed to PDF (one soffice run)" \
    $([ $rc -eq 0 ] && [ $score_rc -le 1 ] && [ $cards_rc -eq 0 ] && [ -s "$T/out/card.pdf" ]; echo $?)
[ $rc -eq 0 ] || sed 's/^/# /' "$T/layouts.log" | tail -5

# The PDFs are laid out as the layouts mean (each row on its page, the
# landscape page landscape, the turned one portrait with /Rotate 90): else
# the checks below would test some other layout.
bad=""
for e in "$T"/out/*.expected.json; do
    n=$(basename "$e" .expected.json)
    "$PY" tests/formats/pdf_layouts.py --pages "$e" >"$T/$n.pages" 2>&1 || { bad="$bad $n"; cat "$T/$n.pages"; }
done
check "every layout's PDF has its rows on the pages meant and its page boxes${bad:+ (not:$bad)}" \
    $([ -z "$bad" ] && ls "$T"/out/*.expected.json >/dev/null 2>&1; echo $?)

# What jixiao reads from each: the tables, row by row, cell by cell.
for e in "$T"/out/*.expected.json; do
    n=$(basename "$e" .expected.json)
    "$PY" tests/formats/pdf_layouts.py --compare "$e" --jixiao "$J" >"$T/$n.diff" 2>&1
    rc=$?
    cat "$T/$n.diff"
    check "$n: $(jq -r '.about | split(": ")[0] | split("; ")[0] | split(". ")[0] | rtrimstr(".")' "$e")" $rc
done

# The card across a page break: the findings of the PDF are those of the same
# form typed into a workbook and written as text, and each says the page its
# row is on.
findings() {
    jq -r '.findings[] | [.code, .severity, .row, .column, .declared, .computed]
           | map(if . == null then "-" else tostring end) | @tsv' | sort
}
"$J" check --format json "$T/out/card.pdf" >"$T/card.pdf.json" 2>/dev/null
findings <"$T/card.pdf.json" >"$T/card.pdf.f"
"$J" check --format json "$T/out/card.xlsx" 2>/dev/null | findings >"$T/card.xlsx.f"
"$J" check --format json "$T/out/card.txt" 2>/dev/null | findings >"$T/card.txt.f"
diff "$T/card.xlsx.f" "$T/card.pdf.f" | sed 's/^/# /'
check "card: the PDF's findings are the .xlsx's and the text's ($(wc -l <"$T/card.pdf.f") findings)" \
    $(cmp -s "$T/card.xlsx.f" "$T/card.pdf.f" && cmp -s "$T/card.txt.f" "$T/card.pdf.f" \
        && [ "$(wc -l <"$T/card.pdf.f")" -ge 4 ]; echo $?)
check "card: each finding says the page its row is on (第N页 表1 第R行), on both sides of the break" \
    $(jq -e --slurpfile e "$T/out/card.expected.json" '
        [.findings[] | . as $f
         | select($f.source_table == 1 and $f.page == $e[0].tables[0].rows[$f.source_row - 1].page
                  and ($f.place | startswith("第\($f.page)页 表1 第\($f.source_row)行")))]
        as $ok | ($ok | length) == (.findings | length) and ([$ok[].page] | unique | length) == 2' \
        "$T/card.pdf.json" >/dev/null; echo $?)

# jixiao's corrected workbooks, their scorecard sheets printed: the same cards
# (kind, name) with the same recomputed totals, and every indicator (a row
# with a 三级指标) as read from the workbook. The tables' rows are not
# compared whole: they differ for reasons of both readers. In print a column
# boundary the sheet never draws is no column (绩效目标表: 7 columns become 6,
# spans narrow with them); Calc centres a merged label cut by a page break
# on the page below, and the running foot of a full page is read into the
# table (002's 投入管理指标); boxed notes beside a card lose their text
# (偏差原因 无 in 000, 003); the workbook's reader joins rows narrower than
# the table into one (…小计 10.00 and 总分 as "10.00总分").
# A form printed blank (no 项目名称: 004's 专项资金总体绩效目标表 is the empty
# template) is left out: its label-only rows are one-cell rows in the
# workbook, read as lines of text (其他资金 a title), and rows in print.
cards() { "$J" check --format json "$1" 2>/dev/null | jq -c '.scorecards[] | select(.name != "") | [.kind, .name, .computed_total]'; }
indicators() {
    "$J" parse "$1" 2>/dev/null | jq -c '.tables[] | select(.scorecard != null and .scorecard.name != "") | .kind as $k | .scorecard
        | [$k, .name, [.indicators[] | select(.level3 != "")
                       | [.level2, .level3, .target.text, .actual.text, .weight.value, .score.value]]]'
}
bad_cards="" bad_ind="" ncards=0 nind=0
for x in "$T"/cards/*.xlsx; do
    b=$(basename "$x" .xlsx)
    p="$T/out/$b.pdf"
    cards "$x" >"$T/$b.cards.want"
    cards "$p" >"$T/$b.cards.got"
    ncards=$((ncards + $(wc -l <"$T/$b.cards.want")))
    cmp -s "$T/$b.cards.want" "$T/$b.cards.got" || { bad_cards="$bad_cards $b"; diff "$T/$b.cards.want" "$T/$b.cards.got" | sed 's/^/# /' | head -6; }
    indicators "$x" >"$T/$b.ind.want"
    indicators "$p" >"$T/$b.ind.got"
    nind=$((nind + $(jq -s '[.[][2] | length] | add // 0' "$T/$b.ind.want")))
    cmp -s "$T/$b.ind.want" "$T/$b.ind.got" || { bad_ind="$bad_ind $b"; diff <(jq -c '.[2][]' "$T/$b.ind.want") <(jq -c '.[2][]' "$T/$b.ind.got") | sed 's/^/# /' | head -6; }
done
check "score workbooks as PDF: the same $ncards scorecards with the same recomputed totals${bad_cards:+ (differ:$bad_cards)}" \
    $([ -z "$bad_cards" ] && [ "$ncards" -ge 5 ]; echo $?)
check "score workbooks as PDF: every one of the $nind indicators as in the workbook${bad_ind:+ (differ:$bad_ind)}" \
    $([ -z "$bad_ind" ] && [ "$nind" -ge 50 ]; echo $?)
