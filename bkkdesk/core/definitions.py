"""Data-set definitions: the schema every definition file is checked against, and loading.

A data set (KPI report, food-shop inspection, canal …) is data, not code: one JSON file
per data set in ``resources/datasets/`` (and later versions published by the central
server). Forms, list columns, validation, search, export and import are all generated
from it. A definition that breaks the schema is refused with a message naming the file
and the problem; nothing half-loaded is ever used.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bkkdesk.core.errors import DefinitionError
from bkkdesk.core.expr import Expr
from bkkdesk.core.resources import resource

NAME_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
MAX_DEFINITION_BYTES = 1_000_000

# Bangkok's bounding box with a small margin (the 50 districts lie within it).
BANGKOK_BOUNDS = {"lat_min": 13.45, "lat_max": 14.0, "lon_min": 100.3, "lon_max": 101.0}

DEFAULT_MAX_LENGTH = {"text": 500, "longtext": 10_000}


class FieldType(StrEnum):
    """The kinds of value a field holds; each has one stored JSON form (see validation)."""

    TEXT = "text"  # str
    LONGTEXT = "longtext"  # str, multi-line
    INTEGER = "integer"  # int
    DECIMAL = "decimal"  # str with exactly ``places`` decimals, e.g. "1500.00"
    DATE = "date"  # ISO C.E. "2025-01-31", shown in B.E.
    DATETIME = "datetime"  # ISO C.E. "2025-01-31T13:05:00" (Bangkok time)
    CHOICE = "choice"  # str: one choice value
    MULTICHOICE = "multichoice"  # list[str] of choice values, in definition order
    YESNO = "yesno"  # bool
    NATIONAL_ID = "national_id"  # str of 13 digits, check digit verified
    PHONE = "phone"  # str of 9–10 digits starting with 0
    SUBDISTRICT = "subdistrict"  # str subdistrict code "100101" (list[str] if multiple)
    GEOPOINT = "geopoint"  # {"lat": float, "lon": float}


class LawfulBasis(StrEnum):
    """PDPA lawful basis of a data set (s.24, s.19)."""

    PUBLIC_TASK = "public_task"
    LEGAL_OBLIGATION = "legal_obligation"
    CONSENT = "consent"
    CONTRACT = "contract"
    VITAL_INTEREST = "vital_interest"
    LEGITIMATE_INTEREST = "legitimate_interest"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(_Strict):
    """A text in Thai (shown by default) and English."""

    th: str = Field(min_length=1, max_length=500)
    en: str = Field(min_length=1, max_length=500)

    def get(self, lang: str = "th") -> str:
        return self.en if lang == "en" else self.th


class Choice(_Strict):
    """One allowed value of a choice field; ``group`` clusters choices in the editor."""

    value: str = Field(pattern=r"^[A-Za-z0-9_\-]{1,40}$")
    label: Label
    group: Label | None = None


class GeoBounds(_Strict):
    lat_min: float = Field(ge=-90, le=90)
    lat_max: float = Field(ge=-90, le=90)
    lon_min: float = Field(ge=-180, le=180)
    lon_max: float = Field(ge=-180, le=180)


class Check(_Strict):
    """A rule across fields, e.g. ``closed_date >= received_date``; ``fields`` get the error."""

    expr: str
    message: Label
    fields: list[str] = Field(min_length=1)


class FieldDef(_Strict):
    """One field of a data set: type, labels and rules."""

    name: str = Field(pattern=NAME_PATTERN)
    type: FieldType
    label: Label
    help: Label | None = None
    unit: Label | None = None
    required: bool = False
    relevant: str | None = None  # shown (and required) only when this is true
    compute: str | None = None  # read-only value computed from other fields
    personal: bool = False  # PDPA personal data: masked in exports and lists
    sensitive: bool = False  # PDPA s.26 sensitive data
    searchable: bool = False
    keep_on_new: bool = False  # "save and new" keeps this value by default
    min: Decimal | None = None
    max: Decimal | None = None
    min_date: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    max_date: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    min_length: int | None = Field(default=None, ge=0)
    max_length: int | None = Field(default=None, ge=1, le=100_000)
    pattern: str | None = None
    pattern_message: Label | None = None
    places: int = Field(default=2, ge=0, le=6)
    money: bool = False
    choices: list[Choice] = Field(default_factory=list)
    multiple: bool = False
    bounds: GeoBounds | None = None

    @model_validator(mode="after")
    def _check_type_options(self) -> FieldDef:
        t = self.type
        if t in (FieldType.CHOICE, FieldType.MULTICHOICE):
            if not self.choices:
                raise ValueError(f"field '{self.name}': a {t} field needs choices")
            values = [c.value for c in self.choices]
            if len(values) != len(set(values)):
                raise ValueError(f"field '{self.name}': choice values repeat")
        elif self.choices:
            raise ValueError(f"field '{self.name}': only choice fields take choices")
        if self.multiple and t != FieldType.SUBDISTRICT:
            raise ValueError(f"field '{self.name}': only subdistrict fields take 'multiple'")
        if (self.min is not None or self.max is not None) and t not in (
            FieldType.INTEGER,
            FieldType.DECIMAL,
        ):
            raise ValueError(f"field '{self.name}': min/max apply to integer and decimal only")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"field '{self.name}': min is greater than max")
        if (self.min_date or self.max_date) and t not in (FieldType.DATE, FieldType.DATETIME):
            raise ValueError(f"field '{self.name}': min_date/max_date apply to dates only")
        if (
            self.min_length is not None or self.pattern is not None
        ) and t not in (FieldType.TEXT, FieldType.LONGTEXT):
            raise ValueError(f"field '{self.name}': length and pattern apply to text only")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"field '{self.name}': bad pattern ({exc})") from None
        if self.bounds is not None and t != FieldType.GEOPOINT:
            raise ValueError(f"field '{self.name}': bounds apply to geopoint only")
        if self.money and t != FieldType.DECIMAL:
            raise ValueError(f"field '{self.name}': money applies to decimal only")
        if self.compute and self.required:
            raise ValueError(f"field '{self.name}': a computed field cannot be required")
        return self

    @property
    def effective_max_length(self) -> int | None:
        if self.max_length is not None:
            return self.max_length
        return DEFAULT_MAX_LENGTH.get(self.type.value)

    @property
    def effective_bounds(self) -> GeoBounds:
        return self.bounds or GeoBounds(**BANGKOK_BOUNDS)

    def choice_label(self, value: str, lang: str = "th") -> str:
        for c in self.choices:
            if c.value == value:
                return c.label.get(lang)
        return value


class DatasetDef(_Strict):
    """A versioned data-set definition."""

    model_config = ConfigDict(extra="forbid", frozen=True, ignored_types=(cached_property,))

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{1,39}$")
    version: int = Field(ge=1)
    title: Label
    description: Label | None = None
    lawful_basis: LawfulBasis = LawfulBasis.PUBLIC_TASK
    retention_years: int | None = Field(default=None, ge=1, le=100)
    fields: list[FieldDef] = Field(min_length=1, max_length=200)
    list_columns: list[str] = Field(default_factory=list)
    unique_key: list[str] = Field(default_factory=list)
    date_field: str | None = None
    status_field: str | None = None
    subdistrict_field: str | None = None
    checks: list[Check] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_references(self) -> DatasetDef:
        names = [f.name for f in self.fields]
        if len(names) != len(set(names)):
            dupes = sorted({n for n in names if names.count(n) > 1})
            raise ValueError(f"field names repeat: {', '.join(dupes)}")
        known = set(names)
        by_name = {f.name: f for f in self.fields}
        for key in ("list_columns", "unique_key"):
            for n in getattr(self, key):
                if n not in known:
                    raise ValueError(f"{key} names unknown field '{n}'")
        if self.date_field is not None:
            f = by_name.get(self.date_field)
            if f is None or f.type not in (FieldType.DATE, FieldType.DATETIME):
                raise ValueError(f"date_field '{self.date_field}' is not a date field")
        if self.status_field is not None:
            f = by_name.get(self.status_field)
            if f is None or f.type != FieldType.CHOICE:
                raise ValueError(f"status_field '{self.status_field}' is not a choice field")
        if self.subdistrict_field is not None:
            f = by_name.get(self.subdistrict_field)
            if f is None or f.type != FieldType.SUBDISTRICT:
                raise ValueError(
                    f"subdistrict_field '{self.subdistrict_field}' is not a subdistrict field"
                )
        # Expressions: parsed now so that a typo is refused at load, not at entry time.
        computed_so_far: set[str] = set()
        computed_all = {f.name for f in self.fields if f.compute}
        for f in self.fields:
            for text in (f.relevant, f.compute):
                if text is not None:
                    try:
                        expr = Expr(text, known)
                    except DefinitionError as exc:
                        raise ValueError(f"field '{f.name}': {exc.en}") from None
                    if f.name in expr.names:
                        raise ValueError(f"field '{f.name}': expression refers to itself")
            if f.compute:
                later = Expr(f.compute).names & (computed_all - computed_so_far - {f.name})
                if later:
                    raise ValueError(
                        f"field '{f.name}': a computed field may use only computed fields "
                        f"defined before it (not {', '.join(sorted(later))})"
                    )
                computed_so_far.add(f.name)
        for c in self.checks:
            for n in c.fields:
                if n not in known:
                    raise ValueError(f"check names unknown field '{n}'")
            try:
                Expr(c.expr, known)
            except DefinitionError as exc:
                raise ValueError(f"check '{c.expr}': {exc.en}") from None
        return self

    # Derived look-ups (the model is frozen, so caching is safe).
    @cached_property
    def field_map(self) -> dict[str, FieldDef]:
        return {f.name: f for f in self.fields}

    def field(self, name: str) -> FieldDef:
        return self.field_map[name]

    @property
    def searchable_fields(self) -> list[FieldDef]:
        return [f for f in self.fields if f.searchable]

    @property
    def personal_fields(self) -> list[FieldDef]:
        return [f for f in self.fields if f.personal or f.sensitive]

    @property
    def columns(self) -> list[str]:
        """Columns of the records list: ``list_columns`` or the first five fields."""
        return self.list_columns or [f.name for f in self.fields[:5]]

    def to_json(self) -> str:
        return json.dumps(
            self.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False, indent=2
        )


def _describe(exc: ValidationError) -> tuple[str, str]:
    parts_en = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err["loc"]) or "(top)"
        parts_en.append(f"{where}: {err['msg']}")
    en = "; ".join(parts_en)
    return en, en


def parse_definition(data: Any, source: str = "<definition>") -> DatasetDef:
    """Check ``data`` (parsed JSON) against the schema; raise DefinitionError naming ``source``."""
    try:
        return DatasetDef.model_validate(data)
    except ValidationError as exc:
        th, en = _describe(exc)
        raise DefinitionError(
            f"นิยามชุดข้อมูล {source} ไม่ถูกต้อง: {th}",
            f"data-set definition {source} is invalid: {en}",
        ) from None


def parse_definition_text(text: str | bytes, source: str = "<definition>") -> DatasetDef:
    if len(text) > MAX_DEFINITION_BYTES:
        raise DefinitionError(
            f"ไฟล์นิยาม {source} ใหญ่เกินไป", f"definition file {source} is too large"
        )
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DefinitionError(
            f"ไฟล์นิยาม {source} ไม่ใช่ JSON ที่ถูกต้อง ({exc})",
            f"definition file {source} is not valid JSON ({exc})",
        ) from None
    return parse_definition(data, source)


def load_definition(path: Path) -> DatasetDef:
    """Load one definition file; the error names the file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DefinitionError(
            f"อ่านไฟล์นิยาม {path.name} ไม่ได้ ({exc.strerror})",
            f"cannot read definition file {path.name} ({exc.strerror})",
        ) from None
    definition = parse_definition_text(raw, path.name)
    if path.stem != definition.id:
        raise DefinitionError(
            f"ไฟล์ {path.name} ต้องชื่อ {definition.id}.json ตาม id",
            f"file {path.name} must be named {definition.id}.json after its id",
        )
    return definition


def builtin_definitions_dir() -> Path:
    return resource("datasets")


def load_builtin_definitions() -> dict[str, DatasetDef]:
    """Every definition shipped in ``resources/datasets/``, by id, in file-name order."""
    out: dict[str, DatasetDef] = {}
    for path in sorted(builtin_definitions_dir().glob("*.json")):
        if path.name == "schema.json":
            continue
        d = load_definition(path)
        out[d.id] = d
    return out


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a definition file (written to resources/datasets/schema.json)."""
    return DatasetDef.model_json_schema()
