"""Helpers of the sync suite: a real server on loopback, enrolled client stores, oracles.

No mocks: the server is the FastAPI app under uvicorn on 127.0.0.1, on a SQLite file or on
the real PostgreSQL; clients are real local stores in tmp_path talking HTTP.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import threading
import time
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bkkdesk.cli.main import main as cli_main
from bkkdesk.db.models import Record
from bkkdesk.db.store import Store
from bkkdesk.server import admin
from bkkdesk.server import models as m
from bkkdesk.server.settings import ServerSettings
from bkkdesk.sync.client import ClientConfig, SyncClient
from bkkdesk.sync.engine import SyncEngine, client_config

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import uvicorn

PG_URL = os.environ.get("BKKDESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "correct-horse-9"
DATASET = "complaint"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fast_settings(database_url: str | None) -> ServerSettings:
    return ServerSettings(
        _env_file=None,
        database_url=database_url,
        argon2_time_cost=1,
        argon2_memory_kib=1024,
        argon2_parallelism=1,
    )


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def pg_unavailable() -> str | None:
    try:
        with psycopg.connect(_libpq(PG_URL), connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return f"PostgreSQL at {PG_URL} is unreachable: {exc}"


@contextmanager
def pg_schema() -> Iterator[str]:
    """A fresh schema in the test database (dropped afterwards); skip/fail if unreachable."""
    reason = pg_unavailable()
    if reason is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true: PostgreSQL is required)")
        pytest.skip(reason)
    schema = f"bkk_sync_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_libpq(PG_URL), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(_libpq(PG_URL), autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


class LiveServer:
    """The real app under uvicorn in a thread, on a free loopback port."""

    def __init__(self, data_dir: Path, database_url: str | None = None) -> None:
        from bkkdesk.server.app import create_app
        from bkkdesk.server.db import Database, upgrade

        url = database_url or f"sqlite:///{data_dir / 'server.sqlite3'}"
        data_dir.mkdir(parents=True, exist_ok=True)
        db = Database(url)  # a named database is not "embedded": migrate it first
        upgrade(db.engine)
        db.dispose()
        self.app = create_app(fast_settings(url), data_dir)
        self.db = self.app.state.bkk.db
        self.sec = self.app.state.bkk.security
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off",
            timeout_keep_alive=5,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(15)
        self.db.dispose()

    def enroll_code(self, district: str) -> str:
        with self.db.session() as s:
            code, _ = admin.create_enroll_code(
                s, self.sec, district_code=district, expires=dt.timedelta(hours=1), actor="test"
            )
        return code

    def add_user(self, username: str, role: str, district: str | None) -> None:
        with self.db.session() as s:
            admin.add_user(
                s, self.sec, username=username, role=role, password=PASSWORD,
                district_code=district, display_name=username, actor="test",
            )

    # -- the server's truth

    def records(self, district: str | None = None) -> dict[str, m.Record]:
        with self.db.session() as s:
            q = select(m.Record)
            if district is not None:
                q = q.where(m.Record.district_code == district)
            return {str(r.id): r for r in s.scalars(q)}

    def history(self) -> list[m.RecordHistory]:
        with self.db.session() as s:
            return list(s.scalars(select(m.RecordHistory).order_by(m.RecordHistory.id)))

    def conflicts(self) -> list[m.Conflict]:
        with self.db.session() as s:
            return list(s.scalars(select(m.Conflict)))

    def change_log(self) -> list[m.ChangeLog]:
        with self.db.session() as s:
            return list(s.scalars(select(m.ChangeLog).order_by(m.ChangeLog.seq)))


def cli(data_dir: Path, *args: str) -> int:
    return cli_main(["--data-dir", str(data_dir), *args])


def enroll(server: LiveServer, data_dir: Path, district: str, *extra: str) -> Store:
    code = server.enroll_code(district)
    assert cli(data_dir, "--json", "enroll", "--server", server.url, "--code", code, *extra) == 0
    return Store.open(data_dir)


def engine_for(store: Store, server_url: str | None = None, **kwargs: Any) -> SyncEngine:
    cfg = client_config(store)
    if server_url is not None:
        cfg.server_url = server_url
    cfg.retries = kwargs.pop("retries", 4)
    cfg.backoff_base = 0.05
    cfg.backoff_cap = 0.5
    cfg.stall_timeout = kwargs.pop("stall", 5.0)
    cfg.connect_timeout = 5.0
    engine = SyncEngine(store, SyncClient(cfg), **kwargs)
    OPEN_ENGINES.append(engine)
    return engine


OPEN_ENGINES: list[SyncEngine] = []


def close_engines() -> None:
    while OPEN_ENGINES:
        OPEN_ENGINES.pop().close()


def raw_client(url: str, token: str | None = None) -> SyncClient:
    return SyncClient(ClientConfig(server_url=url, device_token=token, retries=0))


SUBDISTRICT = {"1001": "100101", "1002": "100201", "1003": "100301"}


def complaint(district: str, ticket: str | None = None, **extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "channel": "walk_in",
        "ticket_id": ticket or f"T-{uuid.uuid4().hex[:12]}",
        "complaint_type": "garbage",
        "description": "ขยะล้นถังหน้าตลาด",
        "subdistrict": SUBDISTRICT[district],
        "received_date": "2025-01-15",
        "status": "received",
    }
    values.update(extra)
    return values


def local_records(store: Store) -> dict[str, dict[str, Any]]:
    with store.read() as s:
        return {
            r.id: {
                "values": json.loads(r.data),
                "row_version": r.row_version,
                "deleted": r.deleted,
                "district": r.district_code,
            }
            for r in s.scalars(select(Record))
        }


def server_view(server: LiveServer, district: str) -> dict[str, dict[str, Any]]:
    return {
        rid: {
            "values": dict(r.data),
            "row_version": r.row_version,
            "deleted": r.deleted,
            "district": r.district_code,
        }
        for rid, r in server.records(district).items()
    }


def assert_converged(server: LiveServer, store: Store, district: str) -> None:
    """The client holds exactly the server's live records of its district, same versions."""
    srv = {k: v for k, v in server_view(server, district).items() if not v["deleted"]}
    loc = {k: v for k, v in local_records(store).items() if not v["deleted"]}
    assert set(loc) == set(srv), (set(loc) ^ set(srv))
    for rid, v in srv.items():
        assert loc[rid]["values"] == v["values"], rid
        assert loc[rid]["row_version"] == v["row_version"], rid
        assert loc[rid]["district"] == district
