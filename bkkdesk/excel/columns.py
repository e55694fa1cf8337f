"""Columns of a data sheet: header labels, and stored values turned into cell values.

Shared by export, templates, error workbooks and import (which matches the same
labels back to fields), so that an exported file always imports again.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bkkdesk.core import nationalid, thaidate
from bkkdesk.core.definitions import DatasetDef, FieldDef, FieldType, Label
from bkkdesk.core.display import format_phone
from bkkdesk.core.masking import mask_value
from bkkdesk.core.reference import Reference
from bkkdesk.excel import styles

# Columns that are not fields: written by export (or the error workbook) and
# recognised (and ignored, or checked) by import.
DISTRICT_COLUMN = Label(th="เขต", en="District")
RECORD_ID_COLUMN = Label(th="รหัสระเบียน", en="Record ID")
UPDATED_AT_COLUMN = Label(th="แก้ไขล่าสุด", en="Last updated")
SOURCE_ROW_COLUMN = Label(th="แถวเดิม", en="Source row")
ERRORS_COLUMN = Label(th="ข้อผิดพลาด", en="Errors")
SYSTEM_COLUMNS = {
    "__district": DISTRICT_COLUMN,
    "__record_id": RECORD_ID_COLUMN,
    "__updated_at": UPDATED_AT_COLUMN,
    "__source_row": SOURCE_ROW_COLUMN,
    "__errors": ERRORS_COLUMN,
}

YES = Label(th="ใช่", en="Yes")
NO = Label(th="ไม่ใช่", en="No")
BANGKOK = thaidate.BANGKOK
_SEPARATORS = re.compile(r"[,;|\n]")


def is_year_field(f: FieldDef) -> bool:
    """An integer that is a year (``fiscal_year``): printed without a thousands separator
    and never summed."""
    if f.type != FieldType.INTEGER:
        return False
    if "year" in f.name:
        return True
    return f.min is not None and f.max is not None and f.min >= 1900 and f.max <= 2800


def header_label(f: FieldDef, lang: str) -> str:
    """``งบประมาณ (บาท)``: the label with its unit."""
    text = f.label.get(lang)
    if f.unit is not None:
        text += f" ({f.unit.get(lang)})"
    return text


def normalize_header(text: str) -> str:
    """Fold a header cell for matching: no ``*`` marks, case, spaces or zero-widths."""
    s = unicodedata.normalize("NFC", text).replace("\u200b", "").strip()
    s = s.removeprefix("(*)").strip().strip("*").strip()
    return " ".join(s.casefold().split())


def strip_unit(text: str) -> str:
    return re.sub(r"\s*\([^()]*\)\s*$", "", text)


def joined_labels_safe(f: FieldDef) -> bool:
    """A multichoice field's labels can be joined with commas and split back safely."""
    return not any(_SEPARATORS.search(c.label.th) or _SEPARATORS.search(c.label.en)
                   for c in f.choices)


