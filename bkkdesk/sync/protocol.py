"""The sync wire format: one definition shared by the client engine and the server.

Every request carries :data:`PROTOCOL_VERSION`; a server that cannot speak the client's
version answers 426 with :class:`UpgradeRequired` and the client keeps its outbox.
Client times travel for information only: no rule on either side reads them.

Bodies are JSON, gzip-compressed both ways (``Content-Encoding: gzip``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PROTOCOL_VERSION = 1
# The oldest client protocol the server still accepts.
MIN_PROTOCOL_VERSION = 1

PROTOCOL_HEADER = "X-Bkkdesk-Protocol"
SYNC_PREFIX = "/api/v1/sync"

MAX_BATCH_CHANGES = 2000
MAX_PULL_LIMIT = 5000

Op = Literal["create", "update", "delete"]
ResultStatus = Literal["applied", "merged", "conflict", "rejected", "duplicate"]


class _Msg(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- push


class Change(_Msg):
    """One outbox entry: the changed fields only, against the row version it was made on."""

    seq: int = Field(ge=1, description="the device's monotonic sequence number")
    txn_id: str = Field(max_length=36)
    record_id: str = Field(min_length=36, max_length=36)
    dataset_id: str = Field(max_length=40)
    op: Op
    changes: dict[str, Any] = Field(default_factory=dict)
    base_version: int = Field(ge=0)
    def_version: int = Field(ge=1)
    user: str | None = Field(default=None, max_length=64)
    client_time: str | None = Field(
        default=None, max_length=40, description="the PC's clock: information only"
    )


class Batch(_Msg):
    """The entries of whole local transactions (a transaction is never split)."""

    changes: list[Change] = Field(max_length=MAX_BATCH_CHANGES)


class PushRequest(_Msg):
    protocol: int
    device_id: str = Field(max_length=36)
    app_version: str = Field(max_length=50)
    definition_versions: dict[str, int] = Field(default_factory=dict)
    client_time: str | None = Field(default=None, max_length=40)
    pending_count: int | None = Field(default=None, ge=0)
    batches: list[Batch] = Field(max_length=MAX_BATCH_CHANGES)


class Reason(BaseModel):
    """Why a change was refused, in Thai first."""

    code: str
    th: str
    en: str
    errors: list[dict[str, str]] | None = None


class RecordState(BaseModel):
    """A record as the server holds it: full values at one row version."""

    id: str
    dataset_id: str
    def_version: int
    district_code: str
    values: dict[str, Any]
    row_version: int
    deleted: bool
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str


class ConflictOut(BaseModel):
    id: str
    record_id: str
    dataset_id: str
    district_code: str
    kind: str
    field: str | None
    base_version: int
    server_version: int
    server_value: Any = None
    client_value: Any = None
    applied: str
    status: str
    device_id: str | None
    client_user: str | None
    created_at: dt.datetime
    resolved_at: dt.datetime | None = None
    resolved_by: str | None = None


class ChangeResult(BaseModel):
    seq: int
    record_id: str
    status: ResultStatus
    row_version: int | None = None
    conflicts: list[ConflictOut] = Field(default_factory=list)
    reason: Reason | None = None
    # For a rejected change: the server's copy, so the client can put its record back.
    record: RecordState | None = None


class PushResponse(BaseModel):
    protocol: int = PROTOCOL_VERSION
    results: list[ChangeResult]
    last_applied_seq: int
    server_time: dt.datetime


# ---------------------------------------------------------------- pull


class DefinitionVersion(BaseModel):
    dataset_id: str
    version: int
    definition: dict[str, Any]


class Account(BaseModel):
    """A user of the device's district (or central): for offline login to honour."""

    username: str
    display_name: str
    role: str
    district_code: str | None
    disabled: bool


class DistrictRef(BaseModel):
    code: str
    name_th: str
    name_en: str


class SubdistrictRef(BaseModel):
    code: str
    district_code: str
    name_th: str
    name_en: str
    postal_code: str


class ReferenceData(BaseModel):
    digest: str
    districts: list[DistrictRef]
    subdistricts: list[SubdistrictRef]


class PullRequest(_Msg):
    protocol: int
    device_id: str = Field(max_length=36)
    app_version: str = Field(max_length=50)
    cursor: int = Field(ge=0, description="the last change-log sequence applied")
    limit: int = Field(default=1000, ge=1, le=MAX_PULL_LIMIT)
    definition_versions: dict[str, int] = Field(
        default_factory=dict, description="highest version held of each data set"
    )
    reference_digest: str | None = Field(default=None, max_length=64)
    # Snapshot mode (verification mismatch): the current records of one data set in
    # the device's scope, by id, instead of the change log.
    snapshot_dataset: str | None = Field(default=None, max_length=40)
    snapshot_after: str | None = Field(default=None, max_length=36)


