"""Where bkkdesk keeps its files, resolved in one place.

Order: the command-line flag, then the environment variable, then ``data_dir`` of the
machine configuration (``bkkdesk.toml``, see :mod:`bkkdesk.core.machine_config`), then
the platform's default (``platformdirs``): on Windows ``%LOCALAPPDATA%\\BMA\\bkkdesk``.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "bkkdesk"
APP_AUTHOR = "BMA"


def data_dir(flag: str | os.PathLike[str] | None = None) -> Path:
    """The directory of the local database, drafts and backups (created if missing)."""
    if flag:
        path = Path(flag)
    elif os.environ.get("BKKDESK_DATA_DIR"):
        path = Path(os.environ["BKKDESK_DATA_DIR"])
    elif (configured := _configured_data_dir()) is not None:
        path = configured
    else:
        path = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _configured_data_dir() -> Path | None:
    from bkkdesk.core import machine_config  # imported late: pydantic, only when needed

    return machine_config.configured_data_dir()


def log_dir(data: Path | None = None) -> Path:
    """Logs live beside the data when the data dir was chosen, else in the user log dir."""
    default = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    if data is not None and (os.environ.get("BKKDESK_DATA_DIR") or data != default):
        path = data / "logs"
    else:
        path = Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_path(data: Path) -> Path:
    return data / "bkkdesk.sqlite3"


def backups_dir(data: Path) -> Path:
    path = data / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path
