"""Fixtures of the server suite: every test runs on SQLite and on the real PostgreSQL.

PostgreSQL: ``$BKKDESK_TEST_PG_URL`` or postgresql+psycopg://postgres@127.0.0.1:5432/test.
The suite migrates a fresh schema of its own once per session (so it never touches other
suites' tables) and empties it before each test. When the server is unreachable the
PostgreSQL half is skipped — except under ``CI=true``, where it fails.

SQLite: a migrated template file is made once; each test gets its own copy in tmp_path.
"""

from __future__ import annotations

import os
import shutil
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

with warnings.catch_warnings():
    # starlette asks for the httpx2 package; httpx still works (a deprecation warning only).
    from starlette.exceptions import StarletteDeprecationWarning

    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

from server_helpers import World, fast_settings, parsed_definition

from bkkdesk.server import admin
from bkkdesk.server import models as m
from bkkdesk.server.app import create_app
from bkkdesk.server.db import Database, upgrade
from bkkdesk.server.security import Security
from bkkdesk.server.settings import ServerSettings

PG_URL = os.environ.get("BKKDESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


def _libpq_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def pg_unavailable_reason() -> str | None:
    try:
        with psycopg.connect(_libpq_dsn(PG_URL), connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return f"PostgreSQL at {PG_URL} is unreachable: {exc}"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Server settings come from the test, never from the developer's environment."""
    for name in list(os.environ):
        if name.startswith("BKKDESK_") and name not in ("BKKDESK_RESOURCES", "BKKDESK_TEST_PG_URL"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh, migrated schema in the test database, dropped at the end of the session."""
    reason = pg_unavailable_reason()
    if reason is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true: PostgreSQL is required)")
        pytest.skip(reason)
    schema = f"bkk_server_test_{uuid.uuid4().hex[:10]}"
    dsn = _libpq_dsn(PG_URL)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}"
    db = Database(url)
    upgrade(db.engine)
    db.dispose()
    try:
        yield url
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "server.sqlite3"
    db = Database(f"sqlite:///{path}")
    upgrade(db.engine)
    db.dispose()
    return path


def _empty_pg(url: str) -> None:
    db = Database(url)
    try:
        with db.engine.begin() as conn:
            tables = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
            names = ", ".join(f'"{t}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            conn.execute(
                text("INSERT INTO sync_counters (name, value) VALUES (:n, 0)"),
                {"n": m.CHANGE_LOG_COUNTER},
            )
    finally:
        db.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty server database on the backend under test."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "server.sqlite3"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("pg_url")
    _empty_pg(url)
    return url


@pytest.fixture
def settings(database_url: str) -> ServerSettings:
    return fast_settings(database_url)


@pytest.fixture
def app(settings: ServerSettings, tmp_path: Path) -> Iterator[Any]:
    application = create_app(settings, tmp_path)
    try:
        yield application
    finally:
        application.state.bkk.db.dispose()


@pytest.fixture
def client(app: Any) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture
def db(app: Any) -> Database:
    database: Database = app.state.bkk.db
    return database


@pytest.fixture
def sec(app: Any) -> Security:
    security: Security = app.state.bkk.security
    return security


@pytest.fixture
def world(client: TestClient, db: Database, sec: Security) -> World:
    w = World(client, db, sec)
    w.devices["a"] = w.enroll("1001", "pc-a")
    w.devices["b"] = w.enroll("1002", "pc-b")
    w.devices["a2"] = w.enroll("1001", "pc-a2")  # revoked below
    for username, role, district in [
        ("clerk_a", "clerk", "1001"),
        ("super_a", "supervisor", "1001"),
        ("clerk_b", "clerk", "1002"),
        ("super_b", "supervisor", "1002"),
        ("central", "central_supervisor", None),
        ("itadmin", "admin", None),
        ("gone_a", "clerk", "1001"),
    ]:
        w.add_user(username, role, district)
    for username in ("clerk_a", "super_a", "central", "itadmin"):
        w.actors[username] = w.actor(username, "a")
    w.actors["clerk_b"] = w.actor("clerk_b", "b")
    w.actors["super_b"] = w.actor("super_b", "b")
    w.actors["revoked"] = w.actor("clerk_a", "a2")
    w.actors["disabled"] = w.actor("gone_a", "a")
    with db.session() as s:
        admin.revoke_device(s, w.devices["a2"][0], "test")
        admin.disable_user(s, "gone_a", "test")
        admin.publish_dataset(s, parsed_definition(), "test")
    return w
