"""A record's history: every change field by field, with B.E. times and users."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bkkdesk.core.definitions import DatasetDef
from bkkdesk.core.display import display_value
from bkkdesk.core.thaidate import format_utc
from bkkdesk.ui.context import AppContext


class HistoryDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        definition: DatasetDef,
        record_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.ctx = ctx
        self.definition = definition
        self.setWindowTitle(self.tr("Record history"))
        self.resize(900, 480)
        self.status = QLabel(self.tr("Loading…"))
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("When"),
                self.tr("User"),
                self.tr("Change"),
                self.tr("Field"),
                self.tr("Before"),
                self.tr("After"),
            ]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.entries: list[dict[str, Any]] = []
        store = ctx.store
        ctx.tasks.run(lambda: store.records.history(record_id), self._loaded, self._failed)

    def _action(self, action: str) -> str:
        return {
            "create": self.tr("created"),
            "update": self.tr("edited"),
            "delete": self.tr("deleted"),
        }.get(action, action)

    def _show(self, name: str, value: Any) -> str:
        f = self.definition.field_map.get(name)
        if f is None:
            return "" if value is None else str(value)
        return display_value(
            f, value, self.ctx.store.reference, lang=self.ctx.lang, masked=self.ctx.masked
        )

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(str(exc))

    def _loaded(self, entries: list[dict[str, Any]]) -> None:
        self.entries = entries
        rows: list[tuple[str, ...]] = []
        order = {f.name: i for i, f in enumerate(self.definition.fields)}
        for e in entries:
            when = format_utc(e["at"])
            user = e.get("user") or ""
            action = self._action(e["action"])
            changes = e.get("changes") or {}
            if not changes:
                rows.append((when, user, action, "", "", ""))
                continue
            for name in sorted(changes, key=lambda n: order.get(n, 999)):
                pair = changes[name]
                before, after = ([*pair, None, None])[:2] if isinstance(pair, list) else (
                    None, pair)
                f = self.definition.field_map.get(name)
                label = f.label.get(self.ctx.lang) if f else name
                rows.append(
                    (when, user, action, label, self._show(name, before), self._show(name, after))
                )
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        self.status.setText(self.tr("%n change(s)", "", len(entries)))
