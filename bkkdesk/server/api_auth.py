"""User login on an enrolled device, logout, and the device's report to central IT."""

from __future__ import annotations

from typing import cast

from fastapi import APIRouter
from sqlalchemy.exc import IntegrityError

from bkkdesk.core.errors import BkkError
from bkkdesk.server import admin
from bkkdesk.server import models as m
from bkkdesk.server.deps import DeviceDep, StateDep, UserDep
from bkkdesk.server.responses import errors
from bkkdesk.server.schemas import (
    DeviceReport,
    LoginRequest,
    LoginResponse,
    OfflineLogin,
    OkResponse,
    Role,
    UserOut,
)

router = APIRouter(tags=["auth"])


@router.post(
    "/auth/login",
    response_model=LoginResponse,
    responses=errors(401, 403, 413, 422, 429),
    summary="Log a user in on this device",
    description=(
        "Needs the device token. Failed attempts are counted per user name; after "
        "`login_max_failures` within `login_window_minutes` the name is locked for "
        "`lockout_minutes` (429 with Retry-After). The answer carries a session token and, "
        "for offline login later, an argon2id hash made for this client."
    ),
)
def login(body: LoginRequest, device: DeviceDep, state: StateDep) -> LoginResponse:
    for attempt in (1, 2):
        try:
            with state.db.session() as s:
                row = s.get(m.Device, device.id)
                assert row is not None
                outcome = admin.login(
                    s,
                    state.security,
                    state.settings,
                    device=row,
                    username=body.username,
                    password=body.password,
                )
                # Committed either way: a failure must count even though it is refused.
                if not isinstance(outcome, BkkError):
                    user = outcome.user
                    response = LoginResponse(
                        session_token=outcome.session_token,
                        expires_at=outcome.expires_at,
                        user=UserOut(
                            username=user.username,
                            display_name=user.display_name,
                            role=cast(Role, user.role),
                            district_code=user.district_code,
                        ),
                        offline=OfflineLogin(password_hash=outcome.client_hash),
                    )
            break
        except IntegrityError:
            # Two failures for a new name at once both inserted its throttle row.
            if attempt == 2:
                raise
    if isinstance(outcome, BkkError):
        raise outcome
    return response


@router.post(
    "/auth/logout",
    response_model=OkResponse,
    responses=errors(401, 403, 422),
    summary="End this session",
)
def logout(user: UserDep, state: StateDep) -> OkResponse:
    with state.db.session() as s:
        admin.logout(s, user.session_id, user.username, user.device.id)
    return OkResponse()


@router.post(
    "/devices/report",
    response_model=OkResponse,
    responses=errors(401, 413, 422),
    summary="Tell central IT this device's state",
    description=(
        "Sent by the client after each sync: app version, the definition version it "
        "holds of each data set, how many changes wait in its outbox, and when it last "
        "synced. Every device request also records its `X-Bkkdesk-App-Version` header and "
        "the time of contact."
    ),
)
def report(body: DeviceReport, device: DeviceDep, state: StateDep) -> OkResponse:
    with state.db.session() as s:
        row = s.get(m.Device, device.id)
        assert row is not None
        admin.record_device_report(
            row,
            app_version=body.app_version,
            definition_versions=body.definition_versions,
            pending_count=body.pending_count,
            last_sync_at=body.last_sync_at,
        )
    return OkResponse()
