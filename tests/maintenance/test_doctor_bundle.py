"""The diagnostics archive: what IT needs, and no personal data at all."""

from __future__ import annotations

import json
import logging
import random
import zipfile
from pathlib import Path

import pytest

from bkkdesk.cli.main import main
from bkkdesk.core import logsetup, paths
from bkkdesk.core.samples import sample_values
from bkkdesk.db.store import Store


@pytest.fixture
def seeded(data_dir: Path) -> dict[str, list[str]]:
    """Records of two built-in data sets with known names, national IDs and phones."""
    store = Store.open(data_dir)
    store.init_district("1004", admin="admin", password="admin-password",
                        display_name="สมศักดิ์ ทดสอบระบบ")
    rng = random.Random(42)
    secrets: dict[str, list[str]] = {"names": [], "ids": [], "phones": []}
    for i in range(6):
        v = store.records.add("street_vendor", sample_values("street_vendor", rng, "1004", seq=i),
                              user="admin").values
        secrets["names"].append(v["vendor_name"])
        secrets["ids"].append(v["national_id"])
        if v.get("phone"):
            secrets["phones"].append(v["phone"])
        f = store.records.add("food_inspection",
                              sample_values("food_inspection", rng, "1004", seq=i),
                              user="admin").values
        if f.get("owner_name"):
            secrets["names"].append(f["owner_name"])
        if f.get("owner_national_id"):
            secrets["ids"].append(f["owner_national_id"])
    store.close()
    secrets["names"].append("สมศักดิ์ ทดสอบระบบ")
    return secrets


def grouped(nid: str) -> str:
    return f"{nid[0]}-{nid[1:5]}-{nid[5:10]}-{nid[10:12]}-{nid[12]}"


