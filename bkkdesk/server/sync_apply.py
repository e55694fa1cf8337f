"""Applying pushed changes, serving pulls and verification (policy in docs/sync.md).

One database transaction per pushed batch:

1. lock the device's ``device_sequences`` row (``SELECT … FOR UPDATE``);
2. answer every change with ``seq <= last_seq`` as ``duplicate`` (or its stored
   rejection), so a resent batch changes nothing;
3. lock the records the batch touches (sorted by id: no deadlock between devices);
4. apply the rest in sequence order: validation with ``bkkdesk.core`` (the client's
   rules), district scope from the device credential, row versions and history,
   merge or conflict against changes made since the change's base version;
5. advance ``last_seq``; take the change-log sequence numbers from the locked counter
   row last, so the counter is held for as short a time as possible and a puller reading
   ``seq > cursor`` never skips a change that commits late.

Rejections never stop the changes behind them. The client's clock is never read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import BigInteger, Index, String, Text, Uuid, func, insert, or_, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm import Session as DbSession

from bkkdesk.core.definitions import DatasetDef, parse_definition
from bkkdesk.core.errors import BkkError, NotFoundError, PermissionDenied, ValidationError
from bkkdesk.core.reference import Reference
from bkkdesk.core.validation import RecordValidator, is_empty
from bkkdesk.server import admin
from bkkdesk.server import models as m
from bkkdesk.server.db import Database
from bkkdesk.server.errors import Conflict as ServerConflict
from bkkdesk.sync import protocol as p

log = logging.getLogger("bkkdesk.server.sync")

TRANSIENT_RETRIES = 5

T = TypeVar("T")


# ---------------------------------------------------------------- own tables (0002_sync)


class SyncUniqueKey(m.Base):
    """The unique key of a live record, hashed, unique per data set and district."""

    __tablename__ = "sync_unique_keys"

    dataset_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    district_code: Mapped[str] = mapped_column(String(4), primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)


class SyncRejection(m.Base):
    """A refused change, kept so that a resent push gets the same answer."""

    __tablename__ = "sync_rejections"

    device_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36))
    dataset_id: Mapped[str] = mapped_column(String(40))
    op: Mapped[str] = mapped_column(String(8))
    code: Mapped[str] = mapped_column(String(64))
    th: Mapped[str] = mapped_column(Text)
    en: Mapped[str] = mapped_column(Text)
    errors: Mapped[Any] = mapped_column(m.JSONValue, nullable=True)
    changes: Mapped[Any] = mapped_column(m.JSONValue, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(m.UTCDateTime, default=m.utcnow)



# Finding a device's pushed change in the history (tests, support): migration 0002_sync.
Index("ix_record_history_device_seq", m.RecordHistory.device_id, m.RecordHistory.device_seq)


# ---------------------------------------------------------------- definitions


_def_lock = threading.Lock()
_def_cache: dict[tuple[str, str, int], tuple[DatasetDef, RecordValidator]] = {}


def _validator(
    s: DbSession, db_key: str, reference: Reference, dataset_id: str, version: int
) -> tuple[DatasetDef, RecordValidator] | None:
    """Published definitions never change, so each version is parsed once per process."""
    key = (db_key, dataset_id, version)
    with _def_lock:
        cached = _def_cache.get(key)
    if cached is not None:
        return cached
    row = s.get(m.DatasetVersion, (dataset_id, version))
    if row is None:
        return None
    definition = parse_definition(row.definition, f"{dataset_id} v{version}")
    value = (definition, RecordValidator(definition, reference))
    with _def_lock:
        _def_cache[key] = value
    return value


# ---------------------------------------------------------------- helpers


class Rejected(Exception):
    """A change refused (never stops the rest of the batch)."""

    def __init__(
        self, code: str, th: str, en: str, errors: list[dict[str, str]] | None = None
    ) -> None:
        super().__init__(en)
        self.reason = p.Reason(code=code, th=th, en=en, errors=errors)


def _from_bkk(exc: BkkError) -> Rejected:
    errors = [e.as_dict() for e in exc.errors] if isinstance(exc, ValidationError) else None
    return Rejected(exc.code, exc.th, exc.en, errors)


def record_state(r: m.Record) -> p.RecordState:
    return p.RecordState(
        id=str(r.id),
        dataset_id=r.dataset_id,
        def_version=r.def_version,
        district_code=r.district_code,
        values=dict(r.data),
        row_version=r.row_version,
        deleted=r.deleted,
        created_at=r.created_at,
        created_by=r.created_by,
        updated_at=r.updated_at,
        updated_by=r.updated_by,
    )


def _indexed(definition: DatasetDef, values: dict[str, Any]) -> dict[str, Any]:
    sub = values.get(definition.subdistrict_field) if definition.subdistrict_field else None
    if isinstance(sub, list):
        sub = sub[0] if sub else None
    day = values.get(definition.date_field) if definition.date_field else None
    record_date = None
    if isinstance(day, str):
        try:
            record_date = dt.date.fromisoformat(day[:10])
        except ValueError:
            record_date = None
    status = values.get(definition.status_field) if definition.status_field else None
    return {"subdistrict_code": sub, "record_date": record_date, "status": status}


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _apply_patch(values: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for k, v in changes.items():
        if is_empty(v):
            out.pop(k, None)
        else:
            out[k] = v
    return out


def _is_transient(exc: DBAPIError) -> bool:
    """Deadlock, serialisation failure or a lost race on a unique row: run the batch again."""
    if isinstance(exc, IntegrityError):
        return True
    code = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return code in ("40001", "40P01", "55P03")


@dataclass
class _Pending:
    """History and change-log rows of the transaction, inserted in bulk at its end.

    (A batch's own history rows are never needed during the batch: they are the device's
    own changes, which never count against its later ones.)
    """

    history: list[dict[str, Any]] = field(default_factory=list)
    log: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ApplyContext:
    db: Database
    reference: Reference
    device_id: uuid.UUID
    district: str

    @property
    def db_key(self) -> str:
        return self.db.url


# ---------------------------------------------------------------- push


def push(ctx: ApplyContext, req: p.PushRequest) -> p.PushResponse:
    """Apply each batch in its own transaction; stop at a batch the database fails."""
    results: list[p.ChangeResult] = []
    last = 0
    for batch in req.batches:
        changes = sorted(batch.changes, key=lambda c: c.seq)
        if not changes:
            continue
        for attempt in range(TRANSIENT_RETRIES):
            try:
                with ctx.db.session() as s:
                    out, last = _apply_batch(s, ctx, changes)
                break
            except DBAPIError as exc:
                if not _is_transient(exc) or attempt == TRANSIENT_RETRIES - 1:
                    raise
                log.info("push batch retried after %s", type(exc.orig).__name__)
        results.extend(out)
    if last == 0:
        with ctx.db.session() as s:
            row = s.get(m.DeviceSequence, ctx.device_id)
            last = row.last_seq if row is not None else 0
    with ctx.db.session() as s:
        device = s.get(m.Device, ctx.device_id)
        if device is not None:
            now = m.utcnow()
            device.last_sync_at = now
            device.last_contact_at = now
            device.app_version = req.app_version
            device.definition_versions = dict(req.definition_versions)
            if req.pending_count is not None:
                device.pending_count = req.pending_count
    return p.PushResponse(results=results, last_applied_seq=last, server_time=m.utcnow())


def _lock_device(s: DbSession, device_id: uuid.UUID) -> m.DeviceSequence:
    row = s.scalar(
        select(m.DeviceSequence).where(m.DeviceSequence.device_id == device_id).with_for_update()
    )
    if row is None:
        s.add(m.DeviceSequence(device_id=device_id, last_seq=0, updated_at=m.utcnow()))
        s.flush()
        row = s.scalar(
            select(m.DeviceSequence)
            .where(m.DeviceSequence.device_id == device_id)
            .with_for_update()
        )
        assert row is not None
    return row


def _parse_id(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def _apply_batch(
    s: DbSession, ctx: ApplyContext, changes: Sequence[p.Change]
) -> tuple[list[p.ChangeResult], int]:
    seqrow = _lock_device(s, ctx.device_id)
    last = seqrow.last_seq
    old = [c for c in changes if c.seq <= last]
    new = [c for c in changes if c.seq > last]
    results: list[p.ChangeResult] = _duplicates(s, ctx, old) if old else []
    ids = sorted({rid for c in new if (rid := _parse_id(c.record_id)) is not None})
    records: dict[uuid.UUID, m.Record] = {}
    if ids:
        for r in s.scalars(
            select(m.Record).where(m.Record.id.in_(ids)).order_by(m.Record.id).with_for_update()
        ):
            records[r.id] = r
    pending = _Pending()
    keys = _Keys(s, ctx.district)
    ready = _prevalidate(s, ctx, new, records)
    keys.prefetch(ids, [h for _, h in ready.values() if h is not None])
    for c in new:
        try:
            results.append(_apply_one(s, ctx, c, records, pending, keys, ready))
        except Rejected as rej:
            results.append(_reject(s, ctx, c, rej, records))
    if new:
        seqrow.last_seq = new[-1].seq
        seqrow.updated_at = m.utcnow()
    _write(s, pending)
    return results, seqrow.last_seq


def _prevalidate(
    s: DbSession, ctx: ApplyContext, changes: Sequence[p.Change], records: dict[uuid.UUID, m.Record]
) -> dict[int, tuple[dict[str, Any] | BkkError, tuple[str, str] | None]]:
    """Validate the batch's creates of new records up front (so their unique keys can be
    fetched in one query); seq -> (clean values or the error, key hash)."""
    out: dict[int, tuple[dict[str, Any] | BkkError, tuple[str, str] | None]] = {}
    for c in changes:
        rid = _parse_id(c.record_id)
        if c.op != "create" or rid is None or rid in records:
            continue
        got = _validator(s, ctx.db_key, ctx.reference, c.dataset_id, c.def_version)
        if got is None:
            continue
        try:
            values = got[1].validate(c.changes, district=ctx.district)
        except BkkError as exc:
            out[c.seq] = (exc, None)
            continue
        key = got[1].unique_key(values)
        out[c.seq] = (values, (c.dataset_id, _key_hash(key)) if key is not None else None)
    return out


def _write(s: DbSession, pending: _Pending) -> None:
    """Insert the history, then number the change log from the locked counter (last)."""
    if pending.history:
        s.execute(insert(m.RecordHistory), pending.history)
    if not pending.log:
        return
    counter = s.scalar(
        select(m.SyncCounter).where(m.SyncCounter.name == m.CHANGE_LOG_COUNTER).with_for_update()
    )
    if counter is None:  # a database seeded before the counter row existed
        counter = m.SyncCounter(name=m.CHANGE_LOG_COUNTER, value=0)
        s.add(counter)
        s.flush()
    value = counter.value
    for row in pending.log:
        value += 1
        row["seq"] = value
    counter.value = value
    s.flush()
    s.execute(insert(m.ChangeLog), pending.log)


def _duplicates(
    s: DbSession, ctx: ApplyContext, changes: Sequence[p.Change]
) -> list[p.ChangeResult]:
    seqs = [c.seq for c in changes]
    stored = {
        r.seq: r
        for r in s.scalars(
            select(SyncRejection).where(
                SyncRejection.device_id == ctx.device_id, SyncRejection.seq.in_(seqs)
            )
        )
    }
    ids = [rid for c in changes if (rid := _parse_id(c.record_id)) is not None]
    current = {
        r.id: r for r in s.scalars(select(m.Record).where(m.Record.id.in_(ids)))
    } if ids else {}
    out = []
    for c in changes:
        rid = _parse_id(c.record_id)
        rec = current.get(rid) if rid is not None else None
        visible = rec if rec is not None and rec.district_code == ctx.district else None
        rej = stored.get(c.seq)
        if rej is not None:
            out.append(
                p.ChangeResult(
                    seq=c.seq,
                    record_id=c.record_id,
                    status="rejected",
                    reason=p.Reason(code=rej.code, th=rej.th, en=rej.en, errors=rej.errors),
                    record=record_state(visible) if visible is not None else None,
                )
            )
        else:
            out.append(
                p.ChangeResult(
                    seq=c.seq,
                    record_id=c.record_id,
                    status="duplicate",
                    row_version=visible.row_version if visible is not None else None,
                )
            )
    return out


def _reject(
    s: DbSession,
    ctx: ApplyContext,
    c: p.Change,
    rej: Rejected,
    records: dict[uuid.UUID, m.Record],
) -> p.ChangeResult:
    s.add(
        SyncRejection(
            device_id=ctx.device_id,
            seq=c.seq,
            record_id=c.record_id[:36],
            dataset_id=c.dataset_id,
            op=c.op,
            code=rej.reason.code,
            th=rej.reason.th,
            en=rej.reason.en,
            errors=rej.reason.errors,
            changes=c.changes,
            created_at=m.utcnow(),
        )
    )
    admin.audit(
        s,
        c.user or f"device:{ctx.device_id}",
        "sync.reject",
        c.record_id,
        {"seq": c.seq, "op": c.op, "code": rej.reason.code, "en": rej.reason.en},
        ctx.device_id,
    )
    rid = _parse_id(c.record_id)
    rec = records.get(rid) if rid is not None else None
    visible = rec if rec is not None and rec.district_code == ctx.district else None
    return p.ChangeResult(
        seq=c.seq,
        record_id=c.record_id,
        status="rejected",
        reason=rej.reason,
        record=record_state(visible) if visible is not None else None,
    )


def _changed_since(
    s: DbSession, record_id: uuid.UUID, base: int, current: int, device_id: uuid.UUID | None
) -> tuple[set[str], bool, bool]:
    """Since ``base``, by other devices or the server: the fields changed, whether the record
    was deleted, and whether it was edited (or restored) at all."""
    if base >= current:
        return set(), False, False
    fields: set[str] = set()
    deleted = edited = False
    q = select(m.RecordHistory).where(
        m.RecordHistory.record_id == record_id, m.RecordHistory.row_version > base
    )
    for h in s.scalars(q.order_by(m.RecordHistory.row_version)):
        if device_id is not None and h.device_id == device_id:
            continue  # the device's own earlier change: it had it when it made this one
        if h.op == "delete":
            deleted = True
        else:
            edited = True
            fields.update(h.changed_fields or [])
    return fields, deleted, edited


def _apply_one(
    s: DbSession,
    ctx: ApplyContext,
    c: p.Change,
    records: dict[uuid.UUID, m.Record],
    pending: _Pending,
    keys: _Keys,
    ready: dict[int, tuple[dict[str, Any] | BkkError, tuple[str, str] | None]],
) -> p.ChangeResult:
    rid = _parse_id(c.record_id)
    if rid is None:
        raise Rejected("bad_id", "รหัสระเบียนไม่ถูกต้อง", "invalid record id")
    got = _validator(s, ctx.db_key, ctx.reference, c.dataset_id, c.def_version)
    if got is None:
        raise Rejected(
            "unknown_definition",
            f"เซิร์ฟเวอร์ไม่มีชุดข้อมูล {c.dataset_id} รุ่น {c.def_version}",
            f"the server has no data set {c.dataset_id} version {c.def_version}",
        )
    definition, validator = got
    rec = records.get(rid)
    if rec is not None:
        if rec.district_code != ctx.district:
            raise Rejected(
                "other_district",
                "ระเบียนนี้เป็นของเขตอื่น เครื่องนี้แก้ไขไม่ได้",
                "this record belongs to another district: this PC may not change it",
            )
        if rec.dataset_id != c.dataset_id:
            raise Rejected(
                "dataset_mismatch",
                "ระเบียนนี้อยู่ในชุดข้อมูลอื่น",
                "the record belongs to another data set",
            )
    user = (c.user or f"device:{ctx.device_id}")[:64]
    now = m.utcnow()

    if rec is None:
        if c.op != "create":
            raise Rejected(
                "not_found",
                "ไม่พบระเบียนนี้บนเซิร์ฟเวอร์ (อาจถูกปฏิเสธก่อนหน้านี้)",
                "the server has no such record (its creation may have been refused)",
            )
        pre = ready.get(c.seq)
        if pre is not None and isinstance(pre[0], BkkError):
            raise _from_bkk(pre[0])
        try:
            values = (
                pre[0] if pre is not None and isinstance(pre[0], dict)
                else validator.validate(c.changes, district=ctx.district)
            )
        except BkkError as exc:
            raise _from_bkk(exc) from None
        keys.claim(definition, validator, rid, values)
        rec = m.Record(
            id=rid,
            dataset_id=c.dataset_id,
            def_version=c.def_version,
            district_code=ctx.district,
            data=values,
            row_version=1,
            deleted=False,
            created_at=now,
            created_by=user,
            updated_at=now,
            updated_by=user,
            updated_device_id=ctx.device_id,
            **_indexed(definition, values),
        )
        s.add(rec)
        records[rid] = rec
        _history(pending, ctx, c, rec, "insert", sorted(values), user, now)
        return p.ChangeResult(
            seq=c.seq, record_id=c.record_id, status="applied", row_version=rec.row_version
        )

    concurrent, deleted_since, edited_since = _changed_since(
        s, rid, c.base_version, rec.row_version, ctx.device_id
    )
    before = dict(rec.data)
    conflicts: list[m.Conflict] = []

    if c.op == "delete":
        if rec.deleted:
            return p.ChangeResult(
                seq=c.seq, record_id=c.record_id, status="applied", row_version=rec.row_version
            )
        if edited_since:
            conflicts.append(
                _conflict(ctx, c, rec, "delete_vs_edit", None, before, None, "client", user)
            )
        rec.deleted = True
        rec.row_version += 1
        rec.updated_at = now
        rec.updated_by = user
        rec.updated_device_id = ctx.device_id
        keys.release(rid)
        _history(pending, ctx, c, rec, "delete", [], user, now)
        return _finish(s, c, rec, conflicts, concurrent)

    # create of a record the server already has (resent from a re-installed PC) or update
    patch = dict(c.changes)
    merged = _apply_patch(before, patch)
    try:
        values = validator.validate(merged, district=ctx.district)
    except BkkError as exc:
        raise _from_bkk(exc) from None
    restoring = rec.deleted
    if restoring and deleted_since:
        # Edit against a deletion: the later change in server order wins (the record comes
        # back), and a supervisor sees both sides.
        conflicts.append(
            _conflict(ctx, c, rec, "delete_vs_edit", None, None, values, "client", user)
        )
    for name in sorted(set(patch) & concurrent):
        server_value = before.get(name)
        client_value = values.get(name)
        if server_value != client_value:
            conflicts.append(
                _conflict(
                    ctx, c, rec, "same_field", name, server_value, client_value, "client", user
                )
            )
    changed = sorted(k for k in set(before) | set(values) if before.get(k) != values.get(k))
    if not changed and not restoring:
        return _finish(s, c, rec, conflicts, concurrent)
    keys.claim(definition, validator, rid, values)
    rec.data = values
    rec.def_version = max(rec.def_version, c.def_version)
    rec.deleted = False
    rec.row_version += 1
    rec.updated_at = now
    rec.updated_by = user
    rec.updated_device_id = ctx.device_id
    for col, v in _indexed(definition, values).items():
        setattr(rec, col, v)
    op = "restore" if restoring else "update"
    _history(pending, ctx, c, rec, op, changed, user, now)
    return _finish(s, c, rec, conflicts, concurrent)


def _finish(
    s: DbSession,
    c: p.Change,
    rec: m.Record,
    conflicts: list[m.Conflict],
    concurrent: set[str],
) -> p.ChangeResult:
    for row in conflicts:
        row.server_version = rec.row_version
        s.add(row)
    if conflicts:
        s.flush()
        return p.ChangeResult(
            seq=c.seq,
            record_id=c.record_id,
            status="conflict",
            row_version=rec.row_version,
            conflicts=[conflict_out(x) for x in conflicts],
        )
    if concurrent:
        admin.audit(
            s,
            c.user or "device",
            "sync.merge",
            c.record_id,
            {
                "seq": c.seq,
                "base_version": c.base_version,
                "row_version": rec.row_version,
                "client_fields": sorted(c.changes),
                "server_fields": sorted(concurrent),
            },
        )
        return p.ChangeResult(
            seq=c.seq, record_id=c.record_id, status="merged", row_version=rec.row_version
        )
    return p.ChangeResult(
        seq=c.seq, record_id=c.record_id, status="applied", row_version=rec.row_version
    )


def _conflict(
    ctx: ApplyContext,
    c: p.Change,
    rec: m.Record,
    kind: str,
    name: str | None,
    server_value: Any,
    client_value: Any,
    applied: str,
    user: str,
) -> m.Conflict:
    return m.Conflict(
        id=uuid.uuid4(),
        record_id=rec.id,
        dataset_id=rec.dataset_id,
        district_code=rec.district_code,
        kind=kind,
        field=name,
        base_version=c.base_version,
        server_version=rec.row_version,
        server_value=server_value,
        client_value=client_value,
        applied=applied,
        status="open",
        device_id=ctx.device_id,
        client_user=user,
        created_at=m.utcnow(),
    )


class _Keys:
    """The batch's view of ``sync_unique_keys``: fetched in bulk, written at the flush.

    Lookups never autoflush (that would send every pending row one by one); releasing a
    key flushes at once, so that a key moving between records in one batch never meets
    itself in the table.
    """

    def __init__(self, s: DbSession, district: str) -> None:
        self.s = s
        self.district = district
        self.by_hash: dict[tuple[str, str], SyncUniqueKey | None] = {}
        self.by_record: dict[uuid.UUID, SyncUniqueKey | None] = {}

    def _remember(self, row: SyncUniqueKey) -> None:
        self.by_hash[(row.dataset_id, row.key_hash)] = row
        self.by_record[row.record_id] = row

    def prefetch(
        self, record_ids: Sequence[uuid.UUID], hashes: Sequence[tuple[str, str]]
    ) -> None:
        with self.s.no_autoflush:
            for chunk in _chunks(list(record_ids), 900):
                for row in self.s.scalars(
                    select(SyncUniqueKey).where(SyncUniqueKey.record_id.in_(chunk))
                ):
                    self._remember(row)
                for rid in chunk:
                    self.by_record.setdefault(rid, None)
            for hchunk in _chunks(list(hashes), 900):
                for row in self.s.scalars(
                    select(SyncUniqueKey).where(
                        SyncUniqueKey.district_code == self.district,
                        SyncUniqueKey.key_hash.in_([h for _, h in hchunk]),
                    )
                ):
                    self._remember(row)
                for pair in hchunk:
                    self.by_hash.setdefault(pair, None)

    def _of_record(self, rid: uuid.UUID) -> SyncUniqueKey | None:
        if rid not in self.by_record:
            with self.s.no_autoflush:
                row = self.s.scalar(select(SyncUniqueKey).where(SyncUniqueKey.record_id == rid))
            self.by_record[rid] = row
            if row is not None:
                self.by_hash[(row.dataset_id, row.key_hash)] = row
        return self.by_record[rid]

    def _of_hash(self, dataset_id: str, digest: str) -> SyncUniqueKey | None:
        key = (dataset_id, digest)
        if key not in self.by_hash:
            with self.s.no_autoflush:
                row = self.s.get(SyncUniqueKey, (dataset_id, self.district, digest))
            self.by_hash[key] = row
        return self.by_hash[key]

    def release(self, rid: uuid.UUID) -> None:
        cur = self._of_record(rid)
        if cur is not None:
            self.s.delete(cur)
            self.s.flush()
            self.by_hash[(cur.dataset_id, cur.key_hash)] = None
            self.by_record[rid] = None

    def claim(
        self,
        definition: DatasetDef,
        validator: RecordValidator,
        rid: uuid.UUID,
        values: dict[str, Any],
    ) -> None:
        key = validator.unique_key(values)
        digest = _key_hash(key) if key is not None else None
        cur = self._of_record(rid)
        if cur is not None and cur.key_hash == digest:
            return
        if digest is not None:
            other = self._of_hash(definition.id, digest)
            if other is not None and other.record_id != rid:
                _duplicate_key(definition, other.record_id)
        self.release(rid)
        if digest is not None:
            row = SyncUniqueKey(
                dataset_id=definition.id, district_code=self.district, key_hash=digest,
                record_id=rid,
            )
            self.s.add(row)
            self._remember(row)


def _duplicate_key(definition: DatasetDef, other: uuid.UUID) -> None:
    labels_th = ", ".join(definition.field(n).label.th for n in definition.unique_key)
    labels_en = ", ".join(definition.field(n).label.en for n in definition.unique_key)
    raise Rejected(
        "duplicate_key",
        f"มีระเบียนที่ {labels_th} ซ้ำกันอยู่แล้วในเขตนี้ ({other})",
        f"a record with the same {labels_en} exists already in this district ({other})",
        [
            {"field": n, "rule": "unique", "th": f"ซ้ำกับระเบียน {other}",
             "en": f"same as record {other}"}
            for n in definition.unique_key
        ],
    )


def _history(
    pending: _Pending,
    ctx: ApplyContext | None,
    c: p.Change | None,
    rec: m.Record,
    op: str,
    changed: list[str],
    user: str,
    now: dt.datetime,
) -> None:
    """A version of the record for ``record_history`` and its entry in the change log."""
    device_id = ctx.device_id if ctx is not None else None
    pending.history.append(
        {
            "record_id": rec.id,
            "row_version": rec.row_version,
            "op": op,
            "def_version": rec.def_version,
            "data": dict(rec.data),
            "changed_fields": changed,
            "deleted": rec.deleted,
            "changed_at": now,
            "changed_by": user,
            "device_id": device_id,
            "device_seq": c.seq if c is not None else None,
            "client_time": c.client_time if c is not None else None,
        }
    )
    pending.log.append(
        {
            "seq": 0,
            "record_id": rec.id,
            "dataset_id": rec.dataset_id,
            "district_code": rec.district_code,
            "row_version": rec.row_version,
            "op": op,
            "changed_at": now,
            "device_id": device_id,
        }
    )


# ---------------------------------------------------------------- pull


def _head(s: DbSession, district: str) -> int:
    return int(
        s.scalar(select(func.max(m.ChangeLog.seq)).where(m.ChangeLog.district_code == district))
        or 0
    )


def reference_data(s: DbSession) -> p.ReferenceData:
    districts = [
        p.DistrictRef(code=d.code, name_th=d.name_th, name_en=d.name_en)
        for d in s.scalars(select(m.District).order_by(m.District.code))
    ]
    subs = [
        p.SubdistrictRef(
            code=x.code, district_code=x.district_code, name_th=x.name_th, name_en=x.name_en,
            postal_code=x.postal_code,
        )
        for x in s.scalars(select(m.Subdistrict).order_by(m.Subdistrict.code))
    ]
    body = p.ReferenceData(digest="", districts=districts, subdistricts=subs)
    digest = hashlib.sha256(body.model_dump_json().encode("utf-8")).hexdigest()
    return body.model_copy(update={"digest": digest})


def pull(ctx: ApplyContext, req: p.PullRequest) -> p.PullResponse:
    with ctx.db.session() as s:
        head = _head(s, ctx.district)
        snapshot_next: str | None = None
        if req.snapshot_dataset is not None:
            q = select(m.Record).where(
                m.Record.dataset_id == req.snapshot_dataset,
                m.Record.district_code == ctx.district,
                m.Record.deleted.is_(False),
            )
            after = _parse_id(req.snapshot_after) if req.snapshot_after else None
            if after is not None:
                q = q.where(m.Record.id > after)
            rows = list(s.scalars(q.order_by(m.Record.id).limit(req.limit)))
            states = [record_state(r) for r in rows]
            snapshot_next = str(rows[-1].id) if len(rows) == req.limit else None
            next_cursor = req.cursor
            has_more = snapshot_next is not None
        else:
            log_rows = s.execute(
                select(m.ChangeLog.seq, m.ChangeLog.record_id)
                .where(m.ChangeLog.district_code == ctx.district, m.ChangeLog.seq > req.cursor)
                .order_by(m.ChangeLog.seq)
                .limit(req.limit)
            ).all()
            ids = list(dict.fromkeys(rid for _, rid in log_rows))
            by_id: dict[uuid.UUID, m.Record] = {}
            for chunk in _chunks(ids, 900):
                for r in s.scalars(select(m.Record).where(m.Record.id.in_(chunk))):
                    by_id[r.id] = r
            states = [record_state(by_id[i]) for i in ids if i in by_id]
            next_cursor = int(log_rows[-1][0]) if log_rows else req.cursor
            has_more = len(log_rows) == req.limit
        definitions = [
            p.DefinitionVersion(
                dataset_id=row.dataset_id, version=row.version, definition=row.definition
            )
            for row in s.scalars(
                select(m.DatasetVersion).order_by(
                    m.DatasetVersion.dataset_id, m.DatasetVersion.version
                )
            )
            if row.version > req.definition_versions.get(row.dataset_id, 0)
        ]
        accounts = None
        reference = None
        if not has_more:
            accounts = [
                p.Account(
                    username=u.username,
                    display_name=u.display_name,
                    role=u.role,
                    district_code=u.district_code,
                    disabled=u.disabled,
                )
                for u in s.scalars(
                    select(m.User)
                    .where(
                        or_(
                            m.User.district_code == ctx.district,
                            m.User.role.in_(m.CENTRAL_ROLES),
                        )
                    )
                    .order_by(m.User.username)
                )
            ]
            ref = reference_data(s)
            if ref.digest != req.reference_digest:
                reference = ref
    return p.PullResponse(
        records=states,
        definitions=definitions,
        accounts=accounts,
        reference=reference,
        next_cursor=next_cursor,
        has_more=has_more,
        head=head,
        snapshot_next=snapshot_next,
        server_time=m.utcnow(),
    )


def _chunks(items: list[T], n: int) -> Iterable[list[T]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


# ---------------------------------------------------------------- verify


def checksums(s: DbSession, district: str) -> dict[str, p.DatasetSum]:
    sums: dict[str, p.Checksum] = {}
    rows = s.execute(
        select(m.Record.dataset_id, m.Record.id, m.Record.row_version).where(
            m.Record.district_code == district, m.Record.deleted.is_(False)
        )
    )
    for dataset_id, rid, version in rows:
        sums.setdefault(dataset_id, p.Checksum()).add(str(rid), int(version))
    return {k: v.out() for k, v in sums.items()}


def verify(ctx: ApplyContext, req: p.VerifyRequest) -> p.VerifyResponse:
    with ctx.db.session() as s:
        head = _head(s, ctx.district)
        server = checksums(s, ctx.district)
        head_after = _head(s, ctx.district)
    at_head = head == head_after == req.cursor
    mismatched: list[str] = []
    if at_head:
        for name in sorted(set(server) | set(req.datasets)):
            a = server.get(name)
            b = req.datasets.get(name)
            a_t = (a.count, a.checksum) if a is not None else (0, f"{0:016x}")
            b_t = (b.count, b.checksum) if b is not None else (0, f"{0:016x}")
            if a_t != b_t:
                mismatched.append(name)
    return p.VerifyResponse(
        head=head, at_head=at_head, server=server, mismatched=mismatched, server_time=m.utcnow()
    )


# ---------------------------------------------------------------- conflicts


def conflict_out(c: m.Conflict) -> p.ConflictOut:
    return p.ConflictOut(
        id=str(c.id),
        record_id=str(c.record_id),
        dataset_id=c.dataset_id,
        district_code=c.district_code,
        kind=c.kind,
        field=c.field,
        base_version=c.base_version,
        server_version=c.server_version,
        server_value=c.server_value,
        client_value=c.client_value,
        applied=c.applied,
        status=c.status,
        device_id=str(c.device_id) if c.device_id else None,
        client_user=c.client_user,
        created_at=c.created_at,
        resolved_at=c.resolved_at,
        resolved_by=c.resolved_by,
    )


def list_conflicts(
    db: Database, district: str | None, status: str | None, limit: int = 500
) -> list[p.ConflictOut]:
    with db.session() as s:
        q = select(m.Conflict)
        if district is not None:
            q = q.where(m.Conflict.district_code == district)
        if status is not None:
            q = q.where(m.Conflict.status == status)
        rows = s.scalars(q.order_by(m.Conflict.created_at, m.Conflict.id).limit(limit))
        return [conflict_out(c) for c in rows]


def resolve_conflict(
    db: Database,
    reference: Reference,
    conflict_id: uuid.UUID,
    *,
    keep: str,
    value: Any,
    user: str,
    role: str,
    user_district: str | None,
    device_id: uuid.UUID | None,
) -> p.ResolveResponse:
    """A supervisor's decision: a server-side change every PC of the district pulls."""
    if role not in ("supervisor", "central_supervisor"):
        raise PermissionDenied(
            "เฉพาะหัวหน้าฝ่ายหรือผู้ตรวจส่วนกลางที่แก้ข้อขัดแย้งได้",
            "only a supervisor or a central supervisor may resolve conflicts",
            code="forbidden_role",
        )
    for attempt in range(TRANSIENT_RETRIES):
        try:
            with db.session() as s:
                return _resolve(
                    s, db, reference, conflict_id, keep, value, user, role, user_district,
                    device_id,
                )
        except DBAPIError as exc:
            if not _is_transient(exc) or attempt == TRANSIENT_RETRIES - 1:
                raise
    raise AssertionError("unreachable")


