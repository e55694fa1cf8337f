"""validate_record / RecordValidator / coerce: every field type and every rule.

Each rejection is checked for the field it names, the rule code, and a Thai and an
English message (DESIGN.md invariant 3).
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from decimal import Decimal
from typing import Any

import pytest

from bkkdesk.core.definitions import DatasetDef, parse_definition
from bkkdesk.core.errors import FieldError, ValidationError
from bkkdesk.core.reference import Reference, load_reference
from bkkdesk.core.validation import RecordValidator, coerce, is_empty, validate_record

TEN_MB = "x" * 10_000_000


def fld(name: str, type_: str, **options: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, "label": {"th": f"ช่อง {name}", "en": name}, **options}


def define(*fields: dict[str, Any], **extra: Any) -> DatasetDef:
    return parse_definition(
        {
            "id": "test_set",
            "version": 1,
            "title": {"th": "ชุดทดสอบ", "en": "Test set"},
            "fields": list(fields),
            **extra,
        }
    )


def one(type_: str, **options: Any) -> DatasetDef:
    """A data set with one field called ``f``."""
    return define(fld("f", type_, **options))


def accept(d: DatasetDef, raw: dict[str, Any], **kw: Any) -> dict[str, Any]:
    before = copy.deepcopy(raw)
    out = validate_record(d, raw, **kw)
    assert raw == before  # the input is never changed
    return out


def value_of(d: DatasetDef, value: Any, **kw: Any) -> Any:
    return accept(d, {"f": value}, **kw)["f"]


def reject(d: DatasetDef, raw: dict[str, Any], field: str, rule: str, **kw: Any) -> FieldError:
    with pytest.raises(ValidationError) as info:
        validate_record(d, raw, **kw)
    errors = [e for e in info.value.errors if e.field == field]
    assert errors, f"no error on {field!r}: {info.value.errors}"
    error = errors[0]
    assert error.rule == rule, error
    assert error.th.strip() and error.en.strip()
    assert len(error.th) < 400 and len(error.en) < 400  # never echoes huge input
    assert info.value.th.startswith("ข้อมูลไม่ถูกต้อง") and field[:60] in info.value.en
    return error


def refuse(d: DatasetDef, value: Any, rule: str, **kw: Any) -> FieldError:
    return reject(d, {"f": value}, "f", rule, **kw)


# --------------------------------------------------------------------- text


def test_text_accepted() -> None:
    d = one("text")
    assert value_of(d, "  สมชาย   ใจดี \n") == "สมชาย ใจดี"
    assert value_of(d, "Cafe\u0301") == "Café"  # stored NFC
    assert value_of(d, 123) == "123"
    assert value_of(d, Decimal("1.50")) == "1.50"
    assert value_of(d, "x" * 500) == "x" * 500  # default maximum of a text field


@pytest.mark.parametrize("value", [{"a": 1}, {"a": {"b": "c"}}, ["a"], True, object()])
def test_text_refuses_non_text(value: Any) -> None:
    refuse(one("text"), value, "type")


def test_text_length_rules() -> None:
    refuse(one("text"), "x" * 501, "max_length")
    refuse(one("text"), TEN_MB, "max_length")
    d = one("text", min_length=3, max_length=5)
    assert value_of(d, "กขค") == "กขค"
    assert value_of(d, "abcde") == "abcde"
    e = refuse(d, "ab", "min_length")
    assert "3" in e.th and "3" in e.en
    e = refuse(d, "abcdef", "max_length")
    assert "5" in e.th and "5" in e.en
    assert value_of(d, "  ab  c ") == "ab c"  # length counts after trimming


def test_longtext() -> None:
    d = one("longtext")
    assert value_of(d, "  บรรทัด 1\n\nบรรทัด 2  ") == "บรรทัด 1\n\nบรรทัด 2"
    assert value_of(d, "x" * 10_000) == "x" * 10_000
    refuse(d, "x" * 10_001, "max_length")
    refuse(d, TEN_MB, "max_length")
    refuse(d, {"text": "x"}, "type")


def test_pattern_with_and_without_message() -> None:
    message = {"th": "รหัสร้านต้องเป็น FS ตามด้วยเลข 4 หลัก", "en": "shop code is FS + 4 digits"}
    d = one("text", pattern=r"FS\d{4}", pattern_message=message)
    assert value_of(d, " FS0012 ") == "FS0012"
    e = refuse(d, "FS12", "pattern")
    assert (e.th, e.en) == (message["th"], message["en"])
    refuse(d, "xFS0012", "pattern")  # the whole value must match
    e = refuse(one("text", pattern=r"\d+"), "abc", "pattern")
    assert e.th == "รูปแบบไม่ถูกต้อง" and r"\d+" in e.en


@pytest.mark.parametrize("value", [math.nan, math.inf])
def test_text_refuses_non_finite_float(value: float) -> None:
    refuse(one("text"), value, "type")


# ------------------------------------------------------------------ integer


@pytest.mark.parametrize(
    ("value", "stored"),
    [(42, 42), ("42", 42), (" 1,234 ", 1234), ("-7", -7), ("+7", 7), (12.0, 12),
     ("12.0", 12), ("๑๒", 12), (Decimal("5"), 5), (0, 0), (10**15 - 1, 10**15 - 1)],
)  # fmt: skip
def test_integer_accepted(value: Any, stored: int) -> None:
    out = value_of(one("integer"), value)
    assert out == stored and type(out) is int


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("12.5", "type"),
        (12.5, "type"),
        ("abc", "type"),
        ("1e3", "type"),
        ("0x10", "type"),
        (True, "type"),  # bool where int is expected
        (False, "type"),
        (math.nan, "type"),
        (math.inf, "type"),
        (-math.inf, "type"),
        ("NaN", "type"),
        ("Infinity", "type"),
        (Decimal("NaN"), "type"),
        ({"value": 1}, "type"),
        ([1], "type"),
        ("9" * 21, "type"),
        (TEN_MB, "type"),
        (1e308, "max"),
        (10**15, "max"),
        (-(10**15), "max"),
        (10**400, "max"),  # huge int
        ("9" * 20, "max"),
    ],
)
def test_integer_refused(value: Any, rule: str) -> None:
    refuse(one("integer"), value, rule)


def test_integer_min_max() -> None:
    d = one("integer", min=0, max=100)
    assert value_of(d, 0) == 0 and value_of(d, 100) == 100
    e = refuse(d, -1, "min")
    assert "0" in e.th and "0" in e.en
    e = refuse(d, 101, "max")
    assert "100" in e.th and "100" in e.en
    e = refuse(one("integer", min=1000), 5, "min")
    assert "1,000" in e.th


# ------------------------------------------------------------------ decimal


@pytest.mark.parametrize(
    ("value", "stored"),
    [("1500", "1500.00"), ("1,500.5", "1500.50"), ("฿1,500.00", "1500.00"), (1.1, "1.10"),
     (3, "3.00"), (Decimal("2.5"), "2.50"), ("-0.25", "-0.25"), ("1.500", "1.50"),
     ("9999999999999999.99", "9999999999999999.99")],
)  # fmt: skip
def test_decimal_accepted(value: Any, stored: str) -> None:
    assert value_of(one("decimal"), value) == stored


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("1.234", "places"),
        (0.125, "places"),
        ("abc", "type"),
        ("", None),  # empty: no value, no error (not required)
        (True, "type"),
        (math.nan, "type"),
        (math.inf, "type"),
        ("NaN", "type"),
        ("sNaN", "type"),
        ("-Infinity", "type"),
        ({"amount": "1"}, "type"),
        (["1"], "type"),
        (1e308, "max"),
        ("1e308", "max"),
        ("10000000000000000", "max"),
        (10**100, "max"),
        (TEN_MB, "max"),
    ],
)
def test_decimal_refused(value: Any, rule: str | None) -> None:
    d = one("decimal")
    if rule is None:
        assert accept(d, {"f": value}) == {}
    else:
        refuse(d, value, rule)


def test_decimal_places_and_range() -> None:
    d = one("decimal", places=0, min="0.5", max="10")
    assert value_of(d, "3") == "3"
    refuse(d, "3.5", "places")
    refuse(d, "0", "min")
    refuse(d, "11", "max")
    d = one("decimal", places=3, money=False)
    assert value_of(d, "1.5") == "1.500"


def test_decimal_negative_zero_is_zero() -> None:
    assert value_of(one("decimal"), "-0") == "0.00"


# --------------------------------------------------------------------- date


@pytest.mark.parametrize(
    "value",
    ["31/01/2568", "2025-01-31", "2568-01-31", "31 ม.ค. 2568", "๓๑/๐๑/๒๕๖๘",
     dt.date(2025, 1, 31), dt.datetime(2025, 1, 31, 23, 59)],
)  # fmt: skip
def test_date_accepted(value: Any) -> None:
    assert value_of(one("date"), value) == "2025-01-31"


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("31/02/2568", "date"),
        ("31/01/68", "date"),
        ("yesterday", "date"),
        ("1/1/2300", "date"),
        (20250131, "type"),
        (True, "type"),
        (math.nan, "type"),
        ({"y": 2025}, "type"),
        (TEN_MB, "type"),
    ],
)
def test_date_refused(value: Any, rule: str) -> None:
    refuse(one("date"), value, rule)


def test_min_date_max_date() -> None:
    d = one("date", min_date="2024-10-01", max_date="2025-09-30")
    assert value_of(d, "1/10/2567") == "2024-10-01"
    assert value_of(d, "30/09/2568") == "2025-09-30"
    e = refuse(d, "30/09/2567", "min")
    assert "1 ต.ค. 2567" in e.th and "2024-10-01" in e.en
    e = refuse(d, "1/10/2568", "max")
    assert "30 ก.ย. 2568" in e.th and "2025-09-30" in e.en


# ----------------------------------------------------------------- datetime


@pytest.mark.parametrize(
    "value",
    ["31/01/2568 13:05", "2025-01-31T13:05:00", "31 ม.ค. 2568 13.05 น.",
     dt.datetime(2025, 1, 31, 13, 5, 0, 123456)],
)  # fmt: skip
def test_datetime_accepted(value: Any) -> None:
    assert value_of(one("datetime"), value) == "2025-01-31T13:05:00"


def test_datetime_from_date_and_range() -> None:
    assert value_of(one("datetime"), dt.date(2025, 1, 31)) == "2025-01-31T00:00:00"
    d = one("datetime", min_date="2025-01-01", max_date="2025-12-31")
    refuse(d, "31/12/2567 23:59", "min")
    refuse(d, "2026-01-01T00:00", "max")
    assert value_of(d, "31/12/2568 23:59") == "2025-12-31T23:59:00"


@pytest.mark.parametrize(
    ("value", "rule"),
    [("31/01/2568 25:00", "date"), ("31/02/2568 10:00", "date"), (1706700000, "type"),
     ({"at": "now"}, "type"), (TEN_MB, "type"), (math.inf, "type")],
)  # fmt: skip
def test_datetime_refused(value: Any, rule: str) -> None:
    refuse(one("datetime"), value, rule)


@pytest.mark.parametrize(
    "value",
    ["2025-01-31T06:00:00Z", "2025-01-31T06:00:00+00:00",
     dt.datetime(2025, 1, 31, 6, 0, tzinfo=dt.UTC)],
)  # fmt: skip
def test_datetime_with_offset_is_converted_or_refused(value: Any) -> None:
    try:
        stored = value_of(one("datetime"), value)
    except ValidationError:
        return
    assert stored == "2025-01-31T13:00:00"


# ------------------------------------------------------------------- choice

CHOICES = [
    {"value": "open", "label": {"th": "เปิด", "en": "Open"}},
    {"value": "closed", "label": {"th": "ปิด", "en": "Closed"}},
    {"value": "a-1", "label": {"th": "เอ หนึ่ง", "en": "A one"}},
]


@pytest.mark.parametrize(
    ("value", "stored"),
    [("open", "open"), ("เปิด", "open"), ("Open", "open"), ("  ปิด ", "closed"),
     ("Closed", "closed"), ("เอ หนึ่ง", "a-1")],
)  # fmt: skip
def test_choice_by_value_thai_label_english_label(value: str, stored: str) -> None:
    assert value_of(one("choice", choices=CHOICES), value) == stored


@pytest.mark.parametrize(
    "value", ["opened", "ปิดแล้ว", "OPEN ", 1, True, {"value": "open"}, ["open"], TEN_MB, math.nan]
)
def test_choice_refused(value: Any) -> None:
    e = refuse(one("choice", choices=CHOICES), value, "choice")
    if isinstance(value, str) and value.strip() != "OPEN":
        assert "open" in e.en  # tells the allowed values


def test_choice_value_may_be_an_integer() -> None:
    d = one("choice", choices=[{"value": "1", "label": {"th": "หนึ่ง", "en": "one"}}])
    assert value_of(d, 1) == "1"


def test_multichoice() -> None:
    d = one("multichoice", choices=CHOICES)
    assert value_of(d, "closed, open") == ["open", "closed"]  # definition order
    assert value_of(d, ["ปิด", "Open", "open"]) == ["open", "closed"]
    assert value_of(d, "เปิด;ปิด|a-1\nopen") == ["open", "closed", "a-1"]
    assert value_of(d, ("a-1",)) == ["a-1"]
    refuse(d, ["open", "nope"], "choice")
    refuse(d, "open, nope", "choice")
    refuse(d, [["open"]], "choice")
    refuse(d, [{"value": "open"}], "choice")
    refuse(d, {"open": True}, "type")
    refuse(d, 5, "type")
    refuse(d, True, "type")


@pytest.mark.parametrize(
    ("type_", "options"),
    [("multichoice", {"choices": CHOICES}), ("subdistrict", {"multiple": True})],
)
def test_separators_only_is_empty(type_: str, options: dict[str, Any]) -> None:
    d = one(type_, required=True, **options)
    refuse(d, " , ; ", "required", reference=load_reference())


# -------------------------------------------------------------------- yesno


@pytest.mark.parametrize(
    ("value", "stored"),
    [(True, True), (False, False), (1, True), (0, False), ("ใช่", True), ("ไม่ใช่", False),
     ("มี", True), ("ไม่มี", False), ("ผ่าน", True), ("ไม่ผ่าน", False), ("Yes", True),
     (" NO ", False), ("y", True), ("n", False), ("true", True), ("FALSE", False),
     ("1", True), ("0", False), ("✓", True)],
)  # fmt: skip
def test_yesno_accepted(value: Any, stored: bool) -> None:
    assert value_of(one("yesno"), value) is stored


@pytest.mark.parametrize("value", ["maybe", 2, -1, 1.0, math.nan, {"yes": 1}, [True], TEN_MB])
def test_yesno_refused(value: Any) -> None:
    refuse(one("yesno"), value, "type")


# -------------------------------------------------------------- national_id


@pytest.mark.parametrize(
    "value",
    ["1101700123456", "1-1017-00123-45-6", " 1 1017 00123 45 6 ", "๑๑๐๑๗๐๐๑๒๓๔๕๖",
     1101700123456, 1.101700123456e12],  # a float: a numeric Excel cell
)  # fmt: skip
def test_national_id_accepted(value: Any) -> None:
    assert value_of(one("national_id"), value) == "1101700123456"


def test_national_id_leading_zero_typed_as_number() -> None:
    assert value_of(one("national_id"), 123456789016) == "0123456789016"
    assert value_of(one("national_id"), "0123456789016") == "0123456789016"


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("1101700123454", "national_id"),
        ("0000000000000", "national_id"),
        ("110170012345", "national_id"),
        ("11017001234567", "national_id"),
        ("110170012345x", "national_id"),
        ("١١٠١٧٠٠١٢٣٤٥٦", "national_id"),
        (TEN_MB, "national_id"),
        (True, "type"),
        (1.1017001234565e12, "type"),
        ({"id": "1101700123456"}, "type"),
        (["1101700123456"], "type"),
    ],
)
def test_national_id_refused(value: Any, rule: str) -> None:
    e = refuse(one("national_id"), value, rule)
    if rule == "national_id" and value == "1101700123454":
        assert "check digit" in e.en


# -------------------------------------------------------------------- phone


@pytest.mark.parametrize(
    ("value", "stored"),
    [("081-234-5678", "0812345678"), ("+66 81 234 5678", "0812345678"),
     ("02 123 4567", "021234567"), ("(02) 123-4567", "021234567"),
     (812345678, "0812345678"), ("๐๘๑๒๓๔๕๖๗๘", "0812345678"),
     (8.12345678e8, "0812345678")],
)  # fmt: skip
def test_phone_accepted(value: Any, stored: str) -> None:
    assert value_of(one("phone"), value) == stored


@pytest.mark.parametrize(
    ("value", "rule"),
    [("12345", "phone"), ("08123456789", "phone"), ("812345678", "phone"),
     ("081-234-567x", "phone"), (TEN_MB, "phone"), (True, "type"), (8.1234567805e8, "type"),
     ({"tel": "0812345678"}, "type")],
)  # fmt: skip
def test_phone_refused(value: Any, rule: str) -> None:
    refuse(one("phone"), value, rule)


# -------------------------------------------------------------- subdistrict


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference()


@pytest.mark.parametrize(
    "value",
    ["100101", " 100101 ", 100101, "พระบรมมหาราชวัง", "แขวงพระบรมมหาราชวัง",
     "Phra Borom Maha Ratchawang", "phra borom maha ratchawang"],
)  # fmt: skip
def test_subdistrict_accepted(ref: Reference, value: Any) -> None:
    assert value_of(one("subdistrict"), value, reference=ref, district="1001") == "100101"


def test_subdistrict_of_another_district_is_refused(ref: Reference) -> None:
    e = refuse(one("subdistrict"), "100201", "subdistrict", reference=ref, district="1001")
    assert "ดุสิต" in e.th and "Dusit" in e.en
    refuse(one("subdistrict"), "ดุสิต", "subdistrict", reference=ref, district="1001")


@pytest.mark.parametrize(
    ("value", "rule"),
    [("999999", "subdistrict"), ("ไม่มีแขวงนี้", "subdistrict"), (TEN_MB, "subdistrict"),
     (True, "type"), ({"code": "100101"}, "type"), (1.5, "type")],
)  # fmt: skip
def test_subdistrict_refused(ref: Reference, value: Any, rule: str) -> None:
    refuse(one("subdistrict"), value, rule, reference=ref, district="1001")


def test_subdistrict_without_district_takes_codes_only(ref: Reference) -> None:
    d = one("subdistrict")
    assert value_of(d, "100201", reference=ref) == "100201"
    refuse(d, "ดุสิต", "subdistrict", reference=ref)
    # Without reference data the code is kept as typed (checked later, on the server).
    assert value_of(d, "100201") == "100201"


def test_subdistrict_multiple(ref: Reference) -> None:
    d = one("subdistrict", multiple=True)
    kw: dict[str, Any] = {"reference": ref, "district": "1001"}
    assert value_of(d, "100102, 100101", **kw) == ["100101", "100102"]
    assert value_of(d, ["วัดราชบพิธ", "100101", "100101"], **kw) == ["100101", "100103"]
    assert value_of(d, "100101", **kw) == ["100101"]
    assert value_of(d, 100101, **kw) == ["100101"]
    refuse(d, ["100101", "100201"], "subdistrict", **kw)
    refuse(d, "100101;999999", "subdistrict", **kw)
    refuse(d, [{"code": "100101"}], "type", **kw)


# ----------------------------------------------------------------- geopoint


@pytest.mark.parametrize(
    "value",
    [{"lat": 13.75, "lon": 100.5}, {"lat": "13.75", "lng": "100.5"}, "13.75, 100.5",
     [13.75, 100.5], (13.75, 100.5), {"lat": 13.7500000001, "lon": 100.50000004}],
)  # fmt: skip
def test_geopoint_accepted(value: Any) -> None:
    assert value_of(one("geopoint"), value) == {"lat": 13.75, "lon": 100.5}


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ({"lat": 0, "lon": 0}, "bounds"),
        ("18.79, 98.98", "bounds"),  # Chiang Mai
        ([1e308, 1e308], "bounds"),
        ({"lat": math.nan, "lon": 100.5}, "type"),
        ({"lat": 13.75, "lon": math.inf}, "type"),
        ("nan, nan", "type"),
        ({"lat": {"x": 1}, "lon": 100.5}, "type"),
        ({"lat": 13.75}, "type"),
        ("13.75", "type"),
        ("abc, def", "type"),
        ([13.75, 100.5, 3], "type"),
        (True, "type"),
        (13.75, "type"),
        (TEN_MB, "type"),
    ],
)
def test_geopoint_refused(value: Any, rule: str) -> None:
    refuse(one("geopoint"), value, rule)


def test_geopoint_custom_bounds() -> None:
    bounds = {"lat_min": 18.0, "lat_max": 19.5, "lon_min": 98.0, "lon_max": 99.5}
    assert value_of(one("geopoint", bounds=bounds), "18.79, 98.98") == {"lat": 18.79, "lon": 98.98}
    refuse(one("geopoint", bounds=bounds), "13.75, 100.5", "bounds")


# ------------------------------------------------------------------- rules


@pytest.mark.parametrize("missing", [None, "", "   ", [], {}, "\n\t"])
def test_required(missing: Any) -> None:
    d = define(fld("name", "text", required=True), fld("note", "text"))
    raw = {} if missing is None else {"name": missing}
    e = reject(d, raw, "name", "required")
    assert e.th == "ต้องกรอกช่องนี้" and e.en == "this field is required"
    assert accept(d, raw, partial=True) == {}  # a draft may leave it empty


def test_required_is_not_repeated_when_the_value_is_invalid() -> None:
    d = define(fld("n", "integer", required=True))
    with pytest.raises(ValidationError) as info:
        validate_record(d, {"n": "abc"})
    assert [(e.field, e.rule) for e in info.value.errors] == [("n", "type")]


def test_unknown_field() -> None:
    d = define(fld("a", "text"))
    e = reject(d, {"a": "x", "typo": 1}, "typo", "unknown")
    assert "test_set" in e.en
    long_key = "k" * 1000
    with pytest.raises(ValidationError) as info:
        validate_record(d, {long_key: 1})
    assert info.value.errors[0].field == "k" * 60


def test_every_problem_is_reported_at_once() -> None:
    d = define(
        fld("a", "integer", required=True), fld("b", "date"), fld("c", "phone"), fld("d", "text")
    )
    with pytest.raises(ValidationError) as info:
        validate_record(d, {"b": "31/02/2568", "c": "123", "zz": 1})
    got = {(e.field, e.rule) for e in info.value.errors}
    assert got == {("a", "required"), ("b", "date"), ("c", "phone"), ("zz", "unknown")}
    as_dict = info.value.as_dict()
    assert as_dict["code"] == "validation" and len(as_dict["errors"]) == 4


STATUS = [
    {"value": "open", "label": {"th": "รอดำเนินการ", "en": "Open"}},
    {"value": "closed", "label": {"th": "ปิดเรื่อง", "en": "Closed"}},
]


def relevance_set() -> DatasetDef:
    return define(
        fld("status", "choice", choices=STATUS, required=True),
        fld("reason", "text", required=True, relevant="status == 'closed'", max_length=10),
        fld("closed_on", "date", relevant="status == 'closed'"),
    )


def test_relevance_hides_unrequires_and_drops_stale_values() -> None:
    d = relevance_set()
    # Hidden: not required, and a stale (even invalid) value is dropped, not stored.
    assert accept(d, {"status": "open"}) == {"status": "open"}
    assert accept(d, {"status": "open", "reason": "เก่า", "closed_on": "1/1/2568"}) == {
        "status": "open"
    }
    assert accept(d, {"status": "open", "reason": "x" * 50, "closed_on": "31/02/2568"}) == {
        "status": "open"
    }
    # Shown: required and checked.
    reject(d, {"status": "closed"}, "reason", "required")
    reject(d, {"status": "closed", "reason": "x" * 50}, "reason", "max_length")
    assert accept(d, {"status": "ปิดเรื่อง", "reason": "ซ่อมแล้ว", "closed_on": "1/2/2568"}) == {
        "status": "closed",
        "reason": "ซ่อมแล้ว",
        "closed_on": "2025-02-01",
    }


def test_relevance_on_a_missing_answer_hides_the_field() -> None:
    d = relevance_set()
    with pytest.raises(ValidationError) as info:
        validate_record(d, {"reason": "x"})
    assert [(e.field, e.rule) for e in info.value.errors] == [("status", "required")]


def test_compute_fills_a_value() -> None:
    d = define(
        fld("a", "integer"),
        fld("b", "integer"),
        fld("total", "integer", compute="a + b"),
        fld("received", "date"),
        fld("closed", "date"),
        fld("days_taken", "integer", compute="days(received, closed)"),
        fld("late", "yesno", compute="days(received, closed) > 15"),
    )
    out = accept(d, {"a": 5, "b": "10", "received": "1/1/2568", "closed": "31/1/2568"})
    assert out["total"] == 15 and type(out["total"]) is int
    assert out["days_taken"] == 30
    assert out["late"] is True
    # A typed value for a computed field is ignored; a null result leaves it empty
    # (a comparison with null is false, not null).
    assert accept(d, {"a": 5, "total": 999}) == {"a": 5, "late": False}


def test_checks_across_fields() -> None:
    message = {"th": "วันปิดเรื่องต้องไม่ก่อนวันรับเรื่อง", "en": "closed before received"}
    d = define(
        fld("received", "date"),
        fld("closed", "date"),
        fld("note", "integer"),
        checks=[{"expr": "closed >= received", "message": message, "fields": ["closed"]}],
    )
    assert accept(d, {"received": "1/1/2568", "closed": "1/1/2568"})
    e = reject(d, {"received": "2/1/2568", "closed": "1/1/2568"}, "closed", "check")
    assert (e.th, e.en) == (message["th"], message["en"])
    # A check with an empty operand is not applied (the field may be filled later) …
    assert accept(d, {"received": "2/1/2568"}) == {"received": "2025-01-02"}
    # … nor while other errors stand (they are fixed first).
    with pytest.raises(ValidationError) as info:
        validate_record(d, {"received": "2/1/2568", "closed": "1/1/2568", "note": "x"})
    assert [e.rule for e in info.value.errors] == ["type"]


def test_check_error_on_several_fields() -> None:
    message = {"th": "รวมไม่ตรง", "en": "total does not add up"}
    d = define(
        fld("a", "integer"),
        fld("b", "integer"),
        fld("total", "integer"),
        checks=[{"expr": "a + b == total", "message": message, "fields": ["a", "b", "total"]}],
    )
    with pytest.raises(ValidationError) as info:
        validate_record(d, {"a": 1, "b": 2, "total": 4})
    assert [(e.field, e.rule) for e in info.value.errors] == [
        ("a", "check"), ("b", "check"), ("total", "check"),
    ]  # fmt: skip


def test_unique_key() -> None:
    d = define(
        fld("shop", "text"),
        fld("no", "integer"),
        fld("other", "text"),
        unique_key=["shop", "no"],
    )
    v = RecordValidator(d)
    clean = v.validate({"shop": "  Shop  ป้าแดง ", "no": "12"})
    assert v.unique_key(clean) == "shop ป้าแดง\x1f12"
    assert v.unique_key(v.validate({"shop": "SHOP ป้าแดง", "no": 12})) == v.unique_key(clean)
    # An incomplete key identifies nothing, so it cannot clash.
    assert v.unique_key({"shop": "x"}) is None
    assert v.unique_key({"shop": "x", "no": ""}) is None
    assert RecordValidator(define(fld("a", "text"))).unique_key({"a": "x"}) is None


def test_coerce_single_value() -> None:
    d = define(fld("n", "integer", max=10))
    assert coerce(d.field("n"), "7") == 7
    with pytest.raises(ValidationError) as info:
        coerce(d.field("n"), "70")
    assert [(e.field, e.rule) for e in info.value.errors] == [("n", "max")]


def test_is_empty() -> None:
    assert all(is_empty(v) for v in (None, "", "  ", [], (), {}))
    assert not any(is_empty(v) for v in (0, False, "0", [None], math.nan))


def test_hostile_record_shapes() -> None:
    d = define(fld("a", "text"), fld("b", "integer"))
    with pytest.raises(ValidationError):
        validate_record(d, {f"k{i}": i for i in range(10_000)})
    with pytest.raises(ValidationError) as info:
        validate_record(d, {"a": {"nested": {"deeper": ["x"] * 1000}}, "b": [[[1]]]})
    assert {(e.field, e.rule) for e in info.value.errors} == {("a", "type"), ("b", "type")}


# ------------------------------------- computed fields, time zones, odd values


def _computed_set() -> DatasetDef:
    return define(
        fld("a", "integer"),
        fld("b", "integer"),
        fld("total", "integer", compute="a + b"),
        fld("grand", "integer", compute="total * 2"),
        fld("note", "text", relevant="total > 10"),
        fld("ratio", "decimal", compute="a / b"),
        fld("bonus", "integer", compute="a", relevant="b > 100"),
    )


def test_relevance_may_use_a_computed_field() -> None:
    out = accept(_computed_set(), {"a": 5, "b": 10, "note": "keep me"})
    assert out.get("note") == "keep me"


def test_compute_may_use_a_computed_field() -> None:
    assert accept(_computed_set(), {"a": 5, "b": 10}).get("grand") == 30


def test_computed_decimal_is_rounded() -> None:
    assert accept(_computed_set(), {"a": 10, "b": 3}).get("ratio") == "3.33"


def test_computed_field_that_is_not_relevant_stays_empty() -> None:
    assert "bonus" not in accept(_computed_set(), {"a": 5, "b": 10})


def test_odd_text_in_a_relevance_rule_does_not_crash() -> None:
    d = define(fld("t", "text"), fld("n", "integer", relevant="t > 0"))
    assert accept(d, {"t": "nan", "n": 1}) == {"t": "nan"}
