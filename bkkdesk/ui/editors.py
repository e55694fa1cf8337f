"""One editor per field type, generated from the definition (see :mod:`bkkdesk.ui.form`).

Every editor is a :class:`FieldEditor`: ``value()`` returns the raw input in a form the
validator accepts (typed text is passed through so that the validator's Thai message
names the problem), ``set_value()`` takes a stored value, ``changed`` fires on every
edit. Dates are typed (31/1/2568, 31 ม.ค. 2568, 2025-01-31) or picked from a calendar
with Thai month names and B.E. years; they are shown as "31 ม.ค. 2568".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QPoint, Qt, QTime, Signal
from PySide6.QtGui import QFont, QRegularExpressionValidator, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bkkdesk.core import nationalid, thaidate
from bkkdesk.core.definitions import FieldDef, FieldType
from bkkdesk.core.display import display_value, format_number
from bkkdesk.core.reference import Reference
from bkkdesk.core.thaitext import sort_key


@dataclass(frozen=True)
class EditorContext:
    reference: Reference
    district_code: str | None
    lang: str = "th"


def _empty(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or v == [] or v == {}


class FieldEditor(QWidget):
    """Base of every field editor."""

    changed = Signal()

    def __init__(self, field: FieldDef, ctx: EditorContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.field = field
        self.ctx = ctx
        self.setObjectName(f"editor_{field.name}")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focus_target(self) -> QWidget:
        return self

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def finish(self) -> None:
        """Editing left this field: tidy the display (group digits, B.E. date …)."""

    def inputs(self) -> list[QWidget]:
        """The widgets that take focus, in order (for Enter-to-next-field)."""
        return [self.focus_target()]

    def _add_unit(self) -> None:
        if self.field.unit is not None:
            unit = QLabel(self.field.unit.get(self.ctx.lang))
            unit.setObjectName("unit")
            self._layout.addWidget(unit)
        self._layout.addStretch(1)


# -- text ---------------------------------------------------------------------------
class TextEditor(FieldEditor):
    def __init__(self, field: FieldDef, ctx: EditorContext, parent: QWidget | None = None):
        super().__init__(field, ctx, parent)
        self.edit = QLineEdit()
        limit = field.effective_max_length
        if limit:
            self.edit.setMaxLength(limit)
        self.edit.textEdited.connect(lambda _t: self.changed.emit())
        if field.type == FieldType.PHONE:
            self.edit.setPlaceholderText("0812345678")
            self.edit.setMaximumWidth(220)
            self._layout.addWidget(self.edit)
            self._layout.addStretch(1)
        else:
            self._layout.addWidget(self.edit, 1)

    def value(self) -> Any:
        t = self.edit.text().strip()
        return t or None

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def focus_target(self) -> QWidget:
        return self.edit

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class LongTextEditor(FieldEditor):
    def __init__(self, field: FieldDef, ctx: EditorContext, parent: QWidget | None = None):
        super().__init__(field, ctx, parent)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 16)
        self.edit.textChanged.connect(self.changed.emit)
        self._layout.addWidget(self.edit, 1)

    def value(self) -> Any:
        t = self.edit.toPlainText().strip()
        return t or None

    def set_value(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))

    def focus_target(self) -> QWidget:
        return self.edit

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


# -- numbers --------------------------------------------------------------------------
class NumberEditor(FieldEditor):
    """Typed number with thousands separators shown after editing; range as a hint."""

    def __init__(self, field: FieldDef, ctx: EditorContext, parent: QWidget | None = None):
        super().__init__(field, ctx, parent)
        self.edit = QLineEdit()
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        integer = field.type == FieldType.INTEGER
        pattern = r"^[-+]?[0-9,]*" if integer else r"^[-+]?[0-9,]*\.?[0-9]*"
        self.edit.setValidator(QRegularExpressionValidator(pattern + "$", self.edit))
        self.is_year = integer and "year" in field.name
        self.edit.setMaximumWidth(110 if self.is_year else 200)
        lo, hi = field.min, field.max
        if self.is_year:
            self.edit.setPlaceholderText("2568")
        elif lo is not None and hi is not None:
            self.edit.setPlaceholderText(f"{format_number(lo)} – {format_number(hi)}")
        elif lo is not None and lo >= 0:
            self.edit.setPlaceholderText("0" if integer else f"{0:.{field.places}f}")
        self.edit.textEdited.connect(lambda _t: self.changed.emit())
        self._layout.addWidget(self.edit)
        self._add_unit()

    def _digits(self) -> str:
        return self.edit.text().replace(",", "").strip()

    def value(self) -> Any:
        t = self._digits()
        return t or None

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else self._display(str(value)))

    def _display(self, text: str) -> str:
        if self.is_year or not text:
            return text
        try:
            if self.field.type == FieldType.INTEGER:
                return format_number(int(text))
            return format_number(text, self.field.places)
        except ValueError:
            return text

    def finish(self) -> None:
        t = self._digits()
        if not t or not re.fullmatch(r"[-+]?\d+(\.\d*)?", t):
            return
        if self.field.type == FieldType.DECIMAL and "." in t:
            places = len(t.split(".", 1)[1])
            if places > self.field.places:
                return  # leave it: the validator says "at most n places"
        self.edit.setText(self._display(t))

    def focus_target(self) -> QWidget:
        return self.edit

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


# -- dates ----------------------------------------------------------------------------
class ThaiCalendarPopup(QFrame):
    """A month calendar with Thai month names and B.E. years (Qt has no Buddhist calendar)."""

    picked = Signal(object)  # dt.date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.prev = QToolButton()
        self.prev.setText("‹")
        self.next = QToolButton()
        self.next.setText("›")
        self.month = QComboBox()
        self.month.addItems(list(thaidate.MONTHS_FULL))
        self.year = QSpinBox()
        self.year.setRange(2400, 2700)
        self.year.setGroupSeparatorShown(False)  # never "2,568" (FACTS.md)
        self.year.setPrefix(self.tr("B.E. "))
        self.calendar = QCalendarWidget()
        self.calendar.setNavigationBarVisible(False)
        self.calendar.setLocale(QLocale(QLocale.Language.Thai, QLocale.Country.Thailand))
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setGridVisible(True)
        nav = QHBoxLayout()
        nav.addWidget(self.prev)
        nav.addWidget(self.month, 1)
        nav.addWidget(self.year)
        nav.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(nav)
        layout.addWidget(self.calendar)
        self.month.currentIndexChanged.connect(self._nav_changed)
        self.year.valueChanged.connect(self._nav_changed)
        self.prev.clicked.connect(self.calendar.showPreviousMonth)
        self.next.clicked.connect(self.calendar.showNextMonth)
        self.calendar.currentPageChanged.connect(self._page_changed)
        self.calendar.activated.connect(self._activated)
        self.calendar.clicked.connect(self._activated)

    def show_date(self, day: dt.date) -> None:
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.calendar.setCurrentPage(day.year, day.month)
        self._page_changed(day.year, day.month)

    def _nav_changed(self, *_args: Any) -> None:
        year_ce = self.year.value() - thaidate.BE_OFFSET
        self.calendar.setCurrentPage(year_ce, self.month.currentIndex() + 1)

    def _page_changed(self, year: int, month: int) -> None:
        for w in (self.month, self.year):
            w.blockSignals(True)
        self.month.setCurrentIndex(month - 1)
        self.year.setValue(year + thaidate.BE_OFFSET)
        for w in (self.month, self.year):
            w.blockSignals(False)

    def _activated(self, qdate: QDate) -> None:
        self.picked.emit(dt.date(qdate.year(), qdate.month(), qdate.day()))
        self.close()


class DateLineEdit(QWidget):
    """Line edit for a B.E. date with a calendar button; shows "31 ม.ค. 2568"."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("d/m/yyyy B.E."))
        self.edit.setMinimumWidth(110)
        self.edit.setMaximumWidth(190)
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setToolTip(self.tr("Pick a date from the calendar"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.button)
        self.button.clicked.connect(self.open_calendar)
        self.edit.textEdited.connect(lambda _t: self.edited.emit())
        self.edit.editingFinished.connect(self.tidy)
        self.edit.installEventFilter(self)
        self._popup: ThaiCalendarPopup | None = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # Alt+Down or F4 opens the calendar, as in a combo box.
        if obj is self.edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            mods = event.modifiers()  # type: ignore[attr-defined]
            if key == Qt.Key.Key_F4 or (
                key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier
            ):
                self.open_calendar()
                return True
        return super().eventFilter(obj, event)

    def date(self) -> dt.date | None:
        try:
            return thaidate.parse_date(self.edit.text())
        except thaidate.DateParseError:
            return None

    def text(self) -> str:
        return self.edit.text().strip()

    def set_date(self, day: dt.date | None) -> None:
        self.edit.setText("" if day is None else thaidate.format_be(day))

    def tidy(self) -> None:
        """Show a typed date as "31 ม.ค. 2568"; mark text that is not a date."""
        text = self.edit.text().strip()
        problem = ""
        if text:
            try:
                shown = thaidate.format_be(thaidate.parse_date(text))
                if shown != self.edit.text():
                    self.edit.setText(shown)
            except thaidate.DateParseError as exc:
                problem = exc.en if QLocale().language() == QLocale.Language.English else exc.th
        self.edit.setToolTip(problem)
        self.edit.setStyleSheet(
            "QLineEdit { padding: 3px 4px; border: 1px solid #b00020; }" if problem else ""
        )

    def open_calendar(self) -> None:
        popup = ThaiCalendarPopup(self)
        popup.show_date(self.date() or dt.date.today())
        popup.picked.connect(self._picked)
        popup.move(self.mapToGlobal(QPoint(0, self.height())))
        self._popup = popup
        popup.show()
        popup.calendar.setFocus()

    def _picked(self, day: dt.date) -> None:
        self.set_date(day)
        self.edit.setFocus()
        self.edited.emit()


class DateEditor(FieldEditor):
    def __init__(self, field: FieldDef, ctx: EditorContext, parent: QWidget | None = None):
        super().__init__(field, ctx, parent)
        self.date_edit = DateLineEdit()
        self.date_edit.edited.connect(self.changed.emit)
        self._layout.addWidget(self.date_edit)
        self._layout.addStretch(1)

    def value(self) -> Any:
        day = self.date_edit.date()
        if day is not None:
            return day.isoformat()
        return self.date_edit.text() or None

    def set_value(self, value: Any) -> None:
        if _empty(value):
            self.date_edit.set_date(None)
            return
        try:
            self.date_edit.set_date(dt.date.fromisoformat(str(value)[:10]))
        except ValueError:
            self.date_edit.edit.setText(str(value))

    def finish(self) -> None:
        self.date_edit.tidy()

    def focus_target(self) -> QWidget:
        return self.date_edit.edit

    def set_read_only(self, read_only: bool) -> None:
        self.date_edit.edit.setReadOnly(read_only)
        self.date_edit.button.setEnabled(not read_only)


class DateTimeEditor(DateEditor):
    def __init__(self, field: FieldDef, ctx: EditorContext, parent: QWidget | None = None):
        super().__init__(field, ctx, parent)
        self.time = QTimeEdit()
        self.time.setDisplayFormat("HH:mm")
        self.time.setTime(QTime(0, 0))
        self.time.timeChanged.connect(lambda _t: self.changed.emit())
        self._layout.insertWidget(1, self.time)
        self._layout.insertWidget(2, QLabel(self.tr("o'clock")))

    def value(self) -> Any:
        day = self.date_edit.date()
        if day is None:
            return self.date_edit.text() or None
        t = self.time.time()
        return dt.datetime(day.year, day.month, day.day, t.hour(), t.minute()).isoformat()

    def set_value(self, value: Any) -> None:
        if _empty(value):
            self.date_edit.set_date(None)
            self.time.setTime(QTime(0, 0))
            return
        try:
            moment = dt.datetime.fromisoformat(str(value))
        except ValueError:
            self.date_edit.edit.setText(str(value))
            return
        self.date_edit.set_date(moment.date())
        self.time.setTime(QTime(moment.hour, moment.minute))

    def inputs(self) -> list[QWidget]:
        return [self.date_edit.edit, self.time]


# -- choices --------------------------------------------------------------------------
class ChoiceEditor(FieldEditor):
    """A combo box; choices with groups are listed under bold, unselectable group headers."""

    def __init__(self, field: FieldDef, ctx: EditorContext, parent: QWidget | None = None):
        super().__init__(field, ctx, parent)
        self.combo = QComboBox()
        self.combo.setMinimumWidth(220)
        self.combo.setMaxVisibleItems(20)
        self._fill()
        self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self._layout.addWidget(self.combo)
        self._layout.addStretch(1)

    def _options(self) -> list[tuple[str | None, str, str]]:
        """(group label or None, value, label) in definition order."""
        lang = self.ctx.lang
        return [
            (c.group.get(lang) if c.group else None, c.value, c.label.get(lang))
            for c in self.field.choices
        ]

    def _fill(self) -> None:
        model = QStandardItemModel(self.combo)
        blank = QStandardItem(self.tr("— choose —"))
        blank.setData(None, Qt.ItemDataRole.UserRole)
        model.appendRow(blank)
        options = self._options()
        grouped = any(g for g, _v, _l in options)
        if grouped:
            by_group: dict[str, list[tuple[str, str]]] = {}
            for g, v, label in options:
                by_group.setdefault(g or "", []).append((v, label))
            bold = QFont(self.font())
            bold.setBold(True)
            for g, items in by_group.items():
                header = QStandardItem(g or self.tr("Other"))
                header.setFlags(Qt.ItemFlag.NoItemFlags)
                header.setFont(bold)
                model.appendRow(header)
                for v, label in items:
                    item = QStandardItem("    " + label)
                    item.setData(v, Qt.ItemDataRole.UserRole)
                    model.appendRow(item)
        else:
            for _g, v, label in options:
                item = QStandardItem(label)
                item.setData(v, Qt.ItemDataRole.UserRole)
                model.appendRow(item)
        self.combo.setModel(model)

    def value(self) -> Any:
        return self.combo.currentData(Qt.ItemDataRole.UserRole)

    def set_value(self, value: Any) -> None:
        i = self.combo.findData(value, Qt.ItemDataRole.UserRole) if value is not None else 0
        self.combo.setCurrentIndex(max(0, i))

    def focus_target(self) -> QWidget:
        return self.combo


class SubdistrictEditor(ChoiceEditor):
    def _options(self) -> list[tuple[str | None, str, str]]:
        subs = self.ctx.reference.subdistricts_of(self.ctx.district_code or "")
        if not subs:  # central account with no district: every subdistrict
            subs = list(self.ctx.reference.subdistricts.values())
        lang = self.ctx.lang
        subs.sort(key=lambda s: sort_key(s.name_th))
        return [(None, s.code, s.name_en if lang == "en" else s.name_th) for s in subs]


class YesNoEditor(ChoiceEditor):
    def _options(self) -> list[tuple[str | None, str, str]]:
        return [(None, "yes", self.tr("Yes")), (None, "no", self.tr("No"))]

    def value(self) -> Any:
        v = self.combo.currentData(Qt.ItemDataRole.UserRole)
        return None if v is None else v == "yes"

    def set_value(self, value: Any) -> None:
        if value is None or value == "":
            self.combo.setCurrentIndex(0)
        else:
            self.combo.setCurrentIndex(1 if value in (True, "yes", "true", 1) else 2)


class CheckListEditor(FieldEditor):
    """Multiple choice: a list of check boxes (group headers bold, not checkable)."""

    def __init__(self, field: FieldDef, ctx: EditorContext, parent: QWidget | None = None):
        super().__init__(field, ctx, parent)
        self.list = QListWidget()
        self._fill()
        rows = min(self.list.count(), 7)
        self.list.setFixedHeight(self.list.sizeHintForRow(0) * rows + 8 if rows else 40)
        self.list.itemChanged.connect(lambda _i: self.changed.emit())
        self._layout.addWidget(self.list, 1)

    def _options(self) -> list[tuple[str | None, str, str]]:
        lang = self.ctx.lang
        return [
            (c.group.get(lang) if c.group else None, c.value, c.label.get(lang))
            for c in self.field.choices
        ]

    def _fill(self) -> None:
        last_group: str | None = None
        bold = QFont(self.font())
        bold.setBold(True)
        for g, v, label in self._options():
            if g and g != last_group:
                header = QListWidgetItem(g, self.list)
                header.setFlags(Qt.ItemFlag.ItemIsEnabled)
                header.setFont(bold)
                last_group = g
            item = QListWidgetItem(("    " if g else "") + label, self.list)
            item.setData(Qt.ItemDataRole.UserRole, v)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsSelectable
            )
            item.setCheckState(Qt.CheckState.Unchecked)

    def _items(self) -> list[QListWidgetItem]:
        return [
            self.list.item(i)
            for i in range(self.list.count())
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) is not None
        ]

    def value(self) -> Any:
        chosen = [
            it.data(Qt.ItemDataRole.UserRole)
            for it in self._items()
            if it.checkState() == Qt.CheckState.Checked
        ]
        return chosen or None

    def set_value(self, value: Any) -> None:
        values = set(value if isinstance(value, list) else ([] if value is None else [value]))
        self.list.blockSignals(True)
        for it in self._items():
            it.setCheckState(
                Qt.CheckState.Checked
                if it.data(Qt.ItemDataRole.UserRole) in values
                else Qt.CheckState.Unchecked
            )
        self.list.blockSignals(False)

    def focus_target(self) -> QWidget:
        return self.list


