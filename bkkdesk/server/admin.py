"""What the server does, as plain functions of a session: used by the API and the CLI alike.

Each function that changes something writes an audit entry in the same transaction
(who, from which device, what, on what). ``actor`` is a user name for API calls and
``cli:<os user>`` for the admin command line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session as DbSession

from bkkdesk.core.definitions import DatasetDef, builtin_definitions_dir, load_definition
from bkkdesk.core.errors import BkkError, NotFoundError, PermissionDenied
from bkkdesk.core.reference import Reference
from bkkdesk.server import models as m
from bkkdesk.server.errors import Conflict, InvalidInput, Locked, Unauthorized
from bkkdesk.server.schemas import USERNAME_PATTERN
from bkkdesk.server.security import Security, password_problem
from bkkdesk.server.settings import ServerSettings

log = logging.getLogger("bkkdesk.server")


# ---------------------------------------------------------------- audit


def audit(
    s: DbSession,
    actor: str,
    action: str,
    target: str | None = None,
    details: dict[str, Any] | None = None,
    device_id: uuid.UUID | None = None,
) -> None:
    s.add(
        m.AuditEntry(
            at=m.utcnow(),
            actor=actor,
            device_id=device_id,
            action=action,
            target=target,
            details=details,
        )
    )


def audit_entries(s: DbSession, limit: int = 100) -> Sequence[m.AuditEntry]:
    return s.scalars(select(m.AuditEntry).order_by(m.AuditEntry.id.desc()).limit(limit)).all()


# ---------------------------------------------------------------- reference data


def load_districts(s: DbSession, reference: Reference, actor: str) -> tuple[int, int]:
    """Insert or update every district and subdistrict; return (districts, subdistricts)."""
    existing_d = {d.code: d for d in s.scalars(select(m.District))}
    for d in reference.districts.values():
        row = existing_d.get(d.code)
        if row is None:
            s.add(m.District(code=d.code, name_th=d.name_th, name_en=d.name_en))
        else:
            row.name_th, row.name_en = d.name_th, d.name_en
    s.flush()
    existing_s = {x.code: x for x in s.scalars(select(m.Subdistrict))}
    for sd in reference.subdistricts.values():
        srow = existing_s.get(sd.code)
        if srow is None:
            s.add(
                m.Subdistrict(
                    code=sd.code,
                    district_code=sd.district_code,
                    name_th=sd.name_th,
                    name_en=sd.name_en,
                    postal_code=sd.postal_code,
                )
            )
        else:
            srow.district_code = sd.district_code
            srow.name_th, srow.name_en, srow.postal_code = sd.name_th, sd.name_en, sd.postal_code
    counts = (len(reference.districts), len(reference.subdistricts))
    audit(s, actor, "districts.load", None, {"districts": counts[0], "subdistricts": counts[1]})
    return counts


def district(s: DbSession, code: str) -> m.District:
    row = s.get(m.District, code)
    if row is None:
        raise NotFoundError(
            f"ไม่พบเขตรหัส {code} (สั่ง `bkkdesk server districts load` แล้วหรือยัง)",
            f"no district with code {code} (have the districts been loaded?)",
            code="unknown_district",
        )
    return row


def districts_with_subdistricts(s: DbSession) -> list[tuple[m.District, list[m.Subdistrict]]]:
    subs: dict[str, list[m.Subdistrict]] = {}
    for sd in s.scalars(select(m.Subdistrict).order_by(m.Subdistrict.code)):
        subs.setdefault(sd.district_code, []).append(sd)
    return [
        (d, subs.get(d.code, [])) for d in s.scalars(select(m.District).order_by(m.District.code))
    ]


# ---------------------------------------------------------------- users


def add_user(
    s: DbSession,
    sec: Security,
    *,
    username: str,
    role: str,
    password: str,
    district_code: str | None,
    display_name: str | None,
    actor: str,
    device_id: uuid.UUID | None = None,
) -> m.User:
    username = username.strip().lower()
    if not re.fullmatch(USERNAME_PATTERN, username):
        raise InvalidInput(
            "ชื่อผู้ใช้ต้องเป็นตัวอักษรอังกฤษตัวเล็ก ตัวเลข . _ - ยาว 2–64 ตัว",
            "a user name is 2–64 lower-case letters, digits, '.', '_' or '-'",
            code="invalid_username",
        )
    if role not in m.ROLES:
        raise InvalidInput(
            f"บทบาท {role} ไม่มีในระบบ (มี {', '.join(m.ROLES)})",
            f"unknown role {role!r} (one of {', '.join(m.ROLES)})",
            code="invalid_role",
        )
    if role in m.DISTRICT_ROLES:
        if not district_code:
            raise InvalidInput(
                f"บทบาท {role} ต้องระบุเขต (--district)",
                f"role {role} needs a district (--district)",
                code="district_required",
            )
        district(s, district_code)
    elif district_code:
        raise InvalidInput(
            f"บทบาท {role} เป็นของส่วนกลาง ไม่ผูกกับเขต",
            f"role {role} is central and takes no district",
            code="district_not_allowed",
        )
    problem = password_problem(password)
    if problem:
        raise InvalidInput(*problem, code="weak_password")
    if s.scalar(select(m.User.id).where(m.User.username == username)) is not None:
        raise Conflict(
            f"มีผู้ใช้ชื่อ {username} อยู่แล้ว",
            f"a user named {username} already exists",
            code="user_exists",
        )
    user = m.User(
        username=username,
        display_name=(display_name or username).strip() or username,
        role=role,
        district_code=district_code if role in m.DISTRICT_ROLES else None,
        password_hash=sec.hash_password(password),
        disabled=False,
        created_at=m.utcnow(),
        updated_at=m.utcnow(),
    )
    s.add(user)
    s.flush()
    audit(
        s,
        actor,
        "user.add",
        username,
        {"role": role, "district_code": user.district_code},
        device_id,
    )
    return user


def get_user(s: DbSession, username: str) -> m.User:
    user = s.scalar(select(m.User).where(m.User.username == username.strip().lower()))
    if user is None:
        raise NotFoundError(f"ไม่พบผู้ใช้ {username}", f"no user named {username}", code="unknown_user")
    return user


def disable_user(
    s: DbSession, username: str, actor: str, device_id: uuid.UUID | None = None
) -> m.User:
    """Disable an account and end its sessions now (offline login ends at next contact)."""
    user = get_user(s, username)
    now = m.utcnow()
    user.disabled = True
    user.updated_at = now
    for sess in s.scalars(
        select(m.Session).where(m.Session.user_id == user.id, m.Session.revoked_at.is_(None))
    ):
        sess.revoked_at = now
    audit(s, actor, "user.disable", user.username, None, device_id)
    return user


def list_users(s: DbSession) -> Sequence[m.User]:
    return s.scalars(select(m.User).order_by(m.User.username)).all()


# ---------------------------------------------------------------- enrollment


def create_enroll_code(
    s: DbSession,
    sec: Security,
    *,
    district_code: str,
    expires: dt.timedelta,
    actor: str,
    device_id: uuid.UUID | None = None,
) -> tuple[str, dt.datetime]:
    """A one-time code for enrolling one PC in ``district_code``; only its hash is kept."""
    district(s, district_code)
    if expires <= dt.timedelta(0) or expires > dt.timedelta(days=30):
        raise InvalidInput(
            "อายุรหัสต้องมากกว่า 0 และไม่เกิน 30 วัน",
            "a code must expire after more than 0 and at most 30 days",
            code="invalid_expiry",
        )
    code = sec.new_enroll_code()
    now = m.utcnow()
    row = m.EnrollCode(
        code_hash=sec.code_hash(code),
        district_code=district_code,
        created_at=now,
        created_by=actor,
        expires_at=now + expires,
    )
    s.add(row)
    s.flush()
    audit(
        s,
        actor,
        "enroll_code.create",
        district_code,
        {"code_id": row.id, "expires_at": row.expires_at.isoformat()},
        device_id,
    )
    return code, row.expires_at


def enroll(
    s: DbSession, sec: Security, *, code: str, device_name: str, app_version: str | None
) -> tuple[m.Device, str, m.District]:
    """Trade a valid, unused code for a device credential bound to the code's district."""
    bad = Unauthorized(
        "รหัสลงทะเบียนไม่ถูกต้อง ใช้ไปแล้ว หรือหมดอายุ: ขอรหัสใหม่จากฝ่ายไอที",
        "the enrollment code is wrong, already used or expired: ask IT for a new one",
        code="enroll_code_invalid",
    )
    if not sec.normalize_code(code):
        raise bad
    row = s.scalar(
        select(m.EnrollCode).where(m.EnrollCode.code_hash == sec.code_hash(code)).with_for_update()
    )
    now = m.utcnow()
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise bad
    token = sec.new_token()
    device = m.Device(
        id=uuid.uuid4(),
        token_hash=sec.token_hash(token),
        district_code=row.district_code,
        name=device_name.strip(),
        enrolled_at=now,
        app_version=app_version,
        last_contact_at=now,
    )
    s.add(device)
    s.flush()
    row.used_at = now
    row.device_id = device.id
    s.add(m.DeviceSequence(device_id=device.id, last_seq=0, updated_at=now))
    audit(
        s,
        f"device:{device.id}",
        "device.enroll",
        str(device.id),
        {"district_code": device.district_code, "code_id": row.id, "name": device.name},
        device.id,
    )
    return device, token, district(s, device.district_code)


