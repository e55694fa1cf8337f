"""The error workbook: the imported file's rows again, bad cells red, a message per row.

The user fixes the cells in this workbook and imports it again: its two extra columns
(source row and errors) are recognised by the importer and ignored.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter

from bkkdesk.excel import columns as cols
from bkkdesk.excel import styles
from bkkdesk.excel.export import _abort_workbook, save_atomically
from bkkdesk.excel.importer import ImportResult, read_rows
from bkkdesk.excel.reader import ImportLimits

MAX_COMMENTS = 2_000


def write_error_workbook(
    path: str | os.PathLike[str],
    source_path: str | os.PathLike[str],
    result: ImportResult,
    *,
    only_errors: bool = False,
    limits: ImportLimits | None = None,
) -> int:
    """Write the rows of ``source_path`` with ``result``'s errors marked; returns rows written.

    Columns: source row number, the errors of the row (Thai / English), then the
    file's own columns unchanged. Cells with an error are filled red and carry a
    comment (the first 2,000); the header and any second header row are copied.
    ``only_errors`` leaves out the rows without errors.
    """
    source = Path(source_path)
    sheet = None if source.suffix.lower() in (".csv", ".txt", ".tsv") else result.sheet
    data = read_rows(source, sheet=sheet, limits=limits)
    by_row = result.errors_by_row()
    letters: dict[int, str] = {}

    wb = styles.new_workbook(write_only=True)
    try:
        ws = wb.create_sheet("แก้ไขข้อผิดพลาด")
        maker = styles.CellMaker(ws)
        maker.add("h", font=styles.BOLD_FONT, fill=styles.HEADER_FILL,
                  border=styles.THIN_BORDER, alignment=styles.HEADER_ALIGN)
        maker.add("bad", fill=styles.ERROR_FILL)
        maker.add("baddate", fill=styles.ERROR_FILL, number_format=styles.DATE_FORMAT)
        maker.add("date", number_format=styles.DATE_FORMAT)
        maker.add("msg", font=styles.REQUIRED_FONT)
        header = result.header_row - 1
        first_data = result.data_row - 1  # a second header row is copied as a header too
        header_cells = data.head[header]
        hwidth = len(header_cells)
        ws.column_dimensions["A"].width = 9
        ws.column_dimensions["B"].width = 60
        for i in range(hwidth):
            ws.column_dimensions[get_column_letter(i + 3)].width = 18
        ws.freeze_panes = "C2"
        head = [maker(cols.SOURCE_ROW_COLUMN.th, "h"), maker(cols.ERRORS_COLUMN.th, "h")]
        ws.append(head + [maker(_plain(v), "h") for v in header_cells])
        comments = 0
        written = 0
        for r, row in enumerate(data.iter_rows()):
            if r <= header:
                continue
            if r < first_data:
                ws.append([None, None] + [maker(_plain(v), "h") for v in row])
                continue
            rownum = r + 1
            errs = by_row.get(rownum, [])
            if len(row) < hwidth:
                row = [*row, *([None] * (hwidth - len(row)))]
            if only_errors and not errs:
                continue
            if not errs and all(v is None or v == "" for v in row):
                continue
            bad: dict[str, list[str]] = {}
            for e in errs:
                if e.column:
                    bad.setdefault(e.column, []).append(f"{e.th}\n{e.en}")
            out: list[Any] = [rownum]
            msg = "\n".join(e.message() for e in errs)
            out.append(maker(msg, "msg") if msg else None)
            for i, v in enumerate(row):
                letter = letters.get(i) or letters.setdefault(i, get_column_letter(i + 1))
                v = _plain(v)
                if letter in bad:
                    c = maker(v, "baddate" if isinstance(v, dt.date) else "bad")
                    if comments < MAX_COMMENTS:
                        c.comment = Comment("\n".join(bad[letter])[:2000], "bkkdesk")
                        comments += 1
                    out.append(c)
                elif isinstance(v, dt.date):
                    out.append(maker(v, "date"))
                else:
                    out.append(styles.text_or_cell(maker, v))
            ws.append(out)
            written += 1
        save_atomically(wb, Path(path))
    except BaseException:
        _abort_workbook(wb)
        raise
    return written


def _plain(v: Any) -> Any:
    if isinstance(v, str):
        return styles.clean_text(v)
    if isinstance(v, dt.time | dt.timedelta):
        return str(v)
    return v

