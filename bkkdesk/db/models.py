"""SQLAlchemy models of the local (client) database.

The fixed schema is owned by Alembic (``bkkdesk/db/migrations``); data-set definitions
never cause DDL: records are stored generically, one row per record with the field values
as JSON, plus indexed columns for what every record has (DESIGN.md).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# A naming convention so that Alembic (batch mode on SQLite) can name and find constraints.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Meta(Base):
    """Key/value facts about this database: its district, device id, audit head …"""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class District(Base):
    """Reference: a Bangkok district (เขต)."""

    __tablename__ = "districts"
    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    name_th: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))


class Subdistrict(Base):
    """Reference: a subdistrict (แขวง) of a district."""

    __tablename__ = "subdistricts"
    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    district_code: Mapped[str] = mapped_column(ForeignKey("districts.code"), index=True)
    name_th: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    postal_code: Mapped[str] = mapped_column(String(5))


class DatasetVersion(Base):
    """One version of a data-set definition (the JSON text as published)."""

    __tablename__ = "dataset_versions"
    dataset_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    definition: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16), default="builtin")
    installed_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Record(Base):
    """A record of any data set. ``seq`` is the local row id (FTS rowid, keyset paging)."""

    __tablename__ = "records"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    dataset_id: Mapped[str] = mapped_column(String(40))
    def_version: Mapped[int] = mapped_column(Integer)
    district_code: Mapped[str] = mapped_column(String(4))
    subdistrict_code: Mapped[str | None] = mapped_column(String(6))
    record_date: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str | None] = mapped_column(String(40))
    data: Mapped[str] = mapped_column(Text)  # JSON, ensure_ascii=False
    search_text: Mapped[str] = mapped_column(Text, default="")
    unique_key: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_by: Mapped[str | None] = mapped_column(String(64))
    updated_by: Mapped[str | None] = mapped_column(String(64))
    row_version: Mapped[int] = mapped_column(Integer, default=0)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index("ix_records_dataset_seq", "dataset_id", "deleted", "seq"),
        Index("ix_records_dataset_subdistrict", "dataset_id", "subdistrict_code"),
        Index("ix_records_dataset_date", "dataset_id", "record_date"),
        Index("ix_records_dataset_status", "dataset_id", "status"),
        Index(
            "uq_records_unique_key",
            "dataset_id",
            "district_code",
            "unique_key",
            unique=True,
            sqlite_where=text("deleted = 0 AND unique_key IS NOT NULL"),
        ),
    )


class Outbox(Base):
    """A local change waiting for the server's acknowledgement.

    ``seq`` is the device's monotonic sequence number (AUTOINCREMENT never reuses a
    number, even after acknowledged entries are deleted).
    """

    __tablename__ = "outbox"
    __table_args__ = ({"sqlite_autoincrement": True},)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    txn_id: Mapped[str] = mapped_column(String(36), index=True)
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    dataset_id: Mapped[str] = mapped_column(String(40))
    op: Mapped[str] = mapped_column(String(8))  # create | update | delete
    changes: Mapped[str] = mapped_column(Text)  # JSON of the changed fields only
    base_version: Mapped[int] = mapped_column(Integer)
    def_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    user: Mapped[str | None] = mapped_column(String(64))


class AuditEntry(Base):
    """Append-only audit log, each entry chained to the previous one by a hash."""

    __tablename__ = "audit_log"
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    user: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    dataset_id: Mapped[str | None] = mapped_column(String(40))
    record_id: Mapped[str | None] = mapped_column(String(36), index=True)
    changes: Mapped[str] = mapped_column(Text)  # JSON {field: [before, after]} or details
    origin: Mapped[str] = mapped_column(String(16), default="local")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class User(Base):
    """A local account (created locally or cached from the server for offline login)."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(32))
    district_code: Mapped[str | None] = mapped_column(String(4))
    password_hash: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(16), default="local")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Draft(Base):
    """Typed but unsaved form input, kept so that a crash loses nothing (revision 0002)."""

    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dataset_id: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str | None] = mapped_column(String(36))
    user: Mapped[str | None] = mapped_column(String(64))
    values: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ExportRegister(Base):
    """Who exported what: required for unmasked personal data (PDPA s.37) (revision 0002)."""

    __tablename__ = "export_register"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    user: Mapped[str | None] = mapped_column(String(64))
    dataset_id: Mapped[str] = mapped_column(String(40))
    filters: Mapped[str] = mapped_column(Text)
    row_count: Mapped[int] = mapped_column(Integer)
    unmasked: Mapped[bool] = mapped_column(Boolean, default=False)
    path: Mapped[str] = mapped_column(Text, default="")


# The sync tables live in their own module; importing it here puts them in Base.metadata
# wherever the models are loaded (migrations' autogenerate check, tests).
from bkkdesk.db import sync_models as _sync_models  # noqa: E402,F401
