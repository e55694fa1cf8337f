"""The append-only audit log, chained by hashes so that tampering is detected.

Each entry's hash covers its own content and the previous entry's hash. The newest hash
and the number of entries are kept in ``meta`` in the same transaction, so that editing,
deleting or re-ordering an entry — or cutting entries off the end — breaks the chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from bkkdesk.db import jsonutil
from bkkdesk.db.models import AuditEntry, Meta

GENESIS = "0" * 64
HEAD_KEY = "audit_head"
COUNT_KEY = "audit_count"


def entry_hash(
    prev_hash: str,
    entry_id: int,
    at: dt.datetime,
    user: str | None,
    action: str,
    dataset_id: str | None,
    record_id: str | None,
    changes: str,
    origin: str,
) -> str:
    payload = jsonutil.dumps(
        [entry_id, at.isoformat(), user, action, dataset_id, record_id, changes, origin]
    )
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def _chain_state(session: Session) -> tuple[str, int]:
    result = session.execute(
        select(Meta.key, Meta.value).where(Meta.key.in_((HEAD_KEY, COUNT_KEY)))
    )
    rows: dict[str, str] = {row[0]: row[1] for row in result}
    return rows.get(HEAD_KEY, GENESIS), int(rows.get(COUNT_KEY, 0))


def _set_chain_state(session: Session, head: str, count: int) -> None:
    session.execute(
        insert(Meta).prefix_with("OR REPLACE"),
        [{"key": HEAD_KEY, "value": head}, {"key": COUNT_KEY, "value": str(count)}],
    )


def append(
    session: Session,
    *,
    user: str | None,
    action: str,
    dataset_id: str | None = None,
    record_id: str | None = None,
    changes: Any = None,
    origin: str = "local",
    at: dt.datetime | None = None,
) -> AuditEntry:
    """Add one entry inside the caller's (write) transaction."""
    with session.no_autoflush:
        prev, count = _chain_state(session)
    when = at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    text = jsonutil.dumps(changes if changes is not None else {})
    entry = AuditEntry(
        at=when,
        user=user,
        action=action,
        dataset_id=dataset_id,
        record_id=record_id,
        changes=text,
        origin=origin,
        prev_hash=prev,
        hash="",
    )
    session.add(entry)
    session.flush()  # assigns the id, which the hash covers
    entry.hash = entry_hash(
        prev, entry.id, when, user, action, dataset_id, record_id, text, origin
    )
    _set_chain_state(session, entry.hash, count + 1)
    return entry


@dataclass
class VerifyResult:
    """Outcome of :func:`verify`: entries checked and the problems found."""

    checked: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(session: Session) -> VerifyResult:
    """Walk the chain from the start; report every entry that does not fit."""
    problems: list[str] = []
    prev = GENESIS
    n = 0
    for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id)).yield_per(2000):
        n += 1
        if e.prev_hash != prev:
            problems.append(
                f"entry {e.id}: does not follow the previous entry (one was removed or changed)"
            )
        expected = entry_hash(
            e.prev_hash, e.id, e.at, e.user, e.action, e.dataset_id, e.record_id,
            e.changes, e.origin,
        )
        if expected != e.hash:
            problems.append(f"entry {e.id}: content was changed after it was written")
        prev = e.hash
    head, count = _chain_state(session)
    if head != prev or count != n:
        problems.append(
            f"the log has {n} entries ending in {prev[:12]}, but {count} entries ending in "
            f"{head[:12]} were written (entries were removed from the end)"
        )
    return VerifyResult(n, problems)
