"""Sync: server apply rate, initial and incremental sync over loopback, gzip levels.

Prints, for ``--records N`` (default 100 000) complaint records of one district:

- **apply**: pushed changes applied per second by the server on PostgreSQL (``--pg-url``;
  ``--sqlite`` for the embedded server), ``--devices`` devices pushing at once in batches
  of ``--batch`` changes;
- **initial sync**: a freshly enrolled PC pulling all N records (``bkkdesk enroll``, a
  child process): records/s, bytes on the wire per record, the child's peak memory;
- **incremental sync**: 1 000 changes made elsewhere, pulled by ``bkkdesk sync --once``;
- **baseline**: the same N records bulk-inserted into a local store in this run
  (``RecordRepository.add_many``: validation, record + outbox + audit), records/s;
- **gzip**: size and time of one pull page at levels 1, 3, 6, 9 (how GZIP_LEVEL was chosen).

The server runs as a uvicorn child process (so the client's memory is its own).

Run: ``.venv/bin/python bench/bench_sync.py [--records 100000] [--sqlite]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bkkdesk.sync import protocol as p  # noqa: E402
from bkkdesk.sync.client import ClientConfig, SyncClient  # noqa: E402

DISTRICT = "1001"
DATASET = "complaint"
WORDS = ["ขยะ", "ล้น", "ถัง", "หน้า", "ตลาด", "ท่อ", "อุดตัน", "ไฟ", "ทาง", "เท้า", "ชำรุด",
         "เสียง", "ดัง", "กลางคืน", "ต้นไม้", "ล้ม", "ขวาง", "ถนน", "น้ำ", "ท่วม", "ซอย"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def values(rng: random.Random, i: int) -> dict[str, Any]:
    return {
        "channel": rng.choice(["walk_in", "hotline_1555", "traffy_fondue", "letter"]),
        "ticket_id": f"B-{i:08d}-{rng.randrange(10**6):06d}",
        "complaint_type": rng.choice(["garbage", "drainage_flooding", "lighting", "noise"]),
        "description": "".join(rng.choice(WORDS) for _ in range(rng.randint(6, 20))),
        "location_detail": f"ซอย {rng.randint(1, 120)} ถนนเจริญกรุง",
        "subdistrict": f"10010{rng.randint(1, 9)}" if rng.random() < 0.9 else "100110",
        "complainant_name": "นาย" + "".join(rng.choice(WORDS) for _ in range(2)),
        "complainant_phone": f"08{rng.randrange(10**8):08d}",
        "received_date": (dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(600))).isoformat(),
        "status": "received",
    }


class Server:
    def __init__(self, url: str, data_dir: Path, workers: int = 1) -> None:
        from bkkdesk.core.reference import load_reference
        from bkkdesk.server import admin
        from bkkdesk.server.db import Database, upgrade
        from bkkdesk.server.security import Security
        from bkkdesk.server.settings import ServerSettings

        self.settings = ServerSettings(
            _env_file=None, database_url=url, argon2_time_cost=1,
            argon2_memory_kib=1024, argon2_parallelism=1, max_body_bytes=64 * 1024 * 1024,
        )
        self.db = Database(url)
        upgrade(self.db.engine)
        with self.db.session() as s:
            admin.seed(s, load_reference(), self.settings)
        self.sec = Security(self.settings)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(
            os.environ, BKKDESK_DATABASE_URL=url, BKKDESK_DATA_DIR=str(data_dir),
            BKKDESK_MAX_BODY_BYTES=str(64 * 1024 * 1024),
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory",
             "bkkdesk.server.app:create_app_from_env", "--host", "127.0.0.1",
             "--port", str(self.port), "--log-level", "warning", "--workers", str(workers)],
            env=env,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("server did not start") from None
                time.sleep(0.1)

    def code(self) -> str:
        from bkkdesk.server import admin

        with self.db.session() as s:
            code, _ = admin.create_enroll_code(
                s, self.sec, district_code=DISTRICT, expires=dt.timedelta(hours=1), actor="bench"
            )
        return code

    def token(self) -> str:
        with SyncClient(ClientConfig(self.url, retries=0)) as c:
            return str(c.enroll(self.code(), "bench")["device_token"])

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(30)
        self.db.dispose()


def push_all(server: Server, n: int, devices: int, batch: int) -> tuple[float, list[str]]:
    """``n`` creates from ``devices`` devices at once; returns (seconds, record ids)."""
    tokens = [server.token() for _ in range(devices)]
    ids: list[list[str]] = [[] for _ in range(devices)]
    per = [n // devices + (1 if i < n % devices else 0) for i in range(devices)]
    errors: list[BaseException] = []

    def run(i: int) -> None:
        rng = random.Random(i)
        seq = 0
        try:
            with SyncClient(ClientConfig(server.url, device_token=tokens[i], stall_timeout=300,
                                         retries=2)) as c:
                left = per[i]
                while left:
                    k = min(batch, left)
                    changes = []
                    for _ in range(k):
                        seq += 1
                        rid = str(uuid.uuid4())
                        ids[i].append(rid)
                        changes.append(p.Change(
                            seq=seq, txn_id=str(uuid.uuid4()), record_id=rid,
                            dataset_id=DATASET, op="create",
                            changes=values(rng, i * 10**7 + seq), base_version=0,
                            def_version=1))
                    c.push(p.PushRequest(protocol=p.PROTOCOL_VERSION, device_id=str(i),
                                         app_version="bench",
                                         batches=[p.Batch(changes=changes)]))
                    left -= k
        except BaseException as exc:
            errors.append(exc)

    t = time.perf_counter()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(devices)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - t, [x for xs in ids for x in xs]


def cli(data_dir: Path, *args: str) -> tuple[float, dict[str, Any], int]:
    """Run ``bkkdesk … --json`` as a child; (seconds, JSON output, peak RSS KiB of children)."""
    t = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "bkkdesk", "--data-dir", str(data_dir), "--json", *args],
        capture_output=True, check=True, env=dict(os.environ, BKKDESK_DATA_DIR=str(data_dir)),
    )
    elapsed = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, json.loads(out.stdout), peak


def baseline(n: int, add_many_n: int) -> tuple[float, float]:
    """The same kind of records written into a fresh local store without any network:

    - the pull's own write path (``_Applier``: indexed columns, Thai search text, FTS),
      pages of 1000 records per transaction, all ``n`` records;
    - ``RecordRepository.add_many`` (validation, record + outbox + hash-chained audit),
      ``add_many_n`` records (it is far slower, so fewer are timed).
    """
    from bkkdesk.db.store import Store
    from bkkdesk.sync.engine import _Applier

    d = Path(tempfile.mkdtemp(prefix="bkk-bench-base-"))
    try:
        store = Store.open(d)
        store.init_district(DISTRICT, admin="admin", password="bench-password")
        rng = random.Random(99)
        validator = store.validator(DATASET)
        now = dt.datetime.now(dt.UTC)
        states = [
            p.RecordState(
                id=str(uuid.uuid4()), dataset_id=DATASET, def_version=1, district_code=DISTRICT,
                values=validator.validate(values(rng, i), district=DISTRICT), row_version=1,
                deleted=False, created_at=now, created_by="bench", updated_at=now,
                updated_by="bench",
            )
            for i in range(n)
        ]
        applier = _Applier(store)
        t = time.perf_counter()
        for i in range(0, n, 1000):
            with store.write() as s:
                applier.apply(s, states[i : i + 1000])
        applied = n / (time.perf_counter() - t)
        rows = [validator.validate(values(rng, n + i), district=DISTRICT)
                for i in range(add_many_n)]
        t = time.perf_counter()
        for i in range(0, add_many_n, 500):
            store.records.add_many(DATASET, rows[i : i + 500], user="bench")
        added = add_many_n / (time.perf_counter() - t)
        store.close()
        return applied, added
    finally:
        shutil.rmtree(d, ignore_errors=True)


def gzip_levels(server: Server) -> list[tuple[int, int, int, float]]:
    token = server.token()
    with SyncClient(ClientConfig(server.url, device_token=token)) as c:
        page = c.pull(p.PullRequest(protocol=p.PROTOCOL_VERSION, device_id="g",
                                    app_version="bench", cursor=0, limit=1000))
    raw = orjson.dumps(page.model_dump(mode="json"))
    out = []
    for level in (1, 3, 6, 9):
        t = time.perf_counter()
        for _ in range(5):
            z = gzip.compress(raw, compresslevel=level, mtime=0)
        out.append((level, len(raw), len(z), (time.perf_counter() - t) / 5 * 1000))
    return out


def pg_schema_url(base: str) -> tuple[str, str]:
    import psycopg
    from sqlalchemy.engine import make_url

    schema = f"bkk_bench_{uuid.uuid4().hex[:8]}"
    dsn = make_url(base).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={quote(f'-csearch_path={schema}')}", schema


def drop_schema(base: str, schema: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    dsn = make_url(base).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--incremental", type=int, default=1000)
    ap.add_argument("--devices", type=int, default=8)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument("--add-many", type=int, default=2000, help="records for add_many")
    ap.add_argument("--sqlite", action="store_true", help="embedded SQLite server instead")
    ap.add_argument("--pg-url", default=os.environ.get(
        "BKKDESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bkk-bench-sync-"))
    schema = None
    if args.sqlite:
        url = f"sqlite:///{work / 'server.sqlite3'}"
    else:
        url, schema = pg_schema_url(args.pg_url)
    server = Server(url, work / "server", args.workers)
    try:
        n = args.records
        secs, ids = push_all(server, n, args.devices, args.batch)
        backend = "SQLite" if args.sqlite else "PostgreSQL"
        print(f"apply ({backend}, {args.workers} worker(s), {args.devices} devices, "
              f"batches of {args.batch}): "
              f"{n} creates in {secs:.1f} s = {n / secs:,.0f} changes/s")

        client_dir = work / "client"
        secs, out, peak = cli(client_dir, "enroll", "--server", server.url, "--code",
                              server.code())
        rep = out["sync"]
        assert rep["error"] is None and rep["pulled"] == n, rep
        print(f"initial sync: {n} records in {rep['elapsed_s']:.1f} s "
              f"({secs:.1f} s with enrollment and process start) = "
              f"{n / rep['elapsed_s']:,.0f} records/s; "
              f"{rep['bytes_received'] / n:,.0f} bytes/record received "
              f"({rep['bytes_received'] / 1e6:.1f} MB), peak client RSS {peak / 1024:.0f} MiB")

        # Incremental: 1k updates from another device, then one round on the client.
        m = min(args.incremental, n)
        token = server.token()
        rng = random.Random(5)
        with SyncClient(ClientConfig(server.url, device_token=token, stall_timeout=300)) as c:
            for start in range(0, m, 500):
                chunk = ids[start : start + min(500, m - start)]
                c.push(p.PushRequest(
                    protocol=p.PROTOCOL_VERSION, device_id="inc", app_version="bench",
                    batches=[p.Batch(changes=[p.Change(
                        seq=start + k + 1, txn_id=str(uuid.uuid4()), record_id=rid,
                        dataset_id=DATASET, op="update",
                        changes={"action_taken": "".join(rng.choice(WORDS) for _ in range(8))},
                        base_version=1, def_version=1) for k, rid in enumerate(chunk)])]))
        secs, rep, _ = cli(client_dir, "sync", "--once")
        assert rep["error"] is None and rep["pulled"] == m, rep
        print(f"incremental sync: {m} changes in {rep['elapsed_s']:.2f} s "
              f"({secs:.2f} s with process start) = {m / rep['elapsed_s']:,.0f} records/s; "
              f"{rep['bytes_received'] / m:,.0f} bytes/change received, "
              f"{rep['bytes_sent']} bytes sent")

        applied, added = baseline(n, min(n, args.add_many))
        print(f"baseline, same run, no network: the pull's local write path "
              f"{applied:,.0f} records/s ({n} records); add_many (validation, outbox, "
              f"audit) {added:,.0f} records/s ({min(n, args.add_many)} records)")
        print("gzip of one pull page (1000 records):")
        for level, raw, z, ms in gzip_levels(server):
            print(f"  level {level}: {raw:,} -> {z:,} bytes ({z / raw:.1%}), {ms:.1f} ms")
    finally:
        server.stop()
        if schema is not None:
            drop_schema(args.pg_url, schema)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
