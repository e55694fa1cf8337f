"""The sync endpoints under ``/api/v1/sync``; the logic is in ``sync_apply``.

Bodies are JSON, gzip-compressed both ways when the client says so
(``Content-Encoding: gzip`` on the request, ``Accept-Encoding: gzip`` for the answer).
Every request carries the protocol version (header ``X-Bkkdesk-Protocol`` and the body);
an outdated client gets **426 Upgrade Required** and keeps its outbox.
"""

from __future__ import annotations

import gzip
import logging
import uuid
import zlib
from typing import Annotated, Any, TypeVar

import orjson
from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from starlette.requests import ClientDisconnect

from bkkdesk.core.errors import FieldError, PermissionDenied, ValidationError
from bkkdesk.server import sync_apply
from bkkdesk.server.deps import DeviceAuth, DeviceDep, ServerState, StateDep, UserDep
from bkkdesk.server.errors import error_response
from bkkdesk.server.responses import errors
from bkkdesk.server.settings import ServerSettings
from bkkdesk.sync import protocol as p
from bkkdesk.sync.updates import is_newer

log = logging.getLogger("bkkdesk.server.sync")

router = APIRouter(prefix="/sync", tags=["sync"])

# Chosen by measurement (bench/bench_sync.py --gzip-levels): on pull pages of Thai
# records level 6 is ~5 % smaller than level 1 at ~1.6x the time; above 6 gains < 1 %.
GZIP_LEVEL = 6
GZIP_MIN_BYTES = 600
MAX_INFLATED_BYTES = 64 * 1024 * 1024

M = TypeVar("M", bound=BaseModel)


class _BadBody(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


def _invalid(field: str, th: str, en: str) -> _BadBody:
    return _BadBody(
        error_response(422, ValidationError([FieldError(field, "invalid", th, en)]).as_dict())
    )


UPGRADE_DOC = {"description": "client protocol or app version too old: update bkkdesk"}


def _upgrade_answer(body: p.UpgradeRequired, upgrade: str) -> _BadBody:
    return _BadBody(
        Response(
            orjson.dumps({"error": body.model_dump()}), status_code=426,
            media_type="application/json", headers={"Upgrade": upgrade},
        )
    )


def _upgrade(client: int) -> _BadBody:
    return _upgrade_answer(p.upgrade_required(client), f"bkkdesk-sync/{p.PROTOCOL_VERSION}")


def _check_app_version(state: ServerState, app_version: str) -> None:
    """An app older than ``min_client_version`` is told to update (426); it keeps its outbox."""
    minimum = state.settings.min_client_version
    if minimum and is_newer(minimum, app_version):
        body = p.app_too_old(app_version, minimum, state.settings.client_download_url)
        raise _upgrade_answer(body, f"bkkdesk/{minimum}")


def app_update(settings: ServerSettings) -> p.AppUpdate | None:
    """What the server publishes about app releases (None when IT has set nothing)."""
    if not (settings.latest_client_version or settings.min_client_version):
        return None
    return p.AppUpdate(
        latest=settings.latest_client_version, minimum=settings.min_client_version,
        download_url=settings.client_download_url,
    )


def _check_protocol(value: Any) -> None:
    try:
        version = int(value)
    except (TypeError, ValueError):
        raise _upgrade(0) from None
    if version < p.MIN_PROTOCOL_VERSION:
        raise _upgrade(version)
    if version > p.PROTOCOL_VERSION:
        raise _BadBody(
            error_response(
                409,
                {
                    "code": "server_outdated",
                    "th": "เซิร์ฟเวอร์รุ่นเก่ากว่าโปรแกรมบนเครื่องนี้ แจ้งฝ่ายไอที",
                    "en": "the server is older than this client: tell IT",
                },
            )
        )


async def _read(request: Request, model: type[M]) -> M:
    header = request.headers.get(p.PROTOCOL_HEADER)
    if header is not None:
        _check_protocol(header)
    try:
        raw = await request.body()
    except ClientDisconnect:  # the connection was cut mid-request: nobody to answer
        raise _BadBody(Response(status_code=400)) from None
    if request.headers.get("content-encoding", "").lower() == "gzip":
        try:
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            raw = inflater.decompress(raw, MAX_INFLATED_BYTES)
            if inflater.unconsumed_tail:
                raise _BadBody(
                    error_response(
                        413, {"code": "too_large", "th": "ข้อมูลใหญ่เกินไป", "en": "body too large"}
                    )
                )
        except zlib.error:
            raise _invalid("body", "ข้อมูลบีบอัดเสีย", "the gzip body is corrupt") from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise _invalid("body", "ไม่ใช่ JSON", "the body is not JSON") from None
    if not isinstance(data, dict):
        raise _invalid("body", "ต้องเป็นออบเจกต์ JSON", "the body must be a JSON object")
    if header is None:
        _check_protocol(data.get("protocol"))
    try:
        return model.model_validate(data)
    except PydanticValidationError as exc:
        errs = [
            FieldError(
                ".".join(str(x) for x in e["loc"]) or "body",
                str(e["type"]),
                f"ค่าไม่ถูกต้อง ({e['msg']})",
                str(e["msg"]),
            )
            for e in exc.errors()[:50]
        ]
        raise _BadBody(error_response(422, ValidationError(errs).as_dict())) from None


def _reply(request: Request, body: BaseModel, status: int = 200) -> Response:
    data = orjson.dumps(body.model_dump(mode="json"))
    headers = {p.PROTOCOL_HEADER: str(p.PROTOCOL_VERSION)}
    if len(data) >= GZIP_MIN_BYTES and "gzip" in request.headers.get("accept-encoding", ""):
        data = gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
        headers["Content-Encoding"] = "gzip"
        headers["Vary"] = "Accept-Encoding"
    return Response(data, status_code=status, media_type="application/json", headers=headers)


def _ctx(state: Any, device: DeviceAuth) -> sync_apply.ApplyContext:
    return sync_apply.ApplyContext(state.db, state.reference, device.id, device.district_code)


def _body_doc(model: type[BaseModel]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "description": "JSON, optionally with Content-Encoding: gzip",
            "content": {"application/json": {"schema": {"title": model.__name__}}},
        }
    }


