"""Unauthenticated endpoints: liveness and device enrollment."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from bkkdesk import __version__
from bkkdesk.server import admin
from bkkdesk.server.deps import StateDep
from bkkdesk.server.responses import errors
from bkkdesk.server.schemas import DistrictOut, EnrollRequest, EnrollResponse, Health

router = APIRouter(tags=["public"])


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"model": Health, "description": "the database is unreachable"}},
    summary="Liveness and database reachability",
)
def health(state: StateDep) -> JSONResponse:
    db_ok = state.db.ping()
    body = Health(
        status="ok" if db_ok else "degraded",
        database="ok" if db_ok else "unreachable",
        version=__version__,
        schema_revision=state.schema_revision,
        latest_client_version=state.settings.latest_client_version,
        min_client_version=state.settings.min_client_version,
        client_download_url=state.settings.client_download_url,
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=200 if db_ok else 503)


@router.post(
    "/enroll",
    response_model=EnrollResponse,
    status_code=201,
    responses=errors(401, 413, 422),
    summary="Trade a one-time enrollment code for a device credential",
)
def enroll(body: EnrollRequest, state: StateDep) -> EnrollResponse:
    with state.db.session() as s:
        device, token, district = admin.enroll(
            s,
            state.security,
            code=body.code,
            device_name=body.device_name,
            app_version=body.app_version,
        )
        return EnrollResponse(
            device_id=device.id,
            device_token=token,
            district=DistrictOut(
                code=district.code, name_th=district.name_th, name_en=district.name_en
            ),
        )
