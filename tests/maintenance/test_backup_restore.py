"""Backups (online, rotated, daily) and restore (refuses corrupt, foreign, non-bkkdesk files)."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bkkdesk.cli.main import main
from bkkdesk.core import paths
from bkkdesk.core.errors import StateError
from bkkdesk.core.samples import sample_values
from bkkdesk.db import audit, backup
from bkkdesk.db.models import Outbox, Record
from bkkdesk.db.store import Store

ROOT = Path(__file__).resolve().parents[2]


def open_store(data: Path, district: str = "1004") -> Store:
    s = Store.open(data)
    if s.district_code is None:
        s.init_district(district, admin="admin", password="admin-password")
    return s


def add_vendors(store: Store, n: int, start: int = 0, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    district = store.require_district()
    return [
        store.records.add("street_vendor", sample_values("street_vendor", rng, district,
                                                          seq=start + i), user="admin").id
        for i in range(n)
    ]


@pytest.fixture
def vendor_store(data_dir: Path) -> Iterator[Store]:
    s = open_store(data_dir)
    add_vendors(s, 5)
    yield s
    s.close()


def consistent(data: Path) -> tuple[int, list[str]]:
    """(records, problems) of the database in ``data``: integrity, audit chain, outbox."""
    s = Store.open(data)
    try:
        problems = list(s.integrity_check())
        with s.read() as session:
            result = audit.verify(session)
            problems += result.problems
            records = set(session.scalars(select(Record.id)))
            created = set(session.scalars(select(Outbox.record_id).where(Outbox.op == "create")))
        if records != created:
            problems.append(f"{len(records ^ created)} records without their outbox entry")
        return len(records), problems
    finally:
        s.close()


# --------------------------------------------------------------------- backing up


def test_backup_is_a_sound_standalone_copy(vendor_store: Store, tmp_path: Path) -> None:
    made = backup.backup_now(vendor_store, tmp_path / "copy.sqlite3")
    info = backup.inspect(made)
    assert info.sound and info.is_bkkdesk
    assert (info.district, info.records) == ("1004", 5)
    assert not Path(f"{made}-wal").exists()  # no WAL beside it: one file to carry
    assert not list(tmp_path.glob("*.partial"))


def test_daily_backup_once_a_day_and_rotated(vendor_store: Store) -> None:
    folder = paths.backups_dir(vendor_store.data_dir)
    first = backup.maybe_daily_backup(vendor_store)
    assert first is not None and first.parent == folder
    assert backup.maybe_daily_backup(vendor_store) is None  # less than a day old
    t = time.time()
    made = [first]
    for day in range(1, 6):
        nxt = backup.maybe_daily_backup(vendor_store, keep=3, now=t + day * 86_400 + 60)
        assert nxt is not None
        os.utime(nxt, (t + day * 86_400, t + day * 86_400))
        made.append(nxt)
    kept = backup.list_backups(folder, "daily")
    assert kept == list(reversed(made[-3:]))
    # Migration and manual backups are not rotated away by the daily rotation.
    manual = backup.backup_now(vendor_store)
    backup.rotate(folder, "daily", keep=1)
    assert manual.exists()


def test_clock_set_back_still_backs_up(vendor_store: Store) -> None:
    first = backup.maybe_daily_backup(vendor_store)
    assert first is not None
    future = time.time() + 10 * 86_400
    os.utime(first, (future, future))  # written when the clock was wrong
    assert backup.maybe_daily_backup(vendor_store) is not None


# --------------------------------------------------------------------- refusing


@pytest.fixture
def good_backup(vendor_store: Store, tmp_path: Path) -> Path:
    return backup.backup_now(vendor_store, tmp_path / "good.sqlite3")


def damaged(src: Path, how: str) -> Path:
    dest = src.with_name(f"damaged-{how}.sqlite3")
    shutil.copyfile(src, dest)
    size = dest.stat().st_size
    with dest.open("r+b") as fh:
        if how == "truncated":
            fh.truncate(size // 2)
        elif how == "header":
            fh.write(b"\x00" * 100)
        elif how == "pages":  # b-tree pages in the middle overwritten
            page = 4096
            fh.seek(page * 3)
            fh.write(b"\xff" * page * 4)
        elif how == "garbage":
            fh.write(os.urandom(size))
    return dest


@pytest.mark.parametrize("how", ["truncated", "header", "pages", "garbage"])
def test_restore_refuses_a_corrupt_file(vendor_store: Store, good_backup: Path,
                                        how: str) -> None:
    bad = damaged(good_backup, how)
    vendor_store.close()  # closing checkpoints the WAL: compare the file from here on
    before = vendor_store.path.read_bytes()
    folder = paths.backups_dir(vendor_store.data_dir)
    backups_before = set(folder.iterdir())
    with pytest.raises(backup.RestoreRefused) as info:
        backup.restore(vendor_store.data_dir, bad)
    assert info.value.code in ("restore_corrupt", "restore_not_bkkdesk")
    assert "ไม่กู้คืน" in info.value.th and "not restored" in info.value.en
    assert vendor_store.path.read_bytes() == before  # nothing changed
    assert set(folder.iterdir()) == backups_before
    assert not list(vendor_store.data_dir.glob("*.restore"))


def test_restore_refuses_a_sqlite_file_that_is_not_bkkdesk(vendor_store: Store,
                                                            tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    conn.execute("INSERT INTO meta VALUES ('district_code', '1004')")
    conn.commit()
    conn.close()
    vendor_store.close()
    with pytest.raises(backup.RestoreRefused) as info:
        backup.restore(vendor_store.data_dir, other)
    assert info.value.code == "restore_not_bkkdesk"
    assert "ไม่ใช่ฐานข้อมูลของ bkkdesk" in info.value.th


def test_restore_refuses_another_district_unless_forced(vendor_store: Store,
                                                        tmp_path: Path) -> None:
    other = open_store(tmp_path / "other-pc", district="1005")
    add_vendors(other, 2, seed=9)
    foreign = backup.backup_now(other, tmp_path / "1005.sqlite3")
    other.close()
    vendor_store.close()
    with pytest.raises(backup.RestoreRefused) as info:
        backup.restore(vendor_store.data_dir, foreign)
    assert info.value.code == "restore_foreign"
    assert "1005" in info.value.th and "1004" in info.value.th and "--force" in info.value.en
    result = backup.restore(vendor_store.data_dir, foreign, force=True)
    assert result.district == "1005" and result.records == 2


def test_restore_refuses_a_backup_of_a_newer_bkkdesk(vendor_store: Store,
                                                     good_backup: Path) -> None:
    conn = sqlite3.connect(good_backup)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    vendor_store.close()
    with pytest.raises(backup.RestoreRefused) as info:
        backup.restore(vendor_store.data_dir, good_backup)
    assert info.value.code == "restore_too_new"


# --------------------------------------------------------------------- restoring


def test_restore_keeps_the_current_database_and_never_reuses_outbox_numbers(
    vendor_store: Store, good_backup: Path,
) -> None:
    later = add_vendors(vendor_store, 3, start=100, seed=2)
    with vendor_store.read() as s:
        high = max(s.scalars(select(Outbox.seq)))
    data = vendor_store.data_dir
    vendor_store.close()
    result = backup.restore(data, good_backup)
    assert result.records == 5
    assert result.previous_backup is not None
    kept = backup.inspect(result.previous_backup)
    assert kept.sound and kept.records == 8  # the replaced database, whole
    reopened = Store.open(data)
    try:
        assert reopened.records.count("street_vendor") == 5
        ids = {r.id for r in reopened.records.query("street_vendor", limit=100)}
        assert ids.isdisjoint(later)  # the backup's state, not the later one
        new = add_vendors(reopened, 1, start=200, seed=3)
        with reopened.read() as s:
            seq = s.scalar(select(Outbox.seq).where(Outbox.record_id == new[0]))
        assert seq is not None and seq > high  # the server may have seen 1..high already
    finally:
        reopened.close()


def test_restore_into_an_empty_data_dir(good_backup: Path, tmp_path: Path) -> None:
    result = backup.restore(tmp_path / "new-pc", good_backup)
    assert result.previous_backup is None
    count, problems = consistent(tmp_path / "new-pc")
    assert (count, problems) == (5, [])


def test_backup_while_a_thread_writes_restores_consistently(data_dir: Path,
                                                            tmp_path: Path) -> None:
    store = open_store(data_dir)
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        rng = random.Random(4)
        i = 0
        try:
            while not stop.is_set():
                store.records.add("street_vendor",
                                  sample_values("street_vendor", rng, "1004", seq=i), user="admin")
                i += 1
        except BaseException as exc:  # reported below
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    copies = []
    try:
        for n in range(4):
            time.sleep(0.3)
            copies.append(backup.backup_now(store, tmp_path / f"during-{n}.sqlite3"))
    finally:
        stop.set()
        thread.join(30)
    assert errors == []
    counts = []
    for n, copy in enumerate(copies):
        target = tmp_path / f"restored-{n}"
        backup.restore(target, copy)
        count, problems = consistent(target)
        assert problems == []
        counts.append(count)
    assert counts == sorted(counts) and counts[-1] > 0
    store.close()


WRITER = """
import random, sys
from pathlib import Path
from bkkdesk.core.samples import sample_values
from bkkdesk.db.store import Store
s = Store.open(Path(sys.argv[1]))
rng = random.Random(5)
i = 0
while True:
    s.records.add("street_vendor", sample_values("street_vendor", rng, "1004", seq=10_000 + i),
                  user="admin")
    i += 1
    if i == 3:
        print("writing", flush=True)