@router.post(
    "/push",
    response_model=p.PushResponse,
    responses={**errors(401, 413, 422), 426: UPGRADE_DOC},
    summary="Apply batches of local changes (idempotent by device sequence number)",
    openapi_extra=_body_doc(p.PushRequest),
)
async def push(request: Request, device: DeviceDep, state: StateDep) -> Response:
    try:
        req = await _read(request, p.PushRequest)
        _check_app_version(state, req.app_version)
    except _BadBody as bad:
        return bad.response
    resp = await run_in_threadpool(sync_apply.push, _ctx(state, device), req)
    return _reply(request, resp)


@router.post(
    "/pull",
    response_model=p.PullResponse,
    responses={**errors(401, 413, 422), 426: UPGRADE_DOC},
    summary="A page of changes in the device's scope after a cursor",
    openapi_extra=_body_doc(p.PullRequest),
)
async def pull(request: Request, device: DeviceDep, state: StateDep) -> Response:
    try:
        req = await _read(request, p.PullRequest)
        _check_app_version(state, req.app_version)
    except _BadBody as bad:
        return bad.response
    resp = await run_in_threadpool(sync_apply.pull, _ctx(state, device), req)
    resp.app_update = app_update(state.settings)
    return _reply(request, resp)


@router.post(
    "/verify",
    response_model=p.VerifyResponse,
    responses={**errors(401, 413, 422), 426: UPGRADE_DOC},
    summary="Compare per-data-set counts and checksums at the head",
    openapi_extra=_body_doc(p.VerifyRequest),
)
async def verify(request: Request, device: DeviceDep, state: StateDep) -> Response:
    try:
        req = await _read(request, p.VerifyRequest)
    except _BadBody as bad:
        return bad.response
    resp = await run_in_threadpool(sync_apply.verify, _ctx(state, device), req)
    return _reply(request, resp)


@router.get(
    "/conflicts",
    response_model=list[p.ConflictOut],
    responses=errors(401, 403, 422),
    summary="Hard conflicts: the district's (or, for central roles, any district's)",
)
def conflicts(
    user: UserDep,
    state: StateDep,
    status: Annotated[str | None, Query(pattern="^(open|resolved)$")] = "open",
    district: Annotated[str | None, Query(pattern="^[0-9]{4}$")] = None,
) -> list[p.ConflictOut]:
    if user.central:
        scope = district
    else:
        if district is not None and district != user.district_code:
            raise PermissionDenied(
                "ดูข้อมูลของเขตอื่นไม่ได้", "you may not read another district's conflicts",
                code="other_district",
            )
        scope = user.district_code
    return sync_apply.list_conflicts(state.db, scope, status)


@router.post(
    "/conflicts/{conflict_id}/resolve",
    response_model=p.ResolveResponse,
    responses=errors(401, 403, 404, 409, 422),
    summary="A supervisor keeps the local, the server or a merged value",
)
def resolve(
    conflict_id: Annotated[uuid.UUID, Path()],
    body: p.ResolveRequest,
    user: UserDep,
    state: StateDep,
) -> p.ResolveResponse:
    return sync_apply.resolve_conflict(
        state.db,
        state.reference,
        conflict_id,
        keep=body.keep,
        value=body.value,
        user=user.username,
        role=user.role,
        user_district=user.district_code,
        device_id=user.device.id,
    )
