"""The real sync service of an enrolled PC: the sync engine behind the UI's interface.

The engine runs its rounds on its own thread and reports through a listener; the
listener only emits a signal, which Qt queues to the UI thread (the receiver lives
there), so no widget or Qt object is touched off the UI thread. Conflicts are read from
and resolved on the server through :mod:`bkkdesk.sync.conflicts` on the worker queue.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal

from bkkdesk.core.display import display_value
from bkkdesk.ui.conflicts import Conflict, FieldConflict
from bkkdesk.ui.syncstatus import SyncPhase, SyncService

if TYPE_CHECKING:
    from bkkdesk.db.store import Store
    from bkkdesk.sync.engine import SyncEngine

log = logging.getLogger("bkkdesk.ui.sync")

_BUSY = {"pushing", "pulling", "verifying"}


class EngineSync(SyncService):
    """Background sync with :class:`~bkkdesk.sync.engine.SyncEngine`."""

    _engineEvent = Signal(str, object)

    def __init__(self, store: Store, *, interval: float = 60.0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        from bkkdesk.sync.engine import SyncEngine

        self.engine: SyncEngine = SyncEngine(store, interval=interval)
        self._engineEvent.connect(self._on_event, Qt.ConnectionType.QueuedConnection)
        self.engine.add_listener(lambda event, payload: self._engineEvent.emit(event, payload))
        self._set_state(replace(self.state, phase=SyncPhase.SYNCING))

    @property
    def enrolled(self) -> bool:
        return True

    def start(self) -> None:
        self.engine.start()

    def stop(self) -> None:
        # The thread is a daemon: a request in flight ends with the process; everything
        # a round wrote is committed per page, so stopping here loses nothing.
        self.engine.stop(timeout=3.0)
        if self.engine._thread is None:
            self.engine.close()

    def sync_now(self) -> None:
        self._set_state(replace(self.state, phase=SyncPhase.SYNCING, error_th="", error_en=""))
        self.engine.sync_now()

    # -- engine events, on the UI thread ---------------------------------------------------
    def _on_event(self, event: str, payload: dict[str, Any]) -> None:
        if event == "state":
            self._on_state(payload)
        elif event == "finished":
            self._on_finished(payload)

    def _on_state(self, payload: dict[str, Any]) -> None:
        name = payload.get("state")
        if name in _BUSY:
            self._set_state(replace(self.state, phase=SyncPhase.SYNCING))
        elif name == "offline":
            self._set_state(replace(
                self.state, phase=SyncPhase.OFFLINE,
                error_th=payload.get("th", ""), error_en=payload.get("en", ""),
            ))
        elif name in ("error", "credential", "upgrade_required"):
            state = replace(
                self.state, phase=SyncPhase.ERROR,
                error_th=payload.get("th", ""), error_en=payload.get("en", ""),
            )
            if name == "upgrade_required":
                state = replace(state, update_th=state.error_th, update_en=state.error_en,
                                update_required=True)
            self._set_state(state)

    def _on_finished(self, payload: dict[str, Any]) -> None:
        report: dict[str, Any] = payload.get("report") or {}
        status: dict[str, Any] = payload.get("status") or {}
        state = self.state
        offset = status.get("clock_offset_s", report.get("clock_offset_s"))
        last = status.get("last_success_at")
        if isinstance(last, dt.datetime) and last.tzinfo is None:
            last = last.replace(tzinfo=dt.UTC)
        state = replace(
            state,
            pending=status.get("pending", state.pending),
            last_sync=last if isinstance(last, dt.datetime) else state.last_sync,
            # the engine's offset is what to add to this PC's clock to get the server's
            clock_skew_seconds=-offset if offset is not None else None,
            conflicts=int(status.get("conflicts_open", state.conflicts) or 0),
        )
        update = status.get("update")
        if isinstance(update, dict):
            state = replace(state, update_th=str(update.get("th", "")),
                            update_en=str(update.get("en", "")),
                            update_required=bool(update.get("required")))
        elif report.get("error_code") != "upgrade_required":
            state = replace(state, update_th="", update_en="", update_required=False)
        if report.get("error") is None:
            state = replace(state, phase=SyncPhase.IDLE, error_th="", error_en="")
        self._set_state(state)
        if report.get("pulled") or report.get("resynced") or report.get("rejections"):
            self.dataChanged.emit()


class EngineConflicts:
    """The conflicts screen's source: the server's list, this PC's copy when offline."""

    def __init__(self, store: Store, lang: str = "th") -> None:
        self.store = store
        self.lang = lang

    def list_conflicts(self) -> list[Conflict]:
        from bkkdesk.sync.conflicts import list_conflicts

        out = []
        for row in list_conflicts(self.store):
            out.append(self._conflict(row))
        return out

    def _conflict(self, row: dict[str, Any]) -> Conflict:
        store = self.store
        dataset_id = str(row["dataset_id"])
        title, record_title, label = dataset_id, str(row["record_id"])[:8], row.get("field")
        fields: list[FieldConflict] = []
        try:
            d = store.definition(dataset_id)
            title = d.title.get(self.lang)
            record = store.records.get(str(row["record_id"]))
            first = (d.list_columns or [d.fields[0].name])[0]
            record_title = str(record.values.get(first) or record_title)
        except Exception:  # a record or definition this PC lacks: show the raw values
            d = None
        name = row.get("field")
        if name is None:  # delete against edit: the whole record
            fields.append(FieldConflict(
                field="", label="ระเบียน" if self.lang == "th" else "record",
                local=row.get("client_value"), server=row.get("server_value"),
            ))
        else:
            local, server = row.get("client_value"), row.get("server_value")
            local_text = server_text = ""
            if d is not None:
                f = d.field(str(name))
                label = f.label.get(self.lang)
                local_text = display_value(f, local, store.reference, lang=self.lang)
                server_text = display_value(f, server, store.reference, lang=self.lang)
            fields.append(FieldConflict(
                field=str(name), label=str(label), local=local, server=server,
                local_text=local_text, server_text=server_text,
            ))
        created = row.get("created_at")
        when = dt.datetime.fromisoformat(created) if isinstance(created, str) else (
            created if isinstance(created, dt.datetime) else dt.datetime.now(dt.UTC)
        )
        return Conflict(
            id=str(row["id"]), dataset_id=dataset_id, dataset_title=title,
            record_id=str(row["record_id"]), record_title=record_title, detected_at=when,
            local_user=row.get("client_user"), fields=fields,
        )

    def resolve(self, conflict_id: str, choice: str, values: dict[str, Any]) -> None:
        from bkkdesk.sync.conflicts import resolve_conflict

        value: Any = None
        if choice == "merged":
            value = next(iter(values.values()), None) if len(values) == 1 else values
        resolve_conflict(self.store, conflict_id, choice, value)
