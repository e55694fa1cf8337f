"""The None reference-count work-around (bkkdesk/ui/pysidefix.py)."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView

from bkkdesk.ui.pysidefix import make_none_immortal


def test_void_qt_calls_cannot_exhaust_none(qtbot: Any) -> None:
    make_none_immortal()
    header = QHeaderView(Qt.Orientation.Horizontal)
    qtbot.addWidget(header)
    before = sys.getrefcount(None)
    for _ in range(2000):
        header.setSortIndicatorShown(True)  # a void method: the bug's trigger
    after = sys.getrefcount(None)
    if sys.version_info < (3, 12):
        assert after > 1 << 39  # whatever the binding does, None stays alive
    assert after - before <= 2000  # never grows without bound either
