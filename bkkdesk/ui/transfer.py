"""Export and import behind a progress bar with Cancel (long work off the UI thread).

The dialog takes the work as a function ``work(progress, cancel)``: ``progress(done,
total)`` may be called from the worker thread (it is forwarded through a queued signal),
``cancel()`` returns True once the user pressed Cancel. The Excel engine
(:mod:`bkkdesk.excel`) supplies the functions; the dialog knows nothing about Excel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bkkdesk.core.errors import BkkError
from bkkdesk.ui.tasks import CancelToken, TaskManager

Progress = Callable[[int, int], None]
Work = Callable[[Progress, Callable[[], bool]], Any]


class _ProgressRelay(QObject):
    progressed = Signal(int, int)


class TransferDialog(QDialog):
    """Runs ``work`` on the worker thread; shows progress; Cancel asks it to stop."""

    def __init__(
        self,
        title: str,
        work: Work,
        tasks: TaskManager,
        *,
        describe: Callable[[Any], str] | None = None,
        lang: str = "th",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.result_value: Any = None
        self.error: BaseException | None = None
        self.finished_ok = False
        self._describe = describe
        self._lang = lang
        self._token = CancelToken()
        self._relay = _ProgressRelay(self)
        self._relay.progressed.connect(self._progress)
        self.label = QLabel(self.tr("Working…"))
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self._cancel)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)
        self.close_button.setVisible(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addLayout(buttons)
        relay, token = self._relay, self._token
        tasks.run(lambda: work(relay.progressed.emit, token), self._done, self._failed)

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.label.setText(self.tr("%1 of %2 rows").replace("%1", f"{done:,}")
                               .replace("%2", f"{total:,}"))
        else:
            self.label.setText(self.tr("%1 rows").replace("%1", f"{done:,}"))

    def _cancel(self) -> None:
        self._token.cancel()
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("Cancelling…"))

    def _finish(self) -> None:
        self.cancel_button.setVisible(False)
        self.close_button.setVisible(True)
        self.close_button.setFocus()

    def _done(self, result: Any) -> None:
        self.result_value = result
        self.finished_ok = True
        if self.bar.maximum() == 0:
            self.bar.setRange(0, 1)
        self.bar.setValue(self.bar.maximum())
        self.label.setText(self._describe(result) if self._describe else self.tr("Done."))
        self._finish()

    def _failed(self, exc: BaseException) -> None:
        self.error = exc
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        if isinstance(exc, BkkError):
            self.label.setText(exc.en if self._lang == "en" else exc.th)
        else:
            self.label.setText(self.tr("Failed: %1").replace("%1", f"{type(exc).__name__}: {exc}"))
        self._finish()

    def reject(self) -> None:
        if self.close_button.isVisible():
            super().reject()
        else:
            self._cancel()
