"""Records: saving, editing, deleting, finding — each change with its outbox and audit entry.

Every write here runs in one SQLite transaction that holds the record row, its outbox
entry (DESIGN.md "Outbox") and its audit entry: either all three are on disk or none is.
Input is validated with exactly the rules of the form (``bkkdesk.core.validation``)
before anything is written.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    Select,
    and_,
    case,
    column,
    false,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from bkkdesk.core import thaitext
from bkkdesk.core.definitions import DatasetDef, FieldDef, FieldType
from bkkdesk.core.errors import FieldError, NotFoundError, ValidationError
from bkkdesk.core.records import RecordData
from bkkdesk.core.reference import Reference
from bkkdesk.core.validation import RecordValidator, is_empty
from bkkdesk.db import audit, jsonutil
from bkkdesk.db.models import AuditEntry, Outbox, Record

if TYPE_CHECKING:
    from bkkdesk.db.store import Store

FTS_MIN_CHARS = 3  # trigram FTS finds nothing shorter (FACTS.md); fall back to instr()
_FTS = table("records_fts", column("rowid", Integer))


def _fts_match(phrase: str) -> ColumnElement[bool]:
    """``records_fts MATCH :phrase`` (FTS5 matches against the table's own name)."""
    return literal_column("records_fts").op("MATCH", return_type=Boolean)(phrase)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass
class RecordFilter:
    """What the records list, exports and counts filter on."""

    search: str | None = None
    subdistrict: str | None = None
    status: str | None = None
    date_from: str | None = None  # ISO C.E.
    date_to: str | None = None
    district: str | None = None
    include_deleted: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if v not in (None, False, {}, "")}
        return d


def search_text(definition: DatasetDef, values: Mapping[str, Any], reference: Reference) -> str:
    """The text the Thai search looks in: searchable fields, choices by their labels."""
    parts: list[str] = []
    for f in definition.searchable_fields:
        v = values.get(f.name)
        if is_empty(v):
            continue
        parts.extend(_display_parts(f, v, reference))
    return thaitext.normalize_for_search("\n".join(parts))


def _display_parts(f: FieldDef, v: Any, reference: Reference) -> list[str]:
    if f.type == FieldType.CHOICE:
        return [f.choice_label(v, "th"), f.choice_label(v, "en")]
    if f.type == FieldType.MULTICHOICE:
        return [f.choice_label(x, "th") for x in v]
    if f.type == FieldType.SUBDISTRICT:
        codes = v if isinstance(v, list) else [v]
        return [reference.subdistricts[c].name_th for c in codes if c in reference.subdistricts]
    if f.type == FieldType.YESNO:
        return []
    return [str(v)]


def _to_data(r: Record) -> RecordData:
    return RecordData(
        id=r.id,
        dataset_id=r.dataset_id,
        def_version=r.def_version,
        district_code=r.district_code,
        values=jsonutil.loads(r.data),
        subdistrict_code=r.subdistrict_code,
        record_date=r.record_date,
        status=r.status,
        created_at=r.created_at,
        updated_at=r.updated_at,
        created_by=r.created_by,
        updated_by=r.updated_by,
        row_version=r.row_version,
        deleted=r.deleted,
    )


def indexed_columns(definition: DatasetDef, values: Mapping[str, Any]) -> dict[str, Any]:
    """The indexed columns every record has, taken from the definition's named fields."""
    sub = values.get(definition.subdistrict_field) if definition.subdistrict_field else None
    if isinstance(sub, list):
        sub = sub[0] if sub else None
    day = values.get(definition.date_field) if definition.date_field else None
    status = values.get(definition.status_field) if definition.status_field else None
    return {
        "subdistrict_code": sub,
        "record_date": day[:10] if isinstance(day, str) else None,
        "status": status,
    }


def _changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    keys = sorted(set(before) | set(after))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def _ranked(value: ColumnElement[Any], order: list[str]) -> ColumnElement[Any]:
    """``value``'s place in ``order`` (anything else after it), natively in SQL."""
    if not order:
        return value
    return case({v: i for i, v in enumerate(order)}, value=value, else_=len(order))


def _subdistrict_order(reference: Reference) -> list[str]:
    """Subdistrict codes in Thai dictionary order of their names (as the table shows them)."""
    return [s.code for s in sorted(reference.subdistricts.values(),
                                   key=lambda s: thaitext.sort_key(s.name_th))]


