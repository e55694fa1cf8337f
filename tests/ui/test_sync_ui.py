"""An enrolled PC's app against a real server on loopback: online login, background sync
with its state in the status bar, and a supervisor resolving a real hard conflict."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bkkdesk.db.store import Store
from bkkdesk.server import admin
from bkkdesk.server import models as sm
from bkkdesk.server.embedded import embedded_server
from bkkdesk.sync import enrollment
from bkkdesk.sync.engine import SyncEngine
from bkkdesk.ui.syncstatus import SyncPhase

DISTRICT = "1004"
PASSWORD = "sync-ui-pass-1"
COMPLAINT = {
    "channel": "walk_in", "ticket_id": "T-UI-0001", "complaint_type": "garbage",
    "description": "ขยะล้นถังหน้าตลาด", "subdistrict": "100401",
    "received_date": "2025-01-15", "status": "received",
}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    with embedded_server(tmp_path / "server") as (url, app):
        state = app.state.bkk
        with state.db.session() as s:
            for name, role in (("clerk", "clerk"), ("boss", "supervisor")):
                admin.add_user(s, state.security, username=name, role=role, password=PASSWORD,
                               district_code=DISTRICT, display_name=name, actor="test")
        yield url, app


def _pc(tmp_path: Path, name: str, url: str, app: Any) -> Store:
    state = app.state.bkk
    with state.db.session() as s:
        code, _ = admin.create_enroll_code(s, state.security, district_code=DISTRICT,
                                           expires=__import__("datetime").timedelta(hours=1),
                                           actor="test")
    store = Store.open(tmp_path / name)
    enrollment.enroll(store, url, code, name)
    enrollment.login(store, "clerk", PASSWORD)
    return store


def _round(store: Store) -> None:
    engine = SyncEngine(store)
    try:
        report = engine.run_once()
        assert report.error is None, report.error
    finally:
        engine.client.close()


def test_app_syncs_in_background_and_supervisor_resolves_a_conflict(
    qtbot: Any, tmp_path: Path, server: tuple[str, Any]
) -> None:
    from bkkdesk.ui.app import DesktopApp

    url, app = server
    pc1 = _pc(tmp_path, "pc1", url, app)
    pc2 = _pc(tmp_path, "pc2", url, app)
    record = pc1.records.add("complaint", COMPLAINT, user="clerk")
    _round(pc1)
    _round(pc2)
    # The same field changed on both PCs; pc2 reaches the server first.
    pc2.records.edit(record.id, {"description": "ขยะล้นถัง แก้จากเครื่องสอง"}, user="clerk")
    pc1.records.edit(record.id, {"description": "ขยะล้นถัง แก้จากเครื่องหนึ่ง"}, user="clerk")
    pc1.records.add("complaint", {**COMPLAINT, "ticket_id": "T-UI-0002"}, user="clerk")
    _round(pc2)
    pc1.close()
    pc2.close()

    desktop = DesktopApp(tmp_path / "pc1")
    qtbot.addWidget(desktop.login)
    with qtbot.waitSignal(desktop.storeReady, timeout=20_000):
        desktop.start()
    try:
        # "boss" has never logged in on pc1: only the online login can let them in.
        qtbot.keyClicks(desktop.login.username, "boss")
        qtbot.keyClicks(desktop.login.password, PASSWORD)
        with qtbot.waitSignal(desktop.mainShown, timeout=20_000):
            desktop.login.attempt()
        main = desktop.main
        assert desktop.sync is not None and desktop.sync.enrolled
        qtbot.waitUntil(
            lambda: desktop.sync.state.phase == SyncPhase.IDLE
            and desktop.sync.state.pending == 0 and desktop.sync.state.conflicts == 1,
            timeout=30_000,
        )
        assert desktop.sync.state.last_sync is not None
        assert desktop.sync.state.clock_skew_seconds is not None
        assert abs(desktop.sync.state.clock_skew_seconds) < 60
        assert main.sync_widget.pending_label.text() == "ไม่มีข้อมูลรอส่ง"  # nothing waiting

        main.show_conflicts()
        dlg = main.conflicts_dialog
        qtbot.waitUntil(lambda: dlg.list.count() == 1, timeout=10_000)
        texts = {dlg.table.item(0, c).text() for c in (1, 2)}
        assert texts == {"ขยะล้นถัง แก้จากเครื่องหนึ่ง", "ขยะล้นถัง แก้จากเครื่องสอง"}
        dlg.keep_local.click()
        qtbot.waitUntil(lambda: "ไม่มี" in dlg.status.text(), timeout=10_000)
        with app.state.bkk.db.session() as s:
            c = s.scalars(select(sm.Conflict)).one()
            assert c.status == "resolved" and c.resolved_by == "boss"
            rec = s.get(sm.Record, __import__("uuid").UUID(record.id))
            assert rec is not None
            assert rec.data["description"] == "ขยะล้นถัง แก้จากเครื่องหนึ่ง"
        dlg.close()

        # IT publishes a newer release: the next sync shows the banner above the table.
        assert not main.update_banner.isVisible()
        app.state.bkk.settings.latest_client_version = "99.1"
        app.state.bkk.settings.client_download_url = "https://it.bma.go.th/bkkdesk"
        main.sync_now()
        qtbot.waitUntil(lambda: main.update_banner.isVisible(), timeout=20_000)
        assert "99.1" in main.update_banner.text()
        assert "https://it.bma.go.th/bkkdesk" in main.update_banner.text()
        assert "รุ่นใหม่" in main.update_banner.text()
    finally:
        if desktop.main is not None:
            desktop.main.close()
        desktop.shutdown()
