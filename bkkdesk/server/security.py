"""Passwords, tokens and one-time codes.

- Passwords: argon2id (argon2-cffi). The server keeps its own hash; at login it computes
  a *different* argon2id hash (fresh salt) for the client to cache for offline login, so
  neither the plain password nor the server's hash ever leaves the server.
- Device tokens and session tokens: 256 random bits; enrollment codes: 60 random bits
  that expire and work once. Only an HMAC-SHA256 of each (keyed by the server secret) is
  stored: they are high-entropy, so a slow KDF adds nothing, and the key means a copy of
  the database alone cannot be used to test guesses at codes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from bkkdesk.server.settings import ServerSettings

# Enrollment codes avoid letters people misread (0/O, 1/I/L, 5/S, 8/B, 2/Z).
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 12  # 25**12 ≈ 2**55.7


class Security:
    """Hashing with the server's secret and argon2 cost from the settings."""

    def __init__(self, settings: ServerSettings) -> None:
        self._key = settings.secret_key.get_secret_value().encode("utf-8")
        self.hasher = PasswordHasher(
            time_cost=settings.argon2_time_cost,
            memory_cost=settings.argon2_memory_kib,
            parallelism=settings.argon2_parallelism,
        )
        self._dummy_hash: str | None = None

    # -- tokens and codes

    def token_hash(self, token: str) -> str:
        return hmac.new(self._key, token.encode("utf-8"), hashlib.sha256).hexdigest()

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def new_enroll_code() -> str:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))

    @staticmethod
    def normalize_code(code: str) -> str:
        """Codes are typed by people: ignore case, spaces and dashes."""
        return "".join(ch for ch in code.upper() if ch.isalnum())

    def code_hash(self, code: str) -> str:
        return self.token_hash("enroll:" + self.normalize_code(code))

    # -- passwords

    def hash_password(self, password: str) -> str:
        return self.hasher.hash(password)

    def verify_password(self, stored_hash: str, password: str) -> bool:
        try:
            return self.hasher.verify(stored_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def client_password_hash(self, password: str) -> str:
        """A fresh argon2id hash (new salt) for the client's offline login."""
        return self.hasher.hash(password)

    def burn_time(self, password: str) -> None:
        """Spend as long as a real verification (unknown user: no timing difference)."""
        if self._dummy_hash is None:
            self._dummy_hash = self.hasher.hash(secrets.token_urlsafe(16))
        self.verify_password(self._dummy_hash, password)


def password_problem(password: str) -> tuple[str, str] | None:
    """Why a new password is refused (Thai, English), or None."""
    if len(password) < 8:
        return ("รหัสผ่านต้องยาวอย่างน้อย 8 ตัวอักษร", "the password needs at least 8 characters")
    if len(password) > 256:
        return ("รหัสผ่านยาวเกินไป", "the password is too long")
    return None
