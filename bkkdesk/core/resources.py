"""Where the read-only resources (definitions, reference data, translations, fonts) live.

In a source checkout they are in ``resources/`` at the top of the repository; in a
PyInstaller bundle they are unpacked beside the executable (``sys._MEIPASS``). The
environment variable ``BKKDESK_RESOURCES`` overrides both (tests, IT diagnostics).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    """Return the directory holding ``datasets/``, ``reference/``, ``translations/`` …"""
    override = os.environ.get("BKKDESK_RESOURCES")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource(*parts: str) -> Path:
    """Path of one resource, e.g. ``resource("reference", "bangkok_districts.csv")``."""
    return resources_dir().joinpath(*parts)
