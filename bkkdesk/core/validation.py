"""Validating a record against its data-set definition.

One function, :func:`validate_record`, used by the form, the command line, Excel import
and the server alike (DESIGN.md invariant 3). It turns raw input (typed strings, JSON
values, Excel cells) into the stored JSON form of each field type, checks every rule,
and either returns the clean values or raises :class:`ValidationError` listing every
broken rule with a Thai and an English message. It never changes anything.

Stored forms (see :class:`bkkdesk.core.definitions.FieldType`): text → str, integer →
int, decimal → str with fixed places, date → ISO C.E. str, datetime → ISO str, choice →
str, multichoice → list[str], yesno → bool, national_id → 13-digit str, phone → digits
str, subdistrict → code str (list if multiple), geopoint → {"lat", "lon"}. Empty fields
are absent from the result.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from bkkdesk.core import nationalid, thaidate
from bkkdesk.core.definitions import DatasetDef, FieldDef, FieldType
from bkkdesk.core.errors import FieldError, ValidationError
from bkkdesk.core.expr import Expr
from bkkdesk.core.reference import Reference

MAX_INTEGER = 10**15
MAX_DECIMAL_DIGITS = 18


class _Bad(Exception):
    """A rule broken while coercing one value."""

    def __init__(self, rule: str, th: str, en: str) -> None:
        super().__init__(en)
        self.rule, self.th, self.en = rule, th, en


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    if isinstance(value, list | tuple | dict):
        return len(value) == 0
    return False


def _text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise _Bad("type", "ต้องเป็นข้อความ", "must be text")
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        raise _Bad("type", "ต้องเป็นข้อความ", "must be text")
    return unicodedata.normalize("NFC", str(value)).strip()


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise _Bad("type", "ต้องเป็นจำนวนเต็ม", "must be a whole number")
    if isinstance(value, int):
        n = value
    elif isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            raise _Bad("type", "ต้องเป็นจำนวนเต็ม", "must be a whole number")
        n = int(value)
    elif isinstance(value, str | Decimal):
        s = str(value).replace(",", "").strip()
        if len(s) > 20 or not re.fullmatch(r"[+-]?\d+(\.0*)?", s):
            raise _Bad("type", "ต้องเป็นจำนวนเต็ม", "must be a whole number")
        n = int(Decimal(s))
    else:
        raise _Bad("type", "ต้องเป็นจำนวนเต็ม", "must be a whole number")
    if abs(n) >= MAX_INTEGER:
        raise _Bad("max", "ตัวเลขใหญ่เกินไป", "number is too large")
    return n


def _decimal(value: Any, places: int) -> Decimal:
    if isinstance(value, bool):
        raise _Bad("type", "ต้องเป็นตัวเลข", "must be a number")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Bad("type", "ต้องเป็นตัวเลข", "must be a number")
        value = repr(value)
    if not isinstance(value, str | int | Decimal):
        raise _Bad("type", "ต้องเป็นตัวเลข", "must be a number")
    s = str(value).replace(",", "").replace("฿", "").strip()
    if len(s) > 40:
        raise _Bad("max", "ตัวเลขยาวเกินไป", "number is too long")
    try:
        d = Decimal(s)
    except InvalidOperation:
        raise _Bad("type", "ต้องเป็นตัวเลข", "must be a number") from None
    if not d.is_finite():
        raise _Bad("type", "ต้องเป็นตัวเลข", "must be a number")
    if d.adjusted() >= MAX_DECIMAL_DIGITS - places:
        raise _Bad("max", "ตัวเลขใหญ่เกินไป", "number is too large")
    rounded = d.quantize(Decimal(1).scaleb(-places))
    if rounded != d:
        raise _Bad(
            "places",
            f"ทศนิยมได้ไม่เกิน {places} ตำแหน่ง",
            f"at most {places} decimal places",
        )
    return rounded.copy_abs() if rounded.is_zero() else rounded  # never "-0.00"


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise _Bad("type", "ต้องเป็นวันที่", "must be a date")
    if len(value) > 60:
        raise _Bad("type", "ต้องเป็นวันที่", "must be a date")
    try:
        return thaidate.parse_date(value)
    except thaidate.DateParseError as exc:
        raise _Bad("date", exc.th, exc.en) from None


def _datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return _bangkok(value)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if not isinstance(value, str) or len(value) > 60:
        raise _Bad("type", "ต้องเป็นวันที่และเวลา", "must be a date and time")
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        parsed = None
    if parsed is not None and parsed.tzinfo is not None:
        try:
            year = thaidate.normalize_year(parsed.year)
            return _bangkok(parsed.replace(year=year))
        except (thaidate.DateParseError, ValueError):
            pass
    try:
        return thaidate.parse_datetime(value)
    except thaidate.DateParseError as exc:
        raise _Bad("date", exc.th, exc.en) from None


BANGKOK = dt.timezone(dt.timedelta(hours=7), "Asia/Bangkok")  # no daylight saving


def _bangkok(value: dt.datetime) -> dt.datetime:
    """Stored datetimes are Bangkok wall-clock time without an offset."""
    if value.tzinfo is not None:
        value = value.astimezone(BANGKOK).replace(tzinfo=None)
    return value.replace(microsecond=0)


def _yesno(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        s = value.strip().lower()
        if s in ("ใช่", "มี", "ผ่าน", "yes", "y", "true", "1", "✓"):
            return True
        if s in ("ไม่ใช่", "ไม่", "ไม่มี", "ไม่ผ่าน", "no", "n", "false", "0"):
            return False
    raise _Bad("type", "ต้องเป็น ใช่ หรือ ไม่ใช่", "must be yes or no")


def _choice(f: FieldDef, value: Any) -> str:
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise _Bad("choice", "ต้องเลือกจากรายการ", "must be one of the choices")
    s = str(value).strip()
    for c in f.choices:
        if s in (c.value, c.label.th, c.label.en):
            return c.value
    allowed = ", ".join(c.value for c in f.choices[:12])
    raise _Bad(
        "choice",
        f"'{s[:40]}' ไม่อยู่ในรายการที่เลือกได้",
        f"'{s[:40]}' is not one of the choices ({allowed})",
    )


def _multichoice(f: FieldDef, value: Any) -> list[str]:
    items: list[Any]
    if isinstance(value, str):
        items = [p for p in re.split(r"[,;|\n]", value) if p.strip()]
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise _Bad("type", "ต้องเป็นรายการตัวเลือก", "must be a list of choices")
    chosen = {_choice(f, v) for v in items}
    return [c.value for c in f.choices if c.value in chosen]


def _phone(value: Any) -> str:
    value = _whole_float(value)
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise _Bad("type", "ต้องเป็นหมายเลขโทรศัพท์", "must be a phone number")
    s = re.sub(r"[\s\-().]", "", str(value).translate(nationalid.THAI_DIGITS))
    if s.startswith("+66"):
        s = "0" + s[3:]
    if isinstance(value, int) and not s.startswith("0"):
        s = "0" + s  # Excel drops the leading zero of a phone number typed as a number
    if not re.fullmatch(r"0\d{8,9}", s):
        raise _Bad(
            "phone",
            "หมายเลขโทรศัพท์ต้องขึ้นต้นด้วย 0 และมี 9–10 หลัก",
            "phone number must start with 0 and have 9–10 digits",
        )
    return s


def _whole_float(value: Any) -> Any:
    """Excel readers give numeric cells as floats: 1101700123456.0 means the digits."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def _national_id(value: Any) -> str:
    value = _whole_float(value)
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise _Bad("type", "ต้องเป็นเลขประจำตัวประชาชน", "must be a national ID number")
    s = nationalid.normalize(str(value))
    if isinstance(value, int):
        s = s.zfill(13)
    if len(s) != 13 or not s.isdigit() or not s.isascii():
        raise _Bad(
            "national_id",
            "เลขประจำตัวประชาชนต้องมี 13 หลัก",
            "national ID must have 13 digits",
        )
    if not nationalid.is_valid(s):
        raise _Bad(
            "national_id",
            "เลขประจำตัวประชาชนไม่ถูกต้อง (เลขตรวจสอบหลักสุดท้ายไม่ตรง)",
            "national ID is not valid (the check digit does not match)",
        )
    return s


