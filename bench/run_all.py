"""Every benchmark in one go, each in its own process, at sizes that finish in minutes.

``--full`` uses each script's own (larger) defaults: a million records for the store and
the app, 100 000 for sync and Excel. The bundle figures run only when ``dist/bkkdesk``
exists (``make bundle``). Each script prints its figures beside a baseline measured in
the same run; this one only runs them and reports which failed.

Run: ``make bench`` or ``.venv/bin/python bench/run_all.py [--full]``
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

QUICK: list[tuple[str, list[str]]] = [
    ("bench_store.py", ["--sizes", "100000"]),
    ("bench_sync.py", ["--records", "20000"]),
    ("bench_excel.py", ["--rows", "50000", "--normal-rows", "10000"]),
    ("bench_ui.py", ["--records", "100000"]),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="each script's default sizes")
    args = parser.parse_args()
    runs = [(name, [] if args.full else extra) for name, extra in QUICK]
    if (ROOT / "dist" / "bkkdesk").is_dir():
        runs.append(("bench_bundle.py", []))
    failed: list[str] = []
    for name, extra in runs:
        print(f"\n===== {name} {' '.join(extra)}", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(HERE / name), *extra], cwd=ROOT)
        print(f"===== {name}: exit {code}, {time.perf_counter() - start:.0f} s", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
