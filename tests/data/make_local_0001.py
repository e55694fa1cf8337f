"""Regenerate ``local-0001.sqlite3``: a local database at schema revision 0001 with records.

Kept in the repository (not rebuilt by the tests) so that upgrade tests run on a file
written as the first release wrote it. Run: ``.venv/bin/python tests/data/make_local_0001.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from bkkdesk.db import migrate
from bkkdesk.db.engine import make_engine

HERE = Path(__file__).resolve().parent
TARGET = HERE / "local-0001.sqlite3"


def main() -> None:
    TARGET.unlink(missing_ok=True)
    engine = make_engine(TARGET)
    migrate.upgrade(engine, TARGET, HERE / "unused-backups", target="0001")
    engine.dispose()
    con = sqlite3.connect(TARGET)
    now = dt.datetime(2025, 1, 15, 9, 30).isoformat(sep=" ")
    con.execute("INSERT INTO meta VALUES ('district_code', '1004')")
    con.execute("INSERT INTO meta VALUES ('device_id', 'old-device-0001')")
    for i in range(25):
        data = {"shop_name": f"ร้านเก่า {i}", "inspected_on": "2024-12-01", "status": "pass"}
        con.execute(
            "INSERT INTO records (id, dataset_id, def_version, district_code, subdistrict_code,"
            " record_date, status, data, search_text, unique_key, created_at, updated_at,"
            " created_by, updated_by, row_version, deleted)"
            " VALUES (?, 'shops', 1, '1004', NULL, '2024-12-01', 'pass', ?, ?, NULL, ?, ?,"
            " 'admin', 'admin', 0, 0)",
            (f"00000000-0000-4000-8000-{i:012d}", json.dumps(data, ensure_ascii=False),
             f"ร้านเก่า {i}", now, now),
        )
        con.execute(
            "INSERT INTO outbox (txn_id, record_id, dataset_id, op, changes, base_version,"
            " def_version, created_at, user) VALUES (?, ?, 'shops', 'create', ?, 0, 1, ?, 'admin')",
            (f"txn-{i}", f"00000000-0000-4000-8000-{i:012d}",
             json.dumps(data, ensure_ascii=False), now),
        )
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    for leftover in HERE.glob("unused-backups"):
        leftover.rmdir()
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
