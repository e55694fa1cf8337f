"""Maintenance tests never read a real machine or user bkkdesk.toml."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _no_real_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BKKDESK_MACHINE_CONFIG", str(tmp_path / "no-machine" / "bkkdesk.toml"))
    monkeypatch.setenv("BKKDESK_USER_CONFIG", str(tmp_path / "no-user" / "bkkdesk.toml"))