class SubdistrictListEditor(CheckListEditor):
    def _options(self) -> list[tuple[str | None, str, str]]:
        subs = self.ctx.reference.subdistricts_of(self.ctx.district_code or "")
        if not subs:
            subs = list(self.ctx.reference.subdistricts.values())
        lang = self.ctx.lang
        subs.sort(key=lambda s: sort_key(s.name_th))
        return [(None, s.code, s.name_en if lang == "en" else s.name_th) for s in subs]


# -- national ID ----------------------------------------------------------------------
class NationalIdEditor(FieldEditor):
    """Groups digits 1-2345-67890-12-3 as they are typed and says whether the check
    digit matches."""

    def __init__(self, field: FieldDef, ctx: EditorContext, parent: QWidget | None = None):
        super().__init__(field, ctx, parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("1-2345-67890-12-3")
        self.edit.setMaxLength(17)
        self.edit.setMinimumWidth(190)
        self.edit.setMaximumWidth(220)
        self.verdict = QLabel()
        self.verdict.setObjectName("idVerdict")
        self.edit.textEdited.connect(self._edited)
        self._layout.addWidget(self.edit)
        self._layout.addWidget(self.verdict)
        self._layout.addStretch(1)

    def _edited(self, text: str) -> None:
        cursor = self.edit.cursorPosition()
        digits_before = len(re.sub(r"\D", "", nationalid.normalize(text[:cursor])))
        digits = re.sub(r"\D", "", nationalid.normalize(text))[:13]
        grouped = nationalid.format_id(digits)
        if grouped != text:
            self.edit.setText(grouped)
            pos, seen = 0, 0
            while pos < len(grouped) and seen < digits_before:
                if grouped[pos].isdigit():
                    seen += 1
                pos += 1
            self.edit.setCursorPosition(pos)
        self._update_verdict()
        self.changed.emit()

    def _update_verdict(self) -> None:
        digits = re.sub(r"\D", "", self.edit.text())
        if not digits:
            self.verdict.setText("")
            self.verdict.setStyleSheet("")
        elif len(digits) < 13:
            self.verdict.setText(self.tr("%n more digit(s)", "", 13 - len(digits)))
            self.verdict.setStyleSheet("color: #666;")
        elif nationalid.is_valid(digits):
            self.verdict.setText(self.tr("✓ valid number"))
            self.verdict.setStyleSheet("color: #1b7a2e;")
        else:
            self.verdict.setText(self.tr("✗ check digit does not match"))
            self.verdict.setStyleSheet("color: #b00020;")

    def value(self) -> Any:
        t = self.edit.text().strip()
        if not t:
            return None
        digits = re.sub(r"\D", "", nationalid.normalize(t))
        return digits if len(digits) == len(t.replace("-", "")) else t

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else nationalid.format_id(str(value)))
        self._update_verdict()

    def focus_target(self) -> QWidget:
        return self.edit

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


