"""Machine-wide configuration that IT staff place before the first run.

A TOML file named ``bkkdesk.toml`` (example: ``docs/bkkdesk.example.toml``) is looked
for, first found wins:

1. the file named by ``$BKKDESK_MACHINE_CONFIG`` (tests, unusual installs);
2. next to the executable of a frozen build (the installer's ``/CONFIG=`` switch copies
   it there, into ``C:\\Program Files\\bkkdesk``);
3. the system config directory (platformdirs ``site_config_dir``: on Windows
   ``C:\\ProgramData\\BMA\\bkkdesk\\bkkdesk.toml``).

Keys: ``server_url``, ``district``, ``proxy``, ``ca_bundle``, ``data_dir``, ``language``
and a table ``[allow_user_override]`` naming the keys (``language = true`` …) that a
user's own ``bkkdesk.toml`` in the user config directory (``$BKKDESK_USER_CONFIG``
overrides its location) may change. A user value for any other key is ignored and
reported, never applied: the machine file is IT's decision.

A file that cannot be read or holds a bad value is refused with a message in Thai and
English that names the file and the key, never half-applied.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator
from pydantic import ValidationError as PydanticValidationError

from bkkdesk.core.errors import BkkError

APP_NAME = "bkkdesk"
APP_AUTHOR = "BMA"
FILE_NAME = "bkkdesk.toml"
MACHINE_ENV = "BKKDESK_MACHINE_CONFIG"
USER_ENV = "BKKDESK_USER_CONFIG"

KEYS: tuple[str, ...] = ("server_url", "district", "proxy", "ca_bundle", "data_dir", "language")
Key = Literal["server_url", "district", "proxy", "ca_bundle", "data_dir", "language"]

_DISTRICT = re.compile(r"^10(0[1-9]|[1-4][0-9]|50)$")
_URL = re.compile(
    r"^(?P<scheme>[a-z][a-z0-9+.-]*)://(?:[^@/\s]+@)?(?P<host>[^/\s:?#@]+)(:\d{1,5})?(/\S*)?$",
    re.I,
)

_KEY_TH = {
    "server_url": "ที่อยู่เซิร์ฟเวอร์",
    "district": "รหัสเขต",
    "proxy": "พร็อกซี",
    "ca_bundle": "ไฟล์ใบรับรอง CA",
    "data_dir": "โฟลเดอร์ข้อมูล",
    "language": "ภาษา",
    "allow_user_override": "คีย์ที่ผู้ใช้แก้ได้",
}


class ConfigError(BkkError):
    """A configuration file is unreadable or holds a bad value (names the file and key)."""

    code = "config"


def _expand(value: str, base: Path | None) -> Path:
    """``~`` and ``%VAR%``/``$VAR`` expanded; a relative path is taken from the file's folder."""
    path = Path(os.path.expandvars(os.path.expanduser(value)))
    if not path.is_absolute() and base is not None:
        path = base / path
    return path


