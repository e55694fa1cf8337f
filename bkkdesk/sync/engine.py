"""The client's sync engine: push, then pull, then verify at the head.

- **Push** sends the outbox in batches of whole local transactions (adaptive in size) and
  deletes an outbox entry only once the server has answered for it. A refused change is
  kept as a rejection the user sees; the record goes back to the server's copy.
- **Pull** applies each page of server changes *and* the new cursor in one SQLite
  transaction. Applied server changes never enter the outbox. A record with local changes
  not yet acknowledged is never overwritten: the server's values are taken and the local
  changes laid on top again (a rebase), so nothing typed here is lost.
- **Verify**: at the head, with nothing pending, per-data-set counts and checksums are
  compared with the server's; a mismatch re-downloads that data set's scope only.
- **Clocks**: the PC's clock is used for nothing but information (``client_time``, the
  offset shown in ``bkkdesk sync status``).

:class:`SyncEngine` runs rounds on its own thread (``start``/``stop``/``sync_now``) and
calls listener callbacks from that thread; the desktop app turns them into Qt signals.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from bkkdesk import __version__
from bkkdesk.core.definitions import DatasetDef, parse_definition
from bkkdesk.core.errors import BkkError
from bkkdesk.core.validation import RecordValidator, is_empty
from bkkdesk.db import audit, jsonutil
from bkkdesk.db.models import DatasetVersion, District, Outbox, Record, Subdistrict, User
from bkkdesk.db.records import search_text
from bkkdesk.db.store import Store
from bkkdesk.db.sync_models import SyncConflict, SyncRejection, SyncState
from bkkdesk.sync import protocol as p
from bkkdesk.sync.client import (
    Backoff,
    ClientConfig,
    CredentialError,
    SyncClient,
    SyncError,
    UpgradeRequiredError,
    server_offset,
)
from bkkdesk.sync.updates import update_notice

log = logging.getLogger("bkkdesk.sync")

CLOCK_WARN_SECONDS = 300.0
MIN_BATCH = 10
MAX_BATCH = 1000
FAST_SECONDS = 2.0
# Verification reads every record's id and version on both sides (the server does it for
# every PC of the district), so a round verifies only when records arrived since the last
# verification and that was a quarter of an hour ago, or in any case every six hours.
VERIFY_AFTER_CHANGES_SECONDS = 900.0
VERIFY_EVERY_SECONDS = 6 * 3600.0

Clock = Callable[[], dt.datetime]
Listener = Callable[[str, dict[str, Any]], None]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _naive(t: dt.datetime) -> dt.datetime:
    return t.astimezone(dt.UTC).replace(tzinfo=None) if t.tzinfo else t


# ---------------------------------------------------------------- configuration


META_SERVER = "sync_server_url"
META_TOKEN = "sync_device_token"
META_DEVICE = "sync_device_id"
META_CA = "sync_ca_bundle"
META_PROXY = "sync_proxy"
META_SESSION = "sync_session_token"
META_VERIFIED_CURSOR = "sync_verified_cursor"  # the cursor of the last verification
META_UPDATE = "sync_app_update"  # what the server last published about app releases


def client_config(store: Store, **overrides: Any) -> ClientConfig:
    url = store.get_meta(META_SERVER)
    if not url:
        raise BkkError(
            "เครื่องนี้ยังไม่ได้ลงทะเบียนกับเซิร์ฟเวอร์: bkkdesk enroll --server URL --code รหัส",
            "this PC is not enrolled with a server: bkkdesk enroll --server URL --code CODE",
            code="not_enrolled",
        )
    cfg = ClientConfig(
        server_url=url,
        device_token=store.get_meta(META_TOKEN),
        session_token=store.get_meta(META_SESSION),
        ca_bundle=store.get_meta(META_CA),
        proxy=store.get_meta(META_PROXY),
    )
    for k, v in overrides.items():
        setattr(cfg, k, v)
    return cfg


# ---------------------------------------------------------------- results


@dataclass
class SyncReport:
    pushed: int = 0
    duplicates: int = 0
    merged: int = 0
    conflicts: int = 0
    rejections: int = 0
    pulled: int = 0
    pages: int = 0
    verified: bool | None = None
    resynced: list[str] = field(default_factory=list)
    clock_offset_s: float | None = None
    clock_warning: bool = False
    error: str | None = None
    error_code: str | None = None
    bytes_sent: int = 0
    bytes_received: int = 0
    elapsed_s: float = 0.0  # by the monotonic clock

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def sync_state(session: Session) -> SyncState:
    st = session.get(SyncState, 1)
    if st is None:
        st = SyncState(id=1, cursor=0)
        session.add(st)
        session.flush()
    return st


def read_state(store: Store) -> dict[str, Any]:
    with store.read() as s:
        st = s.get(SyncState, 1)
        pending = int(s.scalar(select(func.count()).select_from(Outbox)) or 0)
        rejections = int(
            s.scalar(
                select(func.count()).select_from(SyncRejection).where(
                    SyncRejection.dismissed.is_(False)
                )
            )
            or 0
        )
        conflicts = int(
            s.scalar(
                select(func.count()).select_from(SyncConflict).where(SyncConflict.status == "open")
            )
            or 0
        )
    offset = st.clock_offset_s if st is not None else None
    published = store.get_meta(META_UPDATE)
    notice = update_notice(jsonutil.loads(published)) if published else None
    return {
        "server": store.get_meta(META_SERVER),
        "device_id": store.get_meta(META_DEVICE),
        "district": store.district_code,
        "pending": pending,
        "cursor": st.cursor if st is not None else 0,
        "last_success_at": st.last_success_at if st is not None else None,
        "last_attempt_at": st.last_attempt_at if st is not None else None,
        "last_error": st.last_error if st is not None else None,
        "clock_offset_s": offset,
        "clock_warning": offset is not None and abs(offset) > CLOCK_WARN_SECONDS,
        "rejections": rejections,
        "conflicts_open": conflicts,
        "update": notice.as_dict() if notice is not None else None,
    }


# ---------------------------------------------------------------- applying server records


class _Applier:
    """Writes server record states into the local store (never into the outbox)."""

    def __init__(self, store: Store, extra_definitions: Iterable[DatasetDef] = ()) -> None:
        self.store = store
        self.defs: dict[str, DatasetDef] = store.definitions()
        for d in extra_definitions:
            cur = self.defs.get(d.id)
            if cur is None or d.version > cur.version:
                self.defs[d.id] = d
        self.validators: dict[str, RecordValidator] = {}

    def _validator(self, dataset_id: str) -> RecordValidator | None:
        v = self.validators.get(dataset_id)
        if v is None:
            d = self.defs.get(dataset_id)
            if d is None:
                return None
            v = RecordValidator(d, self.store.reference)
            self.validators[dataset_id] = v
        return v

    def _columns(self, st: p.RecordState, values: dict[str, Any], deleted: bool,
                 version: int) -> dict[str, Any]:
        d = self.defs.get(st.dataset_id)
        v = self._validator(st.dataset_id)
        sub = day = status = None
        text = ""
        key = None
        if d is not None and v is not None:
            sub = values.get(d.subdistrict_field) if d.subdistrict_field else None
            if isinstance(sub, list):
                sub = sub[0] if sub else None
            dd = values.get(d.date_field) if d.date_field else None
            day = dd[:10] if isinstance(dd, str) else None
            status = values.get(d.status_field) if d.status_field else None
            text = search_text(d, values, self.store.reference)
            key = v.unique_key(values)
        return {
            "id": st.id,
            "dataset_id": st.dataset_id,
            "def_version": st.def_version,
            "district_code": st.district_code,
            "subdistrict_code": sub,
            "record_date": day,
            "status": status,
            "data": jsonutil.dumps(values),
            "search_text": text,
            "unique_key": key,
            "created_at": _naive(st.created_at),
            "updated_at": _naive(st.updated_at),
            "created_by": st.created_by,
            "updated_by": st.updated_by,
            "row_version": version,
            "deleted": deleted,
        }

    def apply(self, s: Session, states: Sequence[p.RecordState], *, force: bool = False) -> int:
        """Upsert a page of server states; returns how many local records changed.

        A record whose values are already what the server says (the echo of this PC's
        own pushed change) still takes the server's row version but is not counted.
        """
        if not states:
            return 0
        latest: dict[str, p.RecordState] = {}
        for st in states:
            cur = latest.get(st.id)
            if cur is None or st.row_version >= cur.row_version:
                latest[st.id] = st
        ids = list(latest)
        local: dict[str, tuple[int, int, bool, str]] = {}
        pending: dict[str, list[Outbox]] = {}
        for chunk in _chunks(ids, 500):
            for seq, rid, version, deleted, data in s.execute(
                select(
                    Record.seq, Record.id, Record.row_version, Record.deleted, Record.data
                ).where(Record.id.in_(chunk))
            ):
                local[rid] = (seq, version, deleted, data)
            for e in s.scalars(
                select(Outbox).where(Outbox.record_id.in_(chunk)).order_by(Outbox.seq)
            ):
                pending.setdefault(e.record_id, []).append(e)
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        unchanged = 0
        for rid, st in latest.items():
            have = local.get(rid)
            entries = pending.get(rid, [])
            if have is None:
                if st.deleted or entries:
                    continue  # a deletion of a record never seen here: nothing to keep
                inserts.append(self._columns(st, dict(st.values), False, st.row_version))
                continue
            seq, version, was_deleted, old_data = have
            if version >= st.row_version and not force:
                continue
            values = dict(st.values)
            deleted = st.deleted
            for e in entries:  # rebase: local, unacknowledged changes stay on top
                if e.op == "delete":
                    deleted = True
                else:
                    values = _patch(values, jsonutil.loads(e.changes))
                    deleted = False
            row = self._columns(st, values, deleted, st.row_version)
            row["seq"] = seq
            updates.append(row)
            if deleted == was_deleted and jsonutil.loads(old_data) == values:
                unchanged += 1
        self._settle_keys(s, inserts, updates)
        if updates:
            s.execute(update(Record), updates)
        if inserts:
            s.execute(insert(Record), inserts)
        return len(inserts) + len(updates) - unchanged

    def _settle_keys(
        self, s: Session, inserts: list[dict[str, Any]], updates: list[dict[str, Any]]
    ) -> None:
        """Unique keys may move between records within a page; never fail a page on them."""
        rows = [r for r in inserts + updates if r["unique_key"] is not None and not r["deleted"]]
        if updates:
            s.execute(
                update(Record),
                [{"seq": r["seq"], "unique_key": None} for r in updates],
            )
        if not rows:
            return
        page_ids = {r["id"] for r in inserts + updates}
        taken: dict[tuple[str, str, str], str] = {}
        keys = list({r["unique_key"] for r in rows})
        for chunk in _chunks(keys, 500):
            for rid, ds, dist, key in s.execute(
                select(Record.id, Record.dataset_id, Record.district_code, Record.unique_key)
                .where(Record.unique_key.in_(chunk), Record.deleted.is_(False))
            ):
                if rid not in page_ids and key is not None:
                    taken[(ds, dist, key)] = rid
        for r in rows:
            k = (r["dataset_id"], r["district_code"], r["unique_key"])
            if k in taken and taken[k] != r["id"]:
                log.warning(
                    "record %s has the unique key of local record %s; key not indexed here",
                    r["id"], taken[k],
                )
                r["unique_key"] = None
            else:
                taken[k] = r["id"]


def _patch(values: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for k, v in changes.items():
        if is_empty(v):
            out.pop(k, None)
        else:
            out[k] = v
    return out


def _chunks(items: Sequence[Any], n: int) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def local_checksums(s: Session, district: str | None) -> dict[str, p.DatasetSum]:
    sums: dict[str, p.Checksum] = {}
    q = select(Record.dataset_id, Record.id, Record.row_version).where(
        Record.deleted.is_(False), Record.row_version > 0
    )
    if district is not None:
        q = q.where(Record.district_code == district)
    for ds, rid, version in s.execute(q):
        sums.setdefault(ds, p.Checksum()).add(rid, int(version))
    return {k: v.out() for k, v in sums.items()}


# ---------------------------------------------------------------- the engine


class SyncEngine:
    """Push, pull, verify; once (:meth:`run_once`) or on its own thread."""

    def __init__(
        self,
        store: Store,
        client: SyncClient | None = None,
        *,
        clock: Clock = system_clock,
        batch_size: int = 200,
        page_size: int = 1000,
        interval: float = 60.0,
        backoff: Backoff | None = None,
        verify: bool = True,
        verify_every: float = VERIFY_EVERY_SECONDS,
        verify_after_changes: float = VERIFY_AFTER_CHANGES_SECONDS,
    ) -> None:
        self.store = store
        self._client = client
        self.clock = clock
        self.batch_size = max(MIN_BATCH, min(MAX_BATCH, batch_size))
        self.page_size = page_size
        self.interval = interval
        self.backoff = backoff or Backoff(base=2.0, cap=600.0)
        self.verify_enabled = verify
        self.verify_every = verify_every
        self.verify_after_changes = verify_after_changes
        self._listeners: list[Listener] = []
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._round_lock = threading.Lock()
        self.last_report: SyncReport | None = None

    # -- listeners

    def add_listener(self, fn: Listener) -> None:
        self._listeners.append(fn)

    def _emit(self, event: str, **payload: Any) -> None:
        for fn in list(self._listeners):
            try:
                fn(event, payload)
            except Exception:  # a listener's bug must not stop sync
                log.exception("sync listener failed on %s", event)

    @property
    def client(self) -> SyncClient:
        if self._client is None:
            self._client = SyncClient(client_config(self.store))
        return self._client

    # -- thread

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="bkkdesk-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the thread to end; wait at most ``timeout`` s (a round in flight finishes
        its current request first; the thread is a daemon)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def sync_now(self) -> None:
        self._wake.set()

    def close(self) -> None:
        """Stop the thread and close the HTTP client."""
        self.stop()
        if self._client is not None:
            self._client.close()

    def _loop(self) -> None:
        while not self._stop.is_set():
            report = self.run_once()
            if report.error_code == "upgrade_required":
                delay = max(self.interval, 3600.0)
            elif report.error is not None:
                delay = self.backoff.next_delay()
            else:
                self.backoff.reset()
                delay = self.interval
            self._emit("state", state="waiting", next_in=delay)
            self._wake.wait(delay)
            self._wake.clear()

    # -- one round

    def run_once(
        self,
        progress: Callable[[str, int, int], None] | None = None,
        *,
        force_verify: bool = False,
    ) -> SyncReport:
        with self._round_lock:
            report = SyncReport()
            started = time.monotonic()
            self._set_attempt()
            try:
                self._emit("state", state="pushing")
                self._push(report)
                self._emit("state", state="pulling")
                self._pull(report, progress)
                if self.verify_enabled:
                    self._emit("state", state="verifying")
                    self._verify(report, progress, force=force_verify)
                self._finish(report, None)
                self._emit("state", state="idle")
            except SyncError as exc:
                report.error, report.error_code = exc.en, exc.code
                self._finish(report, exc)
                state = "upgrade_required" if isinstance(exc, UpgradeRequiredError) else (
                    "credential" if isinstance(exc, CredentialError) else "offline"
                )
                self._emit("state", state=state, th=exc.th, en=exc.en)
            except BkkError as exc:
                report.error, report.error_code = exc.en, exc.code
                self._finish(report, exc)
                self._emit("state", state="error", th=exc.th, en=exc.en)
            report.elapsed_s = round(time.monotonic() - started, 3)
            if self._client is not None:
                report.bytes_sent = self._client.bytes_sent
                report.bytes_received = self._client.bytes_received
            self.last_report = report
            try:
                status = read_state(self.store)
            except Exception:  # the status is for display; a round's result stands
                log.exception("reading the sync state failed")
                status = {}
            self._emit("finished", report=report.as_dict(), status=status)
            return report

    def _set_attempt(self) -> None:
        with self.store.write() as s:
            sync_state(s).last_attempt_at = _naive(self.clock())

    def _finish(self, report: SyncReport, exc: BkkError | None) -> None:
        with self.store.write() as s:
            st = sync_state(s)
            if exc is None:
                st.last_success_at = _naive(self.clock())
                st.last_error = None
            else:
                st.last_error = f"{exc.code}: {exc.th} / {exc.en}"[:2000]
            if report.clock_offset_s is not None:
                st.clock_offset_s = report.clock_offset_s

    def _note_clock(self, report: SyncReport, server_time: dt.datetime,
                    before: dt.datetime, after: dt.datetime) -> None:
        report.clock_offset_s = round(server_offset(server_time, before, after), 3)
        report.clock_warning = abs(report.clock_offset_s) > CLOCK_WARN_SECONDS

    # -- push

    def _definition_versions(self) -> dict[str, int]:
        with self.store.read() as s:
            rows = s.execute(
                select(DatasetVersion.dataset_id, func.max(DatasetVersion.version)).group_by(
                    DatasetVersion.dataset_id
                )
            ).all()
        return {d: int(v) for d, v in rows}

    def _next_batches(self, limit: int) -> list[list[Outbox]]:
        """Whole local transactions, in sequence order, up to ``limit`` changes in all."""
        with self.store.read() as s:
            rows = list(
                s.scalars(
                    select(Outbox).order_by(Outbox.seq).limit(limit + 1)
                )
            )
            if len(rows) > limit:
                # Never cut a transaction: drop the tail's transaction if it is incomplete,
                # unless it is the only one (an import larger than a batch goes in pieces).
                tail_txn = rows[-1].txn_id
                rows = rows[:-1]
                if rows and rows[-1].txn_id == tail_txn and rows[0].txn_id != tail_txn:
                    rows = [r for r in rows if r.txn_id != tail_txn]
        # One batch (one server transaction) of whole local transactions.
        return [rows] if rows else []

    def _push(self, report: SyncReport) -> None:
        device_id = self.store.get_meta(META_DEVICE) or self.store.device_id
        for _ in range(100_000):
            batches = self._next_batches(self.batch_size)
            if not batches:
                return
            with self.store.read() as s:
                pending = int(s.scalar(select(func.count()).select_from(Outbox)) or 0)
            req = p.PushRequest(
                protocol=p.PROTOCOL_VERSION,
                device_id=device_id,
                app_version=__version__,
                definition_versions=self._definition_versions(),
                client_time=self.clock().isoformat(),
                pending_count=pending,
                batches=[
                    p.Batch(changes=[self._change(e) for e in batch]) for batch in batches
                ],
            )
            sent = sum(len(b) for b in batches)
            before = self.clock()
            t0 = time.monotonic()
            try:
                resp = self.client.push(req)
            except SyncError as exc:
                if exc.retryable:
                    self.batch_size = max(MIN_BATCH, self.batch_size // 2)
                raise
            elapsed = time.monotonic() - t0
            self._note_clock(report, resp.server_time, before, self.clock())
            if elapsed < FAST_SECONDS and sent >= self.batch_size:
                self.batch_size = min(MAX_BATCH, self.batch_size * 2)
            elif elapsed > 4 * FAST_SECONDS:
                self.batch_size = max(MIN_BATCH, self.batch_size // 2)
            self._acknowledge(resp, report)
            self._emit("progress", phase="push", done=report.pushed, total=pending)
            if len({r.seq for r in resp.results}) < sent:
                # The server stopped at a batch it could not store: try again later.
                raise SyncError(
                    "เซิร์ฟเวอร์ยังรับข้อมูลได้ไม่ครบ จะส่งใหม่ภายหลัง",
                    "the server did not take every batch; the rest is sent later",
                    code="push_incomplete",
                )

    def _change(self, e: Outbox) -> p.Change:
        return p.Change(
            seq=e.seq,
            txn_id=e.txn_id,
            record_id=e.record_id,
            dataset_id=e.dataset_id,
            op=e.op,
            changes=jsonutil.loads(e.changes),
            base_version=e.base_version,
            def_version=e.def_version,
            user=e.user,
            client_time=e.created_at.isoformat() if e.created_at else None,
        )

    def _acknowledge(self, resp: p.PushResponse, report: SyncReport) -> None:
        """One transaction: drop answered outbox entries, keep rejections and conflicts."""
        restore: dict[str, p.ChangeResult] = {}
        with self.store.write() as s:
            for r in resp.results:
                entry = s.get(Outbox, r.seq)
                if entry is None:
                    continue  # answered twice (a repeated round): already done
                if r.status == "rejected":
                    report.rejections += 1
                    rec = s.scalar(select(Record).where(Record.id == r.record_id))
                    reason = r.reason or p.Reason(code="rejected", th="ถูกปฏิเสธ", en="rejected")
                    if s.scalar(select(SyncRejection).where(SyncRejection.seq == r.seq)) is None:
                        s.add(
                            SyncRejection(
                                seq=r.seq,
                                record_id=r.record_id,
                                dataset_id=entry.dataset_id,
                                op=entry.op,
                                changes=entry.changes,
                                local_values=rec.data if rec is not None else None,
                                code=reason.code,
                                reason_th=reason.th,
                                reason_en=reason.en,
                                user=entry.user,
                                at=_naive(self.clock()),
                                dismissed=False,
                            )
                        )
                    audit.append(
                        s, user=entry.user, action="sync_reject", dataset_id=entry.dataset_id,
                        record_id=r.record_id,
                        changes={"seq": r.seq, "code": reason.code, "en": reason.en},
                        origin="sync",
                    )
                    restore[r.record_id] = r
                elif r.status == "duplicate":
                    report.duplicates += 1
                else:
                    report.pushed += 1
                    if r.status == "merged":
                        report.merged += 1
                    for c in r.conflicts:
                        report.conflicts += 1
                        if s.get(SyncConflict, c.id) is None:
                            s.add(
                                SyncConflict(
                                    id=c.id, record_id=c.record_id, dataset_id=c.dataset_id,
                                    kind=c.kind, field=c.field,
                                    server_value=jsonutil.dumps(c.server_value),
                                    client_value=jsonutil.dumps(c.client_value),
                                    applied=c.applied, status=c.status, seq=r.seq,
                                    seen_at=_naive(self.clock()),
                                )
                            )
                s.delete(entry)
            s.flush()
            # Put refused records back to the server's copy once nothing else is pending.
            for rid, r in restore.items():
                left = s.scalar(
                    select(func.count()).select_from(Outbox).where(Outbox.record_id == rid)
                )
                if left:
                    continue
                if r.record is not None:
                    _Applier(self.store).apply(s, [r.record], force=True)
                else:
                    s.execute(delete(Record).where(Record.id == rid, Record.row_version == 0))
                    s.execute(
                        update(Record).where(Record.id == rid).values(deleted=True)
                    )

    # -- pull

    def _pull(
        self, report: SyncReport, progress: Callable[[str, int, int], None] | None
    ) -> None:
        device_id = self.store.get_meta(META_DEVICE) or self.store.device_id
        while True:
            with self.store.read() as s:
                st = s.get(SyncState, 1)
                cursor = st.cursor if st is not None else 0
                digest = st.reference_digest if st is not None else None
            req = p.PullRequest(
                protocol=p.PROTOCOL_VERSION,
                device_id=device_id,
                app_version=__version__,
                cursor=cursor,
                limit=self.page_size,
                definition_versions=self._definition_versions(),
                reference_digest=digest,
            )
            before = self.clock()
            resp = self.client.pull(req)
            self._note_clock(report, resp.server_time, before, self.clock())
            report.pulled += self._apply_page(resp, cursor)
            report.pages += 1
            if progress is not None:
                progress("pull", resp.next_cursor, resp.head)
            self._emit("progress", phase="pull", done=resp.next_cursor, total=resp.head)
            if not resp.has_more:
                self._note_update(resp.app_update)
                return

    def _note_update(self, update: p.AppUpdate | None) -> None:
        """Keep what the server publishes about releases, for the notice while offline."""
        value = None
        if update is not None:
            value = jsonutil.dumps({
                "latest_client_version": update.latest,
                "min_client_version": update.minimum,
                "client_download_url": update.download_url,
            })
        if self.store.get_meta(META_UPDATE) != value:
            self.store.set_meta(META_UPDATE, value)

    def _apply_page(self, resp: p.PullResponse, expected_cursor: int) -> int:
        defs = [
            parse_definition(d.definition, f"{d.dataset_id} v{d.version} (server)")
            for d in resp.definitions
        ]
        applier = _Applier(self.store, defs)
        with self.store.write() as s:
            st = sync_state(s)
            if st.cursor != expected_cursor:
                return 0  # another round applied this page meanwhile
            for d in defs:
                if s.get(DatasetVersion, (d.id, d.version)) is None:
                    s.add(
                        DatasetVersion(
                            dataset_id=d.id, version=d.version, definition=d.to_json(),
                            source="server", installed_at=_naive(system_clock()),
                        )
                    )
            n = applier.apply(s, resp.records)
            if resp.accounts is not None:
                self._apply_accounts(s, resp.accounts)
            if resp.reference is not None:
                self._apply_reference(s, resp.reference)
                st.reference_digest = resp.reference.digest
            st.cursor = resp.next_cursor
        if defs:
            self.store.forget_definitions()
        return n

    def _apply_accounts(self, s: Session, accounts: Sequence[p.Account]) -> None:
        by_name = {a.username: a for a in accounts}
        for u in s.scalars(select(User).where(User.username.in_(list(by_name)))):
            a = by_name[u.username]
            if u.source != "server":
                continue
            u.display_name = a.display_name
            u.role = a.role
            u.district_code = a.district_code
            u.disabled = a.disabled

    def _apply_reference(self, s: Session, ref: p.ReferenceData) -> None:
        for d in ref.districts:
            row = s.get(District, d.code)
            if row is None:
                s.add(District(code=d.code, name_th=d.name_th, name_en=d.name_en))
            else:
                row.name_th, row.name_en = d.name_th, d.name_en
        s.flush()
        for x in ref.subdistricts:
            sub = s.get(Subdistrict, x.code)
            if sub is None:
                s.add(
                    Subdistrict(
                        code=x.code, district_code=x.district_code, name_th=x.name_th,
                        name_en=x.name_en, postal_code=x.postal_code,
                    )
                )
            else:
                sub.name_th, sub.name_en, sub.postal_code = x.name_th, x.name_en, x.postal_code

    # -- verify

    def _verify(
        self, report: SyncReport, progress: Callable[[str, int, int], None] | None,
        *, force: bool = False,
    ) -> None:
        verified_cursor = self.store.get_meta(META_VERIFIED_CURSOR)
        with self.store.read() as s:
            if s.scalar(select(func.count()).select_from(Outbox)):
                return  # not at rest: local changes wait for the next round
            st = s.get(SyncState, 1)
            cursor = st.cursor if st is not None else 0
            last = st.last_verified_at if st is not None else None
            if not force and last is not None:
                # abs(): a PC clock set back must not postpone verification for ever
                elapsed = abs((_naive(self.clock()) - last).total_seconds())
                wait = (self.verify_every if verified_cursor == str(cursor)
                        else self.verify_after_changes)
                if elapsed < wait:
                    return  # verified recently enough
            sums = local_checksums(s, self.store.district_code)
        device_id = self.store.get_meta(META_DEVICE) or self.store.device_id
        resp = self.client.verify(
            p.VerifyRequest(
                protocol=p.PROTOCOL_VERSION, device_id=device_id, cursor=cursor, datasets=sums
            )
        )
        if not resp.at_head:
            return  # others changed things meanwhile: verify on a quieter round
        report.verified = not resp.mismatched
        for dataset_id in resp.mismatched:
            log.warning("verification mismatch in %s: downloading its records again", dataset_id)
            self.resync_dataset(dataset_id, cursor, progress)
            report.resynced.append(dataset_id)
        with self.store.write() as s:
            sync_state(s).last_verified_at = _naive(self.clock())
            self.store.set_meta(META_VERIFIED_CURSOR, str(cursor), s)

    def resync_dataset(
        self,
        dataset_id: str,
        cursor: int,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> int:
        """Download one data set's scope again by snapshot; drop local rows the server lacks."""
        device_id = self.store.get_meta(META_DEVICE) or self.store.device_id
        seen: set[str] = set()
        after: str | None = None
        n = 0
        while True:
            resp = self.client.pull(
                p.PullRequest(
                    protocol=p.PROTOCOL_VERSION, device_id=device_id, app_version=__version__,
                    cursor=cursor, limit=self.page_size,
                    definition_versions=self._definition_versions(),
                    snapshot_dataset=dataset_id, snapshot_after=after,
                )
            )
            seen.update(r.id for r in resp.records)
            with self.store.write() as s:
                n += _Applier(self.store).apply(s, resp.records, force=True)
            if progress is not None:
                progress("resync", len(seen), len(seen))
            if not resp.has_more or resp.snapshot_next is None:
                break
            after = resp.snapshot_next
        with self.store.write() as s:
            pending = set(s.scalars(select(Outbox.record_id).distinct()))
            stale = [
                rid
                for rid in s.scalars(
                    select(Record.id).where(
                        Record.dataset_id == dataset_id,
                        Record.deleted.is_(False),
                        Record.row_version > 0,
                    )
                )
                if rid not in seen and rid not in pending
            ]
            for chunk in _chunks(stale, 500):
                s.execute(
                    update(Record).where(Record.id.in_(chunk)).values(deleted=True, unique_key=None)
                )
        return n + len(stale)
