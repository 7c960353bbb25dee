#!/usr/bin/env bash
# bench.sh N — throughput and peak memory of `jixiao parse --format json`
# and `jixiao check`.
#
# With BENCH_REF=PATH (make bench BENCH_REF=PATH) the same runs are made with
# another jixiao binary (an older build) side by side on the same corpus, and
# the ratios new/reference printed: the measure of "no slower".
#
# Run by `make bench` from the repository root, after `jixiao`,
# build/bench/corpus and build/bench/measure are built. Generates (or reuses)
# a corpus of N varied copies of tests/samples/*.txt, times jixiao on all of
# it against `wc -l` on the same files (the cost of just reading the bytes),
# then times one large document made of 200 corpus documents, to show that
# cost grows linearly with document size. MB means 10^6 bytes.
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
BATCH=5000       # files per process: one run up to this many documents
BATCH_CHARS=262144  # 5000 corpus paths fit; far below ARG_MAX
BIG_DOCS=200

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

# measure_files LABEL CMD... — runs CMD on every corpus file, BATCH files
# per process, and prints "wall_s max_rss_kb worst_exit processes": wall
# times summed, RSS the largest of the processes.
measure_files() {
    local label=$1
    shift
    printf '%s\0' "${FILES[@]}" |
        { xargs -0 -n "$BATCH" -s "$BATCH_CHARS" "$BIN/measure" "$label" /dev/null -- "$@" || true; } |
        awk '{
                for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] + 0 }
                wall += v["wall_s"]
                if (v["maxrss_kb"] > rss) rss = v["maxrss_kb"]
                if (v["exit"] != 0) code = v["exit"]
                runs++
             }
             END { printf "%.3f %d %d %d\n", wall, rss, code, runs }'
}

# row NAME WALL_S RSS_KB DOCS BYTES — one line of the report table.
row() {
    awk -v name="$1" -v wall="$2" -v rss="$3" -v docs="$4" -v bytes="$5" 'BEGIN {
        w = wall > 0 ? wall : 0.001   # below the clock resolution
        printf "%-22s %9.3f %11.1f %9.1f %12.1f\n", name, wall, docs / w, bytes / 1e6 / w, rss * 1024 / 1e6
    }'
}

ratio3() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }'
}

ensure_corpus
FILES=("$CORPUS"/doc_*.txt)
BYTES=$(printf '%s\0' "${FILES[@]}" | wc -c --files0-from=- | tail -n 1 | cut -d ' ' -f 1)
# Warm the page cache so both runs read from memory, not from disk.
printf '%s\0' "${FILES[@]}" | xargs -0 cat > /dev/null

read -r J_WALL J_RSS J_EXIT J_RUNS <<< "$(measure_files jixiao "$JIXIAO" parse --format json)"
read -r C_WALL C_RSS C_EXIT _ <<< "$(measure_files jixiao-check "$JIXIAO" check)"
read -r W_WALL W_RSS W_EXIT _ <<< "$(measure_files wc wc -l)"
REF=${BENCH_REF:-}
if [[ -n $REF ]]; then
    if [[ ! -x $REF ]]; then
        echo "bench: BENCH_REF=$REF is not an executable" >&2
        exit 2
    fi
    read -r R_WALL R_RSS R_EXIT _ <<< "$(measure_files ref "$REF" parse --format json)"
    read -r RC_WALL RC_RSS RC_EXIT _ <<< "$(measure_files ref-check "$REF" check)"
fi

BIG=$BIN/big-$N.txt
BIG_OUT=$BIN/big-$N.jsonl
BIG_N=$(( N < BIG_DOCS ? N : BIG_DOCS ))
printf '%s\0' "${FILES[@]:0:BIG_N}" | xargs -0 cat > "$BIG"
BIG_BYTES=$(wc -c < "$BIG")
read -r _ B_WALL B_RSS B_EXIT <<< "$("$BIN/measure" big "$BIG_OUT" -- "$JIXIAO" parse --format json "$BIG" |
    sed 's/[a-z_]*=//g' || true)"

echo
echo "jixiao bench: $N documents, $(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }') MB" \
     "($CORPUS, warm page cache, $J_RUNS jixiao process(es))"
