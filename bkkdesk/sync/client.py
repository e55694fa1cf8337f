"""HTTP transport of the sync protocol (httpx): compressed bodies, stall timeouts, back-off.

- Bodies are gzip-compressed both ways; TLS certificates are verified unless a CA bundle
  is named (then that bundle is used); a proxy is used when configured (and the
  ``HTTPS_PROXY`` environment is honoured as httpx does).
- Timeouts are *stall* timeouts: a read that receives nothing for ``stall`` seconds fails,
  however long the whole answer takes.
- Transient failures (connection cut, timeout, 5xx, 429) are retried with exponential
  back-off and full jitter; every call here is safe to repeat (push is idempotent by
  sequence number, the others only read).
"""

from __future__ import annotations

import datetime as dt
import gzip
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import orjson
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from bkkdesk import __version__
from bkkdesk.core.errors import BkkError
from bkkdesk.sync import protocol as p

log = logging.getLogger("bkkdesk.sync")

M = TypeVar("M", bound=BaseModel)

# Level 6: see GZIP_LEVEL in bkkdesk/server/sync_api.py (measured by bench/bench_sync.py).
GZIP_LEVEL = 6
GZIP_MIN_BYTES = 600
API = "/api/v1"


class SyncError(BkkError):
    """A sync request failed; ``retryable`` says whether trying later may help."""

    code = "sync_failed"
    retryable = False


class TransientError(SyncError):
    """Network trouble or a busy server: try again later."""

    code = "sync_transient"
    retryable = True


class UpgradeRequiredError(SyncError):
    """The server needs a newer bkkdesk; the outbox is kept until then."""

    code = "upgrade_required"


class CredentialError(SyncError):
    """The device or session credential is missing, revoked or expired."""

    code = "sync_credential"


@dataclass
class Backoff:
    """Exponential back-off with full jitter (AWS architecture blog's "full jitter")."""

    base: float = 1.0
    cap: float = 300.0
    rng: random.Random | None = None
    attempt: int = 0

    def next_delay(self) -> float:
        rng = self.rng or random
        delay = rng.uniform(0, min(self.cap, self.base * (2**self.attempt)))
        self.attempt = min(self.attempt + 1, 30)
        return delay

    def reset(self) -> None:
        self.attempt = 0


@dataclass
class ClientConfig:
    server_url: str
    device_token: str | None = None
    session_token: str | None = None
    ca_bundle: str | None = None
    proxy: str | None = None
    verify_tls: bool = True
    connect_timeout: float = 10.0
    stall_timeout: float = 30.0
    retries: int = 4
    backoff_base: float = 0.5
    backoff_cap: float = 30.0


@dataclass
class _Answer:
    status_code: int
    content: bytes


def _error_body(resp: _Answer) -> dict[str, Any]:
    try:
        data = orjson.loads(resp.content)
    except orjson.JSONDecodeError:
        return {}
    err = data.get("error") if isinstance(data, dict) else None
    return err if isinstance(err, dict) else {}


