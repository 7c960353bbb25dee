#!/usr/bin/python3
"""summary_workbook.py WORKBOOK EXPECTED_JSON — reads a run's summary workbook
(jx_summary_write) back with openpyxl and compares it with the rows it was
written from (EXPECTED_JSON, which tests/unit/test_summary.c writes from the
jx_summary: every field of summary_fields.def, exact decimals as text).

Prints "ok - …" / "not ok - …" lines (the shell suites' format). Checks:
  - the sheets, in order: 总览, 文件, 评分表, 问题代码, 图表;
  - 文件: the headers and widths of summary_fields.def's document fields, in
    its order; a row per document in the run's order, every field as the
    summary holds it (counts as numbers, blank for a document not checked,
    its reason filled in, the kinds in Chinese); each 复核工作簿 linked to the
    document's own workbook by a path relative to the summary's folder;
  - 评分表: 文件 and 单位, then summary_fields.def's card fields; a row per
    scorecard; the totals and their difference numbers equal to the exact
    decimals, shown with their decimals; a difference that is not 0 bold on
    a fill, and its file linked to the workbook;
  - 问题代码: each code's Chinese title (findings.def), documents and
    findings as the rows add up, the most frequent first;
  - 总览: the counts of the run, of the findings by severity, of the cards
    whose totals differ; links to the other sheets;
  - 图表: three charts, titled in Chinese, over the data beside them, which
    counts the differences and the documents' errors in their bins;
  - filters, frozen header rows, A4 landscape a page wide, the header row
    repeated, a footer with the page number; the face 宋体 declared GB2312.
"""
import json
import os
import re
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import openpyxl.utils

ROOT = Path(__file__).resolve().parents[2]
FIELDS = (ROOT / "engine/render/summary_fields.def").read_text(encoding="utf-8")
DOC_FIELDS = re.findall(r'^JX_SUMMARY_DOC_FIELD\((\w+), (\w+), "([^"]*)", (\d+)\)', FIELDS, re.M)
CARD_FIELDS = re.findall(r'^JX_SUMMARY_CARD_FIELD\((\w+), (\w+), "([^"]*)", (\d+)\)', FIELDS, re.M)
TITLES = dict(re.findall(r'^JX_FINDING\((\w+), "([^"]*)"',
                         (ROOT / "engine/check/findings.def").read_text(encoding="utf-8"), re.M))
KINDS = {"project": "项目", "department": "部门整体", "special_fund": "专项资金",
         "target": "绩效目标", "ledger": "财务报表", "other": "其他"}
SEVERITY_INDEX = {"error": 0, "warning": 1, "info": 2}

failures = 0


def check(name, ok, detail=None):
    global failures
    print(("ok - " if ok else "not ok - ") + name)
    if not ok:
        failures += 1
        if detail:
            print("   " + str(detail)[:400])


def letter(i):
    return openpyxl.utils.get_column_letter(i)


def kinds_shown(kinds):
    return "、".join(KINDS.get(k, k) for k in kinds.split(",")) if kinds else ""


def link_target(cell):
    return cell.hyperlink.target if cell.hyperlink is not None else None


def resolves_to(summary, target, workbook):
    """A link's target (Excel's backslashes), from the summary's folder, names the workbook."""
    if target is None:
        return False
    rel = target.replace("\\", "/")
    from urllib.parse import unquote
    rel = unquote(rel)
    here = os.path.realpath(os.path.dirname(summary))
    return os.path.normpath(os.path.join(here, rel)) == os.path.normpath(
        os.path.join(os.path.realpath(os.path.dirname(os.path.abspath(workbook))),
                     os.path.basename(workbook)))


def number_equals(value, text):
    return isinstance(value, (int, float)) and abs(Decimal(repr(float(value))) - Decimal(text)) < Decimal("1e-9")


def decimals_format(decimals):
    return "0" if decimals == 0 else "0." + "0" * decimals


def check_print(name, ws, repeated=True):
    ps = ws.page_setup
    check(f"{name}: A4 landscape, one page wide",
          ps.orientation == "landscape" and str(ps.paperSize) == "9"
          and ws.sheet_properties.pageSetUpPr.fitToPage and ps.fitToWidth in (None, 1, "1")
          and ps.fitToHeight in (0, "0"),
          (ps.orientation, ps.paperSize, ps.fitToWidth, ps.fitToHeight))
    footer = ws.oddFooter.center.text or ""
    check(f"{name}: a footer with the page number", "&P" in footer, footer)
    if repeated:
        check(f"{name}: the header row repeated on every page", (ws.print_title_rows or "").replace("$", "") == "1:1",
              ws.print_title_rows)


