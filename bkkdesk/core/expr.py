"""A small, safe expression language for relevance rules, checks and computed fields.

Definitions say things like ``fix_status == 'fixed'`` or
``closed_date >= received_date`` or ``days(received_date, closed_date)``. The text is
parsed with :mod:`ast` and only a white-listed set of node types is accepted; the tree
is then interpreted here. Nothing is ever handed to ``eval``: no attribute access, no
subscripts, no comprehension, no call but the functions in :data:`FUNCTIONS`.

Semantics chosen for forms, where fields are often still empty:

- an empty field is ``null``; ``null == null`` is true;
- ordering comparisons (``<``, ``>=`` …) with ``null`` on either side are false, never an
  error; so are comparisons of values of unlike types;
- arithmetic with ``null`` gives ``null``.
"""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from bkkdesk.core.errors import DefinitionError

MAX_LENGTH = 500
MAX_DEPTH = 30


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _fn_days(start: Any, end: Any) -> int | None:
    a, b = _as_date(start), _as_date(end)
    if a is None or b is None:
        return None
    return (b - a).days


def _fn_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _fn_len(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, str | list | tuple | dict):
        return len(value)
    return len(str(value))


def _fn_year(value: Any) -> int | None:
    d = _as_date(value)
    return None if d is None else d.year


def _fn_month(value: Any) -> int | None:
    d = _as_date(value)
    return None if d is None else d.month


def _fn_sum(*values: Any) -> Decimal | None:
    total = Decimal(0)
    seen = False
    for v in values:
        n = _as_number(v)
        if n is not None:
            total += n
            seen = True
    return total if seen else None


FUNCTIONS: dict[str, tuple[Callable[..., Any], int | None]] = {
    # name: (function, number of arguments or None for any)
    "days": (_fn_days, 2),
    "empty": (_fn_empty, 1),
    "len": (_fn_len, 1),
    "year": (_fn_year, 1),
    "month": (_fn_month, 1),
    "sum": (_fn_sum, None),
}

CONSTANTS: dict[str, Any] = {
    "null": None,
    "None": None,
    "true": True,
    "True": True,
    "false": False,
    "False": False,
}

_ALLOWED = (
    ast.Expression,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.UnaryOp,
    ast.Not,
    ast.USub,
    ast.UAdd,
    ast.BinOp,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.Compare,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
    ast.In,
    ast.NotIn,
    ast.IfExp,
    ast.Call,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.List,
    ast.Tuple,
)


MAX_MAGNITUDE = 30  # digits before the point; beyond it a value is not a number here


