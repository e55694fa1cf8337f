"""Nothing visible is left in English when the app runs in Thai."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QWidget,
)
from uihelpers import choose_dataset, log_in

from bkkdesk.core.resources import resource

THAI = re.compile(r"[\u0e00-\u0e7f]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Words that are the same in Thai text: product names, keys, proper names.
ALLOWED = {"bkkdesk", "Ctrl", "Shift", "Esc", "Excel", "English", "CA", "Traffy", "Fondue",
           "Facebook", "LINE", "pt", "clerk", "boss", "F4"}


def _messages(path: Path) -> list[ET.Element]:
    return [m for m in ET.parse(path).getroot().iter("message")]


def test_thai_translation_is_complete() -> None:
    messages = _messages(resource("translations", "bkkdesk_th.ts"))
    assert len(messages) > 100
    for m in messages:
        source = m.findtext("source")
        tr = m.find("translation")
        assert tr is not None, source
        assert tr.get("type") not in ("unfinished", "vanished", "obsolete"), source
        forms = [f.text for f in tr.findall("numerusform")] or [tr.text]
        for text in forms:
            assert text and text.strip(), f"empty translation of {source!r}"
            assert THAI.search(text) or text.strip() == source, source
            for marker in ("%1", "%2", "%n"):
                assert (marker in (source or "")) == (marker in text), (source, text)


def test_translation_sources_are_up_to_date(tmp_path: Path) -> None:
    """Every tr() string in bkkdesk/ui is in the .ts (run pyside6-lupdate after edits)."""
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    ui = Path(__file__).resolve().parents[2] / "bkkdesk" / "ui"
    fresh = tmp_path / "fresh.ts"
    subprocess.run([str(lupdate), *map(str, sorted(ui.glob("*.py"))), "-ts", str(fresh)],
                   check=True, capture_output=True)
    def sources(p: Path) -> set[str]:
        return {m.findtext("source") or "" for m in _messages(p)
                if (m.find("translation") is None
                    or m.find("translation").get("type") != "vanished")}  # type: ignore[union-attr]
    missing = sources(fresh) - sources(resource("translations", "bkkdesk_th.ts"))
    assert not missing, f"not in bkkdesk_th.ts (run pyside6-lupdate): {sorted(missing)}"


def _visible_texts(root: QWidget) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = [("window title", root.windowTitle())]
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) and not isinstance(w, QMenu):
            continue
        name = f"{type(w).__name__}:{w.objectName()}"
        if isinstance(w, QLabel | QAbstractButton):
            out.append((name, w.text()))
        if isinstance(w, QLineEdit):
            out.append((name + " placeholder", w.placeholderText()))
        if isinstance(w, QGroupBox):
            out.append((name, w.title()))
        if isinstance(w, QComboBox):
            out.extend((name + " item", w.itemText(i)) for i in range(w.count()))
        if isinstance(w, QMenu):
            out.append((name, w.title()))
            out.extend((name + " action", a.text()) for a in w.actions())
        out.extend((name + " tooltip", a.toolTip()) for a in w.actions() if a.isVisible())
    return out


def _untranslated(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    bad = []
    for where, text in texts:
        plain = re.sub(r"<[^>]+>", "", text or "")
        words = [w for w in LATIN_WORD.findall(plain) if w not in ALLOWED]
        if words and not THAI.search(plain):
            bad.append((where, text))
    return bad


def test_main_window_shows_thai_only(qtbot: Any, desktop: Any) -> None:
    assert not _untranslated(_visible_texts(desktop.login))
    main = log_in(qtbot, desktop, "boss")  # a supervisor sees the most actions
    choose_dataset(qtbot, main, "test_visit")
    texts = _visible_texts(main)
    texts += [("header", str(main.model.headerData(c, Qt_h())))
              for c in range(main.model.columnCount())]
    assert len(texts) > 40
    assert not _untranslated(texts)
    main.new_action.trigger()
    qtbot.waitUntil(lambda: main.record_dialog is not None, timeout=5000)
    dlg = main.record_dialog
    assert not _untranslated(_visible_texts(dlg))
    dlg.form.dirty = False
    dlg.reject()


def Qt_h() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def test_english_is_available(qtbot: Any, data_dir: Path) -> None:
    from bkkdesk.ui.app import DesktopApp, settings_path
    from bkkdesk.ui.i18n import install_translator
    from bkkdesk.ui.settings import AppSettings

    s = AppSettings(settings_path(data_dir))
    s.values.language = "en"
    s.save()
    app = DesktopApp(data_dir)
    qtbot.addWidget(app.login)
    try:
        with qtbot.waitSignal(app.storeReady, timeout=20_000):
            app.start()
        assert app.login.button.text() == "Log in"
        assert app.login.district.text() == "Bang Rak District Office"
    finally:
        app.shutdown()
        install_translator(app.app, "th")
