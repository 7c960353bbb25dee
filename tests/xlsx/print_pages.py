#!/usr/bin/python3
"""print_pages.py — jixiao's corrected workbooks as LibreOffice prints them:
the pages each sheet takes and the footer on every page, read from the PDF.

  print_pages.py [--pdf-dir DIR] [--expected TSV [--record]] WORKBOOK.xlsx...

Each WORKBOOK.xlsx is printed beforehand to DIR/WORKBOOK.pdf (LibreOffice,
`soffice --convert-to pdf`; tests/suites/print.sh does it, five workbooks in
one run). The PDF is read with `mutool draw -F trace`: every glyph with its
origin, size and advance, every path, and the clip each is drawn under.
Prints "ok - …" / "not ok - …" lines (the shell suites' format) and "# …"
lines saying what was found. Exit status 0 when every check passed, 1 when
one failed, 2 when the checks could not run (a workbook or PDF unreadable).

What LibreOffice does, found by printing the seeds and variants of them
(LibreOffice 7.4, mutool 1.21):
  - Every visible sheet with a cell value prints on one or more pages, in the
    workbook's order; a hidden sheet prints nothing, and so does a visible
    sheet without a value (an empty sheet, one with only a border). So the
    runs of pages are mapped onto the visible sheets that hold a value.
  - The footer's &P restarts at 1 on each sheet (jixiao writes
    useFirstPageNumber, worksheet_set_start_page 1): a sheet's pages are the
    run from a page whose footer reads 第 1 页 to the page before the next.
  - A card's, 审核摘要's and 问题清单's 共 N 页 is their own pages' count:
    jixiao cuts them into pages and writes the count into the footer. A
    financial table's is the program's &N: the page count of the whole
    printed workbook in LibreOffice.
  - The footer is drawn under a clip, the footer's area: from the footer
    margin (6 mm above the paper's foot) up towards the bottom margin (16
    mm); the body's rows end at the paper's height less the bottom margin,
    and LibreOffice never splits a row across pages. A bottom margin only a
    little above the footer margin squeezes the footer's area and clips its
    text; one below the footer margin prints no footer at all.
  - A cell holding a hyperlink is not wrapped, whatever its format says: its
    text runs on in one line and is clipped at the cell's edge (or runs past
    the paper's); without the link the same cell wraps.
  - A label centred on a merged range that a page break cuts is drawn where
    the whole range would centre it, clipped away on the page above.
  - The page, footer included, is scaled to fit the sheet one page wide
    (fitToWidth 1, fitToHeight 0): sizes in the PDF are the scaled ones.

Checks (over all the workbooks given):
  1. pages: each PDF's pages fall in runs 第 1, 2, … 页, one run per visible
     sheet with a value, every such sheet on ≥ 1 page;
  2. the runs are the sheets: each run's pages hold every text of its sheet
     (each string cell, blanks aside, in the glyphs' drawing order; a run
     mapped to the wrong sheet lacks them, unless the two sheets hold the
     same texts);
  3. 共 N 页 is a page count: a card's own, another sheet's the PDF's
     (LibreOffice's &N);
  4. the scorecard sheets (those 审核摘要 links to) print on the pages
     recorded in --expected (workbook, sheet, pages): a layout change that
     adds a page fails and is re-recorded on purpose (--record rewrites it);
  5. no sheet prints on more pages than its rows need. Its printed rows are
     measured in the PDF: a row's height is the distance between the
     horizontal rules that bound it, a page's rows end at its lowest mark.
     The rows' height is the sum, over its pages, of what the page holds
     below its top margin (below the repeated title rows on later pages).
     A sheet whose rows fit the page's body height — the paper's height less
     the top and bottom margins of its page set-up, 1 pt to spare — must
     print on one page; on more, every page but the last must be full: its
     rows' foot plus the next page's first new row reaches past the body
     (a page whose first new row has no rule under it is said, not judged);
  6. every page has its footer: the sheet's left footer text (the source
     file) and 第 P 页 共 N 页;
  7. no footer is clipped: each footer glyph's box (its advance across, and
     0.88 em above to 0.21 em below its baseline: the CJK em box, Latin
     descenders included) lies on the paper, its foot ≥ 3 mm above the
     paper's bottom edge, and inside the clip it is drawn under;
  8. the body ends above the footer: no body glyph box (the part its clip
     lets through), rule or fill reaches below the top of the footer's
     glyphs (LibreOffice keeps them apart by itself; this holds the PDF to
     it, as a PDF with a line drawn into the footer's band shows);
  9. no body text is cut: every body glyph lies within the page's printable
     width (the left and right margins, 1 pt to spare), on the paper, and
     inside the clip it is drawn under (a cell's text too long for it, a
     label cut by a page break). Known exception, listed in the output and
     not failed: the text of a cell holding a hyperlink (LibreOffice does
     not wrap it), which cuts the long card names in 审核摘要's 链接 column
     and the locations (FILE.txt:LINE) of the linked findings in 问题清单's
     位置 column at their cells' right edge. Any other cut glyph fails.
A workbook whose pages do not map onto its sheets fails check 1 and is not
judged sheet by sheet: the checks that need the mapping fail for it too.
"""
import argparse
import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import openpyxl
from openpyxl.utils import column_index_from_string

