"""What every enrolled device may read: data-set definitions and reference data."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from bkkdesk.server import admin
from bkkdesk.server.deps import DeviceDep, StateDep
from bkkdesk.server.responses import errors
from bkkdesk.server.schemas import (
    DATASET_PATTERN,
    DatasetSummary,
    DatasetVersionOut,
    DistrictWithSubs,
    SubdistrictOut,
)

router = APIRouter(tags=["catalog"])


@router.get(
    "/datasets",
    response_model=list[DatasetSummary],
    responses=errors(401, 422),
    summary="Every data set: its latest definition and the list of versions",
)
def list_datasets(device: DeviceDep, state: StateDep) -> list[DatasetSummary]:
    with state.db.session() as s:
        out = []
        for dataset_id, versions in admin.dataset_versions(s).items():
            latest = versions[-1]
            out.append(
                DatasetSummary(
                    id=dataset_id,
                    latest_version=latest.version,
                    versions=[v.version for v in versions],
                    title_th=latest.title_th,
                    title_en=latest.title_en,
                    published_at=latest.published_at,
                    definition=latest.definition,
                )
            )
        return out


@router.get(
    "/datasets/{dataset_id}/versions/{version}",
    response_model=DatasetVersionOut,
    responses=errors(401, 404, 422),
    summary="One version of a data-set definition (old versions stay available)",
)
def get_dataset_version(
    dataset_id: Annotated[str, Path(pattern=DATASET_PATTERN)],
    version: Annotated[int, Path(ge=1, le=1_000_000)],
    device: DeviceDep,
    state: StateDep,
) -> DatasetVersionOut:
    with state.db.session() as s:
        row = admin.get_dataset_version(s, dataset_id, version)
        return DatasetVersionOut(
            id=row.dataset_id,
            version=row.version,
            sha256=row.sha256,
            published_at=row.published_at,
            published_by=row.published_by,
            definition=row.definition,
        )


@router.get(
    "/reference/districts",
    response_model=list[DistrictWithSubs],
    responses=errors(401, 422),
    summary="The 50 districts with their subdistricts",
)
def reference_districts(device: DeviceDep, state: StateDep) -> list[DistrictWithSubs]:
    with state.db.session() as s:
        return [
            DistrictWithSubs(
                code=d.code,
                name_th=d.name_th,
                name_en=d.name_en,
                subdistricts=[
                    SubdistrictOut(
                        code=x.code, name_th=x.name_th, name_en=x.name_en, postal_code=x.postal_code
                    )
                    for x in subs
                ],
            )
            for d, subs in admin.districts_with_subdistricts(s)
        ]