def _geopoint(f: FieldDef, value: Any) -> dict[str, float]:
    lat: Any
    lon: Any
    if isinstance(value, dict):
        lat, lon = value.get("lat"), value.get("lon", value.get("lng"))
    elif isinstance(value, str) and "," in value:
        lat, lon = value.split(",", 1)
    elif isinstance(value, list | tuple) and len(value) == 2:
        lat, lon = value
    else:
        raise _Bad("type", "ต้องเป็นพิกัด ละติจูด,ลองจิจูด", "must be a point: latitude,longitude")
    try:
        la, lo = float(str(lat).strip()), float(str(lon).strip())
    except ValueError:
        raise _Bad(
            "type", "ต้องเป็นพิกัด ละติจูด,ลองจิจูด", "must be a point: latitude,longitude"
        ) from None
    b = f.effective_bounds
    if not (math.isfinite(la) and math.isfinite(lo)):
        raise _Bad("type", "พิกัดไม่ถูกต้อง", "not a valid point")
    if not (b.lat_min <= la <= b.lat_max and b.lon_min <= lo <= b.lon_max):
        raise _Bad(
            "bounds",
            "พิกัดอยู่นอกเขตกรุงเทพมหานคร",
            f"point is outside the allowed area (lat {b.lat_min}–{b.lat_max}, "
            f"lon {b.lon_min}–{b.lon_max})",
        )
    return {"lat": round(la, 7), "lon": round(lo, 7)}