PT_PER_INCH = 72.0
PT_PER_MM = 72.0 / 25.4
ASCENT, DESCENT = 0.88, 0.21     # em, the glyph box above and below the baseline
FOOT_CLEAR = 3 * PT_PER_MM       # a footer glyph's foot above the paper's edge
# A line of 10-point text, what Calc may leave unused at a page's foot.
LINE_SLACK = 16.0
TOL = 1.0                        # pt: LibreOffice lays out in 1/100 mm and twips
FOOTER_RE = re.compile(r'第(\d+)页共(\d+)页')
SUMMARY = '审核摘要'


def compact(text):
    return re.sub(r'\s+', '', str(text))


# ------------------------------------------------------------------ the PDF

def _matrix(text):
    return [float(v) for v in text.split()] if text else [1.0, 0, 0, 1.0, 0, 0]


def _apply(m, x, y):
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _points(el, m):
    out = []
    for p in el:
        if p.tag in ('moveto', 'lineto'):
            out.append((p.tag, _apply(m, float(p.get('x')), float(p.get('y')))))
        elif p.tag == 'curveto':
            for i in (1, 2, 3):
                out.append((p.tag, _apply(m, float(p.get(f'x{i}')), float(p.get(f'y{i}')))))
    return out


def _box(points, grow=0.0):
    xs = [p[1][0] for p in points]
    ys = [p[1][1] for p in points]
    return (min(xs) - grow, min(ys) - grow, max(xs) + grow, max(ys) + grow)


class Page:
    """One PDF page in top-down points: glyphs (dicts), drawn boxes, rules."""

    def __init__(self, width, height):
        self.width, self.height = width, height
        self.glyphs, self.drawn, self.rules = [], [], []
        self.footer, self.body = [], []
        self.number = self.count = None


