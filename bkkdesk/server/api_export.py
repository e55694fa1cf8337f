"""Consolidated Excel export over the API (supervisors and central supervisors)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from bkkdesk.server.deps import StateDep, UserDep
from bkkdesk.server.errors import InvalidInput
from bkkdesk.server.exports import ExportRequest, export_consolidated
from bkkdesk.server.responses import errors
from bkkdesk.server.schemas import DATASET_PATTERN, DISTRICT_PATTERN

router = APIRouter(tags=["export"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/exports/{dataset_id}",
    response_class=FileResponse,
    responses={
        200: {"content": {XLSX: {}}, "description": "the workbook"},
        **errors(401, 403, 404, 422),
    },
    summary="One Excel workbook across districts, with a district column and summary",
    description=(
        "Central supervisors export every district or the ones they name; a district "
        "supervisor only their own. Personal data is masked unless `unmasked=true`. "
        "Every export is written to the audit log with its filters and row count."
    ),
)
def export_workbook(
    user: UserDep,
    state: StateDep,
    dataset_id: Annotated[str, PathParam(pattern=DATASET_PATTERN)],
    district: Annotated[list[str] | None, Query(max_length=50)] = None,
    date_from: Annotated[dt.date | None, Query(alias="from")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to")] = None,
    status: Annotated[str | None, Query(max_length=40)] = None,
    unmasked: bool = False,
    lang: Literal["th", "en"] = "th",
) -> FileResponse:
    districts = list(district or [])
    for d in districts:
        if not re.fullmatch(DISTRICT_PATTERN, d):
            raise InvalidInput(f"รหัสเขตไม่ถูกต้อง: {d[:10]}", f"bad district code: {d[:10]}",
                               code="bad_district")
    req = ExportRequest(dataset_id=dataset_id, districts=districts, date_from=date_from,
                        date_to=date_to, status=status, unmasked=unmasked, lang=lang)
    folder = Path(tempfile.mkdtemp(prefix="bkkdesk-export-"))
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M")
    name = f"{dataset_id}-{'-'.join(districts) or 'all'}-{stamp}.xlsx"
    try:
        export_consolidated(
            state.db, state.reference, folder / name, req, actor=user.username,
            role=user.role, user_district=user.district_code, device_id=user.device.id,
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        folder / name, media_type=XLSX, filename=name,
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )
