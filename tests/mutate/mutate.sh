#!/usr/bin/env bash
# mutate.sh [ID…] — mutation testing (`make mutate`): plants each one-line bug
# of tests/mutate/mutations.txt in its own scratch copy of the tree, runs
# `make test` there, and counts the mutation killed when the tests fail.
# Prints what killed each one (the first failing test), then
#   mutation score: K of N killed
# and the survivors. Exit status: 0 when every mutation was killed, 1 when
# one survived, 2 when the list is broken (a FIND that does not occur exactly
# once, a mutation that does not build) or the unmutated tree fails its tests.
#
# The copies live under build/mutate/ and are made from the committed tree
# (git archive HEAD); MUTATE_TREE=work copies the working tree's files
# instead (tracked and new, not ignored), to try tests before committing.
# The working tree itself is never written. The unmutated copy is built and
# tested once (the baseline); each mutation starts from a copy of it, so
# only the mutated file and what links it are rebuilt. MUTATE_JOBS copies
# are tested at a time (default 2). The tests run with JX_FAIL_FAST=1: the
# same tests as `make test`, stopped at the first failure (tests/run.sh).
# ID… picks mutations by their number (1-based, in the list's order).
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
LIST=tests/mutate/mutations.txt
OUT=$ROOT/build/mutate
JOBS=${MUTATE_JOBS:-2}
PY=/usr/bin/python3
start=$SECONDS

