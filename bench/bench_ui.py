"""How the desktop app feels with a big local database.

Prints, for a data dir holding N complaint records (default 1,000,000):

- launch → login window shown, and → login window ready (store opened);
- log in → main window showing the N-row table with its first rows;
- the longest UI-thread stall (a 10 ms QTimer measuring its own lateness) while
  searches run (a 3+ character FTS search, a 2-character instr() scan, a filter);
- the longest stall while a sync runs in the background (``--sync-records`` records,
  default 5,000, pushed by another PC to an embedded server, pulled by the app while
  the clerk searches);
- resident memory after opening the N-row data set.

The records are written with raw SQLite inserts into a copy of a migrated store (the FTS
index rebuilt at the end), and the database is cached in ``bench/out/``. Run::

    .venv/bin/python bench/bench_ui.py --records 100000
    .venv/bin/python bench/bench_ui.py            # 1,000,000 (first run builds the DB)

Each run works on a copy of the cached database, enrolled with a fresh embedded server.

It runs the app offscreen unless DISPLAY is set and QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

DISTRICT = "1004"
USER = "bench-clerk"
PASSWORD = "bench-password-1"
DATASET = "complaint"
TEMPLATES = 5000


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


# -- building the database ------------------------------------------------------------
def build(data_dir: Path, n: int) -> None:
    from bkkdesk.core.samples import sample_values
    from bkkdesk.db.records import search_text
    from bkkdesk.db.store import Store

    tmp = data_dir.with_name(data_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    started = time.perf_counter()
    store = Store.open(tmp)
    store.init_district(DISTRICT, admin="bench-admin", password=PASSWORD)
    with store.write() as s:
        store.users.add(s, USER, PASSWORD, "clerk", display_name="เจ้าหน้าที่ทดสอบ",
                        district_code=DISTRICT, actor="bench-admin")
    definition = store.definition(DATASET)
    validator = store.validator(DATASET)
    rng = random.Random(1)
    templates = []
    for i in range(TEMPLATES):
        values = validator.validate(sample_values(DATASET, rng, DISTRICT, seq=i),
                                    district=DISTRICT)
        templates.append((values, search_text(definition, values, store.reference)))
    store.close()

    db = tmp / "bkkdesk.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA synchronous=OFF")
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type='trigger' AND tbl_name='records'"
    ).fetchall()
    conn.execute("BEGIN")
    for name, _sql in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    now = "2025-06-01 09:00:00.000000"
    sd = definition.subdistrict_field or ""
    dfield = definition.date_field or ""
    sfield = definition.status_field or ""

    def rows() -> Any:
        for i in range(n):
            values, stext = templates[i % TEMPLATES]
            if i >= TEMPLATES:
                values = dict(values, ticket_id=f"B{i:08d}")
            yield (
                str(uuid.UUID(int=rng.getrandbits(128), version=4)), DATASET,
                definition.version, DISTRICT, values.get(sd), (values.get(dfield) or "")[:10]
                or None, values.get(sfield), json.dumps(values, ensure_ascii=False), stext,
                f"b{i}", now, now, USER, USER, 0, 0,
            )

    conn.executemany(
        "INSERT INTO records (id, dataset_id, def_version, district_code, subdistrict_code,"
        " record_date, status, data, search_text, unique_key, created_at, updated_at,"
        " created_by, updated_by, row_version, deleted)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows(),
    )
    conn.execute("INSERT INTO records_fts(records_fts) VALUES('rebuild')")
    for _name, sql in triggers:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    size_mb = db.stat().st_size / 1e6
    shutil.rmtree(data_dir, ignore_errors=True)
    tmp.rename(data_dir)
    print(f"built {n:,} records in {time.perf_counter() - started:.1f} s "
          f"({size_mb:.0f} MB) -> {data_dir}")


def data_dir_for(n: int) -> Path:
    from bkkdesk.db import migrate

    return OUT / f"ui-{n}-{migrate.head_revision()}"


# -- the measured run (a child process, so that launch includes interpreter start) ----
def child(data_dir: Path, t0: float, n: int, sync_records: int) -> None:
    def since() -> float:
        return time.time() - t0

    from PySide6.QtCore import QElapsedTimer, Qt, QTimer

    from bkkdesk.ui.app import DesktopApp, ensure_qapplication, settings_path
    from bkkdesk.ui.settings import AppSettings

    s = AppSettings(settings_path(data_dir))
    s.values.last_dataset = DATASET
    s.save()
    app = ensure_qapplication()
    result: dict[str, Any] = {"records": n}

    def wait(cond: Any, timeout: float = 600.0) -> None:
        end = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > end:
                raise TimeoutError
            app.processEvents()
            time.sleep(0.001)

    desktop = DesktopApp(data_dir, username=USER)
    desktop.start()
    wait(lambda: desktop.login.isVisible())
    app.processEvents()
    result["login_window_s"] = since()
    wait(lambda: desktop.store is not None)
    result["login_ready_s"] = since()

    # Stall meter: a 10 ms timer measuring how late it fires.
    stall = {"max": 0.0, "on": False}
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        late = now - last[0] - 10
        last[0] = now
        if stall["on"]:
            stall["max"] = max(stall["max"], late)

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()

    t_login = time.time()
    desktop.login.password.setText(PASSWORD)
    stall["on"] = True
    desktop.login.attempt()
    wait(lambda: desktop.main is not None)
    main = desktop.main
    assert main is not None
    wait(lambda: main.current is not None and main.current.id == DATASET
         and not main.model.loading and main.model.rowCount() > 0)
    wait(lambda: main.model.is_row_loaded(0))
    app.processEvents()
    result["main_window_s"] = since()
    result["login_to_table_s"] = time.time() - t_login
    result["table_rows"] = main.model.rowCount()
    result["stall_open_ms"] = stall["max"]
    result["rss_mb"] = _rss_mb()

    # Noise floor: the same meter with the app idle (a busy or shared machine shows here).
    stall["max"] = 0.0
    idle_until = time.monotonic() + 3.0
    wait(lambda: time.monotonic() > idle_until)
    result["stall_idle_ms"] = stall["max"]

    def timed_search(label: str, text: str) -> None:
        stall["max"] = 0.0
        started = time.time()
        main.search.setText(text)  # typed: the 250 ms debounce then the worker
        wait(lambda: main.model.query is not None and main.model.query.flt.search == (text or None)
             and not main.model.loading)
        wait(lambda: main.model.rowCount() == 0 or main.model.is_row_loaded(0))
        result[f"search_{label}_s"] = time.time() - started
        result[f"search_{label}_rows"] = main.model.rowCount()
        result[f"stall_{label}_ms"] = stall["max"]

    timed_search("fts", "ท่อระบายน้ำ")
    timed_search("short", "ขย")
    timed_search("none", "ไม่มีคำนี้แน่นอน")
    timed_search("clear", "")
    # Typing fast: five searches in a row; only the last one's result is shown.
    stall["max"] = 0.0
    started = time.time()
    for part in ("ถ", "ถน", "ถนน", "ถนนส", "ถนนสี"):
        main.search.setText(part)
        pause = time.monotonic() + 0.08  # a key every 80 ms, the event loop running
        wait(lambda pause=pause: time.monotonic() > pause)
    wait(lambda: main.model.query is not None and main.model.query.flt.search == "ถนนสี"
         and not main.model.loading)
    result["typing_s"] = time.time() - started
    result["stall_typing_ms"] = stall["max"]
    result["rss_after_searches_mb"] = _rss_mb()

    if sync_records:
        # Sync while searching: another PC's records reach the server (the parent pushes
        # them when asked), then "sync now" pulls them while the clerk searches.
        from bkkdesk.ui.syncstatus import SyncPhase

        sync = desktop.sync
        assert sync is not None and sync.enrolled
        wait(lambda: sync.state.phase != SyncPhase.SYNCING, timeout=120)  # the login round
        print("PUSH", flush=True)
        if sys.stdin.readline().strip() != "GO":
            raise RuntimeError("the parent did not push the records")
        timed_search("presync", "")
        before = main.model.rowCount()
        stall["max"] = 0.0
        started = time.time()
        main.sync_now()
        timed_search("sync_fts", "ท่อระบายน้ำ")
        timed_search("sync_short", "ขย")
        timed_search("sync_clear", "")
        wait(lambda: sync.state.phase != SyncPhase.SYNCING, timeout=600)
        result["sync_s"] = time.time() - started
        wait(lambda: main.model.rowCount() >= before + sync_records, timeout=60)
        result["sync_pulled"] = main.model.rowCount() - before
        result["sync_error"] = sync.state.error_en or None
        result["stall_sync_ms"] = stall["max"]

    timed_search("clear2", "")  # sort the whole table, not the last search's rows

    # Sorting by clicking a header: a date column (json_extract) and a text column
    # (json_extract and thai_key(): one Python call per row, then a native sort).
    columns = main.model.columns

    def timed_sort(label: str, column: str, cap: float) -> None:
        stall["max"] = 0.0
        started = time.time()
        header = main.table.horizontalHeader()
        header.setSortIndicator(columns.index(column), Qt.SortOrder.AscendingOrder)
        try:
            wait(lambda: main.model.query is not None
                 and main.model.query.order_by in (column, "record_date")
                 and not main.model.loading, timeout=cap)
            wait(lambda: main.model.is_row_loaded(0), timeout=cap)
            result[f"sort_{label}_s"] = time.time() - started
        except TimeoutError:
            result[f"sort_{label}_s"] = None
            result[f"sort_{label}_cap_s"] = cap
        result[f"stall_sort_{label}_ms"] = stall["max"]

    timed_sort("date", "received_date", 120.0)
    timed_sort("text", "ticket_id", 60.0)
    # A slow sort started, then a click on another header 1 s later: the slow query is
    # interrupted and the new order shows without waiting for it.
    header = main.table.horizontalHeader()
    header.setSortIndicator(columns.index("ticket_id"), Qt.SortOrder.DescendingOrder)
    pause = time.monotonic() + 1.0
    wait(lambda: time.monotonic() > pause)
    stall["max"] = 0.0
    started = time.time()
    header.setSortIndicator(columns.index("received_date"), Qt.SortOrder.DescendingOrder)
    wait(lambda: main.model.query is not None
         and main.model.query.order_by in ("received_date", "record_date")
         and not main.model.loading, timeout=300)
    wait(lambda: main.model.is_row_loaded(0), timeout=300)
    result["supersede_s"] = time.time() - started
    result["stall_supersede_ms"] = stall["max"]
    stall["on"] = False
    timer.stop()
    main._pending_timer.stop()
    main.hide()
    desktop.shutdown()
    print("RESULT " + json.dumps(result), flush=True)


def prepare_sync(url: str, server_app: Any, run_dir: Path, k: int) -> Any:
    """Enroll the run's database; a second PC with ``k`` records waits to push them."""
    import datetime as dt

    from bkkdesk.core.samples import sample_values
    from bkkdesk.db.store import Store
    from bkkdesk.server import admin
    from bkkdesk.sync import enrollment

    state = server_app.state.bkk
    with state.db.session() as s:
        admin.add_user(s, state.security, username=USER, role="clerk", password=PASSWORD,
                       district_code=DISTRICT, display_name="เจ้าหน้าที่ทดสอบ", actor="bench")

    def code() -> str:
        with state.db.session() as s:
            c, _ = admin.create_enroll_code(s, state.security, district_code=DISTRICT,
                                            expires=dt.timedelta(hours=1), actor="bench")
        return c

    store = Store.open(run_dir)
    try:
        enrollment.enroll(store, url, code(), "bench-pc")
    finally:
        store.close()
    pc2 = Store.open(run_dir / "pc2")
    enrollment.enroll(pc2, url, code(), "bench-pc2")
    enrollment.login(pc2, USER, PASSWORD)
    validator = pc2.validator(DATASET)
    rng = random.Random(2)
    rows = []
    for i in range(k):
        values = sample_values(DATASET, rng, DISTRICT, seq=i)
        values["ticket_id"] = f"S{i:08d}"
        rows.append(validator.validate(values, district=DISTRICT))
    for i in range(0, len(rows), 500):
        pc2.records.add_many(DATASET, rows[i:i + 500], user=USER, origin="local")
    return pc2


