"""Rate-limit policies as data: windows, the core's table, and the operator's overrides.

A `Policy` is a name, one or more `Window`s (`limit` allowances per `seconds`), what it counts by
(`key`), tighter windows for a member's first day, and the roles it exempts. `DEFAULT_POLICIES` is
the core forum's read-only table; a feature declares its own in its plugin, and an app's whole table
is its registry's. `CROSSROADS_RATE_LIMITS` overrides windows (`parse_overrides`,
`build_policies`); `policy_table_markdown` renders the table the README and docs/ratelimit.md show.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from forum.settings import SettingsError

STAFF = ("moderator", "admin")


@dataclass(frozen=True)
class Window:
    limit: int
    seconds: int

    def __str__(self) -> str:
        return f"{self.limit}/{self.seconds}s"


@dataclass(frozen=True)
class Policy:
    """`key`: member | ip | username_ip | member_or_ip | site (one count for the whole site; see
    forum.throttle)."""

    name: str
    windows: tuple[Window, ...]
    key: str = "member"
    new_member_windows: tuple[Window, ...] = ()
    exempt_roles: tuple[str, ...] = STAFF
    description: str = ""


def _w(*pairs: tuple[int, int]) -> tuple[Window, ...]:
    return tuple(Window(limit, seconds) for limit, seconds in pairs)


MINUTE, HOUR, DAY = 60, 3600, 86400

# The core forum's policies. A feature declares its own in its plugin (forum.plugins.Contributions
# .policies); an app's whole table is its registry's `policies` (forum.registry). Read-only.
DEFAULT_POLICIES: Mapping[str, Policy] = MappingProxyType(
    {
        p.name: p
        for p in [
            Policy(
                "register",
                _w((5, HOUR), (20, DAY)),
                key="ip",
                description="new accounts per client address",
            ),
            Policy(
                "login",
                _w((10, 5 * MINUTE), (30, HOUR)),
                key="username_ip",
                exempt_roles=(),
                description="failed sign-ins, per username and per client address",
            ),
            Policy(
                "thread_create",
                _w((5, HOUR), (20, DAY)),
                new_member_windows=_w((2, HOUR), (5, DAY)),
                description="new threads per member",
            ),
            Policy(
                "post_create",
                _w((6, MINUTE), (60, HOUR)),
                new_member_windows=_w((3, MINUTE), (20, HOUR)),
                description="replies (and edits) per member",
            ),
            Policy("report", _w((10, HOUR), (30, DAY)), description="reports per member"),
            Policy(
                "ama_question",
                _w((5, 10 * MINUTE), (20, DAY)),
                description="AMA questions per member",
            ),
            Policy("vote", _w((60, MINUTE), (600, HOUR)), description="votes per member"),
            Policy(
                "react", _w((60, MINUTE), (600, HOUR)), description="reactions to posts per member"
            ),
            Policy(
                "preview", _w((30, MINUTE), (300, HOUR)), description="post previews per member"
            ),
            Policy(
                "draft_save", _w((30, MINUTE), (600, HOUR)), description="draft saves per member"
            ),
            Policy(
                "search",
                _w((30, MINUTE)),
                key="member_or_ip",
                description="searches per member or address",
            ),
            Policy(
                "reauth",
                _w((5, 15 * MINUTE), (20, DAY)),
                exempt_roles=(),
                description="password re-entries (change password, delete account) per member",
            ),
            Policy(
                "draft_screen",
                _w((30, MINUTE), (600, HOUR)),
                key="member_or_ip",
                description="draft screenings (the composer's live check) per member",
            ),
            # Crisis text from a sender nobody could name (signed out, a bad token), kept for moderators
            # (moderation/crisis_texts.py): beyond these, texts fold into an open item as a count.
            Policy(
                "crisis_unsigned",
                _w((5, HOUR), (20, DAY)),
                key="ip",
                exempt_roles=(),
                description="signed-out crisis texts kept for moderators, per client address",
            ),
            Policy(
                "crisis_unsigned_site",
                _w((30, HOUR), (200, DAY)),
                key="site",
                exempt_roles=(),
                description="signed-out crisis texts kept for moderators, whole site",
            ),
        ]
    }
)

_OVERRIDE = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*s\s*$")


def parse_overrides(
    text: str, policies: Mapping[str, Policy] | None = None
) -> dict[str, tuple[Window, ...]]:
    """`name=COUNT/SECONDSs;…`; several windows for one name with commas: `post_create=6/60s,30/3600s`.

    `policies`: the names an override may use (the app's registry's table; the core's by default).
    Raises SettingsError for a malformed part or an unknown name."""
    known_policies = DEFAULT_POLICIES if policies is None else policies
    out: dict[str, tuple[Window, ...]] = {}
    for part in filter(None, (p.strip() for p in (text or "").split(";"))):
        name, sep, spec = part.partition("=")
        name = name.strip()
        if not sep or not name:
            raise SettingsError(f"CROSSROADS_RATE_LIMITS: {part!r} is not name=COUNT/SECONDSs")
        if name not in known_policies:
            known = ", ".join(known_policies)
            raise SettingsError(f"CROSSROADS_RATE_LIMITS: unknown policy {name!r} (known: {known})")
        windows = []
        for item in spec.split(","):
            m = _OVERRIDE.match(item)
            if not m or int(m.group(1)) < 1 or int(m.group(2)) < 1:
                raise SettingsError(
                    f"CROSSROADS_RATE_LIMITS: {name}={spec.strip()!r} is not COUNT/SECONDSs, e.g. {name}=5/60s"
                )
            windows.append(Window(int(m.group(1)), int(m.group(2))))
        out[name] = tuple(windows)
    return out


def build_policies(
    overrides: str = "", defaults: Mapping[str, Policy] | None = None
) -> dict[str, Policy]:
    """The policy table with overrides applied (an override applies to new members too).

    `defaults`: the app's declared policies (`Registry.policies`); the core's when not given."""
    policies = dict(DEFAULT_POLICIES if defaults is None else defaults)
    for name, windows in parse_overrides(overrides, policies).items():
        policies[name] = replace(policies[name], windows=windows, new_member_windows=())
    return policies


@dataclass
class PolicyRow:
    """For the README and the docs page: a policy as a person reads it."""

    name: str
    key: str
    windows: str
    new_member: str
    exempt: str
    description: str = field(default="")


def policy_table_markdown(policies: Mapping[str, Policy] | None = None) -> str:
    """The table the README shows (a test keeps the two the same)."""
    lines = [
        "| policy | counted | limit | a member's first day | exempt |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in policy_table(policies):
        lines.append(
            f"| `{r.name}` | {r.description} | {r.windows} | {r.new_member} | {r.exempt} |"
        )
    return "\n".join(lines)


def policy_table(policies: Mapping[str, Policy] | None = None) -> list[PolicyRow]:
    rows = []
    for p in (policies or DEFAULT_POLICIES).values():
        rows.append(
            PolicyRow(
                p.name,
                p.key,
                " and ".join(map(str, p.windows)),
                " and ".join(map(str, p.new_member_windows)) or "same",
                ", ".join(p.exempt_roles) or "nobody",
                p.description,
            )
        )
    return rows