class SyncClient:
    """One HTTP client per engine; thread-confined (the engine's worker uses it)."""

    def __init__(
        self,
        config: ClientConfig,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.config = config
        verify: Any = config.verify_tls
        if config.ca_bundle:
            verify = config.ca_bundle
        self._http = httpx.Client(
            base_url=config.server_url.rstrip("/"),
            timeout=httpx.Timeout(
                connect=config.connect_timeout,
                read=config.stall_timeout,
                write=config.stall_timeout,
                pool=config.connect_timeout,
            ),
            verify=verify,
            proxy=config.proxy or None,
            transport=transport,
            headers={
                "User-Agent": f"bkkdesk/{__version__}",
                "Accept-Encoding": "gzip",
                "X-Bkkdesk-App-Version": __version__,
                p.PROTOCOL_HEADER: str(p.PROTOCOL_VERSION),
            },
        )
        self._sleep = sleep
        self._rng = rng
        self.bytes_sent = 0
        self.bytes_received = 0
        # The server clock seen on the last answer, against the local monotonic clock.
        self.last_round_trip: float | None = None

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing

    def _headers(self, session: bool) -> dict[str, str]:
        h: dict[str, str] = {}
        if self.config.device_token:
            h["Authorization"] = f"Bearer {self.config.device_token}"
        if session and self.config.session_token:
            h["X-Bkkdesk-Session"] = self.config.session_token
        return h

    def _once(
        self, method: str, path: str, body: Any | None, *, session: bool
    ) -> _Answer:
        headers = self._headers(session)
        content: bytes | None = None
        if body is not None:
            content = orjson.dumps(body)
            headers["Content-Type"] = "application/json"
            if len(content) >= GZIP_MIN_BYTES:
                content = gzip.compress(content, compresslevel=GZIP_LEVEL, mtime=0)
                headers["Content-Encoding"] = "gzip"
            self.bytes_sent += len(content)
        t0 = time.monotonic()
        try:
            with self._http.stream(method, path, content=content, headers=headers) as resp:
                raw = b"".join(resp.iter_raw())
        except httpx.TransportError as exc:
            raise TransientError(
                f"ติดต่อเซิร์ฟเวอร์ไม่ได้ ({type(exc).__name__})",
                f"cannot reach the server ({type(exc).__name__}: {exc})",
            ) from exc
        self.last_round_trip = time.monotonic() - t0
        self.bytes_received += len(raw)
        if resp.headers.get("content-encoding", "").lower() == "gzip":
            try:
                raw = gzip.decompress(raw)
            except (OSError, EOFError) as exc:
                raise TransientError(
                    "ข้อมูลจากเซิร์ฟเวอร์ขาดหาย", "the answer from the server was cut off"
                ) from exc
        return _Answer(resp.status_code, raw)

    def request(
        self, method: str, path: str, body: Any | None = None, *, session: bool = False
    ) -> Any:
        """Send with retries; return the decoded JSON or raise a :class:`SyncError`."""
        backoff = Backoff(self.config.backoff_base, self.config.backoff_cap, self._rng)
        for attempt in range(self.config.retries + 1):
            try:
                resp = self._once(method, path, body, session=session)
                return self._decode(resp)
            except TransientError:
                if attempt >= self.config.retries:
                    raise
                delay = backoff.next_delay()
                log.info("sync request %s %s failed; retrying in %.1fs", method, path, delay)
                self._sleep(delay)
        raise AssertionError("unreachable")

    def _decode(self, resp: _Answer) -> Any:
        status = resp.status_code
        if 200 <= status < 300:
            try:
                return orjson.loads(resp.content)
            except orjson.JSONDecodeError as exc:
                raise TransientError(
                    "ข้อมูลจากเซิร์ฟเวอร์ไม่สมบูรณ์", "the server's answer was incomplete"
                ) from exc
        err = _error_body(resp)
        th = str(err.get("th") or f"เซิร์ฟเวอร์ตอบ {status}")
        en = str(err.get("en") or f"the server answered {status}")
        code = str(err.get("code") or f"http_{status}")
        if status == 426:
            raise UpgradeRequiredError(th, en, code="upgrade_required")
        if status == 401:
            raise CredentialError(th, en, code=code)
        if status >= 500 or status in (408, 429):
            raise TransientError(th, en, code=code)
        raise SyncError(th, en, code=code)

    def _model(self, model: type[M], data: Any) -> M:
        try:
            return model.model_validate(data)
        except PydanticValidationError as exc:
            raise SyncError(
                "คำตอบจากเซิร์ฟเวอร์ไม่ตรงรูปแบบ", f"unexpected answer from the server: {exc}"
            ) from None

    # -- the protocol

    def push(self, req: p.PushRequest) -> p.PushResponse:
        data = self.request("POST", f"{p.SYNC_PREFIX}/push", req.model_dump(mode="json"))
        return self._model(p.PushResponse, data)

    def pull(self, req: p.PullRequest) -> p.PullResponse:
        data = self.request("POST", f"{p.SYNC_PREFIX}/pull", req.model_dump(mode="json"))
        return self._model(p.PullResponse, data)

    def verify(self, req: p.VerifyRequest) -> p.VerifyResponse:
        data = self.request("POST", f"{p.SYNC_PREFIX}/verify", req.model_dump(mode="json"))
        return self._model(p.VerifyResponse, data)

    def conflicts(self, status: str | None = "open") -> list[p.ConflictOut]:
        q = f"?status={status}" if status else ""
        data = self.request("GET", f"{p.SYNC_PREFIX}/conflicts{q}", session=True)
        return [self._model(p.ConflictOut, x) for x in data]

    def resolve(self, conflict_id: str, keep: str, value: Any = None) -> p.ResolveResponse:
        body = p.ResolveRequest.model_validate({"keep": keep, "value": value})
        data = self.request(
            "POST",
            f"{p.SYNC_PREFIX}/conflicts/{conflict_id}/resolve",
            body.model_dump(mode="json"),
            session=True,
        )
        return self._model(p.ResolveResponse, data)

    # -- enrollment and login (the server's /enroll and /auth endpoints)

    def enroll(self, code: str, device_name: str) -> dict[str, Any]:
        body = {"code": code, "device_name": device_name, "app_version": __version__}
        data = self.request("POST", f"{API}/enroll", body)
        assert isinstance(data, dict)
        return data

    def login(self, username: str, password: str) -> dict[str, Any]:
        # Not retried automatically beyond transport errors: a wrong password is final.
        data = self.request(
            "POST", f"{API}/auth/login", {"username": username, "password": password}
        )
        assert isinstance(data, dict)
        return data


def server_offset(server_time: dt.datetime, local_before: dt.datetime,
                  local_after: dt.datetime) -> float:
    """Seconds to add to the PC's clock to get the server's (information only)."""
    middle = local_before + (local_after - local_before) / 2
    if server_time.tzinfo is None:
        server_time = server_time.replace(tzinfo=dt.UTC)
    if middle.tzinfo is None:
        middle = middle.replace(tzinfo=dt.UTC)
    return (server_time - middle).total_seconds()