printf "%-22s %9s %11s %9s %12s\n" "" "wall s" "documents/s" "MB/s" "peak RSS MB"
row "jixiao parse json" "$J_WALL" "$J_RSS" "$N" "$BYTES"
row "jixiao check" "$C_WALL" "$C_RSS" "$N" "$BYTES"
row "wc -l (I/O floor)" "$W_WALL" "$W_RSS" "$N" "$BYTES"
echo "jixiao takes $(ratio "$J_WALL" "$W_WALL")x the time of wc -l"
if [[ -n $REF ]]; then
    row "reference parse json" "$R_WALL" "$R_RSS" "$N" "$BYTES"
    row "reference check" "$RC_WALL" "$RC_RSS" "$N" "$BYTES"
    echo "against $REF: parse $(ratio3 "$J_WALL" "$R_WALL")x the time, $(ratio3 "$J_RSS" "$R_RSS")x the" \
         "peak memory; check $(ratio3 "$C_WALL" "$RC_WALL")x the time, $(ratio3 "$C_RSS" "$RC_RSS")x the memory"
fi
echo
echo "one large document ($BIG_N documents concatenated, $BIG):"
row "jixiao parse json" "$B_WALL" "$B_RSS" 1 "$BIG_BYTES"

# Each format a reader exists for (engine/read/readers.def), against the
# same documents as text: the first FORMAT_DOCS of the corpus, written once
# by tests/formats/convert.py into build/bench/formats-N (kept between runs).
FORMAT_DOCS=$(( N < ${BENCH_FORMAT_DOCS:-100} ? N : ${BENCH_FORMAT_DOCS:-100} ))
FORMATS=$(sed -n 's/^JX_READER("\([a-z]*\)".*/\1/p' engine/read/readers.def | tr '\n' ',' | sed 's/,$//')
FDIR=$BIN/formats-$N
if [[ -n $FORMATS && ! -f $FDIR/.done-$FORMATS ]]; then
    echo "bench: writing $FORMAT_DOCS documents as $FORMATS into $FDIR"
    rm -rf "$FDIR" && mkdir -p "$FDIR"
    /usr/bin/python3 tests/formats/convert.py --jixiao "$JIXIAO" --formats "$FORMATS" -o "$FDIR" \
        "${FILES[@]:0:FORMAT_DOCS}" > "$FDIR/convert.log" 2>&1 && touch "$FDIR/.done-$FORMATS"
fi
if [[ -n $FORMATS && -f $FDIR/.done-$FORMATS ]]; then
    echo
    echo "per format: check of the same $FORMAT_DOCS documents, ms per document (and against text)"
    ALL=("${FILES[@]}")
    FILES=("${ALL[@]:0:FORMAT_DOCS}")
    read -r T_WALL _ _ _ <<< "$(measure_files text "$JIXIAO" check)"
    printf "%-8s %8.2f ms\n" text "$(awk -v w="$T_WALL" -v n="$FORMAT_DOCS" 'BEGIN { print w * 1000 / n }')"
    for fmt in ${FORMATS//,/ }; do
        FILES=()
        for f in "${ALL[@]:0:FORMAT_DOCS}"; do FILES+=("$FDIR/$(basename "$f" .txt).$fmt"); done
        read -r F_WALL _ F_EXIT _ <<< "$(measure_files "$fmt" "$JIXIAO" check)"
        printf "%-8s %8.2f ms  %5.2fx\n" "$fmt" \
            "$(awk -v w="$F_WALL" -v n="$FORMAT_DOCS" 'BEGIN { print w * 1000 / n }')" "$(ratio3 "$F_WALL" "$T_WALL")"
        [[ $F_EXIT -gt 1 ]] && echo "bench: check of .$fmt exited with status $F_EXIT" >&2
        if [[ $fmt == pdf ]]; then
            # pages of the PDFs (their page objects), read one file at a time: one core
            PAGES=$(/usr/bin/python3 -c 'import re, sys
print(sum(len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", open(f, "rb").read())) for f in sys.argv[1:]))' "${FILES[@]}")
            printf "%-8s %8d pages, %.0f pages per second on one core (the issue asks 50)\n" pdf "$PAGES" \
                "$(awk -v p="$PAGES" -v w="$F_WALL" 'BEGIN { print p / w }')"
        fi
    done
    FILES=("${ALL[@]}")
fi

status=0
# check exits 1 when a document has errors: only a status above 1 is a failure.
for pair in "jixiao:$J_EXIT" "wc:$W_EXIT" "jixiao-big:$B_EXIT" "check:$((C_EXIT > 1 ? C_EXIT : 0))"; do
    if [[ ${pair#*:} != 0 ]]; then
        echo "bench: ${pair%%:*} exited with status ${pair#*:}; the figures above are suspect" >&2
        status=1
    fi
done
if [[ $(wc -l < "$BIG_OUT") -ne 1 ]]; then
    echo "bench: expected one JSON line for the large document in $BIG_OUT" >&2
    status=1
fi
exit $status
