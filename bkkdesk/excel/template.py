"""An empty workbook ready to fill in, for one data set and one district.

Header rows as in an export (Thai, then English); required columns marked with ``*``
and coloured; drop-down lists for choices, yes/no and the district's subdistricts (the
lists live on a hidden sheet, referenced by defined names); number, date and text
formats and range checks on the first ``rows`` rows; a notes sheet explaining every
field's rules in Thai and English. Computed fields are left out (they are calculated).
The template imports back through :func:`bkkdesk.excel.importer.import_workbook`.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from bkkdesk.core.definitions import DatasetDef, FieldDef, FieldType
from bkkdesk.core.describe import describe
from bkkdesk.core.reference import Reference
from bkkdesk.core.thaidate import format_be
from bkkdesk.excel import columns as cols
from bkkdesk.excel import styles
from bkkdesk.excel.export import _setup_print, save_atomically

DATA_SHEET = "กรอกข้อมูล"
NOTES_SHEET = "คำอธิบาย"
LISTS_SHEET = "_lists"
DEFAULT_ROWS = 1000

TYPE_NAMES = {
    FieldType.TEXT: ("ข้อความ", "text"),
    FieldType.LONGTEXT: ("ข้อความยาว", "long text"),
    FieldType.INTEGER: ("จำนวนเต็ม", "whole number"),
    FieldType.DECIMAL: ("ตัวเลข", "number"),
    FieldType.DATE: ("วันที่", "date"),
    FieldType.DATETIME: ("วันที่และเวลา", "date and time"),
    FieldType.CHOICE: ("เลือกจากรายการ", "one choice"),
    FieldType.MULTICHOICE: ("เลือกได้หลายข้อ", "several choices"),
    FieldType.YESNO: ("ใช่/ไม่ใช่", "yes/no"),
    FieldType.NATIONAL_ID: ("เลขประจำตัวประชาชน 13 หลัก", "13-digit national ID"),
    FieldType.PHONE: ("หมายเลขโทรศัพท์", "phone number"),
    FieldType.SUBDISTRICT: ("แขวง", "subdistrict"),
    FieldType.GEOPOINT: ("พิกัด ละติจูด,ลองจิจูด", "point latitude,longitude"),
}


def _rules(d: DatasetDef, f: FieldDef, sub_names: list[str]) -> tuple[str, str]:
    """The field's rules in Thai and English, for the notes sheet."""
    th: list[str] = []
    en: list[str] = []
    when_th = describe(d, f.relevant, "th") if f.relevant else ""
    when_en = describe(d, f.relevant, "en") if f.relevant else ""
    if f.required and f.relevant:
        th.append(f"ต้องกรอกเมื่อ {when_th}")
        en.append(f"required when {when_en}")
    elif f.required:
        th.append("ต้องกรอก")
        en.append("required")
    elif f.relevant:
        th.append(f"กรอกเมื่อ {when_th}")
        en.append(f"only when {when_en}")
    year = cols.is_year_field(f)  # a year is never written "2,568"
    if f.min is not None:
        lo = f"{f.min}" if year else f"{f.min:,}"
        th.append(f"ไม่น้อยกว่า {lo}")
        en.append(f"at least {lo}")
    if f.max is not None:
        hi = f"{f.max}" if year else f"{f.max:,}"
        th.append(f"ไม่มากกว่า {hi}")
        en.append(f"at most {hi}")
    if f.type == FieldType.DECIMAL:
        th.append(f"ทศนิยมไม่เกิน {f.places} ตำแหน่ง")
        en.append(f"up to {f.places} decimal places")
    if f.type in (FieldType.DATE, FieldType.DATETIME):
        th.append("พ.ศ. หรือ ค.ศ. เช่น 31/01/2568 หรือ 31 ม.ค. 2568")
        en.append("B.E. or C.E., e.g. 31/01/2568 or 2025-01-31")
        if f.min_date:
            th.append(f"ไม่ก่อน {format_be(dt.date.fromisoformat(f.min_date))}")
            en.append(f"not before {f.min_date}")
        if f.max_date:
            th.append(f"ไม่หลัง {format_be(dt.date.fromisoformat(f.max_date))}")
            en.append(f"not after {f.max_date}")
    max_len = f.effective_max_length if f.type in (FieldType.TEXT, FieldType.LONGTEXT) else None
    if max_len:
        th.append(f"ยาวไม่เกิน {max_len:,} ตัวอักษร")
        en.append(f"at most {max_len:,} characters")
    if f.min_length:
        th.append(f"อย่างน้อย {f.min_length} ตัวอักษร")
        en.append(f"at least {f.min_length} characters")
    if f.pattern_message is not None:
        th.append(f.pattern_message.th)
        en.append(f.pattern_message.en)
    if f.type in (FieldType.CHOICE, FieldType.MULTICHOICE):
        th.append("ตัวเลือก: " + ", ".join(c.label.th for c in f.choices))
        en.append("choices: " + ", ".join(c.label.en for c in f.choices))
        if f.type == FieldType.MULTICHOICE:
            th.append("หลายข้อคั่นด้วยจุลภาค (,)")
            en.append("separate several with commas")
    if f.type == FieldType.SUBDISTRICT:
        th.append("แขวงในเขตนี้: " + ", ".join(sub_names))
        en.append("a subdistrict of this district" + (", several separated by commas"
                                                     if f.multiple else ""))
    if f.type == FieldType.NATIONAL_ID:
        th.append("13 หลัก ตรวจเลขหลักสุดท้าย")
        en.append("13 digits with a valid check digit")
    if f.type == FieldType.PHONE:
        th.append("ขึ้นต้นด้วย 0 มี 9–10 หลัก")
        en.append("starts with 0, 9–10 digits")
    if f.personal or f.sensitive:
        th.append("ข้อมูลส่วนบุคคล")
        en.append("personal data")
    return "; ".join(th), "; ".join(en)