def _sort_expression(
    definition: DatasetDef, name: str, reference: Reference
) -> ColumnElement[Any]:
    """What ORDER BY uses for a column: the order a person expects from what is shown.

    Choices sort in the definition's order (received, in progress, closed — not by code),
    subdistricts by their Thai names, text in Thai dictionary order.
    """
    if name in ("created_at", "updated_at", "record_date"):
        return getattr(Record, name)  # type: ignore[no-any-return]
    if name == "subdistrict":  # the indexed column: the first subdistrict of the record
        return _ranked(Record.subdistrict_code.expression, _subdistrict_order(reference))
    if name == "status":  # the indexed column of the data set's status field
        status = definition.field_map.get(definition.status_field or "")
        choices = [c.value for c in status.choices] if status else []
        return _ranked(Record.status.expression, choices)
    f = definition.field_map.get(name)
    if f is None:
        raise NotFoundError(f"ไม่มีช่อง {name}", f"no field {name} to sort by")
    value = func.json_extract(Record.data, f"$.{name}")
    if f.type in (FieldType.INTEGER, FieldType.DECIMAL):
        return func.cast(value, text("REAL"))  # type: ignore[arg-type]
    if f.type == FieldType.CHOICE:
        return _ranked(value, [c.value for c in f.choices])
    if f.type == FieldType.SUBDISTRICT and not f.multiple:
        return _ranked(value, _subdistrict_order(reference))
    if f.type in (FieldType.TEXT, FieldType.LONGTEXT, FieldType.PHONE):
        # One Python call per row, then a native sort of bytes (thaitext.sort_bytes).
        return func.thai_key(value)
    return value


