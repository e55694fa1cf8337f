"""Starting the desktop app: fonts, language, the worker queue, login, the main window.

The store is opened on the worker thread while the login window is already showing
(migrating and checking a big file must not freeze the first screen). Logging in
opens the main window; logging out returns to the login window.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication

from bkkdesk import __version__
from bkkdesk.core.errors import BkkError
from bkkdesk.ui.conflicts import ConflictSource, NoConflicts
from bkkdesk.ui.fonts import apply_app_font
from bkkdesk.ui.i18n import install_translator
from bkkdesk.ui.login import LoginWindow
from bkkdesk.ui.pysidefix import make_none_immortal
from bkkdesk.ui.settings import AppSettings
from bkkdesk.ui.syncstatus import OfflineSync, SyncService
from bkkdesk.ui.tasks import TaskManager

if TYPE_CHECKING:  # the rest loads after the login window shows (launch time)
    from bkkdesk.db.store import Store
    from bkkdesk.db.users import UserInfo
    from bkkdesk.ui.mainwindow import MainWindow

log = logging.getLogger("bkkdesk.ui")

SyncFactory = Callable[["Store", AppSettings], SyncService]


def settings_path(data_dir: Path) -> Path:
    return data_dir / "ui-settings.ini"


def ensure_qapplication(argv: list[str] | None = None) -> QApplication:
    make_none_immortal()
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("bkkdesk")
    app.setOrganizationName("BMA")
    app.setApplicationVersion(__version__)
    return app


def setup_look(app: QApplication, settings: AppSettings) -> None:
    """Language and font from the settings (call before creating windows)."""
    install_translator(app, settings.values.language)
    apply_app_font(app, settings.values.font_size)


def _excel_function(module: str, name: str) -> Callable[..., Any] | None:
    """A function of the Excel engine, imported when first called (on the worker thread:
    openpyxl takes about a second to import)."""
    if importlib.util.find_spec(module) is None:
        return None

    def call(*args: Any, **kwargs: Any) -> Any:
        fn = getattr(importlib.import_module(module), name)
        return fn(*args, **kwargs)

    return call


class DesktopApp(QObject):
    """Owns the worker queue, the store, and the login and main windows."""

    storeReady = Signal()
    mainShown = Signal(object)

    def __init__(
        self,
        data_dir: Path,
        *,
        app: QApplication | None = None,
        sync_factory: SyncFactory | None = None,
        username: str | None = None,
        login_hint: str = "",
    ) -> None:
        super().__init__()
        self.app = app or ensure_qapplication()
        self.data_dir = data_dir
        self.settings = AppSettings(settings_path(data_dir))
        setup_look(self.app, self.settings)
        self.lang = self.settings.values.language
        self.tasks = TaskManager(self)
        self.sync_factory = sync_factory
        self.store: Store | None = None
        self.district_code: str | None = None
        self.enrolled = False
        self.sync: SyncService | None = None
        self.main: MainWindow | None = None
        self.login = LoginWindow(self.tasks, lang=self.lang)
        if username:
            self.login.username.setText(username)
        self.login.show_hint(login_hint)
        self.login.loggedIn.connect(self._logged_in)

    def start(self) -> None:
        self.login.show()
        data_dir = self.data_dir

        def work() -> tuple[Store, str | None, bool]:
            from bkkdesk.db.store import Store
            from bkkdesk.sync.enrollment import is_enrolled

            store = Store.open(data_dir)
            district = store.district_code
            enrolled = is_enrolled(store)
            store.definitions()  # parse once, here, not on the UI thread
            # Import the main window's modules here too, while the user types the password:
            # importing is slow and would otherwise stall the UI thread at log in.
            importlib.import_module("bkkdesk.ui.mainwindow")
            if enrolled:
                importlib.import_module("bkkdesk.ui.enginesync")
            return store, district, enrolled

        self.tasks.run(work, self._store_opened, self._store_failed)

    def _store_opened(self, result: tuple[Store, str | None, bool]) -> None:
        store, district, enrolled = result
        self.store = store
        self.district_code = district
        self.enrolled = enrolled
        d = store.reference.districts.get(district or "")
        if d is None:
            self.login.set_failed(
                QCoreApplication.translate(
                    "DesktopApp",
                    "This PC has no district yet: IT staff run 'bkkdesk init' or enroll the PC.",
                )
            )
            return
        text = f"สำนักงานเขต{d.name_th}" if self.lang == "th" else f"{d.name_en} District Office"
        self.login.set_store(store, text, online=enrolled)
        self.storeReady.emit()

    def _store_failed(self, exc: BaseException) -> None:
        log.error("cannot open the database", exc_info=exc)
        if isinstance(exc, BkkError):
            self.login.set_failed(exc.en if self.lang == "en" else exc.th)
        else:
            self.login.set_failed(f"{type(exc).__name__}: {exc}")

    def _logged_in(self, user: UserInfo) -> None:
        from bkkdesk.ui.context import AppContext
        from bkkdesk.ui.mainwindow import MainWindow

        assert self.store is not None
        conflicts: ConflictSource = NoConflicts()
        if self.enrolled:
            from bkkdesk.ui.enginesync import EngineConflicts, EngineSync

            conflicts = EngineConflicts(self.store, self.lang)
        if self.sync is None:
            factory = self.sync_factory
            if factory is not None:
                self.sync = factory(self.store, self.settings)
            elif self.enrolled:
                self.sync = EngineSync(self.store, parent=self)
            else:
                self.sync = OfflineSync(self)
            self.sync.start()
        ctx = AppContext(
            store=self.store,
            tasks=self.tasks,
            user=user,
            settings=self.settings,
            district_code=self.district_code,
            lang=self.lang,
            sync=self.sync,
            conflicts=conflicts,
            export_fn=_excel_function("bkkdesk.excel.export", "export_records"),
            import_fn=_excel_function("bkkdesk.excel.importer", "import_workbook"),
        )
        self.main = MainWindow(ctx)
        self.main.loggedOut.connect(self._logged_out)
        self.main.show()
        self.login.hide()
        self.main.check_drafts()
        self.mainShown.emit(self.main)

    def _logged_out(self) -> None:
        if self.main is not None:
            self.main.deleteLater()
            self.main = None
        self.login.show()
        self.login.password.setFocus()

    def shutdown(self) -> None:
        """Stop sync, finish queued work (saves reach the disk), close the store."""
        if self.sync is not None:
            self.sync.stop()
        self.tasks.shutdown()
        if self.store is not None:
            self.store.close()
            self.store = None


def run_app(data_dir: Path, *, username: str | None = None,
            sync_factory: SyncFactory | None = None, login_hint: str = "") -> int:
    """Open the app on ``data_dir`` and run until the last window closes."""
    app = ensure_qapplication()
    desktop = DesktopApp(data_dir, app=app, sync_factory=sync_factory, username=username,
                         login_hint=login_hint)
    desktop.start()
    try:
        return int(app.exec())
    finally:
        desktop.shutdown()