def list_devices(s: DbSession) -> Sequence[m.Device]:
    return s.scalars(select(m.Device).order_by(m.Device.district_code, m.Device.enrolled_at)).all()


def get_device(s: DbSession, device_id: str | uuid.UUID) -> m.Device:
    try:
        key = device_id if isinstance(device_id, uuid.UUID) else uuid.UUID(str(device_id))
    except ValueError:
        key = None
    device = s.get(m.Device, key) if key is not None else None
    if device is None:
        raise NotFoundError(
            f"ไม่พบเครื่อง {device_id}", f"no device with id {device_id}", code="unknown_device"
        )
    return device


def revoke_device(
    s: DbSession, device_id: str | uuid.UUID, actor: str, by_device: uuid.UUID | None = None
) -> m.Device:
    """Revoke a device credential and every session on it (a lost or retired PC)."""
    device = get_device(s, device_id)
    now = m.utcnow()
    if device.revoked_at is None:
        device.revoked_at = now
    for sess in s.scalars(
        select(m.Session).where(m.Session.device_id == device.id, m.Session.revoked_at.is_(None))
    ):
        sess.revoked_at = now
    audit(
        s,
        actor,
        "device.revoke",
        str(device.id),
        {"district_code": device.district_code},
        by_device,
    )
    return device


