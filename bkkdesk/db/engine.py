"""Opening the local SQLite database with the settings durability depends on.

WAL journal with ``synchronous=FULL`` (a transaction that returned is on disk, even
through a power cut), foreign keys on, a busy timeout, and the ``THAI`` collation for
Thai dictionary order. Python's sqlite3 module is put in autocommit mode and
transactions are begun explicitly, so that SQLAlchemy's transactions are SQLite's
transactions (the documented pysqlite recipe); writers begin ``IMMEDIATE`` so that two
writers queue on the lock instead of failing half-way with "database is locked".
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from bkkdesk.core import thaitext

BUSY_TIMEOUT_MS = 15_000


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()
    dbapi_connection.create_collation("THAI", thaitext.compare)
    dbapi_connection.create_function("thai_key", 1, thaitext.sort_bytes, deterministic=True)


def _on_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get("begin_mode", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(path: Path) -> Engine:
    """An engine on the SQLite file ``path`` with the pragmas above on every connection."""
    engine = create_engine(
        f"sqlite+pysqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine
