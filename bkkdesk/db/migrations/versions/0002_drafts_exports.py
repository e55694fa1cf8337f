"""Drafts of unsaved forms and the export register.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("dataset_id", sa.String(40), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=True),
        sa.Column("user", sa.String(64), nullable=True),
        sa.Column("values", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_drafts"),
    )
    op.create_table(
        "export_register",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(64), nullable=True),
        sa.Column("dataset_id", sa.String(40), nullable=False),
        sa.Column("filters", sa.Text(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("unmasked", sa.Boolean(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_export_register"),
    )


def downgrade() -> None:
    op.drop_table("export_register")
    op.drop_table("drafts")
