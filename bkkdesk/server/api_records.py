"""Reading records within the caller's scope (writing them is the sync protocol)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from bkkdesk.server import admin
from bkkdesk.server.deps import StateDep, UserDep
from bkkdesk.server.responses import errors
from bkkdesk.server.schemas import DATASET_PATTERN, DISTRICT_PATTERN, RecordOut, RecordPage

router = APIRouter(tags=["records"])


@router.get(
    "/records",
    response_model=RecordPage,
    responses=errors(401, 403, 422),
    summary="Records of one data set, limited to what the caller may see",
    description=(
        "Clerks and supervisors see their own district only (asking for another is 403); "
        "central supervisors see every district; the admin role reads no records."
    ),
)
def list_records(
    user: UserDep,
    state: StateDep,
    dataset: Annotated[str, Query(pattern=DATASET_PATTERN)],
    district: Annotated[str | None, Query(pattern=DISTRICT_PATTERN)] = None,
    after: Annotated[uuid.UUID | None, Query(description="id of the last record seen")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> RecordPage:
    with state.db.session() as s:
        rows = admin.list_records(
            s,
            role=user.role,
            user_district=user.district_code,
            dataset_id=dataset,
            district_code=district,
            after=after,
            limit=limit,
        )
        records = [
            RecordOut(
                id=r.id,
                dataset_id=r.dataset_id,
                def_version=r.def_version,
                district_code=r.district_code,
                subdistrict_code=r.subdistrict_code,
                record_date=r.record_date if isinstance(r.record_date, dt.date) else None,
                status=r.status,
                values=r.data,
                row_version=r.row_version,
                deleted=r.deleted,
                created_at=r.created_at,
                created_by=r.created_by,
                updated_at=r.updated_at,
                updated_by=r.updated_by,
            )
            for r in rows
        ]
    next_after = records[-1].id if len(records) == limit else None
    return RecordPage(records=records, next_after=next_after)
