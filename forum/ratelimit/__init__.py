"""Rate limiting: policies as data, one limiter interface, Redis or in-process.

The algorithm is an exact sliding log: each spent allowance is a timestamp, and
a request is admitted when every window of its policy holds fewer than `limit`
timestamps younger than the window. All windows of a policy are checked and
spent together, atomically, so a refusal in the hourly window never spends the
per-minute one.

The package, by concern (everything below is importable from `forum.ratelimit`):
- `policies`: `Window`, `Policy`, the core's `DEFAULT_POLICIES`, `CROSSROADS_RATE_LIMITS`
  overrides (`parse_overrides`, `build_policies`) and the policy table the docs show;
- `decisions`: `Decision` / `WindowState`, what one check found, the same from either backend;
- `backends`: the exact Redis limiter (one Lua script per check), the in-process fallback, and
  `Limiter`, which the app holds and which falls back while Redis is down;
- `address`: the client address a limit counts by (trusted proxies, IPv6 grouped by /64);
- `headers`: `RateLimit-Policy` / `RateLimit` for the decisions a request met.

See docs/ratelimit.md for the policies, the measurements and the failure behaviour.
"""

from forum.ratelimit.address import Network, _parse_ip, client_ip, ip_key
from forum.ratelimit.backends import (
    SLIDING_LOG,
    Backend,
    Limiter,
    MemoryBackend,
    RedisBackend,
    _log_key,
    build_limiter,
)
from forum.ratelimit.decisions import Decision, WindowState, _decide
from forum.ratelimit.headers import headers_for, recorded
from forum.ratelimit.policies import (
    DAY,
    DEFAULT_POLICIES,
    HOUR,
    MINUTE,
    STAFF,
    Policy,
    PolicyRow,
    Window,
    build_policies,
    parse_overrides,
    policy_table,
    policy_table_markdown,
)

__all__ = [
    "DAY",
    "DEFAULT_POLICIES",
    "HOUR",
    "MINUTE",
    "SLIDING_LOG",
    "STAFF",
    "Backend",
    "Decision",
    "Limiter",
    "MemoryBackend",
    "Network",
    "Policy",
    "PolicyRow",
    "RedisBackend",
    "Window",
    "WindowState",
    "_decide",
    "_log_key",
    "_parse_ip",
    "build_limiter",
    "build_policies",
    "client_ip",
    "headers_for",
    "ip_key",
    "parse_overrides",
    "policy_table",
    "policy_table_markdown",
    "recorded",
]
