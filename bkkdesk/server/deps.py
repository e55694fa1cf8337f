"""Request dependencies: the server state, and who is calling (device, then user).

Two credentials travel on a request: the device's token (``Authorization: Bearer``),
given at enrollment and bound to a district, and a user's session token
(``X-Bkkdesk-Session``), given at login on that device. Scope is always derived from
these two on the server — never from anything else the client says.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select

from bkkdesk.core.errors import PermissionDenied
from bkkdesk.core.reference import Reference
from bkkdesk.server import models as m
from bkkdesk.server.db import Database
from bkkdesk.server.errors import Unauthorized
from bkkdesk.server.security import Security as Hashing
from bkkdesk.server.settings import ServerSettings

SESSION_HEADER = "X-Bkkdesk-Session"
APP_VERSION_HEADER = "X-Bkkdesk-App-Version"
# Writing "last contact" on every request would make reads write; once a minute is enough.
CONTACT_RESOLUTION = dt.timedelta(seconds=60)


@dataclass
class ServerState:
    settings: ServerSettings
    db: Database
    security: Hashing
    reference: Reference
    schema_revision: str


def get_state(request: Request) -> ServerState:
    state: ServerState = request.app.state.bkk
    return state


StateDep = Annotated[ServerState, Depends(get_state)]

device_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="device",
    description="the device token returned by POST /enroll",
)
session_key = APIKeyHeader(
    name=SESSION_HEADER,
    auto_error=False,
    scheme_name="session",
    description="the session token returned by POST /auth/login (with the device token)",
)


@dataclass(frozen=True)
class DeviceAuth:
    id: uuid.UUID
    district_code: str


@dataclass(frozen=True)
class UserAuth:
    device: DeviceAuth
    session_id: int
    user_id: int
    username: str
    role: str
    district_code: str | None

    @property
    def central(self) -> bool:
        return self.role in m.CENTRAL_ROLES


def device_auth(
    state: StateDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(device_bearer)],
    x_bkkdesk_app_version: Annotated[
        str | None,
        Header(max_length=50, description="the client's version, recorded for central IT"),
    ] = None,
) -> DeviceAuth:
    if credentials is None or not credentials.credentials:
        raise Unauthorized(
            "เครื่องนี้ยังไม่ได้ลงทะเบียน (ไม่มีรหัสเครื่อง)",
            "this PC is not enrolled (no device token)",
            code="no_device_credential",
        )
    token_hash = state.security.token_hash(credentials.credentials)
    with state.db.session() as s:
        device = s.scalar(select(m.Device).where(m.Device.token_hash == token_hash))
        if device is None:
            raise Unauthorized(
                "ไม่รู้จักเครื่องนี้: ลงทะเบียนเครื่องใหม่",
                "unknown device: enroll this PC again",
                code="device_unknown",
            )
        if device.revoked_at is not None:
            raise Unauthorized(
                "เครื่องนี้ถูกเพิกถอนสิทธิ์แล้ว ติดต่อฝ่ายไอทีเพื่อลงทะเบียนใหม่",
                "this PC's credential has been revoked: ask IT to enroll it again",
                code="device_revoked",
            )
        now = m.utcnow()
        if (
            device.last_contact_at is None
            or now - device.last_contact_at > CONTACT_RESOLUTION
            or (x_bkkdesk_app_version and x_bkkdesk_app_version != device.app_version)
        ):
            device.last_contact_at = now
            if x_bkkdesk_app_version:
                device.app_version = x_bkkdesk_app_version
        return DeviceAuth(device.id, device.district_code)


DeviceDep = Annotated[DeviceAuth, Depends(device_auth)]


def user_auth(
    state: StateDep,
    device: DeviceDep,
    token: Annotated[str | None, Security(session_key)],
) -> UserAuth:
    if not token:
        raise Unauthorized("ต้องเข้าสู่ระบบก่อน", "log in first (no session token)", code="no_session")
    with state.db.session() as s:
        sess = s.scalar(
            select(m.Session).where(m.Session.token_hash == state.security.token_hash(token))
        )
        if sess is None or sess.revoked_at is not None or sess.device_id != device.id:
            raise Unauthorized(
                "การเข้าสู่ระบบสิ้นสุดแล้ว กรุณาเข้าสู่ระบบใหม่",
                "the session is not valid: log in again",
                code="session_invalid",
            )
        if sess.expires_at <= m.utcnow():
            raise Unauthorized(
                "การเข้าสู่ระบบหมดเวลา กรุณาเข้าสู่ระบบใหม่",
                "the session has expired: log in again",
                code="session_expired",
            )
        user = s.get(m.User, sess.user_id)
        if user is None or user.disabled:
            raise Unauthorized("บัญชีนี้ถูกปิดใช้งาน", "this account is disabled", code="user_disabled")
        if user.role in m.DISTRICT_ROLES and user.district_code != device.district_code:
            raise PermissionDenied(
                "ผู้ใช้นี้เป็นของเขตอื่น", "this user belongs to another district", code="wrong_district"
            )
        return UserAuth(device, sess.id, user.id, user.username, user.role, user.district_code)


UserDep = Annotated[UserAuth, Depends(user_auth)]


def require_role(*roles: str) -> Callable[[UserAuth], UserAuth]:
    def check(user: UserDep) -> UserAuth:
        if user.role not in roles:
            raise PermissionDenied(
                "บทบาทของคุณไม่มีสิทธิ์ทำสิ่งนี้",
                f"your role ({user.role}) may not do this",
                code="forbidden_role",
            )
        return user

    return check


AdminDep = Annotated[UserAuth, Depends(require_role("admin"))]
