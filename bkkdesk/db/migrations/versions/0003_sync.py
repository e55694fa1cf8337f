"""Sync state, rejections and conflicts seen.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cursor", sa.Integer(), nullable=False),
        sa.Column("last_success_at", sa.DateTime(), nullable=True),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("clock_offset_s", sa.Float(), nullable=True),
        sa.Column("reference_digest", sa.String(64), nullable=True),
        sa.Column("last_verified_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sync_state"),
    )
    op.create_table(
        "sync_rejections",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("dataset_id", sa.String(40), nullable=False),
        sa.Column("op", sa.String(8), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("local_values", sa.Text(), nullable=True),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("reason_th", sa.Text(), nullable=False),
        sa.Column("reason_en", sa.Text(), nullable=False),
        sa.Column("user", sa.String(64), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("dismissed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sync_rejections"),
        sa.UniqueConstraint("seq", name="uq_sync_rejections_seq"),
    )
    with op.batch_alter_table("sync_rejections") as batch:
        batch.create_index("ix_sync_rejections_record_id", ["record_id"])
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("dataset_id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("field", sa.String(40), nullable=True),
        sa.Column("server_value", sa.Text(), nullable=True),
        sa.Column("client_value", sa.Text(), nullable=True),
        sa.Column("applied", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sync_conflicts"),
    )
    with op.batch_alter_table("sync_conflicts") as batch:
        batch.create_index("ix_sync_conflicts_record_id", ["record_id"])


def downgrade() -> None:
    with op.batch_alter_table("sync_conflicts") as batch:
        batch.drop_index("ix_sync_conflicts_record_id")
    op.drop_table("sync_conflicts")
    with op.batch_alter_table("sync_rejections") as batch:
        batch.drop_index("ix_sync_rejections_record_id")
    op.drop_table("sync_rejections")
    op.drop_table("sync_state")
