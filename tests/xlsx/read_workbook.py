#!/usr/bin/python3
"""read_workbook.py WORKBOOK CHECK_JSON PARSE_JSON — reads a workbook jixiao
wrote back and compares it with the findings and the scorecard models of the
same document.

Prints "ok - …" / "not ok - …" lines (the shell suites' format). Checks:
  - 审核摘要 is the first sheet: one row per scorecard with its recomputed total,
    a totals row, frozen header, autofilter, links to the card sheets;
  - each scorecard sheet's 总分 holds a live formula whose cached value is the
    sum the findings state (computed_sum; score_total and total_recomputed
    give the same), a 折算总分 row the scaled total where the card is scaled,
    and every indicator's 分值 and 得分 equal the model's, corrected where a
    finding corrects them (不适用 where one does not apply);
  - each card is the whole form on paper: its 年度总体目标 as the document
    says it, the 自评等级 declared and recomputed, the lines to sign; every
    corrected cell carries a numbered mark (①…) in its own number format,
    and its line in 修正说明 gives that cell, the printed value and the value
    shown; every finding about the card is said on the card's sheet;
  - every finding listed in 问题清单 links to its cell, and a finding that
    corrects a cell left the computed value there, filled and commented;
  - each financial table on a sheet of its own, as printed, and each of its
    findings linked to its cell there, flagged (ledger_sheets.py);
  - print set-up: A4 landscape, one page wide, repeated rows, a footer naming
    the source file;
  - no cell holds a formula that did not come from jixiao (document text is
    stored as strings);
  - every corrected cell (commented with its mark and what the document
    printed) is bold on a dotted fill, one colour that marks nothing else,
    apart from the header's solid grey in grey-scale;
  - every formula of every sheet, recomputed from the sheet's own cells
    (tests/xlsx/formulas.py: SUM, ROUND, MIN, MAX, arithmetic, references,
    ranges, hidden helper cells), equals the value it caches.
"""
import json
import re
import sys

import openpyxl

from formulas import recompute
from ledger_sheets import check_ledgers

# The codes whose computed value replaces the cell: engine/check/findings.def says.
DEF = __import__("pathlib").Path(__file__).resolve().parents[2] / "engine/check/findings.def"
_DECLARED = dict(re.findall(r"^JX_FINDING\((\w+), \"[^\"]*\", \"[^\"]*\", (NONE|VALUE|SUM),",
                            DEF.read_text(encoding="utf-8"), re.M))
CORRECTING = {code for code, how in _DECLARED.items() if how == "VALUE"}
SUMMING = {code for code, how in _DECLARED.items() if how == "SUM"}

results = []

# A corrected cell's mark: ①–⑳, ㉑–㉟, ㊱–㊿, then [51] …; a number format
# carries it as a literal ('0.00" ①"'), a text cell after its text.
MARK = r"(?:[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]|\[\d+\])"
MARKED_TEXT = "不适用" + MARK
COMMENT = re.compile(r"^(" + MARK + r") 原表中为：(.*)\n", re.S)


def check(name, ok):
    results.append(ok)
    print(("ok - " if ok else "not ok - ") + name)


def indicator_rows(ws):
    """The sheet's indicator rows, in order: after the 一级指标 header, skipping 小计."""
    header = None
    for row in ws.iter_rows():
        if any(c.value == "一级指标" for c in row):
            header = row[0].row
            heads = {c.value: c.column for c in row if c.value}
            break
    if header is None:
        return None, []
    rows = []
    for r in range(header + 1, ws.max_row + 1):
        first = [ws.cell(r, c).value for c in range(1, ws.max_column + 1) if ws.cell(r, c).value not in (None, "")]
        label = next((v for v in first if isinstance(v, str)), "")
        if label == "总分":
            break
        if label.endswith(" 小计"):
            continue
        rows.append(r)
    return heads, rows


def as_written(value):
    """What the sheet holds for a model value: its number, else its text as printed
    (a number too large to compute with stays text), else nothing."""
    if not value:
        return None
    if value["value"] is not None:
        return value["value"]
    return value["text"] or None


