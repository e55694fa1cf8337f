"""Masking personal data (PDPA) in lists and exports: enough left to recognise a row.

One set of rules for the records table, the history and Excel, so a clerk sees the same
masked text on screen as in the workbook:

- national ID: ``1-xxxx-xxxxx-xx-3`` (first and check digit);
- names and other text: each word keeps its first two letters: ``สม*** ใจ***``;
- phone: ``08x-xxx-x678`` (first two and last three digits);
- anything else (a date of birth, a point, a choice marked sensitive): ``***``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from bkkdesk.core import nationalid
from bkkdesk.core.definitions import FieldDef, FieldType

MASK = "***"


def _prefix(word: str, letters: int) -> str:
    """The first ``letters`` base characters of ``word`` with their combining marks."""
    out: list[str] = []
    count = 0
    for ch in word:
        if unicodedata.category(ch) in ("Mn", "Mc", "Me"):
            if out:
                out.append(ch)
            continue
        if count == letters:
            break
        out.append(ch)
        count += 1
    return "".join(out)


def mask_name(text: str) -> str:
    """``สมชาย ใจดี`` → ``สม*** ใจ***``; one- or two-letter words become ``*``…"""
    words = text.split()
    out = []
    for w in words:
        keep = _prefix(w, 2)
        if len(keep) >= len(w):  # a word of two letters or fewer shows only its first
            keep = _prefix(w, 1)
        out.append(keep + MASK)
    return " ".join(out)


def mask_phone(digits: str) -> str:
    """``0812345678`` → ``08x-xxx-x678``; ``021234567`` → ``02x-xxx-567``."""
    d = re.sub(r"\D", "", digits)
    if len(d) < 6:
        return MASK
    masked = d[:2] + "x" * (len(d) - 5) + d[-3:]
    return f"{masked[:3]}-{masked[3:6]}-{masked[6:]}"


def mask_value(f: FieldDef, value: Any) -> str:
    """The masked text shown instead of a personal field's stored value."""
    if f.type == FieldType.NATIONAL_ID:
        return nationalid.mask(str(value))
    if f.type == FieldType.PHONE:
        return mask_phone(str(value))
    if f.type in (FieldType.TEXT, FieldType.LONGTEXT) and not f.sensitive:
        return mask_name(str(value))
    return MASK
