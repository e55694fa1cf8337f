"""Build the frozen bundle (``dist/bkkdesk/``) and smoke-test it.

    python tools/build_bundle.py              # translations, icon, PyInstaller, self-test
    python tools/build_bundle.py --no-test    # build only
    python tools/build_bundle.py --clean      # throw away PyInstaller's cache first
    python tools/build_bundle.py --make-icon  # (re)draw resources/icons/bkkdesk.{png,ico}
    python tools/build_bundle.py --if-changed # skip PyInstaller when no input changed

Steps: compile ``resources/translations/*.ts`` to ``.qm`` with ``pyside6-lrelease``;
draw the icon if it is missing; run PyInstaller on ``build.spec`` (its work directory
``build/bundle`` is kept, so a rebuild re-analyses only what changed); then run
``dist/bkkdesk/bkkdesk-cli self-test --json`` with ``QT_QPA_PLATFORM=offscreen``
(STYLE.md habit 10: the frozen build is smoke-tested, not only built). Exit status 0
only when the bundle was built and passed its self-test.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
WORK = ROOT / "build" / "bundle"
BUNDLE = DIST / "bkkdesk"
ICONS = ROOT / "resources" / "icons"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def cli_executable(bundle: Path = BUNDLE) -> Path:
    return bundle / ("bkkdesk-cli.exe" if sys.platform == "win32" else "bkkdesk-cli")


# --------------------------------------------------------------------- translations


def compile_translations() -> list[Path]:
    """``.ts`` → ``.qm`` beside it, with the lrelease PySide6 ships."""
    sources = sorted((ROOT / "resources" / "translations").glob("*.ts"))
    if not sources:
        return []
    import PySide6

    tool_dir = Path(PySide6.__file__).parent
    lrelease = next(
        (p for p in (tool_dir / "lrelease", tool_dir / "lrelease.exe",
                     tool_dir / "Qt" / "libexec" / "lrelease") if p.exists()),
        None,
    )
    command = [str(lrelease)] if lrelease else [shutil.which("pyside6-lrelease") or "lrelease"]
    out = []
    for ts in sources:
        qm = ts.with_suffix(".qm")
        subprocess.run([*command, "-silent", str(ts), "-qm", str(qm)], check=True)
        out.append(qm)
    return out


# --------------------------------------------------------------------- icon


def _draw_icon_png(size: int) -> bytes:
    """The app icon at ``size`` px as PNG: a BMA-green rounded square with ``บ``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter

    app = QGuiApplication.instance() or QGuiApplication([])
    assert app is not None
    family = "Sans Serif"
    font_id = QFontDatabase.addApplicationFont(
        str(ROOT / "resources" / "fonts" / "Sarabun-Bold.ttf")
    )
    if font_id >= 0:
        family = QFontDatabase.applicationFontFamilies(font_id)[0]
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    margin = size * 0.04
    rect = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#0b6e4f"))  # green of the BMA emblem
    p.drawRoundedRect(rect, size * 0.18, size * 0.18)
    p.setBrush(QColor("#f2c14e"))  # a gold band: the "desk"
    p.drawRect(QRectF(margin, size * 0.74, size - 2 * margin, size * 0.08))
    font = QFont(family)
    font.setPixelSize(max(8, int(size * 0.62)))
    font.setBold(True)
    p.setFont(font)
    p.setPen(QColor("white"))
    p.drawText(QRectF(0, -size * 0.08, size, size), Qt.AlignmentFlag.AlignCenter, "บ")
    p.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, b"PNG")
    buf.close()
    return bytes(data.data())


def ico_from_pngs(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG-compressed images (Vista and later read these)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    directory = io.BytesIO()
    body = io.BytesIO()
    offset = 6 + 16 * len(pngs)
    for size, png in sorted(pngs.items()):
        dim = 0 if size >= 256 else size  # 0 means 256
        directory.write(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset))
        body.write(png)
        offset += len(png)
    return header + directory.getvalue() + body.getvalue()


def make_icon() -> Path:
    ICONS.mkdir(parents=True, exist_ok=True)
    pngs = {size: _draw_icon_png(size) for size in ICO_SIZES}
    (ICONS / "bkkdesk.png").write_bytes(pngs[256])
    ico = ICONS / "bkkdesk.ico"
    ico.write_bytes(ico_from_pngs(pngs))
    return ico


# --------------------------------------------------------------------- build and test


