"""Translations: English source strings, Thai by default (Qt Linguist .ts -> .qm).

``resources/translations/bkkdesk_th.ts`` and ``bkkdesk_en.ts`` are the sources (update
them with ``pyside6-lupdate``); :func:`compile_translations` runs ``lrelease`` to make
the ``.qm`` files (not in git) — the build calls it, and the app calls it at start when
a ``.qm`` is missing or older than its ``.ts``.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from bkkdesk.core.resources import resource

log = logging.getLogger("bkkdesk.ui.i18n")
LANGUAGES = ("th", "en")


def translations_dir() -> Path:
    return resource("translations")


def _lrelease() -> list[str] | None:
    import PySide6

    exe = "lrelease.exe" if os.name == "nt" else "lrelease"
    bundled = Path(PySide6.__file__).parent / exe
    if bundled.exists():
        return [str(bundled)]
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if found:
        return [found]
    beside = Path(sys.executable).parent / "pyside6-lrelease"
    return [str(beside)] if beside.exists() else None


def compile_translations(force: bool = False, directory: Path | None = None) -> list[Path]:
    """Compile every ``.ts`` to ``.qm`` (when missing or stale); returns the .qm paths."""
    folder = directory or translations_dir()
    tool = _lrelease()
    out: list[Path] = []
    for ts in sorted(folder.glob("bkkdesk_*.ts")):
        qm = ts.with_suffix(".qm")
        if force or not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            if tool is None:
                log.warning("lrelease not found; %s not compiled", ts.name)
                continue
            subprocess.run(
                [*tool, "-silent", str(ts), "-qm", str(qm)],
                check=True,
                capture_output=True,
            )
        out.append(qm)
    return out


_installed: list[QTranslator] = []


def install_translator(app: QCoreApplication, lang: str = "th") -> bool:
    """Load the app's and Qt's own translations for ``lang`` (removing earlier ones)."""
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    if lang not in LANGUAGES:
        lang = "th"
    try:
        compile_translations()
    except (OSError, subprocess.CalledProcessError) as exc:  # read-only install: use what is there
        log.warning("could not compile translations: %s", exc)
    ok = False
    qm = translations_dir() / f"bkkdesk_{lang}.qm"
    t = QTranslator(app)
    if qm.exists() and t.load(str(qm)):
        app.installTranslator(t)
        _installed.append(t)
        ok = True
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    base = QTranslator(app)
    if base.load(QLocale(lang), "qtbase", "_", qt_dir):
        app.installTranslator(base)
        _installed.append(base)
    QLocale.setDefault(QLocale(QLocale.Language.Thai if lang == "th" else QLocale.Language.English,
                               QLocale.Country.Thailand))
    return ok
