"""Reading a user's xlsx file safely: size and zip-bomb checks, formulas, merged cells.

The file comes from anywhere (e-mail, a USB stick, another office's system), so before
python-calamine opens it:

- it must be a zip (xlsx) — an old ``.xls``, an encrypted workbook or any other file
  renamed ``.xlsx`` is refused with a message saying what to do;
- its size, its number of parts, the total *actual* uncompressed size and the ratio of
  each large part are bounded (every part is decompressed once as a stream, counting
  bytes, so a zip header that lies about sizes is caught too);
- formula cells: the value Excel last calculated (the cached value, which is what the
  user saw) is imported. A formula without a cached value (a file written by a program
  and never opened in Excel) would import as an empty cell, so it is refused, naming
  the cells.

python-calamine then reads the sheet: on 100,000 rows × 20 columns it read in 11 s where
openpyxl's read-only mode took 110 s (bench/bench_excel.py), at the price of holding
the sheet in (Rust) memory, ~280 MB for that file. Rows are handed out one at a time
as lists of Python values with the sheet's own row numbering (row 1 is index 0).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from bkkdesk.core.errors import BkkError
from bkkdesk.excel.styles import EXCEL_MAX_CELL_CHARS

CellValue = Any  # str | int | float | bool | date | datetime | time | timedelta | None

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


class ImportFileError(BkkError):
    """The file cannot be imported at all (wrong kind, damaged, too big …); nothing was."""

    code = "import_file"


@dataclass(frozen=True)
class ImportLimits:
    """Bounds on what an import will read (all configurable by the caller)."""

    max_rows: int = 200_000  # rows in the sheet, header rows included
    max_columns: int = 500
    max_file_bytes: int = 200 * 1024 * 1024
    max_uncompressed_bytes: int = 1024 * 1024 * 1024
    max_ratio: int = 200  # uncompressed / compressed, for parts larger than 1 MiB
    max_zip_members: int = 5_000
    max_cell_chars: int = EXCEL_MAX_CELL_CHARS


HEAD_ROWS = 40  # rows held as a list for header detection; the rest are streamed


class SheetRows:
    """One sheet's cells, row by row; ``rows[i]`` is sheet row ``i + 1``.

    The first :data:`HEAD_ROWS` rows are kept in :attr:`head` (header detection looks
    there); the others are streamed once by :meth:`iter_rows`, so an import of 100,000
    rows never holds them all as Python objects. Short rows are not padded.
    """

    def __init__(
        self,
        name: str,
        rows: Iterable[list[CellValue]],
        *,
        n_rows: int | None = None,
        merged: list[tuple[tuple[int, int], tuple[int, int]]] | None = None,
        kind: str = "xlsx",
        formula_cells: int = 0,
    ) -> None:
        self.name = name
        it = iter(rows)
        self.head: list[list[CellValue]] = list(itertools.islice(it, HEAD_ROWS))
        self._rest: Iterator[list[CellValue]] | None = it
        self.n_rows = n_rows if n_rows is not None else len(self.head)
        self.merged = merged or []
        self.kind = kind
        self.formula_cells = formula_cells

    def iter_rows(self) -> Iterator[list[CellValue]]:
        """Every row from row 1, once."""
        if self._rest is None:
            raise RuntimeError("the rows of this sheet were read already")
        rest, self._rest = self._rest, None
        yield from self.head
        yield from rest

    @property
    def rows(self) -> list[list[CellValue]]:
        """All rows as a list (small files and tests)."""
        rows = list(self.iter_rows())
        self.head, self._rest = rows, iter(())
        return rows


def col_letter(index: int) -> str:
    """0-based column index → ``A``, ``B`` … ``AA``."""
    s = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _file_error(th: str, en: str) -> ImportFileError:
    return ImportFileError(th, en)


def check_file_size(path: Path, limits: ImportLimits) -> int:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _file_error(f"เปิดไฟล์ {path.name} ไม่ได้ ({exc.strerror})",
                          f"cannot open {path.name} ({exc.strerror})") from None
    if size == 0:
        raise _file_error(f"ไฟล์ {path.name} ว่างเปล่า", f"{path.name} is empty")
    if size > limits.max_file_bytes:
        mb = limits.max_file_bytes // (1024 * 1024)
        raise _file_error(f"ไฟล์ใหญ่เกิน {mb} MB", f"the file is larger than {mb} MB")
    return size


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           load_dtd=False)


@dataclass
class XlsxInfo:
    members_with_formulas: set[str]
    sheet_parts: dict[str, str]  # sheet name → part name in the zip


def inspect_xlsx(path: Path, limits: ImportLimits) -> XlsxInfo:
    """Refuse anything that is not a sane xlsx; see the module docstring."""
    check_file_size(path, limits)
    with path.open("rb") as fh:
        magic = fh.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise _file_error(
            "ไฟล์นี้เป็น Excel รุ่นเก่า (.xls) หรือมีรหัสผ่าน: เปิดใน Excel แล้วบันทึกเป็น .xlsx "
            "โดยไม่ใส่รหัสผ่าน",
            "this is an old Excel (.xls) or password-protected file: open it in Excel and "
            "save it as .xlsx without a password",
        )
    if not magic.startswith(b"PK\x03\x04"):
        raise _file_error(
            f"ไฟล์ {path.name} ไม่ใช่ไฟล์ Excel (.xlsx)",
            f"{path.name} is not an Excel (.xlsx) file",
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > limits.max_zip_members:
                raise _file_error("ไฟล์มีส่วนประกอบมากผิดปกติ",
                                  "the file has too many parts")
            names = {i.filename for i in infos}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise _file_error(
                    f"ไฟล์ {path.name} ไม่ใช่ไฟล์ Excel (.xlsx) ที่ถูกต้อง",
                    f"{path.name} is not a valid Excel (.xlsx) workbook",
                )
            declared = sum(i.file_size for i in infos)
            if declared > limits.max_uncompressed_bytes:
                raise _bomb()
            for i in infos:
                if i.file_size > 1024 * 1024 and i.file_size > limits.max_ratio * max(
                    i.compress_size, 1
                ):
                    raise _bomb()
            with_formulas = _scan_members(zf, infos, limits)
            sheet_parts = _sheet_parts(zf)
    except zipfile.BadZipFile as exc:
        raise _file_error(
            f"ไฟล์ {path.name} เสียหาย เปิดไม่ได้ ({exc})",
            f"{path.name} is damaged and cannot be opened ({exc})",
        ) from None
    except (OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise _file_error(
            f"อ่านไฟล์ {path.name} ไม่ได้ ({exc})", f"cannot read {path.name} ({exc})"
        ) from None
    return XlsxInfo(with_formulas, sheet_parts)


def _bomb() -> ImportFileError:
    return _file_error(
        "ไฟล์ขยายตัวเมื่อแตกออกใหญ่ผิดปกติ (อาจเป็นไฟล์อันตราย) ไม่นำเข้า",
        "the file expands to an abnormal size when unpacked (possibly a zip bomb); "
        "not imported",
    )


def _scan_members(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo],
                  limits: ImportLimits) -> set[str]:
    """Decompress every part once, counting real bytes; note sheets holding formulas."""
    total = 0
    with_formulas: set[str] = set()
    for info in infos:
        if info.is_dir():
            continue
        is_sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        tail = b""
        member = 0
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(1 << 20)
                if not chunk:
                    break
                total += len(chunk)
                member += len(chunk)
                if total > limits.max_uncompressed_bytes:
                    raise _bomb()
                if member > 1024 * 1024 and member > limits.max_ratio * max(
                    info.compress_size, 1
                ):
                    raise _bomb()
                if is_sheet and info.filename not in with_formulas:
                    if _FORMULA_TAG.search(tail + chunk):
                        with_formulas.add(info.filename)
                    tail = chunk[-32:]
    return with_formulas


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → zip part, from xl/workbook.xml and its relationships."""
    try:
        wb = etree.fromstring(zf.read("xl/workbook.xml"), _safe_parser())
        rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"), _safe_parser())
    except (KeyError, etree.XMLSyntaxError):
        return {}
    targets = {}
    for rel in rels.iter(f"{{{_PKG_REL_NS}}}Relationship"):
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[rel.get("Id")] = target
    out = {}
    for sheet in wb.iter(f"{{{_MAIN_NS}}}sheet"):
        rid = sheet.get(f"{{{_REL_NS}}}id")
        if rid in targets and sheet.get("name"):
            out[str(sheet.get("name"))] = targets[rid]
    return out


