"""Initial local schema: reference data, definitions, records with Thai search, outbox,
audit log, users.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_meta"),
    )
    op.create_table(
        "districts",
        sa.Column("code", sa.String(4), nullable=False),
        sa.Column("name_th", sa.String(100), nullable=False),
        sa.Column("name_en", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_districts"),
    )
    op.create_table(
        "subdistricts",
        sa.Column("code", sa.String(6), nullable=False),
        sa.Column("district_code", sa.String(4), nullable=False),
        sa.Column("name_th", sa.String(100), nullable=False),
        sa.Column("name_en", sa.String(100), nullable=False),
        sa.Column("postal_code", sa.String(5), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_code"], ["districts.code"],
            name="fk_subdistricts_district_code_districts",
        ),
        sa.PrimaryKeyConstraint("code", name="pk_subdistricts"),
    )
    op.create_index("ix_subdistricts_district_code", "subdistricts", ["district_code"])
    op.create_table(
        "dataset_versions",
        sa.Column("dataset_id", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("installed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("dataset_id", "version", name="pk_dataset_versions"),
    )
    op.create_table(
        "records",
        sa.Column("seq", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("dataset_id", sa.String(40), nullable=False),
        sa.Column("def_version", sa.Integer(), nullable=False),
        sa.Column("district_code", sa.String(4), nullable=False),
        sa.Column("subdistrict_code", sa.String(6), nullable=True),
        sa.Column("record_date", sa.String(10), nullable=True),
        sa.Column("status", sa.String(40), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("unique_key", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=True),
        sa.Column("updated_by", sa.String(64), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_records"),
        sa.UniqueConstraint("id", name="uq_records_id"),
    )
    op.create_index("ix_records_dataset_seq", "records", ["dataset_id", "deleted", "seq"])
    op.create_index(
        "ix_records_dataset_subdistrict", "records", ["dataset_id", "subdistrict_code"]
    )
    op.create_index("ix_records_dataset_date", "records", ["dataset_id", "record_date"])
    op.create_index("ix_records_dataset_status", "records", ["dataset_id", "status"])
    op.create_index(
        "uq_records_unique_key",
        "records",
        ["dataset_id", "district_code", "unique_key"],
        unique=True,
        sqlite_where=sa.text("deleted = 0 AND unique_key IS NOT NULL"),
    )
    # Thai search: a trigram FTS5 index over records.search_text kept in step by
    # triggers (FACTS.md: unicode61 cannot split unspaced Thai; 1–2 character queries
    # fall back to instr() on the base table).
    op.execute(
        "CREATE VIRTUAL TABLE records_fts USING fts5("
        "search_text, content='records', content_rowid='seq', tokenize='trigram')"
    )
    op.execute(
        "CREATE TRIGGER records_fts_ai AFTER INSERT ON records BEGIN "
        "INSERT INTO records_fts(rowid, search_text) VALUES (new.seq, new.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER records_fts_ad AFTER DELETE ON records BEGIN "
        "INSERT INTO records_fts(records_fts, rowid, search_text) "
        "VALUES ('delete', old.seq, old.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER records_fts_au AFTER UPDATE OF search_text ON records BEGIN "
        "INSERT INTO records_fts(records_fts, rowid, search_text) "
        "VALUES ('delete', old.seq, old.search_text); "
        "INSERT INTO records_fts(rowid, search_text) VALUES (new.seq, new.search_text); END"
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("txn_id", sa.String(36), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("dataset_id", sa.String(40), nullable=False),
        sa.Column("op", sa.String(8), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("def_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("seq", name="pk_outbox"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_outbox_txn_id", "outbox", ["txn_id"])
    op.create_index("ix_outbox_record_id", "outbox", ["record_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(64), nullable=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("dataset_id", sa.String(40), nullable=True),
        sa.Column("record_id", sa.String(36), nullable=True),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_audit_log_record_id", "audit_log", ["record_id"])
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("district_code", sa.String(4), nullable=True),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )


def downgrade() -> None:
    for name in ("records_fts_au", "records_fts_ad", "records_fts_ai"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS records_fts")
    for table in (
        "users", "audit_log", "outbox", "records", "dataset_versions",
        "subdistricts", "districts", "meta",
    ):
        op.drop_table(table)
