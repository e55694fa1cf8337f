"""The summary sheet of an export: counts and sums by subdistrict, status and district.

Totals are kept as running sums while the rows stream past (one entry per group),
so a summary of a million rows costs no more memory than one of ten.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl.chart import BarChart
from openpyxl.chart import Reference as ChartRef
from openpyxl.worksheet.properties import PageSetupProperties

from bkkdesk.core.definitions import DatasetDef, FieldDef, FieldType
from bkkdesk.core.records import RecordData
from bkkdesk.core.reference import Reference
from bkkdesk.excel import columns as cols
from bkkdesk.excel import styles

SUMMARY_SHEET = "สรุป"
MAX_SUM_FIELDS = 8
UNKNOWN = "(ไม่ระบุ)"


def summable_fields(definition: DatasetDef) -> list[FieldDef]:
    """Money fields first, then other numbers; years are never summed."""
    nums = [
        f for f in definition.fields
        if f.type in (FieldType.DECIMAL, FieldType.INTEGER) and not cols.is_year_field(f)
    ]
    nums.sort(key=lambda f: not f.money)
    return nums[:MAX_SUM_FIELDS]


def _number(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


@dataclass
class _Group:
    count: int = 0
    sums: list[Decimal] = field(default_factory=list)


class _Groups:
    def __init__(self, n: int) -> None:
        self.n = n
        self.data: dict[str, _Group] = {}

    def add(self, key: str, numbers: list[Decimal | None]) -> None:
        g = self.data.get(key)
        if g is None:
            g = self.data[key] = _Group(0, [Decimal(0)] * self.n)
        g.count += 1
        for i, d in enumerate(numbers):
            if d is not None:
                g.sums[i] += d


class SummaryBuilder:
    """Accumulates totals record by record, then writes the summary sheet(s)."""

    def __init__(
        self,
        definition: DatasetDef,
        reference: Reference,
        *,
        lang: str = "th",
        by_district: bool = False,
    ) -> None:
        self.definition = definition
        self.reference = reference
        self.lang = lang
        self.fields = summable_fields(definition)
        n = len(self.fields)
        self.by_subdistrict = _Groups(n)
        self.by_status = _Groups(n)
        self.by_district = _Groups(n) if by_district else None
        self.total = _Group(0, [Decimal(0)] * n)
        self._sub_field = definition.subdistrict_field
        self._status_field = definition.status_field

    def add(self, rec: RecordData) -> None:
        values = rec.values
        numbers = [_number(values.get(f.name)) for f in self.fields]
        self.total.count += 1
        for i, d in enumerate(numbers):
            if d is not None:
                self.total.sums[i] += d
        sub: Any = rec.subdistrict_code
        if sub is None and self._sub_field is not None:
            raw = values.get(self._sub_field)
            sub = raw[0] if isinstance(raw, list) and raw else raw
        if sub is not None or self._sub_field is not None:
            self.by_subdistrict.add(str(sub) if sub else "", numbers)
        status = rec.status
        if status is None and self._status_field is not None:
            status = values.get(self._status_field)
        if self._status_field is not None or status is not None:
            self.by_status.add(str(status) if status else "", numbers)
        if self.by_district is not None:
            self.by_district.add(rec.district_code, numbers)

    # --- labels ---------------------------------------------------------------------
    def _sub_name(self, code: str) -> str:
        s = self.reference.subdistricts.get(code)
        if s is None:
            return code or UNKNOWN
        return s.name_en if self.lang == "en" else s.name_th

    def _status_name(self, value: str) -> str:
        if not value:
            return UNKNOWN
        if self._status_field is None:
            return value
        return self.definition.field(self._status_field).choice_label(value, self.lang)

    def _district_name(self, code: str) -> str:
        d = self.reference.districts.get(code)
        if d is None:
            return code or UNKNOWN
        return d.name_en if self.lang == "en" else d.name_th

    def _status_order(self) -> list[str]:
        if self._status_field is None:
            return sorted(self.by_status.data)
        order = [c.value for c in self.definition.field(self._status_field).choices]
        return [v for v in order if v in self.by_status.data] + sorted(
            k for k in self.by_status.data if k not in order
        )

    # --- writing --------------------------------------------------------------------
    def write(self, wb: Any, *, title: str, district: str, date_text: str) -> None:
        ws = wb.create_sheet(SUMMARY_SHEET if self.lang == "th" else "Summary")
        self._write_sheet(ws, title=title, district=district, date_text=date_text)

    def _write_sheet(self, ws: Any, *, title: str, district: str, date_text: str) -> None:
        maker = styles.CellMaker(ws)
        maker.add("title", font=styles.TITLE_FONT)
        maker.add("sub", font=styles.BOLD_FONT)
        maker.add("h", font=styles.BOLD_FONT, fill=styles.HEADER_FILL,
                  border=styles.THIN_BORDER, alignment=styles.HEADER_ALIGN)
        maker.add("k", border=styles.THIN_BORDER)
        maker.add("n", border=styles.THIN_BORDER, number_format=styles.INTEGER_FORMAT)
        maker.add("tk", font=styles.BOLD_FONT, border=styles.THIN_BORDER, fill=styles.TOTAL_FILL)
        maker.add("tn", font=styles.BOLD_FONT, border=styles.THIN_BORDER, fill=styles.TOTAL_FILL,
                  number_format=styles.INTEGER_FORMAT)
        for f in self.fields:
            fmt = styles.decimal_format(f.places, f.money) if f.type == FieldType.DECIMAL \
                else styles.INTEGER_FORMAT
            maker.add(f"s:{f.name}", border=styles.THIN_BORDER, number_format=fmt)
            maker.add(f"ts:{f.name}", font=styles.BOLD_FONT, border=styles.THIN_BORDER,
                      fill=styles.TOTAL_FILL, number_format=fmt)
        ws.column_dimensions["A"].width = 28
        ws.column_dimensions["B"].width = 12
        for i in range(len(self.fields)):
            ws.column_dimensions[_letter(i + 3)].width = 18
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = 9  # A4
        # Tables and charts on one page wide; Thai text needs taller rows than the
        # default (as on the data sheet), wrapped headers taller still.
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.sheet_format.defaultRowHeight = 24
        ws.sheet_format.customHeight = True
        ws.row_dimensions[1].height = 32

        lang = self.lang
        row = 0

        def append(values: list[Any]) -> None:
            nonlocal row
            ws.append(values)
            row += 1

        head = "สรุป" if lang == "th" else "Summary"
        append([maker(f"{head}: {title}", "title")])
        append([maker(" · ".join(t for t in (district, date_text) if t), "sub")])
        count_label = "จำนวนระเบียน" if lang == "th" else "Records"
        sum_labels = [
            ("รวม " if lang == "th" else "Total ") + cols.header_label(f, lang)
            for f in self.fields
        ]
        charts: list[tuple[str, int, int]] = []

        def section(heading: str, key_label: str, items: Iterable[tuple[str, _Group]]) -> None:
            append([])
            append([maker(heading, "sub")])
            ws.row_dimensions[row + 1].height = 48  # headers wrap to two lines
            append([maker(key_label, "h"), maker(count_label, "h")]
                   + [maker(s, "h") for s in sum_labels])
            header_row = row
            for label, g in items:
                append([maker(label, "k"), maker(g.count, "n")]
                       + [maker(s, f"s:{f.name}") for f, s in zip(self.fields, g.sums,
                                                                  strict=True)])
            last = row
            append([maker("รวมทั้งสิ้น" if lang == "th" else "Total", "tk"),
                    maker(self.total.count, "tn")]
                   + [maker(s, f"ts:{f.name}") for f, s in zip(self.fields, self.total.sums,
                                                               strict=True)])
            if last > header_row:
                charts.append((heading, header_row, last))

        if self.by_district is not None and self.by_district.data:
            keys = sorted(self.by_district.data)
            section("ตามเขต / By district", "เขต" if lang == "th" else "District",
                    [(self._district_name(k), self.by_district.data[k]) for k in keys])
        if self.by_subdistrict.data:
            keys = sorted(self.by_subdistrict.data, key=lambda k: (k == "", k))
            section("ตามแขวง / By subdistrict", "แขวง" if lang == "th" else "Subdistrict",
                    [(self._sub_name(k), self.by_subdistrict.data[k]) for k in keys])
        if self.by_status.data:
            section("ตามสถานะ / By status", "สถานะ" if lang == "th" else "Status",
                    [(self._status_name(k), self.by_status.data[k])
                     for k in self._status_order()])
        if not (self.by_subdistrict.data or self.by_status.data or self.by_district):
            section("ทั้งหมด / All", "", [])

        anchor_col = _letter(len(self.fields) + 4)
        anchor_row = 4
        for heading, header_row, last in charts[:2]:
            chart = BarChart()
            chart.type = "bar" if last - header_row > 12 else "col"
            chart.style = 10
            chart.title = f"{count_label} — {heading.split(' / ')[0]}"
            chart.legend = None
            data = ChartRef(ws, min_col=2, min_row=header_row, max_row=last)
            cats = ChartRef(ws, min_col=1, min_row=header_row + 1, max_row=last)
            chart.add_data(data, titles_from_data=True)
            chart.set_categories(cats)
            chart.height = max(7.5, min(25.0, 0.6 * (last - header_row) + 3))
            chart.width = 16
            ws.add_chart(chart, f"{anchor_col}{anchor_row}")
            anchor_row += int(chart.height / 0.85) + 2  # 24 pt rows are 0.85 cm


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(i))
