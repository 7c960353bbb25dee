#!/usr/bin/env python3
"""validate_xlsx.py [--xml-only] WORKBOOK... — is each file a workbook every spreadsheet opens?

Checks, per file: a zip; every .xml and .rels part parses as XML 1.0 (a strict
parser: no control characters, no U+FFFE/U+FFFF); openpyxl loads it; every
formula is within Excel's limits (8,192 characters, 255 arguments a function);
no cell text longer than 32,767 characters; sheet names unique regardless of
case, at most 31 characters. Prints one line per problem and exits 1 if any.
--xml-only skips openpyxl (slow on a thousand sheets) and reads the sheet
names from xl/workbook.xml instead.
"""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

import openpyxl

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def function_arguments(formula):
    """Largest argument count of any function call in the formula."""
    most, stack, in_string = 0, [], False
    for ch in formula:
        if ch == '"':
            in_string = not in_string
        if in_string:
            continue
        if ch == "(":
            stack.append(1)
        elif ch == ")":
            if stack:
                most = max(most, stack.pop())
        elif ch == "," and stack:
            stack[-1] += 1
    return most


def validate(path, xml_only):
    problems = []
    try:
        z = zipfile.ZipFile(path)
    except Exception as e:  # noqa: BLE001 - any failure is the finding
        return [f"{path}: not a zip: {e}"]
    for name in z.namelist():
        if not (name.endswith(".xml") or name.endswith(".rels")):
            continue
        data = z.read(name)
        try:
            root = ET.fromstring(data)
        except ET.ParseError as e:
            problems.append(f"{path}: {name}: not well-formed XML: {e}")
            continue
        for f in root.iter(NS + "f"):
            text = f.text or ""
            if len(text) > 8192:
                problems.append(f"{path}: {name}: formula of {len(text)} characters")
            if function_arguments(text) > 255:
                problems.append(f"{path}: {name}: a function with {function_arguments(text)} arguments")
        for t in root.iter(NS + "t"):
            text = t.text or ""
            units = len(text.encode("utf-16-le")) // 2
            if units > 32767:
                problems.append(f"{path}: {name}: a text of {units} characters")
    if xml_only:
        book = ET.fromstring(z.read("xl/workbook.xml"))
        titles = [s.get("name") for s in book.iter(NS + "sheet")]
    else:
        try:
            titles = openpyxl.load_workbook(path).sheetnames
        except Exception as e:  # noqa: BLE001
            return problems + [f"{path}: openpyxl cannot open it: {e}"]
    seen = set()
    for title in titles:
        if len(title) > 31 or title.lower() in seen:
            problems.append(f"{path}: bad or repeated sheet name {title!r}")
        seen.add(title.lower())
    return problems


def main():
    args = sys.argv[1:]
    xml_only = "--xml-only" in args
    problems = []
    for path in args:
        if path != "--xml-only":
            problems += validate(path, xml_only)
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


main()
