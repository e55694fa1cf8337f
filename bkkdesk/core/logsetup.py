"""One place that sends every entry point's log to the rotating files IT staff read.

The command line, the app (``bkkdesk app``), the central server (``bkkdesk server run``)
and the frozen launcher call :func:`setup_logging` first thing. It is idempotent and
compatible with :class:`bkkdesk.cli.context.Context.logger` (which adds the same
handler when none is there): one ``RotatingFileHandler`` on the ``bkkdesk`` logger,
2 MB × 5 files, UTF-8, in :func:`bkkdesk.core.paths.log_dir`.

- ``component="server"`` also routes uvicorn's and Alembic's loggers to the file
  (``bkkdesk-server.log``), so that a server problem is in the same place as the rest.
- A crash of native code (Qt, SQLite) is written by :mod:`faulthandler` to
  ``crash.log`` beside the log, and an uncaught Python exception goes to the log
  through :func:`install_excepthook`.
- A :class:`ScrubFilter` masks 13-digit numbers (national IDs) before a line is
  written: personal data does not belong in a log (PDPA); the diagnostics archive
  scrubs again with the names found in the database (``bkkdesk doctor-bundle``).
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO, Literal

from bkkdesk.core import paths

Component = Literal["cli", "app", "server"]
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_BYTES = 2_000_000
BACKUP_COUNT = 5

_FILE_NAMES: dict[Component, str] = {
    "cli": "bkkdesk.log",
    "app": "bkkdesk.log",
    "server": "bkkdesk-server.log",
}
_SERVER_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "alembic", "fastapi")
_crash_file: IO[str] | None = None

# 13 digits, possibly grouped like 1-2345-67890-12-3 or with spaces; not part of a
# longer number (a timestamp or a device counter must stay readable).
NATIONAL_ID_RE = re.compile(r"(?<![0-9])[0-9](?:[- ]?[0-9]){12}(?![0-9])")
PHONE_RE = re.compile(r"(?<![0-9])0[0-9]{1,2}-?[0-9]{3}-?[0-9]{4}(?![0-9])")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# A Thai personal title followed by the name (and a surname).
THAI_NAME_RE = re.compile(
    r"(?:นางสาว|นาง|นาย|ด\.ช\.|ด\.ญ\.|เด็กชาย|เด็กหญิง|น\.ส\.)\s*[\u0E00-\u0E7F]+"
    r"(?:\s+[\u0E00-\u0E7F]+)?"
)


def scrub(line: str, names: Iterable[str] = ()) -> str:
    """``line`` with national IDs, phone numbers, e-mail addresses and names masked.

    ``names`` are exact strings to mask as well (personal values read from the
    database); longer ones are replaced first so that a full name goes before its parts.
    """
    for name in sorted({n for n in names if n and len(n) >= 2}, key=len, reverse=True):
        line = line.replace(name, "[ชื่อ/name]")
    line = NATIONAL_ID_RE.sub("[เลขประจำตัว/ID]", line)
    line = PHONE_RE.sub("[โทร/phone]", line)
    line = EMAIL_RE.sub("[email]", line)
    return THAI_NAME_RE.sub("[ชื่อ/name]", line)


class ScrubFilter(logging.Filter):
    """Masks personal data in a record's final message before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a bad format string: keep the record as it is
            return True
        cleaned = scrub(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True


def component_for(argv: list[str], *, windowed: bool = False) -> Component:
    """Which log an invocation writes: ``app``/``demo`` → app, ``server run`` → server."""
    words: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--data-dir", "--user"):  # the global options that take a value
            skip = True
        elif not arg.startswith("-"):
            words.append(arg)
    if windowed or (words and words[0] in ("app", "demo")):
        return "app"
    if words[:2] == ["server", "run"]:
        return "server"
    return "cli"


def log_file(component: Component = "cli", data: Path | None = None) -> Path:
    return paths.log_dir(data) / _FILE_NAMES[component]


def _file_handler(path: Path) -> logging.Handler:
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(ScrubFilter())
    return handler


def _file_handler_of(logger: logging.Logger) -> logging.Handler | None:
    for h in logger.handlers:
        if isinstance(h, logging.handlers.RotatingFileHandler):
            return h
    return None


def setup_logging(
    component: Component = "cli",
    *,
    data: Path | None = None,
    level: int = logging.INFO,
    crash_log: bool = True,
) -> Path:
    """Route the ``bkkdesk`` logger (and the server's) to the rotating file; return its path."""
    path = log_file(component, data)
    logger = logging.getLogger("bkkdesk")
    handler = _file_handler_of(logger)
    if handler is None:  # Context.logger adds the same handler; one is enough
        handler = _file_handler(path)
        logger.addHandler(handler)
    logger.setLevel(level)
    if component == "server":
        for name in _SERVER_LOGGERS:
            other = logging.getLogger(name)
            if handler not in other.handlers:
                other.addHandler(handler)
    if crash_log:
        enable_crash_log(path.parent)
    return path


def enable_crash_log(directory: Path) -> None:
    """Native crashes (segfaults in Qt or SQLite) leave a Python traceback in crash.log."""
    global _crash_file
    if _crash_file is not None:
        return
    try:
        _crash_file = (directory / "crash.log").open("a", encoding="utf-8")
    except OSError:
        return
    faulthandler.enable(_crash_file)


def _excepthook(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    logger = logging.getLogger("bkkdesk")
    if logger.handlers:  # else logging's last resort would print it a second time
        logger.critical("uncaught exception", exc_info=(kind, value, tb))
    sys.__excepthook__(kind, value, tb)


def install_excepthook() -> None:
    """Uncaught exceptions (a Qt slot, a thread) are logged before Python's default report."""
    sys.excepthook = _excepthook
