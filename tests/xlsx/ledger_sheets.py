"""ledger_sheets.py — the financial tables' sheets of a workbook jixiao wrote
(engine/render/xlsx_ledger.c), read back with openpyxl; read_workbook.py
calls check_ledgers.

Checks, for each financial table of the parse JSON (kind "ledger"):
  - its sheet, named as templates/ledger.ini says (the prefix, the table's
    number in the document, its title; 31 characters at most), in the
    document's order after the cards and before 问题清单, no other sheet
    (no 决算表审核: 问题清单 lists every finding once);
  - the table as printed: its title on top, every cell of the grid in its
    row and column under the title lines — a number as the number printed
    (its decimals kept by the number format), a text as its text (less a
    web page's markup) — merged cells merged, the header rows in the
    header's format and repeated on every printed page; A4 landscape, one
    page wide, the footer naming the source file;
and for every finding about a financial table:
  - 问题清单's 位置 links to its cell on that table's sheet, and the cell
    holds the value the finding declares (when it declares a number); a
    finding about a blank cell links to its row's label (the cell naming
    the row the finding names, else the row's first text); the prose's
    findings about a table (its lines are no row of it) are said under the
    table, not linked;
  - the linked cell is flagged: bold in a double frame (no corrected cell's
    dots: no finding corrects a financial table), its comment giving each
    finding's severity in Chinese and its sentence.
"""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
MARKUP = re.compile(r"<[/!A-Za-z][^>]{0,254}>|&(?:nbsp|amp|lt|gt|quot|#39|emsp|ensp);|\*\*|__")


def template_keys():
    """templates/ledger.ini's sheet prefix and title."""
    keys, section = {}, None
    for line in (ROOT / "templates/ledger.ini").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line.strip("[]")
        elif section == "template" and "=" in line and not line.startswith((";", "#")):
            k, v = line.split("=", 1)
            keys[k.strip()] = v.strip()
    return keys.get("sheet", ""), keys.get("title", "")


def sheet_name(prefix, table):
    """The name jx_xlsx_sheet_name gives a table's sheet (before a number for
    uniqueness): at most 31 characters, none of []:*?/\\'."""
    named = table["title"] or table["number"]
    name = f"{prefix}{table['index']}" + (f" {named}" if named else "")
    return re.sub(r"[\[\]:*?/\\']", "_", name)[:31]


def compact(text):
    return re.sub(r"\s+", "", str(text))


def printed_number(norm):
    """A cell's normalised text as a number, the way the sheet holds it (a
    percent as a fraction), or None for anything but a plain decimal."""
    m = re.fullmatch(r"(-?)([\d,]*\.?\d+)(%?)", norm or "")
    if not m or re.match(r"-?0\d", norm):
        return None
    value = float((m.group(1) + m.group(2)).replace(",", ""))
    return value / 100 if m.group(3) else value


def same_number(a, b):
    return isinstance(a, (int, float)) and not isinstance(a, bool) and b is not None \
        and abs(a - b) < 1e-9 * max(1.0, abs(b))


def shows_cell(value, cell):
    """The sheet shows the document's cell: its number, or its text (a web
    page's markup aside)."""
    if isinstance(value, (int, float)):
        return same_number(value, printed_number(cell["norm"]))
    if value == cell["text"]:
        return True
    return isinstance(value, str) and compact(MARKUP.sub("", cell["text"])) == compact(value) \
        or compact(value) == compact(cell["norm"])