# -- geopoint -------------------------------------------------------------------------
class GeoPointEditor(FieldEditor):
    """Latitude and longitude in two spin boxes; 0 (shown as "—") means empty."""

    def __init__(self, field: FieldDef, ctx: EditorContext, parent: QWidget | None = None):
        super().__init__(field, ctx, parent)
        self.lat = self._spin(90.0)
        self.lon = self._spin(180.0)
        b = field.effective_bounds
        self.lat.setToolTip(f"{b.lat_min} – {b.lat_max}")
        self.lon.setToolTip(f"{b.lon_min} – {b.lon_max}")
        self._layout.addWidget(QLabel(self.tr("Lat.")))
        self._layout.addWidget(self.lat)
        self._layout.addWidget(QLabel(self.tr("Long.")))
        self._layout.addWidget(self.lon)
        self._layout.addStretch(1)

    def _spin(self, top: float) -> QDoubleSpinBox:
        s = QDoubleSpinBox()
        s.setDecimals(6)
        s.setRange(0.0, top)
        s.setSpecialValueText("—")
        s.setGroupSeparatorShown(False)
        s.setMinimumWidth(120)
        s.valueChanged.connect(lambda _v: self.changed.emit())
        return s

    def value(self) -> Any:
        la, lo = self.lat.value(), self.lon.value()
        if la == 0.0 and lo == 0.0:
            return None
        return {"lat": la, "lon": lo}

    def set_value(self, value: Any) -> None:
        if isinstance(value, dict):
            self.lat.setValue(float(value.get("lat") or 0.0))
            self.lon.setValue(float(value.get("lon") or 0.0))
        else:
            self.lat.setValue(0.0)
            self.lon.setValue(0.0)

    def focus_target(self) -> QWidget:
        return self.lat

    def inputs(self) -> list[QWidget]:
        return [self.lat, self.lon]


