"""Schema migrations of the local database, run programmatically at start.

Before a database with data is migrated, a copy is taken with SQLite's online backup
(STYLE.md habit 7). A database whose revision this app does not know (written by a newer
bkkdesk) is refused with a clear message instead of being touched.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from bkkdesk.core.errors import StateError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


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
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup_copy(db_path: Path, dest_dir: Path, label: str) -> Path:
    """Copy the live database with SQLite's online backup (consistent even under WAL)."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    dest = dest_dir / f"bkkdesk-{label}-{stamp}.sqlite3"
    src = sqlite3.connect(db_path)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return dest


def upgrade(engine: Engine, db_path: Path, backups: Path, target: str = "head") -> Path | None:
    """Bring the database to ``target``; return the pre-migration backup, if one was taken."""
    current = current_revision(engine)
    if current is not None and current not in known_revisions():
        raise StateError(
            f"ฐานข้อมูลนี้สร้างโดย bkkdesk รุ่นที่ใหม่กว่า (รุ่นโครงสร้าง {current}) "
            "กรุณาติดตั้งโปรแกรมรุ่นล่าสุด",
            f"this database was written by a newer bkkdesk (schema revision {current}); "
            "install the latest version",
            code="db_too_new",
        )
    wanted = head_revision() if target == "head" else target
    if current == wanted:
        return None
    backup = None
    if current is not None:
        backup = backup_copy(db_path, backups, f"pre-migrate-{current}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
    return backup
