#!/usr/bin/env python3
"""make_pdf.py SHAPE OUT [N] — hostile PDFs for tests/suites/pdf_hardening.sh,
written with the standard library only (zlib for Flate, hashlib for the
RC4 key), the same bytes on every run.

  card          a scorecard page: a ruled table and its title, as a
                printer writes it (the reference the others are cut from)
  truncated N   the card cut to its first N per cent
  garbage       a PDF header, then 64 KB of noise
  badxref       the card with every xref offset and startxref wrong
                (MuPDF rebuilds the table by scanning the objects)
  rc4user       the card encrypted (RC4, 128 bits, revision 3) with the
                user password "secret": it opens only with one
  rc4owner      the same with only an owner password ("owner"): the empty
                user password opens it, the owner's restricts copying
  pages N       N pages sharing one content stream (a few bytes a page)
  glyphs N      one page drawing N glyphs: lines of 100 letters, Flate
  bomb N        a content stream that inflates to N MB (one string of
                letters, so the lexer must hold it) from about N KB
  blank N       a content stream that inflates to N MB of spaces
  fontbomb N    a page whose TrueType font program inflates to N MB: MuPDF
                loads a font whole, so its memory budget must refuse it
  scan          one page drawing only an image: a scan with no text layer

Whole files that stay within every page's budget yet would cost time or
memory without bound (found by the fuzz_read_pdf campaign):

  blankpages N M  N pages sharing one content stream of M MB of spaces
  glyphpages N M  N pages sharing one content stream of M glyphs (M under
                  a page's 400,000)
  forms D         a page whose form XObjects each draw the next one twice,
                  D deep: 2^D forms drawing nothing
  nopaint M       one page of M MB of paths never painted
  paragraph N     N pages of 60 lines set to the full measure: one paragraph
                  from the first page to the last
  table N         N pages each filled by a ruled table of 40 rows and 5
                  columns: one table from the first page to the last
"""
import hashlib
import sys
import zlib


