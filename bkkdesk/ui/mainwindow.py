"""The main window: data sets on the left, the records table with filters, the status bar.

Laid out for 1366×768 and usable at 1024×768. Every store call goes through the one
worker queue (:mod:`bkkdesk.ui.tasks`); the search box searches as you type, 250 ms after
the last key, and a newer search makes the older one's result stale (dropped).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from bkkdesk.core.definitions import DatasetDef
from bkkdesk.core.errors import BkkError
from bkkdesk.core.records import RecordData
from bkkdesk.core.thaidate import BANGKOK
from bkkdesk.core.thaitext import sort_key
from bkkdesk.db.records import RecordFilter
from bkkdesk.db.users import ROLE_LABELS
from bkkdesk.ui.context import AppContext
from bkkdesk.ui.editors import DateLineEdit
from bkkdesk.ui.history import HistoryDialog
from bkkdesk.ui.model import RecordTableModel, SeqRole, TableQuery
from bkkdesk.ui.recorddialog import RecordDialog
from bkkdesk.ui.syncstatus import SyncPhase, SyncState

SEARCH_DELAY_MS = 250
PENDING_REFRESH_MS = 15_000
CLOCK_SKEW_WARN_S = 300


class SyncStatusWidget(QWidget):
    """Status-bar part: sync phase, changes waiting, last sync, error; "sync now"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state_label = QLabel()
        self.state_label.setObjectName("syncState")
        self.pending_label = QLabel()
        self.pending_label.setObjectName("syncPending")
        self.clock_label = QLabel()
        self.clock_label.setObjectName("clockWarning")
        self.clock_label.setStyleSheet("color: #b00020;")
        self.clock_label.setVisible(False)
        self.button = QPushButton(self.tr("Sync now"))
        self.button.setObjectName("syncNow")
        self.button.setAutoDefault(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(self.clock_label)
        layout.addWidget(self.pending_label)
        layout.addWidget(self.state_label)
        layout.addWidget(self.button)

    def show_state(self, state: SyncState, lang: str) -> None:
        phase = {
            SyncPhase.NOT_ENROLLED: self.tr("Offline: this PC is not enrolled"),
            SyncPhase.OFFLINE: self.tr("Offline: will retry"),
            SyncPhase.IDLE: self.tr("Up to date"),
            SyncPhase.SYNCING: self.tr("Syncing…"),
            SyncPhase.ERROR: self.tr("Sync failed"),
        }[state.phase]
        if state.last_sync is not None:
            from bkkdesk.core.thaidate import format_utc

            phase += " · " + self.tr("last sync %1").replace(
                "%1", format_utc(state.last_sync.isoformat())
            )
        self.state_label.setText(phase)
        error = state.error_en if lang == "en" else state.error_th
        self.state_label.setToolTip(error)
        self.state_label.setStyleSheet("color: #b00020;" if state.phase == SyncPhase.ERROR else "")
        if state.pending is None:
            self.pending_label.setText("")
        elif state.pending == 0:
            self.pending_label.setText(self.tr("No changes waiting"))
        else:
            self.pending_label.setText(self.tr("%n change(s) waiting to send", "", state.pending))
        skew = state.clock_skew_seconds
        if skew is not None and abs(skew) >= CLOCK_SKEW_WARN_S:
            minutes = round(abs(skew) / 60)
            self.clock_label.setText(
                self.tr("This PC's clock is off by %n minute(s)", "", minutes)
            )
            self.clock_label.setVisible(True)
        else:
            self.clock_label.setVisible(False)


class MainWindow(QMainWindow):
    """Data sets, records, filters, actions; emits ``loggedOut`` on log out."""

    loggedOut = Signal()
    recordSaved = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.ctx = ctx
        self.definitions: dict[str, DatasetDef] = {}
        self.counts: dict[str, int] = {}
        self.current: DatasetDef | None = None
        self.record_dialog: RecordDialog | None = None
        self.drafts_dialog: Any = None
        store = ctx.store
        district = store.reference.districts.get(ctx.district_code or "")
        where = (district.name_en if ctx.lang == "en" else "เขต" + district.name_th) if district \
            else ""
        role = ctx.user.role if ctx.lang == "en" else ROLE_LABELS.get(ctx.user.role, ctx.user.role)
        self.setWindowTitle(f"bkkdesk — {where} — {ctx.user.display_name or ctx.username} ({role})")
        self.resize(1366, 768)

        # Left: data sets with counts.
        self.datasets = QListWidget()
        self.datasets.setObjectName("datasetList")
        self.datasets.setMinimumWidth(170)
        self.datasets.setSpacing(2)
        self.datasets.setWordWrap(True)
        self.datasets.currentRowChanged.connect(self._dataset_chosen)

        # Filters.
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Search (name, place, number…)"))
        self.search.setClearButtonEnabled(True)
        self.subdistrict = QComboBox()
        self.subdistrict.setObjectName("subdistrictFilter")
        self.subdistrict.setMinimumWidth(130)
        self.status = QComboBox()
        self.status.setObjectName("statusFilter")
        self.status.setMinimumWidth(130)
        self.date_from = DateLineEdit()
        self.date_to = DateLineEdit()
        self.date_from.edit.setPlaceholderText(self.tr("from"))
        self.date_to.edit.setPlaceholderText(self.tr("to"))
        self.date_label = QLabel(self.tr("Date"))
        self.clear_button = QPushButton(self.tr("Clear filters"))
        self.clear_button.setAutoDefault(False)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.subdistrict.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.status.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.date_from.edit.editingFinished.connect(self.apply_filters)
        self.date_to.edit.editingFinished.connect(self.apply_filters)
        self.date_from.edited.connect(self._date_edited)
        self.date_to.edited.connect(self._date_edited)
        self.clear_button.clicked.connect(self.clear_filters)

        row1 = QHBoxLayout()
        row1.addWidget(self.search, 1)
        row1.addWidget(self.count_label)
        row1.addWidget(self.clear_button)
        row2 = QHBoxLayout()
        self.subdistrict_label = QLabel(self.tr("Subdistrict"))
        row2.addWidget(self.subdistrict_label)
        row2.addWidget(self.subdistrict)
        self.status_label = QLabel(self.tr("Status"))
        row2.addWidget(self.status_label)
        row2.addWidget(self.status)
        row2.addWidget(self.date_label)
        row2.addWidget(self.date_from)
        row2.addWidget(QLabel("–"))
        row2.addWidget(self.date_to)
        row2.addStretch(1)

        # The table.
        self.model = RecordTableModel(ctx.store, ctx.tasks, lang=ctx.lang, masked=ctx.masked,
                                      parent=self)
        self.model.loaded.connect(self._loaded)
        self.model.pageLoaded.connect(self._page_loaded)
        self._autosize = False
        self.model.loadFailed.connect(self._load_failed)
        self.table = QTableView()
        self.table.setObjectName("recordsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self._sort_requested)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setDefaultSectionSize(170)
        # Fit columns to the rows on screen only (the default measures 1,000 rows, each a
        # Python data() call: 0.7 s of frozen UI on a big table).
        header.setResizeContentsPrecision(0)
        vh = self.table.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.table.activated.connect(lambda index: self.open_row(index.row()))

        center = QWidget()
        cl = QVBoxLayout(center)
        cl.setContentsMargins(4, 4, 4, 4)
        self.title_label = QLabel()
        self.title_label.setObjectName("datasetTitle")
        tf = self.title_label.font()
        tf.setPointSizeF(tf.pointSizeF() * 1.25)
        tf.setBold(True)
        self.title_label.setFont(tf)
        # A newer bkkdesk is out (published by the server): hidden until the sync says so.
        self.update_banner = QLabel()
        self.update_banner.setObjectName("updateBanner")
        self.update_banner.setWordWrap(True)
        self.update_banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.update_banner.setVisible(False)
        cl.addWidget(self.update_banner)
        cl.addWidget(self.title_label)
        cl.addLayout(row1)
        cl.addLayout(row2)
        cl.addWidget(self.table, 1)

        split = QSplitter()
        split.addWidget(self.datasets)
        split.addWidget(center)
        split.setStretchFactor(1, 1)
        split.setSizes([230, 1130])
        split.setChildrenCollapsible(False)
        self.setCentralWidget(split)

        self._make_actions()

        # Status bar.
        self.sync_widget = SyncStatusWidget()
        self.sync_widget.button.clicked.connect(self.sync_now)
        self.user_label = QLabel(f"{ctx.user.display_name or ctx.username}")
        self.busy_label = QLabel()
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.sync_widget)
        ctx.tasks.busyChanged.connect(self._busy)
        ctx.sync.stateChanged.connect(self._sync_state)
        ctx.sync.dataChanged.connect(self.refresh_all)
        self._sync_state(ctx.sync.state)
        self._pending_timer = QTimer(self)
        self._pending_timer.setInterval(PENDING_REFRESH_MS)
        self._pending_timer.timeout.connect(self.refresh_pending)
        self._pending_timer.start()

        self.load_datasets()
        self.refresh_pending()

    # -- actions and menus --------------------------------------------------------------
    def _action(self, text: str, slot: Any, shortcut: str | None = None,
                name: str = "") -> QAction:
        a = QAction(text, self)
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
            a.setToolTip(f"{text} ({QKeySequence(shortcut).toString()})")
        a.setObjectName(name)
        a.triggered.connect(slot)
        return a

    def _make_actions(self) -> None:
        self.new_action = self._action(self.tr("New record"), self.new_record, "Ctrl+N", "new")
        self.edit_action = self._action(self.tr("Open"), self.open_current, None, "open")
        self.history_action = self._action(self.tr("History"), self.show_history, "Ctrl+H",
                                           "history")
        self.delete_action = self._action(self.tr("Delete"), self.delete_current, None,
                                          "delete")
        self.delete_action.setVisible(self.ctx.is_supervisor)
        self.export_action = self._action(self.tr("Export to Excel…"), self.export_dialog,
                                          "Ctrl+E", "export")
        self.import_action = self._action(self.tr("Import from Excel…"), self.import_dialog,
                                          None, "import")
        self.sync_action = self._action(self.tr("Sync now"), self.sync_now, "F5", "sync")
        self.conflicts_action = self._action(self.tr("Conflicts"), self.show_conflicts, None,
                                             "conflicts")
        self.conflicts_action.setVisible(self.ctx.is_supervisor)
        self.drafts_action = self._action(self.tr("Drafts…"), lambda: self.check_drafts(True),
                                          None, "drafts")
        self.settings_action = self._action(self.tr("Settings…"), self.show_settings, None,
                                            "settings")
        self.logout_action = self._action(self.tr("Log out"), self.log_out, None, "logout")
        self.quit_action = self._action(self.tr("Quit"), self.close, "Ctrl+Q", "quit")
        self.search_action = self._action(self.tr("Search"), self.focus_search, "Ctrl+F",
                                          "find")

        tb = QToolBar(self.tr("Main"))
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (self.new_action, self.edit_action, self.history_action, self.delete_action):
            tb.addAction(a)
        tb.addSeparator()
        tb.addAction(self.export_action)
        tb.addAction(self.import_action)
        tb.addSeparator()
        tb.addAction(self.conflicts_action)
        tb.addAction(self.settings_action)
        tb.addAction(self.logout_action)
        self.addToolBar(tb)
        self.addAction(self.search_action)

        mb = self.menuBar()
        m = mb.addMenu(self.tr("&File"))
        m.addAction(self.export_action)
        m.addAction(self.import_action)
        m.addSeparator()
        m.addAction(self.drafts_action)
        m.addAction(self.settings_action)
        m.addSeparator()
        m.addAction(self.logout_action)
        m.addAction(self.quit_action)
        m = mb.addMenu(self.tr("&Record"))
        for a in (self.new_action, self.edit_action, self.history_action, self.delete_action,
                  self.search_action):
            m.addAction(a)
        m = mb.addMenu(self.tr("&Sync"))
        m.addAction(self.sync_action)
        m.addAction(self.conflicts_action)

    # -- data sets ----------------------------------------------------------------------
    def load_datasets(self) -> None:
        store = self.ctx.store

        def work() -> tuple[dict[str, DatasetDef], dict[str, int]]:
            return store.definitions(), store.records.counts_by_dataset()

        self.ctx.tasks.run(work, self._datasets_loaded, self._load_failed)

    def _datasets_loaded(self, result: tuple[dict[str, DatasetDef], dict[str, int]]) -> None:
        definitions, counts = result
        lang = self.ctx.lang
        self.definitions = dict(
            sorted(definitions.items(), key=lambda kv: sort_key(kv[1].title.get(lang)))
        )
        self.counts = counts
        self.datasets.blockSignals(True)
        self.datasets.clear()
        for d in self.definitions.values():
            item = QListWidgetItem(self._dataset_text(d))
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            item.setToolTip(d.description.get(lang) if d.description else d.title.get(lang))
            self.datasets.addItem(item)
        self.datasets.blockSignals(False)
        wanted = self.ctx.settings.values.last_dataset
        ids = list(self.definitions)
        row = ids.index(wanted) if wanted in ids else 0
        if ids:
            self.datasets.setCurrentRow(row)

    def _dataset_text(self, d: DatasetDef) -> str:
        n = self.counts.get(d.id, 0)
        return f"{d.title.get(self.ctx.lang)}\n" + self.tr("%n record(s)", "", n).replace(
            str(n), f"{n:,}"
        )

    def refresh_counts(self) -> None:
        store = self.ctx.store

        def done(counts: dict[str, int]) -> None:
            self.counts = counts
            for i in range(self.datasets.count()):
                item = self.datasets.item(i)
                d = self.definitions.get(item.data(Qt.ItemDataRole.UserRole))
                if d is not None:
                    item.setText(self._dataset_text(d))

        self.ctx.tasks.run(store.records.counts_by_dataset, done, key="counts")

    def _dataset_chosen(self, row: int) -> None:
        item = self.datasets.item(row)
        if item is None:
            return
        d = self.definitions[item.data(Qt.ItemDataRole.UserRole)]
        self.current = d
        self.ctx.settings.values.last_dataset = d.id
        self.title_label.setText(d.title.get(self.ctx.lang))
        self._fill_filters(d)
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        header.blockSignals(False)
        self._autosize = True
        self.model.set_query(d, TableQuery(d.id, self.current_filter()))

    def _sort_requested(self, section: int, order: Qt.SortOrder) -> None:
        self.model.sort(section, order)

    def _page_loaded(self, page: int) -> None:
        # Fit the columns to the first rows shown of a data set (the view measures only
        # the visible rows), within bounds so that one long text does not take it all.
        if not self._autosize or page != 0:
            return
        self._autosize = False
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for c in range(self.model.columnCount()):
            header.resizeSection(c, max(90, min(header.sectionSize(c) + 12, 320)))

    def _fill_filters(self, d: DatasetDef) -> None:
        lang = self.ctx.lang
        for combo in (self.subdistrict, self.status):
            combo.blockSignals(True)
            combo.clear()
        self.subdistrict.addItem(self.tr("All subdistricts"), None)
        subs = self.ctx.store.reference.subdistricts_of(self.ctx.district_code or "")
        for s in sorted(subs, key=lambda s: sort_key(s.name_th)):
            self.subdistrict.addItem(s.name_en if lang == "en" else s.name_th, s.code)
        self.status.addItem(self.tr("All statuses"), None)
        if d.status_field:
            for c in d.field(d.status_field).choices:
                self.status.addItem(c.label.get(lang), c.value)
        for combo in (self.subdistrict, self.status):
            combo.blockSignals(False)
        has_sub = d.subdistrict_field is not None
        self.subdistrict.setVisible(has_sub)
        self.subdistrict_label.setVisible(has_sub)
        has_status = d.status_field is not None
        self.status.setVisible(has_status)
        self.status_label.setVisible(has_status)
        has_date = d.date_field is not None
        for w in (self.date_from, self.date_to, self.date_label):
            w.setVisible(has_date)
        if has_date:
            self.date_label.setText(d.field(d.date_field or "").label.get(lang))

    # -- filters ------------------------------------------------------------------------
    def current_filter(self) -> RecordFilter:
        df, dt_ = self.date_from.date(), self.date_to.date()
        return RecordFilter(
            search=self.search.text().strip() or None,
            subdistrict=self.subdistrict.currentData() if self.subdistrict.isVisibleTo(self)
            else None,
            status=self.status.currentData() if self.status.isVisibleTo(self) else None,
            date_from=df.isoformat() if df else None,
            date_to=dt_.isoformat() if dt_ else None,
        )

    def _date_edited(self) -> None:
        # A date picked from the calendar applies at once; typed ones on Enter/leave.
        if not self.date_from.edit.hasFocus() and not self.date_to.edit.hasFocus():
            self.apply_filters()

    def apply_filters(self) -> None:
        self._search_timer.stop()
        d = self.current
        if d is None:
            return
        q = self.model.query
        order_by = q.order_by if q else None
        descending = q.descending if q else True
        self.model.set_query(
            d, TableQuery(d.id, self.current_filter(), order_by=order_by, descending=descending)
        )

    def clear_filters(self) -> None:
        for w in (self.subdistrict, self.status, self.search):
            w.blockSignals(True)
        self.search.clear()
        self.subdistrict.setCurrentIndex(0)
        self.status.setCurrentIndex(0)
        self.date_from.set_date(None)
        self.date_to.set_date(None)
        for w in (self.subdistrict, self.status, self.search):
            w.blockSignals(False)
        self.apply_filters()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _loaded(self, n: int) -> None:
        self.count_label.setText(self.tr("%n record(s)", "", n))

    def _load_failed(self, exc: BaseException) -> None:
        text = (exc.en if self.ctx.lang == "en" else exc.th) if isinstance(exc, BkkError) \
            else f"{type(exc).__name__}: {exc}"
        self.statusBar().showMessage(text, 10_000)

    def _busy(self, busy: bool) -> None:
        self.busy_label.setText(self.tr("Working…") if busy else "")

    # -- records ------------------------------------------------------------------------
    def _current_row(self) -> int | None:
        idx = self.table.currentIndex()
        return idx.row() if idx.isValid() else None

    def _with_record(self, row: int, then: Any) -> None:
        seq = self.model.seq_at(row)
        if seq is None:
            return
        store = self.ctx.store

        def work() -> RecordData | None:
            return store.records.by_seqs([seq]).get(seq)

        def done(record: RecordData | None) -> None:
            if record is not None:
                then(record)

        self.ctx.tasks.run(work, done, self._load_failed)

    def new_record(self, draft: dict[str, Any] | None = None) -> RecordDialog | None:
        d = self.definitions.get(draft["dataset_id"]) if draft else self.current
        if d is None:
            return None
        return self._open_dialog(d, None, draft if isinstance(draft, dict) else None)

    def _open_dialog(
        self, d: DatasetDef, record: RecordData | None, draft: dict[str, Any] | None
    ) -> RecordDialog:
        dlg = RecordDialog(self.ctx, d, record, draft=draft, parent=self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.saved.connect(self._record_saved)
        dlg.finished.connect(lambda _r: self._dialog_closed(dlg))
        self.record_dialog = dlg
        dlg.open()
        return dlg

    def _dialog_closed(self, dlg: RecordDialog) -> None:
        if self.record_dialog is dlg:
            self.record_dialog = None
        self.table.setFocus()

    def open_row(self, row: int) -> None:
        d = self.current
        if d is None:
            return
        self._with_record(row, lambda r: self._open_dialog(d, r, None))

    def open_current(self) -> None:
        row = self._current_row()
        if row is not None:
            self.open_row(row)

    def _record_saved(self, record: RecordData) -> None:
        self.recordSaved.emit(record)
        self.model.reload()
        self.refresh_counts()
        self.refresh_pending()

    def show_history(self) -> None:
        row = self._current_row()
        d = self.current
        if row is None or d is None:
            return

        def show(record: RecordData) -> None:
            dlg = HistoryDialog(self.ctx, d, record.id, parent=self)
            dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.history_dialog = dlg
            dlg.open()

        self._with_record(row, show)

    def delete_current(self) -> None:
        row = self._current_row()
        if row is None or not self.ctx.is_supervisor:
            return

        def confirm(record: RecordData) -> None:
            answer = QMessageBox.question(
                self, self.tr("Delete record"),
                self.tr("Delete this record? The deletion is recorded and sent to the server."),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            store, user = self.ctx.store, self.ctx.username
            self.ctx.tasks.run(
                lambda: store.records.delete(record.id, user=user),
                lambda _r: self._record_saved(record),
                self._load_failed,
            )

        self._with_record(row, confirm)

    def select_row(self, row: int) -> None:
        idx = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            idx,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def row_seq(self, row: int) -> int | None:
        v = self.model.data(self.model.index(row, 0), SeqRole)
        return int(v) if v is not None else None

    # -- drafts -------------------------------------------------------------------------
    def check_drafts(self, always: bool = False) -> None:
        """Offer drafts left from last time (called after log in)."""
        store, user = self.ctx.store, self.ctx.username

        def done(drafts: list[dict[str, Any]]) -> None:
            drafts = [d for d in drafts if d["dataset_id"] in self.definitions]
            if not drafts:
                if always:
                    self.statusBar().showMessage(self.tr("No drafts."), 5000)
                return
            from bkkdesk.ui.drafts import DraftsDialog

            dlg = DraftsDialog(
                drafts, self.definitions, lang=self.ctx.lang, discard=self._discard_draft,
                parent=self,
            )
            dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dlg.accepted.connect(lambda: self.restore_draft(dlg.chosen))
            self.drafts_dialog = dlg
            dlg.open()

        if self.definitions:
            self.ctx.tasks.run(lambda: store.drafts(user), done)
        else:
            QTimer.singleShot(200, lambda: self.check_drafts(always))

    def _discard_draft(self, draft_id: int) -> None:
        store = self.ctx.store
        self.ctx.tasks.run(lambda: store.discard_draft(draft_id))

    def restore_draft(self, draft: dict[str, Any] | None) -> None:
        if draft is None:
            return
        d = self.definitions.get(draft["dataset_id"])
        if d is None:
            return
        record_id = draft.get("record_id")
        if record_id:
            store = self.ctx.store
            self.ctx.tasks.run(
                lambda: store.records.get(record_id),
                lambda r: self._open_dialog(d, r, draft),
                self._load_failed,
            )
        else:
            self._open_dialog(d, None, draft)

    # -- sync -------------------------------------------------------------------------------
    def _sync_state(self, state: SyncState) -> None:
        self.sync_widget.show_state(state, self.ctx.lang)
        notice = state.update_en if self.ctx.lang == "en" else state.update_th
        self.update_banner.setVisible(bool(notice))
        if notice:
            colours = ("#fde7e9", "#b00020") if state.update_required else ("#fff4ce", "#8a6d00")
            self.update_banner.setStyleSheet(
                f"background: {colours[0]}; border: 1px solid {colours[1]}; padding: 6px;"
            )
            self.update_banner.setText(notice)
        error = state.error_en if self.ctx.lang == "en" else state.error_th
        if error:
            self.statusBar().showMessage(error, 8000)

    def sync_now(self) -> None:
        self.ctx.sync.sync_now()
        self.refresh_pending()

    def refresh_pending(self) -> None:
        store = self.ctx.store
        self.ctx.tasks.run(store.records.pending_count, self.ctx.sync.update_pending,
                           key="pending")

    def refresh_all(self) -> None:
        self.model.reload()
        self.refresh_counts()
        self.refresh_pending()

    def show_conflicts(self) -> None:
        from bkkdesk.ui.conflicts import ConflictsDialog

        dlg = ConflictsDialog(self.ctx.conflicts, self.ctx.tasks, parent=self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.conflicts_dialog = dlg
        dlg.open()

    # -- export / import ---------------------------------------------------------------
    def export_dialog(self) -> None:
        d = self.current
        if d is None:
            return
        stamp = dt.datetime.now(BANGKOK).strftime("%Y%m%d-%H%M")
        default = str(Path.home() / f"{d.id}-{stamp}.xlsx")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export to Excel"), default, self.tr("Excel workbook (*.xlsx)")
        )
        if path:
            self.start_export(Path(path))

    def start_export(self, path: Path) -> Any:
        from bkkdesk.ui.transfer import TransferDialog

        d = self.current
        if d is None:
            return None
        export_fn = self.ctx.export_fn
        if export_fn is None:
            QMessageBox.information(self, self.tr("Export"),
                                    self.tr("Export is not available in this version."))
            return None
        store, flt, user, lang = self.ctx.store, self.current_filter(), self.ctx.username, \
            self.ctx.lang
        district = store.reference.districts.get(self.ctx.district_code or "")

        def work(progress: Any, cancel: Any) -> Any:
            from bkkdesk.excel.export import ExportOptions

            total = store.records.count(d.id, flt)
            options = ExportOptions(
                lang=lang, exported_by=user,
                filters={k: str(v) for k, v in flt.describe().items()},
                district_names=[district.name_th] if district else [],
            )
            return export_fn(
                path, d, store.records.iter_records(d.id, flt), total=total, options=options,
                progress=progress, cancel=cancel, reference=store.reference,
            )

        def describe(result: Any) -> str:
            rows = getattr(result, "rows", None)
            return self.tr("Saved %1 row(s) to %2").replace("%1", f"{rows:,}" if rows else "0") \
                .replace("%2", str(path))

        dlg = TransferDialog(self.tr("Export to Excel"), work, self.ctx.tasks,
                             describe=describe, lang=lang, parent=self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.transfer_dialog = dlg
        dlg.open()
        return dlg

    def import_dialog(self) -> None:
        d = self.current
        if d is None:
            return
        import_fn = self.ctx.import_fn
        if import_fn is None:
            QMessageBox.information(self, self.tr("Import"),
                                    self.tr("Import from Excel is not available in this "
                                            "version yet."))
            return
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import from Excel"), str(Path.home()),
            self.tr("Excel workbook (*.xlsx)")
        )
        if not path:
            return
        from bkkdesk.ui.transfer import TransferDialog

        store, user, district = self.ctx.store, self.ctx.username, self.ctx.district_code

        def work(progress: Any, cancel: Any) -> tuple[int, int, int]:
            result = import_fn(
                Path(path), d, store.reference, district or "",
                existing_keys=store.records.unique_keys(d.id), progress=progress, cancel=cancel,
            )
            if result.ok and not result.duplicates:
                ids = store.records.add_many(d.id, [r.values for r in result.rows], user=user)
                return len(ids), 0, 0
            return 0, result.invalid_count, len(result.duplicates)

        def describe(result: tuple[int, int, int]) -> str:
            saved, bad, dupes = result
            if saved:
                return self.tr("Imported %n record(s).", "", saved)
            return self.tr("Nothing was imported: %1 row(s) with errors, %2 duplicate(s). "
                           "Correct the file and import it again.") \
                .replace("%1", str(bad)).replace("%2", str(dupes))

        dlg = TransferDialog(self.tr("Import from Excel"), work, self.ctx.tasks,
                             describe=describe, lang=self.ctx.lang, parent=self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.accepted.connect(self.refresh_all)
        self.transfer_dialog = dlg
        dlg.open()

    # -- settings, log out ----------------------------------------------------------------
    def show_settings(self) -> None:
        from bkkdesk.ui.settings import SettingsDialog

        dlg = SettingsDialog(self.ctx.settings.values, admin=self.ctx.is_admin, parent=self)
        if dlg.exec():
            dlg.apply()
            self.ctx.settings.save()
            from PySide6.QtWidgets import QApplication

            app = QApplication.instance()
            if isinstance(app, QApplication):
                f = app.font()
                f.setPointSize(self.ctx.settings.values.font_size)
                app.setFont(f)

    def log_out(self) -> None:
        dlg = self.record_dialog
        if dlg is not None and dlg.isVisible() and not dlg.close():
            return
        # The login window shows first, so that closing this one does not end the app.
        self.loggedOut.emit()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        dlg = self.record_dialog
        if dlg is not None and dlg.isVisible():
            dlg.raise_()
            if not dlg.close():
                event.ignore()
                return
        self._pending_timer.stop()
        self.ctx.settings.save()
        event.accept()

    def index_for(self, row: int, column: int = 0) -> QModelIndex:
        return self.model.index(row, column)
