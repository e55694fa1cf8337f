"""How errors leave the server: JSON ``{"error": {"code", "th", "en"}}`` with a proper status.

Expected errors are :class:`~bkkdesk.core.errors.BkkError` subclasses; the status comes
from the class. Malformed requests get 422 listing each bad field; unknown paths 404;
oversized bodies 413. Only a bug produces a 500, and it is logged with its traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bkkdesk.core.errors import (
    BkkError,
    DefinitionError,
    FieldError,
    NotFoundError,
    PermissionDenied,
    StateError,
    ValidationError,
)
from bkkdesk.server.db import DatabaseError

log = logging.getLogger("bkkdesk.server")


class Unauthorized(BkkError):
    """No credential, or one the server does not accept (the client must enroll/log in)."""

    code = "unauthorized"


class InvalidInput(BkkError):
    """A value the request or command carries is not acceptable (a rule, not a type)."""

    code = "invalid"


class Conflict(BkkError):
    """The request clashes with what the server holds (a name taken, a version not newer)."""

    code = "conflict"


class Locked(BkkError):
    """Too many failed attempts: refused for a while (``retry_after`` seconds)."""

    code = "locked"

    def __init__(self, th: str, en: str, *, retry_after: int, code: str | None = None) -> None:
        super().__init__(th, en, code=code)
        self.retry_after = max(1, retry_after)


def status_for(exc: BkkError) -> int:
    if isinstance(exc, ValidationError | DefinitionError | InvalidInput):
        return 422
    if isinstance(exc, Unauthorized):
        return 401
    if isinstance(exc, PermissionDenied):
        return 403
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, Conflict | StateError):
        return 409
    if isinstance(exc, Locked):
        return 429
    if isinstance(exc, DatabaseError):
        return 503
    return 400


def error_response(
    status: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"error": body}, status_code=status, headers=headers)


_HTTP_CODES = {
    400: ("bad_request", "คำขอไม่ถูกต้อง", "bad request"),
    401: ("unauthorized", "ต้องยืนยันตัวตน", "authentication required"),
    403: ("forbidden", "ไม่มีสิทธิ์", "forbidden"),
    404: ("not_found", "ไม่พบสิ่งที่ขอ", "not found"),
    405: ("method_not_allowed", "ไม่รองรับวิธีเรียกนี้", "method not allowed"),
    413: ("too_large", "ข้อมูลที่ส่งมาใหญ่เกินไป", "request body too large"),
}


async def _bkk_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BkkError)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, Locked) else None
    return error_response(status_for(exc), exc.as_dict(), headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = []
    for err in exc.errors()[:50]:
        loc = [str(p) for p in err.get("loc", ())]
        where = ".".join(loc[1:] if len(loc) > 1 else loc) or "(request)"
        msg = str(err.get("msg", "invalid"))
        errors.append(FieldError(where, str(err.get("type", "invalid")), f"ค่าไม่ถูกต้อง ({msg})", msg))
    return error_response(422, ValidationError(errors).as_dict())


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code, th, en = _HTTP_CODES.get(exc.status_code, ("http_error", "คำขอไม่สำเร็จ", "request failed"))
    headers = dict(exc.headers) if exc.headers else None
    return error_response(exc.status_code, {"code": code, "th": th, "en": en}, headers)


async def _bug(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error in %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(
        500,
        {
            "code": "internal",
            "th": "เกิดข้อผิดพลาดภายในเซิร์ฟเวอร์ (บันทึกไว้แล้ว)",
            "en": "internal server error (it has been logged)",
        },
    )


def install_handlers(app: FastAPI) -> None:
    app.add_exception_handler(BkkError, _bkk_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _bug)


class BodySizeLimit:
    """Refuse request bodies over ``limit`` bytes with 413, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared < 0 or declared > self.limit:
                    status = 413 if declared > self.limit else 400
                    code, th, en = _HTTP_CODES[status]
                    response = error_response(status, {"code": code, "th": th, "en": en})
                    await response(scope, receive, send)
                    return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise StarletteHTTPException(status_code=413)
            return message

        await self.app(scope, limited_receive, send)
