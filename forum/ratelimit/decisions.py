"""A rate-limit decision: what one check of a policy found, window by window.

Both backends (forum.ratelimit.backends) count the same way and hand their counts to `_decide`,
so a decision reads the same whichever backend made it; the headers (forum.ratelimit.headers)
and the domain's refusals (forum.throttle) read it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from forum.ratelimit.policies import Policy, Window


@dataclass(frozen=True)
class WindowState:
    window: Window
    remaining: int  # after this request
    reset_after: int  # seconds until the window regains an allowance (0: full)


@dataclass(frozen=True)
class Decision:
    policy: str
    allowed: bool
    windows: tuple[WindowState, ...]
    retry_after: int = 0  # whole seconds; 0 when allowed
    # What a spent allowance can be given back with (``Limiter.refund``): (backend name, entry),
    # set only when this decision spent one. The entry is the Redis sorted-set member or the
    # in-process timestamp (ms) that was added.
    receipt: tuple[str, Any] | None = field(default=None, compare=False)

    def refunded(self) -> Decision:
        """This decision as it reads once its spent allowance is given back: one more remaining
        in every window (a window this request alone had filled reads as full again)."""
        states = tuple(
            replace(
                s,
                remaining=min(s.window.limit, s.remaining + 1),
                reset_after=0 if s.remaining + 1 >= s.window.limit else s.reset_after,
            )
            for s in self.windows
        )
        return replace(self, windows=states, receipt=None)

    @property
    def binding(self) -> WindowState:
        return min(self.windows, key=lambda w: (w.remaining, -w.reset_after))

    @property
    def limit(self) -> int:
        return self.binding.window.limit

    @property
    def remaining(self) -> int:
        return self.binding.remaining

    @property
    def reset_after(self) -> int:
        return self.binding.reset_after


def _decide(policy: Policy, spend: bool, counts: Sequence[tuple[int, int]]) -> Decision:
    """`counts`: per window, (entries in the window before this request, milliseconds until the
    entry that must leave to free an allowance leaves it, or -1 when the window is empty)."""
    allowed = all(count < w.limit for w, (count, _) in zip(policy.windows, counts, strict=True))
    states, retry = [], 0
    for w, (count, wait_ms) in zip(policy.windows, counts, strict=True):
        used = count + (1 if spend and allowed else 0)
        if spend and allowed and count == 0:
            wait_ms = w.seconds * 1000  # this request's own entry is the one that frees
        # Whole seconds, rounded up: a client that waits this long is never early.
        reset = max(0, math.ceil(wait_ms / 1000)) if used else 0
        states.append(WindowState(w, max(0, w.limit - used), reset))
        if not allowed and count >= w.limit:
            retry = max(retry, max(1, math.ceil(wait_ms / 1000)))
    return Decision(policy.name, allowed, tuple(states), retry)
