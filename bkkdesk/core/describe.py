"""Rules in words: a definition's expressions as a clerk reads them, in Thai or English.

``status == 'closed'`` is for the people who write definitions; the notes of an Excel
template and the form's help say ``สถานะ คือ ปิดเรื่องแล้ว`` instead: field names become
their labels, choice values their choice labels, ``true`` becomes ``ใช่``, and the
functions of the expression language are spelled out. Anything this cannot put into
words is shown as written, so a description is never wrong, at worst technical.
"""

from __future__ import annotations

import ast
from typing import Any

from bkkdesk.core.definitions import DatasetDef, FieldDef, FieldType
from bkkdesk.core.expr import CONSTANTS

_WORDS: dict[str, tuple[str, str]] = {
    "and": ("และ", "and"),
    "or": ("หรือ", "or"),
    "not": ("ไม่ใช่กรณีที่", "not"),
    "yes": ("ใช่", "yes"),
    "no": ("ไม่ใช่", "no"),
    "none": ("ว่าง", "empty"),
    "filled": ("กรอก {0} แล้ว", "{0} is filled in"),
    "empty": ("{0} ว่าง", "{0} is empty"),
    "days": ("จำนวนวันจาก {0} ถึง {1}", "days from {0} to {1}"),
    "len": ("ความยาวของ {0}", "length of {0}"),
    "year": ("ปีของ {0}", "year of {0}"),
    "month": ("เดือนของ {0}", "month of {0}"),
    "sum": ("ผลรวมของ {0}", "sum of {0}"),
    "if": ("ถ้า {0} เป็น {1} ไม่เช่นนั้น {2}", "{1} if {0}, else {2}"),
}
_OPS: dict[type, tuple[str, str]] = {
    ast.Eq: ("คือ", "is"),
    ast.NotEq: ("ไม่ใช่", "is not"),
    ast.Lt: ("น้อยกว่า", "less than"),
    ast.LtE: ("ไม่เกิน", "at most"),
    ast.Gt: ("มากกว่า", "more than"),
    ast.GtE: ("ตั้งแต่", "at least"),
    ast.In: ("เป็น", "is"),
    ast.NotIn: ("ไม่ใช่", "is not"),
    ast.Add: ("+", "+"),
    ast.Sub: ("-", "-"),
    ast.Mult: ("×", "×"),
    ast.Div: ("÷", "÷"),
}


class _CannotDescribe(Exception):
    pass


class _Describer:
    def __init__(self, definition: DatasetDef, lang: str) -> None:
        self.d = definition
        self.i = 1 if lang == "en" else 0

    def word(self, key: str, *args: str) -> str:
        return _WORDS[key][self.i].format(*args)

    def field(self, node: ast.AST) -> FieldDef | None:
        if isinstance(node, ast.Name):
            return self.d.field_map.get(node.id)
        return None

    def value(self, node: ast.AST, about: FieldDef | None) -> str:
        """A constant, read in the light of the field it is compared with."""
        if isinstance(node, ast.Name) and node.id in CONSTANTS:
            v: Any = CONSTANTS[node.id]
        elif isinstance(node, ast.Constant):
            v = node.value
        else:
            return self.expr(node)
        if v is True or v is False:
            return self.word("yes" if v else "no")
        if v is None:
            return self.word("none")
        if about is not None and about.type in (FieldType.CHOICE, FieldType.MULTICHOICE):
            for c in about.choices:
                if c.value == v:
                    return c.label.en if self.i else c.label.th
        return f"'{v}'" if isinstance(v, str) else str(v)

    def expr(self, node: ast.AST, nested: bool = False) -> str:
        if isinstance(node, ast.Name) and node.id in CONSTANTS:
            return self.value(node, None)
        if isinstance(node, ast.Name):
            f = self.d.field_map.get(node.id)
            if f is None:
                raise _CannotDescribe
            return f.label.en if self.i else f.label.th
        if isinstance(node, ast.Constant):
            return self.value(node, None)
        if isinstance(node, ast.BoolOp):
            joiner = f" {self.word('and' if isinstance(node.op, ast.And) else 'or')} "
            text = joiner.join(self.expr(v, nested=True) for v in node.values)
            return f"({text})" if nested else text
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            inner = node.operand
            if self._is_call(inner, "empty"):
                assert isinstance(inner, ast.Call)
                return self.word("filled", self.expr(inner.args[0]))
            return f"{self.word('not')} ({self.expr(inner)})"
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return f"-{self.expr(node.operand, nested=True)}"
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            op = _OPS[type(node.op)][self.i]
            text = f"{self.expr(node.left, True)} {op} {self.expr(node.right, True)}"
            return f"({text})" if nested else text
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            name = node.func.id
            args = [self.expr(a, nested=True) for a in node.args]
            if name in ("days", "len", "year", "month", "empty"):
                return self.word(name, *args)
            if name == "sum":
                return self.word("sum", ", ".join(args))
        if isinstance(node, ast.IfExp):
            return self.word("if", self.expr(node.test, True), self.expr(node.body, True),
                             self.expr(node.orelse, True))
        raise _CannotDescribe

    def compare(self, node: ast.Compare) -> str:
        parts = [self.expr(node.left, nested=True)]
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            if type(op) not in _OPS:
                raise _CannotDescribe
            about = self.field(left) or self.field(right)
            if isinstance(op, ast.In | ast.NotIn) and isinstance(right, ast.List | ast.Tuple):
                joiner = f" {self.word('or')} "
                shown = joiner.join(self.value(e, about) for e in right.elts)
            else:
                shown = self.value(right, about)
            parts.append(f"{_OPS[type(op)][self.i]} {shown}")
            left = right
        return " ".join(parts)

    @staticmethod
    def _is_call(node: ast.AST, name: str) -> bool:
        return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == name and len(node.args) == 1)


def describe(definition: DatasetDef, text: str, lang: str = "th") -> str:
    """``text`` (an expression of ``definition``) in words; the text itself if it cannot be."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
        return _Describer(definition, lang).expr(tree.body)
    except (SyntaxError, _CannotDescribe, IndexError, RecursionError):
        return text
