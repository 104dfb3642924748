"""One contract, both backends: what a policy admits, refuses and reports."""

from __future__ import annotations

import asyncio

from forum.ratelimit import Policy, Window


def policy(*windows: tuple[int, int], name: str = "post_create") -> Policy:
    return Policy(name, tuple(Window(limit, seconds) for limit, seconds in windows))


async def test_admits_exactly_the_limit_then_refuses(limiter):
    p = policy((3, 60))
    decisions = [await limiter.hit(p, "u:1") for _ in range(5)]
    assert [d.allowed for d in decisions] == [True, True, True, False, False]
    assert [d.remaining for d in decisions] == [2, 1, 0, 0, 0]
    assert all(d.retry_after == 0 for d in decisions[:3])
    assert all(1 <= d.retry_after <= 60 for d in decisions[3:])
    assert decisions[2].limit == 3 and 1 <= decisions[2].reset_after <= 60


async def test_test_does_not_spend(limiter):
    p = policy((2, 60))
    for _ in range(5):
        assert (await limiter.test(p, "u:1")).allowed
    await limiter.hit(p, "u:1")
    await limiter.hit(p, "u:1")
    probe = await limiter.test(p, "u:1")
    assert not probe.allowed and probe.retry_after >= 1


async def test_keys_and_policies_are_separate(limiter):
    p, q = policy((1, 60)), policy((1, 60), name="report")
    assert (await limiter.hit(p, "u:1")).allowed
    assert not (await limiter.hit(p, "u:1")).allowed
    assert (await limiter.hit(p, "u:2")).allowed
    assert (await limiter.hit(q, "u:1")).allowed


async def test_stacked_windows_refuse_all_or_nothing(limiter):
    # 2 a minute and 3 an hour: the hourly refusal must not eat into the minute's allowance.
    p = policy((2, 60), (3, 3600))
    results = [(await limiter.hit(p, "u:1")).allowed for _ in range(3)]
    assert results == [True, True, False]  # the minute window refuses the third
    refused = await limiter.hit(p, "u:1")
    assert not refused.allowed
    states = {s.window.seconds: s for s in refused.windows}
    assert states[60].remaining == 0 and states[3600].remaining == 1  # nothing spent by refusals


async def test_concurrent_hits_in_one_process_admit_exactly_the_limit(limiter):
    p = policy((7, 60))
    decisions = await asyncio.gather(*(limiter.hit(p, "u:9") for _ in range(50)))
    assert sum(d.allowed for d in decisions) == 7


async def test_clear_restores_the_allowance(limiter):
    p = policy((1, 60))
    await limiter.hit(p, "u:1")
    assert not (await limiter.hit(p, "u:1")).allowed
    await limiter.clear(p, "u:1")
    assert (await limiter.hit(p, "u:1")).allowed


async def test_refund_gives_back_exactly_the_entry_it_spent(limiter, clock):
    # Reserve-then-refund (sign-in: reserved before the password check, given back on success).
    p = policy((3, 60), (5, 3600))
    spent = await limiter.hit(p, "ip:1")
    assert spent.allowed and spent.remaining == 2
    for _ in range(20):  # twenty successes in a row: none of them uses anything up
        d = await limiter.hit(p, "ip:1")
        assert d.allowed and d.remaining == 1
        await limiter.refund(p, "ip:1", d)
    assert (await limiter.test(p, "ip:1")).remaining == 2
    await limiter.refund(p, "ip:1", d)  # given back twice: still one entry's worth, never more
    assert (await limiter.test(p, "ip:1")).remaining == 2
    clock.advance(1)
    await limiter.hit(p, "ip:1")
    await limiter.hit(p, "ip:1")
    refused = await limiter.hit(p, "ip:1")
    assert not refused.allowed and refused.receipt is None
    await limiter.refund(p, "ip:1", refused)  # a refusal spent nothing, so gives nothing back
    assert not (await limiter.test(p, "ip:1")).allowed
    await limiter.refund(p, "ip:1", spent)  # the first entry, not the newest, leaves
    assert (await limiter.test(p, "ip:1")).remaining == 1


async def test_refunds_racing_hits_stay_exact(limiter):
    p = policy((10, 60))

    async def reserve_and_give_back() -> bool:
        d = await limiter.hit(p, "ip:2")
        if d.allowed:
            await limiter.refund(p, "ip:2", d)
        return d.allowed

    results = await asyncio.gather(*(reserve_and_give_back() for _ in range(50)))
    assert results.count(True) >= 10
    assert (await limiter.test(p, "ip:2")).remaining == 10
