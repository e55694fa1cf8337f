"""Local backups of the database, and restoring one.

- :func:`backup_now` copies the live database with SQLite's online backup API in one
  step (one read transaction: a consistent snapshot even while the app writes, WAL lets
  writers go on), checks the copy with ``PRAGMA integrity_check`` and only then gives it
  its final name. A half-written backup never looks like a backup.
- :func:`maybe_daily_backup` is what the app calls while it runs (at start and then every
  hour or so): it backs up when the newest daily backup is older than 24 hours and keeps
  the newest :data:`KEEP_DAILY`. Migrations take their own copy first
  (:func:`bkkdesk.db.migrate.backup_copy`), and so does a restore.
- :func:`inspect` says whether a file is a sound bkkdesk database and whose it is;
  :func:`restore` refuses a corrupt file, a file that is not a bkkdesk database, one
  written by a newer bkkdesk, and (unless ``force``) one of another district. It keeps
  the current database as a backup, then swaps the file in with an atomic rename.

No correctness rule here reads the wall clock beyond "is the newest daily copy a day
old": a PC whose clock jumped backwards takes one more copy rather than none.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from bkkdesk.core import paths, thaitext
from bkkdesk.core.errors import BkkError, StateError
from bkkdesk.db import migrate

KEEP_DAILY = 14
DAILY_AGE = dt.timedelta(hours=24)
DAILY_LABEL = "daily"
REQUIRED_TABLES = frozenset({"alembic_version", "meta", "records", "outbox", "audit_log"})
_NAME = re.compile(r"^bkkdesk-(?P<label>[a-z0-9-]+?)-(?P<stamp>\d{8}-\d{6}-\d{6})\.sqlite3$")


class RestoreRefused(BkkError):
    """The file offered for restore is not one that may replace this PC's database."""

    code = "restore_refused"


class _HasPath(Protocol):
    @property
    def path(self) -> Path: ...

    @property
    def data_dir(self) -> Path: ...


# --------------------------------------------------------------------- helpers


