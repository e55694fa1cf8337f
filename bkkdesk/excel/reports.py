"""KPI evaluation reports from the ``kpi_report`` data set, laid out as official forms.

- **แบบ ง (form D)**, one page per indicator: indicator, component, unit, weight, target,
  result, score, evidence, problems and suggestion, in a bordered two-column table
  under the form's title rows.
- **แบบ ค (form C)**, one page per district (unit) and reporting round: for each of the
  five components the number of indicators, how many are scored, the average score
  and the weighted average score, with a total row.

TH Sarabun New 16, A4 portrait, fitted to the page width. KPI data sets are small (tens
of indicators per district and round), so the records are held in memory and the
workbook is written in normal (not streaming) mode, which allows merged title cells.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties

from bkkdesk.core.definitions import DatasetDef
from bkkdesk.core.errors import BkkError
from bkkdesk.core.records import RecordData
from bkkdesk.core.reference import Reference, load_reference
from bkkdesk.excel import columns as cols
from bkkdesk.excel import styles
from bkkdesk.excel.export import ExportCancelled, save_atomically

FORM_D_SHEET = "แบบ ง รายตัวชี้วัด"
FORM_C_SHEET = "แบบ ค สรุปคะแนน"
KPI_FIELDS = ("fiscal_year", "component", "indicator_code", "indicator_name", "target",
              "result", "score")
SCORE = Decimal("0.01")

_BOLD = styles.BOLD_FONT
_TITLE = Font(name=styles.FONT_NAME, size=18, charset=styles.THAI_CHARSET, bold=True)
_CENTER_WRAP = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT_WRAP = Alignment(horizontal="left", vertical="top", wrap_text=True)


@dataclass
class KpiReportResult:
    path: Path
    indicators: int  # form D pages
    units: int  # form C pages (district × fiscal year × round)


def _dec(v: Any) -> Decimal | None:
    if v is None or v == "":
        return None
    try:
        d = Decimal(str(v))
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def _code_key(code: Any) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", str(code))) or (10**6,)


def _lines(text: str, width_chars: float) -> int:
    n = 0
    for part in text.split("\n"):
        n += max(1, -(-cols.display_width(part) // max(1, int(width_chars))))
    return n


def write_kpi_reports(
    path: str | os.PathLike[str],
    definition: DatasetDef,
    records: Iterable[RecordData],
    *,
    reference: Reference | None = None,
    cancel: Callable[[], bool] | None = None,
) -> KpiReportResult:
    """Write forms D and C (see the module docstring) for the given KPI records."""
    missing = [n for n in KPI_FIELDS if n not in definition.field_map]
    if missing:
        raise BkkError(
            f"ชุดข้อมูล {definition.id} ไม่ใช่รายงานตัวชี้วัด (ไม่มีช่อง {', '.join(missing)})",
            f"data set {definition.id} is not a KPI report (no field {', '.join(missing)})",
        )
    reference = reference or load_reference()
    recs = [r for r in records if not r.deleted]
    if cancel is not None and cancel():
        raise ExportCancelled()
    fm = definition.field_map
    components = [c.value for c in fm["component"].choices]

    def comp_index(v: Any) -> int:
        return components.index(v) if v in components else len(components)

    rounds = [c.value for c in fm["reporting_round"].choices] if "reporting_round" in fm else []

    def round_index(v: Any) -> int:
        return rounds.index(v) if v in rounds else len(rounds)

    recs.sort(key=lambda r: (
        r.district_code, r.values.get("fiscal_year") or 0,
        round_index(r.values.get("reporting_round")), comp_index(r.values.get("component")),
        _code_key(r.values.get("indicator_code")),
    ))

    def district_name(code: str) -> str:
        d = reference.districts.get(code)
        return f"สำนักงานเขต{d.name_th}" if d else code

    def label(name: str, value: Any) -> str:
        if value is None or value == "":
            return "-"
        if name in fm and fm[name].choices:
            if isinstance(value, list):
                return ", ".join(fm[name].choice_label(v) for v in value)
            return fm[name].choice_label(str(value))
        return str(value)

    def subtitle(r: RecordData) -> str:
        v = r.values
        parts = [district_name(r.district_code)]
        if v.get("fiscal_year"):
            parts.append(f"ปีงบประมาณ พ.ศ. {v['fiscal_year']}")
        if v.get("reporting_round"):
            parts.append(label("reporting_round", v["reporting_round"]))
        return "  ".join(parts)

    wb = styles.new_workbook(write_only=False)
    ws_d = wb.active
    ws_d.title = FORM_D_SHEET
    ws_c = wb.create_sheet(FORM_C_SHEET)
    for ws in (ws_d, ws_c):
        ws.page_setup.orientation = "portrait"
        ws.page_setup.paperSize = 9
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_margins.left = ws.page_margins.right = 0.6
        ws.page_margins.top = ws.page_margins.bottom = 0.9
        ws.page_margins.header = ws.page_margins.footer = 0.3
        ws.oddFooter.center.text = "หน้า &P / &N"
        ws.oddFooter.center.font = f"{styles.FONT_NAME},Regular"
        ws.oddFooter.center.size = 14
        ws.HeaderFooter.scaleWithDoc = False
        ws.sheet_view.showGridLines = False
        ws.sheet_format.defaultRowHeight = 24
        ws.sheet_format.customHeight = True

    # --- form D: one block per indicator --------------------------------------------
    ws_d.column_dimensions["A"].width = 30
    ws_d.column_dimensions["B"].width = 62
    row = 1

    def put(ws: Any, r: int, c: int, value: Any, *, font: Font | None = None,
            align: Alignment | None = None, border: bool = True,
            fmt: str | None = None) -> None:
        cell = ws.cell(r, c, value)
        if font is not None:
            cell.font = font
        if align is not None:
            cell.alignment = align
        if border:
            cell.border = styles.BLACK_BORDER
        if fmt is not None:
            cell.number_format = fmt

    for i, r in enumerate(recs):
        if cancel is not None and i % 50 == 0 and cancel():
            raise ExportCancelled()
        v = r.values
        if row > 1:
            ws_d.row_breaks.append(Break(id=row - 1))
        ws_d.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        put(ws_d, row, 1, "แบบ ง  รายงานผลการดำเนินงานตามตัวชี้วัด", font=_TITLE,
            align=_CENTER_WRAP, border=False)
        ws_d.row_dimensions[row].height = 30
        row += 1
        ws_d.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        put(ws_d, row, 1, subtitle(r), font=_BOLD, align=_CENTER_WRAP, border=False)
        row += 2
        unit = label("unit_of_measure", v.get("unit_of_measure")) \
            if "unit_of_measure" in fm else ""
        problems = label("problem_category", v.get("problem_category")) \
            if "problem_category" in fm else "-"
        if v.get("problem_detail"):
            problems = (problems if problems != "-" else "") + "\n" + str(v["problem_detail"])
        items: list[tuple[str, Any, str | None]] = [
            ("ตัวชี้วัดที่", f"{v.get('indicator_code', '')}  {v.get('indicator_name', '')}",
             None),
            ("องค์ประกอบ", label("component", v.get("component")), None),
            ("หน่วยงานเจ้าภาพ", v.get("indicator_owner") or "-", None),
            ("หน่วยนับ", unit or "-", None),
            ("น้ำหนัก (ร้อยละ)", _dec(v.get("weight")), "0.00"),
            ("ค่าเป้าหมาย", _dec(v.get("target")), "#,##0.00"),
            ("ผลการดำเนินงาน", _dec(v.get("result")), "#,##0.00"),
            ("คะแนนที่ได้ (1–5)", _dec(v.get("score")), "0.00"),
            ("รายละเอียดการดำเนินงานและหลักฐาน", v.get("evidence") or "-", None),
            ("ปัญหาอุปสรรค", problems.strip() or "-", None),
            ("ข้อเสนอแนะ", v.get("suggestion") or "-", None),
            ("สถานะ", label("status", v.get("status")) if "status" in fm else "-", None),
        ]
        for name, value, fmt in items:
            put(ws_d, row, 1, name, font=_BOLD, align=_LEFT_WRAP)
            shown = "-" if value is None else value
            put(ws_d, row, 2, styles.clean_text(shown) if isinstance(shown, str) else shown,
                align=_LEFT_WRAP, fmt=fmt)
            lines = min(40, _lines(shown, 60)) if isinstance(shown, str) else 1
            ws_d.row_dimensions[row].height = max(24, 22 * lines + 4)
            row += 1
        row += 1
        put(ws_d, row, 2, "ผู้รายงาน ........................................", border=False,
            align=Alignment(horizontal="right"))
        row += 2

    # --- form C: average score per component, per district and round ----------------
    groups: dict[tuple[str, Any, Any], list[RecordData]] = {}
    for r in recs:
        key = (r.district_code, r.values.get("fiscal_year"), r.values.get("reporting_round"))
        groups.setdefault(key, []).append(r)
    widths = (58, 14, 14, 16, 14, 18)
    for letter, w in zip("ABCDEF", widths, strict=True):
        ws_c.column_dimensions[letter].width = w
    heads = ["องค์ประกอบ", "จำนวนตัวชี้วัด", "ให้คะแนนแล้ว", "คะแนนเฉลี่ย",
             "น้ำหนักรวม", "คะแนนถ่วงน้ำหนัก"]
    row = 1
    for gi, (_key, items_) in enumerate(groups.items()):
        if gi:
            ws_c.row_breaks.append(Break(id=row - 1))
        ws_c.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        put(ws_c, row, 1, "แบบ ค  สรุปผลคะแนนการประเมินตามองค์ประกอบ", font=_TITLE,
            align=_CENTER_WRAP, border=False)
        ws_c.row_dimensions[row].height = 30
        row += 1
        ws_c.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        put(ws_c, row, 1, subtitle(items_[0]), font=_BOLD, align=_CENTER_WRAP, border=False)
        row += 2
        for c, h in enumerate(heads, 1):
            put(ws_c, row, c, h, font=_BOLD, align=_CENTER_WRAP)
        ws_c.row_dimensions[row].height = 48
        row += 1
        all_scores: list[Decimal] = []
        w_sum_all = ws_sum_all = Decimal(0)
        for comp in [*components, None]:
            if comp is None:
                in_comp = [r for r in items_ if r.values.get("component") not in components]
            else:
                in_comp = [r for r in items_ if r.values.get("component") == comp]
            if comp is None and not in_comp:
                continue
            scores = [s for s in (_dec(r.values.get("score")) for r in in_comp) if s is not None]
            weighted = [(w, s) for w, s in ((_dec(r.values.get("weight")),
                        _dec(r.values.get("score"))) for r in in_comp)
                        if w is not None and s is not None]
            w_sum = sum((w for w, _ in weighted), Decimal(0))
            ws_sum = sum((w * s for w, s in weighted), Decimal(0))
            all_scores += scores
            w_sum_all += w_sum
            ws_sum_all += ws_sum
            name = label("component", comp) if comp else "ไม่ระบุองค์ประกอบ"
            avg = (sum(scores, Decimal(0)) / len(scores)).quantize(SCORE) if scores else None
            wavg = (ws_sum / w_sum).quantize(SCORE) if w_sum else None
            values: list[tuple[Any, str | None]] = [
                (name, None), (len(in_comp), "0"), (len(scores), "0"),
                (avg if avg is not None else "-", "0.00"), (w_sum if w_sum else "-", "0.00"),
                (wavg if wavg is not None else "-", "0.00"),
            ]
            for c, (val, fmt) in enumerate(values, 1):
                put(ws_c, row, c, val, align=_LEFT_WRAP if c == 1 else _CENTER_WRAP, fmt=fmt)
            ws_c.row_dimensions[row].height = 22 * min(4, _lines(name, 56)) + 4
            row += 1
        avg_all = (sum(all_scores, Decimal(0)) / len(all_scores)).quantize(SCORE) \
            if all_scores else "-"
        wavg_all = (ws_sum_all / w_sum_all).quantize(SCORE) if w_sum_all else "-"
        totals: list[tuple[Any, str | None]] = [
            ("รวม", None), (len(items_), "0"), (len(all_scores), "0"), (avg_all, "0.00"),
            (w_sum_all if w_sum_all else "-", "0.00"), (wavg_all, "0.00"),
        ]
        for c, (val, fmt) in enumerate(totals, 1):
            put(ws_c, row, c, val, font=_BOLD, align=_CENTER_WRAP, fmt=fmt)
            ws_c.cell(row, c).fill = styles.TOTAL_FILL
        row += 3

    if not recs:
        put(ws_d, 1, 1, "ไม่มีข้อมูลตัวชี้วัด / no KPI records", border=False)
        put(ws_c, 1, 1, "ไม่มีข้อมูลตัวชี้วัด / no KPI records", border=False)
    save_atomically(wb, Path(path))
    return KpiReportResult(Path(path), len(recs), len(groups))
