"""Sync commands: enroll, login, sync, sync status, sync rejections, conflicts.

Exit status: 0 done, 1 failed (the outbox is kept; run again), 2 invalid input,
3 this client must be upgraded (the server answered 426; the outbox is kept).
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import time
from typing import TYPE_CHECKING, Any

from bkkdesk.cli.context import Context, add_command
from bkkdesk.cli.local import _parse_json_object, _password
from bkkdesk.core.errors import FieldError, ValidationError
from bkkdesk.core.thaidate import format_utc

if TYPE_CHECKING:  # the sync modules load when a command runs: `--help` stays fast
    from bkkdesk.sync import engine as eng

EXIT_UPGRADE = 3


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = add_command(sub, "enroll", help="ลงทะเบียนเครื่องกับเซิร์ฟเวอร์ / enroll this PC")
    p.add_argument("--server", required=True, help="server URL, e.g. https://bkkdesk.bma.go.th")
    p.add_argument("--code", required=True, help="one-time enrollment code from IT")
    p.add_argument("--name", help="this PC's name (default: host name)")
    p.add_argument("--ca-bundle", help="CA bundle (PEM) to verify the server with")
    p.add_argument("--proxy", help="HTTP(S) proxy URL")
    p.add_argument("--no-pull", action="store_true", help="do not download records now")
    p.set_defaults(handler=cmd_enroll)

    p = add_command(sub, "login", help="เข้าสู่ระบบ / log in (online first, then offline)")
    p.add_argument("--username", "-u", required=True)
    p.add_argument("--password", help="(or $BKKDESK_PASSWORD, or asked)")
    p.add_argument("--offline", action="store_true", help="do not contact the server")
    p.set_defaults(handler=cmd_login)

    p = add_command(sub, "sync", help="รับส่งข้อมูลกับเซิร์ฟเวอร์ / sync with the server")
    p.add_argument("--once", action="store_true", help="one round, then exit")
    p.add_argument("--interval", type=float, default=60.0, help="seconds between rounds")
    p.add_argument("--batch", type=int, default=200, help="first push batch size")
    p.add_argument("--page", type=int, default=1000, help="pull page size")
    p.add_argument("--no-verify", action="store_true", help="skip the checksum comparison")
    p.set_defaults(handler=cmd_sync)
    sync_sub = p.add_subparsers(dest="sync_command", metavar="SUBCOMMAND")
    q = add_command(sync_sub, "status", help="สถานะการรับส่ง / sync state")
    q.set_defaults(handler=cmd_status)
    q = add_command(sync_sub, "rejections", help="ข้อมูลที่เซิร์ฟเวอร์ปฏิเสธ / refused changes")
    q.add_argument("--all", action="store_true", help="include dismissed ones")
    q.set_defaults(handler=cmd_rejections)

    p = add_command(sub, "conflicts", help="ข้อขัดแย้ง / conflicts")
    csub = p.add_subparsers(dest="conflicts_command", metavar="SUBCOMMAND", required=True)
    q = add_command(csub, "list", help="list conflicts (server, else those seen here)")
    q.add_argument("--local", action="store_true", help="only those this PC has seen")
    q.add_argument("--status", choices=["open", "resolved"], default="open")
    q.set_defaults(handler=cmd_conflicts_list)
    q = add_command(csub, "resolve", json_flag=False, help="keep one value (supervisors)")
    q.add_argument("id")
    q.add_argument("--keep", required=True, choices=["local", "server", "merged"])
    q.add_argument(
        "--json", dest="values_json", metavar="VALUES",
        help="for --keep merged: the value (JSON); for a delete-vs-edit conflict the "
        "record's values as a JSON object",
    )
    q.set_defaults(handler=cmd_conflicts_resolve)


# ---------------------------------------------------------------- enroll and login


def cmd_enroll(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.sync import enrollment

    data = enrollment.enroll(
        ctx.store, args.server, args.code, args.name or socket.gethostname(),
        ca_bundle=args.ca_bundle, proxy=args.proxy,
    )
    out: dict[str, Any] = {
        "device_id": data["device_id"], "district": data["district"], "server": args.server,
    }
    if not args.no_pull:
        report = _run_round(ctx, verbose=not ctx.json)
        out["sync"] = report.as_dict()
        if report.error:
            ctx.out(out, _enroll_text(out))
            return 1
    ctx.out(out, _enroll_text(out))
    return 0


def _enroll_text(out: dict[str, Any]) -> str:
    d = out["district"]
    lines = [
        f"ลงทะเบียนแล้ว: เขต{d['name_th']} ({d['code']}) / enrolled in {d['name_en']}",
        f"device {out['device_id']}",
    ]
    rep = out.get("sync")
    if rep:
        lines.append(f"ดาวน์โหลด / pulled {rep['pulled']} records")
        if rep["error"]:
            lines.append(f"ยังดาวน์โหลดไม่ครบ / incomplete: {rep['error']} (run bkkdesk sync)")
    return "\n".join(lines)


def cmd_login(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.sync import enrollment

    password = _password(args, "รหัสผ่าน / password: ")
    info, mode = enrollment.login(ctx.store, args.username, password, offline=args.offline)
    ctx.out(
        {"user": info.username, "role": info.role, "district": info.district_code, "mode": mode},
        f"เข้าสู่ระบบแล้ว ({'ออนไลน์' if mode == 'online' else 'ออฟไลน์'}) / logged in "
        f"{mode}: {info.username} ({info.role})",
    )
    return 0


# ---------------------------------------------------------------- sync


def _progress_printer(enabled: bool) -> Any:
    last = [0.0]

    def show(phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if not enabled or now - last[0] < 0.5:
            return
        last[0] = now
        print(f"  {phase}: {done}/{total}", file=sys.stderr, flush=True)

    return show


def _engine(ctx: Context, args: argparse.Namespace | None = None) -> eng.SyncEngine:
    from bkkdesk.sync import engine as eng
    from bkkdesk.sync.client import SyncClient

    a = args
    return eng.SyncEngine(
        ctx.store,
        SyncClient(eng.client_config(ctx.store)),
        batch_size=getattr(a, "batch", 200) if a else 200,
        page_size=getattr(a, "page", 1000) if a else 1000,
        verify=not getattr(a, "no_verify", False) if a else True,
    )


def _run_round(ctx: Context, verbose: bool, args: argparse.Namespace | None = None) -> (
    eng.SyncReport
):
    engine = _engine(ctx, args)
    try:
        # A round someone asked for checks counts and checksums whatever the schedule.
        return engine.run_once(_progress_printer(verbose), force_verify=True)
    finally:
        engine.client.close()


def _report_text(r: eng.SyncReport) -> str:
    lines = [
        f"ส่ง / pushed {r.pushed} (ซ้ำ / duplicates {r.duplicates}, รวม / merged {r.merged}); "
        f"รับ / pulled {r.pulled}; ข้อขัดแย้ง / conflicts {r.conflicts}; "
        f"ถูกปฏิเสธ / rejections {r.rejections}"
    ]
    if r.verified is not None:
        lines.append(
            "ตรวจสอบตรงกัน / verified" if r.verified
            else f"ไม่ตรงกัน ดาวน์โหลดใหม่ / re-downloaded: {', '.join(r.resynced)}"
        )
    if r.clock_warning:
        lines.append(
            f"คำเตือน: นาฬิกาเครื่องนี้คลาดจากเซิร์ฟเวอร์ {r.clock_offset_s:+.0f} วินาที / "
            f"warning: this PC's clock is off by {r.clock_offset_s:+.0f} s"
        )
    if r.error:
        lines.append(f"ข้อผิดพลาด / error: {r.error}")
    return "\n".join(lines)


def _status_of(r: eng.SyncReport) -> int:
    if r.error_code == "upgrade_required":
        return EXIT_UPGRADE
    return 1 if r.error else 0


def cmd_sync(args: argparse.Namespace, ctx: Context) -> int:
    if args.once:
        report = _run_round(ctx, verbose=not ctx.json, args=args)
        ctx.out(report.as_dict(), _report_text(report))
        return _status_of(report)
    from bkkdesk.sync.client import Backoff

    engine = _engine(ctx, args)
    backoff = Backoff(base=2.0, cap=600.0)
    try:
        while True:
            report = engine.run_once(_progress_printer(not ctx.json))
            if ctx.json:
                print(json.dumps(report.as_dict(), ensure_ascii=False, default=str), flush=True)
            else:
                print(_report_text(report), flush=True)
            if report.error_code == "upgrade_required":
                return EXIT_UPGRADE
            delay = backoff.next_delay() if report.error else args.interval
            if not report.error:
                backoff.reset()
            time.sleep(delay)
    finally:
        engine.client.close()


def cmd_status(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.sync import engine as eng

    state = eng.read_state(ctx.store)
    lines = [
        f"เซิร์ฟเวอร์ / server: {state['server'] or '(not enrolled)'}",
        f"รอส่ง / pending: {state['pending']}",
        "สำเร็จล่าสุด / last success: "
        + (format_utc(state["last_success_at"]) if state["last_success_at"] else "-"),
        f"ผิดพลาดล่าสุด / last error: {state['last_error'] or '-'}",
        f"ถูกปฏิเสธ / rejections: {state['rejections']}; "
        f"ข้อขัดแย้งที่ค้าง / open conflicts: {state['conflicts_open']}",
    ]
    if state["update"]:
        lines.append(f"รุ่นใหม่ / update: {state['update']['th']}")
        lines.append(f"  {state['update']['en']}")
    off = state["clock_offset_s"]
    if off is not None:
        lines.append(f"นาฬิกาต่างจากเซิร์ฟเวอร์ / server clock offset: {off:+.1f} s")
        if state["clock_warning"]:
            lines.append(
                "คำเตือน: ตั้งนาฬิกาเครื่องให้ถูกต้อง (ไม่กระทบข้อมูล) / warning: set this PC's "
                "clock (data are not affected)"
            )
    ctx.out(state, "\n".join(lines))
    return 0


def cmd_rejections(args: argparse.Namespace, ctx: Context) -> int:
    from sqlalchemy import select

    from bkkdesk.db import jsonutil
    from bkkdesk.db.sync_models import SyncRejection

    with ctx.store.read() as s:
        q = select(SyncRejection).order_by(SyncRejection.seq)
        if not args.all:
            q = q.where(SyncRejection.dismissed.is_(False))
        rows = [
            {
                "seq": r.seq, "record_id": r.record_id, "dataset_id": r.dataset_id, "op": r.op,
                "code": r.code, "th": r.reason_th, "en": r.reason_en, "user": r.user,
                "changes": jsonutil.loads(r.changes), "at": r.at,
            }
            for r in s.scalars(q)
        ]
    text = "\n".join(
        f"#{r['seq']} {r['dataset_id']} {r['record_id']} {r['op']}: {r['th']} / {r['en']}"
        for r in rows
    ) or "ไม่มี / none"
    ctx.out(rows, text)
    return 0


# ---------------------------------------------------------------- conflicts


def cmd_conflicts_list(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.sync import conflicts

    rows = conflicts.list_conflicts(ctx.store, args.status, local_only=args.local)
    text = "\n".join(
        f"{r['id']} {r['dataset_id']} {r['record_id']} {r['kind']} {r.get('field') or ''}: "
        f"server={json.dumps(r['server_value'], ensure_ascii=False)} "
        f"local={json.dumps(r['client_value'], ensure_ascii=False)} (applied: {r['applied']})"
        for r in rows
    ) or "ไม่มีข้อขัดแย้ง / no conflicts"
    ctx.out(rows, text)
    return 0


def cmd_conflicts_resolve(args: argparse.Namespace, ctx: Context) -> int:
    value: Any = None
    if args.keep == "merged":
        if args.values_json is None:
            raise ValidationError(
                [FieldError("--json", "required", "ต้องระบุค่า --json", "--json VALUES is needed")]
            )
        text = args.values_json.strip()
        if text.startswith("{") or text == "-":
            value = _parse_json_object(text)
        else:
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                value = text  # a plain text value
    from bkkdesk.sync import conflicts

    resp = conflicts.resolve_conflict(ctx.store, args.id, args.keep, value)
    ctx.out(
        resp.model_dump(mode="json"),
        f"แก้ข้อขัดแย้งแล้ว / resolved ({args.keep}); row version {resp.row_version} — "
        "จะมาถึงเครื่องอื่นเมื่อซิงก์ / other PCs get it at their next sync",
    )
    return 0
