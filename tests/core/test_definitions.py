"""Data-set definitions: a definition with a mistake is refused, naming the file and problem."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from bkkdesk.core.definitions import (
    MAX_DEFINITION_BYTES,
    DatasetDef,
    FieldType,
    load_definition,
    parse_definition,
)
from bkkdesk.core.errors import DefinitionError

L = {"th": "ชื่อ", "en": "name"}
STATUS = [
    {"value": "open", "label": {"th": "เปิด", "en": "Open"}},
    {"value": "closed", "label": {"th": "ปิด", "en": "Closed"}},
]


def fld(name: str, type_: str, **options: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, "label": L, **options}


GOOD: dict[str, Any] = {
    "id": "complaints",
    "version": 3,
    "title": {"th": "เรื่องร้องเรียน", "en": "Complaints"},
    "fields": [
        fld("received", "date", required=True),
        fld("closed", "date", relevant="status == 'closed'"),
        fld("status", "choice", choices=STATUS),
        fld("subject", "text", searchable=True, max_length=200),
        fld("citizen_id", "national_id", personal=True),
        fld("area", "subdistrict"),
        fld("days_open", "integer", compute="days(received, closed)"),
    ],
    "list_columns": ["received", "subject", "status"],
    "unique_key": ["received", "subject"],
    "date_field": "received",
    "status_field": "status",
    "subdistrict_field": "area",
    "checks": [
        {
            "expr": "closed >= received",
            "message": {"th": "ปิดก่อนรับ", "en": "closed before received"},
            "fields": ["closed"],
        }
    ],
}


def write(tmp_path: Path, data: Any, name: str = "complaints.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False))
    return path


def variant(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    data.update(changes)
    return data


def with_field(index: int, **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    data["fields"][index].update(changes)
    return data


def refused(tmp_path: Path, data: Any, *words: str, name: str = "complaints.json") -> str:
    path = write(tmp_path, data, name)
    with pytest.raises(DefinitionError) as info:
        load_definition(path)
    error = info.value
    assert error.code == "definition"
    assert name in error.en and name in error.th  # names the file …
    for word in words:  # … and the problem
        assert word in error.en, error.en
    return error.en


def test_good_definition_loads(tmp_path: Path) -> None:
    d = load_definition(write(tmp_path, GOOD))
    assert isinstance(d, DatasetDef)
    assert d.id == "complaints" and d.version == 3
    assert d.field("status").type is FieldType.CHOICE
    assert [f.name for f in d.searchable_fields] == ["subject"]
    assert [f.name for f in d.personal_fields] == ["citizen_id"]
    assert d.columns == ["received", "subject", "status"]
    assert d.field("subject").effective_max_length == 200
    assert d.field("status").choice_label("closed", "en") == "Closed"
    # Round trip through the JSON it writes.
    assert parse_definition(json.loads(d.to_json())) == d


def test_duplicate_field_names(tmp_path: Path) -> None:
    data = variant(fields=[*GOOD["fields"], fld("subject", "longtext")])
    refused(tmp_path, data, "field names repeat", "subject")


def test_choice_field_without_choices(tmp_path: Path) -> None:
    refused(tmp_path, with_field(2, choices=[]), "status", "needs choices")
    data = variant(fields=[*GOOD["fields"], fld("tags", "multichoice")])
    refused(tmp_path, data, "tags", "needs choices")


def test_choices_on_a_non_choice_field(tmp_path: Path) -> None:
    refused(tmp_path, with_field(3, choices=STATUS), "subject", "only choice fields")


def test_repeated_choice_values(tmp_path: Path) -> None:
    refused(tmp_path, with_field(2, choices=STATUS + STATUS[:1]), "choice values repeat")


@pytest.mark.parametrize("key", ["list_columns", "unique_key"])
def test_unknown_field_in_list_columns_or_unique_key(tmp_path: Path, key: str) -> None:
    refused(tmp_path, variant(**{key: ["received", "no_such"]}), key, "no_such")


def test_bad_expression_syntax(tmp_path: Path) -> None:
    refused(tmp_path, with_field(1, relevant="status == 'closed"), "closed", "does not parse")
    refused(tmp_path, with_field(6, compute="days(received,, closed)"), "days_open")
    check = {"expr": "closed >=", "message": L, "fields": ["closed"]}
    refused(tmp_path, variant(checks=[check]), "closed >=", "does not parse")


def test_expression_naming_an_unknown_field(tmp_path: Path) -> None:
    refused(tmp_path, with_field(1, relevant="stauts == 'closed'"), "stauts", "unknown")
    check = {"expr": "closed >= recieved", "message": L, "fields": ["closed"]}
    refused(tmp_path, variant(checks=[check]), "recieved")
    check = {"expr": "closed >= received", "message": L, "fields": ["nope"]}
    refused(tmp_path, variant(checks=[check]), "check names unknown field 'nope'")


def test_unsafe_expression(tmp_path: Path) -> None:
    refused(tmp_path, with_field(6, compute="__import__('os').getcwd()"), "days_open")
    refused(tmp_path, with_field(1, relevant="status.__class__"), "not allowed")


def test_self_referencing_compute(tmp_path: Path) -> None:
    refused(tmp_path, with_field(6, compute="days_open + 1"), "days_open", "refers to itself")
    refused(tmp_path, with_field(1, relevant="closed != null"), "closed", "refers to itself")


def test_computed_field_cannot_be_required(tmp_path: Path) -> None:
    refused(tmp_path, with_field(6, required=True), "days_open", "cannot be required")


def test_bad_regex_pattern(tmp_path: Path) -> None:
    refused(tmp_path, with_field(3, pattern="([A-Z]"), "subject", "bad pattern")


def test_pattern_on_a_non_text_field(tmp_path: Path) -> None:
    refused(tmp_path, with_field(0, pattern=r"\d+"), "received", "text only")


def test_min_greater_than_max(tmp_path: Path) -> None:
    data = variant(fields=[*GOOD["fields"], fld("amount", "decimal", min=10, max=5)])
    refused(tmp_path, data, "amount", "min is greater than max")


def test_min_max_on_the_wrong_type(tmp_path: Path) -> None:
    refused(tmp_path, with_field(3, min=1), "subject", "integer and decimal only")
    refused(tmp_path, with_field(3, min_date="2025-01-01"), "subject", "dates only")
    refused(tmp_path, with_field(0, min_date="31/01/2568"), "min_date")


def test_other_type_options_on_the_wrong_type(tmp_path: Path) -> None:
    refused(tmp_path, with_field(3, multiple=True), "subject", "multiple")
    refused(tmp_path, with_field(3, money=True), "subject", "money")
    bounds = {"lat_min": 13, "lat_max": 14, "lon_min": 100, "lon_max": 101}
    refused(tmp_path, with_field(3, bounds=bounds), "subject", "bounds")


@pytest.mark.parametrize(
    ("key", "target", "words"),
    [
        ("date_field", "subject", ("date_field", "not a date field")),
        ("date_field", "no_such", ("date_field", "not a date field")),
        ("status_field", "received", ("status_field", "not a choice field")),
        ("subdistrict_field", "status", ("subdistrict_field", "not a subdistrict field")),
    ],
)
def test_wrong_type_for_special_fields(
    tmp_path: Path, key: str, target: str, words: tuple[str, ...]
) -> None:
    refused(tmp_path, variant(**{key: target}), *words)


def test_extra_unknown_key(tmp_path: Path) -> None:
    refused(tmp_path, variant(colour="red"), "colour", "Extra inputs are not permitted")
    refused(tmp_path, with_field(3, maxlength=10), "maxlength", "Extra inputs")


@pytest.mark.parametrize(
    ("changes", "word"),
    [
        ({"id": "Complaints"}, "id"),
        ({"version": 0}, "version"),
        ({"fields": []}, "fields"),
        ({"title": {"th": "ก"}}, "title"),
        ({"lawful_basis": "because"}, "lawful_basis"),
    ],
)
def test_schema_violations(tmp_path: Path, changes: dict[str, Any], word: str) -> None:
    refused(tmp_path, variant(**changes), word)


def test_bad_field_name_and_type(tmp_path: Path) -> None:
    refused(tmp_path, with_field(3, name="Subject"), "fields.3.name")
    refused(tmp_path, with_field(3, type="string"), "fields.3.type")


@pytest.mark.parametrize("text", ["{", "", "not json", "[1, 2", '{"id": "complaints",}', "\ufeff{"])
def test_non_json_file(tmp_path: Path, text: str) -> None:
    refused(tmp_path, text, "not valid JSON")


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "complaints.json"
    path.write_bytes(json.dumps(GOOD, ensure_ascii=False).encode("cp874"))
    with pytest.raises(DefinitionError) as info:
        load_definition(path)
    assert "complaints.json" in info.value.en


def test_json_that_is_not_an_object(tmp_path: Path) -> None:
    refused(tmp_path, "[]")
    refused(tmp_path, "null")


def test_file_name_must_match_id(tmp_path: Path) -> None:
    en = refused(tmp_path, GOOD, "complaints.json", name="complaint.json")
    assert "complaint.json" in en and "must be named" in en


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError) as info:
        load_definition(tmp_path / "nothing.json")
    assert "nothing.json" in info.value.en and "nothing.json" in info.value.th


def test_too_large_file(tmp_path: Path) -> None:
    data = variant(description={"th": "ก", "en": "x" * MAX_DEFINITION_BYTES})
    refused(tmp_path, data, "too large")


def test_parse_definition_names_its_source() -> None:
    with pytest.raises(DefinitionError) as info:
        parse_definition(variant(version="x"), "server:complaints v3")
    assert "server:complaints v3" in info.value.en


def test_file_with_a_utf8_bom_loads(tmp_path: Path) -> None:
    # Windows Notepad saves UTF-8 with a byte-order mark.
    path = tmp_path / "complaints.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD, ensure_ascii=False).encode())
    assert load_definition(path).id == "complaints"