def _subdistrict(
    f: FieldDef, value: Any, reference: Reference | None, district: str | None
) -> str | list[str]:
    items = (
        [v for v in re.split(r"[,;|\n]", value) if v.strip()]
        if f.multiple and isinstance(value, str)
        else value
    )
    if f.multiple:
        if not isinstance(items, list | tuple):
            items = [items]
        codes = [_one_subdistrict(v, reference, district) for v in items]
        return sorted(set(codes))
    return _one_subdistrict(value, reference, district)


def _one_subdistrict(value: Any, reference: Reference | None, district: str | None) -> str:
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise _Bad("type", "ต้องเป็นแขวง", "must be a subdistrict")
    s = str(value).strip()
    if reference is None:
        return s
    if district is None:
        if s in reference.subdistricts:
            return s
    else:
        code = reference.subdistrict_code(district, s)
        if code is not None:
            return code
        if s in reference.subdistricts:
            raise _Bad(
                "subdistrict",
                f"แขวง {reference.subdistricts[s].name_th} ไม่อยู่ในเขตนี้",
                f"subdistrict {reference.subdistricts[s].name_en} is not in this district",
            )
    raise _Bad("subdistrict", f"ไม่รู้จักแขวง '{s[:40]}'", f"unknown subdistrict '{s[:40]}'")


def coerce(
    f: FieldDef,
    value: Any,
    *,
    reference: Reference | None = None,
    district: str | None = None,
) -> Any:
    """Turn one raw value into its stored form, checking the field's own rules.

    Raises :class:`ValidationError` with one :class:`FieldError` on failure.
    """
    try:
        return _coerce(f, value, reference, district)
    except _Bad as bad:
        raise ValidationError([FieldError(f.name, bad.rule, bad.th, bad.en)]) from None


