"""Valid random records for any definition (tests and bench/bench_excel.py)."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal
from typing import Any

from bkkdesk.core import nationalid
from bkkdesk.core.definitions import DatasetDef, FieldDef, FieldType
from bkkdesk.core.errors import ValidationError
from bkkdesk.core.records import RecordData
from bkkdesk.core.reference import Reference
from bkkdesk.core.validation import RecordValidator

THAI_WORDS = ["สมชาย", "ใจดี", "ถนน", "สุขุมวิท", "ซอย", "ร้าน", "อาหาร", "คลอง", "แสนแสบ",
              "เจริญกรุง", "ประชาชน", "บริการ", "น้ำท่วม", "ไฟฟ้า", "ทางเท้า", "เก็บขยะ"]
FIRST = ["สมชาย", "สมหญิง", "วิชัย", "มาลี", "ประเสริฐ", "นภา", "Somchai"]
LAST = ["ใจดี", "รักไทย", "ศรีสุข", "Jaidee", "มั่นคง"]


def national_id(rng: random.Random) -> str:
    first12 = str(rng.randint(1, 8)) + "".join(str(rng.randint(0, 9)) for _ in range(11))
    return first12 + str(nationalid.check_digit(first12))


def raw_value(f: FieldDef, rng: random.Random, reference: Reference, district: str,
              base: dt.date) -> Any:
    t = f.type
    if t in (FieldType.TEXT, FieldType.LONGTEXT):
        if f.personal and "name" in f.name:
            return f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        n = rng.randint(1, 4) if t == FieldType.TEXT else rng.randint(3, 12)
        s = " ".join(rng.choice(THAI_WORDS) for _ in range(n)) + f" {rng.randint(1, 999)}"
        if f.max_length:
            s = s[: f.max_length]
        return s
    if t == FieldType.INTEGER:
        lo = int(f.min) if f.min is not None else 0
        hi = int(f.max) if f.max is not None else 500
        hi = min(hi, lo + 500) if f.min is None or f.max is None else hi
        if "year" in f.name:
            return rng.randint(max(lo, 2566), min(hi, 2569))
        return rng.randint(lo, max(lo, min(hi, lo + 200)))
    if t == FieldType.DECIMAL:
        lo = f.min if f.min is not None else Decimal(0)
        hi = f.max if f.max is not None else Decimal(1_000_000)
        q = Decimal(1).scaleb(-f.places)
        v = lo + (hi - lo) * Decimal(rng.random())
        return str(v.quantize(q, rounding="ROUND_DOWN"))
    if t == FieldType.DATE:
        return (base + dt.timedelta(days=rng.randint(0, 60))).isoformat()
    if t == FieldType.DATETIME:
        d = dt.datetime.combine(base, dt.time(rng.randint(7, 18), rng.randint(0, 59)))
        return d.isoformat(timespec="seconds")
    if t == FieldType.CHOICE:
        return rng.choice(f.choices).value
    if t == FieldType.MULTICHOICE:
        k = rng.randint(1, min(3, len(f.choices)))
        return [c.value for c in rng.sample(f.choices, k)]
    if t == FieldType.YESNO:
        return rng.random() < 0.5
    if t == FieldType.NATIONAL_ID:
        return national_id(rng)
    if t == FieldType.PHONE:
        return "08" + "".join(str(rng.randint(0, 9)) for _ in range(8))
    if t == FieldType.SUBDISTRICT:
        subs = [s.code for s in reference.subdistricts_of(district)]
        if f.multiple:
            return sorted(rng.sample(subs, rng.randint(1, min(2, len(subs)))))
        return rng.choice(subs)
    if t == FieldType.GEOPOINT:
        return {"lat": round(13.7 + rng.random() * 0.1, 6),
                "lon": round(100.5 + rng.random() * 0.1, 6)}
    raise AssertionError(t)


def make_values(definition: DatasetDef, reference: Reference, district: str,
                rng: random.Random, validator: RecordValidator | None = None) -> dict[str, Any]:
    validator = validator or RecordValidator(definition, reference)
    for _ in range(50):
        base = dt.date(2024, 10, 1) + dt.timedelta(days=rng.randint(0, 300))
        raw = {f.name: raw_value(f, rng, reference, district, base)
               for f in definition.fields if not f.compute}
        # keep cross-field checks easy to satisfy: ends after starts, parts under wholes
        for a, b in (("period_end", "period_start"), ("closed_date", "received_date"),
                     ("permit_expiry_date", "permit_issue_date")):
            if a in raw and b in raw:
                raw[a] = (dt.date.fromisoformat(raw[b]) + dt.timedelta(days=30)).isoformat()
        if "committed" in raw and "allocated" in raw:
            raw["committed"] = str((Decimal(raw["allocated"]) / 2).quantize(Decimal("0.01")))
        if "next_inspection_date" in raw and "inspection_date" in raw:
            raw["next_inspection_date"] = (dt.date.fromisoformat(raw["inspection_date"])
                                           + dt.timedelta(days=90)).isoformat()
        if "vendor_card_no" in raw:
            raw["vendor_card_no"] = f"{district}/2567/{rng.randint(1, 999999)}"
        if "trading_hours" in raw:
            raw["trading_hours"] = f"{rng.randint(5, 11):02d}.00-{rng.randint(12, 22):02d}.30"
        if "indicator_code" in raw:
            raw["indicator_code"] = f"{rng.randint(1, 5)}.{rng.randint(1, 30)}"
        if "allocated" in raw:
            monthly = (Decimal(raw["allocated"]) / 24).quantize(Decimal("0.01"), "ROUND_DOWN")
            for k in list(raw):
                if k.startswith("disbursed_"):
                    raw[k] = str(monthly)
        if "trained_handlers" in raw and "food_handlers" in raw:
            raw["trained_handlers"] = min(raw["trained_handlers"], raw["food_handlers"])
        try:
            return validator.validate(raw, district=district)
        except ValidationError:
            continue
    raise AssertionError(f"could not make a valid record for {definition.id}")


def make_records(definition: DatasetDef, reference: Reference, district: str, n: int,
                 seed: int = 1) -> list[RecordData]:
    rng = random.Random(seed)
    validator = RecordValidator(definition, reference)
    out = []
    keys: set[str | None] = set()
    while len(out) < n:
        values = make_values(definition, reference, district, rng, validator)
        key = validator.unique_key(values)
        if key is not None and key in keys:
            continue
        keys.add(key)
        out.append(record_from_values(definition, district, values))
    return out


def record_from_values(definition: DatasetDef, district: str,
                       values: dict[str, Any]) -> RecordData:
    sub = values.get(definition.subdistrict_field) if definition.subdistrict_field else None
    return RecordData(
        id=str(uuid.uuid4()),
        dataset_id=definition.id,
        def_version=definition.version,
        district_code=district,
        values=values,
        subdistrict_code=sub if isinstance(sub, str) else None,
        record_date=values.get(definition.date_field) if definition.date_field else None,
        status=values.get(definition.status_field) if definition.status_field else None,
        created_at=dt.datetime(2025, 1, 31, 3, 0, tzinfo=dt.UTC),
        updated_at=dt.datetime(2025, 1, 31, 3, 0, tzinfo=dt.UTC),
        created_by="clerk",
        updated_by="clerk",
    )
