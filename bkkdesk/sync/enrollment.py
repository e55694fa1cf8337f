"""Enrolling this PC with a server and logging a user in (online first, then offline).

Used by the command line (``bkkdesk enroll``, ``bkkdesk login``), the desktop app's
login and the demo. An online login stores the server's offline hash of the password
(never the password) so that the same user can log in later without a connection.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from bkkdesk.core.errors import BkkError
from bkkdesk.db import audit
from bkkdesk.db.models import User
from bkkdesk.db.store import Store
from bkkdesk.db.users import UserInfo
from bkkdesk.sync import engine as eng
from bkkdesk.sync.client import ClientConfig, SyncClient, TransientError


def enroll(
    store: Store,
    server_url: str,
    code: str,
    device_name: str,
    *,
    ca_bundle: str | None = None,
    proxy: str | None = None,
) -> dict[str, Any]:
    """Trade a one-time code for this PC's device credential; returns the server's answer.

    A database that already belongs to another district is refused before anything is
    stored, so a wrong code never mixes two districts' records on one PC.
    """
    server_url = server_url.rstrip("/")
    cfg = ClientConfig(server_url=server_url, ca_bundle=ca_bundle, proxy=proxy)
    with SyncClient(cfg) as client:
        data = client.enroll(code, device_name)
    district = str(data["district"]["code"])
    current = store.district_code
    if current is not None and current != district:
        raise BkkError(
            f"ฐานข้อมูลนี้เป็นของเขต {current} แต่รหัสลงทะเบียนเป็นของเขต {district}: "
            "ขอรหัสของเขตที่ถูกต้องจากฝ่ายไอที",
            f"this database belongs to district {current} but the code is for district "
            f"{district}: ask IT for a code of the right district",
            code="district_mismatch",
        )
    with store.write() as s:
        if current is None:
            store.set_meta("district_code", district, s)
        store.set_meta(eng.META_SERVER, server_url, s)
        store.set_meta(eng.META_TOKEN, str(data["device_token"]), s)
        store.set_meta(eng.META_DEVICE, str(data["device_id"]), s)
        store.set_meta(eng.META_CA, ca_bundle, s)
        store.set_meta(eng.META_PROXY, proxy, s)
        store.set_meta(eng.META_SESSION, None, s)
        eng.sync_state(s).cursor = 0  # a new credential pulls its district from the start
        audit.append(
            s, user=None, action="enroll",
            changes={"server": server_url, "district": district, "device": data["device_id"]},
        )
    return data


def is_enrolled(store: Store) -> bool:
    return bool(store.get_meta(eng.META_SERVER) and store.get_meta(eng.META_TOKEN))


def cache_login(store: Store, data: dict[str, Any]) -> None:
    """Keep what an online login answered: the account, its offline hash, the session."""
    user = data["user"]
    offline_hash = str(data["offline"]["password_hash"])
    with store.write() as s:
        row = s.scalar(select(User).where(User.username == user["username"]))
        if row is None:
            s.add(
                User(
                    username=user["username"],
                    display_name=user.get("display_name") or "",
                    role=user["role"],
                    district_code=user.get("district_code"),
                    password_hash=offline_hash,
                    disabled=False,
                    source="server",
                    created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
                )
            )
        else:
            row.password_hash = offline_hash
            row.role = user["role"]
            row.display_name = user.get("display_name") or row.display_name
            row.district_code = user.get("district_code")
            row.disabled = False
            row.source = "server"
        store.set_meta("session_user", user["username"], s)
        store.set_meta(eng.META_SESSION, str(data["session_token"]), s)
        audit.append(s, user=user["username"], action="login", changes={"mode": "online"})


def login(
    store: Store, username: str, password: str, *, offline: bool = False
) -> tuple[UserInfo, str]:
    """Log ``username`` in; returns the account and ``"online"`` or ``"offline"``.

    Online first when the PC is enrolled (the server's answer refreshes the offline
    hash and the session); without a network the locally kept hash decides. A wrong
    password the server refused is not retried offline.
    """
    username = username.strip().lower()
    mode = "offline"
    if not offline and is_enrolled(store):
        try:
            with SyncClient(eng.client_config(store, retries=1)) as client:
                data = client.login(username, password)
            cache_login(store, data)
            mode = "online"
        except TransientError:
            mode = "offline"
    if mode == "offline":
        store.users.authenticate(username, password)
        store.set_meta("session_user", username)
    return store.users.get(username), mode
