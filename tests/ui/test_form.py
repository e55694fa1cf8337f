"""Editors and the record form, without the main window."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from uihelpers import DISTRICT, type_text

from bkkdesk.core.definitions import load_builtin_definitions
from bkkdesk.core.reference import load_reference
from bkkdesk.core.validation import RecordValidator
from bkkdesk.ui.editors import (
    CheckListEditor,
    ChoiceEditor,
    DateLineEdit,
    EditorContext,
    NationalIdEditor,
    NumberEditor,
    ThaiCalendarPopup,
)
from bkkdesk.ui.form import RecordForm
from bkkdesk.ui.settings import Settings, SettingsDialog

CTX = EditorContext(load_reference(), DISTRICT, "th")


@pytest.fixture(scope="module")
def builtin() -> Any:
    return load_builtin_definitions()


def test_date_editor_reads_be_and_ce_and_shows_be(qtbot: Any) -> None:
    w = DateLineEdit()
    qtbot.addWidget(w)
    for typed in ("31/1/2568", "31 ม.ค. 2568", "31 มกราคม 2568", "2025-01-31", "๓๑/๐๑/๒๕๖๘"):
        w.edit.setText(typed)
        assert w.date() == dt.date(2025, 1, 31), typed
        w.tidy()
        assert w.edit.text() == "31 ม.ค. 2568"
    w.edit.setText("31/1/68")  # two-digit years are refused, never guessed
    assert w.date() is None


def test_calendar_popup_has_thai_months_and_be_years(qtbot: Any) -> None:
    popup = ThaiCalendarPopup()
    qtbot.addWidget(popup)
    popup.show_date(dt.date(2025, 1, 31))
    assert popup.month.currentText() == "มกราคม"
    assert popup.year.text() == "พ.ศ. 2568"
    popup.next.click()
    assert popup.month.currentText() == "กุมภาพันธ์"
    popup.year.setValue(2567)
    assert popup.calendar.yearShown() == 2024
    with qtbot.waitSignal(popup.picked) as got:
        popup.calendar.clicked.emit(popup.calendar.selectedDate().addDays(1))
    assert isinstance(got.args[0], dt.date)


def test_national_id_groups_as_typed_and_judges_the_check_digit(
    qtbot: Any, builtin: Any
) -> None:
    f = builtin["street_vendor"].field("national_id")
    e = NationalIdEditor(f, CTX)
    qtbot.addWidget(e)
    qtbot.keyClicks(e.edit, "11017")
    assert e.edit.text() == "1-1017"
    assert "8" in e.verdict.text()  # eight more digits
    qtbot.keyClicks(e.edit, "00123456")
    assert e.edit.text() == "1-1017-00123-45-6"
    assert e.value() == "1101700123456"
    assert e.verdict.text() == "✓ เลขถูกต้อง"
    qtbot.keyClick(e.edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(e.edit, "4")
    assert "ไม่ตรง" in e.verdict.text()


def test_numbers_get_thousands_separators_but_years_do_not(qtbot: Any, builtin: Any) -> None:
    budget = builtin["budget_disbursement"]
    money = NumberEditor(budget.field("allocated"), CTX)
    year = NumberEditor(budget.field("fiscal_year"), CTX)
    qtbot.addWidget(money)
    qtbot.addWidget(year)
    qtbot.keyClicks(money.edit, "1234567.5")
    money.finish()
    assert money.edit.text() == "1,234,567.50"
    assert money.value() == "1234567.50"
    qtbot.keyClicks(money.edit, "x")  # refused by the validator
    assert money.edit.text() == "1,234,567.50"
    qtbot.keyClicks(year.edit, "2568")
    year.finish()
    assert year.edit.text() == "2568"


def test_grouped_choices_and_check_lists(qtbot: Any, builtin: Any) -> None:
    kpi = builtin["kpi_report"]
    e = CheckListEditor(kpi.field("problem_category"), CTX)
    qtbot.addWidget(e)
    headers = [e.list.item(i) for i in range(e.list.count())
               if e.list.item(i).data(Qt.ItemDataRole.UserRole) is None]
    assert headers and all(h.font().bold() for h in headers)
    first_value = kpi.field("problem_category").choices[0].value
    e.set_value([first_value])
    assert e.value() == [first_value]
    c = ChoiceEditor(kpi.field("status"), CTX)
    qtbot.addWidget(c)
    assert c.value() is None
    assert c.combo.itemText(0) == "— เลือก —"


def test_form_relevance_compute_and_save_and_new_keep(qtbot: Any, builtin: Any) -> None:
    d = builtin["complaint"]
    form = RecordForm(d, RecordValidator(d, CTX.reference), CTX)
    qtbot.addWidget(form)
    form.show()
    assert not form.rows["closed_date"].isVisibleTo(form)
    form.editor("status").set_value("closed")
    form.update_live()
    assert form.rows["closed_date"].isVisibleTo(form)
    form.editor("received_date").set_value("2025-01-01")
    form.editor("closed_date").set_value("2025-01-11")
    form.update_live()
    assert form.editor("days_to_close").edit.text() == "10"
    # The condition and the formula in words, under the editor and as its tooltip.
    assert "สถานะ คือ เสร็จสิ้น" in form.rows["closed_date"].help.text()
    assert "status ==" not in form.rows["closed_date"].help.text()
    assert ("จำนวนวันจาก วันที่รับเรื่อง ถึง วันที่ปิดเรื่อง"
            in form.rows["days_to_close"].label.toolTip())
    assert form.rows["channel"].keep.isChecked()  # keep_on_new in the definition
    form.editor("channel").set_value("walk_in")
    form.editor("ticket_id").set_value("X-1")
    form.reset_for_new()
    assert form.editor("channel").value() == "walk_in"
    assert form.editor("received_date").value() == "2025-01-01"
    assert form.editor("ticket_id").value() is None
    assert form.validate_all() is None  # required fields are empty again
    assert form.rows["ticket_id"].error.text() == "ต้องกรอกช่องนี้"
    form.disconnect_app()


def test_escape_asks_before_dropping_typed_input(qtbot: Any, desktop: Any) -> None:
    from uihelpers import choose_dataset, log_in

    main = log_in(qtbot, desktop)
    choose_dataset(qtbot, main, "test_visit")
    main.new_action.trigger()
    qtbot.waitUntil(lambda: main.record_dialog is not None, timeout=5000)
    dlg = main.record_dialog
    qtbot.waitUntil(lambda: dlg.form.editor("person_name").edit.hasFocus(), timeout=5000)
    type_text(dlg.form.editor("person_name").edit, "ทดสอบ")
    answers = iter(["แก้ไขต่อ", "ทิ้งการแก้ไข"])

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        want = next(answers)
        for b in box.buttons():
            if b.text() == want:
                b.click()

    QTimer.singleShot(20, answer)
    qtbot.keyClick(dlg.form.editor("person_name").edit, Qt.Key.Key_Escape)
    assert dlg.isVisible()  # "keep editing"
    QTimer.singleShot(20, answer)
    qtbot.keyClick(dlg.form.editor("person_name").edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: main.record_dialog is None, timeout=5000)
    qtbot.waitUntil(lambda: not desktop.store.drafts("clerk"), timeout=5000)


def test_it_settings_are_for_admins_only(qtbot: Any) -> None:
    for admin in (False, True):
        dlg = SettingsDialog(Settings(), admin=admin)
        qtbot.addWidget(dlg)
        dlg.show()
        assert dlg.it_box.isVisible() is admin
        dlg.font_size.setValue(14)
        dlg.apply()
        assert dlg.settings.font_size == 14


def test_demo_set_up_is_idempotent(tmp_path: Path, capsys: Any) -> None:
    from bkkdesk.cli.main import main

    args = ["--data-dir", str(tmp_path / "demo"), "demo", "--no-gui", "--records", "14"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "demo-clerk" in out and "bkkdesk-demo" in out
    assert "pushed 14" in out  # the sample records went to the embedded server
    assert main(args) == 0
    again = capsys.readouterr().out
    assert "nothing added" in again and "pushed 0" in again
    from sqlalchemy import create_engine, text

    from bkkdesk.db.store import Store
    from bkkdesk.sync.enrollment import is_enrolled

    store = Store.open(tmp_path / "demo")
    try:
        counts = store.records.counts_by_dataset()
        assert sum(counts.values()) == 14 and len(counts) == 7
        assert store.records.pending_count() == 0  # all pushed, none twice
        assert is_enrolled(store)
        assert {u.username for u in store.users.list()} >= {
            "demo-clerk", "demo-supervisor", "demo-central", "demo-admin"
        }
        # offline login works after the one online login the demo did
        assert store.users.authenticate("demo-clerk", "bkkdesk-demo").role == "clerk"
    finally:
        store.close()
    server = create_engine(f"sqlite:///{tmp_path / 'demo' / 'demo-server' / 'server.sqlite3'}")
    try:
        with server.connect() as c:
            assert c.execute(text("select count(*) from records")).scalar() == 14
    finally:
        server.dispose()


def test_demo_without_a_display_sets_up_and_says_so(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from bkkdesk.cli.main import main

    if not sys.platform.startswith("linux"):
        pytest.skip("display detection is for Linux")
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    assert main(["--data-dir", str(tmp_path / "demo"), "demo", "--records", "7"]) == 0
    captured = capsys.readouterr()
    assert "pushed 7" in captured.out
    assert "no display" in captured.err and "records list complaint" in captured.err


def test_the_demo_login_screen_shows_the_accounts(qtbot: Any, tmp_path: Path) -> None:
    from bkkdesk.cli.app import demo_login_hint
    from bkkdesk.ui.app import DesktopApp

    plain = DesktopApp(tmp_path / "a")
    qtbot.addWidget(plain.login)
    assert plain.login.hint.isHidden()
    demo = DesktopApp(tmp_path / "b", username="demo-clerk", login_hint=demo_login_hint())
    qtbot.addWidget(demo.login)
    assert not demo.login.hint.isHidden()
    assert "bkkdesk-demo" in demo.login.hint.text() and "demo-admin" in demo.login.hint.text()
    assert demo.login.username.text() == "demo-clerk"


def test_a_date_that_is_not_a_date_is_marked(qtbot: Any) -> None:
    w = DateLineEdit()
    qtbot.addWidget(w)
    w.edit.setText("31/2/2568")
    w.tidy()
    assert "ไม่มีวันที่" in w.edit.toolTip()
    w.edit.setText("28/2/2568")
    w.tidy()
    assert w.edit.toolTip() == "" and w.edit.text() == "28 ก.พ. 2568"
