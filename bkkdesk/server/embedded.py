"""The central server in a thread on a free loopback port: the demo and the self-test.

Same application as ``bkkdesk server run``, on the embedded SQLite file of a data dir;
uvicorn runs in a daemon thread and stops when the ``with`` block ends.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from bkkdesk.server.app import create_app
from bkkdesk.server.settings import ServerSettings


def light_settings() -> ServerSettings:
    """Development settings with cheap password hashing (self-test, tests)."""
    return ServerSettings(
        _env_file=None,
        database_url=None, argon2_time_cost=1, argon2_memory_kib=1024, argon2_parallelism=1,
    )


@contextlib.contextmanager
def embedded_server(
    data_dir: Path, settings: ServerSettings | None = None, *, port: int = 0
) -> Iterator[tuple[str, FastAPI]]:
    """Run the server over ``data_dir``; yields its base URL and the FastAPI app."""
    settings = settings or light_settings()
    data_dir.mkdir(parents=True, exist_ok=True)
    app = create_app(settings, data_dir)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
    except OSError:
        sock.close()
        app.state.bkk.db.dispose()
        raise
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True,
                              name="bkkdesk-embedded-server")
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the embedded server did not start")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}", app
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
        app.state.bkk.db.dispose()