# ------------------------------------------------------------ the list
mapfile -t ENTRIES < <(grep -v -e '^#' -e '^[[:space:]]*$' "$LIST")
N_ALL=${#ENTRIES[@]}
if [ "$N_ALL" -eq 0 ]; then
    echo "mutate: $LIST holds no mutation" >&2
    exit 2
fi
if [ $# -gt 0 ]; then PICK=("$@"); else mapfile -t PICK < <(seq 1 "$N_ALL"); fi
for id in "${PICK[@]}"; do
    if ! [[ $id =~ ^[0-9]+$ ]] || [ "$id" -lt 1 ] || [ "$id" -gt "$N_ALL" ]; then
        echo "mutate: no mutation $id (1 … $N_ALL)" >&2
        exit 2
    fi
done

# field ID K: the K-th TAB field of mutation ID (1-based).
field() { printf '%s\n' "${ENTRIES[$1 - 1]}" | cut -f "$2"; }

# apply DIR ID: plants mutation ID in the copy DIR; fails unless FIND occurs once.
apply() {
    "$PY" - "$1" "${ENTRIES[$2 - 1]}" <<'PY'
import os, sys
root, entry = sys.argv[1], sys.argv[2]
fields = entry.split("\t")
if len(fields) != 4:
    sys.exit(f"mutate: want 4 TAB-separated fields, got {len(fields)}: {entry}")
path, find, replace, _ = fields
full = os.path.join(root, path)
try:
    text = open(full, encoding="utf-8").read()
except OSError as e:
    sys.exit(f"mutate: {path}: {e.strerror}")
n = text.count(find)
if n != 1:
    sys.exit(f"mutate: {path}: the fragment occurs {n} times, not once: {find}")
open(full, "w", encoding="utf-8").write(text.replace(find, replace))
PY
}

# Every FIND must still be in the tree as written, before anything is built.
if [ "${MUTATE_TREE:-head}" = work ]; then
    describe="the working tree"
else
    describe="HEAD ($(git rev-parse --short HEAD))"
fi
echo "mutate: ${#PICK[@]} of $N_ALL mutations on $describe, $JOBS at a time"

rm -rf "$OUT"
mkdir -p "$OUT/base" "$OUT/logs"
if [ "${MUTATE_TREE:-head}" = work ]; then
    git ls-files -z --cached --others --exclude-standard \
        | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
        | tar --null -T - -cf - | tar -xf - -C "$OUT/base"
else
    git archive HEAD | tar -xf - -C "$OUT/base"
fi
broken=0
for id in "${PICK[@]}"; do
    f=$(field "$id" 1)
    rm -rf "$OUT/check"
    mkdir -p "$OUT/check/$(dirname "$f")"
    cp "$OUT/base/$f" "$OUT/check/$f" 2>/dev/null
    if ! apply "$OUT/check" "$id"; then
        echo "mutate: (mutation $id: $(field "$id" 4))" >&2
        broken=1
    fi
done
rm -rf "$OUT/check"
[ $broken -eq 0 ] || exit 2

# ------------------------------------------------------------ the baseline
echo "mutate: building and testing the unmutated copy (build/mutate/base) …"
if ! (cd "$OUT/base" && make test) >"$OUT/logs/base.log" 2>&1; then
    tail -n 20 "$OUT/logs/base.log" | sed 's/^/    /'
    echo "mutate: the unmutated tree fails its tests (build/mutate/logs/base.log): nothing to measure" >&2
    exit 2
fi
echo "mutate: baseline $(grep -E '^[0-9]+ passed, ' "$OUT/logs/base.log" | tail -n 1) ($((SECONDS - start)) s)"

# ------------------------------------------------------------ one mutation
# run_one ID: copy, mutate, test; writes OUT/results/ID as "STATUS<TAB>DETAIL".
run_one() {
    local id=$1 dir=$OUT/m$1 log=$OUT/logs/m$1.log t0=$SECONDS status detail
    rm -rf "$dir"
    cp -a "$OUT/base" "$dir"
    apply "$dir" "$id" >"$log" 2>&1
    (cd "$dir" && JX_FAIL_FAST=1 make test) >>"$log" 2>&1
    local rc=$?
    if [ $rc -eq 0 ]; then
        status=survived
        detail="$(grep -E '^[0-9]+ passed, ' "$log" | tail -n 1)"
    elif ! grep -q '^[0-9]* passed, [0-9]* failed' "$log"; then
        status=unbuilt
        detail="$(grep -m 1 -E ': error: |\*\*\* ' "$log")"
    else
        status=killed
        # The first failing test: a suite's "not ok" line, or a unit test's
        # name with its first error; else the last line (a crash).
        detail="$(grep -m 1 -E '^not ok - ' "$log")"
        if [ -z "$detail" ] && grep -q -E '^\[  FAILED  \] [a-z]' "$log"; then
            detail="$(grep -m 1 -E '^\[  FAILED  \] [a-z]' "$log" | sed 's/^\[  FAILED  \] /unit test /')"
            detail="$detail: $(grep -m 1 -E '^\[  ERROR   \] ' "$log" | sed 's/^\[  ERROR   \] --- //')"
        fi
        [ -n "$detail" ] || detail="$(grep -E '^[0-9]+ passed, ' "$log" | tail -n 1)"
    fi
    printf '%s\t%s\t%s\n' "$status" "$((SECONDS - t0))" "$detail" >"$OUT/results/$id"
    rm -rf "$dir" # several hundred MB each; the log stays
}

mkdir -p "$OUT/results"
running=0
for id in "${PICK[@]}"; do
    if [ "$running" -ge "$JOBS" ]; then
        wait -n
        running=$((running - 1))
    fi
    run_one "$id" &
    running=$((running + 1))
done
wait

# ------------------------------------------------------------ the score
killed=0
survivors=()
unbuilt=()
for id in "${PICK[@]}"; do
    IFS=$'\t' read -r status secs detail <"$OUT/results/$id"
    printf '%-8s %3s  %-32s %s\n' "$status" "$id" "$(field "$id" 1)" "$(field "$id" 4)"
    printf '               %4s s  %s\n' "$secs" "${detail:0:160}"
    case $status in
        killed) killed=$((killed + 1)) ;;
        survived) survivors+=("$id") ;;
        *) unbuilt+=("$id") ;;
    esac
done
echo "mutation score: $killed of ${#PICK[@]} killed ($((SECONDS - start)) s; logs in build/mutate/logs/)"
for id in "${survivors[@]}"; do
    echo "survived: $id $(field "$id" 1): $(field "$id" 4)"
done
for id in "${unbuilt[@]}"; do
    echo "does not build: $id $(field "$id" 1): $(field "$id" 4) (build/mutate/logs/m$id.log)"
done
[ ${#unbuilt[@]} -eq 0 ] || exit 2
[ ${#survivors[@]} -eq 0 ]
