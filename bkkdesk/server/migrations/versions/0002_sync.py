"""Sync: unique keys per district, and rejected changes kept for resent pushes.

- ``sync_unique_keys``: one row per live record whose definition has a unique key, so two
  PCs of a district cannot both create "the same" record (the hash of the key is unique
  per data set and district).
- ``sync_rejections``: a change the server refused, by (device, seq): a push that is
  resent after a lost answer gets the same refusal again instead of "duplicate".

Revision ID: 0002_sync
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002_sync"
down_revision = "0001"
branch_labels = None
depends_on = None

JSONValue = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "sync_unique_keys",
        sa.Column("dataset_id", sa.String(length=40), nullable=False),
        sa.Column("district_code", sa.String(length=4), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint(
            "dataset_id", "district_code", "key_hash", name=op.f("pk_sync_unique_keys")
        ),
        sa.UniqueConstraint("record_id", name=op.f("uq_sync_unique_keys_record_id")),
    )
    op.create_table(
        "sync_rejections",
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("dataset_id", sa.String(length=40), nullable=False),
        sa.Column("op", sa.String(length=8), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("th", sa.Text(), nullable=False),
        sa.Column("en", sa.Text(), nullable=False),
        sa.Column("errors", JSONValue, nullable=True),
        sa.Column("changes", JSONValue, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "seq", name=op.f("pk_sync_rejections")),
    )
    with op.batch_alter_table("record_history", schema=None) as batch_op:
        batch_op.create_index(
            "ix_record_history_device_seq", ["device_id", "device_seq"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("record_history", schema=None) as batch_op:
        batch_op.drop_index("ix_record_history_device_seq")
    op.drop_table("sync_rejections")
    op.drop_table("sync_unique_keys")
