"""The UI's view of synchronisation: a small interface the sync engine implements.

The main window only talks to a :class:`SyncService`: ``start()``, ``stop()``,
``sync_now()`` and the ``stateChanged`` signal carrying a :class:`SyncState`. Until the
PC is enrolled with a server the app runs on :class:`OfflineSync`, which does nothing
and says so ("offline / not enrolled"); once enrolled it runs
:class:`bkkdesk.ui.enginesync.EngineSync` over the sync engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

from PySide6.QtCore import QObject, Signal


class SyncPhase(StrEnum):
    NOT_ENROLLED = "not_enrolled"  # no server configured: work stays local
    OFFLINE = "offline"  # enrolled, server unreachable: retrying later
    IDLE = "idle"  # up to date at last_sync
    SYNCING = "syncing"
    ERROR = "error"


@dataclass(frozen=True)
class SyncState:
    """What the status bar shows about sync."""

    phase: SyncPhase = SyncPhase.NOT_ENROLLED
    pending: int | None = None  # local changes waiting to be pushed (None: unknown)
    last_sync: dt.datetime | None = None  # UTC of the last complete sync
    error_th: str = ""
    error_en: str = ""
    clock_skew_seconds: float | None = None  # this PC's clock minus the server's
    conflicts: int = 0  # hard conflicts waiting for a supervisor
    update_th: str = ""  # a newer bkkdesk is out (the banner); empty: this one is current
    update_en: str = ""
    update_required: bool = False  # the server refuses this version until it is updated


class SyncService(QObject):
    """Interface of the sync engine as the UI uses it (the base class does nothing)."""

    stateChanged = Signal(object)
    dataChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = SyncState()

    @property
    def state(self) -> SyncState:
        return self._state

    def _set_state(self, state: SyncState) -> None:
        self._state = state
        self.stateChanged.emit(state)

    def update_pending(self, pending: int) -> None:
        """The UI counted local changes waiting (store.records.pending_count())."""
        if pending != self._state.pending:
            self._set_state(replace(self._state, pending=pending))

    @property
    def enrolled(self) -> bool:
        return False

    def start(self) -> None:
        """Begin background sync (timers, network watch)."""

    def stop(self) -> None:
        """Stop background sync; must return quickly (called at close)."""

    def sync_now(self) -> None:
        """Sync as soon as possible (the "sync now" button)."""


class OfflineSync(SyncService):
    """The PC is not enrolled with a server: everything stays local."""

    def start(self) -> None:
        self._set_state(replace(self._state, phase=SyncPhase.NOT_ENROLLED))

    def sync_now(self) -> None:
        self._set_state(
            replace(
                self._state,
                phase=SyncPhase.NOT_ENROLLED,
                error_th="เครื่องนี้ยังไม่ได้ลงทะเบียนกับเซิร์ฟเวอร์ ข้อมูลเก็บไว้ในเครื่องอย่างปลอดภัย",
                error_en="this PC is not enrolled with a server; data is kept safely on this PC",
            )
        )
