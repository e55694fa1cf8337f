"""The update notice: the server publishes the newest bkkdesk and where to get it.

The server's settings ``latest_client_version``, ``min_client_version`` and
``client_download_url`` reach a PC on every pull (and in ``GET /api/v1/health``); the
sync engine keeps the last values in the local database, so ``sync status`` and the
app's banner can say "a newer version is out" even while offline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bkkdesk import __version__


def _version_key(version: str) -> tuple[tuple[int, ...], int, tuple[int, ...]]:
    """``1.2.3`` < ``1.2.10``; a pre-release (``1.3.0rc1``, ``1.3.0.dev2``) < its release."""
    m = re.match(r"^\s*v?(\d+(?:\.\d+)*)(.*)$", version)
    if not m:
        return ((0,), 0, ())
    release = tuple(int(x) for x in m.group(1).split("."))
    while len(release) > 1 and release[-1] == 0:
        release = release[:-1]
    rest = m.group(2).strip().lstrip(".-+")
    if not rest:
        return (release, 1, ())
    return (release, 0, tuple(int(x) for x in re.findall(r"\d+", rest)))


def is_newer(candidate: str, current: str) -> bool:
    return _version_key(candidate) > _version_key(current)


@dataclass(frozen=True)
class UpdateNotice:
    """What to tell the user when the server publishes a newer bkkdesk."""

    current: str
    latest: str
    required: bool  # the server no longer accepts this version (protocol too old)
    download_url: str | None = None

    @property
    def th(self) -> str:
        where = f" ดาวน์โหลดที่ {self.download_url}" if self.download_url else ""
        if self.required:
            return (f"ต้องปรับรุ่นโปรแกรม: เครื่องนี้ใช้ bkkdesk {self.current} แต่เซิร์ฟเวอร์ต้องการ "
                    f"{self.latest} ขึ้นไป ข้อมูลที่บันทึกไว้ยังอยู่ครบและจะส่งเมื่อปรับรุ่นแล้ว "
                    f"ติดต่อฝ่ายไอที{where}")
        return (f"มี bkkdesk รุ่นใหม่ {self.latest} (เครื่องนี้ใช้ {self.current}) "
                f"แจ้งฝ่ายไอทีเพื่อติดตั้ง{where}")

    @property
    def en(self) -> str:
        where = f" Download: {self.download_url}" if self.download_url else ""
        if self.required:
            return (f"Update required: this PC runs bkkdesk {self.current} but the server needs "
                    f"{self.latest} or later. Saved records are kept and will be sent after "
                    f"the update. Contact IT.{where}")
        return (f"bkkdesk {self.latest} is available (this PC runs {self.current}); "
                f"ask IT to install it.{where}")

    def as_dict(self) -> dict[str, Any]:
        return {"current": self.current, "latest": self.latest, "required": self.required,
                "download_url": self.download_url, "th": self.th, "en": self.en}


def update_notice(published: dict[str, Any], current: str = __version__) -> UpdateNotice | None:
    """The notice for ``sync status`` and the app banner, from what the server published.

    ``published`` holds ``latest_client_version`` (the newest release IT rolls out),
    ``min_client_version`` (older apps are refused by sync) and ``client_download_url``,
    as in ``GET /api/v1/health``; without them, a health answer's own ``version`` stands
    for the latest release (server and apps are released together). None when this app
    is current.
    """
    latest = published.get("latest_client_version") or published.get("version")
    minimum = published.get("min_client_version")
    url = published.get("client_download_url")
    required = isinstance(minimum, str) and is_newer(minimum, current)
    if required:
        assert isinstance(minimum, str)
        target = latest if isinstance(latest, str) and is_newer(latest, minimum) else minimum
        return UpdateNotice(current, target, True, url if isinstance(url, str) else None)
    if isinstance(latest, str) and is_newer(latest, current):
        return UpdateNotice(current, latest, False, url if isinstance(url, str) else None)
    return None
