"""The record as every layer sees it, independent of how it is stored.

The local database, the server, the Excel engine and the UI exchange records in this
shape; only ``bkkdesk.db`` and ``bkkdesk.server`` know the tables behind it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RecordData:
    """One record: its identity, the indexed columns every record has, and its values."""

    id: str
    dataset_id: str
    def_version: int
    district_code: str
    values: dict[str, Any] = field(default_factory=dict)
    subdistrict_code: str | None = None
    record_date: str | None = None  # ISO date of the definition's date_field
    status: str | None = None  # value of the definition's status_field
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    created_by: str | None = None
    updated_by: str | None = None
    row_version: int = 0  # server-assigned; 0 until the server has accepted it
    deleted: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "dataset_id": self.dataset_id,
            "def_version": self.def_version,
            "district_code": self.district_code,
            "subdistrict_code": self.subdistrict_code,
            "record_date": self.record_date,
            "status": self.status,
            "values": self.values,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
            "created_by": self.created_by,
            "updated_by": self.updated_by,
            "row_version": self.row_version,
            "deleted": self.deleted,
        }
