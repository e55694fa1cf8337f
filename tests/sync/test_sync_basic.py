"""Push, pull, merge, conflicts, rejections, scope, protocol version: one scenario each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from synchelpers import (
    DATASET,
    PASSWORD,
    LiveServer,
    assert_converged,
    cli,
    complaint,
    engine_for,
    enroll,
    local_records,
    raw_client,
)


def test_push_then_pull_between_two_pcs(server: LiveServer, tmp_path: Path) -> None:
    a = enroll(server, tmp_path / "a", "1001")
    b = enroll(server, tmp_path / "b", "1001")
    try:
        rec = a.records.add(DATASET, complaint("1001"), user="clerk")
        ea, eb = engine_for(a), engine_for(b)
        ra = ea.run_once()
        assert ra.error is None, ra.error
        assert ra.pushed == 1
        assert a.records.pending_count() == 0
        rb = eb.run_once()
        assert rb.error is None, rb.error
        assert rb.pulled == 1
        got = b.records.get(rec.id)
        assert got.values["ticket_id"] == rec.values["ticket_id"]
        assert got.row_version == 1
        assert b.records.pending_count() == 0  # pulled changes never echo into the outbox
        ea.run_once()
        assert_converged(server, a, "1001")
        assert_converged(server, b, "1001")
    finally:
        a.close()
        b.close()


def test_stale_base_different_fields_merge(server: LiveServer, tmp_path: Path) -> None:
    a = enroll(server, tmp_path / "a", "1001")
    b = enroll(server, tmp_path / "b", "1001")
    try:
        ea, eb = engine_for(a), engine_for(b)
        rec = a.records.add(DATASET, complaint("1001"), user="clerk")
        ea.run_once()
        eb.run_once()
        a.records.edit(rec.id, {"location_detail": "หน้าตลาด"}, user="a")
        b.records.edit(rec.id, {"action_taken": "เก็บขยะแล้ว"}, user="b")
        assert ea.run_once().error is None
        rb = eb.run_once()
        assert rb.merged == 1 and rb.conflicts == 0
        ea.run_once()
        for st in (a, b):
            got = st.records.get(rec.id)
            assert got.values["location_detail"] == "หน้าตลาด"
            assert got.values["action_taken"] == "เก็บขยะแล้ว"
            assert_converged(server, st, "1001")
        assert server.conflicts() == []
    finally:
        a.close()
        b.close()


def test_same_field_clash_is_a_hard_conflict_and_supervisor_resolves(
    server: LiveServer, tmp_path: Path
) -> None:
    a = enroll(server, tmp_path / "a", "1001")
    b = enroll(server, tmp_path / "b", "1001")
    try:
        ea, eb = engine_for(a), engine_for(b)
        rec = a.records.add(DATASET, complaint("1001"), user="clerk")
        ea.run_once()
        eb.run_once()
        a.records.edit(rec.id, {"description": "จาก A"}, user="a")
        b.records.edit(rec.id, {"description": "จาก B"}, user="b")
        ea.run_once()
        rb = eb.run_once()
        assert rb.conflicts == 1
        ea.run_once()
        # Policy: the later change in server order wins the value; both are kept.
        assert a.records.get(rec.id).values["description"] == "จาก B"
        [c] = server.conflicts()
        assert (c.kind, c.field, c.server_value, c.client_value, c.applied) == (
            "same_field", "description", "จาก A", "จาก B", "client"
        )
        # A supervisor logs in on PC b and keeps the server's (A's) value.
        server.add_user("super_a", "supervisor", "1001")
        assert cli(tmp_path / "b", "login", "-u", "super_a", "--password", PASSWORD) == 0
        assert cli(tmp_path / "b", "--json", "conflicts", "list") == 0
        assert cli(
            tmp_path / "b", "conflicts", "resolve", str(c.id), "--keep", "server"
        ) == 0
        assert [x.status for x in server.conflicts()] == ["resolved"]
        ea.run_once()
        eb.run_once()
        for st in (a, b):
            assert st.records.get(rec.id).values["description"] == "จาก A"
            assert_converged(server, st, "1001")
    finally:
        a.close()
        b.close()


def test_delete_against_edit_keeps_both_sides(server: LiveServer, tmp_path: Path) -> None:
    a = enroll(server, tmp_path / "a", "1001")
    b = enroll(server, tmp_path / "b", "1001")
    try:
        ea, eb = engine_for(a), engine_for(b)
        rec = a.records.add(DATASET, complaint("1001"), user="clerk")
        ea.run_once()
        eb.run_once()
        a.records.edit(rec.id, {"location_detail": "ซอย 5"}, user="a")
        b.records.delete(rec.id, user="b")
        ea.run_once()
        rb = eb.run_once()
        assert rb.conflicts == 1
        [c] = server.conflicts()
        assert c.kind == "delete_vs_edit"
        assert c.server_value["location_detail"] == "ซอย 5"  # the edit is kept for review
        ea.run_once()
        assert local_records(a)[rec.id]["deleted"] is True
        assert_converged(server, a, "1001")
        assert_converged(server, b, "1001")
    finally:
        a.close()
        b.close()


def test_rejected_change_is_recorded_and_does_not_block_the_rest(
    server: LiveServer, tmp_path: Path
) -> None:
    a = enroll(server, tmp_path / "a", "1001")
    b = enroll(server, tmp_path / "b", "1001")
    try:
        ea, eb = engine_for(a), engine_for(b)
        # Same unique key (channel + ticket) typed on two PCs of one district.
        a.records.add(DATASET, complaint("1001", ticket="DUP-1"), user="a")
        b.records.add(DATASET, complaint("1001", ticket="DUP-1"), user="b")
        later = b.records.add(DATASET, complaint("1001"), user="b")
        ea.run_once()
        rb = eb.run_once()
        assert rb.rejections == 1 and rb.pushed == 1
        assert b.records.pending_count() == 0
        assert later.id in server.records("1001")
        assert cli(tmp_path / "b", "--json", "sync", "rejections") == 0
        from bkkdesk.db.sync_models import SyncRejection

        with b.read() as s:
            [rej] = list(s.scalars(__import__("sqlalchemy").select(SyncRejection)))
        assert rej.code == "duplicate_key" and "DUP-1" in rej.changes
        assert_converged(server, b, "1001")
    finally:
        a.close()
        b.close()


def test_district_scope_comes_from_the_credential(server: LiveServer, tmp_path: Path) -> None:
    from bkkdesk.sync import protocol as p

    a = enroll(server, tmp_path / "a", "1001")
    b = enroll(server, tmp_path / "b", "1002")
    try:
        ea, eb = engine_for(a), engine_for(b)
        rec = a.records.add(DATASET, complaint("1001"), user="a")
        b.records.add(DATASET, complaint("1002"), user="b")
        ea.run_once()
        eb.run_once()
        assert set(local_records(b)) == set(server.records("1002"))  # never 1001's
        # PC b forges an edit of district 1001's record: refused.
        token = b.get_meta("sync_device_token")
        with raw_client(server.url, token) as c:
            resp = c.push(
                p.PushRequest(
                    protocol=p.PROTOCOL_VERSION, device_id="x", app_version="t",
                    batches=[p.Batch(changes=[p.Change(
                        seq=10_000, txn_id="t", record_id=rec.id, dataset_id=DATASET,
                        op="update", changes={"description": "hacked"}, base_version=1,
                        def_version=1)])],
                )
            )
        assert [r.status for r in resp.results] == ["rejected"]
        assert resp.results[0].reason is not None
        assert resp.results[0].reason.code == "other_district"
        assert resp.results[0].record is None  # and nothing of 1001 leaks back
        assert server.records()[rec.id].data["description"] != "hacked"
    finally:
        a.close()
        b.close()


def test_resent_push_is_harmless(server: LiveServer, tmp_path: Path) -> None:
    from bkkdesk.sync import protocol as p

    a = enroll(server, tmp_path / "a", "1001")
    try:
        token = a.get_meta("sync_device_token")
        rid = "6f1f2b1e-0000-4000-8000-000000000001"
        req = p.PushRequest(
            protocol=p.PROTOCOL_VERSION, device_id="x", app_version="t",
            batches=[p.Batch(changes=[
                p.Change(seq=1, txn_id="t1", record_id=rid, dataset_id=DATASET, op="create",
                         changes=complaint("1001"), base_version=0, def_version=1),
                p.Change(seq=2, txn_id="t2", record_id=rid, dataset_id=DATASET, op="update",
                         changes={"status": "nonsense"}, base_version=0, def_version=1),
            ])],
        )
        with raw_client(server.url, token) as c:
            first = c.push(req)
            second = c.push(req)
        assert [r.status for r in first.results] == ["applied", "rejected"]
        assert [r.status for r in second.results] == ["duplicate", "rejected"]
        assert first.last_applied_seq == second.last_applied_seq == 2
        assert len(server.history()) == 1
        assert len(server.change_log()) == 1
        # Another PC changes the record; an old copy of the first request arrives late
        # (a retrying proxy): it must not turn the record back.
        b = enroll(server, tmp_path / "b", "1001")
        try:
            eb = engine_for(b)
            eb.run_once()
            b.records.edit(rid, {"description": "ใหม่กว่า"}, user="b")
            eb.run_once()
            with raw_client(server.url, token) as c:
                third = c.push(req)
            assert [r.status for r in third.results] == ["duplicate", "rejected"]
            assert server.records()[rid].data["description"] == "ใหม่กว่า"
        finally:
            b.close()
    finally:
        a.close()


def test_outdated_protocol_gets_426_and_keeps_the_outbox(
    server: LiveServer, tmp_path: Path
) -> None:
    import httpx

    from bkkdesk.sync import protocol as p

    a = enroll(server, tmp_path / "a", "1001")
    try:
        a.records.add(DATASET, complaint("1001"), user="a")
        r = httpx.post(
            f"{server.url}{p.SYNC_PREFIX}/push",
            headers={"Authorization": f"Bearer {a.get_meta('sync_device_token')}",
                     p.PROTOCOL_HEADER: "0"},
            json={"protocol": 0},
        )
        assert r.status_code == 426
        assert r.json()["error"]["code"] == "upgrade_required"
        assert r.json()["error"]["th"]
        e = engine_for(a)
        e.client._http.headers[p.PROTOCOL_HEADER] = "0"
        report = e.run_once()
        assert report.error_code == "upgrade_required"
        assert a.records.pending_count() == 1
        e.client._http.headers[p.PROTOCOL_HEADER] = str(p.PROTOCOL_VERSION)
        assert e.run_once().pushed == 1
    finally:
        a.close()


def test_update_notice_is_published_kept_offline_and_enforced(
    server: LiveServer, tmp_path: Path, capsys: Any
) -> None:
    import httpx

    from bkkdesk import __version__
    from bkkdesk.sync.engine import read_state

    settings = server.app.state.bkk.settings
    a = enroll(server, tmp_path / "a", "1001")
    try:
        e = engine_for(a)
        assert e.run_once().error is None
        assert read_state(a)["update"] is None  # nothing published: no notice
        settings.latest_client_version = "99.0"
        settings.client_download_url = "https://it.bma.go.th/bkkdesk"
        health = httpx.get(f"{server.url}/api/v1/health").json()
        assert health["latest_client_version"] == "99.0"
        assert e.run_once().error is None
        notice = read_state(a)["update"]
        assert notice["latest"] == "99.0" and notice["current"] == __version__
        assert not notice["required"] and "https://it.bma.go.th/bkkdesk" in notice["th"]
        # The notice is kept locally: sync status shows it with the server gone.
        capsys.readouterr()
        assert cli(tmp_path / "a", "sync", "status") == 0
        out = capsys.readouterr().out
        assert "99.0" in out and "bkkdesk 99.0 is available" in out
        # An app older than the minimum is refused with 426 and keeps its outbox.
        settings.min_client_version = "99.0"
        a.records.add(DATASET, complaint("1001"), user="a")
        report = e.run_once()
        assert report.error_code == "upgrade_required"
        assert "99.0" in (report.error or "")
        assert a.records.pending_count() == 1
        settings.min_client_version = None
        settings.latest_client_version = None
        report = e.run_once()
        assert report.error is None and report.pushed == 1
        assert read_state(a)["update"] is None  # withdrawn on the server: gone here too
    finally:
        a.close()


def test_verification_mismatch_downloads_that_data_set_again(
    server: LiveServer, tmp_path: Path
) -> None:
    from sqlalchemy import delete, update

    from bkkdesk.db.models import Record

    a = enroll(server, tmp_path / "a", "1001")
    try:
        e = engine_for(a)
        ids = [a.records.add(DATASET, complaint("1001"), user="a").id for _ in range(5)]
        e.run_once()
        with a.write() as s:  # damage the local copy behind the engine's back
            s.execute(delete(Record).where(Record.id == ids[0]))
            s.execute(update(Record).where(Record.id == ids[1]).values(data='{"x": 1}',
                                                                       row_version=7))
        # Nothing arrived since the last verification: a round does not verify again...
        assert e.run_once().verified is None
        a.records.add(DATASET, complaint("1001"), user="a")
        assert e.run_once().verified is None  # records arrived, but it was just verified
        # ...until it is due (VERIFY_EVERY_SECONDS) or asked for, as `sync --once` does.
        report = e.run_once(force_verify=True)
        assert report.verified is False and report.resynced == [DATASET]
        assert_converged(server, a, "1001")
        assert e.run_once(force_verify=True).verified is True
        e.verify_every = 0.0  # due at once
        assert e.run_once().verified is True
    finally:
        a.close()


def test_wrong_client_clocks_change_nothing(server: LiveServer, tmp_path: Path) -> None:
    import datetime as dt

    a = enroll(server, tmp_path / "a", "1001")
    b = enroll(server, tmp_path / "b", "1001")
    try:
        past = dt.datetime(2003, 1, 1, tzinfo=dt.UTC)
        future = dt.datetime(2041, 6, 1, tzinfo=dt.UTC)
        ea = engine_for(a, clock=lambda: past)
        eb = engine_for(b, clock=lambda: future)
        rec = a.records.add(DATASET, complaint("1001"), user="a")
        ea.run_once()
        eb.run_once()
        b.records.edit(rec.id, {"description": "B ก่อน"}, user="b")  # B pushes first...
        a.records.edit(rec.id, {"description": "A ทีหลัง"}, user="a")
        eb.run_once()
        ra = ea.run_once()  # ...so A's value is later in server order, whatever the clocks say
        assert ra.clock_warning and ra.clock_offset_s is not None and ra.clock_offset_s > 1e8
        eb.run_once()
        for st in (a, b):
            assert st.records.get(rec.id).values["description"] == "A ทีหลัง"
            assert_converged(server, st, "1001")
        assert cli(tmp_path / "a", "sync", "status") == 0
    finally:
        a.close()
        b.close()


def test_reinstalled_pc_pulls_its_district_in_pages(server: LiveServer, tmp_path: Path) -> None:
    a = enroll(server, tmp_path / "a", "1001")
    try:
        e = engine_for(a)
        for _ in range(30):
            a.records.add(DATASET, complaint("1001"), user="a")
        e.run_once()
    finally:
        a.close()
    code = server.enroll_code("1001")
    fresh = tmp_path / "fresh"
    assert cli(fresh, "enroll", "--server", server.url, "--code", code) == 0
    from bkkdesk.db.store import Store

    st = Store.open(fresh)
    try:
        assert st.district_code == "1001"
        assert_converged(server, st, "1001")
        e2 = engine_for(st, page_size=7)
        from bkkdesk.db.sync_models import SyncState

        with st.write() as s:
            state = s.get(SyncState, 1)
            assert state is not None
            state.cursor = 0
        r = e2.run_once()
        assert r.pages >= 5 and r.error is None
        assert_converged(server, st, "1001")
    finally:
        st.close()


def test_engine_thread_calls_listeners_and_syncs_on_demand(
    server: LiveServer, tmp_path: Path
) -> None:
    import threading

    a = enroll(server, tmp_path / "a", "1001")
    try:
        e = engine_for(a, interval=3600)
        events: list[tuple[str, dict[str, object]]] = []
        finished = threading.Event()

        def listener(event: str, payload: dict[str, object]) -> None:
            events.append((event, payload))
            if event == "finished":
                finished.set()

        e.add_listener(listener)
        e.start()
        assert finished.wait(30)
        finished.clear()
        a.records.add(DATASET, complaint("1001"), user="a")
        e.sync_now()
        assert finished.wait(30)
        e.stop()
        states = [p["state"] for ev, p in events if ev == "state"]
        assert {"pushing", "pulling", "idle"} <= set(states)
        reports = [p["report"] for ev, p in events if ev == "finished"]
        assert any(r["pushed"] == 1 for r in reports)  # type: ignore[index]
        assert a.records.pending_count() == 0
    finally:
        a.close()


def test_offline_round_reports_and_keeps_everything(tmp_path: Path) -> None:
    from synchelpers import free_port

    from bkkdesk.db.store import Store
    from bkkdesk.sync.engine import META_SERVER, META_TOKEN, read_state

    st = Store.open(tmp_path / "a")
    try:
        st.init_district("1001", admin="admin", password="admin-password")
        st.set_meta(META_SERVER, f"http://127.0.0.1:{free_port()}")  # nobody listens
        st.set_meta(META_TOKEN, "x")
        st.records.add(DATASET, complaint("1001"), user="admin")
        report = engine_for(st, retries=1).run_once()
        assert report.error_code == "sync_transient"
        assert st.records.pending_count() == 1
        state = read_state(st)
        assert state["last_error"] and state["pending"] == 1
    finally:
        st.close()


def test_rejected_edit_puts_the_record_back_to_the_servers_copy(
    server: LiveServer, tmp_path: Path
) -> None:
    a = enroll(server, tmp_path / "a", "1001")
    b = enroll(server, tmp_path / "b", "1001")
    try:
        ea, eb = engine_for(a), engine_for(b)
        rec = a.records.add(DATASET, complaint("1001", ticket="KEEP-1"), user="a")
        ea.run_once()
        eb.run_once()
        b.records.add(DATASET, complaint("1001", ticket="TAKEN-9"), user="b")
        a.records.edit(rec.id, {"ticket_id": "TAKEN-9", "location_detail": "ซอย 9"}, user="a")
        assert eb.run_once().error is None
        ra = ea.run_once()
        assert ra.rejections == 1
        got = a.records.get(rec.id)
        assert got.values["ticket_id"] == "KEEP-1"  # the server's copy again
        assert "location_detail" not in got.values
        assert a.records.pending_count() == 0
        assert_converged(server, a, "1001")
        from bkkdesk.sync.engine import read_state

        assert read_state(a)["rejections"] == 1
    finally:
        a.close()
        b.close()


def test_login_online_then_offline_and_a_disabled_account_stops_offline_login(
    server: LiveServer, tmp_path: Path
) -> None:
    from bkkdesk.server import admin

    a = enroll(server, tmp_path / "a", "1001")
    a.close()
    server.add_user("clerk_a", "clerk", "1001")
    d = tmp_path / "a"
    assert cli(d, "login", "-u", "clerk_a", "--password", PASSWORD) == 0
    assert cli(d, "login", "-u", "clerk_a", "--password", PASSWORD, "--offline") == 0
    assert cli(d, "login", "-u", "clerk_a", "--password", "wrong-password", "--offline") == 1
    from bkkdesk.db.store import Store

    st = Store.open(d)
    try:
        assert st.session_user() == "clerk_a"
        with server.db.session() as s:
            admin.disable_user(s, "clerk_a", "test")
        assert engine_for(st).run_once().error is None  # accounts come down with the pull
        assert st.users.get("clerk_a").disabled
    finally:
        st.close()
    assert cli(d, "login", "-u", "clerk_a", "--password", PASSWORD, "--offline") == 1
