"""Schema migrations: empty database, upgrade of a first-release file, refusing newer files."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bkkdesk.core import paths
from bkkdesk.core.errors import StateError
from bkkdesk.db import migrate
from bkkdesk.db.models import Base
from bkkdesk.db.records import RecordFilter
from bkkdesk.db.store import Store

OLD_DB = Path(__file__).resolve().parents[1] / "data" / "local-0001.sqlite3"


def test_empty_database_reaches_head_with_durable_settings(data_dir: Path) -> None:
    store = Store.open(data_dir)
    try:
        assert store.schema_revision() == migrate.head_revision()
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert store.last_backup is None  # nothing to back up in a new file
        assert len(store.reference.districts) == 50
    finally:
        store.close()


def test_models_match_head(data_dir: Path) -> None:
    store = Store.open(data_dir)
    try:
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        # The FTS5 shadow tables are created by SQL, not by the models.
        diff = [d for d in diff if "records_fts" not in str(d)]
        assert diff == []
    finally:
        store.close()


def test_first_release_database_upgrades_without_loss(data_dir: Path, shops_json: str) -> None:
    shutil.copy(OLD_DB, paths.database_path(data_dir))
    store = Store.open(data_dir)
    try:
        assert store.schema_revision() == migrate.head_revision()
        assert store.last_backup is not None and store.last_backup.exists()
        from bkkdesk.core.definitions import parse_definition_text

        store.install_definition(parse_definition_text(shops_json), source="test")
        assert store.district_code == "1004"
        assert store.device_id == "old-device-0001"
        assert store.records.count("shops") == 25
        assert store.records.pending_count() == 25
        r = store.records.get("00000000-0000-4000-8000-000000000007")
        assert r.values["shop_name"] == "ร้านเก่า 7"
        # The search index built by revision 0001 still answers.
        assert store.records.count("shops", RecordFilter(search="ร้านเก่า")) == 25
        # New tables from 0002 work.
        draft = store.save_draft("shops", {"shop_name": "ร่าง"}, user="admin")
        assert store.drafts()[0]["id"] == draft
    finally:
        store.close()
    # The backup is the untouched old file.
    con = sqlite3.connect(store.last_backup)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert con.execute("SELECT count(*) FROM records").fetchone()[0] == 25
    con.close()


def test_database_newer_than_app_is_refused(data_dir: Path) -> None:
    Store.open(data_dir).close()
    db = paths.database_path(data_dir)
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    with pytest.raises(StateError) as info:
        Store.open(data_dir)
    assert info.value.code == "db_too_new"
    assert "newer" in info.value.en and "ใหม่กว่า" in info.value.th
    con = sqlite3.connect(db)  # and it was not touched
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
        "9999_from_the_future"
    )
    con.close()
