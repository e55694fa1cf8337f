"""The records table model: lazy pages, bounded cache, Qt's model contract."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from uihelpers import make_store

from bkkdesk.db.records import RecordFilter
from bkkdesk.ui import model as model_module
from bkkdesk.ui.model import PAGE_SIZE, RecordTableModel, RunningQuery, TableQuery
from bkkdesk.ui.tasks import TaskManager

NAMES = ["สมชาย", "สมศรี", "วิชัย", "เอกชัย", "ใจดี", "มานะ", "ปิติ", "ชูใจ", "แก้วตา", "โสภา"]


@pytest.fixture(scope="module")
def filled(tmp_path_factory: Any) -> Any:
    """One store for the module (the tests only read it)."""
    store = make_store(Path(tmp_path_factory.mktemp("model")) / "data", users=False)
    rng = random.Random(5)
    validator = store.validator("test_visit")
    rows = [
        validator.validate(
            {
                "person_name": f"{rng.choice(NAMES)} {rng.choice(NAMES)} {i}",
                "visit_date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "subdistrict": rng.choice(["100401", "100402", "100403", "100404", "100405"]),
                "kind": rng.choice(["ask", "request", "other"]),
                "other_detail": "อื่น",
                "national_id": "1101700123456",
            },
            district="1004",
        )
        for i in range(300)
    ]
    store.records.add_many("test_visit", rows, user="admin")
    yield store
    store.close()


def _loaded_model(qtbot: Any, store: Any, flt: RecordFilter | None = None) -> Any:
    tasks = TaskManager()
    m = RecordTableModel(store, tasks, masked=True)
    with qtbot.waitSignal(m.loaded, timeout=10_000):
        m.set_query(store.definition("test_visit"),
                    TableQuery("test_visit", flt or RecordFilter()))
    return m, tasks


def test_model_passes_qtmodeltester(qtbot: Any, qtmodeltester: Any, filled: Any) -> None:
    m, tasks = _loaded_model(qtbot, filled)
    assert m.rowCount() == 300
    assert m.headerData(0, Qt.Orientation.Horizontal) == "ชื่อผู้มาติดต่อ"
    qtmodeltester.check(m, force_py=True)
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=10_000)
    assert m.is_row_loaded(0)
    qtmodeltester.check(m, force_py=True)
    assert m.index(0, 1).data() == "1-xxxx-xxxxx-xx-6"  # masked for a clerk
    tasks.shutdown()


def test_rows_load_lazily_into_a_bounded_cache(
    qtbot: Any, filled: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(model_module, "CACHE_ROWS", PAGE_SIZE)
    m, tasks = _loaded_model(qtbot, filled)
    assert m.cached_rows() == 0  # nothing fetched until shown
    assert m.index(0, 0).data() == ""
    qtbot.waitUntil(lambda: m.is_row_loaded(0), timeout=5000)
    assert m.cached_rows() == PAGE_SIZE
    assert m.index(299, 0).data() == ""
    qtbot.waitUntil(lambda: m.is_row_loaded(299), timeout=5000)
    assert m.cached_rows() <= PAGE_SIZE  # the oldest page was evicted
    assert not m.is_row_loaded(0)
    tasks.shutdown()


def test_sorting_and_short_thai_search(qtbot: Any, filled: Any) -> None:
    m, tasks = _loaded_model(qtbot, filled)
    with qtbot.waitSignal(m.loaded, timeout=10_000):
        m.sort(0, Qt.SortOrder.AscendingOrder)
    m.index(0, 0).data()
    m.index(m.rowCount() - 1, 0).data()
    qtbot.waitUntil(lambda: m.is_row_loaded(0) and m.is_row_loaded(m.rowCount() - 1),
                    timeout=5000)
    first, last = m.index(0, 0).data(), m.index(m.rowCount() - 1, 0).data()
    # Thai dictionary order: แก้วตา files under ก, เอกชัย under อ (not after ฮ as in
    # code-point order).
    assert first.startswith("แก้วตา")
    assert last.startswith("เอกชัย")
    m2, tasks2 = _loaded_model(qtbot, filled, RecordFilter(search="ปิ"))
    assert 0 < m2.rowCount() < 300
    tasks.shutdown()
    tasks2.shutdown()


def test_superseded_results_are_dropped(qtbot: Any) -> None:
    import time

    tasks = TaskManager()
    got: list[int] = []
    for i in range(5):
        tasks.run(lambda i=i: (time.sleep(0.02), i)[1], got.append, key="search")
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=5000)
    assert got == [4]
    tasks.shutdown()


def test_a_result_for_a_closed_window_is_dropped(qtbot: Any) -> None:
    from PySide6.QtWidgets import QLabel

    tasks = TaskManager()
    label = QLabel()
    label.deleteLater()
    qtbot.wait(10)  # the label's C++ object is gone now
    tasks.run(lambda: "late", label.setText)
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=5000)
    tasks.shutdown()


def test_a_superseded_row_query_is_interrupted(filled: Any) -> None:
    from bkkdesk.ui.model import RunningQuery, Superseded, fetch_seqs

    q = TableQuery("test_visit", RecordFilter(), order_by="person_name")
    running = RunningQuery()
    running.interrupt()  # a newer query came before this one started
    with pytest.raises(Superseded):
        fetch_seqs(filled, q, running)
    assert len(fetch_seqs(filled, q, RunningQuery())) == 300  # the connection is fine


def test_a_running_query_stops_when_interrupted(filled: Any) -> None:
    import sqlite3
    import threading

    running = RunningQuery()
    errors: list[BaseException] = []

    def slow() -> None:
        with filled.read() as session:
            conn = session.connection()
            running.attach(conn.connection.dbapi_connection)
            try:
                conn.exec_driver_sql(
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                    "WHERE x < 1000000000) SELECT count(*) FROM c"
                ).all()
            except Exception as exc:
                errors.append(exc)
            finally:
                running.detach()

    t = threading.Thread(target=slow)
    t.start()
    import time

    time.sleep(0.3)
    running.interrupt()
    t.join(10)
    assert not t.is_alive()
    assert errors and isinstance(getattr(errors[0], "orig", errors[0]), sqlite3.OperationalError)


def test_sorting_by_the_date_column_uses_the_indexed_date(qtbot: Any, filled: Any) -> None:
    m, tasks = _loaded_model(qtbot, filled)
    with qtbot.waitSignal(m.loaded, timeout=10_000):
        m.sort(2, Qt.SortOrder.AscendingOrder)  # visit_date, the definition's date_field
    assert m.query.order_by == "record_date"
    m.index(0, 2).data()
    qtbot.waitUntil(lambda: m.is_row_loaded(0), timeout=5000)
    first = m.index(0, 2).data()
    assert first.split()[1] == "ม.ค." and first.endswith("2568")  # January 2025 B.E.
    tasks.shutdown()
