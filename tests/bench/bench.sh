#!/usr/bin/env bash
# bench.sh N — jixiao's speed and memory, side by side in one run with what
# they are measured against:
#   - `wc -l` on the same files: the cost of reading the bytes (the floor);
#   - tests/bench/naive.py: a reviewer's quick script (regex parse and column
#     sums only; openpyxl writing each document's tables as plain sheets);
#   - with BENCH_REF=PATH (make bench BENCH_REF=PATH), another jixiao binary,
#     an older build, on the same files: the measure of "no slower".
#
# Run by `make bench` from the repository root, after `jixiao`,
# build/bench/corpus and build/bench/measure are built. Generates (or reuses)
# a corpus of N varied copies of tests/samples/*.txt. Throughput is per CPU
# second (user + system time of the process and its threads), so it does not
# depend on what else the machine runs; the speed-up of -j 2 and the joined
# document are wall-clock ratios. MB means 10^6 bytes. Prints one table
# (Markdown, as README quotes it) and a line per target of issue #14, each
# "met" or "MISSED".
set -euo pipefail

cd "$(dirname "$0")/../.."

N=${1:-}
if ! [[ $N =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: tests/bench/bench.sh N   (N = number of documents, >= 1)" >&2
    exit 2
fi

BIN=build/bench
CORPUS=$BIN/corpus-$N
JIXIAO=./jixiao
PY=/usr/bin/python3
NAIVE=tests/bench/naive.py
SCORE_DOCS=$(( N < 200 ? N : 200 ))   # documents written as workbooks
JOIN_DOCS=$(( N < 400 ? N : 400 ))    # documents joined into one file
MANY_DOCS=10000                       # documents of the memory run
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

for tool in "$JIXIAO" "$BIN/corpus" "$BIN/measure"; do
    if [[ ! -x $tool ]]; then
        echo "bench: $tool is missing; run 'make bench'" >&2
        exit 2
    fi
done

# Reuses a complete corpus; a partial one (an interrupted run, another N)
# is rebuilt. Generated under a temporary name so it is complete or absent.
ensure_corpus() {
    local have=0
    if [[ -d $CORPUS ]]; then
        have=$(find "$CORPUS" -maxdepth 1 -name 'doc_*.txt' | wc -l)
    fi
    if [[ $have -eq $N ]]; then
        echo "bench: reusing $CORPUS"
        return
    fi
    echo "bench: generating $N documents into $CORPUS"
    rm -rf "$CORPUS" "$CORPUS.tmp"
    "$BIN/corpus" tests/samples "$CORPUS.tmp" "$N"
    mv "$CORPUS.tmp" "$CORPUS"
}

# measure CMD... — runs CMD once, output to $T/out; prints
# "wall_s cpu_s maxrss_kb exit".
measure() {
    "$BIN/measure" run "$T/out" -- "$@" | sed 's/[a-z_]*=//g' | cut -d ' ' -f 2-
}

failures=0
# expect NAME EXIT — a measured run must not have failed (check exits 1 on findings).
expect() {
    if [[ $2 -gt 1 ]]; then
        echo "bench: $1 exited with status $2; its figures are not valid" >&2
        failures=$((failures + 1))
    fi
}

awkf() { awk "BEGIN { printf \"$1\", $2 }"; }

ensure_corpus
FILES=("$CORPUS"/doc_*.txt)
BYTES=$(printf '%s\0' "${FILES[@]}" | wc -c --files0-from=- | tail -n 1 | cut -d ' ' -f 1)
MB=$(awkf "%.1f" "$BYTES / 1e6")
# Warm the page cache so every run reads from memory, not from disk.
cat "${FILES[@]}" >/dev/null

read -r _ W_CPU _ W_EXIT <<<"$(measure wc -l "${FILES[@]}")"
expect "wc -l" "$W_EXIT"
read -r _ N_CPU _ N_EXIT <<<"$(measure "$PY" "$NAIVE" sums "$CORPUS")"
expect "naive.py sums" "$N_EXIT"
read -r _ P_CPU P_RSS P_EXIT <<<"$(measure "$JIXIAO" parse --format json -j 1 "$CORPUS")"
expect "jixiao parse" "$P_EXIT"
read -r C1_WALL C_CPU C_RSS C_EXIT <<<"$(measure "$JIXIAO" check --format json -j 1 "$CORPUS")"
expect "jixiao check" "$C_EXIT"
cp "$T/out" "$T/check-j1.jsonl"
read -r C2_WALL _ _ C2_EXIT <<<"$(measure "$JIXIAO" check --format json -j 2 "$CORPUS")"
expect "jixiao check -j 2" "$C2_EXIT"
SAME_J=no
cmp -s "$T/out" "$T/check-j1.jsonl" && SAME_J=yes

SCORE_FILES=("${FILES[@]:0:SCORE_DOCS}")
read -r _ S_CPU _ S_EXIT <<<"$(measure "$JIXIAO" score -j 1 -o "$T/score" "${SCORE_FILES[@]}")"
expect "jixiao score" "$S_EXIT"
S_SIZE=$(du -sb "$T/score" | cut -f 1)
rm -rf "$T/score"
read -r _ O_CPU _ O_EXIT <<<"$(measure "$PY" "$NAIVE" workbooks "$T/naive" "${SCORE_FILES[@]}")"
expect "naive.py workbooks" "$O_EXIT"
rm -rf "$T/naive"

# One document as large as JOIN_DOCS: the same bytes, joined.
JOIN_FILES=("${FILES[@]:0:JOIN_DOCS}")
cat "${JOIN_FILES[@]}" >"$T/joined.txt"
JOIN_BYTES=$(wc -c <"$T/joined.txt")
read -r _ JS_CPU _ JS_EXIT <<<"$(measure "$JIXIAO" check -j 1 "${JOIN_FILES[@]}")"
expect "check of the separate documents" "$JS_EXIT"
read -r _ JJ_CPU JJ_RSS JJ_EXIT <<<"$(measure "$JIXIAO" check -j 1 "$T/joined.txt")"
expect "check of the joined document" "$JJ_EXIT"
read -r _ JP_CPU JP_RSS JP_EXIT <<<"$(measure "$JIXIAO" parse -j 1 "$T/joined.txt")"
expect "parse of the joined document" "$JP_EXIT"
JOIN_RSS=$(( JJ_RSS > JP_RSS ? JJ_RSS : JP_RSS ))

# MANY_DOCS documents in one run: the corpus's folder named as often as it takes.
MANY_ARGS=()
for (( i = 0; i < (MANY_DOCS + N - 1) / N; i++ )); do MANY_ARGS+=("$CORPUS"); done
MANY_N=$(( ${#MANY_ARGS[@]} * N ))
read -r _ _ M_RSS M_EXIT <<<"$(measure "$JIXIAO" check --format json -j 2 "${MANY_ARGS[@]}")"
expect "check of $MANY_N documents" "$M_EXIT"

mbps() { awkf "%.1f" "$BYTES / 1e6 / ($1 > 0 ? $1 : 0.001)"; }
per() { awkf "%.1f" "$1 / ($2 > 0 ? $2 : 0.001)"; }
W_MBPS=$(mbps "$W_CPU"); N_MBPS=$(mbps "$N_CPU"); P_MBPS=$(mbps "$P_CPU"); C_MBPS=$(mbps "$C_CPU")
C_DOCS=$(per "$N" "$C_CPU")
S_RATE=$(per "$SCORE_DOCS" "$S_CPU"); O_RATE=$(per "$SCORE_DOCS" "$O_CPU")
SPEEDUP=$(awkf "%.2f" "$C1_WALL / ($C2_WALL > 0 ? $C2_WALL : 0.001)")
JOIN_RATIO=$(awkf "%.2f" "$JJ_CPU / ($JS_CPU > 0 ? $JS_CPU : 0.001)")
JOIN_BPB=$(awkf "%.1f" "$JOIN_RSS * 1024 / $JOIN_BYTES")
M_MB=$(awkf "%.1f" "$M_RSS * 1024 / 1e6")
ratio() { awkf "%.1f" "$1 / ($2 > 0 ? $2 : 0.001)"; }

echo
echo "jixiao bench: $N documents, $MB MB ($CORPUS), $(nproc) cores, $(uname -m)," \
     "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
echo
echo "| | per CPU second | against |"
echo "|---|---|---|"
echo "| \`wc -l\` (reading the bytes) | $W_MBPS MB/s | floor |"
echo "| naive Python script (regex parse and column sums) | $N_MBPS MB/s | |"
echo "| \`jixiao parse --format json\` | $P_MBPS MB/s | $(ratio "$P_MBPS" "$N_MBPS")x the script |"
echo "| \`jixiao check --format json\` | $C_MBPS MB/s, $C_DOCS documents/s | $(ratio "$C_MBPS" "$N_MBPS")x the script |"
echo "| \`jixiao score\` ($SCORE_DOCS documents) | $S_RATE workbooks/s, $(awkf "%.1f" "$S_SIZE / $SCORE_DOCS / 1024") KB each | openpyxl writing plain tables: $O_RATE/s |"
echo
echo "check -j 2 against -j 1 (wall clock): ${SPEEDUP}x; output the same bytes: $SAME_J"
echo "$JOIN_DOCS documents joined into one file ($(awkf "%.1f" "$JOIN_BYTES / 1e6") MB): check takes" \
     "${JOIN_RATIO}x the CPU time of the same documents apart; peak memory $JOIN_BPB bytes per input byte"
echo "$MANY_N documents in one run (check -j 2): peak memory $M_MB MB"

target() { # NAME CONDITION
    if awk "BEGIN { exit !($2) }"; then echo "  met     $1"; else echo "  MISSED  $1"; fi
}
echo
echo "targets (issue #14):"
target "check at least 200 MB/s per core (now $C_MBPS)" "$C_MBPS >= 200"
target "check at least 5x the naive script (now $(ratio "$C_MBPS" "$N_MBPS")x)" "$C_MBPS >= 5 * $N_MBPS"
target "parse at least 300 MB/s per core (now $P_MBPS)" "$P_MBPS >= 300"
target "score at least 300 workbooks/s per core (now $S_RATE)" "$S_RATE >= 300"
target "-j 2 at least 1.8x -j 1 (now ${SPEEDUP}x, on two idle cores)" "$SPEEDUP >= 1.8"
target "joined documents no slower than apart (now ${JOIN_RATIO}x)" "$JOIN_RATIO <= 1.05"
target "peak memory at most 4 bytes per input byte (now $JOIN_BPB)" "$JOIN_BPB <= 4"
target "at most 32 MB for $MANY_N documents in one run (now $M_MB)" "$M_MB <= 32"

REF=${BENCH_REF:-}
if [[ -n $REF ]]; then
    if [[ ! -x $REF ]]; then
        echo "bench: BENCH_REF=$REF is not an executable" >&2
        exit 2
    fi
    # An older build may take neither folders nor -j: it is given the files.
    read -r _ RP_CPU RP_RSS RP_EXIT <<<"$(measure "$REF" parse --format json "${FILES[@]}")"
    expect "reference parse" "$RP_EXIT"
    read -r _ RC_CPU RC_RSS RC_EXIT <<<"$(measure "$REF" check --format json "${FILES[@]}")"
    expect "reference check" "$RC_EXIT"
    echo
    echo "against $REF: parse $(awkf "%.3f" "$P_CPU / $RP_CPU")x the CPU time," \
         "$(awkf "%.3f" "$P_RSS / $RP_RSS")x the peak memory; check $(awkf "%.3f" "$C_CPU / $RC_CPU")x" \
         "the CPU time, $(awkf "%.3f" "$C_RSS / $RC_RSS")x the memory"
fi

# Each format a reader exists for (engine/read/readers.def), against the
# same documents as text: the first FORMAT_DOCS of the corpus, written once
# by tests/formats/convert.py into build/bench/formats-N (kept between runs).
FORMAT_DOCS=$(( N < ${BENCH_FORMAT_DOCS:-100} ? N : ${BENCH_FORMAT_DOCS:-100} ))
FORMATS=$(sed -n 's/^JX_READER("\([a-z]*\)".*/\1/p' engine/read/readers.def | tr '\n' ',' | sed 's/,$//')
FDIR=$BIN/formats-$N
if [[ -n $FORMATS && ! -f $FDIR/.done-$FORMATS ]]; then
    echo "bench: writing $FORMAT_DOCS documents as $FORMATS into $FDIR"
    rm -rf "$FDIR" && mkdir -p "$FDIR"
    "$PY" tests/formats/convert.py --jixiao "$JIXIAO" --formats "$FORMATS" -o "$FDIR" \
        "${FILES[@]:0:FORMAT_DOCS}" >"$FDIR/convert.log" 2>&1 && touch "$FDIR/.done-$FORMATS"
fi
if [[ -n $FORMATS && -f $FDIR/.done-$FORMATS ]]; then
    echo
    echo "per format: check of the same $FORMAT_DOCS documents, ms of CPU per document (and against text)"
    read -r _ T_CPU _ T_EXIT <<<"$(measure "$JIXIAO" check -j 1 "${FILES[@]:0:FORMAT_DOCS}")"
    expect "check of text" "$T_EXIT"
    printf "%-8s %8.2f ms\n" text "$(awkf "%f" "$T_CPU * 1000 / $FORMAT_DOCS")"
    for fmt in ${FORMATS//,/ }; do
        FFILES=()
        for f in "${FILES[@]:0:FORMAT_DOCS}"; do FFILES+=("$FDIR/$(basename "$f" .txt).$fmt"); done
        read -r _ F_CPU _ F_EXIT <<<"$(measure "$JIXIAO" check -j 1 "${FFILES[@]}")"
        expect "check of .$fmt" "$F_EXIT"
        printf "%-8s %8.2f ms  %5.2fx\n" "$fmt" "$(awkf "%f" "$F_CPU * 1000 / $FORMAT_DOCS")" \
            "$(awkf "%f" "$F_CPU / $T_CPU")"
        if [[ $fmt == pdf ]]; then
            PAGES=$("$PY" -c 'import re, sys
print(sum(len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", open(f, "rb").read())) for f in sys.argv[1:]))' "${FFILES[@]}")
            printf "%-8s %8d pages, %.0f pages per CPU second\n" pdf "$PAGES" \
                "$(awkf "%f" "$PAGES / $F_CPU")"
        fi
    done
fi

[[ $failures -eq 0 ]]
