"""Fixtures of the sync suite: a live server on loopback (SQLite file) per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from synchelpers import LiveServer, close_engines


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("BKKDESK_") and name not in (
            "BKKDESK_RESOURCES", "BKKDESK_TEST_PG_URL", "BKKDESK_DATA_DIR"
        ):
            monkeypatch.delenv(name)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _close_engines() -> Iterator[None]:
    yield
    close_engines()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    srv = LiveServer(tmp_path / "server")
    try:
        yield srv
    finally:
        close_engines()
        srv.stop()
