#!/usr/bin/python3
"""read_workbook.py WORKBOOK CHECK_JSON PARSE_JSON — reads a workbook jixiao
wrote back and compares it with the findings and the scorecard models of the
same document.

Prints "ok - …" / "not ok - …" lines (the shell suites' format). Checks:
  - 审核摘要 is the first sheet: what was checked (file, unit, year, rule set),
    every finding counted by part and severity, then one row per scorecard
    (序号 a number) with its recomputed total and its findings, a totals row,
    a repeated header, autofilter, links to the card sheets;
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
        if label == "总分" or label.startswith("已列各项合计"):
            break
        # a group's 小计; a page's 续表 mark and the header repeated under it
        if label.endswith(" 小计") or label == "（续表）" or label == "一级指标":
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
        check(f"{base}/{sheet}: a target table's indicators, or none ({len(indicators)})",
              card_model["kind"] == "target" or not indicators)
        return
    check(f"{base}/{sheet}: one sheet row per indicator ({len(indicators)})", len(rows) == len(indicators))
    fixes = {(f["line"], f["col"]): f for f in findings
             if f["code"] in CORRECTING and f["computed"] is not None and f["col"] is not None}
    na = {(f["line"], f["col"]) for f in findings if f["code"] == "not_applicable" and f["col"] is not None}
    # A blank 得分 the rules decide is filled: its finding names the row's line, no cell.
    blanks = {f["line"]: f for f in findings
              if f["code"] in CORRECTING and f["computed"] is not None and f["col"] is None and f["column"] == "得分"}
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
        elif want_s is None and ind.get("line") in blanks:
            want_s = blanks[ind["line"]]["computed"]
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
    # What was checked, on top: the file, its unit and year, the rule set.
    head_lines = {summary.cell(r, 1).value: summary.cell(r, 2).value for r in range(2, 6)}
    check(f"{base}: 审核摘要 says the file, unit, year and rule set ({head_lines.get('规则')})",
          head_lines.get("文件") == source and set(head_lines) == {"文件", "单位", "年度", "规则"}
          and "（" + report["rules"] + "）" in (head_lines.get("规则") or ""))
    # The cards' table: its header row reads 序号; one row per card, then 合计, last.
    hrow = next((r for r in range(1, summary.max_row + 1) if summary.cell(r, 1).value == "序号"), None)
    check(f"{base}: one summary row per scorecard under its header, then a totals row, last",
          hrow is not None and summary.cell(hrow + len(cards) + 1, 1).value == "合计"
          and summary.max_row == hrow + len(cards) + 1)
    hrow = hrow or 1
    # The cards' kinds and the rule set by their Chinese names.
    kinds = {"project": "项目支出绩效自评表", "department": "部门整体支出绩效自评表",
             "special_fund": "中央直达专项资金绩效自评表", "target": "绩效目标表"}
    head1 = [c.value for c in summary[hrow]]
    got_kinds = [summary.cell(hrow + 1 + i, head1.index("类型") + 1).value for i in range(len(cards))]
    got_rules = {summary.cell(hrow + 1 + i, head1.index("规则") + 1).value for i in range(len(cards))}
    check(f"{base}: 审核摘要 names the cards' kinds and the rule set in Chinese ({sorted(got_rules)})",
          got_kinds == [kinds[c["kind"]] for c in cards]
          and all(r and not r.isascii() for r in got_rules))
    check(f"{base}: 序号 are numbers 1 … {len(cards)}",
          [summary.cell(hrow + 1 + i, 1).value for i in range(len(cards))] == list(range(1, len(cards) + 1)))
    # Above the cards, every finding counted by part and severity: what
    # 问题清单 lists (the check's findings), the whole equal to their count;
    # each card's row counts the findings about its table.
    labels = ["自评表中的问题", "财务报表等其他表格中的问题", "文字说明中的问题", "全部问题（即问题清单所列）"]
    want = {label: [0, 0, 0] for label in labels}
    sev = {"error": 0, "warning": 1, "info": 2}
    per_card = {c["table"]: [0, 0, 0] for c in cards}
    for f in report["findings"]:
        t = f.get("table")
        part = labels[2] if not t else labels[0] if t in cards_by_table else labels[1]
        want[part][sev[f["severity"]]] += 1
        want[labels[3]][sev[f["severity"]]] += 1
        if t in per_card:
            per_card[t][sev[f["severity"]]] += 1
    cols = [head1.index(h) + 1 for h in ("错误", "警告", "提示")]
    got = {}
    for r in range(1, hrow):
        name = summary.cell(r, head1.index("名称") + 1).value
        if name in want:
            got[name] = [summary.cell(r, c).value for c in cols]
    check(f"{base}: 审核摘要 counts every finding by part and severity, as 问题清单 lists them "
          f"({want[labels[3]]})", got == want)
    got_cards = [[summary.cell(hrow + 1 + i, c).value for c in cols] for i in range(len(cards))]
    check(f"{base}: each card's row counts the findings about its table, adding up to 自评表中的问题",
          got_cards == [per_card[c["table"]] for c in cards])
    check(f"{base}: the cards' header repeats on every page, autofilter over the cards",
          (live["审核摘要"].print_title_rows or "").replace("$", "") == f"{hrow}:{hrow}"
          and (live["审核摘要"].auto_filter.ref or "").startswith(f"A{hrow}:"))
    total_col = head1.index("重算总分") + 1
    for i, card in enumerate(cards):
        value = summary.cell(hrow + 1 + i, total_col).value
        want_total = card["computed_total"]
        check(f"{base}: summary row {i + 1} shows the recomputed total {want_total}"
              + (" (a cut card: none)" if card["partial"] else ""),
              (card["partial"] and value == "表格不完整，不重算")
              or (value is None and want_total is None)
              or (want_total is not None and abs(value - want_total) < 1e-9))

    # Each card sheet: its 总分 formula and cached value.
    for i, card in enumerate(cards):
        sheet = names[1 + i]
        ws_live, ws_cached = live[sheet], cached[sheet]
        check_indicators(base, sheet, ws_cached, cards_by_table[card["table"]], report["findings"])
        total = None
        for row in ws_live.iter_rows():
            for c in row:
                if c.value == "总分" or str(c.value or "").startswith("已列各项合计"):
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
        # A card longer than a page repeats its header row (the indicators'); one
        # that fits prints on one page with nothing repeated.
        titles = (ws_live.print_title_rows or "").replace("$", "")
        header_ok = not titles or any(c.value in ("一级指标", "项目资金(万元)") or str(c.value or "").endswith("(万元)")
                                      for c in ws_live[int(titles.split(":")[0])])
        check(f"{base}/{sheet}: a repeated row is the form's header ({titles or 'none'}), footer names {source}",
              header_ok and source in (ws_live.oddFooter.left.text or ""))
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
    # The tips (提示) stand apart, under a line of their own.
    tips_line = [r for r in range(2, findings.max_row + 1)
                 if str(findings.cell(r, 1).value or "").startswith("以下为提示")]
    any_info = any(f["severity"] == "info" for f in report["findings"])
    rows = [r for r in range(2, findings.max_row + 1) if r not in tips_line]
    check(f"{base}: 问题清单 lists every finding", len(rows) == len(report["findings"]))
    order = {"错误": 0, "警告": 1, "提示": 2}
    sev = [order.get(findings.cell(r, heads.index("严重程度") + 1).value, -1) for r in rows]
    check(f"{base}: 问题清单 says each severity in Chinese (错误, 警告, 提示), sorted", -1 not in sev and sev == sorted(sev))
    first_tip = next((r for r in rows if findings.cell(r, heads.index("严重程度") + 1).value == "提示"), None)
    check(f"{base}: the tips stand apart under one line of their own",
          (len(tips_line) == 1 and first_tip == tips_line[0] + 1) if any_info else not tips_line)
    codes = [findings.cell(r, code_col).value or "" for r in rows]
    check(f"{base}: 问题清单 names each code in Chinese, the code beside it (执行率与金额不符（exec_rate）)",
          all(re.fullmatch(r"[^\x00-\x7f]+（[a-z_0-9]+）", c) for c in codes))
    for r in rows:
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
    # 宋体 is declared for GB2312 (charset 134): a viewer without it stands in a Chinese face.
    fonts = {(c.font.name, c.font.charset) for ws in live.worksheets for row in ws.iter_rows() for c in row
             if c.value is not None}
    check(f"{base}: every face of the sheets declared with its script ({sorted(fonts, key=str)[:3]})",
          fonts and all(charset == 134 for name, charset in fonts if name == "宋体"))
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
