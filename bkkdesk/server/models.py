"""Tables of the central server (PostgreSQL in production, SQLite embedded).

This is the server's own storage; the desktop client's local store is ``bkkdesk.db``.
Alembic (``bkkdesk/server/migrations``) owns the schema; a test checks these models
match the head revision. Every timestamp is stored in UTC and read back tz-aware.

Groups:
- reference: ``districts``, ``subdistricts``
- accounts: ``users``, ``login_throttle``, ``sessions``
- devices: ``enroll_codes``, ``devices``, ``device_sequences``
- definitions: ``dataset_versions``
- records and sync (filled by the sync protocol): ``records``,
  ``record_history``, ``change_log`` + ``sync_counters``, ``conflicts``
- ``audit_log``: every change made through the server
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    TypeDecorator,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ROLES = ("clerk", "supervisor", "central_supervisor", "admin")
DISTRICT_ROLES = ("clerk", "supervisor")
CENTRAL_ROLES = ("central_supervisor", "admin")

# The change-log counter row (see ``sync_counters``).
CHANGE_LOG_COUNTER = "change_log"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC; SQLite drops the zone, so it is put back on read."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(dt.UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


# JSON values: JSONB on PostgreSQL (indexable, compact), JSON text on SQLite.
JSONValue = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# ---------------------------------------------------------------- reference data


class District(Base):
    __tablename__ = "districts"

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    name_th: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))


class Subdistrict(Base):
    __tablename__ = "subdistricts"

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    district_code: Mapped[str] = mapped_column(String(4), ForeignKey("districts.code"), index=True)
    name_th: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    postal_code: Mapped[str] = mapped_column(String(5))


# ---------------------------------------------------------------- accounts


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    # None for central roles; a district role always has one.
    district_code: Mapped[str | None] = mapped_column(
        String(4), ForeignKey("districts.code"), index=True
    )
    password_hash: Mapped[str] = mapped_column(String(255))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class LoginThrottle(Base):
    """Failed logins per user name (known or not, so a lock reveals nothing)."""

    __tablename__ = "login_throttle"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Session(Base):
    """A user logged in on one device; only the token's HMAC is stored."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    device_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("devices.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


# ---------------------------------------------------------------- devices


class EnrollCode(Base):
    """A one-time enrollment code; only its HMAC is stored."""

    __tablename__ = "enroll_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    district_code: Mapped[str] = mapped_column(String(4), ForeignKey("districts.code"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    device_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("devices.id"))


class Device(Base):
    """An enrolled PC: its credential, district, and what it last reported."""

    __tablename__ = "devices"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    district_code: Mapped[str] = mapped_column(String(4), ForeignKey("districts.code"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    enrolled_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    app_version: Mapped[str | None] = mapped_column(String(50))
    definition_versions: Mapped[dict[str, Any] | None] = mapped_column(JSONValue)
    last_contact_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_sync_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    pending_count: Mapped[int | None] = mapped_column(Integer)
    last_user: Mapped[str | None] = mapped_column(String(64))


class DeviceSequence(Base):
    """Sync: the last outbox sequence number applied from each device (push idempotence)."""

    __tablename__ = "device_sequences"

    device_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


# ---------------------------------------------------------------- definitions


class DatasetVersion(Base):
    """One published version of a data-set definition; old versions are kept and served."""

    __tablename__ = "dataset_versions"

    dataset_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    title_th: Mapped[str] = mapped_column(String(500))
    title_en: Mapped[str] = mapped_column(String(500))
    definition: Mapped[dict[str, Any]] = mapped_column(JSONValue)
    sha256: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by: Mapped[str] = mapped_column(String(100))


# ---------------------------------------------------------------- records and sync


class Record(Base):
    """The server's copy of a record: indexed columns plus the field values as JSON."""

    __tablename__ = "records"
    __table_args__ = (Index("ix_records_scope", "dataset_id", "district_code", "record_date"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    dataset_id: Mapped[str] = mapped_column(String(40))
    def_version: Mapped[int] = mapped_column(Integer)
    district_code: Mapped[str] = mapped_column(String(4), ForeignKey("districts.code"))
    subdistrict_code: Mapped[str | None] = mapped_column(String(6))
    record_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str | None] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSONValue)
    row_version: Mapped[int] = mapped_column(BigInteger, default=1)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(64))
    # The device that made the last change (None for changes made on the server).
    updated_device_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("devices.id"))


class RecordHistory(Base):
    """Every accepted version of every record (the full values after the change)."""

    __tablename__ = "record_history"
    __table_args__ = (Index("ix_record_history_record", "record_id", "row_version"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    row_version: Mapped[int] = mapped_column(BigInteger)
    op: Mapped[str] = mapped_column(String(16))  # insert | update | delete | restore
    def_version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSONValue)
    changed_fields: Mapped[list[str] | None] = mapped_column(JSONValue)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(64))
    device_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    device_seq: Mapped[int | None] = mapped_column(BigInteger)
    client_time: Mapped[str | None] = mapped_column(String(40))  # information only


class SyncCounter(Base):
    """Named counters taken under a row lock (``SELECT … FOR UPDATE``) in the writing
    transaction, so change-log sequence numbers become visible in order: a reader that
    pulls ``seq > cursor`` never skips a change that committed late."""

    __tablename__ = "sync_counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class ChangeLog(Base):
    """One accepted change, in server order; clients pull ``seq > cursor`` for their scope."""

    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_scope", "district_code", "seq"),)

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    dataset_id: Mapped[str] = mapped_column(String(40))
    district_code: Mapped[str] = mapped_column(String(4))
    row_version: Mapped[int] = mapped_column(BigInteger)
    op: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    device_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class Conflict(Base):
    """A hard conflict: both values kept for a supervisor, the policy's choice applied."""

    __tablename__ = "conflicts"
    __table_args__ = (Index("ix_conflicts_open", "district_code", "status"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    dataset_id: Mapped[str] = mapped_column(String(40))
    district_code: Mapped[str] = mapped_column(String(4))
    kind: Mapped[str] = mapped_column(String(32))  # same_field | delete_vs_edit
    field: Mapped[str | None] = mapped_column(String(40))
    base_version: Mapped[int] = mapped_column(BigInteger)
    server_version: Mapped[int] = mapped_column(BigInteger)
    server_value: Mapped[Any] = mapped_column(JSONValue, nullable=True)
    client_value: Mapped[Any] = mapped_column(JSONValue, nullable=True)
    applied: Mapped[str] = mapped_column(String(16))  # which side the policy applied
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | resolved
    device_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    client_user: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    resolution: Mapped[Any] = mapped_column(JSONValue, nullable=True)


# ---------------------------------------------------------------- audit


class AuditEntry(Base):
    """Who did what, from which device, when (every change made through the server)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    device_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(200))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSONValue)