def read_pdf(path):
    out = subprocess.run(['mutool', 'draw', '-F', 'trace', '-o', '-', path],
                         capture_output=True)
    if out.returncode != 0:
        raise RuntimeError(f'mutool could not trace {path}: {out.stderr.decode(errors="replace").strip()}')
    pages = []
    for el in ET.fromstring(out.stdout).iter('page'):
        box = _matrix(el.get('mediabox'))
        page = Page(box[2] - box[0], box[3] - box[1])
        clips = []              # (id, box or None), innermost last
        ids = {'clip': 0, 'text': 0}

        def walk(parent):
            for e in parent:
                tag = e.tag
                if tag.startswith('clip_'):
                    ids['clip'] += 1
                    ps = _points(e, _matrix(e.get('transform'))) if 'path' in tag else []
                    clips.append((ids['clip'], _box(ps) if ps else None))
                elif tag == 'pop_clip':
                    if clips:
                        clips.pop()
                elif tag in ('fill_text', 'stroke_text'):
                    m = _matrix(e.get('transform'))
                    ids['text'] += 1
                    for span in e.iter('span'):
                        t = _matrix(span.get('trm'))
                        a, b = t[0] * m[0] + t[1] * m[2], t[0] * m[1] + t[1] * m[3]
                        c, d = t[2] * m[0] + t[3] * m[2], t[2] * m[1] + t[3] * m[3]
                        size = math.sqrt(abs(a * d - b * c))
                        for g in span.iter('g'):
                            x, y = _apply(m, float(g.get('x')), float(g.get('y')))
                            page.glyphs.append({
                                'c': g.get('unicode') or '', 'x0': x,
                                'x1': x + float(g.get('adv') or 0) * size,
                                'y0': y - ASCENT * size, 'y1': y + DESCENT * size,
                                'base': y, 'size': size, 'text': ids['text'],
                                'clip': clips[-1] if clips else (0, None)})
                elif tag in ('fill_path', 'stroke_path'):
                    ps = _points(e, _matrix(e.get('transform')))
                    if not ps:
                        continue
                    half = float(e.get('linewidth') or 0) / 2 if tag == 'stroke_path' else 0.0
                    page.drawn.append(_box(ps, half))
                    if tag == 'stroke_path':
                        for (_, p0), (k1, p1) in zip(ps, ps[1:]):
                            if k1 == 'lineto' and abs(p0[1] - p1[1]) < 0.01 and abs(p0[0] - p1[0]) > 0.5:
                                page.rules.append(p0[1])
                elif tag.startswith('fill_image') or tag == 'fill_shade':
                    m = _matrix(e.get('transform'))
                    page.drawn.append(_box([('', _apply(m, x, y)) for x in (0, 1) for y in (0, 1)]))
                else:
                    walk(e)
        walk(el)
        find_footer(page)
        pages.append(page)
    return pages


def find_footer(page):
    """The footer: the glyphs drawn under the clip that holds 第 P 页 共 N 页
    (LibreOffice clips the footer to its area); without such a clip, the
    glyphs on the baseline of the lowest 第 P 页 共 N 页."""
    groups = {}
    for g in page.glyphs:
        groups.setdefault(g['clip'][0], []).append(g)
    best = None
    for key, gs in groups.items():
        m = FOOTER_RE.search(compact(''.join(g['c'] for g in gs)))
        if key and m:
            low = max(g['base'] for g in gs)
            if best is None or low > best[0]:
                best = (low, gs, m)
    if best is None:
        lines = {}
        for g in page.glyphs:
            lines.setdefault(round(g['base'] * 2) / 2, []).append(g)
        for base, gs in sorted(lines.items(), reverse=True):
            m = FOOTER_RE.search(compact(''.join(g['c'] for g in sorted(gs, key=lambda g: g['x0']))))
            if m:
                best = (base, [g for g in page.glyphs if abs(g['base'] - base) < 0.5 * g['size']], m)
                break
    if best is not None:
        page.footer = best[1]
        page.number, page.count = int(best[2].group(1)), int(best[2].group(2))
    ids = {id(g) for g in page.footer}
    page.body = [g for g in page.glyphs if id(g) not in ids]


def body_text(pages):
    return compact(''.join(g['c'] for p in pages for g in p.body))


def lines(glyphs):
    """Body glyphs as lines of text: runs in drawing order on one baseline,
    going right without a gap wider than an em (a cell's line; the next cell
    on the baseline is a line of its own)."""
    out, cur = [], []
    for g in glyphs:
        if cur and (abs(g['base'] - cur[-1]['base']) > 0.5 or g['x0'] < cur[-1]['x0'] - 0.5
                    or g['x0'] > cur[-1]['x1'] + g['size']):
            out.append(cur)
            cur = []
        cur.append(g)
    if cur:
        out.append(cur)
    return out


def boundaries(page):
    """The page's distinct horizontal rules, top-down."""
    out = []
    for y in sorted(page.rules):
        if not out or y - out[-1] > 0.5:
            out.append(y)
    return out


def visible_foot(g):
    """The foot of the part of a glyph's box its clip lets through (None if
    it lets nothing through: a label Calc centres on a merged range a page
    break cuts is drawn on the page above, clipped away)."""
    clip = g['clip'][1]
    if clip is None:
        return g['y1']
    if g['x1'] <= clip[0] or g['x0'] >= clip[2] or g['y1'] <= clip[1] or g['y0'] >= clip[3]:
        return None
    return min(g['y1'], clip[3])


