"""Reference data: the 50 districts (เขต) and 180 subdistricts (แขวง) with official codes.

Loaded from ``resources/reference/`` (GeoThai data, MIT licence kept beside it). Names
from other systems are spelled inconsistently ("เขตบางรัก", "บางรัก ", "Bang Rak"), so
look-ups go through :func:`normalize_name`.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bkkdesk.core.resources import resource


@dataclass(frozen=True)
class District:
    code: str
    name_th: str
    name_en: str


@dataclass(frozen=True)
class Subdistrict:
    code: str
    district_code: str
    name_th: str
    name_en: str
    postal_code: str


_PREFIXES = ("สำนักงานเขต", "เขต", "แขวง", "khet", "khwaeng", "district", "subdistrict")


def normalize_name(name: str) -> str:
    """Fold a district or subdistrict name for matching: no prefix, spaces or case."""
    s = unicodedata.normalize("NFC", name).strip().lower()
    s = "".join(s.split())
    for prefix in _PREFIXES:
        if s.startswith(prefix) and len(s) > len(prefix):
            s = s[len(prefix) :]
            break
    for suffix in ("district", "subdistrict"):
        if s.endswith(suffix) and len(s) > len(suffix):
            s = s[: -len(suffix)]
    return s.replace("-", "").replace("'", "")


class Reference:
    """Districts and subdistricts with look-ups by code and by (normalised) name."""

    def __init__(self, districts: list[District], subdistricts: list[Subdistrict]) -> None:
        self.districts = {d.code: d for d in districts}
        self.subdistricts = {s.code: s for s in subdistricts}
        self._district_by_name: dict[str, str] = {}
        for d in districts:
            self._district_by_name[normalize_name(d.name_th)] = d.code
            self._district_by_name[normalize_name(d.name_en)] = d.code
        self._sub_by_name: dict[tuple[str, str], str] = {}
        for s in subdistricts:
            self._sub_by_name[(s.district_code, normalize_name(s.name_th))] = s.code
            self._sub_by_name[(s.district_code, normalize_name(s.name_en))] = s.code

    def subdistricts_of(self, district_code: str) -> list[Subdistrict]:
        return [s for s in self.subdistricts.values() if s.district_code == district_code]

    def district_code(self, text: str) -> str | None:
        """Code of a district given its code or any spelling of its name."""
        t = text.strip()
        if t in self.districts:
            return t
        return self._district_by_name.get(normalize_name(t))

    def subdistrict_code(self, district_code: str, text: str) -> str | None:
        """Code of a subdistrict of ``district_code`` given its code or a name."""
        t = text.strip()
        if t in self.subdistricts and self.subdistricts[t].district_code == district_code:
            return t
        return self._sub_by_name.get((district_code, normalize_name(t)))


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def load_reference() -> Reference:
    """The shipped reference data (read once per process)."""
    districts = [
        District(r["code"], r["name_th"], r["name_en"])
        for r in _read_csv(resource("reference", "bangkok_districts.csv"))
    ]
    subdistricts = [
        Subdistrict(r["code"], r["district_code"], r["name_th"], r["name_en"], r["postal_code"])
        for r in _read_csv(resource("reference", "bangkok_subdistricts.csv"))
    ]
    return Reference(districts, subdistricts)
