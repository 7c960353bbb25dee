#!/usr/bin/env bash
# fuzz.sh SECONDS — coverage-guided fuzzing of the parser with libFuzzer.
#
# Run by `make fuzz` from the repository root. Builds build/fuzz/fuzz_parse
# (clang, libFuzzer + ASan + UBSan, straight from the engine sources so the
# whole library is instrumented), seeds build/fuzz/corpus from
# tests/samples/*.txt plus small CSV/TSV examples, and fuzzes for SECONDS.
# The corpus is kept between runs, so each run starts where the last ended.
# Exits 1 and names the reproducer if a crash, leak, timeout or OOM is found.
set -euo pipefail

cd "$(dirname "$0")/../.."

SECONDS_TO_RUN=${1:-}
if ! [[ $SECONDS_TO_RUN =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: tests/fuzz/fuzz.sh SECONDS" >&2
    exit 2
fi

OUT=build/fuzz
BIN=$OUT/fuzz_parse
CORPUS=$OUT/corpus
ARTIFACTS=$OUT/artifacts
DICT=$OUT/jixiao.dict
CC_FUZZ=${CC_FUZZ:-clang}

if ! command -v "$CC_FUZZ" > /dev/null; then
    echo "fuzz: $CC_FUZZ not found; install clang and libclang-rt-dev (libFuzzer)" >&2
    exit 2
fi

build() {
    local sources=()
    for f in engine/*.c; do
        [[ $f == engine/main.c ]] || sources+=("$f")
    done
    mkdir -p "$OUT"
    echo "fuzz: building $BIN"
    # -fno-sanitize-recover: a UBSan report must stop the run, or libFuzzer
    # would not notice it and save no reproducer.
    # shellcheck disable=SC2046  # pkg-config output is meant to split
    "$CC_FUZZ" -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 \
        -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
        -fno-omit-frame-pointer -Iengine \
        -o "$BIN" tests/fuzz/fuzz_parse.c "${sources[@]}" \
        $(pkg-config --cflags --libs xlsxwriter inih 2>/dev/null)
}

# Seeds: the sample documents and a few small delimited tables with the
# quoting, padding and placeholder cases the readers must handle.
seed_corpus() {
    mkdir -p "$CORPUS"
    cp tests/samples/*.txt "$CORPUS"/
    printf '项目,预算数,执行数,执行率\n"人员经费","1,086.05",1072.81,98.78%%\n"说明\n跨行",—,--,\n' \
        > "$CORPUS/seed_quoted.csv"
    printf '一级指标\t二级指标\t年度指标值\t实际完成值\t分值\t得分\n产出指标\t数量指标\t≥95%%\t100%%\t10\t10\n\t\t≤5万元\t一\t\t\n' \
        > "$CORPUS/seed_target.tsv"
    printf '| 项目 | 金额(万元) |\n|---|---|\n| 合计 | 2,224.12 |\n' > "$CORPUS/seed_pipe.txt"
    printf '\xef\xbb\xbf标题\r\n编制单位：某县\t单位：万元\r\n项目\t金额\r\n合计\t1E+06\r\n' > "$CORPUS/seed_crlf.txt"
}

# Byte strings worth splicing in: separators, placeholders, comparators,
# units and the words that classify tables. Written as \xNN escapes, which
# every libFuzzer version accepts.
write_dict() {
    local tokens=($'\t' '|' '"' ',' '%' '—' '——' '--' '一' '≥' '≤' '不低于' '万元'
        '元/人/年' '人次' '1E+06' '１２３' '．' '％' '<p>' '</p>' '**' '|---|'
        '合计' '绩效自评表' '项目支出绩效自评表' '部门整体支出绩效自评表'
        '绩效目标表' '决算' '编制单位：' '单位：万元' '公开01表' '2024年度'
        '一级指标' '二级指标' '三级指标' '年度指标值' '实际完成值' '分值' '得分')
    : > "$DICT"
    local t hex
    for t in "${tokens[@]}"; do
        hex=$(printf '%s' "$t" | od -An -v -tx1 | tr -d ' \n' | sed 's/../\\x&/g')
        printf '"%s"\n' "$hex" >> "$DICT"
    done
}

build
seed_corpus
write_dict
mkdir -p "$ARTIFACTS"
echo "fuzz: running for $SECONDS_TO_RUN s on $CORPUS ($(find "$CORPUS" -type f | wc -l) inputs)"

status=0
"$BIN" -max_total_time="$SECONDS_TO_RUN" -max_len=1048576 -timeout=10 \
    -rss_limit_mb=4096 -print_final_stats=1 -dict="$DICT" \
    -artifact_prefix="$ARTIFACTS/" "$CORPUS" 2> "$OUT/fuzz.log" || status=$?
tail -n 25 "$OUT/fuzz.log"

if [[ $status -ne 0 ]]; then
    echo "fuzz: libFuzzer exited with status $status; full log: $OUT/fuzz.log" >&2
    found=$(grep -o "Test unit written to .*" "$OUT/fuzz.log" | sed 's/Test unit written to //' || true)
    if [[ -n $found ]]; then
        echo "fuzz: reproducer: $found" >&2
        echo "fuzz: replay with: $BIN $found" >&2
    fi
    exit 1
fi
echo "fuzz: no crash in $SECONDS_TO_RUN s (log: $OUT/fuzz.log)"
