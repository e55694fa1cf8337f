"""``bkkdesk server …`` administration commands, on both databases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from server_helpers import definition
from sqlalchemy import select

from bkkdesk.cli.main import main
from bkkdesk.cli.server import parse_duration
from bkkdesk.server import models as m
from bkkdesk.server.db import Database


class Cli:
    def __init__(self, tmp_path: Path, url: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.tmp_path, self.url, self.capsys = tmp_path, url, capsys

    def __call__(self, *args: str, expect: int = 0) -> Any:
        argv = ["--data-dir", str(self.tmp_path), "--json", "server", *args]
        if args[0] not in ("run",):
            argv += ["--database-url", self.url]
        code = main(argv)
        out, err = self.capsys.readouterr()
        assert code == expect, f"{args}: exit {code}\n{out}\n{err}"
        if code == 0:
            return json.loads(out) if out.strip() else None
        return json.loads(err)["error"]


@pytest.fixture
def cli(tmp_path: Path, database_url: str, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path, database_url, capsys)


def test_db_upgrade_and_districts(cli: Cli) -> None:
    out = cli("db", "upgrade")
    assert out["to"] == out["from"]  # already migrated by the fixture
    assert cli("db", "current")["current"] == out["to"]
    assert cli("districts", "load") == {"districts": 50, "subdistricts": 180}


def test_users_and_codes(cli: Cli) -> None:
    user = cli("users", "add", "somchai", "--role", "clerk", "--district", "1004",
               "--password", "longenough1", "--display-name", "สมชาย ใจดี")  # fmt: skip
    assert user == {
        "username": "somchai",
        "role": "clerk",
        "district_code": "1004",
        "display_name": "สมชาย ใจดี",
    }
    err = cli("users", "add", "somchai", "--role", "clerk", "--district", "1004",
              "--password", "longenough1", expect=1)  # fmt: skip
    assert err["code"] == "user_exists"
    err = cli("users", "add", "nodistrict", "--role", "clerk", "--password", "longenough1",
              expect=1)  # fmt: skip
    assert err["code"] == "district_required"
    err = cli("users", "add", "short", "--role", "admin", "--password", "x", expect=1)
    assert err["code"] == "weak_password"
    assert cli("users", "disable", "somchai") == {"username": "somchai", "disabled": True}
    assert cli("users", "list")[0]["disabled"] is True
    assert cli("users", "disable", "nobody", expect=1)["code"] == "unknown_user"

    code = cli("enroll-code", "--district", "1004", "--expires", "30m")
    assert code["district_code"] == "1004"
    assert len(code["code"].replace("-", "")) == 12
    db = Database(cli.url)
    try:
        with db.session() as s:
            rows = list(s.scalars(select(m.EnrollCode)))
            assert len(rows) == 1 and rows[0].code_hash != code["code"]
    finally:
        db.dispose()
    assert cli("enroll-code", "--district", "9999", expect=1)["code"] == "unknown_district"
    assert cli("enroll-code", "--district", "1004", "--expires", "soon", expect=1)["code"] == (
        "invalid_duration"
    )


def test_devices(cli: Cli, world: Any) -> None:
    devices = cli("devices", "list")
    assert {d["district_code"] for d in devices} == {"1001", "1002"}
    target = next(d for d in devices if d["revoked_at"] is None)
    revoked = cli("devices", "revoke", target["id"])
    assert revoked["id"] == target["id"] and revoked["revoked_at"]
    assert cli("devices", "revoke", "not-a-uuid", expect=1)["code"] == "unknown_device"


def test_datasets_publish(cli: Cli, tmp_path: Path) -> None:
    f = tmp_path / "test_shops.json"
    f.write_text(json.dumps(definition(version=1)), encoding="utf-8")
    assert cli("datasets", "publish", str(f))["version"] == 1
    assert cli("datasets", "publish", str(f), expect=1)["code"] == "version_not_newer"
    f.write_text(json.dumps(definition(version=3)), encoding="utf-8")
    assert cli("datasets", "publish", str(f))["version"] == 3
    listed = {d["id"]: d for d in cli("datasets", "list")}
    assert listed["test_shops"]["versions"] == [1, 3]
    f.write_text("{broken", encoding="utf-8")
    assert cli("datasets", "publish", str(f), expect=1)["code"] == "definition"
    assert cli("datasets", "publish", str(tmp_path / "nope.json"), expect=1)["code"] == (
        "definition"
    )


def test_unreachable_database_is_reported(tmp_path: Path, capsys: Any) -> None:
    code = main(["--data-dir", str(tmp_path), "server", "users", "list",
                 "--database-url", "postgresql+psycopg://nobody@127.0.0.1:1/none"])  # fmt: skip
    assert code == 1
    assert "cannot reach the database" in capsys.readouterr().err


def test_parse_duration() -> None:
    assert parse_duration("24h").total_seconds() == 86400
    assert parse_duration("30m").total_seconds() == 1800
    assert parse_duration("7d").days == 7
    assert parse_duration("2").total_seconds() == 7200
