"""What every window of a logged-in session shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bkkdesk.core.display import UNMASKED_ROLES
from bkkdesk.ui.conflicts import ConflictSource, NoConflicts
from bkkdesk.ui.editors import EditorContext
from bkkdesk.ui.settings import AppSettings
from bkkdesk.ui.syncstatus import OfflineSync, SyncService
from bkkdesk.ui.tasks import TaskManager

if TYPE_CHECKING:
    from bkkdesk.db.store import Store
    from bkkdesk.db.users import UserInfo


SUPERVISOR_ROLES = frozenset({"supervisor", "central_supervisor", "admin"})


@dataclass
class AppContext:
    store: Store
    tasks: TaskManager
    user: UserInfo
    settings: AppSettings
    district_code: str | None
    lang: str = "th"
    sync: SyncService = field(default_factory=OfflineSync)
    conflicts: ConflictSource = field(default_factory=NoConflicts)
    # (path, definition, records, total, progress, cancel, ...) -> result; see transfer.py
    export_fn: Callable[..., Any] | None = None
    import_fn: Callable[..., Any] | None = None

    @property
    def username(self) -> str:
        return self.user.username

    @property
    def masked(self) -> bool:
        return self.user.role not in UNMASKED_ROLES

    @property
    def is_supervisor(self) -> bool:
        return self.user.role in SUPERVISOR_ROLES

    @property
    def is_admin(self) -> bool:
        return self.user.role == "admin"

    def editor_context(self) -> EditorContext:
        return EditorContext(self.store.reference, self.district_code, self.lang)