def to_bangkok(moment: dt.datetime) -> dt.datetime:
    """A naive Bangkok-time datetime (Excel has no time zones)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(BANGKOK).replace(tzinfo=None)
    return moment.replace(microsecond=0)


@dataclass(frozen=True)
class ColumnFormat:
    """How one field becomes a cell: a converter and the CellMaker style key."""

    style: str | None
    convert: Callable[[Any], Any]
    width_hint: int


def register_styles(maker: styles.CellMaker, definition: DatasetDef) -> None:
    """Data-cell styles used by :func:`field_formats`."""
    maker.add("date", number_format=styles.DATE_FORMAT)
    maker.add("datetime", number_format=styles.DATETIME_FORMAT)
    maker.add("int", number_format=styles.INTEGER_FORMAT)
    maker.add("year", number_format="0")  # never "2,568" (FACTS.md)
    maker.add("wrap", alignment=styles.TOP_ALIGN)  # long text: one line per row
    maker.add("text", number_format="@")
    for f in definition.fields:
        if f.type == FieldType.DECIMAL:
            maker.add(
                f"dec{f.places}{'m' if f.money else ''}",
                number_format=styles.decimal_format(f.places, f.money),
            )


def field_formats(
    definition: DatasetDef,
    reference: Reference,
    *,
    lang: str = "th",
    unmask: bool = False,
) -> dict[str, ColumnFormat]:
    """A :class:`ColumnFormat` per field (personal fields masked unless ``unmask``)."""
    out: dict[str, ColumnFormat] = {}
    for f in definition.fields:
        fmt = _format(f, reference, lang)
        if (f.personal or f.sensitive) and not unmask:
            out[f.name] = ColumnFormat(None, _masker(f), fmt.width_hint)
        else:
            out[f.name] = fmt
    return out


def _masker(f: FieldDef) -> Callable[[Any], Any]:
    return lambda v: mask_value(f, v)


def _text(v: Any) -> str:
    return styles.clean_text(str(v))


def _format(f: FieldDef, reference: Reference, lang: str) -> ColumnFormat:
    t = f.type
    if t == FieldType.TEXT:
        return ColumnFormat(None, _text, min(f.effective_max_length or 40, 40))
    if t == FieldType.LONGTEXT:
        return ColumnFormat("wrap", _text, 50)
    if t == FieldType.INTEGER:
        return ColumnFormat("year" if is_year_field(f) else "int", int, 10)
    if t == FieldType.DECIMAL:
        return ColumnFormat(f"dec{f.places}{'m' if f.money else ''}", Decimal, 14)
    if t == FieldType.DATE:
        return ColumnFormat("date", dt.date.fromisoformat, 13)
    if t == FieldType.DATETIME:
        return ColumnFormat(
            "datetime", lambda v: to_bangkok(dt.datetime.fromisoformat(v)), 18
        )
    if t == FieldType.CHOICE:
        labels = {c.value: c.label.get(lang) for c in f.choices}
        return ColumnFormat(None, lambda v: labels.get(v, str(v)), 14)
    if t == FieldType.MULTICHOICE:
        if joined_labels_safe(f):
            labels = {c.value: c.label.get(lang) for c in f.choices}
        else:
            labels = {c.value: c.value for c in f.choices}
        return ColumnFormat(
            "wrap", lambda v: ", ".join(labels.get(x, str(x)) for x in v), 30
        )
    if t == FieldType.YESNO:
        yes, no = YES.get(lang), NO.get(lang)
        return ColumnFormat(None, lambda v: yes if v else no, 8)
    if t == FieldType.NATIONAL_ID:
        return ColumnFormat("text", lambda v: nationalid.format_id(str(v)), 19)
    if t == FieldType.PHONE:
        return ColumnFormat("text", lambda v: format_phone(str(v)), 13)
    if t == FieldType.SUBDISTRICT:

        def name(code: Any) -> str:
            s = reference.subdistricts.get(str(code))
            if s is None:
                return str(code)
            return s.name_en if lang == "en" else s.name_th

        def names(v: Any) -> str:
            if isinstance(v, list):
                return ", ".join(name(c) for c in v)
            return name(v)

        return ColumnFormat(None, names, 18)
    if t == FieldType.GEOPOINT:
        return ColumnFormat(
            None, lambda v: f"{float(v['lat'])}, {float(v['lon'])}", 22
        )
    raise AssertionError(f"unhandled field type {t}")  # pragma: no cover


def display_width(text: str) -> int:
    """Width in characters as drawn: Thai vowels and tone marks above/below take none."""
    width = 0
    for line in text.split("\n"):
        n = sum(1 for ch in line if unicodedata.category(ch) not in ("Mn", "Me", "Cf"))
        width = max(width, n)
    return width


def cell_width(value: Any, style: str | None) -> int:
    if value is None:
        return 0
    if style == "date":
        return 12
    if style == "datetime":
        return 18
    if isinstance(value, int | float | Decimal):
        return len(f"{value:,}") + 1
    return display_width(str(value))
