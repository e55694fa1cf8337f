"""The local store: one SQLite file per PC, belonging to exactly one district.

:meth:`Store.open` migrates the file (after a backup copy), loads the reference data
and the shipped data-set definitions, and gives this PC a device id. Reads use
:meth:`Store.read`; every write goes through :meth:`Store.write`, one ``BEGIN IMMEDIATE``
transaction committed with ``synchronous=FULL`` before it returns.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from bkkdesk.core import paths
from bkkdesk.core.definitions import DatasetDef, load_builtin_definitions, parse_definition_text
from bkkdesk.core.errors import BkkError, NotFoundError, StateError
from bkkdesk.core.reference import Reference, load_reference
from bkkdesk.core.validation import RecordValidator
from bkkdesk.db import audit, jsonutil, migrate
from bkkdesk.db.engine import make_engine
from bkkdesk.db.models import DatasetVersion, District, Draft, Meta, Subdistrict
from bkkdesk.db.records import RecordRepository, utcnow
from bkkdesk.db.users import UserRepository


class Store:
    """An open local database with its repositories."""

    def __init__(self, data_dir: Path, engine: Engine) -> None:
        self.data_dir = data_dir
        self.path = paths.database_path(data_dir)
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.reference: Reference = load_reference()
        self.records = RecordRepository(self)
        self.users = UserRepository(self.sessions)
        self._definitions: dict[str, DatasetDef] | None = None
        self._validators: dict[str, RecordValidator] = {}
        self._lock = threading.Lock()
        self.last_backup: Path | None = None
        self._district: str | None = None  # cached: read on every write, changed once

    # -- opening -----------------------------------------------------------------
    @classmethod
    def open(cls, data_dir: Path, *, migrate_schema: bool = True) -> Store:
        data_dir.mkdir(parents=True, exist_ok=True)
        path = paths.database_path(data_dir)
        engine = make_engine(path)
        store = cls(data_dir, engine)
        try:
            if migrate_schema:
                store.last_backup = migrate.upgrade(engine, path, paths.backups_dir(data_dir))
            elif migrate.current_revision(engine) != migrate.head_revision():
                raise StateError(
                    "ฐานข้อมูลต้องปรับรุ่นก่อน (bkkdesk db upgrade)",
                    "the database needs upgrading first (bkkdesk db upgrade)",
                    code="db_outdated",
                )
            store._seed()
        except BaseException:
            engine.dispose()
            raise
        return store

    def close(self) -> None:
        self.engine.dispose()

    def _seed(self) -> None:
        """Reference data, shipped definitions and a device id, where missing."""
        with self.write() as s:
            if s.scalar(select(func.count()).select_from(District)) == 0:
                for d in self.reference.districts.values():
                    s.add(District(code=d.code, name_th=d.name_th, name_en=d.name_en))
                s.flush()
                for sd in self.reference.subdistricts.values():
                    s.add(
                        Subdistrict(
                            code=sd.code,
                            district_code=sd.district_code,
                            name_th=sd.name_th,
                            name_en=sd.name_en,
                            postal_code=sd.postal_code,
                        )
                    )
            have = {(d, v) for d, v in s.execute(select(DatasetVersion.dataset_id,
                                                         DatasetVersion.version))}
            for definition in load_builtin_definitions().values():
                if (definition.id, definition.version) not in have:
                    s.add(
                        DatasetVersion(
                            dataset_id=definition.id,
                            version=definition.version,
                            definition=definition.to_json(),
                            source="builtin",
                            installed_at=utcnow(),
                        )
                    )
            if s.get(Meta, "device_id") is None:
                s.add(Meta(key="device_id", value=str(uuid.uuid4())))

    # -- transactions ------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One durable write transaction (BEGIN IMMEDIATE … COMMIT)."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(begin_mode="IMMEDIATE")
            with Session(bind=conn, expire_on_commit=False) as session, session.begin():
                yield session

    # -- meta --------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        with self.read() as s:
            row = s.get(Meta, key)
            return None if row is None else row.value

    def set_meta(self, key: str, value: str | None, session: Session | None = None) -> None:
        def _apply(s: Session) -> None:
            row = s.get(Meta, key)
            if value is None:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(Meta(key=key, value=value))
            else:
                row.value = value

        if session is not None:
            _apply(session)
        else:
            with self.write() as s:
                _apply(s)

    @property
    def device_id(self) -> str:
        value = self.get_meta("device_id")
        assert value is not None
        return value

    @property
    def district_code(self) -> str | None:
        if self._district is None:
            self._district = self.get_meta("district_code")
        return self._district

    def require_district(self) -> str:
        code = self.district_code
        if code is None:
            raise StateError(
                "ฐานข้อมูลนี้ยังไม่ได้กำหนดเขต: ใช้ bkkdesk init --district รหัสเขต "
                "หรือลงทะเบียนเครื่องกับเซิร์ฟเวอร์",
                "this database has no district yet: run bkkdesk init --district CODE "
                "or enroll the PC with the server",
                code="no_district",
            )
        return code

    def init_district(
        self,
        district_code: str,
        *,
        admin: str,
        password: str,
        display_name: str = "",
        password_hash: str | None = None,
    ) -> None:
        """Give this database its district and a first admin account (once)."""
        if district_code not in self.reference.districts:
            raise BkkError(
                f"ไม่มีเขตรหัส {district_code} (ใช้รหัส 1001–1050)",
                f"no district with code {district_code} (codes are 1001–1050)",
                code="bad_district",
            )
        current = self.district_code
        if current is not None and current != district_code:
            raise StateError(
                f"ฐานข้อมูลนี้เป็นของเขตรหัส {current} แล้ว",
                f"this database already belongs to district {current}",
                code="district_set",
            )
        with self.write() as s:
            self.set_meta("district_code", district_code, s)
            self.users.add(
                s, admin, password, "admin", display_name=display_name,
                district_code=district_code, actor=admin, password_hash=password_hash,
            )
            audit.append(s, user=admin, action="init", changes={"district": district_code})
        self._district = None

    def session_user(self) -> str | None:
        return self.get_meta("session_user")

    # -- definitions -------------------------------------------------------------
    def _load_definitions(self) -> dict[str, DatasetDef]:
        with self._lock:
            if self._definitions is None:
                out: dict[str, DatasetDef] = {}
                with self.read() as s:
                    rows = s.execute(
                        select(DatasetVersion.dataset_id, DatasetVersion.definition)
                        .order_by(DatasetVersion.dataset_id, DatasetVersion.version)
                    ).all()
                for dataset_id, body in rows:
                    out[dataset_id] = parse_definition_text(body, f"{dataset_id} (database)")
                self._definitions = out
            return self._definitions

    def definitions(self) -> dict[str, DatasetDef]:
        """The current (highest) version of every data set."""
        return dict(self._load_definitions())

    def definition(self, dataset_id: str) -> DatasetDef:
        d = self._load_definitions().get(dataset_id)
        if d is None:
            known = ", ".join(sorted(self._load_definitions()))
            raise NotFoundError(
                f"ไม่มีชุดข้อมูล '{dataset_id}' (มี: {known})",
                f"no data set '{dataset_id}' (known: {known})",
            )
        return d

    def definition_version(self, dataset_id: str, version: int) -> DatasetDef:
        with self.read() as s:
            row = s.get(DatasetVersion, (dataset_id, version))
        if row is None:
            raise NotFoundError(
                f"ไม่มีชุดข้อมูล {dataset_id} รุ่น {version}",
                f"no version {version} of data set {dataset_id}",
            )
        return parse_definition_text(row.definition, f"{dataset_id} v{version}")

    def install_definition(self, definition: DatasetDef, source: str = "server") -> bool:
        """Store a published version (from sync); False if that version is already here."""
        with self.write() as s:
            if s.get(DatasetVersion, (definition.id, definition.version)) is not None:
                return False
            s.add(
                DatasetVersion(
                    dataset_id=definition.id,
                    version=definition.version,
                    definition=definition.to_json(),
                    source=source,
                    installed_at=utcnow(),
                )
            )
        self.forget_definitions()
        return True

    def forget_definitions(self) -> None:
        """Drop the cached definitions and validators (after sync wrote definitions)."""
        with self._lock:
            self._definitions = None
            self._validators.clear()

    def validator(self, dataset_id: str) -> RecordValidator:
        v = self._validators.get(dataset_id)
        if v is None:
            v = RecordValidator(self.definition(dataset_id), self.reference)
            self._validators[dataset_id] = v
        return v

    # -- drafts ------------------------------------------------------------------
    def save_draft(
        self,
        dataset_id: str,
        values: dict[str, Any],
        *,
        user: str | None,
        record_id: str | None = None,
        draft_id: int | None = None,
    ) -> int:
        """Keep typed, unsaved input durably; returns the draft id to update next time."""
        with self.write() as s:
            row = s.get(Draft, draft_id) if draft_id is not None else None
            if row is None:
                row = Draft(dataset_id=dataset_id, record_id=record_id, user=user,
                            values="{}", updated_at=utcnow())
                s.add(row)
            row.values = jsonutil.dumps(values)
            row.updated_at = utcnow()
            s.flush()
            return row.id

    def drafts(self, user: str | None = None) -> list[dict[str, Any]]:
        with self.read() as s:
            q = select(Draft).order_by(Draft.updated_at.desc())
            if user is not None:
                q = q.where(Draft.user == user)
            return [
                {
                    "id": d.id,
                    "dataset_id": d.dataset_id,
                    "record_id": d.record_id,
                    "user": d.user,
                    "values": jsonutil.loads(d.values),
                    "updated_at": d.updated_at,
                }
                for d in s.scalars(q)
            ]

    def discard_draft(self, draft_id: int) -> None:
        with self.write() as s:
            s.execute(delete(Draft).where(Draft.id == draft_id))

    # -- health ------------------------------------------------------------------
    def integrity_check(self) -> list[str]:
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql("PRAGMA integrity_check").all()
        result = [str(r[0]) for r in rows]
        return [] if result == ["ok"] else result

    def schema_revision(self) -> str | None:
        return migrate.current_revision(self.engine)

    def doctor(self) -> dict[str, Any]:
        """Integrity, schema revision, counts: what IT needs first when something is off."""
        with self.read() as s:
            journal = s.execute(text("PRAGMA journal_mode")).scalar()
        return {
            "database": str(self.path),
            "size_bytes": self.path.stat().st_size if self.path.exists() else 0,
            "schema_revision": self.schema_revision(),
            "schema_head": migrate.head_revision(),
            "journal_mode": journal,
            "integrity": self.integrity_check() or "ok",
            "district": self.district_code,
            "device_id": self.device_id,
            "records": self.records.counts_by_dataset(),
            "pending_changes": self.records.pending_count(),
            "definitions": {d.id: d.version for d in self.definitions().values()},
            "checked_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
