"""Templates (drop-downs, formats, notes) and the KPI evaluation reports; LibreOffice renders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import DISTRICT, to_pdf
from excel_factory import make_records, record_from_values

from bkkdesk.core.errors import BkkError
from bkkdesk.excel import styles
from bkkdesk.excel.export import ExportOptions, export_records
from bkkdesk.excel.importer import import_workbook
from bkkdesk.excel.reports import write_kpi_reports
from bkkdesk.excel.template import write_template


def test_template_layout(tmp_path: Path, all_types, ref) -> None:
    path = write_template(tmp_path / "t.xlsx", all_types, ref, DISTRICT, rows=50)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["กรอกข้อมูล", "_lists", "คำอธิบาย"]
    assert wb["_lists"].sheet_state == "hidden"
    ws = wb["กรอกข้อมูล"]
    heads = [c.value for c in ws[1]]
    assert heads[0] == "* รหัส" and "สองเท่า" not in heads  # computed fields left out
    assert ws.cell(1, 1).fill.start_color.rgb == styles.REQUIRED_FILL.start_color.rgb
    assert ws.cell(1, 1).font.color.rgb == "FFC00000"
    assert ws.cell(2, 1).value == "Code" and ws.freeze_panes == "A3"
    col = {h.lstrip("* "): i + 1 for i, h in enumerate(heads)}
    assert ws.cell(3, col["วันที่"]).number_format == styles.DATE_FORMAT
    assert ws.cell(52, col["วันที่"]).number_format == styles.DATE_FORMAT
    assert ws.cell(3, col["จำนวนเงิน (บาท)"]).number_format == "#,##0.00"
    assert ws.cell(3, col["ปีงบประมาณ"]).number_format == "0"
    assert ws.cell(3, col["โทรศัพท์"]).number_format == "@"
    dvs = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    letter = openpyxl.utils.get_column_letter
    status = dvs[f"{letter(col['สถานะ'])}3:{letter(col['สถานะ'])}52"]
    assert status.type == "list" and status.formula1 == "list_status"
    assert wb.defined_names["list_status"].attr_text == "'_lists'!$C$2:$C$3"
    assert [wb["_lists"].cell(r, 3).value for r in (2, 3)] == ["เปิด", "ปิดแล้ว"]
    assert dvs[f"{letter(col['ด่วน'])}3:{letter(col['ด่วน'])}52"].formula1 == "list_yesno"
    sub = dvs[f"{letter(col['แขวง'])}3:{letter(col['แขวง'])}52"]
    assert sub.formula1 == "list_subdistrict"
    assert [wb["_lists"].cell(r, 1).value for r in range(2, 7)] == [
        "มหาพฤฒาราม", "สีลม", "สุริยวงศ์", "บางรัก", "สี่พระยา"]
    count = dvs[f"{letter(col['จำนวน (ราย)'])}3:{letter(col['จำนวน (ราย)'])}52"]
    assert (count.type, count.formula1, count.formula2) == ("whole", "0", "100000")
    notes = wb["คำอธิบาย"]
    text = "\n".join(str(c.value) for row in notes.iter_rows() for c in row if c.value)
    assert "ต้องกรอก" in text and "ทศนิยมไม่เกิน 2 ตำแหน่ง" in text and "up to 2 decimal places" in text
    assert "ไม่น้อยกว่า 2560" in text
    assert "ตัวเลือก: เปิด, ปิดแล้ว" in text and "สีลม" in text


def test_template_notes_put_conditions_into_words(tmp_path: Path, defs, ref) -> None:
    path = write_template(tmp_path / "c.xlsx", defs["complaint"], ref, DISTRICT, rows=5)
    notes = openpyxl.load_workbook(path)["คำอธิบาย"]
    text = "\n".join(str(c.value) for row in notes.iter_rows() for c in row if c.value)
    assert "ต้องกรอกเมื่อ สถานะ คือ เสร็จสิ้น" in text
    assert "required when Status is Closed" in text
    assert "status ==" not in text


def test_filled_template_imports(tmp_path: Path, defs, ref) -> None:
    d = defs["food_inspection"]
    path = write_template(tmp_path / "t.xlsx", d, ref, DISTRICT, rows=20)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    col = {c.value: c.column for c in ws[2]}
    values = {"Shop name": "ร้านป้าแดง", "Type of establishment": "ร้านอาหาร",
              "Owner name": "สมชาย ใจดี", "Address (number, soi, road)": "12 ซ.1",
              "Subdistrict": "สีลม", "Inspection date": dt.date(2568, 1, 31),
              "Meets the food-safety standard": "ใช่",
              "Meets the Green Service measures": "ไม่ใช่",
              "Food handlers (people)": 5, "Trained food handlers (people)": 3, "Result": "ผ่าน"}
    for k, v in values.items():
        ws.cell(3, col[k], v)
    wb.save(path)
    result = import_workbook(path, d, ref, DISTRICT)
    assert result.ok, result.errors
    assert result.rows[0].values["inspection_date"] == "2025-01-31"
    assert result.rows[0].values["subdistrict"] == "100402"


def _kpi_records(defs, ref):
    d = defs["kpi_report"]
    recs = make_records(d, ref, DISTRICT, 6, seed=11)
    comps = ["function_base", "function_base", "agenda_base", "area_base", "innovation_base",
             "potential_base"]
    for i, (r, comp) in enumerate(zip(recs, comps, strict=True)):
        r.values.update(fiscal_year=2568, reporting_round="year_end", component=comp,
                        indicator_code=f"{i + 1}.1", score=str(Decimal(2 + i % 3)),
                        weight="10.00")
    return d, recs


def test_kpi_reports(tmp_path: Path, defs, ref) -> None:
    d, recs = _kpi_records(defs, ref)
    result = write_kpi_reports(tmp_path / "kpi.xlsx", d, recs, reference=ref)
    assert (result.indicators, result.units) == (6, 1)
    wb = openpyxl.load_workbook(result.path)
    assert wb.sheetnames == ["แบบ ง รายตัวชี้วัด", "แบบ ค สรุปคะแนน"]
    form_d = wb["แบบ ง รายตัวชี้วัด"]
    assert form_d.cell(1, 1).value.startswith("แบบ ง")
    assert "สำนักงานเขตบางรัก" in form_d.cell(2, 1).value
    assert "ปีงบประมาณ พ.ศ. 2568" in form_d.cell(2, 1).value
    labels = [form_d.cell(r, 1).value for r in range(4, 16)]
    assert labels[:3] == ["ตัวชี้วัดที่", "องค์ประกอบ", "หน่วยงานเจ้าภาพ"]
    assert "ค่าเป้าหมาย" in labels and "คะแนนที่ได้ (1–5)" in labels and "ข้อเสนอแนะ" in labels
    assert form_d.cell(4, 2).value.startswith("1.1")
    assert form_d.cell(4, 1).font.name == "TH Sarabun New" and form_d.cell(4, 1).font.sz == 16
    assert form_d.cell(4, 2).border.left.style == "thin"
    assert form_d.page_setup.orientation == "portrait" and form_d.page_setup.paperSize == 9
    assert len(form_d.row_breaks.brk) == 5  # one page per indicator
    form_c = wb["แบบ ค สรุปคะแนน"]
    rows = list(form_c.iter_rows(values_only=True))
    body = [r for r in rows if r[0] and str(r[0]).startswith("องค์ประกอบที่")]
    assert len(body) == 5
    assert body[0][1:4] == (2, 2, Decimal("2.50")) or body[0][1:4] == (2, 2, 2.5)
    total = next(r for r in rows if r[0] == "รวม")
    assert total[1] == 6 and float(total[3]) == pytest.approx(3.0)
    assert float(total[5]) == pytest.approx(3.0)


def test_kpi_reports_refuse_other_data_sets(tmp_path: Path, all_types) -> None:
    with pytest.raises(BkkError):
        write_kpi_reports(tmp_path / "x.xlsx", all_types, [])


def test_libreoffice_renders_export_and_reports(tmp_path: Path, all_types, defs, ref) -> None:
    recs = [record_from_values(all_types, DISTRICT, {
        "code": f"C{i}", "day": "2025-01-31", "amount": "1500.00", "status": "open",
        "person_name": "สมชาย ใจดี"}) for i in range(5)]
    path = tmp_path / "export.xlsx"
    export_records(path, all_types, recs, options=ExportOptions(district_names=["บางรัก"]))
    d, kpi = _kpi_records(defs, ref)
    write_kpi_reports(tmp_path / "kpi.xlsx", d, kpi, reference=ref)
    for pdf in to_pdf(path, tmp_path / "kpi.xlsx", outdir=tmp_path):
        assert pdf.read_bytes().startswith(b"%PDF")
