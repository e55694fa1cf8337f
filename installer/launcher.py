"""Entry point of the frozen executables (build.spec), for ``bkkdesk`` and ``bkkdesk-cli``.

Both executables run this file. ``bkkdesk-cli`` is the command line exactly as
``python -m bkkdesk``. ``bkkdesk`` is built windowed: started without arguments (a
double-click, the Start-menu shortcut) it opens the app (``bkkdesk app``); a windowed
program on Windows has no console, so an error it could only print (a bad bkkdesk.toml,
a database from a newer bkkdesk) is shown in a message box, and the app and the server
log to the rotating files from their first line (:mod:`bkkdesk.core.logsetup`).
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import sys
from pathlib import Path


def _is_windowed_app() -> bool:
    return Path(sys.executable).stem.lower() == "bkkdesk" and bool(getattr(sys, "frozen", False))


def _start_logging(argv: list[str], windowed: bool) -> None:
    """The app and the server log to the rotating files from their first line on."""
    import argparse

    from bkkdesk.core import logsetup, paths
    from bkkdesk.core.errors import BkkError

    logsetup.install_excepthook()
    component = logsetup.component_for(argv, windowed=windowed)
    if component == "cli":
        return  # commands log through Context.logger, opened when first needed
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--data-dir")
    known, _ = pre.parse_known_args(argv)
    # A bad bkkdesk.toml or an unwritable folder: main() reports it properly.
    with contextlib.suppress(BkkError, OSError):
        logsetup.setup_logging(component, data=paths.data_dir(known.data_dir))


def main() -> int:
    multiprocessing.freeze_support()  # the server's worker processes re-run this file
    argv = sys.argv[1:]
    windowed = _is_windowed_app()
    captured: io.StringIO | None = None
    if windowed:
        # A windowed executable has sys.stdout/stderr = None on Windows; argparse and
        # print() then fail. Output goes nowhere; error messages are kept to be shown.
        if sys.stdout is None:
            sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        if sys.stderr is None:
            captured = io.StringIO()
            sys.stderr = captured
        if not argv:
            argv = ["app"]
    _start_logging(argv, windowed)
    from bkkdesk.cli.main import main as cli_main

    status = cli_main(argv)
    if status != 0 and captured is not None and captured.getvalue().strip():
        _message_box(captured.getvalue().strip())
    return status


def _message_box(text: str) -> None:
    """Show an error the windowed app could only print (a bad bkkdesk.toml, a database
    written by a newer bkkdesk …): a clerk has no console to read it in."""
    if sys.platform != "win32":
        return
    import ctypes

    mb_iconerror = 0x10
    ctypes.windll.user32.MessageBoxW(None, text[-3000:], "bkkdesk", mb_iconerror)


if __name__ == "__main__":
    raise SystemExit(main())
