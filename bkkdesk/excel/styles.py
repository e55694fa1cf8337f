"""Fonts, fills, number formats and fast styled cells shared by every workbook we write.

Number formats (checked in LibreOffice 7 by rendering to PDF, and the form Thai Excel
users know): ``[$-107041E]`` selects the Thai locale (041E) with the Thai Buddhist
calendar (07), so ``yyyy`` prints the B.E. year and ``mmm`` the Thai abbreviation:
a real date cell holding 2025-01-31 shows ``31 ม.ค. 2568``. (``[$-D07041E]…bbbb``
printed Thai digits and a literal "bbbb" in LibreOffice, so it is not used.)

Every workbook uses TH Sarabun New 16 (charset 222) as its default font; where it is
not installed, LibreOffice falls back through fontconfig (Debian maps it to Laksaman).
"""

from __future__ import annotations

from copy import copy
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils.indexed_list import IndexedList

FONT_NAME = "TH Sarabun New"
FONT_SIZE = 16
THAI_CHARSET = 222

DATE_FORMAT = "[$-107041E]d mmm yyyy"
DATE_FORMAT_FULL = "[$-107041E]d mmmm yyyy"
DATETIME_FORMAT = "[$-107041E]d mmm yyyy hh:mm"
MONEY_FORMAT = "#,##0.00"
INTEGER_FORMAT = "#,##0"

EXCEL_MAX_CELL_CHARS = 32_767
EXCEL_MAX_ROWS = 1_048_576

BASE_FONT = Font(name=FONT_NAME, size=FONT_SIZE, charset=THAI_CHARSET)
BOLD_FONT = Font(name=FONT_NAME, size=FONT_SIZE, charset=THAI_CHARSET, bold=True)
TITLE_FONT = Font(name=FONT_NAME, size=20, charset=THAI_CHARSET, bold=True)
SMALL_FONT = Font(name=FONT_NAME, size=14, charset=THAI_CHARSET, italic=True, color="FF44546A")
REQUIRED_FONT = Font(name=FONT_NAME, size=FONT_SIZE, charset=THAI_CHARSET, bold=True,
                     color="FFC00000")

HEADER_FILL = PatternFill("solid", start_color="FFD9E1F2")
HEADER2_FILL = PatternFill("solid", start_color="FFEDF1F9")
REQUIRED_FILL = PatternFill("solid", start_color="FFFCE4D6")
ERROR_FILL = PatternFill("solid", start_color="FFFF9999")
TOTAL_FILL = PatternFill("solid", start_color="FFF2F2F2")

_THIN = Side(style="thin", color="FF8EA9DB")
THIN_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BLACK = Side(style="thin", color="FF000000")
BLACK_BORDER = Border(left=_BLACK, right=_BLACK, top=_BLACK, bottom=_BLACK)

HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP_ALIGN = Alignment(vertical="top", wrap_text=True)
TOP_ALIGN = Alignment(vertical="top")
CENTER_ALIGN = Alignment(horizontal="center", vertical="center")


def decimal_format(places: int, money: bool) -> str:
    """``#,##0.00`` for money; ``#,##0.0…`` with the field's places otherwise."""
    if money:
        return MONEY_FORMAT
    return INTEGER_FORMAT if places == 0 else "#,##0." + "0" * places


def new_workbook(*, write_only: bool) -> Workbook:
    """A workbook whose default font (style 0 and "Normal") is TH Sarabun New 16.

    Unstyled cells use font 0, so plain values can be appended without a Cell object —
    much faster in write-only mode.
    """
    wb = Workbook(write_only=write_only)
    fonts: IndexedList = IndexedList()
    fonts.add(BASE_FONT)
    wb._fonts = fonts  # the "Normal" named style keeps fontId 0
    return wb


def clean_text(value: str) -> str:
    """Text safe for a cell: no XML-illegal control characters, at most 32,767 characters."""
    s: str = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(s) > EXCEL_MAX_CELL_CHARS:
        s = s[: EXCEL_MAX_CELL_CHARS - 1] + "…"
    return s


class CellMaker:
    """Builds styled cells fast: each style is set once on a prototype, then copied.

    Strings are always written as text (never as formulas), so a value such as
    ``=HYPERLINK(...)`` typed by a user cannot turn into a live formula in an export.
    """

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self._protos: dict[str, Any] = {}

    def add(
        self,
        key: str,
        *,
        font: Font | None = None,
        fill: PatternFill | None = None,
        border: Border | None = None,
        alignment: Alignment | None = None,
        number_format: str | None = None,
    ) -> None:
        proto: Cell = WriteOnlyCell(self.ws)
        if font is not None:
            proto.font = font
        if fill is not None:
            proto.fill = fill
        if border is not None:
            proto.border = border
        if alignment is not None:
            proto.alignment = alignment
        if number_format is not None:
            proto.number_format = number_format
        self._protos[key] = proto._style

    def style_id(self, key: str) -> int:
        """The workbook's cell-style index of style ``key`` (the ``s`` of a cell)."""
        return int(self.ws.parent._cell_styles.add(self._protos[key]))

    def __call__(self, value: Any, key: str | None = None) -> Cell:
        cell: Cell = WriteOnlyCell(self.ws)
        cell.value = value
        if isinstance(value, str) and cell.data_type == "f":
            cell.data_type = "s"
        if key is not None:
            cell._style = copy(self._protos[key])
        return cell


def text_or_cell(maker: CellMaker, value: Any) -> Any:
    """A plain value where that is safe (fast path), else a text Cell."""
    if isinstance(value, str) and value.startswith("="):
        return maker(value)
    return value
