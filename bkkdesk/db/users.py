"""Local accounts: argon2 password hashes, roles, offline login."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bkkdesk.core.errors import BkkError, NotFoundError, PermissionDenied
from bkkdesk.db import audit
from bkkdesk.db.models import User

ROLES = ("clerk", "supervisor", "central_supervisor", "admin")
ROLE_LABELS = {
    "clerk": "เจ้าหน้าที่",
    "supervisor": "หัวหน้าฝ่าย",
    "central_supervisor": "ผู้ตรวจส่วนกลาง",
    "admin": "ผู้ดูแลระบบ",
}
USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{2,64}$")
MIN_PASSWORD = 8

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class UserInfo:
    """A user as the rest of the app sees it (never the hash)."""

    username: str
    display_name: str
    role: str
    district_code: str | None
    disabled: bool
    source: str


def _info(u: User) -> UserInfo:
    return UserInfo(u.username, u.display_name, u.role, u.district_code, u.disabled, u.source)


class UserRepository:
    """Create, check and disable local users."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def add(
        self,
        session: Session,
        username: str,
        password: str,
        role: str,
        *,
        display_name: str = "",
        district_code: str | None = None,
        actor: str | None = None,
        source: str = "local",
        password_hash: str | None = None,
    ) -> UserInfo:
        if not USERNAME.match(username):
            raise BkkError(
                "ชื่อผู้ใช้ใช้ได้เฉพาะ a–z 0–9 _ . - ยาว 2–64 ตัว",
                "a username uses only a–z 0–9 _ . - and has 2–64 characters",
                code="bad_username",
            )
        if role not in ROLES:
            raise BkkError(
                f"ไม่รู้จักบทบาท '{role}' (ใช้ได้: {', '.join(ROLES)})",
                f"unknown role '{role}' (one of: {', '.join(ROLES)})",
                code="bad_role",
            )
        if password_hash is None and len(password) < MIN_PASSWORD:
            raise BkkError(
                f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD} ตัวอักษร",
                f"a password needs at least {MIN_PASSWORD} characters",
                code="weak_password",
            )
        if session.scalar(select(User).where(User.username == username)) is not None:
            raise BkkError(
                f"มีผู้ใช้ชื่อ {username} อยู่แล้ว", f"user {username} already exists",
                code="user_exists",
            )
        user = User(
            username=username,
            display_name=display_name,
            role=role,
            district_code=district_code,
            password_hash=password_hash or hash_password(password),
            disabled=False,
            source=source,
            created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
        )
        session.add(user)
        audit.append(
            session, user=actor, action="user_add",
            changes={"username": username, "role": role, "district": district_code},
        )
        return _info(user)

    def get(self, username: str) -> UserInfo:
        with self._sessions() as s:
            u = s.scalar(select(User).where(User.username == username))
            if u is None:
                raise NotFoundError(f"ไม่พบผู้ใช้ {username}", f"no user {username}")
            return _info(u)

    def list(self) -> list[UserInfo]:
        with self._sessions() as s:
            return [_info(u) for u in s.scalars(select(User).order_by(User.username))]

    def require_active(self, username: str) -> UserInfo:
        info = self.get(username)
        if info.disabled:
            raise PermissionDenied(
                f"บัญชี {username} ถูกระงับ", f"account {username} is disabled"
            )
        return info

    def authenticate(self, username: str, password: str) -> UserInfo:
        """Offline login: check the cached argon2 hash."""
        with self._sessions() as s:
            u = s.scalar(select(User).where(User.username == username))
            if u is None or not check_password(u.password_hash, password):
                raise PermissionDenied(
                    "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "wrong username or password"
                )
            if u.disabled:
                raise PermissionDenied(
                    f"บัญชี {username} ถูกระงับ", f"account {username} is disabled"
                )
            return _info(u)

    def set_disabled(
        self, session: Session, username: str, disabled: bool, actor: str | None
    ) -> None:
        u = session.scalar(select(User).where(User.username == username))
        if u is None:
            raise NotFoundError(f"ไม่พบผู้ใช้ {username}", f"no user {username}")
        u.disabled = disabled
        audit.append(
            session, user=actor, action="user_disable" if disabled else "user_enable",
            changes={"username": username},
        )
