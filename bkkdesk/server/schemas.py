"""Request and response bodies of the API (they are the generated OpenAPI document)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{1,63}$"
DISTRICT_PATTERN = r"^[0-9]{4}$"
DATASET_PATTERN = r"^[a-z][a-z0-9_]{1,39}$"

Role = Literal["clerk", "supervisor", "central_supervisor", "admin"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- errors


class FieldErrorOut(BaseModel):
    field: str
    rule: str
    th: str
    en: str


class ErrorBody(BaseModel):
    code: str = Field(description="stable machine-readable code, e.g. `device_revoked`")
    th: str = Field(description="message in Thai")
    en: str = Field(description="message in English")
    errors: list[FieldErrorOut] | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


# ---------------------------------------------------------------- health


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    database: Literal["ok", "unreachable"]
    version: str
    schema_revision: str
    # The update notice (server settings; None when IT has published nothing).
    latest_client_version: str | None = None
    min_client_version: str | None = None
    client_download_url: str | None = None


# ---------------------------------------------------------------- enrollment and login


class EnrollRequest(_In):
    code: str = Field(min_length=1, max_length=64, description="the one-time enrollment code")
    device_name: str = Field(default="", max_length=200, description="e.g. the PC's host name")
    app_version: str | None = Field(default=None, max_length=50)


class DistrictOut(BaseModel):
    code: str
    name_th: str
    name_en: str


class EnrollResponse(BaseModel):
    device_id: uuid.UUID
    device_token: str = Field(
        description="send as `Authorization: Bearer <token>` on every request; shown once"
    )
    district: DistrictOut


class LoginRequest(_In):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class UserOut(BaseModel):
    username: str
    display_name: str
    role: Role
    district_code: str | None


class OfflineLogin(BaseModel):
    algorithm: Literal["argon2id"] = "argon2id"
    password_hash: str = Field(
        description="an argon2id hash of the password made for this client (not the "
        "server's own hash); verify it with argon2 to let the user log in offline"
    )


class LoginResponse(BaseModel):
    session_token: str = Field(description="send as `X-Bkkdesk-Session` with the device token")
    expires_at: dt.datetime
    user: UserOut
    offline: OfflineLogin


class OkResponse(BaseModel):
    ok: bool = True


# ---------------------------------------------------------------- devices


class DeviceReport(_In):
    """What a device tells central IT about itself (also sent as headers, see docs)."""

    app_version: str | None = Field(default=None, max_length=50)
    definition_versions: (
        dict[
            Annotated[str, StringConstraints(pattern=DATASET_PATTERN)],
            Annotated[int, Field(ge=1, le=1_000_000)],
        ]
        | None
    ) = Field(default=None, max_length=500, description="data-set id → definition version it holds")
    pending_count: int | None = Field(default=None, ge=0, le=10_000_000)
    last_sync_at: AwareDatetime | None = Field(
        default=None, description="by the device's clock: shown to IT, never trusted"
    )


class DeviceOut(BaseModel):
    id: uuid.UUID
    name: str
    district_code: str
    enrolled_at: dt.datetime
    revoked_at: dt.datetime | None
    app_version: str | None
    definition_versions: dict[str, int] | None
    last_contact_at: dt.datetime | None
    last_sync_at: dt.datetime | None
    pending_count: int | None
    last_user: str | None


# ---------------------------------------------------------------- admin


class UserCreate(_In):
    username: str = Field(pattern=USERNAME_PATTERN)
    role: Role
    district_code: str | None = Field(default=None, pattern=DISTRICT_PATTERN)
    password: str = Field(min_length=8, max_length=256)
    display_name: str | None = Field(default=None, max_length=200)


class EnrollCodeCreate(_In):
    district_code: str = Field(pattern=DISTRICT_PATTERN)
    expires_hours: float = Field(default=24, gt=0, le=24 * 30)


class EnrollCodeOut(BaseModel):
    code: str = Field(description="shown once; only its hash is stored")
    district_code: str
    expires_at: dt.datetime


class AuditOut(BaseModel):
    id: int
    at: dt.datetime
    actor: str
    device_id: uuid.UUID | None
    action: str
    target: str | None
    details: dict[str, Any] | None


# ---------------------------------------------------------------- definitions and reference


class DatasetSummary(BaseModel):
    id: str
    latest_version: int
    versions: list[int]
    title_th: str
    title_en: str
    published_at: dt.datetime
    definition: dict[str, Any] = Field(description="the latest version's definition")


class DatasetVersionOut(BaseModel):
    id: str
    version: int
    sha256: str
    published_at: dt.datetime
    published_by: str
    definition: dict[str, Any]


class SubdistrictOut(BaseModel):
    code: str
    name_th: str
    name_en: str
    postal_code: str


class DistrictWithSubs(DistrictOut):
    subdistricts: list[SubdistrictOut]


# ---------------------------------------------------------------- records


class RecordOut(BaseModel):
    id: uuid.UUID
    dataset_id: str
    def_version: int
    district_code: str
    subdistrict_code: str | None
    record_date: dt.date | None
    status: str | None
    values: dict[str, Any]
    row_version: int
    deleted: bool
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str


class RecordPage(BaseModel):
    records: list[RecordOut]
    next_after: uuid.UUID | None = Field(
        description="pass as `after` for the next page; null at the end"
    )