def record_device_report(
    device: m.Device,
    *,
    app_version: str | None = None,
    definition_versions: dict[str, int] | None = None,
    pending_count: int | None = None,
    last_sync_at: dt.datetime | None = None,
) -> None:
    device.last_contact_at = m.utcnow()
    if app_version is not None:
        device.app_version = app_version
    if definition_versions is not None:
        device.definition_versions = dict(definition_versions)
    if pending_count is not None:
        device.pending_count = pending_count
    if last_sync_at is not None:
        device.last_sync_at = last_sync_at


# ---------------------------------------------------------------- login


@dataclass(frozen=True)
class LoginResult:
    session_token: str
    expires_at: dt.datetime
    user: m.User
    client_hash: str


def login(
    s: DbSession,
    sec: Security,
    settings: ServerSettings,
    *,
    device: m.Device,
    username: str,
    password: str,
) -> LoginResult | BkkError:
    """Check a user's password on an enrolled device.

    Returns the error instead of raising it so the caller can commit the failure count
    first. Failures are counted per user name (known or not, so nothing is revealed):
    ``login_max_failures`` within ``login_window_minutes`` lock the name for
    ``lockout_minutes``; a locked name is refused even with the right password.
    """
    name = username.strip().lower()[:64]
    now = m.utcnow()
    throttle = s.get(m.LoginThrottle, name, with_for_update=True)
    if throttle is not None and throttle.locked_until is not None and throttle.locked_until > now:
        wait = int((throttle.locked_until - now).total_seconds()) + 1
        audit(s, name, "login.refused_locked", name, None, device.id)
        return Locked(
            f"เข้าสู่ระบบผิดหลายครั้ง บัญชีถูกระงับชั่วคราว ลองใหม่ในอีก {wait // 60 + 1} นาที",
            f"too many failed logins: the account is locked; try again in {wait // 60 + 1} min",
            retry_after=wait,
            code="account_locked",
        )
    user = s.scalar(select(m.User).where(m.User.username == name))
    if user is None:
        sec.burn_time(password)
        ok = False
    else:
        ok = sec.verify_password(user.password_hash, password)
    if not ok or user is None:
        _count_failure(s, settings, name, throttle, now)
        audit(s, name, "login.failed", name, None, device.id)
        return Unauthorized(
            "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง",
            "wrong user name or password",
            code="bad_credentials",
        )
    if user.disabled:
        audit(s, name, "login.refused_disabled", name, None, device.id)
        return PermissionDenied(
            "บัญชีนี้ถูกปิดใช้งาน ติดต่อผู้ดูแลระบบ",
            "this account is disabled: contact the administrator",
            code="user_disabled",
        )
    if user.role in m.DISTRICT_ROLES and user.district_code != device.district_code:
        audit(
            s,
            name,
            "login.refused_district",
            name,
            {"user_district": user.district_code, "device_district": device.district_code},
            device.id,
        )
        return PermissionDenied(
            "ผู้ใช้นี้เป็นของเขตอื่น เข้าสู่ระบบบนเครื่องของเขตนี้ไม่ได้",
            "this user belongs to another district and cannot log in on this district's PC",
            code="wrong_district",
        )
    if throttle is not None:
        s.execute(delete(m.LoginThrottle).where(m.LoginThrottle.username == name))
    token = sec.new_token()
    expires = now + dt.timedelta(hours=settings.session_hours)
    s.add(
        m.Session(
            token_hash=sec.token_hash(token),
            user_id=user.id,
            device_id=device.id,
            created_at=now,
            expires_at=expires,
        )
    )
    device.last_user = user.username
    device.last_contact_at = now
    if sec.hasher.check_needs_rehash(user.password_hash):
        user.password_hash = sec.hash_password(password)
    audit(s, name, "login", name, None, device.id)
    return LoginResult(token, expires, user, sec.client_password_hash(password))


