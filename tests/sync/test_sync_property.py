"""Random edits on three PCs (two districts) and a central supervisor, synced through faults.

After a clean final sync every copy must converge, every saved change must be on the
server exactly once (nothing lost, nothing duplicated), and every same-field clash and
delete-against-edit must be a recorded hard conflict.

One server and the three PCs live for the whole test; each example adds to their state
and the properties are checked over everything so far.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from faultproxy import FaultPlan, FaultProxy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from synchelpers import (
    DATASET,
    PASSWORD,
    LiveServer,
    assert_converged,
    cli,
    close_engines,
    complaint,
    engine_for,
    enroll,
)

from bkkdesk.db.models import Outbox, Record
from bkkdesk.db.store import Store
from bkkdesk.server import models as m
from bkkdesk.server.sync_apply import SyncRejection
from bkkdesk.sync.client import SyncClient
from bkkdesk.sync.engine import SyncEngine, client_config

HOT = 3
EDIT_FIELDS = ("description", "location_detail", "action_taken", "complainant_name")
FAULTY = FaultPlan(cut_request=0.08, cut_response=0.12, repeat=0.1, delay=0.1, max_delay=0.05)


@dataclass
class Pc:
    name: str
    district: str
    store: Store
    engine: SyncEngine
    device_id: str


@dataclass
class World:
    server: LiveServer
    proxy: FaultProxy
    pcs: list[Pc]
    supervisor: SyncClient
    # (device id, seq) → the outbox entry as it was written
    entries: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    created: set[str] = field(default_factory=set)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("prop")
    server = LiveServer(root / "server")
    proxy = FaultProxy(server.port, FaultPlan(), seed=1234)
    pcs = []
    for name, district in (("a1", "1001"), ("a2", "1001"), ("b1", "1002")):
        store = enroll(server, root / name, district)
        eng = engine_for(store, proxy.url, retries=3, batch_size=8, page_size=5)
        pcs.append(Pc(name, district, store, eng, str(store.get_meta("sync_device_id"))))
    server.add_user("central", "central_supervisor", None)
    assert cli(root / "a1", "login", "-u", "central", "--password", PASSWORD) == 0
    cfg = client_config(pcs[0].store)
    cfg.session_token = pcs[0].store.get_meta("sync_session_token")
    supervisor = SyncClient(cfg)
    try:
        yield World(server, proxy, pcs, supervisor)
    finally:
        supervisor.close()
        close_engines()
        for pc in pcs:
            pc.store.close()
        proxy.close()
        server.stop()


def _live_ids(pc: Pc) -> list[str]:
    with pc.store.read() as s:
        return sorted(s.scalars(select(Record.id).where(Record.deleted.is_(False))))


def _log_last_entry(w: World, pc: Pc) -> None:
    with pc.store.read() as s:
        e = s.scalars(select(Outbox).order_by(Outbox.seq.desc()).limit(1)).first()
    assert e is not None
    import json

    w.entries[(pc.device_id, e.seq)] = {
        "record_id": e.record_id, "op": e.op, "changes": json.loads(e.changes),
        "base": e.base_version, "pc": pc.name,
    }


_add = st.tuples(st.just("add"), st.integers(0, 2))
_edit = st.tuples(
    st.just("edit"), st.integers(0, 2), st.integers(0, 50),
    st.lists(st.sampled_from(EDIT_FIELDS), min_size=1, max_size=2, unique=True),
)
_delete = st.tuples(st.just("delete"), st.integers(0, 2), st.integers(0, 50))
_sync = st.tuples(st.just("sync"), st.integers(0, 2))
# Both PCs of district 1001 change one record, unsynced: a clash once both push.
_clash = st.tuples(st.just("clash"), st.integers(0, 50), st.sampled_from(EDIT_FIELDS),
                   st.booleans())
_resolve = st.tuples(st.just("resolve"), st.integers(0, 50), st.sampled_from(["local", "server"]))
# Edits and syncs weigh most: clashes need both PCs of a district to hold a record first.
ops = st.lists(
    st.one_of(_add, _edit, _edit, _sync, _sync, _sync, _delete, _resolve, _clash),
    min_size=12,
    max_size=30,
)


def _apply(w: World, op: tuple[Any, ...]) -> None:
    kind = op[0]
    if kind == "resolve":
        open_ = [c for c in w.server.conflicts() if c.status == "open"]
        if open_:
            c = open_[op[1] % len(open_)]
            try:
                w.supervisor.resolve(str(c.id), op[2])
            except Exception as exc:  # a fault may cut it; the supervisor tries again later
                assert "server" in str(exc) or "conflict" in str(exc).lower()
        return
    if kind == "clash":
        a1, a2 = w.pcs[0], w.pcs[1]
        common = sorted(set(_live_ids(a1)) & set(_live_ids(a2)))
        if common:
            rid = common[op[1] % min(HOT, len(common))]
            for pc in (a1, a2):
                if pc is a1 and op[3]:
                    pc.store.records.delete(rid, user=pc.name)
                else:
                    value = f"{op[2]}-{pc.name}-{uuid.uuid4().hex[:6]}"
                    pc.store.records.edit(rid, {op[2]: value}, user=pc.name)
                _log_last_entry(w, pc)
        return
    pc = w.pcs[op[1]]
    if kind == "add":
        rec = pc.store.records.add(DATASET, complaint(pc.district), user=pc.name)
        w.created.add(rec.id)
        _log_last_entry(w, pc)
    elif kind == "edit":
        ids = _live_ids(pc)
        if ids:
            rid = ids[op[2] % min(HOT, len(ids))]  # a few hot records: clashes happen
            patch = {f: f"{f}-{pc.name}-{uuid.uuid4().hex[:6]}" for f in op[3]}
            pc.store.records.edit(rid, patch, user=pc.name)
            _log_last_entry(w, pc)
    elif kind == "delete":
        ids = _live_ids(pc)
        if ids:
            pc.store.records.delete(ids[op[2] % min(HOT + 2, len(ids))], user=pc.name)
            _log_last_entry(w, pc)
    elif kind == "sync":
        pc.engine.run_once()  # through faults: may fail part-way, that is the point


def _final_sync(w: World) -> None:
    w.proxy.plan = FaultPlan()
    for _ in range(3):
        for pc in w.pcs:
            report = pc.engine.run_once()
            assert report.error is None, report.error
    for pc in w.pcs:
        assert pc.store.records.pending_count() == 0


def _check(w: World) -> None:
    server = w.server
    for pc in w.pcs:
        assert_converged(server, pc.store, pc.district)
    history = server.history()
    with server.db.session() as s:
        rejected = {(str(r.device_id), r.seq) for r in s.scalars(select(SyncRejection))}
    assert rejected == set()  # every change here is valid and in scope
    by_entry: dict[tuple[str, int], m.RecordHistory] = {}
    for h in history:
        if h.device_id is not None and h.device_seq is not None:
            key = (str(h.device_id), int(h.device_seq))
            assert key not in by_entry, f"change {key} applied twice"
            by_entry[key] = h
    records = server.records()
    assert w.created <= set(records)  # nothing created is missing ...
    assert len(records) == len(w.created)  # ... and nothing is there twice
    per_record: dict[str, list[m.RecordHistory]] = {}
    for h in history:
        per_record.setdefault(str(h.record_id), []).append(h)
    conflicts = server.conflicts()
    keys = {
        (str(c.record_id), c.kind, c.field, str(c.device_id), c.base_version) for c in conflicts
    }
    for key, entry in w.entries.items():
        found = by_entry.get(key)
        if found is None:
            # Only a deletion of a record already deleted leaves no new version.
            assert entry["op"] == "delete", (key, entry)
            assert records[entry["record_id"]].deleted or any(
                x.op == "delete" for x in per_record[entry["record_id"]]
            )
            continue
        h = found
        for f, v in entry["changes"].items():  # the saved values are in that version
            if entry["op"] != "delete" and f in EDIT_FIELDS:
                assert h.data.get(f) == v, (key, f)
        # Same-field clashes and delete-against-edit are recorded hard conflicts.
        device = key[0]
        for other in per_record[entry["record_id"]]:
            if not (entry["base"] < other.row_version < h.row_version):
                continue
            if other.device_id is not None and str(other.device_id) == device:
                continue
            if entry["op"] == "delete":
                if other.op != "delete":
                    assert (entry["record_id"], "delete_vs_edit", None, device,
                            entry["base"]) in keys, (key, entry)
            elif other.op == "delete":
                if h.op != "restore":
                    continue  # deleted and restored again before this edit arrived
                assert (entry["record_id"], "delete_vs_edit", None, device,
                        entry["base"]) in keys, (key, entry)
            else:
                for f in set(entry["changes"]) & set(other.changed_fields or []):
                    assert (entry["record_id"], "same_field", f, device,
                            entry["base"]) in keys, (key, f, entry)


@pytest.mark.slow
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(ops=ops, seed=st.integers(0, 2**16))
def test_random_edits_converge_through_faults(world: World, ops: list[Any], seed: int,
                                              ) -> None:
    w = world
    w.proxy.rng.seed(seed)
    w.proxy.plan = FAULTY
    for op in ops:
        _apply(w, op)
    _final_sync(w)
    _check(w)
    assert w.proxy.stats.requests > 0


def test_proxy_injects_every_fault(world: World) -> None:
    # By the end of the property test the proxy has done each kind of damage.
    if not world.proxy.stats.faults:
        pytest.skip("runs after the property test")
    for name in ("cut_request", "cut_response", "repeat", "delay"):
        assert world.proxy.stats.faults[name] > 0, world.proxy.stats