def check_formulas(path: Path, part: str) -> int:
    """Count formula cells in ``part``; refuse if any lacks a cached value."""
    missing: list[str] = []
    count = 0
    with zipfile.ZipFile(path) as zf, zf.open(part) as fh:
        for _event, el in etree.iterparse(fh, events=("end",), tag=f"{{{_MAIN_NS}}}c",
                                          resolve_entities=False, no_network=True):
            f = el.find(f"{{{_MAIN_NS}}}f")
            if f is not None:
                count += 1
                v = el.find(f"{{{_MAIN_NS}}}v")
                is_ = el.find(f"{{{_MAIN_NS}}}is")
                if (v is None or not (v.text or "").strip()) and is_ is None:
                    missing.append(el.get("r", "?"))
            el.clear()
    if missing:
        cells = ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")
        raise _file_error(
            f"เซลล์ {cells} เป็นสูตรที่ยังไม่มีค่าที่คำนวณแล้ว: เปิดไฟล์ใน Excel แล้วบันทึกอีกครั้ง "
            "หรือคัดลอกแล้ววางเป็นค่า",
            f"cells {cells} hold formulas with no calculated value: open the file in Excel "
            "and save it again, or paste the values",
        )
    return count


class XlsxBook:
    """An inspected xlsx; sheets are loaded one at a time on demand."""

    def __init__(self, path: Path, limits: ImportLimits) -> None:
        self.path = path
        self.limits = limits
        self.info = inspect_xlsx(path, limits)
        try:
            self._wb = CalamineWorkbook.from_path(str(path))
        except (CalamineError, OSError, ValueError) as exc:
            raise _file_error(
                f"ไฟล์ {path.name} เสียหาย เปิดไม่ได้ ({exc})",
                f"{path.name} is damaged and cannot be opened ({exc})",
            ) from None

    def close(self) -> None:
        self._wb.close()

    def sheet_names(self) -> list[str]:
        """Visible worksheets, in workbook order."""
        return [
            m.name for m in self._wb.sheets_metadata
            if m.visible == SheetVisibleEnum.Visible and m.typ == SheetTypeEnum.WorkSheet
        ]

    def load(self, name: str) -> SheetRows:
        limits = self.limits
        try:
            sheet = self._wb.get_sheet_by_name(name)
            end = sheet.end
            start = sheet.start
            if end is not None and end[0] + 1 > limits.max_rows:
                raise too_many_rows(end[0] + 1, limits)
            if end is not None and end[1] + 1 > limits.max_columns:
                raise _file_error(
                    f"ชีต {name} มีคอลัมน์มากเกิน {limits.max_columns}",
                    f"sheet {name} has more than {limits.max_columns} columns",
                )
            merged = list(sheet.merged_cell_ranges or [])
        except CalamineError as exc:
            raise _file_error(
                f"อ่านชีต {name} ไม่ได้ ({exc})", f"cannot read sheet {name} ({exc})"
            ) from None
        formula_cells = 0
        part = self.info.sheet_parts.get(name)
        if part is not None and part in self.info.members_with_formulas:
            formula_cells = check_formulas(self.path, part)
        if end is None:
            return SheetRows(name, [], n_rows=0, merged=merged, formula_cells=formula_cells)
        # calamine's iter_rows starts at row 1 but at the first used column: pad it back
        pad: list[CellValue] = [""] * (start[1] if start else 0)

        def rows() -> Iterator[list[CellValue]]:
            for r, row in enumerate(sheet.iter_rows()):
                if pad:
                    row = pad + row
                check_row(r, row, limits)
                yield row

        return SheetRows(name, rows(), n_rows=end[0] + 1, merged=merged,
                         formula_cells=formula_cells)


def too_many_rows(n: int, limits: ImportLimits) -> ImportFileError:
    return _file_error(
        f"ไฟล์มี {n:,} แถว เกินกว่าที่นำเข้าได้ครั้งละ {limits.max_rows:,} แถว: แบ่งเป็นหลายไฟล์",
        f"the file has {n:,} rows, more than the {limits.max_rows:,} one import takes: "
        "split it into several files",
    )


def check_row(r: int, row: list[CellValue], limits: ImportLimits) -> None:
    """Refuse a cell longer than Excel's own limit (a sign of a broken or hostile file)."""
    limit = limits.max_cell_chars
    for c, v in enumerate(row):
        if isinstance(v, str) and len(v) > limit:
            raise _file_error(
                f"เซลล์ {col_letter(c)}{r + 1} ยาว {len(v):,} ตัวอักษร เกินขีดจำกัด {limit:,}",
                f"cell {col_letter(c)}{r + 1} holds {len(v):,} characters, more than the "
                f"limit of {limit:,}",
            )


def check_cells(rows: list[list[CellValue]], limits: ImportLimits) -> None:
    for r, row in enumerate(rows):
        check_row(r, row, limits)


def iter_nonempty(row: list[CellValue]) -> Iterator[tuple[int, CellValue]]:
    for i, v in enumerate(row):
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        yield i, v


def is_empty_row(row: list[CellValue]) -> bool:
    return next(iter_nonempty(row), None) is None


def be_adjusted(value: dt.date) -> dt.date | str:
    """A date cell whose year is 2400–2700 was typed in B.E.: subtract 543 years.

    29 February of a B.E. year whose C.E. year has none comes back as text, so that
    validation names the impossible date.
    """
    if 2400 <= value.year <= 2700:
        try:
            return value.replace(year=value.year - 543)
        except ValueError:
            return f"{value.day}/{value.month}/{value.year}"
    return value
