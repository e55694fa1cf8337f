"""The server's settings, declared once and validated.

Values come from (highest first): keyword arguments (the command line), environment
variables ``BKKDESK_*``, an optional settings file (``KEY=value`` lines, named by
``--config`` or ``$BKKDESK_SERVER_CONFIG``), then the defaults below. The defaults run a
development server on an embedded SQLite file in the data dir, so a newcomer needs
nothing else. In production mode the server refuses to start without a real secret.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bkkdesk.core.errors import BkkError

DEV_SECRET = "dev-insecure-secret-change-me"
MIN_SECRET_LENGTH = 32
CONFIG_ENV = "BKKDESK_SERVER_CONFIG"


VERSION_PATTERN = r"^\d+(\.\d+){0,3}([.-]?(a|b|rc|dev|post)\d*)?$"


class SettingsError(BkkError):
    code = "settings"


class ServerSettings(BaseSettings):
    """Everything the server can be told; one validated object."""

    model_config = SettingsConfigDict(
        env_prefix="BKKDESK_", extra="ignore", env_file_encoding="utf-8"
    )

    mode: Literal["development", "production"] = "development"
    # SQLAlchemy URL; None = the embedded SQLite file ``<data dir>/server.sqlite3``.
    database_url: str | None = None
    # Keys the HMAC of every stored token and code hash. Changing it invalidates every
    # device credential, session and enrollment code (devices must be enrolled again).
    secret_key: SecretStr = SecretStr(DEV_SECRET)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    # Behind a reverse proxy: trust X-Forwarded-For / -Proto from these addresses.
    forwarded_allow_ips: str = "127.0.0.1"
    max_body_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    session_hours: float = Field(default=12.0, gt=0)
    enroll_code_hours: float = Field(default=24.0, gt=0)
    login_max_failures: int = Field(default=5, ge=1)
    login_window_minutes: float = Field(default=15.0, gt=0)
    lockout_minutes: float = Field(default=15.0, gt=0)
    # Argon2id cost for the server's stored hash and the hash handed to clients for
    # offline login (the client's hash must be slow: it sits on a laptop).
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_kib: int = Field(default=65536, ge=8)
    argon2_parallelism: int = Field(default=2, ge=1)
    # Publish resources/datasets/*.json as their first version when absent.
    publish_builtin_definitions: bool = True
    # The update notice: the release IT rolls out, the oldest app sync still accepts (older
    # ones get 426 and keep their outbox), and where staff get the installer.
    latest_client_version: str | None = Field(default=None, pattern=VERSION_PATTERN)
    min_client_version: str | None = Field(default=None, pattern=VERSION_PATTERN)
    client_download_url: str | None = Field(default=None, pattern=r"^https?://\S{1,490}$")

    @model_validator(mode="after")
    def _refuse_weak_secret_in_production(self) -> ServerSettings:
        if self.mode == "production":
            secret = self.secret_key.get_secret_value()
            if secret == DEV_SECRET or len(secret) < MIN_SECRET_LENGTH:
                raise ValueError(
                    "production mode needs BKKDESK_SECRET_KEY: a random secret of at least "
                    f'{MIN_SECRET_LENGTH} characters (e.g. `python -c "import secrets; '
                    'print(secrets.token_urlsafe(48))"`)'
                )
            if self.database_url is None:
                raise ValueError(
                    "production mode needs BKKDESK_DATABASE_URL (postgresql+psycopg://user@host/db)"
                )
        return self

    @property
    def embedded(self) -> bool:
        """True when running on the default SQLite file (may migrate itself)."""
        return self.database_url is None

    def resolved_database_url(self, data_dir: Path) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(data_dir / 'server.sqlite3').as_posix()}"


def load_settings(
    config_file: str | os.PathLike[str] | None = None, **overrides: Any
) -> ServerSettings:
    """Build the settings; a bad value raises SettingsError naming it (never a traceback)."""
    path = config_file or os.environ.get(CONFIG_ENV)
    clean = {k: v for k, v in overrides.items() if v is not None}
    if path is not None and not Path(path).is_file():
        raise SettingsError(
            f"ไม่พบไฟล์ตั้งค่า {path}", f"settings file {path} not found", code="settings"
        )
    try:
        return ServerSettings(_env_file=Path(path) if path else None, **clean)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}" for e in exc.errors()
        )
        raise SettingsError(
            f"การตั้งค่าเซิร์ฟเวอร์ไม่ถูกต้อง: {problems}",
            f"invalid server settings: {problems}",
        ) from None