class AppUpdate(BaseModel):
    """The newest bkkdesk IT rolls out, the oldest the server still accepts, where to get it."""

    latest: str | None = Field(default=None, max_length=50)
    minimum: str | None = Field(default=None, max_length=50)
    download_url: str | None = Field(default=None, max_length=500)


class PullResponse(BaseModel):
    protocol: int = PROTOCOL_VERSION
    records: list[RecordState] = Field(
        description="upserts, latest state; deleted=true is a deletion"
    )
    definitions: list[DefinitionVersion] = Field(default_factory=list)
    accounts: list[Account] | None = None
    reference: ReferenceData | None = None
    next_cursor: int
    has_more: bool
    head: int = Field(description="the newest change-log sequence in the device's scope")
    snapshot_next: str | None = None
    server_time: dt.datetime
    app_update: AppUpdate | None = None


# ---------------------------------------------------------------- verify


class DatasetSum(BaseModel):
    count: int
    checksum: str = Field(description="sum of the first 8 bytes of sha256(id:version), hex")


class VerifyRequest(_Msg):
    protocol: int
    device_id: str = Field(max_length=36)
    cursor: int = Field(ge=0)
    datasets: dict[str, DatasetSum]


class VerifyResponse(BaseModel):
    protocol: int = PROTOCOL_VERSION
    head: int
    at_head: bool
    server: dict[str, DatasetSum]
    mismatched: list[str]
    server_time: dt.datetime


# ---------------------------------------------------------------- conflicts


class ResolveRequest(_Msg):
    protocol: int = PROTOCOL_VERSION
    keep: Literal["local", "server", "merged"]
    value: Any = Field(
        default=None, description="for keep=merged: the field's value (or the record's "
        "values for a delete-vs-edit conflict)"
    )


class ResolveResponse(BaseModel):
    conflict: ConflictOut
    row_version: int | None


# ---------------------------------------------------------------- errors


class UpgradeRequired(BaseModel):
    """Body of the 426 answer: the client must be upgraded; it keeps its outbox."""

    code: Literal["upgrade_required"] = "upgrade_required"
    th: str
    en: str
    min_protocol: int
    server_protocol: int


def upgrade_required(client_protocol: int) -> UpgradeRequired:
    return UpgradeRequired(
        th=(
            f"โปรแกรมบนเครื่องนี้เก่าเกินไป (โปรโตคอล {client_protocol}) กรุณาติดตั้งรุ่นใหม่ "
            "ข้อมูลที่ยังไม่ได้ส่งจะถูกเก็บไว้จนกว่าจะปรับรุ่น"
        ),
        en=(
            f"this PC's bkkdesk is too old (protocol {client_protocol}): please install the new "
            "version; unsent changes are kept until then"
        ),
        min_protocol=MIN_PROTOCOL_VERSION,
        server_protocol=PROTOCOL_VERSION,
    )


def app_too_old(app_version: str, minimum: str, download_url: str | None) -> UpgradeRequired:
    """The 426 body for an app older than the server's ``min_client_version``."""
    where_th = f" ดาวน์โหลดที่ {download_url}" if download_url else ""
    where_en = f" Download: {download_url}" if download_url else ""
    return UpgradeRequired(
        th=(
            f"ต้องปรับรุ่นโปรแกรม: เครื่องนี้ใช้ bkkdesk {app_version} แต่เซิร์ฟเวอร์รับตั้งแต่รุ่น "
            f"{minimum} ขึ้นไป ข้อมูลที่ยังไม่ได้ส่งจะถูกเก็บไว้จนกว่าจะปรับรุ่น ติดต่อฝ่ายไอที{where_th}"
        ),
        en=(
            f"update required: this PC runs bkkdesk {app_version}, the server accepts {minimum} "
            f"or later; unsent changes are kept until the update. Contact IT.{where_en}"
        ),
        min_protocol=MIN_PROTOCOL_VERSION,
        server_protocol=PROTOCOL_VERSION,
    )


# ---------------------------------------------------------------- checksums

_MASK = (1 << 64) - 1


def record_term(record_id: str, row_version: int) -> int:
    """The additive checksum term of one record: first 8 bytes of sha256, as an integer."""
    digest = hashlib.sha256(f"{record_id.lower()}:{row_version}".encode("ascii")).digest()
    return int.from_bytes(digest[:8], "big")


class Checksum:
    """Accumulates count and additive checksum (order does not matter)."""

    __slots__ = ("count", "total")

    def __init__(self) -> None:
        self.count = 0
        self.total = 0

    def add(self, record_id: str, row_version: int) -> None:
        self.count += 1
        self.total = (self.total + record_term(record_id, row_version)) & _MASK

    def out(self) -> DatasetSum:
        return DatasetSum(count=self.count, checksum=f"{self.total:016x}")
