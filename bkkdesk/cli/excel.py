"""Excel commands: export, template, import, KPI reports."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bkkdesk.cli.context import Context, add_command, iso_date_option
from bkkdesk.core.errors import FieldError, ValidationError

if TYPE_CHECKING:  # loaded when a command runs, so `--help` and `--version` stay fast
    from bkkdesk.db.records import RecordFilter


def _filter(args: argparse.Namespace, ctx: Context) -> RecordFilter:
    from bkkdesk.db.records import RecordFilter

    sub = args.subdistrict
    if sub:
        district = ctx.store.require_district()
        code = ctx.store.reference.subdistrict_code(district, sub)
        if code is None:
            raise ValidationError(
                [FieldError("--subdistrict", "subdistrict", f"ไม่รู้จักแขวง '{sub}' ในเขตนี้",
                            f"unknown subdistrict '{sub}' in this district")]
            )
        sub = code
    return RecordFilter(
        search=getattr(args, "search", None),
        subdistrict=sub,
        status=args.status,
        date_from=iso_date_option(args.date_from, "--from"),
        date_to=iso_date_option(args.date_to, "--to"),
    )


def _progress(ctx: Context, label: str):  # type: ignore[no-untyped-def]
    if ctx.json or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        print(f"\r{label} {done:,}/{total:,}", end="", file=sys.stderr, flush=True)

    return show


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.services.exchange import export_dataset

    user = ctx.user()
    result = export_dataset(
        ctx.store, args.dataset, Path(args.output), user=user, flt=_filter(args, ctx),
        unmask=args.unmask, lang=args.lang, progress=_progress(ctx, "ส่งออก / exporting"),
    )
    ctx.out(
        {"path": str(result.path), "rows": result.rows, "masked": result.masked,
         "seconds": round(result.seconds, 2)},
        f"ส่งออก {result.rows:,} ระเบียน → {result.path}"
        + (" (ปิดบังข้อมูลส่วนบุคคล / personal data masked)" if result.masked else ""),
    )
    return 0


def cmd_template(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.services.exchange import write_dataset_template

    write_dataset_template(ctx.store, args.dataset, Path(args.output))
    ctx.out({"path": args.output}, f"แบบฟอร์มเปล่า / template: {args.output}")
    return 0


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.services.exchange import import_file

    user = ctx.user()
    outcome = import_file(
        ctx.store, args.dataset, Path(args.file), user=user, dry_run=args.dry_run,
        valid_only=args.valid_only, progress=_progress(ctx, "อ่าน / reading"),
    )
    r = outcome.result
    data = {
        "rows": r.total_rows,
        "valid": r.valid_count,
        "invalid": r.invalid_count,
        "duplicates": len(r.duplicates),
        "saved": outcome.saved,
        "dry_run": outcome.dry_run,
        "unknown_columns": r.unknown_columns,
        "error_workbook": str(outcome.error_workbook) if outcome.error_workbook else None,
        "errors": [
            {"row": e.row, "column": e.column, "field": e.field, "rule": e.rule,
             "th": e.th, "en": e.en}
            for e in r.errors[:1000]
        ],
    }
    lines = [
        f"อ่าน {r.total_rows:,} แถว: ถูกต้อง {r.valid_count:,}, มีข้อผิดพลาด {r.invalid_count:,}"
        f" / read {r.total_rows:,} rows: {r.valid_count:,} valid, {r.invalid_count:,} with errors"
    ]
    if r.unknown_columns:
        lines.append("คอลัมน์ที่ไม่รู้จัก / unknown columns: " + ", ".join(r.unknown_columns))
    for e in r.errors[:20]:
        lines.append("  " + e.message())
    if len(r.errors) > 20:
        lines.append(f"  … {len(r.errors) - 20} more")
    if outcome.error_workbook:
        lines.append(f"ไฟล์แสดงข้อผิดพลาด / error workbook: {outcome.error_workbook}")
    if outcome.saved:
        lines.append(f"บันทึกแล้ว {outcome.saved:,} ระเบียน / saved {outcome.saved:,} records")
    elif outcome.dry_run:
        lines.append("ทดลองอ่านเท่านั้น ไม่ได้บันทึก / dry run: nothing saved")
    else:
        lines.append("ไม่ได้บันทึกข้อมูลใด ๆ / nothing was saved")
    ctx.out(data, "\n".join(lines))
    if r.errors and not args.valid_only:
        return 2
    return 0


def cmd_report_kpi(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.services.exchange import write_kpi_report

    write_kpi_report(ctx.store, Path(args.output), flt=_filter(args, ctx))
    ctx.out({"path": args.output}, f"รายงานตัวชี้วัด / KPI report: {args.output}")
    return 0


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--subdistrict", help="subdistrict code or name")
    p.add_argument("--status")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="B.E. or C.E. date")
    p.add_argument("--to", dest="date_to", metavar="DATE")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = add_command(sub, "export", help="export a data set to an Excel workbook")
    p.add_argument("dataset")
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    _filters(p)
    p.add_argument("--search")
    p.add_argument("--unmask", action="store_true",
                   help="personal data unmasked (supervisor/admin; written to the register)")
    p.add_argument("--lang", choices=["th", "en"], default="th")
    p.set_defaults(handler=cmd_export)

    p = add_command(sub, "template", help="an empty workbook to fill in, with dropdowns")
    p.add_argument("dataset")
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    p.set_defaults(handler=cmd_template)

    p = add_command(sub, "import", help="import an xlsx or CSV file (all or nothing)")
    p.add_argument("dataset")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="check only, save nothing")
    p.add_argument("--valid-only", action="store_true", help="save the valid rows anyway")
    p.set_defaults(handler=cmd_import)

    rep = sub.add_parser("report", help="official report workbooks").add_subparsers(
        dest="sub", required=True
    )
    p = add_command(rep, "kpi", help="KPI forms D (per indicator) and C (summary)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    _filters(p)
    p.set_defaults(handler=cmd_report_kpi)
