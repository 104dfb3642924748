"""Schemathesis against the generated OpenAPI document: no 5xx and no response outside the schema.

The app runs behind a real uvicorn on a free loopback port (the test's own event loop); the
generated requests run in a worker thread (schemathesis' calls are synchronous). Every operation
gets a bounded number of examples -- valid ones and, for bodies and parameters, invalid ones --
as a member and as a moderator, on SQLite and PostgreSQL. The event stream is left out (an
endless response; tests/amas/test_events.py covers it).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable

from tests.live import free_port

schemathesis = pytest.importorskip("schemathesis")

from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402

EXAMPLES_PER_OPERATION = 5
SKIP = {("GET", "/amas/{id}/events")}


def _fuzz(
    base: str, document: dict[str, Any], headers: dict[str, str]
) -> tuple[list[str], int, int]:
    """(failures, operations, calls made)."""
    schema = schemathesis.openapi.from_dict(document)
    failures: list[str] = []
    operations = calls = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SKIP:
            continue
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode)

            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def check(case: Any) -> None:
                nonlocal calls
                calls += 1
                response = case.call(base_url=base, headers=headers, timeout=30)
                case.validate_response(
                    response, checks=[not_a_server_error, response_schema_conformance]
                )

            try:
                check()
            except Unsatisfiable:
                pass
            except Exception as exc:  # noqa: BLE001 - collect every operation's failure
                failures.append(
                    f"{operation.method.upper()} {operation.path} ({mode.value}): {str(exc)[:800]}"
                )
    return failures, operations, calls


@pytest.mark.parametrize("who", ["undecided", "moderator"])
async def test_no_operation_answers_5xx_or_outside_its_schema(app, client, members, who):
    import uvicorn

    # Something to find: a thread with a reply, so ids in the low range exist.
    m = members["undecided"]
    r = await client.post(
        "/api/v1/spaces/common-ground/threads",
        headers=m.auth,
        json={"title": "Hello", "body": "Hi."},
    )
    assert r.status_code == 201
    document = (await client.get("/api/v1/openapi.json")).json()
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="critical")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    try:
        failures, operations, calls = await asyncio.to_thread(
            _fuzz, f"http://127.0.0.1:{port}/api/v1", document, members[who].auth
        )
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 30)
    assert failures == [], "\n\n".join(failures)
    assert operations > 40 and calls >= operations * 2