def pdf(objects, trailer=b""):
    """A PDF of `objects` (numbered from 1, the catalog first): bytes, or
    (dictionary, stream data) whose /Length is added."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        if isinstance(body, tuple):
            head, data = body
            body = head[:-2] + b"/Length %d>>\nstream\n" % len(data) + data + b"\nendstream"
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<</Size %d/Root 1 0 R%s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer, xref)
    return bytes(out)


def ucs2(text):
    return b"<" + text.encode("utf-16-be").hex().upper().encode() + b">"


FONTS = (b"<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>"
         b"/F2<</Type/Font/Subtype/Type0/BaseFont/STSong-Light/Encoding/UniGB-UCS2-H"
         b"/DescendantFonts[<</Type/Font/Subtype/CIDFontType0/BaseFont/STSong-Light"
         b"/CIDSystemInfo<</Registry(Adobe)/Ordering(GB1)/Supplement 4>>/DW 1000"
         b"/FontDescriptor<</Type/FontDescriptor/FontName/STSong-Light/Flags 4"
         b"/FontBBox[-25 -254 1000 880]/ItalicAngle 0/Ascent 880/Descent -120"
         b"/CapHeight 880/StemV 93>>>>]>>>>>>")


def one_page(content, resources=FONTS):
    return [b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources " + resources
            + b"/Contents 4 0 R>>",
            content]


def card_content():
    rows = [("一级指标", "二级指标", "分值", "得分"),
            ("产出指标", "数量指标", "50", "48"),
            ("效益指标", "社会效益指标", "30", "30"),
            ("总分", "", "100", "98")]
    xs, top, h = [72, 180, 300, 400, 500], 700, 20
    c = bytearray(b"BT /F2 16 Tf 72 760 Td " + ucs2("项目支出绩效自评表") + b" Tj ET\n0.5 w\n")
    for r in range(len(rows) + 1):
        c += b"72 %d m 500 %d l S\n" % (top - r * h, top - r * h)
    for x in xs:
        c += b"%d %d m %d %d l S\n" % (x, top, x, top - len(rows) * h)
    for r, row in enumerate(rows):
        for k, cell in enumerate(row):
            if cell:
                font = b"/F1" if cell.isascii() else b"/F2"
                text = b"(" + cell.encode() + b")" if cell.isascii() else ucs2(cell)
                c += b"BT %s 10 Tf %d %d Td %s Tj ET\n" % (font, xs[k] + 4, top - r * h - 14, text)
    return bytes(c)


def card():
    return pdf(one_page((b"<<>>", card_content())))


def truncated(percent):
    data = card()
    return data[:len(data) * percent // 100]


def garbage():
    noise, seed = bytearray(), b"jixiao"
    while len(noise) < 65536:
        seed = hashlib.sha256(seed).digest()
        noise += seed
    return b"%PDF-1.7\n" + bytes(noise)


def badxref():
    data = bytearray(card())
    at = data.rindex(b"xref\n0 ")
    table = data[at:]
    head, rest = table.split(b"0000000000 65535 f \n", 1)
    entries, trailer = rest.split(b"trailer", 1)
    wrong = b"".join(b"%010d 00000 n \n" % (int(e[:10]) + 7) for e in entries.splitlines(keepends=True))
    trailer = trailer.replace(b"startxref\n%d" % at, b"startxref\n%d" % (at // 2))
    return bytes(data[:at]) + head + b"0000000000 65535 f \n" + wrong + b"trailer" + trailer


# ------------------------------------------------------------ RC4 encryption

PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key, data):
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) & 255
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) & 255
        j = (j + s[i]) & 255
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) & 255])
    return bytes(out)


def padded(password):
    return (password.encode("latin-1") + PAD)[:32]


def encrypted(user, owner):
    """The card under the standard security handler, revision 3 (RC4,
    128 bits): algorithms 3, 2 and 5 of ISO 32000-1, 7.6.3."""
    length, perms, file_id = 16, -3904, hashlib.md5(b"jixiao").digest()
    digest = hashlib.md5(padded(owner or user)).digest()
    for _ in range(50):
        digest = hashlib.md5(digest).digest()
    o_value = rc4(digest[:length], padded(user))
    for i in range(1, 20):
        o_value = rc4(bytes(b ^ i for b in digest[:length]), o_value)
    digest = hashlib.md5(padded(user) + o_value + perms.to_bytes(4, "little", signed=True)
                         + file_id).digest()
    for _ in range(50):
        digest = hashlib.md5(digest[:length]).digest()
    key = digest[:length]
    u_value = rc4(key, hashlib.md5(PAD + file_id).digest())
    for i in range(1, 20):
        u_value = rc4(bytes(b ^ i for b in key), u_value)
    u_value += bytes(16)
    def object_key(n):  # algorithm 1: the key of object n, generation 0
        return hashlib.md5(key + n.to_bytes(3, "little") + bytes(2)).digest()[:min(length + 5, 16)]

    objects = one_page((b"<<>>", rc4(object_key(4), card_content())))
    for plain in (b"Adobe", b"GB1"):  # the page's strings (its font's CIDSystemInfo)
        objects[2] = objects[2].replace(b"(" + plain + b")", b"<" + rc4(object_key(3), plain).hex().encode() + b">")
    objects.append(b"<</Filter/Standard/V 2/R 3/Length 128/P %d/O<%s>/U<%s>>>" % (
        perms, o_value.hex().encode(), u_value.hex().encode()))
    return pdf(objects, b"/Encrypt 5 0 R/ID[<%s><%s>]" % (file_id.hex().encode(), file_id.hex().encode()))


# ------------------------------------------------------------ past the budgets

def pages(n):
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(n))
    objects = [b"<</Type/Catalog/Pages 2 0 R>>",
               b"<</Type/Pages/Kids[" + kids + b"]/Count %d/MediaBox[0 0 595 842]/Resources " % n
               + FONTS + b">>",
               (b"<<>>", b"BT /F1 10 Tf 72 760 Td (A page among many) Tj ET")]
    objects += [b"<</Type/Page/Parent 2 0 R/Contents 3 0 R>>"] * n
    return pdf(objects)


def flate(prefix, block=b"", count=0, suffix=b""):
    """zlib of prefix, count times block, suffix. Each block is deflated
    once: behind a full flush its bytes are the same every time, so a
    gigabyte costs a second to write (its Adler-32 is the rest)."""
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = bytearray(z.compress(prefix) + z.flush(zlib.Z_FULL_FLUSH))
    one = z.compress(block) + z.flush(zlib.Z_FULL_FLUSH)
    out += one * count
    out += z.compress(suffix) + z.flush()
    adler = zlib.adler32(prefix)
    for _ in range(count):
        adler = zlib.adler32(block, adler)
    adler = zlib.adler32(suffix, adler)
    return b"\x78\xda" + bytes(out) + adler.to_bytes(4, "big")


def glyphs(n):
    """Lines of 100 letters (the last shorter), each its own text object, 1
    point high; the same 100 lines over and over down the page."""
    lines = [b"BT /F1 1 Tf 20 %d Td (%s) Tj ET\n" % (20 + (i // 100) % 800, b"a" * min(100, n - i))
             for i in range(0, n, 100)]
    return pdf(one_page((b"<</Filter/FlateDecode>>", flate(b"".join(lines)))))


def bomb(megabytes):
    data = flate(b"BT /F1 10 Tf 72 700 Td (", b"A" * (1 << 20), megabytes, b") Tj ET")
    return pdf(one_page((b"<</Filter/FlateDecode>>", data)))


def blank(megabytes):
    data = flate(b"BT /F1 10 Tf 72 700 Td (text) Tj ET", b" " * (1 << 20), megabytes)
    return pdf(one_page((b"<</Filter/FlateDecode>>", data)))


def fontbomb(megabytes):
    program = flate(b"\x00\x01\x00\x00", bytes(1 << 20), megabytes)
    font = (b"<</Font<</F1<</Type/Font/Subtype/TrueType/BaseFont/Bomb/FirstChar 32/LastChar 126"
            b"/Widths[" + b"500 " * 95 + b"]/Encoding/WinAnsiEncoding/FontDescriptor<</Type"
            b"/FontDescriptor/FontName/Bomb/Flags 32/FontBBox[0 0 1000 1000]/ItalicAngle 0"
            b"/Ascent 800/Descent -200/CapHeight 700/StemV 80/FontFile2 5 0 R>>>>>>>>")
    objects = one_page((b"<<>>", b"BT /F1 10 Tf 72 700 Td (Text in a font of a gigabyte) Tj ET"), font)
    objects.append((b"<</Filter/FlateDecode>>", program))
    return pdf(objects)


def scan():
    image = (b"<</Type/XObject/Subtype/Image/Width 8/Height 8/ColorSpace/DeviceGray"
             b"/BitsPerComponent 8>>", bytes((x * 37) & 255 for x in range(64)))
    objects = one_page((b"<<>>", b"q 500 0 0 700 50 70 cm /Im1 Do Q"),
                       b"<</XObject<</Im1 5 0 R>>>>")
    objects.append(image)
    return pdf(objects)


def pages_sharing(n, content):
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(n))
    objects = [b"<</Type/Catalog/Pages 2 0 R>>",
               b"<</Type/Pages/Kids[" + kids + b"]/Count %d/MediaBox[0 0 595 842]/Resources " % n
               + FONTS + b">>", content]
    objects += [b"<</Type/Page/Parent 2 0 R/Contents 3 0 R>>"] * n
    return pdf(objects)


def blankpages(n, mb):
    data = flate(b"BT /F1 10 Tf 72 400 Td (text in the middle) Tj ET", b" " * (1 << 20), mb)
    return pages_sharing(n, (b"<</Filter/FlateDecode>>", data))


def glyphpages(n, m):
    lines = b"".join(b"BT /F1 1 Tf 10 %d Td (%s) Tj ET\n" % (10 + (i % 800), b"a" * 100)
                     for i in range(m // 100))
    return pages_sharing(n, (b"<</Filter/FlateDecode>>", flate(lines)))


def forms(depth):
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1<</Type/Font"
               b"/Subtype/Type1/BaseFont/Helvetica>>>>/XObject<</X 5 0 R>>>>/Contents 4 0 R>>",
               (b"<<>>", b"BT /F1 10 Tf 72 700 Td (forms) Tj ET /X Do")]
    for d in range(depth):
        n = 5 + d
        if d + 1 < depth:
            objects.append((b"<</Type/XObject/Subtype/Form/BBox[0 0 10 10]/Resources<</XObject<</X %d 0 R>>>>>>"
                            % (n + 1), b"/X Do /X Do"))
        else:
            objects.append((b"<</Type/XObject/Subtype/Form/BBox[0 0 10 10]>>", b"0 0 m 1 1 l n"))
    return pdf(objects)


def nopaint(mb):
    unit = b"0 0 m 1 1 l n\n" * (1 << 16)
    data = flate(b"BT /F1 10 Tf 72 700 Td (text) Tj ET\n", unit, (mb << 20) // len(unit))
    return pdf(one_page((b"<</Filter/FlateDecode>>", data)))


def paragraph(n):
    line = b"The quick brown fox jumps over the lazy dog again and again"
    c = b"BT /F1 10 Tf 12 TL 72 780 Td" + b" (%s) '" % line * 60 + b" ET"
    return pages_sharing(n, (b"<<>>", c))


def table(n):
    """Each page its own rows (pages that repeated one another would have
    their first rows taken for a repeated header)."""
    rows, cols, top, h, w = 40, 5, 800, 19, 90
    grid = bytearray(b"0.5 w\n")
    for r in range(rows + 1):
        grid += b"60 %d m %d %d l S\n" % (top - r * h, 60 + cols * w, top - r * h)
    for k in range(cols + 1):
        grid += b"%d %d m %d %d l S\n" % (60 + k * w, top, 60 + k * w, top - rows * h)
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(n))
    objects = [b"<</Type/Catalog/Pages 2 0 R>>",
               b"<</Type/Pages/Kids[" + kids + b"]/Count %d/MediaBox[0 0 595 842]/Resources " % n
               + FONTS + b">>"]
    for p in range(n):
        c = bytearray(grid)
        for r in range(rows):
            for k in range(cols):
                c += b"BT /F1 9 Tf %d %d Td (p%dr%dc%d) Tj ET\n" % (64 + k * w, top - r * h - 13, p, r, k)
        objects.append(b"<</Type/Page/Parent 2 0 R/Contents %d 0 R>>" % (4 + 2 * p))
        objects.append((b"<</Filter/FlateDecode>>", flate(bytes(c))))
    return pdf(objects)


def main():
    shape, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    m = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    makers = {"card": card, "truncated": lambda: truncated(n), "garbage": garbage,
              "badxref": badxref, "rc4user": lambda: encrypted("secret", "owner"),
              "rc4owner": lambda: encrypted("", "owner"), "pages": lambda: pages(n),
              "glyphs": lambda: glyphs(n), "bomb": lambda: bomb(n), "blank": lambda: blank(n),
              "fontbomb": lambda: fontbomb(n),
              "scan": scan, "blankpages": lambda: blankpages(n, m), "glyphpages": lambda: glyphpages(n, m),
              "forms": lambda: forms(n), "nopaint": lambda: nopaint(n), "paragraph": lambda: paragraph(n),
              "table": lambda: table(n)}
    if shape not in makers:
        sys.exit(__doc__)
    with open(out, "wb") as f:
        f.write(makers[shape]())


if __name__ == "__main__":
    main()
