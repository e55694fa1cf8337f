"""Expressions of a definition in words (template notes, form help)."""

from __future__ import annotations

import pytest

from bkkdesk.core.definitions import DatasetDef, load_builtin_definitions
from bkkdesk.core.describe import describe


@pytest.fixture(scope="module")
def defs() -> dict[str, DatasetDef]:
    return load_builtin_definitions()


def test_choices_and_labels(defs: dict[str, DatasetDef]) -> None:
    d = defs["complaint"]
    assert describe(d, "status == 'closed'") == "สถานะ คือ เสร็จสิ้น"
    assert describe(d, "status == 'closed'", "en") == "Status is Closed"
    assert describe(d, "status != 'closed'") == "สถานะ ไม่ใช่ เสร็จสิ้น"
    assert (describe(d, "days(received_date, closed_date)")
            == "จำนวนวันจาก วันที่รับเรื่อง ถึง วันที่ปิดเรื่อง")


def test_lists_booleans_and_functions(defs: dict[str, DatasetDef]) -> None:
    assert (describe(defs["street_vendor"], "status in ['suspended', 'cancelled']")
            == "สถานะ เป็น พักการค้า หรือ ยกเลิก")
    assert describe(defs["canal"], "encroachment == true") == "มีการรุกล้ำคลอง คือ ใช่"
    assert (describe(defs["kpi_report"], "not empty(problem_category)")
            == "กรอก ปัญหาอุปสรรค แล้ว")
    assert (describe(defs["kpi_report"], "not empty(problem_category)", "en")
            == "Problems and obstacles is filled in")


def test_nesting_is_bracketed(defs: dict[str, DatasetDef]) -> None:
    text = describe(defs["complaint"],
                    "days(received_date, closed_date) > 30 and "
                    "(status == 'closed' or status == null)")
    assert text == ("จำนวนวันจาก วันที่รับเรื่อง ถึง วันที่ปิดเรื่อง มากกว่า 30 และ "
                    "(สถานะ คือ เสร็จสิ้น หรือ สถานะ คือ ว่าง)")


@pytest.mark.parametrize(
    "text", ["no_such_field == 1", "status ==", "status.upper()", "-" * 3000 + "1"]
)
def test_what_cannot_be_described_is_shown_as_written(
    defs: dict[str, DatasetDef], text: str
) -> None:
    assert describe(defs["complaint"], text) == text


def test_every_shipped_rule_reads_as_words(defs: dict[str, DatasetDef]) -> None:
    for d in defs.values():
        for f in d.fields:
            for text in filter(None, (f.relevant, f.compute)):
                for lang in ("th", "en"):
                    words = describe(d, text, lang)
                    assert words != text, (d.id, f.name, text)
                    assert "==" not in words and "_" not in words, words