# -- computed ------------------------------------------------------------------------
class ComputedEditor(FieldEditor):
    """Read-only, recomputed live from the other fields."""

    def __init__(self, field: FieldDef, ctx: EditorContext, parent: QWidget | None = None):
        super().__init__(field, ctx, parent)
        self.edit = QLineEdit()
        self.edit.setReadOnly(True)
        self.edit.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.edit.setObjectName("computed")
        if field.type in (FieldType.INTEGER, FieldType.DECIMAL):
            self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.edit.setMaximumWidth(200)
        self._layout.addWidget(self.edit)
        self._add_unit()
        self._value: Any = None

    def value(self) -> Any:
        return None  # never sent: the validator computes it

    def set_value(self, value: Any) -> None:
        self._value = value
        self.edit.setText(
            display_value(self.field, value, self.ctx.reference, lang=self.ctx.lang)
        )

    def computed_value(self) -> Any:
        return self._value

    def inputs(self) -> list[QWidget]:
        return []


def make_editor(field: FieldDef, ctx: EditorContext, parent: QWidget | None = None) -> FieldEditor:
    """The right editor for ``field``."""
    if field.compute:
        return ComputedEditor(field, ctx, parent)
    t = field.type
    if t in (FieldType.TEXT, FieldType.PHONE):
        return TextEditor(field, ctx, parent)
    if t == FieldType.LONGTEXT:
        return LongTextEditor(field, ctx, parent)
    if t in (FieldType.INTEGER, FieldType.DECIMAL):
        return NumberEditor(field, ctx, parent)
    if t == FieldType.DATE:
        return DateEditor(field, ctx, parent)
    if t == FieldType.DATETIME:
        return DateTimeEditor(field, ctx, parent)
    if t == FieldType.CHOICE:
        return ChoiceEditor(field, ctx, parent)
    if t == FieldType.MULTICHOICE:
        return CheckListEditor(field, ctx, parent)
    if t == FieldType.YESNO:
        return YesNoEditor(field, ctx, parent)
    if t == FieldType.NATIONAL_ID:
        return NationalIdEditor(field, ctx, parent)
    if t == FieldType.SUBDISTRICT:
        if field.multiple:
            return SubdistrictListEditor(field, ctx, parent)
        return SubdistrictEditor(field, ctx, parent)
    if t == FieldType.GEOPOINT:
        return GeoPointEditor(field, ctx, parent)
    return TextEditor(field, ctx, parent)