def foot_of(page):
    """The lowest mark the page's body prints: glyph box, rule or fill."""
    marks = [f for f in map(visible_foot, page.body) if f is not None] + [b[3] for b in page.drawn]
    return max(marks) if marks else None


# ------------------------------------------------------------ the workbook

class Sheet:
    def __init__(self, ws, links):
        self.title = ws.title
        self.visible = ws.sheet_state == 'visible'
        hidden_cols = set()
        for k, d in ws.column_dimensions.items():
            if d.hidden:
                first = d.min or column_index_from_string(k)
                hidden_cols.update(range(first, (d.max or first) + 1))
        hidden_rows = {r for r, d in ws.row_dimensions.items() if d.hidden}
        self.strings = set()
        self.printable = False
        for row in ws.iter_rows():
            for c in row:
                if c.value in (None, '') or c.row in hidden_rows or c.column in hidden_cols:
                    continue
                self.printable = True
                if c.data_type == 's' and compact(c.value):
                    self.strings.add(compact(c.value))
        inch = PT_PER_INCH
        pm = ws.page_margins
        self.top, self.bottom = pm.top * inch, pm.bottom * inch
        self.left, self.right = pm.left * inch, pm.right * inch
        self.footer_left = compact(ws.oddFooter.left.text or '')
        self.title_rows = 0
        if ws.print_title_rows:
            m = re.fullmatch(r'\$?(\d+):\$?(\d+)', ws.print_title_rows)
            if m:
                self.title_rows = int(m.group(2)) - int(m.group(1)) + 1
        self.card = self.title in links
        # The sheets jixiao cuts into pages and counts in their footers.
        self.counted = self.card or self.title in (SUMMARY, '问题清单') or self.title.startswith('问题清单(')
        # Pages jixiao cut by hand (a block kept together, a group moved under 续表).
        self.manual_breaks = len(ws.row_breaks.brk) if ws.row_breaks is not None else 0


def read_workbook(path):
    wb = openpyxl.load_workbook(path)
    links = set()
    if SUMMARY in wb.sheetnames:
        for row in wb[SUMMARY].iter_rows():
            for c in row:
                if c.hyperlink is not None and c.hyperlink.location:
                    m = re.match(r"^'?(.*?)'?!", c.hyperlink.location)
                    if m:
                        links.add(m.group(1).replace("''", "'"))
    return [Sheet(ws, links) for ws in wb.worksheets]


# ------------------------------------------------------------------ checks

class Checks:
    def __init__(self):
        self.failed = 0

    def check(self, name, bad, limit=8):
        print(('not ok - ' if bad else 'ok - ') + name)
        for b in bad[:limit]:
            print('#   ' + b)
        if len(bad) > limit:
            print(f'#   … and {len(bad) - limit} more')
        self.failed += bool(bad)


def runs_of(pages):
    runs = []
    for p in pages:
        if p.number == 1 or not runs:
            runs.append([])
        runs[-1].append(p)
    return runs


def outside_clip(g):
    clip = g['clip'][1]
    return clip is not None and (g['x0'] < clip[0] - TOL or g['x1'] > clip[2] + TOL
                                 or g['y0'] < clip[1] - TOL or g['y1'] > clip[3] + TOL)


