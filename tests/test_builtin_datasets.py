"""The seven shipped data-set definitions and the sample-record generator.

Checks that every definition loads, speaks Thai first and English too, marks personal
data where PDPA needs it, accepts a realistic record of Bang Rak (district 1004) and
refuses a record that breaks one of its relevance or cross-field rules; and that the
sample generator used by the demo and the benchmarks only produces valid records.
"""

from __future__ import annotations

import ast
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from bkkdesk.core import samples
from bkkdesk.core.definitions import (
    DatasetDef,
    FieldType,
    Label,
    builtin_definitions_dir,
    json_schema,
    load_builtin_definitions,
)
from bkkdesk.core.errors import ValidationError
from bkkdesk.core.reference import load_reference
from bkkdesk.core.samples import sample_values
from bkkdesk.core.validation import RecordValidator, validate_record

DATASETS = (
    "kpi_report",
    "budget_disbursement",
    "food_inspection",
    "canal",
    "black_spot",
    "street_vendor",
    "complaint",
)
BANG_RAK = "1004"
# Bang Rak's subdistricts (resources/reference/bangkok_subdistricts.csv).
MAHA_PHRUETTHARAM, SI_LOM, SURIYAWONG, BANG_RAK_SUB, SI_PHRAYA = (
    "100401",
    "100402",
    "100403",
    "100404",
    "100405",
)
THAI = re.compile(r"[\u0e00-\u0e7f]")

PERSONAL = {
    "kpi_report": set(),
    "budget_disbursement": set(),
    "food_inspection": {"owner_name", "owner_national_id", "owner_phone"},
    "canal": set(),
    "black_spot": set(),
    "street_vendor": {"vendor_name", "national_id", "phone"},
    "complaint": {"complainant_name", "complainant_phone"},
}


@pytest.fixture(scope="module")
def defs() -> dict[str, DatasetDef]:
    return load_builtin_definitions()


def _validate(defs: dict[str, DatasetDef], ds: str, raw: dict[str, Any]) -> dict[str, Any]:
    return validate_record(defs[ds], raw, reference=load_reference(), district=BANG_RAK)


