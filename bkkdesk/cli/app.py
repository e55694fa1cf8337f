"""``bkkdesk app`` opens the desktop app; ``bkkdesk demo`` shows the whole system.

The demo starts the central server on loopback (embedded SQLite in ``demo-server/``
inside the data dir), creates demo accounts there for district 1004 บางรัก (clerk,
supervisor, central supervisor, admin; passwords printed), enrolls this data dir with a
one-time code exactly as IT would, logs the accounts in once online (so they can also
log in offline later), fills a few hundred realistic Thai sample records across every
data set through the store (outbox and audit like typed records), pushes them to the
server, and opens the app with sync running in the background. Running it again adds
nothing; ``--no-gui`` does the same set-up headless.
"""

from __future__ import annotations

import argparse
import random
import sys
from typing import Any

from bkkdesk.cli.context import Context, add_command, no_screen
from bkkdesk.core.errors import BkkError, ValidationError

DEMO_DISTRICT = "1004"
DEMO_PASSWORD = "bkkdesk-demo"
DEMO_ACCOUNTS = (
    ("demo-admin", "admin", "ผู้ดูแลระบบ (สาธิต)"),
    ("demo-central", "central_supervisor", "ผู้ตรวจส่วนกลาง (สาธิต)"),
    ("demo-supervisor", "supervisor", "หัวหน้าฝ่าย (สาธิต)"),
    ("demo-clerk", "clerk", "เจ้าหน้าที่ (สาธิต)"),
)
DEMO_SEEDED_KEY = "demo_seeded"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = add_command(sub, "app", json_flag=False,
                    help="open the desktop app / เปิดโปรแกรม")
    p.add_argument("--login", metavar="USER", help="user name to fill in at the login screen")
    p.set_defaults(handler=cmd_app)
    p = add_command(sub, "demo", help="prepare a demo data dir and open the app / โหมดสาธิต")
    p.add_argument("--no-gui", action="store_true", help="set up only; do not open the app")
    p.add_argument("--records", type=int, default=350, metavar="N",
                   help="sample records across all data sets (default 350)")
    p.add_argument("--seed", type=int, default=2568, help="random seed of the sample data")
    p.set_defaults(handler=cmd_demo)