def write_template(
    path: str | os.PathLike[str],
    definition: DatasetDef,
    reference: Reference,
    district_code: str,
    *,
    rows: int = DEFAULT_ROWS,
) -> Path:
    """Write the fill-in template of ``definition`` for ``district_code`` to ``path``."""
    target = Path(path)
    fields = [f for f in definition.fields if not f.compute]
    subs = sorted(reference.subdistricts_of(district_code), key=lambda s: s.code)
    sub_names = [s.name_th for s in subs]
    district = reference.districts.get(district_code)
    district_name = f"เขต{district.name_th}" if district else district_code

    wb = styles.new_workbook(write_only=False)
    ws = wb.active
    ws.title = DATA_SHEET
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    notes = wb.create_sheet(NOTES_SHEET)
    wb.active = 0

    # --- lists on the hidden sheet, each behind a defined name ----------------------
    list_names: dict[str, str] = {}

    def add_list(name: str, values: list[str]) -> str:
        col = len(list_names) + 1
        letter = get_column_letter(col)
        lists.cell(1, col, name)
        for i, v in enumerate(values, 2):
            lists.cell(i, col, v)
        ref = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        dn = f"list_{name}"
        wb.defined_names[dn] = DefinedName(dn, attr_text=ref)
        list_names[name] = dn
        return dn

    if sub_names:
        add_list("subdistrict", sub_names)
    add_list("yesno", [cols.YES.th, cols.NO.th])

    # --- header rows -----------------------------------------------------------------
    header_font = styles.BOLD_FONT
    last_row = rows + 2
    for i, f in enumerate(fields, 1):
        letter = get_column_letter(i)
        required = f.required and not f.relevant
        text = cols.header_label(f, "th")
        if f.required:
            text = ("* " if required else "(*) ") + text
        c1 = ws.cell(1, i, text)
        c1.font = styles.REQUIRED_FONT if f.required else header_font
        c1.fill = styles.REQUIRED_FILL if f.required else styles.HEADER_FILL
        c1.border = styles.THIN_BORDER
        c1.alignment = styles.HEADER_ALIGN
        c2 = ws.cell(2, i, cols.header_label(f, "en"))
        c2.font = styles.SMALL_FONT
        c2.fill = styles.HEADER2_FILL
        c2.border = styles.THIN_BORDER
        c2.alignment = styles.HEADER_ALIGN
        fmt = cols._format(f, reference, "th")
        ws.column_dimensions[letter].width = max(
            12, min(40, max(fmt.width_hint, cols.display_width(text) / 2) + 2)
        )
        number_format = _number_format(f)
        if number_format is not None:
            for r in range(3, last_row + 1):
                ws.cell(r, i).number_format = number_format
        dv = _validation(f, list_names, add_list)
        if dv is not None:
            dv.add(f"{letter}3:{letter}{last_row}")
            ws.add_data_validation(dv)
    ws.row_dimensions[1].height = 66
    ws.freeze_panes = "A3"
    ws.sheet_format.defaultRowHeight = 24
    ws.sheet_format.customHeight = True
    _setup_print(ws, f"{definition.title.th} (แบบฟอร์มกรอกข้อมูล)", district_name,
                 "", header_rows=2)

    _write_notes(notes, definition, fields, sub_names, district_name)
    save_atomically(wb, target)
    return target


def _number_format(f: FieldDef) -> str | None:
    t = f.type
    if t == FieldType.DATE:
        return styles.DATE_FORMAT
    if t == FieldType.DATETIME:
        return styles.DATETIME_FORMAT
    if t == FieldType.INTEGER:
        return "0" if cols.is_year_field(f) else styles.INTEGER_FORMAT
    if t == FieldType.DECIMAL:
        return styles.decimal_format(f.places, f.money)
    if t in (FieldType.NATIONAL_ID, FieldType.PHONE, FieldType.TEXT):
        return "@"  # keeps leading zeros and long digit strings as typed
    return None


