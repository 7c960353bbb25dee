#!/bin/sh
# compile_commands.sh OUT CC LIB_FLAGS TEST_FLAGS FILE... -- TEST_FILE...
# Writes the compilation database (compile_commands.json) that clangd and
# clang-tidy read: one entry per C file, compiled with exactly the flags the
# Makefile gives it (LIB_FLAGS for engine/, TEST_FLAGS for tests/unit/).
# Called by `make compile_commands.json`; no bear, no build needed.
set -euf
out=$1 cc=$2 lib_flags=$3 test_flags=$4
shift 4
dir=$(pwd)

# A JSON string: backslashes and quotes escaped (flags hold no control characters).
json() {
    printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"
}

entry() { # FILE FLAGS
    file=$1 flags=$2
    printf '%s\n  {"directory": %s, "file": %s,\n   "arguments": [' \
        "$sep" "$(json "$dir")" "$(json "$file")"
    # Split into words as the shell make runs splits them (no globbing).
    comma=
    for arg in $cc $flags -c "$file"; do
        printf '%s%s' "$comma" "$(json "$arg")"
        comma=', '
    done
    printf ']}'
    sep=,
}

tmp=$out.tmp.$$
trap 'rm -f "$tmp"' EXIT
sep=
flags=$lib_flags
{
    printf '['
    for file in "$@"; do
        if [ "$file" = -- ]; then
            flags=$test_flags
            continue
        fi
        entry "$file" "$flags"
    done
    printf '\n]\n'
} > "$tmp"
mv "$tmp" "$out"
trap - EXIT