class Settings(BaseModel):
    """The values one file may hold (every key optional)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    server_url: str | None = None
    district: str | None = None
    proxy: str | None = None
    ca_bundle: Path | None = None
    data_dir: Path | None = None
    language: Literal["th", "en"] | None = None

    @field_validator("server_url")
    @classmethod
    def _server_url(cls, v: str | None) -> str | None:
        if v is None:
            return None
        m = _URL.match(v.strip())
        if not m or m.group("scheme").lower() not in ("https", "http"):
            raise ValueError(
                "ต้องเป็น URL ที่ขึ้นต้นด้วย https:// เช่น https://bkkdesk.bangkok.go.th"
                " | must be a URL starting with https://, e.g. https://bkkdesk.bangkok.go.th"
            )
        return v.strip().rstrip("/")

    @field_validator("district", mode="before")
    @classmethod
    def _district(cls, v: Any) -> str | None:
        if v is None:
            return None
        text = str(v).strip()
        if not _DISTRICT.match(text):
            raise ValueError(
                f"ไม่มีเขตรหัส {text} (ใช้รหัส 1001–1050, เป็นข้อความ เช่น \"1004\")"
                f" | no district with code {text} (codes are 1001–1050, as text, e.g. \"1004\")"
            )
        return text

    @field_validator("proxy")
    @classmethod
    def _proxy(cls, v: str | None) -> str | None:
        if v is None:
            return None
        text = v.strip()
        if text.lower() in ("none", "system"):
            return text.lower()
        m = _URL.match(text)
        if not m or m.group("scheme").lower() not in ("http", "https", "socks5", "socks5h"):
            raise ValueError(
                "ต้องเป็น \"none\", \"system\" หรือ URL เช่น http://proxy.bma.go.th:8080"
                " | must be \"none\", \"system\" or a URL such as http://proxy.bma.go.th:8080"
            )
        return text

    @field_validator("ca_bundle", "data_dir", mode="before")
    @classmethod
    def _path(cls, v: Any, info: ValidationInfo) -> Path | None:
        if v is None:
            return None
        if not isinstance(v, str) or not v.strip():
            raise ValueError("ต้องเป็นข้อความของตำแหน่งไฟล์ | must be a path as text")
        base = info.context.get("base") if isinstance(info.context, dict) else None
        path = _expand(v.strip(), base)
        if info.field_name == "ca_bundle" and not path.is_file():
            raise ValueError(f"ไม่พบไฟล์ {path} | no such file: {path}")
        return path


class MachineFile(Settings):
    """The machine file: the settings plus which of them a user may override."""

    allow_user_override: dict[str, bool] = {}

    @field_validator("allow_user_override")
    @classmethod
    def _allowed(cls, v: dict[str, bool]) -> dict[str, bool]:
        unknown = sorted(set(v) - set(KEYS))
        if unknown:
            raise ValueError(
                f"ไม่รู้จักคีย์ {', '.join(unknown)} (ใช้ได้: {', '.join(KEYS)})"
                f" | unknown key(s) {', '.join(unknown)} (known: {', '.join(KEYS)})"
            )
        return v


@dataclass(frozen=True)
class EffectiveConfig:
    """What applies on this PC, and where each value came from (for diagnostics)."""

    values: Settings = field(default_factory=Settings)
    sources: dict[str, str] = field(default_factory=dict)
    machine_file: Path | None = None
    user_file: Path | None = None
    allowed_overrides: frozenset[str] = frozenset()
    ignored_user_keys: tuple[str, ...] = ()

    def get(self, key: Key) -> Any:
        return getattr(self.values, key)

    def describe(self) -> dict[str, Any]:
        """Every setting with its source, safe to show or put in a diagnostics archive.

        The proxy URL may carry a password (``http://user:secret@host``): it is masked.
        """
        shown: dict[str, Any] = {}
        for key in KEYS:
            value = getattr(self.values, key)
            if key == "proxy" and isinstance(value, str):
                value = re.sub(r"//[^/@\s]*@", "//***@", value)
            shown[key] = {
                "value": None if value is None else str(value),
                "source": self.sources.get(key, "default"),
            }
        return {
            "machine_file": str(self.machine_file) if self.machine_file else None,
            "user_file": str(self.user_file) if self.user_file else None,
            "allow_user_override": sorted(self.allowed_overrides),
            "ignored_user_keys": list(self.ignored_user_keys),
            "settings": shown,
        }


# --------------------------------------------------------------------- locations


def machine_candidates() -> list[Path]:
    """Where the machine file is looked for, in order."""
    out: list[Path] = []
    env = os.environ.get(MACHINE_ENV)
    if env:
        return [Path(env)]
    if getattr(sys, "frozen", False):
        out.append(Path(sys.executable).resolve().parent / FILE_NAME)
    out.append(Path(platformdirs.site_config_dir(APP_NAME, APP_AUTHOR)) / FILE_NAME)
    return out


def find_machine_file() -> Path | None:
    for path in machine_candidates():
        if path.is_file():
            return path
    return None


def user_file_path() -> Path:
    env = os.environ.get(USER_ENV)
    if env:
        return Path(env)
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)) / FILE_NAME


# --------------------------------------------------------------------- reading


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"อ่านไฟล์ตั้งค่า {path} ไม่ได้: {exc.strerror or exc}",
            f"cannot read the configuration file {path}: {exc.strerror or exc}",
        ) from None
    try:
        text = raw.decode("utf-8-sig")  # Notepad on old Windows saves a BOM
    except UnicodeDecodeError:
        raise ConfigError(
            f"ไฟล์ตั้งค่า {path} ต้องบันทึกเป็น UTF-8",
            f"the configuration file {path} must be saved as UTF-8",
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"ไฟล์ตั้งค่า {path} เขียนผิดรูปแบบ TOML: {exc}",
            f"the configuration file {path} is not valid TOML: {exc}",
        ) from None


def _refuse(path: Path, exc: PydanticValidationError) -> ConfigError:
    th: list[str] = []
    en: list[str] = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "?"
        top = str(err["loc"][0]) if err["loc"] else "?"
        if err["type"] == "extra_forbidden":
            th.append(f"ไม่รู้จักคีย์ '{key}' (ใช้ได้: {', '.join(KEYS)})")
            en.append(f"unknown key '{key}' (known: {', '.join(KEYS)})")
            continue
        msg = str(err.get("ctx", {}).get("error", err["msg"]))
        if " | " in msg:
            msg_th, msg_en = msg.split(" | ", 1)
        else:
            msg_th, msg_en = f"ค่าไม่ถูกต้อง ({msg})", msg
        th.append(f"คีย์ '{key}' ({_KEY_TH.get(top, key)}): {msg_th}")
        en.append(f"key '{key}': {msg_en}")
    return ConfigError(
        f"ไฟล์ตั้งค่า {path} มีค่าไม่ถูกต้อง — " + "; ".join(th),
        f"the configuration file {path} has a bad value — " + "; ".join(en),
    )


def read_machine_file(path: Path) -> MachineFile:
    data = _read_toml(path)
    try:
        return MachineFile.model_validate(data, context={"base": path.parent})
    except PydanticValidationError as exc:
        raise _refuse(path, exc) from None


def read_user_file(path: Path) -> Settings:
    data = _read_toml(path)
    data.pop("allow_user_override", None)  # a user cannot widen their own rights
    try:
        return Settings.model_validate(data, context={"base": path.parent})
    except PydanticValidationError as exc:
        raise _refuse(path, exc) from None


def load(machine_file: Path | None = None, user_file: Path | None = None) -> EffectiveConfig:
    """Read the machine file and the user's file and combine them (nothing is cached).

    Without arguments the files are looked for where :func:`find_machine_file` and
    :func:`user_file_path` say. A user file is read only for keys the machine file
    allows; with no machine file a user may set ``language`` only.
    """
    mpath = machine_file if machine_file is not None else find_machine_file()
    upath = user_file if user_file is not None else user_file_path()
    machine = read_machine_file(mpath) if mpath is not None else MachineFile()
    allowed = (
        frozenset(k for k, on in machine.allow_user_override.items() if on)
        if mpath is not None
        else frozenset({"language"})
    )
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for key in KEYS:
        v = getattr(machine, key)
        if v is not None:
            values[key] = v
            sources[key] = f"machine:{mpath}"
    ignored: list[str] = []
    user_path: Path | None = None
    if upath.is_file():
        user_path = upath
        user = read_user_file(upath)
        for key in KEYS:
            v = getattr(user, key)
            if v is None:
                continue
            if key in allowed:
                values[key] = v
                sources[key] = f"user:{upath}"
            else:
                ignored.append(key)
    return EffectiveConfig(
        values=Settings.model_construct(**values),
        sources=sources,
        machine_file=mpath,
        user_file=user_path,
        allowed_overrides=allowed,
        ignored_user_keys=tuple(ignored),
    )


def configured_data_dir() -> Path | None:
    """The data directory the configuration names, if any (cheap when there is no file)."""
    if find_machine_file() is None and not user_file_path().is_file():
        return None
    value = load().values.data_dir
    return value
