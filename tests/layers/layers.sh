#!/usr/bin/env bash
# layers.sh OBJDIR STAGE... — `make layers`: the pipeline runs one way.
#
# Derives the file-to-file call graph from the compiled objects (a file
# calls another when it uses a symbol the other defines: nm), then fails on
#   - a call from an earlier stage into a later one (stages in the order
#     given: base text parse model rules check render, then cli), and
#   - a cycle between files, within a stage or across (tsort finds it).
# Prints each offending edge or cycle and "layers: N files, M calls, ok".
set -u
OBJ=${1:?usage: layers.sh OBJDIR STAGE...}
shift
STAGES=("$@" cli)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

rank() { # STAGE → its position
    local i
    for i in "${!STAGES[@]}"; do
        [ "${STAGES[$i]}" = "$1" ] && { echo "$i"; return; }
    done
    echo -1
}

files=()
for s in "${STAGES[@]}"; do
    for o in "$OBJ/$s"/*.o; do
        [ -e "$o" ] && files+=("$o")
    done
done
if [ ${#files[@]} -eq 0 ]; then
    echo "layers: no objects in $OBJ (build first)" >&2
    exit 2
fi

# symbol → file that defines it; file → symbols it needs
for o in "${files[@]}"; do
    f=${o#"$OBJ"/}
    f=${f%.o}
    nm -g --defined-only "$o" | awk -v f="$f" 'NF == 3 { print $3, f }' >>"$T/defs"
    nm -u "$o" | awk -v f="$f" '{ print f, $NF }' >>"$T/uses"
done
sort -k1,1 "$T/defs" >"$T/defs.sorted"
sort -k2,2 "$T/uses" | join -1 2 -2 1 -o 1.1,2.2 - "$T/defs.sorted" \
    | awk '$1 != $2' | sort -u >"$T/edges"

bad=0
while read -r from to; do
    a=$(rank "${from%%/*}")
    b=$(rank "${to%%/*}")
    if [ "$b" -gt "$a" ]; then
        echo "layers: $from calls into a later stage: $to"
        bad=1
    fi
done <"$T/edges"

if ! tsort "$T/edges" >/dev/null 2>"$T/cycle"; then
    echo "layers: a cycle between files:"
    sed 's/^tsort: /  /' "$T/cycle"
    bad=1
fi

echo "layers: ${#files[@]} files, $(wc -l <"$T/edges") calls between them, $([ $bad -eq 0 ] && echo ok || echo FAILED)"
exit $bad
