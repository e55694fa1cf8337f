"""Consolidated Excel export on the server: scope by role, masking, audit, errors, the CLI."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from pathlib import Path
from typing import Any

import openpyxl
from server_helpers import API, World

from bkkdesk.cli.main import main as cli_main
from bkkdesk.core import nationalid
from bkkdesk.core.definitions import parse_definition
from bkkdesk.server import admin
from bkkdesk.server import models as m
from bkkdesk.server.db import Database

DATASET = "test_people"
NID = "1101700230708"  # a valid check digit (asserted below)


def _definition() -> dict[str, Any]:
    return {
        "id": DATASET,
        "version": 1,
        "title": {"th": "ผู้ค้าทดสอบ", "en": "Test vendors"},
        "fields": [
            {"name": "owner", "type": "text", "label": {"th": "ชื่อ", "en": "Name"},
             "personal": True},
            {"name": "nid", "type": "national_id",
             "label": {"th": "เลขประจำตัวประชาชน", "en": "National ID"}, "personal": True},
            {"name": "seen", "type": "date", "label": {"th": "วันที่", "en": "Date"}},
        ],
        "date_field": "seen",
    }


def _publish(db: Database) -> None:
    with db.session() as s:
        admin.publish_dataset(s, parse_definition(_definition()), "test")


def _add(db: Database, district: str, day: dt.date, owner: str = "สมชาย ใจดี") -> None:
    with db.session() as s:
        s.add(m.Record(
            id=uuid.uuid4(), dataset_id=DATASET, def_version=1, district_code=district,
            record_date=day, data={"owner": owner, "nid": NID, "seen": day.isoformat()},
            row_version=1, created_by="clerk", updated_by="clerk",
        ))


def _rows(content: bytes) -> list[tuple[Any, ...]]:
    wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [r for r in wb["ข้อมูล"].iter_rows(min_row=3, values_only=True) if any(r)]


def _get(world: World, actor: str, **params: Any) -> Any:
    return world.client.get(f"{API}/exports/{DATASET}", params=params,
                            headers=world.actors[actor].headers)


def test_central_exports_every_district_masked_by_default(world: World) -> None:
    assert nationalid.is_valid(NID)
    _publish(world.db)
    _add(world.db, "1001", dt.date(2025, 1, 10))
    _add(world.db, "1002", dt.date(2025, 2, 10))
    _add(world.db, "1002", dt.date(2025, 3, 10))

    r = _get(world, "central")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in r.headers["content-disposition"]
    rows = _rows(r.content)
    assert len(rows) == 3
    districts = sorted(str(row[0]) for row in rows)
    assert districts == sorted(["พระนคร", "ดุสิต", "ดุสิต"])
    flat = [str(v) for row in rows for v in row if v is not None]
    assert not any(NID in v or "1-1017-00230-70-8" in v for v in flat)
    assert any(v.startswith("1-") and v.endswith("-8") and "x" in v for v in flat)
    assert not any("สมชาย" in v for v in flat)

    # Filters: one district and a date range.
    r = _get(world, "central", district="1002", **{"from": "2025-03-01", "to": "2025-03-31"})
    assert r.status_code == 200, r.text
    assert len(_rows(r.content)) == 1

    # Unmasked on request, and the export is audited with what it wrote.
    r = _get(world, "central", unmasked="true")
    assert r.status_code == 200
    flat = [str(v) for row in _rows(r.content) for v in row if v is not None]
    assert any(v == "สมชาย ใจดี" for v in flat)
    with world.db.session() as s:
        exports = [e for e in admin.audit_entries(s) if e.action == "export"]
    assert len(exports) == 3
    last = exports[0]
    assert last.actor == "central" and last.target == DATASET
    assert last.details["rows"] == 3 and last.details["unmasked"] is True


def test_a_supervisor_exports_only_their_own_district(world: World) -> None:
    _publish(world.db)
    _add(world.db, "1001", dt.date(2025, 1, 10))
    _add(world.db, "1002", dt.date(2025, 2, 10))
    r = _get(world, "super_a")
    assert r.status_code == 200, r.text
    assert [row[0] for row in _rows(r.content)] == ["พระนคร"]
    r = _get(world, "super_a", district="1002")
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "other_district"
    assert _get(world, "clerk_a").status_code == 403


def test_bad_requests_are_clear_errors(world: World) -> None:
    _publish(world.db)
    r = _get(world, "central", **{"from": "2025-03-01", "to": "2025-01-01"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "bad_range"
    r = _get(world, "central", district="9999")
    assert r.status_code == 422 and r.json()["error"]["code"] == "unknown_district"
    r = _get(world, "central", district="10x1")
    assert r.status_code == 422
    r = world.client.get(f"{API}/exports/no_such_set", headers=world.actors["central"].headers)
    assert r.status_code == 404 and r.json()["error"]["code"] == "unknown_dataset"
    error = r.json()["error"]
    assert "ชุดข้อมูล" in error["th"] and "data set" in error["en"]


def test_cli_server_export(world: World, database_url: str, tmp_path: Path,
                           capsys: Any) -> None:
    _publish(world.db)
    _add(world.db, "1001", dt.date(2025, 1, 10))
    _add(world.db, "1002", dt.date(2025, 2, 10))
    out = tmp_path / "all.xlsx"
    code = cli_main(["server", "export", DATASET, "-o", str(out), "--district", "1002",
                     "--database-url", database_url])
    assert code == 0, capsys.readouterr()
    assert "1" in capsys.readouterr().out
    wb = openpyxl.load_workbook(out, read_only=True)
    rows = [r for r in wb["ข้อมูล"].iter_rows(min_row=3, values_only=True) if any(r)]
    assert [r[0] for r in rows] == ["ดุสิต"]
    code = cli_main(["server", "export", DATASET, "-o", str(out), "--district", "9999",
                     "--database-url", database_url])
    assert code != 0
    assert "9999" in capsys.readouterr().err