def _coerce(f: FieldDef, value: Any, reference: Reference | None, district: str | None) -> Any:
    t = f.type
    if t in (FieldType.TEXT, FieldType.LONGTEXT):
        s = _text(value)
        if t == FieldType.TEXT:
            s = " ".join(s.split())
        max_len = f.effective_max_length
        if max_len is not None and len(s) > max_len:
            raise _Bad(
                "max_length",
                f"ยาวเกิน {max_len} ตัวอักษร (มี {len(s)})",
                f"longer than {max_len} characters ({len(s)})",
            )
        if f.min_length is not None and len(s) < f.min_length:
            raise _Bad(
                "min_length",
                f"ต้องมีอย่างน้อย {f.min_length} ตัวอักษร",
                f"must have at least {f.min_length} characters",
            )
        if f.pattern is not None and not re.fullmatch(f.pattern, s):
            msg = f.pattern_message
            raise _Bad(
                "pattern",
                msg.th if msg else "รูปแบบไม่ถูกต้อง",
                msg.en if msg else f"does not match the pattern {f.pattern}",
            )
        return s
    if t == FieldType.INTEGER:
        n = _integer(value)
        _check_range(f, Decimal(n))
        return n
    if t == FieldType.DECIMAL:
        d = _decimal(value, f.places)
        _check_range(f, d)
        return str(d)
    if t == FieldType.DATE:
        day = _date(value)
        _check_date_range(f, day)
        return day.isoformat()
    if t == FieldType.DATETIME:
        moment = _datetime(value)
        _check_date_range(f, moment.date())
        return moment.isoformat(timespec="seconds")
    if t == FieldType.CHOICE:
        return _choice(f, value)
    if t == FieldType.MULTICHOICE:
        return _multichoice(f, value)
    if t == FieldType.YESNO:
        return _yesno(value)
    if t == FieldType.NATIONAL_ID:
        return _national_id(value)
    if t == FieldType.PHONE:
        return _phone(value)
    if t == FieldType.SUBDISTRICT:
        return _subdistrict(f, value, reference, district)
    if t == FieldType.GEOPOINT:
        return _geopoint(f, value)
    raise AssertionError(f"unhandled field type {t}")  # pragma: no cover


def _fmt_num(d: Decimal) -> str:
    return f"{d:,}"


def _check_range(f: FieldDef, n: Decimal) -> None:
    if f.min is not None and n < f.min:
        raise _Bad(
            "min", f"ต้องไม่น้อยกว่า {_fmt_num(f.min)}", f"must be at least {_fmt_num(f.min)}"
        )
    if f.max is not None and n > f.max:
        raise _Bad(
            "max", f"ต้องไม่มากกว่า {_fmt_num(f.max)}", f"must be at most {_fmt_num(f.max)}"
        )


def _check_date_range(f: FieldDef, day: dt.date) -> None:
    if f.min_date is not None and day < dt.date.fromisoformat(f.min_date):
        lo = dt.date.fromisoformat(f.min_date)
        raise _Bad(
            "min",
            f"ต้องไม่ก่อน {thaidate.format_be(lo)}",
            f"must not be before {lo.isoformat()}",
        )
    if f.max_date is not None and day > dt.date.fromisoformat(f.max_date):
        hi = dt.date.fromisoformat(f.max_date)
        raise _Bad(
            "max",
            f"ต้องไม่หลัง {thaidate.format_be(hi)}",
            f"must not be after {hi.isoformat()}",
        )


