"""The curated resource directory (workshops, retreats, groups, professionals, hotlines)."""

from forum.ratelimit import DAY, HOUR, DEFAULT_POLICIES, Policy, Window

# Suggestions land in the moderators' queue: keep one member from flooding it.
# Registered here (not in forum.ratelimit) so the policy lives with its feature; like
# any policy it can be overridden with CROSSROADS_RATE_LIMITS=resource_suggestion=N/Ss.
DEFAULT_POLICIES.setdefault(
    "resource_suggestion",
    Policy(
        "resource_suggestion",
        (Window(5, HOUR), Window(20, DAY)),
        description="resource suggestions per member",
    ),
)
