"""Human-readable display of stored values (pure Python: runs on the worker thread too).

B.E. dates, choice labels, subdistrict names, grouped numbers, masked personal data.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from bkkdesk.core import nationalid, thaidate
from bkkdesk.core.definitions import FieldDef, FieldType
from bkkdesk.core.masking import mask_value
from bkkdesk.core.reference import Reference

# Roles allowed to see personal data unmasked in lists (PDPA: clerks see it masked).
UNMASKED_ROLES = frozenset({"supervisor", "central_supervisor", "admin"})


def format_number(value: Any, places: int | None = None) -> str:
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if places is None:
        return f"{d:,}"
    return f"{d:,.{places}f}"


def format_phone(digits: str) -> str:
    """``0812345678`` → ``081-234-5678``; ``021234567`` → ``02-123-4567``."""
    if len(digits) == 10:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if len(digits) == 9:
        return f"{digits[:2]}-{digits[2:5]}-{digits[5:]}"
    return digits


def format_date(value: Any) -> str:
    if not isinstance(value, str):
        return "" if value is None else str(value)
    try:
        return thaidate.format_be(dt.date.fromisoformat(value[:10]))
    except ValueError:
        return value


def format_datetime(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return thaidate.format_be_datetime(value)
    if not isinstance(value, str):
        return "" if value is None else str(value)
    try:
        return thaidate.format_be_datetime(dt.datetime.fromisoformat(value))
    except ValueError:
        return value


def display_value(
    f: FieldDef,
    value: Any,
    reference: Reference,
    *,
    lang: str = "th",
    masked: bool = False,
) -> str:
    """The text a person sees for ``value`` of field ``f``."""
    if value is None or value == "" or value == []:
        return ""
    t = f.type
    if masked and (f.personal or f.sensitive):
        return mask_value(f, value)  # the same masks as in Excel exports
    if t == FieldType.DATE:
        return format_date(value)
    if t == FieldType.DATETIME:
        return format_datetime(value)
    if t == FieldType.CHOICE:
        return f.choice_label(str(value), lang)
    if t == FieldType.MULTICHOICE:
        return ", ".join(f.choice_label(str(v), lang) for v in value)
    if t == FieldType.YESNO:
        if lang == "en":
            return "Yes" if value else "No"
        return "ใช่" if value else "ไม่ใช่"
    if t == FieldType.SUBDISTRICT:
        codes = value if isinstance(value, list) else [value]
        names = []
        for c in codes:
            sd = reference.subdistricts.get(str(c))
            names.append((sd.name_en if lang == "en" else sd.name_th) if sd else str(c))
        return ", ".join(names)
    if t == FieldType.NATIONAL_ID:
        return nationalid.format_id(str(value))
    if t == FieldType.PHONE:
        return format_phone(str(value))
    if t == FieldType.INTEGER:
        if f.name == "fiscal_year" or "year" in f.name:
            return str(value)  # never group a year (FACTS.md)
        return format_number(value)
    if t == FieldType.DECIMAL:
        return format_number(value, f.places)
    if t == FieldType.GEOPOINT and isinstance(value, dict):
        return f"{value.get('lat')}, {value.get('lon')}"
    if t == FieldType.LONGTEXT:
        text = " ".join(str(value).split())
        return text if len(text) <= 120 else text[:119] + "…"
    return str(value)


def is_numeric(f: FieldDef) -> bool:
    return f.type in (FieldType.INTEGER, FieldType.DECIMAL)
