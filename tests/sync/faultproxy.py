"""A fault-injecting HTTP/1.1 proxy on loopback, for sync tests.

It sits between a client and the real server and, at random (seeded), per request:

- ``cut_request``: forwards only part of the request, then closes both sides;
- ``cut_response``: lets the server handle the whole request, then forwards only part of
  the answer (possibly none of it) and closes — the server applied it, the client does
  not know;
- ``repeat``: sends the request to the server twice (the first answer is thrown away), as
  a retrying middlebox would;
- ``delay``: holds the request back for a moment.

Threads, bounded: at most ``max_connections`` at once; every socket has a timeout. It
binds 127.0.0.1 only and connects only to a loopback upstream.
"""

from __future__ import annotations

import contextlib
import random
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

FAULTS = ("cut_request", "cut_response", "repeat", "delay")


@dataclass
class FaultPlan:
    """Probability of each fault per request; 0 everywhere means a clean pipe."""

    cut_request: float = 0.0
    cut_response: float = 0.0
    repeat: float = 0.0
    delay: float = 0.0
    max_delay: float = 0.2

    def clean(self) -> FaultPlan:
        return FaultPlan()


@dataclass
class Stats:
    requests: int = 0
    faults: Counter[str] = field(default_factory=Counter)


class _Closed(Exception):
    pass


def _read_until(sock: socket.socket, buf: bytearray, marker: bytes, limit: int) -> int:
    while True:
        i = buf.find(marker)
        if i >= 0:
            return i
        if len(buf) > limit:
            raise _Closed("headers too large")
        chunk = sock.recv(65536)
        if not chunk:
            raise _Closed("eof")
        buf += chunk


def _read_exact(sock: socket.socket, buf: bytearray, n: int) -> None:
    while len(buf) < n:
        chunk = sock.recv(min(1 << 20, n - len(buf)) or 65536)
        if not chunk:
            raise _Closed("eof in body")
        buf += chunk


def read_message(sock: socket.socket, buf: bytearray, *, is_response: bool) -> bytes:
    """One whole HTTP/1.1 message (headers and body) from ``sock``; ``buf`` keeps the rest."""
    end = _read_until(sock, buf, b"\r\n\r\n", 1 << 20) + 4
    head = bytes(buf[:end])
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        pos = end
        while True:
            i = _read_until_from(sock, buf, pos)
            size = int(bytes(buf[pos:i]).split(b";")[0], 16)
            pos = i + 2
            _read_exact(sock, buf, pos + size + 2)
            pos += size + 2
            if size == 0:
                break
        total = pos
    else:
        length = int(headers.get("content-length", "0"))
        if is_response and lines[0].split(" ")[1] in ("204", "304"):
            length = 0
        total = end + length
        _read_exact(sock, buf, total)
    msg = bytes(buf[:total])
    del buf[:total]
    return msg


def _read_until_from(sock: socket.socket, buf: bytearray, pos: int) -> int:
    while True:
        i = buf.find(b"\r\n", pos)
        if i >= 0:
            return i
        chunk = sock.recv(65536)
        if not chunk:
            raise _Closed("eof in chunk")
        buf += chunk


class FaultProxy:
    """``with FaultProxy(upstream_port, plan, seed) as proxy: proxy.url …``"""

    def __init__(
        self,
        upstream_port: int,
        plan: FaultPlan | None = None,
        *,
        seed: int = 0,
        max_connections: int = 32,
        timeout: float = 15.0,
    ) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.plan = plan or FaultPlan()
        self.rng = random.Random(seed)
        self._rng_lock = threading.Lock()
        self.timeout = timeout
        self.stats = Stats()
        self._slots = threading.BoundedSemaphore(max_connections)
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.2)
        self.port = int(self._listener.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._socks: set[socket.socket] = set()
        self._socks_lock = threading.Lock()
        self._acceptor = threading.Thread(target=self._accept, daemon=True)
        self._acceptor.start()

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._stop.set()
        self._acceptor.join(5)
        self._listener.close()
        with self._socks_lock:
            for s in list(self._socks):
                self._close(s)
        for t in self._threads:
            t.join(5)

    # -- internals

    def _roll(self) -> tuple[str | None, float]:
        with self._rng_lock:
            self.stats.requests += 1
            plan = self.plan
            for name in FAULTS:
                if self.rng.random() < getattr(plan, name):
                    return name, self.rng.random()
            return None, 0.0

    def _track(self, s: socket.socket) -> socket.socket:
        s.settimeout(self.timeout)
        with self._socks_lock:
            self._socks.add(s)
        return s

    def _close(self, s: socket.socket) -> None:
        with contextlib.suppress(OSError):
            s.shutdown(socket.SHUT_RDWR)
        s.close()
        with self._socks_lock:
            self._socks.discard(s)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            if not self._slots.acquire(timeout=self.timeout):
                conn.close()
                continue
            t = threading.Thread(target=self._serve, args=(self._track(conn),), daemon=True)
            self._threads = [x for x in self._threads if x.is_alive()]
            self._threads.append(t)
            t.start()

    def _upstream(self) -> socket.socket:
        return self._track(socket.create_connection(self.upstream, timeout=self.timeout))

    def _exchange(self, up: socket.socket, up_buf: bytearray, request: bytes) -> bytes:
        up.sendall(request)
        return read_message(up, up_buf, is_response=True)

    def _serve(self, client: socket.socket) -> None:
        up: socket.socket | None = None
        try:
            cbuf = bytearray()
            up_buf = bytearray()
            up = self._upstream()
            while not self._stop.is_set():
                request = read_message(client, cbuf, is_response=False)
                fault, x = self._roll()
                if fault is not None:
                    with self._rng_lock:
                        self.stats.faults[fault] += 1
                if fault == "delay":
                    time.sleep(x * self.plan.max_delay)
                elif fault == "cut_request":
                    up.sendall(request[: int(len(request) * x)])
                    return
                elif fault == "repeat":
                    extra = self._upstream()
                    try:
                        self._exchange(extra, bytearray(), request)
                    finally:
                        self._close(extra)
                response = self._exchange(up, up_buf, request)
                if fault == "cut_response":
                    client.sendall(response[: int(len(response) * x)])
                    return
                client.sendall(response)
        except (_Closed, OSError, ValueError, IndexError):
            return
        finally:
            self._close(client)
            if up is not None:
                self._close(up)
            self._slots.release()
