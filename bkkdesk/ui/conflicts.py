"""Conflicts a supervisor resolves: the interface the sync engine backs, and the screen.

A hard conflict (DESIGN.md "Versions and conflicts") holds, per field, the value on this
PC and the value the server kept. The screen lists them, shows both side by side, and
lets a supervisor keep the local value, the server's, or a merged text. On an enrolled PC
:class:`bkkdesk.ui.enginesync.EngineConflicts` implements :class:`ConflictSource`; on a
standalone one :class:`NoConflicts` says there are none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bkkdesk.core import thaidate
from bkkdesk.ui.tasks import TaskManager


@dataclass(frozen=True)
class FieldConflict:
    field: str
    label: str  # field label in the UI language
    local: Any
    server: Any
    local_text: str = ""
    server_text: str = ""


@dataclass(frozen=True)
class Conflict:
    id: str
    dataset_id: str
    dataset_title: str
    record_id: str
    record_title: str
    detected_at: dt.datetime
    local_user: str | None = None
    server_user: str | None = None
    fields: list[FieldConflict] = field(default_factory=list)


class ConflictSource(Protocol):
    """Backed by the sync engine; called on the worker thread."""

    def list_conflicts(self) -> list[Conflict]: ...

    def resolve(self, conflict_id: str, choice: str, values: dict[str, Any]) -> None:
        """``choice`` is "local", "server" or "merged"; ``values`` the kept field values."""
        ...


class NoConflicts:
    """Nothing to resolve (no sync yet)."""

    def list_conflicts(self) -> list[Conflict]:
        return []

    def resolve(self, conflict_id: str, choice: str, values: dict[str, Any]) -> None:
        raise KeyError(conflict_id)


class ConflictsDialog(QDialog):
    """List of conflicts + side-by-side values + keep local / server / merged."""

    def __init__(
        self, source: ConflictSource, tasks: TaskManager, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Conflicts to resolve"))
        self.resize(900, 520)
        self._source = source
        self._tasks = tasks
        self._conflicts: list[Conflict] = []

        self.status = QLabel(self.tr("Loading…"))
        self.list = QListWidget()
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("On this PC"), self.tr("On the server"), self.tr("Merged")]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.keep_local = QPushButton(self.tr("Keep this PC's values"))
        self.keep_server = QPushButton(self.tr("Keep the server's values"))
        self.keep_merged = QPushButton(self.tr("Keep the merged values"))
        for b in (self.keep_local, self.keep_server, self.keep_merged):
            b.setEnabled(False)
        self.keep_local.clicked.connect(lambda: self._resolve("local"))
        self.keep_server.clicked.connect(lambda: self._resolve("server"))
        self.keep_merged.clicked.connect(lambda: self._resolve("merged"))

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.table)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_local)
        buttons.addWidget(self.keep_server)
        buttons.addWidget(self.keep_merged)
        rl.addLayout(buttons)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setSizes([300, 600])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        layout.addWidget(close)
        self.list.currentRowChanged.connect(self._show)
        self.reload()

    def reload(self) -> None:
        self._tasks.run(self._source.list_conflicts, self._loaded, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("Could not read the conflicts: %1").replace("%1", str(exc)))

    def _loaded(self, conflicts: list[Conflict]) -> None:
        self._conflicts = conflicts
        self.list.clear()
        if not conflicts:
            self.status.setText(self.tr("No conflicts: every change merged cleanly."))
            self.table.setRowCount(0)
            return
        self.status.setText(self.tr("%n conflict(s) to resolve", "", len(conflicts)))
        for c in conflicts:
            when = thaidate.format_be(c.detected_at.date())
            QListWidgetItem(f"{c.dataset_title}: {c.record_title}\n{when}", self.list)
        self.list.setCurrentRow(0)

    def _show(self, row: int) -> None:
        has = 0 <= row < len(self._conflicts)
        for b in (self.keep_local, self.keep_server, self.keep_merged):
            b.setEnabled(has)
        self.table.setRowCount(0)
        if not has:
            return
        c = self._conflicts[row]
        self.table.setRowCount(len(c.fields))
        for i, fc in enumerate(c.fields):
            for col, text in enumerate(
                (fc.label, fc.local_text or str(fc.local), fc.server_text or str(fc.server))
            ):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(i, col, item)
            self.table.setItem(i, 3, QTableWidgetItem(fc.server_text or str(fc.server)))

    def _resolve(self, choice: str) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self._conflicts):
            return
        c = self._conflicts[row]
        values: dict[str, Any] = {}
        for i, fc in enumerate(c.fields):
            if choice == "local":
                values[fc.field] = fc.local
            elif choice == "server":
                values[fc.field] = fc.server
            else:
                item = self.table.item(i, 3)
                values[fc.field] = item.text() if item is not None else fc.server
        source = self._source
        self._tasks.run(
            lambda: source.resolve(c.id, choice, values),
            lambda _r: self.reload(),
            lambda exc: QMessageBox.warning(self, self.windowTitle(), str(exc)),
        )
