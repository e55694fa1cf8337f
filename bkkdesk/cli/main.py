"""Entry point of the ``bkkdesk`` command: global options, sub-commands, error handling.

Each group of sub-commands lives in its own module with a ``register(subparsers)``
function (listed in :data:`COMMAND_MODULES`). A handler receives the parsed arguments
and a :class:`~bkkdesk.cli.context.Context` and returns an exit status. Expected errors
(:class:`~bkkdesk.core.errors.BkkError`) print Thai and English and exit 1, or 2 for
invalid input; anything else prints a short message and the log location, never a bare
traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from bkkdesk import __version__
from bkkdesk.cli.context import Context, print_error
from bkkdesk.core.errors import BkkError, ValidationError

log = logging.getLogger("bkkdesk")

COMMAND_MODULES = [
    "bkkdesk.cli.local",
    "bkkdesk.cli.excel",
    "bkkdesk.cli.sync",
    "bkkdesk.cli.server",
    "bkkdesk.cli.maintenance",
    "bkkdesk.cli.app",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bkkdesk",
        description="bkkdesk — ระบบบันทึกข้อมูลสำนักงานเขต กรุงเทพมหานคร "
        "(offline-first data entry for Bangkok district offices)",
    )
    parser.add_argument("--version", action="version", version=f"bkkdesk {__version__}")
    parser.add_argument(
        "--data-dir", help="data directory (default: $BKKDESK_DATA_DIR or the user data dir)"
    )
    parser.add_argument("--json", action="store_true", help="machine-readable JSON output")
    parser.add_argument("--user", help="local user the change is attributed to")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _fix_windows_console() -> None:
    # Old Windows consoles default to a code page that cannot print Thai.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    _fix_windows_console()
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "handler", None) is None:
        # No sub-command: the overview.
        args.handler = overview
    ctx = Context(args)
    try:
        return int(args.handler(args, ctx) or 0)
    except ValidationError as exc:
        print_error(ctx, exc)
        return 2
    except BkkError as exc:
        print_error(ctx, exc)
        return 1
    except KeyboardInterrupt:
        print("ยกเลิก / cancelled", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`bkkdesk records list … | head`): not an error of ours.
        # Point stdout at devnull so the flush at exit does not fail again (Python docs).
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug: say so briefly, keep the traceback in the log
        ctx.log_exception(exc)
        print(
            f"เกิดข้อผิดพลาดที่ไม่คาดคิด / unexpected error: {type(exc).__name__}: {exc}\n"
            f"รายละเอียดอยู่ใน / details in: {ctx.log_file()}",
            file=sys.stderr,
        )
        return 1
    finally:
        ctx.close()


def overview(args: argparse.Namespace, ctx: Context) -> int:
    """``bkkdesk`` with no command: what this installation holds and what to do next."""
    from bkkdesk.cli.local import overview as local_overview

    return local_overview(args, ctx)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