class RecordValidator:
    """Validates records of one definition; compiles its expressions once."""

    def __init__(self, definition: DatasetDef, reference: Reference | None = None) -> None:
        self.definition = definition
        self.reference = reference
        names = set(definition.field_map)
        self._relevant = {
            f.name: Expr(f.relevant, names) for f in definition.fields if f.relevant
        }
        self._compute = {f.name: Expr(f.compute, names) for f in definition.fields if f.compute}
        self._checks = [(Expr(c.expr, names), c) for c in definition.checks]

    def is_relevant(self, name: str, values: Mapping[str, Any]) -> bool:
        expr = self._relevant.get(name)
        return True if expr is None else expr.truthy(values)

    def computed(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Values of computed fields given the other (clean) values.

        Computed fields are evaluated in definition order, each seeing the ones before it
        (a definition may only refer to earlier computed fields, so there is no cycle);
        numbers are rounded to the field's type; a computed field that is not relevant
        gets no value.
        """
        work = dict(values)
        out: dict[str, Any] = {}
        for name, expr in self._compute.items():
            work.pop(name, None)
            f = self.definition.field(name)
            if not self.is_relevant(name, work):
                continue
            result = expr.evaluate(work)
            if result is None:
                continue
            if isinstance(result, Decimal) and f.type in (FieldType.INTEGER, FieldType.DECIMAL):
                places = 0 if f.type == FieldType.INTEGER else f.places
                result = result.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
                if f.type == FieldType.INTEGER:
                    result = int(result)
            try:
                out[name] = work[name] = _coerce(f, result, None, None)
            except _Bad:
                continue
        return out

    def validate(
        self,
        raw: Mapping[str, Any],
        *,
        district: str | None = None,
        partial: bool = False,
    ) -> dict[str, Any]:
        """Return the clean values of ``raw`` or raise ValidationError (every problem).

        ``partial`` skips the required checks (a draft). Unknown keys are refused;
        values of fields that are not relevant are dropped; computed fields are filled.
        """
        d = self.definition
        errors: list[FieldError] = []
        for key in raw:
            if key not in d.field_map:
                errors.append(
                    FieldError(
                        str(key)[:60],
                        "unknown",
                        "ไม่มีช่องนี้ในชุดข้อมูล",
                        f"no such field in data set '{d.id}'",
                    )
                )
        clean: dict[str, Any] = {}
        for f in d.fields:
            if f.compute:
                continue
            value = raw.get(f.name)
            if is_empty(value):
                continue
            try:
                coerced = _coerce(f, value, self.reference, district)
            except _Bad as bad:
                errors.append(FieldError(f.name, bad.rule, bad.th, bad.en))
                continue
            if not is_empty(coerced):  # " , ; " in a list field is no answer
                clean[f.name] = coerced
        clean.update(self.computed(clean))
        # Relevance is decided on the clean values (computed ones included), in field
        # order, so that a field hidden by an earlier answer neither counts as missing
        # nor keeps stale input.
        for f in d.fields:
            if not self.is_relevant(f.name, clean):
                clean.pop(f.name, None)
                errors = [e for e in errors if e.field != f.name]
                continue
            if f.required and not partial and f.name not in clean and not any(
                e.field == f.name for e in errors
            ):
                errors.append(
                    FieldError(f.name, "required", "ต้องกรอกช่องนี้", "this field is required")
                )
        for f in d.fields:  # computed values follow the inputs that survived relevance
            if f.compute:
                clean.pop(f.name, None)
        clean.update(self.computed(clean))
        if not errors:
            for expr, check in self._checks:
                if not expr.truthy(clean) and all(
                    n in clean for n in expr.names if n in d.field_map
                ):
                    errors.extend(
                        FieldError(n, "check", check.message.th, check.message.en)
                        for n in check.fields
                    )
        if errors:
            raise ValidationError(errors)
        return clean

    def unique_key(self, values: Mapping[str, Any]) -> str | None:
        """The record's unique key within its district, or None if the set has none."""
        if not self.definition.unique_key:
            return None
        parts = []
        for name in self.definition.unique_key:
            v = values.get(name)
            if is_empty(v):
                return None  # an incomplete key identifies nothing, so it cannot clash
            parts.append(str(v).casefold())
        return "\x1f".join(parts)


def validate_record(
    definition: DatasetDef,
    raw: Mapping[str, Any],
    *,
    reference: Reference | None = None,
    district: str | None = None,
    partial: bool = False,
) -> dict[str, Any]:
    """Validate one record (see :meth:`RecordValidator.validate`)."""
    return RecordValidator(definition, reference).validate(
        raw, district=district, partial=partial
    )
