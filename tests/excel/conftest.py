"""Fixtures for the Excel engine tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bkkdesk.core.definitions import DatasetDef, load_builtin_definitions, parse_definition
from bkkdesk.core.reference import Reference, load_reference

DISTRICT = "1004"  # บางรัก

ALL_TYPES = {
    "id": "all_types",
    "version": 3,
    "title": {"th": "ทุกชนิดข้อมูล", "en": "Every field type"},
    "unique_key": ["code"],
    "subdistrict_field": "subdistrict",
    "date_field": "day",
    "status_field": "status",
    "fields": [
        {"name": "code", "type": "text", "required": True, "label": {"th": "รหัส", "en": "Code"}},
        {"name": "note", "type": "longtext", "label": {"th": "หมายเหตุ", "en": "Note"}},
        {"name": "count", "type": "integer", "min": 0, "max": 100000,
         "label": {"th": "จำนวน", "en": "Count"}, "unit": {"th": "ราย", "en": "cases"}},
        {"name": "year", "type": "integer", "min": 2560, "max": 2700,
         "label": {"th": "ปีงบประมาณ", "en": "Fiscal year"}},
        {"name": "amount", "type": "decimal", "money": True, "places": 2,
         "label": {"th": "จำนวนเงิน", "en": "Amount"}, "unit": {"th": "บาท", "en": "baht"}},
        {"name": "ratio", "type": "decimal", "places": 3, "label": {"th": "สัดส่วน", "en": "Ratio"}},
        {"name": "day", "type": "date", "required": True, "label": {"th": "วันที่", "en": "Date"}},
        {"name": "moment", "type": "datetime", "label": {"th": "วันเวลา", "en": "Date and time"}},
        {"name": "status", "type": "choice", "label": {"th": "สถานะ", "en": "Status"},
         "choices": [{"value": "open", "label": {"th": "เปิด", "en": "Open"}},
                     {"value": "closed", "label": {"th": "ปิดแล้ว", "en": "Closed"}}]},
        {"name": "tags", "type": "multichoice", "label": {"th": "ป้าย", "en": "Tags"},
         "choices": [{"value": "a", "label": {"th": "น้ำ", "en": "Water"}},
                     {"value": "b", "label": {"th": "ไฟ", "en": "Fire"}},
                     {"value": "c", "label": {"th": "ลม", "en": "Wind"}}]},
        {"name": "flag", "type": "yesno", "label": {"th": "ด่วน", "en": "Urgent"}},
        {"name": "person_name", "type": "text", "personal": True,
         "label": {"th": "ชื่อ-นามสกุล", "en": "Full name"}},
        {"name": "pid", "type": "national_id", "personal": True,
         "label": {"th": "เลขประจำตัวประชาชน", "en": "National ID"}},
        {"name": "phone", "type": "phone", "personal": True,
         "label": {"th": "โทรศัพท์", "en": "Phone"}},
        {"name": "subdistrict", "type": "subdistrict",
         "label": {"th": "แขวง", "en": "Subdistrict"}},
        {"name": "areas", "type": "subdistrict", "multiple": True,
         "label": {"th": "แขวงที่เกี่ยวข้อง", "en": "Areas"}},
        {"name": "point", "type": "geopoint", "label": {"th": "พิกัด", "en": "Location"}},
        {"name": "double_count", "type": "integer", "compute": "count * 2",
         "label": {"th": "สองเท่า", "en": "Doubled"}},
    ],
}


@pytest.fixture(scope="session")
def ref() -> Reference:
    return load_reference()


@pytest.fixture(scope="session")
def defs() -> dict[str, DatasetDef]:
    return load_builtin_definitions()


@pytest.fixture(scope="session")
def all_types() -> DatasetDef:
    return parse_definition(ALL_TYPES, "all_types")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(*srcs: Path, outdir: Path) -> list[Path]:
    """Convert with LibreOffice headless (private profile); skip only off CI."""
    exe = soffice()
    if exe is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is required on CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = outdir / "lo-profile"
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(outdir), *map(str, srcs)],
        check=True, capture_output=True, timeout=180,
    )
    pdfs = [outdir / (src.stem + ".pdf") for src in srcs]
    for pdf in pdfs:
        assert pdf.exists() and pdf.stat().st_size > 1000, pdf
    return pdfs
