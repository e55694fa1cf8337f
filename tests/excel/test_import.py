"""Import: header matching, cell conversion, validation, duplicates, malformed files."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import DISTRICT

from bkkdesk.core.definitions import DatasetDef
from bkkdesk.core.errors import BkkError
from bkkdesk.core.reference import Reference
from bkkdesk.excel import styles
from bkkdesk.excel.errorbook import write_error_workbook
from bkkdesk.excel.importer import ImportCancelled, import_workbook, read_rows
from bkkdesk.excel.reader import ImportFileError, ImportLimits

HEAD = ["รหัส", "วันที่", "จำนวน (ราย)", "จำนวนเงิน", "สถานะ", "ด่วน", "แขวง", "โทรศัพท์"]


def _book(path: Path, rows: list[list[object]], *, before: list[list[object]] | None = None,
          sheet_title: str = "Sheet") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet_title
    for r in before or []:
        ws.append(r)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _import(path: Path, d: DatasetDef, ref: Reference, **kw):
    return import_workbook(path, d, ref, DISTRICT, **kw)


def test_headers_by_thai_english_and_name_with_title_rows(tmp_path: Path, all_types, ref) -> None:
    rows = [
        ["Code", "day", "* จำนวน", "Amount (baht)", "สถานะ", "ไม่รู้จัก", "Urgent"],
        ["A1", "31/01/2568", 5, 1500.5, "ปิดแล้ว", "x", "ใช่"],
        ["A2", dt.datetime(2568, 2, 1), "7", "2,000", "open", "y", "no"],  # B.E. date cell
        [None, None, None, None, None, None, None],
        ["A3", dt.date(2025, 3, 1), 3.0, 10, "Closed", None, False],
    ]
    path = _book(tmp_path / "a.xlsx", rows,
                 before=[["รายงานประจำเดือน"], [], ["สำนักงานเขตบางรัก"]])
    result = _import(path, all_types, ref)
    assert result.header_row == 4 and result.data_row == 5
    assert result.unknown_columns == ["F: ไม่รู้จัก"]
    assert result.ok, result.errors
    assert result.total_rows == 3 and result.empty_rows == 1
    v = [r.values for r in result.rows]
    assert v[0] == {"code": "A1", "day": "2025-01-31", "count": 5, "amount": "1500.50",
                    "status": "closed", "flag": True, "double_count": 10}
    assert v[1]["day"] == "2025-02-01" and v[1]["amount"] == "2000.00" and not v[1]["flag"]
    assert v[2]["day"] == "2025-03-01" and v[2]["count"] == 3 and v[2]["status"] == "closed"
    assert [r.row for r in result.rows] == [5, 6, 8]


def test_second_english_header_row_is_skipped(tmp_path: Path, all_types, ref) -> None:
    rows = [["รหัส", "วันที่"], ["Code", "Date"], ["A1", "2025-01-31"]]
    result = _import(_book(tmp_path / "b.xlsx", rows), all_types, ref)
    assert result.data_row == 3 and result.ok and len(result.rows) == 1


def test_wrong_types_give_cell_errors_and_nothing_valid(tmp_path: Path, all_types, ref) -> None:
    rows = [HEAD,
            ["A1", "ไม่ใช่วันที่", "ห้า", "abc", "ไม่มี", "บางที", "ลาดพร้าว", "12345"],
            ["A2", "31/02/2568", -1, 1.234, "เปิด", "ใช่", "สีลม", "0812345678"]]
    result = _import(_book(tmp_path / "c.xlsx", rows), all_types, ref)
    assert not result.ok and result.rows == []
    errs = {(e.row, e.column, e.field, e.rule) for e in result.errors}
    assert (2, "B", "day", "date") in errs
    assert (2, "C", "count", "type") in errs
    assert (2, "D", "amount", "type") in errs
    assert (2, "E", "status", "choice") in errs
    assert (2, "F", "flag", "type") in errs
    assert (2, "G", "subdistrict", "subdistrict") in errs
    assert (2, "H", "phone", "phone") in errs
    assert (3, "B", "day", "date") in errs
    assert (3, "C", "count", "min") in errs
    assert (3, "D", "amount", "places") in errs
    e = next(e for e in result.errors if e.field == "day" and e.row == 3)
    assert e.th.startswith("ไม่มีวันที่") and "B.E." in e.en
    assert result.invalid_count == 2 and result.valid_count == 0


def test_required_column_missing_is_reported(tmp_path: Path, all_types, ref) -> None:
    result = _import(_book(tmp_path / "d.xlsx", [["รหัส", "สถานะ"], ["A", "เปิด"]]),
                     all_types, ref)
    assert result.missing_required == ["day"]
    assert [(e.field, e.rule, e.column) for e in result.errors] == [("day", "required", None)]


def test_duplicates_in_file_and_existing(tmp_path: Path, all_types, ref) -> None:
    rows = [["รหัส", "วันที่"], ["A1", "2025-01-01"], ["B2", "2025-01-01"],
            ["a1", "2025-01-02"], ["OLD", "2025-01-01"]]
    result = _import(_book(tmp_path / "e.xlsx", rows), all_types, ref, existing_keys={"old"})
    assert [(d.row, d.first_row) for d in result.duplicates] == [(4, 2), (5, None)]
    assert [e.rule for e in result.errors] == ["duplicate", "duplicate_existing"]
    assert "ซ้ำกับแถวที่ 2" in result.errors[0].th
    assert [r.row for r in result.rows] == [2, 3] and not result.ok


def test_other_district_rows_refused(tmp_path: Path, all_types, ref) -> None:
    rows = [["เขต", "รหัส", "วันที่"], ["เขตบางรัก", "A", "2025-01-01"],
            ["พระนคร", "B", "2025-01-01"]]
    result = _import(_book(tmp_path / "f.xlsx", rows), all_types, ref)
    assert [(e.row, e.rule) for e in result.errors] == [(3, "district")]


def test_subdistrict_names_normalised(tmp_path: Path, all_types, ref) -> None:
    rows = [["รหัส", "วันที่", "แขวง", "แขวงที่เกี่ยวข้อง"],
            ["A", "2025-01-01", "แขวงสีลม", "Si Lom; สุริยวงศ์"],
            ["B", "2025-01-01", " สี่พระยา ", "100401"]]
    result = _import(_book(tmp_path / "g.xlsx", rows), all_types, ref)
    assert result.ok, result.errors
    assert [r.values["subdistrict"] for r in result.rows] == ["100402", "100405"]
    assert result.rows[0].values["areas"] == ["100402", "100403"]


def test_progress_and_cancel(tmp_path: Path, all_types, ref) -> None:
    rows = [["รหัส", "วันที่"]] + [[f"R{i}", "2025-01-01"] for i in range(1200)]
    path = _book(tmp_path / "h.xlsx", rows)
    seen: list[tuple[int, int]] = []
    result = _import(path, all_types, ref, progress=lambda a, b: seen.append((a, b)))
    assert len(result.rows) == 1200 and seen[-1] == (1200, 1200) and len(seen) >= 3
    with pytest.raises(ImportCancelled):
        _import(path, all_types, ref, cancel=lambda: True)


def test_error_workbook(tmp_path: Path, all_types, ref) -> None:
    rows = [HEAD, ["A1", "2025-01-01", "x", 1, "เปิด", "ใช่", "สีลม", "0812345678"],
            ["A2", "2025-01-02", 3, 1, "เปิด", "ใช่", "สีลม", "0812345678"]]
    src = _book(tmp_path / "src.xlsx", rows)
    result = _import(src, all_types, ref)
    out = tmp_path / "errors.xlsx"
    assert write_error_workbook(out, src, result) == 2
    ws = openpyxl.load_workbook(out).active
    assert ws.cell(1, 1).value == "แถวเดิม" and ws.cell(1, 3).value == "รหัส"
    assert ws.cell(2, 1).value == 2 and "ต้องเป็นจำนวนเต็ม" in ws.cell(2, 2).value
    bad = ws.cell(2, 5)  # column C of the source, shifted by two
    assert bad.value == "x" and bad.fill.start_color.rgb == styles.ERROR_FILL.start_color.rgb
    assert bad.comment is not None and "whole number" in bad.comment.text
    assert ws.cell(3, 2).value is None and ws.cell(3, 5).fill.fill_type is None
    # fixed and imported again: the two extra columns are ignored
    ws.cell(2, 5).value = 4
    ws.parent.save(out)
    again = _import(out, all_types, ref)
    assert again.ok and again.unknown_columns == [] and len(again.rows) == 2


def test_formula_cells_use_cached_values(tmp_path: Path, all_types, ref) -> None:
    path = tmp_path / "f.xlsx"
    _book(path, [["รหัส", "วันที่", "จำนวน"], ["A", "2025-01-01", "=1+2"]])
    # openpyxl writes formulas without a cached value: refused, naming the cell
    with pytest.raises(ImportFileError) as exc:
        _import(path, all_types, ref)
    assert "C2" in exc.value.th and "C2" in exc.value.en
    # the same formula with the value Excel calculated is imported as that value
    cached = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(cached, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>1+2</f><v></v>", b"<f>1+2</f><v>3</v>")
                data = data.replace(b"<f>1+2</f><v />", b"<f>1+2</f><v>3</v>")
                assert b"<v>3</v>" in data
            zout.writestr(item, data)
    result = _import(cached, all_types, ref)
    assert result.ok and result.rows[0].values["count"] == 3 and result.formula_cells == 1


def _expect_file_error(path: Path, d: DatasetDef, ref: Reference, *words: str,
                       **kw) -> BkkError:
    with pytest.raises(ImportFileError) as exc:
        _import(path, d, ref, **kw)
    err = exc.value
    assert err.th and err.en and err.code == "import_file"
    for w in words:
        assert w in err.th + " / " + err.en
    return err


def test_merged_cells_refused(tmp_path: Path, all_types, ref) -> None:
    path = tmp_path / "m.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ชื่อรายงาน"])
    ws.merge_cells("A1:C1")  # a merged title above the header is fine
    ws.append(["รหัส", "วันที่", "จำนวน"])
    ws.append(["A", "2025-01-01", 1])
    wb.save(path)
    assert _import(path, all_types, ref).ok
    ws.append(["B", "2025-01-01", 1])
    ws.merge_cells("B3:C3")
    wb.save(path)
    _expect_file_error(path, all_types, ref, "ผสาน", "merged", "B3:C3")


def test_empty_sheet_and_no_header(tmp_path: Path, all_types, ref) -> None:
    _expect_file_error(_book(tmp_path / "e.xlsx", []), all_types, ref, "ไม่มีข้อมูล", "no data")
    _expect_file_error(_book(tmp_path / "n.xlsx", [["ก", "ข"], [1, 2]]), all_types, ref,
                       "หัวตาราง", "header")


def test_huge_cell_refused(tmp_path: Path, all_types, ref) -> None:
    """A 10 MB text cell (openpyxl itself would cut it, so the XML is written by hand)."""
    src = _book(tmp_path / "src.xlsx", [["รหัส", "หมายเหตุ"], ["A", "PLACEHOLDER"]])
    text = "ข้อความยาว" * 350_000  # 3.5 million characters, 10 MB of UTF-8
    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            data = data.replace(b"PLACEHOLDER", text.encode())
            zout.writestr(item.filename, data)
    assert path.stat().st_size > 10_000_000
    _expect_file_error(path, all_types, ref, "B2", "32,767")


def test_not_an_xlsx(tmp_path: Path, all_types, ref) -> None:
    p = tmp_path / "fake.xlsx"
    p.write_text("รหัส,วันที่\nA,2025-01-01\n", encoding="utf-8")
    _expect_file_error(p, all_types, ref, "ไม่ใช่ไฟล์ Excel", "not an Excel")
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    _expect_file_error(p, all_types, ref, ".xls", "save it as .xlsx")
    p.write_bytes(b"PK\x03\x04 broken zip")
    _expect_file_error(p, all_types, ref, "เสียหาย", "damaged")
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("hello.txt", "not a workbook")
    _expect_file_error(p, all_types, ref, "not a valid Excel")
    p.write_bytes(b"")
    _expect_file_error(p, all_types, ref, "ว่างเปล่า", "empty")


def test_zip_bomb_refused(tmp_path: Path, all_types, ref) -> None:
    src = _book(tmp_path / "ok.xlsx", [["รหัส", "วันที่"], ["A", "2025-01-01"]])
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, zin.read(item))
        zout.writestr("xl/media/padding.bin", b"\0" * (50 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    _expect_file_error(bomb, all_types, ref, "zip bomb")
    # and a total-size limit
    _expect_file_error(bomb, all_types, ref, "zip bomb",
                       limits=ImportLimits(max_ratio=10**6, max_uncompressed_bytes=10**7))


def test_too_many_rows(tmp_path: Path, all_types, ref) -> None:
    rows = [["รหัส", "วันที่"]] + [[f"R{i}", "2025-01-01"] for i in range(120)]
    path = _book(tmp_path / "many.xlsx", rows)
    _expect_file_error(path, all_types, ref, "แบ่งเป็นหลายไฟล์", "split",
                       limits=ImportLimits(max_rows=50))
    assert _import(path, all_types, ref, limits=ImportLimits(max_rows=200)).ok


def test_duplicate_column_refused(tmp_path: Path, all_types, ref) -> None:
    path = _book(tmp_path / "dup.xlsx", [["รหัส", "Code", "วันที่"], ["A", "B", "2025-01-01"]])
    _expect_file_error(path, all_types, ref, "A", "B", "same field")


def test_read_rows_gives_sheet_cells(tmp_path: Path) -> None:
    path = _book(tmp_path / "r.xlsx", [["a", 1], [None, dt.date(2025, 1, 2)]])
    rows = read_rows(path)
    assert rows.rows[0] == ["a", 1] and rows.rows[1][1] == dt.date(2025, 1, 2)
