"""Enrollment and login: one-time codes, district binding, lockout, what the client gets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from argon2 import PasswordHasher
from server_helpers import API, PASSWORD, World, hours
from sqlalchemy import select, update

from bkkdesk.server import admin
from bkkdesk.server import models as m


def _code(world: World, district: str = "1001", expires: dt.timedelta | None = None) -> str:
    with world.db.session() as s:
        code, _ = admin.create_enroll_code(
            s, world.sec, district_code=district, expires=expires or hours(1), actor="test"
        )
    return code


def test_enroll_binds_the_device_to_the_codes_district(world: World) -> None:
    code = _code(world, "1004")
    r = world.client.post(
        f"{API}/enroll", json={"code": code.lower().replace("-", " "), "device_name": "pc-9"}
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["district"]["code"] == "1004"
    assert body["district"]["name_th"] == "บางรัก"
    with world.db.session() as s:
        device = s.get(m.Device, __import__("uuid").UUID(body["device_id"]))
        assert device is not None and device.district_code == "1004"
        # Only hashes are stored.
        assert device.token_hash != body["device_token"]
        row = s.scalar(select(m.EnrollCode).where(m.EnrollCode.device_id == device.id))
        assert row is not None and row.used_at is not None
        assert code.replace("-", "") not in row.code_hash
        assert s.scalar(select(m.DeviceSequence).where(m.DeviceSequence.device_id == device.id))


def test_reused_code_is_refused(world: World) -> None:
    code = _code(world)
    assert world.client.post(f"{API}/enroll", json={"code": code}).status_code == 201
    r = world.client.post(f"{API}/enroll", json={"code": code})
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "enroll_code_invalid"


def test_expired_code_is_refused(world: World) -> None:
    code = _code(world)
    with world.db.session() as s:
        s.execute(
            update(m.EnrollCode)
            .where(m.EnrollCode.code_hash == world.sec.code_hash(code))
            .values(expires_at=m.utcnow() - dt.timedelta(seconds=1))
        )
    r = world.client.post(f"{API}/enroll", json={"code": code})
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "enroll_code_invalid"


def test_wrong_code_is_refused(world: World) -> None:
    for code in ("AAAA-BBBB-CCCC", "-", "ไทย"):
        r = world.client.post(f"{API}/enroll", json={"code": code})
        assert r.status_code == 401, code


def test_code_for_unknown_district_is_refused(world: World) -> None:
    r = world.client.post(
        f"{API}/admin/enroll-codes",
        json={"district_code": "9999"},
        headers=world.actors["itadmin"].headers,
    )
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "unknown_district"


def test_login_answer_carries_an_offline_hash_not_the_password(world: World) -> None:
    r = world.login("clerk_a", world.devices["a"][1])
    assert r.status_code == 200
    body = r.json()
    assert body["user"] == {
        "username": "clerk_a",
        "display_name": "Clerk_A",
        "role": "clerk",
        "district_code": "1001",
    }
    offline = body["offline"]["password_hash"]
    assert offline.startswith("$argon2id$")
    assert PasswordHasher().verify(offline, PASSWORD)
    assert PASSWORD not in r.text
    with world.db.session() as s:
        user = s.scalar(select(m.User).where(m.User.username == "clerk_a"))
        assert user is not None and user.password_hash != offline
        assert user.password_hash not in r.text
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert expires.tzinfo is not None and expires > dt.datetime.now(dt.UTC)


def test_user_of_another_district_cannot_log_in(world: World) -> None:
    r = world.login("clerk_b", world.devices["a"][1])
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "wrong_district"
    r = world.login("super_a", world.devices["b"][1])
    assert r.status_code == 403
    # Central accounts may use any district's PC.
    assert world.login("central", world.devices["b"][1]).status_code == 200


def test_session_is_bound_to_its_device(world: World) -> None:
    a = world.actors["central"]
    headers = {
        "Authorization": f"Bearer {world.devices['b'][1]}",
        "X-Bkkdesk-Session": a.session_token or "",
    }
    r = world.client.get(f"{API}/records", params={"dataset": "test_shops"}, headers=headers)
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "session_invalid"


def test_brute_force_locks_the_account(world: World) -> None:
    token = world.devices["a"][1]
    for _ in range(4):
        r = world.login("clerk_a", token, password="wrong-guess")
        assert r.status_code == 401
        assert r.json()["error"]["code"] == "bad_credentials"
    r = world.login("clerk_a", token, password="wrong-guess")
    assert r.status_code == 401  # the fifth failure locks
    r = world.login("clerk_a", token)  # even the right password is refused now
    assert r.status_code == 429
    assert r.json()["error"]["code"] == "account_locked"
    retry = int(r.headers["Retry-After"])
    assert 14 * 60 <= retry <= 15 * 60 + 1
    # Other accounts are unaffected.
    assert world.login("super_a", token).status_code == 200
    with world.db.session() as s:
        actions = s.scalars(select(m.AuditEntry.action).where(m.AuditEntry.target == "clerk_a"))
        assert "login.locked" in set(actions)
    # When the lock has passed, the right password works and clears the count.
    with world.db.session() as s:
        s.execute(
            update(m.LoginThrottle)
            .where(m.LoginThrottle.username == "clerk_a")
            .values(locked_until=m.utcnow() - dt.timedelta(seconds=1))
        )
    assert world.login("clerk_a", token).status_code == 200
    with world.db.session() as s:
        assert s.get(m.LoginThrottle, "clerk_a") is None


def test_unknown_user_names_lock_the_same_way(world: World) -> None:
    token = world.devices["a"][1]
    codes = [world.login("nobody", token, password="x").status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]


def test_failures_outside_the_window_do_not_add_up(world: World) -> None:
    token = world.devices["a"][1]
    for _ in range(4):
        world.login("clerk_a", token, password="bad")
    with world.db.session() as s:
        s.execute(
            update(m.LoginThrottle)
            .where(m.LoginThrottle.username == "clerk_a")
            .values(window_start=m.utcnow() - dt.timedelta(minutes=16))
        )
    assert world.login("clerk_a", token, password="bad").status_code == 401
    assert world.login("clerk_a", token).status_code == 200


def test_disabled_user_loses_sessions_and_cannot_log_in(world: World) -> None:
    actor = world.actors["clerk_a"]
    params = {"dataset": "test_shops"}
    assert (
        world.client.get(f"{API}/records", params=params, headers=actor.headers).status_code == 200
    )
    r = world.client.post(
        f"{API}/admin/users/clerk_a/disable", headers=world.actors["itadmin"].headers
    )
    assert r.status_code == 200
    r = world.client.get(f"{API}/records", params=params, headers=actor.headers)
    assert r.status_code == 401
    assert r.json()["error"]["code"] in ("session_invalid", "user_disabled")
    r = world.login("clerk_a", world.devices["a"][1])
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "user_disabled"


def test_revoked_device_is_refused_everywhere(world: World) -> None:
    device_id, token = world.devices["b"]
    r = world.client.post(
        f"{API}/admin/devices/{device_id}/revoke", headers=world.actors["itadmin"].headers
    )
    assert r.status_code == 200
    assert r.json()["revoked_at"] is not None
    for path in ("/datasets", "/reference/districts"):
        r = world.client.get(f"{API}{path}", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401
        assert r.json()["error"]["code"] == "device_revoked"
    assert world.login("clerk_b", token).status_code == 401


def test_logout_ends_the_session(world: World) -> None:
    actor = world.actor("clerk_a", "a")
    assert world.client.post(f"{API}/auth/logout", headers=actor.headers).status_code == 200
    assert world.client.post(f"{API}/auth/logout", headers=actor.headers).status_code == 401


def test_expired_session_is_refused(world: World) -> None:
    actor = world.actor("super_a", "a")
    with world.db.session() as s:
        s.execute(
            update(m.Session)
            .where(m.Session.token_hash == world.sec.token_hash(actor.session_token or ""))
            .values(expires_at=m.utcnow() - dt.timedelta(seconds=1))
        )
    r = world.client.get(f"{API}/records", params={"dataset": "x_y"}, headers=actor.headers)
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "session_expired"


def test_changes_are_audited(world: World) -> None:
    with world.db.session() as s:
        rows: list[Any] = list(s.scalars(select(m.AuditEntry)))
    actions = {r.action for r in rows}
    assert {
        "districts.load",
        "enroll_code.create",
        "device.enroll",
        "user.add",
        "login",
        "device.revoke",
        "user.disable",
        "dataset.publish",
    } <= actions
    login = next(r for r in rows if r.action == "login")
    assert login.device_id is not None and login.actor == login.target
