"""Alembic environment of the local database: runs on the connection the app hands it."""

from __future__ import annotations

from alembic import context

from bkkdesk.db.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - migrations always run through bkkdesk.db.migrate
    raise RuntimeError("run migrations through bkkdesk.db.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
)
with context.begin_transaction():
    context.run_migrations()
