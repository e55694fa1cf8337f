"""The audit log's hash chain detects edited, deleted, re-ordered and cut-off entries."""

from __future__ import annotations

import sqlite3

import pytest

from bkkdesk.db import audit
from bkkdesk.db.store import Store


def _fill(store: Store) -> None:
    for i in range(5):
        r = store.records.add(
            "shops", {"shop_name": f"ร้านที่ {i}", "inspected_on": "2025-01-01"}, user="admin"
        )
        store.records.edit(r.id, {"seats": i}, user="admin")


def _verify(store: Store) -> audit.VerifyResult:
    with store.read() as s:
        return audit.verify(s)


def _sql(store: Store, statement: str) -> None:
    con = sqlite3.connect(store.path)
    con.execute(statement)
    con.commit()
    con.close()


def test_intact_log_verifies(store: Store) -> None:
    _fill(store)
    result = _verify(store)
    assert result.ok and result.checked >= 10


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE audit_log SET changes = '{}' WHERE id = 4",
        "UPDATE audit_log SET user = 'someone' WHERE id = 5",
        "DELETE FROM audit_log WHERE id = 6",
        "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
        "UPDATE audit_log SET at = '2020-01-01 00:00:00.000000' WHERE id = 3",
    ],
)
def test_tampering_is_detected(store: Store, tamper: str) -> None:
    _fill(store)
    _sql(store, tamper)
    result = _verify(store)
    assert not result.ok
    assert result.problems


def test_cli_audit_verify_exit_status(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    from bkkdesk.cli.main import main

    _fill(store)
    store.close()
    data_dir = str(store.data_dir)
    assert main(["--data-dir", data_dir, "audit", "verify"]) == 0
    _sql(store, "UPDATE audit_log SET changes = '{\"x\":1}' WHERE id = 7")
    assert main(["--data-dir", data_dir, "audit", "verify"]) == 1
    assert "tampered" in capsys.readouterr().out
