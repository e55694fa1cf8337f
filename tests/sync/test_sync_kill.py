"""`bkkdesk sync --once` killed with SIGKILL at random points of push and pull, many times.

After a clean final sync: every copy converges, nothing saved is lost, nothing is
duplicated on the server.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from synchelpers import DATASET, LiveServer, assert_converged, complaint, enroll

from bkkdesk.db.models import Outbox
from bkkdesk.db.store import Store

KILLS = 8


def _outbox(store: Store) -> dict[int, dict[str, object]]:
    with store.read() as s:
        return {
            e.seq: {"record_id": e.record_id, "op": e.op, "changes": json.loads(e.changes)}
            for e in s.scalars(select(Outbox))
        }


def _sync_proc(data_dir: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, BKKDESK_DATA_DIR=str(data_dir))
    return subprocess.Popen(
        [sys.executable, "-m", "bkkdesk", "--data-dir", str(data_dir), "--json", "sync",
         "--once", "--batch", "10", "--page", "15"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_sigkill_during_sync_loses_and_duplicates_nothing(
    server: LiveServer, tmp_path: Path
) -> None:
    rng = random.Random(4)
    dirs = {"a": tmp_path / "a", "b": tmp_path / "b"}
    entries: dict[tuple[str, int], dict[str, object]] = {}
    created: set[str] = set()
    for name in ("a", "b"):
        st = enroll(server, dirs[name], "1001")
        try:
            ids = [st.records.add(DATASET, complaint("1001"), user=name).id for _ in range(120)]
            for rid in ids[:40]:
                st.records.edit(rid, {"action_taken": f"แก้โดย {name} {rid[:6]}"}, user=name)
            created.update(ids)
            device = str(st.get_meta("sync_device_id"))
            entries.update({(device, seq): e for seq, e in _outbox(st).items()})
        finally:
            st.close()
    killed_mid_way = 0
    for i in range(KILLS):
        name = "a" if i % 2 == 0 else "b"
        proc = _sync_proc(dirs[name])
        time.sleep(rng.uniform(0.8, 3.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed_mid_way += 1
        proc.wait(30)
    assert killed_mid_way >= KILLS // 2  # most runs really were cut short
    for _ in range(2):
        for name in ("a", "b"):
            proc = _sync_proc(dirs[name])
            assert proc.wait(120) == 0
    stores = {name: Store.open(d) for name, d in dirs.items()}
    try:
        for st in stores.values():
            assert st.records.pending_count() == 0
            assert_converged(server, st, "1001")
        records = server.records()
        assert created == set(records)
        seen: set[tuple[str, int]] = set()
        for h in server.history():
            key = (str(h.device_id), int(h.device_seq or 0))
            assert key not in seen, f"{key} applied twice"
            seen.add(key)
        assert set(entries) <= seen  # every saved change reached the server once
        for (_device, _seq), e in entries.items():
            changes = e["changes"]
            assert isinstance(changes, dict)
            rec = records[str(e["record_id"])]
            for f, v in changes.items():
                if f == "action_taken" or (e["op"] == "create" and f == "ticket_id"):
                    assert rec.data[f] == v
        with stores["a"].read() as s:
            assert s.scalar(select(func.count()).select_from(Outbox)) == 0
    finally:
        for st in stores.values():
            st.close()