def _errors(defs: dict[str, DatasetDef], ds: str, raw: dict[str, Any]) -> set[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        _validate(defs, ds, raw)
    return {(e.field, e.rule) for e in info.value.errors}


# --------------------------------------------------------------------- the definitions


def test_the_seven_datasets_load(defs: dict[str, DatasetDef]) -> None:
    assert sorted(defs) == sorted(DATASETS)
    for d in defs.values():
        assert d.version == 1


@pytest.mark.parametrize("ds", DATASETS)
def test_files_are_utf8_thai_two_space_indent(ds: str) -> None:
    path = builtin_definitions_dir() / f"{ds}.json"
    text = path.read_text(encoding="utf-8")
    assert "\\u0e" not in text.lower(), "Thai must be written as characters, not escapes"
    assert THAI.search(text)
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"


def test_schema_json_is_current() -> None:
    path = builtin_definitions_dir() / "schema.json"
    assert json.loads(path.read_text(encoding="utf-8")) == json_schema()


def _assert_bilingual(label: Label | None, where: str) -> None:
    assert label is not None, f"{where}: no label"
    assert THAI.search(label.th), f"{where}: Thai text has no Thai: {label.th!r}"
    assert not THAI.search(label.en), f"{where}: English text has Thai: {label.en!r}"
    assert label.en.strip() and label.th.strip()


@pytest.mark.parametrize("ds", DATASETS)
def test_every_label_is_thai_and_english(defs: dict[str, DatasetDef], ds: str) -> None:
    d = defs[ds]
    _assert_bilingual(d.title, f"{ds} title")
    _assert_bilingual(d.description, f"{ds} description")
    for f in d.fields:
        _assert_bilingual(f.label, f"{ds}.{f.name}")
        for extra in (f.help, f.unit, f.pattern_message):
            if extra is not None:
                _assert_bilingual(extra, f"{ds}.{f.name} help/unit/message")
        for c in f.choices:
            _assert_bilingual(c.label, f"{ds}.{f.name}={c.value}")
            if c.group is not None:
                _assert_bilingual(c.group, f"{ds}.{f.name}={c.value} group")
    for check in d.checks:
        _assert_bilingual(check.message, f"{ds} check {check.expr}")


@pytest.mark.parametrize("ds", DATASETS)
def test_names_and_choice_values_are_lowercase_snake_case(
    defs: dict[str, DatasetDef], ds: str
) -> None:
    for f in defs[ds].fields:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", f.name)
        for c in f.choices:
            assert re.fullmatch(r"[a-z0-9][a-z0-9_]*", c.value), f"{f.name}={c.value}"


@pytest.mark.parametrize("ds", DATASETS)
def test_personal_data_is_marked(defs: dict[str, DatasetDef], ds: str) -> None:
    d = defs[ds]
    assert {f.name for f in d.personal_fields} == PERSONAL[ds]
    assert not any(f.sensitive for f in d.fields), "no data set needs PDPA s.26 data"
    for f in d.fields:
        if f.type in (FieldType.NATIONAL_ID, FieldType.PHONE):
            assert f.personal, f"{ds}.{f.name} is personal data"


@pytest.mark.parametrize("ds", DATASETS)
def test_dataset_metadata(defs: dict[str, DatasetDef], ds: str) -> None:
    d = defs[ds]
    assert "lawful_basis" in d.model_fields_set
    assert d.retention_years is not None
    assert 4 <= len(d.list_columns) <= 6
    assert d.searchable_fields
    assert d.date_field is not None
    assert d.status_field is not None
    assert d.unique_key
    subdistrict_fields = [f for f in d.fields if f.type == FieldType.SUBDISTRICT]
    single = [f for f in subdistrict_fields if not f.multiple]
    if single:
        assert d.subdistrict_field == single[0].name
    # A rule that is not obvious from the form explains itself.
    for f in d.fields:
        if f.relevant or f.compute or f.pattern:
            assert f.help is not None, f"{ds}.{f.name} needs a help text"


def test_street_vendor_lawful_basis_is_legal_obligation(defs: dict[str, DatasetDef]) -> None:
    assert defs["street_vendor"].lawful_basis == "legal_obligation"


def test_kpi_components_and_problem_groups(defs: dict[str, DatasetDef]) -> None:
    kpi = defs["kpi_report"]
    components = kpi.field("component").choices
    assert [c.value for c in components] == [
        "function_base",
        "agenda_base",
        "area_base",
        "innovation_base",
        "potential_base",
    ]
    for c, en in zip(
        components, ("Function", "Agenda", "Area", "Innovation", "Potential"), strict=True
    ):
        assert f"({en} Base)" in c.label.th
    groups = {c.value: c.group.en for c in kpi.field("problem_category").choices if c.group}
    assert groups == {
        "staffing": "Internal factors",
        "budget": "Internal factors",
        "regulations": "Internal factors",
        "tools_technology": "Internal factors",
        "management": "Internal factors",
        "disaster": "External factors",
        "policy_change": "External factors",
        "coordination": "External factors",
    }


def test_budget_months_are_in_fiscal_order(defs: dict[str, DatasetDef]) -> None:
    budget = defs["budget_disbursement"]
    months = [f.name for f in budget.fields if f.name.startswith("disbursed_")]
    fiscal_order = ("oct", "nov", "dec", "jan", "feb", "mar")
    fiscal_order += ("apr", "may", "jun", "jul", "aug", "sep")
    assert months == [f"disbursed_{m}" for m in fiscal_order]
    assert next(f.label.th for f in budget.fields if f.name in months) == "เบิกจ่าย ต.ค."
    total = budget.field("total_disbursed")
    assert total.compute is not None and all(m in total.compute for m in months)
    assert all(budget.field(m).money for m in months)


# ------------------------------------------------------------ one good record per set

GOOD: dict[str, dict[str, Any]] = {
    "kpi_report": {
        "fiscal_year": 2568,
        "reporting_round": "year_end",
        "component": "area_base",
        "indicator_code": "3.1",
        "indicator_name": "ระดับความสำเร็จในการส่งเสริมให้สถานประกอบการอาหารผ่านเกณฑ์"
        "มาตรฐานอาหารปลอดภัย มีบริการที่เป็นมิตรต่อสิ่งแวดล้อม (Green Service)",
        "indicator_owner": "สำนักอนามัย",
        "unit_of_measure": "level",
        "weight": "20",
        "target": "5",
        "result": "4",
        "score": "4.25",
        "evidence": "ตรวจแนะนำสถานประกอบการอาหาร 312 แห่ง ผ่านเกณฑ์ 287 แห่ง",
        "problem_category": ["staffing", "disaster"],
        "problem_detail": "อัตรากำลังไม่เพียงพอ และร้านอาหารบางแห่งปิดกิจการช่วงน้ำท่วม",
        "suggestion": "ควรจัดอบรมผู้สัมผัสอาหารออนไลน์สำหรับพนักงานใหม่",
        "report_date": "30/9/2568",
        "status": "submitted",
    },
    "budget_disbursement": {
        "fiscal_year": "2568",
        "report_date": "31 มี.ค. 2568",
        "project_code": "1004-3-000017",
        "project_name": "ปรับปรุงผิวจราจรและทางเท้า ซอยสีลม 9",
        "budget_category": "งบลงทุน",
        "responsible_unit": "public_works",
        "allocated": "4,850,000",
        "committed": "4,790,000.00",
        "disbursed_oct": "0",
        "disbursed_dec": "1,200,000.50",
        "disbursed_feb": "1437000",
        "status": "disbursing",
    },
    "food_inspection": {
        "shop_name": "ข้าวมันไก่เจ๊หมวย",
        "shop_type": "restaurant",
        "license_no": "2566/154",
        "owner_name": "นางสมศรี แซ่ลิ้ม",
        "owner_national_id": "1-1017-00123-45-6",
        "owner_phone": "081-234-5678",
        "address": "112/3 ซอยสีลม 20 ถนนสีลม",
        "subdistrict": "สีลม",
        "location": "13.7262,100.5277",
        "inspection_date": "2567-11-12",
        "food_safety_pass": "ผ่าน",
        "green_service_pass": False,
        "food_handlers": 6,
        "trained_handlers": 5,
        "result": "pass_with_advice",
        "next_inspection_date": "2568-05-12",
    },
    "canal": {
        "canal_name": "คลองผดุงกรุงเกษม",
        "canal_class": "main",
        "subdistricts": [SI_PHRAYA, MAHA_PHRUETTHARAM],
        "length_m": "1850.5",
        "width_m": "18",
        "canal_group": "maintain",
        "water_quality": "fair",
        "dissolved_oxygen": "2.6",
        "encroachment": True,
        "encroaching_structures": 14,
        "landscape_status": "in_progress",
        "last_survey_date": "2568-06-18",
    },
    "black_spot": {
        "location_name": "แยกสุรวงศ์ ถนนเจริญกรุง",
        "road": "ถนนเจริญกรุง",
        "subdistrict": SURIYAWONG,
        "location": {"lat": 13.7286, "lon": 100.5147},
        "period_start": "1 ต.ค. 2566",
        "period_end": "30 ก.ย. 2567",
        "accidents": 12,
        "injuries": 15,
        "deaths": 1,
        "causes": ["dangerous_curve_junction", "poor_lighting"],
        "fix_measures": ["lighting", "road_markings"],
        "fix_status": "fixed",
        "fix_date": "2567-08-15",
        "repeat_accident": True,
        "repeat_accidents": 2,
    },
    "street_vendor": {
        "vendor_card_no": "1004/2567/125",
        "vendor_name": "นายวิชัย ทองดี",
        "national_id": "3100600445635",
        "phone": "0891234567",
        "vending_point": "หน้าตลาดบางรัก ถนนเจริญกรุง",
        "subdistrict": BANG_RAK_SUB,
        "goods_type": "cooked_food",
        "trading_hours": "06.00-10.00",
        "permit_issue_date": "2567-01-15",
        "permit_expiry_date": "2568-01-14",
        "status": "active",
    },
    "complaint": {
        "channel": "traffy_fondue",
        "ticket_id": "2024-AB12CD",
        "complaint_type": "drainage_flooding",
        "description": "ท่อระบายน้ำอุดตัน น้ำท่วมขังหลังฝนตก บริเวณปากซอยสีลม 5",
        "location_detail": "ปากซอยสีลม 5",
        "subdistrict": SI_LOM,
        "location": {"lat": 13.7275, "lon": 100.5290},
        "complainant_name": "นางสาวสุภาพร ศรีสุข",
        "complainant_phone": "0812345678",
        "received_date": "2567-06-03",
        "status": "closed",
        "action_taken": "ฝ่ายโยธาลอกท่อระบายน้ำแล้ว",
        "closed_date": "2567-06-10",
    },
}


@pytest.mark.parametrize("ds", DATASETS)
def test_a_realistic_record_of_bang_rak_is_accepted(defs: dict[str, DatasetDef], ds: str) -> None:
    clean = _validate(defs, ds, GOOD[ds])
    assert set(GOOD[ds]) <= set(clean)


def test_good_records_are_stored_in_canonical_form(defs: dict[str, DatasetDef]) -> None:
    kpi = _validate(defs, "kpi_report", GOOD["kpi_report"])
    assert kpi["report_date"] == "2025-09-30"
    assert kpi["score"] == "4.25" and kpi["weight"] == "20.00"
    budget = _validate(defs, "budget_disbursement", GOOD["budget_disbursement"])
    assert budget["budget_category"] == "investment"
    assert budget["allocated"] == "4850000.00"
    assert budget["total_disbursed"] == "2637000.50"  # computed with sum(...)
    food = _validate(defs, "food_inspection", GOOD["food_inspection"])
    assert food["subdistrict"] == SI_LOM
    assert food["owner_national_id"] == "1101700123456"
    assert food["food_safety_pass"] is True
    canal = _validate(defs, "canal", GOOD["canal"])
    assert canal["subdistricts"] == [MAHA_PHRUETTHARAM, SI_PHRAYA]
    spot = _validate(defs, "black_spot", GOOD["black_spot"])
    assert spot["period_start"] == "2023-10-01"
    complaint = _validate(defs, "complaint", GOOD["complaint"])
    assert complaint["days_to_close"] == 7


def test_unique_keys(defs: dict[str, DatasetDef]) -> None:
    ref = load_reference()
    v = RecordValidator(defs["complaint"], ref)
    key = v.unique_key(v.validate(GOOD["complaint"], district=BANG_RAK))
    assert key == "traffy_fondue\x1f2024-ab12cd"
    kpi = RecordValidator(defs["kpi_report"], ref)
    key = kpi.unique_key(kpi.validate(GOOD["kpi_report"], district=BANG_RAK))
    assert key == "2568\x1f3.1\x1fyear_end"


# ----------------------------------------------------- and the rules that refuse one

REJECTED: list[tuple[str, dict[str, Any], set[tuple[str, str]]]] = [
    # A problem chosen makes its details required.
    ("kpi_report", {"problem_detail": None}, {("problem_detail", "required")}),
    ("kpi_report", {"score": "5.5"}, {("score", "max")}),
    ("kpi_report", {"indicator_code": "6.1"}, {("indicator_code", "pattern")}),
    ("kpi_report", {"fiscal_year": 2025}, {("fiscal_year", "min")}),
    ("budget_disbursement", {"committed": "5000000"}, {("committed", "check")}),
    (
        "budget_disbursement",
        {"disbursed_sep": "3000000"},
        {("total_disbursed", "check"), ("allocated", "check")},
    ),
    ("budget_disbursement", {"status": "cancelled"}, {("cancel_reason", "required")}),
    ("food_inspection", {"trained_handlers": 7}, {("trained_handlers", "check")}),
    (
        "food_inspection",
        {"food_safety_pass": False, "result": "pass"},
        {("result", "check"), ("food_safety_pass", "check")},
    ),
    ("food_inspection", {"result": "fail"}, {("deficiencies", "required")}),
    (
        "food_inspection",
        {"next_inspection_date": "2567-11-01"},
        {("next_inspection_date", "check")},
    ),
    (
        "food_inspection",
        {"owner_national_id": "1101700123454"},
        {("owner_national_id", "national_id")},
    ),
    ("canal", {"encroaching_structures": None}, {("encroaching_structures", "required")}),
    ("canal", {"subdistricts": [SI_LOM, "100101"]}, {("subdistricts", "subdistrict")}),
    ("black_spot", {"fix_date": None}, {("fix_date", "required")}),
    ("black_spot", {"repeat_accidents": None}, {("repeat_accidents", "required")}),
    ("black_spot", {"period_end": "2566-09-30"}, {("period_end", "check")}),
    ("black_spot", {"location": {"lat": 18.79, "lon": 98.98}}, {("location", "bounds")}),
    ("black_spot", {"accidents": -1}, {("accidents", "min")}),
    ("street_vendor", {"permit_expiry_date": "2566-12-31"}, {("permit_expiry_date", "check")}),
    ("street_vendor", {"vendor_card_no": "BR-125"}, {("vendor_card_no", "pattern")}),
    ("street_vendor", {"status": "suspended"}, {("status_reason", "required")}),
    ("street_vendor", {"subdistrict": "100101"}, {("subdistrict", "subdistrict")}),
    ("complaint", {"closed_date": None}, {("closed_date", "required")}),
    ("complaint", {"closed_date": "2567-06-01"}, {("closed_date", "check")}),
    ("complaint", {"status": "forwarded"}, {("forwarded_to", "required")}),
    ("complaint", {"status": "rejected"}, {("reject_reason", "required")}),
]


@pytest.mark.parametrize(
    ("ds", "change", "expected"),
    REJECTED,
    ids=[f"{ds}-{'-'.join(sorted(change))}" for ds, change, _ in REJECTED],
)
def test_a_broken_rule_refuses_the_record(
    defs: dict[str, DatasetDef],
    ds: str,
    change: dict[str, Any],
    expected: set[tuple[str, str]],
) -> None:
    raw = {**GOOD[ds], **change}
    raw = {k: v for k, v in raw.items() if v is not None}
    assert _errors(defs, ds, raw) == expected


def test_every_dataset_has_a_rejected_example() -> None:
    assert {ds for ds, _, _ in REJECTED} == set(DATASETS)


def test_error_messages_are_thai_first(defs: dict[str, DatasetDef]) -> None:
    raw = {**GOOD["complaint"], "closed_date": "2567-06-01"}
    with pytest.raises(ValidationError) as info:
        _validate(defs, "complaint", raw)
    (error,) = info.value.errors
    assert error.th == "วันที่ปิดเรื่องต้องไม่ก่อนวันที่รับเรื่อง"
    assert "closed" in error.en


@pytest.mark.parametrize(
    ("ds", "change", "dropped"),
    [
        # Values of a field that is not relevant are dropped, not kept stale.
        ("kpi_report", {"problem_category": []}, "problem_detail"),
        ("canal", {"encroachment": False}, "encroaching_structures"),
        ("black_spot", {"fix_status": "in_progress"}, "fix_date"),
        ("black_spot", {"repeat_accident": False}, "repeat_accidents"),
        ("complaint", {"status": "in_progress"}, "closed_date"),
        ("complaint", {"status": "in_progress"}, "days_to_close"),
    ],
)
def test_irrelevant_fields_are_dropped(
    defs: dict[str, DatasetDef], ds: str, change: dict[str, Any], dropped: str
) -> None:
    clean = _validate(defs, ds, {**GOOD[ds], **change})
    assert dropped not in clean


def test_anonymous_complaint_is_accepted(defs: dict[str, DatasetDef]) -> None:
    raw = {k: v for k, v in GOOD["complaint"].items() if not k.startswith("complainant")}
    assert "complainant_name" not in _validate(defs, "complaint", raw)


# ----------------------------------------------------------------------- the samples


@pytest.mark.parametrize("ds", DATASETS)
def test_200_samples_validate(defs: dict[str, DatasetDef], ds: str) -> None:
    ref = load_reference()
    validator = RecordValidator(defs[ds], ref)
    districts = sorted(ref.districts)
    rng = random.Random(f"samples-{ds}")
    for i in range(200):
        district = BANG_RAK if i % 2 == 0 else districts[i % len(districts)]
        raw = sample_values(ds, rng, district)
        try:
            clean = validator.validate(raw, district=district)
        except ValidationError as exc:  # pragma: no cover - shows the bad sample
            pytest.fail(f"sample {i} of {ds} in {district} is invalid: {exc.en}\n{raw}")
        # The samples are already in stored form: validation changes nothing.
        assert {k: v for k, v in clean.items() if not defs[ds].field(k).compute} == raw


@pytest.mark.parametrize("ds", DATASETS)
def test_samples_use_the_districts_own_subdistricts(ds: str) -> None:
    ref = load_reference()
    rng = random.Random(7)
    for district in ("1004", "1003", "1050"):
        for _ in range(20):
            raw = sample_values(ds, rng, district)
            for f in load_builtin_definitions()[ds].fields:
                if f.type == FieldType.SUBDISTRICT and f.name in raw:
                    codes = raw[f.name] if f.multiple else [raw[f.name]]
                    assert all(ref.subdistricts[c].district_code == district for c in codes)


@pytest.mark.parametrize("ds", DATASETS)
def test_samples_with_seq_have_distinct_unique_keys(defs: dict[str, DatasetDef], ds: str) -> None:
    validator = RecordValidator(defs[ds], load_reference())
    rng = random.Random(3)
    keys = set()
    for seq in range(400):
        clean = validator.validate(sample_values(ds, rng, BANG_RAK, seq=seq), district=BANG_RAK)
        keys.add(validator.unique_key(clean))
    assert len(keys) == 400


def test_samples_are_reproducible() -> None:
    for ds in DATASETS:
        a = [sample_values(ds, random.Random(42), BANG_RAK) for _ in range(3)]
        b = [sample_values(ds, random.Random(42), BANG_RAK) for _ in range(3)]
        assert a == b


def test_samples_look_thai() -> None:
    rng = random.Random(11)
    canal = sample_values("canal", rng, BANG_RAK)
    assert canal["canal_name"].startswith("คลอง")
    vendor = sample_values("street_vendor", rng, BANG_RAK)
    assert re.match(r"(นาย|นาง|นางสาว)\S+ \S+", vendor["vendor_name"])
    assert vendor["vendor_card_no"].startswith("1004/25")
    for _ in range(20):
        budget = sample_values("budget_disbursement", rng, BANG_RAK)
        assert 2567 <= budget["fiscal_year"] <= 2569


def test_samples_refuse_unknown_dataset_and_district() -> None:
    with pytest.raises(ValueError):
        sample_values("no_such_set", random.Random(1), BANG_RAK)
    with pytest.raises(ValueError):
        sample_values("complaint", random.Random(1), "9999")
    with pytest.raises(ValueError):
        sample_values("complaint", random.Random(1), BANG_RAK, seq=-1)


def test_samples_import_only_core_and_stdlib() -> None:
    tree = ast.parse(Path(samples.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            assert (
                name.startswith("bkkdesk.core")
                or top in sys.stdlib_module_names
                or (top == "__future__")
            ), f"samples.py imports {name}"
