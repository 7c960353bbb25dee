#!/usr/bin/env bash
# fuzz.sh — the fuzz targets (tests/fuzz) as a deterministic smoke test under
# the sanitizer build: each target's standalone driver runs the seeds (the
# samples, the fixtures, rules/*.ini, templates/*.ini, a cut of the gazetteer, the
# readers' seeds: the Word fixtures and their XML, tests/fuzz/seeds/{html,xlsx,xls,pdf}; the
# findings databases of tests/fuzz/seeds/store), their truncations and
# seeded mutations, then every input under tests/fuzz/regressions/TARGET/
# once. Prints "ok - NAME" / "not ok - NAME" per test.
#
# An input listed in tests/fuzz/regressions/KNOWN reproduces a fault whose
# engine fix has not landed: while it still fails it prints "todo - NAME"
# (counted neither way); once it passes it prints "ok - NAME" and asks for
# its line in KNOWN to go. A failing run leaves its input in
# build/san/fuzz-failures/ and says how to replay it.
# checks: 30
set -u
cd "$(dirname "$0")/../.."

B=build/san/tests
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
FAILURES=build/san/fuzz-failures
KNOWN=tests/fuzz/regressions/KNOWN
export JX_FUZZ_ROOT=$PWD TMPDIR=$T
unset JX_FUZZ_IGNORE # every contract is enforced here

known() { # TARGET/FILE → the reason when listed
    [ -f "$KNOWN" ] && awk -v k="$1" '$1 == k { $1 = ""; sub(/^ +/, ""); print; found = 1 }
        END { exit !found }' "$KNOWN"
}

# run NAME TARGET ARGS… : runs the target's smoke binary; sets $rc and $T/out.
run() {
    local name=$1 bin=$B/$2_smoke
    shift 2
    if [ ! -x "$bin" ]; then
        echo "$bin: not built (make $bin)" > "$T/out"
        rc=127
        return
    fi
    (JX_FUZZ_LAST_INPUT=$T/last "$bin" "$@"; exit $?) > "$T/out" 2>&1
    rc=$?
    if [ $rc -ne 0 ] && [ -f "$T/last" ]; then
        mkdir -p "$FAILURES"
        local keep
        keep=$FAILURES/$(printf '%s' "$name" | tr -c 'A-Za-z0-9_.-' '_')
        cp "$T/last" "$keep"
        echo "  reproducer: $keep; replay: JX_FUZZ_ROOT=. $bin --once $keep" >> "$T/out"
    fi
    rm -f "$T/last"
}

show_failure() {
    grep -E 'ERROR: |runtime error|contract broken|XML error|not well-formed|reproducer:|not built' \
        "$T/out" | head -n 8 | sed 's/^/    /'
}

smoke() { # TARGET FILE…
    local target=$1
    shift
    run "$target" "$target" "$@"
    if [ $rc -eq 0 ] && tail -n 1 "$T/out" | grep -q ' 0 crashes$'; then
        echo "ok - $target smoke: $(tail -n 1 "$T/out" | sed 's/.*smoke: //')"
    else
        echo "not ok - $target smoke: seeds, truncations and mutations without crash (exit $rc)"
        show_failure
    fi
}

regressions() { # TARGET
    local target=$1 f rel reason
    for f in tests/fuzz/regressions/"$target"/*; do
        [ -f "$f" ] || continue
        rel=$target/$(basename "$f")
        run "$rel" "$target" --once "$f"
        reason=$(known "$rel")
        if [ $rc -eq 0 ]; then
            if [ -n "$reason" ]; then
                echo "ok - regression $rel (fixed: remove its line from $KNOWN)"
            else
                echo "ok - regression $rel"
            fi
        elif [ -n "$reason" ]; then
            echo "todo - regression $rel: still fails, engine fix pending ($reason)"
        else
            echo "not ok - regression $rel (exit $rc)"
            show_failure
        fi
    done
}

# Seeds as each target reads them; the text fixtures are the files of
# tests/fixtures/ (its folders hold a reader's fixtures: docx/ …).
TEXT_FIXTURES=()
for f in tests/fixtures/*; do
    [ -f "$f" ] && TEXT_FIXTURES+=("$f")
done
mkdir -p "$T/workbook" "$T/rules"
for f in tests/samples/*.txt "${TEXT_FIXTURES[@]}" tests/fuzz/fixed/cards.txt; do
    { basename "$f"; cat "$f"; } > "$T/workbook/$(basename "$f")"
done
for f in rules/*.ini; do
    cp "$f" "$T/rules/"
    grep -q '^inherits' "$f" || continue
    { sed 's/^inherits = .*/inherits = b/' "$f"; echo '#---'; cat rules/national.ini; } \
        > "$T/rules/chain_$(basename "$f")"
done

smoke fuzz_parse "${TEXT_FIXTURES[@]}" tests/samples/*.txt rules/*.ini
smoke fuzz_workbook "$T"/workbook/*
smoke fuzz_rules "$T"/rules/*
smoke fuzz_template templates/*.ini
# A cut of the gazetteer: its header, provinces and a few prefectures and
# counties of each kind (municipalities, 自治州, shared names).
grep -E '^(#|[0-9]{2}0000|1101|6108|5307|6301|4502|2201)' rules/gazetteer.tsv > "$T/gazetteer_cut.tsv"
smoke fuzz_gazetteer "$T/gazetteer_cut.tsv"
smoke fuzz_read_html tests/fuzz/seeds/html/*
# The Word fixtures as they are (zips), and their word/document.xml alone,
# which the target stores in a zip of its own.
smoke fuzz_read_docx tests/fixtures/docx/*.docx tests/fuzz/seeds/docx/*.xml
smoke fuzz_read_xlsx tests/fuzz/seeds/xlsx/*.xlsx
smoke fuzz_read_xls tests/fuzz/seeds/xls/*.xls tests/fuzz/seeds/xls/*.biff
# PDFs as they are, and bare content streams the target puts on a page of its own.
smoke fuzz_read_pdf tests/fuzz/seeds/pdf/*.pdf tests/fuzz/seeds/pdf/*.content
# Findings databases (tests/fuzz/seeds/store/make.py): their bytes as the file --db opens.
smoke fuzz_store tests/fuzz/seeds/store/*.sqlite
for target in fuzz_parse fuzz_workbook fuzz_rules fuzz_template fuzz_gazetteer fuzz_read_html fuzz_read_docx fuzz_read_xlsx \
    fuzz_read_xls fuzz_read_pdf fuzz_store; do
    regressions "$target"
done