"""


def test_backup_while_another_process_writes_restores_consistently(
    data_dir: Path, tmp_path: Path,
) -> None:
    open_store(data_dir).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(data_dir)],
                            stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "writing"
        store = Store.open(data_dir)
        try:
            copies = []
            for n in range(3):
                time.sleep(0.3)
                copies.append(backup.backup_now(store, tmp_path / f"p-{n}.sqlite3"))
        finally:
            store.close()
    finally:
        proc.kill()
        proc.wait(10)
        if proc.stdout is not None:
            proc.stdout.close()
    for n, copy in enumerate(copies):
        count, problems = consistent_copy(copy, tmp_path / f"pr-{n}")
        assert problems == [] and count >= 3


def consistent_copy(copy: Path, target: Path) -> tuple[int, list[str]]:
    backup.restore(target, copy)
    return consistent(target)


# --------------------------------------------------------------------- command line


def test_backup_and_restore_commands(vendor_store: Store, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    data = vendor_store.data_dir
    vendor_store.close()
    out_file = tmp_path / "usb" / "bkkdesk.sqlite3"
    assert main(["--data-dir", str(data), "backup", "-o", str(out_file), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["records"] == 5 and Path(report["backup"]) == out_file
    assert main(["--data-dir", str(data), "restore", str(out_file), "--json"]) == 0
    restored = json.loads(capsys.readouterr().out)
    assert restored["records"] == 5 and restored["previous_backup"]
    bad = damaged(out_file, "pages")
    assert main(["--data-dir", str(data), "restore", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "ไม่กู้คืน" in err and "not restored" in err


HOLDER = """
import sys, time
from pathlib import Path
from bkkdesk.db.store import Store
s = Store.open(Path(sys.argv[1]))
s.records.count("street_vendor")  # a connection is open and idle, as in the running app
print("open", flush=True)
time.sleep(60)
"""


def test_restore_refuses_while_bkkdesk_has_the_database_open(vendor_store: Store,
                                                             good_backup: Path) -> None:
    data = vendor_store.data_dir
    vendor_store.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(data)],
                            stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "open"
        with pytest.raises(StateError) as info:
            backup.restore(data, good_backup)
        assert info.value.code == "db_in_use" and "ปิดโปรแกรม" in info.value.th
    finally:
        proc.kill()
        proc.wait(10)
        if proc.stdout is not None:
            proc.stdout.close()
    count, problems = consistent(data)
    assert (count, problems) == (5, [])
    assert backup.restore(data, good_backup).records == 5  # closed: now it works
