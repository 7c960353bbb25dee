#!/usr/bin/env bash
# pdf_hardening.sh — hostile PDFs (issue 12, item 5): what a PDF can do to
# `jixiao parse`. Each file is written at test time by
# tests/hardening/make_pdf.py (the encrypted ones with AES-256 by mutool,
# when mupdf-tools is installed, and with RC4 by the script); each is read
# under a time limit and must either read or be refused with a message that
# names the file (exit 2), without a sanitizer report, within its time, and
# the Flate bomb within its memory. Uses the sanitizer build.
# Prints "ok - NAME" / "not ok - NAME" per test.
# checks: 20
set -u
cd "$(dirname "$0")/../.."

J=${JIXIAO_BIN:-$PWD/build/san/jixiao}
PY=/usr/bin/python3
MAKE_PDF="$PY tests/hardening/make_pdf.py"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

check() { if [ "$2" -eq 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fi; }

# read FILE SECONDS: `jixiao parse FILE` killed after SECONDS; sets $rc (124
# when killed), $secs (wall time) and $rss (peak KB) and leaves the output
# in $T/out and $T/err.
read_pdf() {
    local got
    got=$("$PY" - "$2" "$T/out" "$T/err" "$J" parse "$1" <<'PY'
import resource, subprocess, sys, time
limit, out, err, cmd = float(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
start = time.monotonic()
with open(out, "wb") as o, open(err, "wb") as e:
    try:
        rc = subprocess.run(cmd, stdout=o, stderr=e, timeout=limit).returncode
    except subprocess.TimeoutExpired:
        rc = 124
print(rc, "%.2f" % (time.monotonic() - start), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
    )
    read -r rc secs rss <<<"$got"
}

# Whether the run was refused cleanly: exit 2, nothing on stdout, one line on
# stderr "jixiao: FILE: MESSAGE…" (MESSAGE a prefix), no sanitizer report.
refused() { # FILE MESSAGE
    [ "$rc" -eq 2 ] && [ ! -s "$T/out" ] && [ "$(wc -l <"$T/err")" -eq 1 ] \
        && grep -qF "jixiao: $1: $2" "$T/err" && ! clean_fail
}
clean_fail() { grep -qE 'Sanitizer|runtime error' "$T/err"; }

# Whether the run read the file as the intact card reads.
same_as_card() {
    [ "$rc" -eq 0 ] && ! clean_fail && cmp -s "$T/card.parse" "$T/out"
}

$MAKE_PDF card "$T/card.pdf"
"$J" parse "$T/card.pdf" | sed "s|$T/card.pdf|FILE|" >"$T/card.parse"
check "the reference card reads: a table of 4 rows" \
    $(jq -e '.format == "pdf" and (.tables | length) == 1' "$T/card.parse" >/dev/null; echo $?)
as_card() { sed -i "s|$1|FILE|" "$T/out"; } # the file's name out of the output

# 1. Cut short: at 10 % nothing is left to repair; later cuts read what is there.
$MAKE_PDF truncated "$T/cut10.pdf" 10
read_pdf "$T/cut10.pdf" 10
check "truncated to 10%: 'PDF: cannot be opened', exit 2 (${secs}s)" \
    $(refused "$T/cut10.pdf" "PDF: cannot be opened: "; echo $?)
bad=""
for p in 30 50 70 90 99; do
    $MAKE_PDF truncated "$T/cut$p.pdf" "$p"
    read_pdf "$T/cut$p.pdf" 10
    { [ "$rc" -eq 0 ] && ! clean_fail && jq -e '.format == "pdf"' "$T/out" >/dev/null; } \
        || refused "$T/cut$p.pdf" "" || bad="$bad $p%"
done
check "truncated to 30–99%: what is left is read, or a clear refusal naming the file${bad:+ (not:$bad)}" \
    $([ -z "$bad" ]; echo $?)

# 2. Garbage after a valid header.
$MAKE_PDF garbage "$T/garbage.pdf"
read_pdf "$T/garbage.pdf" 10
check "64 KB of noise after %PDF-1.7: 'PDF: cannot be opened', exit 2 (${secs}s)" \
    $(refused "$T/garbage.pdf" "PDF: cannot be opened: "; echo $?)

# 3. Every xref offset and startxref wrong: MuPDF rebuilds the table.
$MAKE_PDF badxref "$T/badxref.pdf"
read_pdf "$T/badxref.pdf" 10
as_card "$T/badxref.pdf"
check "a broken xref table is repaired: read as the intact file (${secs}s)" $(same_as_card; echo $?)

# 4. Passwords: one to open is refused; one that only restricts copying is not.
ENCRYPTED="encrypted: the PDF needs a password; save it without one first"
if command -v mutool >/dev/null; then
    mutool clean -E aes-256 -U secret -O owner "$T/card.pdf" "$T/aes_user.pdf"
    mutool clean -E aes-256 -O owner "$T/card.pdf" "$T/aes_owner.pdf"
    read_pdf "$T/aes_user.pdf" 10
    check "AES-256, user password: '$ENCRYPTED', exit 2" $(refused "$T/aes_user.pdf" "$ENCRYPTED"; echo $?)
    read_pdf "$T/aes_owner.pdf" 10
    as_card "$T/aes_owner.pdf"
    check "AES-256, owner password only: read as the plain file" $(same_as_card; echo $?)
else
    echo "not ok - AES-256, user password: mutool (mupdf-tools) not installed"
    echo "not ok - AES-256, owner password only: mutool (mupdf-tools) not installed"
fi
$MAKE_PDF rc4user "$T/rc4_user.pdf"
read_pdf "$T/rc4_user.pdf" 10
check "RC4-128, user password: '$ENCRYPTED', exit 2" $(refused "$T/rc4_user.pdf" "$ENCRYPTED"; echo $?)
$MAKE_PDF rc4owner "$T/rc4_owner.pdf"
read_pdf "$T/rc4_owner.pdf" 10
as_card "$T/rc4_owner.pdf"
check "RC4-128, owner password only: read as the plain file" $(same_as_card; echo $?)

# 5. Past the budgets: refused at once, by name.
$MAKE_PDF pages "$T/pages.pdf" 10001
read_pdf "$T/pages.pdf" 10
check "10001 pages sharing one content stream: 'PDF: 10001 pages, more than 10000' (${secs}s)" \
    $(refused "$T/pages.pdf" "PDF: 10001 pages, more than 10000"; echo $?)
$MAKE_PDF glyphs "$T/glyphs.pdf" 400001
read_pdf "$T/glyphs.pdf" 20
check "a page of 400001 glyphs ($(stat -c %s "$T/glyphs.pdf") bytes): 'page 1: more than 400000 glyphs' (${secs}s)" \
    $(refused "$T/glyphs.pdf" "page 1: more than 400000 glyphs"; echo $?)
# A string of 1.1 GB in a content stream of 1.1 MB: the lexer's buffer grows
# until MuPDF's 768 MB budget refuses it (or a budget on the content's bytes
# does first); peak RSS well under 2 GB.
$MAKE_PDF bomb "$T/bomb.pdf" 1100
read_pdf "$T/bomb.pdf" 60
check "Flate bomb, 1.1 MB to 1.1 GB: refused by a budget (${secs}s, $((rss / 1024)) MB)" \
    $(refused "$T/bomb.pdf" "page 1: " && [ "$rss" -lt 2097152 ] \
      && grep -qE ': (needs more memory than a PDF may take|the pages. content inflates to more than [0-9]+ MB)$' "$T/err"; echo $?)
# A font program of 1.1 GB: MuPDF loads a font whole, its budget refuses this
# one, and the page is read with a font of MuPDF's own standing in.
$MAKE_PDF fontbomb "$T/fontbomb.pdf" 1100
read_pdf "$T/fontbomb.pdf" 60
check "a font program inflating to 1.1 GB: refused by the memory budget, its line read (${secs}s, $((rss / 1024)) MB)" \
    $([ "$rc" -eq 0 ] && ! clean_fail && [ "$rss" -lt 2097152 ] \
      && jq -e '.format == "pdf" and .lines == 1' "$T/out" >/dev/null; echo $?)

# 6. Whole files within every page's budget that would cost time or memory
# without bound (the fuzz campaign's): refused by a budget of the whole file,
# or read in time and memory that grow with the file.
$MAKE_PDF blankpages "$T/blankpages.pdf" 10000 1100
read_pdf "$T/blankpages.pdf" 30
check "10000 pages sharing 1.1 GB of spaces ($(stat -c %s "$T/blankpages.pdf") bytes): refused by the content budget (${secs}s)" \
    $(refused "$T/blankpages.pdf" "page 1: the pages' content inflates to more than 1024 MB"; echo $?)
$MAKE_PDF nopaint "$T/nopaint.pdf" 1100
read_pdf "$T/nopaint.pdf" 30
check "1.1 GB of paths never painted: refused by the content budget (${secs}s)" \
    $(refused "$T/nopaint.pdf" "page 1: the pages' content inflates to more than 1024 MB"; echo $?)
$MAKE_PDF glyphpages "$T/glyphpages.pdf" 60 399900
read_pdf "$T/glyphpages.pdf" 60
check "60 pages of 399900 glyphs each: refused at page 51 by the document's budget (${secs}s, $((rss / 1024)) MB)" \
    $(refused "$T/glyphpages.pdf" "page 51: the document draws more than 20000000 glyphs and path segments" \
      && [ "$rss" -lt 2097152 ]; echo $?)
$MAKE_PDF forms "$T/forms.pdf" 30
read_pdf "$T/forms.pdf" 60
check "forms drawing the next one twice, 30 deep (2^30 forms): refused by the page's budget (${secs}s)" \
    $(refused "$T/forms.pdf" "page 1: draws more than 2000000 glyphs and path segments"; echo $?)
$MAKE_PDF paragraph "$T/paragraph.pdf" 1000
read_pdf "$T/paragraph.pdf" 60
check "one paragraph over 1000 pages: read, in memory that grows with it (${secs}s, $((rss / 1024)) MB)" \
    $([ "$rc" -eq 0 ] && ! clean_fail && [ "$rss" -lt 1048576 ] \
      && jq -e '.format == "pdf" and .lines == 1' "$T/out" >/dev/null; echo $?)
$MAKE_PDF table "$T/table.pdf" 1000
read_pdf "$T/table.pdf" 60
check "one ruled table over 1000 pages: read as one table of 40000 rows (${secs}s, $((rss / 1024)) MB)" \
    $([ "$rc" -eq 0 ] && ! clean_fail && [ "$rss" -lt 1048576 ] \
      && jq -e '.format == "pdf" and .lines == 40000' "$T/out" >/dev/null; echo $?)

# 7. A scan: images and no text.
$MAKE_PDF scan "$T/scan.pdf"
read_pdf "$T/scan.pdf" 10
check "an image-only page: 'scanned, no text layer: run OCR first', exit 2" \
    $(refused "$T/scan.pdf" "scanned, no text layer: run OCR first"; echo $?)
