"""Fixtures shared by every test: an isolated data dir and a fresh local store per test."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SHOPS_DEFINITION = {
    "id": "shops",
    "version": 1,
    "title": {"th": "ร้านอาหาร", "en": "Food shops"},
    "unique_key": ["licence_no"],
    "subdistrict_field": "subdistrict",
    "date_field": "inspected_on",
    "status_field": "status",
    "list_columns": ["shop_name", "owner_name", "subdistrict", "inspected_on", "status"],
    "fields": [
        {"name": "shop_name", "type": "text", "required": True, "searchable": True,
         "label": {"th": "ชื่อร้าน", "en": "Shop name"}},
        {"name": "licence_no", "type": "text", "label": {"th": "เลขใบอนุญาต", "en": "Licence no."},
         "pattern": "^[0-9]{2}/[0-9]{4}$",
         "pattern_message": {"th": "รูปแบบ 12/2568", "en": "format 12/2568"}},
        {"name": "owner_name", "type": "text", "personal": True, "searchable": True,
         "label": {"th": "ชื่อเจ้าของ", "en": "Owner name"}},
        {"name": "owner_id", "type": "national_id", "personal": True,
         "label": {"th": "เลขประจำตัวประชาชนเจ้าของ", "en": "Owner national ID"}},
        {"name": "subdistrict", "type": "subdistrict",
         "label": {"th": "แขวง", "en": "Subdistrict"}},
        {"name": "inspected_on", "type": "date", "required": True,
         "label": {"th": "วันที่ตรวจ", "en": "Inspection date"}},
        {"name": "seats", "type": "integer", "min": 0, "max": 5000,
         "label": {"th": "จำนวนที่นั่ง", "en": "Seats"}},
        {"name": "status", "type": "choice", "label": {"th": "ผลการตรวจ", "en": "Result"},
         "choices": [
             {"value": "pass", "label": {"th": "ผ่าน", "en": "Pass"}},
             {"value": "fail", "label": {"th": "ไม่ผ่าน", "en": "Fail"}}]},
        {"name": "fail_reason", "type": "longtext", "relevant": "status == 'fail'",
         "required": True, "label": {"th": "เหตุที่ไม่ผ่าน", "en": "Reason for failing"}},
    ],
}


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user data dir, or inherits a user from the shell."""
    monkeypatch.setenv("BKKDESK_DATA_DIR", str(tmp_path / "bkkdesk-data"))
    for name in ("BKKDESK_USER", "BKKDESK_PASSWORD", "BKKDESK_RESOURCES"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "bkkdesk-data"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
def store(data_dir: Path) -> Iterator[object]:
    """A fresh local store for district 1004 (บางรัก) with the test data set installed."""
    from bkkdesk.core.definitions import parse_definition
    from bkkdesk.db.store import Store

    s = Store.open(data_dir)
    s.init_district("1004", admin="admin", password="admin-password")
    s.install_definition(parse_definition(SHOPS_DEFINITION), source="test")
    yield s
    s.close()


@pytest.fixture
def shops_json() -> str:
    return json.dumps(SHOPS_DEFINITION, ensure_ascii=False)
