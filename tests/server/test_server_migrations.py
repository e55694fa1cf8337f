"""Server schema: upgrade from empty, models match head, refusal of wrong schemas, settings."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from server_helpers import fast_settings
from sqlalchemy import MetaData, inspect, text

from bkkdesk.core.errors import StateError
from bkkdesk.server import models as m
from bkkdesk.server.app import create_app, prepare_database
from bkkdesk.server.db import Database, check_schema, current_revision, head_revision, upgrade
from bkkdesk.server.settings import DEV_SECRET, SettingsError, load_settings


@pytest.fixture
def empty_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database (no tables at all) on the backend under test."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    url: str = request.getfixturevalue("pg_url")
    db = Database(url)
    with db.engine.begin() as conn:
        for name in inspect(conn).get_table_names():  # every table, whoever added it
            conn.execute(text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))
    db.dispose()
    return url


@pytest.fixture
def restore_pg(backend: str, request: pytest.FixtureRequest) -> Iterator[None]:
    """Leave the session's PostgreSQL schema migrated for the tests that follow."""
    yield None
    if backend == "postgresql":
        db = Database(request.getfixturevalue("pg_url"))
        upgrade(db.engine)
        db.dispose()


def test_upgrade_from_empty(empty_url: str, restore_pg: None) -> None:
    db = Database(empty_url)
    try:
        assert current_revision(db.engine) is None
        before, after = upgrade(db.engine)
        assert (before, after) == (None, head_revision())
        tables = set(inspect(db.engine).get_table_names())
        assert {t.name for t in m.Base.metadata.sorted_tables} <= tables
        with db.engine.connect() as conn:
            counter = conn.execute(text("SELECT value FROM sync_counters")).scalar_one()
        assert counter == 0
        assert upgrade(db.engine) == (head_revision(), head_revision())  # idempotent
    finally:
        db.dispose()


def _all_server_tables() -> MetaData:
    """Base's metadata after importing every server module (any of them may declare tables)."""
    import bkkdesk.server

    for info in pkgutil.walk_packages(bkkdesk.server.__path__, "bkkdesk.server."):
        if ".migrations" not in info.name:
            importlib.import_module(info.name)
    return m.Base.metadata


def test_models_match_head(database_url: str) -> None:
    metadata = _all_server_tables()
    db = Database(database_url)
    try:
        with db.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(ctx, metadata)
        assert diff == []
    finally:
        db.dispose()


def test_unmigrated_database_is_refused(empty_url: str, restore_pg: None, tmp_path: Path) -> None:
    settings = fast_settings(empty_url)
    with pytest.raises(StateError) as exc:
        create_app(settings, tmp_path)
    assert exc.value.code == "db_not_migrated"
    assert "bkkdesk server db upgrade" in exc.value.en


def test_newer_database_is_refused(database_url: str, tmp_path: Path) -> None:
    db = Database(database_url)
    try:
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
        for auto in (False, True):
            with pytest.raises(StateError) as exc:
                check_schema(db.engine, auto_upgrade=auto)
            assert exc.value.code == "db_too_new"
    finally:
        with db.engine.begin() as conn:
            conn.execute(
                text("UPDATE alembic_version SET version_num = :v"), {"v": head_revision()}
            )
        db.dispose()


def test_embedded_default_migrates_itself(tmp_path: Path) -> None:
    settings = fast_settings(None)
    assert settings.embedded
    url = settings.resolved_database_url(tmp_path)
    db = Database(url)
    try:
        seeded = prepare_database(db, settings)
        assert seeded["districts_loaded"] is True
        assert current_revision(db.engine) == head_revision()
        assert (tmp_path / "server.sqlite3").exists()
        assert prepare_database(db, settings)["districts_loaded"] is False
    finally:
        db.dispose()


def test_production_refuses_a_default_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql+psycopg://bkkdesk@db/bkkdesk"
    with pytest.raises(SettingsError) as exc:
        load_settings(mode="production", database_url=url)
    assert "BKKDESK_SECRET_KEY" in exc.value.en
    with pytest.raises(SettingsError):
        load_settings(mode="production", database_url=url, secret_key=DEV_SECRET)
    with pytest.raises(SettingsError):
        load_settings(mode="production", database_url=url, secret_key="short")
    monkeypatch.setenv("BKKDESK_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("BKKDESK_MODE", "production")
    monkeypatch.setenv("BKKDESK_DATABASE_URL", url)
    assert load_settings().mode == "production"


def test_settings_file_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "server.env"
    cfg.write_text("BKKDESK_PORT=9123\nBKKDESK_SESSION_HOURS=2\n", encoding="utf-8")
    s = load_settings(cfg)
    assert (s.port, s.session_hours) == (9123, 2.0)
    monkeypatch.setenv("BKKDESK_PORT", "9200")  # the environment beats the file
    assert load_settings(cfg).port == 9200
    assert load_settings(cfg, port=9300).port == 9300  # the command line beats both
    with pytest.raises(SettingsError):
        load_settings(tmp_path / "missing.env")
    monkeypatch.setenv("BKKDESK_PORT", "not-a-port")
    with pytest.raises(SettingsError) as exc:
        load_settings()
    assert "port" in exc.value.en


def test_release_settings_are_checked() -> None:
    s = load_settings(latest_client_version="0.3.0", min_client_version="0.2.0rc1",
                      client_download_url="https://it.bma.go.th/bkkdesk/setup.exe")
    assert (s.latest_client_version, s.min_client_version) == ("0.3.0", "0.2.0rc1")
    with pytest.raises(SettingsError) as exc:
        load_settings(latest_client_version="latest")
    assert "latest_client_version" in exc.value.en
    with pytest.raises(SettingsError):
        load_settings(client_download_url="file:///c:/setup.exe")
