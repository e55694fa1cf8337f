"""The frozen bundle, built once per test session (reused when nothing changed)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bundle_helpers import BUNDLE, ROOT, cli_executable


@pytest.fixture(scope="session")
def frozen_bundle() -> Path:
    """Build dist/bkkdesk with PyInstaller (tools/build_bundle.py --if-changed).

    The build takes about 2–3 minutes on a 2-core machine; PyInstaller's work directory
    (build/bundle) and an unchanged dist/bkkdesk are reused, so a second run costs a few
    seconds. PyInstaller is in the ``build`` extra: ``pip install -e .[build]``.
    """
    if importlib.util.find_spec("PyInstaller") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PyInstaller is missing: CI must build the bundle (make setup)")
        pytest.skip("PyInstaller is not installed: pip install -e '.[build]' (make bundle-test)")
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_bundle.py"), "--if-changed", "--no-test"],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=1500,
    )
    if proc.returncode != 0:
        pytest.fail(f"the bundle did not build:\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}")
    print(f"bundle ready in {time.monotonic() - started:.0f} s: {proc.stdout.strip()}")
    assert cli_executable(BUNDLE).exists()
    return BUNDLE
