"""Tables of the client's sync state (revision 0003): cursor, rejections, conflicts seen.

- ``sync_state``: one row (id 1): the pull cursor, the last success and error, the
  server clock offset (information only: nothing depends on the PC's clock).
- ``sync_rejections``: changes the server refused, with its Thai and English reason and
  the values that were sent, so the user can see and re-enter them.
- ``sync_conflicts``: hard conflicts the server reported for this PC's changes.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bkkdesk.db.models import Base


class SyncState(Base):
    """Where this PC is in the server's change log, and how the last round went."""

    __tablename__ = "sync_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cursor: Mapped[int] = mapped_column(Integer, default=0)
    last_success_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    clock_offset_s: Mapped[float | None] = mapped_column(Float)
    reference_digest: Mapped[str | None] = mapped_column(String(64))
    last_verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SyncRejection(Base):
    """A change the server refused: shown to the user, never silently dropped."""

    __tablename__ = "sync_rejections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    dataset_id: Mapped[str] = mapped_column(String(40))
    op: Mapped[str] = mapped_column(String(8))
    changes: Mapped[str] = mapped_column(Text)  # JSON of what was sent
    local_values: Mapped[str | None] = mapped_column(Text)  # the record as it was here
    code: Mapped[str] = mapped_column(String(64))
    reason_th: Mapped[str] = mapped_column(Text)
    reason_en: Mapped[str] = mapped_column(Text)
    user: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    dismissed: Mapped[bool] = mapped_column(default=False)


class SyncConflict(Base):
    """A hard conflict the server reported (resolved by a supervisor on the server)."""

    __tablename__ = "sync_conflicts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    dataset_id: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(32))
    field: Mapped[str | None] = mapped_column(String(40))
    server_value: Mapped[str | None] = mapped_column(Text)  # JSON
    client_value: Mapped[str | None] = mapped_column(Text)  # JSON
    applied: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="open")
    seq: Mapped[int | None] = mapped_column(Integer)
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime)