def _resolve(
    s: DbSession,
    db: Database,
    reference: Reference,
    conflict_id: uuid.UUID,
    keep: str,
    value: Any,
    user: str,
    role: str,
    user_district: str | None,
    device_id: uuid.UUID | None,
) -> p.ResolveResponse:
    c = s.scalar(select(m.Conflict).where(m.Conflict.id == conflict_id).with_for_update())
    if c is None:
        raise NotFoundError(
            f"ไม่พบข้อขัดแย้ง {conflict_id}", f"no conflict {conflict_id}", code="no_conflict"
        )
    if role == "supervisor" and c.district_code != user_district:
        raise PermissionDenied(
            "ข้อขัดแย้งนี้เป็นของเขตอื่น", "this conflict belongs to another district",
            code="other_district",
        )
    if c.status != "open":
        raise ServerConflict(
            "ข้อขัดแย้งนี้แก้ไขไปแล้ว", "this conflict has been resolved already",
            code="conflict_resolved",
        )
    rec = s.scalar(select(m.Record).where(m.Record.id == c.record_id).with_for_update())
    assert rec is not None
    if keep == "local":
        target = c.client_value
    elif keep == "server":
        target = c.server_value
    else:
        target = value
    now = m.utcnow()
    before = dict(rec.data)
    if c.kind == "same_field":
        assert c.field is not None
        new_values = _apply_patch(before, {c.field: target})
        want_deleted = rec.deleted
    else:
        if target is not None and not isinstance(target, dict):
            raise BkkError(
                "ค่าที่เลือกต้องเป็นค่าทั้งระเบียน (ออบเจกต์ JSON) หรือ null (ลบ)",
                "the value must be the whole record (a JSON object) or null (deleted)",
                code="bad_resolution",
            )
        want_deleted = target is None
        new_values = dict(target) if target is not None else before
    row_version: int | None = rec.row_version
    if new_values != before or want_deleted != rec.deleted:
        got = _validator(s, db.url, reference, rec.dataset_id, rec.def_version)
        if got is None:
            raise NotFoundError("ไม่พบนิยามชุดข้อมูล", "definition missing")
        definition, validator = got
        if not want_deleted:
            values = validator.validate(new_values, district=rec.district_code)
        else:
            values = before
        keys = _Keys(s, rec.district_code)
        if not want_deleted:
            try:
                keys.claim(definition, validator, rec.id, values)
            except Rejected as rej:
                raise BkkError(rej.reason.th, rej.reason.en, code=rej.reason.code) from None
        else:
            keys.release(rec.id)
        changed = sorted(k for k in set(before) | set(values) if before.get(k) != values.get(k))
        op = "delete" if want_deleted else ("restore" if rec.deleted else "update")
        rec.data = values
        rec.deleted = want_deleted
        rec.row_version += 1
        rec.updated_at = now
        rec.updated_by = user
        rec.updated_device_id = None
        for col, v in _indexed(definition, values).items():
            setattr(rec, col, v)
        pending = _Pending()
        _history(pending, None, None, rec, op, changed, user, now)
        _write(s, pending)
        row_version = rec.row_version
    c.status = "resolved"
    c.resolved_at = now
    c.resolved_by = user
    c.resolution = {"keep": keep, "value": target}
    admin.audit(
        s, user, "conflict.resolve", str(c.id), {"keep": keep, "record": str(rec.id)}, device_id
    )
    s.flush()
    return p.ResolveResponse(conflict=conflict_out(c), row_version=row_version)
