"""The Thai 13-digit national ID (เลขประจำตัวประชาชน): check digit, grouping, masking."""

from __future__ import annotations

import re

_NON_DIGITS = re.compile(r"[\s\-]")
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def normalize(text: str) -> str:
    """Strip spaces and dashes and turn Thai digits into Arabic ones."""
    return _NON_DIGITS.sub("", text.translate(THAI_DIGITS))


def check_digit(first12: str) -> int:
    """The check digit for the first twelve digits (FACTS.md)."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return (11 - total % 11) % 10


def is_valid(text: str) -> bool:
    """True when ``text`` (after :func:`normalize`) is 13 digits with a right check digit.

    All zeros is refused; a leading 0 on its own is not (people without registration
    status have IDs that start with 0).
    """
    digits = normalize(text)
    if len(digits) != 13 or not digits.isascii() or not digits.isdigit():
        return False
    if digits == "0" * 13:
        return False
    return check_digit(digits[:12]) == int(digits[12])


def format_id(digits: str) -> str:
    """Group for display: 1-2345-67890-12-3 (partial input is grouped as far as it goes)."""
    d = normalize(digits)
    groups = (1, 4, 5, 2, 1)
    out: list[str] = []
    pos = 0
    for size in groups:
        if pos >= len(d):
            break
        out.append(d[pos : pos + size])
        pos += size
    return "-".join(out)


def mask(digits: str) -> str:
    """Masked for exports and lists: 1-xxxx-xxxxx-xx-3."""
    d = normalize(digits)
    if len(d) != 13:
        return "x" * len(d)
    return f"{d[0]}-xxxx-xxxxx-xx-{d[12]}"
