"""Property-based fuzzing of every operation in the generated OpenAPI document.

Schemathesis generates requests from the schema (valid and invalid) and sends them
in-process, with an administrator's credentials on a district device so that the
operations behind authentication are reached. Checked: no 5xx, every status code,
content type and body as documented. Bounded (``MAX_EXAMPLES`` per operation).

(Schemathesis' ``from_fixture`` lazy loader does not work with pytest 9 — it sets
``node._nodeid`` — so the operations are driven here with Hypothesis directly; the
strategies and checks are schemathesis' own.)
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from server_helpers import API, World

MAX_EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_api_fuzz(app: Any, world: World) -> None:
    schema = schemathesis.openapi.from_asgi(f"{API}/openapi.json", app)
    credentials = world.actors["itadmin"].headers
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        if not isinstance(result, Ok):
            failures.append(f"invalid operation in the schema: {result.err()}")
            continue
        operation = result.ok()
        operations += 1

        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        @given(case=operation.as_strategy())
        def fuzz(case: Any) -> None:
            headers = dict(credentials)
            headers.update(case.headers or {})  # generated credentials are tried as they are
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            fuzz()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}:\n{exc}")
    assert operations >= 17
    assert not failures, "\n\n".join(failures)
