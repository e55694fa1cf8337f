"""Helpers of the server suite (imported by conftest and tests): settings, a populated world."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from bkkdesk.core.definitions import DatasetDef, parse_definition
from bkkdesk.server import admin
from bkkdesk.server.db import Database
from bkkdesk.server.security import Security
from bkkdesk.server.settings import ServerSettings

API = "/api/v1"
PASSWORD = "correct-horse-9"


def fast_settings(database_url: str | None, **overrides: Any) -> ServerSettings:
    """Settings for tests: cheap argon2 (the cost is a setting), no env file."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "argon2_time_cost": 1,
        "argon2_memory_kib": 1024,
        "argon2_parallelism": 1,
    }
    values.update(overrides)
    return ServerSettings(_env_file=None, **values)


# ---------------------------------------------------------------- a populated world


def definition(dataset_id: str = "test_shops", version: int = 1) -> dict[str, Any]:
    return {
        "id": dataset_id,
        "version": version,
        "title": {"th": "ร้านทดสอบ", "en": "Test shops"},
        "fields": [
            {"name": "shop_name", "type": "text", "label": {"th": "ชื่อร้าน", "en": "Shop"}},
            {"name": "visit_date", "type": "date", "label": {"th": "วันที่", "en": "Date"}},
        ],
        "date_field": "visit_date",
    }


@dataclass
class Actor:
    """A user logged in on a device: the headers its requests carry."""

    username: str
    device_token: str | None
    session_token: str | None = None
    device_id: str | None = None

    @property
    def headers(self) -> dict[str, str]:
        h = {}
        if self.device_token:
            h["Authorization"] = f"Bearer {self.device_token}"
        if self.session_token:
            h["X-Bkkdesk-Session"] = self.session_token
        return h


@dataclass
class World:
    """Districts 1001 (A) and 1002 (B), a device in each, users of every role."""

    client: Any  # starlette TestClient
    db: Database
    sec: Security
    devices: dict[str, tuple[str, str]] = field(default_factory=dict)  # name → (id, token)
    actors: dict[str, Actor] = field(default_factory=dict)

    def add_user(self, username: str, role: str, district: str | None) -> None:
        with self.db.session() as s:
            admin.add_user(
                s,
                self.sec,
                username=username,
                role=role,
                password=PASSWORD,
                district_code=district,
                display_name=username.title(),
                actor="test",
            )

    def enroll(self, district: str, name: str = "pc") -> tuple[str, str]:
        with self.db.session() as s:
            code, _ = admin.create_enroll_code(
                s, self.sec, district_code=district, expires=hours(1), actor="test"
            )
        r = self.client.post(f"{API}/enroll", json={"code": code, "device_name": name})
        assert r.status_code == 201, r.text
        body = r.json()
        return body["device_id"], body["device_token"]

    def login(self, username: str, device_token: str, password: str = PASSWORD) -> Any:
        return self.client.post(
            f"{API}/auth/login",
            json={"username": username, "password": password},
            headers={"Authorization": f"Bearer {device_token}"},
        )

    def actor(self, username: str, device: str) -> Actor:
        device_id, token = self.devices[device]
        r = self.login(username, token)
        assert r.status_code == 200, r.text
        return Actor(username, token, r.json()["session_token"], device_id)


def hours(n: float) -> dt.timedelta:
    return dt.timedelta(hours=n)


def parsed_definition(version: int = 1) -> DatasetDef:
    return parse_definition(definition(version=version))
