"""The API's behaviour beyond authorization: definitions, reference data, device reports,
records in scope, and error answers (always JSON, never a 500 for bad input)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from server_helpers import API, World, definition

from bkkdesk.server import models as m


def _admin(world: World) -> dict[str, str]:
    return world.actors["itadmin"].headers


def test_health_reports_the_database(client: Any, app: Any, monkeypatch: Any) -> None:
    r = client.get(f"{API}/health")
    assert r.status_code == 200
    assert r.json()["database"] == "ok"
    monkeypatch.setattr(app.state.bkk.db, "ping", lambda: False)
    r = client.get(f"{API}/health")
    assert r.status_code == 503
    assert r.json()["status"] == "degraded"


def test_publishing_keeps_old_versions(world: World) -> None:
    h = _admin(world)
    r = world.client.post(f"{API}/admin/datasets", json=definition(version=2), headers=h)
    assert r.status_code == 201, r.text
    r = world.client.post(f"{API}/admin/datasets", json=definition(version=2), headers=h)
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "version_not_newer"
    r = world.client.post(f"{API}/admin/datasets", json=definition(version=1), headers=h)
    assert r.status_code == 409
    device = {"Authorization": f"Bearer {world.devices['b'][1]}"}
    listing = {d["id"]: d for d in world.client.get(f"{API}/datasets", headers=device).json()}
    assert listing["test_shops"]["latest_version"] == 2
    assert listing["test_shops"]["versions"] == [1, 2]
    assert listing["test_shops"]["definition"]["version"] == 2
    old = world.client.get(f"{API}/datasets/test_shops/versions/1", headers=device)
    assert old.status_code == 200
    assert old.json()["definition"]["version"] == 1
    missing = world.client.get(f"{API}/datasets/test_shops/versions/3", headers=device)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "unknown_dataset_version"


def test_invalid_definition_is_refused_with_reasons(world: World) -> None:
    bad = definition()
    bad["fields"][0]["type"] = "colour"
    r = world.client.post(f"{API}/admin/datasets", json=bad, headers=_admin(world))
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "definition"
    assert "fields.0.type" in err["en"]


def test_builtin_definitions_are_published_once(world: World) -> None:
    from bkkdesk.core.definitions import builtin_definitions_dir

    shipped = {p.stem for p in builtin_definitions_dir().glob("*.json")} - {"schema"}
    device = {"Authorization": f"Bearer {world.devices['a'][1]}"}
    ids = {d["id"] for d in world.client.get(f"{API}/datasets", headers=device).json()}
    # Every shipped definition that loads is there (a broken file would be skipped).
    assert ids >= {"test_shops"}
    assert len(ids - {"test_shops"}) <= len(shipped)


def test_reference_has_all_districts(world: World) -> None:
    device = {"Authorization": f"Bearer {world.devices['a'][1]}"}
    body = world.client.get(f"{API}/reference/districts", headers=device).json()
    assert len(body) == 50
    assert sum(len(d["subdistricts"]) for d in body) == 180
    bang_rak = next(d for d in body if d["code"] == "1004")
    assert bang_rak["name_en"] == "Bang Rak"


def test_devices_report_what_it_needs_to_see(world: World) -> None:
    device_id, token = world.devices["b"]
    headers = {"Authorization": f"Bearer {token}", "X-Bkkdesk-App-Version": "0.9.1"}
    synced = "2025-03-01T08:00:00+07:00"
    r = world.client.post(
        f"{API}/devices/report",
        json={
            "definition_versions": {"test_shops": 1, "canal": 2},
            "pending_count": 17,
            "last_sync_at": synced,
        },
        headers=headers,
    )
    assert r.status_code == 200, r.text
    devices = world.client.get(f"{API}/admin/devices", headers=_admin(world)).json()
    mine = next(d for d in devices if d["id"] == device_id)
    assert mine["district_code"] == "1002"
    assert mine["app_version"] == "0.9.1"
    assert mine["definition_versions"] == {"test_shops": 1, "canal": 2}
    assert mine["pending_count"] == 17
    assert dt.datetime.fromisoformat(mine["last_sync_at"]) == dt.datetime.fromisoformat(synced)
    assert mine["last_contact_at"] is not None
    assert mine["last_user"] == "super_b"
    # A naive time (no zone) is refused rather than guessed.
    r = world.client.post(
        f"{API}/devices/report", json={"last_sync_at": "2025-03-01T08:00:00"}, headers=headers
    )
    assert r.status_code == 422


def _add_record(world: World, district: str) -> uuid.UUID:
    rid = uuid.uuid4()
    with world.db.session() as s:
        s.add(
            m.Record(
                id=rid,
                dataset_id="test_shops",
                def_version=1,
                district_code=district,
                record_date=dt.date(2025, 1, 31),
                data={"shop_name": "ร้านป้าแดง", "visit_date": "2025-01-31"},
                row_version=1,
                created_by="clerk",
                updated_by="clerk",
            )
        )
    return rid


def test_records_are_limited_to_the_callers_scope(world: World) -> None:
    a = _add_record(world, "1001")
    b = _add_record(world, "1002")
    params = {"dataset": "test_shops"}

    def ids(actor: str, **extra: str) -> set[str]:
        r = world.client.get(
            f"{API}/records", params={**params, **extra}, headers=world.actors[actor].headers
        )
        assert r.status_code == 200, r.text
        return {rec["id"] for rec in r.json()["records"]}

    assert ids("clerk_a") == {str(a)}
    assert ids("super_b") == {str(b)}
    assert ids("central") == {str(a), str(b)}
    assert ids("central", district="1002") == {str(b)}
    assert ids("clerk_a", district="1001") == {str(a)}
    page = world.client.get(
        f"{API}/records", params={**params, "limit": 1}, headers=world.actors["central"].headers
    ).json()
    assert len(page["records"]) == 1 and page["next_after"] is not None
    rec = page["records"][0]
    assert rec["record_date"] == "2025-01-31"
    assert rec["values"]["shop_name"] == "ร้านป้าแดง"


def test_errors_are_json_with_thai_and_english(world: World) -> None:
    c = world.client
    r = c.get(f"{API}/no-such-thing")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"
    r = c.post(f"{API}/enroll", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    r = c.post(f"{API}/enroll", json={"code": 5, "extra": True})
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "validation"
    assert {e["field"] for e in err["errors"]} == {"code", "extra"}
    assert all(e["th"] and e["en"] for e in err["errors"])
    r = c.get(f"{API}/health", headers={"Authorization": "Basic xyz"})
    assert r.status_code == 200
    r = c.delete(f"{API}/health")
    assert r.status_code == 405
    assert r.json()["error"]["code"] == "method_not_allowed"


def test_request_body_limit(client: Any, app: Any) -> None:
    limit = app.state.bkk.settings.max_body_bytes
    big = b"x" * (limit + 1)
    r = client.post(f"{API}/enroll", content=big, headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "too_large"

    def chunks() -> Any:  # no Content-Length: counted while streaming
        for _ in range(11):
            yield b" " * (limit // 10)

    r = client.post(f"{API}/enroll", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "too_large"
