"""Qt UI tests: offscreen, one fresh store per test in tmp_path, Thai translations loaded."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from uihelpers import make_store

from bkkdesk.ui.pysidefix import make_none_immortal

make_none_immortal()  # before pytest-qt makes the QApplication (see the module)


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    d = tmp_path / "data"
    store = make_store(d)
    store.close()
    yield d


@pytest.fixture
def desktop(qtbot: Any, data_dir: Path) -> Iterator[Any]:
    """The app started on ``data_dir``, store open, login window showing."""
    from bkkdesk.ui.app import DesktopApp

    app = DesktopApp(data_dir)
    qtbot.addWidget(app.login)
    with qtbot.waitSignal(app.storeReady, timeout=20_000):
        app.start()
    yield app
    if app.main is not None:
        app.main.record_dialog = None
        app.main._pending_timer.stop()
        app.main.hide()
        app.main.deleteLater()
    app.shutdown()


@pytest.fixture(scope="session", autouse=True)
def thai_ui(qapp: Any) -> None:
    """Thai translations and the shipped font, as the app starts by default."""
    from bkkdesk.ui.fonts import apply_app_font
    from bkkdesk.ui.i18n import install_translator

    install_translator(qapp, "th")
    apply_app_font(qapp, 11)