def main():
    path, expected_path = sys.argv[1], sys.argv[2]
    expected = json.loads(Path(expected_path).read_text(encoding="utf-8"))
    docs = expected["documents"]
    wb = openpyxl.load_workbook(path)
    check("the sheets: 总览, 文件, 评分表, 问题代码, 图表, in that order",
          wb.sheetnames == ["总览", "文件", "评分表", "问题代码", "图表"], wb.sheetnames)

    # ------------------------------------------------------------ 文件
    ws = wb["文件"]
    headers = [c.value for c in ws[1]]
    check("文件: the headers are summary_fields.def's document fields, in order",
          headers == [h for _, _, h, _ in DOC_FIELDS], headers)
    # Side-by-side columns of one width are one <col> range: openpyxl keys
    # it by its first column.
    widths = {}
    for key, dim in ws.column_dimensions.items():
        first = dim.min or openpyxl.utils.column_index_from_string(key)
        for col in range(first, (dim.max or first) + 1):
            widths[col] = dim.width or 0
    widths_ok = all(abs(widths.get(i + 1, 0) - int(w)) < 1
                    for i, (_, _, _, w) in enumerate(DOC_FIELDS))
    check("文件: the columns as wide as summary_fields.def says", widths_ok)
    check("文件: a row per document, in the run's order",
          ws.max_row == len(docs) + 1
          and [ws.cell(r + 2, 1).value for r in range(len(docs))] == [d["path"] for d in docs])
    bad = []
    for r, d in enumerate(docs, start=2):
        failed = bool(d["failure"])
        for c, (member, kind, header, _) in enumerate(DOC_FIELDS, start=1):
            v = ws.cell(r, c).value
            want = d[member]
            if kind == "TEXT":
                want = kinds_shown(want) if member == "kind" else want
                ok = (v or "") == want
            elif kind == "COUNT":
                ok = v is None if failed else (isinstance(v, (int, float)) and v == want)
            elif kind == "FLAG":
                ok = v == ("是" if want else "否")
            else:
                ok = (v is None) if want is None else number_equals(v, want["text"])
            if not ok:
                bad.append(f"row {r} {header}: {v!r}, want {want!r}")
    check("文件: every field as the summary holds it (numbers as numbers, a failure's counts blank)",
          not bad, bad[:5])
    failure_col = [m for m, _, _, _ in DOC_FIELDS].index("failure") + 1
    failed_rows = [r for r, d in enumerate(docs, start=2) if d["failure"]]
    check("文件: a document that could not be read shows its reason, filled",
          failed_rows and all(ws.cell(r, failure_col).value
                              and ws.cell(r, failure_col).fill.fgColor.rgb not in (None, "00000000")
                              for r in failed_rows))
    wb_col = [m for m, _, _, _ in DOC_FIELDS].index("workbook") + 1
    bad = []
    for r, d in enumerate(docs, start=2):
        cell = ws.cell(r, wb_col)
        target = link_target(cell)
        if not d["workbook"]:
            if target is not None:
                bad.append(f"row {r}: a link without a workbook")
            continue
        if not resolves_to(path, target, d["workbook"]):
            bad.append(f"row {r}: {target!r} is not {d['workbook']}")
        if target and (os.path.isabs(target.replace("\\", "/")) or target.startswith("file:")):
            bad.append(f"row {r}: {target!r} is not relative")
    check("文件: each 复核工作簿 links to the document's own workbook, relative to the summary",
          not bad, bad[:5])
    existing = [d for d in docs if d["workbook"] and os.path.exists(d["workbook"])]
    check("文件: the linked workbooks exist (the seeds' were written)", len(existing) >= 5)
    n_cols = len(DOC_FIELDS)
    check("文件: an autofilter over the header and every row",
          ws.auto_filter.ref == f"A1:{letter(n_cols)}{len(docs) + 1}", ws.auto_filter.ref)
    check("文件: the header row and the file column frozen", ws.freeze_panes == "B2", ws.freeze_panes)
    check_print("文件", ws)
    area = ws.print_area or ""
    area = ",".join(area) if isinstance(area, list) else area
    printed_cols = n_cols - (1 if DOC_FIELDS[-1][0] == "sha256" else 0)
    check("文件: printed without the SHA-256 column, the screen's own",
          area.endswith(f"$A:${letter(printed_cols)}") or area.endswith(f"$A$1:${letter(printed_cols)}$1048576"),
          area)
    cell = ws.cell(2, 1)
    check("文件: cells in 宋体, its character set declared GB2312",
          cell.font.name == "宋体" and cell.font.charset == 134, (cell.font.name, cell.font.charset))

    # ------------------------------------------------------------ 评分表
    ws = wb["评分表"]
    headers = [c.value for c in ws[1]]
    want_headers = ["文件", "单位"] + [h for _, _, h, _ in CARD_FIELDS]
    check("评分表: 文件 and 单位, then summary_fields.def's card fields, in order",
          headers == want_headers, headers)
    cards = [(d, c) for d in docs if not d["failure"] for c in d["cards"]]
    check("评分表: a row per scorecard", ws.max_row == len(cards) + 1, (ws.max_row, len(cards)))
    bad, values, highlighted, linked = [], 0, 0, 0
    for r, (d, card) in enumerate(cards, start=2):
        if ws.cell(r, 1).value != d["path"] or (ws.cell(r, 2).value or "") != d["unit"]:
            bad.append(f"row {r}: {ws.cell(r, 1).value} / {ws.cell(r, 2).value}")
        for c, (member, kind, header, _) in enumerate(CARD_FIELDS, start=3):
            cell = ws.cell(r, c)
            want = card[member]
            if kind == "VALUE":
                if want is None:
                    if cell.value is not None:
                        bad.append(f"row {r} {header}: {cell.value!r}, want blank")
                    continue
                values += 1
                if not number_equals(cell.value, want["text"]):
                    bad.append(f"row {r} {header}: {cell.value!r}, want {want['text']}")
                if cell.number_format != decimals_format(want["decimals"]):
                    bad.append(f"row {r} {header}: format {cell.number_format}, "
                               f"want {decimals_format(want['decimals'])}")
                if member == "difference":
                    nonzero = Decimal(want["text"]) != 0
                    lit = bool(cell.font.b) and cell.fill.fill_type == "solid"
                    highlighted += lit
                    if lit != nonzero:
                        bad.append(f"row {r} 差额 {want['text']}: highlighted {lit}")
                    target = link_target(ws.cell(r, 1))
                    if nonzero and d["workbook"]:
                        linked += 1
                        if not resolves_to(path, target, d["workbook"]):
                            bad.append(f"row {r}: link {target!r}, want {d['workbook']}")
            elif kind == "COUNT":
                if cell.value != want:
                    bad.append(f"row {r} {header}: {cell.value!r}, want {want}")
            elif kind == "TEXT":
                shown = kinds_shown(want) if member == "kind" else want
                if (cell.value or "") != shown:
                    bad.append(f"row {r} {header}: {cell.value!r}, want {shown!r}")
    check("评分表: totals and differences are the exact decimals, shown with their decimals",
          not bad and values > 0, bad[:5])
    check("评分表: the differences that are not 0 highlighted, their files linked to the workbook",
          highlighted > 0 and linked > 0)
    check("评分表: autofilter, header row and file column frozen",
          ws.auto_filter.ref == f"A1:{letter(len(want_headers))}{len(cards) + 1}"
          and ws.freeze_panes == "B2", (ws.auto_filter.ref, ws.freeze_panes))
    check_print("评分表", ws)

    # ------------------------------------------------------------ 问题代码
    ws = wb["问题代码"]
    totals = {}
    for d in docs:
        if d["failure"]:
            continue
        seen = set()
        for code, severity, count in d["codes"]:
            t = totals.setdefault(code, {"docs": 0, "findings": 0, "by": [0, 0, 0]})
            t["findings"] += count
            t["by"][SEVERITY_INDEX[severity]] += count
            if code not in seen:
                t["docs"] += 1
                seen.add(code)
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    check("问题代码: a row per code found", sorted(r[0] for r in rows) == sorted(totals), len(rows))
    bad = []
    for code, title, severities, ndocs, share, findings, e, w, i in rows:
        t = totals.get(code)
        if t is None:
            continue
        if title != TITLES.get(code, "") and not (title is None and code not in TITLES):
            bad.append(f"{code}: title {title!r}")
        if (ndocs, findings, [e, w, i]) != (t["docs"], t["findings"], t["by"]):
            bad.append(f"{code}: {ndocs}, {findings}, {[e, w, i]}; want {t}")
    check("问题代码: titles from findings.def, documents and findings as the rows add up",
          not bad, bad[:5])
    counts = [r[5] for r in rows]
    check("问题代码: the most frequent first", counts == sorted(counts, reverse=True), counts)
    check("问题代码: an autofilter and the header frozen",
          ws.auto_filter.ref == f"A1:I{len(rows) + 1}" and ws.freeze_panes == "A2",
          (ws.auto_filter.ref, ws.freeze_panes))
    check_print("问题代码", ws)

    # ------------------------------------------------------------ 总览
    ws = wb["总览"]
    check("总览: its title first", ws["A1"].value == "绩效自评复核汇总", ws["A1"].value)
    labels = {}
    for row in ws.iter_rows():
        if row[0].value and row[0].value not in labels:
            labels[row[0].value] = [c.value for c in row]
    checked = [d for d in docs if not d["failure"]]
    want = {"文件总数": len(docs), "本次复核": sum(1 for d in checked if not d["reused"]),
            "沿用上次结果": sum(1 for d in checked if d["reused"]),
            "未能读取": sum(1 for d in docs if d["failure"]),
            "错误": sum(d["errors"] for d in checked), "警告": sum(d["warnings"] for d in checked),
            "提示": sum(d["infos"] for d in checked)}
    got = {k: (labels.get(k) or [None, None])[1] for k in want}
    check("总览: the documents counted (checked, reused, unreadable) and the findings by severity",
          got == want, (got, want))
    differ = sum(1 for _, c in cards if c["difference"] and Decimal(c["difference"]["text"]) != 0)
    check("总览: the scorecards whose totals differ counted",
          (labels.get("不一致") or [None, None])[1] == differ, (labels.get("不一致"), differ))
    internal = {c.hyperlink.location for row in ws.iter_rows() for c in row
                if c.hyperlink is not None and c.hyperlink.location}
    check("总览: links to the other sheets",
          all(any(f"'{s}'" in loc for loc in internal) for s in ("文件", "评分表", "问题代码", "图表")),
          internal)
    check_print("总览", ws, repeated=False)

    # ------------------------------------------------------------ 图表
    ws = wb["图表"]
    charts = ws._charts
    check("图表: three charts", len(charts) == 3, len(charts))

    def title_of(chart):
        try:
            return "".join(r.t for p in chart.title.tx.rich.p for r in (p.r or []))
        except AttributeError:
            return ""

    titles = [title_of(c) for c in charts]
    check("图表: titled in Chinese: differences, errors per document, frequent findings",
          any("差额" in t for t in titles) and any("错误数" in t for t in titles)
          and any("问题" in t for t in titles), titles)
    refs = [s.val.numRef.f for c in charts for s in c.series]
    check("图表: each chart's data on the sheet", all(r.startswith("'图表'!") for r in refs), refs)
    data = {}
    for row in ws.iter_rows(values_only=True):
        if row[0] is not None and isinstance(row[1], (int, float)):
            data.setdefault(row[0], row[1])

    def diff_bin(d):
        m = abs(d)
        step = 0 if m == 0 else 1 if m < 1 else 2 if m < 5 else 3 if m < 10 else 4
        return 4 - step if d < 0 else 4 + step

    labels9 = ["≤-10", "-10～-5", "-5～-1", "-1～0", "0（一致）", "0～1", "1～5", "5～10", "≥10"]
    bins = [0] * 9
    for _, c in cards:
        if c["difference"]:
            bins[diff_bin(Decimal(c["difference"]["text"]))] += 1
    check("图表: the differences counted in their bins",
          [data.get(l) for l in labels9] == bins, ([data.get(l) for l in labels9], bins))
    labels6 = ["0", "1", "2", "3～5", "6～10", "11及以上"]
    ebins = [0] * 6
    for d in checked:
        e = d["errors"]
        ebins[e if e <= 2 else 3 if e <= 5 else 4 if e <= 10 else 5] += 1
    check("图表: the documents counted by their errors",
          [data.get(l) for l in labels6] == ebins, ([data.get(l) for l in labels6], ebins))
    check_print("图表", ws, repeated=False)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
