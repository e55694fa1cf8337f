"""Local store: save latency and Thai search latency, beside raw sqlite3 doing the same work.

For each size (default 100k and 1M food-inspection records) prints:
- save: p50/p99 of one durable record save through ``RecordRepository.add`` (validation,
  record + outbox + hash-chained audit entry, one BEGIN IMMEDIATE … COMMIT with WAL and
  synchronous=FULL), beside raw sqlite3 inserting the same three rows per transaction with
  the same pragmas;
- search: p50/p99 of a first page (50 rows) of Thai search results through
  ``RecordRepository.query`` for 1-, 2-, 3- and 5+-character queries, beside raw sqlite3
  running the same SQL (trigram FTS5 for 3+ characters, instr() below).
The ratio is the figure that matters: what the layers above SQLite cost.

Run: ``.venv/bin/python bench/bench_store.py [--sizes 100000,1000000] [--saves 300]``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import bulk_store, percentiles

QUERIES = ["ส", "ตล", "ร้าน", "สมชาย", "ก๋วยเตี๋ยว", "ข้าวมันไก่", "ซอย", "นา", "ศรี", "พัฒนา"]


def bench_saves(data_dir: Path, n: int) -> tuple[list[float], list[float]]:
    from bkkdesk.core.samples import sample_values
    from bkkdesk.db.store import Store

    _cleanup(data_dir)  # rows left by an interrupted earlier run
    store = Store.open(data_dir)
    rng = random.Random(7)
    ours: list[float] = []
    base = 10_000_000 + time.time_ns() // 1000 % 10**9  # keys unlike any earlier run's
    rows = [sample_values("food_inspection", rng, "1004", seq=base + i) for i in range(n)]
    for values in rows:
        t = time.perf_counter()
        store.records.add("food_inspection", values, user="admin")
        ours.append((time.perf_counter() - t) * 1000)
    store.close()

    con = sqlite3.connect(data_dir / "bkkdesk.sqlite3", isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    raw: list[float] = []
    prev = "0" * 64
    for i, values in enumerate(rows):
        values = dict(values, shop_name=f"{values.get('shop_name', '')} raw{i}")
        data = json.dumps(values, ensure_ascii=False, sort_keys=True)
        rid = str(uuid.uuid4())
        t = time.perf_counter()
        con.execute("BEGIN IMMEDIATE")
        con.execute(
            "INSERT INTO records (id, dataset_id, def_version, district_code, data, search_text,"
            " created_at, updated_at, row_version, deleted) VALUES"
            " (?, 'food_inspection', 1, '1004', ?, ?, datetime('now'), datetime('now'), 0, 0)",
            (rid, data, values.get("shop_name", "")),
        )
        con.execute(
            "INSERT INTO outbox (txn_id, record_id, dataset_id, op, changes, base_version,"
            " def_version, created_at) VALUES (?, ?, 'food_inspection', 'create', ?, 0, 1,"
            " datetime('now'))",
            (rid, rid, data),
        )
        h = hashlib.sha256((prev + data).encode()).hexdigest()
        con.execute(
            "INSERT INTO audit_log (at, action, record_id, changes, origin, prev_hash, hash)"
            " VALUES (datetime('now'), 'create', ?, ?, 'bench', ?, ?)",
            (rid, data, prev, h),
        )
        con.execute("COMMIT")
        raw.append((time.perf_counter() - t) * 1000)
        prev = h
    con.close()
    _cleanup(data_dir)
    return ours, raw


def _cleanup(data_dir: Path) -> None:
    """Leave the bulk-loaded store as it was: remove what the save loops added."""
    con = sqlite3.connect(data_dir / "bkkdesk.sqlite3")
    with con:
        con.execute("DELETE FROM records WHERE created_by IS NULL OR created_by = 'admin'")
        con.execute("DELETE FROM outbox")
    con.close()


def bench_search(data_dir: Path, rounds: int) -> dict[str, tuple[list[float], list[float]]]:
    from bkkdesk.core import thaitext
    from bkkdesk.db.records import FTS_MIN_CHARS, RecordFilter
    from bkkdesk.db.store import Store

    store = Store.open(data_dir)
    con = sqlite3.connect(data_dir / "bkkdesk.sqlite3")
    out: dict[str, tuple[list[float], list[float]]] = {}
    for q in QUERIES:
        ours: list[float] = []
        raw: list[float] = []
        norm = thaitext.normalize_for_search(q)
        if len(norm) >= FTS_MIN_CHARS:
            sql = (
                "SELECT r.* FROM records_fts f JOIN records r ON r.seq = f.rowid"
                " WHERE records_fts MATCH ? AND r.dataset_id = 'food_inspection'"
                " AND r.deleted = 0 ORDER BY f.rowid LIMIT 50"
            )
            arg = '"' + norm + '"'
        else:
            sql = (
                "SELECT * FROM records WHERE dataset_id = 'food_inspection' AND deleted = 0 AND"
                " instr(search_text, ?) > 0 ORDER BY seq LIMIT 50"
            )
            arg = norm
        for _ in range(rounds):
            t = time.perf_counter()
            a = store.records.query("food_inspection", RecordFilter(search=q), limit=50)
            ours.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            b = con.execute(sql, (arg,)).fetchall()
            raw.append((time.perf_counter() - t) * 1000)
            assert len(a) == len(b), (q, len(a), len(b))
        out[q] = (ours, raw)
    con.close()
    store.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    for n in (int(s) for s in args.sizes.split(",")):
        print(f"\n== {n:,} records ==", flush=True)
        t = time.perf_counter()
        data_dir = bulk_store(n)
        print(f"store ready in {time.perf_counter() - t:.1f} s "
              f"({(data_dir / 'bkkdesk.sqlite3').stat().st_size / 1e6:.0f} MB)")
        ours, raw = bench_saves(data_dir, args.saves)
        o50, o99 = percentiles(ours)
        r50, r99 = percentiles(raw)
        print(f"save   bkkdesk p50 {o50:6.2f} ms  p99 {o99:6.2f} ms | raw sqlite3 p50 {r50:6.2f} ms"
              f"  p99 {r99:6.2f} ms | ratio p50 {o50 / r50:4.1f}x  p99 {o99 / r99:4.1f}x")
        results = bench_search(data_dir, args.rounds)
        all_ours: list[float] = []
        all_raw: list[float] = []
        for q, (ours, raw) in results.items():
            all_ours += ours
            all_raw += raw
            o50, o99 = percentiles(ours)
            r50, r99 = percentiles(raw)
            print(f"search {q!r:<14} ({len(q)} ch) bkkdesk p50 {o50:7.2f} ms p99 {o99:7.2f} ms"
                  f" | raw p50 {r50:7.2f} ms p99 {r99:7.2f} ms")
        o50, o99 = percentiles(all_ours)
        r50, r99 = percentiles(all_raw)
        print(f"search all queries      bkkdesk p50 {o50:7.2f} ms p99 {o99:7.2f} ms"
              f" | raw p50 {r50:7.2f} ms p99 {r99:7.2f} ms | ratio p50 {o50 / r50:4.1f}x"
              f" p99 {o99 / r99:4.1f}x")


if __name__ == "__main__":
    main()