def test_bundle_has_the_facts_and_no_personal_data(
    seeded: dict[str, list[str]], data_dir: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    names, ids = seeded["names"], seeded["ids"]
    # Log lines as careless code might write them: through the CLI's logger (no filter)
    # and straight into the files, including a crash log.
    log_dir = paths.log_dir(data_dir)
    logger = logging.getLogger("bkkdesk.test")
    for name, nid in zip(names, ids, strict=False):
        logger.warning("saved vendor %s id=%s", name, nid)
    (log_dir / "bkkdesk.log.1").write_text(
        "".join(f"2025-01-01 INFO x: แก้ไข {n} เลข {grouped(i)} โทร {p}\n"
                for n, i, p in zip(names, ids, seeded["phones"], strict=False)),
        encoding="utf-8")
    (log_dir / "crash.log").write_text(f"Traceback: values={{'vendor_name': '{names[0]}', "
                                       f"'national_id': '{ids[0]}'}}\n", encoding="utf-8")
    target = tmp_path / "out" / "diag.zip"
    assert main(["--data-dir", str(data_dir), "doctor-bundle", str(target), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert Path(report["bundle"]) == target
    with zipfile.ZipFile(target) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    assert {"README.txt", "versions.json", "settings.json", "database.json",
            "sync.json"} <= set(members)
    assert any(n.startswith("logs/bkkdesk.log") for n in members)
    assert "logs/crash.log" in members
    # What IT needs is there.
    db = json.loads(members["database.json"])
    assert db["records"] == {"street_vendor": 6, "food_inspection": 6}
    assert db["integrity"] == "ok" and db["schema_revision"] == db["schema_head"]
    versions = json.loads(members["versions.json"])
    assert versions["bkkdesk"] and versions["python"] and versions["qt"]
    assert "sqlite" in versions and "SQLAlchemy" in versions["packages"]
    assert "pending" in json.loads(members["sync.json"])
    # No database file, and no personal value anywhere, in any form.
    for name, body in members.items():
        assert not body.startswith(b"SQLite format 3"), name
        text = body.decode("utf-8")
        for nid in ids:
            assert nid not in text and grouped(nid) not in text, (name, nid)
        for person in names:
            assert person not in text, (name, person)
            for part in person.split():
                if len(part) >= 3 and not part.startswith(("นาย", "นาง")):
                    assert part not in text, (name, part)
        for phone in seeded["phones"]:
            assert phone not in text, (name, phone)
    assert b"[" in members["logs/crash.log"]  # masked, not dropped


def test_secrets_in_the_environment_are_masked(data_dir: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    Store.open(data_dir).close()
    monkeypatch.setenv("BKKDESK_PASSWORD", "hunter2-very-secret")
    monkeypatch.setenv("BKKDESK_SECRET_KEY", "server-secret-key-value")
    target = tmp_path / "d.zip"
    assert main(["--data-dir", str(data_dir), "doctor-bundle", str(target)]) == 0
    with zipfile.ZipFile(target) as zf:
        everything = b"".join(zf.read(n) for n in zf.namelist())
    assert b"hunter2-very-secret" not in everything
    assert b"server-secret-key-value" not in everything


def test_bundle_is_written_even_when_the_database_is_damaged(data_dir: Path,
                                                             tmp_path: Path) -> None:
    Store.open(data_dir).close()
    db = paths.database_path(data_dir)
    with db.open("r+b") as fh:
        fh.write(b"\x00" * 100)
    target = tmp_path / "broken.zip"
    assert main(["--data-dir", str(data_dir), "doctor-bundle", str(target)]) == 0
    with zipfile.ZipFile(target) as zf:
        assert "error" in json.loads(zf.read("database.json"))


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        ("id 1103700012345 saved", "1103700012345"),
        ("id 1-1037-00012-34-5 saved", "1-1037-00012-34-5"),
        ("นายสมชาย ใจดี แก้ไข", "สมชาย"),
        ("โทร 081-234-5678", "081-234-5678"),
        ("mail a.b@example.go.th", "a.b@example.go.th"),
    ],
)
def test_scrub_masks_personal_data(line: str, masked: str) -> None:
    assert masked not in logsetup.scrub(line)


def test_scrub_keeps_what_diagnosis_needs() -> None:
    line = "2025-06-01 12:00:00,123 ERROR bkkdesk.sync: push seq 1234567 failed (HTTP 503)"
    assert logsetup.scrub(line) == line
    assert logsetup.scrub("record 5f0c1a2e-1234-4c1b-9a77-000000000001") .endswith("0001")


def test_setup_logging_writes_scrubbed_lines(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    logger = logging.getLogger("bkkdesk")
    saved = list(logger.handlers)
    for h in saved:
        logger.removeHandler(h)
    try:
        path = logsetup.setup_logging("server", data=tmp_path / "d", crash_log=False)
        assert logsetup.setup_logging("server", data=tmp_path / "d", crash_log=False) == path
        handlers = [h for h in logger.handlers if isinstance(h, logging.FileHandler)]
        assert len(handlers) == 1  # idempotent
        logging.getLogger("bkkdesk.x").warning("owner %s", "3100500012345")
        logging.getLogger("uvicorn.error").warning("server line")
        for h in handlers:
            h.flush()
        text = path.read_text(encoding="utf-8")
        assert "3100500012345" not in text and "owner [" in text
        assert "server line" in text
    finally:
        for h in list(logger.handlers):
            logger.removeHandler(h)
            h.close()
        for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "alembic", "fastapi"):
            for h in list(logging.getLogger(name).handlers):
                if isinstance(h, logging.FileHandler):
                    logging.getLogger(name).removeHandler(h)
        for h in saved:
            logger.addHandler(h)


@pytest.mark.parametrize(
    ("argv", "windowed", "component"),
    [
        ([], True, "app"),
        (["app"], False, "app"),
        (["--data-dir", "x", "demo"], False, "app"),
        (["server", "run", "--port", "8000"], False, "server"),
        (["server", "users", "list"], False, "cli"),
        (["sync", "--once"], False, "cli"),
    ],
)
def test_component_for(argv: list[str], windowed: bool, component: str) -> None:
    assert logsetup.component_for(argv, windowed=windowed) == component
