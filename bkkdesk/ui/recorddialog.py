"""Entering and editing one record: the form, save / save-and-new, drafts, the guard.

Keyboard-first: Enter or Tab goes to the next field, Ctrl+S saves, Ctrl+Shift+S saves
and starts a new record keeping the fields marked "keep", Esc closes (asking first when
something typed is not saved). Typed input is written as a draft one second after the
last change, so a crash or a power cut loses nothing; a saved record removes its draft.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bkkdesk.core.definitions import DatasetDef
from bkkdesk.core.errors import BkkError, ValidationError
from bkkdesk.core.records import RecordData
from bkkdesk.ui.context import AppContext
from bkkdesk.ui.form import RecordForm

DRAFT_DELAY_MS = 1000


class RecordDialog(QDialog):
    """New record (``record`` None) or edit of ``record``; optional ``draft`` to restore."""

    saved = Signal(object)  # RecordData

    def __init__(
        self,
        ctx: AppContext,
        definition: DatasetDef,
        record: RecordData | None = None,
        *,
        draft: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recordDialog")
        self.ctx = ctx
        self.definition = definition
        self.record = record
        self.draft_id: int | None = draft["id"] if draft else None
        self._saving = False
        self._closing_ok = False
        self.saved_count = 0
        title = definition.title.get(ctx.lang)
        if record is None:
            self.setWindowTitle(self.tr("New record — %1").replace("%1", title))
        else:
            self.setWindowTitle(self.tr("Edit record — %1").replace("%1", title))
        self.resize(960, 680)

        self.form = RecordForm(
            definition, ctx.store.validator(definition.id), ctx.editor_context(), self
        )
        self.message = QLabel()
        self.message.setObjectName("formMessage")
        self.message.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save (Ctrl+S)"))
        self.save_new_button = QPushButton(self.tr("Save and new (Ctrl+Shift+S)"))
        self.history_button = QPushButton(self.tr("History…"))
        self.cancel_button = QPushButton(self.tr("Close (Esc)"))
        for b in (self.save_button, self.save_new_button, self.history_button,
                  self.cancel_button):
            b.setAutoDefault(False)
            b.setDefault(False)
        self.history_button.setVisible(record is not None)
        self.save_new_button.setVisible(record is None)
        self.save_button.clicked.connect(lambda: self.save(new_after=False))
        self.save_new_button.clicked.connect(lambda: self.save(new_after=True))
        self.cancel_button.clicked.connect(self.reject)
        self.history_button.clicked.connect(self.show_history)
        QShortcut(QKeySequence("Ctrl+S"), self, lambda: self.save(new_after=False))
        QShortcut(
            QKeySequence("Ctrl+Shift+S"), self, lambda: self.save(new_after=record is None)
        )

        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.history_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_new_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addLayout(buttons)

        if record is not None:
            self.form.set_values(record.values)
        if draft is not None:
            self.form.set_values(draft["values"])
            self.form.dirty = True
            self.message.setText(self.tr("Restored from a draft: check and save."))

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self.form.changed.connect(self._draft_timer.start)
        self.form.changed.connect(lambda: self.message.setText(""))
        QTimer.singleShot(0, self.form.focus_first)

    # -- drafts ---------------------------------------------------------------------
    def save_draft(self) -> None:
        if not self.form.dirty or self._saving:
            return
        values = self.form.raw_values()
        store, user = self.ctx.store, self.ctx.username
        dataset_id = self.definition.id
        record_id = self.record.id if self.record else None
        draft_id = self.draft_id

        def work() -> int:
            return store.save_draft(
                dataset_id, values, user=user, record_id=record_id, draft_id=draft_id
            )

        def done(new_id: int) -> None:
            self.draft_id = new_id

        self.ctx.tasks.run(work, done, lambda exc: self.message.setText(str(exc)))

    def _discard_draft(self) -> None:
        self._draft_timer.stop()
        draft_id = self.draft_id
        self.draft_id = None
        if draft_id is not None:
            store = self.ctx.store
            self.ctx.tasks.run(lambda: store.discard_draft(draft_id))

    # -- saving ---------------------------------------------------------------------
    def save(self, *, new_after: bool) -> None:
        if self._saving:
            return
        clean = self.form.validate_all()
        if clean is None:
            n = len(self.form.errors)
            self.message.setText(self.tr("%n field(s) need correcting", "", n))
            self.message.setStyleSheet("color: #b00020;")
            return
        self._saving = True
        self._draft_timer.stop()
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Saving…"))
        store, user = self.ctx.store, self.ctx.username
        raw = self.form.raw_values()
        dataset_id = self.definition.id
        record = self.record
        draft_id = self.draft_id
        editable = [f.name for f in self.definition.fields if not f.compute]

        def work() -> RecordData:
            if record is None:
                result = store.records.add(dataset_id, raw, user=user)
            else:
                patch: dict[str, Any] = {name: raw.get(name) for name in editable}
                result = store.records.edit(record.id, patch, user=user)
            if draft_id is not None:
                store.discard_draft(draft_id)
            return result

        def done(result: RecordData) -> None:
            self._saving = False
            self.draft_id = None
            self.saved_count += 1
            self.saved.emit(result)
            if new_after:
                self.form.reset_for_new()
                self.message.setStyleSheet("color: #1b7a2e;")
                self.message.setText(self.tr("Saved. Enter the next record."))
                self.form.focus_first()
            else:
                self.record = result
                self.form.dirty = False
                self._closing_ok = True
                self.accept()

        def failed(exc: BaseException) -> None:
            self._saving = False
            self.message.setStyleSheet("color: #b00020;")
            if isinstance(exc, ValidationError):
                self.form.show_errors(exc.errors)
                self.message.setText(
                    self.tr("%n field(s) need correcting", "", len(exc.errors))
                )
            elif isinstance(exc, BkkError):
                self.message.setText(exc.en if self.ctx.lang == "en" else exc.th)
            else:
                self.message.setText(
                    self.tr("Not saved: %1").replace("%1", f"{type(exc).__name__}: {exc}")
                )

        self.ctx.tasks.run(work, done, failed)

    # -- closing --------------------------------------------------------------------
    def _may_close(self) -> bool:
        if self._closing_ok or not self.form.dirty:
            return True
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.windowTitle())
        box.setText(self.tr("This record has changes that are not saved."))
        save = box.addButton(self.tr("Save"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("Discard changes"), QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(self.tr("Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            self.save(new_after=False)
            return False
        if clicked is discard:
            self._discard_draft()
            return True
        return False

    def reject(self) -> None:
        if self._may_close():
            self._closing_ok = True
            self.form.disconnect_app()
            super().reject()

    def accept(self) -> None:
        self.form.disconnect_app()
        super().accept()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close():
            self.form.disconnect_app()
            event.accept()
        else:
            event.ignore()

    def show_history(self) -> None:
        if self.record is None:
            return
        from bkkdesk.ui.history import HistoryDialog

        HistoryDialog(self.ctx, self.definition, self.record.id, parent=self).exec()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.reject()
            return
        super().keyPressEvent(event)
