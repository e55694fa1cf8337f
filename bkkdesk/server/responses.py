"""The error answers each operation documents (so the OpenAPI document is complete)."""

from __future__ import annotations

from typing import Any

from bkkdesk.server.schemas import ErrorResponse

_DESCRIPTIONS = {
    401: "no credential, or one the server does not accept",
    403: "the credential is valid but may not do this",
    404: "not found",
    409: "conflicts with what the server holds",
    413: "request body too large",
    422: "invalid request (each bad field is listed)",
    429: "too many failed attempts (see Retry-After)",
    503: "the database is unreachable",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {s: {"model": ErrorResponse, "description": _DESCRIPTIONS[s]} for s in statuses}


DEVICE = (401, 422)
USER = (401, 403, 422)
WRITE = (413,)
