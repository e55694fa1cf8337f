"""Shared helpers of the UI tests (a small data set, a store factory, log in)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bkkdesk.core.definitions import parse_definition
from bkkdesk.db.store import Store

DISTRICT = "1004"  # บางรัก
PASSWORD = "test-pass-123"

# A small data set with one field of most types (relevance, compute, personal …).
VISIT = {
    "id": "test_visit",
    "version": 1,
    "title": {"th": "ทดสอบการมาติดต่อ", "en": "Test visits"},
    "fields": [
        {"name": "person_name", "type": "text", "required": True, "searchable": True,
         "label": {"th": "ชื่อผู้มาติดต่อ", "en": "Visitor name"},
         "help": {"th": "ชื่อและนามสกุล", "en": "First and last name"}},
        {"name": "national_id", "type": "national_id", "personal": True,
         "label": {"th": "เลขประจำตัวประชาชน", "en": "National ID"}},
        {"name": "visit_date", "type": "date", "required": True, "keep_on_new": True,
         "label": {"th": "วันที่มาติดต่อ", "en": "Visit date"}},
        {"name": "subdistrict", "type": "subdistrict", "required": True,
         "label": {"th": "แขวง", "en": "Subdistrict"}},
        {"name": "kind", "type": "choice", "required": True,
         "label": {"th": "ประเภท", "en": "Kind"},
         "choices": [
             {"value": "ask", "label": {"th": "สอบถาม", "en": "Question"}},
             {"value": "request", "label": {"th": "ยื่นคำร้อง", "en": "Request"}},
             {"value": "other", "label": {"th": "อื่น ๆ", "en": "Other"}}]},
        {"name": "other_detail", "type": "text", "required": True,
         "relevant": "kind == 'other'",
         "label": {"th": "ระบุประเภทอื่น", "en": "Other kind"}},
        {"name": "people", "type": "integer", "min": 1, "max": 100,
         "label": {"th": "จำนวนคน", "en": "People"}},
        {"name": "fee", "type": "decimal", "places": 2, "money": True, "min": 0,
         "label": {"th": "ค่าธรรมเนียม", "en": "Fee"}},
        {"name": "done_date", "type": "date",
         "label": {"th": "วันที่เสร็จ", "en": "Done date"}},
        {"name": "days_taken", "type": "integer", "compute": "days(visit_date, done_date)",
         "label": {"th": "จำนวนวันที่ใช้", "en": "Days taken"}},
        {"name": "note", "type": "longtext", "label": {"th": "หมายเหตุ", "en": "Note"}},
    ],
    "list_columns": ["person_name", "national_id", "visit_date", "subdistrict", "kind"],
    "date_field": "visit_date",
    "status_field": "kind",
    "subdistrict_field": "subdistrict",
}


def make_store(data_dir: Path, *, users: bool = True) -> Store:
    store = Store.open(data_dir)
    store.init_district(DISTRICT, admin="admin", password=PASSWORD, display_name="ผู้ดูแล")
    store.install_definition(parse_definition(VISIT), source="test")
    if users:
        with store.write() as s:
            store.users.add(s, "clerk", PASSWORD, "clerk", display_name="สมศรี เสมียน",
                            district_code=DISTRICT, actor="admin")
            store.users.add(s, "boss", PASSWORD, "supervisor", display_name="หัวหน้า",
                            district_code=DISTRICT, actor="admin")
    return store


def log_in(qtbot: Any, app: Any, user: str = "clerk") -> Any:
    from PySide6.QtCore import Qt

    app.login.username.clear()
    qtbot.keyClicks(app.login.username, user)
    qtbot.keyClicks(app.login.password, PASSWORD)
    with qtbot.waitSignal(app.mainShown, timeout=20_000):
        qtbot.keyClick(app.login.password, Qt.Key.Key_Return)
    main = app.main
    qtbot.waitUntil(lambda: bool(main.definitions) and main.model.query is not None,
                    timeout=10_000)
    return main


def choose_dataset(qtbot: Any, main: Any, dataset_id: str) -> None:
    ids = list(main.definitions)
    main.datasets.setCurrentRow(ids.index(dataset_id))
    qtbot.waitUntil(lambda: not main.model.loading, timeout=10_000)


def type_text(widget: Any, text: str) -> None:
    """Type ``text`` key by key (QTest.keyClicks asserts on non-ASCII such as Thai)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        if ch.isascii():
            from PySide6.QtTest import QTest

            QTest.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )
