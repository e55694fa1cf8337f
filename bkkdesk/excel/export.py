"""Streaming export of records to a formatted xlsx workbook.

``export_records`` takes any iterable of :class:`RecordData` (a database cursor, a
server page stream …) and writes it with openpyxl's write-only mode, so memory stays
bounded however many rows there are: rows go to a temporary sheet file as they come,
only the first ``width_sample_rows`` are held to fit the column widths, and the summary
keeps one running total per group. The file is written to a temporary name beside the
target and moved into place only when complete: a cancelled or failed export leaves no
file where the user asked.

Sheets: the data (Thai header row, English header row, frozen, filtered, print-ready),
a summary (counts and sums by subdistrict and status, with a bar chart; by district
too in a consolidated export) and the export's metadata (who, when, filters,
definition, record count, masking).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from bkkdesk.core.definitions import DatasetDef
from bkkdesk.core.errors import BkkError
from bkkdesk.core.records import RecordData
from bkkdesk.core.reference import Reference, load_reference
from bkkdesk.core.thaidate import format_be, format_be_datetime
from bkkdesk.excel import columns as cols
from bkkdesk.excel import styles
from bkkdesk.excel.fastrows import FastRows
from bkkdesk.excel.summary import SummaryBuilder

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]

DATA_SHEET = "ข้อมูล"
META_SHEET = "ข้อมูลการส่งออก"


class ExportCancelled(BkkError):
    """The user cancelled the export; no file was written."""

    code = "cancelled"

    def __init__(self) -> None:
        super().__init__("ยกเลิกการส่งออกแล้ว ไม่มีไฟล์ถูกสร้าง",
                         "export cancelled; no file was written")


@dataclass
class ExportOptions:
    """What goes into an export besides the records themselves."""

    lang: str = "th"  # language of the first header row and of choice labels
    english_header_row: bool = True  # a second header row in English (Thai if lang="en")
    unmask_personal: bool = False  # only for roles allowed to see personal data
    exported_by: str = ""
    filters: dict[str, str] = field(default_factory=dict)  # shown on the metadata sheet
    district_names: list[str] = field(default_factory=list)  # for titles and metadata
    include_summary: bool = True
    consolidated: bool = False  # a district column and a per-district summary
    include_system_columns: bool = True  # record id and last-updated columns at the end
    progress_every: int = 1000
    width_sample_rows: int = 200
    exported_at: dt.datetime | None = None  # default: now (Bangkok time)


@dataclass
class ExportResult:
    path: Path
    rows: int
    masked: bool  # personal fields were masked
    unmasked_personal: bool  # unmasked personal data was written: log it in the register
    personal_fields: list[str]
    skipped_deleted: int = 0
    truncated_cells: int = 0
    seconds: float = 0.0


def _now_bangkok() -> dt.datetime:
    return dt.datetime.now(cols.BANGKOK).replace(tzinfo=None, microsecond=0)


def _hf(text: str) -> str:
    """Escape ``&`` for an Excel header/footer."""
    return text.replace("&", "&&")


def district_caption(options: ExportOptions) -> str:
    names = options.district_names
    if not names:
        return "ทุกเขต" if options.consolidated else ""
    if len(names) <= 3:
        return ", ".join(n if n.startswith("เขต") else f"เขต{n}" for n in names)
    return f"{len(names)} เขต"


@dataclass(frozen=True)
class _Column:
    key: str  # field name or a SYSTEM_COLUMNS key
    header: str
    header2: str
    style: str | None
    width_hint: int
    convert: Callable[[Any], Any]


def _columns(
    definition: DatasetDef, reference: Reference, options: ExportOptions
) -> list[_Column]:
    lang = "en" if options.lang == "en" else "th"
    other = "th" if lang == "en" else "en"
    formats = cols.field_formats(
        definition, reference, lang=lang, unmask=options.unmask_personal
    )
    out: list[_Column] = []
    if options.consolidated:

        def district_name(code: Any) -> str:
            d = reference.districts.get(str(code))
            return str(code) if d is None else (d.name_en if lang == "en" else d.name_th)

        out.append(
            _Column("__district", cols.DISTRICT_COLUMN.get(lang),
                    cols.DISTRICT_COLUMN.get(other), None, 14, district_name)
        )
    for f in definition.fields:
        fmt = formats[f.name]
        out.append(
            _Column(f.name, cols.header_label(f, lang), cols.header_label(f, other),
                    fmt.style, fmt.width_hint, fmt.convert)
        )
    if options.include_system_columns:
        out.append(
            _Column("__record_id", cols.RECORD_ID_COLUMN.get(lang),
                    cols.RECORD_ID_COLUMN.get(other), None, 12, str)
        )
        out.append(
            _Column("__updated_at", cols.UPDATED_AT_COLUMN.get(lang),
                    cols.UPDATED_AT_COLUMN.get(other), "datetime", 18,
                    cols.to_bangkok)
        )
    return out


class _RowFormatter:
    def __init__(self, columns: list[_Column], maker: styles.CellMaker) -> None:
        self.columns = columns
        self.maker = maker
        self.truncated = 0

    def values(self, rec: RecordData) -> list[Any]:
        """Converted cell values (before styling) of one record."""
        out: list[Any] = []
        values = rec.values
        for c in self.columns:
            if c.key == "__district":
                raw: Any = rec.district_code
            elif c.key == "__record_id":
                raw = rec.id
            elif c.key == "__updated_at":
                raw = rec.updated_at or rec.created_at
            else:
                raw = values.get(c.key)
            if raw is None or raw == "" or raw == []:
                out.append(None)
                continue
            try:
                v = c.convert(raw)
            except (ValueError, TypeError, KeyError, InvalidOperation, AttributeError):
                v = styles.clean_text(str(raw))  # a value an old definition allowed
            if isinstance(v, str) and len(v) >= styles.EXCEL_MAX_CELL_CHARS:
                self.truncated += v.endswith("…")
            out.append(v)
        return out

    def cells(self, values: list[Any]) -> list[Any]:
        maker = self.maker
        row: list[Any] = []
        for c, v in zip(self.columns, values, strict=True):
            if v is None:
                row.append(None)
            elif isinstance(v, str) and (c.style is None or c.style not in ("wrap", "text")):
                row.append(styles.text_or_cell(maker, v))
            else:
                row.append(maker(v, c.style))
        return row


def _fit_widths(columns: list[_Column], sample: list[list[Any]]) -> list[float]:
    """Widths from the data sample; long headers wrap (up to three lines) instead."""
    widths = []
    for i, c in enumerate(columns):
        head = max(cols.display_width(c.header), cols.display_width(c.header2) * 0.8)
        w: float = 0
        for row in sample:
            w = max(w, cols.cell_width(row[i], c.style))
        if c.key == "__record_id":
            w = min(w, 12)
        cap = 32 if c.style == "wrap" else 28
        w = max(w, min(head, max(10, head / 3)), 6)
        widths.append(min(cap, w + 1.5))
    return widths


def _setup_print(ws: Any, title: str, district: str, date_text: str, header_rows: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.gridLines = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    # room for the page header and footer (LibreOffice shrinks them into a tight margin)
    ws.page_margins.top = ws.page_margins.bottom = 0.9
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_title_rows = f"1:{header_rows}"
    font = f"{styles.FONT_NAME},Regular"
    ws.oddHeader.center.text = _hf(title)
    ws.oddHeader.center.font = f"{styles.FONT_NAME},Bold"
    ws.oddHeader.center.size = 16
    ws.oddHeader.left.text = _hf(district)
    ws.oddHeader.left.font = font
    ws.oddHeader.left.size = 14
    ws.oddHeader.right.text = _hf(date_text)
    ws.oddHeader.right.font = font
    ws.oddHeader.right.size = 14
    ws.oddFooter.center.text = "หน้า &P / &N"
    ws.oddFooter.center.font = font
    ws.oddFooter.center.size = 14
    ws.HeaderFooter.scaleWithDoc = False  # keep the header readable on a fitted page


def _abort_workbook(wb: Any) -> None:
    """Close and delete openpyxl's temporary sheet files of an unsaved workbook."""
    for ws in getattr(wb, "_sheets", []):
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        rows = getattr(ws, "_rows", None)
        if rows is not None:  # the row generator first, or it fails later when collected
            with contextlib.suppress(Exception):
                rows.close()
        with contextlib.suppress(Exception):
            writer.close()
        with contextlib.suppress(Exception):
            writer.cleanup()


