"""The frozen build (build.spec) is smoke-tested, not only built (STYLE.md habit 10)."""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from bundle_helpers import ROOT, clean_env, cli_executable

from bkkdesk import __version__

# Steps that must pass in every build; the rest may report "skipped: not available".
REQUIRED_STEPS = {"imports", "resources", "qt", "thai-font", "migrate", "record", "backup"}

pytestmark = pytest.mark.slow


@pytest.mark.timeout(1800)
def test_frozen_self_test_passes(frozen_bundle: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(cli_executable(frozen_bundle)), "self-test", "--json"],
        capture_output=True, text=True, encoding="utf-8", env=clean_env(tmp_path),
        cwd=tmp_path, timeout=600,
    )
    assert proc.stdout, proc.stderr
    report = json.loads(proc.stdout)
    steps = {s["name"]: s for s in report["steps"]}
    failed = {n: s["detail"] for n, s in steps.items() if s["status"] == "failed"}
    assert failed == {}, proc.stderr[-3000:]
    assert proc.returncode == 0
    assert report["frozen"] is True
    assert {n for n, s in steps.items() if s["status"] == "ok"} >= REQUIRED_STEPS, steps
    for s in steps.values():  # "skipped" only with a reason
        assert s["status"] != "skipped" or s["detail"].startswith("skipped:")
    # The self-test never touches the PC's own data dir.
    assert not (tmp_path / "data" / "bkkdesk.sqlite3").exists()


@pytest.mark.timeout(1800)
def test_frozen_version_and_help(frozen_bundle: Path, tmp_path: Path) -> None:
    exe = str(cli_executable(frozen_bundle))
    out = subprocess.run([exe, "--version"], capture_output=True, text=True,
                         env=clean_env(tmp_path), timeout=120)
    assert out.returncode == 0
    assert out.stdout.strip() == f"bkkdesk {__version__}"
    windowed = frozen_bundle / ("bkkdesk.exe" if sys.platform == "win32" else "bkkdesk")
    if sys.platform != "win32":  # a windowed .exe has no stdout to read on Windows
        out = subprocess.run([str(windowed), "--version"], capture_output=True, text=True,
                             env=clean_env(tmp_path), timeout=120)
        assert out.stdout.strip() == f"bkkdesk {__version__}"
    helped = subprocess.run([exe, "--help"], capture_output=True, text=True,
                            encoding="utf-8", env=clean_env(tmp_path), timeout=120)
    for command in ("self-test", "backup", "restore", "doctor-bundle", "doctor"):
        assert command in helped.stdout


@pytest.mark.timeout(1800)
def test_bundle_holds_every_runtime_file(frozen_bundle: Path) -> None:
    internal = frozen_bundle / "_internal"
    for rel in (
        "resources/datasets/street_vendor.json",
        "resources/reference/bangkok_districts.csv",
        "resources/reference/LICENSE-GeoThai.txt",
        "resources/fonts/Sarabun-Regular.ttf",
        "resources/fonts/OFL.txt",
        "resources/icons/bkkdesk.ico",
        "bkkdesk/db/migrations/env.py",
        "bkkdesk/server/migrations/env.py",
    ):
        assert (internal / rel).is_file(), rel
    for ts in (ROOT / "resources" / "translations").glob("*.ts"):  # compiled at build
        assert (internal / "resources" / "translations" / f"{ts.stem}.qm").is_file(), ts.name
    local = {p.name for p in (internal / "bkkdesk/db/migrations/versions").glob("*.py")}
    assert local == {p.name for p in (ROOT / "bkkdesk/db/migrations/versions").glob("*.py")}
    server = {p.name for p in (internal / "bkkdesk/server/migrations/versions").glob("*.py")}
    assert server == {p.name for p in (ROOT / "bkkdesk/server/migrations/versions").glob("*.py")}
    windowed = frozen_bundle / ("bkkdesk.exe" if sys.platform == "win32" else "bkkdesk")
    assert windowed.is_file()
    # No development tool rides along to a clerk's PC.
    assert not list(internal.glob("pytest*")) and not list(internal.glob("hypothesis*"))


def test_icon_is_a_multi_size_windows_icon() -> None:
    data = (ROOT / "resources" / "icons" / "bkkdesk.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1) and count >= 4
    sizes = {struct.unpack_from("<B", data, 6 + 16 * i)[0] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= sizes
    assert (ROOT / "resources" / "icons" / "bkkdesk.png").read_bytes()[:4] == b"\x89PNG"


def test_spec_reads_the_version_from_the_package() -> None:
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert 'ROOT / "bkkdesk" / "__init__.py"' in spec
    assert re.search(r"console=True", spec) and re.search(r"console=False", spec)
    assert "COLLECT(" in spec and spec.count("executable(") >= 2


def test_installer_script_has_the_switches_it_guide_documents() -> None:
    iss = (ROOT / "installer" / "bkkdesk.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=admin" in iss
    assert "{autopf}" in iss or "{commonpf}" in iss
    assert "/CONFIG=" in iss
    # Uninstalling never deletes the clerks' data (only the program folder).
    uninstall = iss.lower().partition("[uninstalldelete]")[2].partition("\n[")[0]
    assert "appdata" not in uninstall and "userdocs" not in uninstall
    guide = (ROOT / "docs" / "it-guide.md").read_text(encoding="utf-8")
    for words in ("/VERYSILENT", "/CONFIG=", "bkkdesk-cli restore", "doctor-bundle", "enroll"):
        assert words in guide


def test_launcher_runs_the_cli_from_source(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "installer" / "launcher.py"), "--version"],
                          capture_output=True, text=True, env=clean_env(tmp_path), timeout=120,
                          cwd=ROOT)
    assert proc.returncode == 0 and proc.stdout.strip() == f"bkkdesk {__version__}"