def measure(sheet, pages):
    """(rows' height, body height, [problems], [what could not be measured])
    for one sheet's pages."""
    problems, notes = [], []
    body = pages[0].height - sheet.top - sheet.bottom
    floor = pages[0].height - sheet.bottom
    held = 0.0
    for i, p in enumerate(pages):
        foot = foot_of(p)
        if foot is None:
            problems.append(f'page {i + 1}: nothing printed')
            continue
        start = sheet.top
        if i > 0 and sheet.title_rows:
            b = boundaries(p)
            if len(b) <= sheet.title_rows:
                notes.append(f'page {i + 1}: no rules to measure the repeated rows by')
                continue
            start = b[sheet.title_rows]
        held += foot - start
    if sheet.manual_breaks:
        # Cut by hand where a block would not fit under the rows above: each
        # page holds what jixiao put on it, none overflowed into a page more.
        if len(pages) != sheet.manual_breaks + 1:
            problems.append(f'cut by hand into {sheet.manual_breaks + 1} pages, prints on {len(pages)}: '
                            f'a page held less than its rows as measured')
        return held, body, problems, notes
    for i in range(len(pages) - 1):
        b = boundaries(pages[i + 1])
        n = sheet.title_rows
        foot = foot_of(pages[i])
        if len(b) < n + 2 or foot is None:
            notes.append(f'page {i + 2}: no rule under its first new row to measure the row by')
            continue
        nxt = b[n + 1] - b[n]
        # Calc may end a page up to a line short of the footer's band (seen:
        # 14 pt on a list whose rows all have their heights set); a row that
        # would have fitted with a line to spare is a page cut early.
        if foot + nxt <= floor - LINE_SLACK:
            problems.append(f'page {i + 1} ends at {foot:.1f} pt, and page {i + 2}\'s first row '
                            f'({nxt:.1f} pt) would have fitted above {floor:.1f} pt')
    if len(pages) > 1 and held <= body - TOL and not any('repeated' in n for n in notes):
        problems.append(f'its rows ({held:.1f} pt) fit one page ({body:.1f} pt) but print on {len(pages)}')
    return held, body, problems, notes


def read_expected(path):
    want = {}
    if path and os.path.exists(path):
        with open(path, encoding='utf-8') as f:
            for line in f:
                line = line.rstrip('\n')
                if not line or line.startswith('#') or line.startswith('workbook\t'):
                    continue
                wb, sheet, pages = line.split('\t')
                want[(wb, sheet)] = int(pages)
    return want


