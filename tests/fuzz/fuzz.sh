#!/usr/bin/env bash
# fuzz.sh SECONDS [TARGET…] — coverage-guided fuzzing of every entry point
# with libFuzzer, SECONDS per target.
#
# Run by `make fuzz` (FUZZ_SECONDS, default 60) from the repository root.
# Targets (tests/fuzz/*.c; all of them when none is named):
#   fuzz_parse     documents as text, CSV and TSV; parse JSON/text; numbers;
#                  a rule file in memory
#   fuzz_workbook  file name (first line) + document → rules → check JSON and
#                  text → workbook; every XML part of the .xlsx parsed back
#   fuzz_rules     up to three rule files (a.ini, b.ini, c.ini, split at
#                  "#---") with inheritance; render, read back, check, workbook
#   fuzz_template  a form template; workbook of a fixed document with it
#   fuzz_gazetteer the gazetteer TSV; mentions counted in a fixed text
#   fuzz_read_html a web page: the reader's rows, then the page as a document
#   fuzz_read_docx a .docx, or word/document.xml alone (stored in a zip by
#                  the target); the source's rows, cells and spans checked
#   fuzz_read_xlsx a file's bytes to the .xlsx reader; the source within
#                  read.h's limits (a custom mutator mutates inside the zip)
#   fuzz_read_xls  a compound file to the .xls reader, or bytes stored as its
#                  Workbook stream; the source within read.h's limits
#   fuzz_read_pdf  a PDF to the PDF reader (MuPDF), or bytes stored as the
#                  content stream of a page the target writes; the source's
#                  rows, pages and spans checked, a refusal's message
#   fuzz_store     a file's bytes as the findings database (--db): opened,
#                  looked up, written and closed; errors name the file
#
# Builds build/fuzz/<target> with clang (libFuzzer + ASan + UBSan, straight
# from the engine sources so the whole library is instrumented; libxml2 and
# libzip for the readers and the workbook oracle; MuPDF, a static library,
# linked as the Makefile links it, not instrumented), seeds build/fuzz/corpus/<target> from the
# samples, fixtures, rules/ and templates/ (kept between runs, so each run
# starts where the last ended), and runs the targets FUZZ_JOBS at a time
# (default 2) with tests/fuzz/jixiao.dict (or tests/fuzz/TARGET.dict where
# a target has its own), a 20 s timeout and a 4 GB RSS limit (fuzz_read_pdf:
# 60 s and 2.5 GB, room for MuPDF's 768 MB budget under ASan, a pass at
# which the budget's accounting has failed). Prints per target: runs, exec/s,
# final cov and ft, corpus size, seconds and, for a crash, its kind and
# reproducer; appends the same to build/fuzz/history.tsv.
#
# Environment: FUZZ_JOBS (2), FUZZ_ENGINE (engine: the sources to fuzz),
# FUZZ_ARGS (more libFuzzer flags, e.g. "-fork=1 -ignore_crashes=1" to go on
# after a crash), JX_FUZZ_IGNORE (contracts to look past, see
# tests/fuzz/fuzz_oracle.h), CC_FUZZ (clang).
# Exits 1 when a target found a crash, leak, timeout or broken contract;
# replay one with: build/fuzz/<target> <reproducer>.
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$PWD