def temp_path_beside(path: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".part.xlsx", dir=path.parent)
    os.close(fd)
    return Path(name)


def save_atomically(wb: Any, path: Path) -> None:
    """Save ``wb`` to a temporary file beside ``path`` and move it into place."""
    try:
        tmp = temp_path_beside(path)
    except OSError as exc:
        raise _save_error(path, exc) from None
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise _save_error(path, exc) from exc
        raise


def _save_error(path: Path, exc: OSError) -> BkkError:
    if isinstance(exc, PermissionError):
        return BkkError(
            f"บันทึกไฟล์ {path.name} ไม่ได้: ไฟล์อาจเปิดอยู่ในโปรแกรมอื่น (เช่น Excel) "
            "หรือไม่มีสิทธิ์เขียนโฟลเดอร์นี้ — ปิดไฟล์แล้วลองอีกครั้ง",
            f"cannot save {path.name}: it may be open in another program (such as Excel) "
            "or the folder is not writable — close it and try again",
            code="io",
        )
    return BkkError(
        f"บันทึกไฟล์ {path.name} ไม่ได้ ({exc.strerror or exc})",
        f"cannot save {path.name} ({exc.strerror or exc})",
        code="io",
    )


def export_records(
    path: str | os.PathLike[str],
    definition: DatasetDef,
    records: Iterable[RecordData],
    *,
    total: int | None = None,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    reference: Reference | None = None,
) -> ExportResult:
    """Write ``records`` of ``definition`` to ``path`` (xlsx); see the module docstring.

    ``progress(done, total)`` is called every ``options.progress_every`` rows and at the
    end (``total`` is 0 when unknown); ``cancel()`` is polled as often, and a true answer
    raises :class:`ExportCancelled` with no file left behind. Deleted records are skipped.
    """
    started = time.monotonic()
    options = options or ExportOptions()
    reference = reference or load_reference()
    target = Path(path)
    if not target.parent.is_dir():
        raise BkkError(
            f"ไม่มีโฟลเดอร์ {target.parent}", f"folder {target.parent} does not exist",
            code="not_found",
        )
    lang = "en" if options.lang == "en" else "th"
    exported_at = options.exported_at or _now_bangkok()
    every = max(1, options.progress_every)
    known_total = total if total is not None else 0

    wb = styles.new_workbook(write_only=True)
    try:
        ws = wb.create_sheet(DATA_SHEET if lang == "th" else "Data")
        maker = styles.CellMaker(ws)
        cols.register_styles(maker, definition)
        maker.add("h1", font=styles.BOLD_FONT, fill=styles.HEADER_FILL,
                  border=styles.THIN_BORDER, alignment=styles.HEADER_ALIGN)
        maker.add("h2", font=styles.SMALL_FONT, fill=styles.HEADER2_FILL,
                  border=styles.THIN_BORDER, alignment=styles.HEADER_ALIGN)
        columns = _columns(definition, reference, options)
        fmt = _RowFormatter(columns, maker)
        summary = SummaryBuilder(definition, reference, lang=lang,
                                 by_district=options.consolidated)

        skipped = 0

        def counted(it: Iterable[RecordData]) -> Iterator[RecordData]:
            nonlocal skipped
            for r in it:
                if r.deleted:
                    skipped += 1
                    continue
                yield r

        live = counted(records)
        sample_records = list(itertools.islice(live, max(1, options.width_sample_rows)))
        if cancel is not None and cancel():
            raise ExportCancelled()
        sample_values = [fmt.values(r) for r in sample_records]

        widths = _fit_widths(columns, sample_values)
        for i, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = round(w, 1)
        header_rows = 2 if options.english_header_row else 1
        ws.freeze_panes = f"A{header_rows + 1}"
        title = definition.title.get(lang)
        _setup_print(ws, title, district_caption(options),
                     format_be(exported_at.date()), header_rows)
        ws.row_dimensions[1].height = 66
        # 16 pt Thai text needs taller rows than the default 15 pt; a fixed default
        # height keeps LibreOffice and Excel from drawing rows over each other.
        ws.sheet_format.defaultRowHeight = 24
        ws.sheet_format.customHeight = True

        ws.append([maker(c.header, "h1") for c in columns])
        if options.english_header_row:
            ws.append([maker(c.header2, "h2") for c in columns])

        done = 0
        fast = FastRows(ws, maker, [c.style for c in columns])
        use_fast = fast.install(header_rows + 1)

        def emit(rec: RecordData, values: list[Any]) -> None:
            nonlocal done
            if use_fast:
                fast.append(values)
            else:
                ws.append(fmt.cells(values))
            summary.add(rec)
            done += 1
            if done % every == 0:
                if cancel is not None and cancel():
                    raise ExportCancelled()
                if progress is not None:
                    progress(done, known_total)

        for rec, values in zip(sample_records, sample_values, strict=True):
            emit(rec, values)
        del sample_records, sample_values
        for rec in live:
            emit(rec, fmt.values(rec))

        last_col = get_column_letter(len(columns))
        ws.auto_filter.ref = f"A{header_rows}:{last_col}{header_rows + max(done, 1)}"
        ws.print_area = f"A1:{last_col}{header_rows + max(done, 1)}"

        personal = [f.name for f in definition.personal_fields]
        unmasked = bool(options.unmask_personal and personal and done)
        if options.include_summary:
            summary.write(wb, title=title, district=district_caption(options),
                          date_text=format_be(exported_at.date()))
        _write_metadata(wb, definition, options, exported_at, done, personal, lang)
        if cancel is not None and cancel():
            raise ExportCancelled()
        save_atomically(wb, target)
    except BaseException:
        _abort_workbook(wb)
        raise
    if progress is not None:
        progress(done, known_total or done)
    return ExportResult(
        path=target,
        rows=done,
        masked=bool(personal) and not options.unmask_personal,
        unmasked_personal=unmasked,
        personal_fields=personal,
        skipped_deleted=skipped,
        truncated_cells=fmt.truncated,
        seconds=time.monotonic() - started,
    )