def check_indicators(base, sheet, ws, card_model, findings):
    """Every indicator's 分值 and 得分 in the sheet equal the model, corrected by the findings."""
    heads, rows = indicator_rows(ws)
    indicators = card_model["indicators"]
    if heads is None or "得分" not in heads:
        check(f"{base}/{sheet}: a target table's indicators ({len(indicators)})",
              card_model["kind"] == "target")
        return
    check(f"{base}/{sheet}: one sheet row per indicator ({len(indicators)})", len(rows) == len(indicators))
    fixes = {(f["line"], f["col"]): f for f in findings
             if f["code"] in CORRECTING and f["computed"] is not None and f["col"] is not None}
    na = {(f["line"], f["col"]) for f in findings if f["code"] == "not_applicable" and f["col"] is not None}
    bad = []
    for r, ind in zip(rows, indicators):
        w, s = ws.cell(r, heads["分值"]).value, ws.cell(r, heads["得分"]).value
        want_w = as_written(ind["weight"])
        score = ind["score"]
        want_s = as_written(score)
        key = (score["line"], score["col"]) if score else None
        if key in na:
            want_s = "不适用"
        elif key in fixes:
            want_s = fixes[key]["computed"]
        same = lambda a, b: (a in (None, "") and b is None) or a == b or (
            isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) < 1e-9) or (
            b == "不适用" and isinstance(a, str) and re.fullmatch(MARKED_TEXT, a) is not None)
        if not (same(w, want_w) and same(s, want_s)):
            bad.append(f"row {r}: {w}/{s} want {want_w}/{want_s}")
    check(f"{base}/{sheet}: every 分值 and 得分 equals the recomputed model", not bad)
    for b in bad[:3]:
        print("   " + b)


