"""Helpers of the packaging tests: where the bundle is, a first-run environment."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "bkkdesk"


def cli_executable(bundle: Path) -> Path:
    return bundle / ("bkkdesk-cli.exe" if sys.platform == "win32" else "bkkdesk-cli")


def clean_env(tmp: Path) -> dict[str, str]:
    """The environment of a PC that has never run bkkdesk: everything under ``tmp``."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("BKKDESK_", "PYTHON", "VIRTUAL_ENV"))}
    env.update({
        "QT_QPA_PLATFORM": "offscreen",
        "BKKDESK_DATA_DIR": str(tmp / "data"),
        "HOME": str(tmp),
        "XDG_CONFIG_HOME": str(tmp / "config"),
        "XDG_STATE_HOME": str(tmp / "state"),
        "XDG_CACHE_HOME": str(tmp / "cache"),
        "XDG_DATA_HOME": str(tmp / "share"),
    })
    return env
