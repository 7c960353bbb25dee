#!/usr/bin/env bash
# docs.sh — the documents a contributor and a user read stay true: the man
# page renders without a warning and names every command and option of
# `jixiao --help` and the version the command reports; every path that
# CONTRIBUTING.md's "To add X, edit Y" table names exists; make install puts
# the man page in place and make uninstall removes it; the compilation
# database has one entry per C file with the Makefile's flags.
# Prints "ok - NAME" / "not ok - NAME" per test.
# checks: 9
set -u
cd "$(dirname "$0")/../.."

J=build/san/jixiao
MAN=man/jixiao.1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

check() { # NAME CONDITION-STATUS
    if [ "$2" -eq 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fi
}

# --------------------------------------------------------------- man page
# -k: preconv reads the page as UTF-8 (it says so in its first line);
# -ww: every warning; -z: no output, only the diagnostics.
if command -v groff >/dev/null; then
    groff -k -man -Tutf8 -ww -z "$MAN" >"$T/groff" 2>&1
    rc=$?
    [ -s "$T/groff" ] && cat "$T/groff" >&2
    check "man page: groff -man -ww renders it without a warning" $([ $rc -eq 0 ] && [ ! -s "$T/groff" ]; echo $?)
    # The page as a reader sees it, hyphens as hyphens.
    groff -k -man -Tutf8 "$MAN" 2>/dev/null | sed 's/\x08.//g; s/\xe2\x88\x92/-/g; s/\xe2\x80\x90/-/g' >"$T/page"
else
    echo "docs.sh: groff is not installed (make deps installs groff-base)" >&2
    check "man page: groff -man -ww renders it without a warning" 1
    : >"$T/page"
fi
check "man page: NAME SYNOPSIS DESCRIPTION OPTIONS EXIT STATUS ENVIRONMENT FILES EXAMPLES SEE ALSO" \
    $(missing=0
      for s in NAME SYNOPSIS DESCRIPTION OPTIONS 'EXIT STATUS' ENVIRONMENT FILES EXAMPLES 'SEE ALSO'; do
          grep -q "^\.SH \"\{0,1\}$s\"\{0,1\}\$" "$MAN" || { echo "docs.sh: no section $s" >&2; missing=1; }
      done; echo $missing)

"$J" --help >"$T/help" 2>&1
help_rc=$?
# Commands: the word after "jixiao" on the usage lines; options: every -x or
# --xyz the usage names.
commands=$(sed -n 's/^\(usage:\)\{0,1\} *jixiao \([a-z][a-z]*\).*/\2/p' "$T/help" | sort -u)
options=$(sed -n '/^\(usage:\)\{0,1\} *jixiao /p' "$T/help" | grep -o -- '--*[a-z][a-z-]*' | sort -u)
check "man page: every command of jixiao --help in SYNOPSIS and under Commands ($(echo $commands))" \
    $(missing=0
      [ $help_rc -eq 0 ] && [ "$(echo "$commands" | wc -w)" -ge 4 ] || missing=1
      for c in $commands; do
          grep -q "^\.B jixiao $c\$" "$MAN" && grep -A1 '^\.TP' "$MAN" | grep -q "^\.B $c\$" \
              || { echo "docs.sh: the man page lacks command $c" >&2; missing=1; }
      done; echo $missing)
check "man page: every option of jixiao --help under OPTIONS ($(echo $options))" \
    $(missing=0
      [ "$(echo "$options" | wc -w)" -ge 5 ] || missing=1
      sed -n '/^OPTIONS/,/^EXIT STATUS/p' "$T/page" >"$T/options"
      for o in $options; do
          grep -q -- "^ *\(.*, \)\{0,1\}$o\b" "$T/options" \
              || { echo "docs.sh: the man page lacks option $o" >&2; missing=1; }
      done; echo $missing)
version=$("$J" --version 2>/dev/null)
check "man page: .TH names the version jixiao --version reports ($version)" \
    $(grep -q "^\.TH JIXIAO 1 .*\"$version\"" "$MAN"; echo $?)

# --------------------------------------------------------------- CONTRIBUTING.md
# The table's rows start with "| "; a path is a backquoted word with a '/'
# or a file name with an extension. A path with a placeholder (NAME, KIND,
# FAMILY) must have its folder.
sed -n '/^## To add X, edit Y/,/^## /p' CONTRIBUTING.md | grep '^| ' \
    | grep -o '`[^`]*`' | tr -d '`' | grep -E '/|^[A-Za-z_.-]+\.(md|c|h|ini|def|sh|py|1)$' \
    | sed 's/ .*//' | sort -u >"$T/paths"
check "CONTRIBUTING.md: every path in the 'to add X, edit Y' table exists ($(wc -l <"$T/paths") paths)" \
    $(missing=0
      [ "$(wc -l <"$T/paths")" -ge 20 ] || missing=1
      while IFS= read -r p; do
          case $p in
              *NAME*|*KIND*|*FAMILY*) want=$(dirname "$p") ;;
              *'*'*) want=$(dirname "$p") ;;
              *) want=$p ;;
          esac
          [ -e "$want" ] || { echo "docs.sh: CONTRIBUTING.md names $p, which does not exist" >&2; missing=1; }
      done <"$T/paths"; echo $missing)
check "CONTRIBUTING.md: a row for a province, a form variant, a check, an input format, an output format, a template" \
    $(missing=0
      for row in 'a province' 'a header synonym or a form variant' 'a check' 'an input format' \
                 'an output format' 'a template'; do
          grep -q "^| $row" CONTRIBUTING.md || { echo "docs.sh: no row '$row'" >&2; missing=1; }
      done; echo $missing)

# --------------------------------------------------------------- make
# What make install and make uninstall would run (-n: nothing is built).
# A command continued with '\' is joined onto one line.
joined() { sed -e ':a' -e '/\\$/N; s/\\\n//; ta'; }
make -n --no-print-directory install DESTDIR="$T/root" PREFIX=/usr 2>&1 | joined >"$T/install"
make -n --no-print-directory uninstall DESTDIR="$T/root" PREFIX=/usr 2>&1 | joined >"$T/uninstall"
check "make install puts man/jixiao.1 in share/man/man1; make uninstall removes it" \
    $(grep -q "install -m 644 man/jixiao.1 $T/root/usr/share/man/man1/jixiao.1" "$T/install" \
      && grep -q "^rm -f .*$T/root/usr/share/man/man1/jixiao.1" "$T/uninstall"; echo $?)

# The compilation database, remade the way `make compile_commands.json` makes
# it (the file is in .gitignore).
make -s --no-print-directory -B compile_commands.json >/dev/null 2>"$T/cc.err"
rc=$?
nsrc=$(ls engine/*/*.c tests/unit/test_*.c | grep -v '^engine/include/' | wc -l)
check "make compile_commands.json: one entry per C file of engine/ and tests/unit/ ($nsrc), with the Makefile's flags" \
    $([ $rc -eq 0 ] \
      && [ "$(jq length compile_commands.json)" -eq "$nsrc" ] \
      && jq -e 'all(.[]; (.arguments | index("-Werror") != null) and (.arguments | index("-Iengine/include") != null)
                        and (.arguments[-1] == .file))' compile_commands.json >/dev/null \
      && jq -e '[.[] | select(.file | startswith("tests/unit/"))] | all(.[]; .arguments | index("-fsanitize=address,undefined") != null)' \
            compile_commands.json >/dev/null; echo $?)
