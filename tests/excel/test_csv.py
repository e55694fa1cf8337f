"""CSV import: UTF-8 with and without BOM, TIS-620/cp874, UTF-16; delimiter sniffing."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DISTRICT

from bkkdesk.excel.csvread import read_csv_rows, sniff_delimiter
from bkkdesk.excel.importer import import_workbook
from bkkdesk.excel.reader import ImportFileError, ImportLimits

TEXT = (
    "รหัส,วันที่,จำนวน (ราย),จำนวนเงิน,สถานะ,ด่วน,แขวง,โทรศัพท์\r\n"
    'A1,31/01/2568,5,"1,500.50",ปิดแล้ว,ใช่,แขวงสีลม,081-234-5678\r\n'
    "A2,1 ก.พ. 2568,7,20,เปิด,ไม่ใช่,สุริยวงศ์,0812345678\r\n"
)
EXPECTED = [
    {"code": "A1", "day": "2025-01-31", "count": 5, "amount": "1500.50", "status": "closed",
     "flag": True, "subdistrict": "100402", "phone": "0812345678", "double_count": 10},
    {"code": "A2", "day": "2025-02-01", "count": 7, "amount": "20.00", "status": "open",
     "flag": False, "subdistrict": "100403", "phone": "0812345678", "double_count": 14},
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874", "utf-16"])
def test_encodings(tmp_path: Path, all_types, ref, encoding: str) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(TEXT.encode(encoding))
    rows = read_csv_rows(path)
    assert rows.rows[0][0] == "รหัส"  # no BOM left on the first header
    assert encoding.split("-sig")[0] in rows.name or encoding == "utf-8-sig"
    result = import_workbook(path, all_types, ref, DISTRICT)
    assert result.ok, result.errors
    assert [r.values for r in result.rows] == EXPECTED


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_delimiters(tmp_path: Path, all_types, ref, delimiter: str) -> None:
    text = TEXT.replace('"1,500.50"', "1500.50").replace(",", delimiter)
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    result = import_workbook(path, all_types, ref, DISTRICT)
    assert result.ok, result.errors
    assert [r.values for r in result.rows] == EXPECTED


def test_sniff_ignores_quoted_commas() -> None:
    assert sniff_delimiter('"a,b,c";"d"\n') == ";"
    assert sniff_delimiter("one\n") == ","


def test_bad_csv_files(tmp_path: Path, all_types, ref) -> None:
    p = tmp_path / "bin.csv"
    p.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ImportFileError) as exc:
        import_workbook(p, all_types, ref, DISTRICT)
    assert "CSV" in exc.value.en
    p.write_bytes(b"\xff\xfc\xfd\xfe" * 10)  # bytes undefined in cp874 and invalid UTF-8
    with pytest.raises(ImportFileError) as exc:
        import_workbook(p, all_types, ref, DISTRICT)
    assert "TIS-620" in exc.value.en and "UTF-8" in exc.value.th
    p.write_text("รหัส,หมายเหตุ\nA," + "ก" * 40_000 + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as exc:
        import_workbook(p, all_types, ref, DISTRICT)
    assert "32,767" in exc.value.en
    p.write_text("รหัส,วันที่\n" + "A,2025-01-01\n" * 30, encoding="utf-8")
    with pytest.raises(ImportFileError):
        import_workbook(p, all_types, ref, DISTRICT, limits=ImportLimits(max_rows=10))
    p.write_text("", encoding="utf-8")
    with pytest.raises(ImportFileError):
        import_workbook(p, all_types, ref, DISTRICT)
