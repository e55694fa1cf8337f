"""Helpers shared by the benchmark scripts: timing figures and a bulk-loaded local store."""

from __future__ import annotations

import json
import random
import statistics
import time
import uuid
from collections.abc import Callable
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def percentiles(samples_ms: list[float]) -> tuple[float, float]:
    """p50 and p99 of a list of milliseconds."""
    ordered = sorted(samples_ms)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return p50, p99


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def bulk_store(n: int, dataset: str = "food_inspection", district: str = "1004") -> Path:
    """A data dir holding a migrated local store with ``n`` sample records (cached in out/).

    Records are written with raw SQL in large transactions (the FTS triggers index them),
    which is how a benchmark gets a million rows in a minute; the values are the same
    realistic ones the demo uses.
    """
    from bkkdesk.core.samples import sample_values
    from bkkdesk.db import jsonutil
    from bkkdesk.db.records import indexed_columns, search_text
    from bkkdesk.db.store import Store

    data_dir = OUT / f"store-{dataset}-{n}"
    marker = data_dir / "complete"
    if marker.exists():
        return data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    for f in data_dir.glob("bkkdesk.sqlite3*"):
        f.unlink()
    store = Store.open(data_dir)
    store.init_district(district, admin="admin", password="bench-password")
    definition = store.definition(dataset)
    validator = store.validator(dataset)
    reference = store.reference
    path = store.path
    store.close()

    import sqlite3

    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")  # a bulk load; durability is measured elsewhere
    rng = random.Random(1)
    now = "2025-06-01 08:00:00.000000"
    batch: list[tuple[object, ...]] = []
    t = time.perf_counter()
    for i in range(n):
        values = sample_values(dataset, rng, district, seq=i)
        idx = indexed_columns(definition, values)
        batch.append(
            (
                str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                dataset,
                definition.version,
                district,
                idx["subdistrict_code"],
                idx["record_date"],
                idx["status"],
                jsonutil.dumps(values),
                search_text(definition, values, reference),
                validator.unique_key(values),
                now,
                now,
            )
        )
        if len(batch) >= 20_000:
            _flush(con, batch)
            print(f"  loaded {i + 1:,} / {n:,} records ({time.perf_counter() - t:.0f} s)",
                  flush=True)
    _flush(con, batch)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    marker.write_text(json.dumps({"records": n}))
    return data_dir


def _flush(con: object, batch: list[tuple[object, ...]]) -> None:
    import sqlite3

    assert isinstance(con, sqlite3.Connection)
    with con:
        con.executemany(
            "INSERT INTO records (id, dataset_id, def_version, district_code, subdistrict_code,"
            " record_date, status, data, search_text, unique_key, created_at, updated_at,"
            " created_by, updated_by, row_version, deleted)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'bench','bench',0,0)",
            batch,
        )
    batch.clear()
