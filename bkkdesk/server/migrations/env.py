"""Alembic environment of the server database: runs on the connection the server hands it.

There is no alembic.ini: the configuration is built in code (``bkkdesk.server.db``), and
``bkkdesk server db upgrade`` is the way to migrate.
"""

from __future__ import annotations

from alembic import context

from bkkdesk.server.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - migrations always run through bkkdesk.server.db
    raise RuntimeError("run migrations through `bkkdesk server db upgrade`")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
