"""Authorization matrix: every endpoint × every kind of caller, each answer's status checked.

Callers: no credential, a device without a user, each role in its own district and
aimed at another district, a revoked device, a disabled user. "Own/other" is the district
the request targets (the records filter, the district of a new code or account, the
device a user logs in on); for requests without a district both variants are sent and
must be answered the same. The users of district A (1001) work on device A; central
users too. The table is the specification: change it only with the design.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from server_helpers import API, PASSWORD, Actor, World, definition

from bkkdesk.server import admin

CALLERS = [
    "none",
    "device",
    "clerk_own",
    "clerk_other",
    "super_own",
    "super_other",
    "central_own",
    "central_other",
    "admin_own",
    "admin_other",
    "revoked",
    "disabled",
]

# endpoint → expected status per caller, in CALLERS order.
MATRIX: dict[str, list[int]] = {
    #                   none dev  c_o  c_x  s_o  s_x  C_o  C_x  a_o  a_x  rev  dis
    "health":          [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    "enroll":          [201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201],
    "login":           [401, 401, 200, 403, 200, 403, 200, 200, 200, 200, 401, 403],
    "logout":          [401, 401, 200, 200, 200, 200, 200, 200, 200, 200, 401, 401],
    "device_report":   [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401, 200],
    "datasets":        [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401, 200],
    "dataset_version": [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401, 200],
    "reference":       [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401, 200],
    "records":         [401, 401, 200, 403, 200, 403, 200, 200, 403, 403, 401, 401],
    "export":          [401, 401, 403, 403, 200, 403, 200, 200, 403, 403, 401, 401],
    "admin_devices":   [401, 401, 403, 403, 403, 403, 403, 403, 200, 200, 401, 401],
    "admin_revoke":    [401, 401, 403, 403, 403, 403, 403, 403, 200, 200, 401, 401],
    "admin_users":     [401, 401, 403, 403, 403, 403, 403, 403, 200, 200, 401, 401],
    "admin_add_user":  [401, 401, 403, 403, 403, 403, 403, 403, 201, 201, 401, 401],
    "admin_disable":   [401, 401, 403, 403, 403, 403, 403, 403, 200, 200, 401, 401],
    "admin_enroll":    [401, 401, 403, 403, 403, 403, 403, 403, 201, 201, 401, 401],
    "admin_publish":   [401, 401, 403, 403, 403, 403, 403, 403, 201, 201, 401, 401],
    "admin_audit":     [401, 401, 403, 403, 403, 403, 403, 403, 200, 200, 401, 401],
}  # fmt: skip

OWN, OTHER = "1001", "1002"
SYNC = f"{API}/sync/"


@dataclass
class Call:
    """One caller's view: its credentials, its user and the district it aims at."""

    world: World
    caller: str
    actor: Actor
    target: str

    def send(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = dict(self.actor.headers)
        headers.update(kwargs.pop("headers", {}))
        return self.world.client.request(method, f"{API}{path}", headers=headers, **kwargs)


def _actor_for(world: World, caller: str) -> Actor:
    if caller == "none":
        return Actor("clerk_a", None)
    if caller == "device":
        return Actor("clerk_a", world.devices["a"][1])
    if caller in ("revoked", "disabled"):
        return world.actors[caller]
    role = caller.rsplit("_", 1)[0]
    name = {"clerk": "clerk_a", "super": "super_a", "central": "central", "admin": "itadmin"}[role]
    return world.actors[name]


def _fresh_session(c: Call) -> dict[str, str]:
    """A new session for the caller's user (so logging out spends no shared session)."""
    if c.caller in ("none", "device", "revoked", "disabled"):
        return {}
    r = c.world.login(c.actor.username, c.actor.device_token or "")
    assert r.status_code == 200, r.text
    return {"X-Bkkdesk-Session": r.json()["session_token"]}


def _login(c: Call) -> Any:
    if c.caller == "device":
        body = {"username": "clerk_a", "password": "wrong-password"}
        return c.send("POST", "/auth/login", json=body)
    # A district user logging in on a PC of the target district.
    token = c.actor.device_token
    if c.caller not in ("none", "revoked", "disabled") and c.target == OTHER:
        token = c.world.devices["b"][1]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return c.world.client.post(
        f"{API}/auth/login",
        json={"username": c.actor.username, "password": PASSWORD},
        headers=headers,
    )


def _enroll(c: Call) -> Any:
    with c.world.db.session() as s:
        code, _ = admin.create_enroll_code(
            s, c.world.sec, district_code=c.target, expires=_hour(), actor="test"
        )
    return c.send("POST", "/enroll", json={"code": code})


def _hour() -> Any:
    import datetime as dt

    return dt.timedelta(hours=1)


def _throwaway_device(c: Call) -> str:
    with c.world.db.session() as s:
        code, _ = admin.create_enroll_code(
            s, c.world.sec, district_code=c.target, expires=_hour(), actor="test"
        )
        device, _token, _d = admin.enroll(
            s, c.world.sec, code=code, device_name="spare", app_version=None
        )
        return str(device.id)


def _throwaway_user(c: Call) -> str:
    name = f"tmp_{uuid.uuid4().hex[:8]}"
    c.world.add_user(name, "clerk", c.target)
    return name


def _publish(c: Call) -> Any:
    with c.world.db.session() as s:
        latest = admin.latest_version(s, "test_shops") or 0
    return c.send("POST", "/admin/datasets", json=definition(version=latest + 1))


REQUESTS: dict[str, Callable[[Call], Any]] = {
    "health": lambda c: c.send("GET", "/health"),
    "enroll": _enroll,
    "login": _login,
    "logout": lambda c: c.send("POST", "/auth/logout", headers=_fresh_session(c)),
    "device_report": lambda c: c.send(
        "POST",
        "/devices/report",
        json={"app_version": "0.1.0", "pending_count": 3, "definition_versions": {"x_y": 1}},
    ),
    "datasets": lambda c: c.send("GET", "/datasets"),
    "dataset_version": lambda c: c.send("GET", "/datasets/test_shops/versions/1"),
    "reference": lambda c: c.send("GET", "/reference/districts"),
    "records": lambda c: c.send(
        "GET", "/records", params={"dataset": "test_shops", "district": c.target}
    ),
    "export": lambda c: c.send("GET", "/exports/test_shops", params={"district": c.target}),
    "admin_devices": lambda c: c.send("GET", "/admin/devices"),
    "admin_revoke": lambda c: c.send("POST", f"/admin/devices/{_throwaway_device(c)}/revoke"),
    "admin_users": lambda c: c.send("GET", "/admin/users"),
    "admin_add_user": lambda c: c.send(
        "POST",
        "/admin/users",
        json={
            "username": f"new_{uuid.uuid4().hex[:8]}",
            "role": "clerk",
            "district_code": c.target,
            "password": PASSWORD,
        },
    ),
    "admin_disable": lambda c: c.send("POST", f"/admin/users/{_throwaway_user(c)}/disable"),
    "admin_enroll": lambda c: c.send(
        "POST", "/admin/enroll-codes", json={"district_code": c.target, "expires_hours": 2}
    ),
    "admin_publish": _publish,
    "admin_audit": lambda c: c.send("GET", "/admin/audit"),
}


def test_matrix_covers_every_operation(client: Any) -> None:
    spec = client.get(f"{API}/openapi.json").json()
    # The sync endpoints have their own authorization tests.
    operations = sum(
        len(methods) for path, methods in spec["paths"].items() if not path.startswith(SYNC)
    )
    assert set(MATRIX) == set(REQUESTS)
    assert len(MATRIX) == operations, "a new endpoint needs its row in the matrix"
    assert all(len(row) == len(CALLERS) for row in MATRIX.values())


def test_authorization_matrix(world: World) -> None:
    failures = []
    for endpoint, expected_row in MATRIX.items():
        for caller, expected in zip(CALLERS, expected_row, strict=True):
            target = OTHER if caller.endswith("_other") else OWN
            call = Call(world, caller, _actor_for(world, caller), target)
            response = REQUESTS[endpoint](call)
            if response.status_code != expected:
                failures.append(
                    f"{endpoint:<16} {caller:<14} expected {expected}, got "
                    f"{response.status_code}: {response.text[:160]}"
                )
            elif expected >= 400:
                body = response.json()
                assert set(body["error"]) >= {"code", "th", "en"}, body
    assert not failures, "\n" + "\n".join(failures)
