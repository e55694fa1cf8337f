"""Render the main screens of the desktop app to docs/screenshots/*.png.

Run under a real X server with Thai fonts (Xvfb is enough)::

    Xvfb :99 -screen 0 1366x768x24 &
    DISPLAY=:99 .venv/bin/python tools/screenshots.py

It makes a demo data dir in a temporary folder (``bkkdesk demo --no-gui``), logs in as
the demo clerk and grabs: the login window, the main window with records (1366×768 and
1024×768), a record form showing inline errors, the B.E. calendar, and a record's
history.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--data-dir", help="use this demo data dir (default: a temporary one)")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY") and not os.environ.get("QT_QPA_PLATFORM"):
        print("no DISPLAY: start Xvfb first (see the docstring)", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="bkkdesk-shots-"))
    subprocess.run(
        [sys.executable, "-m", "bkkdesk", "--data-dir", str(data_dir), "demo", "--no-gui"],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
    )

    from bkkdesk.db.store import Store
    from bkkdesk.server.embedded import embedded_server
    from bkkdesk.server.settings import ServerSettings
    from bkkdesk.sync.engine import META_SERVER

    # The demo's central server again (it stopped with `demo --no-gui`), so the status
    # bar shows a real sync.
    settings = ServerSettings(_env_file=None, database_url=None)
    with embedded_server(data_dir / "demo-server", settings) as (url, _app):
        store = Store.open(data_dir)
        store.set_meta(META_SERVER, url)
        store.close()
        return shots(data_dir, out)


def shots(data_dir: Path, out: Path) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QWidget

    from bkkdesk.ui.app import DesktopApp, ensure_qapplication

    app = ensure_qapplication()

    def wait(cond: Callable[[], bool], timeout: float = 20.0) -> None:
        end = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > end:
                raise TimeoutError("screen did not get ready")
            app.processEvents()
            time.sleep(0.01)

    def settle(seconds: float = 0.3) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    def shot(widget: QWidget, name: str) -> None:
        settle()
        path = out / name
        widget.grab().save(str(path))
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    from bkkdesk.cli.app import demo_login_hint

    desktop = DesktopApp(data_dir, username="demo-clerk", login_hint=demo_login_hint())
    desktop.start()
    wait(lambda: desktop.store is not None)
    login = desktop.login
    login.resize(1366, 768)
    login.password.setFocus()
    shot(login, "login.png")

    login.password.setText("bkkdesk-demo")
    login.attempt()
    wait(lambda: desktop.main is not None)
    main = desktop.main
    assert main is not None
    wait(lambda: bool(main.definitions))
    wait(lambda: desktop.sync is not None and desktop.sync.state.phase.value == "idle", 30)
    ids = list(main.definitions)
    main.datasets.setCurrentRow(ids.index("complaint"))
    main.resize(1366, 768)
    main.show()
    wait(lambda: not main.model.loading and main.model.rowCount() > 0)
    wait(lambda: main.model.is_row_loaded(0))
    main.select_row(2)
    shot(main, "main.png")
    main.resize(1024, 768)
    shot(main, "main-1024.png")
    main.resize(1366, 768)

    # A record form with inline errors (food inspection: a national ID field).
    main.datasets.setCurrentRow(ids.index("food_inspection"))
    wait(lambda: not main.model.loading)
    main.new_action.trigger()
    wait(lambda: main.record_dialog is not None)
    dlg = main.record_dialog
    assert dlg is not None
    form = dlg.form
    form.editor("shop_name").set_value("ร้านข้าวมันไก่เจ๊หมวย")
    form.editor("owner_name").set_value("นางสาวหมวย แซ่ลี้")
    form.editor("owner_national_id").set_value("1101700123454")
    form.editor("inspection_date").set_value("2025-01-31")
    form.editor("food_handlers").set_value("4")
    form.update_live()
    dlg.save(new_after=False)
    settle()
    form.scroll_area.verticalScrollBar().setValue(0)
    dlg.resize(1000, 720)
    shot(dlg, "record-form-errors.png")
    date_edit = form.editor("inspection_date").date_edit
    date_edit.open_calendar()
    popup = date_edit._popup
    assert popup is not None
    shot(popup, "calendar.png")
    popup.close()
    form.dirty = False
    dlg.reject()
    wait(lambda: main.record_dialog is None)

    # History of an edited record.
    main.datasets.setCurrentRow(ids.index("complaint"))
    wait(lambda: not main.model.loading and main.model.rowCount() > 0)
    wait(lambda: main.model.is_row_loaded(0))
    store = desktop.store
    assert store is not None
    record_id = main.model.record_id_at(0)
    assert record_id is not None
    record = store.records.get(record_id)
    patch = {"action_taken": "ประสานฝ่ายรักษาความสะอาดเข้าเก็บขยะแล้ว", "status": "in_progress"}
    definition = store.definition("complaint")
    if "in_progress" not in [c.value for c in definition.field("status").choices]:
        patch.pop("status")
    store.records.edit(record.id, patch, user="demo-clerk")
    main.model.reload()
    wait(lambda: not main.model.loading)
    main.select_row(0)
    wait(lambda: main.model.is_row_loaded(0))
    main.show_history()
    wait(lambda: hasattr(main, "history_dialog") and bool(main.history_dialog.entries))
    hist = main.history_dialog
    hist.resize(1000, 560)
    shot(hist, "history.png")
    hist.close()

    main.datasets.setCurrentRow(ids.index("complaint"))
    desktop.shutdown()
    del Qt, QApplication
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
