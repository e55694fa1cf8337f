"""One queue for database and file work off the UI thread (STYLE.md habit 3).

Every store call of the UI goes through :class:`TaskManager`: a thread pool with exactly
one worker (SQLite likes one writer; the order of work is the order of requests), and
results delivered on the main thread through a queued signal. A worker never touches
a widget: ``fn`` gets no Qt object, ``on_done``/``on_error`` run on the main thread.

A task submitted with a ``key`` supersedes earlier tasks with the same key: their
results are dropped (a search typed further makes the previous search stale), and if
they have not started yet they are skipped altogether.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal, Slot

log = logging.getLogger("bkkdesk.ui.tasks")

Done = Callable[[Any], Any]
Failed = Callable[[BaseException], Any]


class CancelToken:
    """Polled by long work (exports, imports); set from the UI thread."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    def __call__(self) -> bool:
        return self._event.is_set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


@dataclass
class _Task:
    id: int
    fn: Callable[[], Any]
    on_done: Done | None
    on_error: Failed | None
    key: str | None
    generation: int
    result: Any = None
    error: BaseException | None = None
    skipped: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class _Runnable(QRunnable):
    def __init__(self, manager: TaskManager, task: _Task) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._manager = manager
        self._task = task

    def run(self) -> None:  # worker thread: no widgets here
        task = self._task
        if self._manager._is_stale(task):
            task.skipped = True
        else:
            try:
                task.result = task.fn()
            except BaseException as exc:  # delivered to on_error on the main thread
                task.error = exc
                log.debug("task %s failed:\n%s", task.id, traceback.format_exc())
        self._manager._finished.emit(task)


class TaskManager(QObject):
    """Runs callables on one worker thread; callbacks come back on the main thread."""

    _finished = Signal(object)
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)
        # Where the OS honours it (Windows), the UI thread goes first.
        self._pool.setThreadPriority(QThread.Priority.LowPriority)
        self._next_id = 0
        self._generations: dict[str, int] = {}
        self._gen_lock = threading.Lock()
        self._pending = 0
        self._finished.connect(self._deliver)
        self.closed = False

    # -- submitting ----------------------------------------------------------------
    def run(
        self,
        fn: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        *,
        key: str | None = None,
    ) -> int:
        """Queue ``fn``; returns the task id. ``key``: newer tasks supersede older ones."""
        if self.closed:
            return -1
        self._next_id += 1
        generation = 0
        if key is not None:
            with self._gen_lock:
                generation = self._generations.get(key, 0) + 1
                self._generations[key] = generation
        task = _Task(self._next_id, fn, on_done, on_error, key, generation)
        self._pending += 1
        if self._pending == 1:
            self.busyChanged.emit(True)
        self._pool.start(_Runnable(self, task))
        return task.id

    def supersede(self, key: str) -> None:
        """Drop the results of every queued or running task with ``key``."""
        with self._gen_lock:
            self._generations[key] = self._generations.get(key, 0) + 1

    def _is_stale(self, task: _Task) -> bool:
        if task.key is None:
            return False
        with self._gen_lock:
            return self._generations.get(task.key, 0) != task.generation

    # -- delivering (main thread) ---------------------------------------------------
    @Slot(object)
    def _deliver(self, task: _Task) -> None:
        self._pending -= 1
        try:
            if task.skipped or self._is_stale(task) or self.closed:
                return
            try:
                if task.error is not None:
                    if task.on_error is not None:
                        task.on_error(task.error)
                    else:
                        log.error("background task failed", exc_info=task.error)
                elif task.on_done is not None:
                    task.on_done(task.result)
            except RuntimeError as exc:
                # The window that asked was closed meanwhile (its C++ object is gone):
                # nothing to show the result in.
                if "already deleted" not in str(exc):
                    raise
                log.debug("result for a closed window dropped: %s", exc)
        finally:
            if self._pending == 0:
                self.busyChanged.emit(False)

    @property
    def pending(self) -> int:
        return self._pending

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the queue is empty (tests and shutdown only)."""
        return bool(self._pool.waitForDone(msecs))

    def shutdown(self, msecs: int = 30_000) -> None:
        """Finish queued work (a save in flight must reach the disk), drop callbacks."""
        self._pool.waitForDone(msecs)
        self.closed = True
