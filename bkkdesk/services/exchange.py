"""Export to and import from Excel/CSV against the local store.

Export: the role decides whether personal data may be unmasked, records stream from the
store in keyset batches into the Excel engine, and every export is written to the export
register (who, when, data set, filters, rows, whether personal data was unmasked).

Import: the Excel engine reads and validates every row without touching the store; then
either nothing is written (any error, or a dry run) and an error workbook is written
beside the input, or every valid row is saved in ONE transaction, each with its outbox
and audit entry like a typed record — so a killed import leaves nothing half-done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bkkdesk.core.errors import BkkError, PermissionDenied
from bkkdesk.db import jsonutil
from bkkdesk.db.models import ExportRegister
from bkkdesk.db.records import RecordFilter, utcnow
from bkkdesk.db.store import Store
from bkkdesk.excel.errorbook import write_error_workbook
from bkkdesk.excel.export import ExportOptions, ExportResult, export_records
from bkkdesk.excel.importer import ImportResult, import_workbook
from bkkdesk.excel.reports import write_kpi_reports
from bkkdesk.excel.template import write_template

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]

# Roles that may see personal data unmasked (PDPA s.37: least privilege).
UNMASK_ROLES = frozenset({"supervisor", "central_supervisor", "admin"})


def _district_names(store: Store) -> list[str]:
    code = store.district_code
    if code is None or code not in store.reference.districts:
        return []
    return [f"เขต{store.reference.districts[code].name_th}"]


def export_dataset(
    store: Store,
    dataset_id: str,
    path: Path,
    *,
    user: str,
    flt: RecordFilter | None = None,
    unmask: bool = False,
    lang: str = "th",
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ExportResult:
    """Write the data set's records (filtered) to ``path``; register the export."""
    definition = store.definition(dataset_id)
    info = store.users.require_active(user)
    if unmask and info.role not in UNMASK_ROLES:
        raise PermissionDenied(
            "บทบาทของคุณดูข้อมูลส่วนบุคคลแบบไม่ปิดบังไม่ได้ (ต้องเป็นหัวหน้าฝ่ายหรือผู้ดูแล)",
            "your role may not export personal data unmasked (supervisor or admin only)",
        )
    flt = flt or RecordFilter()
    total = store.records.count(dataset_id, flt)
    described = {k: str(v) for k, v in flt.describe().items()}
    options = ExportOptions(
        lang=lang,
        unmask_personal=unmask,
        exported_by=user,
        filters=described,
        district_names=_district_names(store),
    )
    result = export_records(
        path,
        definition,
        store.records.iter_records(dataset_id, flt),
        total=total,
        options=options,
        progress=progress,
        cancel=cancel,
        reference=store.reference,
    )
    with store.write() as s:
        s.add(
            ExportRegister(
                at=utcnow(),
                user=user,
                dataset_id=dataset_id,
                filters=jsonutil.dumps(described),
                row_count=result.rows,
                unmasked=result.unmasked_personal,
                path=str(path),
            )
        )
    return result


def write_dataset_template(store: Store, dataset_id: str, path: Path) -> None:
    """An empty workbook to fill in, with dropdowns for this PC's district."""
    write_template(path, store.definition(dataset_id), store.reference, store.require_district())


def write_kpi_report(store: Store, path: Path, *, flt: RecordFilter | None = None) -> None:
    definition = store.definition("kpi_report")
    write_kpi_reports(
        path, definition, store.records.iter_records("kpi_report", flt), reference=store.reference
    )


@dataclass
class ImportOutcome:
    """What an import did: the engine's result, records saved, and the error workbook."""

    result: ImportResult
    saved_ids: list[str] = field(default_factory=list)
    error_workbook: Path | None = None
    dry_run: bool = False

    @property
    def saved(self) -> int:
        return len(self.saved_ids)


def error_workbook_path(source: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return source.with_name(f"{source.stem}.errors-{stamp}.xlsx")


def import_file(
    store: Store,
    dataset_id: str,
    path: Path,
    *,
    user: str,
    dry_run: bool = False,
    valid_only: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ImportOutcome:
    """Validate every row; save all of them in one transaction, or none.

    With errors and without ``valid_only``, nothing is saved and an error workbook is
    written beside the input. ``valid_only`` saves the valid rows (still together).
    """
    district = store.require_district()
    store.users.require_active(user)
    definition = store.definition(dataset_id)
    result = import_workbook(
        path,
        definition,
        store.reference,
        district,
        existing_keys=store.records.unique_keys(dataset_id),
        progress=progress,
        cancel=cancel,
    )
    outcome = ImportOutcome(result=result, dry_run=dry_run)
    if result.errors:
        outcome.error_workbook = error_workbook_path(path)
        write_error_workbook(outcome.error_workbook, path, result)
        if not valid_only:
            return outcome
    if result.total_rows == 0:
        raise BkkError(
            "ไม่พบแถวข้อมูลในไฟล์", "the file has no data rows", code="import_empty"
        )
    if dry_run or not result.rows:
        return outcome
    outcome.saved_ids = store.records.add_many(
        dataset_id, [r.values for r in result.rows], user=user, origin="import"
    )
    return outcome
