"""Excel engine benchmark: export and import of N rows × 20 columns, beside the alternatives.

Prints rows/s and peak memory for
- export_records (openpyxl write-only, streaming, styled cells, summary sheet),
- openpyxl in normal mode writing the same rows (``--normal-rows``, default 20,000:
  it holds every cell in memory),
- xlsxwriter in constant_memory mode writing the same rows with the same formats,
- import_workbook of the exported file (python-calamine read + validation of every row),
- reading the same file with python-calamine vs openpyxl read-only (values only).

Every step runs in its own subprocess; memory is the peak RSS of that process
(``resource.getrusage``) minus its RSS after imports, so steps do not inherit each
other's heap. Usage: ``python bench/bench_excel.py [--rows 100000]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DISTRICT = "1004"
SUBS = ["100401", "100402", "100403", "100404", "100405"]
WORDS = ["สมชาย", "ร้านอาหาร", "ถนนสีลม", "ซอย 5", "คลองแสนแสบ", "ทางเท้า", "น้ำท่วมขัง"]


def _definition() -> Any:
    from bkkdesk.core.definitions import parse_definition

    def f(name: str, typ: str, th: str, **kw: Any) -> dict[str, Any]:
        return {"name": name, "type": typ, "label": {"th": th, "en": name}, **kw}

    choices = [{"value": f"c{i}", "label": {"th": f"ตัวเลือก {i}", "en": f"Choice {i}"}}
               for i in range(5)]
    fields = [
        f("code", "text", "รหัส", required=True), f("name", "text", "ชื่อ"),
        f("road", "text", "ถนน"), f("place", "text", "สถานที่"), f("note", "longtext", "หมายเหตุ"),
        f("officer", "text", "เจ้าหน้าที่"),
        f("n1", "integer", "จำนวน 1"), f("n2", "integer", "จำนวน 2"), f("n3", "integer", "จำนวน 3"),
        f("m1", "decimal", "เงิน 1", money=True), f("m2", "decimal", "เงิน 2", money=True),
        f("m3", "decimal", "เงิน 3", money=True),
        f("d1", "date", "วันที่ 1"), f("d2", "date", "วันที่ 2"), f("d3", "date", "วันที่ 3"),
        f("status", "choice", "สถานะ", choices=choices), f("kind", "choice", "ประเภท",
                                                         choices=choices),
        f("ok", "yesno", "ผ่าน"), f("phone", "phone", "โทรศัพท์"),
        f("subdistrict", "subdistrict", "แขวง"),
    ]
    return parse_definition({"id": "bench20", "version": 1,
                             "title": {"th": "ทดสอบความเร็ว", "en": "Benchmark"},
                             "subdistrict_field": "subdistrict", "status_field": "status",
                             "unique_key": ["code"], "fields": fields})


def _values(i: int) -> dict[str, Any]:
    day = dt.date(2024, 10, 1) + dt.timedelta(days=i % 365)
    return {
        "code": f"R{i:07d}", "name": f"{WORDS[i % 7]} {i}", "road": WORDS[(i + 1) % 7],
        "place": f"{WORDS[(i + 2) % 7]} {i % 97}", "note": f"{WORDS[(i + 3) % 7]} " * 3,
        "officer": WORDS[(i + 4) % 7],
        "n1": i % 1000, "n2": (i * 7) % 5000, "n3": i % 13,
        "m1": f"{(i * 37) % 100000}.{i % 100:02d}", "m2": f"{i % 777}.50", "m3": "1500.00",
        "d1": day.isoformat(), "d2": (day + dt.timedelta(days=3)).isoformat(),
        "d3": (day + dt.timedelta(days=30)).isoformat(),
        "status": f"c{i % 5}", "kind": f"c{(i * 3) % 5}", "ok": i % 2 == 0,
        "phone": f"08{i % 100000000:08d}", "subdistrict": SUBS[i % 5],
    }


def _records(n: int) -> Iterator[Any]:
    from bkkdesk.core.records import RecordData

    stamp = dt.datetime(2025, 1, 31, 3, 0, tzinfo=dt.UTC)
    for i in range(n):
        v = _values(i)
        yield RecordData(id=f"id-{i}", dataset_id="bench20", def_version=1,
                         district_code=DISTRICT, values=v, subdistrict_code=v["subdistrict"],
                         status=v["status"], created_at=stamp, updated_at=stamp)


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- steps (each in its own process) ---------------------------------------------------


def step_export(rows: int, path: str) -> dict[str, Any]:
    from bkkdesk.core.reference import load_reference
    from bkkdesk.excel.export import ExportOptions, export_records

    d, ref = _definition(), load_reference()
    base = _rss_mb()
    t = time.perf_counter()
    export_records(path, d, _records(rows), total=rows, reference=ref,
                   options=ExportOptions(unmask_personal=True))
    return {"seconds": time.perf_counter() - t, "rows": rows, "base": base}


def step_openpyxl_normal(rows: int, path: str) -> dict[str, Any]:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    d = _definition()
    font = Font(name="TH Sarabun New", size=16, charset=222)
    base = _rss_mb()
    t = time.perf_counter()
    wb = Workbook()
    ws = wb.active
    ws.append([f.label.th for f in d.fields])
    for r in _rows_plain(d, rows):
        ws.append(r)
    for row in ws.iter_rows(min_row=2):
        for c in row:
            c.font = font
            if isinstance(c.value, dt.date):
                c.number_format = "[$-107041E]d mmm yyyy"
    ws.freeze_panes = "A2"
    wb.save(path)
    return {"seconds": time.perf_counter() - t, "rows": rows, "base": base}


def _rows_plain(d: Any, rows: int) -> Iterator[list[Any]]:
    from decimal import Decimal

    from bkkdesk.core.reference import load_reference

    ref = load_reference()
    labels = {c.value: c.label.th for c in d.field("status").choices}
    for rec in _records(rows):
        v = rec.values
        out: list[Any] = []
        for f in d.fields:
            x = v.get(f.name)
            t = f.type.value
            if t == "date":
                x = dt.date.fromisoformat(x)
            elif t == "decimal":
                x = Decimal(x)
            elif t == "choice":
                x = labels[x]
            elif t == "yesno":
                x = "ใช่" if x else "ไม่ใช่"
            elif t == "subdistrict":
                x = ref.subdistricts[x].name_th
            out.append(x)
        yield out


def step_xlsxwriter(rows: int, path: str) -> dict[str, Any]:
    import xlsxwriter

    d = _definition()
    base = _rss_mb()
    t = time.perf_counter()
    wb = xlsxwriter.Workbook(path, {"constant_memory": True})
    base_fmt = {"font_name": "TH Sarabun New", "font_size": 16, "font_charset": 222}
    text = wb.add_format(base_fmt)
    head = wb.add_format({**base_fmt, "bold": True, "bg_color": "#D9E1F2", "border": 1})
    date = wb.add_format({**base_fmt, "num_format": "[$-107041E]d mmm yyyy"})
    money = wb.add_format({**base_fmt, "num_format": "#,##0.00"})
    integer = wb.add_format({**base_fmt, "num_format": "#,##0"})
    ws = wb.add_worksheet("ข้อมูล")
    ws.freeze_panes(1, 0)
    ws.write_row(0, 0, [f.label.th for f in d.fields], head)
    kinds = [f.type.value for f in d.fields]
    for r, row in enumerate(_rows_plain(d, rows), 1):
        for c, (x, kind) in enumerate(zip(row, kinds, strict=True)):
            if x is None:
                continue
            if kind == "date":
                ws.write_datetime(r, c, dt.datetime.combine(x, dt.time()), date)
            elif kind == "decimal":
                ws.write_number(r, c, float(x), money)
            elif kind == "integer":
                ws.write_number(r, c, x, integer)
            else:
                ws.write_string(r, c, str(x), text)
    ws.autofilter(0, 0, rows, len(kinds) - 1)
    wb.close()
    return {"seconds": time.perf_counter() - t, "rows": rows, "base": base}


def step_import(rows: int, path: str) -> dict[str, Any]:
    from bkkdesk.core.reference import load_reference
    from bkkdesk.excel.importer import import_workbook

    d, ref = _definition(), load_reference()
    base = _rss_mb()
    t = time.perf_counter()
    result = import_workbook(path, d, ref, DISTRICT)
    assert result.ok and len(result.rows) == rows, (result.errors[:3], len(result.rows))
    return {"seconds": time.perf_counter() - t, "rows": rows, "base": base}


def step_read_calamine(rows: int, path: str) -> dict[str, Any]:
    from python_calamine import CalamineWorkbook

    base = _rss_mb()
    t = time.perf_counter()
    wb = CalamineWorkbook.from_path(path)
    data = wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
    assert len(data) >= rows
    return {"seconds": time.perf_counter() - t, "rows": rows, "base": base}


def step_read_openpyxl(rows: int, path: str) -> dict[str, Any]:
    import openpyxl

    base = _rss_mb()
    t = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    n = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    assert n >= rows
    return {"seconds": time.perf_counter() - t, "rows": rows, "base": base}


STEPS = {
    "export": step_export, "openpyxl_normal": step_openpyxl_normal,
    "xlsxwriter": step_xlsxwriter, "import": step_import,
    "read_calamine": step_read_calamine, "read_openpyxl": step_read_openpyxl,
}


def _run(step: str, rows: int, path: Path) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, "--step", step, "--rows", str(rows),
                          "--file", str(path)], check=True, capture_output=True, text=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--normal-rows", type=int, default=20_000,
                    help="rows for the openpyxl normal-mode comparison (0 to skip)")
    ap.add_argument("--step", choices=sorted(STEPS))
    ap.add_argument("--file")
    args = ap.parse_args()
    if args.step:
        res = STEPS[args.step](args.rows, args.file)
        res["peak"] = _peak_mb()
        print(json.dumps(res))
        return
    with tempfile.TemporaryDirectory(prefix="bench-excel-") as tmp:
        exported = Path(tmp) / "export.xlsx"
        plan = [
            ("export_records (openpyxl write-only)", "export", args.rows, exported),
            ("xlsxwriter constant_memory", "xlsxwriter", args.rows, Path(tmp) / "xw.xlsx"),
        ]
        if args.normal_rows:
            plan.append(("openpyxl normal mode", "openpyxl_normal", args.normal_rows,
                         Path(tmp) / "normal.xlsx"))
        plan += [
            ("import_workbook (calamine + validate)", "import", args.rows, exported),
            ("read: python-calamine", "read_calamine", args.rows, exported),
            ("read: openpyxl read-only", "read_openpyxl", args.rows, exported),
        ]
        print(f"Excel engine, 20 columns; python {sys.version.split()[0]}, "
              f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
        print(f"{'step':40} {'rows':>8} {'seconds':>8} {'rows/s':>9} {'peak MB':>8} "
              f"{'+MB':>7} {'file MB':>8}")
        for label, step, rows, path in plan:
            r = _run(step, rows, path)
            size = path.stat().st_size / 1e6 if path.exists() else 0.0
            print(f"{label:40} {rows:>8} {r['seconds']:>8.2f} {rows / r['seconds']:>9.0f} "
                  f"{r['peak']:>8.0f} {r['peak'] - r['base']:>7.0f} {size:>8.1f}", flush=True)


if __name__ == "__main__":
    main()
