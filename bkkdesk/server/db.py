"""The server's database: engine, sessions, and the schema-version check at start.

PostgreSQL (``postgresql+psycopg://…``) in production; a SQLite file as the embedded
default. Migrations (``bkkdesk/server/migrations``) run programmatically on the app's own
connection. A database this server does not know the revision of (written by a newer
bkkdesk) is refused; an older one is refused too unless the caller may upgrade it (the
embedded default upgrades itself).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from bkkdesk.core.errors import BkkError, StateError

log = logging.getLogger("bkkdesk.server")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class DatabaseError(BkkError):
    code = "database"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url`` with the settings each backend needs."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(
            f"ที่อยู่ฐานข้อมูลไม่ถูกต้อง: {url!r}", f"invalid database URL: {url!r}"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs
        )
        _configure_sqlite(engine)
        return engine
    if backend == "postgresql":
        if parsed.get_driver_name() != "psycopg":
            raise DatabaseError(
                "ใช้ไดรเวอร์ psycopg 3: postgresql+psycopg://…",
                "use the psycopg 3 driver: postgresql+psycopg://…",
            )
        return create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=10, **kwargs)
    raise DatabaseError(
        f"ไม่รองรับฐานข้อมูลชนิด {backend}",
        f"unsupported database {backend!r}: use PostgreSQL or SQLite",
    )


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take over transaction control so BEGIN IMMEDIATE can serialise writers.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # One writer at a time, taken at the start: no "database is locked" mid-transaction
        # and the counter row is effectively locked, as FOR UPDATE does on PostgreSQL.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


# ---------------------------------------------------------------- migrations


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except OperationalError as exc:
        raise unreachable(engine, exc) from None


def unreachable(engine: Engine, exc: Exception) -> DatabaseError:
    where = engine.url.render_as_string(hide_password=True)
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return DatabaseError(
        f"ติดต่อฐานข้อมูล {where} ไม่ได้: {first}",
        f"cannot reach the database {where}: {first}",
        code="database_unreachable",
    )


def upgrade(engine: Engine, target: str = "head") -> tuple[str | None, str]:
    """Migrate to ``target``; return (revision before, revision after)."""
    current = current_revision(engine)
    _refuse_unknown(current)
    wanted = head_revision() if target == "head" else target
    if current != wanted:
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
        log.info("server database migrated from %s to %s", current, wanted)
    return current, wanted


def _refuse_unknown(current: str | None) -> None:
    if current is not None and current not in known_revisions():
        raise StateError(
            f"ฐานข้อมูลเซิร์ฟเวอร์ถูกสร้างโดย bkkdesk รุ่นที่ใหม่กว่า (รุ่นโครงสร้าง {current}) "
            "กรุณาติดตั้งเซิร์ฟเวอร์รุ่นล่าสุด",
            f"the server database was written by a newer bkkdesk (schema revision {current}); "
            "install the latest server",
            code="db_too_new",
        )


def check_schema(engine: Engine, *, auto_upgrade: bool) -> None:
    """Refuse an un-migrated, older or newer database (or upgrade it when allowed)."""
    current = current_revision(engine)
    _refuse_unknown(current)
    if current == head_revision():
        return
    if auto_upgrade:
        upgrade(engine)
        return
    if current is None:
        th = "ฐานข้อมูลเซิร์ฟเวอร์ยังไม่ได้สร้างตาราง: สั่ง `bkkdesk server db upgrade` ก่อน"
        en = "the server database is not initialised: run `bkkdesk server db upgrade` first"
    else:
        th = f"ฐานข้อมูลเซิร์ฟเวอร์เป็นโครงสร้างรุ่นเก่า ({current}): สั่ง `bkkdesk server db upgrade` ก่อน"
        en = (
            f"the server database has an older schema ({current}): "
            "run `bkkdesk server db upgrade` first"
        )
    raise StateError(th, en, code="db_not_migrated")


# ---------------------------------------------------------------- sessions


class Database:
    """The engine and a session factory; one per server process."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        with self.sessionmaker() as session, session.begin():
            yield session

    def ping(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except Exception:  # any failure means "not reachable" to /health
            log.warning("database ping failed", exc_info=True)
            return False

    def dispose(self) -> None:
        self.engine.dispose()