def _validation(f: FieldDef, list_names: dict[str, str], add_list: Any) -> DataValidation | None:
    label = f.label.th
    help_th = (f.help.th if f.help else "")[:250]
    common: dict[str, Any] = {
        "allow_blank": True,
        "showErrorMessage": True,
        "errorTitle": label[:32],
        "promptTitle": label[:32],
        "prompt": help_th or None,
        "showInputMessage": bool(help_th),
    }
    t = f.type
    if t == FieldType.CHOICE:
        name = list_names.get(f.name) or add_list(f.name, [c.label.th for c in f.choices])
        return DataValidation(type="list", formula1=name,
                              error="เลือกจากรายการเท่านั้น", **common)
    if t == FieldType.YESNO:
        return DataValidation(type="list", formula1=list_names["yesno"],
                              error="เลือก ใช่ หรือ ไม่ใช่", **common)
    if t == FieldType.SUBDISTRICT and not f.multiple and "subdistrict" in list_names:
        return DataValidation(type="list", formula1=list_names["subdistrict"],
                              error="เลือกแขวงในเขตนี้", **common)
    if t in (FieldType.INTEGER, FieldType.DECIMAL):
        lo = f.min if f.min is not None else -(10**15)
        hi = f.max if f.max is not None else 10**15
        kind = "whole" if t == FieldType.INTEGER else "decimal"
        return DataValidation(type=kind, operator="between", formula1=str(lo), formula2=str(hi),
                              error=f"ต้องเป็นตัวเลขระหว่าง {lo} ถึง {hi}",
                              **common)
    if t in (FieldType.DATE, FieldType.DATETIME):
        # B.E. typed into a Gregorian Excel is a year 2400–2700 date: allowed, and the
        # importer takes 543 years off.
        lo_d = dt.date.fromisoformat(f.min_date) if f.min_date else dt.date(1900, 1, 1)
        hi_d = dt.date(2700, 12, 31)
        return DataValidation(type="date", operator="between",
                              formula1=str(int(to_excel(lo_d))), formula2=str(int(to_excel(hi_d))),
                              error="ต้องเป็นวันที่ เช่น 31/01/2568", **common)
    if t in (FieldType.TEXT, FieldType.LONGTEXT) and f.effective_max_length:
        return DataValidation(type="textLength", operator="lessThanOrEqual",
                              formula1=str(f.effective_max_length),
                              error=f"ยาวไม่เกิน {f.effective_max_length:,} ตัวอักษร",
                              **common)
    return None


def _write_notes(ws: Any, definition: DatasetDef, fields: list[FieldDef],
                 sub_names: list[str], district_name: str) -> None:
    ws.cell(1, 1, f"คำอธิบายการกรอก: {definition.title.th} ({district_name})").font = \
        styles.TITLE_FONT
    lines = [
        "กรอกข้อมูลในชีต 'กรอกข้อมูล' ตั้งแต่แถวที่ 3 หนึ่งแถวต่อหนึ่งระเบียน อย่าเปลี่ยนหัวคอลัมน์",
        "ช่องที่มี * ต้องกรอก; (*) ต้องกรอกเมื่อเข้าเงื่อนไข; วันที่กรอกเป็น พ.ศ. หรือ ค.ศ. ก็ได้",
        "Fill in the 'กรอกข้อมูล' sheet from row 3, one record per row; keep the headers. "
        "* = required, (*) = required when the condition holds; dates in B.E. or C.E.",
        f"ชุดข้อมูล {definition.id} รุ่น {definition.version}",
    ]
    for i, line in enumerate(lines, 2):
        ws.cell(i, 1, line)
    head = ["คอลัมน์ / Column", "ช่อง", "Field", "ชนิด / Type", "จำเป็น / Required",
            "กฎการกรอก", "Rules", "คำอธิบาย", "Help"]
    top = len(lines) + 3
    for c, text in enumerate(head, 1):
        cell = ws.cell(top, c, text)
        cell.font = styles.BOLD_FONT
        cell.fill = styles.HEADER_FILL
        cell.border = styles.BLACK_BORDER
        cell.alignment = styles.HEADER_ALIGN
    for r, f in enumerate(fields, top + 1):
        th_rules, en_rules = _rules(definition, f, sub_names)
        type_th, type_en = TYPE_NAMES[f.type]
        req = "ใช่ / yes" if f.required and not f.relevant else (
            "ตามเงื่อนไข / conditional" if f.required else "-")
        values = [
            get_column_letter(r - top), cols.header_label(f, "th"), cols.header_label(f, "en"),
            f"{type_th} / {type_en}", req, th_rules, en_rules,
            f.help.th if f.help else "", f.help.en if f.help else "",
        ]
        for c, v in enumerate(values, 1):
            cell = ws.cell(r, c, v)
            cell.border = styles.BLACK_BORDER
            cell.alignment = styles.WRAP_ALIGN
            if c == 2 and f.required:
                cell.font = Font(name=styles.FONT_NAME, size=styles.FONT_SIZE,
                                 charset=styles.THAI_CHARSET, bold=True, color="FFC00000")
    for letter, width in zip("ABCDEFGHI", (10, 26, 22, 18, 14, 45, 40, 40, 35), strict=True):
        ws.column_dimensions[letter].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9
