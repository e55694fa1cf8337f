"""Work-around for a PySide6 reference-count bug on Python < 3.12.

Seen with PySide6 6.12 on CPython 3.11: every call of a ``void`` Qt method from Python
(``QHeaderView.resizeSection``, ``setSortIndicator`` …) *decrements* the reference count
of ``None`` without having incremented it (the binding assumes Python 3.12's immortal
``None``). A session that makes enough such calls drives the count to zero and the
process aborts with "Fatal Python error: none_dealloc" — at exit or, worse, in the
middle of a clerk's day. On 3.11 we give ``None`` a reference count so large that it
can never reach zero, which is what 3.12 does by design. Nothing is done on 3.12+.
See tests/ui/test_pysidefix.py; drop this module once builds use Python 3.12+.
"""

from __future__ import annotations

import ctypes
import sys

_BOOST = 1 << 40
_done = False


def make_none_immortal() -> bool:
    """Raise None's reference count out of reach (CPython < 3.12 only); True if done."""
    global _done
    if _done or sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    ctypes.c_ssize_t.from_address(id(None)).value += _BOOST
    _done = True
    return True
