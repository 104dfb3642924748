"""Rate-limit response headers: `RateLimit-Policy` and `RateLimit` for the decisions a request met.

forum.throttle records each decision in `recorded` (a context variable set per request by the
middleware); forum.middleware turns them into headers with `headers_for`, and on a 429 adds
`Retry-After`: the longest `Decision.retry_after` (whole seconds) among the refusing decisions.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextvars import ContextVar

from forum.ratelimit.decisions import Decision, WindowState
from forum.ratelimit.policies import Window

# forum.throttle appends each decision here; the middleware turns them into headers.
recorded: ContextVar[list[Decision] | None] = ContextVar(
    "crossroads_ratelimit_recorded", default=None
)


def _item_name(policy: str, window: Window, several: bool) -> str:
    return f"{policy}-{window.seconds}s" if several else policy


def headers_for(decisions: Sequence[Decision]) -> list[tuple[str, str]]:
    """`RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers, structured-field lists).

    Several decisions for one policy (e.g. sign-in, per name and per address):
    each window reports the tightest of them.
    """
    tightest: dict[tuple[str, int], tuple[WindowState, bool]] = {}
    order: list[tuple[str, int]] = []
    for d in decisions:
        several = len(d.windows) > 1
        for state in d.windows:
            k = (d.policy, state.window.seconds)
            prev = tightest.get(k)
            if prev is None:
                order.append(k)
            if prev is None or (state.remaining, -state.reset_after) < (
                prev[0].remaining,
                -prev[0].reset_after,
            ):
                tightest[k] = (state, several)
    if not order:
        return []
    policy_items, limit_items = [], []
    for k in order:
        state, several = tightest[k]
        name = _item_name(k[0], state.window, several)
        policy_items.append(f'"{name}";q={state.window.limit};w={state.window.seconds}')
        limit_items.append(f'"{name}";r={state.remaining};t={state.reset_after}')
    return [("RateLimit-Policy", ", ".join(policy_items)), ("RateLimit", ", ".join(limit_items))]
