"""IT commands: self-test, backup, restore, doctor-bundle.

    bkkdesk self-test [--json] [--keep]     is this installation sound? (exit 1 if not)
    bkkdesk backup [-o FILE]                a consistent copy of the local database
    bkkdesk restore FILE [--force]          put a backup back (checked first)
    bkkdesk doctor-bundle FILE.zip          diagnostics for the help desk, no personal data
    bkkdesk config                          which bkkdesk.toml settings apply, from where

``self-test`` is what the release process runs on the frozen bundle (STYLE.md habit 10)
and what IT staff run on a PC that misbehaves. It works in a temporary directory and
never touches the PC's own database. Steps that need a part of bkkdesk this build does
not have report ``skipped`` with the reason instead of failing.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import importlib.util
import json
import os
import platform
import random
import re
import secrets
import shutil
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bkkdesk import __version__
from bkkdesk.cli.context import Context, add_command, no_screen
from bkkdesk.core.errors import BkkError

# ===================================================================== self-test


class Skip(Exception):
    """A step cannot run in this build (a part of bkkdesk is not there)."""


@dataclass
class StepResult:
    name: str
    status: str  # ok | failed | skipped
    seconds: float
    detail: str = ""


@dataclass
class SelfTest:
    """Runs the steps in order in a scratch directory; a failure does not stop the rest."""

    workdir: Path
    steps: list[StepResult] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)

    def step(self, name: str, fn: Callable[[], str | None],
             needs: tuple[str, ...] = ()) -> None:
        missing = [n for n in needs if n not in self.state]
        if missing:
            self.steps.append(StepResult(name, "skipped", 0.0,
                                         f"skipped: needs {', '.join(missing)} (failed above)"))
            return
        t0 = time.perf_counter()
        try:
            detail = fn() or ""
            status = "ok"
        except Skip as exc:
            detail, status = f"skipped: {exc}", "skipped"
        except Exception as exc:  # a self-test reports every failure, it never stops
            detail, status = f"{type(exc).__name__}: {exc}", "failed"
        self.steps.append(StepResult(name, status, round(time.perf_counter() - t0, 3), detail))

    @property
    def ok(self) -> bool:
        return all(s.status != "failed" for s in self.steps)


def _available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


CORE_MODULES = (
    "bkkdesk.core.definitions", "bkkdesk.core.validation", "bkkdesk.core.thaidate",
    "bkkdesk.core.machine_config", "bkkdesk.db.store", "bkkdesk.db.backup",
    "sqlalchemy", "alembic", "pydantic", "platformdirs", "argon2", "orjson", "httpx",
    "openpyxl", "python_calamine",
)
OPTIONAL_MODULES = (
    "bkkdesk.ui.app", "bkkdesk.excel.export", "bkkdesk.excel.importer", "bkkdesk.sync.client",
    "bkkdesk.sync.engine", "bkkdesk.server.app", "fastapi", "uvicorn", "psycopg",
)


def _step_imports() -> str:
    for name in CORE_MODULES:
        importlib.import_module(name)
    skipped = []
    for name in OPTIONAL_MODULES:
        if _available(name):
            importlib.import_module(name)
        else:
            skipped.append(name)
    return f"{len(CORE_MODULES) + len(OPTIONAL_MODULES) - len(skipped)} modules" + (
        f" (not in this build: {', '.join(skipped)})" if skipped else "")


def _step_resources() -> str:
    from bkkdesk.core.definitions import load_builtin_definitions
    from bkkdesk.core.reference import load_reference
    from bkkdesk.core.resources import resources_dir
    from bkkdesk.db import migrate

    root = resources_dir()
    for required in ("reference/LICENSE-GeoThai.txt", "fonts/OFL.txt"):
        if not (root / required).is_file():
            raise FileNotFoundError(root / required)
    defs = load_builtin_definitions()
    ref = load_reference()
    head = migrate.head_revision()  # reads the Alembic scripts as files
    return (f"{root}: {len(defs)} data sets, {len(ref.districts)} districts, "
            f"{len(ref.subdistricts)} subdistricts, schema head {head}")


def _qt_app(state: dict[str, Any]) -> str:
    if not _available("PySide6"):
        raise Skip("PySide6 is not in this build")
    if no_screen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a server or a CI runner: no screen
    from PySide6 import QtCore
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["bkkdesk-self-test"])
    state["qt_app"] = app
    name = QApplication.platformName()
    return f"Qt {QtCore.qVersion()}, platform plugin '{name}'"


def _thai_font(state: dict[str, Any]) -> str:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import (
        QColor,
        QFont,
        QFontDatabase,
        QFontInfo,
        QFontMetrics,
        QImage,
        QPainter,
    )

    from bkkdesk.core.resources import resource

    if _available("bkkdesk.ui.fonts"):
        from bkkdesk.ui.fonts import register_fonts

        families = register_fonts()
    else:
        families = []
        for path in sorted(resource("fonts").glob("*.ttf")):
            fid = QFontDatabase.addApplicationFont(str(path))
            if fid >= 0:
                families += QFontDatabase.applicationFontFamilies(fid)
    if "Sarabun" not in families:
        raise RuntimeError(f"the Sarabun font did not load (loaded: {families})")
    font = QFont("Sarabun")
    font.setPixelSize(32)
    if QFontInfo(font).family() != "Sarabun":
        raise RuntimeError(f"Qt substituted {QFontInfo(font).family()} for Sarabun")
    metrics = QFontMetrics(font)
    for ch in "กขคงจฉ่้ำ":
        # inFontUcs4: PySide6's inFont(str) answers False for every non-Latin-1 character
        if not metrics.inFontUcs4(ord(ch)):
            raise RuntimeError(f"Sarabun has no glyph for {ch!r}")
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setFont(font)
    p.setPen(QColor("black"))
    p.drawText(QPoint(8, 44), "ก")
    p.end()
    inked = sum(
        1 for x in range(64) for y in range(64) if image.pixelColor(x, y).lightness() < 128
    )
    if inked < 20:
        raise RuntimeError(f"rendering ก drew {inked} dark pixels")
    del Qt
    return f"Sarabun renders ก ({inked} px), advance {metrics.horizontalAdvance('กรุงเทพ')} px"


def _step_migrate(st: SelfTest) -> str:
    from bkkdesk.db import migrate
    from bkkdesk.db.store import Store

    data = st.workdir / "data"
    store = Store.open(data)
    st.state["store"] = store
    rev = store.schema_revision()
    if rev != migrate.head_revision():
        raise RuntimeError(f"schema at {rev}, head is {migrate.head_revision()}")
    if store.integrity_check():
        raise RuntimeError(f"integrity: {store.integrity_check()}")
    return f"new database migrated to {rev}"


SELFTEST_USER = "selftest"


def _searchable_thai(values: dict[str, Any], searchable: list[str]) -> str:
    for name in searchable:
        v = values.get(name)
        if isinstance(v, str) and re.search("[\u0E01-\u0E2E]{4}", v):
            m = re.search("[\u0E00-\u0E7F]{4,}", v)
            assert m is not None
            word = m.group(0)
            return word[1:4] if len(word) > 4 else word  # from the middle: no word start
    raise RuntimeError("the sample record has no Thai searchable text")


def _step_record(st: SelfTest) -> str:
    from bkkdesk.core.samples import sample_values
    from bkkdesk.db.records import RecordFilter

    store = st.state["store"]
    password = secrets.token_urlsafe(12)
    st.state["password"] = password
    store.init_district("1004", admin=SELFTEST_USER, password=password)
    definition = store.definition("street_vendor")
    values = sample_values("street_vendor", random.Random(7), "1004", seq=1)
    record = store.records.add("street_vendor", values, user=SELFTEST_USER)
    st.state["record"] = record
    needle = _searchable_thai(record.values, [f.name for f in definition.fields if f.searchable])
    found = store.records.query("street_vendor", RecordFilter(search=needle), limit=10)
    if record.id not in {r.id for r in found}:
        raise RuntimeError(f"the saved record was not found by searching {needle!r}")
    return f"saved {record.id[:8]}…, found by Thai search {needle!r}"


def _step_backup(st: SelfTest) -> str:
    from bkkdesk.db import backup
    from bkkdesk.db.store import Store

    store = st.state["store"]
    copy = backup.backup_now(store, label="selftest")
    info = backup.inspect(copy)
    if not (info.sound and info.is_bkkdesk and info.records == 1):
        raise RuntimeError(f"backup not sound: {info.as_dict()}")
    target = st.workdir / "restored"
    backup.restore(target, copy)
    restored = Store.open(target)
    try:
        n = restored.records.count("street_vendor")
    finally:
        restored.close()
    if n != 1:
        raise RuntimeError(f"restored database has {n} records, expected 1")
    return f"backup {copy.stat().st_size // 1024} KiB, integrity ok, restored"


def _step_export(st: SelfTest) -> str:
    if not _available("bkkdesk.excel.export"):
        raise Skip("not available (bkkdesk.excel.export)")
    import openpyxl

    from bkkdesk.excel.export import export_records

    store = st.state["store"]
    record = st.state["record"]
    definition = store.definition("street_vendor")
    path = st.workdir / "export.xlsx"
    result = export_records(path, definition, store.records.iter_records("street_vendor"),
                            total=1, reference=store.reference)
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        cells = {str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                 for c in row if c is not None}
    finally:
        wb.close()
    if not any(record.id in c for c in cells):
        raise RuntimeError("the record id is not in the exported workbook")
    return f"{result.rows} row written to xlsx and read back"


def _step_sync(st: SelfTest) -> str:
    for needed in ("bkkdesk.server.app", "bkkdesk.server.sync_api", "bkkdesk.sync.client",
                   "bkkdesk.sync.protocol", "uvicorn"):
        if not _available(needed):
            raise Skip(f"not available ({needed})")
    from bkkdesk.db.models import Outbox
    from bkkdesk.server import admin
    from bkkdesk.sync import protocol as p
    from bkkdesk.sync.client import ClientConfig, SyncClient

    store = st.state["store"]
    record = st.state["record"]
    from bkkdesk.server.embedded import embedded_server

    with embedded_server(st.workdir / "server") as (url, app):
        state = app.state.bkk
        password = secrets.token_urlsafe(12)
        with state.db.session() as s:
            admin.add_user(s, state.security, username=SELFTEST_USER, role="clerk",
                           password=password, district_code="1004", display_name="",
                           actor="self-test")
            code, _ = admin.create_enroll_code(s, state.security, district_code="1004",
                                               expires=dt.timedelta(hours=1), actor="self-test")
        with SyncClient(ClientConfig(server_url=url, retries=1)) as client:
            health = client.request("GET", "/api/v1/health")
            enrolled = client.enroll(code, "self-test")
            client.config.device_token = enrolled["device_token"]
            login = client.login(SELFTEST_USER, password)
            client.config.session_token = login.get("session_token")
            device_id = str(enrolled["device_id"])
            with store.read() as s:
                entries = list(s.query(Outbox).order_by(Outbox.seq))
                changes = [
                    p.Change(seq=e.seq, txn_id=e.txn_id, record_id=e.record_id,
                             dataset_id=e.dataset_id, op=e.op,
                             changes=json.loads(e.changes), base_version=e.base_version,
                             def_version=e.def_version, user=e.user)
                    for e in entries
                ]
            pushed = client.push(p.PushRequest(
                protocol=p.PROTOCOL_VERSION, device_id=device_id, app_version=__version__,
                batches=[p.Batch(changes=changes)],
            ))
            bad = [r for r in pushed.results if r.status not in ("applied", "duplicate")]
            if bad:
                raise RuntimeError(f"push refused: {bad[0].status} {bad[0].reason}")
            pulled = client.pull(p.PullRequest(
                protocol=p.PROTOCOL_VERSION, device_id=device_id, app_version=__version__,
                cursor=0, limit=100,
            ))
        back = {r.id: r for r in pulled.records}
        if record.id not in back:
            raise RuntimeError("the pushed record did not come back in the pull")
        if back[record.id].values.get("vendor_name") != record.values.get("vendor_name"):
            raise RuntimeError("the record came back with different values")
    return (f"server {health.get('version')} on {url}: enrolled, logged in, pushed "
            f"{len(changes)} change(s), pulled the record back")


def run_self_test(workdir: Path) -> SelfTest:
    st = SelfTest(workdir)
    st.step("imports", _step_imports)
    st.step("resources", _step_resources)

    def qt() -> str:
        return _qt_app(st.state)

    st.step("qt", qt)
    if "qt_app" in st.state:
        st.step("thai-font", lambda: _thai_font(st.state))
    else:
        st.steps.append(StepResult("thai-font", st.steps[-1].status, 0.0,
                                   "needs a QApplication (see the qt step)"))
    st.step("migrate", lambda: _step_migrate(st))
    st.step("record", lambda: _step_record(st), needs=("store",))
    st.step("backup", lambda: _step_backup(st), needs=("record",))
    st.step("export", lambda: _step_export(st), needs=("record",))
    st.step("sync", lambda: _step_sync(st), needs=("record",))
    store = st.state.pop("store", None)
    if store is not None:
        store.close()
    return st


def cmd_self_test(args: argparse.Namespace, ctx: Context) -> int:
    t0 = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="bkkdesk-self-test-"))
    try:
        st = run_self_test(tmp)
    finally:
        if args.keep:
            print(f"kept: {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    total = round(time.perf_counter() - t0, 3)
    data = {
        "ok": st.ok,
        "version": __version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "seconds": total,
        "steps": [asdict(s) for s in st.steps],
    }
    lines = [f"bkkdesk {__version__} self-test ({'frozen' if data['frozen'] else 'source'})"]
    for s in st.steps:
        mark = {"ok": "ผ่าน/ok", "failed": "ไม่ผ่าน/FAILED", "skipped": "ข้าม/skipped"}[s.status]
        lines.append(f"  {mark:<16} {s.seconds:7.2f} s  {s.name:<10} {s.detail}")
    lines.append(("ผ่านทั้งหมด / all passed" if st.ok else "มีขั้นตอนที่ไม่ผ่าน / some steps failed")
                 + f" ({total:.1f} s)")
    ctx.out(data, "\n".join(lines))
    with contextlib.suppress(OSError):
        ctx.logger.info("self-test %s in %.1f s: %s", "passed" if st.ok else "FAILED", total,
                        ", ".join(f"{s.name}={s.status}" for s in st.steps))
    return 0 if st.ok else 1


# ===================================================================== backup / restore


def cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.db import backup

    dest = Path(args.output) if args.output else None
    if dest is not None and dest.is_dir():
        dest = dest / backup.backup_name("manual")
    made = backup.backup_now(ctx.store, dest)
    info = backup.inspect(made)
    data = {"backup": str(made), "size_bytes": made.stat().st_size, **info.as_dict()}
    ctx.logger.info("backup written to %s (%d records)", made, info.records)
    ctx.out(data, f"สำรองข้อมูลแล้ว / backup written: {made}\n"
                  f"  {info.records} records, integrity ok, district {info.district}")
    return 0


def cmd_restore(args: argparse.Namespace, ctx: Context) -> int:
    from bkkdesk.db import backup

    source = Path(args.file)
    ctx.close()  # the database must not be open while it is replaced
    result = backup.restore(ctx.data_dir, source, force=args.force)
    ctx.logger.info("restored %s from %s (previous kept as %s)", result.database, source,
                    result.previous_backup)
    # Opening migrates a backup from an older bkkdesk to this version's schema.
    revision = ctx.store.schema_revision()
    data = {**result.as_dict(), "schema_revision_now": revision}
    prev = result.previous_backup
    ctx.out(data, "\n".join([
        f"กู้คืนแล้ว / restored: {source} → {result.database}",
        f"  {result.records} records, district {result.district}, schema {revision}",
        f"  ฐานข้อมูลเดิมเก็บไว้ที่ / the previous database is kept at: {prev}" if prev else
        "  (ไม่มีฐานข้อมูลเดิม / there was no previous database)",
    ]))
    return 0


# ===================================================================== doctor-bundle

SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|KEY|CREDENTIAL", re.I)
PACKAGES = ("PySide6-Essentials", "shiboken6", "SQLAlchemy", "alembic", "pydantic",
            "pydantic-settings", "platformdirs", "openpyxl", "python-calamine", "fastapi",
            "uvicorn", "httpx", "argon2-cffi", "orjson", "psycopg", "starlette")
MAX_LOG_BYTES = 3_000_000  # per file: the newest part


def _versions() -> dict[str, Any]:
    from importlib import metadata

    out: dict[str, Any] = {
        "bkkdesk": __version__,
        "python": sys.version,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "frozen": bool(getattr(sys, "frozen", False)),
        "executable": sys.executable,
    }
    pkgs: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            pkgs[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pkgs[name] = None
    out["packages"] = pkgs
    try:
        from PySide6 import QtCore
        from PySide6 import __version__ as pyside

        out["qt"] = QtCore.qVersion()
        out["pyside6"] = pyside
    except ImportError:
        out["qt"] = None
    import sqlite3

    out["sqlite"] = sqlite3.sqlite_version
    return out


def _settings(ctx: Context) -> dict[str, Any]:
    from bkkdesk.core import machine_config, paths
    from bkkdesk.core.resources import resources_dir

    try:
        config: Any = machine_config.load().describe()
    except BkkError as exc:
        config = {"error": exc.as_dict()}
    env = {
        k: ("***" if SECRET_NAME.search(k) else v)
        for k, v in sorted(os.environ.items())
        if k.startswith(("BKKDESK_", "QT_")) or k in ("LANG", "LC_ALL")
    }
    return {
        "config": config,
        "environment": env,
        "data_dir": str(ctx.data_dir),
        "log_dir": str(paths.log_dir(ctx.data_dir)),
        "resources_dir": str(resources_dir()),
    }


def _database_facts(ctx: Context) -> tuple[dict[str, Any], dict[str, Any], set[str]]:
    """(database facts, sync state, personal strings to scrub): counts only, no records."""
    from sqlalchemy import func, select
    from sqlalchemy import inspect as sa_inspect

    from bkkdesk.core import paths
    from bkkdesk.db import backup

    store = ctx.store
    facts = store.doctor()
    facts.pop("database", None)
    backups = []
    for b in backup.list_backups(paths.backups_dir(ctx.data_dir)):
        with contextlib.suppress(OSError):
            stat = b.stat()
            backups.append({"name": b.name, "size_bytes": stat.st_size,
                            "modified": dt.datetime.fromtimestamp(stat.st_mtime).isoformat()})
    facts["backups"] = backups
    personal: set[str] = set()
    defs = store.definitions()
    for d in defs.values():
        fields = [f.name for f in d.fields if f.personal]
        if not fields:
            continue
        for r in store.records.iter_records(d.id):
            for name in fields:
                v = r.values.get(name)
                if isinstance(v, str | int) and str(v).strip():
                    text = str(v).strip()
                    personal.add(text)
                    personal.update(t for t in re.split(r"\s+", text) if len(t) >= 3)
    with store.read() as s:
        from bkkdesk.db.models import User

        for (display,) in s.execute(select(User.display_name)):
            if display:
                personal.add(display)
                personal.update(t for t in display.split() if len(t) >= 3)
    sync: dict[str, Any] = {}
    if _available("bkkdesk.sync.engine"):
        from bkkdesk.sync.engine import read_state

        sync = dict(read_state(store))
    else:
        with store.engine.connect() as conn:
            tables = set(sa_inspect(conn).get_table_names())
        if "sync_state" in tables:
            from bkkdesk.db.sync_models import SyncConflict, SyncRejection, SyncState

            with store.read() as s:
                row = s.get(SyncState, 1)
                if row is not None:
                    sync = {"cursor": row.cursor, "last_success_at": row.last_success_at,
                            "last_attempt_at": row.last_attempt_at,
                            "last_error": row.last_error, "clock_offset_s": row.clock_offset_s}
                sync["rejections"] = s.scalar(
                    select(func.count()).select_from(SyncRejection)
                    .where(SyncRejection.dismissed.is_(False)))
                sync["conflicts_open"] = s.scalar(
                    select(func.count()).select_from(SyncConflict)
                    .where(SyncConflict.status == "open"))
        sync["pending"] = store.records.pending_count()
    # Whether the PC holds a device credential, never the credential itself.
    sync["enrolled"] = store.get_meta("sync_device_token") is not None
    sync["logged_in"] = store.get_meta("sync_session_token") is not None
    return facts, sync, personal


def _log_files(ctx: Context) -> list[Path]:
    from bkkdesk.core import paths

    # The directory every entry point logs to for this data dir (logsetup, Context.logger).
    d = paths.log_dir(ctx.data_dir)
    return sorted(p for p in d.iterdir() if p.is_file() and ".log" in p.name)


def _read_tail(path: Path, limit: int = MAX_LOG_BYTES) -> str:
    with path.open("rb") as fh:
        size = path.stat().st_size
        if size > limit:
            fh.seek(size - limit)
            fh.readline()  # drop a partial line
        return fh.read().decode("utf-8", errors="replace")


README = """\
ชุดข้อมูลวินิจฉัย bkkdesk / bkkdesk diagnostics bundle