def _connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=15)
    else:
        conn = sqlite3.connect(path, timeout=15)
    conn.create_collation("THAI", thaitext.compare)
    conn.create_function("thai_key", 1, thaitext.sort_bytes, deterministic=True)
    return conn


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync_dir(path: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows
        return
    _fsync(path)


def _copy_online(src: Path, dest: Path) -> None:
    """``src`` → ``dest`` with the online backup API, in a single step (one snapshot)."""
    source = _connect(src, readonly=True)
    try:
        target = sqlite3.connect(dest)
        try:
            source.backup(target, pages=-1)
            # A stand-alone file: no -wal beside it, readable by any SQLite.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    finally:
        source.close()
    _fsync(dest)


def integrity_problems(path: Path) -> list[str]:
    """``PRAGMA integrity_check`` of a file: [] when sound, else what SQLite reported."""
    try:
        conn = _connect(path, readonly=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [f"{type(exc).__name__}: {exc}"]
    result = [str(r[0]) for r in rows]
    return [] if result == ["ok"] else result


def backup_name(label: str, when: dt.datetime | None = None) -> str:
    stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    return f"bkkdesk-{label}-{stamp}.sqlite3"


# --------------------------------------------------------------------- backing up


def backup_file(db_path: Path, dest: Path) -> Path:
    """Copy the database at ``db_path`` to ``dest`` (checked, then renamed into place)."""
    if not db_path.is_file():
        raise StateError(
            f"ไม่พบฐานข้อมูล {db_path}", f"no database at {db_path}", code="no_database"
        )
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        _copy_online(db_path, partial)
        problems = integrity_problems(partial)
        if problems:
            raise StateError(
                "สำรองข้อมูลไม่สำเร็จ: ฐานข้อมูลปัจจุบันเสียหาย (" + "; ".join(problems[:3]) + ")",
                "backup failed: the current database is damaged (" + "; ".join(problems[:3]) + ")",
                code="backup_corrupt",
            )
        os.replace(partial, dest)
        _fsync_dir(dest.parent)
    finally:
        partial.unlink(missing_ok=True)
    return dest


def backup_now(store: _HasPath, dest: Path | None = None, label: str = "manual") -> Path:
    """Back up the store's database to ``dest`` or to a new file in its backups folder."""
    target = dest if dest is not None else paths.backups_dir(store.data_dir) / backup_name(label)
    return backup_file(store.path, target)


def list_backups(backups: Path, label: str | None = None) -> list[Path]:
    """Backup files in ``backups`` (of one ``label`` if given), newest first by name."""
    if not backups.is_dir():
        return []
    found = []
    for p in backups.iterdir():
        m = _NAME.match(p.name)
        if m and (label is None or m.group("label") == label):
            found.append((m.group("stamp"), p))
    return [p for _, p in sorted(found, reverse=True)]


def rotate(backups: Path, label: str = DAILY_LABEL, keep: int = KEEP_DAILY) -> list[Path]:
    """Delete all but the newest ``keep`` backups of ``label``; returns what was deleted."""
    removed = []
    for old in list_backups(backups, label)[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()
            removed.append(old)
    return removed


def maybe_daily_backup(
    store: _HasPath,
    *,
    keep: int = KEEP_DAILY,
    max_age: dt.timedelta = DAILY_AGE,
    now: float | None = None,
) -> Path | None:
    """Back up if the newest daily backup is older than ``max_age`` (or from the future).

    Cheap when nothing is due (one directory listing), so the app may call it on a timer.
    Returns the new backup, or None when none was due.
    """
    backups = paths.backups_dir(store.data_dir)
    current = time.time() if now is None else now
    newest = next(iter(list_backups(backups, DAILY_LABEL)), None)
    if newest is not None:
        with contextlib.suppress(OSError):
            age = current - newest.stat().st_mtime
            # A clock set back makes the newest copy look "from the future": take one.
            if 0 <= age < max_age.total_seconds():
                return None
    made = backup_now(store, label=DAILY_LABEL)
    rotate(backups, DAILY_LABEL, keep)
    return made


# --------------------------------------------------------------------- inspecting


@dataclass
class DatabaseInfo:
    """What a database file is: sound or not, bkkdesk or not, whose."""

    path: Path
    integrity: list[str] = field(default_factory=list)
    is_bkkdesk: bool = False
    revision: str | None = None
    district: str | None = None
    device_id: str | None = None
    records: int = 0
    outbox_high_water: int = 0
    error: str | None = None

    @property
    def sound(self) -> bool:
        return not self.integrity and self.error is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "integrity": self.integrity or "ok",
            "is_bkkdesk": self.is_bkkdesk,
            "schema_revision": self.revision,
            "district": self.district,
            "device_id": self.device_id,
            "records": self.records,
        }


def inspect(path: Path) -> DatabaseInfo:
    """Open ``path`` read-only and describe it (never raises for a bad file)."""
    info = DatabaseInfo(path=path)
    info.integrity = integrity_problems(path)
    if info.integrity:
        return info
    try:
        conn = _connect(path, readonly=True)
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            info.is_bkkdesk = tables >= REQUIRED_TABLES
            if not info.is_bkkdesk:
                return info
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            info.revision = row[0] if row else None
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            info.district = meta.get("district_code")
            info.device_id = meta.get("device_id")
            info.records = int(conn.execute("SELECT count(*) FROM records").fetchone()[0])
            if "sqlite_sequence" in tables:
                seq = conn.execute(
                    "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'"
                ).fetchone()
                info.outbox_high_water = int(seq[0]) if seq else 0
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        info.error = f"{type(exc).__name__}: {exc}"
    return info


# --------------------------------------------------------------------- restoring


@dataclass
class RestoreResult:
    restored_from: Path
    database: Path
    previous_backup: Path | None
    district: str | None
    revision: str | None
    records: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "restored_from": str(self.restored_from),
            "database": str(self.database),
            "previous_backup": str(self.previous_backup) if self.previous_backup else None,
            "district": self.district,
            "schema_revision": self.revision,
            "records": self.records,
        }


def check_restorable(candidate: DatabaseInfo, current: DatabaseInfo | None, *,
                     force: bool = False) -> None:
    """Raise :class:`RestoreRefused` (Thai and English) unless ``candidate`` may be restored."""
    name = candidate.path.name
    if not candidate.sound:
        detail = "; ".join(candidate.integrity[:3]) or candidate.error or ""
        raise RestoreRefused(
            f"ไม่กู้คืน: ไฟล์ {name} เสียหาย ({detail}) — ลองใช้ไฟล์สำรองอื่นที่ใหม่รองลงมา",
            f"not restored: {name} is damaged ({detail}) — try the next newest backup",
            code="restore_corrupt",
        )
    if not candidate.is_bkkdesk:
        raise RestoreRefused(
            f"ไม่กู้คืน: ไฟล์ {name} ไม่ใช่ฐานข้อมูลของ bkkdesk",
            f"not restored: {name} is not a bkkdesk database",
            code="restore_not_bkkdesk",
        )
    if candidate.revision is not None and candidate.revision not in migrate.known_revisions():
        raise RestoreRefused(
            f"ไม่กู้คืน: ไฟล์ {name} มาจาก bkkdesk รุ่นที่ใหม่กว่า — ติดตั้งโปรแกรมรุ่นล่าสุดก่อน",
            f"not restored: {name} was written by a newer bkkdesk — install the latest first",
            code="restore_too_new",
        )
    mine = current.district if current is not None and current.sound else None
    if mine and candidate.district != mine and not force:
        theirs = candidate.district or "-"
        raise RestoreRefused(
            f"ไม่กู้คืน: ไฟล์ {name} เป็นของเขตรหัส {theirs} แต่เครื่องนี้เป็นของเขตรหัส {mine} "
            "(ถ้าตั้งใจย้ายเครื่องไปเขตอื่นจริง ใช้ --force)",
            f"not restored: {name} belongs to district {theirs} but this PC to district "
            f"{mine} (use --force if moving the PC to another district is intended)",
            code="restore_foreign",
        )


def _in_use() -> StateError:
    return StateError(
        "ฐานข้อมูลกำลังถูกใช้อยู่: ปิดโปรแกรม bkkdesk ทุกหน้าต่าง (และคำสั่ง bkkdesk sync) "
        "ก่อนกู้คืน",
        "the database is in use: close every bkkdesk window (and any bkkdesk sync) "
        "before restoring",
        code="db_in_use",
    )


def _release_wal(db_path: Path) -> None:
    """Make sure nobody has the current file open, and fold its WAL into it.

    Leaving WAL mode needs the only connection to the file: another process holding it
    open (the app, a sync) makes SQLite answer "locked", and the restore is refused
    rather than swapping the file under a program that would go on writing to the old
    one. No old WAL frame can then land in the restored file.
    """
    if not db_path.exists():
        return
    try:
        conn = sqlite3.connect(db_path, timeout=2)
        try:
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()
            if (busy and busy[0]) or not mode or str(mode[0]).lower() != "delete":
                raise _in_use()
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise _in_use() from None
    except sqlite3.DatabaseError:
        pass  # a damaged current file: its WAL is worthless too
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


def _swap(staging: Path, db_path: Path) -> None:
    try:
        os.replace(staging, db_path)
    except PermissionError:  # Windows: another process has the file open
        raise _in_use() from None


def restore(data_dir: Path, source: Path, *, force: bool = False) -> RestoreResult:
    """Replace the database in ``data_dir`` by the backup ``source``.

    The store of ``data_dir`` must be closed. ``source`` is first copied next to the
    database (so what is checked is exactly what is installed, even from a USB stick),
    checked, and renamed over the database; the current database is backed up first.
    The outbox sequence never goes backwards: numbers the server may already have seen
    from this PC are not handed out again.
    """
    db_path = paths.database_path(data_dir)
    if not source.is_file():
        raise RestoreRefused(
            f"ไม่พบไฟล์ {source}", f"no such file: {source}", code="restore_missing"
        )
    data_dir.mkdir(parents=True, exist_ok=True)
    staging = db_path.with_name(db_path.name + ".restore")
    staging.unlink(missing_ok=True)
    try:
        try:
            _copy_online(source, staging)
        except sqlite3.DatabaseError as exc:
            raise RestoreRefused(
                f"ไม่กู้คืน: ไฟล์ {source.name} เสียหายหรือไม่ใช่ฐานข้อมูล ({exc})",
                f"not restored: {source.name} is damaged or not a database ({exc})",
                code="restore_corrupt",
            ) from None
        candidate = inspect(staging)
        candidate.path = source
        current = inspect(db_path) if db_path.exists() else None
        check_restorable(candidate, current, force=force)
        _release_wal(db_path)  # refuses while bkkdesk has the database open
        previous: Path | None = None
        if current is not None:
            if current.sound:
                previous = backup_file(
                    db_path, paths.backups_dir(data_dir) / backup_name("pre-restore")
                )
            else:  # keep the damaged file as it is, for whoever investigates
                previous = paths.backups_dir(data_dir) / backup_name("pre-restore-damaged")
                _swap(db_path, previous)
        high_water = current.outbox_high_water if current is not None else 0
        if high_water > candidate.outbox_high_water:
            conn = sqlite3.connect(staging)
            try:
                with conn:
                    conn.execute(
                        "UPDATE sqlite_sequence SET seq = ? WHERE name = 'outbox'", (high_water,)
                    )
                    if conn.execute("SELECT changes()").fetchone()[0] == 0:
                        conn.execute(
                            "INSERT INTO sqlite_sequence(name, seq) VALUES ('outbox', ?)",
                            (high_water,),
                        )
            finally:
                conn.close()
        _fsync(staging)
        _release_wal(db_path)
        _swap(staging, db_path)
        _fsync_dir(db_path.parent)
    finally:
        staging.unlink(missing_ok=True)
    return RestoreResult(
        restored_from=source,
        database=db_path,
        previous_backup=previous,
        district=candidate.district,
        revision=candidate.revision,
        records=candidate.records,
    )