SECONDS_TO_RUN=${1:-}
if ! [[ $SECONDS_TO_RUN =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: tests/fuzz/fuzz.sh SECONDS [TARGET...]" >&2
    exit 2
fi
shift
ALL_TARGETS=(fuzz_parse fuzz_workbook fuzz_rules fuzz_template fuzz_gazetteer fuzz_read_html fuzz_read_docx fuzz_read_xlsx
             fuzz_read_xls fuzz_read_pdf fuzz_store)
TARGETS=("$@")
[[ ${#TARGETS[@]} -gt 0 ]] || TARGETS=("${ALL_TARGETS[@]}")
for t in "${TARGETS[@]}"; do
    [[ -f tests/fuzz/$t.c ]] || { echo "fuzz: no target $t (tests/fuzz/$t.c)" >&2; exit 2; }
done

OUT=build/fuzz
DICT=tests/fuzz/jixiao.dict
CC_FUZZ=${CC_FUZZ:-clang}
JOBS=${FUZZ_JOBS:-2}
ENGINE=${FUZZ_ENGINE:-engine}
HISTORY=$OUT/history.tsv

if ! command -v "$CC_FUZZ" > /dev/null; then
    echo "fuzz: $CC_FUZZ not found; install clang and libclang-rt-dev (libFuzzer)" >&2
    exit 2
fi
PKGS="xlsxwriter inih libxml-2.0 libzip libgsf-1 nettle sqlite3"
if ! pkg-config --exists $PKGS mupdf freetype2 harfbuzz; then
    echo "fuzz: missing development packages; run 'make deps' (libxml2-dev libzip-dev libmupdf-dev …)" >&2
    exit 2
fi
# MuPDF and what it uses, as the Makefile's PDF_LIBS: Debian ships it static only.
# shellcheck disable=SC2207
PDF_LIBS=($(pkg-config --libs mupdf freetype2 harfbuzz) -lmupdf-third -lmujs -lgumbo -lopenjp2
          -ljbig2dec -ljpeg -lz -lm)

# The public header and one header per pipeline stage.
INCLUDES=(-I"$ENGINE/include")
for d in "$ENGINE"/*/; do INCLUDES+=(-I"${d%/}"); done
FLAGS=(-std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fno-omit-frame-pointer
       -fno-sanitize-recover=all)

# The engine once, instrumented for coverage but without libFuzzer's main;
# -fno-sanitize-recover: a UBSan report must stop the run, or libFuzzer
# would not notice it and save no reproducer.
build_engine() {
    local obj=$OUT/obj sources=() f
    rm -rf "$obj" && mkdir -p "$obj" # no object of a file since moved or removed
    for f in "$ENGINE"/*/*.c; do
        [[ $f == "$ENGINE"/cli/* ]] || sources+=("$f")
    done
    # The forms and the traditional → simplified table compiled in: generated
    # by the Makefile from forms/NAME.ini and forms/t2s.tsv.
    make -s --no-print-directory build/gen/text/forms_builtin.c build/gen/text/t2s_table.c
    sources+=(build/gen/text/forms_builtin.c build/gen/text/t2s_table.c)
    echo "fuzz: building the engine from $ENGINE/ (${#sources[@]} files)"
    # shellcheck disable=SC2046
    printf '%s\n' "${sources[@]}" | xargs -P "$JOBS" -I{} sh -c \
        '"$0" "$@" -c {} -o "'"$obj"'/$(basename "$(dirname {})")_$(basename {} .c).o"' "$CC_FUZZ" "${FLAGS[@]}" \
        -fsanitize=fuzzer-no-link,address,undefined "${INCLUDES[@]}" \
        $(pkg-config --cflags $PKGS) # the readers include libxml2 and libzip
    rm -f "$OUT/libjixiao_fuzz.a"
    ar rcs "$OUT/libjixiao_fuzz.a" "$obj"/*.o
}

build_target() {
    local t=$1
    # shellcheck disable=SC2046  # pkg-config output is meant to split
    "$CC_FUZZ" "${FLAGS[@]}" -fsanitize=fuzzer,address,undefined "${INCLUDES[@]}" \
        $(pkg-config --cflags $PKGS) -o "$OUT/$t" "tests/fuzz/$t.c" "$OUT/libjixiao_fuzz.a" \
        $(pkg-config --libs $PKGS) "${PDF_LIBS[@]}"
}

# ------------------------------------------------------------------ seeds

seed_parse() {
    local c=$1
    cp tests/samples/*.txt "$c"/
    find tests/fixtures -maxdepth 1 -type f -exec cp {} "$c"/ \; # not docx/ …: readers' fixtures
    printf '项目,预算数,执行数,执行率\n"人员经费","1,086.05",1072.81,98.78%%\n"说明\n跨行",—,--,\n' \
        > "$c/seed_quoted.csv"
    printf '一级指标\t二级指标\t年度指标值\t实际完成值\t分值\t得分\n产出指标\t数量指标\t≥95%%\t100%%\t10\t10\n\t\t≤5万元\t一\t\t\n' \
        > "$c/seed_target.tsv"
    printf '| 项目 | 金额(万元) |\n|---|---|\n| 合计 | 2,224.12 |\n' > "$c/seed_pipe.txt"
    printf '\xef\xbb\xbf标题\r\n编制单位：某县\t单位：万元\r\n项目\t金额\r\n合计\t1E+06\r\n' > "$c/seed_crlf.txt"
}

# Each document behind a first line with its file name, as the target reads it.
seed_workbook() {
    local c=$1 f
    for f in tests/samples/*.txt tests/fixtures/* tests/fuzz/fixed/*.txt; do
        [[ -f $f ]] || continue
        { basename "$f"; cat "$f"; } > "$c/$(basename "$f")"
    done
    # As many scorecards as the workbook has sheets for: one more is the edge.
    {
        echo "200 cards.txt"
        for _ in $(seq 200); do cat tests/fuzz/fixed/card.txt; echo; done
    } > "$c/seed_200_cards.txt"
}

# Each rule set alone (its base found among the repository's copies), and
# each regional set over national as its own b.ini.
seed_rules() {
    local c=$1 f
    for f in rules/*.ini; do
        cp "$f" "$c/"
        grep -q '^inherits' "$f" || continue
        { sed 's/^inherits = .*/inherits = b/' "$f"; echo '#---'; cat rules/national.ini; } \
            > "$c/chain_$(basename "$f")"
    done
    { printf '[ruleset]\nname = a\ninherits = b\n#---\n[ruleset]\nname = b\ninherits = c\n'
      echo '#---'; cat rules/national.ini; } > "$c/chain_three.ini"
}

# Each template as it is and without its comments, where every byte counts.
seed_template() {
    local f
    cp templates/*.ini "$1"/
    for f in templates/*.ini; do
        grep -v -e '^[;#]' -e '^$' "$f" > "$1/bare_$(basename "$f")"
    done
}

# The whole gazetteer, and a cut small enough to mutate quickly.
seed_gazetteer() {
    cp rules/gazetteer.tsv "$1"/
    grep -E '^(#|[0-9]{2}0000|1101|6108|5307|6301|4502|2201)' rules/gazetteer.tsv > "$1/cut.tsv"
}

# The Word fixtures (tests/fixtures/docx/make.py) and their document.xml alone.
seed_read_docx() {
    cp tests/fixtures/docx/*.docx tests/fuzz/seeds/docx/*.xml "$1"/
}

# The workbooks of tests/fuzz/seeds/xlsx (written by its make.py).
seed_read_xlsx() {
    cp tests/fuzz/seeds/xlsx/*.xlsx "$1"/
}

# The .xls files and raw Workbook streams of tests/fuzz/seeds/xls (its make.py).
seed_read_xls() {
    cp tests/fuzz/seeds/xls/*.xls tests/fuzz/seeds/xls/*.biff "$1"/
}

# The PDFs of tests/fuzz/seeds/pdf and its bare content streams (its make.py).
seed_read_pdf() {
    cp tests/fuzz/seeds/pdf/*.pdf tests/fuzz/seeds/pdf/*.content "$1"/
}

seed_corpus() {
    local t=$1 c=$OUT/corpus/$1
    mkdir -p "$c"
    case $t in
        fuzz_parse) seed_parse "$c" ;;
        fuzz_workbook) seed_workbook "$c" ;;
        fuzz_rules) seed_rules "$c" ;;
        fuzz_template) seed_template "$c" ;;
        fuzz_gazetteer) seed_gazetteer "$c" ;;
        fuzz_read_html) cp tests/fuzz/seeds/html/* "$c"/ ;;
        fuzz_read_docx) seed_read_docx "$c" ;;
        fuzz_read_xlsx) seed_read_xlsx "$c" ;;
        fuzz_read_xls) seed_read_xls "$c" ;;
        fuzz_read_pdf) seed_read_pdf "$c" ;;
        fuzz_store) cp tests/fuzz/seeds/store/*.sqlite "$c"/ ;;
    esac
}

max_len() {
    case $1 in
        fuzz_parse) echo 1048576 ;;
        fuzz_workbook) echo 262144 ;;
        fuzz_rules) echo 65536 ;;
        fuzz_gazetteer) echo 262144 ;;
        fuzz_read_docx) echo 65536 ;;
        fuzz_read_xlsx) echo 65536 ;;
        fuzz_read_xls) echo 65536 ;;
        fuzz_read_pdf) echo 65536 ;;
        fuzz_store) echo 65536 ;;
        *) echo 32768 ;;
    esac
}

# ------------------------------------------------------------------ runs

# A PDF's page may be read up to its budgets (400,000 glyphs, 2,000,000 path
# segments, 768 MB) for a few seconds under ASan: more time and memory.
timeout_of() { case $1 in fuzz_read_pdf) echo 60 ;; *) echo 20 ;; esac; }
rss_of() { case $1 in fuzz_read_pdf) echo 2560 ;; *) echo 4096 ;; esac; }

run_target() {
    local t=$1 log=$OUT/$t.log art=$OUT/artifacts/$t/ tmp=$OUT/tmp/$t start status=0 dict=$DICT
    [[ -f tests/fuzz/$t.dict ]] && dict=tests/fuzz/$t.dict
    mkdir -p "$art" "$tmp"
    rm -rf "${tmp:?}"/*
    start=$(date +%s)
    # shellcheck disable=SC2086  # FUZZ_ARGS are flags
    TMPDIR=$ROOT/$tmp JX_FUZZ_ROOT=$ROOT "$OUT/$t" -max_total_time="$SECONDS_TO_RUN" \
        -max_len="$(max_len "$t")" -timeout="$(timeout_of "$t")" -rss_limit_mb="$(rss_of "$t")" -print_final_stats=1 \
        -dict="$dict" -artifact_prefix="$art" ${FUZZ_ARGS:-} "$OUT/corpus/$t" \
        > "$log" 2>&1 || status=$?
    echo "$status $(( $(date +%s) - start ))" > "$OUT/$t.status"
}

# One line per target from its log: runs exec/s cov ft corpus seconds status.
report_target() {
    local t=$1 log=$OUT/$t.log status secs runs eps cov ft corpus crash repro
    read -r status secs < "$OUT/$t.status"
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
    corpus=$(grep -o 'corp: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
    if [[ -z $runs ]]; then # a crash prints no final stats: count the lines
        runs=$(grep -o '^#[0-9]*' "$log" | tail -n 1 | tr -d '#')
    fi
    repro=$(sed -n 's/.*Test unit written to \(.*\)/\1/p' "$log" | tail -n 1)
    crash=$(grep -m1 -o -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer): [a-z -]+|runtime error: .*|contract broken: .*|is not well-formed XML' "$log" || true)
    printf '%-14s %9s runs %6s exec/s  cov %5s  ft %6s  corpus %5s  %4ss' "$t" "${runs:-?}" \
        "${eps:-?}" "${cov:-?}" "${ft:-?}" "${corpus:-?}" "$secs"
    if [[ $status -ne 0 ]]; then
        printf '  FOUND: %s\n%16sreproducer: %s\n%16sreplay: %s %s\n' "${crash:-exit $status}" '' \
            "${repro:-none (see $log)}" '' "JX_FUZZ_ROOT=. $OUT/$t" "${repro:-}"
    else
        printf '  no crash\n'
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
        "$(git rev-parse --short HEAD 2>/dev/null || echo -)" "$t" "$SECONDS_TO_RUN" \
        "${runs:-}" "${eps:-}" "${cov:-}" "${ft:-}" "$secs" "$status" "${repro:-}" >> "$HISTORY"
    [[ $status -eq 0 ]]
}

mkdir -p "$OUT"
build_engine
for t in "${TARGETS[@]}"; do
    echo "fuzz: building $OUT/$t"
    build_target "$t"
    seed_corpus "$t"
done
[[ -f $HISTORY ]] ||
    printf 'date\tcommit\ttarget\tseconds\truns\texec_per_s\tcov\tft\twall_s\tstatus\treproducer\n' \
        > "$HISTORY"

echo "fuzz: running ${TARGETS[*]} for $SECONDS_TO_RUN s each, $JOBS at a time"
running=0
for t in "${TARGETS[@]}"; do
    run_target "$t" &
    running=$((running + 1))
    if [[ $running -ge $JOBS ]]; then
        wait -n || true
        running=$((running - 1))
    fi
done
wait || true

failed=0
for t in "${TARGETS[@]}"; do
    report_target "$t" || failed=1
done
echo "fuzz: logs in $OUT/<target>.log, history in $HISTORY"
exit $failed
