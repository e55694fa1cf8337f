"""The records table: a model over row ids that fetches rows lazily (STYLE.md, Anki).

The model holds only the ordered row ids (``records.seq``, a compact ``array``) of the
current data set, filter and sort order. Rows are fetched in pages on the worker thread
(:mod:`bkkdesk.ui.tasks`), formatted there into display strings, and kept in a bounded
LRU cache; a row not yet fetched shows empty until its page arrives. Sorting by a header
re-asks the store for the id order (Thai collation is done in SQL).
"""

from __future__ import annotations

import threading
import time
from array import array
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from bkkdesk.core.definitions import DatasetDef
from bkkdesk.core.display import display_value, is_numeric
from bkkdesk.core.reference import Reference
from bkkdesk.ui.tasks import TaskManager

if TYPE_CHECKING:
    from bkkdesk.db.records import RecordFilter
    from bkkdesk.db.store import Store

PAGE_SIZE = 200
CACHE_ROWS = 4000  # bounded: about 20 pages, whatever the table size

RecordIdRole = Qt.ItemDataRole.UserRole + 1
SeqRole = Qt.ItemDataRole.UserRole + 2

_DISPLAY, _TIP, _ID, _SEQ, _ALIGN = range(5)
_ROLE_KIND = {
    int(Qt.ItemDataRole.DisplayRole): _DISPLAY,
    int(Qt.ItemDataRole.ToolTipRole): _TIP,
    int(RecordIdRole): _ID,
    int(SeqRole): _SEQ,
    int(Qt.ItemDataRole.TextAlignmentRole): _ALIGN,
}
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class TableQuery:
    """What the table shows: a data set, a filter and an order."""

    dataset_id: str
    flt: RecordFilter
    order_by: str | None = None
    descending: bool = True


@dataclass(frozen=True)
class _Row:
    record_id: str
    texts: tuple[str, ...]


def format_rows(
    records: dict[int, Any],
    definition: DatasetDef,
    columns: list[str],
    reference: Reference,
    *,
    lang: str,
    masked: bool,
) -> dict[int, _Row]:
    """Worker-side: RecordData by seq -> display strings by seq."""
    fields = [definition.field(c) for c in columns]
    out: dict[int, _Row] = {}
    for seq, rec in records.items():
        texts = tuple(
            display_value(f, rec.values.get(f.name), reference, lang=lang, masked=masked)
            for f in fields
        )
        out[seq] = _Row(rec.id, texts)
    return out


SEQ_CHUNK = 20_000


class Superseded(Exception):
    """A newer query replaced this one before it ran."""