def check_ledgers(check, base, live, cached, report, model, ncards):
    prefix, default_title = template_keys()
    ledgers = [t for t in model["tables"] if t["kind"] == "ledger"]
    names = live.sheetnames
    check(f"{base}: no 决算表审核 sheet: 问题清单 lists every finding once", "决算表审核" not in names)
    want = [sheet_name(prefix, t) for t in ledgers]
    got = names[1 + ncards:1 + ncards + len(ledgers)]
    rest = names[1 + ncards + len(ledgers):]
    check(f"{base}: one sheet per financial table ({len(ledgers)}), in the document's order, "
          f"after the cards and before 问题清单",
          got == want and bool(rest) and all(n.startswith("问题清单") for n in rest))
    if got != want:
        print(f"   want {want[:3]}… got {got[:3]}…")

    # Where each table's cells are: the sheet, the rows under the title lines.
    place = {}          # (line, col) → (sheet, row, col), 1-based
    row_of_line = {}    # (table, line) → (sheet, row)
    by_index = {}
    for t, name in zip(ledgers, want):
        by_index[t["index"]] = (t, name)
        if name not in names:
            continue
        ws, wc = live[name], cached[name]
        top = 2 + bool(t["number"] or t["year"] or t["unit"] or t["org"])  # first grid row
        title = t["title"] or default_title
        bad, cells, merges = [], 0, 0
        merged = {str(r).split(":")[0]: str(r) for r in ws.merged_cells.ranges}
        for r, row in enumerate(t["rows"]):
            for c, cell in enumerate(row):
                at = (top + r, c + 1)
                place[(cell["line"], cell["col"])] = (name, *at)
                row_of_line.setdefault((t["index"], cell["line"]), (name, top + r, row))
                if not cell["text"]:
                    continue
                cells += 1
                value = wc.cell(*at).value
                if not shows_cell(value, cell):
                    bad.append(f"{wc.cell(*at).coordinate}: {value!r}, printed {cell['text']!r}")
                if cell.get("rowspan", 1) > 1 or cell.get("colspan", 1) > 1:
                    merges += 1
                    if wc.cell(*at).coordinate not in merged:
                        bad.append(f"{wc.cell(*at).coordinate}: merged in the document, not on the sheet")
        check(f"{base}/{name}: the table as printed: title, and every cell of its {len(t['rows'])} rows "
              f"in its column ({cells} cells, {merges} merged)",
              wc["A1"].value == title and not bad)
        for b in bad[:3]:
            print("   " + b)
        h = t["header_rows"]
        header_cells = [ws.cell(top + r, c + 1) for r in range(h) for c, cell in enumerate(t["rows"][r])
                        if cell["text"]]
        ps = ws.page_setup
        check(f"{base}/{name}: {h} header rows in the header's format, repeated on every page; "
              f"A4 landscape, one page wide, footer names the source",
              all(c.font.b and c.fill.patternType == "solid" for c in header_cells)
              and (ws.print_title_rows or "").replace("$", "") == (f"{top}:{top + h - 1}" if h else "")
              and ps.orientation == "landscape" and str(ps.paperSize) == "9"
              and ws.sheet_properties.pageSetUpPr.fitToPage and ps.fitToHeight in (0, "0")
              and report["file"].rsplit("/", 1)[-1] in (ws.oddFooter.left.text or ""))

    # 问题清单's rows by what they say: each finding's link.
    lists = [live[n] for n in names if n.startswith("问题清单")]
    links = {}
    for ws in lists:
        heads = [c.value for c in ws[1]]
        col = {h: heads.index(h) + 1 for h in heads if h}
        for r in range(2, ws.max_row + 1):
            code = re.search(r"（([a-z_0-9]+)）$", ws.cell(r, col["代码"]).value or "")
            key = (code.group(1) if code else "", ws.cell(r, col["说明"]).value or "",
                   ws.cell(r, col["行"]).value or "", ws.cell(r, col["列"]).value or "")
            link = ws.cell(r, col["位置"]).hyperlink
            links.setdefault(key, []).append(link.location if link is not None else None)

    bad, by_value, blank, by_row, prose, flagged = [], 0, 0, 0, 0, 0
    for f in report["findings"]:
        if f.get("table") not in by_index:
            continue
        t, name = by_index[f["table"]]
        key = (f["code"], f["message"], f["row"] or "", f["column"] or "")
        location = (links.get(key) or [None]).pop(0) if links.get(key) else None
        m = re.match(r"'(.+)'!([A-Z]+)(\d+)$", location or "")
        if f["col"] is not None:
            want_at = place.get((f["line"], f["col"]))
            if want_at is None:
                bad.append(f"{f['code']} at {f['line']}:{f['col']}: no cell of table {f['table']} there")
                continue
            target = live[want_at[0]].cell(want_at[1], want_at[2])
            if not m or m.group(1) != want_at[0] or m.group(2) + m.group(3) != target.coordinate:
                bad.append(f"{f['code']} at {f['line']}:{f['col']}: links to {location}, "
                           f"its cell is '{want_at[0]}'!{target.coordinate}")
                continue
            if isinstance(f["declared"], (int, float)):
                value = cached[want_at[0]][target.coordinate].value
                if not (same_number(value, f["declared"]) or same_number(value, f["declared"] / 100)):
                    bad.append(f"{f['code']} at {location}: holds {value!r}, declared {f['declared']}")
                    continue
                by_value += 1
            else:
                blank += 1
        elif (f["table"], f["line"]) in row_of_line:
            # A blank: its row's label, the cell that names the row the finding
            # names (the right side's of a two-sided table), else the first text.
            sheet, row, cells = row_of_line[(f["table"], f["line"])]
            col = next((c for c, cell in enumerate(cells) if f["row"] and cell["norm"] == f["row"]),
                       next((c for c, cell in enumerate(cells) if cell["text"]), 0))
            target = live[sheet].cell(row, col + 1)
            if not m or m.group(1) != sheet or m.group(2) + m.group(3) != target.coordinate:
                bad.append(f"{f['code']} about a blank of row {f['line']} ({f['row']}): links to "
                           f"{location}, its row's label is '{sheet}'!{target.coordinate}")
                continue
            by_row += 1
        else:
            prose += 1
            continue
        comment = target.comment.text if target.comment is not None else ""
        if f["message"] in comment and SEVERITY[f["severity"]] in comment and target.font.b \
                and target.border.left.style == "double" and target.fill.patternType != "gray125":
            flagged += 1
        else:
            bad.append(f"{f['code']} at {location}: not flagged with its finding "
                       f"(bold {target.font.b}, frame {target.border.left.style}, comment {comment[:40]!r})")
    check(f"{base}: every finding about a financial table links to its cell on the table's sheet "
          f"({by_value} holding the value declared, {blank} a blank cell, {by_row} a blank's row; "
          f"{prose} in the prose, not linked)", not bad)
    check(f"{base}: every linked cell is flagged: bold, a double frame, the finding in its comment "
          f"({flagged})", flagged == by_value + blank + by_row)
    for b in bad[:5]:
        print("   " + b)