def run_child(run_dir: Path, args: argparse.Namespace, env: dict[str, str],
              pc2: Any) -> dict[str, Any] | None:
    """The measured app in a child process; pushes pc2's records when it asks."""
    from bkkdesk.sync.engine import SyncEngine

    t0 = time.time()
    errors = run_dir / "child-stderr.txt"
    with open(errors, "w") as err:
        proc = subprocess.Popen(
            [sys.executable, __file__, "--child", str(run_dir), "--t0", str(t0),
             "--records", str(args.records), "--sync-records", str(args.sync_records)],
            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, text=True,
        )
        assert proc.stdin is not None and proc.stdout is not None
        result: dict[str, Any] | None = None
        for line in proc.stdout:
            if line.startswith("PUSH"):
                engine = SyncEngine(pc2)
                try:
                    report = engine.run_once()
                finally:
                    engine.close()
                if report.error or report.pushed != args.sync_records:
                    print(f"pc2 push: {report.as_dict()}", file=sys.stderr)
                proc.stdin.write("GO\n")
                proc.stdin.flush()
            elif line.startswith("RESULT "):
                result = json.loads(line[len("RESULT "):])
        proc.wait()
    if proc.returncode != 0 or result is None:
        print(errors.read_text()[-4000:], file=sys.stderr)
        return None
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description="UI responsiveness with many records")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    parser.add_argument("--sync-records", type=int, default=5000,
                        help="records pulled by a background sync (0: no sync part)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--t0", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child), args.t0, args.records, args.sync_records)
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    data_dir = data_dir_for(args.records)
    if args.rebuild or not (data_dir / "bkkdesk.sqlite3").exists():
        build(data_dir, args.records)
    # The run enrolls the database and pulls records into it: work on a copy.
    run_dir = OUT / "ui-run"
    shutil.rmtree(run_dir, ignore_errors=True)
    shutil.copytree(data_dir, run_dir)
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    from bkkdesk.server.embedded import embedded_server

    with embedded_server(run_dir / "server") as (url, server_app):
        pc2 = prepare_sync(url, server_app, run_dir, args.sync_records)
        try:
            out = run_child(run_dir, args, env, pc2)
        finally:
            pc2.close()
    shutil.rmtree(run_dir, ignore_errors=True)
    if out is None:
        return 1
    r = out
    print(f"bkkdesk UI bench — {r['records']:,} records (platform "
          f"{env.get('QT_QPA_PLATFORM', 'xcb')})")
    print(f"  launch -> login window shown       {r['login_window_s']:7.2f} s")
    print(f"  launch -> login ready (store open) {r['login_ready_s']:7.2f} s")
    print(f"  launch -> main window with table   {r['main_window_s']:7.2f} s "
          f"(log in -> table {r['login_to_table_s']:.2f} s, {r['table_rows']:,} rows)")
    print(f"  longest UI stall while opening     {r['stall_open_ms']:7.0f} ms")
    print(f"  longest stall, app idle 3 s        {r['stall_idle_ms']:7.0f} ms (machine noise)")
    print(f"  load average at the end            {os.getloadavg()[0]:7.2f} "
          f"on {os.cpu_count()} CPUs")
    for label, what in (("fts", "search 'ท่อระบายน้ำ' (FTS)"), ("short", "search 'ขย' (instr)"),
                        ("none", "search, no match"), ("clear", "clear search")):
        print(f"  {what:<34} {r[f'search_{label}_s']:7.2f} s  "
              f"{r[f'search_{label}_rows']:>9,} rows  longest stall "
              f"{r[f'stall_{label}_ms']:.0f} ms")
    print(f"  typing 5 keys fast (superseded)    {r['typing_s']:7.2f} s  longest stall "
          f"{r['stall_typing_ms']:.0f} ms")
    if "sync_s" in r:
        print(f"  sync pulling {r['sync_pulled']:,} records while "
              f"searching {r['sync_s']:6.2f} s  longest stall {r['stall_sync_ms']:.0f} ms"
              + (f"  (error: {r['sync_error']})" if r.get("sync_error") else ""))
    for label, what in (("date", "sort by a date column"), ("text", "sort by a text column")):
        secs = r.get(f"sort_{label}_s")
        shown = f"{secs:7.2f} s" if secs is not None else f"> {r[f'sort_{label}_cap_s']:.0f} s "
        print(f"  {what:<34} {shown}  longest stall {r[f'stall_sort_{label}_ms']:.0f} ms")
    print(f"  slow text sort, then another header {r['supersede_s']:6.2f} s  longest stall "
          f"{r['stall_supersede_ms']:.0f} ms (the slow query is interrupted)")
    print(f"  RSS after opening the data set     {r['rss_mb']:7.0f} MB "
          f"(after searches {r['rss_after_searches_mb']:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
