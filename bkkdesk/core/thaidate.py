"""Buddhist Era dates: formatting, parsing typed input, and the Thai fiscal year.

Dates are stored as ISO C.E. (``2025-01-31``) and shown in B.E. (``31 ม.ค. 2568``).
Typed input may be B.E. or C.E.; years 2400–2700 are read as B.E., 1900–2200 as C.E.,
anything else (two-digit years included) is refused — a B.E. year typed as C.E. would
otherwise be silently 543 years off (FACTS.md).
"""

from __future__ import annotations

import datetime as dt
import re

BE_OFFSET = 543
BANGKOK = dt.timezone(dt.timedelta(hours=7))  # no daylight saving

MONTHS_FULL = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
MONTHS_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_TO_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


class DateParseError(ValueError):
    """Typed text is not a date we accept; carries Thai and English reasons."""

    def __init__(self, th: str, en: str) -> None:
        super().__init__(en)
        self.th = th
        self.en = en


def to_thai_digits(text: str) -> str:
    return text.translate(_TO_THAI_DIGITS)


def format_be(value: dt.date, style: str = "abbr") -> str:
    """``31 ม.ค. 2568`` (abbr), ``31 มกราคม 2568`` (full) or ``31/01/2568`` (numeric)."""
    year = value.year + BE_OFFSET
    if style == "full":
        return f"{value.day} {MONTHS_FULL[value.month - 1]} {year}"
    if style == "numeric":
        return f"{value.day:02d}/{value.month:02d}/{year}"
    return f"{value.day} {MONTHS_ABBR[value.month - 1]} {year}"


def format_be_datetime(value: dt.datetime, style: str = "abbr") -> str:
    return f"{format_be(value.date(), style)} {value:%H:%M} น."


def format_utc(moment: dt.datetime | str) -> str:
    """A stored UTC moment (naive means UTC) shown in Bangkok time: ``31 ม.ค. 2568 13:05 น.``."""
    if isinstance(moment, str):
        try:
            at = dt.datetime.fromisoformat(moment)
        except ValueError:
            return moment
    else:
        at = moment
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return format_be_datetime(at.astimezone(BANGKOK).replace(tzinfo=None))


def normalize_year(year: int) -> int:
    """Return the C.E. year for a typed B.E. or C.E. year, or raise DateParseError."""
    if 2400 <= year <= 2700:
        return year - BE_OFFSET
    if 1900 <= year <= 2200:
        return year
    raise DateParseError(
        f"ปี {year} ไม่ถูกต้อง ใช้ปี พ.ศ. 4 หลัก (เช่น 2568) หรือ ค.ศ. 4 หลัก",
        f"year {year} is not accepted: use a four-digit B.E. (e.g. 2568) or C.E. year",
    )


def _month_from_name(name: str) -> int | None:
    key = name.strip().replace(" ", "")
    for i, (full, abbr) in enumerate(zip(MONTHS_FULL, MONTHS_ABBR, strict=True)):
        if key in (full, abbr, abbr.replace(".", "")):
            return i + 1
    return None


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASH = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d+)$")
_NAMED = re.compile(r"^(\d{1,2})\s*([^\d\s][^\d]*?)\s*(\d+)$")


def parse_date(text: str) -> dt.date:
    """Parse typed input: ``2568-01-31``, ``2025-01-31``, ``31/1/2568``, ``31 ม.ค. 2568``,
    ``31 มกราคม 2568``; Thai digits allowed. Raise :class:`DateParseError` otherwise."""
    # "31 มกราคม พ.ศ. 2568" is the official form; the era marker says nothing we need.
    s = " ".join(text.translate(_THAI_DIGITS).replace("พ.ศ.", " ").replace("ค.ศ.", " ").split())
    m = _ISO.match(s)
    if m:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _SLASH.match(s) or _NAMED.match(s)
        if not m:
            raise DateParseError(
                f"'{text}' ไม่ใช่วันที่ (ตัวอย่าง 31/01/2568 หรือ 31 ม.ค. 2568)",
                f"'{text}' is not a date (e.g. 31/01/2568 or 31 Jan 2568 B.E.)",
            )
        day = int(m.group(1))
        month_text = m.group(2)
        parsed_month = int(month_text) if month_text.isdigit() else _month_from_name(month_text)
        if parsed_month is None:
            raise DateParseError(
                f"ไม่รู้จักชื่อเดือน '{month_text}'", f"unknown month name '{month_text}'"
            )
        month = parsed_month
        if len(m.group(3)) != 4:
            raise DateParseError(
                "ปีต้องมี 4 หลัก (เช่น 2568)", "the year must have four digits (e.g. 2568)"
            )
        year = int(m.group(3))
    year = normalize_year(year)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateParseError(
            f"ไม่มีวันที่ {day}/{month}/{year + BE_OFFSET}",
            f"there is no date {day}/{month}/{year + BE_OFFSET} B.E.",
        ) from None


def parse_datetime(text: str) -> dt.datetime:
    """Parse ``<date> HH:MM[:SS]`` or ISO ``YYYY-MM-DDTHH:MM[:SS]`` (B.E. or C.E. year)."""
    s = " ".join(text.translate(_THAI_DIGITS).replace("น.", "").split())
    s = s.replace("T", " ", 1) if re.match(r"^\d{4}-\d{1,2}-\d{1,2}T", s) else s
    m = re.match(r"^(.*?)\s+(\d{1,2})[:.](\d{2})(?::(\d{2}))?(?:[+\-]\d{2}:?\d{2}|Z)?$", s)
    if not m:
        day = parse_date(s)
        return dt.datetime(day.year, day.month, day.day)
    day = parse_date(m.group(1))
    hour, minute, second = int(m.group(2)), int(m.group(3)), int(m.group(4) or 0)
    try:
        return dt.datetime(day.year, day.month, day.day, hour, minute, second)
    except ValueError:
        raise DateParseError(
            f"เวลา {hour}:{minute:02d} ไม่ถูกต้อง", f"time {hour}:{minute:02d} is not valid"
        ) from None


def fiscal_year(value: dt.date) -> int:
    """B.E. fiscal year: 1 Oct – 30 Sep, named by the B.E. year in which it ends."""
    return value.year + BE_OFFSET + (1 if value.month >= 10 else 0)


def fiscal_quarter(value: dt.date) -> int:
    """1 = ต.ค.–ธ.ค., 2 = ม.ค.–มี.ค., 3 = เม.ย.–มิ.ย., 4 = ก.ค.–ก.ย."""
    return ((value.month - 10) % 12) // 3 + 1


def fiscal_year_range(fy_be: int) -> tuple[dt.date, dt.date]:
    """First and last day of B.E. fiscal year ``fy_be``."""
    ce = fy_be - BE_OFFSET
    return dt.date(ce - 1, 10, 1), dt.date(ce, 9, 30)
