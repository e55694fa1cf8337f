"""The update notice and the self-test run from source (the frozen one: tests/packaging)."""

from __future__ import annotations

import json

import pytest

from bkkdesk.cli.main import main
from bkkdesk.sync.updates import is_newer, update_notice


@pytest.mark.parametrize(
    ("a", "b", "newer"),
    [
        ("0.2.0", "0.1.0", True),
        ("0.1.10", "0.1.9", True),
        ("1.0", "1.0.0", False),
        ("1.0.0", "1.0.0rc1", True),
        ("1.0.0rc2", "1.0.0rc1", True),
        ("0.9.9", "1.0.0", False),
        ("v1.2.0", "1.1.9", True),
    ],
)
def test_version_order(a: str, b: str, newer: bool) -> None:
    assert is_newer(a, b) is newer


def test_no_notice_when_current() -> None:
    assert update_notice({"version": "0.1.0"}, current="0.1.0") is None
    assert update_notice({"version": "0.0.9"}, current="0.1.0") is None
    assert update_notice({}, current="0.1.0") is None


def test_notice_from_the_servers_version_or_published_latest() -> None:
    n = update_notice({"version": "0.2.0"}, current="0.1.0")
    assert n is not None and not n.required and n.latest == "0.2.0"
    assert "0.2.0" in n.th and "0.1.0" in n.th and "available" in n.en
    n = update_notice({"version": "0.9.0", "latest_client_version": "0.3.0",
                       "client_download_url": "https://it.bma/bkkdesk"}, current="0.1.0")
    assert n is not None and n.latest == "0.3.0" and "https://it.bma/bkkdesk" in n.en


def test_required_update_says_the_records_are_kept() -> None:
    n = update_notice({"latest_client_version": "0.4.0", "min_client_version": "0.3.0"},
                      current="0.2.5")
    assert n is not None and n.required and n.latest == "0.4.0"
    assert "ต้องปรับรุ่น" in n.th and "kept" in n.en
    assert n.as_dict()["required"] is True


@pytest.mark.slow
def test_self_test_from_source_passes(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["self-test", "--json"])
    report = json.loads(capsys.readouterr().out)
    failed = {s["name"]: s["detail"] for s in report["steps"] if s["status"] == "failed"}
    assert failed == {}
    assert status == 0 and report["frozen"] is False
    ok = {s["name"] for s in report["steps"] if s["status"] == "ok"}
    assert {"imports", "resources", "qt", "thai-font", "migrate", "record", "backup"} <= ok
