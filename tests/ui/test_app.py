"""The desktop app end to end, offscreen: log in, keyboard entry, errors, search, edit,
history, drafts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from uihelpers import PASSWORD, choose_dataset, log_in, type_text


def _focused() -> QWidget:
    w = QApplication.focusWidget()
    assert w is not None
    return w


def _type(qtbot: Any, text: str) -> None:
    type_text(_focused(), text)


def _key(qtbot: Any, key: Qt.Key, mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
         ) -> None:
    qtbot.keyClick(_focused(), key, mods)


def test_wrong_password_says_so_in_thai(qtbot: Any, desktop: Any) -> None:
    login = desktop.login
    qtbot.keyClicks(login.username, "clerk")
    qtbot.keyClicks(login.password, "wrong-password")
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "ไม่ถูกต้อง" in login.message.text(), timeout=10_000)
    assert desktop.main is None


def _new_record(qtbot: Any, main: Any) -> Any:
    main.activateWindow()
    main.table.setFocus()
    qtbot.keyClick(main.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: main.record_dialog is not None, timeout=5000)
    dlg = main.record_dialog
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    first = dlg.form.editor("person_name").focus_target()
    qtbot.waitUntil(first.hasFocus, timeout=5000)
    return dlg


def test_keyboard_entry_errors_save_search_edit_history(qtbot: Any, desktop: Any) -> None:
    main = log_in(qtbot, desktop)
    choose_dataset(qtbot, main, "test_visit")
    assert main.model.rowCount() == 0
    dlg = _new_record(qtbot, main)
    form = dlg.form

    _type(qtbot, "นายสมชาย ใจดี")
    _key(qtbot, Qt.Key.Key_Return)  # Enter goes to the next field, like Tab
    _type(qtbot, "1101700123454")  # wrong check digit
    nid = form.editor("national_id")
    assert nid.edit.text() == "1-1017-00123-45-4"  # grouped as typed
    assert "ไม่ตรง" in nid.verdict.text()
    _key(qtbot, Qt.Key.Key_Tab)
    assert form.rows["national_id"].error.isVisibleTo(form)  # checked on leaving
    _type(qtbot, "31/1/2568")
    _key(qtbot, Qt.Key.Key_Tab)
    assert form.editor("visit_date").date_edit.edit.text() == "31 ม.ค. 2568"
    _key(qtbot, Qt.Key.Key_Down)  # first subdistrict of บางรัก
    assert form.editor("subdistrict").value() is not None
    _key(qtbot, Qt.Key.Key_Tab)
    # "kind" left empty (required); save anyway.
    _key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dlg.isVisible()
    assert "ตรวจสอบ" in form.rows["national_id"].error.text()
    assert form.rows["kind"].error.text() == "ต้องกรอกช่องนี้"
    assert form.rows["kind"].error.isVisibleTo(form)
    assert not form.rows["other_detail"].isVisibleTo(form)  # relevant only for "other"

    # Correct both by keyboard.
    nid.edit.setFocus()
    qtbot.keyClick(nid.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _type(qtbot, "1101700123456")
    assert "ถูกต้อง" in nid.verdict.text()
    kind = form.editor("kind").combo
    kind.setFocus()
    _key(qtbot, Qt.Key.Key_Down)
    _key(qtbot, Qt.Key.Key_Down)
    _key(qtbot, Qt.Key.Key_Down)  # อื่น ๆ: the "other" row appears
    assert form.rows["other_detail"].isVisibleTo(form)
    _key(qtbot, Qt.Key.Key_Up)  # back to ยื่นคำร้อง
    assert not form.rows["other_detail"].isVisibleTo(form)
    _key(qtbot, Qt.Key.Key_Tab)  # the hidden row is skipped: people
    _type(qtbot, "3")
    _key(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "1500")
    _key(qtbot, Qt.Key.Key_Tab)
    assert form.editor("fee").edit.text() == "1,500.00"
    _type(qtbot, "2/2/2568")
    _key(qtbot, Qt.Key.Key_Tab)
    assert form.editor("days_taken").edit.text() == "2"  # computed live
    with qtbot.waitSignal(dlg.saved, timeout=10_000):
        _key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: main.model.rowCount() == 1, timeout=10_000)
    assert not desktop.store.drafts("clerk")  # saved: no draft left

    # A two-character Thai search finds it; the ID is masked for a clerk.
    type_text(main.search, "มช")
    qtbot.waitUntil(lambda: main.model.query.flt.search == "มช", timeout=5000)
    qtbot.waitUntil(lambda: main.model.rowCount() == 1 and main.model.is_row_loaded(0),
                    timeout=5000)
    cells = [main.model.index(0, c).data() for c in range(main.model.columnCount())]
    assert cells[0] == "นายสมชาย ใจดี"
    assert cells[1] == "1-xxxx-xxxxx-xx-6"
    assert cells[2] == "31 ม.ค. 2568"
    assert cells[4] == "ยื่นคำร้อง"
    type_text(main.search, "ไม่มีแน่")
    qtbot.waitUntil(lambda: main.model.rowCount() == 0, timeout=5000)
    main.search.clear()
    qtbot.waitUntil(lambda: main.model.rowCount() == 1 and main.model.is_row_loaded(0),
                    timeout=5000)

    # Edit it: open with Enter on the table, change the fee, save.
    main.select_row(0)
    main.table.setFocus()
    qtbot.keyClick(main.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: main.record_dialog is not None, timeout=5000)
    dlg = main.record_dialog
    fee = dlg.form.editor("fee").edit
    assert fee.text() == "1,500.00"
    fee.setFocus()
    qtbot.keyClick(fee, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(fee, "2000")
    with qtbot.waitSignal(dlg.saved, timeout=10_000):
        qtbot.keyClick(fee, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: main.record_dialog is None, timeout=5000)

    # History: created, then fee 1,500.00 -> 2,000.00, with B.E. times and the user.
    main.select_row(0)
    main.show_history()
    qtbot.waitUntil(lambda: hasattr(main, "history_dialog")
                    and len(main.history_dialog.entries) == 2, timeout=5000)
    table = main.history_dialog.table
    rows = [[table.item(r, c).text() for c in range(6)] for r in range(table.rowCount())]
    fee_rows = [r for r in rows if r[3] == "ค่าธรรมเนียม"]
    assert [r[4:] for r in fee_rows] == [["", "1,500.00"], ["1,500.00", "2,000.00"]]
    assert all(r[1] == "clerk" for r in rows)
    assert all("น." in r[0] and " 25" in r[0] for r in rows)  # B.E. year, Thai time
    assert desktop.store.records.pending_count() == 2


def test_draft_is_offered_back_after_a_crash(qtbot: Any, desktop: Any) -> None:
    main = log_in(qtbot, desktop)
    choose_dataset(qtbot, main, "test_visit")
    dlg = _new_record(qtbot, main)
    _type(qtbot, "นางสาวร่าง ไม่บันทึก")
    _key(qtbot, Qt.Key.Key_Tab)
    _key(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "5/3/2568")
    qtbot.waitUntil(lambda: len(desktop.store.drafts("clerk")) == 1, timeout=5000)
    qtbot.waitUntil(lambda: desktop.store.drafts("clerk")[0]["values"].get("visit_date")
                    == "2025-03-05", timeout=5000)
    # The windows vanish without any chance to ask (a crash, a power cut).
    dlg.form.dirty = False
    dlg.deleteLater()
    main.record_dialog = None
    desktop._logged_out()
    qtbot.waitUntil(lambda: desktop.login.isVisible(), timeout=5000)

    main = log_in(qtbot, desktop)
    qtbot.waitUntil(lambda: main.drafts_dialog is not None, timeout=5000)
    drafts = main.drafts_dialog
    assert drafts.list.count() == 1
    assert "นางสาวร่าง" in drafts.list.item(0).text()
    drafts.restore_button.click()
    qtbot.waitUntil(lambda: main.record_dialog is not None, timeout=5000)
    form = main.record_dialog.form
    assert form.editor("person_name").value() == "นางสาวร่าง ไม่บันทึก"
    assert form.editor("visit_date").date_edit.edit.text() == "5 มี.ค. 2568"
    form.editor("subdistrict").combo.setCurrentIndex(1)
    form.editor("kind").combo.setCurrentIndex(1)
    with qtbot.waitSignal(main.record_dialog.saved, timeout=10_000):
        main.record_dialog.save_button.click()
    qtbot.waitUntil(lambda: not desktop.store.drafts("clerk"), timeout=5000)
    assert desktop.store.records.count("test_visit") == 1
    assert PASSWORD


def test_supervisor_sees_personal_data_and_conflicts(qtbot: Any, desktop: Any) -> None:
    store = desktop.store
    store.records.add("test_visit", {
        "person_name": "นายทดสอบ หัวหน้า", "national_id": "1101700123456",
        "visit_date": "2025-01-31", "subdistrict": "100401", "kind": "ask"}, user="clerk")
    main = log_in(qtbot, desktop, "boss")
    choose_dataset(qtbot, main, "test_visit")
    qtbot.waitUntil(lambda: main.model.rowCount() == 1, timeout=5000)
    main.model.index(0, 0).data()
    qtbot.waitUntil(lambda: main.model.is_row_loaded(0), timeout=5000)
    assert main.model.index(0, 1).data() == "1-1017-00123-45-6"
    assert main.conflicts_action.isVisible()
    main.show_conflicts()
    qtbot.waitUntil(lambda: "ไม่มี" in main.conflicts_dialog.status.text(), timeout=5000)
    assert "1 " in main.sync_widget.pending_label.text()


def test_export_runs_behind_progress_and_writes_a_workbook(
    qtbot: Any, desktop: Any, tmp_path: Any
) -> None:
    store = desktop.store
    store.records.add("test_visit", {
        "person_name": "นายส่งออก ทดสอบ", "national_id": "1101700123456",
        "visit_date": "2025-01-31", "subdistrict": "100401", "kind": "ask"}, user="clerk")
    main = log_in(qtbot, desktop)
    choose_dataset(qtbot, main, "test_visit")
    target = tmp_path / "visits.xlsx"
    dlg = main.start_export(target)
    assert dlg is not None
    qtbot.waitUntil(lambda: dlg.finished_ok or dlg.error is not None, timeout=20_000)
    assert dlg.error is None, dlg.label.text()
    assert target.exists()
    assert "1" in dlg.label.text()
    dlg.accept()
