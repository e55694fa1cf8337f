"""The command line as IT staff script it: exit statuses, JSON output, Thai+English errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bkkdesk.cli.main import main
from bkkdesk.db.store import Store


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def dd(store: Store) -> str:
    path = str(store.data_dir)
    store.close()
    return path


def test_add_get_edit_list_history(dd: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "--data-dir", dd, "--user", "admin", "records", "add", "shops", "--json",
        '{"shop_name": "ร้านป้าศรี", "inspected_on": "2/3/2568", "status": "pass"}',
    )
    assert code == 0
    record_id = out.strip()
    code, out, _ = run(capsys, "--data-dir", dd, "records", "get", record_id, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["values"]["inspected_on"] == "2025-03-02" and data["created_by"] == "admin"
    code, out, _ = run(capsys, "--data-dir", dd, "--user", "admin", "records", "edit",
                       record_id, "--json", '{"seats": 12}')
    assert code == 0 and "12" in out
    code, out, _ = run(capsys, "--data-dir", dd, "records", "list", "shops", "--search", "ป้า",
                       "--json")
    assert [r["id"] for r in json.loads(out)] == [record_id]
    code, out, _ = run(capsys, "--data-dir", dd, "--json", "records", "history", record_id)
    assert [h["action"] for h in json.loads(out)] == ["create", "update"]


def test_date_options_read_be_and_refuse_non_dates(
    dd: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for day in ("1/3/2568", "2/3/2568"):
        code, _, _ = run(
            capsys, "--data-dir", dd, "--user", "admin", "records", "add", "shops", "--json",
            json.dumps({"shop_name": f"ร้าน {day}", "inspected_on": day, "status": "pass"}),
        )
        assert code == 0
    # B.E. like the rest of the app (a text comparison would have matched both).
    code, out, _ = run(capsys, "--data-dir", dd, "--json", "records", "list", "shops",
                       "--from", "2/3/2568")
    assert code == 0 and [r["values"]["shop_name"] for r in json.loads(out)] == ["ร้าน 2/3/2568"]
    # The text listing reads like the screen: B.E. dates and choice labels.
    code, out, _ = run(capsys, "--data-dir", dd, "records", "list", "shops", "--from", "2/3/2568")
    assert code == 0 and "2 มี.ค. 2568" in out and "2025-03-02" not in out
    code, out, err = run(capsys, "--data-dir", dd, "records", "list", "shops", "--to", "31/2/2568")
    assert code == 2 and out == ""
    assert "--to" in err and "ไม่มีวันที่" in err and "no date" in err


def test_invalid_input_exits_2_with_thai_and_english(
    dd: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "--data-dir", dd, "--user", "admin", "records", "add", "shops", "--json",
        '{"owner_id": "1101700123454", "seats": -1, "nope": 1}',
    )
    assert code == 2 and out == ""
    assert "owner_id" in err and "เลขประจำตัวประชาชนไม่ถูกต้อง" in err and "check digit" in err
    assert "shop_name" in err and "ต้องกรอก" in err and "required" in err
    assert "seats" in err and "nope" in err
    assert "nothing was saved" in err
    code, out, err = run(capsys, "--data-dir", dd, "--user", "admin", "records", "add", "shops",
                         "--json", "{not json")
    assert code == 2 and "JSON" in err
    code, out, err = run(capsys, "--data-dir", dd, "--user", "admin", "records", "add", "shops",
                         "--json", "[1, 2]")
    assert code == 2
    code, out, err = run(capsys, "--data-dir", dd, "--json", "--user", "admin", "records", "add",
                         "shops", "--json", '{"seats": "many"}')
    assert code == 2
    error = json.loads(err)["error"]
    assert error["code"] == "validation"
    assert {e["field"] for e in error["errors"]} >= {"seats", "shop_name", "inspected_on"}
    # Nothing was written by any of these.
    code, out, _ = run(capsys, "--data-dir", dd, "--json", "doctor")
    assert json.loads(out)["pending_changes"] == 0


def test_writes_need_a_known_active_user(dd: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--data-dir", dd, "records", "add", "shops", "--json", "{}")
    assert code == 1 and "--user" in err
    code, _, err = run(capsys, "--data-dir", dd, "--user", "ghost", "records", "add", "shops",
                       "--json", "{}")
    assert code == 1 and "ghost" in err
    assert run(capsys, "--data-dir", dd, "users", "add", "somsri", "--role", "clerk",
               "--password", "long-enough-1")[0] == 0
    assert run(capsys, "--data-dir", dd, "users", "disable", "somsri")[0] == 0
    code, _, err = run(capsys, "--data-dir", dd, "--user", "somsri", "records", "add", "shops",
                       "--json", '{"shop_name": "x", "inspected_on": "2025-01-01"}')
    assert code == 1 and "disabled" in err


def test_no_district_is_refused_until_init(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dd = str(tmp_path / "new")
    code, _, err = run(capsys, "--data-dir", dd, "--user", "admin", "records", "add",
                       "kpi_report", "--json", "{}")
    assert code == 1 and "init" in err
    code, out, _ = run(capsys, "--data-dir", dd, "init", "--district", "9999",
                       "--password", "secret-123")
    assert code == 1
    code, out, _ = run(capsys, "--data-dir", dd, "init", "--district", "1004",
                       "--password", "secret-123")
    assert code == 0 and "บางรัก" in out
    code, out, _ = run(capsys, "--data-dir", dd, "--json", "datasets", "list")
    ids = {d["id"] for d in json.loads(out)}
    assert "kpi_report" in ids and "complaint" in ids


def test_datasets_show_and_doctor(dd: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--data-dir", dd, "datasets", "show", "shops")
    assert code == 0 and "national_id" in out and "ชื่อร้าน" in out
    code, out, _ = run(capsys, "--data-dir", dd, "doctor", "--json")
    info = json.loads(out)
    assert code == 0 and info["integrity"] == "ok" and info["district"] == "1004"
    code, out, _ = run(capsys, "--data-dir", dd, "records", "get", "no-such-id")
    assert code == 1


def test_console_script_and_module_entry_points(tmp_path: Path) -> None:
    env = {**os.environ, "BKKDESK_DATA_DIR": str(tmp_path / "d")}
    for cmd in ([sys.executable, "-m", "bkkdesk", "--version"],
                [str(Path(sys.executable).with_name("bkkdesk")), "--version"]):
        result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)
        assert result.returncode == 0 and "bkkdesk" in result.stdout
    # The overview with no command.
    result = subprocess.run([sys.executable, "-m", "bkkdesk"], capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 0 and "init" in result.stdout
