"""What every command handler gets: the arguments, the data dir, the store, output helpers."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import logging.handlers
import os
import sys
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bkkdesk.core import paths
from bkkdesk.core.errors import BkkError, FieldError, ValidationError

if TYPE_CHECKING:
    from bkkdesk.db.store import Store


def date_option(text: str | None, option: str) -> dt.date | None:
    """A date typed on the command line (B.E. or C.E.), or a clear error naming the option."""
    if not text:
        return None
    from bkkdesk.core import thaidate

    try:
        return thaidate.parse_date(text)
    except thaidate.DateParseError as exc:
        raise ValidationError([FieldError(option, "date", exc.th, exc.en)]) from None


def iso_date_option(text: str | None, option: str) -> str | None:
    """:func:`date_option` as the ISO text the store filters on."""
    day = date_option(text, option)
    return day.isoformat() if day else None


def no_screen() -> bool:
    """True on a Linux machine with no display to open a window on (a server, a CI runner)."""
    return (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"))


class Context:
    """Lazily opens what a command needs, so ``--help`` and ``--version`` stay fast."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.json: bool = bool(getattr(args, "json", False))
        self._store: Store | None = None

    @cached_property
    def data_dir(self) -> Path:
        return paths.data_dir(getattr(self.args, "data_dir", None))

    def log_file(self) -> Path:
        return paths.log_dir(self.data_dir) / "bkkdesk.log"

    @cached_property
    def logger(self) -> logging.Logger:
        logger = logging.getLogger("bkkdesk")
        if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in logger.handlers):
            handler = logging.handlers.RotatingFileHandler(
                self.log_file(), maxBytes=2_000_000, backupCount=5, encoding="utf-8"
            )
            handler.setFormatter(
                logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
            )
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)
        return logger

    def log_exception(self, exc: BaseException) -> None:
        with contextlib.suppress(OSError):
            self.logger.error("unhandled error", exc_info=exc)

    @property
    def store(self) -> Store:
        """The local database, migrated to the current schema (opened on first use)."""
        if self._store is None:
            from bkkdesk.db.store import Store

            self._store = Store.open(self.data_dir)
        return self._store

    def user(self) -> str:
        """The user changes are attributed to: ``--user``, ``$BKKDESK_USER`` or the session."""
        self.store.require_district()  # writing commands need a district before anything
        name = getattr(self.args, "user", None) or os.environ.get("BKKDESK_USER")
        if not name:
            name = self.store.session_user()
        if not name:
            raise BkkError(
                "ต้องระบุผู้ใช้ (--user หรือเข้าสู่ระบบก่อน)",
                "a user is needed: pass --user or log in first",
                code="no_user",
            )
        self.store.users.require_active(name)
        return name

    def out(self, data: Any, text: str | None = None) -> None:
        """Print ``data`` as JSON with --json, else ``text`` (or a readable rendering)."""
        if self.json:
            print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        elif text is not None:
            print(text)
        else:
            print(json.dumps(data, ensure_ascii=False, indent=2, default=str))

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def print_error(ctx: Context, exc: BkkError) -> None:
    if ctx.json:
        print(json.dumps({"error": exc.as_dict()}, ensure_ascii=False, indent=2), file=sys.stderr)
        return
    if isinstance(exc, ValidationError):
        print("ข้อมูลไม่ถูกต้อง / invalid data:", file=sys.stderr)
        for e in exc.errors:
            print(f"  - {e.field}: {e.th}", file=sys.stderr)
            print(f"    {' ' * len(e.field)}  {e.en}", file=sys.stderr)
        print("ไม่มีการบันทึกข้อมูลใด ๆ / nothing was saved", file=sys.stderr)
        return
    print(f"ข้อผิดพลาด: {exc.th}\nerror: {exc.en}", file=sys.stderr)


def _common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: given after the sub-command it sets args.json; absent, the global
    # ``bkkdesk --json`` value stays.
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS,
        help="machine-readable JSON output",
    )
    return common


COMMON = _common_options()


def add_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    *,
    json_flag: bool = True,
    **kwargs: Any,
) -> argparse.ArgumentParser:
    """Add a leaf sub-command that accepts ``--json`` after its name too."""
    parents = [COMMON] if json_flag else []
    return sub.add_parser(name, parents=parents, **kwargs)
