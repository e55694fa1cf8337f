"""The record form, generated from a data-set definition.

One row per field: label (``*`` when required, help as tooltip and small grey text),
the editor for its type, a "keep" check box for save-and-new, and an inline Thai error
under the editor. Relevance rules hide and show rows live; computed fields update live;
the field just left is checked with partial validation; saving runs the full
:class:`~bkkdesk.core.validation.RecordValidator` and shows every error in place.
Validation is pure Python over in-memory reference data, so it runs on the UI thread;
the unique-key check needs the database and comes back from the save.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFrame,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from bkkdesk.core.definitions import DatasetDef, FieldDef
from bkkdesk.core.describe import describe
from bkkdesk.core.errors import FieldError, ValidationError
from bkkdesk.core.validation import RecordValidator
from bkkdesk.ui.editors import ComputedEditor, EditorContext, FieldEditor, make_editor

ERROR_STYLE = "color: #b00020;"
HELP_STYLE = "color: #666;"
LABEL_WIDTH = 230


class FieldRow(QWidget):
    """Label, editor, keep box, help and error of one field."""

    def __init__(self, field: FieldDef, editor: FieldEditor, lang: str, parent: QWidget,
                 definition: DatasetDef | None = None):
        super().__init__(parent)
        self.field = field
        self.editor = editor
        self.setObjectName(f"row_{field.name}")
        text = field.label.get(lang)
        if field.required:
            text += ' <span style="color:#b00020">*</span>'
        self.label = QLabel(text)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setFixedWidth(LABEL_WIDTH)
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.label.setBuddy(editor.focus_target())
        self.keep = QCheckBox(self.tr("keep"))
        self.keep.setToolTip(self.tr("Keep this value for the next record (save and new)"))
        self.keep.setChecked(field.keep_on_new)
        self.keep.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if field.compute:
            self.keep.setVisible(False)
        # Help from the definition, then the field's condition and formula in words (a
        # clerk sees why a field appeared and where a computed value comes from).
        lines = [field.help.get(lang)] if field.help else []
        if definition is not None and field.relevant:
            lines.append(self.tr("Asked when %1").replace(
                "%1", describe(definition, field.relevant, lang)))
        if definition is not None and field.compute:
            lines.append(self.tr("Computed: %1").replace(
                "%1", describe(definition, field.compute, lang)))
        help_text = "\n".join(lines)
        self.help = QLabel(help_text)
        self.help.setObjectName(f"help_{field.name}")
        self.help.setWordWrap(True)
        self.help.setStyleSheet(HELP_STYLE)
        self.help.setVisible(bool(help_text))
        if help_text:
            self.label.setToolTip(help_text)
            editor.setToolTip(help_text)
        self.error = QLabel()
        self.error.setObjectName(f"error_{field.name}")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setVisible(False)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0, 2)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(1)
        grid.addWidget(self.label, 0, 0, 3, 1)
        grid.addWidget(editor, 0, 1)
        grid.addWidget(self.keep, 0, 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.help, 1, 1)
        grid.addWidget(self.error, 2, 1)
        grid.setColumnStretch(1, 1)

    def set_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))


class RecordForm(QWidget):
    """Editors for every field of ``definition``; values in, validated values out."""

    changed = Signal()  # any input changed (drafts listen)

    def __init__(
        self,
        definition: DatasetDef,
        validator: RecordValidator,
        ctx: EditorContext,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.definition = definition
        self.validator = validator
        self.ctx = ctx
        self.lang = ctx.lang
        self.dirty = False
        self._loading = False
        self.rows: dict[str, FieldRow] = {}
        self.errors: dict[str, str] = {}
        self._required_shown: set[str] = set()

        body = QWidget()
        body.setObjectName("formBody")
        col = QVBoxLayout(body)
        col.setContentsMargins(8, 8, 8, 8)
        col.setSpacing(4)
        for f in definition.fields:
            editor = make_editor(f, ctx)
            row = FieldRow(f, editor, self.lang, body, definition)
            self.rows[f.name] = row
            col.addWidget(row)
            editor.changed.connect(self._on_changed)
            for w in editor.inputs():
                w.installEventFilter(self)
        col.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        self._focused: str | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self.update_live()

    # -- values -------------------------------------------------------------------
    def editor(self, name: str) -> FieldEditor:
        return self.rows[name].editor

    def raw_values(self) -> dict[str, Any]:
        """Input of every visible, non-computed field (empty ones left out)."""
        out: dict[str, Any] = {}
        for name, row in self.rows.items():
            if row.field.compute or row.isHidden():
                continue
            v = row.editor.value()
            if v is not None:
                out[name] = v
        return out

    def set_values(self, values: Mapping[str, Any]) -> None:
        self._loading = True
        try:
            for name, row in self.rows.items():
                if not row.field.compute:
                    row.editor.set_value(values.get(name))
        finally:
            self._loading = False
        self.clear_errors()
        self.update_live()
        self.dirty = False

    def keep_fields(self) -> set[str]:
        return {n for n, r in self.rows.items() if r.keep.isChecked() and not r.field.compute}

    def reset_for_new(self) -> None:
        """Empty every field except those marked keep."""
        keep = self.keep_fields()
        current = {n: self.rows[n].editor.value() for n in keep}
        self.set_values(current)

    # -- live rules -----------------------------------------------------------------
    def _clean_partial(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        """Clean values of what validates; fields with errors left out."""
        values = dict(raw)
        for _ in range(4):
            try:
                return self.validator.validate(values, district=self.ctx.district_code,
                                               partial=True)
            except ValidationError as exc:
                bad = {e.field for e in exc.errors}
                if not bad & set(values):
                    return {}
                for name in bad:
                    values.pop(name, None)
        return {}

    def _all_raw(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, row in self.rows.items():
            if row.field.compute:
                continue
            v = row.editor.value()
            if v is not None:
                out[name] = v
        return out

    def update_live(self) -> None:
        """Show/hide rows by relevance; refresh computed fields."""
        clean = self._clean_partial(self._all_raw())
        for name, row in self.rows.items():
            visible = self.validator.is_relevant(name, clean)
            if row.isHidden() == visible:
                row.setVisible(visible)
        computed = self.validator.computed(clean)
        for name, row in self.rows.items():
            if isinstance(row.editor, ComputedEditor):
                row.editor.set_value(computed.get(name))

    def _on_changed(self) -> None:
        if self._loading:
            return
        self.dirty = True
        self.update_live()
        self.changed.emit()

    # -- errors ---------------------------------------------------------------------
    def clear_errors(self) -> None:
        self.errors.clear()
        self._required_shown.clear()
        for row in self.rows.values():
            row.set_error(None)

    def show_errors(self, errors: Iterable[FieldError], *, focus: bool = True) -> None:
        self.clear_errors()
        first: FieldRow | None = None
        for e in errors:
            row = self.rows.get(e.field)
            if row is None:
                continue
            text = e.en if self.lang == "en" else e.th
            if e.field in self.errors:
                text = self.errors[e.field] + "; " + text
            self.errors[e.field] = text
            if e.rule == "required":
                self._required_shown.add(e.field)
            row.set_error(text)
            if first is None:
                first = row
        if focus and first is not None:
            self.scroll_area.ensureWidgetVisible(first)
            first.editor.focus_target().setFocus()

    def validate_field(self, name: str) -> None:
        """Partial validation of everything, errors shown for ``name`` only."""
        row = self.rows.get(name)
        if row is None or row.field.compute:
            return
        row.editor.finish()
        message: str | None = None
        try:
            self.validator.validate(self.raw_values(), district=self.ctx.district_code,
                                    partial=True)
        except ValidationError as exc:
            mine = [e for e in exc.errors if e.field == name]
            if mine:
                message = "; ".join(e.en if self.lang == "en" else e.th for e in mine)
        if message is None and name in self._required_shown and row.editor.value() is None:
            message = self.errors.get(name)  # still empty: "required" stays until filled
        if message:
            self.errors[name] = message
        else:
            self.errors.pop(name, None)
            self._required_shown.discard(name)
        row.set_error(message)

    def validate_all(self) -> dict[str, Any] | None:
        """Full validation: the clean values, or None with every error shown in place."""
        for row in self.rows.values():
            row.editor.finish()
        try:
            clean = self.validator.validate(self.raw_values(), district=self.ctx.district_code)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return None
        self.clear_errors()
        return clean

    # -- keyboard -----------------------------------------------------------------------
    def _row_of(self, widget: QWidget | None) -> str | None:
        while widget is not None:
            if isinstance(widget, FieldEditor):
                return widget.field.name
            widget = widget.parentWidget()
        return None

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        left = self._row_of(old)
        now = self._row_of(new)
        if left is not None and left != now and left in self.rows:
            try:
                self.validate_field(left)
            except RuntimeError:  # the form is being destroyed
                return
        self._focused = now

    def focus_inputs(self) -> list[QWidget]:
        out: list[QWidget] = []
        for row in self.rows.values():
            if row.isHidden():
                continue
            out.extend(row.editor.inputs())
        return out

    def focus_first(self) -> None:
        inputs = self.focus_inputs()
        if inputs:
            inputs[0].setFocus(Qt.FocusReason.TabFocusReason)

    def focus_next(self, current: QWidget) -> bool:
        inputs = self.focus_inputs()
        try:
            i = inputs.index(current)
        except ValueError:
            return False
        if i + 1 < len(inputs):
            nxt = inputs[i + 1]
            nxt.setFocus(Qt.FocusReason.TabFocusReason)
            self.scroll_area.ensureWidgetVisible(nxt)
            return True
        return False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # Enter moves to the next field, as Tab does (multi-line text keeps Enter).
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if (
                key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
                and isinstance(obj, QWidget)
                and not isinstance(obj, QPlainTextEdit)
            ):
                self.focus_next(obj)
                return True
        return super().eventFilter(obj, event)

    def disconnect_app(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            with contextlib.suppress(RuntimeError, TypeError):
                app.focusChanged.disconnect(self._focus_changed)
