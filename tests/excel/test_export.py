"""Export: values, types, formats, fonts, layout, masking, summary, metadata, streaming."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import DISTRICT
from excel_factory import make_records, record_from_values

from bkkdesk.core.definitions import DatasetDef
from bkkdesk.core.reference import Reference
from bkkdesk.excel import styles
from bkkdesk.excel.export import ExportCancelled, ExportOptions, export_records

VALUES = {
    "code": "A-1",
    "note": "=HYPERLINK(\"http://evil\")",
    "count": 1234,
    "year": 2568,
    "amount": "1500.00",
    "ratio": "0.125",
    "day": "2025-01-31",
    "moment": "2025-01-31T13:05:00",
    "status": "closed",
    "tags": ["a", "c"],
    "flag": True,
    "person_name": "สมชาย ใจดี",
    "pid": "1101700123456",
    "phone": "0812345678",
    "subdistrict": "100402",
    "areas": ["100401", "100403"],
    "point": {"lat": 13.7563, "lon": 100.5018},
    "double_count": 2468,
}


def _export(tmp_path: Path, definition: DatasetDef, records, **opts) -> tuple[Path, object]:
    path = tmp_path / "out.xlsx"
    result = export_records(path, definition, records, total=len(records),
                            options=ExportOptions(**opts))
    return path, result


def _row(ws, r: int) -> dict[str, object]:
    heads = [c.value for c in ws[2]]
    return {h: c for h, c in zip(heads, ws[r], strict=False)}


def test_values_types_and_formats(tmp_path: Path, all_types: DatasetDef) -> None:
    rec = record_from_values(all_types, DISTRICT, dict(VALUES))
    path, result = _export(tmp_path, all_types, [rec], exported_by="สมหญิง",
                           district_names=["บางรัก"], unmask_personal=True)
    assert result.rows == 1 and result.unmasked_personal and not result.masked
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["ข้อมูล", "สรุป", "ข้อมูลการส่งออก"]
    ws = wb["ข้อมูล"]
    assert ws.cell(1, 1).value == "รหัส" and ws.cell(2, 1).value == "Code"
    assert ws.cell(1, 3).value == "จำนวน (ราย)" and ws.cell(2, 3).value == "Count (cases)"
    row = _row(ws, 3)
    assert row["Code"].value == "A-1"
    # text that looks like a formula stays text
    assert row["Note"].data_type == "s" and row["Note"].value.startswith("=HYPERLINK")
    assert row["Count (cases)"].value == 1234
    assert row["Count (cases)"].number_format == "#,##0"
    assert row["Fiscal year"].value == 2568 and row["Fiscal year"].number_format == "0"
    assert row["Amount (baht)"].value == 1500 and row["Amount (baht)"].number_format == "#,##0.00"
    assert row["Ratio"].value == pytest.approx(0.125)
    assert row["Ratio"].number_format == "#,##0.000"
    assert row["Date"].value == dt.datetime(2025, 1, 31)
    assert row["Date"].number_format == styles.DATE_FORMAT == "[$-107041E]d mmm yyyy"
    assert row["Date and time"].value == dt.datetime(2025, 1, 31, 13, 5)
    assert row["Date and time"].number_format == styles.DATETIME_FORMAT
    assert row["Status"].value == "ปิดแล้ว"
    assert row["Tags"].value == "น้ำ, ลม"
    assert row["Urgent"].value == "ใช่"
    assert row["Full name"].value == "สมชาย ใจดี"
    assert row["National ID"].value == "1-1017-00123-45-6"
    assert row["Phone"].value == "081-234-5678"
    assert row["Subdistrict"].value == "สีลม"
    assert row["Areas"].value == "มหาพฤฒาราม, สุริยวงศ์"
    assert row["Location"].value == "13.7563, 100.5018"
    assert row["Doubled"].value == 2468
    assert row["Record ID"].value == rec.id
    assert row["Last updated"].value == dt.datetime(2025, 1, 31, 10, 0)  # UTC+7
    # font: TH Sarabun New 16, Thai charset, on styled and unstyled cells alike
    for cell in (ws.cell(1, 1), row["Code"], row["Date"], row["Status"]):
        assert cell.font.name == "TH Sarabun New" and cell.font.sz == 16
        assert cell.font.charset == 222
    assert ws.cell(1, 1).font.b
    # layout
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == f"A2:{openpyxl.utils.get_column_letter(ws.max_column)}3"
    assert ws.print_title_rows == "$1:$2"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.oddFooter.center.text == "หน้า &P / &N"
    assert ws.oddHeader.center.text == "ทุกชนิดข้อมูล"
    assert ws.oddHeader.left.text == "เขตบางรัก"
    assert ws.oddHeader.right.text.endswith(str(dt.date.today().year + 543))
    assert 6 <= ws.column_dimensions["A"].width <= 45


def test_masking_by_default(tmp_path: Path, all_types: DatasetDef) -> None:
    rec = record_from_values(all_types, DISTRICT, dict(VALUES))
    path, result = _export(tmp_path, all_types, [rec])
    assert result.masked and not result.unmasked_personal
    assert result.personal_fields == ["person_name", "pid", "phone"]
    row = _row(openpyxl.load_workbook(path)["ข้อมูล"], 3)
    assert row["Full name"].value == "สม*** ใจ***"
    assert row["National ID"].value == "1-xxxx-xxxxx-xx-6"
    assert row["Phone"].value == "08x-xxx-x678"
    meta = {r[0]: r[1] for r in openpyxl.load_workbook(path)["ข้อมูลการส่งออก"]
            .iter_rows(min_row=3, values_only=True)}
    assert meta["ข้อมูลส่วนบุคคล / Personal data"] == "ปิดบังแล้ว / masked"


def test_metadata_sheet(tmp_path: Path, all_types: DatasetDef) -> None:
    recs = [record_from_values(all_types, DISTRICT, dict(VALUES, code=f"C{i}")) for i in range(3)]
    at = dt.datetime(2025, 2, 1, 9, 30)
    path, _ = _export(tmp_path, all_types, recs, exported_by="supervisor1",
                      filters={"สถานะ": "ปิดแล้ว"}, district_names=["บางรัก"],
                      unmask_personal=True, exported_at=at)
    ws = openpyxl.load_workbook(path)["ข้อมูลการส่งออก"]
    meta = {r[0]: r[1] for r in ws.iter_rows(min_row=3, values_only=True)}
    assert meta["รหัสชุดข้อมูล / Data-set id"] == "all_types"
    assert meta["รุ่นนิยาม / Definition version"] == 3
    assert meta["ส่งออกโดย / Exported by"] == "supervisor1"
    assert meta["เวลาส่งออก / Exported at"] == at
    assert meta["เวลาส่งออก (พ.ศ.) / Exported at (B.E.)"] == "1 ก.พ. 2568 09:30 น."
    assert meta["เงื่อนไขการเลือก / Filters"] == "สถานะ: ปิดแล้ว"
    assert meta["จำนวนระเบียน / Records"] == 3
    assert meta["ข้อมูลส่วนบุคคล / Personal data"].startswith("ไม่ปิดบัง")
    # Printed on one page wide, rows tall enough for Thai, the long warning on two lines.
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.sheet_format.defaultRowHeight == 24
    row = next(c.row for c in ws["A"] if c.value == "ข้อมูลส่วนบุคคล / Personal data")
    assert ws.row_dimensions[row].height >= 48


def test_summary_sheet_with_chart(tmp_path: Path, all_types: DatasetDef) -> None:
    recs = [
        record_from_values(all_types, DISTRICT, dict(VALUES, code="1", subdistrict="100401",
                                                     status="open", amount="100.50")),
        record_from_values(all_types, DISTRICT, dict(VALUES, code="2", subdistrict="100401",
                                                     status="closed", amount="200.25")),
        record_from_values(all_types, DISTRICT, dict(VALUES, code="3", subdistrict="100402",
                                                     status="closed", amount="1.00")),
    ]
    path, _ = _export(tmp_path, all_types, recs)
    wb = openpyxl.load_workbook(path)
    ws = wb["สรุป"]
    rows = [r for r in ws.iter_rows(values_only=True)]
    by_label = {r[0]: r for r in rows if r and r[0]}
    # columns: label, count, sums (money first)
    assert by_label["มหาพฤฒาราม"][1] == 2
    assert Decimal(str(by_label["มหาพฤฒาราม"][2])) == Decimal("300.75")
    assert by_label["สีลม"][1] == 1
    assert by_label["ปิดแล้ว"][1] == 2 and by_label["เปิด"][1] == 1
    assert by_label["รวมทั้งสิ้น"][1] == 3
    heads = next(r for r in rows if r and r[0] == "แขวง")
    assert heads[1] == "จำนวนระเบียน" and heads[2] == "รวม จำนวนเงิน (บาท)"
    assert "รวม ปีงบประมาณ" not in heads  # years are never summed
    assert len(ws._charts) >= 1


def test_consolidated_export(tmp_path: Path, defs, ref: Reference) -> None:
    d = defs["complaint"]
    recs = make_records(d, ref, "1004", 4, seed=2) + make_records(d, ref, "1001", 3, seed=3)
    path, result = _export(tmp_path, d, recs, consolidated=True)
    assert result.rows == 7
    wb = openpyxl.load_workbook(path)
    ws = wb["ข้อมูล"]
    assert ws.cell(1, 1).value == "เขต" and ws.cell(2, 1).value == "District"
    assert {ws.cell(r, 1).value for r in range(3, 10)} == {"บางรัก", "พระนคร"}
    rows = list(wb["สรุป"].iter_rows(values_only=True))
    start = rows.index(next(r for r in rows if r[0] == "ตามเขต / By district"))
    section = {r[0]: r[1] for r in rows[start + 2:start + 4]}
    assert section == {"บางรัก": 4, "พระนคร": 3}


def test_english_headers_and_labels(tmp_path: Path, all_types: DatasetDef) -> None:
    rec = record_from_values(all_types, DISTRICT, dict(VALUES))
    path, _ = _export(tmp_path, all_types, [rec], lang="en", english_header_row=False)
    ws = openpyxl.load_workbook(path)["Data"]
    assert ws.cell(1, 1).value == "Code" and ws.cell(2, 1).value == "A-1"
    assert ws.freeze_panes == "A2"
    heads = [c.value for c in ws[1]]
    assert ws.cell(2, heads.index("Status") + 1).value == "Closed"
    assert ws.cell(2, heads.index("Urgent") + 1).value == "Yes"


def test_progress_and_deleted_rows(tmp_path: Path, defs, ref: Reference) -> None:
    d = defs["canal"]
    recs = make_records(d, ref, DISTRICT, 25)
    recs[3].deleted = True
    seen: list[tuple[int, int]] = []
    path = tmp_path / "c.xlsx"
    result = export_records(path, d, recs, total=25, options=ExportOptions(progress_every=10),
                            progress=lambda a, b: seen.append((a, b)))
    assert result.rows == 24 and result.skipped_deleted == 1
    assert seen == [(10, 25), (20, 25), (24, 25)]


def _gen(records, fail_at: int | None = None):
    for i, r in enumerate(records):
        if fail_at is not None and i == fail_at:
            raise RuntimeError("database went away")
        yield r


def test_cancel_leaves_no_file(tmp_path: Path, defs, ref: Reference) -> None:
    d = defs["street_vendor"]
    recs = make_records(d, ref, DISTRICT, 30)
    path = tmp_path / "cancel.xlsx"
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > 2

    with pytest.raises(ExportCancelled) as exc:
        export_records(path, d, _gen(recs), options=ExportOptions(progress_every=5,
                                                                  width_sample_rows=5),
                       cancel=cancel)
    assert "ยกเลิก" in exc.value.th
    assert list(tmp_path.iterdir()) == []


def test_failure_mid_stream_leaves_no_file(tmp_path: Path, defs, ref: Reference) -> None:
    d = defs["street_vendor"]
    recs = make_records(d, ref, DISTRICT, 30)
    path = tmp_path / "fail.xlsx"
    path.write_bytes(b"previous export")  # an older file of the same name is kept intact
    with pytest.raises(RuntimeError):
        export_records(path, d, _gen(recs, fail_at=20),
                       options=ExportOptions(width_sample_rows=5))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fail.xlsx"]
    assert path.read_bytes() == b"previous export"


def test_streaming_uses_write_only_and_bounded_sample(tmp_path: Path, defs,
                                                      ref: Reference) -> None:
    """A generator of records is consumed once, lazily (no list() of everything)."""
    d = defs["budget_disbursement"]
    base = make_records(d, ref, DISTRICT, 5)
    pulled = {"n": 0}

    def many():
        for i in range(1200):
            pulled["n"] += 1
            yield base[i % 5]

    progress_at: list[int] = []

    def progress(done: int, total: int) -> None:
        progress_at.append(pulled["n"] - done)

    result = export_records(tmp_path / "b.xlsx", d, many(), total=None,
                            options=ExportOptions(progress_every=200, width_sample_rows=50),
                            progress=progress)
    assert result.rows == 1200
    # at each progress call the exporter had pulled at most the width sample ahead
    assert max(progress_at[:-1]) <= 50


def test_missing_folder_is_a_clear_error(tmp_path: Path, all_types: DatasetDef) -> None:
    from bkkdesk.core.errors import BkkError

    with pytest.raises(BkkError) as exc:
        export_records(tmp_path / "nope" / "x.xlsx", all_types, [])
    assert "โฟลเดอร์" in exc.value.th


def test_empty_export_is_valid(tmp_path: Path, all_types: DatasetDef) -> None:
    path, result = _export(tmp_path, all_types, [])
    assert result.rows == 0
    ws = openpyxl.load_workbook(path)["ข้อมูล"]
    assert ws.cell(1, 1).value == "รหัส"


def test_fast_row_path_matches_openpyxl_cells(tmp_path: Path, all_types: DatasetDef,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows serialised by FastRows read back exactly like openpyxl's own WriteOnlyCells."""
    from bkkdesk.excel import fastrows

    recs = [record_from_values(all_types, DISTRICT, dict(VALUES, code=f"K{i}",
                                                         note=f"<&> ก\x01ข {i}"))
            for i in range(3)]
    installed: list[bool] = []
    real_install = fastrows.FastRows.install

    def spy(self, next_row: int) -> bool:
        installed.append(real_install(self, next_row))
        return installed[-1]

    monkeypatch.setattr(fastrows.FastRows, "install", spy)
    fast_path = tmp_path / "fast.xlsx"
    export_records(fast_path, all_types, recs, options=ExportOptions(unmask_personal=True))
    assert installed == [True]
    monkeypatch.setattr(fastrows.FastRows, "install", lambda self, next_row: False)
    slow_path = tmp_path / "slow.xlsx"
    export_records(slow_path, all_types, recs, options=ExportOptions(unmask_personal=True))

    def cells(path: Path) -> list[tuple[object, ...]]:
        ws = openpyxl.load_workbook(path)["ข้อมูล"]
        return [(c.coordinate, c.value, c.data_type, c.number_format, c.font.name, c.font.sz)
                for row in ws.iter_rows() for c in row]

    assert cells(fast_path) == cells(slow_path)
    ws = openpyxl.load_workbook(fast_path)["ข้อมูล"]
    assert ws["B3"].value == "<&> กข 0"


def test_unwritable_target_is_a_clear_error(tmp_path: Path, all_types: DatasetDef,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import os as _os

    from bkkdesk.core.errors import BkkError

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(_os, "replace", refuse)  # e.g. the file is open in Excel on Windows
    with pytest.raises(BkkError) as exc:
        export_records(tmp_path / "open.xlsx", all_types, [])
    assert "Excel" in exc.value.th and exc.value.code == "io"
    assert list(tmp_path.iterdir()) == []
