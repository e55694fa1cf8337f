"""The safe expression language: semantics, functions, and what it refuses."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from bkkdesk.core.errors import DefinitionError
from bkkdesk.core.expr import FUNCTIONS, MAX_DEPTH, MAX_LENGTH, Expr


def ev(text: str, **values: Any) -> Any:
    return Expr(text).evaluate(values)


# ----------------------------------------------------------------- operators


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2", Decimal(3)),
        ("7 - 10", Decimal(-3)),
        ("3 * 4", Decimal(12)),
        ("1 / 4", Decimal("0.25")),
        ("1 / 0", None),  # division by zero is null, not an error
        ("-(2 + 3)", Decimal(-5)),
        ("+2", Decimal(2)),
        ("0.1 + 0.2", Decimal("0.3")),  # decimal, not binary floating point
        ("1 < 2", True),
        ("2 <= 2", True),
        ("3 > 4", False),
        ("3 >= 4", False),
        ("1 == 1.0", True),
        ("'1' == 1", True),  # typed numbers compare as numbers
        ("'a' != 'b'", True),
        ("1 < 2 < 3", True),
        ("1 < 3 < 2", False),
        ("true and false", False),
        ("true or false", True),
        ("not false", True),
        ("'a' in ['a', 'b']", True),
        ("'c' not in ['a', 'b']", True),
        ("'ข' in 'กขค'", True),
        ("1 if true else 2", 1),
        ("1 if false else 2", 2),
        ("'abc' < 'abd'", True),
    ],
)
def test_operators(text: str, expected: Any) -> None:
    assert Expr(text).evaluate({}) == expected


def test_fields() -> None:
    assert ev("a + b", a=1, b="2") == Decimal(3)
    assert ev("status == 'fixed'", status="fixed") is True
    assert ev("closed >= received", received="2025-01-01", closed="2025-02-01") is True
    assert ev("x in choices", x="b", choices=["a", "b"]) is True


# ------------------------------------------------------------ null semantics


def test_empty_and_absent_fields_are_null() -> None:
    assert ev("x == null") is True
    assert ev("x == null", x="") is True
    assert ev("x == None", x=None) is True
    assert ev("null == null") is True
    assert ev("x != null", x=0) is True


@pytest.mark.parametrize("op", ["<", "<=", ">", ">="])
def test_ordering_with_null_is_false(op: str) -> None:
    assert ev(f"x {op} 1") is False
    assert ev(f"1 {op} x") is False
    assert ev(f"x {op} y") is False


def test_arithmetic_with_null_is_null() -> None:
    assert ev("x + 1") is None
    assert ev("x * 0") is None
    assert ev("-x") is None
    assert ev("1 / x") is None


def test_unlike_types_are_unequal_and_unordered() -> None:
    assert ev("'abc' == 1") is False
    assert ev("'abc' < 1") is False
    assert ev("'2025-01-01' > 5") is False
    assert ev("x > 'a'", x=["a"]) is False
    assert ev("1 in x", x=None) is False
    assert ev("1 in x", x=5) is False
    assert ev("'a' + 1") is None


def test_not_null_is_true_and_booleans_are_not_numbers() -> None:
    assert ev("not x") is True
    assert ev("x + 1", x=True) is None


# ----------------------------------------------------------------- functions


def test_days() -> None:
    assert ev("days(a, b)", a="2025-01-01", b="2025-03-01") == 59
    assert ev("days(a, b)", a="2025-01-31T10:00:00", b="2025-02-01T09:00:00") == 1
    assert ev("days(a, b)", a="2025-03-01", b="2025-01-01") == -59
    assert ev("days(a, b)", a="2025-01-01") is None
    assert ev("days(a, b)", a="not a date", b="2025-01-01") is None
    assert ev("days(a, b)", a="2025-02-30", b="2025-03-01") is None


def test_empty_len_year_month_sum() -> None:
    assert ev("empty(x)") is True
    assert ev("empty(x)", x=[]) is True
    assert ev("empty(x)", x=0) is False
    assert ev("len(x)", x="สมชาย") == 5
    assert ev("len(x)", x=["a", "b"]) == 2
    assert ev("len(x)") == 0
    assert ev("len(x)", x=12345) == 5
    assert ev("year(d)", d="2025-01-31") == 2025
    assert ev("month(d)", d="2025-01-31") == 1
    assert ev("year(d)", d="31/01/2568") is None
    assert ev("sum(a, b, c)", a=1, b="2.5", c=None) == Decimal("3.5")
    assert ev("sum(a, b)") is None
    assert ev("sum()") is None
    assert ev("sum(a, b)", a="x", b=True) is None


def test_function_arity_is_checked_at_parse_time() -> None:
    with pytest.raises(DefinitionError):
        Expr("days(a)")
    with pytest.raises(DefinitionError):
        Expr("len(a, b)")
    with pytest.raises(DefinitionError):
        Expr("days(a=1, b=2)")


def test_names_collects_fields_but_not_constants_or_functions() -> None:
    e = Expr("days(received, closed) > limit and flag == true and x != null")
    assert e.names == {"received", "closed", "limit", "flag", "x"}
    assert set(FUNCTIONS) == {"days", "empty", "len", "year", "month", "sum"}


def test_known_names_refuse_unknown_fields() -> None:
    assert Expr("a > b", {"a", "b"}).names == {"a", "b"}
    with pytest.raises(DefinitionError) as info:
        Expr("a > typo", {"a", "b"})
    assert "typo" in info.value.en and "typo" in info.value.th


# -------------------------------------------------------------------- safety

HOSTILE = [
    "().__class__",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__dict__",
    "'abc'.upper()",
    "x[0]",
    "[1, 2][0]",
    "x[1:2]",
    "lambda: 1",
    "(lambda x: x)(1)",
    "[c for c in 'abc']",
    "{c for c in 'abc'}",
    "{c: 1 for c in 'abc'}",
    "(c for c in 'abc')",
    "__import__('os')",
    "__import__('os').system('echo hacked')",
    "eval('1')",
    "exec('x = 1')",
    "open('/etc/passwd')",
    "getattr(x, 'y')",
    "print(1)",
    "f'{x}'",
    "f'{().__class__}'",
    "(y := 1)",
    "{'a': 1}",
    "{1, 2}",
    "2 ** 100000000",
    "5 % 2",
    "5 // 2",
    "1 << 100000",
    "~1",
    "1 & 2",
    "x is None",
    "x is not None",
    "b'bytes'",
    "...",
    "1j",
    "*x",
    "sum(*x)",
    "yield 1",
    "await x",
    "x = 1",
    "import os",
    "1; 2",
    "a if",
    "",
    "   ",
    "(",
    "a\x00b",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_expressions_are_refused_at_parse_time(text: str) -> None:
    with pytest.raises(DefinitionError) as info:
        Expr(text)
    assert info.value.th and info.value.en


def test_deep_nesting_is_refused() -> None:
    for text in (
        "-" * 400 + "1",
        "not " * 100 + "x",
        "1" + " + 1" * 100,
        "[" * 100 + "]" * 100,
        "(-" * 100 + "1" + ")" * 100,
        "f(" * 100 + ")" * 100,
        "1 if x else " * 40 + "1",
    ):
        with pytest.raises(DefinitionError):
            Expr(text)
    # Just inside the limit is fine.
    Expr("-" * (MAX_DEPTH - 2) + "1")


def test_over_long_text_is_refused_before_parsing() -> None:
    Expr("1" + " " * (MAX_LENGTH - 1))
    with pytest.raises(DefinitionError) as info:
        Expr("1" + " " * MAX_LENGTH)
    assert str(MAX_LENGTH) in info.value.en
    with pytest.raises(DefinitionError):
        Expr("x" * 10_000_000)


def test_dunder_names_are_just_field_names() -> None:
    # A bare name never reaches Python objects: it is looked up in the values only.
    assert Expr("__builtins__").evaluate({}) is None
    assert Expr("__import__").evaluate({"__import__": 3}) == 3
    with pytest.raises(DefinitionError):
        Expr("__builtins__", {"a"})


def test_calls_to_known_functions_only_by_bare_name() -> None:
    for text in ("x.days(a, b)", "days(a, b)(c)", "days.__call__(a, b)"):
        with pytest.raises(DefinitionError):
            Expr(text)


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        ("x > 1", "nan", False),
        ("x < 1", "NaN", False),
        ("x == 1", "snan", False),
        ("x + 1", "sNaN", None),
        ("-x", "snan", None),
        ("x * x", "9e999999", None),
        ("x > 1", "Infinity", False),
        ("sum(x, 1)", "-inf", Decimal(1)),
        ("x + 1", "9" * 30, Decimal(10) ** 30),
    ],
)
def test_odd_numeric_text_is_not_a_number_and_never_raises(
    text: str, value: str, expected: Any
) -> None:
    assert Expr(text).evaluate({"x": value}) == expected


def test_huge_constants_are_not_numbers() -> None:
    assert Expr("1e999 * 0").evaluate({}) is None
    assert Expr("1e999 > 1").evaluate({}) is False