def cmd_app(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.ui.app import run_app

    return run_app(ctx.data_dir, username=getattr(args, "login", None))


def _server_accounts(app: Any) -> None:
    from bkkdesk.core.errors import NotFoundError
    from bkkdesk.server import admin

    state = app.state.bkk
    with state.db.session() as s:
        for username, role, display in DEMO_ACCOUNTS:
            try:
                admin.get_user(s, username)
            except NotFoundError:
                admin.add_user(
                    s, state.security, username=username, role=role, password=DEMO_PASSWORD,
                    district_code=None if role in ("admin", "central_supervisor")
                    else DEMO_DISTRICT,
                    display_name=display, actor="demo",
                )


def _enroll(ctx: Context, url: str, app: Any) -> bool:
    """Enroll the data dir with this server unless it already is; True if it enrolled."""
    import datetime as dt

    from bkkdesk.core.errors import NotFoundError
    from bkkdesk.server import admin
    from bkkdesk.sync import engine as eng
    from bkkdesk.sync import enrollment

    store = ctx.store
    state = app.state.bkk
    device = store.get_meta(eng.META_DEVICE)
    if enrollment.is_enrolled(store) and device:
        try:
            with state.db.session() as s:
                admin.get_device(s, device)
            store.set_meta(eng.META_SERVER, url)  # a new free port each run
            return False
        except NotFoundError:
            pass  # the demo server was reset: enroll again
    with state.db.session() as s:
        code, _ = admin.create_enroll_code(s, state.security, district_code=DEMO_DISTRICT,
                                           expires=dt.timedelta(hours=1), actor="demo")
    enrollment.enroll(store, url, code, "demo-pc")
    return True


def setup_demo(ctx: Context, records: int, seed: int, url: str, app: Any) -> dict[str, Any]:
    """Idempotent demo set-up against the embedded server at ``url``."""
    from bkkdesk.sync import enrollment
    from bkkdesk.sync.engine import SyncEngine

    store = ctx.store
    done: dict[str, Any] = {"data_dir": str(ctx.data_dir), "district": DEMO_DISTRICT,
                            "server": url}
    current = store.district_code
    if current not in (None, DEMO_DISTRICT):
        raise BkkError(
            f"ฐานข้อมูลนี้เป็นของเขตรหัส {current} แล้ว ใช้ --data-dir อื่นสำหรับโหมดสาธิต",
            f"this database belongs to district {current}; use another --data-dir for the demo",
            code="district_set",
        )
    _server_accounts(app)
    done["enrolled"] = _enroll(ctx, url, app)
    # Each account logs in online once: the PC keeps its offline hash (never the password).
    for username, _role, _display in sorted(DEMO_ACCOUNTS, key=lambda a: a[0] == "demo-clerk"):
        enrollment.login(store, username, DEMO_PASSWORD)
    done["accounts"] = [
        {"username": u, "role": r, "password": DEMO_PASSWORD} for u, r, _d in DEMO_ACCOUNTS
    ]
    done["records_added"] = {} if store.get_meta(DEMO_SEEDED_KEY) else _seed_records(
        ctx, records, seed
    )
    engine = SyncEngine(store)
    try:
        report = engine.run_once()
    finally:
        engine.close()
    done["sync"] = report.as_dict()
    done["records"] = store.records.counts_by_dataset()
    return done


def _seed_records(ctx: Context, records: int, seed: int) -> dict[str, int]:
    from bkkdesk.core.samples import sample_values

    store = ctx.store
    definitions = store.definitions()
    rng = random.Random(seed)
    per_set = max(1, records // max(1, len(definitions)))
    added_counts: dict[str, int] = {}
    users = [u for u, r, _d in DEMO_ACCOUNTS if r in ("clerk", "supervisor")]
    for dataset_id in definitions:
        validator = store.validator(dataset_id)
        keys = store.records.unique_keys(dataset_id)
        rows: list[dict[str, Any]] = []
        seq = 0
        attempts = 0
        while len(rows) < per_set and attempts < per_set * 3:
            attempts += 1
            seq += 1
            raw = sample_values(dataset_id, rng, DEMO_DISTRICT, seq=seq)
            try:
                clean = validator.validate(raw, district=DEMO_DISTRICT)
            except ValidationError:
                continue
            key = validator.unique_key(clean)
            if key is not None:
                if key in keys:
                    continue
                keys.add(key)
            rows.append(clean)
        for i in range(0, len(rows), 100):
            store.records.add_many(dataset_id, rows[i : i + 100], user=users[i // 100 % 2],
                                   origin="local")
        added_counts[dataset_id] = len(rows)
    store.set_meta(DEMO_SEEDED_KEY, str(sum(added_counts.values())))
    return added_counts


def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.server.embedded import embedded_server
    from bkkdesk.server.settings import ServerSettings

    settings = ServerSettings(_env_file=None, database_url=None)
    with embedded_server(ctx.data_dir / "demo-server", settings) as (url, app):
        done = setup_demo(ctx, max(0, args.records), args.seed, url, app)
        ctx.out(done, _demo_text(done))
        if args.no_gui or no_screen():
            if not args.no_gui:
                print("ไม่มีจอภาพให้เปิดหน้าต่าง จึงตั้งค่าสาธิตอย่างเดียว / no display to open "
                      "the window on, so set-up only.\nบนเครื่องที่มีจอ `make run` จะเปิดโปรแกรม / "
                      "on a desktop `make run` opens the app; here try e.g. "
                      f"`bkkdesk --data-dir {ctx.data_dir} records list complaint`",
                      file=sys.stderr)
            return 0 if done["sync"]["error"] is None else 1
        ctx.close()  # the app opens its own store on its worker thread
        from bkkdesk.ui.app import run_app

        return run_app(ctx.data_dir, username="demo-clerk", login_hint=demo_login_hint())


def demo_login_hint() -> str:
    """Shown on the demo's login screen: the accounts and their password."""
    accounts = ", ".join(u for u, _r, _d in DEMO_ACCOUNTS)
    return (f"โหมดสาธิต: รหัสผ่าน {DEMO_PASSWORD} ใช้ได้กับทุกบัญชี ({accounts})\n"
            f"Demo: the password {DEMO_PASSWORD} works for every account")


def _demo_text(done: dict[str, Any]) -> str:
    lines = [f"ข้อมูลสาธิต / demo data: {done['data_dir']}",
             f"เซิร์ฟเวอร์กลาง / central server: {done['server']} "
             "(SQLite, demo-server/ — ปิดพร้อมโปรแกรม / stops with the app)",
             f"เขต / district: {DEMO_DISTRICT} บางรัก"]
    if done.get("enrolled"):
        lines.append("ลงทะเบียนเครื่องกับเซิร์ฟเวอร์แล้ว / enrolled this PC with the server")
    lines.append("บัญชีผู้ใช้ / accounts (รหัสผ่าน / password):")
    for a in done["accounts"]:
        lines.append(f"  {a['username']:<16} {a['role']:<19} {a['password']}")
    added = done.get("records_added") or {}
    if added:
        lines.append(f"เพิ่มระเบียนตัวอย่าง / sample records added: {sum(added.values())}")
        for k, v in added.items():
            lines.append(f"  {k:<20} {v}")
    else:
        total = sum((done.get("records") or {}).values())
        lines.append(f"มีข้อมูลอยู่แล้ว ไม่เพิ่ม / already set up, nothing added ({total} records)")
    sync = done["sync"]
    if sync["error"]:
        lines.append(f"ซิงก์ไม่สำเร็จ / sync failed: {sync['error']}")
    else:
        lines.append(f"ซิงก์แล้ว / synced: ส่ง / pushed {sync['pushed']}, "
                     f"รับ / pulled {sync['pulled']}")
    return "\n".join(lines)
