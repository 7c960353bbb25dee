#!/usr/bin/python3
"""naive.py — the reference `make bench` measures jixiao against: what a
reviewer's quick script would do, and no more.

    naive.py sums PATH...            every table row's numbers by regex, each
                                     table's columns summed; one line per document
    naive.py workbooks OUTDIR PATH...  each document's tables written as plain
                                     sheets with openpyxl, one workbook each

A PATH may be a folder (its *.txt files, sorted). It reads TAB-separated text
only, keeps no locations, checks nothing, and lays nothing out: it is the
floor a tool written for the job has to beat, not a competitor.
"""
import os
import re
import sys

NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?%?")


def documents(paths):
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    if name.endswith(".txt"):
                        yield os.path.join(root, name)
        else:
            yield path


def tables(text):
    """Runs of lines with a TAB: each a list of rows of cells."""
    table = []
    for line in text.split("\n"):
        if "\t" in line:
            table.append(line.split("\t"))
        elif table:
            yield table
            table = []
    if table:
        yield table


def column_sums(table):
    sums = {}
    for row in table:
        for col, cell in enumerate(row):
            m = NUMBER.fullmatch(cell.strip())
            if m:
                value = float(m.group(0).replace(",", "").rstrip("%"))
                sums[col] = sums.get(col, 0.0) + value
    return sums


def cmd_sums(paths):
    out = sys.stdout
    for path in documents(paths):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        counted = [column_sums(t) for t in tables(text)]
        out.write("%s\t%d tables\t%.2f\n" % (path, len(counted),
                                             sum(sum(s.values()) for s in counted)))


def cmd_workbooks(outdir, paths):
    from openpyxl import Workbook

    os.makedirs(outdir, exist_ok=True)
    for path in documents(paths):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        book = Workbook()
        book.remove(book.active)
        for i, table in enumerate(tables(text), 1):
            sheet = book.create_sheet("表%d" % i)
            for row in table:
                sheet.append([cell.strip() for cell in row])
        if not book.worksheets:
            book.create_sheet("空")
        name = os.path.splitext(os.path.basename(path))[0] + ".xlsx"
        book.save(os.path.join(outdir, name))


def main(argv):
    if len(argv) >= 3 and argv[1] == "sums":
        cmd_sums(argv[2:])
    elif len(argv) >= 4 and argv[1] == "workbooks":
        cmd_workbooks(argv[2], argv[3:])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