class RecordRepository:
    """All record reads and writes of one local store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- helpers -----------------------------------------------------------------
    def _validator(self, dataset_id: str) -> RecordValidator:
        return self.store.validator(dataset_id)

    def _load(self, session: Session, record_id: str) -> Record:
        r = session.scalar(select(Record).where(Record.id == record_id))
        if r is None:
            raise NotFoundError(f"ไม่พบระเบียน {record_id}", f"no record {record_id}")
        return r

    def _check_unique(
        self,
        session: Session,
        definition: DatasetDef,
        key: str | None,
        district: str,
        exclude_id: str | None = None,
    ) -> None:
        if key is None:
            return
        q = select(Record.id).where(
            Record.dataset_id == definition.id,
            Record.district_code == district,
            Record.unique_key == key,
            Record.unique_key.is_not(None),  # lets SQLite use the partial unique index
            Record.deleted == false(),
        )
        if exclude_id is not None:
            q = q.where(Record.id != exclude_id)
        other = session.scalar(q.limit(1))
        if other is not None:
            labels_th = ", ".join(definition.field(n).label.th for n in definition.unique_key)
            labels_en = ", ".join(definition.field(n).label.en for n in definition.unique_key)
            raise ValidationError(
                [
                    FieldError(
                        n,
                        "unique",
                        f"มีระเบียนที่ {labels_th} ซ้ำกันอยู่แล้ว ({other})",
                        f"a record with the same {labels_en} exists already ({other})",
                    )
                    for n in definition.unique_key
                ]
            )

    def _outbox(
        self,
        session: Session,
        *,
        txn_id: str,
        record: Record,
        op: str,
        changes: Mapping[str, Any],
        base_version: int,
        user: str | None,
    ) -> None:
        session.add(
            Outbox(
                txn_id=txn_id,
                record_id=record.id,
                dataset_id=record.dataset_id,
                op=op,
                changes=jsonutil.dumps(changes),
                base_version=base_version,
                def_version=record.def_version,
                created_at=utcnow(),
                user=user,
            )
        )

    # -- writes ------------------------------------------------------------------
    def insert_clean(
        self,
        session: Session,
        definition: DatasetDef,
        values: Mapping[str, Any],
        *,
        user: str | None,
        txn_id: str,
        origin: str = "local",
        record_id: str | None = None,
    ) -> Record:
        """Insert already-validated values (the caller holds the write transaction)."""
        district = self.store.require_district()
        validator = self._validator(definition.id)
        key = validator.unique_key(values)
        self._check_unique(session, definition, key, district)
        now = utcnow()
        r = Record(
            id=record_id or str(uuid.uuid4()),
            dataset_id=definition.id,
            def_version=definition.version,
            district_code=district,
            data=jsonutil.dumps(dict(values)),
            search_text=search_text(definition, values, self.store.reference),
            unique_key=key,
            created_at=now,
            updated_at=now,
            created_by=user,
            updated_by=user,
            row_version=0,
            deleted=False,
            **indexed_columns(definition, values),
        )
        session.add(r)
        session.flush()
        self._outbox(
            session, txn_id=txn_id, record=r, op="create", changes=values, base_version=0,
            user=user,
        )
        audit.append(
            session,
            user=user,
            action="create",
            dataset_id=definition.id,
            record_id=r.id,
            changes={k: [None, v] for k, v in values.items()},
            origin=origin,
            at=now,
        )
        return r

    def add(
        self, dataset_id: str, raw: Mapping[str, Any], *, user: str | None
    ) -> RecordData:
        """Validate and save a new record; durable when this returns."""
        district = self.store.require_district()
        definition = self.store.definition(dataset_id)
        values = self._validator(dataset_id).validate(raw, district=district)
        with self.store.write() as session:
            r = self.insert_clean(
                session, definition, values, user=user, txn_id=str(uuid.uuid4())
            )
            session.flush()
            return _to_data(r)

    def add_many(
        self,
        dataset_id: str,
        rows: Sequence[Mapping[str, Any]],
        *,
        user: str | None,
        origin: str = "import",
    ) -> list[str]:
        """Save already-validated rows all together or not at all (Excel import)."""
        definition = self.store.definition(dataset_id)
        txn_id = str(uuid.uuid4())
        ids: list[str] = []
        with self.store.write() as session:
            for values in rows:
                r = self.insert_clean(
                    session, definition, values, user=user, txn_id=txn_id, origin=origin
                )
                ids.append(r.id)
        return ids

    def edit(
        self, record_id: str, patch: Mapping[str, Any], *, user: str | None
    ) -> RecordData:
        """Change some fields (an empty value clears a field); validate the whole result."""
        district = self.store.require_district()
        with self.store.write() as session:
            r = self._load(session, record_id)
            if r.deleted:
                raise NotFoundError(
                    f"ระเบียน {record_id} ถูกลบแล้ว", f"record {record_id} was deleted"
                )
            # A record keeps the definition version it was entered with until edited;
            # an edit validates against the current definition (old records stay valid).
            definition = self.store.definition(r.dataset_id)
            before = jsonutil.loads(r.data)
            merged = dict(before)
            for k, v in patch.items():
                if is_empty(v):
                    merged.pop(k, None)
                else:
                    merged[k] = v
            validator = self._validator(r.dataset_id)
            # Computed fields are recomputed, never taken from input.
            for f in definition.fields:
                if f.compute:
                    merged.pop(f.name, None)
            after = validator.validate(merged, district=district)
            diff = _changed(before, after)
            if not diff:
                return _to_data(r)
            key = validator.unique_key(after)
            self._check_unique(session, definition, key, r.district_code, exclude_id=r.id)
            now = utcnow()
            r.data = jsonutil.dumps(after)
            r.search_text = search_text(definition, after, self.store.reference)
            r.unique_key = key
            r.def_version = definition.version
            r.updated_at = now
            r.updated_by = user
            for col, v in indexed_columns(definition, after).items():
                setattr(r, col, v)
            self._outbox(
                session,
                txn_id=str(uuid.uuid4()),
                record=r,
                op="update",
                changes={k: after.get(k) for k in diff},
                base_version=r.row_version,
                user=user,
            )
            audit.append(
                session, user=user, action="update", dataset_id=r.dataset_id,
                record_id=r.id, changes=diff, at=now,
            )
            session.flush()
            return _to_data(r)

    def delete(self, record_id: str, *, user: str | None) -> None:
        """Delete (a tombstone, so that the deletion syncs); audited."""
        self.store.require_district()
        with self.store.write() as session:
            r = self._load(session, record_id)
            if r.deleted:
                return
            now = utcnow()
            r.deleted = True
            r.updated_at = now
            r.updated_by = user
            self._outbox(
                session, txn_id=str(uuid.uuid4()), record=r, op="delete", changes={},
                base_version=r.row_version, user=user,
            )
            audit.append(
                session, user=user, action="delete", dataset_id=r.dataset_id,
                record_id=r.id, changes={}, at=now,
            )

    # -- reads -------------------------------------------------------------------
    def get(self, record_id: str) -> RecordData:
        with self.store.read() as session:
            return _to_data(self._load(session, record_id))

    @staticmethod
    def _fts_phrase(flt: RecordFilter) -> str | None:
        """The FTS5 phrase for a search of 3+ characters (None: no search or a short one)."""
        if not flt.search:
            return None
        q = thaitext.normalize_for_search(flt.search)
        if len(q) < FTS_MIN_CHARS:
            return None
        return '"' + q.replace('"', '""') + '"'

    def _where(
        self, dataset_id: str, flt: RecordFilter, *, fts_joined: bool = False
    ) -> list[ColumnElement[bool]]:
        conds: list[ColumnElement[bool]] = [Record.dataset_id == dataset_id]
        if not flt.include_deleted:
            conds.append(Record.deleted == false())
        if flt.subdistrict:
            conds.append(Record.subdistrict_code == flt.subdistrict)
        if flt.status:
            conds.append(Record.status == flt.status)
        if flt.district:
            conds.append(Record.district_code == flt.district)
        if flt.date_from:
            conds.append(Record.record_date >= flt.date_from)
        if flt.date_to:
            conds.append(Record.record_date <= flt.date_to)
        phrase = self._fts_phrase(flt)
        if phrase is not None:
            if fts_joined:
                conds.append(_fts_match(phrase))
            else:
                conds.append(
                    Record.seq.in_(
                        select(_FTS.c.rowid).where(_fts_match(phrase))
                    )
                )
        elif flt.search:
            q = thaitext.normalize_for_search(flt.search)
            if q:
                conds.append(func.instr(Record.search_text, q) > 0)
        return conds

    def _select(
        self,
        dataset_id: str,
        flt: RecordFilter,
        order_by: str | None,
        descending: bool,
    ) -> Select[Any]:
        if not order_by and self._fts_phrase(flt) is not None:
            # Walk the FTS index in rowid order and stop at the page: a common word no
            # longer makes SQLite collect every match before sorting (1.4 s → 1 ms at 1M).
            q = (
                select(Record)
                .join(_FTS, Record.seq == _FTS.c.rowid)
                .where(and_(*self._where(dataset_id, flt, fts_joined=True)))
                .order_by(_FTS.c.rowid.desc() if descending else _FTS.c.rowid)
            )
            return q
        q = select(Record).where(and_(*self._where(dataset_id, flt)))
        if order_by:
            expr = _sort_expression(self.store.definition(dataset_id), order_by,
                                    self.store.reference)
            q = q.order_by(expr.desc() if descending else expr.asc(), Record.seq)
        else:
            q = q.order_by(Record.seq.desc() if descending else Record.seq)
        return q

    def query(
        self,
        dataset_id: str,
        flt: RecordFilter | None = None,
        *,
        order_by: str | None = None,
        descending: bool = False,
        limit: int | None = 100,
        offset: int = 0,
    ) -> list[RecordData]:
        q = self._select(dataset_id, flt or RecordFilter(), order_by, descending)
        if limit is not None:
            q = q.limit(limit).offset(offset)
        with self.store.read() as session:
            return [_to_data(r) for r in session.scalars(q)]

    def count(self, dataset_id: str, flt: RecordFilter | None = None) -> int:
        q = select(func.count()).select_from(Record).where(
            and_(*self._where(dataset_id, flt or RecordFilter()))
        )
        with self.store.read() as session:
            return int(session.scalar(q) or 0)

    def seqs(
        self,
        dataset_id: str,
        flt: RecordFilter | None = None,
        *,
        order_by: str | None = None,
        descending: bool = False,
    ) -> list[int]:
        """Row ids in display order (the records table holds ids and fetches rows lazily)."""
        q = self._select(dataset_id, flt or RecordFilter(), order_by, descending)
        q2 = q.with_only_columns(Record.seq)
        with self.store.read() as session:
            return list(session.scalars(q2))

    def by_seqs(self, seqs: Sequence[int]) -> dict[int, RecordData]:
        with self.store.read() as session:
            rows = session.scalars(select(Record).where(Record.seq.in_(list(seqs))))
            return {r.seq: _to_data(r) for r in rows}

    def iter_records(
        self,
        dataset_id: str,
        flt: RecordFilter | None = None,
        *,
        batch: int = 2000,
    ) -> Iterator[RecordData]:
        """Stream records in batches by keyset (bounded memory for big exports)."""
        last = 0
        conds = self._where(dataset_id, flt or RecordFilter())
        while True:
            with self.store.read() as session:
                rows = list(
                    session.scalars(
                        select(Record)
                        .where(and_(*conds), Record.seq > last)
                        .order_by(Record.seq)
                        .limit(batch)
                    )
                )
            if not rows:
                return
            for r in rows:
                yield _to_data(r)
            last = rows[-1].seq

    def unique_keys(self, dataset_id: str) -> set[str]:
        with self.store.read() as session:
            return set(
                k
                for k in session.scalars(
                    select(Record.unique_key).where(
                        Record.dataset_id == dataset_id,
                        Record.deleted == false(),
                        Record.unique_key.is_not(None),
                    )
                )
                if k is not None
            )

    def history(self, record_id: str) -> list[dict[str, Any]]:
        """The record's audit trail, oldest first, field by field."""
        with self.store.read() as session:
            entries = session.scalars(
                select(AuditEntry).where(AuditEntry.record_id == record_id).order_by(AuditEntry.id)
            ).all()
            if not entries:
                self._load(session, record_id)
            return [
                {
                    "at": e.at.isoformat(),
                    "user": e.user,
                    "action": e.action,
                    "origin": e.origin,
                    "changes": jsonutil.loads(e.changes),
                }
                for e in entries
            ]

    def counts_by_dataset(self) -> dict[str, int]:
        with self.store.read() as session:
            rows = session.execute(
                select(Record.dataset_id, func.count())
                .where(Record.deleted == false())
                .group_by(Record.dataset_id)
            ).all()
            return {d: int(n) for d, n in rows}

    def pending_count(self) -> int:
        with self.store.read() as session:
            return int(session.scalar(select(func.count()).select_from(Outbox)) or 0)
