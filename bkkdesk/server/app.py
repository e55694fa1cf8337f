"""The FastAPI application: built from settings, checked against its database at start.

``create_app`` is used by tests and by ``bkkdesk server run``; uvicorn workers call
``create_app_from_env`` (settings from ``BKKDESK_*``, data dir from ``BKKDESK_DATA_DIR``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI

from bkkdesk import __version__
from bkkdesk.core import paths
from bkkdesk.core.reference import load_reference
from bkkdesk.server import (
    admin,
    api_admin,
    api_auth,
    api_catalog,
    api_export,
    api_public,
    api_records,
)
from bkkdesk.server.db import Database, check_schema, head_revision
from bkkdesk.server.deps import ServerState
from bkkdesk.server.errors import BodySizeLimit, install_handlers
from bkkdesk.server.security import Security
from bkkdesk.server.settings import ServerSettings, load_settings

log = logging.getLogger("bkkdesk.server")

API_PREFIX = "/api/v1"


def prepare_database(db: Database, settings: ServerSettings) -> dict[str, object]:
    """Check the schema (upgrading the embedded default) and add first-start data."""
    check_schema(db.engine, auto_upgrade=settings.embedded)
    with db.session() as s:
        return admin.seed(s, load_reference(), settings)


def create_app(
    settings: ServerSettings,
    data_dir: Path,
    *,
    database: Database | None = None,
    prepare: bool = True,
) -> FastAPI:
    """The app over ``settings``' database; refuses an un-migrated or newer schema."""
    db = database or Database(settings.resolved_database_url(data_dir))
    try:
        if prepare:
            prepare_database(db, settings)
        else:
            check_schema(db.engine, auto_upgrade=False)
    except BaseException:
        if database is None:
            db.dispose()
        raise
    app = FastAPI(
        title="bkkdesk central server",
        version=__version__,
        description=(
            "Central server of bkkdesk, the data-entry system of the 50 Bangkok district "
            "offices. A PC enrolls with a one-time code (POST /enroll) and sends its device "
            "token as `Authorization: Bearer …`; a user then logs in on it (POST /auth/login) "
            "and sends the session token as `X-Bkkdesk-Session`. Errors are "
            '`{"error": {"code", "th", "en"}}`.'
        ),
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    app.state.bkk = ServerState(
        settings=settings,
        db=db,
        security=Security(settings),
        reference=load_reference(),
        schema_revision=head_revision(),
    )
    for module in (api_public, api_auth, api_catalog, api_records, api_export, api_admin):
        app.include_router(module.router, prefix=API_PREFIX)
    from bkkdesk.server import sync_api  # sync endpoints (/api/v1/sync/...)

    app.include_router(sync_api.router, prefix=API_PREFIX)
    install_handlers(app)
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes)
    return app


def create_app_from_env() -> FastAPI:
    """Factory for uvicorn workers: the parent process has already migrated and seeded."""
    settings = load_settings()
    return create_app(settings, paths.data_dir(), prepare=False)
