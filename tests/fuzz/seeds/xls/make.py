#!/usr/bin/python3
"""make.py — writes the fuzz_read_xls seeds beside it (tests/fuzz/fuzz.sh,
tests/suites/fuzz.sh):

    /usr/bin/python3 tests/fuzz/seeds/xls/make.py

scorecard.xls        tests/fixtures/xls/scorecard.xls as it is: a whole
                     compound file, for the container and libgsf
scorecard.biff,      the Workbook streams of the two LibreOffice fixtures
strings.biff         (tests/fixtures/xls/make.sh), raw: the fuzz target
                     stores what is no compound file as a Workbook stream,
                     so mutations reach the records
crafted.biff         a stream written record by record for what LibreOffice
                     does not write: strings split across CONTINUE records
                     with their option byte, rich and phonetic data across a
                     record's end, a formula's STRING after a SHRFMLA, MULRK
                     and MULBLANK, DATEMODE 1904, FORMAT and XF, BOOLERR, a
                     chart inside a sheet, a hidden and a chart sheet

Reads the fixtures with libgsf through GObject introspection (python3-gi,
gir1.2-gsf-1). The same bytes on every run; each file under 30 KB.
"""
import os
import shutil
import struct

import gi

gi.require_version("Gsf", "1")
from gi.repository import Gsf  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "..", "fixtures", "xls")


def workbook_stream(path):
    with open(path, "rb") as f:
        data = f.read()
    ole = Gsf.InfileMSOle.new(Gsf.InputMemory.new(data, False))
    stream = ole.child_by_name("Workbook")
    return bytes(stream.read(stream.size))


def record(kind, body):
    return struct.pack("<HH", kind, len(body)) + body


def bof(kind):
    return record(0x0809, struct.pack("<HHIII", 0x0600, kind, 0x07CC0DBB, 0, 0x0206))


EOF_ = record(0x000A, b"")


def unicode(text, count_bytes=2):
    """An XLUnicodeString: 8-bit when it can be, else UTF-16LE."""
    try:
        chars, flag = text.encode("latin-1"), 0
    except UnicodeEncodeError:
        chars, flag = text.encode("utf-16-le"), 1
    n = len(chars) // (1 + flag)
    return (struct.pack("<H", n) if count_bytes == 2 else bytes([n])) + bytes([flag]) + chars


def cell(kind, row, col, xf, rest):
    return record(kind, struct.pack("<HHH", row, col, xf) + rest)


def crafted():
    g = bytearray()
    g += record(0x0022, struct.pack("<H", 1))  # DATEMODE: 1904
    g += record(0x041E, struct.pack("<H", 164) + unicode('0.0"分"'))
    g += record(0x041E, struct.pack("<H", 10) + unicode("0.000%"))
    for fmt in (0, 2, 164, 10, 14, 4):
        g += record(0x00E0, struct.pack("<HH", 0, fmt) + bytes(16))
    # The SST: 4 strings over three records.
    sst = struct.pack("<II", 4, 4) + struct.pack("<HB", 6, 0) + b"abc"
    cont1 = b"\x01" + "dé项".encode("utf-16-le")
    cont1 += struct.pack("<HBHI", 3, 0x0D, 2, 5) + "x\t".encode("utf-16-le") + b"\x00\xd8"
    cont1 += struct.pack("<I", 0x10000)
    cont2 = struct.pack("<I", 0x20002) + b"\1\2\3\4\5" + struct.pack("<HB", 2, 0)
    cont3 = b"\x01" + "\U0001F600".encode("utf-16-le")[:4] + struct.pack("<HB", 0, 0)
    g += record(0x00FC, sst) + record(0x003C, cont1) + record(0x003C, cont2)
    g += record(0x003C, cont3)

    sheets = [("项目支出绩效自评表", 0, 0), ("备查", 1, 0), ("图表", 0, 2)]
    head = bytearray(bof(0x0005)) + g
    offsets = []
    for name, state, kind in sheets:
        offsets.append(len(head) + 4)
        head += record(0x0085, struct.pack("<IBB", 0, state, kind) + unicode(name, 1))
    head += EOF_

    s1 = bytearray(bof(0x0010))
    for col in range(4):
        s1 += cell(0x00FD, 0, col, 0, struct.pack("<I", col))
    s1 += cell(0x0204, 1, 0, 0, unicode("人员经费"))
    s1 += cell(0x0203, 1, 1, 1, struct.pack("<d", 2224.1))
    s1 += cell(0x0203, 1, 2, 3, struct.pack("<d", 0.9374))
    s1 += cell(0x027E, 1, 3, 4, struct.pack("<I", (45000 << 2) | 2))
    s1 += cell(0x0203, 1, 4, 5, struct.pack("<d", 1234567.891))
    s1 += record(0x00BD, struct.pack("<HH", 2, 1) + b"".join(
        struct.pack("<HI", 2, ((95 + i) << 2) | 2) for i in range(3)) + struct.pack("<H", 3))
    s1 += record(0x00BE, struct.pack("<HH", 3, 0) + bytes(2 * 8) + struct.pack("<H", 7))
    s1 += cell(0x0205, 4, 0, 0, b"\x01\x00") + cell(0x0205, 4, 1, 0, b"\x07\x01")
    s1 += cell(0x0006, 5, 0, 0, b"\x00\x00\x00\x00\x00\x00\xff\xff" + bytes(8))
    s1 += record(0x04BC, bytes(10))
    s1 += record(0x0207, unicode("公式结果"))
    s1 += cell(0x0006, 5, 1, 1, struct.pack("<d", 3310.15) + bytes(8))
    s1 += cell(0x0006, 5, 2, 0, b"\x02\x00\x2a\x00\x00\x00\xff\xff" + bytes(8))
    s1 += record(0x00E5, struct.pack("<H", 2) + struct.pack("<HHHH", 6, 6, 0, 3)
                 + struct.pack("<HHHH", 7, 9, 0, 0))
    s1 += cell(0x0204, 6, 0, 0, unicode("合计"))
    s1 += bof(0x0020) + cell(0x0204, 0, 0, 0, unicode("in the chart")) + EOF_
    s1 += EOF_
    s2 = bof(0x0010) + cell(0x0204, 1, 1, 0, unicode("secret")) + EOF_
    s3 = bof(0x0020) + EOF_

    stream = bytearray(head)
    for at, body in zip(offsets, (s1, s2, s3)):
        struct.pack_into("<I", stream, at, len(stream))
        stream += body
    return bytes(stream)


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
    assert len(data) < 30000, name


shutil.copyfile(os.path.join(FIXTURES, "scorecard.xls"), os.path.join(HERE, "scorecard.xls"))
write("scorecard.biff", workbook_stream(os.path.join(FIXTURES, "scorecard.xls")))
write("strings.biff", workbook_stream(os.path.join(FIXTURES, "strings.xls")))
write("crafted.biff", crafted())
