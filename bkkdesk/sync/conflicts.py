"""Hard conflicts for supervisors: listed from the server (else those this PC has seen)
and resolved on the server, which records the choice and sends it to every PC."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bkkdesk.db import jsonutil
from bkkdesk.db.store import Store
from bkkdesk.db.sync_models import SyncConflict
from bkkdesk.sync import engine as eng
from bkkdesk.sync import protocol as p
from bkkdesk.sync.client import SyncClient, TransientError


def local_conflicts(store: Store, status: str = "open") -> list[dict[str, Any]]:
    """The conflicts the server reported to this PC (offline view; read-only)."""
    with store.read() as s:
        return [
            {
                "id": c.id, "record_id": c.record_id, "dataset_id": c.dataset_id,
                "kind": c.kind, "field": c.field,
                "server_value": jsonutil.loads(c.server_value) if c.server_value else None,
                "client_value": jsonutil.loads(c.client_value) if c.client_value else None,
                "applied": c.applied, "status": c.status, "source": "local",
                "client_user": None, "created_at": c.seen_at.isoformat(),
            }
            for c in s.scalars(
                select(SyncConflict).where(SyncConflict.status == status)
                .order_by(SyncConflict.seen_at)
            )
        ]


def list_conflicts(
    store: Store, status: str = "open", *, local_only: bool = False
) -> list[dict[str, Any]]:
    """The district's conflicts from the server; this PC's copy when offline."""
    if local_only or not store.get_meta(eng.META_SESSION):
        return local_conflicts(store, status)
    try:
        with SyncClient(eng.client_config(store, retries=1)) as client:
            return [c.model_dump(mode="json") for c in client.conflicts(status)]
    except TransientError:
        return local_conflicts(store, status)


def resolve_conflict(store: Store, conflict_id: str, keep: str, value: Any = None) -> (
    p.ResolveResponse
):
    """Resolve on the server (keep ``local``, ``server`` or ``merged`` with ``value``)."""
    with SyncClient(eng.client_config(store, retries=2)) as client:
        resp = client.resolve(conflict_id, keep, value)
    with store.write() as s:
        row = s.get(SyncConflict, conflict_id)
        if row is not None:
            row.status = "resolved"
    return resp
