"""Errors that carry a message in Thai first and English too.

Every error a user can cause (bad input, a bad file, a refused request) is one of
these, so that the command line, the UI and the server all show the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One broken rule on one field: which field, which rule, and what to say."""

    field: str
    rule: str
    th: str
    en: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "rule": self.rule, "th": self.th, "en": self.en}

    def __str__(self) -> str:
        return f"{self.field}: {self.th} / {self.en}"


class BkkError(Exception):
    """Base of every expected error: a stable code and a bilingual message."""

    code = "error"

    def __init__(self, th: str, en: str, *, code: str | None = None) -> None:
        super().__init__(f"{th} / {en}")
        self.th = th
        self.en = en
        if code is not None:
            self.code = code

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "th": self.th, "en": self.en}


class ValidationError(BkkError):
    """A record (or request) broke one or more field rules; nothing was written."""

    code = "validation"

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = list(errors)
        lines_th = "; ".join(f"{e.field}: {e.th}" for e in self.errors)
        lines_en = "; ".join(f"{e.field}: {e.en}" for e in self.errors)
        super().__init__(f"ข้อมูลไม่ถูกต้อง — {lines_th}", f"Invalid data — {lines_en}")

    def as_dict(self) -> dict[str, Any]:
        d = super().as_dict()
        d["errors"] = [e.as_dict() for e in self.errors]
        return d

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class DefinitionError(BkkError):
    """A data-set definition file is malformed; names the file and the problem."""

    code = "definition"


class NotFoundError(BkkError):
    """Something asked for does not exist (record, data set, user …)."""

    code = "not_found"


class PermissionDenied(BkkError):
    """The current user or device may not do this."""

    code = "forbidden"


class StateError(BkkError):
    """The local database is not in a state that allows this (no district, too new …)."""

    code = "state"
