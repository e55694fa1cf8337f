"""SIGKILL in the middle of a loop of ``records add``: every reported record survives intact."""

from __future__ import annotations

import itertools
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from bkkdesk.db.store import Store

DRIVER = """
import json, sys
from bkkdesk.cli.main import main
data_dir = sys.argv[1]
i = 0
while True:
    values = {"shop_name": f"ร้านทดสอบ {i}", "inspected_on": "2025-01-01", "seats": i}
    rc = main(["--data-dir", data_dir, "--user", "admin", "records", "add", "shops",
               "--json", json.dumps(values, ensure_ascii=False)])
    if rc != 0:
        sys.exit(rc)
    print(f"#{i}", flush=True)
    i += 1
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_during_records_add_loses_nothing(store: Store) -> None:
    data_dir = store.data_dir
    store.close()
    rng = random.Random(20251122)
    reported: dict[str, int] = {}
    for _round in range(4):
        proc = subprocess.Popen(
            [sys.executable, "-c", DRIVER, str(data_dir)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert proc.stdout is not None
        lines: list[str] = []
        # Let the loop get going (start-up is slow on a loaded machine), then kill it at
        # a random moment, most likely in the middle of a save.
        deadline = time.monotonic() + 120
        while sum(line.startswith("#") for line in lines) < 3 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line.rstrip("\n"))
        time.sleep(rng.uniform(0.0, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        out, _err = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        lines += out.splitlines()
        # Each record prints its id, then "#i" once main() returned.
        for a, b in itertools.pairwise(lines):
            if b.startswith("#") and not a.startswith("#"):
                reported[a] = int(b[1:])
    assert len(reported) >= 8, "the loop should have saved several records before each kill"

    s = Store.open(data_dir)
    try:
        assert s.integrity_check() == []
        for record_id, _i in reported.items():
            r = s.records.get(record_id)
            assert r.values["shop_name"].startswith("ร้านทดสอบ ")
            assert r.values["inspected_on"] == "2025-01-01"
        con = sqlite3.connect(s.path)
        rows = con.execute("SELECT id, data FROM records").fetchall()
        outbox_ids = {rid for (rid,) in con.execute("SELECT record_id FROM outbox")}
        con.close()
        # Nothing duplicated: one row per (round, i) name; every record has its outbox entry.
        names = [json.loads(d)["shop_name"] + "/" + rid for rid, d in rows]
        assert len(set(names)) == len(rows)
        assert {rid for rid, _ in rows} == outbox_ids
        from bkkdesk.db import audit

        with s.read() as session:
            assert audit.verify(session).ok
    finally:
        s.close()
