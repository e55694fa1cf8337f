"""``bkkdesk server …``: run the central server and administer it from its own machine.

Whoever can run these commands on the server can read its database anyway, so they
need no login; every change is audited as ``cli:<os user>``. The same service
functions (``bkkdesk.server.admin``) back the admin API.

    bkkdesk server run [--host H] [--port P] [--workers N] [--database-url URL]
    bkkdesk server db upgrade | db current
    bkkdesk server districts load
    bkkdesk server users add USERNAME --role ROLE [--district CODE] [--password …]
    bkkdesk server users disable USERNAME | users list
    bkkdesk server enroll-code --district CODE [--expires 24h]
    bkkdesk server devices list | devices revoke ID
    bkkdesk server datasets publish FILE | datasets list
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bkkdesk.cli.context import Context, date_option
from bkkdesk.core.errors import BkkError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session as DbSession

    from bkkdesk.server.db import Database
    from bkkdesk.server.security import Security
    from bkkdesk.server.settings import ServerSettings


# ---------------------------------------------------------------- helpers


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name on this system (containers)
        return "cli"


def _settings(args: argparse.Namespace, **extra: Any) -> ServerSettings:
    from bkkdesk.server.settings import load_settings

    return load_settings(
        getattr(args, "config", None),
        database_url=getattr(args, "database_url", None),
        **extra,
    )


def _open(args: argparse.Namespace, ctx: Context) -> tuple[ServerSettings, Database]:
    """Settings and the database, checked (the embedded default migrates itself)."""
    from bkkdesk.server.app import prepare_database
    from bkkdesk.server.db import Database

    settings = _settings(args)
    db = Database(settings.resolved_database_url(ctx.data_dir))
    try:
        prepare_database(db, settings)
    except BaseException:
        db.dispose()
        raise
    return settings, db


@contextmanager
def _session(args: argparse.Namespace, ctx: Context) -> Iterator[tuple[DbSession, Security]]:
    from bkkdesk.server.security import Security

    settings, db = _open(args, ctx)
    try:
        with db.session() as s:
            yield s, Security(settings)
    finally:
        db.dispose()


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)


def parse_duration(text: str) -> dt.timedelta:
    """``90s``, ``30m``, ``24h``, ``7d``; a bare number is hours."""
    match = _DURATION.match(text)
    if not match:
        raise BkkError(
            f"ระยะเวลา {text!r} ไม่ถูกต้อง (เช่น 30m, 24h, 7d)",
            f"invalid duration {text!r} (e.g. 30m, 24h, 7d)",
            code="invalid_duration",
        )
    value = float(match.group(1))
    unit = (match.group(2) or "h").lower()
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]
    return dt.timedelta(seconds=value * seconds)


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _add_db_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--database-url",
        help="SQLAlchemy URL, e.g. postgresql+psycopg://bkkdesk@db/bkkdesk "
        "(default: $BKKDESK_DATABASE_URL, else <data dir>/server.sqlite3)",
    )
    p.add_argument(
        "--config", help="settings file of KEY=value lines (default: $BKKDESK_SERVER_CONFIG)"
    )


# ---------------------------------------------------------------- run


def cmd_run(args: argparse.Namespace, ctx: Context) -> int:
    import uvicorn

    from bkkdesk.server.app import prepare_database
    from bkkdesk.server.db import Database

    settings = _settings(args, host=args.host, port=args.port, workers=args.workers)
    url = settings.resolved_database_url(ctx.data_dir)
    db = Database(url)
    try:
        seeded = prepare_database(db, settings)
    finally:
        db.dispose()
    if settings.mode == "production" and url.startswith("sqlite"):
        print(
            "คำเตือน: โหมด production บน SQLite — ควรใช้ PostgreSQL\n"
            "warning: production mode on SQLite; use PostgreSQL",
            file=sys.stderr,
        )
    # Workers (separate processes) read their settings from the environment.
    os.environ["BKKDESK_DATABASE_URL"] = url
    os.environ["BKKDESK_DATA_DIR"] = str(ctx.data_dir)
    if getattr(args, "config", None):
        os.environ["BKKDESK_SERVER_CONFIG"] = str(Path(args.config).resolve())
    where = db.engine.url.render_as_string(hide_password=True)
    print(
        f"bkkdesk server: http://{settings.host}:{settings.port}/api/v1 "
        f"(database {where}, mode {settings.mode}, workers {settings.workers})"
        + (f"; first start: {seeded}" if seeded.get("districts_loaded") else ""),
        flush=True,
    )
    uvicorn.run(
        "bkkdesk.server.app:create_app_from_env",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        log_level=args.log_level,
        server_header=False,
    )
    return 0


# ---------------------------------------------------------------- db


def cmd_db_upgrade(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.core.reference import load_reference
    from bkkdesk.server import admin
    from bkkdesk.server.db import Database, upgrade

    settings = _settings(args)
    db = Database(settings.resolved_database_url(ctx.data_dir))
    try:
        before, after = upgrade(db.engine)
        with db.session() as s:
            seeded = admin.seed(s, load_reference(), settings)
    finally:
        db.dispose()
    data = {"from": before, "to": after, **seeded}
    text = (
        f"ฐานข้อมูลเป็นรุ่นล่าสุดแล้ว ({after}) / database is up to date ({after})"
        if before == after
        else f"ปรับรุ่นฐานข้อมูล {before} → {after} / database migrated {before} → {after}"
    )
    if seeded["definitions_published"]:
        text += "\npublished: " + ", ".join(seeded["definitions_published"])
    ctx.out(data, text)
    return 0


def cmd_db_current(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.server.db import Database, current_revision, head_revision

    settings = _settings(args)
    db = Database(settings.resolved_database_url(ctx.data_dir))
    try:
        current = current_revision(db.engine)
    finally:
        db.dispose()
    head = head_revision()
    ctx.out({"current": current, "head": head}, f"current: {current}\nhead:    {head}")
    return 0 if current == head else 1


# ---------------------------------------------------------------- districts


def cmd_districts_load(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.core.reference import load_reference
    from bkkdesk.server import admin

    with _session(args, ctx) as (s, _sec):
        n_d, n_s = admin.load_districts(s, load_reference(), _actor())
    ctx.out(
        {"districts": n_d, "subdistricts": n_s},
        f"โหลดแล้ว {n_d} เขต {n_s} แขวง / loaded {n_d} districts, {n_s} subdistricts",
    )
    return 0


# ---------------------------------------------------------------- users


def _ask_password() -> str:
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line:
            raise BkkError("ต้องระบุรหัสผ่าน", "a password is needed (--password)", code="no_password")
        return line.rstrip("\r\n")
    first = getpass.getpass("รหัสผ่าน / password: ")
    second = getpass.getpass("อีกครั้ง / again: ")
    if first != second:
        raise BkkError("รหัสผ่านสองครั้งไม่ตรงกัน", "the passwords do not match", code="mismatch")
    return first


def cmd_users_add(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.server import admin

    password = args.password if args.password is not None else _ask_password()
    with _session(args, ctx) as (s, sec):
        user = admin.add_user(
            s,
            sec,
            username=args.username,
            role=args.role,
            password=password,
            district_code=args.district,
            display_name=args.display_name,
            actor=_actor(),
        )
        data = {
            "username": user.username,
            "role": user.role,
            "district_code": user.district_code,
            "display_name": user.display_name,
        }
    where = f" เขต/district {data['district_code']}" if data["district_code"] else ""
    ctx.out(data, f"เพิ่มผู้ใช้ {data['username']} ({data['role']}){where} / user added")
    return 0


def cmd_users_disable(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.server import admin

    with _session(args, ctx) as (s, _sec):
        user = admin.disable_user(s, args.username, _actor())
        name = user.username
    ctx.out({"username": name, "disabled": True}, f"ปิดใช้งาน {name} แล้ว / {name} disabled")
    return 0


def cmd_users_list(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.server import admin

    with _session(args, ctx) as (s, _sec):
        rows = [
            {
                "username": u.username,
                "display_name": u.display_name,
                "role": u.role,
                "district_code": u.district_code,
                "disabled": u.disabled,
            }
            for u in admin.list_users(s)
        ]
    lines = [
        f"{r['username']:<20} {r['role']:<19} {r['district_code'] or '-':<5} "
        f"{'disabled' if r['disabled'] else 'active':<8} {r['display_name']}"
        for r in rows
    ]
    ctx.out(rows, "\n".join(lines) or "ไม่มีผู้ใช้ / no users")
    return 0


# ---------------------------------------------------------------- enrollment, devices


def cmd_enroll_code(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.server import admin

    expires = parse_duration(args.expires)
    with _session(args, ctx) as (s, sec):
        code, expires_at = admin.create_enroll_code(
            s, sec, district_code=args.district, expires=expires, actor=_actor()
        )
    ctx.out(
        {"code": code, "district_code": args.district, "expires_at": _iso(expires_at)},
        f"{code}\n(เขต/district {args.district}; ใช้ได้ครั้งเดียว ถึง / one use, until "
        f"{_iso(expires_at)} UTC)",
    )
    return 0


def cmd_devices_list(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.server import admin

    with _session(args, ctx) as (s, _sec):
        rows = [
            {
                "id": str(d.id),
                "name": d.name,
                "district_code": d.district_code,
                "enrolled_at": _iso(d.enrolled_at),
                "revoked_at": _iso(d.revoked_at),
                "app_version": d.app_version,
                "definition_versions": d.definition_versions,
                "last_contact_at": _iso(d.last_contact_at),
                "last_sync_at": _iso(d.last_sync_at),
                "pending_count": d.pending_count,
                "last_user": d.last_user,
            }
            for d in admin.list_devices(s)
        ]
    lines = [
        f"{r['id']}  {r['district_code']}  {'REVOKED' if r['revoked_at'] else 'active ':<7}  "
        f"app {r['app_version'] or '?':<8} last contact {r['last_contact_at'] or '-'}  "
        f"pending {r['pending_count'] if r['pending_count'] is not None else '?'}  {r['name']}"
        for r in rows
    ]
    ctx.out(rows, "\n".join(lines) or "ยังไม่มีเครื่องที่ลงทะเบียน / no devices enrolled")
    return 0


def cmd_devices_revoke(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.server import admin

    with _session(args, ctx) as (s, _sec):
        device = admin.revoke_device(s, args.device_id, _actor())
        data = {"id": str(device.id), "revoked_at": _iso(device.revoked_at)}
    ctx.out(data, f"เพิกถอนเครื่อง {data['id']} แล้ว / device revoked")
    return 0


# ---------------------------------------------------------------- datasets


def cmd_datasets_publish(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.core.definitions import parse_definition_text
    from bkkdesk.core.errors import DefinitionError
    from bkkdesk.server import admin

    path = Path(args.file)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DefinitionError(
            f"อ่านไฟล์ {path} ไม่ได้ ({exc.strerror})", f"cannot read {path} ({exc.strerror})"
        ) from None
    definition = parse_definition_text(raw, path.name)
    with _session(args, ctx) as (s, _sec):
        row = admin.publish_dataset(s, definition, _actor())
        data = {"id": row.dataset_id, "version": row.version, "sha256": row.sha256}
    ctx.out(data, f"เผยแพร่ {data['id']} รุ่น {data['version']} แล้ว / published")
    return 0


def cmd_datasets_list(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.server import admin

    with _session(args, ctx) as (s, _sec):
        rows = [
            {
                "id": dataset_id,
                "latest_version": versions[-1].version,
                "versions": [v.version for v in versions],
                "title_th": versions[-1].title_th,
                "title_en": versions[-1].title_en,
                "published_at": _iso(versions[-1].published_at),
            }
            for dataset_id, versions in admin.dataset_versions(s).items()
        ]
    lines = [
        f"{r['id']:<28} v{r['latest_version']:<4} (versions {r['versions']})  {r['title_th']}"
        for r in rows
    ]
    ctx.out(rows, "\n".join(lines) or "ยังไม่มีชุดข้อมูล / no data sets published")
    return 0


# ---------------------------------------------------------------- consolidated export


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.core.reference import load_reference
    from bkkdesk.server.exports import ExportRequest, export_consolidated

    req = ExportRequest(
        dataset_id=args.dataset,
        districts=list(args.district or []),
        date_from=date_option(args.date_from, "--from"),
        date_to=date_option(args.date_to, "--to"),
        status=args.status,
        unmasked=args.unmasked,
        lang=args.lang,
    )
    _, db = _open(args, ctx)
    try:
        result = export_consolidated(
            db, load_reference(), Path(args.output).resolve(), req, actor=_actor(),
            role="central_supervisor", user_district=None,
        )
    finally:
        db.dispose()
    ctx.out(
        {"path": str(result.path), "rows": result.rows, "masked": result.masked,
         "seconds": round(result.seconds, 2)},
        f"ส่งออกแล้ว / exported {result.rows} แถว/rows → {result.path}"
        + ("" if result.masked else "\n(ข้อมูลส่วนบุคคลไม่ปิดบัง บันทึกในบันทึกการตรวจสอบแล้ว / "
                                     "personal data unmasked; audited)"),
    )
    return 0


# ---------------------------------------------------------------- registration


def register(subparsers: Any) -> None:
    server = subparsers.add_parser(
        "server",
        help="central server: run it, migrate it, manage accounts, devices and definitions",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    sub = server.add_subparsers(dest="server_command", metavar="SUBCOMMAND", required=True)

    run = sub.add_parser("run", help="run the API server (uvicorn)")
    _add_db_options(run)
    run.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    run.add_argument("--port", type=int, help="port (default 8000)")
    run.add_argument("--workers", type=int, help="worker processes (default 1)")
    run.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    run.set_defaults(handler=cmd_run)

    db = sub.add_parser("db", help="the server database schema")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    p = db_sub.add_parser("upgrade", help="migrate to the latest schema and add first-start data")
    _add_db_options(p)
    p.set_defaults(handler=cmd_db_upgrade)
    p = db_sub.add_parser("current", help="show the schema revision (exit 1 if not latest)")
    _add_db_options(p)
    p.set_defaults(handler=cmd_db_current)

    districts = sub.add_parser("districts", help="reference data")
    d_sub = districts.add_subparsers(dest="districts_command", metavar="ACTION", required=True)
    p = d_sub.add_parser("load", help="load the 50 districts and 180 subdistricts")
    _add_db_options(p)
    p.set_defaults(handler=cmd_districts_load)

    users = sub.add_parser("users", help="accounts")
    u_sub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    p = u_sub.add_parser("add", help="add an account")
    _add_db_options(p)
    p.add_argument("username")
    p.add_argument(
        "--role", required=True, choices=["clerk", "supervisor", "central_supervisor", "admin"]
    )
    p.add_argument("--district", help="district code (clerk and supervisor)")
    p.add_argument("--display-name", help="the name shown in the app")
    p.add_argument(
        "--password", help="initial password (else asked, or read from stdin when piped)"
    )
    p.set_defaults(handler=cmd_users_add)
    p = u_sub.add_parser("disable", help="disable an account and end its sessions")
    _add_db_options(p)
    p.add_argument("username")
    p.set_defaults(handler=cmd_users_disable)
    p = u_sub.add_parser("list", help="list accounts")
    _add_db_options(p)
    p.set_defaults(handler=cmd_users_list)

    p = sub.add_parser("enroll-code", help="make a one-time code to enroll one PC")
    _add_db_options(p)
    p.add_argument("--district", required=True, help="district code the PC belongs to")
    p.add_argument("--expires", default="24h", help="validity, e.g. 30m, 24h, 7d (default 24h)")
    p.set_defaults(handler=cmd_enroll_code)

    devices = sub.add_parser("devices", help="enrolled PCs")
    dv_sub = devices.add_subparsers(dest="devices_command", metavar="ACTION", required=True)
    p = dv_sub.add_parser("list", help="every device and what it last reported")
    _add_db_options(p)
    p.set_defaults(handler=cmd_devices_list)
    p = dv_sub.add_parser("revoke", help="revoke a device credential")
    _add_db_options(p)
    p.add_argument("device_id", metavar="ID")
    p.set_defaults(handler=cmd_devices_revoke)

    datasets = sub.add_parser("datasets", help="data-set definitions")
    ds_sub = datasets.add_subparsers(dest="datasets_command", metavar="ACTION", required=True)
    p = ds_sub.add_parser("publish", help="publish a new version of a definition file")
    _add_db_options(p)
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=cmd_datasets_publish)
    p = ds_sub.add_parser("list", help="published data sets and their versions")
    _add_db_options(p)
    p.set_defaults(handler=cmd_datasets_list)

    p = sub.add_parser(
        "export", help="one workbook across districts (district column, per-district summary)"
    )
    _add_db_options(p)
    p.add_argument("dataset", metavar="DATASET")
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    p.add_argument("--district", action="append", metavar="CODE",
                   help="only this district (repeat for several; default every district)")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="from date (B.E. or C.E.)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="to date (B.E. or C.E.)")
    p.add_argument("--status", help="only records with this status value")
    p.add_argument("--unmasked", action="store_true",
                   help="write personal data unmasked (recorded in the audit log)")
    p.add_argument("--lang", choices=["th", "en"], default="th")
    p.set_defaults(handler=cmd_export)
