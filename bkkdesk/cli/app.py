"""``bkkdesk app`` opens the desktop app; ``bkkdesk demo`` prepares a demo data dir.

The demo: the data dir (``--data-dir``, ``$BKKDESK_DATA_DIR`` or the default) is set up
for district 1004 บางรัก if it has no district yet, with three accounts (admin,
supervisor, clerk; passwords printed) and a few hundred realistic Thai sample records
across every data set, written through the store so that they have outbox and audit
entries. Running it again adds nothing. Then the app opens at the login screen.
"""

from __future__ import annotations

import argparse
import random
from typing import Any

from bkkdesk.cli.context import Context, add_command
from bkkdesk.core.errors import BkkError, ValidationError

DEMO_DISTRICT = "1004"
DEMO_PASSWORD = "bkkdesk-demo"
DEMO_ACCOUNTS = (
    ("demo-admin", "admin", "ผู้ดูแลระบบ (สาธิต)"),
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


def setup_demo(ctx: Context, records: int, seed: int) -> dict[str, Any]:
    """Idempotent demo set-up; returns what was done."""
    store = ctx.store
    done: dict[str, Any] = {"data_dir": str(ctx.data_dir), "district": DEMO_DISTRICT}
    current = store.district_code
    if current is None:
        admin, _role, display = DEMO_ACCOUNTS[0]
        store.init_district(DEMO_DISTRICT, admin=admin, password=DEMO_PASSWORD,
                            display_name=display)
        done["initialised"] = True
    elif current != DEMO_DISTRICT:
        raise BkkError(
            f"ฐานข้อมูลนี้เป็นของเขตรหัส {current} แล้ว ใช้ --data-dir อื่นสำหรับโหมดสาธิต",
            f"this database belongs to district {current}; use another --data-dir for the demo",
            code="district_set",
        )
    existing = {u.username for u in store.users.list()}
    added = []
    with store.write() as s:
        for username, role, display in DEMO_ACCOUNTS:
            if username not in existing:
                store.users.add(s, username, DEMO_PASSWORD, role, display_name=display,
                                district_code=DEMO_DISTRICT, actor="demo")
                added.append(username)
    done["accounts_added"] = added
    done["accounts"] = [
        {"username": u, "role": r, "password": DEMO_PASSWORD} for u, r, _d in DEMO_ACCOUNTS
    ]
    if store.get_meta(DEMO_SEEDED_KEY):
        done["records_added"] = {}
        done["records"] = store.records.counts_by_dataset()
        return done
    try:
        from bkkdesk.core.samples import sample_values
    except ImportError:
        done["records_added"] = {}
        done["note"] = "sample data generator not available"
        return done
    definitions = store.definitions()
    rng = random.Random(seed)
    per_set = max(1, records // max(1, len(definitions)))
    added_counts: dict[str, int] = {}
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
        users = [u for u, r, _d in DEMO_ACCOUNTS if r != "admin"]
        for i in range(0, len(rows), 100):
            store.records.add_many(dataset_id, rows[i : i + 100], user=users[i // 100 % 2],
                                   origin="local")
        added_counts[dataset_id] = len(rows)
    store.set_meta(DEMO_SEEDED_KEY, str(sum(added_counts.values())))
    done["records_added"] = added_counts
    done["records"] = store.records.counts_by_dataset()
    return done


def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    done = setup_demo(ctx, max(0, args.records), args.seed)
    lines = [f"ข้อมูลสาธิต / demo data: {done['data_dir']}",
             f"เขต / district: {DEMO_DISTRICT} บางรัก"]
    if done.get("initialised"):
        lines.append("สร้างฐานข้อมูลใหม่ / initialised a new database")
    lines.append("บัญชีผู้ใช้ / accounts (รหัสผ่าน / password):")
    for a in done["accounts"]:
        lines.append(f"  {a['username']:<16} {a['role']:<11} {a['password']}")
    added = done.get("records_added") or {}
    if added:
        lines.append(f"เพิ่มระเบียนตัวอย่าง / sample records added: {sum(added.values())}")
        for k, v in added.items():
            lines.append(f"  {k:<20} {v}")
    else:
        total = sum((done.get("records") or {}).values())
        lines.append(f"มีข้อมูลอยู่แล้ว ไม่เพิ่ม / already set up, nothing added ({total} records)")
    if done.get("note"):
        lines.append(done["note"])
    ctx.out(done, "\n".join(lines))
    if args.no_gui:
        return 0
    ctx.close()  # the app opens its own store on its worker thread
    from bkkdesk.ui.app import run_app

    return run_app(ctx.data_dir, username="demo-clerk")
