"""Reading CSV files from other systems: encoding and delimiter detection.

Thai CSV files come as UTF-8 (with or without the BOM Excel writes), as TIS-620 /
Windows-874 from older Thai systems, and sometimes as UTF-16 ("Unicode text" from
Excel). Detection: a UTF-16 BOM → UTF-16; else strict ``utf-8-sig``; else ``cp874``
(a superset of TIS-620). A file that is none of these, or holds NUL bytes, is refused.
The delimiter is the one of ``, ; tab |`` that occurs most often in the first non-empty
line outside quotes. Cells come back as text; the import pipeline is the same as for xlsx.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from bkkdesk.excel.reader import (
    ImportFileError,
    ImportLimits,
    SheetRows,
    check_cells,
    check_file_size,
    too_many_rows,
)

DELIMITERS = (",", ";", "\t", "|")


def decode_text(data: bytes, name: str = "file") -> tuple[str, str]:
    """Return ``(text, encoding)``; see the module docstring."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise ImportFileError(
            f"ไฟล์ {name} ไม่ใช่ไฟล์ข้อความ CSV", f"{name} is not a CSV text file"
        )
    try:
        encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        return data.decode("utf-8-sig", errors="strict"), encoding
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp874", errors="strict"), "cp874"
    except UnicodeDecodeError:
        raise ImportFileError(
            f"อ่านไฟล์ {name} ไม่ได้: ไม่ใช่ UTF-8 หรือ TIS-620 — บันทึกเป็น CSV UTF-8",
            f"cannot read {name}: it is neither UTF-8 nor TIS-620 — save it as CSV UTF-8",
        ) from None


def sniff_delimiter(text: str) -> str:
    for line in text.splitlines():
        if not line.strip():
            continue
        counts = {d: 0 for d in DELIMITERS}
        quoted = False
        for ch in line:
            if ch == '"':
                quoted = not quoted
            elif not quoted and ch in counts:
                counts[ch] += 1
        best = max(DELIMITERS, key=lambda d: counts[d])
        return best if counts[best] else ","
    return ","


def read_csv_rows(
    path: str | Path, *, limits: ImportLimits | None = None
) -> SheetRows:
    """All rows of a CSV file as text cells (see the module docstring)."""
    limits = limits or ImportLimits()
    p = Path(path)
    check_file_size(p, limits)
    data = p.read_bytes()
    text, encoding = decode_text(data, p.name)
    delimiter = sniff_delimiter(text[:65536])
    rows: list[list[object]] = []
    old_limit = csv.field_size_limit(limits.max_cell_chars + 1)
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append([c for c in row])
            if len(rows) > limits.max_rows:
                raise too_many_rows(len(rows), limits)
            if len(row) > limits.max_columns:
                raise ImportFileError(
                    f"ไฟล์มีคอลัมน์มากเกิน {limits.max_columns}",
                    f"the file has more than {limits.max_columns} columns",
                )
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise ImportFileError(
                f"แถว {len(rows) + 1} มีเซลล์ยาวเกิน {limits.max_cell_chars:,} ตัวอักษร",
                f"row {len(rows) + 1} has a cell longer than {limits.max_cell_chars:,} "
                "characters",
            ) from None
        raise ImportFileError(
            f"ไฟล์ CSV {p.name} รูปแบบไม่ถูกต้อง (แถว {len(rows) + 1}: {exc})",
            f"CSV file {p.name} is malformed (row {len(rows) + 1}: {exc})",
        ) from None
    finally:
        csv.field_size_limit(old_limit)
    check_cells(rows, limits)
    return SheetRows(f"{p.name} ({encoding})", rows, n_rows=len(rows), kind="csv")
