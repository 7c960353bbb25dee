#!/usr/bin/env bash
# library.sh — libjixiao as another program meets it: installed with
# `make install-lib DESTDIR=…` (what `make install` installs of the library),
# found through pkg-config, exporting exactly the JX_API declarations of
# jixiao.h (nm on libjixiao.so and on the installed libjixiao.a), and a small
# program built against it that loads a sample, evaluates it, writes a
# workbook and prints jx_version() — its report byte for byte the command's.
# Prints "ok - NAME" / "not ok - NAME" per test.
# checks: 12
set -u
cd "$(dirname "$0")/../.."
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
check() { if [ "$2" -eq 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fi; }

HEADER=engine/include/jixiao.h
VERSION=$(sed -n 's/^#define JX_VERSION "\(.*\)"$/\1/p' "$HEADER")
MAJOR=${VERSION%%.*}
MINOR=${VERSION#*.}
MINOR=${MINOR%%.*}
PREFIX=/opt/jixiao
ROOT=$T/root
LIB=$ROOT$PREFIX/lib
SAMPLE=tests/samples/001_0783382fd8294bcc.txt
CC=${CC:-cc}

make --no-print-directory install-lib DESTDIR="$ROOT" PREFIX="$PREFIX" >"$T/make.log" 2>&1
rc=$?
[ $rc -eq 0 ] || cat "$T/make.log" >&2
check "library: make install-lib installs header, libjixiao.a, libjixiao.so, jixiao.pc" \
    $([ $rc -eq 0 ] && [ -f "$ROOT$PREFIX/include/jixiao.h" ] && [ -f "$LIB/libjixiao.a" ] \
      && [ -f "$LIB/pkgconfig/jixiao.pc" ]; echo $?)

# The public API: every declaration in jixiao.h that starts with JX_API.
grep -o '^JX_API [^(]*(' "$HEADER" | sed -E 's/.*[ *](jx_[a-z0-9_]+)\($/\1/' | sort >"$T/api"
ndecl=$(grep -c '^JX_API ' "$HEADER")
check "library: jixiao.h declares the public API with JX_API, one name per declaration ($(wc -l <"$T/api") functions)" \
    $([ "$(wc -l <"$T/api")" -eq "$ndecl" ] && [ "$ndecl" -ge 40 ] \
      && [ "$(grep -c '^jx_' "$T/api")" -eq "$ndecl" ]; echo $?)

# What the shared library exports: nothing but the API (the linker's own
# __bss_start, _edata and _end aside).
SO=$LIB/libjixiao.so.$MAJOR.$MINOR
nm -D --defined-only "$SO" 2>/dev/null | awk '{ print $NF }' \
    | grep -vx -e __bss_start -e _edata -e _end -e _init -e _fini | sort >"$T/so"
diff "$T/api" "$T/so" >"$T/so.diff"
rc=$?
[ $rc -eq 0 ] || sed 's/^/# /' "$T/so.diff"
check "library: libjixiao.so exports exactly the JX_API functions of jixiao.h" \
    $([ $rc -eq 0 ] && [ -s "$T/so" ]; echo $?)

# The installed static library: the same, its internal symbols made local.
nm -g --defined-only "$LIB/libjixiao.a" 2>/dev/null | awk 'NF == 3 { print $3 }' | sort >"$T/a"
diff "$T/api" "$T/a" >"$T/a.diff"
rc=$?
[ $rc -eq 0 ] || sed 's/^/# /' "$T/a.diff"
check "library: the installed libjixiao.a defines exactly the JX_API functions as global" \
    $([ $rc -eq 0 ] && [ -s "$T/a" ]; echo $?)

soname=$(readelf -d "$SO" 2>/dev/null | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
check "library: libjixiao.so.$MAJOR.$MINOR has soname libjixiao.so.$MAJOR, and the links lead to it" \
    $([ "$soname" = "libjixiao.so.$MAJOR" ] \
      && [ "$(readlink "$LIB/libjixiao.so.$MAJOR")" = "libjixiao.so.$MAJOR.$MINOR" ] \
      && [ "$(readlink -f "$LIB/libjixiao.so")" = "$(readlink -f "$SO")" ]; echo $?)

export PKG_CONFIG_PATH=$LIB/pkgconfig PKG_CONFIG_SYSROOT_DIR=$ROOT
check "library: pkg-config finds jixiao $VERSION" \
    $([ "$(pkg-config --modversion jixiao 2>/dev/null)" = "$VERSION" ]; echo $?)

cat >"$T/prog.c" <<'EOF'
/* Loads a document, picks its rule set, evaluates it, prints the check JSON
 * and writes the workbook: only what jixiao.h offers. */
#include <jixiao.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 5)
        return 2;
    jx_error err = {0};
    jx_document *doc = jx_document_load(argv[1], JX_FORMAT_AUTO, &err);
    jx_rules *rules = malloc(sizeof *rules);
    jx_report *report = NULL;
    jx_templates *templates = NULL;
    if (doc == NULL || rules == NULL || jx_rules_pick(doc, argv[2], rules, &err) != JX_OK
        || (report = jx_evaluate(doc, rules, &err)) == NULL
        || jx_templates_load(argv[3], &templates, &err) != JX_OK
        || jx_write_workbook_file(report, argv[4], templates, NULL, &err) != JX_OK) {
        fprintf(stderr, "prog: %s\n", err.message);
        return 1;
    }
    jx_buf out;
    jx_buf_init(&out);
    jx_render_check_json(&out, report);
    if (out.failed || fwrite(out.data, 1, out.len, stdout) != out.len)
        return 1;
    fprintf(stderr, "version %s %s\n", jx_version(), strcmp(jx_version(), JX_VERSION) ? "differs" : "same");
    jx_buf_free(&out);
    jx_templates_free(templates);
    jx_report_free(report);
    free(rules);
    jx_document_free(doc);
    return 0;
}
EOF
# shellcheck disable=SC2046  # pkg-config output is meant to split
$CC -std=c11 -Wall -Wextra -Werror -pedantic -o "$T/prog" "$T/prog.c" \
    $(pkg-config --cflags --libs jixiao) 2>"$T/cc.err"
rc=$?
[ $rc -eq 0 ] || sed 's/^/# /' "$T/cc.err"
check "library: a program builds against libjixiao.so with pkg-config --cflags --libs jixiao" \
    $([ $rc -eq 0 ] && readelf -d "$T/prog" | grep -q "NEEDED.*\[libjixiao.so.$MAJOR\]"; echo $?)

build/san/jixiao check --format json "$SAMPLE" >"$T/cli.json" 2>/dev/null
LD_LIBRARY_PATH=$LIB "$T/prog" "$SAMPLE" rules templates "$T/prog.xlsx" >"$T/prog.json" 2>"$T/prog.err"
rc=$?
[ $rc -eq 0 ] || sed 's/^/# /' "$T/prog.err"
check "library: the program's report through libjixiao.so is the command's, byte for byte" \
    $([ $rc -eq 0 ] && [ -s "$T/prog.json" ] && cmp -s "$T/cli.json" "$T/prog.json"; echo $?)
check "library: the program wrote a workbook with the templates loaded once" \
    $([ "$(head -c 2 "$T/prog.xlsx" 2>/dev/null)" = PK ]; echo $?)
check "library: jx_version() at run time is JX_VERSION ($VERSION), and jixiao --version says it" \
    $(grep -qx "version $VERSION same" "$T/prog.err" \
      && [ "$(build/san/jixiao --version)" = "jixiao $VERSION" ]; echo $?)

# The installed static library serves the same program.
# shellcheck disable=SC2046
$CC -std=c11 -o "$T/prog_static" "$T/prog.c" $(pkg-config --cflags jixiao) "$LIB/libjixiao.a" \
    $(pkg-config --static --libs jixiao | sed "s|-ljixiao||") 2>"$T/cc.err" \
    && "$T/prog_static" "$SAMPLE" rules templates "$T/static.xlsx" >"$T/static.json" 2>/dev/null
rc=$?
[ $rc -eq 0 ] || sed 's/^/# /' "$T/cc.err"
check "library: the same program linked with the installed libjixiao.a reports the same" \
    $([ $rc -eq 0 ] && cmp -s "$T/cli.json" "$T/static.json"; echo $?)

# An internal function is not there to call, shared or static.
cat >"$T/internal.c" <<'EOF'
void *jx_arena_new(void);
int main(void) { return jx_arena_new() != 0; }
EOF
# shellcheck disable=SC2046
$CC -o "$T/internal" "$T/internal.c" $(pkg-config --libs jixiao) >/dev/null 2>&1
rc_so=$?
# shellcheck disable=SC2046
$CC -o "$T/internal" "$T/internal.c" "$LIB/libjixiao.a" $(pkg-config --libs xlsxwriter inih libzip libxml-2.0 libgsf-1) \
    >/dev/null 2>&1
rc_a=$?
check "library: an internal function (jx_arena_new) does not link against either library" \
    $([ $rc_so -ne 0 ] && [ $rc_a -ne 0 ]; echo $?)
