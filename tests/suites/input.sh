#!/usr/bin/env bash
# input.sh — what `jixiao` is given to read (issue 8.14, 8.15): FIFOs and
# devices are refused unread, oversized files by their size, gibberish that
# happens to decode as GB18030 is refused, the encoding assumed is reported,
# and a broken rule set is skipped by `--rules auto` and said once.
# Uses the sanitizer build. Prints "ok - NAME" / "not ok - NAME" per test.
# checks: 17
set -u
cd "$(dirname "$0")/../.."

J=build/san/jixiao
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SAMPLES=(tests/samples/*.txt)

check() { # NAME CONDITION-STATUS
    if [ "$2" -eq 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fi
}

# run ARGS… : sets $rc, $out (stdout file), $err (stderr file). A run that
# would hang (a FIFO read) is cut at 10 s and fails with rc 124.
run() {
    timeout 10 "$J" "$@" >"$T/out" 2>"$T/err"
    rc=$?
}

# ------------------------------------------------------------ not regular files

mkfifo "$T/fifo.txt"
run parse "$T/fifo.txt"
check "FIFO as a document: refused, not waited on" \
    $([ $rc -eq 2 ] && grep -qx "jixiao: $T/fifo.txt: not a regular file (a FIFO)" "$T/err"; echo $?)

mkfifo "$T/fifo.ini"
run check --rules "$T/fifo.ini" "${SAMPLES[0]}"
check "FIFO as --rules: refused, not waited on" \
    $([ $rc -eq 2 ] && grep -qx "jixiao: $T/fifo.ini: not a regular file (a FIFO)" "$T/err"; echo $?)

run parse /dev/zero
check "/dev/zero as a document: refused unread" \
    $([ $rc -eq 2 ] && grep -qx "jixiao: /dev/zero: not a regular file (a character device)" "$T/err"; echo $?)

ln -s /dev/zero "$T/zero.ini"
run check --rules "$T/zero.ini" "${SAMPLES[0]}"
check "/dev/zero as --rules: refused unread" \
    $([ $rc -eq 2 ] && grep -qx "jixiao: $T/zero.ini: not a regular file (a character device)" "$T/err"; echo $?)

# ------------------------------------------------------------ sizes

# A sparse 600 MB file: refused by its size, so the run stays small (the
# sanitizer build alone takes some tens of MB; reading the file would take 512).
truncate -s 600M "$T/big.txt"
timeout 10 /usr/bin/time -f '%M' -o "$T/rss" "$J" parse "$T/big.txt" >"$T/out" 2>"$T/err"
rc=$?
rss=$(tail -n 1 "$T/rss" 2>/dev/null)
check "600 MB document: refused by its size, without reading it" \
    $([ $rc -eq 2 ] && grep -qx "jixiao: $T/big.txt: larger than 512 MB (629145600 bytes)" "$T/err" \
      && [ "${rss:-999999999}" -lt 200000 ]; echo $?)

truncate -s 2M "$T/big.ini"
run check --rules "$T/big.ini" "${SAMPLES[0]}"
check "2 MB rule set: refused by its size" \
    $([ $rc -eq 2 ] && grep -qx "jixiao: $T/big.ini: larger than 1 MB (2097152 bytes): not a rule set" "$T/err"; echo $?)

# ------------------------------------------------------------ encodings

printf 'M\xfcller Stra\xdfe\n' >"$T/latin1.txt"
run parse "$T/latin1.txt"
check "short Latin-1 file: not taken for GB18030" \
    $([ $rc -eq 2 ] && grep -qx "jixiao: $T/latin1.txt: not a text document (neither UTF-8 nor plausible GB18030: 2 of 2 non-ASCII characters unlikely)" "$T/err"; echo $?)

# Random high bytes 81..FE: every pair is a valid GB18030 two-byte sequence.
python3 -c 'import random, sys
random.seed(815)
sys.stdout.buffer.write(bytes(random.randint(0x81, 0xFE) for _ in range(4000)))' >"$T/random.txt"
run parse "$T/random.txt"
check "random high bytes: not taken for GB18030" \
    $([ $rc -eq 2 ] && grep -q "^jixiao: $T/random.txt: not a text document (neither UTF-8 nor plausible GB18030: [0-9]* of 2000 non-ASCII characters unlikely)$" "$T/err"; echo $?)

gb_ok=0
for f in "${SAMPLES[@]}"; do
    b=$(basename "$f" .txt)
    iconv -f UTF-8 -t GB18030 "$f" >"$T/$b.gb.txt"
    run check --format json "$T/$b.gb.txt"
    [ $rc -eq 1 ] && [ ! -s "$T/err" ] && [ "$(jq -r .encoding "$T/out")" = gb18030 ] || gb_ok=1
done
check "the five seeds in GB18030: checked, encoding gb18030 in the JSON" $gb_ok

run check "$T/$(basename "${SAMPLES[2]}" .txt).gb.txt"
check "check text: names the encoding assumed" \
    $([ $rc -eq 1 ] && sed -n 2p "$T/out" | grep -qx '  encoding: gb18030 (assumed: not valid UTF-8)'; echo $?)

run check "${SAMPLES[2]}"
check "check text: nothing said of plain UTF-8" \
    $([ $rc -eq 1 ] && ! grep -q 'encoding:' "$T/out"; echo $?)
run check --format json "${SAMPLES[2]}"
check "check json: encoding utf-8" $([ $rc -eq 1 ] && [ "$(jq -r .encoding "$T/out")" = utf-8 ]; echo $?)

# ------------------------------------------------------------ a broken rule set

mkdir "$T/rules"
cp rules/*.ini rules/gazetteer.tsv "$T/rules/"
printf '[ruleset]\nname = broken\nx = 1\n' >"$T/rules/broken.ini"
export JIXIAO_RULES="$T/rules"

run check "${SAMPLES[0]}" "${SAMPLES[2]}" "${SAMPLES[3]}"
check "--rules auto: a broken rule set is skipped, every document checked" \
    $([ $rc -eq 1 ] && [ "$(grep -c 'scorecards, .* errors, .* warnings, .* info$' "$T/out")" -eq 3 ] \
      && grep -q '(rules: henan)' "$T/out" && grep -q '(rules: qinghai)' "$T/out"; echo $?)
check "--rules auto: the broken rule set is reported once, with its line" \
    $([ "$(wc -l <"$T/err")" -eq 1 ] \
      && grep -qx "jixiao: $T/rules/broken.ini:3: unknown key 'x' in \[ruleset\] (skipped by --rules auto)" "$T/err"; echo $?)

run score -o "$T/out_dir" "${SAMPLES[3]}"
check "score --rules auto: the broken rule set is skipped too" \
    $([ $rc -eq 1 ] && [ -s "$T/out_dir/$(basename "${SAMPLES[3]}" .txt).xlsx" ] && grep -c 'skipped by --rules auto' "$T/err" | grep -qx 1; echo $?)

run check --rules broken "${SAMPLES[0]}"
check "--rules broken: named, it still fails" \
    $([ $rc -eq 2 ] && grep -qx "jixiao: $T/rules/broken.ini:3: unknown key 'x' in \[ruleset\]" "$T/err" \
      && [ ! -s "$T/out" ]; echo $?)

run rules
check "rules: lists the broken set as unreadable" \
    $([ $rc -eq 0 ] && grep -q "^broken  *(unreadable: unknown key 'x' in \[ruleset\])" "$T/out" \
      && grep -q '^henan ' "$T/out"; echo $?)
unset JIXIAO_RULES
