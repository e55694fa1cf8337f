"""Consolidated Excel exports on the server: one workbook across districts.

For central supervisors (every district, or the ones they choose) and for a district's
supervisor (their own district only); the district column and the per-district summary
come from the Excel engine's consolidated mode. Records stream from the database in
pages, so memory stays bounded whatever the size. Every export is audited with its
filters and row count, and unmasked personal data only for roles allowed to see it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from bkkdesk.core.definitions import DatasetDef, parse_definition
from bkkdesk.core.errors import NotFoundError, PermissionDenied
from bkkdesk.core.records import RecordData
from bkkdesk.core.reference import Reference
from bkkdesk.excel.export import ExportOptions, ExportResult, export_records
from bkkdesk.server import admin
from bkkdesk.server import models as m
from bkkdesk.server.db import Database
from bkkdesk.server.errors import InvalidInput

EXPORT_ROLES = ("supervisor", "central_supervisor")
PAGE = 1000


@dataclass
class ExportRequest:
    """What to export, as the caller asked for it."""

    dataset_id: str
    districts: list[str] = field(default_factory=list)  # empty: every visible district
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    status: str | None = None
    unmasked: bool = False
    lang: str = "th"


def _scope(req: ExportRequest, role: str, user_district: str | None) -> list[str]:
    """The districts this caller may export (checked against what they asked for)."""
    if role not in EXPORT_ROLES:
        raise PermissionDenied(
            "บทบาทนี้ส่งออกข้อมูลรวมไม่ได้ (เฉพาะหัวหน้าฝ่ายและผู้ตรวจส่วนกลาง)",
            "this role may not export (supervisors and central supervisors only)",
            code="forbidden_role",
        )
    only = admin.visible_districts(role, user_district)
    if only is None:
        return sorted(set(req.districts))
    if any(d != only for d in req.districts):
        raise PermissionDenied(
            "ส่งออกข้อมูลของเขตอื่นไม่ได้", "you may not export another district's records",
            code="other_district",
        )
    return [only]


def latest_definition(s: DbSession, dataset_id: str) -> DatasetDef:
    version = admin.latest_version(s, dataset_id)
    if version is None:
        raise NotFoundError(
            f"ไม่พบชุดข้อมูล {dataset_id}", f"no data set {dataset_id}", code="unknown_dataset"
        )
    return parse_definition(admin.get_dataset_version(s, dataset_id, version).definition)


def _query(req: ExportRequest, districts: list[str]) -> Any:
    q = select(m.Record).where(m.Record.dataset_id == req.dataset_id, m.Record.deleted.is_(False))
    if districts:
        q = q.where(m.Record.district_code.in_(districts))
    if req.date_from is not None:
        q = q.where(m.Record.record_date >= req.date_from)
    if req.date_to is not None:
        q = q.where(m.Record.record_date <= req.date_to)
    if req.status:
        q = q.where(m.Record.status == req.status)
    return q


def _records(db: Database, req: ExportRequest, districts: list[str]) -> Iterator[RecordData]:
    """Keyset pages ordered by district then id: bounded memory, short transactions."""
    last: tuple[str, Any] | None = None
    while True:
        q = _query(req, districts)
        if last is not None:
            q = q.where(
                (m.Record.district_code > last[0])
                | ((m.Record.district_code == last[0]) & (m.Record.id > last[1]))
            )
        with db.session() as s:
            rows = list(s.scalars(q.order_by(m.Record.district_code, m.Record.id).limit(PAGE)))
            page = [
                RecordData(
                    id=str(r.id), dataset_id=r.dataset_id, def_version=r.def_version,
                    district_code=r.district_code, values=dict(r.data),
                    subdistrict_code=r.subdistrict_code,
                    record_date=r.record_date.isoformat() if r.record_date else None,
                    status=r.status, created_at=r.created_at, updated_at=r.updated_at,
                    created_by=r.created_by, updated_by=r.updated_by,
                    row_version=r.row_version, deleted=r.deleted,
                )
                for r in rows
            ]
        yield from page
        if len(rows) < PAGE:
            return
        last = (rows[-1].district_code, rows[-1].id)


def export_consolidated(
    db: Database,
    reference: Reference,
    path: Path,
    req: ExportRequest,
    *,
    actor: str,
    role: str,
    user_district: str | None,
    device_id: Any = None,
) -> ExportResult:
    """Write the workbook to ``path`` (atomically) and audit the export."""
    districts = _scope(req, role, user_district)
    unknown = [d for d in districts if d not in reference.districts]
    if unknown:
        raise InvalidInput(
            f"ไม่รู้จักรหัสเขต {', '.join(unknown)}", f"unknown district {', '.join(unknown)}",
            code="unknown_district",
        )
    if req.date_from and req.date_to and req.date_from > req.date_to:
        raise InvalidInput(
            "วันที่เริ่มต้องไม่หลังวันที่สิ้นสุด", "the start date is after the end date",
            code="bad_range",
        )
    with db.session() as s:
        definition = latest_definition(s, req.dataset_id)
        total = int(s.scalar(select(func.count()).select_from(
            _query(req, districts).subquery())) or 0)
    filters = {
        k: v for k, v in {
            "districts": ", ".join(districts) or "ทุกเขต / all",
            "from": req.date_from.isoformat() if req.date_from else None,
            "to": req.date_to.isoformat() if req.date_to else None,
            "status": req.status,
        }.items() if v
    }
    options = ExportOptions(
        lang=req.lang,
        unmask_personal=req.unmasked,
        exported_by=actor,
        filters=filters,
        district_names=[reference.districts[d].name_th for d in districts],
        consolidated=True,
    )
    result = export_records(path, definition, _records(db, req, districts), total=total,
                            options=options, reference=reference)
    with db.session() as s:
        admin.audit(
            s, actor, "export", req.dataset_id,
            {"filters": filters, "rows": result.rows, "unmasked": result.unmasked_personal},
            device_id,
        )
    return result