def text_cells(ws):
    return [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def check_form(base, sheet, ws_live, ws_cached, card, card_model, findings):
    """The whole official form, and every correction and finding on paper."""
    cells = text_cells(ws_live)
    values = [c.value for c in cells]
    goal = card_model.get("goal_expected") or ""
    if goal:
        check(f"{base}/{sheet}: 年度总体目标 as the document says it", goal in values)
    grade_row = next((c.row for c in cells if c.value == "自评等级"), None)
    want = [f"自评：{card['grade_declared'] or '未填'}", f"重算：{card['grade_computed'] or '不重算'}"]
    got = [c.value for c in cells if c.row == grade_row and c.value != "自评等级"] if grade_row else []
    check(f"{base}/{sheet}: 自评等级 declared and recomputed ({want})",
          len(got) == 2 and got[0] == want[0] and re.fullmatch(re.escape(want[1]) + MARK + "?", got[1]) is not None)
    for word in ("填报单位（盖章）：", "单位负责人：", "填表人：", "联系电话：", "填报日期："):
        check(f"{base}/{sheet}: a line to sign: {word}", any(v.startswith(word) for v in values))
    # Marks: each corrected cell's mark in its number format (or after its
    # text) and in its comment, numbered 1, 2, … in order; its 修正说明 line
    # gives the cell, the printed value and the value shown.
    marks = {}
    for row in ws_live.iter_rows():
        for c in row:
            m = COMMENT.match(c.comment.text) if c.comment is not None else None
            if m:
                marks[m.group(1)] = (c, m.group(2))
    head = next((c.row for c in cells if c.value == "修正原因"), None)
    lines, rows = {}, []
    if head is not None:
        cols = {c.value: c.column for c in ws_live[head] if c.value}
        for r in range(head + 1, ws_live.max_row + 1):
            mark = ws_live.cell(r, cols["标记"]).value
            if mark:
                rows.append({h: ws_live.cell(r, col).value for h, col in cols.items()})
                lines[mark] = rows[-1]
    bad = []
    for label, (c, printed) in marks.items():
        shown = c.number_format.endswith(f'" {label}"') or (isinstance(c.value, str) and c.value.endswith(label))
        line = lines.get(label)
        if not shown or line is None or line["单元格"] != c.coordinate or line["原值"] != printed:
            bad.append(f"{label} at {c.coordinate}: format {c.number_format!r}, line {line}")
    check(f"{base}/{sheet}: every corrected cell shows its mark, listed in 修正说明 with its cell and "
          f"printed value ({len(marks)} marks)", not bad and (head is not None or not marks))
    for b in bad[:3]:
        print("   " + b)
    # Every finding about the card is said on its sheet, in 修正说明.
    reasons = " ".join(str(line.get("修正原因") or "") for line in rows)
    missing = [f["code"] for f in findings if f.get("table") == card["table"] and f["message"] not in reasons]
    check(f"{base}/{sheet}: every finding about the card is on its sheet", not missing)
    if missing:
        print("   missing: " + ", ".join(missing[:5]))


def main(path, check_json, parse_json):
    report = json.loads(open(check_json, encoding="utf-8").read())
    model = json.loads(open(parse_json, encoding="utf-8").read())
    cards_by_table = {t["index"]: t["scorecard"] for t in model["tables"] if t.get("scorecard")}
    live = openpyxl.load_workbook(path)                 # formulas
    cached = openpyxl.load_workbook(path, data_only=True)  # cached results
    source = report["file"].rsplit("/", 1)[-1]
    base = path.rsplit("/", 1)[-1]

    names = live.sheetnames
    check(f"{base}: 审核摘要 is the first sheet", names[0] == "审核摘要")
    check(f"{base}: 问题清单 is present", "问题清单" in names)
    summary = cached["审核摘要"]
    cards = report["scorecards"]
    check(f"{base}: one summary row per scorecard, then a totals row",
          summary.cell(len(cards) + 2, 1).value == "合计")
    # The cards' kinds and the rule set by their Chinese names.
    kinds = {"project": "项目支出绩效自评表", "department": "部门整体支出绩效自评表",
             "special_fund": "中央直达专项资金绩效自评表", "target": "绩效目标表"}
    head1 = [c.value for c in summary[1]]
    got_kinds = [summary.cell(i + 2, head1.index("类型") + 1).value for i in range(len(cards))]
    got_rules = {summary.cell(i + 2, head1.index("规则") + 1).value for i in range(len(cards))}
    check(f"{base}: 审核摘要 names the cards' kinds and the rule set in Chinese ({sorted(got_rules)})",
          got_kinds == [kinds[c["kind"]] for c in cards]
          and all(r and not r.isascii() for r in got_rules))
    # Under the cards, every finding counted by part and severity: what
    # 问题清单 lists (the check's findings), the whole equal to their count.
    labels = ["自评表中的问题", "财务报表等其他表格中的问题", "文字说明中的问题", "全部问题（即问题清单所列）"]
    want = {label: [0, 0, 0] for label in labels}
    sev = {"error": 0, "warning": 1, "info": 2}
    for f in report["findings"]:
        t = f.get("table")
        part = labels[2] if not t else labels[0] if t in cards_by_table else labels[1]
        want[part][sev[f["severity"]]] += 1
        want[labels[3]][sev[f["severity"]]] += 1
    head = [c.value for c in summary[1]]
    cols = [head.index(h) + 1 for h in ("错误", "警告", "提示")]
    got = {}
    for r in range(len(cards) + 3, summary.max_row + 1):
        name = summary.cell(r, head.index("名称") + 1).value
        if name in want:
            got[name] = [summary.cell(r, c).value for c in cols]
    check(f"{base}: 审核摘要 counts every finding by part and severity, as 问题清单 lists them "
          f"({want[labels[3]]})", got == want and summary.max_row == len(cards) + 7)
    check(f"{base}: summary header frozen, autofilter set",
          live["审核摘要"].freeze_panes == "A2" and live["审核摘要"].auto_filter.ref is not None)
    header = [c.value for c in summary[1]]
    total_col = header.index("重算总分") + 1
    for i, card in enumerate(cards):
        value = summary.cell(i + 2, total_col).value
        want = card["computed_total"]
        check(f"{base}: summary row {i + 1} shows the recomputed total {want}",
              (value is None and want is None) or (want is not None and abs(value - want) < 1e-9))

    # Each card sheet: its 总分 formula and cached value.
    for i, card in enumerate(cards):
        sheet = names[1 + i]
        ws_live, ws_cached = live[sheet], cached[sheet]
        check_indicators(base, sheet, ws_cached, cards_by_table[card["table"]], report["findings"])
        total = None
        for row in ws_live.iter_rows():
            for c in row:
                if c.value == "总分":
                    total = c.row
        if card["kind"] == "target":
            check(f"{base}/{sheet}: a target table has no 总分", total is None)
            continue
        if total is None:
            check(f"{base}/{sheet}: has a 总分 row", False)
            continue
        formulas = [c for c in ws_live[total] if isinstance(c.value, str) and c.value.startswith("=ROUND(SUM(")]
        check(f"{base}/{sheet}: 总分 得分 is a live ROUND(SUM(…)) formula", len(formulas) == 1)
        if formulas and card["computed_sum"] is not None:
            got = ws_cached.cell(total, formulas[0].column).value
            check(f"{base}/{sheet}: 总分 caches the sum of the scores as corrected {card['computed_sum']}",
                  got is not None and abs(got - card["computed_sum"]) < 1e-9)
            # One truth: a finding about the total states what the card shows.
            stated = [f["computed"] for f in report["findings"] if f["table"] == card["table"]
                      and f["code"] in ("score_total", "total_recomputed") and f["computed"] is not None]
            check(f"{base}/{sheet}: the total the findings state is the card's ({stated})",
                  all(got is not None and abs(x - got) < 1e-9 for x in stated))
        scaled_rows = [r for r in range(total + 1, ws_live.max_row + 1)
                       if str(ws_live.cell(r, 1).value or "").startswith("折算总分")]
        if card["scaled"] and formulas:
            got = ws_cached.cell(scaled_rows[0], formulas[0].column).value if scaled_rows else None
            check(f"{base}/{sheet}: 折算总分 caches the scaled total {card['computed_total']}",
                  got is not None and abs(got - card["computed_total"]) < 1e-9)
        else:
            check(f"{base}/{sheet}: no 折算总分 row where nothing is scaled", not scaled_rows)
        check_form(base, sheet, ws_live, ws_cached, card, cards_by_table[card["table"]], report["findings"])
        ps = ws_live.page_setup
        check(f"{base}/{sheet}: A4 landscape, one page wide",
              ps.orientation == "landscape" and str(ps.paperSize) == "9"
              and ws_live.sheet_properties.pageSetUpPr.fitToPage
              and ps.fitToWidth in (1, "1", None) and ps.fitToHeight in (0, "0"))
        check(f"{base}/{sheet}: header rows repeat, footer names {source}",
              bool(ws_live.print_title_rows) and source in (ws_live.oddFooter.left.text or ""))
        pm = ws_live.page_margins
        check(f"{base}/{sheet}: the footer fits whole below the body (footer {pm.footer:.2f} in, "
              f"bottom {pm.bottom:.2f} in), pages numbered from 1 on this sheet",
              pm.footer is not None and pm.bottom - pm.footer >= 0.35
              and str(ps.firstPageNumber or 1) == "1" and bool(ps.useFirstPageNumber))

    # The financial tables, each on its sheet: their findings link there.
    check_ledgers(check, base, live, cached, report, model, len(cards))

    # Findings: each links to its cell; corrections are visible there.
    findings = live["问题清单"]
    heads = [c.value for c in findings[1]]
    loc_col = heads.index("位置") + 1
    code_col = heads.index("代码") + 1
    computed_col = heads.index("重算值") + 1
    check(f"{base}: 问题清单 lists every finding", findings.max_row - 1 == len(report["findings"]))
    order = {"错误": 0, "警告": 1, "提示": 2}
    sev = [order.get(findings.cell(r, heads.index("严重程度") + 1).value, -1) for r in range(2, findings.max_row + 1)]
    check(f"{base}: 问题清单 says each severity in Chinese (错误, 警告, 提示), sorted", -1 not in sev and sev == sorted(sev))
    codes = [findings.cell(r, code_col).value or "" for r in range(2, findings.max_row + 1)]
    check(f"{base}: 问题清单 names each code in Chinese, the code beside it (执行率与金额不符（exec_rate）)",
          all(re.fullmatch(r"[^\x00-\x7f]+（[a-z_0-9]+）", c) for c in codes))
    for r in range(2, findings.max_row + 1):
        link = findings.cell(r, loc_col).hyperlink
        shown = findings.cell(r, code_col).value or ""
        m_code = re.search(r"（([a-z_0-9]+)）$", shown)
        code = m_code.group(1) if m_code else shown  # 执行率与金额不符（exec_rate） → exec_rate
        computed = cached["问题清单"].cell(r, computed_col).value
        if link is None:
            continue
        m = re.match(r"'(.+)'!([A-Z]+)(\d+)$", link.location or "")
        if not m:
            check(f"{base}: finding {r - 1} links to a cell", False)
            continue
        target = cached[m.group(1)][m.group(2) + m.group(3)]
        target_live = live[m.group(1)][m.group(2) + m.group(3)]
        if code in SUMMING and computed is not None and isinstance(target_live.value, str) \
                and target_live.value.startswith("=SUM("):
            # A sum corrected live: its cached value, at the finding's precision, is the computed one.
            # A sum corrected live: its cached value is the computed one, unless
            # another correction of its row moved it, which its comment says.
            value = target.value
            moved = target_live.comment is not None and "同组金额已更正" in target_live.comment.text
            check(f"{base}: {code} at {link.location} is a live SUM caching {computed}"
                  + (" (moved by its row's correction)" if moved else ""),
                  isinstance(value, (int, float)) and (moved or abs(round(value, 2) - computed) < 1e-6)
                  and target_live.comment is not None)
        if code in CORRECTING and computed is not None:
            value = target.value
            ok = isinstance(value, (int, float)) and abs(value - computed) < 1e-6 \
                or (isinstance(value, (int, float)) and abs(value * 100 - computed) < 1e-6)
            filled = target_live.fill is not None and target_live.fill.patternType == "gray125"
            check(f"{base}: {code} at {link.location} holds {computed}, filled and commented",
                  ok and filled and target_live.comment is not None)

    # Nothing the document said became a formula.
    allowed = re.compile(r"^=(ROUND|SUM|[A-Z]+[0-9]+-[A-Z]+[0-9]+$)")
    stray = []
    for ws in live.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f" and not allowed.match(str(c.value)):
                    stray.append(f"{ws.title}!{c.coordinate}")
    check(f"{base}: every formula is jixiao's own", not stray)
    if stray:
        print("   stray formulas: " + ", ".join(stray[:5]))

    # A corrected cell says its mark and what the document printed ("① 原表中为：…")
    # and is bold on a dotted fill: one colour, not the headers', marking nothing
    # else; the dots print apart from the header's solid grey in grey-scale.
    header_rgb = live["审核摘要"]["A1"].fill.fgColor.rgb
    unfilled, colours, stray_fill = [], set(), []
    for ws in live.worksheets:
        for row in ws.iter_rows():
            for c in row:
                corrected = c.comment is not None and COMMENT.match(c.comment.text) is not None
                dotted = c.fill is not None and c.fill.patternType == "gray125"
                rgb = c.fill.bgColor.rgb if dotted else None
                if corrected:
                    if not dotted or rgb in (None, "00000000", header_rgb) or not c.font.b:
                        unfilled.append(f"{ws.title}!{c.coordinate}")
                    else:
                        colours.add(rgb)
                elif c.fill is not None and c.fill.patternType == "gray125":
                    stray_fill.append(f"{ws.title}!{c.coordinate}")
    check(f"{base}: every corrected cell is bold on a dotted fill, in one colour that marks nothing else",
          not unfilled and len(colours) <= 1 and not stray_fill)
    for where in (unfilled + stray_fill)[:5]:
        print("   " + where)

    # Every live formula recomputes, from its sheet's own cells, to what it caches.
    for ws in live.worksheets:
        count, bad = recompute(ws, cached[ws.title])
        if count:
            check(f"{base}/{ws.title}: its {count} formulas recompute to their cached values", not bad)
        for b in bad[:5]:
            print("   " + b)
    return all(results)


if __name__ == "__main__":
    sys.exit(0 if main(sys.argv[1], sys.argv[2], sys.argv[3]) else 1)
