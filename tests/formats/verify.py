#!/usr/bin/python3
"""verify.py — reads convert.py's outputs back and compares them with the
text they came from, line by line, cell by cell (`convert.py --verify OUTDIR`
runs it; so does `verify.py OUTDIR`).

The readers here follow the conventions the outputs are written with (see
README.md, "What a reader must do"): they are what jixiao's C readers have to
do to give back the text, and so the findings, of each format. A PDF has no
reader here: jixiao itself reads NAME.pdf back (the command convert.py ran),
and its tables must be the ones it reads from the text, cell by cell.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

import openpyxl

from convert import XML_ILLEGAL, read_lines, show


def sheet_lines(ws, n):
    """Rows 1..n of a sheet as lines' cells, each row running to its last
    written cell; a number shows through its format; a row whose only cell is
    merged across it is a TAB-less line."""
    extent = {}
    for (r, c) in ws._cells:
        extent[r] = max(extent.get(r, 0), c)
    anchors = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
    out = []
    for r in range(1, n + 1):
        cells = []
        for c in range(1, extent.get(r, 1) + 1):
            cell = ws._cells.get((r, c))
            v = cell.value if cell is not None else None
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                v = show(v, cell.number_format) or f'<{v!r} as {cell.number_format}>'
            cells.append('' if v is None else str(v))
        m = anchors.get((r, 1))
        if m and m.max_row == r and m.max_col == len(cells) > 1:
            cells = cells[:1]
        out.append(cells)
    return out


def docx_lines(path):
    """Paragraphs and table rows in body order; a merge's covered cells read
    as blanks; a row of one cell across the table is a TAB-less line."""
    import docx
    from docx.oxml.ns import qn
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph
    out = []
    for el in docx.Document(path).element.body.iterchildren():
        if el.tag == qn('w:p'):
            out.append(Paragraph(el, None).text.split('\t'))
        elif el.tag == qn('w:tbl'):
            for tr in el.tr_lst:
                cells = []
                for tc in tr.tc_lst:
                    cells.append('' if tc.vMerge == 'continue' else _Cell(tc, None).text)
                    cells += [''] * (tc.grid_span - 1)
                one = len(tr.tc_lst) == 1 and len(cells) == len(el.tblGrid.gridCol_lst) > 1
                out.append(cells[:1] if one else cells)
    return out


class HtmlLines(HTMLParser):
    """<p> and <tr> in order; cells placed on the table's grid by their
    rowspan/colspan, covered positions blank; a row of one cell across the
    table is a TAB-less line."""

    def __init__(self):
        super().__init__()
        self.out, self.text, self.rows = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'p':
            self.text = []
        elif tag == 'table':
            self.rows = []
        elif tag == 'tr':
            self.rows.append([])
        elif tag in ('td', 'th'):
            self.text = []
            self.rows[-1].append((int(a.get('rowspan', 1)), int(a.get('colspan', 1)), self.text))

    def handle_data(self, data):
        if self.text is not None:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == 'p':
            self.out.append(''.join(self.text).split('\t'))
            self.text = None
        elif tag in ('td', 'th'):
            self.text = None
        elif tag == 'table':
            grid = {}
            for r, row in enumerate(self.rows):
                c = 0
                for rs, cs, text in row:
                    while (r, c) in grid:
                        c += 1
                    for i in range(rs):
                        for j in range(cs):
                            grid[(r + i, c + j)] = ''.join(text) if i == j == 0 else ''
                    c += cs
            width = 1 + max([c for (_, c) in grid] or [0])
            for r, row in enumerate(self.rows):
                last = max([c for (rr, c) in grid if rr == r] or [-1])
                cells = [grid.get((r, c), '') for c in range(last + 1)]
                one = len(row) == 1 and row[0][1] == width > 1
                self.out.append(cells[:1] if one else cells)
            self.rows = None


def html_lines(path):
    raw = open(path, 'rb').read()
    m = re.search(rb'charset=["\']?([\w-]+)', raw[:1024])
    cs = m.group(1).decode().lower() if m else 'utf-8'
    p = HtmlLines()                        # gb2312 means GBK, as in browsers
    p.feed(raw.decode('gbk' if cs in ('gb2312', 'gbk') else cs))
    return p.out


def jixiao_tables(jixiao, path):
    """(kind, title, rows of cells) of each table jixiao reads from path, a
    cell as its normalised text without spaces (a PDF's line breaks inside a
    cell leave a space where the text had none, or drop one it had)."""
    out = subprocess.run([jixiao, 'parse', path], capture_output=True, text=True)
    if out.returncode != 0 or not out.stdout.strip():
        return [('jixiao parse failed', out.stderr.strip()[:200], [])]
    return [(t['kind'], t['title'], [[''.join(c['norm'].split()) for c in row] for row in t['rows']])
            for t in json.loads(out.stdout.splitlines()[0])['tables']]


def compare_tables(what, got, want):
    """Table by table, row by row; returns the number of differing rows."""
    bad = []
    if len(got) != len(want):
        bad.append(f"{len(got)} tables, want {len(want)}")
    for k, (g, w) in enumerate(zip(got, want), 1):
        if g[:2] != w[:2]:
            bad.append(f"table {k}: {g[:2]} want {w[:2]}")
        for r in range(max(len(g[2]), len(w[2]))):
            a = g[2][r] if r < len(g[2]) else None
            b = w[2][r] if r < len(w[2]) else None
            if a != b:
                bad.append(f"table {k} ({w[1]}) row {r + 1}: got {a} want {b}")
    for b in bad[:5]:
        print(f"  {what}: {b}")
    return len(bad)


def compare(what, got, want):
    """Line by line, cell by cell; returns the number of differing lines
    (the first few printed)."""
    bad = [i for i in range(max(len(got), len(want)))
           if i >= len(got) or i >= len(want) or got[i] != want[i]]
    for i in bad[:5]:
        print(f"  {what}: line {i + 1}: got {got[i] if i < len(got) else None!r}"
              f" want {want[i] if i < len(want) else None!r}")
    return len(bad)


def verify(outdir):
    with open(os.path.join(outdir, 'manifest.json'), encoding='utf-8') as f:
        manifest = json.load(f)
    failures = 0
    for name, doc in sorted(manifest.items()):
        lines = [XML_ILLEGAL.sub('', s) for s in read_lines(doc['source'], doc['encoding'])]
        want = [s.split('\t') for s in lines]
        base = os.path.join(outdir, name)
        results = []
        if 'xlsx' in doc['formats'] or 'xls' in doc['formats']:
            wb = openpyxl.load_workbook(base + '.xlsx')
            merges = sorted(map(str, wb['Sheet1'].merged_cells.ranges))
            if merges != doc['merged']:
                results.append(1)
                print(f"  xlsx: merges differ: {sorted(set(merges) ^ set(doc['merged']))[:5]}")
            results.append(compare('xlsx', sheet_lines(wb['Sheet1'], len(lines)), want))
            # per-table: the prose sheet, then each table's block
            wb2 = openpyxl.load_workbook(base + '.per-table.xlsx')
            inside = {n for a, b in doc['blocks'] for n in range(a, b + 1)}
            parts = [[n for n in range(1, len(lines) + 1) if n not in inside]] + \
                    [list(range(a, b + 1)) for a, b in doc['blocks']]
            for ws, part in zip(wb2.worksheets, parts):
                results.append(compare(f'per-table.xlsx[{ws.title}]', sheet_lines(ws, len(part)),
                                       [want[n - 1] for n in part]))
            results.append(abs(len(wb2.worksheets) - len(parts)))
        if 'xls' in doc['formats']:
            with tempfile.TemporaryDirectory() as tmp:
                subprocess.run(['soffice', f'-env:UserInstallation=file://{tmp}/p',
                                '--headless', '--convert-to', 'xlsx', '--outdir', tmp,
                                base + '.xls'], capture_output=True)
                back = openpyxl.load_workbook(os.path.join(tmp, name + '.xlsx'))
            diff = compare('xls', sheet_lines(back.worksheets[0], len(lines)), want)
            lost = sorted(set(merges) ^ set(map(str, back.worksheets[0].merged_cells.ranges)))
            if lost:
                print(f"  xls: merges differ from the .xlsx: {lost[:5]}")
            results.append(diff + len(lost))
        if 'docx' in doc['formats']:
            results.append(compare('docx', docx_lines(base + '.docx'), want))
        if 'html' in doc['formats']:
            results.append(compare('html', html_lines(base + '.html'), want))
        if 'pdf' in doc['formats']:
            # No PDF reader here: jixiao reads NAME.pdf back, and must find the
            # text's tables, cell by cell. NAME.per-table.pdf is not compared
            # (formats.sh compares its scorecards' findings with the text's).
            results.append(compare_tables('pdf', jixiao_tables(doc['jixiao'], base + '.pdf'),
                                          jixiao_tables(doc['jixiao'], doc['source'])))
        failures += sum(results)
        print(f"{'ok' if not sum(results) else 'not ok'} - {name}: {len(lines)} lines,"
              f" {len(doc['blocks'])} tables, {doc['merges']} merges,"
              f" {'/'.join(doc['formats'])}")
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(verify(sys.argv[1]) if len(sys.argv) == 2 else 'usage: verify.py OUTDIR')
