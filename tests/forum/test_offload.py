"""forum.offload.run_cpu: work in the worker pool, a CPU budget per call, worst-case texts."""

from __future__ import annotations

import functools
import re

import pytest

from forum.errors import ValidationError
from forum.offload import TOO_COMPLEX_MESSAGE, TooComplexError, run_cpu
from forum.text import render, render_markdown


async def test_run_cpu_returns_the_result_of_the_call() -> None:
    assert await run_cpu(render_markdown, "**hi**") == "<p><strong>hi</strong></p>"
    assert await run_cpu(functools.partial(str.upper), "quiet") == "QUIET"


async def test_errors_raised_by_the_function_reach_the_caller() -> None:
    with pytest.raises(ValueError):
        await run_cpu(int, "not a number")


async def test_a_call_over_the_cpu_budget_is_refused_and_the_pool_stays_usable() -> None:
    # Catastrophic backtracking: minutes of CPU if nothing stopped it.
    with pytest.raises(TooComplexError) as caught:
        await run_cpu(re.fullmatch, r"(a+)+b", "a" * 64)
    assert caught.value.status == 422 and caught.value.message == TOO_COMPLEX_MESSAGE
    assert await run_cpu(render_markdown, "still *here*") == "<p>still <em>here</em></p>"


async def test_render_names_the_field_when_over_budget() -> None:
    # render() maps the budget to the field it renders, for the form and the API's `fields`.
    from forum import offload

    budget = offload.BUDGET_SECONDS
    offload.BUDGET_SECONDS = 0.000001
    try:
        with pytest.raises(ValidationError) as caught:
            await render("**x** " * 4000, field="description")
    finally:
        offload.BUDGET_SECONDS = budget
    assert caught.value.fields == {"description": TOO_COMPLEX_MESSAGE}


def test_closures_are_refused_at_once() -> None:
    import asyncio

    with pytest.raises(TypeError):
        asyncio.run(run_cpu(lambda: 1))


# The worst 20 KB bodies we know. Each used to take seconds of CPU (linkify's scheme search was
# quadratic: "http://a." * 2222 took 2.5 s); each must now render within the budget.
WORST_BODIES = {
    "linkify_schemes": "http://a." * 2222,
    "emphasis_runs": "*a" * 10000,
    "backtick_runs": "`a" * 10000,
    "nested_emphasis": "**_" * 6600,
    "brackets": "[" * 10000 + "]" * 10000,
    "inline_urls": "http://a.com/ " * 1400,
    "wide_table": "|a" * 3000 + "\n" + "|-" * 3000 + "\n" + "|a" * 3000,
}


@pytest.mark.parametrize("name", sorted(WORST_BODIES))
async def test_worst_known_bodies_render_within_the_budget(name: str) -> None:
    html = await render(WORST_BODIES[name])
    assert html
    if name == "linkify_schemes":
        assert html.count('<a href="http://a.') >= 1


async def test_workers_yield_the_cpu_to_the_process_serving_pages() -> None:
    """A flood of heavy texts keeps the workers busy; they run at a lower priority, so the event
    loop serving everyone else's pages gets the CPU first."""
    import os

    from forum.offload import WORKER_NICENESS

    assert await run_cpu(os.nice, 0) >= min(19, os.nice(0) + WORKER_NICENESS)