def _as_number(value: Any) -> Decimal | None:
    """A number for arithmetic and comparison, or None (never NaN, infinity or 1e999999)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        if isinstance(value, int | Decimal):
            d = Decimal(value)
        elif isinstance(value, float):
            d = Decimal(str(value))
        elif isinstance(value, str) and len(value) <= 60:
            d = Decimal(value.strip())
        else:
            return None
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite() or d.adjusted() > MAX_MAGNITUDE:
        return None
    return d


def _compare(op: ast.cmpop, left: Any, right: Any) -> bool:
    if isinstance(op, ast.Eq | ast.NotEq):
        ln, rn = _as_number(left), _as_number(right)
        equal = ln == rn if ln is not None and rn is not None else left == right
        return equal if isinstance(op, ast.Eq) else not equal
    if isinstance(op, ast.In | ast.NotIn):
        if right is None:
            found = False
        elif isinstance(right, list | tuple) or (isinstance(right, str) and isinstance(left, str)):
            found = left in right
        else:
            found = False
        return found if isinstance(op, ast.In) else not found
    if left is None or right is None:
        return False
    ln, rn = _as_number(left), _as_number(right)
    if ln is not None and rn is not None:
        left, right = ln, rn
    elif type(left) is not type(right):
        return False
    try:
        if isinstance(op, ast.Lt):
            return bool(left < right)
        if isinstance(op, ast.LtE):
            return bool(left <= right)
        if isinstance(op, ast.Gt):
            return bool(left > right)
        if isinstance(op, ast.GtE):
            return bool(left >= right)
    except TypeError:
        return False
    raise AssertionError(f"unexpected operator {op!r}")


class Expr:
    """A parsed, checked expression; :meth:`evaluate` it against a record's values."""

    def __init__(self, text: str, known_names: set[str] | None = None) -> None:
        self.text = text
        if len(text) > MAX_LENGTH:
            raise DefinitionError(
                f"นิพจน์ยาวเกิน {MAX_LENGTH} ตัวอักษร",
                f"expression longer than {MAX_LENGTH} characters",
            )
        try:
            tree = ast.parse(text.strip(), mode="eval")
        except SyntaxError as exc:
            raise DefinitionError(
                f"นิพจน์ '{text}' เขียนไม่ถูกต้อง ({exc.msg})",
                f"expression '{text}' does not parse ({exc.msg})",
            ) from None
        self.names: set[str] = set()
        self._check(tree, 0)
        if known_names is not None:
            unknown = sorted(self.names - known_names)
            if unknown:
                raise DefinitionError(
                    f"นิพจน์ '{text}' อ้างถึงช่องที่ไม่มี: {', '.join(unknown)}",
                    f"expression '{text}' names unknown fields: {', '.join(unknown)}",
                )
        self._tree = tree.body

    def _check(self, node: ast.AST, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise DefinitionError("นิพจน์ซ้อนกันลึกเกินไป", "expression nested too deeply")
        if not isinstance(node, _ALLOWED):
            raise DefinitionError(
                f"นิพจน์ '{self.text}' ใช้สิ่งที่ไม่อนุญาต ({type(node).__name__})",
                f"expression '{self.text}' uses something not allowed ({type(node).__name__})",
            )
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                raise DefinitionError(
                    f"นิพจน์ '{self.text}' เรียกฟังก์ชันที่ไม่รู้จัก",
                    f"expression '{self.text}' calls an unknown function "
                    f"(known: {', '.join(sorted(FUNCTIONS))})",
                )
            arity = FUNCTIONS[node.func.id][1]
            if node.keywords or (arity is not None and len(node.args) != arity):
                raise DefinitionError(
                    f"ฟังก์ชัน {node.func.id} ต้องมี {arity} อาร์กิวเมนต์",
                    f"function {node.func.id} takes {arity} arguments",
                )
            for arg in node.args:
                self._check(arg, depth + 1)
            return
        if isinstance(node, ast.Name) and node.id not in CONSTANTS:
            self.names.add(node.id)
        if isinstance(node, ast.Constant) and not isinstance(
            node.value, str | int | float | bool | type(None)
        ):
            raise DefinitionError(
                f"ค่าคงที่ในนิพจน์ '{self.text}' ไม่รองรับ",
                f"constant in expression '{self.text}' is not supported",
            )
        for child in ast.iter_child_nodes(node):
            self._check(child, depth + 1)

    def evaluate(self, values: Mapping[str, Any]) -> Any:
        """Evaluate against ``values`` (field name → value; absent or empty means null)."""
        return self._eval(self._tree, values)

    def truthy(self, values: Mapping[str, Any]) -> bool:
        return bool(self.evaluate(values))

    def _eval(self, node: ast.AST, values: Mapping[str, Any]) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in CONSTANTS:
                return CONSTANTS[node.id]
            value = values.get(node.id)
            return None if value == "" else value
        if isinstance(node, ast.List | ast.Tuple):
            return [self._eval(e, values) for e in node.elts]
        if isinstance(node, ast.BoolOp):
            if isinstance(node.op, ast.And):
                return all(self._eval(v, values) for v in node.values)
            return any(self._eval(v, values) for v in node.values)
        if isinstance(node, ast.UnaryOp):
            operand = self._eval(node.operand, values)
            if isinstance(node.op, ast.Not):
                return not operand
            n = _as_number(operand)
            if n is None:
                return None
            return -n if isinstance(node.op, ast.USub) else n
        if isinstance(node, ast.BinOp):
            left = _as_number(self._eval(node.left, values))
            right = _as_number(self._eval(node.right, values))
            if left is None or right is None:
                return None
            try:
                if isinstance(node.op, ast.Add):
                    return left + right
                if isinstance(node.op, ast.Sub):
                    return left - right
                if isinstance(node.op, ast.Mult):
                    return left * right
                if isinstance(node.op, ast.Div):
                    return None if right == 0 else left / right
            except ArithmeticError:  # decimal overflow and the like: no value, not a crash
                return None
        if isinstance(node, ast.Compare):
            left = self._eval(node.left, values)
            for op, comparator in zip(node.ops, node.comparators, strict=True):
                right = self._eval(comparator, values)
                if not _compare(op, left, right):
                    return False
                left = right
            return True
        if isinstance(node, ast.IfExp):
            branch = node.body if self._eval(node.test, values) else node.orelse
            return self._eval(branch, values)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            fn = FUNCTIONS[node.func.id][0]
            return fn(*(self._eval(a, values) for a in node.args))
        raise AssertionError(f"unchecked node {type(node).__name__}")  # pragma: no cover
