"""The Thai font shipped with the app (Sarabun, SIL OFL 1.1: resources/fonts/OFL.txt)."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from bkkdesk.core.resources import resource

log = logging.getLogger("bkkdesk.ui.fonts")
FONT_FILES = ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf")
FAMILY = "Sarabun"

_loaded: list[str] = []


def register_fonts() -> list[str]:
    """Add the shipped fonts to Qt's database (once); returns the family names."""
    if _loaded:
        return list(_loaded)
    for name in FONT_FILES:
        path = resource("fonts", name)
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load font %s", path)
            continue
        for fam in QFontDatabase.applicationFontFamilies(font_id):
            if fam not in _loaded:
                _loaded.append(fam)
    return list(_loaded)


def apply_app_font(app: QApplication, point_size: float) -> QFont:
    """Make Sarabun (or the system's Thai font when missing) the app font."""
    families = register_fonts()
    font = QFont(families[0] if families else app.font().family())
    font.setPointSizeF(point_size)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    app.setFont(font)
    # Thai has marks above and below the line: give one-line inputs room for them.
    app.setStyleSheet("QLineEdit { padding: 3px 4px; }")
    return font
