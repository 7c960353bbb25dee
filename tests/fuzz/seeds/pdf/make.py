#!/usr/bin/python3
"""make.py — writes the fuzz_read_pdf seeds beside it (tests/fuzz/fuzz.sh,
tests/suites/fuzz.sh):

    /usr/bin/python3 tests/fuzz/seeds/pdf/make.py

card.pdf, ledger.pdf  a scorecard typed in Word (python-docx: a ruled table,
                      a label merged down two rows, 总分 across two columns)
                      and a ledger typed in Excel (openpyxl: thin borders, a
                      title merged across the table, a merged total), printed
                      to PDF by LibreOffice; the font programs left out (MuPDF
                      stands in its own; the widths and ToUnicode stay), the
                      streams uncompressed, the dates and ID dropped: about
                      5 KB each, and mutations reach the content streams
handmade.pdf          written object by object for what the printers do not:
                      rulings as thin filled rectangles and as strokes, a
                      Form XObject, TJ with kerning, ' and ", Tz, TL and T*,
                      a Chinese Type0 font by CMap (UniGB-UCS2-H and -V), a
                      Type3 font, /Rotate 90, text set sideways by its
                      matrix, a scan with an invisible OCR layer (3 Tr) and
                      a scan without one, an inherited MediaBox
continued.pdf         a ruled table that ends page 1 and goes on at the top of
                      page 2 under its header repeated, a row and a merged
                      label broken by the page, a paragraph that runs from
                      page 1 onto page 2, page numbers at the foot: the
                      joins across pages
*.content             content streams alone: the fuzz target stores what is
                      no PDF as the content of a page whose resources are the
                      ones wrapper_resources() below describes (fonts /F1
                      Helvetica, /F2 and /F3 Chinese by UniGB-UCS2-H and -V,
                      /F4 Type3; /Im1 a 2×2 image, /Fm1 a form; /GS1), so
                      mutations reach the interpreter, our device and the
                      layout rather than the xref

card.pdf and ledger.pdf need LibreOffice (soffice), mutool, python3-docx and
python3-openpyxl; without them the files already here are kept. The other
files are the same bytes on every run.
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


# A PDF written object by object, and strings for a font by UniGB-UCS2-H:
# the hardening suite's writer (tests/hardening/make_pdf.py).
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "hardening"))
from make_pdf import pdf, ucs2  # noqa: E402


CID_FONT = (b"<</Type/Font/Subtype/CIDFontType0/BaseFont/STSong-Light"
            b"/CIDSystemInfo<</Registry(Adobe)/Ordering(GB1)/Supplement 4>>"
            b"/FontDescriptor<</Type/FontDescriptor/FontName/STSong-Light/Flags 4"
            b"/FontBBox[-25 -254 1000 880]/ItalicAngle 0/Ascent 880/Descent -120"
            b"/CapHeight 880/StemV 93>>/DW 1000>>")


def wrapper_resources(square, bar, image, form):
    """The fonts, images and forms of the page the fuzz target wraps a bare
    content stream in (tests/fuzz/fuzz_read_pdf.c writes the same, with the
    objects 5 to 8), the Type3 glyphs, image and form being those objects."""
    return (b"<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>"
            b"/F2<</Type/Font/Subtype/Type0/BaseFont/STSong-Light/Encoding/UniGB-UCS2-H"
            b"/DescendantFonts[" + CID_FONT + b"]>>"
            b"/F3<</Type/Font/Subtype/Type0/BaseFont/STSong-Light/Encoding/UniGB-UCS2-V"
            b"/DescendantFonts[" + CID_FONT + b"]>>"
            b"/F4<</Type/Font/Subtype/Type3/FontBBox[0 0 750 750]/FontMatrix[0.001 0 0 0.001 0 0]"
            b"/CharProcs<</square %d 0 R/bar %d 0 R>>" % (square, bar) + b"/Encoding<</Type/Encoding/Differences[65/square/bar]>>"
            b"/FirstChar 65/LastChar 66/Widths[1000 1000]/Resources<<>>>>>>"
            b"/XObject<</Im1 %d 0 R/Fm1 %d 0 R>>" % (image, form) + b"/ExtGState<</GS1<</CA 0.5/ca 0.5>>>>>>")


def handmade():
    table = [("一级指标", "二级指标", "分值", "得分"),
             ("产出指标", "数量指标", "50", "48"),
             (None, "质量指标", "30", "30"),
             ("总分", None, "100", "98")]
    xs = [72, 180, 300, 400, 500]
    ys = [700, 680, 660, 640, 620]
    c = bytearray()
    c += b"BT /F2 16 Tf 72 760 Td " + ucs2("项目支出绩效自评表") + b" Tj ET\n"
    # the rulings: the frame and header line as thin filled rectangles, the
    # rest as strokes; the label 产出指标 merged down two rows, 总分 across two
    c += b"0 0 0 rg 72 699.75 428 0.5 re 72 619.75 428 0.5 re f\n"
    c += b"71.75 620 0.5 80 re 499.75 620 0.5 80 re f\n"
    c += b"0.5 w 0 0 0 RG 72 680 m 500 680 l S 180 660 m 500 660 l S 72 640 m 500 640 l S\n"
    c += b"180 700 m 180 660 l 180 640 m 180 660 l S 300 700 m 300 620 l S 400 700 m 400 620 l S\n"
    for r, row in enumerate(table):
        for k, cell in enumerate(row):
            if cell is None:
                continue
            y = ys[r] - 14
            if cell.isascii():
                c += b"BT /F1 10 Tf %d %d Td (%s) Tj ET\n" % (xs[k] + 4, y, cell.encode())
            else:
                c += b"BT /F2 10 Tf %d %d Td %s Tj ET\n" % (xs[k] + 4, y, ucs2(cell))
    c += b"BT /F2 10.5 Tf 14 TL 72 590 Td " + ucs2("说明：预算执行率为") + b" Tj"
    c += b" /F1 10.5 Tf [(95.)-20(62%)] TJ T* /F2 10.5 Tf " + ucs2("全年执行数") + b" '"
    c += b" 0 1 " + ucs2("万元。") + b" \" 120 Tz /F1 10.5 Tf T* (Wide) Tj 100 Tz ET\n"
    c += b"q 1 0 0 1 72 500 cm /Fm1 Do Q\n"
    c += b"BT /F4 12 Tf 72 450 Td (AB) Tj ET\n"
    c += b"BT /F3 12 Tf 540 760 Td " + ucs2("竖排文字") + b" Tj ET\n"
    c += b"q /GS1 gs 0.9 g 72 400 200 1 re f Q\n"
    page1 = bytes(c)
    # set sideways: a table printed across a portrait page
    c = bytearray(b"0.5 w 100 100 m 100 700 l S 130 100 m 130 700 l S 160 100 m 160 700 l S\n"
                  b"100 100 m 160 100 l S 100 400 m 160 400 l S 100 700 m 160 700 l S\n")
    for k, cell in enumerate(("项目名称", "年初预算数", "全年执行数", "执行率")):
        c += b"BT /F2 10 Tf 0 1 -1 0 %d %d Tm %s Tj ET\n" % (120 + 30 * (k // 2), 110 + 300 * (k % 2), ucs2(cell))
    page2 = bytes(c)
    page3 = b"BT /F1 12 Tf 72 700 Td (Rotated page) Tj 0 -14 Td (two lines) Tj ET\n"
    ocr = (b"q 500 0 0 700 50 70 cm /Im1 Do Q\n"
           b"BT 3 Tr /F2 12 Tf 72 700 Td " + ucs2("扫描件的文字层") + b" Tj ET\n")
    scan = b"q 500 0 0 700 50 70 cm /Im1 Do Q\n"
    square = b"750 0 0 0 750 750 d1 0 0 750 750 re f"
    bar = b"750 0 d0 0 300 750 100 re f"
    form = b"0 0 m 300 0 l S BT /F1 9 Tf 0 4 Td (In a form) Tj ET"
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R 4 0 R 5 0 R 6 0 R 7 0 R]/Count 5/MediaBox[0 0 595 842]"
        b"/Resources 8 0 R>>",
        b"<</Type/Page/Parent 2 0 R/Contents 9 0 R>>",
        b"<</Type/Page/Parent 2 0 R/Contents 10 0 R>>",
        b"<</Type/Page/Parent 2 0 R/Rotate 90/Contents 11 0 R>>",
        b"<</Type/Page/Parent 2 0 R/Contents 12 0 R>>",
        b"<</Type/Page/Parent 2 0 R/Contents 13 0 R>>",
        wrapper_resources(14, 15, 16, 17),
        (b"<<>>", page1), (b"<<>>", page2), (b"<<>>", page3), (b"<<>>", ocr), (b"<<>>", scan),
        (b"<<>>", square), (b"<<>>", bar), image_object(),
        (b"<</Type/XObject/Subtype/Form/BBox[0 0 300 20]/Resources 8 0 R>>", form),
    ]
    return pdf(objects)


def continued():
    xs = [72, 200, 320, 420, 520]
    font = b"<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>" \
        b"/F2<</Type/Font/Subtype/Type0/BaseFont/STSong-Light/Encoding/UniGB-UCS2-H" \
        b"/DescendantFonts[" + CID_FONT + b"]>>>>>>"

    def table(top, rows, open_bottom=False, open_top=False):
        c = bytearray(b"0.5 w\n")
        h = 20
        for r in range(len(rows) + 1):
            if (r == 0 and open_top) or (r == len(rows) and open_bottom):
                continue  # the page cuts the row: no rule there
            c += b"72 %d m 520 %d l S\n" % (top - r * h, top - r * h)
        for x in xs:
            c += b"%d %d m %d %d l S\n" % (x, top, x, top - len(rows) * h)
        for r, row in enumerate(rows):
            for k, cell in enumerate(row):
                if cell:
                    text = b"(" + cell.encode() + b")" if cell.isascii() else ucs2(cell)
                    fnt = b"/F1" if cell.isascii() else b"/F2"
                    c += b"BT %s 10 Tf %d %d Td %s Tj ET\n" % (fnt, xs[k] + 4, top - r * h - 14, text)
        return bytes(c)

    header = ("项目", "年初预算数", "全年执行数", "执行率")
    para = ("本年度部门预算执行情况良好，各项支出均按照预算批复执行，资金使用规范，",
            "未发现挤占挪用等问题。")
    p1 = bytearray(b"BT /F2 14 Tf 72 780 Td " + ucs2("部门支出情况表") + b" Tj ET\n")
    p1 += b"BT /F2 10.5 Tf 72 750 Td " + ucs2(para[0]) + b" Tj ET\n"
    p1 += b"BT /F2 10.5 Tf 72 735 Td " + ucs2(para[0]) + b" Tj ET\n"
    p1 += table(140, [header, ("人员经费", "1,086.05", "1,072.81", "98.78%"),
                      ("公用经费", "48.22", "46.11", "95.62%"), ("项目支出", "200.00", "", "")],
                open_bottom=True)
    p1 += b"BT /F1 9 Tf 290 40 Td (- 1 -) Tj ET\n"
    p2 = bytearray(table(800, [header, ("", "", "150.00", "75.00%"),
                               ("合计", "1,334.27", "1,268.92", "95.10%")], open_top=False))
    p2 += b"BT /F2 10.5 Tf 72 720 Td " + ucs2(para[1]) + b" Tj ET\n"
    p2 += b"BT /F1 9 Tf 290 40 Td (- 2 -) Tj ET\n"
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R 4 0 R]/Count 2/MediaBox[0 0 595 842]/Resources 5 0 R>>",
        b"<</Type/Page/Parent 2 0 R/Contents 6 0 R>>",
        b"<</Type/Page/Parent 2 0 R/Contents 7 0 R>>",
        font, (b"<<>>", bytes(p1)), (b"<<>>", bytes(p2)),
    ]
    return pdf(objects)


def image_object():
    return (b"<</Type/XObject/Subtype/Image/Width 2/Height 2/ColorSpace/DeviceGray"
            b"/BitsPerComponent 8>>", b"\x00\xff\xff\x00")


CONTENTS = {
    "table.content": (
        b"BT /F2 14 Tf 72 780 Td <987976EE> Tj ET\n"
        b"0.5 w 72 700 m 400 700 l S 72 680 m 400 680 l S 72 660 m 400 660 l S\n"
        b"72 700 m 72 660 l S 250 700 m 250 660 l S 400 700 m 400 660 l S\n"
        b"BT /F2 10 Tf 76 686 Td <987976EE540D79F0> Tj 180 0 Td /F1 10 Tf (1,086.05) Tj ET\n"
        b"BT /F2 10 Tf 76 666 Td <5408 8BA1> Tj 180 0 Td /F1 10 Tf [(1,0)-30(86.05)] TJ ET\n"),
    "filled.content": (
        b"0 0 0 rg 72 699.5 328 1 re 72 659.5 328 1 re 71.5 660 1 40 re 399.5 660 1 40 re f\n"
        b"235.5 660 1 40 re f 72 679.8 163 0.4 re f\n"
        b"BT /F2 10 Tf 76 686 Td <5E74521D9884 7B976570> Tj 180 0 Td /F1 10 Tf (48.22) Tj ET\n"
        b"BT /F1 10 Tf 76 666 Td (Total) Tj 180 0 Td (48.22) Tj ET\n"),
    "text.content": (
        b"BT /F2 10.5 Tf 14 TL 72 760 Td <4E00 3001 90E8 95E8 57FA672C 60C551B5> Tj T*"
        b" <8BF4660E> ' 2 1 <FF1A> \" /F1 10.5 Tf [(95)-250(.62%)] TJ T* 150 Tz (wide) Tj"
        b" 100 Tz 2 Tc 1 Tw (spaced out words) Tj 0 Tc 0 Tw 5 Ts (raised) Tj 0 Ts ET\n"
        b"BT 7 Tr /F1 12 Tf 72 600 Td (clip) Tj ET 0 0 595 842 re W n\n"
        b"BT /F1 8 Tf 280 30 Td (- 1 -) Tj ET\n"),
    "sideways.content": (
        b"BT /F2 10 Tf 0 1 -1 0 300 100 Tm <9879 76EE> Tj 0 -20 Td <91D1 989D> Tj ET\n"
        b"BT /F1 10 Tf 0 1 -1 0 300 200 Tm (1,072.81) Tj 0 -20 Td (98.78%) Tj ET\n"
        b"BT /F3 12 Tf 500 760 Td <7AD6 6392> Tj ET\n"),
    "mixed.content": (
        b"q 1 0 0 1 72 700 cm /Fm1 Do Q q 300 0 0 200 72 400 cm /Im1 Do Q\n"
        b"BT /F4 20 Tf 72 350 Td (ABBA) Tj ET\n"
        b"q /GS1 gs 1 0 0 RG 2 w 72 300 m 300 300 l 300 200 l h S Q\n"
        b"72 100 m 100 150 150 150 200 100 c S 1 g 72 80 300 0.5 re f\n"),
}


def office_pdfs():
    soffice, mutool = shutil.which("soffice"), shutil.which("mutool")
    try:
        import docx
        import openpyxl
        from openpyxl.styles import Border, Side
    except ImportError:
        return "python3-docx and python3-openpyxl"
    if not soffice or not mutool:
        return "soffice and mutool"
    with tempfile.TemporaryDirectory() as tmp:
        d = docx.Document()
        d.add_paragraph("项目支出绩效自评表（2023年度）")
        t = d.add_table(rows=4, cols=4)
        t.style = "Table Grid"
        rows = [["一级指标", "二级指标", "分值", "得分"], ["产出指标", "数量指标", "50", "48"],
                ["", "质量指标", "30", "30"], ["总分", "", "100", "98"]]
        for r, row in enumerate(rows):
            for k, v in enumerate(row):
                t.cell(r, k).text = v
        t.cell(1, 0).merge(t.cell(2, 0)).text = "产出指标"
        t.cell(3, 0).merge(t.cell(3, 1)).text = "总分"
        d.add_paragraph("说明：预算执行率为95.62%，全年执行数46.11万元。")
        d.save(os.path.join(tmp, "card.docx"))
        wb = openpyxl.Workbook()
        ws = wb.active
        thin = Side(style="thin")
        box = Border(left=thin, right=thin, top=thin, bottom=thin)
        ws.append(["部门决算表"])
        for row in (["项目", "年初预算数", "全年执行数", "执行率"],
                    ["人员经费", "1,086.05", "1,072.81", "98.78%"],
                    ["公用经费", "48.22", "46.11", "95.62%"], ["合计", "1,134.27", "1,118.92", ""]):
            ws.append(row)
        ws.merge_cells("A1:D1")
        ws.merge_cells("C5:D5")
        for row in ws.iter_rows(min_row=2, max_row=5):
            for cell in row:
                cell.border = box
        wb.save(os.path.join(tmp, "ledger.xlsx"))
        subprocess.run([soffice, "-env:UserInstallation=file://" + os.path.join(tmp, "profile"),
                        "--headless", "--convert-to", "pdf", "--outdir", tmp, "card.docx", "ledger.xlsx"],
                       cwd=tmp, check=True, capture_output=True)
        strip = os.path.join(tmp, "strip.js")
        with open(strip, "w") as f:
            f.write("""var doc = new PDFDocument(scriptArgs[0]);
for (var i = 1; i < doc.countObjects(); i++) {
    var o = doc.newIndirect(i, 0);
    if (o.isDictionary() && o.get("Type") == "FontDescriptor") {
        o.delete("FontFile"); o.delete("FontFile2"); o.delete("FontFile3");
    }
}
doc.getTrailer().delete("Info");
doc.getTrailer().delete("ID");
doc.save(scriptArgs[1], "garbage=deduplicate,decompress");
""")
        for name in ("card", "ledger"):
            subprocess.run([mutool, "run", strip, os.path.join(tmp, name + ".pdf"),
                            os.path.join(HERE, name + ".pdf")], check=True, capture_output=True)
    return None


def main():
    with open(os.path.join(HERE, "handmade.pdf"), "wb") as f:
        f.write(handmade())
    with open(os.path.join(HERE, "continued.pdf"), "wb") as f:
        f.write(continued())
    for name, data in CONTENTS.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
    missing = office_pdfs()
    if missing:
        print(f"make.py: card.pdf and ledger.pdf kept as they are (need {missing})")


if __name__ == "__main__":
    main()
