"""The frozen bundle: its size, and how long it takes to start, beside ``python -m bkkdesk``.

Prints, for the PyInstaller bundle (``dist/bkkdesk``, built by ``tools/build_bundle.py``)
and for the source checkout run by this interpreter, in the same run:

- size of the bundle on disk (total, and the biggest parts);
- start to the login window: the app (``bkkdesk app``) is started on a virtual screen
  (Xvfb) with a fresh, initialised data dir, and the time until an X window whose name
  holds "bkkdesk" appears is measured by polling ``xwininfo`` (no hook in the app needed);
  the first start (files not yet in the page cache when the bundle was just built) and the
  median of the warm starts;
- ``--version`` (interpreter + argument parsing: the floor of any command) and
  ``self-test`` (imports everything, Qt, a database, a server on loopback).

Run: ``.venv/bin/python bench/bench_bundle.py [--runs 5] [--bundle dist/bkkdesk]``
Needs Xvfb and xwininfo for the login-window figure; without them that row is skipped.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def human(n: float) -> str:
    return f"{n / 1e6:.0f} MB"


def bundle_size(bundle: Path) -> tuple[int, int, list[tuple[int, str]]]:
    total = 0
    files = 0
    parts: dict[str, int] = {}
    for p in bundle.rglob("*"):
        if p.is_file() and not p.is_symlink():
            size = p.stat().st_size
            total += size
            files += 1
            rel = p.relative_to(bundle).parts
            key = "/".join(rel[:3]) if rel[:2] == ("_internal", "PySide6") else "/".join(rel[:2])
            parts[key] = parts.get(key, 0) + size
    biggest = sorted(((v, k) for k, v in parts.items()), reverse=True)[:6]
    return total, files, biggest


def env_for(tmp: Path, display: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BKKDESK_")}
    env.update({
        "BKKDESK_DATA_DIR": str(tmp / "data"),
        "HOME": str(tmp),
        "XDG_CONFIG_HOME": str(tmp / "config"),
        "XDG_STATE_HOME": str(tmp / "state"),
        "XDG_CACHE_HOME": str(tmp / "cache"),
        "BKKDESK_MACHINE_CONFIG": str(tmp / "none.toml"),
    })
    if display:
        env["DISPLAY"] = display
        env["QT_QPA_PLATFORM"] = "xcb"
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def timed_run(cmd: Sequence[str], env: dict[str, str], timeout: float = 600) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr[-800:]}")
    return elapsed


class VirtualScreen:
    """An Xvfb server on an unused display number, for as long as the ``with`` lasts.

    The number is picked at random from a high range: low numbers (:0, :99) are what
    other tools on a shared machine use, and may be torn down under us.
    """

    def __enter__(self) -> str:
        rng = random.Random()
        for _ in range(20):
            number = rng.randrange(200, 900)
            if Path(f"/tmp/.X{number}-lock").exists():
                continue
            self.proc = subprocess.Popen(
                ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            socket = Path(f"/tmp/.X11-unix/X{number}")
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and self.proc.poll() is None:
                if socket.exists():
                    return f":{number}"
                time.sleep(0.05)
            self.proc.kill()
            self.proc.wait(10)
        raise RuntimeError("Xvfb did not start")

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def window_seconds(cmd: Sequence[str], env: dict[str, str], display: str,
                   timeout: float = 120) -> float:
    """Seconds from starting ``cmd`` until an X window named "...bkkdesk..." exists."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while True:
            out = subprocess.run(["xwininfo", "-root", "-tree", "-display", display],
                                 capture_output=True, text=True).stdout
            if "bkkdesk" in out.lower():
                return time.perf_counter() - t0
            if proc.poll() is not None:
                err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                raise RuntimeError(f"the app exited ({proc.returncode}) before a window: "
                                   f"{err[-800:]}")
            if time.perf_counter() - t0 > timeout:
                raise RuntimeError("no window within the timeout")
            time.sleep(0.02)
    finally:
        proc.kill()
        proc.wait(10)
        if proc.stderr is not None:
            proc.stderr.close()


def fmt(samples: list[float]) -> str:
    first = samples[0]
    warm = samples[1:] or samples
    return f"first {first:6.2f} s   warm median {statistics.median(warm):6.2f} s (n={len(warm)})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "bkkdesk")
    parser.add_argument("--runs", type=int, default=4, help="starts per figure (first + warm)")
    parser.add_argument("--skip-self-test", action="store_true")
    args = parser.parse_args(argv)
    exe_suffix = ".exe" if sys.platform == "win32" else ""
    frozen_cli = args.bundle / f"bkkdesk-cli{exe_suffix}"
    frozen_app = args.bundle / f"bkkdesk{exe_suffix}"
    if not frozen_cli.exists():
        print(f"no bundle at {args.bundle}: run tools/build_bundle.py first", file=sys.stderr)
        return 1

    total, files, biggest = bundle_size(args.bundle)
    print(f"bundle {args.bundle}: {human(total)} in {files} files")
    for size, part in biggest:
        print(f"  {human(size):>7}  {part}")

    variants = {
        "frozen": ([str(frozen_cli)], [str(frozen_app)]),
        "python -m bkkdesk": ([sys.executable, "-m", "bkkdesk"],
                              [sys.executable, "-m", "bkkdesk"]),
    }
    have_x = shutil.which("Xvfb") is not None and shutil.which("xwininfo") is not None
    results: dict[str, dict[str, list[float]]] = {name: {} for name in variants}
    # The variants take turns run by run, so that a busy machine slows both alike.
    with tempfile.TemporaryDirectory(prefix="bkkdesk-bench-") as tmpdir:
        tmp = Path(tmpdir)
        envs: dict[str, dict[str, str]] = {}
        for name, (cli, _app) in variants.items():
            envs[name] = env_for(tmp / name.replace(" ", "_"), None)
            subprocess.run([*cli, "init", "--district", "1004", "--admin", "admin",
                            "--password", "bench-password-1"], env=envs[name], check=True,
                           capture_output=True)
        for _ in range(args.runs):
            for name, (cli, _app) in variants.items():
                results[name].setdefault("--version", []).append(
                    timed_run([*cli, "--version"], envs[name]))
        if have_x:
            with VirtualScreen() as display:
                try:
                    for _ in range(args.runs):
                        for name, (_cli, app) in variants.items():
                            xenv = {**envs[name], "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
                            results[name].setdefault("login window", []).append(
                                window_seconds([*app, "app"], xenv, display))
                except RuntimeError as exc:
                    print(f"login window not measured: {exc}", file=sys.stderr)
                    for figures in results.values():
                        figures.pop("login window", None)
        if not args.skip_self_test:
            for _ in range(max(2, args.runs // 2)):
                for name, (cli, _app) in variants.items():
                    results[name].setdefault("self-test", []).append(
                        timed_run([*cli, "self-test"], envs[name]))

    print()
    for what in ("login window", "--version", "self-test"):
        for name, figures in results.items():
            if what in figures:
                print(f"{what:<13} {name:<18} {fmt(figures[what])}")
            elif what == "login window":
                print(f"{what:<13} {name:<18} not measured (needs Xvfb and xwininfo, "
                      "and bkkdesk app)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
