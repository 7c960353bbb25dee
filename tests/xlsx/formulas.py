"""formulas.py — a tiny spreadsheet evaluator for the formulas jixiao writes.

recompute(live_ws, cached_ws) evaluates every formula of a sheet from the
sheet's own cells (hidden helper cells included; a formula a formula refers
to is evaluated in turn, not read from its cache) and returns the cells whose
cached value differs from the result, as "A1: =FORMULA caches X, computes Y"
strings. A formula this evaluator cannot read (an unknown function, another
sheet, a cycle) is reported the same way: a workbook jixiao wrote holds
nothing else.

The grammar: numbers, cell references (A1, $A$1), ranges (A1:B3), + - * /,
unary minus, parentheses, and the functions SUM, ROUND (half away from zero,
as Excel), MIN, MAX, ABS. Arithmetic is exact (decimal.Decimal of the cells'
numbers as written), so a comparison at 1e-9 is fair.
"""
import re
from decimal import ROUND_HALF_UP, Decimal

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)"
                   r"|(?P<ref>\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)"
                   r"|(?P<func>[A-Z]+)\("
                   r"|(?P<op>[-+*/(),]))")


class FormulaError(Exception):
    pass


def tokenize(text):
    pos, out = 0, []
    text = text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise FormulaError(f"cannot read {text[pos:pos + 12]!r}")
        pos = m.end()
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
    return out


def cell_key(ref):
    col, row = coordinate_from_string(ref.replace("$", ""))
    return row, column_index_from_string(col)


class Sheet:
    def __init__(self, live_ws, cached_ws):
        self.live, self.cached = live_ws, cached_ws
        self.memo, self.busy = {}, set()

    def number(self, value, where):
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise FormulaError(f"{where} holds a boolean")
        if isinstance(value, (int, float)):
            return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        return value  # text: SUM leaves it out, arithmetic refuses it

    def value(self, row, col):
        """A cell's value: a formula evaluated, a constant as written."""
        key = (row, col)
        if key in self.memo:
            return self.memo[key]
        raw = self.live.cell(row, col).value
        where = self.live.cell(row, col).coordinate
        if isinstance(raw, str) and raw.startswith("=") and self.live.cell(row, col).data_type == "f":
            if key in self.busy:
                raise FormulaError(f"circular reference through {where}")
            self.busy.add(key)
            try:
                result = Parser(self, tokenize(raw[1:])).run()
            finally:
                self.busy.discard(key)
        else:
            result = self.number(raw, where)
        self.memo[key] = result
        return result

    def cells(self, ref):
        if ":" in ref:
            a, b = ref.split(":")
            (r1, c1), (r2, c2) = cell_key(a), cell_key(b)
            if r1 > r2 or c1 > c2:
                raise FormulaError(f"range {ref} runs backwards")
            return [self.value(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
        return [self.value(*cell_key(ref))]


def scalar(v):
    if v is None:
        return Decimal(0)
    if isinstance(v, list):
        if len(v) != 1:
            raise FormulaError("a range where a number is wanted")
        return scalar(v[0])
    if not isinstance(v, Decimal):
        raise FormulaError(f"text {v!r} in arithmetic")
    return v


def numbers(args):
    """The numbers of SUM/MIN/MAX arguments: text and blanks in ranges are left out."""
    out = []
    for a in args:
        if isinstance(a, list):
            out.extend(x for x in a if isinstance(x, Decimal))
        else:
            out.append(scalar(a))
    return out


def excel_round(x, digits):
    q = Decimal(1).scaleb(-int(digits))
    return x.quantize(q, rounding=ROUND_HALF_UP)  # half away from zero, as Excel


FUNCTIONS = {
    "SUM": lambda args: sum(numbers(args), Decimal(0)),
    "MIN": lambda args: min(numbers(args)) if numbers(args) else Decimal(0),
    "MAX": lambda args: max(numbers(args)) if numbers(args) else Decimal(0),
    "ABS": lambda args: abs(scalar(args[0])),
    "ROUND": lambda args: excel_round(scalar(args[0]), scalar(args[1])),
}


class Parser:
    def __init__(self, sheet, tokens):
        self.sheet, self.tokens, self.i = sheet, tokens, 0

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self, op=None):
        tok = self.peek()
        if tok[0] is None or (op is not None and tok != ("op", op)):
            raise FormulaError(f"expected {op or 'more'}, got {tok[1]!r}")
        self.i += 1
        return tok

    def run(self):
        v = self.expr()
        if self.i != len(self.tokens):
            raise FormulaError(f"unexpected {self.peek()[1]!r}")
        return scalar(v)

    def expr(self):
        v = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            w = self.term()
            v = scalar(v) + scalar(w) if op == "+" else scalar(v) - scalar(w)
        return v

    def term(self):
        v = self.unary()
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.take()[1]
            w = self.unary()
            if op == "*":
                v = scalar(v) * scalar(w)
            else:
                d = scalar(w)
                if d == 0:
                    raise FormulaError("division by zero")
                v = scalar(v) / d
        return v

    def unary(self):
        if self.peek() == ("op", "-"):
            self.take()
            return -scalar(self.unary())
        if self.peek() == ("op", "+"):
            self.take()
            return scalar(self.unary())
        return self.atom()

    def atom(self):
        kind, text = self.take()
        if kind == "num":
            return Decimal(text)
        if kind == "ref":
            cells = self.sheet.cells(text)
            return cells if ":" in text else cells[0]
        if kind == "func":
            if text not in FUNCTIONS:
                raise FormulaError(f"unknown function {text}")
            args = []
            if self.peek() != ("op", ")"):
                args.append(self.expr())
                while self.peek() == ("op", ","):
                    self.take()
                    args.append(self.expr())
            self.take(")")
            if text in ("ROUND",) and len(args) != 2 or text == "ABS" and len(args) != 1:
                raise FormulaError(f"{text} with {len(args)} arguments")
            return FUNCTIONS[text](args)
        if (kind, text) == ("op", "("):
            v = self.expr()
            self.take(")")
            return v
        raise FormulaError(f"unexpected {text!r}")


def recompute(live_ws, cached_ws):
    """(number of formulas, list of disagreements) for one sheet."""
    sheet = Sheet(live_ws, cached_ws)
    count, bad = 0, []
    for row in live_ws.iter_rows():
        for c in row:
            if c.data_type != "f":
                continue
            count += 1
            cached = cached_ws.cell(c.row, c.column).value
            try:
                got = sheet.value(c.row, c.column)
            except FormulaError as e:
                bad.append(f"{c.coordinate}: {c.value} cannot be computed: {e}")
                continue
            if not isinstance(cached, (int, float)) or isinstance(cached, bool):
                bad.append(f"{c.coordinate}: {c.value} caches {cached!r}, computes {got}")
                continue
            want = Decimal(repr(cached)) if isinstance(cached, float) else Decimal(cached)
            if abs(want - got) > Decimal("1e-9") * max(Decimal(1), abs(got)):
                bad.append(f"{c.coordinate}: {c.value} caches {cached}, computes {got}")
    return count, bad
