#!/usr/bin/python3
"""make.py — writes the .xlsx seeds beside it: the fuzz_read_xlsx corpus
(tests/fuzz/fuzz.sh, tests/suites/fuzz.sh) and the real-producer workbook
tests/unit/test_read_xlsx.c reads.

    /usr/bin/python3 tests/fuzz/seeds/xlsx/make.py

scorecard.xlsx is made by openpyxl, as a budget office's tool would make it;
the others are written part by part, for what openpyxl does not write (rich
text with phonetic runs, inline strings, cached formula values, the 1904
date system, Chinese Excel's number formats). Every entry gets a fixed
timestamp, so running this again gives the same bytes. Each file stays
under 20 KB.
"""
import datetime
import io
import os
import zipfile

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = (2024, 1, 1, 0, 0, 0)
NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def write_zip(name, parts):
    """parts: (name, bytes) in order, deflated, with a fixed timestamp."""
    path = os.path.join(HERE, name)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for part, data in parts:
            info = zipfile.ZipInfo(part, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    assert os.path.getsize(path) < 20000, name


def scorecard():
    wb = openpyxl.Workbook()
    wb.properties.created = wb.properties.modified = datetime.datetime(2024, 1, 1)
    ws = wb.active
    ws.title = "项目支出绩效自评表"
    ws["A1"] = "项目支出绩效自评表"
    ws.merge_cells("A1:F1")
    ws.append(["项目名称", "预算数", "执行数", "执行率", "日期", "得分"])
    ws.append(["人员经费", 2224.1, 1086.05, 0.9374, datetime.date(2024, 3, 15), "=B3*0.1"])
    ws["B3"].number_format = "0.00"
    ws["C3"].number_format = "#,##0.00"
    ws["D3"].number_format = "0.00%"
    ws["E3"].number_format = "yyyy-mm-dd"
    ws["A5"] = "产出指标"
    ws.merge_cells("A5:A7")
    for row, (name, value) in enumerate([("数量指标", "≥95%"), ("质量指标", 1), ("时效指标", 0.3)], 5):
        ws.cell(row, 2, name)
        ws.cell(row, 3, value)
    ws["AA9"] = "far right"
    second = wb.create_sheet("第二页")
    second["B2"] = True
    second["C2"] = "合计"
    second["D2"] = 1234567.891
    second["D2"].number_format = "#,##0.00"
    hidden = wb.create_sheet("备查")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "隐藏表"
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as z:  # again with fixed timestamps
        parts = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    write_zip("scorecard.xlsx", parts)


def by_hand(name, sheets, strings=None, styles=None, workbook_pr=""):
    """sheets: (name, state, sheet XML body)."""
    entries = "".join(
        f'<sheet name="{n}" sheetId="{i + 1}"' + (f' state="{s}"' if s else "") + f' r:id="rId{i + 1}"/>'
        for i, (n, s, _) in enumerate(sheets))
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{REL}worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
        for i in range(len(sheets)))
    rels += f'<Relationship Id="rS" Type="{REL}sharedStrings" Target="sharedStrings.xml"/>'
    rels += f'<Relationship Id="rT" Type="{REL}styles" Target="styles.xml"/>'
    parts = [
        ("[Content_Types].xml",
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="xml" ContentType="application/xml"/></Types>'),
        ("xl/workbook.xml", f"<workbook {NS}>{workbook_pr}<sheets>{entries}</sheets></workbook>"),
        ("xl/_rels/workbook.xml.rels",
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         f"{rels}</Relationships>"),
        ("xl/sharedStrings.xml", f"<sst {NS}>{strings or ''}</sst>"),
        ("xl/styles.xml", f"<styleSheet {NS}>{styles or ''}</styleSheet>"),
    ]
    for i, (_, _, body) in enumerate(sheets):
        parts.append((f"xl/worksheets/sheet{i + 1}.xml", f"<worksheet {NS}>{body}</worksheet>"))
    write_zip(name, [(n, d.encode("utf-8")) for n, d in parts])


STYLES = (
    '<numFmts count="4"><numFmt numFmtId="176" formatCode="0.00_ "/>'
    '<numFmt numFmtId="177" formatCode="G/通用格式"/>'
    '<numFmt numFmtId="178" formatCode="#,##0.00_);[Red]\\(#,##0.00\\)"/>'
    '<numFmt numFmtId="179" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
    '<cellXfs count="9"><xf numFmtId="0"/><xf numFmtId="10"/><xf numFmtId="2"/><xf numFmtId="4"/>'
    '<xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="177"/><xf numFmtId="178"/>'
    '<xf numFmtId="179"/></cellXfs>')


def rich():
    strings = ('<si><t>项目名称</t></si>'
               '<si><r><rPr><b/></rPr><t>预算</t></r><r><t xml:space="preserve"> 执行数</t></r>'
               '<rPh sb="0" eb="2"><t>yusuan</t></rPh></si>'
               '<si><t>第一行_x000D_\n第二行</t></si><si><t>执行率</t></si>')
    sheet = (
        '<dimension ref="A1:H6"/><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>3</v></c><c r="D1" t="s"><v>2</v></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>人员经费</t></is></c>'
        '<c r="B2" s="2"><v>2224.1</v></c><c r="C2" s="1"><v>0.9374</v></c>'
        '<c r="D2" s="3"><f>B2*1000</f><v>2224100</v></c><c r="E2" s="7"><v>-1234.5</v></c>'
        '<c r="F2" s="8"><v>45366</v></c><c r="G2" s="5"><v>0.30000000000000004</v></c>'
        '<c r="H2" s="6"><v>12.5</v></c></row>'
        '<row r="3"><c r="A3" t="str"><f>A2&amp;"!"</f><v>人员经费!</v></c><c r="B3" t="b"><v>1</v></c>'
        '<c r="C3" t="e"><v>#N/A</v></c><c r="D3" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r>'
        '</is></c></row>'
        '<row r="5"><c r="A5" t="inlineStr"><is><t>产出指标</t></is></c><c r="B5"><v>1</v></c></row>'
        '<row><c t="inlineStr"><is><t>no r</t></is></c><c><v>2</v></c></row>'
        '</sheetData><mergeCells count="2"><mergeCell ref="A5:A6"/><mergeCell ref="E5:F6"/></mergeCells>')
    by_hand("rich.xlsx", [("自评表", None, sheet), ("隐藏", "veryHidden",
            '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>')],
            strings, STYLES)


def date1904():
    sheet = ('<sheetData><row r="1"><c r="A1" s="4"><v>43831</v></c><c r="B1" s="8"><v>0</v></c>'
             '<c r="AA1"><v>1E-10</v></c></row></sheetData>'
             '<mergeCells><mergeCell ref="A3:XFD1048576"/></mergeCells>')
    by_hand("date1904.xlsx", [("1904", None, sheet)], "", STYLES, '<workbookPr date1904="1"/>')


scorecard()
rich()
date1904()
