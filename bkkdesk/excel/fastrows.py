"""A fast row path for openpyxl's write-only sheets: each data row is serialised once.

openpyxl's write-only mode streams rows to a temporary file, but it builds a Cell
object per value (and binds, styles and writes it through several Python calls). For
100,000 rows × 20 columns that per-cell cost dominates the export. Here a data row is
formatted with one f-string per cell, parsed by lxml (C) into a ``<row>`` element and
handed to the same sheet stream; openpyxl still writes everything else (the header
rows, column widths, panes, filter, print set-up, styles, the package). Output is the
same XML openpyxl would write: inline strings, style ids from the workbook's own
style table, dates as serial numbers.

If the openpyxl internals this hooks (``WriteOnlyWorksheet._values_to_row`` and the
sheet writer's ``write_row``) are not there, :meth:`FastRows.install` returns False and
the caller keeps to WriteOnlyCell objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from lxml import etree
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from bkkdesk.excel.styles import EXCEL_MAX_CELL_CHARS, CellMaker

_EPOCH = dt.datetime(1899, 12, 30)
_MARCH_1900 = dt.date(1900, 3, 1)
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def excel_serial(value: dt.date) -> float | int:
    """Days since 1899-12-30 (Excel's 1900 system)."""
    if isinstance(value, dt.datetime):
        if value.date() < _MARCH_1900:  # Excel's phantom 29 Feb 1900: openpyxl knows
            return float(to_excel(value))
        delta = value - _EPOCH
        return delta.days + delta.seconds / 86400
    if value < _MARCH_1900:
        return float(to_excel(value))
    return (value - _EPOCH.date()).days


class FastRows:
    """Appends pre-serialised data rows to a write-only worksheet."""

    def __init__(self, ws: Any, maker: CellMaker, styles: Sequence[str | None]) -> None:
        self.ws = ws
        self.letters = [get_column_letter(i + 1) for i in range(len(styles))]
        self.style_attr = [
            f' s="{maker.style_id(s)}"' if s is not None else "" for s in styles
        ]
        self.row_idx = 0

    def install(self, next_row: int) -> bool:
        """Hook the sheet stream; ``next_row`` is the number of the next row appended."""
        ws = self.ws
        writer = getattr(ws, "_writer", None)
        if writer is None or not hasattr(ws, "_values_to_row") or not hasattr(
            writer, "write_row"
        ):
            return False

        def values_to_row(values: Any, row_idx: int) -> Any:
            return values

        def write_row(xf: Any, row: Any, row_idx: int) -> None:
            for el in row:
                xf.write(el)

        ws._values_to_row = values_to_row
        writer.write_row = write_row
        self.row_idx = next_row
        return True

    def append(self, values: Sequence[Any]) -> None:
        r = self.row_idx
        parts = [f'<row r="{r}">']
        letters = self.letters
        style_attr = self.style_attr
        for i, v in enumerate(values):
            if v is None:
                continue
            ref = f"{letters[i]}{r}"
            s = style_attr[i]
            if isinstance(v, str):
                if len(v) > EXCEL_MAX_CELL_CHARS:
                    v = v[: EXCEL_MAX_CELL_CHARS - 1] + "…"
                text = ILLEGAL_CHARACTERS_RE.sub("", v).translate(_ESCAPES)
                space = ' xml:space="preserve"' if text != text.strip() else ""
                parts.append(f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>')
            elif isinstance(v, bool):
                parts.append(f'<c r="{ref}"{s} t="b"><v>{int(v)}</v></c>')
            elif isinstance(v, int):
                parts.append(f'<c r="{ref}"{s}><v>{v}</v></c>')
            elif isinstance(v, Decimal):
                parts.append(f'<c r="{ref}"{s}><v>{v:f}</v></c>')
            elif isinstance(v, float):
                parts.append(f'<c r="{ref}"{s}><v>{v!r}</v></c>')
            elif isinstance(v, dt.date):
                parts.append(f'<c r="{ref}"{s}><v>{excel_serial(v)}</v></c>')
            else:
                text = str(v).translate(_ESCAPES)
                parts.append(f'<c r="{ref}"{s} t="inlineStr"><is><t>{text}</t></is></c>')
        parts.append("</row>")
        self.ws.append([etree.fromstring("".join(parts))])
        self.row_idx += 1
