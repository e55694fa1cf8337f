"""The real thing: ``bkkdesk server run`` as a process on a loopback port, over real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from server_helpers import API

from bkkdesk.cli.main import main


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_server_run_enroll_and_login(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    # The admin prepares the embedded database, an account and a code, as IT would.
    base = ["--data-dir", str(data), "--json", "server"]
    assert main([*base, "db", "upgrade"]) == 0
    assert main([*base, "users", "add", "clerk1", "--role", "clerk", "--district", "1001",
                 "--password", "live-pass-123"]) == 0  # fmt: skip
    capsys.readouterr()
    assert main([*base, "enroll-code", "--district", "1001"]) == 0
    import json

    code = json.loads(capsys.readouterr().out)["code"]

    port = _free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("BKKDESK_") or k == "BKKDESK_RESOURCES"
    }
    env["BKKDESK_ARGON2_MEMORY_KIB"] = "1024"
    env["BKKDESK_ARGON2_TIME_COST"] = "1"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bkkdesk",
            "--data-dir",
            str(data),
            "server",
            "run",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}{API}"
        with httpx.Client(base_url=url, timeout=10) as http:
            deadline = time.monotonic() + 30
            while True:
                try:
                    health = http.get("/health")
                    break
                except httpx.TransportError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        out = proc.stdout.read().decode() if proc.stdout else ""
                        pytest.fail(f"server did not start (exit {proc.poll()}):\n{out}")
                    time.sleep(0.1)
            assert health.status_code == 200
            assert health.json()["database"] == "ok"

            r = http.post("/enroll", json={"code": code, "device_name": "live-pc"})
            assert r.status_code == 201, r.text
            token = r.json()["device_token"]
            device = {"Authorization": f"Bearer {token}", "X-Bkkdesk-App-Version": "0.1.0"}
            assert http.post("/enroll", json={"code": code}).status_code == 401

            r = http.post(
                "/auth/login",
                json={"username": "clerk1", "password": "live-pass-123"},
                headers=device,
            )
            assert r.status_code == 200, r.text
            session = {**device, "X-Bkkdesk-Session": r.json()["session_token"]}
            assert r.json()["user"]["district_code"] == "1001"

            r = http.get("/records", params={"dataset": "canal"}, headers=session)
            assert r.status_code == 200
            r = http.get("/records", params={"dataset": "canal", "district": "1002"},
                         headers=session)  # fmt: skip
            assert r.status_code == 403
            assert r.json()["error"]["code"] == "other_district"
            r = http.post("/enroll", content=b"x" * (11 * 1024 * 1024),
                          headers={"Content-Type": "application/json"})  # fmt: skip
            assert r.status_code == 413
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()
