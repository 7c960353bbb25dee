#!/usr/bin/env bash
# batch.sh — runs over many documents: folders as input, -j N giving the
# same bytes as -j 1, the progress line, a stop by signal, the run's summary
# workbook and findings database. Uses the sanitizer build (build/san/jixiao).
# Prints "ok - NAME" / "not ok - NAME" per test.
# checks: 23
set -u
cd "$(dirname "$0")/../.."

J=build/san/jixiao
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

check() { # NAME CONDITION-STATUS
    if [ "$2" -eq 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fi
}

# A reviewer's archive: units' folders by year, documents of every kind
# among other files.
D=$T/archive
mkdir -p "$D/县财政局/2024" "$D/县教育局/2024" "$D/县教育局/2023" "$D/.git"
cp tests/samples/000_*.txt "$D/县财政局/2024/自评报告.txt"
cp tests/samples/001_*.txt "$D/县教育局/2024/自评报告.txt"
cp tests/samples/002_*.txt "$D/县教育局/2023/自评报告.txt"
cp tests/samples/003_*.txt "$D/县教育局/2023/项目自评.md"
cp tests/fixtures/docx/merges.docx tests/fixtures/docx/nested.docx "$D/县财政局/2024/"
cp tests/samples/004_*.txt "$D/.git/ignored.txt"
printf 'not a document\n' >"$D/县教育局/说明"
printf 'lock' >"$D/县教育局/~\$表.xlsx"
ndocs=$(find "$D" -path "$D/.git" -prune -o -type f \( -name '*.txt' -o -name '*.md' -o -name '*.docx' \) -print | wc -l)

"$J" check --format json -j 1 "$D" >"$T/j1.jsonl" 2>"$T/j1.err"
rc1=$?
"$J" check --format json -j 2 "$D" >"$T/j2.jsonl" 2>"$T/j2.err"
rc2=$?
check "check of a folder: every document once, in name order" \
    $([ "$(wc -l <"$T/j1.jsonl")" -eq "$ndocs" ] &&
      jq -r .file "$T/j1.jsonl" | LC_ALL=C sort -c &&
      ! grep -q ignored "$T/j1.jsonl"; echo $?)
check "check of a folder: the other files counted as skipped" \
    $(grep -q '^jixiao: 2 files in the folders are not a document: skipped' "$T/j1.err"; echo $?)
check "check -j 2: the same bytes and status as -j 1" \
    $(cmp -s "$T/j1.jsonl" "$T/j2.jsonl" && cmp -s "$T/j1.err" "$T/j2.err" && [ $rc1 -eq $rc2 ] && [ $rc1 -eq 1 ]; echo $?)

"$J" parse -j 1 tests/samples tests/fixtures >"$T/p1.jsonl" 2>"$T/p1.err"
"$J" parse -j 2 tests/samples tests/fixtures >"$T/p2.jsonl" 2>"$T/p2.err"
check "parse -j 2 over folders: the same bytes as -j 1" \
    $(cmp -s "$T/p1.jsonl" "$T/p2.jsonl" && cmp -s "$T/p1.err" "$T/p2.err" && [ -s "$T/p1.jsonl" ]; echo $?)

"$J" check -j 3 tests/samples/*.txt "$T/missing.txt" tests/samples/000_*.txt >"$T/m3.txt" 2>"$T/m3.err"
rc3=$?
"$J" check -j 1 tests/samples/*.txt "$T/missing.txt" tests/samples/000_*.txt >"$T/m1.txt" 2>"$T/m1.err"
check "a missing file among others: exit 2, the others checked, same with -j 3" \
    $([ $rc3 -eq 2 ] && cmp -s "$T/m1.txt" "$T/m3.txt" && cmp -s "$T/m1.err" "$T/m3.err" &&
      grep -q "missing.txt: No such file" "$T/m3.err"; echo $?)

mkdir -p "$T/s1" "$T/s2"
"$J" score -j 1 -o "$T/s1" "$D" >"$T/s1.txt" 2>/dev/null
"$J" score -j 2 -o "$T/s2" "$D" >"$T/s2.txt" 2>/dev/null
check "score -j 2: the same workbooks, said in the same order" \
    $(diff <(sed "s|$T/s1|OUT|" "$T/s1.txt") <(sed "s|$T/s2|OUT|" "$T/s2.txt") >/dev/null &&
      [ "$(ls "$T/s1" | wc -l)" -eq "$ndocs" ] && [ "$(ls "$T/s1")" = "$(ls "$T/s2")" ]; echo $?)

check "score of a folder: each workbook named after its place in it" \
    $([ -e "$T/s1/县财政局_2024_自评报告.xlsx" ] && [ -e "$T/s1/县教育局_2024_自评报告.xlsx" ] &&
      [ -e "$T/s1/县教育局_2023_自评报告.xlsx" ] && [ -e "$T/s1/县教育局_2023_项目自评.xlsx" ]; echo $?)

"$J" check --format json -j2 "$D" >"$T/j2b.jsonl" 2>/dev/null
check "-j2 (the value attached, as make takes it): the same as -j 2" $(cmp -s "$T/j2.jsonl" "$T/j2b.jsonl"; echo $?)

for bad in 0 -1 x 2x 100000; do
    "$J" check -j "$bad" tests/samples >/dev/null 2>"$T/bad.err"
    [ $? -eq 2 ] && grep -q -- '-j takes a number' "$T/bad.err" || echo "$bad" >>"$T/bad.fail"
done
check "-j 0, -1, x, 2x, 100000: bad usage" $([ ! -e "$T/bad.fail" ]; echo $?)

# Progress: on a terminal only (script gives the command one), not with --quiet.
script -qec "$J check -j 2 tests/samples" /dev/null >"$T/tty.txt" 2>&1
check "progress on a terminal: done of total, rate, elapsed and left" \
    $(grep -q 'jixiao: 5/5 documents (100%), [0-9.]*/s, 0:[0-9][0-9] elapsed, 0:00 left' "$T/tty.txt"; echo $?)
script -qec "$J check --quiet -j 2 tests/samples" /dev/null >"$T/quiet.txt" 2>&1
check "--quiet: no progress line" $(! grep -q 'documents (' "$T/quiet.txt" && grep -q 'scorecards' "$T/quiet.txt"; echo $?)
check "not a terminal: no progress line" $(! grep -q 'documents (' "$T/j1.err"; echo $?)

# A stop: documents started are finished, none is half written, the signal
# ends the command.
mkdir -p "$T/many" "$T/stop"
for i in $(seq -w 1 40); do cp tests/samples/001_*.txt "$T/many/doc$i.txt"; done
"$J" score -j 2 -o "$T/stop" "$T/many" >"$T/stop.txt" 2>&1 &
pid=$!
for _ in $(seq 1 100); do [ -n "$(ls "$T/stop")" ] && break; sleep 0.1; done
kill -TERM "$pid"
wait "$pid"
rcs=$?
check "SIGTERM during score -j 2: stops early, ends by the signal" \
    $([ $rcs -eq 143 ] && [ "$(ls "$T/stop" | wc -l)" -lt 40 ]; echo $?)
check "SIGTERM during score -j 2: no temporary file left, every workbook said" \
    $([ -z "$(ls -A "$T/stop" | grep -v '\.xlsx$')" ] &&
      [ "$(ls "$T/stop" | wc -l)" -eq "$(grep -c '^jixiao: wrote' "$T/stop.txt")" ]; echo $?)

# Output that fails (a full disk): the run stops with status 2.
"$J" parse -j 2 tests/samples >/dev/full 2>"$T/full.err"
check "parse -j 2 to a full disk: exit 2, says so" \
    $([ $? -eq 2 ] && grep -q 'writing output' "$T/full.err"; echo $?)

"$J" check -j 2 "$T/many" "$T/many" >"$T/twice.txt" 2>/dev/null
check "a folder given twice: its documents checked twice, in order" \
    $([ "$(grep -c 'scorecards,' "$T/twice.txt")" -eq 80 ]; echo $?)

# The findings database: a second run reuses every unchanged document.
"$J" check --db "$T/r.sqlite" -j 2 "$D" >"$T/db1.txt" 2>"$T/db1.err"
rcd1=$?
"$J" check --db "$T/r.sqlite" -j 2 "$D" >"$T/db2.txt" 2>"$T/db2.err"
rcd2=$?
check "--db: the first run records every document" \
    $([ "$(sqlite3 "$T/r.sqlite" 'select count(*) from documents')" -eq "$ndocs" ] &&
      [ "$(sqlite3 "$T/r.sqlite" 'select checked from runs where id = 1')" -eq "$ndocs" ] &&
      [ "$(sqlite3 "$T/r.sqlite" 'select count(*) from findings')" -gt 0 ]; echo $?)
check "--db: a second run checks nothing again, says so, keeps the exit status" \
    $([ ! -s "$T/db2.txt" ] && [ $rcd1 -eq 1 ] && [ $rcd2 -eq 1 ] &&
      grep -q "^jixiao: $ndocs documents unchanged since $T/r.sqlite recorded them: not checked again" "$T/db2.err" &&
      [ "$(sqlite3 "$T/r.sqlite" 'select reused from runs where id = 2')" -eq "$ndocs" ]; echo $?)
printf '\n补充说明\n' >>"$D/县教育局/2023/项目自评.md"
"$J" check --db "$T/r.sqlite" -j 2 "$D" >"$T/db3.txt" 2>"$T/db3.err"
check "--db: a changed document is checked again, the others reused" \
    $([ "$(grep -c 'scorecards,' "$T/db3.txt")" -eq 1 ] && grep -q '项目自评.md' "$T/db3.txt" &&
      grep -q "^jixiao: $((ndocs - 1)) documents unchanged" "$T/db3.err"; echo $?)
cp -r rules "$T/rules" && printf '\n' >>"$T/rules/national.ini"
JIXIAO_RULES="$T/rules" "$J" check --db "$T/r.sqlite" -j 2 "$D" >"$T/db4.txt" 2>"$T/db4.err"
check "--db: a changed rule file checks every document again" \
    $([ "$(grep -c 'scorecards,' "$T/db4.txt")" -eq "$ndocs" ] && ! grep -q unchanged "$T/db4.err"; echo $?)
printf 'not a database' >"$T/bad.sqlite"
"$J" check --db "$T/bad.sqlite" tests/samples >"$T/db5.txt" 2>"$T/db5.err"
check "--db on a file that is not one: exit 2 before any document, names it" \
    $([ $? -eq 2 ] && [ ! -s "$T/db5.txt" ] && grep -q "$T/bad.sqlite" "$T/db5.err"; echo $?)

# The run's summary: one row per document, the reused ones marked, with the
# rows the first run recorded.
rows() { # SUMMARY.xlsx — "path<TAB>errors<TAB>reused" per document of 文件
    /usr/bin/python3 -c 'import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1])["文件"]
head = [c.value for c in ws[1]]
for r in ws.iter_rows(min_row=2, values_only=True):
    print(r[head.index("文件")], r[head.index("错误")], r[head.index("沿用上次结果")], sep="\t")' "$1"
}
rm -f "$T/s.sqlite"
"$J" check -q --db "$T/s.sqlite" --summary "$T/first.xlsx" "$D" >/dev/null 2>&1
"$J" check -q --db "$T/s.sqlite" --summary "$T/second.xlsx" "$D" >/dev/null 2>"$T/second.err"
rows "$T/first.xlsx" >"$T/first.rows"
rows "$T/second.xlsx" >"$T/second.rows"
check "--summary: a row per document of the run, in its order" \
    $([ "$(wc -l <"$T/first.rows")" -eq "$ndocs" ] && cut -f 1 "$T/first.rows" | diff - <(jq -r .file "$T/j1.jsonl") >/dev/null &&
      ! grep -q '是$' "$T/first.rows"; echo $?)
check "--summary with --db: a second run's summary has the same rows, each marked reused" \
    $(diff <(cut -f 1,2 "$T/first.rows") <(cut -f 1,2 "$T/second.rows") >/dev/null &&
      [ "$(grep -c '是$' "$T/second.rows")" -eq "$ndocs" ]; echo $?)