def _write_metadata(
    wb: Any,
    definition: DatasetDef,
    options: ExportOptions,
    exported_at: dt.datetime,
    rows: int,
    personal: list[str],
    lang: str,
) -> None:
    from bkkdesk import __version__

    ws = wb.create_sheet(META_SHEET if lang == "th" else "Export info")
    maker = styles.CellMaker(ws)
    maker.add("k", font=styles.BOLD_FONT, alignment=styles.WRAP_ALIGN)
    left = Alignment(horizontal="left", vertical="top", wrap_text=True)  # numbers too
    maker.add("v", alignment=left)
    maker.add("title", font=styles.TITLE_FONT)
    maker.add("dt", number_format=styles.DATETIME_FORMAT, alignment=left)
    ws.column_dimensions["A"].width = 42  # every label on one line
    ws.column_dimensions["B"].width = 70
    # One page wide, portrait; Thai needs taller rows than the default (as on the data
    # sheet), and a wrapped value one row height per line.
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.sheet_format.defaultRowHeight = 24
    ws.sheet_format.customHeight = True
    ws.row_dimensions[1].height = 36
    if personal and options.unmask_personal:
        masking = ("ไม่ปิดบัง — ไฟล์นี้มีข้อมูลส่วนบุคคล ต้องเก็บรักษาตาม พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล"
                   " / NOT masked — this file holds personal data")
    elif personal:
        masking = "ปิดบังแล้ว / masked"
    else:
        masking = "ไม่มีช่องข้อมูลส่วนบุคคล / no personal-data fields"
    filters = "; ".join(f"{k}: {v}" for k, v in options.filters.items()) or "ทั้งหมด / all"
    districts = ", ".join(options.district_names) or ("ทุกเขต / all" if options.consolidated
                                                      else "-")
    items: list[tuple[str, Any]] = [
        ("ชุดข้อมูล / Data set", f"{definition.title.th} / {definition.title.en}"),
        ("รหัสชุดข้อมูล / Data-set id", definition.id),
        ("รุ่นนิยาม / Definition version", definition.version),
        ("ส่งออกโดย / Exported by", options.exported_by or "-"),
        ("เวลาส่งออก / Exported at", exported_at),
        ("เวลาส่งออก (พ.ศ.) / Exported at (B.E.)", format_be_datetime(exported_at)),
        ("เขต / District", districts),
        ("เงื่อนไขการเลือก / Filters", filters),
        ("จำนวนระเบียน / Records", rows),
        ("ข้อมูลส่วนบุคคล / Personal data", masking),
        ("ช่องข้อมูลส่วนบุคคล / Personal fields",
         ", ".join(definition.field(n).label.th for n in personal) or "-"),
        ("รวมหลายเขต / Consolidated", "ใช่ / yes" if options.consolidated else "ไม่ใช่ / no"),
        ("สร้างโดย / Created with", f"bkkdesk {__version__}"),
    ]
    ws.append([maker("ข้อมูลการส่งออก / Export information", "title")])
    ws.append([])
    for r, (k, v) in enumerate(items, 3):
        lines = -(-cols.display_width(str(v)) // 60)  # ceiling: ~60 characters a line
        if lines > 1:
            ws.row_dimensions[r].height = 24 * lines + 4
        style = "dt" if isinstance(v, dt.datetime) else "v"
        ws.append([maker(k, "k"), maker(v, style)])

