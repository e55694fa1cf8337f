"""Central IT (admin role): accounts, enrollment codes, devices, definitions, audit.

The same service functions back the ``bkkdesk server …`` command line.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, cast

from fastapi import APIRouter, Body, Path, Query

from bkkdesk.core.definitions import parse_definition
from bkkdesk.server import admin
from bkkdesk.server import models as m
from bkkdesk.server.deps import AdminDep, StateDep
from bkkdesk.server.responses import errors
from bkkdesk.server.schemas import (
    USERNAME_PATTERN,
    AuditOut,
    DatasetVersionOut,
    DeviceOut,
    EnrollCodeCreate,
    EnrollCodeOut,
    Role,
    UserCreate,
    UserOut,
)

router = APIRouter(prefix="/admin", tags=["admin"])


def device_out(d: m.Device) -> DeviceOut:
    versions = d.definition_versions if isinstance(d.definition_versions, dict) else None
    return DeviceOut(
        id=d.id,
        name=d.name,
        district_code=d.district_code,
        enrolled_at=d.enrolled_at,
        revoked_at=d.revoked_at,
        app_version=d.app_version,
        definition_versions=versions,
        last_contact_at=d.last_contact_at,
        last_sync_at=d.last_sync_at,
        pending_count=d.pending_count,
        last_user=d.last_user,
    )


def user_out(u: m.User) -> UserOut:
    return UserOut(
        username=u.username,
        display_name=u.display_name,
        role=cast(Role, u.role),
        district_code=u.district_code,
    )


@router.get(
    "/devices",
    response_model=list[DeviceOut],
    responses=errors(401, 403, 422),
    summary="Every enrolled device and what it last reported",
)
def list_devices(user: AdminDep, state: StateDep) -> list[DeviceOut]:
    with state.db.session() as s:
        return [device_out(d) for d in admin.list_devices(s)]


@router.post(
    "/devices/{device_id}/revoke",
    response_model=DeviceOut,
    responses=errors(401, 403, 404, 422),
    summary="Revoke a device credential (and every session on it)",
)
def revoke_device(
    device_id: Annotated[uuid.UUID, Path()], user: AdminDep, state: StateDep
) -> DeviceOut:
    with state.db.session() as s:
        return device_out(admin.revoke_device(s, device_id, user.username, user.device.id))


@router.get(
    "/users",
    response_model=list[UserOut],
    responses=errors(401, 403, 422),
    summary="Every account",
)
def list_users(user: AdminDep, state: StateDep) -> list[UserOut]:
    with state.db.session() as s:
        return [user_out(u) for u in admin.list_users(s)]


@router.post(
    "/users",
    response_model=UserOut,
    status_code=201,
    responses=errors(401, 403, 404, 409, 413, 422),
    summary="Add an account",
)
def add_user(body: UserCreate, user: AdminDep, state: StateDep) -> UserOut:
    with state.db.session() as s:
        created = admin.add_user(
            s,
            state.security,
            username=body.username,
            role=body.role,
            password=body.password,
            district_code=body.district_code,
            display_name=body.display_name,
            actor=user.username,
            device_id=user.device.id,
        )
        return user_out(created)


@router.post(
    "/users/{username}/disable",
    response_model=UserOut,
    responses=errors(401, 403, 404, 422),
    summary="Disable an account and end its sessions",
)
def disable_user(
    username: Annotated[str, Path(pattern=USERNAME_PATTERN)], user: AdminDep, state: StateDep
) -> UserOut:
    with state.db.session() as s:
        return user_out(admin.disable_user(s, username, user.username, user.device.id))


@router.post(
    "/enroll-codes",
    response_model=EnrollCodeOut,
    status_code=201,
    responses=errors(401, 403, 404, 413, 422),
    summary="Make a one-time code to enroll one PC in a district",
)
def create_enroll_code(body: EnrollCodeCreate, user: AdminDep, state: StateDep) -> EnrollCodeOut:
    with state.db.session() as s:
        code, expires_at = admin.create_enroll_code(
            s,
            state.security,
            district_code=body.district_code,
            expires=dt.timedelta(hours=body.expires_hours),
            actor=user.username,
            device_id=user.device.id,
        )
    return EnrollCodeOut(code=code, district_code=body.district_code, expires_at=expires_at)


@router.post(
    "/datasets",
    response_model=DatasetVersionOut,
    status_code=201,
    responses=errors(401, 403, 409, 413, 422),
    summary="Publish a new version of a data-set definition",
)
def publish_dataset(
    definition: Annotated[
        dict[str, Any], Body(description="the definition, as in resources/datasets")
    ],
    user: AdminDep,
    state: StateDep,
) -> DatasetVersionOut:
    parsed = parse_definition(definition, "request")
    with state.db.session() as s:
        row = admin.publish_dataset(s, parsed, user.username, user.device.id)
        return DatasetVersionOut(
            id=row.dataset_id,
            version=row.version,
            sha256=row.sha256,
            published_at=row.published_at,
            published_by=row.published_by,
            definition=row.definition,
        )


@router.get(
    "/audit",
    response_model=list[AuditOut],
    responses=errors(401, 403, 422),
    summary="The latest audit entries, newest first",
)
def audit_log(
    user: AdminDep,
    state: StateDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[AuditOut]:
    with state.db.session() as s:
        return [
            AuditOut(
                id=a.id,
                at=a.at,
                actor=a.actor,
                device_id=a.device_id,
                action=a.action,
                target=a.target,
                details=a.details,
            )
            for a in admin.audit_entries(s, limit)
        ]