HEADER = """\
# Pages each scorecard sheet of the seeds' corrected workbooks prints on
# (LibreOffice, A4 landscape, one page wide), as tests/suites/print.sh finds
# them in the PDF (tests/xlsx/print_pages.py). A layout change that adds or
# removes a page fails the suite; if it is meant, re-record with
#   JX_PRINT_RECORD=1 bash tests/suites/print.sh
# and say why in the commit.
workbook\tsheet\tpages
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('workbooks', nargs='+')
    ap.add_argument('--pdf-dir', help='where WORKBOOK.pdf is (default: beside the workbook)')
    ap.add_argument('--expected', help='TSV of workbook, sheet, pages for the scorecard sheets')
    ap.add_argument('--record', action='store_true', help='rewrite --expected from these PDFs')
    args = ap.parse_args()

    books = []
    for path in args.workbooks:
        base = os.path.basename(path)
        pdf = os.path.join(args.pdf_dir or os.path.dirname(path), os.path.splitext(base)[0] + '.pdf')
        try:
            books.append((base, read_workbook(path), read_pdf(pdf)))
        except (OSError, RuntimeError, ET.ParseError, KeyError, ValueError) as e:
            print(f'# print_pages: {base}: {e}')
            return 2

    C = Checks()
    bad_runs, bad_map, bad_count, counts = [], [], [], set()
    mapped = []                     # (workbook, sheet, its pages)
    unmapped = []                   # workbooks whose runs are not their sheets
    npages = nsheets = ntexts = 0
    for base, sheets, pages in books:
        printed = [s for s in sheets if s.visible and s.printable]
        runs = runs_of(pages)
        npages += len(pages)
        nsheets += len(printed)
        for i, p in enumerate(pages, 1):
            if p.number is None:
                bad_runs.append(f'{base}: page {i} has no 第 P 页 共 N 页')
        for r in runs:
            got = [p.number for p in r]
            if got != list(range(1, len(r) + 1)):
                bad_runs.append(f'{base}: a run of pages numbered {got}')
        for s in sheets:
            if s.visible and not s.printable:
                print(f'# {base}: {s.title} holds no value and prints no page (as LibreOffice does)')
        if len(runs) != len(printed):
            bad_runs.append(f'{base}: {len(runs)} runs of pages, {len(printed)} visible sheets with a value '
                            f'({", ".join(s.title for s in printed)})')
            unmapped.append(base)
            continue
        for s, r in zip(printed, runs):
            mapped.append((base, s, r))
            text = body_text(r)
            missing = sorted(t for t in s.strings if t not in text)
            ntexts += len(s.strings)
            if missing:
                bad_map.append(f'{base}: the run for {s.title} lacks {len(missing)} of its '
                               f'{len(s.strings)} texts: {", ".join(t[:16] for t in missing[:4])}')
        # 共 N 页: a sheet's own pages where jixiao cut them and writes the
        # count (a card, 审核摘要, 问题清单); a financial table's the program's
        # &N, the PDF's count in LibreOffice.
        kinds = set()
        for s, r in zip(printed, runs):
            for p in r:
                if p.count == len(r) and (s.counted or len(r) == len(pages)):
                    kinds.add('sheet' if s.counted else 'workbook')
                elif p.count == len(pages) and not s.counted:
                    kinds.add('workbook')
                else:
                    bad_count.append(f'{base}: {s.title} page {p.number} says 共 {p.count} 页; '
                                     f'the sheet prints {len(r)}, the workbook {len(pages)}'
                                     + (' (it counts its own)' if s.counted else ''))
        counts |= kinds
        print(f'# {base}: {len(pages)} pages: ' +
              '; '.join(f'{s.title} {len(r)}' for s, r in zip(printed, runs)))
    # A workbook whose pages are not mapped onto its sheets is not judged
    # sheet by sheet: the checks that need the mapping fail for it.
    unjudged = [f'{b}: its pages are not mapped onto its sheets (see the first check); not judged'
                for b in unmapped]

    C.check(f'pages: each PDF\'s pages run 第 1, 2, … 页 per sheet, one run per visible sheet with a '
            f'value, each on ≥ 1 page ({nsheets} sheets, {npages} pages)', bad_runs)
    C.check(f'the runs are the sheets: each run\'s pages hold every text of its sheet ({ntexts} texts)',
            unjudged + bad_map)
    C.check('共 N 页 on every page counts its sheet\'s own pages (a card, 审核摘要, 问题清单), '
            'a financial table\'s the workbook\'s (LibreOffice\'s &N)',
            unjudged + bad_count + ([] if 'sheet' in counts else ['no card counted']))

    # 4. The scorecard sheets' pages, as recorded.
    cards = [(b, s, r) for b, s, r in mapped if s.card]
    if args.record and args.expected:
        with open(args.expected, 'w', encoding='utf-8') as f:
            f.write(HEADER)
            for b, s, r in cards:
                f.write(f'{b}\t{s.title}\t{len(r)}\n')
        print(f'# recorded the pages of {len(cards)} scorecard sheets in {args.expected}')
    want = read_expected(args.expected)
    bad = list(unjudged) if args.expected else ['no --expected']
    for b, s, r in cards:
        w = want.pop((b, s.title), None)
        if w is None:
            bad.append(f'{b}: {s.title} prints on {len(r)} pages; not recorded')
        elif w != len(r):
            bad.append(f'{b}: {s.title} prints on {len(r)} pages, recorded {w}')
    given = {b for b, _, _ in books} - set(unmapped)
    bad += [f'{b}: {t} recorded ({n} pages) but not a printed scorecard sheet'
            for (b, t), n in want.items() if b in given]
    C.check(f'the {len(cards)} scorecard sheets print on the pages recorded in '
            f'{os.path.basename(args.expected or "(no --expected)")} '
            f'({sum(len(r) for _, _, r in cards)} pages)', bad)

    # 5. No more pages than the rows need.
    bad, unmeasured = list(unjudged), []
    for b, s, r in mapped:
        held, body, problems, notes = measure(s, r)
        print(f'# {b}: {s.title}: {len(r)} page(s), rows {held:.0f} pt of a {body:.0f} pt page body')
        bad += [f'{b}: {s.title}: {p}' for p in problems]
        unmeasured += [f'{b}: {s.title}: {n}' for n in notes]
    for n in unmeasured:
        print(f'# not measured: {n}')
    ones = sum(1 for _, s, r in mapped if len(r) == 1)
    C.check(f'no sheet prints on more pages than its rows need ({ones} on one page; '
            f'a sheet cut by hand on the pages it was cut into; another\'s pages are full before the last'
            + (f'; {len(unmeasured)} page breaks not measured' if unmeasured else '') + ')', bad)

    # 6–9. Footers and the body, page by page.
    no_foot, clipped, overlap, outside = [], [], list(unjudged), list(unjudged)
    clipped += unjudged
    nfoot = 0
    for base, sheets, pages in books:
        if base not in unmapped:
            continue
        lefts = {s.footer_left for s in sheets}
        for i, p in enumerate(pages, 1):
            text = compact(''.join(g['c'] for g in p.footer))
            if not p.footer or not any(left in text for left in lefts):
                no_foot.append(f'{base}: page {i} of the PDF: footer {text!r}')
            else:
                nfoot += 1
    for b, s, r in mapped:
        for p in r:
            where = f'{b}: {s.title} page {p.number}'
            text = compact(''.join(g['c'] for g in p.footer))
            if not p.footer or (s.footer_left and s.footer_left not in text):
                no_foot.append(f'{where}: footer {text!r}, want {s.footer_left} and 第 P 页 共 N 页')
                continue
            nfoot += 1
            off = [g for g in p.footer if g['x0'] < -TOL or g['x1'] > p.width + TOL or g['y0'] < 0
                   or g['y1'] > p.height - FOOT_CLEAR]
            if off:
                clipped.append(f'{where}: {len(off)} of {len(p.footer)} footer glyphs off the paper or '
                               f'within {FOOT_CLEAR:.1f} pt of its foot: {compact("".join(g["c"] for g in off))!r}'
                               f' reaches {max(g["y1"] for g in off):.1f} pt of {p.height:.1f}')
            cut = [g for g in p.footer if g not in off and outside_clip(g)]
            if cut:
                clip = cut[0]['clip'][1]
                clipped.append(f'{where}: {len(cut)} of {len(p.footer)} footer glyphs outside their clip '
                               f'({clip[1]:.1f}–{clip[3]:.1f} pt): {compact("".join(g["c"] for g in cut))!r}'
                               f' at {min(g["y0"] for g in cut):.1f}–{max(g["y1"] for g in cut):.1f}')
            top = min(g['y0'] for g in p.footer)
            foot = foot_of(p)
            if foot is not None and foot >= top:
                low = [g for g in p.body if (visible_foot(g) or 0) >= top]
                overlap.append(f'{where}: the body reaches {foot:.1f} pt, the footer starts at {top:.1f}'
                               + (f' ({compact("".join(g["c"] for g in low))[:20]})' if low else ' (a rule or fill)'))
            lo, hi = s.left - TOL, p.width - s.right + TOL
            for line in lines(p.body):
                out = [g for g in line if g['x0'] < lo or g['x1'] > hi or g['y0'] < 0 or outside_clip(g)]
                if not out:
                    continue
                t = compact(''.join(g['c'] for g in line))
                g = out[-1]
                clip = g['clip'][1]
                msg = (f'{where}: {t!r} at {line[0]["x0"]:.1f}–{max(g["x1"] for g in line):.1f}, '
                       f'{g["y0"]:.1f}–{g["y1"]:.1f} pt, '
                       + (f'cut by its clip ({clip[0]:.1f}–{clip[2]:.1f}, {clip[1]:.1f}–{clip[3]:.1f})'
                          if outside_clip(g) else
                          f'past the printable {s.left:.1f}–{p.width - s.right:.1f} (paper {p.width:.1f})'))
                # A link's text too: a spreadsheet does not wrap a cell holding a
                # hyperlink, so the writer keeps such texts short.
                outside.append(msg)
    C.check(f'every page has its footer: the source file and 第 P 页 共 N 页 ({nfoot} of {npages} pages)',
            no_foot)
    C.check('no footer clipped: every footer glyph on the paper, its foot ≥ 3 mm above the edge, '
            'inside its clip', clipped)
    C.check('the body ends above the footer: no body glyph, rule or fill reaches the footer\'s top', overlap)
    C.check('no body text cut: every body glyph within the printable width, on the paper, inside its clip '
            '(hyperlinks\' texts too)', outside)
    return 1 if C.failed else 0

if __name__ == '__main__':
    try:
        sys.exit(main())
    except Exception as e:          # a check that cannot run is no pass
        print(f'# print_pages: {type(e).__name__}: {e}')
        sys.exit(2)
