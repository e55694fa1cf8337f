"""Local commands: init, datasets, records, audit, users, db, doctor.

IT staff script against these, so every command has ``--json`` output and a stable
exit status: 0 done, 2 invalid input (nothing written), 1 any other failure.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from typing import TYPE_CHECKING, Any

from bkkdesk import __version__
from bkkdesk.cli.context import Context, add_command, iso_date_option
from bkkdesk.core.errors import BkkError, FieldError, ValidationError

if TYPE_CHECKING:  # loaded when a command runs, so `--help` and `--version` stay fast
    from bkkdesk.core.definitions import DatasetDef, FieldDef
    from bkkdesk.core.records import RecordData

MAX_JSON_INPUT = 5_000_000


def _parse_json_object(text: str, option: str = "--json") -> dict[str, Any]:
    if text == "-":
        text = sys.stdin.read(MAX_JSON_INPUT + 1)
    if len(text) > MAX_JSON_INPUT:
        raise ValidationError(
            [FieldError(option, "too_large", "ข้อมูลใหญ่เกินไป", "input is too large")]
        )
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            [
                FieldError(
                    option,
                    "json",
                    f"ไม่ใช่ JSON ที่ถูกต้อง (ตำแหน่ง {exc.pos}: {exc.msg})",
                    f"not valid JSON (at {exc.pos}: {exc.msg})",
                )
            ]
        ) from None
    if not isinstance(value, dict):
        raise ValidationError(
            [FieldError(option, "json", "ต้องเป็นออบเจกต์ JSON {…}", "must be a JSON object {…}")]
        )
    return value


def _password(args: argparse.Namespace, prompt: str) -> str:
    if getattr(args, "password", None):
        return str(args.password)
    env = os.environ.get("BKKDESK_PASSWORD")
    if env:
        return env
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass("อีกครั้ง / again: ") != first:
            raise BkkError("รหัสผ่านไม่ตรงกัน", "the passwords differ", code="password_mismatch")
        return first
    raise BkkError(
        "ต้องระบุรหัสผ่าน (--password หรือ BKKDESK_PASSWORD)",
        "a password is needed (--password or BKKDESK_PASSWORD)",
        code="no_password",
    )


# -- overview -----------------------------------------------------------------------
def overview(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store
    district = store.district_code
    counts = store.records.counts_by_dataset()
    defs = store.definitions()
    info = {
        "version": __version__,
        "data_dir": str(ctx.data_dir),
        "district": district,
        "datasets": {d.id: counts.get(d.id, 0) for d in defs.values()},
        "pending_changes": store.records.pending_count(),
    }
    lines = [f"bkkdesk {__version__} — ระบบบันทึกข้อมูลสำนักงานเขต กรุงเทพมหานคร"]
    lines.append(f"ข้อมูลอยู่ที่ / data: {ctx.data_dir}")
    if district:
        name = store.reference.districts[district].name_th
        lines.append(f"เขต / district: {district} {name}")
    else:
        lines.append(
            "ยังไม่ได้กำหนดเขต / no district yet: bkkdesk init --district 1004 "
            "--admin admin --password …  (or: bkkdesk demo)"
        )
    lines.append("ชุดข้อมูล / data sets:")
    for d in defs.values():
        lines.append(f"  {d.id:<22} {counts.get(d.id, 0):>8}  {d.title.th} / {d.title.en}")
    lines.append(f"รอส่งเซิร์ฟเวอร์ / changes waiting to sync: {info['pending_changes']}")
    lines.append("คำสั่งทั้งหมด / all commands: bkkdesk --help")
    ctx.out(info, "\n".join(lines))
    return 0


# -- init ---------------------------------------------------------------------------
def cmd_init(args: argparse.Namespace, ctx: Context) -> int:
    password = _password(args, "รหัสผ่านผู้ดูแล / admin password: ")
    ctx.store.init_district(
        args.district, admin=args.admin, password=password, display_name=args.display_name or ""
    )
    name = ctx.store.reference.districts[args.district].name_th
    ctx.out(
        {"district": args.district, "admin": args.admin, "data_dir": str(ctx.data_dir)},
        f"ฐานข้อมูลของเขต{name} ({args.district}) พร้อมใช้งาน ผู้ดูแล: {args.admin}\n"
        f"database ready for district {args.district}; admin: {args.admin}",
    )
    return 0


# -- datasets -----------------------------------------------------------------------
def _field_rules(f: FieldDef) -> list[str]:
    rules: list[str] = []
    if f.required:
        rules.append("required")
    if f.relevant:
        rules.append(f"when {f.relevant}")
    if f.compute:
        rules.append(f"= {f.compute}")
    if f.min is not None:
        rules.append(f"min {f.min}")
    if f.max is not None:
        rules.append(f"max {f.max}")
    if f.max_length is not None:
        rules.append(f"max length {f.max_length}")
    if f.pattern:
        rules.append(f"pattern {f.pattern}")
    if f.choices:
        rules.append("choices " + ", ".join(c.value for c in f.choices))
    if f.personal:
        rules.append("personal")
    if f.searchable:
        rules.append("searchable")
    return rules


def cmd_datasets_list(args: argparse.Namespace, ctx: Context) -> int:
    defs = ctx.store.definitions()
    counts = ctx.store.records.counts_by_dataset()
    data = [
        {
            "id": d.id,
            "version": d.version,
            "title_th": d.title.th,
            "title_en": d.title.en,
            "fields": len(d.fields),
            "records": counts.get(d.id, 0),
        }
        for d in defs.values()
    ]
    text = "\n".join(
        f"{x['id']:<22} v{x['version']:<3} {x['records']:>8}  {x['title_th']} / {x['title_en']}"
        for x in data
    )
    ctx.out(data, text or "ไม่มีชุดข้อมูล / no data sets")
    return 0


def cmd_datasets_show(args: argparse.Namespace, ctx: Context) -> int:
    d: DatasetDef = ctx.store.definition(args.id)
    if ctx.json:
        print(d.to_json())
        return 0
    lines = [f"{d.id} v{d.version}: {d.title.th} / {d.title.en}"]
    if d.unique_key:
        lines.append(f"unique key: {', '.join(d.unique_key)}")
    for f in d.fields:
        lines.append(f"  {f.name:<24} {f.type.value:<12} {f.label.th} / {f.label.en}")
        rules = _field_rules(f)
        if rules:
            lines.append(f"  {'':<24} {'':<12} [{'; '.join(rules)}]")
    print("\n".join(lines))
    return 0


# -- records ------------------------------------------------------------------------
def _record_text(ctx: Context, r: RecordData) -> str:
    from bkkdesk.core.display import display_value

    d = ctx.store.definition(r.dataset_id)
    lines = [f"{r.id}  ({d.title.th}, v{r.def_version}{', ลบแล้ว/deleted' if r.deleted else ''})"]
    for f in d.fields:
        if f.name in r.values:
            shown = display_value(f, r.values[f.name], ctx.store.reference)
            lines.append(f"  {f.label.th}: {shown}")
    return "\n".join(lines)


def cmd_records_add(args: argparse.Namespace, ctx: Context) -> int:
    user = ctx.user()
    values = _parse_json_object(args.json_values)
    r = ctx.store.records.add(args.dataset, values, user=user)
    ctx.out(r.as_dict(), r.id)
    sys.stdout.flush()
    return 0


def cmd_records_get(args: argparse.Namespace, ctx: Context) -> int:
    r = ctx.store.records.get(args.id)
    ctx.out(r.as_dict(), _record_text(ctx, r))
    return 0


def cmd_records_edit(args: argparse.Namespace, ctx: Context) -> int:
    user = ctx.user()
    patch = _parse_json_object(args.json_values)
    r = ctx.store.records.edit(args.id, patch, user=user)
    ctx.out(r.as_dict(), _record_text(ctx, r))
    return 0


def cmd_records_delete(args: argparse.Namespace, ctx: Context) -> int:
    user = ctx.user()
    ctx.store.records.delete(args.id, user=user)
    ctx.out({"deleted": args.id}, f"ลบแล้ว / deleted: {args.id}")
    return 0


def cmd_records_list(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.db.records import RecordFilter

    d = ctx.store.definition(args.dataset)
    flt = RecordFilter(
        search=args.search, subdistrict=args.subdistrict, status=args.status,
        date_from=iso_date_option(args.date_from, "--from"),
        date_to=iso_date_option(args.date_to, "--to"),
    )
    rows = ctx.store.records.query(
        d.id, flt, order_by=args.sort, descending=args.desc, limit=args.limit
    )
    if ctx.json:
        ctx.out([r.as_dict() for r in rows])
        return 0
    from bkkdesk.core.display import display_value

    # As on screen (B.E. dates, labels, names); --json gives the stored values.
    fields = [d.field(c) for c in d.columns]
    ref = ctx.store.reference
    print("id\t" + "\t".join(f.label.th for f in fields))
    for r in rows:
        print(r.id + "\t" + "\t".join(display_value(f, r.values.get(f.name), ref)
                                       for f in fields))
    total = ctx.store.records.count(d.id, flt)
    print(f"({len(rows)} / {total})", file=sys.stderr)
    return 0


def cmd_records_history(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.core.thaidate import format_utc

    entries = ctx.store.records.history(args.id)
    lines = []
    for e in entries:
        lines.append(f"{format_utc(e['at'])}  {e['user'] or '-'}  {e['action']}")
        for name, (before, after) in e["changes"].items():
            lines.append(f"    {name}: {before!r} → {after!r}")
    ctx.out(entries, "\n".join(lines))
    return 0


# -- audit, users, db, doctor ---------------------------------------------------------
def cmd_audit_verify(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.db import audit

    with ctx.store.read() as s:
        result = audit.verify(s)
    data = {"ok": result.ok, "checked": result.checked, "problems": result.problems}
    if result.ok:
        ctx.out(data, f"บันทึกการตรวจสอบครบถ้วน {result.checked} รายการ / audit log intact "
                      f"({result.checked} entries)")
        return 0
    ctx.out(
        data,
        "พบการแก้ไขบันทึกการตรวจสอบ / the audit log was tampered with:\n  "
        + "\n  ".join(result.problems),
    )
    return 1


def cmd_users_add(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store
    actor = getattr(args, "user", None)
    password = _password(args, "รหัสผ่าน / password: ")
    with store.write() as s:
        info = store.users.add(
            s, args.username, password, args.role, display_name=args.display_name or "",
            district_code=store.district_code, actor=actor,
        )
    ctx.out(info.__dict__, f"เพิ่มผู้ใช้ / added user {info.username} ({info.role})")
    return 0


def cmd_users_list(args: argparse.Namespace, ctx: Context) -> int:
    users = ctx.store.users.list()
    ctx.out(
        [u.__dict__ for u in users],
        "\n".join(
            f"{u.username:<20} {u.role:<20} {'disabled' if u.disabled else ''}" for u in users
        ),
    )
    return 0


def cmd_users_disable(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.store.write() as s:
        ctx.store.users.set_disabled(s, args.username, True, getattr(args, "user", None))
    ctx.out({"disabled": args.username}, f"ระงับบัญชี / disabled: {args.username}")
    return 0


def cmd_db_upgrade(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store  # opening migrates (after a backup copy)
    data = {"revision": store.schema_revision(), "backup": str(store.last_backup or "")}
    ctx.out(data, f"โครงสร้างฐานข้อมูลรุ่น / schema revision {data['revision']}"
                  + (f"\nสำรองไว้ที่ / backup: {data['backup']}" if data["backup"] else ""))
    return 0


def cmd_doctor(args: argparse.Namespace, ctx: Context) -> int:
    info = ctx.store.doctor()
    ok = info["integrity"] == "ok" and info["schema_revision"] == info["schema_head"]
    lines = [f"{k}: {v}" for k, v in info.items()]
    lines.append("สถานะ / status: " + ("ปกติ / ok" if ok else "มีปัญหา / problems found"))
    ctx.out(info, "\n".join(lines))
    return 0 if ok else 1


# -- registration ---------------------------------------------------------------------
def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = add_command(sub, "init", help="set up a standalone local database for one district")
    p.add_argument("--district", required=True, help="district code 1001–1050")
    p.add_argument("--admin", default="admin", help="first admin user name")
    p.add_argument("--password", help="admin password (or $BKKDESK_PASSWORD, or prompt)")
    p.add_argument("--display-name")
    p.set_defaults(handler=cmd_init)

    ds = sub.add_parser("datasets", help="data-set definitions").add_subparsers(
        dest="sub", required=True
    )
    add_command(ds, "list", help="all data sets").set_defaults(handler=cmd_datasets_list)
    p = add_command(ds, "show", help="one definition: fields, types and rules")
    p.add_argument("id")
    p.set_defaults(handler=cmd_datasets_show)

    rec = sub.add_parser("records", help="add, edit, find records").add_subparsers(
        dest="sub", required=True
    )
    p = add_command(rec, "add", json_flag=False, help="save a new record; prints its id")
    p.add_argument("dataset")
    p.add_argument("--json", dest="json_values", required=True, metavar="OBJECT",
                   help="field values as a JSON object, or - to read stdin")
    p.set_defaults(handler=cmd_records_add)
    p = add_command(rec, "get")
    p.add_argument("id")
    p.set_defaults(handler=cmd_records_get)
    p = add_command(rec, "edit", json_flag=False, help="change fields (null or \"\" clears one)")
    p.add_argument("id")
    p.add_argument("--json", dest="json_values", required=True, metavar="OBJECT")
    p.set_defaults(handler=cmd_records_edit)
    p = add_command(rec, "delete")
    p.add_argument("id")
    p.set_defaults(handler=cmd_records_delete)
    p = add_command(rec, "list")
    p.add_argument("dataset")
    p.add_argument("--search", help="Thai text, any length, no word spaces needed")
    p.add_argument("--subdistrict")
    p.add_argument("--status")
    p.add_argument("--from", dest="date_from", metavar="DATE")
    p.add_argument("--to", dest="date_to", metavar="DATE")
    p.add_argument("--sort", help="field name to sort by (Thai order)")
    p.add_argument("--desc", action="store_true")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(handler=cmd_records_list)
    p = add_command(rec, "history", help="the record's audit trail, field by field")
    p.add_argument("id")
    p.set_defaults(handler=cmd_records_history)

    au = sub.add_parser("audit", help="audit log").add_subparsers(dest="sub", required=True)
    add_command(au, "verify", help="check the hash chain").set_defaults(handler=cmd_audit_verify)

    us = sub.add_parser("users", help="local accounts").add_subparsers(dest="sub", required=True)
    p = add_command(us, "add")
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=["clerk", "supervisor", "admin"])
    p.add_argument("--password")
    p.add_argument("--display-name")
    p.set_defaults(handler=cmd_users_add)
    add_command(us, "list").set_defaults(handler=cmd_users_list)
    p = add_command(us, "disable")
    p.add_argument("username")
    p.set_defaults(handler=cmd_users_disable)

    db = sub.add_parser("db", help="local database").add_subparsers(dest="sub", required=True)
    add_command(db, "upgrade", help="migrate to this version's schema").set_defaults(
        handler=cmd_db_upgrade
    )
    add_command(sub, "doctor", help="integrity check, schema revision, counts").set_defaults(
        handler=cmd_doctor
    )