def _count_failure(
    s: DbSession,
    settings: ServerSettings,
    name: str,
    throttle: m.LoginThrottle | None,
    now: dt.datetime,
) -> None:
    window = dt.timedelta(minutes=settings.login_window_minutes)
    if throttle is None:
        throttle = m.LoginThrottle(username=name, failures=0, window_start=now)
        s.add(throttle)
    elif throttle.window_start + window < now:
        throttle.failures = 0
        throttle.window_start = now
        throttle.locked_until = None
    throttle.failures += 1
    if throttle.failures >= settings.login_max_failures:
        throttle.locked_until = now + dt.timedelta(minutes=settings.lockout_minutes)
        throttle.failures = 0
        throttle.window_start = now
        audit(s, name, "login.locked", name, {"minutes": settings.lockout_minutes})


def logout(s: DbSession, session_id: int, actor: str, device_id: uuid.UUID) -> None:
    sess = s.get(m.Session, session_id)
    if sess is not None and sess.revoked_at is None:
        sess.revoked_at = m.utcnow()
    audit(s, actor, "logout", actor, None, device_id)


# ---------------------------------------------------------------- definitions


def _definition_json(definition: DatasetDef) -> tuple[dict[str, Any], str]:
    data = definition.model_dump(mode="json", exclude_defaults=True)
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return data, hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def latest_version(s: DbSession, dataset_id: str) -> int | None:
    return s.scalar(
        select(func.max(m.DatasetVersion.version)).where(m.DatasetVersion.dataset_id == dataset_id)
    )


