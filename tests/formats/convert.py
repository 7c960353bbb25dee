#!/usr/bin/python3
"""convert.py — turns jixiao's text documents into the office formats the
readers take (.xlsx, .xls, .docx, .pdf, .html), with the merged cells of the
printed form put back, so a test can check that `jixiao check` finds the same
contradictions in each as in the text.

  convert.py [--jixiao PATH] [--formats xlsx,xls,docx,pdf,html] [--charset utf-8|gbk]
             -o OUTDIR FILE.txt...
  convert.py --verify OUTDIR

Every line of the text keeps its place: line N is row N of the workbook's
Sheet1, and the Nth paragraph-or-table-row of the .docx and .html (blank lines
included), so a finding's line number is the same in every format.
--verify (verify.py) reads every output back and compares it line by line,
cell by cell, with the text (see README.md).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal
from html import escape

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FORMATS = ('xlsx', 'xls', 'docx', 'pdf', 'html')
# jixiao's names for the encodings it detects -> Python's codecs.
CODECS = {'utf-8': 'utf-8', 'utf-8-bom': 'utf-8-sig', 'utf-16le': 'utf-16',
          'utf-16be': 'utf-16', 'gb18030': 'gb18030'}
# Characters XML 1.0 (so .xlsx and .docx) cannot hold; jixiao tolerates \f, \v.
XML_ILLEGAL = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f]')
# A plain number as the documents print it: 100, 89.97, 1,933.54, 93.74%.
NUMBER = re.compile(r'-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(%?)')
FORMAT = re.compile(r'(#,##)?0(?:\.(0+))?(%?)')
# The forms whose labels span rows (绩效指标 | 产出指标 | 数量指标); a ledger's
# blank label cell is an empty cell (the short side of a 收支总表, say).
SCORECARDS = ('project', 'department', 'special_fund', 'target')


# ------------------------------------------------------------------ numbers

def show(value, fmt):
    """The text a spreadsheet prints for a number in one of our formats
    (0, 0.00, #,##0.00, 0.00%, General), or None for another format."""
    if fmt == 'General':
        return str(int(value)) if float(value).is_integer() else repr(value)
    m = FORMAT.fullmatch(fmt)
    if m is None:
        return None
    v = Decimal(repr(value)) * (100 if m.group(3) else 1)
    return f"{v:{',' if m.group(1) else ''}.{len(m.group(2) or '')}f}{m.group(3)}"


def as_number(text):
    """(value, number format) for a cell that is a plain number, else None.
    A percent is stored as its fraction; the format keeps the printed decimals
    and thousands separators, so the cell prints exactly as the text did."""
    m = NUMBER.fullmatch(text)
    if m is None:
        return None
    digits = text.lstrip('-').rstrip('%').replace(',', '')
    if len(digits.split('.')[0]) > 1 and digits[0] == '0':
        return None                        # 05, 007: a code, not a number
    if len(digits.replace('.', '').lstrip('0')) > 15:
        return None                        # beyond a double's precision
    fmt = ('#,##0' if ',' in text else '0') + \
          ('.' + '0' * len(m.group(1)) if m.group(1) else '') + m.group(2)
    d = Decimal(text.rstrip('%').replace(',', '')) / (100 if m.group(2) else 1)
    value = int(d) if d == d.to_integral_value() else float(d)
    if show(value, fmt) != text:
        return None                        # -0 and the like: keep the text
    return value, fmt


# ------------------------------------------------------------------ reading

class Table:
    """One table jixiao found: rows are its lines' cells, spans its merges. A
    line without a TAB (a wrapped cell's text, a page number) is one cell
    merged across the table (so a reader can tell it from 'X<TAB><TAB>');
    an empty one is one empty cell."""

    def __init__(self, t, lines):
        self.title = t.get('title') or ''
        self.title_line = t.get('title_line') or 0
        self.start, self.end = t['line_start'], t['line_end']
        self.header_rows = t.get('header_rows') or 0
        self.rows = [lines[n - 1].split('\t') if '\t' in lines[n - 1] else None
                     for n in range(self.start, self.end + 1)]
        self.width = max([len(r) for r in self.rows if r is not None] or [1])
        self.spans = reconstruct_merges(self.rows, self.width, self.header_rows,
                                        t.get('kind') in SCORECARDS)
        for r, row in enumerate(self.rows):
            if row is None:
                self.rows[r] = [lines[self.start + r - 1]]
                if self.rows[r][0] and self.width > 1:
                    self.spans[(r, 0)] = (1, self.width)


def read_lines(path, encoding):
    """The document's lines as jixiao numbers them: CRLF and CR fold to LF,
    and a final line end ends the last line rather than starting one."""
    with open(path, 'rb') as f:
        text = f.read().decode(CODECS.get(encoding, 'utf-8'))
    lines = text.replace('\r\n', '\n').replace('\r', '\n').split('\n')
    return lines[:-1] if len(lines) > 1 and lines[-1] == '' else lines


def load(path, jixiao):
    """Parses one document with jixiao itself: the tables are where it says."""
    out = subprocess.run([jixiao, 'parse', path], capture_output=True, text=True)
    if out.returncode != 0 or not out.stdout.strip():
        sys.exit(f"convert: jixiao parse {path} failed: {out.stderr.strip()}")
    parsed = json.loads(out.stdout.splitlines()[0])
    lines = read_lines(path, parsed['encoding'])
    if len(lines) != parsed['lines']:
        sys.exit(f"convert: {path}: {len(lines)} lines here, {parsed['lines']} for jixiao")
    if any(XML_ILLEGAL.search(s) for s in lines):
        print(f"convert: {path}: control characters dropped (XML cannot hold them)",
              file=sys.stderr)
        lines = [XML_ILLEGAL.sub('', s) for s in lines]
    tables = [Table(t, lines) for t in parsed['tables']]
    return lines, tables, parsed['encoding']


# ------------------------------------------------------------------ merges

def reconstruct_merges(rows, width, header_rows, scorecard):
    """{(row, col): (rowspan, colspan)} for the merged cells of the printed
    form, which the text kept only as blank cells. Only cells that are exactly
    '' are ever covered; a cell anchors at most one merge (no rectangles)."""
    n = len(rows)

    def cell(r, c):
        return rows[r][c] if r < n and rows[r] is not None and c < len(rows[r]) else ''

    spans, covered = {}, set()
    # Two-row headers: a header cell with blanks to its right spans them when
    # the header row below fills every column under it (全年预算数 over
    # 总额/财政拨款/其他资金) or fills more cells than this row (项目名称 | name
    # spanning the width); not when that row is the 栏次 row (1 2 3 …).
    # Only between rows jixiao counts as the header.
    for r in range(min(header_rows, n) - 1):
        row = rows[r]
        if row is None or rows[r + 1] is None:
            continue
        below = [s for s in rows[r + 1] if s]
        if all(NUMBER.fullmatch(s) for s in below):
            continue                       # the 栏次 row numbers, not sub-headers
        c = 0
        while c < len(row):
            e = c
            while row[c] and e + 1 < len(row) and row[e + 1] == '':
                e += 1
            under = all(cell(r + 1, k) for k in range(c, e + 1))
            wider = len(below) > sum(map(bool, row))
            # a single cell across the whole table would read as a TAB-less line
            if e > c and (under or wider) and not (c == 0 and e == width - 1):
                spans[(r, c)] = (1, e - c + 1)
                covered.update((r, k) for k in range(c + 1, e + 1))
            c = e + 1
    # Label columns, in a scorecard only: the leading columns whose filled
    # cells are (almost all) words, not numbers — 绩效指标 | 一级指标 | 二级指标.
    # An amount column, every column right of it, and every column of a
    # ledger take no vertical merge outside the header: a blank there is an
    # empty cell, not a label's row.
    labels = set()
    for c in range(width if scorecard else 0):
        filled = [cell(r, c) for r in range(n) if cell(r, c)]
        if not filled or sum(bool(NUMBER.fullmatch(s)) for s in filled) * 5 > len(filled):
            break
        labels.add(c)
    # A label spans the blank cells below it down to the next filled one, over
    # rows that are its sub-rows (every cell left of it blank: a row starting
    # further left, 总分 say, starts a new group); in the header it spans the
    # header rows below it (分值 over a two-row header).
    for c in range(width):
        for r in range(n):
            if not cell(r, c) or (r, c) in spans or (r, c) in covered:
                continue
            e = r
            while e + 1 < n and rows[e + 1] is not None and c < len(rows[e + 1]) \
                    and rows[e + 1][c] == '' and (e + 1, c) not in covered \
                    and (e + 1 < header_rows
                         or (c in labels and not any(rows[e + 1][:c]))):
                e += 1
            if e > r:
                spans[(r, c)] = (e - r + 1, 1)
                covered.update((k, c) for k in range(r + 1, e + 1))
    return spans


def merged_ranges(tables):
    """The merged ranges Sheet1 should have, as Excel names them (A365:A369)."""
    col = openpyxl.utils.get_column_letter
    return sorted(f'{col(c + 1)}{t.start + r}:{col(c + cs)}{t.start + r + rs - 1}'
                  for t in tables for (r, c), (rs, cs) in t.spans.items())


def blocks(tables):
    """Each table's lines with its title and the lines between (year, unit,
    org, which jixiao reads the table's model from): [first, last]."""
    out, prev_end = [], 0
    for t in tables:
        first = t.title_line if prev_end < t.title_line < t.start else t.start
        out.append((first, t.end))
        prev_end = t.end
    return out


# ------------------------------------------------------------------ writers

THIN = Side(style='thin')
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def put(cell, text):
    num = as_number(text)
    if num:
        cell.value, cell.number_format = num
    else:
        cell.value = text
        cell.data_type = 's'               # '=…' stays text, never a formula


def units(text):
    """Width in Excel's units: a CJK character takes two."""
    return len(text.encode('gbk', 'replace'))


def put_line(ws, r, line):
    """A line's cells on row r. Its empty cells are written too (as empty
    text-formatted cells): jixiao reads 'X<TAB><TAB>' otherwise than 'X', so a
    reader must see where a row's cells end."""
    cells = line.split('\t')
    for j, text in enumerate(cells, 1):
        if text:
            put(ws.cell(r, j), text)
        elif len(cells) > 1:
            ws.cell(r, j).number_format = '@'


def fill_sheet(ws, lines, first, tables, titles):
    """Writes lines[first-1:] … onto ws from row 1: one line per row, a table
    row cell by cell with its merges, a prose line in column A (split at TABs)."""
    for i, line in enumerate(lines):
        put_line(ws, i + 1, line)
        if first + i in titles:
            ws.cell(i + 1, 1).font = Font(bold=True, size=14)
    widths = {}
    for t in tables:
        for row in t.rows:
            for c, text in enumerate(row):
                widths[c] = max(widths.get(c, 6), min(30, units(text) + 2))
    for c, w in widths.items():
        ws.column_dimensions[openpyxl.utils.get_column_letter(c + 1)].width = w
    for t in tables:
        top = t.start - first + 1          # the table's first row on this sheet
        for r, row in enumerate(t.rows):
            if row == ['']:
                continue                   # an empty TAB-less line: no cell at all
            # the line's cells, or for a TAB-less line the table's width it spans
            for c in range(max(len(row), t.spans.get((r, 0), (1, 1))[1])):
                cell = ws.cell(top + r, c + 1)
                cell.border = GRID
                cell.alignment = Alignment(wrap_text=True, vertical='center')
            # no reader computes row heights: give wrapped text the lines it needs
            need = 1
            for c, text in enumerate(row):
                rs, cs = t.spans.get((r, c), (1, 1))
                if text and rs == 1:
                    room = sum(widths.get(k, 6) for k in range(c, c + cs)) - 1
                    need = max(need, -(-units(text) // room))
            if need > 1:
                ws.row_dimensions[top + r].height = 14 * need
        for (r, c), (rs, cs) in t.spans.items():
            ws.merge_cells(start_row=top + r, start_column=c + 1,
                           end_row=top + r + rs - 1, end_column=c + cs)
    ws.page_setup.orientation = 'landscape'
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if len(tables) == 1:                   # a table's sheet: one page wide
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    else:                                  # Sheet1's prose overflows far right
        ws.page_setup.scale = 70


def sheet_name(title, taken):
    base = re.sub(r"[\[\]:*?/\\]", '', title).strip("' ")[:31] or f"表{len(taken)}"
    name, k = base, 1
    while name in taken:
        k += 1
        name = f"{base[:31 - len(str(k)) - 2]}({k})"
    taken.add(name)
    return name


def write_xlsx(lines, tables, path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = 'Sheet1'
    titles = {t.title_line for t in tables}
    fill_sheet(ws, lines, 1, tables, titles)
    wb.save(path)
    # The multi-sheet variant: the prose first, then a sheet per table holding
    # its title block and rows (so the tables keep their titles and units).
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = '正文'
    spans = blocks(tables)
    inside = {n for a, b in spans for n in range(a, b + 1)}
    for i, n in enumerate(n for n in range(1, len(lines) + 1) if n not in inside):
        put_line(ws, i + 1, lines[n - 1])
    taken = {'正文'}
    for t, (a, b) in zip(tables, spans):
        fill_sheet(wb.create_sheet(sheet_name(t.title, taken)), lines[a - 1:b], a, [t], titles)
    wb.save(path[:-len('.xlsx')] + '.per-table.xlsx')


def write_xls(xlsx_paths, outdir):
    """LibreOffice converts the workbooks (one run, a private profile)."""
    if not shutil.which('soffice'):
        sys.exit('convert: .xls needs LibreOffice (soffice); try --formats xlsx,docx,html')
    with tempfile.TemporaryDirectory() as profile:
        out = subprocess.run(['soffice', f'-env:UserInstallation=file://{profile}',
                              '--headless', '--convert-to', 'xls:MS Excel 97',
                              '--outdir', outdir] + xlsx_paths,
                             capture_output=True, text=True)
    for p in xlsx_paths:
        xls = os.path.join(outdir, os.path.basename(p)[:-5] + '.xls')
        if not os.path.exists(xls):
            sys.exit(f"convert: soffice wrote no {xls}: {out.stderr.strip()}")


def fit_to_width(path, to):
    """A copy of the workbook at `to` with every sheet printed as offices
    print wide forms: landscape, one page wide, as many pages down as it takes."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        ws.page_setup.orientation = 'landscape'
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    wb.save(to)


def to_pdf(paths, outdir):
    """LibreOffice prints office files to PDF (one run, a private profile):
    OUTDIR/BASE.pdf for each; Writer's export for a .docx, Calc's for a
    workbook. Returns the PDFs' paths."""
    if not shutil.which('soffice'):
        sys.exit('convert: .pdf needs LibreOffice (soffice); try --formats xlsx,docx,html')
    with tempfile.TemporaryDirectory() as profile:
        out = subprocess.run(['soffice', f'-env:UserInstallation=file://{profile}',
                              '--headless', '--convert-to', 'pdf',
                              '--outdir', outdir] + paths,
                             capture_output=True, text=True)
    pdfs = [os.path.join(outdir, os.path.splitext(os.path.basename(p))[0] + '.pdf')
            for p in paths]
    for pdf in pdfs:
        if not os.path.exists(pdf):
            sys.exit(f"convert: soffice wrote no {pdf}: {out.stderr.strip()}")
    return pdfs


def write_pdf(bases, outdir):
    """NAME.pdf from NAME.docx (the document as Word prints it) and
    NAME.per-table.pdf from NAME.per-table.xlsx, each sheet set to print
    landscape and one page wide first (the copy set so is made in a scratch
    folder; the .per-table.xlsx itself is left as it is)."""
    with tempfile.TemporaryDirectory() as tmp:
        wide = []
        for base in bases:
            wide.append(os.path.join(tmp, os.path.basename(base) + '.per-table.xlsx'))
            fit_to_width(base + '.per-table.xlsx', wide[-1])
        to_pdf([b + '.docx' for b in bases] + wide, outdir)


def walk(lines, tables):
    """(line number, None) for a prose line, (first line, table) for a table,
    in document order."""
    by_start, n = {t.start: t for t in tables}, 1
    while n <= len(lines):
        t = by_start.get(n)
        yield n, t
        n = t.end + 1 if t else n + 1


def write_docx(lines, tables, path):
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt
    d = docx.Document()
    sec = d.sections[0]                    # A4 landscape: the forms are wide
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = Cm(1.5)
    d.styles['Normal'].font.size = Pt(10)
    d.styles['Normal'].element.get_or_add_rPr().get_or_add_rFonts().set(qn('w:eastAsia'), 'SimSun')
    titles = {t.title_line for t in tables}
    for n, t in walk(lines, tables):
        if t is None:                      # prose: one paragraph per line
            p = d.add_paragraph()
            if lines[n - 1]:
                run = p.add_run(lines[n - 1])
                if n in titles:
                    run.bold, run.font.size = True, Pt(14)
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            continue
        tbl = d.add_table(rows=len(t.rows), cols=t.width)
        tbl.style = 'Table Grid'
        # merge while every cell is empty, then write the text into the anchors
        for (r, c), (rs, cs) in t.spans.items():
            tbl.cell(r, c).merge(tbl.cell(r + rs - 1, c + cs - 1))
        cells = tbl._cells
        for r, row in enumerate(t.rows):
            for c, text in enumerate(row):
                if text:
                    cells[r * t.width + c].paragraphs[0].add_run(text).font.size = Pt(8)
        for tr, row in zip(tbl._tbl.tr_lst, t.rows):  # a short line: a short row
            for tc in tr.tc_lst[len(row):]:
                tr.remove(tc)
    d.save(path)


def write_html(lines, tables, path, charset, name):
    meta = ('<meta charset="utf-8">' if charset == 'utf-8' else
            '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    out = ['<!DOCTYPE html>', f'<html><head>{meta}<title>{escape(name)}</title>',
           '<style>p,td{white-space:pre-wrap} p.title{font-weight:bold;text-align:center}'
           ' table{border-collapse:collapse} td{border:1px solid #000;padding:2px 4px}'
           '</style></head><body>']
    titles = {t.title_line for t in tables}
    for n, t in walk(lines, tables):
        if t is None:
            cls = ' class="title"' if n in titles else ''
            out.append(f'<p{cls}>{escape(lines[n - 1], quote=False)}</p>')
            continue
        covered = {(r + i, c + j) for (r, c), (rs, cs) in t.spans.items()
                   for i in range(rs) for j in range(cs)} - set(t.spans)
        out.append('<table border="1" cellspacing="0">')
        for r, row in enumerate(t.rows):
            tds = []
            for c in range(len(row)):
                if (r, c) in covered:
                    continue
                rs, cs = t.spans.get((r, c), (1, 1))
                attr = (f' rowspan="{rs}"' if rs > 1 else '') + \
                       (f' colspan="{cs}"' if cs > 1 else '')
                tds.append(f'<td{attr}>{escape(row[c], quote=False)}</td>')
            out.append('<tr>' + ''.join(tds) + '</tr>')
        out.append('</table>')
    out.append('</body></html>\n')
    codec = 'utf-8' if charset == 'utf-8' else 'gbk'
    with open(path, 'wb') as f:  # what GBK lacks goes as &#NNNN; (still lossless)
        f.write('\n'.join(out).encode(codec, errors='xmlcharrefreplace'))


# ------------------------------------------------------------------ main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('files', nargs='*', metavar='FILE.txt')
    ap.add_argument('--jixiao', default=os.path.join(ROOT, 'jixiao'))
    ap.add_argument('--formats', default=','.join(FORMATS))
    ap.add_argument('--charset', choices=('utf-8', 'gbk'), default='utf-8')
    ap.add_argument('-o', dest='outdir')
    ap.add_argument('--verify', metavar='OUTDIR')
    args = ap.parse_args()
    if args.verify:
        from verify import verify          # the readers, in their own file
        return verify(args.verify)
    formats = [f for f in args.formats.split(',') if f]
    if 'xls' in formats and 'xlsx' not in formats:
        formats.insert(0, 'xlsx')          # the .xls is made from the .xlsx
    for made_from in ('xlsx', 'docx'):     # the .pdf from the .docx and the
        if 'pdf' in formats and made_from not in formats:  # .per-table.xlsx
            formats.insert(formats.index('pdf'), made_from)
    if not args.outdir or not args.files or set(formats) - set(FORMATS):
        ap.error('need -o OUTDIR, FILE.txt…, and --formats among ' + ','.join(FORMATS))
    if not os.access(args.jixiao, os.X_OK):
        ap.error(f'{args.jixiao} is missing: run make first')
    os.makedirs(args.outdir, exist_ok=True)
    mpath = os.path.join(args.outdir, 'manifest.json')
    manifest = json.load(open(mpath, encoding='utf-8')) if os.path.exists(mpath) else {}
    xls_from, pdf_from = [], []
    for path in args.files:
        name = os.path.splitext(os.path.basename(path))[0]
        lines, tables, encoding = load(path, args.jixiao)
        base = os.path.join(args.outdir, name)
        if 'xlsx' in formats:
            write_xlsx(lines, tables, base + '.xlsx')
            xls_from.append(base + '.xlsx')
        if 'docx' in formats:
            write_docx(lines, tables, base + '.docx')
        if 'pdf' in formats:
            pdf_from.append(base)
        if 'html' in formats:
            write_html(lines, tables, base + '.html', args.charset, name)
        manifest[name] = {'source': os.path.abspath(path), 'encoding': encoding,
                          'formats': formats, 'charset': args.charset,
                          'jixiao': os.path.abspath(args.jixiao),
                          'blocks': blocks(tables),
                          'merges': sum(len(t.spans) for t in tables),
                          'merged': merged_ranges(tables)}
        print(f"{path}: {len(tables)} tables, {manifest[name]['merges']} merges")
    if 'xls' in formats:
        write_xls(xls_from, args.outdir)
    if 'pdf' in formats:
        write_pdf(pdf_from, args.outdir)
    with open(mpath, 'w', encoding='utf-8') as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())