ไฟล์นี้ไม่มีฐานข้อมูลและไม่มีข้อมูลส่วนบุคคล: มีเฉพาะรุ่นโปรแกรม การตั้งค่า (ไม่มีรหัสลับ)
จำนวนระเบียนต่อชุดข้อมูล ผลตรวจความสมบูรณ์ของฐานข้อมูล สถานะการซิงค์ และบันทึกการทำงาน
ที่ลบเลขประจำตัวประชาชน ชื่อบุคคล เบอร์โทรศัพท์ และอีเมลออกแล้ว

This archive holds no database and no personal data: versions, settings without
secrets, counts per data set, the integrity check, the sync state, and logs from which
national ID numbers, names, phone numbers and e-mail addresses were removed.

  versions.json   bkkdesk, Python, Qt, SQLite and package versions
  settings.json   machine and user configuration (with where each value came from)
  database.json   schema revision, integrity check, counts, backups
  sync.json       sync cursor, last success and error, pending changes, conflicts
  logs/           the log files, scrubbed
"""


def write_doctor_bundle(ctx: Context, target: Path) -> dict[str, Any]:
    from bkkdesk.core.logsetup import scrub

    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    try:
        facts, sync, personal = _database_facts(ctx)
    except BkkError as exc:  # a broken database is exactly when the bundle is wanted
        facts, sync, personal = {"error": exc.as_dict()}, {}, set()
    except Exception as exc:
        facts, sync, personal = {"error": f"{type(exc).__name__}: {exc}"}, {}, set()

    def clean(obj: Any) -> Any:
        text = json.dumps(obj, ensure_ascii=False, indent=2, default=str)
        return scrub(text, personal)

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    logs = _log_files(ctx)
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("README.txt", README)
        zf.writestr("versions.json", clean({"created": created, **_versions()}))
        zf.writestr("settings.json", clean(_settings(ctx)))
        zf.writestr("database.json", clean(facts))
        zf.writestr("sync.json", clean(sync))
        names_used: set[str] = set()
        for path in logs:
            name = path.name
            while name in names_used:
                name = "_" + name
            names_used.add(name)
            try:
                body = _read_tail(path)
            except OSError as exc:
                body = f"(unreadable: {exc})"
            zf.writestr(f"logs/{name}",
                        "\n".join(scrub(line, personal) for line in body.splitlines()) + "\n")
    os.replace(partial, target)
    return {"bundle": str(target), "logs": [p.name for p in logs],
            "size_bytes": target.stat().st_size, "created": created}


def cmd_doctor_bundle(args: argparse.Namespace, ctx: Context) -> int:
    target = Path(args.file)
    if target.suffix.lower() != ".zip":
        target = target.with_suffix(target.suffix + ".zip")
    info = write_doctor_bundle(ctx, target)
    ctx.out(info, f"ชุดข้อมูลวินิจฉัย / diagnostics bundle: {target} "
                  f"({info['size_bytes'] // 1024} KiB, {len(info['logs'])} log files)\n"
                  "ไม่มีฐานข้อมูลหรือข้อมูลส่วนบุคคลในไฟล์นี้ / it holds no database and "
                  "no personal data")
    return 0


# ===================================================================== config


def cmd_config(args: argparse.Namespace, ctx: Context) -> int:
    """Which machine and user configuration applies, and where each value came from."""
    from bkkdesk.core import machine_config

    config = machine_config.load()  # a bad file raises ConfigError: Thai + English, exit 1
    info = config.describe()
    lines = [
        f"ไฟล์ของเครื่อง / machine file: {info['machine_file'] or '-'}",
        f"ไฟล์ของผู้ใช้ / user file: {info['user_file'] or '-'}",
        "ผู้ใช้แก้ได้ / user may override: " + (", ".join(info["allow_user_override"]) or "-"),
    ]
    for key, item in info["settings"].items():
        lines.append(f"  {key:<11} {item['value'] or '-':<40} ({item['source']})")
    if info["ignored_user_keys"]:
        lines.append("ไม่ใช้ค่าเหล่านี้จากไฟล์ของผู้ใช้ (ไม่ได้รับอนุญาต) / not allowed, ignored: "
                     + ", ".join(info["ignored_user_keys"]))
    ctx.out(info, "\n".join(lines))
    return 0


# ===================================================================== registration


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = add_command(sub, "self-test",
                    help="check this installation: imports, Qt, Thai font, database, "
                         "export, sync (in a temporary folder)")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    p.set_defaults(handler=cmd_self_test)

    p = add_command(sub, "backup", help="copy the local database (safe while bkkdesk runs)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="file or folder (default: the backups folder in the data dir)")
    p.set_defaults(handler=cmd_backup)

    p = add_command(sub, "restore",
                    help="replace the local database by a backup (checked first; the "
                         "current database is kept as a backup)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--force", action="store_true",
                   help="restore a backup of another district")
    p.set_defaults(handler=cmd_restore)

    p = add_command(sub, "config",
                    help="show (and check) the machine and user configuration, bkkdesk.toml")
    p.set_defaults(handler=cmd_config)

    p = add_command(sub, "doctor-bundle",
                    help="write a zip of diagnostics for the help desk (no personal data)")
    p.add_argument("file", metavar="FILE.zip")
    p.set_defaults(handler=cmd_doctor_bundle)