def publish_dataset(
    s: DbSession, definition: DatasetDef, actor: str, device_id: uuid.UUID | None = None
) -> m.DatasetVersion:
    """Publish a new version of a definition; its version must be above every earlier one."""
    latest = latest_version(s, definition.id)
    if latest is not None and definition.version <= latest:
        raise Conflict(
            f"ชุดข้อมูล {definition.id} มีรุ่น {latest} แล้ว: รุ่นใหม่ต้องมากกว่า {latest}",
            f"data set {definition.id} already has version {latest}: "
            f"a new version must be above {latest}",
            code="version_not_newer",
        )
    data, digest = _definition_json(definition)
    row = m.DatasetVersion(
        dataset_id=definition.id,
        version=definition.version,
        title_th=definition.title.th,
        title_en=definition.title.en,
        definition=data,
        sha256=digest,
        published_at=m.utcnow(),
        published_by=actor,
    )
    s.add(row)
    s.flush()
    audit(
        s,
        actor,
        "dataset.publish",
        f"{definition.id}@{definition.version}",
        {"sha256": digest},
        device_id,
    )
    return row


def dataset_versions(s: DbSession) -> dict[str, list[m.DatasetVersion]]:
    """Every data set's versions, oldest first."""
    out: dict[str, list[m.DatasetVersion]] = {}
    rows = s.scalars(
        select(m.DatasetVersion).order_by(m.DatasetVersion.dataset_id, m.DatasetVersion.version)
    )
    for row in rows:
        out.setdefault(row.dataset_id, []).append(row)
    return out


def get_dataset_version(s: DbSession, dataset_id: str, version: int) -> m.DatasetVersion:
    row = s.get(m.DatasetVersion, (dataset_id, version))
    if row is None:
        raise NotFoundError(
            f"ไม่พบชุดข้อมูล {dataset_id} รุ่น {version}",
            f"no data set {dataset_id} version {version}",
            code="unknown_dataset_version",
        )
    return row


def publish_builtin_definitions(s: DbSession, actor: str = "system") -> list[str]:
    """Publish each shipped definition whose data set the server does not have yet.

    A shipped file that does not load is logged and skipped (it never half-loads).
    """
    published: list[str] = []
    folder = builtin_definitions_dir()
    if not folder.is_dir():
        return published
    for path in sorted(folder.glob("*.json")):
        if path.name == "schema.json":
            continue
        try:
            definition = load_definition(path)
        except BkkError as exc:
            log.warning("skipping shipped definition %s: %s", path.name, exc.en)
            continue
        if latest_version(s, definition.id) is None:
            publish_dataset(s, definition, actor)
            published.append(f"{definition.id}@{definition.version}")
    return published


def seed(s: DbSession, reference: Reference, settings: ServerSettings) -> dict[str, Any]:
    """First-start data: reference districts when empty, shipped definitions when absent."""
    out: dict[str, Any] = {"districts_loaded": False, "definitions_published": []}
    if s.scalar(select(func.count()).select_from(m.District)) == 0:
        load_districts(s, reference, "system")
        out["districts_loaded"] = True
    if settings.publish_builtin_definitions:
        out["definitions_published"] = publish_builtin_definitions(s)
    return out


# ---------------------------------------------------------------- records


def visible_districts(role: str, user_district: str | None) -> str | None:
    """The one district a role is limited to, or None for every district."""
    if role in m.DISTRICT_ROLES:
        assert user_district is not None
        return user_district
    return None


def list_records(
    s: DbSession,
    *,
    role: str,
    user_district: str | None,
    dataset_id: str,
    district_code: str | None,
    after: uuid.UUID | None,
    limit: int,
) -> list[m.Record]:
    """Records of one data set the caller may read, ordered by id (keyset pages)."""
    if role not in ("clerk", "supervisor", "central_supervisor"):
        raise PermissionDenied(
            "บทบาทนี้ไม่มีสิทธิ์อ่านข้อมูลบันทึก", "this role may not read records", code="forbidden_role"
        )
    only = visible_districts(role, user_district)
    if only is not None:
        if district_code is not None and district_code != only:
            raise PermissionDenied(
                "ดูข้อมูลของเขตอื่นไม่ได้",
                "you may not read another district's records",
                code="other_district",
            )
        district_code = only
    q = select(m.Record).where(m.Record.dataset_id == dataset_id)
    if district_code is not None:
        q = q.where(m.Record.district_code == district_code)
    if after is not None:
        q = q.where(m.Record.id > after)
    return list(s.scalars(q.order_by(m.Record.id).limit(limit)))