def inputs_digest() -> str:
    """A hash of everything the bundle is made from: sources, resources, spec, packages."""
    from importlib import metadata

    h = hashlib.sha256()
    files = [ROOT / "build.spec", ROOT / "installer" / "launcher.py"]
    for top, patterns in (("bkkdesk", ("*.py", "*.mako", "*.ini")), ("resources", ("*",))):
        for pattern in patterns:
            files += (p for p in (ROOT / top).rglob(pattern)
                      if p.is_file() and "__pycache__" not in p.parts and ".ruff_cache"
                      not in p.parts)
    for path in sorted(set(files)):
        h.update(str(path.relative_to(ROOT)).encode())
        h.update(path.read_bytes())
    for dist in sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions()):
        h.update(dist.encode())
    h.update(sys.version.encode())
    return h.hexdigest()


STAMP = WORK / "inputs.sha256"


@contextlib.contextmanager
def build_lock() -> Iterator[None]:
    WORK.mkdir(parents=True, exist_ok=True)
    with (WORK / "build.lock").open("a+b") as fh:
        if sys.platform == "win32":
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        yield


def up_to_date() -> bool:
    return (cli_executable().exists() and STAMP.exists()
            and STAMP.read_text().strip() == inputs_digest())


def build(clean: bool = False) -> float:
    """Run PyInstaller on build.spec; returns the seconds it took."""
    compile_translations()
    if not (ICONS / "bkkdesk.ico").exists():
        make_icon()
    command = [
        sys.executable, "-m", "PyInstaller", str(ROOT / "build.spec"),
        "--noconfirm", "--log-level", "WARN",
        "--distpath", str(DIST), "--workpath", str(WORK),
    ]
    if clean:
        command.append("--clean")
    started = time.monotonic()
    digest = inputs_digest()
    STAMP.unlink(missing_ok=True)
    subprocess.run(command, check=True, cwd=ROOT)
    STAMP.write_text(digest + "\n")
    return time.monotonic() - started


def self_test(bundle: Path = BUNDLE, timeout: float = 600) -> tuple[int, dict[str, object]]:
    """Run the frozen ``bkkdesk-cli self-test --json`` in a scratch environment."""
    import tempfile

    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    for name in ("BKKDESK_RESOURCES", "PYTHONPATH", "PYTHONHOME"):
        env.pop(name, None)
    with tempfile.TemporaryDirectory(prefix="bkkdesk-selftest-") as tmp:
        env["BKKDESK_DATA_DIR"] = str(Path(tmp) / "data")
        env["HOME"] = tmp  # the user log/config dirs land here, not in the builder's home
        env["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        env["XDG_STATE_HOME"] = str(Path(tmp) / "state")
        env["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        proc = subprocess.run(
            [str(cli_executable(bundle)), "self-test", "--json"],
            capture_output=True, text=True, encoding="utf-8", env=env, timeout=timeout,
            cwd=tmp,
        )
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        report = {"stdout": proc.stdout[-4000:]}
    report["stderr"] = proc.stderr[-4000:]
    return proc.returncode, report


def bundle_size(bundle: Path = BUNDLE) -> int:
    return sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="drop PyInstaller's cache")
    parser.add_argument("--no-test", action="store_true", help="build without the self-test")
    parser.add_argument("--test-only", action="store_true", help="self-test the existing bundle")
    parser.add_argument("--make-icon", action="store_true", help="redraw the icon and stop")
    parser.add_argument("--if-changed", action="store_true",
                        help="reuse dist/bkkdesk when no source, resource or package changed")
    args = parser.parse_args(argv)
    if args.make_icon:
        print(f"icon: {make_icon()}")
        return 0
    with build_lock():  # two test sessions on one checkout must not build at once
        if args.if_changed and up_to_date():
            print(f"{BUNDLE} is up to date (inputs unchanged)")
        elif not args.test_only:
            seconds = build(clean=args.clean)
            print(f"built {BUNDLE} in {seconds:.0f} s, {bundle_size() / 1e6:.0f} MB")
    if args.no_test:
        return 0
    status, report = self_test()
    steps = report.get("steps", [])
    for step in steps if isinstance(steps, list) else []:
        print(f"  {step['status']:<8} {step['seconds']:>6.2f} s  {step['name']}  "
              f"{step.get('detail', '')}")
    if status != 0:
        print(json.dumps(report, ensure_ascii=False, indent=2), file=sys.stderr)
        print("self-test of the frozen bundle FAILED", file=sys.stderr)
        return 1
    print("self-test of the frozen bundle passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
