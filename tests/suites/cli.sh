#!/usr/bin/env bash
# cli.sh — the `jixiao` command as a user meets it: exit codes, messages,
# output on good and bad input. Uses the sanitizer build (build/san/jixiao).
# Prints "ok - NAME" / "not ok - NAME" per test.
# checks: 39
set -u
cd "$(dirname "$0")/../.."

J=build/san/jixiao
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SAMPLES=(tests/samples/*.txt)

check() { # NAME CONDITION-STATUS
    if [ "$2" -eq 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fi
}

# run ARGS… : sets $rc, $out (stdout file), $err (stderr file)
run() {
    "$J" "$@" >"$T/out" 2>"$T/err"
    rc=$?
}

run; check "no arguments: exit 2 with usage" $([ $rc -eq 2 ] && grep -q '^usage:' "$T/err"; echo $?)
run --help; check "--help: exit 0" $([ $rc -eq 0 ] && grep -q 'jixiao parse' "$T/out"; echo $?)
run --version; check "--version" $([ $rc -eq 0 ] && grep -q '^jixiao [0-9]' "$T/out"; echo $?)
run frobnicate; check "unknown command: exit 2" $([ $rc -eq 2 ] && grep -q "unknown command 'frobnicate'" "$T/err"; echo $?)
run parse; check "parse without FILE: exit 2" $([ $rc -eq 2 ]; echo $?)
run parse --format yaml "${SAMPLES[0]}"; check "parse --format yaml: exit 2" $([ $rc -eq 2 ] && [ ! -s "$T/out" ]; echo $?)
run parse --bogus "${SAMPLES[0]}"; check "unknown option: exit 2" $([ $rc -eq 2 ] && grep -q 'unknown option --bogus' "$T/err"; echo $?)

run parse "$T/missing.txt"
check "missing file: exit 2, names the file" \
    $([ $rc -eq 2 ] && grep -q "^jixiao: $T/missing.txt: No such file or directory" "$T/err"; echo $?)

mkdir -p "$T/nodocs" && echo notes >"$T/nodocs/notes"
run parse "$T/nodocs"
check "a folder without documents: exit 2, says so" \
    $([ $rc -eq 2 ] && grep -q "^jixiao: 1 file in the folders is not a document: skipped" "$T/err" \
      && grep -q "^jixiao: no documents in the folders given" "$T/err"; echo $?)

printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' >"$T/image.txt"
run parse "$T/image.txt"
check "binary file: not a text document" \
    $([ $rc -eq 2 ] && grep -q "^jixiao: $T/image.txt: not a text document (NUL byte at offset 8)" "$T/err"; echo $?)

: >"$T/empty.txt"
run parse "$T/empty.txt"
check "empty file: exit 0, no tables" $([ $rc -eq 0 ] && [ "$(jq -c '.tables' "$T/out")" = "[]" ]; echo $?)

run parse "${SAMPLES[0]}" "$T/missing.txt" "${SAMPLES[1]}"
check "a bad file among good ones: exit 2, the good ones still parsed" \
    $([ $rc -eq 2 ] && [ "$(wc -l <"$T/out")" -eq 2 ] && grep -q missing.txt "$T/err"; echo $?)

printf 'a,b\nc,"open\n' >"$T/broken.csv"
run parse "$T/broken.csv"
check "unterminated CSV quote: exit 2 with file and line" \
    $([ $rc -eq 2 ] && grep -q "^jixiao: $T/broken.csv:2: unterminated quoted field" "$T/err"; echo $?)

run parse "${SAMPLES[@]}"
check "seeds: exit 0, one JSON document per line" $([ $rc -eq 0 ] && [ "$(wc -l <"$T/out")" -eq 5 ] && jq -e . "$T/out" >/dev/null; echo $?)
check "seeds: JSON fields of a table" \
    $([ -s "$T/out" ] && jq -s -e '[.[] | select(.file|test("000_"))][0] | .encoding == "utf-8" and (.tables|length) == 14
        and .tables[2].kind == "project" and .tables[2].line_start == 363 and .tables[2].line_end == 379
        and .tables[2].rows[10][4].text == "≥1428人次" and .tables[2].rows[10][4].line == 373
        and .tables[2].rows[10][4].col == 5 and .tables[2].header_rows == 3' "$T/out" >/dev/null; echo $?)

for f in "${SAMPLES[@]}"; do
    b=$(basename "$f" .txt)
    run parse --format text "$f"
    check "outline of $b matches tests/golden/parse/$b.txt" \
        $([ $rc -eq 0 ] && diff -u "tests/golden/parse/$b.txt" "$T/out" >"$T/diff"; r=$?; [ $r -ne 0 ] && cat "$T/diff" >&2; echo $r)
done

iconv -f UTF-8 -t GB18030 "${SAMPLES[2]}" >"$T/gb.txt"
run parse --format text "$T/gb.txt"
check "GB18030 copy: same outline as the UTF-8 original" \
    $(tail -n +2 "$T/out" | diff -q - <(tail -n +2 "tests/golden/parse/$(basename "${SAMPLES[2]}" .txt).txt") >/dev/null \
      && head -1 "$T/out" | grep -q 'gb18030'; echo $?)

iconv -f UTF-8 -t UTF-16 "${SAMPLES[3]}" >"$T/utf16.txt"   # glibc writes a BOM
run parse --format text "$T/utf16.txt"
check "UTF-16 copy: same outline as the UTF-8 original" \
    $(tail -n +2 "$T/out" | diff -q - <(tail -n +2 "tests/golden/parse/$(basename "${SAMPLES[3]}" .txt).txt") >/dev/null \
      && head -1 "$T/out" | grep -q 'utf-16'; echo $?)

head -c 67108864 /dev/zero | tr '\0' 'x' >"$T/long.txt"
run parse "$T/long.txt"
check "one 64 MB line: exit 0, no table" $([ $rc -eq 0 ] && [ "$(jq -c '[.lines, (.tables|length)]' "$T/out")" = "[1,0]" ]; echo $?)
rm -f "$T/long.txt"

# ---------------------------------------------------------------- check
for f in "${SAMPLES[@]}"; do
    b=$(basename "$f" .txt)
    run check --format json "$f"
    # Every seed holds errors; 004's are in its budget tables (表1, 表6).
    want=1
    check "check $b: exit $want, findings match tests/golden/check/$b.json" \
        $([ $rc -eq $want ] && jq . "$T/out" | diff -u "tests/golden/check/$b.json" - >"$T/diff"; r=$?; [ $r -ne 0 ] && cat "$T/diff" >&2; echo $r)
done

run check "${SAMPLES[@]}"
check "check text: a closing line per document" \
    $([ $rc -eq 1 ] && [ "$(grep -c 'scorecards, .* errors, .* warnings, .* info$' "$T/out")" -eq 5 ] \
      && grep -q '^  \[1\] 镇安县医疗保障局整体支出绩效自评表' "$T/out"; echo $?)

run check --rules national "${SAMPLES[3]}"
check "check --rules national: the rule set used is named" \
    $([ $rc -eq 1 ] && head -1 "$T/out" | grep -q '(rules: national)'; echo $?)

run check --rules nosuch "${SAMPLES[0]}"
check "check --rules nosuch: exit 2, names the file" \
    $([ $rc -eq 2 ] && grep -q 'rules/nosuch.ini: No such file or directory' "$T/err"; echo $?)

printf '[ruleset]\nname = broken\n\n[execution]\ncap = lots\n' >"$T/broken.ini"
run check --rules "$T/broken.ini" "${SAMPLES[0]}"
check "check with a bad rule file: exit 2 with file, line and key" \
    $([ $rc -eq 2 ] && grep -q "^jixiao: $T/broken.ini:5: key 'cap'" "$T/err"; echo $?)

run check "$T/missing.txt"
check "check a missing file: exit 2" $([ $rc -eq 2 ]; echo $?)

run rules
# Every rules/NAME.ini, in name order: adding a province is adding a file.
want_sets=$(for f in rules/*.ini; do basename "$f" .ini; done | LC_ALL=C sort | tr '\n' ' ')
check "rules: lists every rule set of rules/ ($want_sets)" \
    $([ $rc -eq 0 ] && [ "$(cut -d' ' -f1 "$T/out" | tr '\n' ' ')" = "$want_sets" ]; echo $?)
# Every shipped set reads, and every set but national names its province.
bad_sets=""
for f in rules/*.ini; do
    n=$(basename "$f" .ini)
    "$J" rules "$n" > "$T/set" 2>&1 || bad_sets="$bad_sets $n"
    [ "$n" = national ] || grep -q '^province = ' "$T/set" || bad_sets="$bad_sets $n(no province)"
done
check "rules: every set in rules/ reads and names its province${bad_sets:+ (not:$bad_sets)}" \
    $([ -z "$bad_sets" ]; echo $?)
run rules henan
check "rules henan: prints the set after inheritance" \
    $([ $rc -eq 0 ] && grep -q '^name = henan' "$T/out" && grep -q '^inherits = national' "$T/out"; echo $?)
run rules ../etc/passwd
check "rules with a path-like name: exit 2" $([ $rc -eq 2 ]; echo $?)

if [ -w /dev/full ]; then
    "$J" parse "${SAMPLES[0]}" >/dev/full 2>"$T/err"; rc=$?
    check "write error is reported, exit 2" $([ $rc -eq 2 ] && grep -q 'writing output' "$T/err"; echo $?)
fi

# The fuzz smoke runs are in tests/suites/fuzz.sh.

# $JIXIAO_FORMS: a copy of forms/ with one more word for the actual value is
# read instead of the built-in forms; a broken copy stops the run with file:line.
mkdir -p "$T/forms"
cp forms/*.ini "$T/forms"/
sed 's/全年实际值/完成实际数/' tests/fixtures/annual_actual_synonym.txt >"$T/synonym.txt"
sed -i 's/^actual = .*/&, 完成实际数/' "$T/forms/scorecard.ini"
actual() { jq -r '.tables[0].scorecard.indicators[0].actual.text // "none"' "$T/out"; }
run parse "$T/synonym.txt"; builtin_actual=$(actual)
JIXIAO_FORMS="$T/forms" "$J" parse "$T/synonym.txt" >"$T/out" 2>"$T/err"; rc=$?
check "JIXIAO_FORMS: a synonym added in a copied forms folder is read (built in: $builtin_actual)" \
    $([ $rc -eq 0 ] && [ "$builtin_actual" = none ] && [ "$(actual)" = "120人" ]; echo $?)
echo "bogus = 1" >>"$T/forms/scorecard.ini"
JIXIAO_FORMS="$T/forms" "$J" check "$T/synonym.txt" >"$T/out" 2>"$T/err"; rc=$?
check "JIXIAO_FORMS: a broken forms file is exit 2 naming file, line and key" \
    $([ $rc -eq 2 ] && grep -q "scorecard.ini:[0-9]*: unknown key 'bogus'" "$T/err" && [ ! -s "$T/out" ]; echo $?)