class RunningQuery:
    """The SQLite connection a row-id query runs on, so that a newer query can stop it.

    A sort on a text column of a million records takes a minute (the THAI collation
    calls Python per comparison); with one worker, everything else would wait behind it.
    ``interrupt()`` (any thread) stops it; the lock makes sure only this query is hit,
    never a later use of the same pooled connection.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._conn: Any = None
        self.interrupted = False

    def attach(self, conn: Any) -> None:
        with self._lock:
            if self.interrupted:  # SQLite forgets an interrupt made while idle
                raise Superseded()
            self._conn = conn

    def detach(self) -> None:
        with self._lock:
            self._conn = None

    def interrupt(self) -> None:
        with self._lock:
            self.interrupted = True
            if self._conn is not None:
                self._conn.interrupt()


def fetch_seqs(store: Store, q: TableQuery, running: RunningQuery | None = None) -> array[int]:
    """Row ids in display order, streamed in chunks (worker thread).

    ``RecordRepository.seqs`` builds one list in a single C loop that holds the GIL for
    hundreds of milliseconds at a million rows, and the UI thread stalls meanwhile.
    Streaming the same SELECT in chunks lets the UI thread run between them. This is
    only a composition of the repository's own query; without it, fall back to seqs().
    """
    select_fn = getattr(store.records, "_select", None)
    if select_fn is None:
        return array("q", store.records.seqs(
            q.dataset_id, q.flt, order_by=q.order_by, descending=q.descending))
    from bkkdesk.db.models import Record

    stmt = select_fn(q.dataset_id, q.flt, q.order_by, q.descending).with_only_columns(
        Record.seq
    )
    out: array[int] = array("q")
    with store.read() as session:
        conn = session.connection()
        dbapi = conn.connection.dbapi_connection
        assert dbapi is not None
        if running is not None:
            running.attach(dbapi)
        try:
            # The repository's SELECT, run on the DB-API cursor: a third of the time of
            # SQLAlchemy's row processing, and the GIL is free between chunks.
            compiled = stmt.compile(dialect=conn.dialect)
            params = compiled.construct_params()
            args = tuple(params[name] for name in (compiled.positiontup or ()))
            cursor = dbapi.cursor()
            try:
                cursor.execute(str(compiled), args)
                while rows := cursor.fetchmany(SEQ_CHUNK):
                    out.extend(r[0] for r in rows)
            finally:
                cursor.close()
        finally:
            if running is not None:
                running.detach()
    return out


class RecordTableModel(QAbstractTableModel):
    """Rows = record ids in display order; cells fetched in pages off the UI thread."""

    loaded = Signal(int)  # number of rows after a (re)load
    loadFailed = Signal(object)
    pageLoaded = Signal(int)

    def __init__(
        self,
        store: Store,
        tasks: TaskManager,
        *,
        lang: str = "th",
        masked: bool = True,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._tasks = tasks
        self._lang = lang
        self._masked = masked
        self._definition: DatasetDef | None = None
        self._columns: list[str] = []
        self._alignments: list[int] = []
        self._query: TableQuery | None = None
        self._seqs: array[int] = array("q")
        self._cache: OrderedDict[int, _Row] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0
        self.last_load_seconds = 0.0
        self.loading = False
        self._running: RunningQuery | None = None

    # -- what to show ---------------------------------------------------------------
    @property
    def definition(self) -> DatasetDef | None:
        return self._definition

    @property
    def columns(self) -> list[str]:
        return list(self._columns)

    @property
    def query(self) -> TableQuery | None:
        return self._query

    def set_query(self, definition: DatasetDef, query: TableQuery) -> None:
        """Show ``query``; the ids are fetched on the worker thread (stale loads dropped)."""
        if self._definition is None or self._definition.id != definition.id:
            self.beginResetModel()
            self._definition = definition
            self._columns = list(definition.columns)
            self._alignments = [
                _RIGHT if is_numeric(definition.field(c)) else _LEFT for c in self._columns
            ]
            self._seqs = array("q")
            self._clear_cache()
            self.endResetModel()
        self._query = query
        self.reload()

    def set_masked(self, masked: bool) -> None:
        if masked != self._masked:
            self._masked = masked
            self.invalidate_rows()

    def reload(self) -> None:
        """Fetch the id list again (after a save, a filter change, a sort)."""
        q = self._query
        if q is None:
            return
        store = self._store
        started = time.perf_counter()
        self.loading = True

        if self._running is not None:
            self._running.interrupt()  # its result would be dropped anyway
        running = self._running = RunningQuery()

        def work() -> array[int]:
            return fetch_seqs(store, q, running)

        def done(seqs: array[int]) -> None:
            self.loading = False
            self.last_load_seconds = time.perf_counter() - started
            self.beginResetModel()
            self._seqs = seqs
            self._clear_cache()
            self.endResetModel()
            self.loaded.emit(len(seqs))

        def failed(exc: BaseException) -> None:
            self.loading = False
            self.loadFailed.emit(exc)

        self._tasks.run(work, done, failed, key=f"table-seqs-{id(self)}")

    def invalidate_rows(self) -> None:
        """Forget cached rows (a record changed); visible rows are fetched again."""
        self._clear_cache()
        if self._seqs:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._seqs) - 1, len(self._columns) - 1)
            )

    def _clear_cache(self) -> None:
        self._generation += 1
        self._cache.clear()
        self._pending.clear()

    # -- look-ups -------------------------------------------------------------------
    def seq_at(self, row: int) -> int | None:
        return self._seqs[row] if 0 <= row < len(self._seqs) else None

    def record_id_at(self, row: int) -> str | None:
        seq = self.seq_at(row)
        if seq is None:
            return None
        r = self._cache.get(seq)
        return r.record_id if r is not None else None

    def row_of_record(self, record_id: str) -> int | None:
        """Row of a cached record (None if not cached or not shown)."""
        for seq, r in self._cache.items():
            if r.record_id == record_id:
                try:
                    return self._seqs.index(seq)
                except ValueError:
                    return None
        return None

    def cached_rows(self) -> int:
        return len(self._cache)

    def is_row_loaded(self, row: int) -> bool:
        seq = self.seq_at(row)
        return seq is not None and seq in self._cache

    # -- Qt model API ---------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._seqs)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and self._definition is not None:
            if not 0 <= section < len(self._columns):
                return None
            f = self._definition.field(self._columns[section])
            if role == Qt.ItemDataRole.DisplayRole:
                return f.label.get(self._lang)
            if role == Qt.ItemDataRole.ToolTipRole:
                return f.help.get(self._lang) if f.help else f.label.get(self._lang)
            return None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1 if 0 <= section < len(self._seqs) else None
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every role of every visible cell on each paint: keep it short.
        kind = _ROLE_KIND.get(role)
        if kind is None:
            return None
        row, col = index.row(), index.column()
        if not (0 <= row < len(self._seqs) and 0 <= col < len(self._columns)) or (
            not index.isValid()
        ):
            return None
        if kind == _ALIGN:
            return self._alignments[col]
        seq = self._seqs[row]
        if kind == _SEQ:
            return seq
        cached = self._cache.get(seq)
        if cached is None:
            self._request(row)
            return None if kind == _ID else ""
        if kind == _ID:
            return cached.record_id
        text = cached.texts[col]
        if kind == _TIP:
            return text if len(text) > 30 else None
        self._cache.move_to_end(seq)
        return text

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._query is None or not 0 <= column < len(self._columns):
            return
        name = self._columns[column]
        if self._definition is not None and name == self._definition.date_field:
            name = "record_date"  # the indexed copy of the date field: same order, fast
        self._query = replace(
            self._query, order_by=name, descending=order == Qt.SortOrder.DescendingOrder
        )
        self.reload()

    # -- lazy fetching ----------------------------------------------------------------
    def _request(self, row: int) -> None:
        page = row // PAGE_SIZE
        if page in self._pending or self._definition is None:
            return
        self._pending.add(page)
        start = page * PAGE_SIZE
        seqs = list(self._seqs[start : start + PAGE_SIZE])
        generation = self._generation
        store, definition, columns = self._store, self._definition, list(self._columns)
        lang, masked = self._lang, self._masked

        def work() -> dict[int, _Row]:
            records = store.records.by_seqs(seqs)
            return format_rows(
                records, definition, columns, store.reference, lang=lang, masked=masked
            )

        def done(rows: dict[int, _Row]) -> None:
            if generation != self._generation:
                return
            self._pending.discard(page)
            for seq in seqs:
                r = rows.get(seq)
                if r is None:  # vanished meanwhile: keep the row, show it empty
                    r = _Row("", ("",) * len(columns))
                self._cache[seq] = r
            while len(self._cache) > CACHE_ROWS:
                self._cache.popitem(last=False)
            last = min(start + len(seqs), len(self._seqs)) - 1
            if last >= start:
                self.dataChanged.emit(
                    self.index(start, 0),
                    self.index(last, len(self._columns) - 1),
                    [Qt.ItemDataRole.DisplayRole],
                )
            self.pageLoaded.emit(page)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._pending.discard(page)
            self.loadFailed.emit(exc)

        self._tasks.run(work, done, failed)

    def prefetch(self, first_row: int, last_row: int) -> None:
        for row in range(max(0, first_row), min(last_row + 1, len(self._seqs)), PAGE_SIZE):
            if not self.is_row_loaded(row):
                self._request(row)


RowCallback = Callable[[int], None]
