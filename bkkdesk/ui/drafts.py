"""Drafts left from last time (a crash, a power cut): restore or discard each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bkkdesk.core.definitions import DatasetDef
from bkkdesk.core.thaidate import format_utc


class DraftsDialog(QDialog):
    """Lists drafts; ``chosen`` is the draft to restore after exec() returns Accepted."""

    def __init__(
        self,
        drafts: list[dict[str, Any]],
        definitions: dict[str, DatasetDef],
        *,
        lang: str = "th",
        discard: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("draftsDialog")
        self.setWindowTitle(self.tr("Unsaved drafts"))
        self.resize(640, 360)
        self.drafts = drafts
        self.definitions = definitions
        self.lang = lang
        self._discard = discard
        self.chosen: dict[str, Any] | None = None
        intro = QLabel(
            self.tr("These records were being typed but were not saved. Restore one to "
                    "finish it, or discard it.")
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        for d in drafts:
            self._add_item(d)
        self.restore_button = QPushButton(self.tr("Restore"))
        self.discard_button = QPushButton(self.tr("Discard"))
        self.later_button = QPushButton(self.tr("Later"))
        self.restore_button.clicked.connect(self._restore)
        self.discard_button.clicked.connect(self._discard_current)
        self.later_button.clicked.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _i: self._restore())
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        if drafts:
            self.list.setCurrentRow(0)
        self.restore_button.setDefault(True)

    def _describe(self, d: dict[str, Any]) -> str:
        definition = self.definitions.get(d["dataset_id"])
        title = definition.title.get(self.lang) if definition else d["dataset_id"]
        when = d.get("updated_at")
        when_text = format_utc(when.isoformat()) if isinstance(when, dt.datetime) else ""
        values = d.get("values") or {}
        sample = ", ".join(str(v) for v in list(values.values())[:3] if isinstance(v, str))
        kind = self.tr("edit") if d.get("record_id") else self.tr("new")
        return f"{title} ({kind}) — {when_text}\n{sample[:80]}"

    def _add_item(self, d: dict[str, Any]) -> None:
        item = QListWidgetItem(self._describe(d), self.list)
        item.setData(Qt.ItemDataRole.UserRole, d["id"])

    def _current(self) -> dict[str, Any] | None:
        row = self.list.currentRow()
        return self.drafts[row] if 0 <= row < len(self.drafts) else None

    def _restore(self) -> None:
        d = self._current()
        if d is not None:
            self.chosen = d
            self.accept()

    def _discard_current(self) -> None:
        d = self._current()
        if d is None:
            return
        if self._discard is not None:
            self._discard(d["id"])
        row = self.list.currentRow()
        self.drafts.pop(row)
        self.list.takeItem(row)
        if not self.drafts:
            self.reject()
