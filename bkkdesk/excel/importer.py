"""Importing records from an xlsx or CSV file: match columns, convert cells, validate.

Pure: nothing is written anywhere. :func:`import_workbook` returns every row's clean
values (exactly what :class:`RecordValidator` returns, as the form and the server do),
every broken rule with its cell, and the duplicates found inside the file and against
``existing_keys``. The caller stores the rows only when :attr:`ImportResult.ok` —
all or nothing — and otherwise offers :func:`write_error_workbook`.

Columns are matched by Thai label, English label or field name (with or without the
unit in brackets and the ``*`` of a required column). The header row is the first of
the first 30 rows in which at least half of the non-empty cells (or half the
definition's fields) are known labels; a second header row of English (or Thai)
labels right below it is skipped. Unknown columns are reported and ignored; no known
column at all is an error.

Cells: a date cell whose year is 2400–2700 was typed in B.E. and has 543 years taken
off; text dates go through :func:`bkkdesk.core.thaidate.parse_date` (B.E. or C.E.); a
number in a date column is read as an Excel date serial only when it is at least
10,000 (1927). Whole-number floats are integers (Excel stores every number as a float).
Decimal cells keep up to the field's places (float noise beyond 1e-9 is rounded off).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from bkkdesk.core.definitions import DatasetDef, FieldDef, FieldType
from bkkdesk.core.errors import BkkError, FieldError, ValidationError
from bkkdesk.core.reference import Reference
from bkkdesk.core.validation import RecordValidator
from bkkdesk.excel import columns as cols
from bkkdesk.excel.csvread import read_csv_rows
from bkkdesk.excel.reader import (
    CellValue,
    ImportFileError,
    ImportLimits,
    SheetRows,
    XlsxBook,
    be_adjusted,
    col_letter,
    is_empty_row,
    iter_nonempty,
)

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
HEADER_SEARCH_ROWS = 30
CSV_SUFFIXES = (".csv", ".txt", ".tsv")


class ImportCancelled(BkkError):
    code = "cancelled"

    def __init__(self) -> None:
        super().__init__("ยกเลิกการนำเข้าแล้ว ไม่มีข้อมูลถูกนำเข้า",
                         "import cancelled; nothing was imported")


@dataclass(frozen=True)
class CellError:
    """One broken rule in one cell (``column`` is None for a rule across columns)."""

    row: int  # sheet row number, 1-based
    column: str | None  # column letter
    field: str
    label: str  # the field's Thai label
    value: str  # the cell as read (shortened)
    rule: str
    th: str
    en: str

    def message(self) -> str:
        where = f"{self.column}{self.row}" if self.column else f"แถว {self.row}"
        return f"{where} {self.label}: {self.th} / {self.en}"


@dataclass(frozen=True)
class ImportedRow:
    row: int  # sheet row number
    values: dict[str, Any]  # clean stored values, as RecordValidator returns them
    key: str | None  # RecordValidator.unique_key(values)
    record_id: str | None = None  # the record-id column of an exported file, if any


@dataclass(frozen=True)
class Duplicate:
    row: int
    key: str
    first_row: int | None  # the earlier row in the file, or None if in existing_keys


@dataclass
class ImportResult:
    sheet: str
    header_row: int  # sheet row number of the header
    data_row: int  # sheet row number of the first data row (after a second header row)
    columns: dict[str, str]  # column letter → field name
    unknown_columns: list[str]  # header texts that match no field ("B: หมายเหตุ2")
    missing_required: list[str]  # required fields with no column
    rows: list[ImportedRow] = field(default_factory=list)  # valid rows only
    errors: list[CellError] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    total_rows: int = 0  # non-empty data rows read
    empty_rows: int = 0
    formula_cells: int = 0  # formula cells whose calculated value was used

    @property
    def error_rows(self) -> set[int]:
        return {e.row for e in self.errors}

    @property
    def valid_count(self) -> int:
        return len(self.rows)

    @property
    def invalid_count(self) -> int:
        return len(self.error_rows)

    @property
    def ok(self) -> bool:
        """Every row valid and no duplicates: safe to store (all or nothing)."""
        return not self.errors and self.total_rows > 0

    def errors_by_row(self) -> dict[int, list[CellError]]:
        out: dict[int, list[CellError]] = {}
        for e in self.errors:
            out.setdefault(e.row, []).append(e)
        return out


# --- sheets ---------------------------------------------------------------------------


def read_rows(
    path: str | Path, *, sheet: str | None = None, limits: ImportLimits | None = None
) -> SheetRows:
    """The rows of a CSV file, or of one sheet (default: the first visible) of an xlsx."""
    limits = limits or ImportLimits()
    p = Path(path)
    if p.suffix.lower() in CSV_SUFFIXES:
        return read_csv_rows(p, limits=limits)
    book = XlsxBook(p, limits)
    try:
        names = book.sheet_names()
        if not names:
            raise _empty(p)
        if sheet is not None and sheet not in names:
            raise ImportFileError(f"ไม่มีชีต '{sheet}'", f"there is no sheet '{sheet}'")
        return book.load(sheet or names[0])
    finally:
        book.close()


def _empty(p: Path) -> ImportFileError:
    return ImportFileError(
        f"ไฟล์ {p.name} ไม่มีข้อมูล", f"{p.name} holds no data"
    )


# --- header matching ------------------------------------------------------------------


class _Matcher:
    def __init__(self, definition: DatasetDef) -> None:
        self.by_text: dict[str, str] = {}
        self.english: dict[str, set[str]] = {}  # key → folded texts of the second row
        for key, label in cols.SYSTEM_COLUMNS.items():
            self._add(key, label.th, label.en, key.strip("_"))
        for f in definition.fields:
            self._add(f.name, f.label.th, f.label.en, f.name,
                      cols.header_label(f, "th"), cols.header_label(f, "en"))
        self.fields = [f.name for f in definition.fields if not f.compute]

    def _add(self, key: str, *texts: str) -> None:
        for t in texts:
            n = cols.normalize_header(t)
            self.by_text.setdefault(n, key)
            self.english.setdefault(key, set()).add(n)

    def match(self, text: Any) -> str | None:
        if not isinstance(text, str):
            return None
        n = cols.normalize_header(text)
        if not n:
            return None
        key = self.by_text.get(n)
        if key is None:
            key = self.by_text.get(cols.normalize_header(cols.strip_unit(text)))
        return key

    def score(self, row: list[CellValue]) -> tuple[int, int]:
        nonempty = matched = 0
        for _i, v in iter_nonempty(row):
            nonempty += 1
            key = self.match(v)
            if key is not None and not key.startswith("__"):
                matched += 1
        return matched, nonempty


def _find_header(matcher: _Matcher, rows: list[list[CellValue]]) -> int | None:
    need_fields = max(1, math.ceil(len(matcher.fields) / 2))
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        matched, nonempty = matcher.score(row)
        if matched and (matched >= need_fields or matched * 2 >= nonempty):
            return i
    return None


# --- cells ----------------------------------------------------------------------------


def _short(v: Any) -> str:
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e16:
        v = int(v)
    s = "" if v is None else (v.isoformat() if isinstance(v, dt.date) else str(v))
    return s if len(s) <= 80 else s[:77] + "…"


def _excel_serial(v: float) -> dt.datetime | None:
    if not (10_000 <= v < 2_958_466):
        return None
    return dt.datetime(1899, 12, 30) + dt.timedelta(days=v)


def cell_to_raw(f: FieldDef, v: CellValue) -> Any:
    """A cell value as the raw input RecordValidator expects for field ``f``."""
    t = f.type
    if isinstance(v, str):
        return v.strip()
    if isinstance(v, bool):
        return v
    if isinstance(v, dt.datetime | dt.date):
        if t in (FieldType.DATE, FieldType.DATETIME):
            adjusted = be_adjusted(v)
            if isinstance(adjusted, dt.datetime) and t == FieldType.DATE:
                return adjusted.date()
            return adjusted
        return v.isoformat()
    if isinstance(v, dt.time | dt.timedelta):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            return str(v)
        if t in (FieldType.DATE, FieldType.DATETIME):
            serial = _excel_serial(v)
            if serial is None:
                return v
            adjusted = be_adjusted(serial)
            if isinstance(adjusted, dt.datetime) and t == FieldType.DATE:
                return adjusted.date()
            return adjusted
        if t == FieldType.DECIMAL:
            d = Decimal(repr(v))
            q = Decimal(1).scaleb(-f.places)
            try:
                r = d.quantize(q)
            except InvalidOperation:
                return d
            return r if abs(d - r) < Decimal("1e-9") else d
        if v.is_integer() and abs(v) < 1e16:
            return int(v) if t != FieldType.TEXT else str(int(v))
        return repr(v) if t in (FieldType.TEXT, FieldType.LONGTEXT) else v
    if isinstance(v, int):
        if t in (FieldType.TEXT, FieldType.LONGTEXT):
            return str(v)
        if t in (FieldType.DATE, FieldType.DATETIME):
            return cell_to_raw(f, float(v))
        return v
    return v


# --- import ---------------------------------------------------------------------------


def import_workbook(
    path: str | Path,
    definition: DatasetDef,
    reference: Reference,
    district_code: str,
    *,
    existing_keys: Iterable[str] = (),
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    limits: ImportLimits | None = None,
    sheet: str | None = None,
) -> ImportResult:
    """Read, match, convert and validate every row of ``path`` (xlsx or csv).

    Raises :class:`ImportFileError` (a :class:`BkkError`) when the file cannot be
    imported at all: not an xlsx/csv, damaged, too big, a zip bomb, a 10 MB cell, too
    many rows, formulas without values, no sheet with a recognisable header, or merged
    cells in the header or data. Otherwise returns an :class:`ImportResult`.
    """
    limits = limits or ImportLimits()
    p = Path(path)
    matcher = _Matcher(definition)
    data, header = _choose_sheet(p, matcher, limits, sheet)
    return _import_rows(data, header, matcher, definition, reference, district_code,
                        set(existing_keys), progress, cancel)


def _choose_sheet(
    p: Path, matcher: _Matcher, limits: ImportLimits, sheet: str | None
) -> tuple[SheetRows, int]:
    """The first sheet (or ``sheet``) with a recognisable header row, and that row."""
    any_data = False
    if p.suffix.lower() in CSV_SUFFIXES:
        data = read_csv_rows(p, limits=limits)
        any_data = data.n_rows > 0 and not all(is_empty_row(r) for r in data.head)
        header = _find_header(matcher, data.head)
        if header is not None:
            return data, header
    else:
        book = XlsxBook(p, limits)
        try:
            names = book.sheet_names() if sheet is None else [sheet]
            for name in names:
                data = book.load(name)
                if data.n_rows == 0 or all(is_empty_row(r) for r in data.head):
                    continue
                any_data = True
                header = _find_header(matcher, data.head)
                if header is not None:
                    return data, header
        finally:
            book.close()
    if not any_data:
        raise _empty(p)
    raise ImportFileError(
        "ไม่พบแถวหัวตารางที่ตรงกับช่องของชุดข้อมูลนี้: ใช้แบบฟอร์ม (template) ของชุดข้อมูล "
        "หรือให้หัวคอลัมน์ตรงกับชื่อช่อง",
        "no header row matches the fields of this data set: use the data set's template, "
        "or name the columns after the fields",
    )


def _check_merged(data: SheetRows, header: int) -> None:
    bad = [
        f"{col_letter(c0)}{r0 + 1}:{col_letter(c1)}{r1 + 1}"
        for (r0, c0), (r1, c1) in data.merged
        if r1 >= header
    ]
    if bad:
        cells = ", ".join(bad[:5]) + (" …" if len(bad) > 5 else "")
        raise ImportFileError(
            f"มีเซลล์ที่ผสาน (merge) กันในหัวตารางหรือข้อมูล ({cells}): ยกเลิกการผสานเซลล์แล้วนำเข้าใหม่",
            f"merged cells in the header or data ({cells}): unmerge them and import again",
        )


def _import_rows(
    data: SheetRows,
    header: int,
    matcher: _Matcher,
    definition: DatasetDef,
    reference: Reference,
    district_code: str,
    existing: set[str],
    progress: Progress | None,
    cancel: Cancel | None,
) -> ImportResult:
    _check_merged(data, header)
    head = data.head
    header_cells = head[header]
    mapping: dict[int, str] = {}
    unknown: list[str] = []
    seen_keys: dict[str, int] = {}
    for i, v in iter_nonempty(header_cells):
        key = matcher.match(v)
        if key is None:
            unknown.append(f"{col_letter(i)}: {_short(v)}")
            continue
        if key in seen_keys:
            raise ImportFileError(
                f"คอลัมน์ {col_letter(seen_keys[key])} และ {col_letter(i)} เป็นช่องเดียวกัน ({v})",
                f"columns {col_letter(seen_keys[key])} and {col_letter(i)} are the same field "
                f"({v})",
            )
        seen_keys[key] = i
        mapping[i] = key
    fdefs = definition.field_map
    field_cols = {i: k for i, k in mapping.items() if k in fdefs and not fdefs[k].compute}
    col_of_field = {k: i for i, k in field_cols.items()}
    missing_required = [f.name for f in definition.fields
                        if f.required and not f.relevant and f.name not in col_of_field]

    first = header + 1
    if first < len(head) and _is_second_header(matcher, head[first], mapping):
        first += 1

    result = ImportResult(
        sheet=data.name,
        header_row=header + 1,
        data_row=first + 1,
        columns={col_letter(i): k for i, k in sorted(mapping.items())},
        unknown_columns=unknown,
        missing_required=missing_required,
        formula_cells=data.formula_cells,
    )
    validator = RecordValidator(definition, reference)
    district_col = col_of = None
    for i, k in mapping.items():
        if k == "__district":
            district_col = i
        elif k == "__record_id":
            col_of = i
    in_file: dict[str, int] = {}
    total = max(0, data.n_rows - first)
    for r, row in enumerate(data.iter_rows()):
        if r < first:
            continue
        n = r - first
        if n % 500 == 0:
            if cancel is not None and cancel():
                raise ImportCancelled()
            if progress is not None and n:
                progress(n, total)
        if is_empty_row(row):
            result.empty_rows += 1
            continue
        result.total_rows += 1
        rownum = r + 1
        errors: list[CellError] = []

        def err(fe: FieldError, value: Any = None, *, _rownum: int = rownum,
                _errors: list[CellError] = errors, _row: list[CellValue] = row) -> None:
            i = col_of_field.get(fe.field)
            f = fdefs.get(fe.field)
            if value is None and i is not None and i < len(_row):
                value = _row[i]
            _errors.append(CellError(
                _rownum, col_letter(i) if i is not None else None, fe.field,
                f.label.th if f is not None else fe.field, _short(value),
                fe.rule, fe.th, fe.en))

        if district_col is not None and district_col < len(row):
            dv = row[district_col]
            if isinstance(dv, str | int) and str(dv).strip():
                code = reference.district_code(str(dv))
                if code != district_code:
                    name = reference.districts[district_code].name_th \
                        if district_code in reference.districts else district_code
                    errors.append(CellError(
                        rownum, col_letter(district_col), "__district", "เขต", _short(dv),
                        "district", f"แถวนี้เป็นของเขตอื่น (นำเข้าได้เฉพาะเขต{name})",
                        f"this row belongs to another district (only {district_code} "
                        "can be imported here)"))
        raw: dict[str, Any] = {}
        for i, name in field_cols.items():
            if i < len(row):
                v = row[i]
                if v is None or (isinstance(v, str) and not v.strip()):
                    continue
                raw[name] = cell_to_raw(fdefs[name], v)
        try:
            clean = validator.validate(raw, district=district_code)
        except ValidationError as exc:
            for fe in exc.errors:
                err(fe)
            result.errors.extend(errors)
            continue
        key = validator.unique_key(clean)
        if key is not None:
            uk = definition.unique_key
            if key in in_file:
                result.duplicates.append(Duplicate(rownum, key, in_file[key]))
                err(FieldError(uk[0], "duplicate",
                               f"ซ้ำกับแถวที่ {in_file[key]} ในไฟล์ (ตาม {_key_labels(definition)})",
                               f"duplicates row {in_file[key]} of the file "
                               f"(same {', '.join(uk)})"))
            elif key in existing:
                result.duplicates.append(Duplicate(rownum, key, None))
                err(FieldError(uk[0], "duplicate_existing",
                               f"มีระเบียนนี้ในฐานข้อมูลแล้ว (ตาม {_key_labels(definition)})",
                               f"this record already exists (same {', '.join(uk)})"))
            else:
                in_file[key] = rownum
        if errors:
            result.errors.extend(errors)
            continue
        rid = None
        if col_of is not None and col_of < len(row) and row[col_of] not in (None, ""):
            rid = str(row[col_of]).strip()
        result.rows.append(ImportedRow(rownum, clean, key, rid))
    if progress is not None:
        progress(total, total)
    return result


def _key_labels(definition: DatasetDef) -> str:
    return ", ".join(definition.field(n).label.th for n in definition.unique_key)


def _is_second_header(matcher: _Matcher, row: list[CellValue], mapping: dict[int, str]) -> bool:
    hits = 0
    for i, key in mapping.items():
        if i >= len(row) or not isinstance(row[i], str):
            continue
        texts = matcher.english.get(key, set())
        if cols.normalize_header(row[i]) in texts or (
            cols.normalize_header(cols.strip_unit(row[i])) in texts
        ):
            hits += 1
    return hits * 2 >= max(1, len(mapping))
